//! Operations: health check, Prometheus metrics, request logging and panic handling.

use std::any::Any;
use std::sync::atomic::AtomicI64;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use super::error::{ErrorBody, InternalCause};
use super::{AppError, AppState, RouteMap};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

/// What an operator graphs: traffic and latency by route, and open WebSockets.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    pub open_websockets: Gauge<i64, AtomicI64>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("mockloop");
        let requests = Family::<RequestLabels, Counter>::default();
        // 1 ms to ~16 s in doublings: covers page renders, argon2 sign-ins and code runs.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 15))
        });
        let open_websockets = Gauge::<i64, AtomicI64>::default();
        registry.register("http_requests", "HTTP requests by route and status", requests.clone());
        registry.register("http_request_duration_seconds", "HTTP request latency by route", latency.clone());
        registry.register("open_websockets", "WebSocket connections currently open", open_websockets.clone());
        Self { registry, requests, latency, open_websockets }
    }
}

impl Metrics {
    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// Counts and times each request by its route template (never the raw path, which would let
/// ids explode the label set), and logs failures with their hidden cause.
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let request_id =
        request.headers().get("x-request-id").and_then(|value| value.to_str().ok()).unwrap_or("-").to_owned();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status();
    state
        .metrics
        .requests
        .get_or_create(&RequestLabels {
            method: method.clone(),
            route: route.clone(),
            status: status.as_u16(),
        })
        .inc();
    state
        .metrics
        .latency
        .get_or_create(&RouteLabels { method: method.clone(), route: route.clone() })
        .observe(elapsed.as_secs_f64());
    if status.is_server_error() {
        let cause = response.extensions().get::<InternalCause>().map(|cause| cause.0.as_str().to_owned());
        tracing::error!(%request_id, %method, %route, status = status.as_u16(), cause = cause.as_deref().unwrap_or("-"), "request failed");
    } else {
        let code = response.extensions().get::<ErrorBody>().map(|body| body.code);
        tracing::info!(%request_id, %method, %route, status = status.as_u16(), ms = elapsed.as_millis() as u64, error = code.unwrap_or("-"), "request");
    }
    response
}

pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
        .unwrap_or_else(|| "unknown panic".to_owned());
    AppError::internal(format!("handler panicked: {detail}")).into_response()
}

pub fn routes() -> RouteMap {
    RouteMap::default().route("/healthz", get(healthz)).route("/metrics", get(metrics))
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, axum::Json(serde_json::json!({"status": "ok", "database": "ok"})))
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "unavailable", "database": "unreachable"})),
            )
                .into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    match state.metrics.render() {
        Ok(text) => {
            ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text)
                .into_response()
        }
        Err(error) => AppError::internal(error).into_response(),
    }
}
