//! The evidence behind a theme's score: each item, rating, bonus and sign of improvement, with
//! what it contributed. Serialised with a `source` tag (`improvement`, `low_rating`, `breadth`,
//! `strength`, `good_rating`, `quiet_round`).

use jiff::civil::Date;
use serde::Serialize;

use super::score::round3;
use crate::bank::{Dimension, RoundKind};

/// One piece of evidence and what it did to the score (negative for evidence of improvement).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Evidence {
    /// An improvement item on the theme.
    Improvement {
        round_id: String,
        date: Date,
        round_kind: RoundKind,
        interviewer: String,
        item: usize,
        classified: bool,
        weight: f64,
        recency: f64,
        contribution: f64,
        excerpt: String,
    },
    /// A rating of 1-2 in the theme's dimension.
    LowRating {
        round_id: String,
        date: Date,
        round_kind: RoundKind,
        dimension: Dimension,
        rating: u8,
        raised_in_round: bool,
        recency: f64,
        contribution: f64,
    },
    /// The bonus for being raised in several rounds, by several people, in several kinds of round.
    Breadth {
        rounds: usize,
        interviewers: usize,
        round_kinds: Vec<RoundKind>,
        factor: f64,
        contribution: f64,
    },
    /// A strength on the theme after (or on the day of) its last mention.
    Strength {
        round_id: String,
        date: Date,
        round_kind: RoundKind,
        interviewer: String,
        item: usize,
        classified: bool,
        weight: f64,
        contribution: f64,
        excerpt: String,
    },
    /// A rating of 3-4 in the theme's dimension after its last mention.
    GoodRating {
        round_id: String,
        date: Date,
        round_kind: RoundKind,
        dimension: Dimension,
        rating: u8,
        contribution: f64,
    },
    /// A later round of a kind where the theme shows up, with feedback, that did not raise it.
    QuietRound { round_id: String, date: Date, round_kind: RoundKind, contribution: f64 },
}

impl Evidence {
    /// What this entry added to (or, negative, took from) the score.
    pub fn contribution(&self) -> f64 {
        match self {
            Evidence::Improvement { contribution, .. }
            | Evidence::LowRating { contribution, .. }
            | Evidence::Breadth { contribution, .. }
            | Evidence::Strength { contribution, .. }
            | Evidence::GoodRating { contribution, .. }
            | Evidence::QuietRound { contribution, .. } => *contribution,
        }
    }

    /// Multiplies the contribution by `factor` and rounds it for output.
    pub(super) fn scale(&mut self, factor: f64) {
        match self {
            Evidence::Improvement { contribution, .. }
            | Evidence::LowRating { contribution, .. }
            | Evidence::Breadth { contribution, .. }
            | Evidence::Strength { contribution, .. }
            | Evidence::GoodRating { contribution, .. }
            | Evidence::QuietRound { contribution, .. } => *contribution = round3(*contribution * factor),
        }
    }
}
