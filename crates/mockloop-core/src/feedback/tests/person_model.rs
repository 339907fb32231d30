//! The learned half of `about_person`: it catches verdicts the rules' phrase classes miss, and
//! leaves alone observations that share their words (hard negatives).

use super::super::person_model::{trained_model, PreparedItem, RuleCheck};
use super::super::{Field, ProblemCode};
use super::{flags, good_item, problems, with_field};

fn about_person(field: Field, text: &str) -> bool {
    flags(field, text, ProblemCode::AboutPerson)
}

#[test]
fn observable_behavior_that_shares_words_with_verdicts_is_not_about_the_person() {
    for (field, text) in [
        (Field::Behavior, "You interrupted me three times before I finished the question"),
        (Field::Impact, "The typical latency of the ranking stage went unexamined"),
        (Field::Behavior, "You took the natural log of revenue before fitting the model"),
        (
            Field::Behavior,
            "You said \"the PM was lazy and never read the doc\" when I asked about the conflict",
        ),
        (Field::Behavior, "You called the stakeholder's plan 'stupid' in the role-play"),
        (Field::Behavior, "You described mentoring a junior analyst through her first readout"),
        (Field::Behavior, "You spotted a natural experiment in the staggered regional rollout"),
        (Field::Situation, "When a senior engineer on your team disagreed with the launch"),
        (Field::Impact, "The design was confident about a number nobody had measured"),
    ] {
        assert!(!about_person(field, text), "{text:?}");
    }
}

#[test]
fn verdicts_outside_the_rules_phrase_classes_are_about_the_person() {
    for (field, text) in [
        (Field::Impact, "Honestly she is just slow"),
        (Field::Behavior, "You explained the derivation flawlessly. Prodigy."),
        (Field::Impact, "You're clueless about complexity"),
    ] {
        assert!(about_person(field, text), "{text:?}");
    }
}

#[test]
fn the_model_points_at_one_field_and_keeps_the_message() {
    let item = with_field(Field::Impact, "Honestly she is just slow");
    let report = super::super::lint_item(&item);
    let about: Vec<_> =
        report.problems.iter().filter(|problem| problem.code == ProblemCode::AboutPerson).collect();
    assert_eq!(about.len(), 1);
    assert_eq!(about[0].field, Field::Impact);
    let rules_message = super::super::lint_item(&with_field(Field::Impact, "You are lazy")).problems;
    assert!(rules_message.iter().any(|problem| problem.message == about[0].message));
}

#[test]
fn the_good_item_scores_low_in_every_field() {
    let prepared = PreparedItem::from_item(&good_item(), false, RuleCheck::Always);
    assert_eq!(trained_model().flagged_fields(&prepared), [false; 4]);
    assert!(problems(&good_item()).is_empty());
}
