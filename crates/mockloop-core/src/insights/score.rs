//! One theme's score and the evidence behind it.
//!
//! `score = problem x breadth x relief`, where
//! - `problem` sums, over the rounds that raised the theme, `recency x (round mass + low rating)`:
//!   the round mass is the heaviest item's weight plus [`EXTRA_ITEM_SHARE`] of the others (at most
//!   [`MAX_EXTRA_PER_ROUND`]), so repeating a point within one round adds little; a rating of 1
//!   (2) in the theme's dimension adds [`LOW_RATING_BONUS`]. Low ratings in other rounds of a kind
//!   the theme belongs to add [`UNRAISED_RATING_SHARE`] of that, unless another theme of the same
//!   dimension was raised there (then that theme explains the rating);
//! - `breadth = 1 + 0.4 (rounds - 1) + 0.1 (interviewers - 1) + 0.1 (round kinds - 1)`;
//! - `relief = exp(-E)`, `E` the evidence of improvement after the last round that raised it:
//!   strengths on the theme (a round's strength mass), ratings of 3 (0.5) or 4 (1.0) in its
//!   dimension in rounds of its kinds, 0.1 per such round with feedback but without the theme (and
//!   not rated 1-2 in its dimension), and 0.3 of a strength given on the day of the last mention.
//!
//! Each evidence entry carries its contribution in score units; they add up to the score (up to
//! rounding): problem entries their recency-weighted amount, breadth its bonus, relief entries
//! their share of the reduction, negative.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::evidence::Evidence;
use super::observe::{Observation, ScopedRound};
use crate::bank::{Dimension, RoundKind, Theme, ThemeId};

pub const EXTRA_ITEM_SHARE: f64 = 0.15;
pub const MAX_EXTRA_PER_ROUND: f64 = 0.3;
/// Added to a raising round's mass for a rating of 1 and of 2 in the theme's dimension.
pub const LOW_RATING_BONUS: [f64; 2] = [0.3, 0.15];
pub const UNRAISED_RATING_SHARE: f64 = 0.4;
pub const ROUND_BREADTH: f64 = 0.4;
pub const INTERVIEWER_BREADTH: f64 = 0.1;
pub const ROUND_KIND_BREADTH: f64 = 0.1;
/// Relief from a rating of 3 and of 4 after the last mention.
pub const GOOD_RATING_RELIEF: [f64; 2] = [0.5, 1.0];
pub const QUIET_ROUND_RELIEF: f64 = 0.1;
pub const SAME_DAY_STRENGTH_RELIEF: f64 = 0.3;

/// What the trend and the reason are read from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThemeFacts {
    pub raised_rounds: usize,
    pub interviewers: BTreeSet<String>,
    pub round_kinds: BTreeSet<RoundKind>,
    pub first_raised: Option<Date>,
    pub last_raised: Option<Date>,
    pub items: usize,
    pub classified_items: usize,
    pub low_rating_rounds: usize,
    /// Strength and good-rating relief after the last mention (quiet rounds excluded).
    pub positive_after: f64,
    pub strengths_after: usize,
    pub good_ratings_after: usize,
    pub quiet_after: usize,
    /// The last raising round weighed less than an earlier one (before recency).
    pub lighter_since: bool,
    /// A strength or a rating of 3-4 anywhere after the first mention.
    pub positive_since_first: bool,
}

/// A theme's score, evidence and facts.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeScoring {
    pub theme: ThemeId,
    pub dimension: Dimension,
    pub score: f64,
    pub evidence: Vec<Evidence>,
    pub facts: ThemeFacts,
}

/// Scores `theme` from the observations; `None` when no improvement item is about it.
pub fn score_theme(
    theme: &Theme,
    rounds: &[ScopedRound<'_>],
    observations: &[Observation<'_>],
    themes: &[Theme],
) -> Option<ThemeScoring> {
    let mine: Vec<&Observation<'_>> = observations.iter().filter(|o| o.theme == theme.id).collect();
    let last = mine.iter().filter(|o| o.is_improvement()).map(|o| o.round).max()?;
    let mut tally = Tally {
        theme,
        last_raised_position: last,
        last_raised_date: rounds[last].round.date,
        facts: ThemeFacts::default(),
        problem: Vec::new(),
        relief: Vec::new(),
        peak_mass: 0.0,
    };
    for (position, scoped) in rounds.iter().enumerate() {
        let of_kind = |improvement: bool| -> Vec<&Observation<'_>> {
            mine.iter()
                .copied()
                .filter(|o| o.round == position && o.is_improvement() == improvement)
                .collect()
        };
        let (improvements, strengths) = (of_kind(true), of_kind(false));
        if improvements.is_empty() {
            let explained = dimension_explained_elsewhere(theme, position, observations, themes);
            tally.unraised_round(scoped, &strengths, explained);
        } else {
            tally.raising_round(position, scoped, &improvements, &strengths);
        }
    }
    Some(combine(theme, tally.facts, tally.problem, tally.relief))
}

/// The running sums of one theme's scoring, round by round, oldest first.
struct Tally<'t> {
    theme: &'t Theme,
    last_raised_position: usize,
    last_raised_date: Date,
    facts: ThemeFacts,
    /// Entries with their raw amounts (recency-weighted), before breadth and relief.
    problem: Vec<Evidence>,
    /// Entries with their amount of `E`.
    relief: Vec<Evidence>,
    peak_mass: f64,
}

