//! The three renderings of one fixed plan, compared with reviewed files in `golden/`, plus checks
//! by independent readers: an iCalendar parser and the JSON schema in `docs/plan.schema.json`.
//!
//! After an intended change, run the tests with `MOCKLOOP_BLESS=1` to rewrite the golden files,
//! then review the diff.

use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};
use jiff::Timestamp;
use serde_json::Value;

use super::support::{golden_request, plan, question, request, seen, template};
use crate::bank::RoundKind::Coding;
use crate::planner::{render_ics, render_text, Plan};

const SCHEMA: &str = include_str!("../../../../../docs/plan.schema.json");

fn golden_plan() -> Plan {
    plan(&golden_request())
}

fn dtstamp() -> Timestamp {
    "2026-11-20T12:00:00Z".parse().expect("a valid timestamp")
}

/// Compares with `golden/<name>`, or rewrites it when blessing. Files are stored with LF endings.
fn assert_golden(name: &str, actual: &str) {
    let path = format!("{}/src/planner/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("MOCKLOOP_BLESS").is_some() {
        std::fs::write(&path, actual).expect("the golden folder is writable");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("golden file exists; bless with MOCKLOOP_BLESS=1");
    assert!(expected == actual, "{name} differs from its golden file:\n{actual}");
}

#[test]
fn the_text_agenda_matches_its_golden_file() {
    assert_golden("plan.txt", &render_text(&golden_plan()));
}

#[test]
fn the_text_agenda_lists_relaxed_rules_after_the_days() {
    let mut request =
        request(template(&[(Coding, 60), (Coding, 45)], 15, 0), &["Ana"], vec![question("q1", Coding, &[])]);
    request.max_hours_per_day = 1.0;
    request.seen = seen(&[("Ana", &["q1"])]);
    assert_golden("plan-relaxed.txt", &render_text(&plan(&request)));
}

#[test]
fn the_json_matches_its_golden_file() {
    let json = golden_plan().to_json().expect("a plan always serialises");
    assert_golden("plan.json", &format!("{json}\n"));
}

#[test]
fn the_ics_copies_match_their_golden_files() {
    let plan = golden_plan();
    for (name, for_participant) in [("plan.ics", None), ("plan-ana.ics", Some("Ana"))] {
        let ics = render_ics(&plan, for_participant, dtstamp());
        assert!(ics.split_inclusive('\n').all(|line| line.ends_with("\r\n")), "{name} uses CRLF");
        assert!(ics.split("\r\n").all(|line| line.len() <= 75), "{name} folds at 75 octets");
        assert_golden(name, &ics.replace("\r\n", "\n"));
    }
}

fn parse_events(ics: &str) -> Vec<icalendar::Event> {
    let calendar: icalendar::Calendar = ics.parse().expect("the ICS parses");
    calendar.components.iter().filter_map(CalendarComponent::as_event).cloned().collect()
}

fn utc_seconds(time: Option<DatePerhapsTime>) -> Option<i64> {
    match time {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(time))) => Some(time.timestamp()),
        _ => None,
    }
}

#[test]
fn the_full_calendar_has_every_round_in_utc_and_no_question_titles() {
    let plan = golden_plan();
    let events = parse_events(&render_ics(&plan, None, dtstamp()));
    assert_eq!(events.len(), plan.slots().count());
    for (event, slot) in events.iter().zip(plan.slots()) {
        assert_eq!(utc_seconds(event.get_start()), Some(slot.start.timestamp().as_second()));
        assert_eq!(utc_seconds(event.get_end()), Some(slot.feedback_end.timestamp().as_second()));
        assert!(!event.get_description().unwrap_or_default().contains(&slot.question_title));
        assert!(!event.get_summary().unwrap_or_default().contains(&slot.question_title));
    }
}

#[test]
fn a_participants_copy_names_the_question_only_where_they_interview() {
    let plan = golden_plan();
    for name in &plan.participants {
        let events = parse_events(&render_ics(&plan, Some(name), dtstamp()));
        let theirs: Vec<_> = plan.slots().filter(|slot| slot.involves(name)).collect();
        assert_eq!(events.len(), theirs.len(), "{name}");
        for (event, slot) in events.iter().zip(theirs) {
            let names_question = event.get_description().unwrap_or_default().contains(&slot.question_title);
            assert_eq!(names_question, slot.interviewer.as_deref() == Some(name.as_str()), "{name}");
            assert_eq!(utc_seconds(event.get_start()), Some(slot.start.timestamp().as_second()));
        }
    }
}

#[test]
fn event_uids_are_stable_and_shared_between_copies() {
    let plan = golden_plan();
    let uids = |ics: String| {
        parse_events(&ics).iter().filter_map(|e| e.get_uid().map(str::to_owned)).collect::<Vec<_>>()
    };
    let full = uids(render_ics(&plan, None, dtstamp()));
    let again = uids(render_ics(&plan, None, "2027-01-01T00:00:00Z".parse().expect("valid")));
    assert_eq!(full, again);
    let bens = uids(render_ics(&plan, Some("Ben"), dtstamp()));
    assert!(bens.iter().all(|uid| full.contains(uid)));
    let distinct: std::collections::BTreeSet<_> = full.iter().collect();
    assert_eq!(distinct.len(), full.len());
}

#[test]
fn the_json_has_every_key_the_schema_requires() {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
    let json: Value = serde_json::to_value(golden_plan()).expect("a plan serialises");
    let mut problems = Vec::new();
    check_shape(&schema, &schema, &json, "$", &mut problems);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_schema_catches_a_missing_key() {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
    let mut json: Value = serde_json::to_value(golden_plan()).expect("a plan serialises");
    if let Some(slot) = json.pointer_mut("/days/0/slots/0").and_then(Value::as_object_mut) {
        slot.remove("feedback_end");
    }
    let mut problems = Vec::new();
    check_shape(&schema, &schema, &json, "$", &mut problems);
    assert_eq!(problems, vec!["$.days[0].slots[0] lacks feedback_end".to_owned()]);
}

/// A structural subset of JSON Schema: `$ref` into `$defs`, `type`, `required`, `properties`,
/// `additionalProperties: false` and `items`.
fn check_shape(root: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    if let Some(target) = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/")) {
        let resolved = root.pointer(&format!("/{target}")).unwrap_or(&Value::Null);
        return check_shape(root, resolved, value, at, problems);
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() && !types.iter().any(|kind| has_type(value, kind)) {
        problems.push(format!("{at} is not {types:?}"));
    }
    if let Value::Object(object) = value {
        for key in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !object.contains_key(key) {
                problems.push(format!("{at} lacks {key}"));
            }
        }
        for (key, field) in object {
            match schema["properties"].get(key) {
                Some(property) => check_shape(root, property, field, &format!("{at}.{key}"), problems),
                None if schema["additionalProperties"] == Value::Bool(false) => {
                    problems.push(format!("{at} has unexpected {key}"))
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (index, item) in items.iter().enumerate() {
            check_shape(root, item_schema, item, &format!("{at}[{index}]"), problems);
        }
    }
}

fn has_type(value: &Value, kind: &str) -> bool {
    match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    }
}
