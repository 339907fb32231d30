//! Reading histories: the documented shape, leniency, and errors that name the round and field.

use super::*;
use crate::exchange::StaffBar;
use crate::insights::parse_history;

const ISSUE_EXAMPLE: &str = r#"{"candidate": "cand", "rounds": [{"round_id": "r1", "date": "2026-10-03",
  "round_kind": "ml_system_design", "interviewer": "alex",
  "ratings": {"communication": 3, "problem_solving": 2, "technical_depth": 3, "tradeoffs": 1},
  "items": [{"kind": "improvement", "theme": "tradeoff_justification", "situation": "s", "behavior": "b",
  "impact": "i", "suggestion": "x"}, {"kind": "strength", "theme": null, "situation": "s", "behavior": "b",
  "impact": "i", "suggestion": "x"}]}]}"#;

fn parse(json: &str) -> Result<History, String> {
    parse_history(json, bank_themes()).map_err(|error| error.to_string())
}

fn with_round(round: &str) -> String {
    format!(r#"{{"candidate": "cand", "rounds": [{round}]}}"#)
}

#[test]
fn the_shape_given_in_the_issue_is_read() {
    let history = parse(ISSUE_EXAMPLE).expect("reads");
    let round = &history.rounds[0];
    assert_eq!(round.round_kind, RoundKind::MlSystemDesign);
    assert_eq!(round.ratings.tradeoffs, Some(1));
    assert_eq!(round.items[0].theme, Some(theme("tradeoff_justification")));
    assert_eq!(round.items[1].theme, None);
}

#[test]
fn optional_fields_partial_ratings_and_unknown_fields_are_accepted() {
    let history = parse(&with_round(
        r#"{"round_id": "r1", "date": "2026-10-03", "round_kind": "coding", "interviewer": "alex",
            "interviewers": ["alex", "priya"], "question_id": "auc-from-scores", "staff_bar": "at",
            "self_assessment": {"ratings": {"communication": 2}, "went_well": "pace"},
            "ratings": {"tradeoffs": 2, "charisma": 9}, "recording": "none",
            "items": [{"kind": "improvement", "behavior": "b", "extra": 1}]}"#,
    ))
    .expect("reads");
    let round = &history.rounds[0];
    assert_eq!(round.givers(), ["alex", "priya"]);
    assert_eq!(round.staff_bar, Some(StaffBar::At));
    assert_eq!(round.ratings.communication, None);
    assert_eq!(round.self_assessment.as_ref().map(|s| s.ratings.communication), Some(Some(2)));
    assert_eq!(round.items[0].situation, "");
}

#[test]
fn errors_name_the_round_and_the_field() {
    let round = |fields: &str| {
        with_round(&format!(
            r#"{{"round_id": "r7", "interviewer": "alex", "items": [{{"kind": "strength", "theme": "code_quality"}}], {fields}}}"#
        ))
    };
    let cases = [
        (
            round(r#""date": "2026-13-01", "round_kind": "coding""#),
            "rounds[0] (r7).date: \"2026-13-01\" is not a date",
        ),
        (round(r#""date": "03/10/2026", "round_kind": "coding""#), "rounds[0] (r7).date"),
        (round(r#""round_kind": "coding""#), "rounds[0] (r7).date: missing"),
        (
            round(r#""date": "2026-10-03", "round_kind": "system_design""#),
            "rounds[0] (r7).round_kind: \"system_design\" is not a round kind",
        ),
        (
            round(r#""date": "2026-10-03", "round_kind": "coding", "ratings": {"tradeoffs": 5}"#),
            "rounds[0] (r7).ratings.tradeoffs: 5 is not a rating",
        ),
        (
            with_round(
                r#"{"round_id": "r2", "date": "2026-10-03", "round_kind": "coding", "interviewer": "a", "items": [{"kind": "improvement", "theme": "charm"}]}"#,
            ),
            "rounds[0] (r2).items[0].theme: \"charm\" is not a theme of the bank",
        ),
        (
            with_round(
                r#"{"round_id": "r2", "date": "2026-10-03", "round_kind": "coding", "interviewer": "a", "items": [{"kind": "praise"}]}"#,
            ),
            "rounds[0] (r2).items[0].kind: \"praise\" is not",
        ),
        (r#"{"candidate": "cand"}"#.to_owned(), "rounds: expected a list of rounds"),
        ("[1, 2".to_owned(), "not valid JSON"),
    ];
    for (json, expected) in cases {
        let error = parse(&json).expect_err(&json);
        assert!(error.starts_with(expected) || error.contains(expected), "{error}\nexpected: {expected}");
    }
}

#[test]
fn a_parsed_history_serialises_back_to_the_same_shape() {
    let history = parse(ISSUE_EXAMPLE).expect("reads");
    let json = serde_json::to_string(&history).expect("serialises");
    assert_eq!(parse(&json).expect("reads again"), history);
}

const SCHEMA: &str = include_str!("../../../../../docs/history.schema.json");
const EXAMPLE: &str = include_str!("../../../../../tests/data/history_example.json");

/// The property names a schema object declares, and the ones it requires.
fn declared(schema: &serde_json::Value) -> (Vec<&str>, Vec<&str>) {
    let properties =
        schema["properties"].as_object().expect("properties").keys().map(String::as_str).collect();
    let required = schema["required"].as_array().map_or_else(Vec::new, |required| {
        required.iter().map(|name| name.as_str().expect("a name")).collect()
    });
    (properties, required)
}

/// Every key of `value` is declared and every required key is present.
fn assert_fits(value: &serde_json::Value, schema: &serde_json::Value, what: &str) {
    let (properties, required) = declared(schema);
    let object = value.as_object().expect(what);
    for key in object.keys() {
        assert!(properties.contains(&key.as_str()), "{what}: {key} is not in the schema");
    }
    for key in required {
        assert!(object.contains_key(key), "{what}: required {key} missing");
    }
}

#[test]
fn the_committed_example_follows_the_schema_and_reads() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let example: serde_json::Value = serde_json::from_str(EXAMPLE).expect("the example is JSON");
    assert_fits(&example, &schema, "history");
    for round in example["rounds"].as_array().expect("rounds") {
        assert_fits(round, &schema["$defs"]["round"], "round");
        for item in round["items"].as_array().expect("items") {
            assert_fits(item, &schema["$defs"]["item"], "item");
        }
    }
    let history = parse(EXAMPLE).expect("the example reads");
    assert_eq!(history.rounds.len(), 5);
}

#[test]
fn what_the_types_write_is_what_the_schema_declares() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
    let written = serde_json::to_value(parse(EXAMPLE).expect("reads")).expect("serialises");
    assert_fits(&written, &schema, "history");
    for round in written["rounds"].as_array().expect("rounds") {
        assert_fits(round, &schema["$defs"]["round"], "round");
        let ratings = round["ratings"].as_object().expect("ratings");
        let (dimensions, _) = declared(&schema["$defs"]["ratings"]);
        assert!(ratings.keys().all(|key| dimensions.contains(&key.as_str())));
        for item in round["items"].as_array().expect("items") {
            assert_fits(item, &schema["$defs"]["item"], "item");
        }
    }
}
