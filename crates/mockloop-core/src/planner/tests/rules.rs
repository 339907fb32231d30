//! The planner's rules, checked as properties over random loops, banks, histories and seeds.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::{date, Date};
use jiff::ToSpan;
use proptest::prelude::*;

use super::support::{question, template, theme};
use crate::bank::RoundKind;
use crate::planner::rng::SplitMix64;
use crate::planner::{plan_loop, rule, Plan, PlanRequest, QuestionSummary, Slot};

const NAMES: [&str; 4] = ["Ana", "Ben", "Chen", "Dee"];
const THEMES: [&str; 4] = ["edge_cases", "tradeoffs", "metrics", "scaling"];

/// A random but valid request. The bank has 1-12 questions of every kind, so some loops have
/// plenty and some must repeat or reuse seen questions.
#[derive(Clone, Debug)]
struct Case {
    request: PlanRequest,
}

fn cases(cap_hours: std::ops::Range<f64>) -> impl Strategy<Value = Case> {
    let rounds = prop::collection::vec((0..RoundKind::ALL.len(), 45u32..=60), 1..=5);
    let timing = (0u32..=20, prop_oneof![Just(0u32), 1u32..=15], cap_hours, 0i64..365, 6i8..=12);
    let people = (1usize..=4, any::<u64>(), prop::array::uniform5(1usize..=12), any::<u64>());
    (rounds, timing, people).prop_map(|(rounds, timing, people)| {
        let (feedback, break_minutes, cap, day_of_year, hour) = timing;
        let (count, seed, bank_sizes, history_seed) = people;
        let rounds: Vec<_> =
            rounds.into_iter().map(|(kind, minutes)| (RoundKind::ALL[kind], minutes)).collect();
        let names: Vec<String> = NAMES[..count].iter().map(|name| (*name).to_owned()).collect();
        let mut history = SplitMix64::new(history_seed);
        let questions = random_bank(&bank_sizes, &mut history);
        let start = date(2026, 1, 1).checked_add(day_of_year.days()).unwrap_or(date(2026, 1, 1));
        let request = PlanRequest {
            template: template(&rounds, feedback, break_minutes),
            seen: random_seen(&names, &questions, &mut history),
            focus: random_focus(&names, &mut history),
            participants: names,
            start: start.at(hour, 0, 0, 0),
            time_zone: "America/New_York".to_owned(),
            max_hours_per_day: cap,
            seed,
            questions,
        };
        Case { request }
    })
}

fn random_bank(sizes: &[usize; 5], rng: &mut SplitMix64) -> Vec<QuestionSummary> {
    let mut bank = Vec::new();
    for (kind, &size) in RoundKind::ALL.into_iter().zip(sizes) {
        for index in 0..size {
            let tagged: Vec<&str> = THEMES.into_iter().filter(|_| rng.below(3) == 0).collect();
            bank.push(question(&format!("{kind}-{index}"), kind, &tagged));
        }
    }
    bank
}

fn random_seen(
    names: &[String],
    bank: &[QuestionSummary],
    rng: &mut SplitMix64,
) -> BTreeMap<String, BTreeSet<String>> {
    let density = rng.below(4);
    let mut seen_by =
        |_: &String| bank.iter().filter(|_| rng.below(4) < density).map(|q| q.id.clone()).collect();
    names.iter().map(|name| (name.clone(), seen_by(name))).collect()
}

fn random_focus(names: &[String], rng: &mut SplitMix64) -> BTreeMap<String, Vec<crate::bank::ThemeId>> {
    let mut focus = BTreeMap::new();
    for name in names {
        let pick = rng.below(THEMES.len() + 1);
        if let Some(id) = THEMES.get(pick) {
            focus.insert(name.clone(), vec![theme(id)]);
        }
    }
    focus
}

fn run(case: &Case) -> Plan {
    plan_loop(&case.request).expect("random cases are valid requests")
}

fn kind_count(case: &Case, kind: RoundKind) -> usize {
    case.request.template.rounds.iter().filter(|round| round.kind == kind).count()
}

/// Whether every participant has at least as many unseen questions of the kind as there are slots
/// of it, which guarantees a fresh question for every slot.
fn bank_is_generous_for(case: &Case, kind: RoundKind) -> bool {
    let slots = kind_count(case, kind) * case.request.participants.len();
    case.request.participants.iter().all(|name| {
        let seen = case.request.seen.get(name);
        let unseen = case
            .request
            .questions
            .iter()
            .filter(|q| q.kind == kind && !seen.is_some_and(|s| s.contains(&q.id)));
        unseen.count() >= slots
    })
}

