//! The matching pool for its members: join or update an entry (track, level, time zone, weekly
//! availability, group size, what to practise and what they can interview on), pause, resume or
//! leave, see when the next run is, and answer the groups it proposes. A proposal is visible to
//! its members only; everyone else gets 404.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use mockloop_core::matching::proposal::{ProposalState, Response as Answer};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::CurrentUser;
use super::extract::ApiJson;
use super::{AppError, AppResult, AppState, RouteMap};
use crate::pool::{input_of, EntryInput, PoolError};
use crate::secrets;
use crate::store::pool::PoolEntryRow;
use crate::store::proposals::ProposalRow;

mod pages;

pub fn page_routes() -> RouteMap {
    RouteMap::default()
        .route("/pool", get(pages::pool_page).post(pages::submit_entry))
        .route("/pool/pause", post(pages::submit_pause))
        .route("/pool/resume", post(pages::submit_resume))
        .route("/pool/leave", post(pages::submit_leave))
        .route("/pool/proposals/{proposal_id}", get(pages::proposal_page))
        .route("/pool/proposals/{proposal_id}/accept", post(pages::submit_accept))
        .route("/pool/proposals/{proposal_id}/decline", post(pages::submit_decline))
}

pub fn api_routes() -> RouteMap {
    RouteMap::default()
        .route("/api/v1/pool", get(get_pool).put(put_entry).delete(delete_entry))
        .route("/api/v1/pool/pause", post(pause))
        .route("/api/v1/pool/resume", post(resume))
        .route("/api/v1/pool/proposals/{proposal_id}", get(get_proposal))
        .route("/api/v1/pool/proposals/{proposal_id}/accept", post(accept))
        .route("/api/v1/pool/proposals/{proposal_id}/decline", post(decline))
}

impl From<PoolError> for AppError {
    fn from(error: PoolError) -> Self {
        match error {
            PoolError::Store(error) => error.into(),
            PoolError::Invalid { field, message } => AppError::invalid(field, message),
            PoolError::Closed => {
                AppError::Conflict { field: "proposal", message: PoolError::Closed.to_string() }
            }
            PoolError::Planning(message) => AppError::internal(message),
        }
    }
}

/// The caller's place in the pool.
#[derive(Debug, Serialize, ToSchema)]
pub struct PoolView {
    /// `None` when the caller has not joined.
    pub entry: Option<EntryView>,
    /// When the next scheduled run is due (RFC 3339), if runs are scheduled.
    pub next_run_at: Option<String>,
    pub proposals: Vec<ProposalView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    /// `active`, `paused`, `proposed` (a proposal awaits answers) or `matched`.
    pub status: String,
    pub waiting_since: String,
    /// First in line at the next run (a group fell through through no fault of theirs).
    pub priority: bool,
    /// Why the last run left the caller out.
    pub note: Option<String>,
    #[serde(flatten)]
    pub input: EntryInput,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalView {
    pub id: String,
    /// `open`, `accepted`, `declined` or `expired`.
    pub status: String,
    pub created_at: String,
    pub deadline: String,
    pub score: f64,
    pub members: Vec<ProposalMemberView>,
    #[schema(value_type = Vec<Object>)]
    pub common_slots: serde_json::Value,
    pub reasons: Vec<String>,
    pub circle_id: Option<String>,
    pub loop_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalMemberView {
    pub user_id: String,
    pub name: String,
    /// `pending`, `accepted` or `declined`.
    pub response: String,
}

fn rfc3339(second: i64) -> String {
    crate::pool::rfc3339(second)
}

fn entry_view(row: &PoolEntryRow) -> Option<EntryView> {
    Some(EntryView {
        status: row.status.clone(),
        waiting_since: rfc3339(row.waiting_since),
        priority: row.priority > 0,
        note: row.note.clone(),
        input: input_of(row)?,
    })
}

async fn proposal_view(state: &AppState, row: &ProposalRow) -> AppResult<ProposalView> {
    let members = state.store.proposal_members(&row.id).await?;
    Ok(ProposalView {
        id: row.id.clone(),
        status: row.status.clone(),
        created_at: rfc3339(row.created_at),
        deadline: rfc3339(row.deadline),
        score: row.score_milli as f64 / 1000.0,
        members: members
            .into_iter()
            .map(|m| ProposalMemberView { user_id: m.user_id, name: m.display_name, response: m.response })
            .collect(),
        common_slots: serde_json::from_str(&row.common_json).unwrap_or_default(),
        reasons: serde_json::from_str(&row.reasons_json).unwrap_or_default(),
        circle_id: row.circle_id.clone(),
        loop_id: row.loop_id.clone(),
    })
}

async fn pool_view(state: &AppState, user: &CurrentUser) -> AppResult<PoolView> {
    let entry = state.store.pool_entry(&user.id).await?;
    let mut proposals = Vec::new();
    for row in state.store.proposals_of(&user.id).await? {
        proposals.push(proposal_view(state, &row).await?);
    }
    Ok(PoolView {
        entry: entry.as_ref().and_then(entry_view),
        next_run_at: next_run(state).await?.map(rfc3339),
        proposals,
    })
}

async fn next_run(state: &AppState) -> AppResult<Option<i64>> {
    if state.config.match_every_hours <= 0 {
        return Ok(None);
    }
    Ok(state.store.next_match_run().await?)
}

/// The caller's pool entry, the next run and their proposals.
#[utoipa::path(get, path = "/api/v1/pool", tag = "pool", responses((status = 200, body = PoolView), (status = 401)))]
pub async fn get_pool(State(state): State<AppState>, user: CurrentUser) -> AppResult<ApiJson<PoolView>> {
    Ok(ApiJson(pool_view(&state, &user).await?))
}

/// Joins the pool or updates the caller's entry (docs/pool.schema.json's fields).
#[utoipa::path(put, path = "/api/v1/pool", tag = "pool", request_body = EntryInput,
    responses((status = 200, body = PoolView), (status = 422), (status = 401)))]
