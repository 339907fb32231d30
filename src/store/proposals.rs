//! The matcher's runs and the groups it proposes, members' answers, and forming a group.
//!
//! A proposal's state changes only inside a transaction that reads every member's answer, so two
//! members answering at once, or an answer racing the deadline, settle it exactly once; forming the
//! circle and its loop is one transaction that also marks the proposal accepted.

use mockloop_core::matching::proposal::{outcomes, state_of, Outcome, ProposalState, Response};

use super::loops::{insert_loop, NewLoop};
use super::{in_transaction, on_pool, Store, StoreError, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProposalRow {
    pub id: String,
    pub run_id: String,
    pub created_at: i64,
    pub deadline: i64,
    pub status: String,
    pub track: String,
    pub score_milli: i64,
    pub common_json: String,
    pub reasons_json: String,
    pub circle_id: Option<String>,
    pub loop_id: Option<String>,
    pub closed_at: Option<i64>,
}

const PROPOSAL_COLUMNS: &str = "p.id, p.run_id, p.created_at, p.deadline, p.status, p.track, p.score_milli, \
                                p.common_json, p.reasons_json, p.circle_id, p.loop_id, p.closed_at";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProposalMemberRow {
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    pub response: String,
    pub responded_at: Option<i64>,
}

/// A group the matcher proposes.
#[derive(Clone, Debug)]
pub struct NewProposal {
    pub id: String,
    pub member_ids: Vec<String>,
    pub track: String,
    pub score_milli: i64,
    pub common_json: String,
    pub reasons_json: String,
}

/// A matching run to store with its proposals.
#[derive(Clone, Debug)]
pub struct NewRun {
    pub id: String,
    pub ran_at: i64,
    pub deadline: i64,
    pub people: i64,
    pub unmatched: i64,
    pub proposals: Vec<NewProposal>,
    /// Why each person left out was left out.
    pub notes: Vec<(String, String)>,
}

/// What answering did, for the caller to tell the members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answered {
    /// The proposal is not open any more (or the caller is not in it): nothing changed.
    NotOpen,
    /// Still waiting for someone.
    Waiting,
    /// Everyone has accepted: the group can be formed.
    AllAccepted,
    /// Closed without a group; each member's outcome, in member order.
    Closed(ProposalState, Vec<(String, Outcome)>),
}

/// A proposal the deadline closed, with each member's outcome.
#[derive(Clone, Debug)]
pub struct Expired {
    pub proposal_id: String,
    pub outcomes: Vec<(String, Outcome)>,
}

/// The circle a matched group becomes, with the loop planned for it.
#[derive(Debug)]
pub struct FormedGroup<'a> {
    pub proposal_id: &'a str,
    pub circle_id: &'a str,
    pub circle_name: &'a str,
    /// The members in order; the first owns the circle.
    pub member_ids: &'a [String],
    pub new_loop: &'a NewLoop,
    pub now: i64,
}

/// Reads the members' answers and the deadline inside `$tx`; when they close the proposal, marks
/// it closed and returns each member to the pool as their outcome says. Evaluates to the new
/// state and the outcomes (empty while open or accepted).
macro_rules! settle {
    ($tx:ident, $proposal_id:expr, $now:expr) => {{
        let proposal_id: &str = $proposal_id;
        let now: i64 = $now;
        let deadline: i64 = sqlx::query_scalar("SELECT deadline FROM match_proposals WHERE id = $1")
            .bind(proposal_id)
            .fetch_one(&mut *$tx)
            .await?;
        let members: Vec<(String, String)> = sqlx::query_as(
            "SELECT user_id, response FROM match_proposal_members WHERE proposal_id = $1 ORDER BY position",
        )
        .bind(proposal_id)
        .fetch_all(&mut *$tx)
        .await?;
        let responses = members
            .iter()
            .map(|(_, text)| {
                Response::parse(text).ok_or_else(|| StoreError::Corrupt(format!("response {text:?}")))
            })
            .collect::<StoreResult<Vec<Response>>>()?;
        let state = state_of(&responses, deadline, now);
        let mut settled = Vec::new();
        if matches!(state, ProposalState::Declined | ProposalState::Expired) {
            sqlx::query(
                "UPDATE match_proposals SET status = $1, closed_at = $2 WHERE id = $3 AND status = 'open'",
            )
            .bind(state.as_str())
            .bind(now)
            .bind(proposal_id)
            .execute(&mut *$tx)
            .await?;
            for ((user_id, _), outcome) in members.into_iter().zip(outcomes(state, &responses)) {
                let (status, priority, restart_wait) = match outcome {
                    Outcome::ReturnsWithPriority => ("active", 1i64, false),
                    Outcome::Returns => ("active", 0, true),
                    Outcome::Paused => ("paused", 0, false),
                    Outcome::Matched => ("matched", 0, false),
                };
                sqlx::query(
                    "UPDATE pool_entries SET status = $1, priority = $2, \
                     waiting_since = CASE WHEN $3 THEN $4 ELSE waiting_since END, updated_at = $4 \
                     WHERE user_id = $5 AND status = 'proposed'",
                )
                .bind(status)
                .bind(priority)
                .bind(restart_wait)
                .bind(now)
                .bind(&user_id)
                .execute(&mut *$tx)
                .await?;
                settled.push((user_id, outcome));
            }
        }
        (state, settled)
    }};
}

