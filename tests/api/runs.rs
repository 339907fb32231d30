//! `POST /api/v1/runs`: the live round's Run and Submit buttons.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app_with, Backend, SANDBOX_LOCK};

const SOLUTION: &str = "def dedupe_stream(events, lateness):\n    return []\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_are_judged_and_bad_requests_get_clear_errors() {
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
