//! Content validation on broken files: each rule reports the right line and message.

use super::*;

const THEMES: &str = r#"
[themes.time_management]
name = "Time management"
description = "Pacing."
dimension = "communication"
round_kinds = ["coding"]
practice = ["Use a clock."]
watch_for = ["Pacing."]
keywords = ["ran out of time"]
"#;

fn valid_question(id: &str, kind: &str) -> String {
    format!(
        r#"+++
id = "{id}"
title = "A question"
kind = "{kind}"
level = "staff"
themes = ["time_management"]
minutes = 45
phases = [{{ name = "Clarify", minutes = 5 }}, {{ name = "Solve", minutes = 40 }}]
+++

## Prompt

Design something.

## Clarifications

- **How big?** Big.
- **How fast?** Fast.
- **Who uses it?** People.

## Hints

1. First.
2. Second.
3. Third.

## Probes

- Why?
- How?
- What if?

## Rubric

### Communication

- **Below:** b
- **At:** a
- **Above:** c

### Problem solving

- **Below:** b
- **At:** a
- **Above:** c

### Technical depth

- **Below:** b
- **At:** a
- **Above:** c

### Trade-offs

- **Below:** b
- **At:** a
- **Above:** c

## Solution sketch

The answer.
"#
    )
}

fn file(path: &str, text: &str) -> ContentFile {
    ContentFile { path: path.to_owned(), text: text.to_owned() }
}

fn problems_of(text: &str) -> Vec<Problem> {
    parse_question(&file("questions/ml_system_design/q.md", text)).1
}

fn assert_reports(text: &str, line: usize, fragment: &str) {
    let problems = problems_of(text);
    assert!(
        problems.iter().any(|p| p.line == line && p.message.contains(fragment)),
        "expected line {line} to mention {fragment:?}, got {problems:#?}"
    );
}

#[test]
fn a_complete_question_parses_without_problems() {
    let (question, problems) =
        parse_question(&file("questions/ml_system_design/q.md", &valid_question("q", "ml_system_design")));
    assert!(problems.is_empty(), "{problems:#?}");
    let question = question.expect("parsed");
    assert_eq!(question.hints, ["First.", "Second.", "Third."]);
    assert_eq!(question.clarifications[0].question, "How big?");
    assert_eq!(question.rubric.len(), 4);
}

#[test]
fn missing_front_matter_is_reported_on_line_one() {
    assert_reports("## Prompt\n\nx\n", 1, "front matter");
}

#[test]
fn front_matter_syntax_error_points_at_its_line() {
    let text = valid_question("q", "ml_system_design").replace("minutes = 45", "minutes = = 45");
    assert_reports(&text, 7, "front matter");
}

#[test]
fn phases_must_add_up_to_the_minutes() {
    let text = valid_question("q", "ml_system_design").replace("minutes = 40", "minutes = 30");
    assert_reports(&text, 2, "phases add up to 35");
}

#[test]
fn unknown_kind_is_reported() {
    assert_reports(&valid_question("q", "system_design"), 2, "unknown round kind");
}

#[test]
fn a_short_hint_ladder_is_reported_at_its_heading() {
    let text = valid_question("q", "ml_system_design").replace("3. Third.\n", "");
    assert_reports(&text, 21, "at least 3");
}

#[test]
fn an_incomplete_rubric_names_the_dimension() {
    let text = valid_question("q", "ml_system_design").replacen(
        "- **Above:** c\n\n### Problem solving",
        "\n### Problem solving",
        1,
    );
    assert_reports(&text, 35, "Communication` needs Below, At and Above");
}

#[test]
fn a_missing_section_is_reported() {
    let text = valid_question("q", "ml_system_design").replace("## Probes", "## Prompts");
    let problems = problems_of(&text);
    assert!(problems.iter().any(|p| p.message.contains("unknown section `## Prompts`")));
    assert!(problems.iter().any(|p| p.message.contains("missing section `## Probes`")));
}

#[test]
fn sections_out_of_order_are_reported() {
    let text = valid_question("q", "ml_system_design")
        .replace("## Hints", "## HINTS_TMP")
        .replace("## Probes", "## Hints")
        .replace("## HINTS_TMP", "## Probes");
    assert!(problems_of(&text).iter().any(|p| p.message.contains("out of order")));
}

