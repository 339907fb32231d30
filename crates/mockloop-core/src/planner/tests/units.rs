//! Edge cases of the planner, one behaviour per test.

use jiff::civil::date;
use jiff::ToSpan;

use super::support::{plan, question, request, seen, template, theme};
use crate::bank::RoundKind::{Behavioral, Coding, MlDeepDive};
use crate::planner::{plan_loop, rule, PlanError};

#[test]
fn a_question_tagged_with_the_interviewees_focus_theme_is_preferred() {
    let questions = vec![
        question("plain", Coding, &[]),
        question("tagged", Coding, &["edge_cases"]),
        question("other", Coding, &["complexity"]),
    ];
    for seed in 0..32 {
        let mut request = request(template(&[(Coding, 45)], 10, 5), &["Ana", "Ben"], questions.clone());
        request.seed = seed;
        request.focus.insert("Ana".to_owned(), vec![theme("edge_cases")]);
        let plan = plan(&request);
        let anas = plan.slots().find(|slot| slot.interviewee == "Ana").expect("Ana has a slot");
        assert_eq!(anas.question_id, "tagged", "seed {seed}");
    }
}

#[test]
fn an_earlier_choice_moves_so_that_nobody_gets_a_question_they_have_seen() {
    // Ben prefers q1 (his focus) but q1 is the only coding question Ana has not seen.
    let questions = vec![question("q1", Coding, &["edge_cases"]), question("q2", Coding, &[])];
    for seed in 0..32 {
        let mut request = request(template(&[(Coding, 45)], 10, 5), &["Ana", "Ben"], questions.clone());
        request.seed = seed;
        request.focus.insert("Ben".to_owned(), vec![theme("edge_cases")]);
        request.seen = seen(&[("Ana", &["q2"])]);
        let plan = plan(&request);
        assert!(plan.relaxed.is_empty(), "seed {seed}: {:?}", plan.relaxed);
        let anas = plan.slots().find(|slot| slot.interviewee == "Ana").expect("Ana has a slot");
        assert_eq!(anas.question_id, "q1", "seed {seed}");
    }
}

#[test]
fn too_few_questions_for_the_loop_is_reported_as_repeats() {
    let request = request(
        template(&[(Coding, 45)], 10, 5),
        &["Ana", "Ben", "Chen"],
        vec![question("only", Coding, &[])],
    );
    let plan = plan(&request);
    assert_eq!(plan.slots().count(), 3);
    assert!(plan.slots().all(|slot| slot.question_id == "only"));
    assert!(plan.relaxes(rule::NO_REPEAT_IN_LOOP));
    assert!(plan.relaxes(rule::UNSEEN_IN_LOOP));
    assert!(!plan.relaxes(rule::UNSEEN_QUESTION));
}

#[test]
fn a_question_the_interviewee_has_seen_is_used_only_when_nothing_else_is_left() {
    let questions = vec![question("seen-one", MlDeepDive, &[])];
    let mut request = request(template(&[(MlDeepDive, 60)], 10, 5), &["Ana"], questions);
    request.seen = seen(&[("Ana", &["seen-one"])]);
    let plan = plan(&request);
    let relaxation = plan.relaxed.iter().find(|relaxation| relaxation.rule == rule::UNSEEN_QUESTION);
    assert!(relaxation.is_some_and(|relaxation| relaxation.reason.contains("Ana")), "{:?}", plan.relaxed);
}

#[test]
fn a_round_longer_than_the_daily_cap_gets_a_day_of_its_own_and_is_reported() {
    let mut request = request(template(&[(Coding, 60), (Behavioral, 45)], 15, 10), &["Ana"], bank());
    request.max_hours_per_day = 1.0;
    let plan = plan(&request);
    assert_eq!(plan.days.len(), 2);
    assert!(plan.relaxes(rule::DAILY_CAP));
    assert!(plan.days.iter().all(|day| day.slots.len() == 1));
}