impl Tally<'_> {
    fn raising_round(
        &mut self,
        position: usize,
        scoped: &ScopedRound<'_>,
        improvements: &[&Observation<'_>],
        strengths: &[&Observation<'_>],
    ) {
        let round = scoped.round;
        let facts = &mut self.facts;
        let mass = add_items(&mut self.problem, improvements, scoped.recency, |o, amount| {
            improvement(o, scoped, amount)
        });
        if position == self.last_raised_position {
            facts.lighter_since = mass < self.peak_mass;
        } else {
            self.peak_mass = self.peak_mass.max(mass);
        }
        facts.positive_since_first |= facts.first_raised.is_some() && !strengths.is_empty();
        facts.raised_rounds += 1;
        facts.items += improvements.len();
        facts.classified_items += improvements.iter().filter(|o| o.classified).count();
        facts.interviewers.extend(improvements.iter().map(|o| o.giver.to_owned()));
        facts.round_kinds.insert(round.round_kind);
        facts.first_raised.get_or_insert(round.date);
        facts.last_raised = Some(round.date);
        let rating = round.ratings.get(self.theme.dimension);
        if let Some(bonus) = rating.and_then(low_rating_bonus) {
            facts.low_rating_rounds += 1;
            let entry = low_rating(scoped, self.theme.dimension, rating, true, bonus * scoped.recency);
            self.problem.push(entry);
        }
        if round.date == self.last_raised_date {
            add_items(&mut self.relief, strengths, SAME_DAY_STRENGTH_RELIEF, |o, amount| {
                strength(o, scoped, amount)
            });
        }
    }

    fn unraised_round(&mut self, scoped: &ScopedRound<'_>, strengths: &[&Observation<'_>], explained: bool) {
        let round = scoped.round;
        let theme = self.theme;
        let relevant = theme.round_kinds.contains(&round.round_kind);
        let rating = round.ratings.get(theme.dimension).filter(|_| relevant);
        if let (Some(bonus), false) = (rating.and_then(low_rating_bonus), explained) {
            self.facts.low_rating_rounds += 1;
            let amount = bonus * UNRAISED_RATING_SHARE * scoped.recency;
            self.problem.push(low_rating(scoped, theme.dimension, rating, false, amount));
        }
        let good_rating = rating.and_then(good_rating_relief);
        self.facts.positive_since_first |=
            self.facts.first_raised.is_some() && (!strengths.is_empty() || good_rating.is_some());
        if round.date < self.last_raised_date {
            return;
        }
        let share = if round.date == self.last_raised_date { SAME_DAY_STRENGTH_RELIEF } else { 1.0 };
        let mass = add_items(&mut self.relief, strengths, share, |o, amount| strength(o, scoped, amount));
        if round.date == self.last_raised_date {
            return;
        }
        let facts = &mut self.facts;
        facts.strengths_after += strengths.len();
        facts.positive_after += mass;
        if let Some(amount) = good_rating {
            facts.good_ratings_after += 1;
            facts.positive_after += amount;
            self.relief.push(Evidence::GoodRating {
                round_id: round.round_id.clone(),
                date: round.date,
                round_kind: round.round_kind,
                dimension: theme.dimension,
                rating: rating.unwrap_or_default(),
                contribution: amount,
            });
        }
        // A low rating in its dimension makes the silence ambiguous, so it is not counted.
        let low = rating.is_some_and(|rating| rating <= 2);
        if relevant && !low && strengths.is_empty() && !round.items.is_empty() {
            facts.quiet_after += 1;
            self.relief.push(Evidence::QuietRound {
                round_id: round.round_id.clone(),
                date: round.date,
                round_kind: round.round_kind,
                contribution: QUIET_ROUND_RELIEF,
            });
        }
    }
}