pub async fn put_entry(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<EntryInput>,
) -> AppResult<ApiJson<PoolView>> {
    state.matchmaker().save_entry(&user.id, &input, secrets::now()).await?;
    Ok(ApiJson(pool_view(&state, &user).await?))
}

/// Leaves the pool; an open proposal is declined first.
#[utoipa::path(delete, path = "/api/v1/pool", tag = "pool", responses((status = 204), (status = 401)))]
pub async fn delete_entry(State(state): State<AppState>, user: CurrentUser) -> AppResult<StatusCode> {
    state.matchmaker().leave(&user.id, secrets::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn move_entry(state: &AppState, user: &CurrentUser, from: &str, to: &str) -> AppResult<()> {
    if state.store.move_pool_entry(&user.id, from, to, secrets::now()).await? {
        return Ok(());
    }
    let message = match state.store.pool_entry(&user.id).await? {
        None => "Join the pool first.".to_owned(),
        Some(entry) => format!("Your entry is {}, not {from}.", entry.status),
    };
    Err(AppError::Conflict { field: "status", message })
}

/// Pauses the caller's entry: runs leave them out until they resume.
#[utoipa::path(post, path = "/api/v1/pool/pause", tag = "pool", responses((status = 204), (status = 409), (status = 401)))]
pub async fn pause(State(state): State<AppState>, user: CurrentUser) -> AppResult<StatusCode> {
    move_entry(&state, &user, "active", "paused").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Resumes a paused entry.
#[utoipa::path(post, path = "/api/v1/pool/resume", tag = "pool", responses((status = 204), (status = 409), (status = 401)))]
pub async fn resume(State(state): State<AppState>, user: CurrentUser) -> AppResult<StatusCode> {
    move_entry(&state, &user, "paused", "active").await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn member_proposal(state: &AppState, user: &CurrentUser, proposal_id: &str) -> AppResult<ProposalRow> {
    state.store.proposal_for(proposal_id, &user.id).await?.ok_or(AppError::NotFound)
}

/// A proposal, for its members only.
#[utoipa::path(get, path = "/api/v1/pool/proposals/{proposal_id}", tag = "pool",
    params(("proposal_id" = String, Path)), responses((status = 200, body = ProposalView), (status = 404)))]
pub async fn get_proposal(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(proposal_id): Path<String>,
) -> AppResult<ApiJson<ProposalView>> {
    let row = member_proposal(&state, &user, &proposal_id).await?;
    Ok(ApiJson(proposal_view(&state, &row).await?))
}

async fn answer(
    state: &AppState,
    user: &CurrentUser,
    proposal_id: &str,
    answer: Answer,
) -> AppResult<ProposalRow> {
    member_proposal(state, user, proposal_id).await?;
    state.matchmaker().answer(proposal_id, &user.id, answer, secrets::now()).await?;
    member_proposal(state, user, proposal_id).await
}

/// Accepts a proposal; the last acceptance forms the circle and schedules its loop.
#[utoipa::path(post, path = "/api/v1/pool/proposals/{proposal_id}/accept", tag = "pool",
    params(("proposal_id" = String, Path)),
    responses((status = 200, body = ProposalView), (status = 409, description = "closed"), (status = 404)))]
pub async fn accept(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(proposal_id): Path<String>,
) -> AppResult<ApiJson<ProposalView>> {
    let row = answer(&state, &user, &proposal_id, Answer::Accepted).await?;
    Ok(ApiJson(proposal_view(&state, &row).await?))
}

/// Declines a proposal; the others return to the pool first in line.
#[utoipa::path(post, path = "/api/v1/pool/proposals/{proposal_id}/decline", tag = "pool",
    params(("proposal_id" = String, Path)),
    responses((status = 200, body = ProposalView), (status = 409, description = "closed"), (status = 404)))]
pub async fn decline(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(proposal_id): Path<String>,
) -> AppResult<ApiJson<ProposalView>> {
    let row = answer(&state, &user, &proposal_id, Answer::Declined).await?;
    Ok(ApiJson(proposal_view(&state, &row).await?))
}

impl ProposalView {
    pub fn is_open(&self) -> bool {
        self.status == ProposalState::Open.as_str()
    }
}
