//! Personal settings (password, API tokens) and the admin's instance settings.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::accounts::{change_password_form, ChangePasswordRequest, SignupMode};
use super::auth::{CurrentUser, MaybeUser};
use super::csrf::CsrfToken;
use super::extract::{ApiJson, FormData};
use super::pages::{redirect_with, render, Chrome, Notice, NoticeQuery};
use super::{AppError, AppResult, AppState, RouteMap};
use crate::secrets;
use crate::store::settings::SIGNUP_MODE;
use crate::store::tokens::ApiTokenRow;

pub const MAX_TOKEN_NAME_CHARS: usize = 60;

pub fn page_routes() -> RouteMap {
    RouteMap::default()
        .route("/settings", get(settings_page))
        .route("/settings/password", post(submit_password))
        .route("/settings/tokens", post(submit_new_token))
        .route("/settings/tokens/{token_id}/revoke", post(submit_revoke_token))
        .route("/settings/signup-mode", post(submit_signup_mode))
}

pub fn api_routes() -> RouteMap {
    RouteMap::default()
        .route("/api/v1/tokens", get(list_tokens).post(create_token))
        .route("/api/v1/tokens/{token_id}", delete(revoke_token))
        .route("/api/v1/admin/settings", get(get_instance_settings).put(put_instance_settings))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewApiToken {
    /// What the token is for, e.g. "laptop CLI".
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiTokenView {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiTokenCreated {
    pub id: String,
    pub name: String,
    /// Shown once; store it now. Send it as `Authorization: Bearer <token>`.
    pub token: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InstanceSettings {
    pub signup_mode: SignupMode,
}

impl From<ApiTokenRow> for ApiTokenView {
    fn from(row: ApiTokenRow) -> Self {
        Self { id: row.id, name: row.name, created_at: row.created_at, last_used_at: row.last_used_at }
    }
}

async fn new_token(
    state: &AppState,
    user: &CurrentUser,
    request: &NewApiToken,
) -> AppResult<ApiTokenCreated> {
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > MAX_TOKEN_NAME_CHARS {
        return Err(AppError::invalid(
            "name",
            format!("Name the token in 1 to {MAX_TOKEN_NAME_CHARS} characters."),
        ));
    }
    let token = secrets::new_token("ml_");
    let id = secrets::new_id();
    state
        .store
        .create_api_token(id.as_str(), &user.id, name, &secrets::hash_token(&token), secrets::now())
        .await?;
    Ok(ApiTokenCreated { id: id.to_string(), name: name.to_owned(), token })
}

fn require_admin(user: &CurrentUser) -> AppResult<()> {
    if user.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden("Only the instance's admin can change this."))
    }
}

// ---- pages ----

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    chrome: Chrome,
    tokens: Vec<ApiTokenView>,
    new_token: Option<ApiTokenCreated>,
    invite_only: bool,
    password_error: Option<String>,
    token_error: Option<String>,
}

async fn render_settings(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    new_token: Option<ApiTokenCreated>,
    password_error: Option<String>,
    token_error: Option<String>,
) -> AppResult<axum::response::Html<String>> {
    let tokens = state.store.api_tokens_of(&user.id).await?.into_iter().map(ApiTokenView::from).collect();
    let invite_only = SignupMode::load(state).await? == SignupMode::InviteOnly;
    render(&SettingsPage { chrome, tokens, new_token, invite_only, password_error, token_error })
}

async fn settings_page(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let chrome = Chrome::new(&maybe, &csrf, query.notice());
    Ok(render_settings(&state, &user, chrome, None, None, None).await?.into_response())
}

async fn submit_password(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
    FormData(form): FormData<ChangePasswordRequest>,
) -> AppResult<Response> {
    match change_password_form(&state, &user, &form).await {
        Ok(()) => Ok(redirect_with("/settings", Notice::PasswordChanged).into_response()),
        Err(error @ AppError::Invalid { .. }) => {
            let chrome = Chrome::new(&maybe, &csrf, None);
            let page = render_settings(&state, &user, chrome, None, Some(error.to_string()), None).await?;
            Ok((error.status(), page).into_response())
        }
        Err(other) => Err(other),
    }
}

async fn submit_new_token(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
    FormData(form): FormData<NewApiToken>,
) -> AppResult<Response> {
    let chrome = Chrome::new(&maybe, &csrf, None);
    match new_token(&state, &user, &form).await {
        Ok(created) => {
            Ok(render_settings(&state, &user, chrome, Some(created), None, None).await?.into_response())
        }
        Err(error @ AppError::Invalid { .. }) => {
            let page = render_settings(&state, &user, chrome, None, None, Some(error.to_string())).await?;
            Ok((error.status(), page).into_response())
        }
        Err(other) => Err(other),
    }
}

async fn submit_revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(token_id): Path<String>,
) -> AppResult<Redirect> {
    if !state.store.revoke_api_token(&user.id, &token_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with("/settings", Notice::TokenRevoked))
}

#[derive(Debug, Deserialize)]
struct SignupModeForm {
    signup_mode: SignupMode,
}

async fn submit_signup_mode(
    State(state): State<AppState>,
    user: CurrentUser,
    FormData(form): FormData<SignupModeForm>,
) -> AppResult<Redirect> {
    require_admin(&user)?;
    state.store.put_setting(SIGNUP_MODE, form.signup_mode.as_str()).await?;
    Ok(redirect_with("/settings", Notice::SettingsSaved))
}

// ---- API ----

/// The caller's API tokens (never the secrets themselves).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "settings", responses((status = 200, body = [ApiTokenView])))]
pub async fn list_tokens(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<ApiJson<Vec<ApiTokenView>>> {
    Ok(ApiJson(state.store.api_tokens_of(&user.id).await?.into_iter().map(ApiTokenView::from).collect()))
}

/// Creates a personal API token; the secret is returned once.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "settings", request_body = NewApiToken,
    responses((status = 201, body = ApiTokenCreated), (status = 422)))]
pub async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<NewApiToken>,
) -> AppResult<(StatusCode, ApiJson<ApiTokenCreated>)> {
    Ok((StatusCode::CREATED, ApiJson(new_token(&state, &user, &request).await?)))
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{token_id}", tag = "settings",
    params(("token_id" = String, Path)), responses((status = 204), (status = 404)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(token_id): Path<String>,
) -> AppResult<StatusCode> {
    if state.store.revoke_api_token(&user.id, &token_id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

/// Instance settings (admin only).
#[utoipa::path(get, path = "/api/v1/admin/settings", tag = "settings",
    responses((status = 200, body = InstanceSettings), (status = 403)))]
pub async fn get_instance_settings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<ApiJson<InstanceSettings>> {
    require_admin(&user)?;
    Ok(ApiJson(InstanceSettings { signup_mode: SignupMode::load(&state).await? }))
}

/// Changes instance settings (admin only).
#[utoipa::path(put, path = "/api/v1/admin/settings", tag = "settings", request_body = InstanceSettings,
    responses((status = 200, body = InstanceSettings), (status = 403)))]
pub async fn put_instance_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<InstanceSettings>,
) -> AppResult<ApiJson<InstanceSettings>> {
    require_admin(&user)?;
    state.store.put_setting(SIGNUP_MODE, request.signup_mode.as_str()).await?;
    Ok(ApiJson(request))
}
