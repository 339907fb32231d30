//! Form-level rules: a strength, strengths first, every dimension addressed.

use std::collections::BTreeMap;

use super::super::{lint_form, FormDraft, FormItem, ItemKind, ProblemCode, ThemeSuggester};
use super::{bank_themes, good_item};
use crate::bank::{Dimension, ThemeId};

fn item(kind: ItemKind, theme: Option<&str>) -> FormItem {
    FormItem { kind, theme: theme.and_then(|theme| ThemeId::parse(theme).ok()), item: good_item() }
}

/// Rating comments for every dimension except `missing`.
fn comments_except(missing: Option<Dimension>) -> BTreeMap<Dimension, String> {
    Dimension::ALL
        .into_iter()
        .filter(|dimension| Some(*dimension) != missing)
        .map(|dimension| (dimension, format!("Specific note on {}", dimension.as_str())))
        .collect()
}

fn form_codes(form: &FormDraft) -> Vec<ProblemCode> {
    lint_form(form, &ThemeSuggester::new(&bank_themes())).problems.into_iter().map(|p| p.code).collect()
}

#[test]
fn a_form_with_a_strength_first_and_every_dimension_is_ok() {
    let form = FormDraft {
        round_kind: None,
        items: vec![item(ItemKind::Strength, None), item(ItemKind::Improvement, None)],
        rating_comments: comments_except(None),
    };
    let report = lint_form(&form, &ThemeSuggester::new(&bank_themes()));
    assert!(report.ok, "{report:?}");
    assert_eq!(report.items.len(), 2);
}

#[test]
fn a_form_without_strengths_is_flagged() {
    let form = FormDraft {
        round_kind: None,
        items: vec![item(ItemKind::Improvement, None)],
        rating_comments: comments_except(None),
    };
    assert_eq!(form_codes(&form), vec![ProblemCode::NoStrength]);
}

#[test]
fn an_improvement_before_a_strength_is_flagged() {
    let form = FormDraft {
        round_kind: None,
        items: vec![item(ItemKind::Improvement, None), item(ItemKind::Strength, None)],
        rating_comments: comments_except(None),
    };
    assert_eq!(form_codes(&form), vec![ProblemCode::StrengthsNotFirst]);
}

#[test]
fn an_uncovered_dimension_is_flagged_on_its_rating_comment() {
    let mut comments = comments_except(Some(Dimension::Tradeoffs));
    comments.insert(Dimension::Tradeoffs, "n/a".to_owned());
    // An item about narration only: it addresses communication, not trade-offs.
    let mut strength = item(ItemKind::Strength, None);
    strength.item.situation = "At 12:00, right after reading the prompt".to_owned();
    strength.item.behavior = "You narrated each line out loud while you typed the parser".to_owned();
    strength.item.impact = "I could follow your reasoning without asking".to_owned();
    strength.item.suggestion = "Keep narrating out loud in every coding round".to_owned();
    let form = FormDraft { round_kind: None, items: vec![strength], rating_comments: comments };
    let report = lint_form(&form, &ThemeSuggester::new(&bank_themes()));
    let uncovered: Vec<String> = report.problems.iter().map(|problem| problem.field.to_string()).collect();
    assert_eq!(uncovered, vec!["rating_comments.tradeoffs"]);
    assert!(report.problems[0].message.contains("trade-offs"));
}

#[test]
fn a_chosen_theme_covers_its_dimension() {
    let form = FormDraft {
        round_kind: None,
        items: vec![item(ItemKind::Strength, Some("tradeoff_justification"))],
        rating_comments: comments_except(Some(Dimension::Tradeoffs)),
    };
    assert!(form_codes(&form).is_empty());
}

#[test]
fn an_items_text_covers_the_dimension_the_suggester_finds() {
    let mut strength = item(ItemKind::Strength, None);
    strength.item.behavior =
        "You compared batch and online scoring on latency and cost, listed the pros and cons and justified batch"
            .to_owned();
    let form = FormDraft {
        round_kind: None,
        items: vec![strength],
        rating_comments: comments_except(Some(Dimension::Tradeoffs)),
    };
    assert!(form_codes(&form).is_empty());
}
