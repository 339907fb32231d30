//! Accounts: sign up, sign in, sign out, change password; as pages and as API routes.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, put};
use axum_extra::extract::cookie::{Key, SignedCookieJar};
use mockloop_core::{DisplayName, Email, NewPassword};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{self, CurrentUser, MaybeUser, UserView};
use super::csrf::CsrfToken;
use super::extract::{ApiJson, FormData};
use super::pages::{redirect_with, render, safe_next, Chrome, Notice};
use super::{AppError, AppResult, AppState, RouteMap};
use crate::secrets;
use crate::store::settings::SIGNUP_MODE;
use crate::store::users::{NewUser, UserRow};

/// Failed sign-ins allowed per account, and per client address, within the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

pub fn page_routes() -> RouteMap {
    RouteMap::default()
        .route("/signup", get(signup_page).post(submit_signup))
        .route("/signin", get(signin_page).post(submit_signin))
        .route("/signout", post(submit_signout))
}

pub fn api_routes() -> RouteMap {
    RouteMap::default()
        .route("/api/v1/csrf", get(get_csrf))
        .route("/api/v1/accounts", post(create_account))
        .route("/api/v1/session", post(create_session).delete(delete_session))
        .route("/api/v1/me", get(get_me))
        .route("/api/v1/me/password", put(change_password))
}

/// Whether new accounts need an invite link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignupMode {
    Open,
    InviteOnly,
}

