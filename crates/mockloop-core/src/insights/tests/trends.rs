//! Trends and the one-line reason.

use super::*;
use crate::bank::Dimension::Tradeoffs;
use crate::bank::RoundKind::{Behavioral, Coding, MlSystemDesign};
use crate::insights::Trend;

fn trend_of(report: &FocusReport, id: &str) -> Trend {
    report.themes.iter().find(|t| t.theme.as_str() == id).expect("listed").trend
}

#[test]
fn a_theme_raised_only_in_the_latest_round_is_new() {
    let report = report(vec![
        round("r1", "2026-09-01", Coding, "alex").improvement("code_quality"),
        round("r2", "2026-09-08", Coding, "sam").improvement("time_management").improvement("code_quality"),
    ]);
    assert_eq!(trend_of(&report, "time_management"), Trend::New);
    assert_eq!(trend_of(&report, "code_quality"), Trend::Recurring);
}

#[test]
fn a_theme_fewer_and_lighter_since_with_a_better_rating_is_improving() {
    let report = report(vec![
        round("r1", "2026-09-01", MlSystemDesign, "alex")
            .improvement("tradeoff_justification")
            .rated(Tradeoffs, 1),
        round("r2", "2026-09-08", MlSystemDesign, "sam")
            .improvement("tradeoff_justification")
            .rated(Tradeoffs, 2),
        round("r3", "2026-09-15", MlSystemDesign, "kim").improvement("data_and_features").rated(Tradeoffs, 3),
    ]);
    assert_eq!(trend_of(&report, "tradeoff_justification"), Trend::Improving);
}

#[test]
fn a_strength_after_the_last_mention_resolves_the_theme() {
    let report = report(vec![
        round("r1", "2026-09-01", Coding, "alex").improvement("time_management"),
        round("r2", "2026-09-08", Coding, "sam").strength("time_management"),
    ]);
    assert_eq!(trend_of(&report, "time_management"), Trend::Resolved);
}

#[test]
fn later_rounds_of_unrelated_kinds_say_nothing_about_a_theme() {
    let report = report(vec![
        round("r1", "2026-09-01", Coding, "alex").improvement("code_quality"),
        round("r2", "2026-09-08", Behavioral, "sam").improvement("star_structure"),
    ]);
    assert_eq!(trend_of(&report, "code_quality"), Trend::New);
}

#[test]
fn the_reason_names_interviewers_rounds_kinds_dates_and_ratings() {
    let report = report(vec![
        round("r1", "2026-09-01", MlSystemDesign, "alex")
            .improvement("tradeoff_justification")
            .rated(Tradeoffs, 1),
        round("r2", "2026-09-08", Coding, "sam").improvement("tradeoff_justification").rated(Tradeoffs, 2),
        round("r3", "2026-10-03", Coding, "alex").improvement("tradeoff_justification"),
    ]);
    assert_eq!(
        report.themes[0].reason,
        "raised by 2 interviewers in 3 rounds (coding, ml_system_design), latest 2026-10-03; \
         trade-offs rated 1-2 in 2 rounds"
    );
}

#[test]
fn a_later_round_rated_low_without_the_theme_is_not_a_sign_of_improvement() {
    let report = report(vec![
        round("r1", "2026-09-01", MlSystemDesign, "alex").improvement("tradeoff_justification"),
        round("r2", "2026-09-08", MlSystemDesign, "sam").improvement("data_and_features").rated(Tradeoffs, 1),
    ]);
    assert_eq!(trend_of(&report, "tradeoff_justification"), Trend::New);
    assert!(report.themes.iter().any(|t| t.theme.as_str() == "tradeoff_justification"
        && t.reason.contains("trade-offs rated 1-2 in 1 round")));
}
