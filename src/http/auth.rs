//! Who is calling: session cookies, bearer tokens, and the extractors that turn them into users
//! and circle memberships. Authorisation to a circle is decided here, before any handler runs.

use axum::extract::{FromRef, FromRequestParts, Path};
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, Key, SameSite, SignedCookieJar};
use mockloop_core::{CircleRole, Id};
use serde::Serialize;
use std::collections::HashMap;

use super::{AppError, AppState};
use crate::secrets;
use crate::store::users::UserRow;

pub const SESSION_COOKIE: &str = "mockloop_session";

/// A signed-in user, from the session cookie or an `Authorization: Bearer` API token.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    /// The hash of the session token when the request came with a session cookie.
    pub session_hash: Option<String>,
    pub via: AuthMethod,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMethod {
    Session,
    ApiToken,
}

/// The public view of a user, as the API returns it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
}

impl CurrentUser {
    fn from_row(row: UserRow, session_hash: Option<String>, via: AuthMethod) -> Self {
        Self {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            is_admin: row.is_admin,
            session_hash,
            via,
        }
    }

    pub fn view(&self) -> UserView {
        UserView {
            id: self.id.clone(),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            is_admin: self.is_admin,
        }
    }
}

/// Reads the bearer token from the Authorization header, if there is one.
pub fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

async fn resolve_user(parts: &mut Parts, state: &AppState) -> Result<Option<CurrentUser>, AppError> {
    if let Some(cached) = parts.extensions.get::<Option<CurrentUser>>() {
        return Ok(cached.clone());
    }
    let now = secrets::now();
    let user = if let Some(token) = bearer_token(parts) {
        // A bad bearer token is an error, not an anonymous request: the client meant to sign in.
        let row = state.store.api_token_user(&secrets::hash_token(token), now).await?;
        Some(
            row.map(|row| CurrentUser::from_row(row, None, AuthMethod::ApiToken))
                .ok_or(AppError::Unauthorized)?,
        )
    } else {
        let jar = SignedCookieJar::<Key>::from_headers(&parts.headers, state.cookie_key.clone());
        match jar.get(SESSION_COOKIE) {
            None => None,
            Some(cookie) => {
                let hash = secrets::hash_token(cookie.value());
                let row = state.store.session_user(&hash, now).await?;
                row.map(|row| CurrentUser::from_row(row, Some(hash), AuthMethod::Session))
            }
        }
    };
    parts.extensions.insert(user.clone());
    Ok(user)
}

impl<S> FromRequestParts<S> for CurrentUser
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        resolve_user(parts, &state).await?.ok_or(AppError::Unauthorized)
    }
}

/// The caller if signed in, or `None`; never rejects for a missing session.
#[derive(Clone, Debug)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl<S> FromRequestParts<S> for MaybeUser
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        Ok(Self(resolve_user(parts, &state).await?))
    }
}

/// A signed-in member of the circle named by the route's `{circle_id}`.
///
/// Anyone else gets 404, exactly as for a circle that does not exist, so a non-member learns
/// nothing, not even that the circle exists. Every route under a circle takes this extractor
/// first; `tests/api/authorisation.rs` walks the router to prove it.
#[derive(Clone, Debug)]
pub struct CircleMember {
    pub user: CurrentUser,
    pub circle_id: Id,
    pub role: CircleRole,
}

impl<S> FromRequestParts<S> for CircleMember
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let circle_id =
            params.get("circle_id").and_then(|raw| Id::parse(raw).ok()).ok_or(AppError::NotFound)?;
        let app = AppState::from_ref(state);
        let role = app.store.membership(circle_id.as_str(), &user.id).await?.ok_or(AppError::NotFound)?;
        Ok(Self { user, circle_id, role })
    }
}

impl CircleMember {
    /// Rejects members who may not manage the circle's membership.
    pub fn require_owner(&self) -> Result<(), AppError> {
        if self.role.may_manage_members() {
            Ok(())
        } else {
            Err(AppError::Forbidden("Only the circle's owner can do that."))
        }
    }
}

/// Starts a session for `user_id` and returns the cookie that carries it.
pub async fn start_session(state: &AppState, user_id: &str) -> Result<Cookie<'static>, AppError> {
    let token = secrets::new_token("");
    let now = secrets::now();
    let expires_at = now + state.config.session_days * 86_400;
    state.store.create_session(&secrets::hash_token(&token), user_id, now, expires_at).await?;
    let max_age = time::Duration::days(state.config.session_days);
    Ok(Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.secure_cookies())
        .max_age(max_age)
        .build())
}

/// A cookie that removes the session cookie.
pub fn end_session_cookie() -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, "")).path("/").build()
}

pub fn hash_password(password: &str) -> Result<String, AppError> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::encode_b64(&secrets::random_bytes::<16>()).map_err(AppError::internal)?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(AppError::internal)
}

pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(stored_hash)
        .map(|hash| argon2::Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
        .unwrap_or(false)
}

/// Hashing takes tens of milliseconds of CPU on purpose; keep it off the async workers.
pub async fn hash_password_blocking(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(AppError::internal)?
}

pub async fn verify_password_blocking(password: String, stored_hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || verify_password(&password, &stored_hash))
        .await
        .map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_verifies_only_the_same_password() {
        let hash = hash_password("correct horse battery").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterx", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }
}
