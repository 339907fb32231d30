//! `mockloop worker`: drains the PostgreSQL run-job queue so that code runs scale out across
//! machines. Each worker claims jobs with `FOR UPDATE SKIP LOCKED`, runs them in its own sandbox
//! with its own parallelism, and writes the report back for the server that is waiting on it.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use mockloop_core::bank::Bank;
use sqlx::postgres::PgListener;
use tokio::sync::Semaphore;

use crate::runner::{RunError, Runner, Scope};
use crate::secrets;
use crate::store::run_jobs::RunJobRow;
use crate::store::Store;

/// A job claimed longer ago than this is taken to be lost with its worker and queued again.
pub const STALE_AFTER_SECS: i64 = 120;

async fn execute(store: &Store, bank: &Bank, runner: &Runner, job: RunJobRow) {
    let scope = if job.scope == "all" { Scope::All } else { Scope::Visible };
    let report = match bank.question(&job.question_id) {
        Some(question) => runner.run(question, &job.code, scope).await,
        None => Err(RunError::NotCoding(job.question_id.clone())),
    };
    let json = match report {
        Ok(report) => serde_json::to_string(&report).unwrap_or_default(),
        Err(error) => serde_json::json!({"error": error.to_string()}).to_string(),
    };
    if let Err(error) = store.finish_run(&job.id, &json, secrets::now()).await {
        tracing::error!(%error, job = %job.id, "could not store a run's report");
    }
}

/// Claims and runs jobs until `shutdown` resolves, then finishes the runs in progress.
pub async fn run_worker(
    store: Store,
    bank: Arc<Bank>,
    runner: Arc<Runner>,
    name: String,
    shutdown: impl Future<Output = ()>,
) -> Result<(), String> {
    let Store::Postgres(pool) = &store else {
        return Err("mockloop worker needs a PostgreSQL database (--database-url postgres://...)".into());
    };
    runner.availability()?;
    let mut listener = PgListener::connect_with(pool).await.map_err(|e| format!("could not listen: {e}"))?;
    listener.listen("mockloop_run_jobs").await.map_err(|e| format!("could not listen: {e}"))?;
    let slots = Arc::new(Semaphore::new(runner.parallelism()));
    let mut tasks = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    let mut last_requeue = 0;
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = slots.clone().acquire_owned() => permit.map_err(|e| e.to_string())?,
        };
        let now = secrets::now();
        if now - last_requeue >= 10 {
            last_requeue = now;
            if let Ok(requeued @ 1..) = store.requeue_stale_runs(now - STALE_AFTER_SECS).await {
                tracing::warn!(requeued, "queued again runs whose worker went away");
            }
        }
        match store.claim_run(&name, now).await {
            Ok(Some(job)) => {
                let (store, bank, runner) = (store.clone(), bank.clone(), runner.clone());
                tasks.spawn(async move {
                    execute(&store, &bank, &runner, job).await;
                    drop(permit);
                });
            }
            Ok(None) => {
                drop(permit);
                // A notification wakes the worker at once; the timeout covers a missed one
                // (say, while the listener reconnected).
                tokio::select! {
                    () = &mut shutdown => break,
                    _ = tokio::time::timeout(Duration::from_secs(1), listener.recv()) => {}
                }
            }
            Err(error) => {
                drop(permit);
                tracing::error!(%error, "could not claim a run");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}
