//! Feedback after a round: givers' forms, self-assessments, item threads, thanks and takeaways.
//! Forms and assessments are stored as JSON documents of `mockloop_core::exchange` types; reads
//! always name the round, which callers reach through its circle.

use super::{in_transaction, on_pool, Store, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FormRow {
    pub id: String,
    pub round_id: String,
    pub giver_id: String,
    pub giver_role: String,
    pub draft_json: String,
    pub confirmed_json: String,
    pub submitted_at: Option<i64>,
    pub released_at: Option<i64>,
    pub updated_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SelfAssessmentRow {
    pub round_id: String,
    pub user_id: String,
    pub body_json: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MessageRow {
    pub id: String,
    pub form_id: String,
    pub item_id: String,
    pub author_id: String,
    pub body: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReactionRow {
    pub form_id: String,
    pub item_id: String,
    pub thanked_at: Option<i64>,
    pub takeaway: Option<String>,
    pub kept_at: Option<i64>,
}

/// A kept takeaway with the round it came from.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TakeawayRow {
    pub takeaway: String,
    pub kept_at: i64,
    pub round_id: String,
    pub round_kind: String,
    pub starts_at: i64,
    pub loop_id: String,
    pub circle_id: String,
}

const FORM_COLUMNS: &str =
    "id, round_id, giver_id, giver_role, draft_json, confirmed_json, submitted_at, released_at, updated_at";

impl Store {
    #[tracing::instrument(skip_all)]
    pub async fn form_of(&self, round_id: &str, giver_id: &str) -> StoreResult<Option<FormRow>> {
        let sql = format!("SELECT {FORM_COLUMNS} FROM feedback_forms WHERE round_id = $1 AND giver_id = $2");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(round_id)
            .bind(giver_id)
            .fetch_optional(pool)
            .await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn forms_of_round(&self, round_id: &str) -> StoreResult<Vec<FormRow>> {
        let sql =
            format!("SELECT {FORM_COLUMNS} FROM feedback_forms WHERE round_id = $1 ORDER BY giver_role, id");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql).bind(round_id).fetch_all(pool).await)?)
    }

    /// Saves a draft, creating the form on first save. A submitted form is not changed: the
    /// result says whether the draft was written.
    #[tracing::instrument(skip_all)]
    pub async fn save_draft(&self, form: &FormRow) -> StoreResult<bool> {
        let written = on_pool!(self, |pool| {
            sqlx::query(
            "INSERT INTO feedback_forms (id, round_id, giver_id, giver_role, draft_json, confirmed_json, updated_at) \
             VALUES ($1, $2, $3, $4, $5, '[]', $6) \
             ON CONFLICT (round_id, giver_id) DO UPDATE SET draft_json = excluded.draft_json, \
             giver_role = excluded.giver_role, updated_at = excluded.updated_at \
             WHERE feedback_forms.submitted_at IS NULL"
        )
        .bind(&form.id)
        .bind(&form.round_id)
        .bind(&form.giver_id)
        .bind(&form.giver_role)
        .bind(&form.draft_json)
        .bind(form.updated_at)
        .execute(pool)
        .await
        .map(|done| done.rows_affected())
        })?;
        Ok(written > 0)
    }

    /// Submits a draft with the problems its giver confirmed; false when already submitted.
    #[tracing::instrument(skip_all)]
    pub async fn submit_form(
        &self,
        form_id: &str,
        draft_json: &str,
        confirmed_json: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let written = on_pool!(self, |pool| {
            sqlx::query(
            "UPDATE feedback_forms SET draft_json = $1, confirmed_json = $2, submitted_at = $3, updated_at = $3 \
             WHERE id = $4 AND submitted_at IS NULL"
        )
        .bind(draft_json)
        .bind(confirmed_json)
        .bind(now)
        .bind(form_id)
        .execute(pool)
        .await
        .map(|done| done.rows_affected())
        })?;
        Ok(written > 0)
    }

    #[tracing::instrument(skip_all)]
    pub async fn release_form(&self, form_id: &str, now: i64) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query(
            "UPDATE feedback_forms SET released_at = $1 WHERE id = $2 AND released_at IS NULL"
        )
        .bind(now)
        .bind(form_id)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    pub async fn self_assessment(
        &self,
        round_id: &str,
        user_id: &str,
    ) -> StoreResult<Option<SelfAssessmentRow>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT round_id, user_id, body_json, created_at FROM self_assessments WHERE round_id = $1 AND user_id = $2"
        )
        .bind(round_id)
        .bind(user_id)
        .fetch_optional(pool)
        .await
        })?)
    }

    /// Stores the candidate's self-assessment once; false when one already exists (it is the
    /// view before any feedback, so it is not edited afterwards).
    #[tracing::instrument(skip_all)]
    pub async fn create_self_assessment(&self, row: &SelfAssessmentRow) -> StoreResult<bool> {
        let written = on_pool!(self, |pool| sqlx::query(
            "INSERT INTO self_assessments (round_id, user_id, body_json, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (round_id, user_id) DO NOTHING"
        )
        .bind(&row.round_id)
        .bind(&row.user_id)
        .bind(&row.body_json)
        .bind(row.created_at)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
        Ok(written > 0)
    }

    /// Every self-assessment a user gave, oldest round first, with the round's start.
    #[tracing::instrument(skip_all)]
    pub async fn self_assessments_of(&self, user_id: &str) -> StoreResult<Vec<(SelfAssessmentRow, i64)>> {
        let rows: Vec<(String, String, String, i64, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT s.round_id, s.user_id, s.body_json, s.created_at, r.starts_at FROM self_assessments s \
             JOIN loop_rounds r ON r.id = s.round_id WHERE s.user_id = $1 ORDER BY r.starts_at"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(round_id, user_id, body_json, created_at, starts_at)| {
                (SelfAssessmentRow { round_id, user_id, body_json, created_at }, starts_at)
            })
            .collect())
    }

    #[tracing::instrument(skip_all)]
    pub async fn messages_of_form(&self, form_id: &str) -> StoreResult<Vec<MessageRow>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(
            "SELECT id, form_id, item_id, author_id, body, created_at FROM feedback_messages \
             WHERE form_id = $1 ORDER BY created_at, id"
        )
        .bind(form_id)
        .fetch_all(pool)
        .await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn add_message(&self, message: &MessageRow) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
            "INSERT INTO feedback_messages (id, form_id, item_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)"
        )
        .bind(&message.id)
        .bind(&message.form_id)
        .bind(&message.item_id)
        .bind(&message.author_id)
        .bind(&message.body)
        .bind(message.created_at)
        .execute(pool)
        .await
        .map(|_| ())
        })?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    pub async fn reactions_of(&self, form_id: &str, user_id: &str) -> StoreResult<Vec<ReactionRow>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT form_id, item_id, thanked_at, takeaway, kept_at FROM feedback_reactions WHERE form_id = $1 AND user_id = $2"
        )
        .bind(form_id)
        .bind(user_id)
        .fetch_all(pool)
        .await
        })?)
    }

    /// Records thanks, or keeps a takeaway (replacing an earlier one), on one item.
    #[tracing::instrument(skip_all)]
    pub async fn react(
        &self,
        form_id: &str,
        item_id: &str,
        user_id: &str,
        takeaway: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        in_transaction!(self, |tx| {
            sqlx::query(
                "INSERT INTO feedback_reactions (form_id, item_id, user_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (form_id, item_id, user_id) DO NOTHING",
            )
            .bind(form_id)
            .bind(item_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            let update = match takeaway {
                None => "UPDATE feedback_reactions SET thanked_at = $1 WHERE form_id = $2 AND item_id = $3 AND user_id = $4",
                Some(_) => "UPDATE feedback_reactions SET kept_at = $1, takeaway = $5 WHERE form_id = $2 AND item_id = $3 AND user_id = $4",
            };
            sqlx::query(update)
                .bind(now)
                .bind(form_id)
                .bind(item_id)
                .bind(user_id)
                .bind(takeaway.unwrap_or_default())
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// The candidate's kept takeaways across every round, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn takeaways_of(&self, user_id: &str) -> StoreResult<Vec<TakeawayRow>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT x.takeaway, x.kept_at, r.id AS round_id, r.round_kind, r.starts_at, l.id AS loop_id, l.circle_id \
             FROM feedback_reactions x JOIN feedback_forms f ON f.id = x.form_id \
             JOIN loop_rounds r ON r.id = f.round_id JOIN loops l ON l.id = r.loop_id \
             WHERE x.user_id = $1 AND x.takeaway IS NOT NULL ORDER BY x.kept_at DESC"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
        })?)
    }
}

