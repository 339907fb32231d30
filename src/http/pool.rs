//! The matching pool for its members: join or update an entry (track, level, time zone, weekly
//! availability, group size, what to practise and what they can interview on), pause, resume or
//! leave, see when the next run is, and answer the groups it proposes. A proposal is visible to
//! its members only; everyone else gets 404.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use mockloop_core::matching::proposal::{ProposalState, Response as Answer};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::{CurrentUser, MaybeUser};
use super::csrf::CsrfToken;
use super::extract::{ApiJson, FormData};
use super::pages::{redirect_with, render, Chrome, Notice, NoticeQuery};
use super::{AppError, AppResult, AppState, RouteMap};
use crate::pool::{input_of, round_kinds, EntryInput, PoolError, SlotInput};
use crate::secrets;
use crate::store::pool::{PoolEntryRow, ProposalRow};

pub fn page_routes() -> RouteMap {
    RouteMap::default()
        .route("/pool", get(pool_page).post(submit_entry))
        .route("/pool/pause", post(submit_pause))
        .route("/pool/resume", post(submit_resume))
        .route("/pool/leave", post(submit_leave))
        .route("/pool/proposals/{proposal_id}", get(proposal_page))
        .route("/pool/proposals/{proposal_id}/accept", post(submit_accept))
        .route("/pool/proposals/{proposal_id}/decline", post(submit_decline))
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

// ---- pages ----

#[derive(Template)]
#[template(path = "pool.html")]
struct PoolPage {
    chrome: Chrome,
    entry: Option<EntryView>,
    form: EntryInput,
    /// Saved slots plus blank rows to add more.
    slots: Vec<SlotInput>,
    error: Option<String>,
    next_run: Option<String>,
    every_hours: i64,
    proposals: Vec<ProposalView>,
    kinds: Vec<(&'static str, &'static str)>,
    themes: Vec<(String, String)>,
    partners: Vec<(String, String)>,
}

const DAYS: [(&str, &str); 7] = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
];
const BLANK_SLOT_ROWS: usize = 3;

impl PoolPage {
    fn days(&self) -> &'static [(&'static str, &'static str)] {
        &DAYS
    }

    fn wants(&self, kind: &str) -> bool {
        self.form.wants.iter().any(|k| k == kind)
    }

    fn ready(&self, kind: &str) -> bool {
        self.form.ready_to_interview.iter().any(|k| k == kind)
    }

    fn focused(&self, theme: &str) -> bool {
        self.form.focus.iter().any(|t| t == theme)
    }

    fn rematched(&self, user_id: &str) -> bool {
        self.form.rematch.iter().any(|id| id == user_id)
    }

    /// How often runs happen, in the largest whole unit.
    fn rhythm(&self) -> String {
        match self.every_hours {
            168 => "weekly".to_owned(),
            24 => "daily".to_owned(),
            hours if hours % 24 == 0 => format!("every {} days", hours / 24),
            1 => "hourly".to_owned(),
            hours => format!("every {hours} hours"),
        }
    }

    fn open_proposals(&self) -> impl Iterator<Item = &ProposalView> {
        self.proposals.iter().filter(|p| p.status == "open")
    }
}

fn when(second: i64, tz: &TimeZone) -> String {
    Timestamp::from_second(second)
        .map(|t| t.to_zoned(tz.clone()).strftime("%a %-d %b %Y, %H:%M %Z").to_string())
        .unwrap_or_default()
}

async fn render_pool(
    state: &AppState,
    user: &CurrentUser,
    maybe: &MaybeUser,
    csrf: &CsrfToken,
    notice: Option<Notice>,
    submitted: Option<(EntryInput, String)>,
) -> AppResult<Html<String>> {
    let view = pool_view(state, user).await?;
    let tz = view.entry.as_ref().and_then(|e| TimeZone::get(&e.input.tz).ok()).unwrap_or(TimeZone::UTC);
    let (form, error) = match submitted {
        Some((input, error)) => (input, Some(error)),
        None => (view.entry.as_ref().map(|e| e.input.clone()).unwrap_or_else(default_input), None),
    };
    let mut slots = form.availability.clone();
    slots.extend((0..BLANK_SLOT_ROWS).map(|_| SlotInput::default()));
    let mut partners = Vec::new();
    for id in state.matchmaker().recent_partners_of(&user.id, secrets::now()).await? {
        if let Some(partner) = state.store.user_by_id(&id).await? {
            partners.push((id, partner.display_name));
        }
    }
    partners.sort_by(|a, b| a.1.cmp(&b.1));
    render(&PoolPage {
        chrome: Chrome::new(maybe, csrf, notice),
        next_run: next_run(state).await?.map(|at| when(at, &tz)),
        every_hours: state.config.match_every_hours,
        entry: view.entry,
        form,
        slots,
        error,
        proposals: view.proposals,
        kinds: round_kinds(),
        themes: state.bank.themes.iter().map(|t| (t.id.to_string(), t.name.clone())).collect(),
        partners,
    })
}

