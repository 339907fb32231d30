//! The matching pool's entries, no-show reports, and the schedule's next run (one instance
//! claims each run by moving it forward). Proposals and answers are in `proposals.rs`.

use super::{on_pool, Store, StoreResult};

/// A pool entry as stored; list fields are JSON arrays.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PoolEntryRow {
    pub user_id: String,
    pub track: String,
    pub level: String,
    pub time_zone: String,
    pub availability_json: String,
    pub group_size: String,
    pub wants_json: String,
    pub ready_json: String,
    pub focus_json: String,
    pub rematch_json: String,
    pub status: String,
    pub waiting_since: i64,
    pub priority: i64,
    pub joined_at: i64,
    pub updated_at: i64,
    /// Why the last run left this person out.
    pub note: Option<String>,
}

const SAVED_COLUMNS: &str = "user_id, track, level, time_zone, availability_json, group_size, wants_json, \
                             ready_json, focus_json, rematch_json, status, waiting_since, priority, joined_at, updated_at";
const ENTRY_COLUMNS: &str = "user_id, track, level, time_zone, availability_json, group_size, wants_json, \
                             ready_json, focus_json, rematch_json, status, waiting_since, priority, joined_at, updated_at, note";

impl Store {
    /// Joins the pool or updates the caller's entry. Someone whose last group was formed rejoins
    /// and waits afresh; an entry in a proposal keeps its status.
    #[tracing::instrument(skip_all)]
    pub async fn save_pool_entry(&self, entry: &PoolEntryRow) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO pool_entries ({SAVED_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
             ON CONFLICT (user_id) DO UPDATE SET track = excluded.track, level = excluded.level, \
             time_zone = excluded.time_zone, availability_json = excluded.availability_json, \
             group_size = excluded.group_size, wants_json = excluded.wants_json, ready_json = excluded.ready_json, \
             focus_json = excluded.focus_json, rematch_json = excluded.rematch_json, updated_at = excluded.updated_at, \
             waiting_since = CASE WHEN pool_entries.status = 'matched' THEN excluded.waiting_since ELSE pool_entries.waiting_since END, \
             status = CASE WHEN pool_entries.status = 'matched' THEN 'active' ELSE pool_entries.status END"
        );
        on_pool!(self, |pool| sqlx::query(&sql)
            .bind(&entry.user_id)
            .bind(&entry.track)
            .bind(&entry.level)
            .bind(&entry.time_zone)
            .bind(&entry.availability_json)
            .bind(&entry.group_size)
            .bind(&entry.wants_json)
            .bind(&entry.ready_json)
            .bind(&entry.focus_json)
            .bind(&entry.rematch_json)
            .bind(&entry.status)
            .bind(entry.waiting_since)
            .bind(entry.priority)
            .bind(entry.joined_at)
            .bind(entry.updated_at)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    pub async fn pool_entry(&self, user_id: &str) -> StoreResult<Option<PoolEntryRow>> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM pool_entries WHERE user_id = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql).bind(user_id).fetch_optional(pool).await)?)
    }

    /// Entries the next run groups, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn active_pool_entries(&self) -> StoreResult<Vec<PoolEntryRow>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM pool_entries WHERE status = 'active' ORDER BY waiting_since, user_id"
        );
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await)?)
    }

    /// Moves the caller's entry from `from` to `to`; false when it was not in `from`.
    #[tracing::instrument(skip_all)]
    pub async fn move_pool_entry(&self, user_id: &str, from: &str, to: &str, now: i64) -> StoreResult<bool> {
        let done = on_pool!(self, |pool| sqlx::query(
            "UPDATE pool_entries SET status = $1, updated_at = $2 WHERE user_id = $3 AND status = $4"
        )
        .bind(to)
        .bind(now)
        .bind(user_id)
        .bind(from)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
        Ok(done == 1)
    }

    #[tracing::instrument(skip_all)]
    pub async fn delete_pool_entry(&self, user_id: &str) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("DELETE FROM pool_entries WHERE user_id = $1")
            .bind(user_id)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Pairs of people who shared a loop created since `since` (both directions).
    #[tracing::instrument(skip_all)]
    pub async fn recent_partner_pairs(&self, since: i64) -> StoreResult<Vec<(String, String)>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(
            "SELECT DISTINCT a.user_id, b.user_id FROM loop_participants a \
             JOIN loop_participants b ON b.loop_id = a.loop_id AND b.user_id <> a.user_id \
             JOIN loops l ON l.id = a.loop_id WHERE l.created_at >= $1"
        )
        .bind(since)
        .fetch_all(pool)
        .await)?)
    }

    /// Rounds each person was reported absent from since `since`.
    #[tracing::instrument(skip_all)]
    pub async fn no_show_counts(&self, since: i64) -> StoreResult<Vec<(String, i64)>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT absent_id, COUNT(DISTINCT round_id) FROM no_show_reports WHERE created_at >= $1 GROUP BY absent_id"
        )
        .bind(since)
        .fetch_all(pool)
        .await
        })?)
    }

    /// Records a no-show; false when the same person already reported it.
    #[tracing::instrument(skip_all)]
    pub async fn report_no_show(
        &self,
        round_id: &str,
        reporter_id: &str,
        absent_id: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let added = on_pool!(self, |pool| {
            sqlx::query(
            "INSERT INTO no_show_reports (round_id, reporter_id, absent_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING"
        )
        .bind(round_id)
        .bind(reporter_id)
        .bind(absent_id)
        .bind(now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected())
        })?;
        Ok(added == 1)
    }

    /// Whom `reporter_id` reported absent from a round.
    #[tracing::instrument(skip_all)]
    pub async fn no_shows_reported_by(&self, round_id: &str, reporter_id: &str) -> StoreResult<Vec<String>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar(
            "SELECT absent_id FROM no_show_reports WHERE round_id = $1 AND reporter_id = $2 ORDER BY absent_id"
        )
        .bind(round_id)
        .bind(reporter_id)
        .fetch_all(pool)
        .await
        })?)
    }

    /// When the next scheduled matching run is due, if one is set.
    pub async fn next_match_run(&self) -> StoreResult<Option<i64>> {
        Ok(self.setting(NEXT_MATCH_RUN).await?.and_then(|text| text.parse().ok()))
    }

    /// Moves the next run from `expected` to `next`; false when another instance moved it first,
    /// so exactly one instance runs each scheduled matching.
    pub async fn claim_match_run(&self, expected: Option<i64>, next: i64) -> StoreResult<bool> {
        let next = next.to_string();
        let changed = match expected {
            None => on_pool!(self, |pool| sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING"
            )
            .bind(NEXT_MATCH_RUN)
            .bind(&next)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))?,
            Some(expected) => on_pool!(self, |pool| sqlx::query(
                "UPDATE settings SET value = $1 WHERE key = $2 AND value = $3"
            )
            .bind(&next)
            .bind(NEXT_MATCH_RUN)
            .bind(expected.to_string())
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))?,
        };
        Ok(changed == 1)
    }
}

pub const NEXT_MATCH_RUN: &str = "next_match_run";