/// A submitted form with the start and kind of its round.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CandidateFormRow {
    #[sqlx(flatten)]
    pub form: FormRow,
    pub starts_at: i64,
    pub round_kind: String,
}

impl Store {
    /// Submitted forms on rounds where the user was the candidate, oldest round first.
    #[tracing::instrument(skip_all)]
    pub async fn submitted_forms_for_candidate(&self, user_id: &str) -> StoreResult<Vec<CandidateFormRow>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT f.id, f.round_id, f.giver_id, f.giver_role, f.draft_json, f.confirmed_json, f.submitted_at, \
             f.released_at, f.updated_at, r.starts_at, r.round_kind FROM feedback_forms f \
             JOIN loop_rounds r ON r.id = f.round_id \
             WHERE r.interviewee_id = $1 AND f.submitted_at IS NOT NULL ORDER BY r.starts_at, f.id"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
        })?)
    }
}

/// A submitted form with what a candidate's history needs about its round and giver.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HistoryFormRow {
    pub round_id: String,
    pub round_kind: String,
    pub question_id: String,
    pub starts_at: i64,
    pub time_zone: String,
    pub giver_role: String,
    pub giver_name: String,
    pub draft_json: String,
    pub released_at: Option<i64>,
}

impl Store {
    /// Every submitted form on the user's rounds as the candidate, oldest round first, the
    /// interviewer's form before the shadow's.
    #[tracing::instrument(skip_all)]
    pub async fn history_forms(&self, user_id: &str) -> StoreResult<Vec<HistoryFormRow>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT r.id AS round_id, r.round_kind, r.question_id, r.starts_at, l.time_zone, f.giver_role, \
             u.display_name AS giver_name, f.draft_json, f.released_at FROM feedback_forms f \
             JOIN loop_rounds r ON r.id = f.round_id JOIN loops l ON l.id = r.loop_id \
             JOIN users u ON u.id = f.giver_id \
             WHERE r.interviewee_id = $1 AND f.submitted_at IS NOT NULL ORDER BY r.starts_at, r.id, f.giver_role"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
        })?)
    }
}
