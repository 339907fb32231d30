//! Cross-site request forgery protection for every state-changing request.
//!
//! Each visitor gets a random token in a signed, HttpOnly cookie. Pages embed the same token in
//! their forms (`csrf_token` field) and in a `<meta>` tag that scripts send back as the
//! `X-CSRF-Token` header. A POST, PUT, PATCH or DELETE must present a token equal to the cookie's,
//! which a page on another site cannot read. Requests authenticated with a bearer token carry no
//! ambient credentials, so they are exempt.

use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, Key, SameSite, SignedCookieJar};

use super::{auth, AppError, AppState};
use crate::secrets;

pub const CSRF_COOKIE: &str = "mockloop_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "csrf_token";

/// The caller's CSRF token, for templates to embed.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .ok_or_else(|| AppError::internal("CSRF middleware not installed"))
    }
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"))
}

/// Compares without an early exit, so timing does not reveal how much of a guess was right.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let jar = SignedCookieJar::<Key>::from_headers(request.headers(), state.cookie_key.clone());
    let existing = jar.get(CSRF_COOKIE).map(|cookie| cookie.value().to_owned());
    let (mut parts, body) = request.into_parts();
    let mut body = body;
    if is_state_changing(&parts.method) && auth::bearer_token(&parts).is_none() {
        let mut presented =
            parts.headers.get(CSRF_HEADER).and_then(|value| value.to_str().ok()).map(str::to_owned);
        if presented.is_none() && is_form(&parts.headers) {
            let bytes = match to_bytes(body, state.config.max_body_bytes).await {
                Ok(bytes) => bytes,
                Err(_) => return AppError::PayloadTooLarge.into_response(),
            };
            presented = url::form_urlencoded::parse(&bytes)
                .find(|(key, _)| key == CSRF_FIELD)
                .map(|(_, value)| value.into_owned());
            body = Body::from(bytes);
        }
        let accepted =
            matches!((&existing, &presented), (Some(expected), Some(given)) if same_token(expected, given));
        if !accepted {
            tracing::info!(method = %parts.method, path = %parts.uri.path(), "rejected a request without a valid CSRF token");
            return AppError::CsrfRejected.into_response();
        }
    }
    let token = existing.clone().unwrap_or_else(|| secrets::new_token(""));
    parts.extensions.insert(CsrfToken(token.clone()));
    let response = next.run(Request::from_parts(parts, body)).await;
    if existing.is_some() {
        return response;
    }
    let cookie = Cookie::build((CSRF_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.secure_cookies())
        .build();
    (jar.add(cookie), response).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_by_value_and_length() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
        assert!(!same_token("", "a"));
    }

    #[test]
    fn reads_are_not_state_changing() {
        assert!(!is_state_changing(&Method::GET));
        assert!(!is_state_changing(&Method::HEAD));
        assert!(is_state_changing(&Method::POST));
        assert!(is_state_changing(&Method::DELETE));
    }
}
