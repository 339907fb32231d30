//! Body extractors whose rejections speak the app's error format, and the body-size gate.

use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{FromRequest, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::{AppError, AppState};

/// `Json<T>` whose rejections are `AppError`s: malformed JSON is a 400 with the parser's position,
/// a well-formed body of the wrong shape a 422, an oversized one a 413.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::JsonDataError(error) => AppError::invalid("body", error.body_text()),
        JsonRejection::JsonSyntaxError(error) => {
            AppError::BadRequest(format!("Malformed JSON: {}", error.body_text()))
        }
        JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType("application/json"),
        JsonRejection::BytesRejection(error)
            if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE =>
        {
            AppError::PayloadTooLarge
        }
        other => AppError::BadRequest(other.body_text()),
    }
}

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `Form<T>` with the same treatment as `ApiJson`.
#[derive(Debug, Clone, Copy, Default)]
pub struct FormData<T>(pub T);

impl<S, T> FromRequest<S> for FormData<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(Self(value)),
            Err(FormRejection::FailedToDeserializeForm(error)) => {
                Err(AppError::invalid("form", error.body_text()))
            }
            Err(FormRejection::FailedToDeserializeFormBody(error)) => {
                Err(AppError::invalid("form", error.body_text()))
            }
            Err(FormRejection::InvalidFormContentType(_)) => {
                Err(AppError::UnsupportedMediaType("application/x-www-form-urlencoded"))
            }
            Err(FormRejection::BytesRejection(error))
                if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Err(AppError::PayloadTooLarge)
            }
            Err(other) => Err(AppError::BadRequest(other.body_text())),
        }
    }
}

/// Answers 413 as soon as a declared `Content-Length` exceeds the limit, before anything reads
/// the body. Bodies without a length are capped where they are read (`DefaultBodyLimit`).
pub async fn limit_body_size(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse::<u64>().ok());
    match declared {
        Some(length) if length > state.config.max_body_bytes as u64 => {
            AppError::PayloadTooLarge.into_response()
        }
        _ => next.run(request).await,
    }
}
