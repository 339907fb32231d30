//! The theme suggester over the real bank themes.

use super::super::{ThemeInput, ThemeSuggester};
use super::bank_themes;
use crate::bank::RoundKind;

fn text(text: &str) -> ThemeInput {
    ThemeInput::Text { text: text.to_owned() }
}

fn top(suggester: &ThemeSuggester, input: &ThemeInput, round_kind: Option<RoundKind>) -> String {
    suggester.suggest(input, round_kind).map(|suggestion| suggestion.theme.to_string()).unwrap_or_default()
}

#[test]
fn typical_phrasings_find_their_theme() {
    let suggester = ThemeSuggester::new(&bank_themes());
    let cases = [
        ("You ran out of time before testing because the parsing took 25 minutes", "time_management"),
        ("Went silent for three minutes and then typed the whole solution", "thinking_aloud"),
        ("Started designing before asking about scale or the success metric", "clarifying_requirements"),
        ("Never computed the sample size or said how long the A/B test would run", "experiment_design"),
        (
            "Read the correlation between app opens and spend as the effect of notifications",
            "causal_reasoning",
        ),
        (
            "Presented one option as obviously right and never named an alternative or its downsides",
            "tradeoff_justification",
        ),
        ("Your variable names were single letters and the function was 80 lines long", "code_quality"),
    ];
    for (input, expected) in cases {
        assert_eq!(top(&suggester, &text(input), None), expected, "{input:?}");
    }
}

#[test]
fn the_four_fields_are_read_together() {
    let suggester = ThemeSuggester::new(&bank_themes());
    let input = ThemeInput::Fields {
        situation: "At 20:00".to_owned(),
        behavior: "You quoted AUC only, without checking it matches the business goal".to_owned(),
        impact: "I couldn't tell if the model helps the retention team".to_owned(),
        suggestion:
            "Pick the offline metric that mirrors how the list is used, e.g. precision in the top 500"
                .to_owned(),
    };
    assert_eq!(top(&suggester, &input, None), "evaluation_and_metrics");
}

#[test]
fn confidences_are_a_distribution_and_alternatives_are_ranked() {
    let suggester = ThemeSuggester::new(&bank_themes());
    let suggestion =
        suggester.suggest(&text("Missed the off-by-one on an empty list"), Some(RoundKind::Coding));
    let Some(suggestion) = suggestion else { panic!("a bank with themes always suggests one") };
    assert!((0.0..=1.0).contains(&suggestion.confidence));
    assert!(!suggestion.alternatives.is_empty());
    let mut previous = suggestion.confidence;
    for alternative in &suggestion.alternatives {
        assert!(alternative.confidence <= previous);
        previous = alternative.confidence;
    }
}

#[test]
fn text_that_matches_nothing_gets_low_confidence() {
    let suggester = ThemeSuggester::new(&bank_themes());
    let confidence = suggester.suggest(&text("Lorem ipsum dolor sit amet"), None).map(|s| s.confidence);
    assert!(confidence.is_some_and(|confidence| confidence < 0.2), "{confidence:?}");
}

#[test]
fn the_round_kind_is_a_prior() {
    let suggester = ThemeSuggester::new(&bank_themes());
    let input = text("Told the story with too much background");
    let behavioral = suggester.suggest(&input, Some(RoundKind::Behavioral)).map(|s| s.confidence);
    let coding = suggester.suggest(&input, Some(RoundKind::Coding));
    assert_eq!(top(&suggester, &input, Some(RoundKind::Behavioral)), "star_structure");
    assert!(coding.is_none_or(|s| s.theme.as_str() != "star_structure" || Some(s.confidence) < behavioral));
}

#[test]
fn no_themes_means_no_suggestion() {
    assert!(ThemeSuggester::new(&[]).suggest(&text("anything"), None).is_none());
}