fn default_input() -> EntryInput {
    EntryInput {
        track: "ds".to_owned(),
        level: "staff".to_owned(),
        tz: "UTC".to_owned(),
        group_size: "any".to_owned(),
        ..EntryInput::default()
    }
}

async fn pool_page(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    render_pool(&state, &user, &maybe, &csrf, query.notice(), None).await
}

/// The form's fields (repeated names for lists and slot rows) as an entry; blank slot rows are
/// skipped.
fn input_from_form(fields: &[(String, String)]) -> EntryInput {
    let mut input = EntryInput::default();
    let (mut days, mut starts, mut ends) = (Vec::new(), Vec::new(), Vec::new());
    for (name, value) in fields {
        let value = value.trim().to_owned();
        match name.as_str() {
            "track" => input.track = value,
            "level" => input.level = value,
            "tz" => input.tz = value,
            "group_size" => input.group_size = value,
            "wants" => input.wants.push(value),
            "ready_to_interview" => input.ready_to_interview.push(value),
            "focus" => input.focus.push(value),
            "rematch" => input.rematch.push(value),
            "slot_day" => days.push(value),
            "slot_start" => starts.push(value),
            "slot_end" => ends.push(value),
            _ => {}
        }
    }
    for ((day, start), end) in days.into_iter().zip(starts).zip(ends) {
        if start.is_empty() && end.is_empty() {
            continue;
        }
        input.availability.push(SlotInput { day, start, end });
    }
    input
}

async fn submit_entry(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
    FormData(fields): FormData<Vec<(String, String)>>,
) -> AppResult<Response> {
    let input = input_from_form(&fields);
    match state.matchmaker().save_entry(&user.id, &input, secrets::now()).await {
        Ok(()) => Ok(redirect_with("/pool", Notice::PoolSaved).into_response()),
        Err(PoolError::Invalid { message, .. }) => {
            // Everything typed stays on the page beside the problem.
            let page = render_pool(&state, &user, &maybe, &csrf, None, Some((input, message))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

async fn submit_pause(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    move_entry(&state, &user, "active", "paused").await?;
    Ok(redirect_with("/pool", Notice::PoolPaused).into_response())
}

async fn submit_resume(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    move_entry(&state, &user, "paused", "active").await?;
    Ok(redirect_with("/pool", Notice::PoolResumed).into_response())
}

async fn submit_leave(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    state.matchmaker().leave(&user.id, secrets::now()).await?;
    Ok(redirect_with("/pool", Notice::PoolLeft).into_response())
}

#[derive(Template)]
#[template(path = "proposal.html")]
struct ProposalPage {
    chrome: Chrome,
    proposal: ProposalView,
    me: String,
    deadline: String,
    slots: Vec<String>,
    zone: String,
}

impl ProposalPage {
    fn my_response(&self) -> &str {
        self.proposal.members.iter().find(|m| m.user_id == self.me).map_or("pending", |m| m.response.as_str())
    }
}

async fn proposal_page(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
    Path(proposal_id): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    let row = member_proposal(&state, &user, &proposal_id).await?;
    let proposal = proposal_view(&state, &row).await?;
    let entry = state.store.pool_entry(&user.id).await?;
    let tz = entry.as_ref().and_then(|e| TimeZone::get(&e.time_zone).ok()).unwrap_or(TimeZone::UTC);
    let slots = proposal
        .common_slots
        .as_array()
        .map(|slots| {
            slots
                .iter()
                .filter_map(|slot| {
                    let start: Timestamp = slot.get("start")?.as_str()?.parse().ok()?;
                    let end: Timestamp = slot.get("end")?.as_str()?.parse().ok()?;
                    let (start, end) = (start.to_zoned(tz.clone()), end.to_zoned(tz.clone()));
                    Some(format!("{}–{}", start.strftime("%a %-d %b, %H:%M"), end.strftime("%H:%M")))
                })
                .collect()
        })
        .unwrap_or_default();
    render(&ProposalPage {
        chrome: Chrome::new(&maybe, &csrf, query.notice()),
        deadline: when(row.deadline, &tz),
        zone: tz.iana_name().unwrap_or("UTC").to_owned(),
        me: user.id.clone(),
        proposal,
        slots,
    })
}

async fn submit_accept(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(proposal_id): Path<String>,
) -> AppResult<Response> {
    let row = answer(&state, &user, &proposal_id, Answer::Accepted).await?;
    if let (Some(circle_id), Some(loop_id)) = (&row.circle_id, &row.loop_id) {
        return Ok(
            axum::response::Redirect::to(&format!("/circles/{circle_id}/loops/{loop_id}")).into_response()
        );
    }
    Ok(redirect_with(&format!("/pool/proposals/{proposal_id}"), Notice::ProposalAccepted).into_response())
}

async fn submit_decline(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(proposal_id): Path<String>,
) -> AppResult<Response> {
    answer(&state, &user, &proposal_id, Answer::Declined).await?;
    Ok(redirect_with(&format!("/pool/proposals/{proposal_id}"), Notice::ProposalDeclined).into_response())
}

impl ProposalView {
    pub fn is_open(&self) -> bool {
        self.status == ProposalState::Open.as_str()
    }
}