impl SignupMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InviteOnly => "invite_only",
        }
    }

    pub async fn load(state: &AppState) -> AppResult<Self> {
        Ok(match state.store.setting(SIGNUP_MODE).await?.as_deref() {
            Some("invite_only") => Self::InviteOnly,
            _ => Self::Open,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignUpRequest {
    pub email: String,
    pub display_name: String,
    pub password: String,
    /// An invite link's token; required when sign-up is invite-only.
    #[serde(default)]
    pub invite: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CsrfView {
    /// Send as the `X-CSRF-Token` header with cookie-authenticated writes.
    pub token: String,
}

/// Validates and creates an account.
async fn sign_up(state: &AppState, request: &SignUpRequest) -> AppResult<UserRow> {
    let email = Email::parse(&request.email).map_err(|e| AppError::invalid("email", e))?;
    let display_name =
        DisplayName::parse(&request.display_name).map_err(|e| AppError::invalid("display_name", e))?;
    let password = NewPassword::parse(&request.password).map_err(|e| AppError::invalid("password", e))?;
    if SignupMode::load(state).await? == SignupMode::InviteOnly {
        let invite_is_open = match request.invite.as_deref() {
            Some(token) => state
                .store
                .invite_by_token_hash(&secrets::hash_token(token))
                .await?
                .is_some_and(|invite| invite.used_at.is_none() && invite.expires_at > secrets::now()),
            None => false,
        };
        if !invite_is_open {
            return Err(AppError::Forbidden(
                "Sign-up is by invitation only. Ask a member for an invite link.",
            ));
        }
    }
    let password_hash = auth::hash_password_blocking(password.expose().to_owned()).await?;
    let id = secrets::new_id();
    let user = NewUser {
        id: &id,
        email: &email,
        display_name: &display_name,
        password_hash: &password_hash,
        created_at: secrets::now(),
    };
    state.store.create_user(user).await.map_err(|error| match AppError::from(error) {
        AppError::Conflict { field, .. } => AppError::Conflict {
            field,
            message: "An account with this email already exists. Sign in instead.".to_owned(),
        },
        other => other,
    })
}

/// Checks credentials under the failure limits. The limit is checked before the password so a
/// locked account stays locked even for a right guess, and the answer for an unknown email is
/// the same as for a wrong password.
async fn sign_in(state: &AppState, request: &SignInRequest, client: SocketAddr) -> AppResult<UserRow> {
    let account_key = request.email.trim().to_lowercase();
    let client_key = client.ip().to_string();
    let now = secrets::now();
    let failures =
        state.store.sign_in_failures_since(&account_key, &client_key, now - FAILURE_WINDOW_SECS).await?;
    if failures.account >= MAX_FAILURES_PER_ACCOUNT || failures.client >= MAX_FAILURES_PER_CLIENT {
        return Err(AppError::RateLimited { retry_after_secs: FAILURE_WINDOW_SECS as u64 });
    }
    let user = match Email::parse(&request.email) {
        Ok(email) => state.store.user_by_email(&email).await?,
        Err(_) => None,
    };
    let verified = match &user {
        Some(user) => {
            auth::verify_password_blocking(request.password.clone(), user.password_hash.clone()).await?
        }
        None => {
            // Spend the same time as a real check so response timing does not reveal accounts.
            let _ = auth::hash_password_blocking(request.password.clone()).await?;
            false
        }
    };
    match user {
        Some(user) if verified => {
            state.store.clear_sign_in_failures(&account_key).await?;
            Ok(user)
        }
        _ => {
            state
                .store
                .record_sign_in_failure(secrets::new_id().as_str(), &account_key, &client_key, now)
                .await?;
            Err(AppError::invalid("password", "That email and password do not match an account."))
        }
    }
}

async fn change_password_of(
    state: &AppState,
    user: &CurrentUser,
    request: &ChangePasswordRequest,
) -> AppResult<()> {
    let row = state.store.user_by_id(&user.id).await?.ok_or(AppError::Unauthorized)?;
    if !auth::verify_password_blocking(request.current_password.clone(), row.password_hash).await? {
        return Err(AppError::invalid("current_password", "Your current password is not correct."));
    }
    let new_password =
        NewPassword::parse(&request.new_password).map_err(|e| AppError::invalid("new_password", e))?;
    let hash = auth::hash_password_blocking(new_password.expose().to_owned()).await?;
    state.store.set_password_hash(&user.id, &hash).await?;
    state.store.delete_other_sessions(&user.id, user.session_hash.as_deref().unwrap_or("")).await?;
    Ok(())
}

fn view_of(row: &UserRow) -> UserView {
    UserView {
        id: row.id.clone(),
        email: row.email.clone(),
        display_name: row.display_name.clone(),
        is_admin: row.is_admin,
    }
}

// ---- pages ----

#[derive(Template)]
#[template(path = "signup.html")]
struct SignUpPage {
    chrome: Chrome,
    email: String,
    display_name: String,
    invite: String,
    next: String,
    invite_only: bool,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    chrome: Chrome,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct AuthPageQuery {
    next: Option<String>,
    invite: Option<String>,
    notice: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SignUpForm {
    email: String,
    display_name: String,
    password: String,
    #[serde(default)]
    invite: String,
    #[serde(default)]
    next: String,
}

#[derive(Debug, Deserialize)]
struct SignInForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

async fn signup_page(
    State(state): State<AppState>,
    user: MaybeUser,
    csrf: CsrfToken,
    Query(query): Query<AuthPageQuery>,
) -> AppResult<Response> {
    let next = safe_next(query.next.as_deref());
    if user.0.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let page = SignUpPage {
        chrome: Chrome::new(&user, &csrf, None),
        email: String::new(),
        display_name: String::new(),
        invite: query.invite.unwrap_or_default(),
        next,
        invite_only: SignupMode::load(&state).await? == SignupMode::InviteOnly,
        error: None,
    };
    Ok(render(&page)?.into_response())
}

async fn submit_signup(
    State(state): State<AppState>,
    jar: SignedCookieJar<Key>,
    user: MaybeUser,
    csrf: CsrfToken,
    FormData(form): FormData<SignUpForm>,
) -> AppResult<Response> {
    let request = SignUpRequest {
        email: form.email.clone(),
        display_name: form.display_name.clone(),
        password: form.password,
        invite: Some(form.invite.clone()).filter(|token| !token.is_empty()),
    };
    match sign_up(&state, &request).await {
        Ok(row) => {
            let cookie = auth::start_session(&state, &row.id).await?;
            Ok((jar.add(cookie), Redirect::to(&safe_next(Some(&form.next)))).into_response())
        }
        Err(error @ (AppError::Invalid { .. } | AppError::Conflict { .. } | AppError::Forbidden(_))) => {
            let status = error.status();
            let page = SignUpPage {
                chrome: Chrome::new(&user, &csrf, None),
                email: form.email,
                display_name: form.display_name,
                invite: form.invite,
                next: safe_next(Some(&form.next)),
                invite_only: SignupMode::load(&state).await? == SignupMode::InviteOnly,
                error: Some(error.to_string()),
            };
            Ok((status, render(&page)?).into_response())
        }
        Err(other) => Err(other),
    }
}

async fn signin_page(
    user: MaybeUser,
    csrf: CsrfToken,
    Query(query): Query<AuthPageQuery>,
) -> AppResult<Response> {
    let next = safe_next(query.next.as_deref());
    if user.0.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let notice = super::pages::NoticeQuery { notice: query.notice }.notice();
    let page =
        SignInPage { chrome: Chrome::new(&user, &csrf, notice), email: String::new(), next, error: None };
    Ok(render(&page)?.into_response())
}

async fn submit_signin(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    jar: SignedCookieJar<Key>,
    user: MaybeUser,
    csrf: CsrfToken,
    FormData(form): FormData<SignInForm>,
) -> AppResult<Response> {
    let request = SignInRequest { email: form.email.clone(), password: form.password };
    match sign_in(&state, &request, client).await {
        Ok(row) => {
            let cookie = auth::start_session(&state, &row.id).await?;
            Ok((jar.add(cookie), Redirect::to(&safe_next(Some(&form.next)))).into_response())
        }
        Err(error @ (AppError::Invalid { .. } | AppError::RateLimited { .. })) => {
            let status = error.status();
            let page = SignInPage {
                chrome: Chrome::new(&user, &csrf, None),
                email: form.email,
                next: safe_next(Some(&form.next)),
                error: Some(error.to_string()),
            };
            Ok((status, render(&page)?).into_response())
        }
        Err(other) => Err(other),
    }
}

async fn submit_signout(
    State(state): State<AppState>,
    jar: SignedCookieJar<Key>,
    user: MaybeUser,
) -> AppResult<Response> {
    if let Some(hash) = user.0.and_then(|user| user.session_hash) {
        state.store.delete_session(&hash).await?;
    }
    Ok((jar.remove(auth::end_session_cookie()), redirect_with("/signin", Notice::SignedOut)).into_response())
}

// ---- API ----

/// The caller's CSRF token (and the cookie that carries it), for cookie-authenticated clients.
#[utoipa::path(get, path = "/api/v1/csrf", tag = "accounts", responses((status = 200, body = CsrfView)))]
pub async fn get_csrf(csrf: CsrfToken) -> ApiJson<CsrfView> {
    ApiJson(CsrfView { token: csrf.0 })
}

/// Creates an account and signs it in (session cookie). The first account becomes the admin.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = SignUpRequest,
    responses((status = 201, body = UserView), (status = 409, description = "Email taken"),
              (status = 422, description = "Invalid input"), (status = 403, description = "Invite-only")))]
pub async fn create_account(
    State(state): State<AppState>,
    jar: SignedCookieJar<Key>,
    ApiJson(request): ApiJson<SignUpRequest>,
) -> AppResult<Response> {
    let row = sign_up(&state, &request).await?;
    let cookie = auth::start_session(&state, &row.id).await?;
    Ok((StatusCode::CREATED, jar.add(cookie), ApiJson(view_of(&row))).into_response())
}

/// Signs in with email and password (session cookie). Failures are rate-limited.
#[utoipa::path(post, path = "/api/v1/session", tag = "accounts", request_body = SignInRequest,
    responses((status = 200, body = UserView), (status = 422, description = "Wrong email or password"),
              (status = 429, description = "Too many failures")))]
pub async fn create_session(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    jar: SignedCookieJar<Key>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> AppResult<Response> {
    let row = sign_in(&state, &request, client).await?;
    let cookie = auth::start_session(&state, &row.id).await?;
    Ok((jar.add(cookie), ApiJson(view_of(&row))).into_response())
}

/// Signs out the current session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "accounts", responses((status = 204)))]
pub async fn delete_session(
    State(state): State<AppState>,
    jar: SignedCookieJar<Key>,
    user: CurrentUser,
) -> AppResult<Response> {
    if let Some(hash) = &user.session_hash {
        state.store.delete_session(hash).await?;
    }
    Ok((jar.remove(auth::end_session_cookie()), StatusCode::NO_CONTENT).into_response())
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = UserView), (status = 401, description = "Not signed in")))]
pub async fn get_me(user: CurrentUser) -> ApiJson<UserView> {
    ApiJson(user.view())
}

/// Changes the password and signs out every other session.
#[utoipa::path(put, path = "/api/v1/me/password", tag = "accounts", request_body = ChangePasswordRequest,
    responses((status = 204), (status = 422, description = "Wrong current password or weak new one")))]
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> AppResult<StatusCode> {
    change_password_of(&state, &user, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn change_password_form(
    state: &AppState,
    user: &CurrentUser,
    request: &ChangePasswordRequest,
) -> AppResult<()> {
    change_password_of(state, user, request).await
}
