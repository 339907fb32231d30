//! Loops and their rounds. Every read takes the circle id too, so a loop is only ever found
//! through the circle it belongs to.

use super::{in_transaction, on_pool, Store, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LoopRow {
    pub id: String,
    pub circle_id: String,
    pub template_id: String,
    pub time_zone: String,
    pub start_local: String,
    pub max_minutes_per_day: i64,
    pub seed: i64,
    pub relaxed_json: String,
    pub created_by: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RoundRow {
    pub id: String,
    pub loop_id: String,
    pub position: i64,
    pub round_kind: String,
    pub interviewee_id: String,
    pub interviewer_id: Option<String>,
    pub shadow_id: Option<String>,
    pub question_id: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub feedback_ends_at: i64,
}

/// A new loop with its participants (in order) and rounds.
#[derive(Debug)]
pub struct NewLoop {
    pub row: LoopRow,
    pub participant_ids: Vec<String>,
    pub rounds: Vec<RoundRow>,
}

/// Inserts a `NewLoop` (the loop, its participants in order, its rounds) within the transaction
/// `$tx`; shared by planning a loop and forming a matched group, which also creates its circle.
macro_rules! insert_loop {
    ($tx:ident, $new:expr) => {{
        let new: &$crate::store::loops::NewLoop = $new;
        let row = &new.row;
        sqlx::query(&format!(
            "INSERT INTO loops ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            $crate::store::loops::LOOP_COLUMNS
        ))
        .bind(&row.id)
        .bind(&row.circle_id)
        .bind(&row.template_id)
        .bind(&row.time_zone)
        .bind(&row.start_local)
        .bind(row.max_minutes_per_day)
        .bind(row.seed)
        .bind(&row.relaxed_json)
        .bind(&row.created_by)
        .bind(row.created_at)
        .execute(&mut *$tx)
        .await?;
        for (position, user_id) in new.participant_ids.iter().enumerate() {
            sqlx::query("INSERT INTO loop_participants (loop_id, user_id, position) VALUES ($1, $2, $3)")
                .bind(&row.id)
                .bind(user_id)
                .bind(position as i64)
                .execute(&mut *$tx)
                .await?;
        }
        let round_sql = format!(
            "INSERT INTO loop_rounds ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            $crate::store::loops::ROUND_COLUMNS
        );
        for round in &new.rounds {
            sqlx::query(&round_sql)
                .bind(&round.id)
                .bind(&round.loop_id)
                .bind(round.position)
                .bind(&round.round_kind)
                .bind(&round.interviewee_id)
                .bind(&round.interviewer_id)
                .bind(&round.shadow_id)
                .bind(&round.question_id)
                .bind(round.starts_at)
                .bind(round.ends_at)
                .bind(round.feedback_ends_at)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}
pub(crate) use insert_loop;

pub(crate) const LOOP_COLUMNS: &str =
    "id, circle_id, template_id, time_zone, start_local, max_minutes_per_day, seed, \
                            relaxed_json, created_by, created_at";
pub(crate) const ROUND_COLUMNS: &str =
    "id, loop_id, position, round_kind, interviewee_id, interviewer_id, shadow_id, \
                             question_id, starts_at, ends_at, feedback_ends_at";

impl Store {
    #[tracing::instrument(skip_all)]
    pub async fn create_loop(&self, new: &NewLoop) -> StoreResult<()> {
        in_transaction!(self, |tx| insert_loop!(tx, new));
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    pub async fn loops_of_circle(&self, circle_id: &str) -> StoreResult<Vec<LoopRow>> {
        let sql =
            format!("SELECT {LOOP_COLUMNS} FROM loops WHERE circle_id = $1 ORDER BY created_at DESC, id");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql).bind(circle_id).fetch_all(pool).await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn loop_in_circle(&self, circle_id: &str, loop_id: &str) -> StoreResult<Option<LoopRow>> {
        let sql = format!("SELECT {LOOP_COLUMNS} FROM loops WHERE id = $1 AND circle_id = $2");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(loop_id)
            .bind(circle_id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Participant user ids of a loop, in planning order.
    #[tracing::instrument(skip_all)]
    pub async fn loop_participants(&self, loop_id: &str) -> StoreResult<Vec<String>> {
        Ok(on_pool!(self, |pool| sqlx::query_scalar(
            "SELECT user_id FROM loop_participants WHERE loop_id = $1 ORDER BY position"
        )
        .bind(loop_id)
        .fetch_all(pool)
        .await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn loop_rounds(&self, loop_id: &str) -> StoreResult<Vec<RoundRow>> {
        let sql = format!("SELECT {ROUND_COLUMNS} FROM loop_rounds WHERE loop_id = $1 ORDER BY position");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql).bind(loop_id).fetch_all(pool).await)?)
    }

    /// Question ids a user has met in any loop, as interviewee, interviewer or shadow.
    #[tracing::instrument(skip_all)]
    pub async fn questions_seen_by(&self, user_id: &str) -> StoreResult<Vec<String>> {
        Ok(on_pool!(self, |pool| sqlx::query_scalar(
            "SELECT DISTINCT question_id FROM loop_rounds \
             WHERE interviewee_id = $1 OR interviewer_id = $1 OR shadow_id = $1"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await)?)
    }

    /// Upcoming rounds (not yet over) a user takes part in, across their circles.
    #[tracing::instrument(skip_all)]
    pub async fn upcoming_rounds_of(&self, user_id: &str, now: i64) -> StoreResult<Vec<UpcomingRound>> {
        let sql = "SELECT r.id, r.loop_id, r.position, r.round_kind, r.interviewee_id, r.interviewer_id, r.shadow_id, \
                          r.question_id, r.starts_at, r.ends_at, r.feedback_ends_at, l.circle_id, l.time_zone \
                   FROM loop_rounds r JOIN loops l ON l.id = r.loop_id \
                   JOIN circle_members m ON m.circle_id = l.circle_id AND m.user_id = $1 \
                   WHERE (r.interviewee_id = $1 OR r.interviewer_id = $1 OR r.shadow_id = $1) AND r.feedback_ends_at > $2 \
                   ORDER BY r.starts_at LIMIT 20";
        Ok(on_pool!(self, |pool| sqlx::query_as(sql).bind(user_id).bind(now).fetch_all(pool).await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn set_round_question(&self, round_id: &str, question_id: &str) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("UPDATE loop_rounds SET question_id = $1 WHERE id = $2")
            .bind(question_id)
            .bind(round_id)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    pub async fn set_round_people(
        &self,
        round_id: &str,
        interviewer_id: Option<&str>,
        shadow_id: Option<&str>,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query(
            "UPDATE loop_rounds SET interviewer_id = $1, shadow_id = $2 WHERE id = $3"
        )
        .bind(interviewer_id)
        .bind(shadow_id)
        .bind(round_id)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }
}

/// A round on someone's dashboard, with where it belongs and the zone to show it in.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UpcomingRound {
    #[sqlx(flatten)]
    pub round: RoundRow,
    pub circle_id: String,
    pub time_zone: String,
}
