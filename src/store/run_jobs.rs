//! The run-job queue that `mockloop worker` processes drain. Claiming uses PostgreSQL's
//! `FOR UPDATE SKIP LOCKED`, so any number of workers on any number of machines take distinct
//! jobs without blocking each other. (SQLite deployments run code in the server instead.)

use super::{on_pool, Store, StoreError, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RunJobRow {
    pub id: String,
    pub question_id: String,
    pub code: String,
    pub scope: String,
}

impl Store {
    #[tracing::instrument(skip_all)]
    pub async fn enqueue_run(
        &self,
        id: &str,
        user_id: &str,
        question_id: &str,
        code: &str,
        scope: &str,
        now: i64,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query(
            "INSERT INTO run_jobs (id, user_id, question_id, code, scope, state, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'queued', $6)"
        )
        .bind(id)
        .bind(user_id)
        .bind(question_id)
        .bind(code)
        .bind(scope)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))?;
        if let Self::Postgres(pool) = self {
            sqlx::query("SELECT pg_notify('mockloop_run_jobs', $1)").bind(id).execute(pool).await?;
        }
        Ok(())
    }

    /// Jobs waiting for a worker.
    pub async fn queued_runs(&self) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM run_jobs WHERE state = 'queued'")
            .fetch_one(pool)
            .await)?)
    }

    /// Claims the oldest queued job for `worker`, if any. PostgreSQL only.
    #[tracing::instrument(skip_all)]
    pub async fn claim_run(&self, worker: &str, now: i64) -> StoreResult<Option<RunJobRow>> {
        let Self::Postgres(pool) = self else {
            return Err(StoreError::Corrupt("run workers need PostgreSQL".into()));
        };
        Ok(sqlx::query_as(
            "UPDATE run_jobs SET state = 'running', claimed_at = $2, claimed_by = $1 \
             WHERE id = (SELECT id FROM run_jobs WHERE state = 'queued' ORDER BY created_at, id \
                         FOR UPDATE SKIP LOCKED LIMIT 1) \
             RETURNING id, question_id, code, scope",
        )
        .bind(worker)
        .bind(now)
        .fetch_optional(pool)
        .await?)
    }

    pub async fn finish_run(&self, id: &str, report_json: &str, now: i64) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query(
            "UPDATE run_jobs SET state = 'done', report_json = $2, finished_at = $3 WHERE id = $1"
        )
        .bind(id)
        .bind(report_json)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))?;
        if let Self::Postgres(pool) = self {
            sqlx::query("SELECT pg_notify('mockloop_run_done', $1)").bind(id).execute(pool).await?;
        }
        Ok(())
    }

    /// The finished report of a job, if it is done.
    pub async fn run_report(&self, id: &str) -> StoreResult<Option<String>> {
        let found: Option<Option<String>> = on_pool!(self, |pool| sqlx::query_scalar(
            "SELECT report_json FROM run_jobs WHERE id = $1 AND state = 'done'"
        )
        .bind(id)
        .fetch_optional(pool)
        .await)?;
        Ok(found.flatten())
    }

    /// Puts jobs whose worker vanished (claimed before `stale_before`) back in the queue.
    pub async fn requeue_stale_runs(&self, stale_before: i64) -> StoreResult<u64> {
        Ok(on_pool!(self, |pool| sqlx::query(
            "UPDATE run_jobs SET state = 'queued', claimed_at = NULL, claimed_by = NULL \
             WHERE state = 'running' AND claimed_at < $1"
        )
        .bind(stale_before)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?)
    }

    /// Deletes finished jobs older than `before`; run reports are transient.
    pub async fn purge_finished_runs(&self, before: i64) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("DELETE FROM run_jobs WHERE state = 'done' AND finished_at < $1")
            .bind(before)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
