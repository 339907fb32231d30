//! Practice circles: create, view, invite by link, accept, leave, remove a member.
//! Every `{circle_id}` route authorises through the `CircleMember` extractor first.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use mockloop_core::{CircleName, CircleRole, Id, InviteRejection};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{CircleMember, CurrentUser, MaybeUser};
use super::csrf::CsrfToken;
use super::extract::{ApiJson, FormData};
use super::pages::{redirect_with, render, Chrome, Notice, NoticeQuery};
use super::{AppError, AppResult, AppState, RouteMap};
use crate::secrets;
use crate::store::circles::{LeaveOutcome, MemberRow, MyCircleRow};

pub fn page_routes() -> RouteMap {
    RouteMap::default()
        .route("/circles", post(submit_new_circle))
        .route("/circles/{circle_id}", get(circle_page))
        .route("/circles/{circle_id}/invites", post(submit_new_invite))
        .route("/circles/{circle_id}/leave", post(submit_leave))
        .route("/circles/{circle_id}/members/{user_id}/remove", post(submit_remove_member))
        .route("/invites/{token}", get(invite_page))
        .route("/invites/{token}/accept", post(submit_accept_invite))
}

pub fn api_routes() -> RouteMap {
    RouteMap::default()
        .route("/api/v1/circles", get(list_circles).post(create_circle))
        .route("/api/v1/circles/{circle_id}", get(get_circle))
        .route("/api/v1/circles/{circle_id}/invites", post(create_invite))
        .route("/api/v1/circles/{circle_id}/leave", post(leave_circle))
        .route("/api/v1/circles/{circle_id}/members/{user_id}", delete(remove_member))
        .route("/api/v1/invites/{token}", get(get_invite))
        .route("/api/v1/invites/{token}/accept", post(accept_invite))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCircle {
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CircleSummary {
    pub id: String,
    pub name: String,
    /// The caller's role: `owner` or `member`.
    pub role: String,
    pub member_count: i64,
    pub created_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    pub user_id: String,
    pub display_name: String,
    pub role: String,
    pub joined_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CircleDetail {
    pub id: String,
    pub name: String,
    pub role: String,
    pub created_at: i64,
    pub members: Vec<MemberView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InviteCreated {
    /// The link to send; it works once, until `expires_at`.
    pub url: String,
    pub token: String,
    pub expires_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitePreview {
    pub circle_name: String,
    pub invited_by: String,
    pub expires_at: i64,
    /// `open`, `expired` or `used`.
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JoinedCircle {
    pub circle_id: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LeftCircle {
    /// `left`, `ownership_passed` or `circle_deleted`.
    pub outcome: String,
}

impl From<MyCircleRow> for CircleSummary {
    fn from(row: MyCircleRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            role: row.role,
            member_count: row.member_count,
            created_at: row.created_at,
        }
    }
}

impl From<MemberRow> for MemberView {
    fn from(row: MemberRow) -> Self {
        Self {
            user_id: row.user_id,
            display_name: row.display_name,
            role: row.role,
            joined_at: row.joined_at,
        }
    }
}

// ---- shared operations ----

async fn new_circle(state: &AppState, user: &CurrentUser, request: &NewCircle) -> AppResult<String> {
    let name = CircleName::parse(&request.name).map_err(|e| AppError::invalid("name", e))?;
    let id = secrets::new_id();
    state.store.create_circle(id.as_str(), name.as_str(), &user.id, secrets::now()).await?;
    Ok(id.to_string())
}

async fn circle_detail(state: &AppState, member: &CircleMember) -> AppResult<CircleDetail> {
    let circle = state.store.circle(member.circle_id.as_str()).await?.ok_or(AppError::NotFound)?;
    let members = state.store.circle_members(member.circle_id.as_str()).await?;
    Ok(CircleDetail {
        id: circle.id,
        name: circle.name,
        role: member.role.as_str().to_owned(),
        created_at: circle.created_at,
        members: members.into_iter().map(MemberView::from).collect(),
    })
}

async fn new_invite(state: &AppState, member: &CircleMember) -> AppResult<InviteCreated> {
    let token = secrets::new_token("inv_");
    let now = secrets::now();
    let expires_at = now + state.config.invite_days * 86_400;
    state
        .store
        .create_invite(
            secrets::new_id().as_str(),
            member.circle_id.as_str(),
            &secrets::hash_token(&token),
            &member.user.id,
            now,
            expires_at,
        )
        .await?;
    let url = state.base_url.join(&format!("invites/{token}")).map_err(AppError::internal)?;
    Ok(InviteCreated { url: url.to_string(), token, expires_at })
}

async fn preview_invite(state: &AppState, token: &str) -> AppResult<InvitePreview> {
    let invite =
        state.store.invite_by_token_hash(&secrets::hash_token(token)).await?.ok_or(AppError::NotFound)?;
    let status = if invite.used_at.is_some() {
        "used"
    } else if invite.expires_at <= secrets::now() {
        "expired"
    } else {
        "open"
    };
    Ok(InvitePreview {
        circle_name: invite.circle_name,
        invited_by: invite.created_by_name,
        expires_at: invite.expires_at,
        status: status.to_owned(),
    })
}

async fn join_with_invite(state: &AppState, user: &CurrentUser, token: &str) -> AppResult<String> {
    match state.store.accept_invite(&secrets::hash_token(token), &user.id, secrets::now()).await? {
        None => Err(AppError::NotFound),
        Some(Ok(circle_id)) => Ok(circle_id),
        Some(Err(rejection @ InviteRejection::AlreadyMember)) => {
            Err(AppError::Conflict { field: "invite", message: rejection.to_string() })
        }
        Some(Err(rejection)) => Err(AppError::Invalid { field: "invite", message: rejection.to_string() }),
    }
}

fn parse_user_id(raw: &str) -> AppResult<Id> {
    Id::parse(raw).map_err(|_| AppError::NotFound)
}

async fn remove(state: &AppState, member: &CircleMember, user_id: &str) -> AppResult<()> {
    member.require_owner()?;
    let target = parse_user_id(user_id)?;
    if target.as_str() == member.user.id {
        return Err(AppError::invalid("user_id", "To leave your own circle, use Leave."));
    }
    if state.store.remove_member(member.circle_id.as_str(), target.as_str()).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

// ---- pages ----

#[derive(Template)]
#[template(path = "circle.html")]
struct CirclePage {
    chrome: Chrome,
    circle: CircleDetail,
    is_owner: bool,
    me: String,
    new_invite: Option<InviteCreated>,
    loops: Vec<super::loops::LoopSummary>,
    templates: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    chrome: Chrome,
    token: String,
    invite: InvitePreview,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct NewCircleForm {
    name: String,
}

async fn submit_new_circle(
    State(state): State<AppState>,
    user: CurrentUser,
    FormData(form): FormData<NewCircleForm>,
) -> AppResult<Redirect> {
    let id = new_circle(&state, &user, &NewCircle { name: form.name }).await?;
    Ok(redirect_with(&format!("/circles/{id}"), Notice::CircleCreated))
}

async fn render_circle(
    state: &AppState,
    member: &CircleMember,
    chrome: Chrome,
    new_invite: Option<InviteCreated>,
) -> AppResult<Response> {
    let circle = circle_detail(state, member).await?;
    let loops = super::loops::loop_summaries(state, member.circle_id.as_str()).await?;
    let templates = state.bank.templates.iter().map(|t| (t.id.clone(), t.name.clone())).collect();
    let page = CirclePage {
        chrome,
        circle,
        is_owner: member.role == CircleRole::Owner,
        me: member.user.id.clone(),
        new_invite,
        loops,
        templates,
    };
    Ok(render(&page)?.into_response())
}

async fn circle_page(
    State(state): State<AppState>,
    member: CircleMember,
    user: MaybeUser,
    csrf: CsrfToken,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    render_circle(&state, &member, Chrome::new(&user, &csrf, query.notice()), None).await
}

async fn submit_new_invite(
    State(state): State<AppState>,
    member: CircleMember,
    user: MaybeUser,
    csrf: CsrfToken,
) -> AppResult<Response> {
    let invite = new_invite(&state, &member).await?;
    render_circle(&state, &member, Chrome::new(&user, &csrf, None), Some(invite)).await
}

async fn submit_leave(State(state): State<AppState>, member: CircleMember) -> AppResult<Redirect> {
    let outcome = state.store.leave_circle(member.circle_id.as_str(), &member.user.id).await?;
    let notice =
        if outcome == LeaveOutcome::CircleDeleted { Notice::CircleDeleted } else { Notice::LeftCircle };
    Ok(redirect_with("/", notice))
}

async fn submit_remove_member(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, user_id)): Path<(String, String)>,
) -> AppResult<Redirect> {
    remove(&state, &member, &user_id).await?;
    Ok(redirect_with(&format!("/circles/{}", member.circle_id), Notice::MemberRemoved))
}

async fn invite_page(
    State(state): State<AppState>,
    user: MaybeUser,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let invite = preview_invite(&state, &token).await?;
    let page = InvitePage { chrome: Chrome::new(&user, &csrf, None), token, invite, error: None };
    Ok(render(&page)?.into_response())
}

async fn submit_accept_invite(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe_user: MaybeUser,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match join_with_invite(&state, &user, &token).await {
        Ok(circle_id) => {
            Ok(redirect_with(&format!("/circles/{circle_id}"), Notice::JoinedCircle).into_response())
        }
        Err(error @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let invite = preview_invite(&state, &token).await?;
            let status = error.status();
            let page = InvitePage {
                chrome: Chrome::new(&maybe_user, &csrf, None),
                token,
                invite,
                error: Some(error.to_string()),
            };
            Ok((status, render(&page)?).into_response())
        }
        Err(other) => Err(other),
    }
}

// ---- API ----

/// The caller's circles.
#[utoipa::path(get, path = "/api/v1/circles", tag = "circles",
    responses((status = 200, body = [CircleSummary]), (status = 401, description = "Not signed in")))]
pub async fn list_circles(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<ApiJson<Vec<CircleSummary>>> {
    let rows = state.store.circles_of(&user.id).await?;
    Ok(ApiJson(rows.into_iter().map(CircleSummary::from).collect()))
}

/// Creates a circle owned by the caller.
#[utoipa::path(post, path = "/api/v1/circles", tag = "circles", request_body = NewCircle,
    responses((status = 201, body = CircleDetail), (status = 422, description = "Invalid name")))]
pub async fn create_circle(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<NewCircle>,
) -> AppResult<(StatusCode, ApiJson<CircleDetail>)> {
    let id = new_circle(&state, &user, &request).await?;
    let member = CircleMember { user, circle_id: parse_user_id(&id)?, role: CircleRole::Owner };
    Ok((StatusCode::CREATED, ApiJson(circle_detail(&state, &member).await?)))
}

/// A circle with its members. Non-members get 404.
#[utoipa::path(get, path = "/api/v1/circles/{circle_id}", tag = "circles",
    params(("circle_id" = String, Path)), responses((status = 200, body = CircleDetail), (status = 404)))]
pub async fn get_circle(
    State(state): State<AppState>,
    member: CircleMember,
) -> AppResult<ApiJson<CircleDetail>> {
    Ok(ApiJson(circle_detail(&state, &member).await?))
}

/// Creates a single-use invite link that expires.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/invites", tag = "circles",
    params(("circle_id" = String, Path)), responses((status = 201, body = InviteCreated), (status = 404)))]
