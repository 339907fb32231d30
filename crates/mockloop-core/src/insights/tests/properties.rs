//! Rules that hold for every history: at most two focus areas, never a resolved one, in rank
//! order; contributions add up to the score; the order of rounds in the file changes nothing.

use proptest::prelude::*;

use super::*;
use crate::insights::{Evidence, Trend, MAX_FOCUS_AREAS};

const THEMES: [&str; 5] = [
    "tradeoff_justification",
    "time_management",
    "code_quality",
    "clarifying_requirements",
    "thinking_aloud",
];
const KINDS: [RoundKind; 3] = [RoundKind::Coding, RoundKind::MlSystemDesign, RoundKind::Experimentation];
const GIVERS: [&str; 3] = ["alex", "sam", "kim"];

/// A round as drawn: day offset, kind, giver, items as (is strength, theme), ratings per dimension.
type RoundSpec = (u8, usize, usize, Vec<(bool, usize)>, [Option<u8>; 4]);

fn arbitrary_round() -> impl Strategy<Value = RoundSpec> {
    (
        0u8..60,
        0..KINDS.len(),
        0..GIVERS.len(),
        proptest::collection::vec((any::<bool>(), 0..THEMES.len()), 0..5),
        [
            proptest::option::of(1u8..=4),
            proptest::option::of(1u8..=4),
            proptest::option::of(1u8..=4),
            proptest::option::of(1u8..=4),
        ],
    )
}

fn build(specs: &[RoundSpec]) -> Vec<HistoryRound> {
    specs
        .iter()
        .enumerate()
        .map(|(index, (day, kind, giver, items, ratings))| {
            let date = jiff::civil::date(2026, 8, 1).checked_add(jiff::Span::new().days(i64::from(*day)));
            let mut built = round(&format!("r{index}"), "2026-08-01", KINDS[*kind], GIVERS[*giver]);
            built.date = date.expect("in range");
            for (strength, theme_index) in items {
                let kind = if *strength { ItemKind::Strength } else { ItemKind::Improvement };
                built = built.item(tagged(kind, THEMES[*theme_index]));
            }
            for (dimension, rating) in Dimension::ALL.into_iter().zip(ratings) {
                if let Some(rating) = rating {
                    built = built.rated(dimension, *rating);
                }
            }
            built
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn focus_is_at_most_two_unresolved_themes_in_rank_order(specs in proptest::collection::vec(arbitrary_round(), 1..7)) {
        let report = report(build(&specs));
        prop_assert!(report.focus.len() <= MAX_FOCUS_AREAS);
        let mut last_rank = None;
        for focus in &report.focus {
            let rank = report.themes.iter().position(|theme| &theme.theme == focus);
            prop_assert!(rank.is_some());
            prop_assert_ne!(report.themes[rank.unwrap_or_default()].trend, Trend::Resolved);
            prop_assert!(last_rank < rank);
            last_rank = rank;
        }
    }

    #[test]
    fn contributions_add_up_and_round_order_does_not_matter(specs in proptest::collection::vec(arbitrary_round(), 1..7)) {
        let rounds = build(&specs);
        let forward = report(rounds.clone());
        let backward = report(rounds.into_iter().rev().collect());
        prop_assert_eq!(&forward, &backward);
        for theme in &forward.themes {
            let sum: f64 = theme.evidence.iter().map(Evidence::contribution).sum();
            prop_assert!((sum - theme.score).abs() < 0.02, "{}: {} vs {}", theme.theme, sum, theme.score);
            prop_assert!(theme.score >= 0.0);
        }
    }
}
