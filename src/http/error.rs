//! The app's one error type and how it becomes a response.
//!
//! Every error renders as JSON `{"error": {"code", "message"}}` with its status. Page routes pass
//! through `pages::render_page_errors`, which turns the same error into an HTML page (or a redirect
//! to sign-in), so handlers and extractors never need to know which kind of route they serve.
//! Internal causes are attached to the response for the logging middleware and never sent out.

use std::sync::Arc;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Sign in to continue.")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("The form expired or came from another site. Reload the page and try again.")]
    CsrfRejected,
    #[error("Not found.")]
    NotFound,
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    #[error("{message}")]
    Conflict { field: &'static str, message: String },
    #[error("{0}")]
    BadRequest(String),
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    #[error("The request body is larger than this server accepts.")]
    PayloadTooLarge,
    #[error("Send the body as {0}.")]
    UnsupportedMediaType(&'static str),
    #[error("{0}")]
    Unavailable(String),
    #[error("Something went wrong on our side; it has been logged.")]
    Internal(String),
}

/// The machine-readable part of an error response, also left in the response's extensions so
/// that middleware can log or re-render it.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorBody {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

/// The hidden cause of a 500, for the logging middleware only.
#[derive(Clone, Debug)]
pub struct InternalCause(pub Arc<String>);

#[derive(Serialize)]
struct ErrorEnvelope<'a> {
    error: &'a ErrorBody,
}

impl AppError {
    pub fn invalid(field: &'static str, message: impl ToString) -> Self {
        Self::Invalid { field, message: message.to_string() }
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) | Self::CsrfRejected => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::CsrfRejected => "csrf_rejected",
            Self::NotFound => "not_found",
            Self::Invalid { .. } => "invalid",
            Self::Conflict { .. } => "conflict",
            Self::BadRequest(_) => "bad_request",
            Self::RateLimited { .. } => "rate_limited",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    pub fn body(&self) -> ErrorBody {
        let field = match self {
            Self::Invalid { field, .. } | Self::Conflict { field, .. } => Some(*field),
            _ => None,
        };
        ErrorBody { code: self.code(), message: self.to_string(), field }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = self.body();
        let mut response = (self.status(), Json(ErrorEnvelope { error: &body })).into_response();
        if let Self::RateLimited { retry_after_secs } = &self {
            if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if let Self::Internal(cause) = self {
            response.extensions_mut().insert(InternalCause(Arc::new(cause)));
        }
        response.extensions_mut().insert(body);
        response
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(field) => {
                Self::Conflict { field, message: format!("That {field} is already taken.") }
            }
            other => Self::internal(other),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        Self::internal(format!("template: {error}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;
