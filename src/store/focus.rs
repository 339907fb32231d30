//! A candidate's focus areas, the ticks of their practice plan, and the links that share the focus
//! areas with a partner outside mockloop.

use super::{in_transaction, on_pool, Store, StoreResult};

impl Store {
    #[tracing::instrument(skip_all)]
    pub async fn focus_areas_of(&self, user_id: &str) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = on_pool!(self, |pool| sqlx::query_as(
            "SELECT theme_id FROM focus_areas WHERE user_id = $1 ORDER BY position"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(|(theme,)| theme).collect())
    }

    /// Replaces a user's focus areas (at most two, checked by the caller).
    #[tracing::instrument(skip_all)]
    pub async fn set_focus_areas(&self, user_id: &str, themes: &[String], now: i64) -> StoreResult<()> {
        in_transaction!(self, |tx| {
            sqlx::query("DELETE FROM focus_areas WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            for (position, theme) in themes.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO focus_areas (user_id, theme_id, position, set_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(user_id)
                .bind(theme)
                .bind(position as i64)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        });
        Ok(())
    }
}

impl Store {
    /// The keys of the plan lines a user ticked for one focus area.
    #[tracing::instrument(skip_all)]
    pub async fn practice_ticks(&self, user_id: &str) -> StoreResult<Vec<(String, String)>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(
            "SELECT theme_id, item_key FROM practice_ticks WHERE user_id = $1 ORDER BY theme_id, item_key"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn set_practice_tick(
        &self,
        user_id: &str,
        theme_id: &str,
        item_key: &str,
        done: bool,
        now: i64,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let query = if done {
                sqlx::query(
                    "INSERT INTO practice_ticks (user_id, theme_id, item_key, ticked_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (user_id, theme_id, item_key) DO NOTHING",
                )
                .bind(user_id)
                .bind(theme_id)
                .bind(item_key)
                .bind(now)
            } else {
                sqlx::query(
                    "DELETE FROM practice_ticks WHERE user_id = $1 AND theme_id = $2 AND item_key = $3",
                )
                .bind(user_id)
                .bind(theme_id)
                .bind(item_key)
            };
            query.execute(pool).await.map(|_| ())
        })?;
        Ok(())
    }

    /// Replaces the user's share link: only the newest one works.
    #[tracing::instrument(skip_all)]
    pub async fn replace_focus_share(&self, user_id: &str, token_hash: &str, now: i64) -> StoreResult<()> {
        in_transaction!(self, |tx| {
            sqlx::query("DELETE FROM focus_shares WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO focus_shares (token_hash, user_id, created_at) VALUES ($1, $2, $3)")
                .bind(token_hash)
                .bind(user_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// The user a share token belongs to.
    #[tracing::instrument(skip_all)]
    pub async fn focus_share_owner(&self, token_hash: &str) -> StoreResult<Option<String>> {
        let row: Option<(String,)> =
            on_pool!(self, |pool| sqlx::query_as("SELECT user_id FROM focus_shares WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(pool)
                .await)?;
        Ok(row.map(|(user,)| user))
    }
}
