//! Scores and focus choice: recency, breadth against repetition, fixed problems, untagged
//! feedback, ties and the two-area limit.

use super::*;
use crate::bank::Dimension::{ProblemSolving, TechnicalDepth, Tradeoffs};
use crate::bank::RoundKind::{Coding, Experimentation, MlSystemDesign};
use crate::insights::Evidence;
use crate::insights::Trend;

#[test]
fn a_recent_remark_outranks_the_same_remark_months_ago() {
    let report = report(vec![
        round("r1", "2026-06-01", Coding, "alex").improvement("time_management"),
        round("r2", "2026-09-20", Coding, "sam").improvement("thinking_aloud"),
    ]);
    assert_eq!(ranked_ids(&report), ["thinking_aloud", "time_management"]);
    assert_eq!(focus_ids(&report)[0], "thinking_aloud");
}

#[test]
fn recency_is_measured_from_as_of_and_later_rounds_are_ignored() {
    let rounds = vec![
        round("r1", "2026-06-01", Coding, "alex").improvement("time_management"),
        round("r2", "2026-09-20", Coding, "sam").improvement("thinking_aloud"),
    ];
    let as_of = "2026-06-01".parse().ok();
    let report = select_focus(&history(rounds), bank_themes(), suggester(), as_of);
    assert_eq!(ranked_ids(&report), ["time_management"]);
    assert_eq!(report.themes[0].score, 1.0, "a tagged remark on the as-of day scores exactly 1");
}

#[test]
fn a_theme_raised_by_two_partners_in_two_rounds_beats_one_harsh_round() {
    let mut harsh = round("r3", "2026-10-03", Coding, "kim").rated(TechnicalDepth, 1);
    for _ in 0..6 {
        harsh = harsh.improvement("code_quality");
    }
    harsh.items[0].behavior = "A very long remark about naming, structure and duplication. ".repeat(20);
    let report = report(vec![
        round("r1", "2026-09-15", MlSystemDesign, "alex").improvement("tradeoff_justification"),
        round("r2", "2026-09-22", Experimentation, "sam").improvement("tradeoff_justification"),
        harsh,
    ]);
    assert_eq!(ranked_ids(&report), ["tradeoff_justification", "code_quality"]);
    assert_eq!(focus_ids(&report)[0], "tradeoff_justification");
}

#[test]
fn repeating_a_point_within_one_round_adds_little() {
    let once = report(vec![round("r1", "2026-10-03", Coding, "kim").improvement("code_quality")]);
    let mut many = round("r1", "2026-10-03", Coding, "kim");
    for _ in 0..10 {
        many = many.improvement("code_quality");
    }
    let many = report(vec![many]);
    assert_eq!(once.themes[0].score, 1.0);
    assert!(many.themes[0].score <= 1.3 + 1e-9, "{}", many.themes[0].score);
}

#[test]
fn a_fixed_problem_is_not_picked() {
    let report = report(vec![
        round("r1", "2026-09-01", MlSystemDesign, "alex")
            .improvement("tradeoff_justification")
            .rated(Tradeoffs, 1),
        round("r2", "2026-09-02", Coding, "sam").improvement("tradeoff_justification").rated(Tradeoffs, 2),
        round("r3", "2026-09-20", MlSystemDesign, "kim")
            .strength("tradeoff_justification")
            .rated(Tradeoffs, 4),
        round("r4", "2026-09-21", Coding, "alex")
            .strength("tradeoff_justification")
            .improvement("testing_and_edge_cases")
            .rated(Tradeoffs, 3),
    ]);
    let fixed = report.themes.iter().find(|t| t.theme.as_str() == "tradeoff_justification").expect("listed");
    assert_eq!(fixed.trend, Trend::Resolved);
    assert_eq!(focus_ids(&report), ["testing_and_edge_cases"]);
}

#[test]
fn a_history_of_fixed_problems_only_has_no_focus() {
    let report = report(vec![
        round("r1", "2026-09-01", Coding, "alex").improvement("time_management").rated(ProblemSolving, 2),
        round("r2", "2026-09-08", Coding, "sam").strength("time_management").rated(ProblemSolving, 4),
    ]);
    assert_eq!(report.themes.len(), 1);
    assert_eq!(report.themes[0].trend, Trend::Resolved);
    assert!(report.focus.is_empty());
}

#[test]
fn a_history_with_strengths_only_scores_nothing() {
    let report = report(vec![round("r1", "2026-09-01", Coding, "alex").strength("code_quality")]);
    assert!(report.themes.is_empty());
    assert!(report.focus.is_empty());
}

