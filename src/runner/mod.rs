//! Running candidates' code: a bounded queue in front of the sandbox, the job sent to the
//! harness, and the report judged against the question's tests. Used by `mockloop run`,
//! `POST /api/v1/runs` and `mockloop bank check`. No web types here.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mockloop_core::bank::{CodingSpec, Language, Question};
use mockloop_core::judge::Verdict;
use serde::Serialize;
use serde_json::{json, Value};
use tokio::sync::Semaphore;

pub mod bench;
pub mod report;
pub mod sandbox;
mod seccomp;

pub use report::{CaseReport, HiddenSummary, RunReport};
use sandbox::{Ending, Limits, Outcome, Prepared, Sandbox, SandboxError};

pub(crate) const HARNESS: &str = include_str!("harness.py");

/// Which tests a run is judged on: `Visible` is the candidate's "Run", `All` is "Submit".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Visible,
    All,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Unavailable(String),
    #[error("the run queue is full; try again in {retry_after_secs} seconds")]
    QueueFull { retry_after_secs: u64 },
    #[error("question {0} is not a coding question")]
    NotCoding(String),
    #[error("{0}")]
    Sandbox(String),
}

/// Runs code through a bounded queue: at most `parallelism` runs at once, and at most
/// `max_waiting` waiting; beyond that callers are told to come back rather than queued.
#[derive(Debug)]
pub struct Runner {
    sandbox: Result<Sandbox, String>,
    permits: Semaphore,
    waiting: AtomicUsize,
    max_waiting: usize,
    parallelism: usize,
    /// Sandboxes started ahead of time, by limits, each for one future run; `None` runs cold.
    warm: Option<Mutex<HashMap<Limits, Vec<Prepared>>>>,
}

/// Whether a runner keeps sandboxes started ahead of requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warmth {
    /// Keep up to `parallelism` started sandboxes per limit set (servers).
    Warm,
    /// Start each sandbox when its run comes (one-off commands, tests that count processes).
    Cold,
}

/// The program every run executes inside the sandbox.
const PROGRAM: &[&str] = &["/usr/bin/python3", "-I", "-S", "/opt/harness.py"];

impl Runner {
    /// A runner with `parallelism` concurrent runs. When the sandbox is unavailable the runner
    /// still exists and answers every run with the reason, so the rest of mockloop keeps working.
    pub fn new(parallelism: usize) -> Arc<Self> {
        Self::with_options(parallelism, parallelism.max(1) * 8, Warmth::Warm)
    }

    /// A runner whose queue holds `max_waiting` runs (batch jobs like `bank check` wait longer).
    pub fn with_options(parallelism: usize, max_waiting: usize, warmth: Warmth) -> Arc<Self> {
        let parallelism = parallelism.max(1);
        let sandbox = Sandbox::new(HARNESS).map_err(|e| e.to_string());
        if let Err(reason) = &sandbox {
            tracing::warn!(%reason, "code runs are disabled");
        }
        Arc::new(Self {
            sandbox,
            permits: Semaphore::new(parallelism),
            waiting: AtomicUsize::new(0),
            max_waiting,
            parallelism,
            warm: (warmth == Warmth::Warm).then(|| Mutex::new(HashMap::new())),
        })
    }

    /// Parallelism defaults to the machine's cores.
    pub fn default_parallelism() -> usize {
        std::thread::available_parallelism().map(usize::from).unwrap_or(2)
    }

    pub fn parallelism(&self) -> usize {
        self.parallelism
    }

    pub fn availability(&self) -> Result<(), String> {
        self.sandbox.as_ref().map(|_| ()).map_err(Clone::clone)
    }

    /// Runs `code` against the question's tests in `scope`.
    pub async fn run(&self, question: &Question, code: &str, scope: Scope) -> Result<RunReport, RunError> {
        let coding = question.coding.as_ref().ok_or_else(|| RunError::NotCoding(question.id.clone()))?;
        let sandbox = self.sandbox.as_ref().map_err(|reason| RunError::Unavailable(reason.clone()))?;
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(RunError::QueueFull { retry_after_secs: 2 });
        }
        let permit = self.permits.acquire().await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let _permit = permit.map_err(|_| RunError::Unavailable("the runner is shutting down".into()))?;
        let limits = limits_for(coding);
        let prepared = match self.take_warm(&limits) {
            Some(prepared) => prepared,
            None => sandbox.prepare(PROGRAM, &limits).map_err(|e| RunError::Sandbox(e.to_string()))?,
        };
        self.replenish(sandbox, &limits);
        run_prepared(prepared, coding, code, scope).await
    }

    fn take_warm(&self, limits: &Limits) -> Option<Prepared> {
        self.warm.as_ref()?.lock().ok()?.get_mut(limits)?.pop()
    }

    /// Starts a sandbox for a later run with these limits, up to `parallelism` waiting.
    fn replenish(&self, sandbox: &Sandbox, limits: &Limits) {
        let Some(warm) = &self.warm else { return };
        let Ok(mut pool) = warm.lock() else { return };
        let ready = pool.entry(*limits).or_default();
        if ready.len() < self.parallelism {
            match sandbox.prepare(PROGRAM, limits) {
                Ok(prepared) => ready.push(prepared),
                Err(error) => tracing::warn!(%error, "could not start a sandbox ahead of time"),
            }
        }
    }
}

