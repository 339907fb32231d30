//! The theme suggester: which bank theme a piece of feedback is about.
//!
//! Each theme gets a weighted phrase profile built from the bank (keywords, name, description,
//! what to watch for) and from [`THEME_VOCABULARY`]. A phrase's weight is scaled by how few themes
//! share it (inverse theme frequency) and by its length (longer phrases are more specific). A text's
//! score for a theme is the sum over matched phrases; the round kind, when known, multiplies in a
//! prior (themes list the kinds they occur in). Scores become confidences by a softmax, so a text
//! that matches nothing gets a near-uniform, low confidence.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::signals::{is_informative, is_number};
use super::text::{phrase_stems, Text};
use super::theme_vocab::THEME_VOCABULARY;
use super::types::FeedbackItem;
use crate::bank::{Dimension, RoundKind, Theme, ThemeId};

/// Phrase weights by source: the bank's keywords and our vocabulary are chosen terms; description
/// words are incidental and only count through their rarity.
const KEYWORD_WEIGHT: f64 = 3.0;
const VOCABULARY_WEIGHT: f64 = 2.5;
const NAME_WEIGHT: f64 = 2.0;
const DESCRIPTION_WORD_WEIGHT: f64 = 2.0;
const WATCH_FOR_WORD_WEIGHT: f64 = 1.0;
const PRACTICE_WORD_WEIGHT: f64 = 1.0;

/// Single words are weaker evidence than phrases: "option" or "time" appear in feedback on many
/// skills, "pros and cons" or "ran out of time" only in feedback on one.
const SINGLE_WORD_FACTOR: f64 = 0.6;

/// Keeps phrases shared by every theme from weighing exactly nothing.
const MIN_RARITY: f64 = 0.1;

/// How much more a field's words say about the theme than the situation's (which often names a
/// phase of another theme, such as "while coding").
const SITUATION_WEIGHT: f64 = 0.5;
const BEHAVIOR_WEIGHT: f64 = 1.0;
const IMPACT_WEIGHT: f64 = 0.7;
const SUGGESTION_WEIGHT: f64 = 0.8;

/// Prior of a theme that does not list the item's round kind, relative to one that does.
const OFF_KIND_PRIOR: f64 = 0.1;

/// Inverse temperature of the softmax: higher makes confidences sharper.
const SHARPNESS: f64 = 0.3;

/// How many alternatives follow the top suggestion.
const ALTERNATIVES: usize = 3;

/// Common words that say nothing about a skill; kept out of description-derived profiles.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "as", "at", "by", "from", "into",
    "is", "are", "be", "it", "its", "that", "this", "when", "what", "which", "who", "how", "whether", "their",
    "they", "them", "than", "then", "so", "up", "out", "one", "each", "every", "only", "not", "no", "but",
    "if", "shows", "absence", "candidate", "interviewer", "without", "before", "after", "being", "has",
    "have", "had", "can", "could", "would", "rather", "just", "about", "over", "such", "also", "own", "more",
    "most", "all", "any", "way", "does", "do", "get", "gets", "makes", "make", "right", "good", "well", "up",
    "down", "where", "through", "while", "there", "these", "those",
];

/// What the suggester reads: free text, or an item's four fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ThemeInput {
    Text {
        text: String,
    },
    Fields {
        #[serde(default)]
        situation: String,
        #[serde(default)]
        behavior: String,
        #[serde(default)]
        impact: String,
        #[serde(default)]
        suggestion: String,
    },
}

/// A theme and how confident the suggester is in it, in [0, 1].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeScore {
    pub theme: ThemeId,
    pub confidence: f64,
}

/// The best theme, its confidence and the next best ones. Confidences over all themes sum to 1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeSuggestion {
    pub theme: ThemeId,
    pub confidence: f64,
    pub alternatives: Vec<ThemeScore>,
}

/// A suggester built once over a bank's themes (building it is the costly part).
#[derive(Clone, Debug)]
pub struct ThemeSuggester {
    profiles: Vec<ThemeProfile>,
}

