//! Personal API tokens, sent as `Authorization: Bearer`. Only their hashes are stored.

use super::{on_pool, users::UserRow, Store, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

impl Store {
    #[tracing::instrument(skip_all)]
    pub async fn create_api_token(
        &self,
        id: &str,
        user_id: &str,
        name: &str,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<ApiTokenRow> {
        on_pool!(self, |pool| sqlx::query(
            "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(id)
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(ApiTokenRow {
            id: id.to_owned(),
            user_id: user_id.to_owned(),
            name: name.to_owned(),
            created_at: now,
            last_used_at: None,
        })
    }

    #[tracing::instrument(skip_all)]
    pub async fn api_tokens_of(&self, user_id: &str) -> StoreResult<Vec<ApiTokenRow>> {
        let sql = "SELECT id, user_id, name, created_at, last_used_at FROM api_tokens \
                   WHERE user_id = $1 ORDER BY created_at DESC, id";
        Ok(on_pool!(self, |pool| sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)?)
    }

    /// Deletes a token of this user; returns whether one was deleted.
    #[tracing::instrument(skip_all)]
    pub async fn revoke_api_token(&self, user_id: &str, token_id: &str) -> StoreResult<bool> {
        let result =
            on_pool!(self, |pool| sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2")
                .bind(token_id)
                .bind(user_id)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()))?;
        Ok(result > 0)
    }

    /// The owner of a token, recording the use.
    #[tracing::instrument(skip_all)]
    pub async fn api_token_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<UserRow>> {
        let sql = "SELECT u.id, u.email, u.display_name, u.password_hash, u.is_admin, u.created_at \
                   FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1";
        let user: Option<UserRow> =
            on_pool!(self, |pool| sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await)?;
        if user.is_some() {
            on_pool!(self, |pool| sqlx::query(
                "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2"
            )
            .bind(now)
            .bind(token_hash)
            .execute(pool)
            .await
            .map(|_| ()))?;
        }
        Ok(user)
    }
}
