//! `POST /api/v1/runs`: run code against a coding question in the sandbox, for the candidate's
//! Run (visible tests) and Submit (hidden tests too) buttons.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::routing::post;
use serde::Deserialize;
use utoipa::ToSchema;

use super::auth::CurrentUser;
use super::extract::ApiJson;
use super::{AppError, AppResult, AppState, RouteMap};
use crate::config::RunMode;
use crate::runner::{RunError, RunReport, Scope};

/// Largest program accepted, in bytes.
pub const MAX_CODE_BYTES: usize = 64 * 1024;

pub fn api_routes() -> RouteMap {
    RouteMap::default().route("/api/v1/runs", post(create_run))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRun {
    pub question_id: String,
    /// Python source defining the question's entry function, or one SQL query.
    pub code: String,
    /// Judge on the hidden tests too (Submit); otherwise only the visible examples (Run).
    #[serde(default)]
    pub hidden: bool,
}

/// Runs per user per minute, counted in memory: a fairness guard in front of the queue, not an
/// accounting system, so it need not survive a restart.
#[derive(Debug)]
pub struct RunLimiter {
    per_minute: u32,
    recent: Mutex<HashMap<String, Vec<Instant>>>,
}

impl RunLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self { per_minute, recent: Mutex::new(HashMap::new()) }
    }

    /// Records a run for `user_id`, or says how many seconds to wait.
    pub fn admit(&self, user_id: &str, now: Instant) -> Result<(), u64> {
        let window = Duration::from_secs(60);
        let Ok(mut recent) = self.recent.lock() else { return Ok(()) };
        let times = recent.entry(user_id.to_owned()).or_default();
        times.retain(|at| now.duration_since(*at) < window);
        if times.len() >= self.per_minute as usize {
            let oldest = times.first().copied().unwrap_or(now);
            return Err(window.saturating_sub(now.duration_since(oldest)).as_secs().max(1));
        }
        times.push(now);
        Ok(())
    }
}

/// Runs code in the sandbox and returns the verdict with per-case results; hidden cases report
/// only whether they passed.
#[utoipa::path(post, path = "/api/v1/runs", tag = "runs", request_body = NewRun,
    responses((status = 200, body = RunReport), (status = 404, description = "Unknown question"),
              (status = 422, description = "Not a coding question, or code too large"),
              (status = 429, description = "Rate limit or full queue; see Retry-After"),
              (status = 503, description = "The sandbox is unavailable on this server")))]
pub async fn create_run(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<NewRun>,
) -> AppResult<ApiJson<RunReport>> {
    let question = state.bank.question(&request.question_id).ok_or(AppError::NotFound)?;
    if question.coding.is_none() {
        return Err(AppError::invalid("question_id", "Only coding questions have code to run."));
    }
    Ok(ApiJson(run_code(&state, &user, question, &request.code, request.hidden).await?))
}

/// Runs code for a user: the size and per-user limits, then the local runner or the workers' queue.
pub async fn run_code(
    state: &AppState,
    user: &CurrentUser,
    question: &mockloop_core::bank::Question,
    code: &str,
    hidden: bool,
) -> AppResult<RunReport> {
    if code.len() > MAX_CODE_BYTES {
        return Err(AppError::invalid("code", format!("Keep the code under {} KiB.", MAX_CODE_BYTES / 1024)));
    }
    state
        .run_limiter
        .admit(&user.id, Instant::now())
        .map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })?;
    let scope = if hidden { Scope::All } else { Scope::Visible };
    if state.config.run_mode == RunMode::Workers {
        return run_on_workers(state, user, &question.id, code, scope).await;
    }
    let report = state.runner.run(question, code, scope).await.map_err(|error| match error {
        RunError::QueueFull { retry_after_secs } => AppError::RateLimited { retry_after_secs },
        RunError::Unavailable(reason) => {
            AppError::Unavailable(format!("Code runs are unavailable: {reason}"))
        }
        RunError::NotCoding(_) => AppError::invalid("question_id", "Only coding questions have code to run."),
        RunError::Sandbox(reason) => AppError::internal(reason),
    })?;
    tracing::info!(question = %question.id, verdict = report.verdict.as_str(), ms = report.time_ms, "code run");
    Ok(report)
}

/// Most jobs waiting for workers before new runs are turned away.
pub const MAX_QUEUED_JOBS: i64 = 64;
/// How long a request waits for a worker's report before giving up.
pub const WORKER_WAIT: Duration = Duration::from_secs(45);

/// Queues the run for `mockloop worker` processes and waits for its report.
async fn run_on_workers(
    state: &AppState,
    user: &CurrentUser,
    question_id: &str,
    code: &str,
    scope: Scope,
) -> AppResult<RunReport> {
    if state.store.queued_runs().await? >= MAX_QUEUED_JOBS {
        return Err(AppError::RateLimited { retry_after_secs: 2 });
    }
    let id = crate::secrets::new_id().to_string();
    let scope_text = if scope == Scope::All { "all" } else { "visible" };
    state.store.enqueue_run(&id, &user.id, question_id, code, scope_text, crate::secrets::now()).await?;
    let deadline = Instant::now() + WORKER_WAIT;
    let mut pause = Duration::from_millis(10);
    while Instant::now() < deadline {
        if let Some(json) = state.store.run_report(&id).await? {
            let value: serde_json::Value = serde_json::from_str(&json).map_err(AppError::internal)?;
            if let Some(error) = value.get("error").and_then(|e| e.as_str()) {
                return Err(AppError::Unavailable(format!("The run could not be executed: {error}")));
            }
            return serde_json::from_value(value).map_err(AppError::internal);
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(100));
    }
    Err(AppError::Unavailable("No run worker answered in time; is `mockloop worker` running?".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_admits_up_to_the_limit_then_says_when_to_return() {
        let limiter = RunLimiter::new(2);
        let start = Instant::now();
        assert!(limiter.admit("a", start).is_ok());
        assert!(limiter.admit("a", start).is_ok());
        let wait = limiter.admit("a", start + Duration::from_secs(10)).expect_err("third in a minute");
        assert!((49..=50).contains(&wait), "{wait}");
        assert!(limiter.admit("b", start).is_ok(), "other users are not affected");
        assert!(limiter.admit("a", start + Duration::from_secs(61)).is_ok());
    }
}
