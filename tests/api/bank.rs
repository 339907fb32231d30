//! `mockloop bank`: the bundled bank validates, listing and views keep their contracts.

use std::process::Command;

fn mockloop(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_mockloop")).args(args).output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_bundled_bank_passes_its_check_with_eight_questions_per_kind() {
    if !crate::helpers::sandbox_available() {
        return;
    }
    // `bank check` runs every reference and wrong solution in the sandbox.
    let _exclusive = crate::helpers::SANDBOX_LOCK.blocking_lock();
    let (code, stdout, _) = mockloop(&["bank", "check"]);
    assert_eq!(code, 0, "{stdout}");
    let (_, listed, _) = mockloop(&["bank", "list", "--json"]);
    let questions: Vec<serde_json::Value> = serde_json::from_str(&listed).expect("json");
    assert!(questions.len() >= 40);
    for kind in ["coding", "ml_system_design", "ml_deep_dive", "experimentation", "behavioral"] {
        let count = questions.iter().filter(|q| q["kind"] == kind).count();
        assert!(count >= 8, "{kind} has {count} questions");
    }
    let sql = questions.iter().filter(|q| q["language"] == "sql").count();
    assert!(sql >= 2, "at least two SQL questions");
    for question in &questions {
        for key in ["id", "title", "kind", "level", "themes", "language"] {
            assert!(question.get(key).is_some(), "{key} missing in {question}");
        }
        assert_eq!(question["language"].is_null(), question["kind"] != "coding");
    }
}

#[test]
fn a_broken_content_folder_reports_path_and_line_and_exits_1() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("questions/coding")).expect("mkdir");
    std::fs::write(root.join("themes.toml"), "[themes.time_management]\nname = \"x\"\n").expect("write");
    std::fs::write(
        root.join("questions/coding/broken.md"),
        "+++\nid = \"broken\"\nminutes = \"soon\"\n+++\n",
    )
    .expect("write");
    let (code, stdout, _) =
        mockloop(&["bank", "check", "--no-run", "--content", root.to_str().expect("utf8")]);
    assert_eq!(code, 1);
    let prefix = format!("{}/questions/coding/broken.md:", root.display());
    assert!(stdout.lines().any(|line| line.starts_with(&prefix)), "{stdout}");
    assert!(stdout.lines().any(|line| line.contains("themes.toml:")), "{stdout}");
}

#[test]
fn filters_and_views_behave() {
    let (_, listed, _) =
        mockloop(&["bank", "list", "--kind", "coding", "--theme", "complexity_analysis", "--json"]);
    let questions: Vec<serde_json::Value> = serde_json::from_str(&listed).expect("json");
    assert!(!questions.is_empty());
    assert!(questions.iter().all(|q| q["kind"] == "coding"
        && q["themes"].as_array().expect("themes").iter().any(|t| t == "complexity_analysis")));

    let id = questions[0]["id"].as_str().expect("id");
    let (_, interviewer, _) = mockloop(&["bank", "show", id, "--as", "interviewer"]);
    let (_, candidate, _) = mockloop(&["bank", "show", id, "--as", "candidate"]);
    assert!(interviewer.contains("## Hints") && interviewer.contains("## Rubric"));
    for secret in [
        "## Hints",
        "## Probes",
        "## Rubric",
        "## Clarifications",
        "## Solution sketch",
        "Reference solution",
    ] {
        assert!(!candidate.contains(secret), "candidate view shows {secret}");
    }
    let (code, _, stderr) = mockloop(&["bank", "list", "--kind", "astrology"]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
