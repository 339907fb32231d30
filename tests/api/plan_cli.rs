//! `mockloop plan`: the three formats and clear errors for bad arguments.

use std::process::Command;

fn run_plan(extra: &[&str]) -> (i32, String, String) {
    let defaults = [
        ("--template", "staff-mle"),
        ("--participants", "Ana,Ben,Chen"),
        ("--start", "2026-12-05T09:00"),
        ("--tz", "America/New_York"),
        ("--max-hours-per-day", "5"),
    ];
    let mut args = vec!["plan"];
    for (flag, value) in defaults {
        if !extra.contains(&flag) {
            args.extend([flag, value]);
        }
    }
    args.extend_from_slice(extra);
    let output = Command::new(env!("CARGO_BIN_EXE_mockloop")).args(&args).output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn json_plan_has_the_documented_shape() {
    let (code, stdout, stderr) =
        run_plan(&["--format", "json", "--seed", "3", "--focus", "Ana=tradeoff_justification"]);
    assert_eq!(code, 0, "{stderr}");
    let plan: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(plan["template"], "staff-mle");
    assert_eq!(plan["participants"], serde_json::json!(["Ana", "Ben", "Chen"]));
    let slots: Vec<&serde_json::Value> = plan["days"]
        .as_array()
        .expect("days")
        .iter()
        .flat_map(|d| d["slots"].as_array().expect("slots"))
        .collect();
    assert_eq!(slots.len(), 15);
    for slot in &slots {
        for key in [
            "round_kind",
            "interviewee",
            "interviewer",
            "shadow",
            "question_id",
            "start",
            "end",
            "feedback_end",
        ] {
            assert!(slot.get(key).is_some(), "{key} missing");
        }
        assert!(slot["start"].as_str().expect("start").contains("-05:00"), "RFC 3339 with offset");
    }
    assert!(plan["relaxed"].is_array());
    let (_, again, _) =
        run_plan(&["--format", "json", "--seed", "3", "--focus", "Ana=tradeoff_justification"]);
    assert_eq!(again, stdout, "same seed, same plan");
}

#[test]
fn text_and_ics_formats() {
    let (code, text, _) = run_plan(&[]);
    assert_eq!(code, 0);
    assert!(text.contains("interviewee Ana"));
    let (code, ics, _) = run_plan(&["--format", "ics", "--ics-for", "Ben"]);
    assert_eq!(code, 0);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.matches("BEGIN:VEVENT").count() >= 10);
}

#[test]
fn bad_arguments_give_one_line_and_exit_2() {
    let seen = tempfile::NamedTempFile::new().expect("temp");
    std::fs::write(seen.path(), b"[1, 2").expect("write");
    let seen_path = seen.path().to_str().expect("utf8").to_owned();
    let cases: Vec<Vec<&str>> = vec![
        vec!["--template", "staff-xyz"],
        vec!["--tz", "Mars/Base"],
        vec!["--start", "tomorrow"],
        vec!["--participants", "A,B,C,D,E"],
        vec!["--participants", "Ana,Ana"],
        vec!["--focus", "Ana=not_a_theme"],
        vec!["--focus", "Zed=time_management"],
        vec!["--max-hours-per-day", "0"],
        vec!["--seen", &seen_path],
        vec!["--format", "ics", "--ics-for", "Nobody"],
    ];
    for extra in cases {
        let (code, _, stderr) = run_plan(&extra);
        assert_eq!(code, 2, "{extra:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{extra:?}: {stderr}");
    }
}
