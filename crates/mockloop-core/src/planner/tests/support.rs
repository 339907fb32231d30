//! Builders shared by the planner's tests.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::date;

use crate::bank::{RoundKind, Template, TemplateRound, ThemeId};
use crate::planner::{plan_loop, Plan, PlanRequest, QuestionSummary};

pub(super) fn template(rounds: &[(RoundKind, u32)], feedback_minutes: u32, break_minutes: u32) -> Template {
    Template {
        id: "test-loop".to_owned(),
        name: "Test loop".to_owned(),
        description: "A loop built by a test.".to_owned(),
        feedback_minutes,
        break_minutes,
        rounds: rounds.iter().map(|&(kind, minutes)| TemplateRound { kind, minutes }).collect(),
    }
}

pub(super) fn theme(id: &str) -> ThemeId {
    ThemeId::parse(id).expect("test theme ids are well formed")
}

pub(super) fn question(id: &str, kind: RoundKind, themes: &[&str]) -> QuestionSummary {
    QuestionSummary {
        id: id.to_owned(),
        title: format!("Question {id}"),
        kind,
        themes: themes.iter().map(|id| theme(id)).collect(),
    }
}

/// A request starting Saturday 2026-12-05 at 09:00 in New York, capped at 8 hours a day, seed 7.
pub(super) fn request(template: Template, names: &[&str], questions: Vec<QuestionSummary>) -> PlanRequest {
    PlanRequest {
        template,
        participants: names.iter().map(|name| (*name).to_owned()).collect(),
        start: date(2026, 12, 5).at(9, 0, 0, 0),
        time_zone: "America/New_York".to_owned(),
        max_hours_per_day: 8.0,
        seed: 7,
        focus: BTreeMap::new(),
        seen: BTreeMap::new(),
        questions,
    }
}

pub(super) fn seen(entries: &[(&str, &[&str])]) -> BTreeMap<String, BTreeSet<String>> {
    entries
        .iter()
        .map(|(name, ids)| ((*name).to_owned(), ids.iter().map(|id| (*id).to_owned()).collect()))
        .collect()
}

pub(super) fn plan(request: &PlanRequest) -> Plan {
    plan_loop(request).expect("the test request is valid")
}

/// The fixed request behind the golden files: three people, two rounds, a cap that splits days,
/// a seen question, a focus theme, and titles that need escaping in iCalendar.
pub(super) fn golden_request() -> PlanRequest {
    let template = Template {
        id: "staff-mle".to_owned(),
        name: "Staff ML Engineer loop".to_owned(),
        description: "Golden test loop.".to_owned(),
        feedback_minutes: 15,
        break_minutes: 10,
        rounds: vec![
            TemplateRound { kind: RoundKind::Coding, minutes: 60 },
            TemplateRound { kind: RoundKind::MlSystemDesign, minutes: 60 },
        ],
    };
    let questions = vec![
        titled("coding-dedupe", "Rank, dedupe; and page feed items", RoundKind::Coding, &["edge_cases"]),
        titled("coding-sessionize", "Sessionize click streams", RoundKind::Coding, &[]),
        titled("coding-top-k", "Top-k items with ties", RoundKind::Coding, &[]),
        titled("msd-feed", "Design a home-feed ranker", RoundKind::MlSystemDesign, &[]),
        titled("msd-fraud", "Real-time fraud scoring", RoundKind::MlSystemDesign, &["latency_budgets"]),
        titled("msd-search", "Search relevance at scale", RoundKind::MlSystemDesign, &[]),
    ];
    let mut request = request(template, &["Ana", "Ben", "Chen"], questions);
    request.max_hours_per_day = 4.5;
    request.focus.insert("Chen".to_owned(), vec![theme("latency_budgets")]);
    request.seen = seen(&[("Ben", &["coding-top-k"])]);
    request
}

fn titled(id: &str, title: &str, kind: RoundKind, themes: &[&str]) -> QuestionSummary {
    QuestionSummary { title: title.to_owned(), ..question(id, kind, themes) }
}