#[test]
fn a_solo_participant_without_breaks_runs_back_to_back_and_it_is_reported() {
    let plan = plan(&request(template(&[(Coding, 45), (Behavioral, 45)], 10, 0), &["Ana"], bank()));
    assert!(plan.relaxes(rule::NO_BACK_TO_BACK));
    assert!(plan.slots().all(|slot| slot.interviewer.is_none() && slot.shadow.is_none()));
}

#[test]
fn a_solo_participant_with_a_break_rests_between_rounds() {
    let plan = plan(&request(template(&[(Coding, 45), (Behavioral, 45)], 10, 15), &["Ana"], bank()));
    let slots: Vec<_> = plan.slots().collect();
    assert!(plan.relaxed.is_empty(), "{:?}", plan.relaxed);
    assert_eq!(slots[1].start, slots[0].feedback_end.checked_add(15.minutes()).expect("in range"));
}

#[test]
fn every_day_starts_at_the_same_local_time_across_the_autumn_dst_change() {
    // New York leaves DST at 02:00 on Sunday 2026-11-01.
    let mut request = request(template(&[(Coding, 60), (Behavioral, 60)], 15, 10), &["Ana", "Ben"], bank());
    request.start = date(2026, 10, 31).at(9, 0, 0, 0);
    request.max_hours_per_day = 3.0;
    let plan = plan(&request);
    let firsts: Vec<_> = plan.days.iter().map(|day| &day.slots[0].start).collect();
    assert_eq!(plan.days[1].date, date(2026, 11, 1));
    assert!(firsts.iter().all(|start| start.datetime().time() == jiff::civil::time(9, 0, 0, 0)));
    assert_eq!(firsts[0].offset().seconds(), -4 * 3600);
    assert_eq!(firsts[1].offset().seconds(), -5 * 3600);
    assert_eq!(firsts[1].timestamp().to_string(), "2026-11-01T14:00:00Z");
}

#[test]
fn a_round_across_the_spring_dst_change_lasts_its_real_length() {
    // At 02:00 on 2026-03-08 New York clocks jump to 03:00.
    let mut request = request(template(&[(Coding, 60)], 0, 0), &["Ana"], bank());
    request.start = date(2026, 3, 8).at(1, 30, 0, 0);
    let plan = plan(&request);
    let slot = plan.slots().next().expect("one slot");
    assert_eq!(slot.end.datetime(), date(2026, 3, 8).at(3, 30, 0, 0));
    assert_eq!(slot.end.timestamp().as_second() - slot.start.timestamp().as_second(), 3600);
}

#[test]
fn a_cap_longer_than_a_day_never_makes_days_overlap() {
    let long = template(&[(Coding, 600), (Coding, 600), (Coding, 600), (Coding, 600)], 15, 0);
    let questions = (0..4).map(|index| question(&format!("c{index}"), Coding, &[])).collect();
    let mut request = request(long, &["Ana"], questions);
    request.max_hours_per_day = 40.0;
    let plan = plan(&request);
    assert_eq!(plan.days.iter().map(|day| day.slots.len()).collect::<Vec<_>>(), vec![3, 1]);
    assert_eq!(plan.days[1].date, date(2026, 12, 7));
}

/// A change that makes a valid request invalid.
type Breakage = Box<dyn Fn(&mut crate::planner::PlanRequest)>;

