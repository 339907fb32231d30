//! `POST /api/v1/runs`: the live round's Run and Submit buttons.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app_with, Backend, SANDBOX_LOCK};

const SOLUTION: &str = "def dedupe_stream(events, lateness):\n    return []\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_are_judged_and_bad_requests_get_clear_errors() {
    if !crate::helpers::sandbox_available() {
        return;
    }
    let _exclusive = SANDBOX_LOCK.lock().await;
    let app = spawn_app_with(Backend::Sqlite, |config| config.runs_per_minute = 5).await.expect("sqlite");
    let mut anonymous = app.visitor();
    let refused = anonymous
        .post_json("/api/v1/runs", &json!({"question_id": "late-event-dedup", "code": SOLUTION}))
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);

    let mut ana = app.signed_up("ana").await;
    let visible =
        ana.post_json("/api/v1/runs", &json!({"question_id": "late-event-dedup", "code": SOLUTION})).await;
    assert_eq!(visible.status, StatusCode::OK, "{}", visible.body);
    let report = visible.json();
    assert_eq!(report["verdict"], "wrong_answer");
    assert!(report["cases"].as_array().expect("cases").iter().all(|c| c["hidden"] == false));
    for key in ["verdict", "cases", "stdout", "stderr", "time_ms"] {
        assert!(report.get(key).is_some(), "{key} missing");
    }
    let hidden = ana
        .post_json(
            "/api/v1/runs",
            &json!({"question_id": "late-event-dedup", "code": SOLUTION, "hidden": true}),
        )
        .await;
    let hidden_report = hidden.json();
    let hidden_cases: Vec<&serde_json::Value> =
        hidden_report["cases"].as_array().expect("cases").iter().filter(|c| c["hidden"] == true).collect();
    assert!(!hidden_cases.is_empty());
    assert!(hidden_cases.iter().all(|c| c.get("expected").is_none() && c.get("got").is_none()));

    let unknown = ana.post_json("/api/v1/runs", &json!({"question_id": "nope", "code": "x"})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let not_coding = ana
        .post_json("/api/v1/runs", &json!({"question_id": "home-feed-retrieval-ranking", "code": "x"}))
        .await;
    assert_eq!(not_coding.status, StatusCode::UNPROCESSABLE_ENTITY);
    let huge = ana
        .post_json("/api/v1/runs", &json!({"question_id": "late-event-dedup", "code": "#".repeat(70_000)}))
        .await;
    assert_eq!(huge.json()["error"]["field"], "code");

    for _ in 0..3 {
        ana.post_json("/api/v1/runs", &json!({"question_id": "late-event-dedup", "code": SOLUTION})).await;
    }
    let limited =
        ana.post_json("/api/v1/runs", &json!({"question_id": "late-event-dedup", "code": SOLUTION})).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.contains_key("retry-after"));
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_keeps_serving_while_a_hostile_run_is_in_flight() {
    if !crate::helpers::sandbox_available() {
        return;
    }
    let _exclusive = SANDBOX_LOCK.lock().await;
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await.expect("sqlite");
    let mut ana = app.signed_up("ana").await;
    let mut ben = app.signed_up("ben").await;
    let forever = tokio::spawn(async move {
        ana.post_json(
            "/api/v1/runs",
            &json!({"question_id": "late-event-dedup", "code": "while True:\n    pass\n"}),
        )
        .await
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    assert_eq!(ben.get("/healthz").await.status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(1), "health answered in {:?}", started.elapsed());
    let accepted = ben
        .post_json(
            "/api/v1/runs",
            &json!({"question_id": "late-event-dedup", "code": "def dedupe_stream(e, l):\n    return 1\n"}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "a second run is served alongside");
    let hostile = forever.await.expect("joins");
    assert_eq!(hostile.json()["verdict"], "time_limit");
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_postgres_runs_can_be_executed_by_separate_workers() {
    if !crate::helpers::sandbox_available() {
        return;
    }
    use mockloop::runner::{Runner, Warmth};
    let Some(app) =
        spawn_app_with(Backend::Postgres, |config| config.run_mode = mockloop::config::RunMode::Workers)
            .await
    else {
        return;
    };
    let _exclusive = SANDBOX_LOCK.lock().await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (bank, _) = mockloop::content::load(&mockloop::content::ContentSource::Bundled).expect("bank");
    let bank = std::sync::Arc::new(bank);
    let mut workers = Vec::new();
    for name in ["worker-a", "worker-b"] {
        let mut stopped = stopped.clone();
        let shutdown = async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        };
        let runner = Runner::with_options(1, 8, Warmth::Cold);
        workers.push(tokio::spawn(mockloop::worker::run_worker(
            app.store.clone(),
            bank.clone(),
            runner,
            name.into(),
            shutdown,
        )));
    }
    let mut ana = app.signed_up("ana").await;
    let mut pending = Vec::new();
    for _ in 0..4 {
        let mut visitor = app.visitor();
        visitor.client = ana.client.clone();
        visitor.csrf = ana.csrf.clone();
        pending.push(tokio::spawn(async move {
            visitor
                .post_json("/api/v1/runs", &json!({"question_id": "late-event-dedup", "code": "def dedupe_stream(e, l):\n    return []\n", "hidden": true}))
                .await
        }));
    }
    let first =
        ana.post_json("/api/v1/runs", &json!({"question_id": "late-event-dedup", "code": SOLUTION})).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.json()["verdict"], "wrong_answer");
    for reply in pending {
        let reply = reply.await.expect("joins");
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.json()["hidden"]["total"], 7);
    }
    let claimed: Vec<(String, String)> = match &app.store {
        mockloop::store::Store::Postgres(pool) => {
            sqlx::query_as("SELECT state, claimed_by FROM run_jobs").fetch_all(pool).await.expect("jobs")
        }
        mockloop::store::Store::Sqlite(_) => unreachable!("postgres only"),
    };
    assert_eq!(claimed.len(), 5);
    assert!(claimed.iter().all(|(state, by)| state == "done" && by.starts_with("worker-")), "{claimed:?}");
    stop.send(true).expect("workers listen");
    for worker in workers {
        worker.await.expect("joins").expect("worker ends cleanly");
    }
    app.cleanup().await;
}

#[tokio::test]
async fn workers_mode_refuses_to_start_on_sqlite() {
    let (store, _, _dir) = crate::helpers::fresh_store(Backend::Sqlite).await.expect("sqlite");
    let mut config = mockloop::Config::for_database("");
    config.run_mode = mockloop::config::RunMode::Workers;
    let error = mockloop::App::build_with_store(config, store).await.expect_err("needs PostgreSQL");
    assert!(error.to_string().contains("needs a PostgreSQL database"));
}
