//! Browser sessions. The cookie carries a random token; the database keeps only its hash.

use super::{on_pool, users::UserRow, Store, StoreResult};

impl Store {
    #[tracing::instrument(skip_all)]
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)"
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The signed-in user for a session token hash, if the session exists and has not expired.
    #[tracing::instrument(skip_all)]
    pub async fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<UserRow>> {
        let sql = "SELECT u.id, u.email, u.display_name, u.password_hash, u.is_admin, u.created_at \
                   FROM sessions s JOIN users u ON u.id = s.user_id \
                   WHERE s.token_hash = $1 AND s.expires_at > $2";
        Ok(on_pool!(self, |pool| sqlx::query_as(sql).bind(token_hash).bind(now).fetch_optional(pool).await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Ends every session of a user except the one given (after a password change).
    #[tracing::instrument(skip_all)]
    pub async fn delete_other_sessions(&self, user_id: &str, keep_token_hash: &str) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep_token_hash)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Removes expired sessions and stale sign-in failures; run periodically by the server.
    #[tracing::instrument(skip_all)]
    pub async fn purge_expired(&self, now: i64, failures_older_than: i64) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(pool).await?;
            sqlx::query("DELETE FROM sign_in_failures WHERE failed_at < $1")
                .bind(failures_older_than)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }
}