pub async fn create_invite(
    State(state): State<AppState>,
    member: CircleMember,
) -> AppResult<(StatusCode, ApiJson<InviteCreated>)> {
    Ok((StatusCode::CREATED, ApiJson(new_invite(&state, &member).await?)))
}

/// Leaves a circle. An owner's circle passes to the longest-standing member; the last member
/// leaving deletes it.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/leave", tag = "circles",
    params(("circle_id" = String, Path)), responses((status = 200, body = LeftCircle), (status = 404)))]
pub async fn leave_circle(
    State(state): State<AppState>,
    member: CircleMember,
) -> AppResult<ApiJson<LeftCircle>> {
    let outcome = match state.store.leave_circle(member.circle_id.as_str(), &member.user.id).await? {
        LeaveOutcome::Left => "left",
        LeaveOutcome::OwnershipPassed => "ownership_passed",
        LeaveOutcome::CircleDeleted => "circle_deleted",
        LeaveOutcome::NotAMember => return Err(AppError::NotFound),
    };
    Ok(ApiJson(LeftCircle { outcome: outcome.to_owned() }))
}

/// Removes a member (owner only).
#[utoipa::path(delete, path = "/api/v1/circles/{circle_id}/members/{user_id}", tag = "circles",
    params(("circle_id" = String, Path), ("user_id" = String, Path)),
    responses((status = 204), (status = 403, description = "Not the owner"), (status = 404)))]
pub async fn remove_member(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, user_id)): Path<(String, String)>,
) -> AppResult<StatusCode> {
    remove(&state, &member, &user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What an invite link leads to, for the person who received it.
#[utoipa::path(get, path = "/api/v1/invites/{token}", tag = "circles",
    params(("token" = String, Path)), responses((status = 200, body = InvitePreview), (status = 404)))]
pub async fn get_invite(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<ApiJson<InvitePreview>> {
    Ok(ApiJson(preview_invite(&state, &token).await?))
}

/// Joins the caller to the invite's circle and uses the invite up.
#[utoipa::path(post, path = "/api/v1/invites/{token}/accept", tag = "circles",
    params(("token" = String, Path)),
    responses((status = 200, body = JoinedCircle), (status = 404), (status = 409, description = "Already a member"),
              (status = 422, description = "Expired, used, or circle full")))]
pub async fn accept_invite(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(token): Path<String>,
) -> AppResult<ApiJson<JoinedCircle>> {
    let circle_id = join_with_invite(&state, &user, &token).await?;
    Ok(ApiJson(JoinedCircle { circle_id }))
}