impl Store {
    /// Stores a run and its proposals. A group is proposed only if all its members are still
    /// active (someone may have paused or left while the matcher ran); the ids of the proposals
    /// stored are returned.
    #[tracing::instrument(skip_all)]
    pub async fn record_match_run(&self, run: &NewRun) -> StoreResult<Vec<String>> {
        let mut stored = Vec::new();
        in_transaction!(self, |tx| {
            let group_count = run.proposals.len() as i64;
            sqlx::query(
                "INSERT INTO match_runs (id, ran_at, people, group_count, unmatched) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&run.id)
            .bind(run.ran_at)
            .bind(run.people)
            .bind(group_count)
            .bind(run.unmatched)
            .execute(&mut *tx)
            .await?;
            for (user_id, note) in &run.notes {
                sqlx::query("UPDATE pool_entries SET note = $1 WHERE user_id = $2 AND status = 'active'")
                    .bind(note)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            for proposal in &run.proposals {
                let mut claimed = Vec::new();
                for user_id in &proposal.member_ids {
                    let done = sqlx::query(
                        "UPDATE pool_entries SET status = 'proposed', note = NULL, updated_at = $1 \
                         WHERE user_id = $2 AND status = 'active'",
                    )
                    .bind(run.ran_at)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() == 1 {
                        claimed.push(user_id);
                    }
                }
                if claimed.len() < proposal.member_ids.len() {
                    for user_id in claimed {
                        sqlx::query("UPDATE pool_entries SET status = 'active' WHERE user_id = $1")
                            .bind(user_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    continue;
                }
                sqlx::query(
                    "INSERT INTO match_proposals (id, run_id, created_at, deadline, status, track, score_milli, \
                     common_json, reasons_json) VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8)",
                )
                .bind(&proposal.id)
                .bind(&run.id)
                .bind(run.ran_at)
                .bind(run.deadline)
                .bind(&proposal.track)
                .bind(proposal.score_milli)
                .bind(&proposal.common_json)
                .bind(&proposal.reasons_json)
                .execute(&mut *tx)
                .await?;
                for (position, user_id) in proposal.member_ids.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO match_proposal_members (proposal_id, user_id, position, response) \
                         VALUES ($1, $2, $3, 'pending')",
                    )
                    .bind(&proposal.id)
                    .bind(user_id)
                    .bind(position as i64)
                    .execute(&mut *tx)
                    .await?;
                }
                stored.push(proposal.id.clone());
            }
        });
        Ok(stored)
    }

    /// A proposal, only for one of its members (anyone else gets `None`).
    #[tracing::instrument(skip_all)]
    pub async fn proposal_for(&self, proposal_id: &str, user_id: &str) -> StoreResult<Option<ProposalRow>> {
        let sql = format!(
            "SELECT {PROPOSAL_COLUMNS} FROM match_proposals p JOIN match_proposal_members m \
             ON m.proposal_id = p.id AND m.user_id = $2 WHERE p.id = $1"
        );
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(proposal_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Every proposal a user was part of, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn proposals_of(&self, user_id: &str) -> StoreResult<Vec<ProposalRow>> {
        let sql = format!(
            "SELECT {PROPOSAL_COLUMNS} FROM match_proposals p JOIN match_proposal_members m \
             ON m.proposal_id = p.id AND m.user_id = $1 ORDER BY p.created_at DESC, p.id LIMIT 50"
        );
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)?)
    }

    /// Any proposal by id, for the service that forms groups and settles deadlines.
    #[tracing::instrument(skip_all)]
    pub async fn proposal(&self, proposal_id: &str) -> StoreResult<Option<ProposalRow>> {
        let sql = format!("SELECT {PROPOSAL_COLUMNS} FROM match_proposals p WHERE p.id = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql).bind(proposal_id).fetch_optional(pool).await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn proposal_members(&self, proposal_id: &str) -> StoreResult<Vec<ProposalMemberRow>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(
            "SELECT m.user_id, u.display_name, u.email, m.response, m.responded_at \
             FROM match_proposal_members m JOIN users u ON u.id = m.user_id \
             WHERE m.proposal_id = $1 ORDER BY m.position"
        )
        .bind(proposal_id)
        .fetch_all(pool)
        .await)?)
    }

