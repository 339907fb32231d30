//! The practice plan and the text for a partner.

use super::*;
use crate::insights::{as_behaviour, practice_plan, share_text, MAX_DRILLS};

#[test]
fn drills_are_tagged_unseen_first_and_spread_across_round_kinds() {
    let bank = real_bank();
    let focus = theme("tradeoff_justification");
    let tagged: Vec<&str> =
        bank.questions.iter().filter(|q| q.has_theme(&focus)).map(|q| q.id.as_str()).collect();
    let seen: Vec<String> = tagged.iter().take(3).map(|id| (*id).to_owned()).collect();
    let plan = practice_plan(&focus, bank, &seen).expect("a bank theme");
    assert_eq!(plan.drills.len(), MAX_DRILLS.min(tagged.len()));
    assert!(plan.drills.iter().all(|drill| tagged.contains(&drill.question_id.as_str())));
    let first_seen = plan.drills.iter().position(|drill| drill.seen).unwrap_or(plan.drills.len());
    assert!(plan.drills[first_seen..].iter().all(|drill| drill.seen), "unseen first");
    let kinds: std::collections::BTreeSet<_> = plan.drills.iter().map(|drill| drill.round_kind).collect();
    let available: std::collections::BTreeSet<_> =
        bank.questions.iter().filter(|q| q.has_theme(&focus)).map(|q| q.kind).collect();
    assert_eq!(kinds.len(), available.len().min(MAX_DRILLS));
    let theme = bank.theme("tradeoff_justification").expect("theme");
    assert_eq!(plan.revisit, theme.practice);
    assert_eq!(plan.checklist.len(), theme.watch_for.len());
}

#[test]
fn an_unknown_theme_has_no_plan() {
    assert!(practice_plan(&theme("not_a_theme"), real_bank(), &[]).is_none());
}

#[test]
fn watch_for_lines_become_behaviours_to_show() {
    let cases = [
        (
            "Whether alternatives are named before a choice is made.",
            "Alternatives are named before a choice is made.",
        ),
        (
            "Whether the candidate says what evidence or change would make them reverse the decision.",
            "You say what evidence or change would make you reverse the decision.",
        ),
        ("Whether the candidate finds and fixes their own bugs.", "You find and fix your own bugs."),
        (
            "Whether the candidate recognizes the pattern and picks a suitable structure.",
            "You recognize the pattern and pick a suitable structure.",
        ),
        (
            "Whether they leave a rabbit hole on their own, without being prompted.",
            "You leave a rabbit hole on your own, without being prompted.",
        ),
        (
            "Whether the candidate's own decisions and actions are unambiguous.",
            "Your own decisions and actions are unambiguous.",
        ),
        (
            "Length and frequency of silent stretches.",
            "Keep an eye on: length and frequency of silent stretches.",
        ),
    ];
    for (watch_for, expected) in cases {
        assert_eq!(as_behaviour(watch_for), expected);
    }
}

#[test]
fn the_share_text_names_each_focus_area_and_what_to_watch() {
    let text = share_text(&[theme("time_management"), theme("tradeoff_justification")], real_bank());
    assert!(text.starts_with("My focus areas for this mock interview:"));
    assert!(text.contains("1. Time management: "));
    assert!(text.contains("2. Trade-off justification: "));
    assert!(text.contains("Please watch: whether alternatives are named before a choice is made."));
    assert!(!text.contains("mockloop"), "readable without the app");
}
