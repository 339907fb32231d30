//! In-app notifications (feedback arrived, a question asked or answered).

use super::{on_pool, Store, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: String,
    pub message: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

impl Store {
    #[tracing::instrument(skip_all)]
    pub async fn add_notification(
        &self,
        id: &str,
        user_id: &str,
        message: &str,
        link: &str,
        now: i64,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query(
            "INSERT INTO notifications (id, user_id, message, link, created_at) VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(id)
        .bind(user_id)
        .bind(message)
        .bind(link)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// A user's latest notifications, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn notifications_of(&self, user_id: &str, limit: i64) -> StoreResult<Vec<NotificationRow>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(
            "SELECT id, message, link, created_at, read_at FROM notifications WHERE user_id = $1 \
             ORDER BY created_at DESC, id DESC LIMIT $2"
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(pool)
        .await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn unread_notifications(&self, user_id: &str) -> StoreResult<i64> {
        let (count,): (i64,) = on_pool!(self, |pool| sqlx::query_as(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL"
        )
        .bind(user_id)
        .fetch_one(pool)
        .await)?;
        Ok(count)
    }

    /// Marks one of the user's notifications read, or all of them when `id` is None.
    #[tracing::instrument(skip_all)]
    pub async fn mark_notifications_read(
        &self,
        user_id: &str,
        id: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
            "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 IS NULL OR id = $3)"
        )
        .bind(now)
        .bind(user_id)
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ())
        })?;
        Ok(())
    }
}
