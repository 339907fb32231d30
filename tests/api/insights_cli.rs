//! `mockloop insights focus`: the JSON on the committed example history matches its reviewed
//! golden file, the text table, and one-line errors with exit 2 for bad input.
//!
//! After an intended change to the scoring, run with `MOCKLOOP_BLESS=1` to rewrite the golden file,
//! then review the diff.

use std::process::Command;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/history_example.json");
const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/history_example.focus.json");

fn run_insights(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_mockloop"))
        .args(["insights", "focus"])
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_json_on_the_example_history_matches_its_golden_file() {
    let (code, stdout, stderr) = run_insights(&["--history", EXAMPLE, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    if std::env::var_os("MOCKLOOP_BLESS").is_some() {
        std::fs::write(GOLDEN, &stdout).expect("the data folder is writable");
        return;
    }
    let expected = std::fs::read_to_string(GOLDEN).expect("golden file; bless with MOCKLOOP_BLESS=1");
    assert!(expected == stdout, "the output differs from {GOLDEN}:\n{stdout}");
}

#[test]
fn the_json_has_the_documented_shape() {
    let (_, stdout, _) = run_insights(&["--history", EXAMPLE, "--json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let object = report.as_object().expect("an object");
    assert_eq!(object.keys().collect::<Vec<_>>(), ["focus", "themes"]);
    let focus = report["focus"].as_array().expect("focus");
    assert!((1..=2).contains(&focus.len()));
    assert_eq!(focus[0], "tradeoff_justification");
    for theme in report["themes"].as_array().expect("themes") {
        // serde_json's map is sorted, so the keys come back in alphabetical order.
        let keys: Vec<&String> = theme.as_object().expect("theme").keys().collect();
        assert_eq!(keys, ["evidence", "reason", "score", "theme", "trend"]);
        assert!(
            ["new", "recurring", "improving", "resolved"].contains(&theme["trend"].as_str().expect("trend"))
        );
        assert!(!theme["evidence"].as_array().expect("evidence").is_empty());
    }
    let resolved =
        report["themes"].as_array().expect("themes").iter().find(|t| t["theme"] == "clarifying_requirements");
    assert_eq!(resolved.expect("listed")["trend"], "resolved");
}

#[test]
fn as_of_leaves_out_later_rounds() {
    let (code, stdout, stderr) = run_insights(&["--history", EXAMPLE, "--json", "--as-of", "2026-09-13"]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let rounds: Vec<&str> = report["themes"]
        .as_array()
        .expect("themes")
        .iter()
        .flat_map(|theme| theme["evidence"].as_array().expect("evidence"))
        .filter_map(|evidence| evidence["round_id"].as_str())
        .collect();
    assert!(rounds.iter().all(|round| ["r1", "r2"].contains(round)), "{rounds:?}");
    assert!(report["focus"].as_array().expect("focus").contains(&"clarifying_requirements".into()));
}

#[test]
fn the_text_output_shows_focus_areas_and_a_ranked_table() {
    let (code, stdout, _) = run_insights(&["--history", EXAMPLE]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("Focus areas for cand (as of 2026-10-03):"), "{stdout}");
    assert!(stdout.contains("1. Trade-off justification (tradeoff_justification)"));
    assert!(stdout.contains("rank  theme"));
    assert!(stdout.contains("resolved"));
}

#[test]
fn bad_input_gives_one_line_naming_the_problem_and_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path.to_str().expect("utf8").to_owned()
    };
    let bad_date = write(
        "date.json",
        r#"{"candidate": "c", "rounds": [{"round_id": "r9", "date": "2026-02-30", "round_kind": "coding", "interviewer": "a", "ratings": {}, "items": []}]}"#,
    );
    let bad_theme = write(
        "theme.json",
        r#"{"candidate": "c", "rounds": [{"round_id": "r4", "date": "2026-02-03", "round_kind": "coding", "interviewer": "a", "ratings": {}, "items": [{"kind": "improvement", "theme": "charm"}]}]}"#,
    );
    let not_json = write("broken.json", "{\"candidate\": ");
    let cases: [(Vec<&str>, &str); 5] = [
        (vec!["--history", &bad_date], "rounds[0] (r9).date: \"2026-02-30\" is not a date"),
        (
            vec!["--history", &bad_theme],
            "rounds[0] (r4).items[0].theme: \"charm\" is not a theme of the bank",
        ),
        (vec!["--history", &not_json], "not valid JSON"),
        (vec!["--history", "/nonexistent/history.json"], "could not read /nonexistent/history.json"),
        (vec!["--history", EXAMPLE, "--as-of", "last week"], "--as-of \"last week\" is not a date"),
    ];
    for (args, expected) in cases {
        let (code, stdout, stderr) = run_insights(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}
