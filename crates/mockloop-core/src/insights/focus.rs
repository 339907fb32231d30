//! Ranking the themes of a history, their trends and reasons, and choosing the focus areas.

use std::cmp::Ordering;

use jiff::civil::Date;
use serde::Serialize;

use super::evidence::Evidence;
use super::history::History;
use super::observe::{observe, scoped_rounds};
use super::score::{score_theme, ThemeFacts, ThemeScoring};
use crate::bank::{RoundKind, Theme, ThemeId};
use crate::feedback::ThemeSuggester;

/// Never more than this many focus areas: more than two is a list, not a focus.
pub const MAX_FOCUS_AREAS: usize = 2;
/// A theme needs at least this score to be a focus area (a single tagged remark in the latest
/// round scores 1.0; one from about three months earlier, or one classified with low
/// confidence, falls below it).
pub const MIN_FOCUS_SCORE: f64 = 0.15;
/// The second focus area must score at least this fraction of the first; otherwise the first
/// clearly dominates and splitting practice time would dilute it. A third, because breadth makes
/// scores grow faster than the number of rounds: a theme raised in two rounds scores about a third
/// of one raised in four, and is still worth practising.
pub const SECOND_FOCUS_RATIO: f64 = 1.0 / 3.0;
/// Evidence of improvement after the last mention (a strength is 1.0, a rating of 4 is 1.0, of 3
/// is 0.5) from which a theme counts as resolved, and is never a focus area.
pub const RESOLVED_EVIDENCE: f64 = 1.0;

/// How a theme has moved over the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Raised in one round only, with nothing since that tells either way (usually the latest).
    New,
    /// Raised in two or more rounds and not receding.
    Recurring,
    /// Raised before, with fewer or lighter mentions since and some evidence of improvement.
    Improving,
    /// Evidence of improvement after the last mention ([`RESOLVED_EVIDENCE`]), nothing since.
    Resolved,
}

impl Trend {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Recurring => "recurring",
            Self::Improving => "improving",
            Self::Resolved => "resolved",
        }
    }
}

/// One theme's place in the ranking: the fields of the `themes` entries of the JSON output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeInsight {
    pub theme: ThemeId,
    /// Rounded to three decimals; the evidence's contributions add up to it.
    pub score: f64,
    pub trend: Trend,
    pub evidence: Vec<Evidence>,
    /// One line a person can check against the evidence.
    pub reason: String,
    #[serde(skip)]
    pub facts: ThemeFacts,
}

/// The output of `mockloop insights focus --json`: `{"focus": [...], "themes": [...]}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FocusReport {
    /// At most [`MAX_FOCUS_AREAS`], best first.
    pub focus: Vec<ThemeId>,
    /// Every theme with an improvement item, best first.
    pub themes: Vec<ThemeInsight>,
    /// The date recency was measured from (`None` for a history without rounds).
    #[serde(skip)]
    pub as_of: Option<Date>,
}

/// Scores every theme of the bank over the history's rounds up to `as_of` (default: the latest
/// round's date), ranks them and chooses the focus areas.
///
/// Ranking: score, then rounds that raised it, then the latest mention, then theme id. Focus:
/// the best theme not resolved, if it scores at least [`MIN_FOCUS_SCORE`], then the next such
/// theme if it scores at least [`SECOND_FOCUS_RATIO`] of the first.
pub fn select_focus(
    history: &History,
    themes: &[Theme],
    suggester: &ThemeSuggester,
    as_of: Option<Date>,
) -> FocusReport {
    let (rounds, as_of) = scoped_rounds(history, as_of);
    let observations = observe(&rounds, suggester);
    let mut ranked: Vec<ThemeInsight> = themes
        .iter()
        .filter_map(|theme| score_theme(theme, &rounds, &observations, themes))
        .map(insight)
        .collect();
    ranked.sort_by(ranking);
    FocusReport { focus: choose_focus(&ranked), themes: ranked, as_of }
}

