//! From a history to what the scoring reads: the rounds in scope with their recency, and each
//! item attributed to one theme with a weight (1 when the giver chose the theme, the suggester's
//! confidence when it was classified from the text).

use jiff::civil::Date;

use super::history::{History, HistoryItem, HistoryRound};
use crate::bank::ThemeId;
use crate::exchange::ItemKind;
use crate::feedback::{ThemeInput, ThemeSuggester};

/// Days after which a round's evidence counts half. Mock loops come every few weeks; a month-old
/// remark still matters, a remark from three loops ago much less.
pub const HALF_LIFE_DAYS: f64 = 30.0;

/// Below this confidence a classified item is too uncertain to count for any theme (the
/// suggester's confidences are a softmax over ~20 themes, so text matching nothing gets ~0.05).
pub const MIN_CLASSIFIED_CONFIDENCE: f64 = 0.3;

/// A round dated on or before `as_of`, with how much its evidence still counts.
#[derive(Clone, Debug)]
pub struct ScopedRound<'a> {
    pub round: &'a HistoryRound,
    /// Position in the input, so evidence can point back at it.
    pub index: usize,
    /// 0.5^(age in days / [`HALF_LIFE_DAYS`]), in (0, 1].
    pub recency: f64,
}

/// One item attributed to one theme.
#[derive(Clone, Debug)]
pub struct Observation<'a> {
    pub round: usize,
    pub item_index: usize,
    pub item: &'a HistoryItem,
    pub theme: ThemeId,
    /// 1.0 for a chosen theme, the suggester's confidence for a classified one.
    pub weight: f64,
    pub classified: bool,
    pub giver: &'a str,
}

/// The rounds on or before `as_of`, oldest first (ties by round id), and the date scoring is
/// relative to: `as_of`, or the latest round's date.
pub fn scoped_rounds(history: &History, as_of: Option<Date>) -> (Vec<ScopedRound<'_>>, Option<Date>) {
    let reference = as_of.or_else(|| history.rounds.iter().map(|round| round.date).max());
    let Some(reference) = reference else {
        return (Vec::new(), None);
    };
    let mut rounds: Vec<ScopedRound<'_>> = history
        .rounds
        .iter()
        .enumerate()
        .filter(|(_, round)| round.date <= reference)
        .map(|(index, round)| {
            let age_days = reference.duration_since(round.date).as_secs_f64() / 86_400.0;
            ScopedRound { round, index, recency: 0.5_f64.powf(age_days / HALF_LIFE_DAYS) }
        })
        .collect();
    rounds.sort_by(|a, b| {
        (a.round.date, &a.round.round_id, a.index).cmp(&(b.round.date, &b.round.round_id, b.index))
    });
    (rounds, Some(reference))
}

/// Every item of the scoped rounds that can be attributed to a theme. `round` in each observation
/// is the position in `rounds`.
pub fn observe<'a>(rounds: &[ScopedRound<'a>], suggester: &ThemeSuggester) -> Vec<Observation<'a>> {
    let mut observations = Vec::new();
    for (position, scoped) in rounds.iter().enumerate() {
        let round = scoped.round;
        for (item_index, item) in round.items.iter().enumerate() {
            let attributed = match &item.theme {
                Some(theme) => Some((theme.clone(), 1.0, false)),
                None => classify(item, round, suggester),
            };
            if let Some((theme, weight, classified)) = attributed {
                observations.push(Observation {
                    round: position,
                    item_index,
                    item,
                    theme,
                    weight,
                    classified,
                    giver: item.interviewer.as_deref().unwrap_or(&round.interviewer),
                });
            }
        }
    }
    observations
}

fn classify(
    item: &HistoryItem,
    round: &HistoryRound,
    suggester: &ThemeSuggester,
) -> Option<(ThemeId, f64, bool)> {
    let input = ThemeInput::Fields {
        situation: item.situation.clone(),
        behavior: item.behavior.clone(),
        impact: item.impact.clone(),
        suggestion: item.suggestion.clone(),
    };
    let suggestion = suggester.suggest(&input, Some(round.round_kind))?;
    (suggestion.confidence >= MIN_CLASSIFIED_CONFIDENCE).then_some((
        suggestion.theme,
        suggestion.confidence,
        true,
    ))
}

impl Observation<'_> {
    pub fn is_improvement(&self) -> bool {
        self.item.kind == ItemKind::Improvement
    }

    /// A short excerpt a person can find in the feedback: the behavior, else the first field with text.
    pub fn excerpt(&self) -> String {
        const LIMIT: usize = 90;
        let item = self.item;
        let text = [&item.behavior, &item.situation, &item.impact, &item.suggestion]
            .into_iter()
            .map(|text| text.trim())
            .find(|text| !text.is_empty())
            .unwrap_or_default();
        if text.chars().count() <= LIMIT {
            text.to_owned()
        } else {
            let cut: String = text.chars().take(LIMIT - 3).collect();
            format!("{}...", cut.trim_end())
        }
    }
}