/// Limits for a question: wall time from the question, CPU at two fifths of it (at least 1 s).
pub fn limits_for(coding: &CodingSpec) -> Limits {
    let wall_ms = u64::from(coding.time_limit_ms.clamp(500, 30_000));
    Limits {
        wall: Duration::from_millis(wall_ms),
        cpu_seconds: (wall_ms * 2 / 5).div_ceil(1000).max(1),
        memory_bytes: u64::from(coding.memory_mb.clamp(32, 1024)) * 1024 * 1024,
        ..Limits::default()
    }
}

/// The job for the harness. Expected values stay out: they never enter the sandbox.
pub fn job_for(coding: &CodingSpec, code: &str, scope: Scope, nonce: &str) -> Value {
    let cases: Vec<Value> = coding
        .tests
        .iter()
        .filter(|case| scope == Scope::All || !case.hidden)
        .map(|case| json!({"name": case.name, "args": case.args, "setup": case.setup}))
        .collect();
    let case_seconds =
        (f64::from(coding.time_limit_ms) / 1000.0 / (cases.len() as f64 + 1.0)).clamp(0.2, 2.0);
    json!({
        "nonce": nonce,
        "language": match coding.language { Language::Python => "python", Language::Sql => "sql" },
        "code": code,
        "entry": coding.entry,
        "schema": coding.schema,
        "cases": cases,
        "case_seconds": case_seconds,
    })
}

async fn run_prepared(
    prepared: Prepared,
    coding: &CodingSpec,
    code: &str,
    scope: Scope,
) -> Result<RunReport, RunError> {
    let nonce = crate::secrets::new_token("run_");
    let job = job_for(coding, code, scope, &nonce);
    let stdin = serde_json::to_vec(&job).map_err(|e| RunError::Sandbox(e.to_string()))?;
    let limits = *prepared.limits();
    let outcome = prepared.run(stdin).await.map_err(|e: SandboxError| RunError::Sandbox(e.to_string()))?;
    Ok(report::judge(coding, scope, &outcome, &nonce, &limits))
}

/// Extracts the harness's report (the text after the last nonce) from the program's stdout.
pub fn harness_report(stdout: &[u8], nonce: &str) -> Option<Value> {
    let text = String::from_utf8_lossy(stdout);
    let start = text.rfind(nonce)? + nonce.len();
    serde_json::from_str(text[start..].lines().next()?).ok()
}

/// A verdict for a process that ended without a report. bubblewrap passes a signal death on as
/// exit status 128 + signal, so both forms are read as the signal.
pub fn verdict_without_report(outcome: &Outcome, limits: &Limits) -> (Verdict, &'static str) {
    let stderr = String::from_utf8_lossy(&outcome.stderr);
    let signal = match outcome.ending {
        Ending::Signaled(signal) => Some(signal),
        Ending::Exited(code) if (129..=192).contains(&code) => Some(code - 128),
        _ => None,
    };
    let used_cpu_budget = outcome.elapsed.as_secs() >= limits.cpu_seconds;
    match (outcome.ending, signal) {
        (Ending::WallTimeout, _) => {
            (Verdict::TimeLimit, "the program ran past its wall-clock limit and was stopped")
        }
        (Ending::OutputLimit, _) => {
            (Verdict::OutputLimit, "the program wrote more output than allowed and was stopped")
        }
        // SIGXCPU at the soft CPU limit, SIGKILL at the hard one a second later.
        (_, Some(24)) => (Verdict::TimeLimit, "the program used up its CPU time"),
        (_, Some(9)) if used_cpu_budget => (Verdict::TimeLimit, "the program used up its CPU time"),
        (_, Some(25)) => (Verdict::OutputLimit, "the program wrote a file larger than allowed"),
        (_, Some(_)) => (Verdict::RuntimeError, "the program was killed by a signal"),
        _ if stderr.contains("bwrap:") => (Verdict::SandboxError, "the sandbox could not start"),
        _ if stderr.contains("MemoryError") => (Verdict::MemoryLimit, "the program ran out of memory"),
        _ => (Verdict::RuntimeError, "the program exited before the harness could report"),
    }
}