/// Best first: higher score, then more rounds, then the more recent last mention, then theme id.
pub(super) fn ranking(a: &ThemeInsight, b: &ThemeInsight) -> Ordering {
    b.score
        .total_cmp(&a.score)
        .then(b.facts.raised_rounds.cmp(&a.facts.raised_rounds))
        .then(b.facts.last_raised.cmp(&a.facts.last_raised))
        .then(a.theme.cmp(&b.theme))
}

fn choose_focus(ranked: &[ThemeInsight]) -> Vec<ThemeId> {
    let mut candidates =
        ranked.iter().filter(|theme| theme.trend != Trend::Resolved && theme.score >= MIN_FOCUS_SCORE);
    let Some(first) = candidates.next() else {
        return Vec::new();
    };
    let mut focus = vec![first.theme.clone()];
    focus.extend(
        candidates
            .filter(|theme| theme.score >= SECOND_FOCUS_RATIO * first.score)
            .take(MAX_FOCUS_AREAS - 1)
            .map(|theme| theme.theme.clone()),
    );
    focus
}

fn insight(scoring: ThemeScoring) -> ThemeInsight {
    let trend = trend(&scoring.facts);
    let reason = reason(&scoring);
    ThemeInsight {
        theme: scoring.theme,
        score: scoring.score,
        trend,
        evidence: scoring.evidence,
        reason,
        facts: scoring.facts,
    }
}

/// Resolved, then improving, then new (one round), then recurring; see [`Trend`].
pub fn trend(facts: &ThemeFacts) -> Trend {
    if facts.positive_after >= RESOLVED_EVIDENCE {
        Trend::Resolved
    } else if facts.positive_after > 0.0
        || facts.quiet_after > 0
        || (facts.lighter_since && facts.positive_since_first)
    {
        Trend::Improving
    } else if facts.raised_rounds <= 1 {
        Trend::New
    } else {
        Trend::Recurring
    }
}

/// "raised by 2 interviewers in 3 rounds (coding, ml_system_design), latest 2026-10-03;
/// trade-offs rated 1-2 in 2 rounds; since then: 1 strength, rated 3-4 in 1 round".
fn reason(scoring: &ThemeScoring) -> String {
    let facts = &scoring.facts;
    let kinds: Vec<&str> = facts.round_kinds.iter().map(|kind| RoundKind::as_str(*kind)).collect();
    let when = match (facts.first_raised, facts.last_raised) {
        (Some(first), Some(last)) if first != last => format!("latest {last}"),
        (_, Some(last)) => format!("on {last}"),
        _ => String::new(),
    };
    let mut parts = vec![format!(
        "raised by {} in {} ({}), {when}",
        count(facts.interviewers.len(), "interviewer"),
        count(facts.raised_rounds, "round"),
        kinds.join(", ")
    )];
    if facts.classified_items > 0 {
        let classified = if facts.classified_items == facts.items {
            format!("{} classified from the text", count(facts.items, "item"))
        } else {
            format!("{} of {} classified from the text", facts.classified_items, count(facts.items, "item"))
        };
        parts.push(classified);
    }
    if facts.low_rating_rounds > 0 {
        let dimension = scoring.dimension.heading().to_lowercase();
        parts.push(format!("{dimension} rated 1-2 in {}", count(facts.low_rating_rounds, "round")));
    }
    let mut since = Vec::new();
    if facts.strengths_after > 0 {
        since.push(count(facts.strengths_after, "strength"));
    }
    if facts.good_ratings_after > 0 {
        since.push(format!("rated 3-4 in {}", count(facts.good_ratings_after, "round")));
    }
    if facts.quiet_after > 0 {
        since.push(format!("{} without it", count(facts.quiet_after, "round")));
    }
    if !since.is_empty() {
        parts.push(format!("since then: {}", since.join(", ")));
    }
    parts.join("; ")
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