#[derive(Clone, Debug)]
struct ThemeProfile {
    id: ThemeId,
    dimension: Dimension,
    round_kinds: Vec<RoundKind>,
    /// Stemmed phrase and its final weight (source weight x rarity x length bonus).
    phrases: Vec<(Vec<String>, f64)>,
}

impl ThemeSuggester {
    pub fn new(themes: &[Theme]) -> Self {
        let raw: Vec<HashMap<Vec<String>, f64>> = themes.iter().map(raw_profile).collect();
        let mut theme_frequency: HashMap<&Vec<String>, usize> = HashMap::new();
        for profile in &raw {
            for phrase in profile.keys() {
                *theme_frequency.entry(phrase).or_insert(0) += 1;
            }
        }
        let theme_count = themes.len().max(1) as f64;
        let profiles = themes
            .iter()
            .zip(&raw)
            .map(|(theme, profile)| {
                let phrases = profile
                    .iter()
                    .map(|(phrase, weight)| {
                        let frequency = theme_frequency.get(phrase).copied().unwrap_or(1) as f64;
                        // A phrase every theme shares says nothing; one only this theme has says most.
                        let rarity = (theme_count / frequency).ln() + MIN_RARITY;
                        let length_bonus = match phrase.len() {
                            1 => SINGLE_WORD_FACTOR,
                            words => 1.0 + 0.5 * (words as f64 - 2.0),
                        };
                        (phrase.clone(), weight * rarity * length_bonus)
                    })
                    .collect();
                ThemeProfile {
                    id: theme.id.clone(),
                    dimension: theme.dimension,
                    round_kinds: theme.round_kinds.clone(),
                    phrases,
                }
            })
            .collect();
        Self { profiles }
    }

    /// The theme the input is most likely about, or `None` when the bank has no themes.
    pub fn suggest(&self, input: &ThemeInput, round_kind: Option<RoundKind>) -> Option<ThemeSuggestion> {
        let mut ranked: Vec<ThemeScore> = self
            .confidences(input, round_kind)
            .into_iter()
            .map(|(profile, confidence, _)| ThemeScore { theme: profile.id.clone(), confidence })
            .collect();
        ranked.sort_by(|a, b| b.confidence.total_cmp(&a.confidence).then_with(|| a.theme.cmp(&b.theme)));
        let mut ranked = ranked.into_iter();
        let best = ranked.next()?;
        Some(ThemeSuggestion {
            theme: best.theme,
            confidence: best.confidence,
            alternatives: ranked.take(ALTERNATIVES).collect(),
        })
    }

    /// The dimension of a theme of the bank.
    pub fn dimension_of(&self, theme: &ThemeId) -> Option<Dimension> {
        self.profiles.iter().find(|profile| profile.id == *theme).map(|profile| profile.dimension)
    }

    /// The dimensions whose matched themes together hold at least `min_confidence`. Themes with no
    /// matched phrase add nothing, so a text that matches nothing addresses no dimension.
    pub fn dimensions_addressed(
        &self,
        input: &ThemeInput,
        round_kind: Option<RoundKind>,
        min_confidence: f64,
    ) -> Vec<Dimension> {
        let confidences = self.confidences(input, round_kind);
        Dimension::ALL
            .into_iter()
            .filter(|dimension| {
                let mass: f64 = confidences
                    .iter()
                    .filter(|(profile, _, score)| profile.dimension == *dimension && *score > 0.0)
                    .map(|(_, confidence, _)| confidence)
                    .sum();
                mass >= min_confidence
            })
            .collect()
    }

    /// Each theme with its confidence and raw match score.
    fn confidences(
        &self,
        input: &ThemeInput,
        round_kind: Option<RoundKind>,
    ) -> Vec<(&ThemeProfile, f64, f64)> {
        let texts = weighted_texts(input);
        let scores: Vec<f64> = self
            .profiles
            .iter()
            .map(|profile| texts.iter().map(|(text, weight)| weight * profile.score(text)).sum())
            .collect();
        let logits: Vec<f64> = self
            .profiles
            .iter()
            .zip(&scores)
            .map(|(profile, score)| {
                let prior = match round_kind {
                    Some(kind) if !profile.round_kinds.contains(&kind) => OFF_KIND_PRIOR,
                    _ => 1.0,
                };
                SHARPNESS * score + prior.ln()
            })
            .collect();
        self.profiles
            .iter()
            .zip(softmax(&logits))
            .zip(scores)
            .map(|((profile, confidence), score)| (profile, confidence, score))
            .collect()
    }
}