    /// Records a member's answer while the proposal is open and before its deadline, then settles
    /// the proposal: a decline closes it and returns the members to the pool.
    #[tracing::instrument(skip_all)]
    pub async fn answer_proposal(
        &self,
        proposal_id: &str,
        user_id: &str,
        response: Response,
        now: i64,
    ) -> StoreResult<Answered> {
        let answered = in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE match_proposal_members SET response = $1, responded_at = $2 \
                 WHERE proposal_id = $3 AND user_id = $4 AND EXISTS \
                 (SELECT 1 FROM match_proposals p WHERE p.id = $3 AND p.status = 'open' AND p.deadline > $2)",
            )
            .bind(response.as_str())
            .bind(now)
            .bind(proposal_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                Answered::NotOpen
            } else {
                match settle!(tx, proposal_id, now) {
                    (ProposalState::Open, _) => Answered::Waiting,
                    (ProposalState::Accepted, _) => Answered::AllAccepted,
                    (state, settled) => Answered::Closed(state, settled),
                }
            }
        });
        Ok(answered)
    }

    /// Closes every open proposal whose deadline has passed.
    #[tracing::instrument(skip_all)]
    pub async fn expire_proposals(&self, now: i64) -> StoreResult<Vec<Expired>> {
        let due: Vec<String> = on_pool!(self, |pool| {
            sqlx::query_scalar(
            "SELECT id FROM match_proposals WHERE status = 'open' AND deadline <= $1 ORDER BY deadline, id"
        )
        .bind(now)
        .fetch_all(pool)
        .await
        })?;
        let mut expired = Vec::new();
        for proposal_id in due {
            let (state, outcomes) = in_transaction!(self, |tx| settle!(tx, &proposal_id, now));
            if state == ProposalState::Expired {
                expired.push(Expired { proposal_id, outcomes });
            }
        }
        Ok(expired)
    }

    /// Open proposals everyone has accepted but no group was formed for (a crash between the
    /// last answer and forming the group leaves one behind).
    #[tracing::instrument(skip_all)]
    pub async fn accepted_unformed_proposals(&self) -> StoreResult<Vec<String>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar(
            "SELECT p.id FROM match_proposals p WHERE p.status = 'open' AND NOT EXISTS \
             (SELECT 1 FROM match_proposal_members m WHERE m.proposal_id = p.id AND m.response <> 'accepted') \
             ORDER BY p.created_at, p.id"
        )
        .fetch_all(pool)
        .await
        })?)
    }

    /// Creates the group's circle and loop and closes the proposal as accepted, all at once.
    /// False when the proposal was no longer open (another request formed it first).
    #[tracing::instrument(skip_all)]
    pub async fn form_group(&self, group: &FormedGroup<'_>) -> StoreResult<bool> {
        let formed = in_transaction!(self, |tx| {
            let claimed = sqlx::query(
                "UPDATE match_proposals SET status = 'accepted', closed_at = $1 WHERE id = $2 AND status = 'open'",
            )
            .bind(group.now)
            .bind(group.proposal_id)
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() == 0 {
                false
            } else {
                sqlx::query("INSERT INTO circles (id, name, created_by, created_at) VALUES ($1, $2, $3, $4)")
                    .bind(group.circle_id)
                    .bind(group.circle_name)
                    .bind(group.member_ids.first().map(String::as_str).unwrap_or_default())
                    .bind(group.now)
                    .execute(&mut *tx)
                    .await?;
                for (position, user_id) in group.member_ids.iter().enumerate() {
                    let role = if position == 0 { "owner" } else { "member" };
                    sqlx::query(
                        "INSERT INTO circle_members (circle_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(group.circle_id)
                    .bind(user_id)
                    .bind(role)
                    .bind(group.now)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(
                        "UPDATE pool_entries SET status = 'matched', priority = 0, updated_at = $1 WHERE user_id = $2",
                    )
                    .bind(group.now)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                }
                insert_loop!(tx, group.new_loop);
                sqlx::query("UPDATE match_proposals SET circle_id = $1, loop_id = $2 WHERE id = $3")
                    .bind(group.circle_id)
                    .bind(&group.new_loop.row.id)
                    .bind(group.proposal_id)
                    .execute(&mut *tx)
                    .await?;
                true
            }
        });
        Ok(formed)
    }
}