/// Turns raw amounts into score contributions: problem entries keep their recency-weighted
/// amounts, the breadth entry adds its bonus on their sum, and the relief entries share the
/// reduction `(problem x breadth) x (1 - relief)` in proportion to their part of `E`.
fn combine(
    theme: &Theme,
    facts: ThemeFacts,
    problem: Vec<Evidence>,
    mut relief: Vec<Evidence>,
) -> ThemeScoring {
    let raw: f64 = problem.iter().map(Evidence::contribution).sum();
    let breadth = 1.0
        + ROUND_BREADTH * (facts.raised_rounds.saturating_sub(1)) as f64
        + INTERVIEWER_BREADTH * (facts.interviewers.len().saturating_sub(1)) as f64
        + ROUND_KIND_BREADTH * (facts.round_kinds.len().saturating_sub(1)) as f64;
    let relief_total: f64 = relief.iter().map(Evidence::contribution).sum();
    let kept = (-relief_total).exp();
    let mut evidence = problem;
    if breadth > 1.0 {
        evidence.push(Evidence::Breadth {
            rounds: facts.raised_rounds,
            interviewers: facts.interviewers.len(),
            round_kinds: facts.round_kinds.iter().copied().collect(),
            factor: round3(breadth),
            contribution: raw * (breadth - 1.0),
        });
    }
    let removed = raw * breadth * (1.0 - kept);
    for entry in &mut relief {
        entry.scale(-removed / relief_total);
    }
    evidence.extend(relief);
    for entry in &mut evidence {
        entry.scale(1.0);
    }
    let score = raw * breadth * kept;
    ThemeScoring {
        theme: theme.id.clone(),
        dimension: theme.dimension,
        score: round3(score),
        evidence,
        facts,
    }
}

/// Adds a round's items: the heaviest counts fully, the others [`EXTRA_ITEM_SHARE`] of their
/// weight up to [`MAX_EXTRA_PER_ROUND`]. Returns the round's mass (before `factor`).
fn add_items(
    evidence: &mut Vec<Evidence>,
    items: &[&Observation<'_>],
    factor: f64,
    entry: impl Fn(&Observation<'_>, f64) -> Evidence,
) -> f64 {
    let mut sorted = items.to_vec();
    sorted.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.item_index.cmp(&b.item_index)));
    let Some((first, rest)) = sorted.split_first() else {
        return 0.0;
    };
    let extra: f64 = rest.iter().map(|o| o.weight).sum::<f64>() * EXTRA_ITEM_SHARE;
    let cap = if extra > MAX_EXTRA_PER_ROUND { MAX_EXTRA_PER_ROUND / extra } else { 1.0 };
    evidence.push(entry(first, first.weight * factor));
    for observation in rest {
        evidence.push(entry(observation, observation.weight * EXTRA_ITEM_SHARE * cap * factor));
    }
    first.weight + extra * cap
}

fn improvement(o: &Observation<'_>, scoped: &ScopedRound<'_>, contribution: f64) -> Evidence {
    let round = scoped.round;
    Evidence::Improvement {
        round_id: round.round_id.clone(),
        date: round.date,
        round_kind: round.round_kind,
        interviewer: o.giver.to_owned(),
        item: o.item_index,
        classified: o.classified,
        weight: round3(o.weight),
        recency: round3(scoped.recency),
        contribution,
        excerpt: o.excerpt(),
    }
}

fn strength(o: &Observation<'_>, scoped: &ScopedRound<'_>, contribution: f64) -> Evidence {
    let round = scoped.round;
    Evidence::Strength {
        round_id: round.round_id.clone(),
        date: round.date,
        round_kind: round.round_kind,
        interviewer: o.giver.to_owned(),
        item: o.item_index,
        classified: o.classified,
        weight: round3(o.weight),
        contribution,
        excerpt: o.excerpt(),
    }
}

fn low_rating(
    scoped: &ScopedRound<'_>,
    dimension: Dimension,
    rating: Option<u8>,
    raised_in_round: bool,
    contribution: f64,
) -> Evidence {
    let round = scoped.round;
    Evidence::LowRating {
        round_id: round.round_id.clone(),
        date: round.date,
        round_kind: round.round_kind,
        dimension,
        rating: rating.unwrap_or_default(),
        raised_in_round,
        recency: round3(scoped.recency),
        contribution,
    }
}

fn low_rating_bonus(rating: u8) -> Option<f64> {
    match rating {
        1 => Some(LOW_RATING_BONUS[0]),
        2 => Some(LOW_RATING_BONUS[1]),
        _ => None,
    }
}

fn good_rating_relief(rating: u8) -> Option<f64> {
    match rating {
        3 => Some(GOOD_RATING_RELIEF[0]),
        4 => Some(GOOD_RATING_RELIEF[1]),
        _ => None,
    }
}

/// Whether another theme of the same dimension was raised in the round, so a low rating there
/// is that theme's evidence rather than this one's.
fn dimension_explained_elsewhere(
    theme: &Theme,
    position: usize,
    observations: &[Observation<'_>],
    themes: &[Theme],
) -> bool {
    observations.iter().any(|o| {
        o.round == position
            && o.is_improvement()
            && o.theme != theme.id
            && themes.iter().any(|other| other.id == o.theme && other.dimension == theme.dimension)
    })
}

/// Scores are shown and compared at three decimals, so equal-looking scores are true ties.
pub fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}