impl ThemeProfile {
    fn score(&self, text: &Text) -> f64 {
        self.phrases.iter().filter(|(phrase, _)| text.contains(phrase)).map(|(_, weight)| weight).sum()
    }
}

/// Suggests a theme with a suggester built for this call; build a [`ThemeSuggester`] to reuse it.
pub fn suggest_theme(
    input: &ThemeInput,
    round_kind: Option<RoundKind>,
    themes: &[Theme],
) -> Option<ThemeSuggestion> {
    ThemeSuggester::new(themes).suggest(input, round_kind)
}

impl From<&FeedbackItem> for ThemeInput {
    fn from(item: &FeedbackItem) -> Self {
        Self::Fields {
            situation: item.situation.clone(),
            behavior: item.behavior.clone(),
            impact: item.impact.clone(),
            suggestion: item.suggestion.clone(),
        }
    }
}

fn weighted_texts(input: &ThemeInput) -> Vec<(Text, f64)> {
    match input {
        ThemeInput::Text { text } => vec![(Text::new(text), 1.0)],
        ThemeInput::Fields { situation, behavior, impact, suggestion } => vec![
            (Text::new(situation), SITUATION_WEIGHT),
            (Text::new(behavior), BEHAVIOR_WEIGHT),
            (Text::new(impact), IMPACT_WEIGHT),
            (Text::new(suggestion), SUGGESTION_WEIGHT),
        ],
    }
}

/// A theme's phrases with their source weights, before rarity. A phrase from several sources keeps
/// its highest weight.
fn raw_profile(theme: &Theme) -> HashMap<Vec<String>, f64> {
    let mut profile: HashMap<Vec<String>, f64> = HashMap::new();
    let mut add = |phrase: Vec<String>, weight: f64| {
        if !phrase.is_empty() {
            let entry = profile.entry(phrase).or_insert(0.0);
            *entry = entry.max(weight);
        }
    };
    for keyword in &theme.keywords {
        add(phrase_stems(keyword), KEYWORD_WEIGHT);
    }
    let vocabulary = THEME_VOCABULARY.iter().filter(|(id, _)| *id == theme.id.as_str());
    for phrase in vocabulary.flat_map(|(_, phrases)| phrases.iter()) {
        add(phrase_stems(phrase), VOCABULARY_WEIGHT);
    }
    add(phrase_stems(&theme.name), NAME_WEIGHT);
    for word in content_stems(&theme.name) {
        add(vec![word], NAME_WEIGHT);
    }
    for word in content_stems(&theme.description) {
        add(vec![word], DESCRIPTION_WORD_WEIGHT);
    }
    for word in theme.watch_for.iter().flat_map(|line| content_stems(line)) {
        add(vec![word], WATCH_FOR_WORD_WEIGHT);
    }
    for word in theme.practice.iter().flat_map(|line| content_stems(line)) {
        add(vec![word], PRACTICE_WORD_WEIGHT);
    }
    profile
}

/// The stems of a bank text's content words: generic words (see the linter's vocabulary),
/// numbers and stop words are dropped, since "whole" or "three" in a description says nothing
/// about the skill.
fn content_stems(text: &str) -> Vec<String> {
    let text = Text::new(text);
    text.words
        .iter()
        .zip(text.stems)
        .filter(|(word, _)| {
            word.len() > 2 && !STOP_WORDS.contains(&word.as_str()) && is_informative(word) && !is_number(word)
        })
        .map(|(_, stem)| stem)
        .collect()
}

fn softmax(logits: &[f64]) -> Vec<f64> {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exponentials: Vec<f64> = logits.iter().map(|logit| (logit - max).exp()).collect();
    let total: f64 = exponentials.iter().sum();
    exponentials.iter().map(|value| value / total).collect()
}
