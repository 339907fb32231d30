//! `mockloop bench runner`: verdict latency of an accepted Python solution with 20 cases through
//! the sandbox, side by side with the same harness under a bare `python3`, and throughput at the
//! default parallelism. Prints figures; asserts nothing.

use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mockloop_core::bank::{CodingSpec, Comparison, Language, Level, Question, RoundKind, TestCase};
use mockloop_core::judge::Verdict;
use serde_json::json;
use tokio::io::AsyncWriteExt;

use super::sandbox::{Ending, Outcome};
use super::{job_for, limits_for, report, Runner, Scope, Warmth, HARNESS};

const SOLUTION: &str = "def solve(xs):\n    seen = {}\n    for x in xs:\n        seen[x] = seen.get(x, 0) + 1\n    return sorted(seen.items())\n";

/// A question whose accepted solution runs 20 small cases.
pub fn bench_question() -> Question {
    let tests = (0..20)
        .map(|i| {
            let xs: Vec<i64> = (0..50).map(|j| (i * 7 + j * 13) % 17).collect();
            let mut counts = std::collections::BTreeMap::new();
            for x in &xs {
                *counts.entry(*x).or_insert(0) += 1;
            }
            let expected: Vec<serde_json::Value> = counts.into_iter().map(|(k, v)| json!([k, v])).collect();
            TestCase {
                name: format!("case {i}"),
                hidden: i >= 5,
                args: Some(vec![json!(xs)]),
                expected: json!(expected),
                setup: None,
            }
        })
        .collect();
    Question {
        id: "bench".into(),
        title: "Bench".into(),
        kind: RoundKind::Coding,
        level: Level::Staff,
        themes: Vec::new(),
        minutes: 45,
        phases: Vec::new(),
        prompt: String::new(),
        clarifications: Vec::new(),
        hints: Vec::new(),
        probes: Vec::new(),
        rubric: Vec::new(),
        solution_sketch: String::new(),
        coding: Some(CodingSpec {
            language: Language::Python,
            entry: Some("solve".into()),
            compare: Comparison::Exact,
            ordered: false,
            time_limit_ms: 5_000,
            memory_mb: 256,
            starter_code: String::new(),
            schema: None,
            tests,
            reference_solution: SOLUTION.into(),
            wrong_solution: None,
        }),
    }
}

/// Latency percentiles in milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct Latency {
    pub p50: f64,
    pub p99: f64,
}

fn percentiles(mut samples: Vec<Duration>) -> Latency {
    samples.sort();
    let at = |q: f64| {
        let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Latency { p50: at(0.50), p99: at(0.99) }
}

/// The same job through the same harness, with no sandbox at all.
async fn bare_run(harness: &std::path::Path, question: &Question) -> Result<Verdict, String> {
    let coding = question.coding.as_ref().ok_or("not coding")?;
    let nonce = crate::secrets::new_token("run_");
    let job =
        serde_json::to_vec(&job_for(coding, SOLUTION, Scope::All, &nonce)).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut child = tokio::process::Command::new("/usr/bin/python3")
        .args(["-I", "-S"])
        .arg(harness)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    stdin.write_all(&job).await.map_err(|e| e.to_string())?;
    drop(stdin);
    let output = child.wait_with_output().await.map_err(|e| e.to_string())?;
    let outcome = Outcome {
        ending: Ending::Exited(output.status.code().unwrap_or(-1)),
        stdout: output.stdout,
        stderr: output.stderr,
        elapsed: started.elapsed(),
    };
    Ok(report::judge(coding, Scope::All, &outcome, &nonce, &limits_for(coding)).verdict)
}

async fn timed_runs(runner: &Runner, question: &Question, runs: usize) -> Result<Vec<Duration>, String> {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let report = runner.run(question, SOLUTION, Scope::All).await.map_err(|e| e.to_string())?;
        if report.verdict != Verdict::Accepted {
            return Err(format!("expected accepted, got {}", report.verdict.as_str()));
        }
        samples.push(started.elapsed());
    }
    Ok(samples)
}

/// Every figure the benchmark prints.
#[derive(Debug)]
pub struct RunnerFigures {
    pub runs: usize,
    pub sandbox: Latency,
    pub sandbox_cold: Latency,
    pub bare: Latency,
    pub parallelism: usize,
    pub throughput_runs: usize,
    pub verdicts_per_second: f64,
}

pub async fn bench_runner(runs: usize, parallelism: usize) -> Result<RunnerFigures, String> {
    let question = bench_question();
    let warm = Runner::with_options(1, 4, Warmth::Warm);
    warm.availability()?;
    let cold = Runner::with_options(1, 4, Warmth::Cold);
    timed_runs(&warm, &question, 5).await?;
    let sandbox = percentiles(timed_runs(&warm, &question, runs).await?);
    let sandbox_cold = percentiles(timed_runs(&cold, &question, runs).await?);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let harness = dir.path().join("harness.py");
    std::fs::write(&harness, HARNESS).map_err(|e| e.to_string())?;
    let mut bare_samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let verdict = bare_run(&harness, &question).await?;
        if verdict != Verdict::Accepted {
            return Err(format!("bare python3 run was {}", verdict.as_str()));
        }
        bare_samples.push(started.elapsed());
    }
    let bare = percentiles(bare_samples);
    let pool = Runner::with_options(parallelism, usize::MAX / 2, Warmth::Warm);
    let throughput_runs = runs.max(100) * 2;
    let question = Arc::new(question);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..throughput_runs {
        let (pool, question) = (pool.clone(), question.clone());
        tasks.spawn(async move { pool.run(&question, SOLUTION, Scope::All).await.map(|r| r.verdict) });
    }
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(Verdict::Accepted)) => {}
            other => return Err(format!("throughput run failed: {other:?}")),
        }
    }
    let verdicts_per_second = throughput_runs as f64 / started.elapsed().as_secs_f64();
    Ok(RunnerFigures { runs, sandbox, sandbox_cold, bare, parallelism, throughput_runs, verdicts_per_second })
}