#[test]
fn untagged_feedback_is_classified_and_weighted_by_confidence() {
    let time = |minutes: &str| {
        untagged(
            ItemKind::Improvement,
            &format!("You spent {minutes} minutes on the first part and ran out of time before testing"),
            "Agree a time budget per phase and check the clock at the halfway mark",
        )
    };
    let report = report(vec![
        round("r1", "2026-09-20", Coding, "alex").item(time("30")),
        round("r2", "2026-09-27", MlSystemDesign, "sam").item(time("25")).item(untagged(
            ItemKind::Improvement,
            "You picked the two-tower model without naming any alternative or saying why it wins",
            "Name two options and choose with a reason tied to the latency requirement",
        )),
    ]);
    assert_eq!(focus_ids(&report)[0], "time_management");
    let evidence = &report.themes[0].evidence;
    assert!(evidence
        .iter()
        .any(|e| matches!(e, Evidence::Improvement { classified: true, weight, .. } if *weight <= 1.0)));
    assert!(report.themes[0].reason.contains("classified from the text"), "{}", report.themes[0].reason);
}

#[test]
fn low_ratings_in_the_dimension_break_an_otherwise_even_pair() {
    let report = report(vec![round("r1", "2026-10-03", MlSystemDesign, "alex")
        .improvement("data_and_features")
        .improvement("tradeoff_justification")
        .rated(Tradeoffs, 1)
        .rated(TechnicalDepth, 3)]);
    assert_eq!(ranked_ids(&report), ["tradeoff_justification", "data_and_features"]);
    assert!(
        report.themes[0].reason.contains("trade-offs rated 1-2 in 1 round"),
        "{}",
        report.themes[0].reason
    );
}

#[test]
fn equal_scores_are_ordered_by_theme_id() {
    let report = report(vec![round("r1", "2026-10-03", Coding, "alex")
        .improvement("time_management")
        .improvement("code_quality")
        .improvement("thinking_aloud")]);
    assert_eq!(ranked_ids(&report), ["code_quality", "thinking_aloud", "time_management"]);
    assert_eq!(focus_ids(&report), ["code_quality", "thinking_aloud"]);
}

#[test]
fn ties_fall_back_to_rounds_then_recency() {
    use crate::insights::focus::ranking;
    use crate::insights::{ThemeFacts, ThemeInsight};
    let insight = |id: &str, rounds: usize, last: &str| ThemeInsight {
        theme: theme(id),
        score: 1.5,
        trend: Trend::Recurring,
        evidence: Vec::new(),
        reason: String::new(),
        facts: ThemeFacts { raised_rounds: rounds, last_raised: last.parse().ok(), ..ThemeFacts::default() },
    };
    let mut ranked = [
        insight("a_theme", 1, "2026-10-01"),
        insight("b_theme", 2, "2026-09-01"),
        insight("c_theme", 1, "2026-10-02"),
        insight("d_theme", 1, "2026-10-02"),
    ];
    ranked.sort_by(ranking);
    let order: Vec<&str> = ranked.iter().map(|t| t.theme.as_str()).collect();
    assert_eq!(order, ["b_theme", "c_theme", "d_theme", "a_theme"]);
}

#[test]
fn never_more_than_two_focus_areas() {
    let themes =
        ["time_management", "code_quality", "thinking_aloud", "complexity_analysis", "structured_approach"];
    let rounds = (1..=3)
        .map(|day| {
            themes
                .iter()
                .fold(round(&format!("r{day}"), &format!("2026-10-0{day}"), Coding, "alex"), |round, id| {
                    round.improvement(id)
                })
        })
        .collect();
    let report = report(rounds);
    assert_eq!(report.themes.len(), 5);
    assert_eq!(report.focus.len(), 2);
}

#[test]
fn a_second_focus_area_needs_a_third_of_the_first_score() {
    let report = report(vec![
        round("r1", "2026-06-01", Coding, "kim").improvement("code_quality"),
        round("r2", "2026-09-20", Coding, "alex").improvement("time_management"),
        round("r3", "2026-09-27", MlSystemDesign, "sam").improvement("time_management"),
        round("r4", "2026-10-03", Experimentation, "kim").improvement("time_management"),
    ]);
    assert_eq!(ranked_ids(&report), ["time_management", "code_quality"]);
    assert_eq!(focus_ids(&report), ["time_management"]);
}

#[test]
fn contributions_add_up_to_the_score() {
    let report = report(vec![
        round("r1", "2026-09-01", MlSystemDesign, "alex")
            .improvement("tradeoff_justification")
            .rated(Tradeoffs, 1),
        round("r2", "2026-09-02", Coding, "sam")
            .improvement("tradeoff_justification")
            .improvement("tradeoff_justification")
            .rated(Tradeoffs, 2),
        round("r3", "2026-09-20", MlSystemDesign, "kim").improvement("data_and_features").rated(Tradeoffs, 3),
    ]);
    for theme in &report.themes {
        let sum: f64 = theme.evidence.iter().map(contribution).sum();
        assert!((sum - theme.score).abs() < 0.01, "{}: {sum} vs {}", theme.theme, theme.score);
    }
}

fn contribution(evidence: &Evidence) -> f64 {
    match evidence {
        Evidence::Improvement { contribution, .. }
        | Evidence::LowRating { contribution, .. }
        | Evidence::Breadth { contribution, .. }
        | Evidence::Strength { contribution, .. }
        | Evidence::GoodRating { contribution, .. }
        | Evidence::QuietRound { contribution, .. } => *contribution,
    }
}