#[test]
fn requests_no_plan_can_honour_are_errors() {
    let valid = || request(template(&[(Coding, 45)], 10, 5), &["Ana", "Ben"], bank());
    let cases: Vec<(&str, Breakage, PlanError)> = vec![
        ("no participants", Box::new(|r| r.participants.clear()), PlanError::NoParticipants),
        (
            "five participants",
            Box::new(|r| r.participants = names(&["A", "B", "C", "D", "E"])),
            PlanError::TooManyParticipants(5),
        ),
        ("an empty name", Box::new(|r| r.participants = names(&["Ana", "  "])), PlanError::EmptyName),
        (
            "a duplicate",
            Box::new(|r| r.participants = names(&["Ana", "Ana "])),
            PlanError::DuplicateName("Ana".to_owned()),
        ),
        (
            "an unknown focus name",
            Box::new(|r| drop(r.focus.insert("Zoe".to_owned(), vec![]))),
            PlanError::UnknownParticipant { name: "Zoe".to_owned(), field: "focus themes" },
        ),
        (
            "an unknown seen name",
            Box::new(|r| r.seen = seen(&[("Zoe", &[])])),
            PlanError::UnknownParticipant { name: "Zoe".to_owned(), field: "seen questions" },
        ),
        ("a zero cap", Box::new(|r| r.max_hours_per_day = 0.0), PlanError::InvalidDailyCap(0.0)),
        ("a negative cap", Box::new(|r| r.max_hours_per_day = -2.0), PlanError::InvalidDailyCap(-2.0)),
        (
            "an infinite cap",
            Box::new(|r| r.max_hours_per_day = f64::INFINITY),
            PlanError::InvalidDailyCap(f64::INFINITY),
        ),
        (
            "no rounds",
            Box::new(|r| r.template.rounds.clear()),
            PlanError::TemplateWithoutRounds("test-loop".to_owned()),
        ),
        (
            "no question of a kind",
            Box::new(|r| r.questions.retain(|question| question.kind != Coding)),
            PlanError::NoQuestionOfKind { kind: Coding, template: "test-loop".to_owned() },
        ),
        (
            "an unknown zone",
            Box::new(|r| r.time_zone = "Mars/Olympus".to_owned()),
            PlanError::UnknownTimeZone("Mars/Olympus".to_owned()),
        ),
    ];
    for (case, break_it, expected) in cases {
        let mut request = valid();
        break_it(&mut request);
        assert_eq!(plan_loop(&request).err(), Some(expected), "{case}");
    }
}

#[test]
fn a_cap_that_is_not_a_number_is_an_error() {
    let mut request = request(template(&[(Coding, 45)], 10, 5), &["Ana"], bank());
    request.max_hours_per_day = f64::NAN;
    assert!(matches!(plan_loop(&request), Err(PlanError::InvalidDailyCap(cap)) if cap.is_nan()));
}

#[test]
fn error_messages_speak_to_the_person_filling_the_form() {
    let error = PlanError::NoQuestionOfKind { kind: Coding, template: "staff-mle".to_owned() };
    assert_eq!(error.to_string(), "The bank has no coding question, which template \"staff-mle\" needs.");
}

fn bank() -> Vec<crate::planner::QuestionSummary> {
    [Coding, Behavioral, MlDeepDive]
        .into_iter()
        .flat_map(|kind| (0..4).map(move |index| question(&format!("{kind}-{index}"), kind, &[])))
        .collect()
}

fn names(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

#[test]
fn a_retimed_plan_keeps_its_seats_and_regroups_its_days() {
    let questions =
        vec![question("c1", Coding, &[]), question("c2", Coding, &[]), question("b1", Behavioral, &[])];
    let plan = plan(&request(template(&[(Coding, 45), (Behavioral, 45)], 15, 0), &["Ana", "Ben"], questions));
    let zone = jiff::tz::TimeZone::get("Europe/Berlin").expect("zone");
    let times: Vec<_> = (0..4)
        .map(|day| {
            let start = date(2026, 12, 7 + day).at(19, 0, 0, 0).to_zoned(zone.clone()).expect("valid");
            let end = start.checked_add(45.minutes()).expect("valid");
            let feedback_end = end.checked_add(15.minutes()).expect("valid");
            (start, end, feedback_end)
        })
        .collect();
    let retimed = plan.retimed(&times).expect("one time per slot");
    assert_eq!(retimed.days.len(), 4, "one round a day now");
    let before: Vec<_> = plan.slots().map(|s| (s.interviewee.clone(), s.question_id.clone())).collect();
    let after: Vec<_> = retimed.slots().map(|s| (s.interviewee.clone(), s.question_id.clone())).collect();
    assert_eq!(before, after);
    assert_eq!(retimed.slots().next().map(|s| s.start.clone()), Some(times[0].0.clone()));
    assert!(!retimed.relaxes(rule::NO_BACK_TO_BACK) && !retimed.relaxes(rule::DAILY_CAP));
    assert!(plan.retimed(&times[..3]).is_none());
}
