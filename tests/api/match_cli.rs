//! `mockloop match` on a committed example pool: the documented JSON shape, a feasible pair with
//! its common slots in UTC, the person who cannot be matched with a reason, and exit 2 on bad input.

use std::process::Command;

use serde_json::Value;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mockloop")).args(args).output().expect("runs")
}

#[test]
fn the_example_pool_forms_one_pair_and_explains_the_rest() {
    let output = run(&["match", "--pool", "tests/data/pool_example.json", "--json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let result: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let groups = result["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["members"], serde_json::json!(["p1", "p2"]));
    assert!(groups[0]["score"].as_f64().is_some_and(|s| s > 0.0));
    // Berlin 18:00 and London 17:00 on a winter Monday are both 17:00 UTC.
    assert_eq!(groups[0]["common_slots"][0]["start"], "2026-12-07T17:00:00Z");
    assert!(groups[0]["reasons"].as_array().is_some_and(|r| !r.is_empty()));
    assert_eq!(result["unmatched"][0]["id"], "p3");
    assert!(result["unmatched"][0]["reason"].as_str().is_some_and(|r| !r.is_empty()));
}

#[test]
fn a_bad_pool_is_one_clear_line_and_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("pool.json");
    std::fs::write(&path, r#"{"as_of": "2026-12-01T00:00:00Z", "people": [{"id": "p1", "track": "ds", "level": "staff", "tz": "Mars/Olympus"}]}"#)
        .expect("write");
    let output = run(&["match", "--pool", path.to_str().expect("utf8")]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("p1") && message.contains("tz"), "{message}");
}