fn coding_question(tests_json: &str) -> String {
    let base = valid_question("c", "coding")
        .replace("+++\n\n## Prompt", "language = \"python\"\nentry = \"f\"\n+++\n\n## Prompt");
    format!(
        "{base}\n## Starter code\n\n```python\ndef f(x):\n    pass\n```\n\n## Tests\n\n```json\n{tests_json}\n```\n\n## Reference solution\n\n```python\ndef f(x):\n    return x\n```\n"
    )
}

fn cases(visible: usize, hidden: usize) -> String {
    let mut all = Vec::new();
    for i in 0..visible + hidden {
        all.push(format!(
            r#"{{"name": "case {i}", "args": [{i}], "expected": {i}, "hidden": {}}}"#,
            i >= visible
        ));
    }
    format!("[{}]", all.join(", "))
}

#[test]
fn a_complete_coding_question_parses() {
    let (question, problems) = parse_question(&file("questions/coding/c.md", &coding_question(&cases(3, 5))));
    assert!(problems.is_empty(), "{problems:#?}");
    let coding = question.expect("parsed").coding.expect("coding spec");
    assert_eq!(coding.tests.len(), 8);
    assert_eq!(coding.entry.as_deref(), Some("f"));
}

#[test]
fn too_few_hidden_tests_are_reported() {
    let problems = parse_question(&file("questions/coding/c.md", &coding_question(&cases(3, 2)))).1;
    assert!(problems.iter().any(|p| p.message.contains("found 3 and 2")), "{problems:#?}");
}

#[test]
fn malformed_test_json_is_reported() {
    let problems = parse_question(&file("questions/coding/c.md", &coding_question("[{\"name\": }]"))).1;
    assert!(problems.iter().any(|p| p.message.contains("not valid JSON")), "{problems:#?}");
}

#[test]
fn python_tests_need_args() {
    let problems =
        parse_question(&file("questions/coding/c.md", &coding_question(r#"[{"name": "x", "expected": 1}]"#)))
            .1;
    assert!(problems.iter().any(|p| p.message.contains("no `args`")), "{problems:#?}");
}

#[test]
fn bank_cross_checks_ids_themes_names_and_folders() {
    let files = vec![
        file("themes.toml", THEMES),
        file("questions/ml_system_design/a.md", &valid_question("a", "ml_system_design")),
        file("questions/ml_system_design/b.md", &valid_question("a", "ml_system_design")),
        file("questions/behavioral/c.md", &valid_question("c", "ml_system_design")),
        file(
            "questions/ml_system_design/d.md",
            &valid_question("d", "ml_system_design").replace("time_management", "made_up"),
        ),
    ];
    let (bank, problems) = load_bank(&files);
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(messages.iter().any(
        |m| m.starts_with("questions/ml_system_design/b.md:2:") && m.contains("must equal the file name")
    ));
    assert!(messages.iter().any(|m| m.contains("is also used by questions/ml_system_design/a.md")));
    assert!(messages
        .iter()
        .any(|m| m.starts_with("questions/behavioral/c.md:2:") && m.contains("does not match the folder")));
    assert!(messages.iter().any(|m| m.contains("unknown theme \"made_up\"")));
    assert_eq!(bank.themes.len(), 1);
}

#[test]
fn templates_are_checked() {
    let (template, problems) = parse_template(&file(
        "templates/t.toml",
        "id = \"t\"\nname = \"T\"\ndescription = \"d\"\nfeedback_minutes = 30\nbreak_minutes = 5\n[[rounds]]\nkind = \"coding\"\nminutes = 90\n",
    ));
    assert!(template.is_none());
    assert!(problems.iter().any(|p| p.message.contains("feedback takes 10-15")));
    assert!(problems.iter().any(|p| p.message.contains("a round is 45-60")));
}

#[test]
fn the_candidate_view_carries_no_interviewer_material() {
    let (question, _) = parse_question(&file("questions/coding/c.md", &coding_question(&cases(3, 5))));
    let question = question.expect("parsed");
    let view = serde_json::to_string(&question.candidate_view()).expect("json");
    for secret in ["How big?", "Second.", "What if?", "**Below:**", "The answer.", "return x", "case 7"] {
        assert!(!view.contains(secret), "candidate view leaks {secret:?}");
    }
    assert!(view.contains("Design something."));
    assert_eq!(question.candidate_view().hidden_test_count, 5);
}
