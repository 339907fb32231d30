//! A run's report: per-case results (full for visible cases, pass/fail only for hidden ones),
//! captured output, and the overall verdict.

use mockloop_core::bank::{CodingSpec, Language, TestCase};
use mockloop_core::judge::{python_matches, sql_matches, Verdict};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::sandbox::{Limits, Outcome};
use super::{harness_report, verdict_without_report, Scope};

/// Captured output kept in a report, per stream.
pub const REPORTED_OUTPUT_BYTES: usize = 64 * 1024;

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CaseReport {
    pub name: String,
    pub passed: bool,
    pub hidden: bool,
    /// `ok`, `runtime_error`, `time_limit`, `memory_limit` or `output_limit`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub got: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stdout: Option<String>,
    /// The error with the traceback lines of the candidate's code (visible cases only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub time_ms: f64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HiddenSummary {
    pub passed: usize,
    pub total: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RunReport {
    /// accepted, wrong_answer, runtime_error, time_limit, memory_limit, output_limit, compile_error, sandbox_error.
    #[schema(value_type = String)]
    pub verdict: Verdict,
    /// What went wrong, when the run as a whole failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub cases: Vec<CaseReport>,
    pub hidden: HiddenSummary,
    /// Output of the program outside any test case, and of the visible cases.
    pub stdout: String,
    pub stderr: String,
    pub stdout_truncated: bool,
    pub stderr_truncated: bool,
    pub time_ms: u64,
}

fn truncate(text: &str) -> (String, bool) {
    if text.len() <= REPORTED_OUTPUT_BYTES {
        return (text.to_owned(), false);
    }
    let mut end = REPORTED_OUTPUT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (text[..end].to_owned(), true)
}

fn status_verdict(status: &str) -> Option<Verdict> {
    match status {
        "time_limit" => Some(Verdict::TimeLimit),
        "memory_limit" => Some(Verdict::MemoryLimit),
        "output_limit" => Some(Verdict::OutputLimit),
        "runtime_error" => Some(Verdict::RuntimeError),
        "compile_error" => Some(Verdict::CompileError),
        _ => None,
    }
}

/// The worst of several verdicts, by how much they say about the program.
fn worst(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
    let rank = |v: &Verdict| match v {
        Verdict::SandboxError => 0,
        Verdict::CompileError => 1,
        Verdict::TimeLimit => 2,
        Verdict::MemoryLimit => 3,
        Verdict::OutputLimit => 4,
        Verdict::RuntimeError => 5,
        Verdict::WrongAnswer => 6,
        Verdict::Accepted => 7,
    };
    verdicts.into_iter().min_by_key(rank).unwrap_or(Verdict::Accepted)
}

fn case_report(coding: &CodingSpec, test: &TestCase, result: Option<&Value>) -> CaseReport {
    let status = result.and_then(|r| r["status"].as_str()).unwrap_or("runtime_error").to_owned();
    let got = result.and_then(|r| r.get("got")).cloned();
    let passed = status == "ok"
        && got.as_ref().is_some_and(|got| match coding.language {
            Language::Python => python_matches(&test.expected, got, coding.compare),
            Language::Sql => sql_matches(&test.expected, got, coding.ordered),
        });
    let visible = !test.hidden;
    let text = |key: &str| result.and_then(|r| r[key].as_str()).map(str::to_owned);
    CaseReport {
        name: test.name.clone(),
        passed,
        hidden: test.hidden,
        status,
        expected: visible.then(|| test.expected.clone()),
        got: got.filter(|_| visible),
        // A hidden case's output or error message could echo its inputs: neither is reported.
        stdout: text("stdout").filter(|s| visible && !s.is_empty()),
        error: text("error").filter(|_| visible),
        time_ms: result.and_then(|r| r["time_ms"].as_f64()).unwrap_or(0.0),
    }
}

/// Judges a finished sandbox run.
pub fn judge(
    coding: &CodingSpec,
    scope: Scope,
    outcome: &Outcome,
    nonce: &str,
    limits: &Limits,
) -> RunReport {
    let time_ms = outcome.elapsed.as_millis() as u64;
    let raw_stderr = String::from_utf8_lossy(&outcome.stderr).into_owned();
    // A submission's raw stderr could carry what a hidden case printed straight to the descriptor.
    let (stderr, stderr_truncated) =
        if scope == Scope::Visible { truncate(&raw_stderr) } else { (String::new(), false) };
    let Some(report) = harness_report(&outcome.stdout, nonce) else {
        let (verdict, message) = verdict_without_report(outcome, limits);
        return RunReport {
            verdict,
            message: Some(message.to_owned()),
            cases: Vec::new(),
            hidden: HiddenSummary::default(),
            stdout: String::new(),
            stderr,
            stdout_truncated: false,
            stderr_truncated,
            time_ms,
        };
    };
    let tests: Vec<&TestCase> = coding.tests.iter().filter(|t| scope == Scope::All || !t.hidden).collect();
    let results = report["cases"].as_array().cloned().unwrap_or_default();
    let cases: Vec<CaseReport> = tests
        .iter()
        .map(|test| case_report(coding, test, results.iter().find(|r| r["name"] == test.name.as_str())))
        .collect();
    let run_status = report["status"].as_str().unwrap_or("ok");
    let mut verdicts: Vec<Verdict> = status_verdict(run_status).into_iter().collect();
    if run_status == "ok" {
        verdicts.extend(cases.iter().filter_map(|c| status_verdict(&c.status)));
        if cases.iter().any(|c| c.status == "ok" && !c.passed) {
            verdicts.push(Verdict::WrongAnswer);
        }
    }
    let (stdout, stdout_truncated) = truncate(report["stdout"].as_str().unwrap_or(""));
    let hidden = HiddenSummary {
        passed: cases.iter().filter(|c| c.hidden && c.passed).count(),
        total: cases.iter().filter(|c| c.hidden).count(),
    };
    RunReport {
        verdict: worst(verdicts),
        message: report["error"].as_str().map(str::to_owned),
        cases,
        hidden,
        stdout,
        stderr,
        stdout_truncated,
        stderr_truncated,
        time_ms,
    }
}
