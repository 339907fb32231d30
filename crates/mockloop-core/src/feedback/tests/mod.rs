//! Unit tests of the feedback rules: one module per problem code, plus the suggester, the form and
//! the evaluation. Cases are written from the rules' principles, including the hard ones (long but
//! vague, short but specific, polite trait judgements).

mod about_person;
mod actionable;
mod eval;
mod form;
mod missing;
mod person_model;
mod person_tuning;
mod themes;
mod tuning;
mod vague;

use super::{lint_item, FeedbackItem, Field, ProblemCode};
use crate::bank::parse::{parse_themes, ContentFile};
use crate::bank::Theme;

const THEMES_TOML: &str = include_str!("../../../../../content/themes.toml");

/// The themes of the real content folder, which the suggester is built for.
pub(super) fn bank_themes() -> Vec<Theme> {
    let (themes, problems) =
        parse_themes(&ContentFile { path: "themes.toml".to_owned(), text: THEMES_TOML.to_owned() });
    assert!(problems.is_empty(), "{problems:?}");
    themes
}

/// A good item: every field concrete, the suggestion a cue and an action.
pub(super) fn good_item() -> FeedbackItem {
    FeedbackItem {
        situation: "Around minute 12, when you sketched the candidate retrieval stage".to_owned(),
        behavior: "you chose a two-tower model without asking what the latency budget was".to_owned(),
        impact:
            "I couldn't tell whether it would meet the 50 ms target, and we spent 6 minutes revisiting it"
                .to_owned(),
        suggestion: "Before choosing a model, ask for the QPS and latency target and write both on the board"
            .to_owned(),
        round_kind: None,
    }
}

/// The good item with one field replaced.
pub(super) fn with_field(field: Field, text: &str) -> FeedbackItem {
    let mut item = good_item();
    let slot = match field {
        Field::Situation => &mut item.situation,
        Field::Behavior => &mut item.behavior,
        Field::Impact => &mut item.impact,
        Field::Suggestion | Field::Items | Field::RatingComment(_) => &mut item.suggestion,
    };
    *slot = text.to_owned();
    item
}

/// The (code, field) pairs the linter reports for an item.
pub(super) fn problems(item: &FeedbackItem) -> Vec<(ProblemCode, Field)> {
    lint_item(item).problems.into_iter().map(|problem| (problem.code, problem.field)).collect()
}

/// Whether the linter reports `code` on `field` when the good item's `field` reads `text`.
pub(super) fn flags(field: Field, text: &str, code: ProblemCode) -> bool {
    problems(&with_field(field, text)).contains(&(code, field))
}

#[test]
fn the_good_item_has_no_problems() {
    let report = lint_item(&good_item());
    assert!(report.ok, "{:?}", report.problems);
}

#[test]
fn every_problem_has_a_message_with_an_example() {
    let item = FeedbackItem {
        situation: "n/a".to_owned(),
        behavior: "You are a natural".to_owned(),
        impact: "It was fine".to_owned(),
        suggestion: "Practice more".to_owned(),
        round_kind: None,
    };
    let report = lint_item(&item);
    assert!(!report.ok);
    for problem in &report.problems {
        assert!(problem.message.contains("example") || problem.message.contains("Instead of"), "{problem:?}");
    }
}
