//! Instance-wide settings kept as key/value pairs: the cookie-signing key and the sign-up mode.

use super::{on_pool, Store, StoreResult};

pub const COOKIE_KEY: &str = "cookie_key";
pub const SIGNUP_MODE: &str = "signup_mode";

impl Store {
    pub async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(on_pool!(self, |pool| sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn put_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        .bind(key)
        .bind(value)
        .execute(pool)
        .await
        .map(|_| ())
        })?;
        Ok(())
    }

    /// Stores `value` under `key` unless a value is already there, and returns the value that won.
    /// Two instances starting at once on one database therefore agree on the same cookie key.
    pub async fn setting_or_insert(&self, key: &str, value: &str) -> StoreResult<String> {
        on_pool!(self, |pool| sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING"
        )
        .bind(key)
        .bind(value)
        .execute(pool)
        .await
        .map(|_| ()))?;
        self.setting(key)
            .await?
            .ok_or_else(|| super::StoreError::Corrupt(format!("setting {key} vanished after insert")))
    }
}