fn has_seen(case: &Case, name: &str, question_id: &str) -> bool {
    case.request.seen.get(name).is_some_and(|seen| seen.contains(question_id))
}

fn reported(plan: &Plan, rule_id: &str, name: &str) -> bool {
    plan.relaxed.iter().any(|relaxation| relaxation.rule == rule_id && relaxation.reason.contains(name))
}

fn counts<'a>(names: impl Iterator<Item = &'a str>, participants: &[String]) -> Vec<usize> {
    let names: Vec<&str> = names.collect();
    participants.iter().map(|person| names.iter().filter(|name| **name == person.as_str()).count()).collect()
}

fn spread(counts: &[usize]) -> usize {
    counts.iter().max().unwrap_or(&0) - counts.iter().min().unwrap_or(&0)
}

fn minutes_between(earlier: &jiff::Zoned, later: &jiff::Zoned) -> i64 {
    (later.timestamp().as_second() - earlier.timestamp().as_second()) / 60
}

proptest! {
    #[test]
    fn everyone_is_interviewee_exactly_once_per_template_round(case in cases(3.0..10.0)) {
        let plan = run(&case);
        let mut expected: Vec<RoundKind> = case.request.template.rounds.iter().map(|round| round.kind).collect();
        expected.sort();
        prop_assert_eq!(plan.slots().count(), case.request.participants.len() * expected.len());
        for name in &case.request.participants {
            let mut kinds: Vec<RoundKind> =
                plan.slots().filter(|slot| &slot.interviewee == name).map(|slot| slot.round_kind).collect();
            kinds.sort();
            prop_assert_eq!(&kinds, &expected, "{}", name);
        }
    }

    #[test]
    fn roles_are_distinct_and_fit_the_group_size(case in cases(3.0..10.0)) {
        let plan = run(&case);
        let size = case.request.participants.len();
        for slot in plan.slots() {
            prop_assert_eq!(slot.interviewer.is_some(), size >= 2);
            prop_assert_eq!(slot.shadow.is_some(), size >= 3);
            prop_assert_ne!(slot.interviewer.as_deref(), Some(slot.interviewee.as_str()));
            prop_assert_ne!(slot.shadow.as_deref(), Some(slot.interviewee.as_str()));
            prop_assert!(slot.shadow.is_none() || slot.shadow != slot.interviewer);
        }
    }

    #[test]
    fn interviewing_and_shadowing_are_shared_evenly(case in cases(3.0..10.0)) {
        let plan = run(&case);
        let people = &case.request.participants;
        if people.len() >= 2 {
            let interviews = counts(plan.slots().filter_map(|slot| slot.interviewer.as_deref()), people);
            prop_assert!(spread(&interviews) <= 1, "{:?}", interviews);
        }
        if people.len() >= 3 {
            let shadows = counts(plan.slots().filter_map(|slot| slot.shadow.as_deref()), people);
            prop_assert!(spread(&shadows) <= 1, "{:?}", shadows);
        }
    }

    #[test]
    fn questions_match_their_round_and_repeat_only_when_reported(case in cases(3.0..10.0)) {
        let plan = run(&case);
        let mut used = BTreeMap::<&str, usize>::new();
        for slot in plan.slots() {
            let question = case.request.questions.iter().find(|q| q.id == slot.question_id);
            prop_assert_eq!(question.map(|q| q.kind), Some(slot.round_kind));
            *used.entry(&slot.question_id).or_default() += 1;
        }
        let repeated = used.values().any(|&uses| uses > 1);
        prop_assert!(!repeated || plan.relaxes(rule::NO_REPEAT_IN_LOOP));
        let generous = RoundKind::ALL.into_iter().all(|kind| bank_is_generous_for(&case, kind));
        prop_assert!(!generous || !repeated, "a generous bank never needs a repeat");
    }

    #[test]
    fn nobody_meets_a_known_question_as_interviewee_unless_reported(case in cases(3.0..10.0)) {
        let plan = run(&case);
        let slots: Vec<&Slot> = plan.slots().collect();
        for slot in &slots {
            let name = slot.interviewee.as_str();
            let generous = bank_is_generous_for(&case, slot.round_kind);
            let seen_before = has_seen(&case, name, &slot.question_id);
            prop_assert!(!seen_before || reported(&plan, rule::UNSEEN_QUESTION, name));
            prop_assert!(!seen_before || !generous, "{} had unseen {} questions to spare", name, slot.round_kind);
            let witnessed = slots.iter().any(|other| {
                other.question_id == slot.question_id
                    && (other.interviewer.as_deref() == Some(name) || other.shadow.as_deref() == Some(name))
            });
            prop_assert!(!witnessed || reported(&plan, rule::UNSEEN_IN_LOOP, name));
            prop_assert!(!witnessed || !generous);
        }
    }

    #[test]
    fn as_many_interviewees_as_possible_get_a_question_of_their_own_they_have_not_seen(case in cases(3.0..10.0)) {
        let plan = run(&case);
        let fresh: BTreeSet<&str> = plan
            .slots()
            .filter(|slot| !has_seen(&case, &slot.interviewee, &slot.question_id))
            .map(|slot| slot.question_id.as_str())
            .collect();
        prop_assert_eq!(fresh.len(), most_fresh_possible(&case, &plan));
    }

    #[test]
    fn every_day_fits_the_cap_and_starts_at_the_requested_time(case in cases(3.0..10.0)) {
        let plan = run(&case);
        prop_assert!(!plan.relaxes(rule::DAILY_CAP), "a 3-hour cap holds any single round");
        check_days(&case, &plan)?;
    }

    #[test]
    fn a_cap_too_short_for_a_round_is_reported_and_every_other_day_fits(case in cases(0.25..2.0)) {
        let plan = run(&case);
        check_days(&case, &plan)?;
    }

    #[test]
    fn nobody_is_interviewee_twice_in_a_row_without_a_break(case in cases(3.0..10.0)) {
        let plan = run(&case);
        let break_minutes = i64::from(case.request.template.break_minutes);
        for day in &plan.days {
            for pair in day.slots.windows(2) {
                prop_assert!(minutes_between(&pair[0].feedback_end, &pair[1].start) >= break_minutes);
                if pair[0].interviewee == pair[1].interviewee && break_minutes == 0 {
                    prop_assert_eq!(case.request.participants.len(), 1, "avoidable back-to-back");
                    prop_assert!(plan.relaxes(rule::NO_BACK_TO_BACK));
                }
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_plan(case in cases(3.0..10.0)) {
        prop_assert_eq!(run(&case), run(&case));
    }
}

/// The most slots that could hold distinct questions their interviewee has not seen: a maximum
/// bipartite matching by Kuhn's algorithm, independent of the planner's own assignment method.
fn most_fresh_possible(case: &Case, plan: &Plan) -> usize {
    let questions = &case.request.questions;
    let edges: Vec<Vec<usize>> = plan
        .slots()
        .map(|slot| {
            let fits =
                |q: &QuestionSummary| q.kind == slot.round_kind && !has_seen(case, &slot.interviewee, &q.id);
            (0..questions.len()).filter(|&index| fits(&questions[index])).collect()
        })
        .collect();
    let mut holder = vec![None; questions.len()];
    (0..edges.len())
        .filter(|&slot| augment(slot, &edges, &mut holder, &mut vec![false; questions.len()]))
        .count()
}

fn augment(slot: usize, edges: &[Vec<usize>], holder: &mut [Option<usize>], visited: &mut [bool]) -> bool {
    for &question in &edges[slot] {
        if !visited[question] {
            visited[question] = true;
            let current = holder[question];
            if current.is_none_or(|other| augment(other, edges, holder, visited)) {
                holder[question] = Some(slot);
                return true;
            }
        }
    }
    false
}

/// Every day is within the cap (or holds one over-long slot, reported), starts at the requested
/// local time, and comes after the previous one.
fn check_days(case: &Case, plan: &Plan) -> Result<(), TestCaseError> {
    let cap_minutes = (case.request.max_hours_per_day * 60.0).floor() as i64;
    let mut previous: Option<Date> = None;
    for day in &plan.days {
        let (first, last) = (&day.slots[0], &day.slots[day.slots.len() - 1]);
        let span = minutes_between(&first.start, &last.feedback_end);
        prop_assert!(span <= cap_minutes || (day.slots.len() == 1 && plan.relaxes(rule::DAILY_CAP)));
        prop_assert_eq!(first.start.datetime(), day.date.to_datetime(case.request.start.time()));
        prop_assert!(previous.is_none_or(|previous| previous < day.date));
        previous = Some(day.date);
    }
    Ok(())
}
