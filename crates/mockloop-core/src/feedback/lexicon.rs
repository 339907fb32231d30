//! The suggester's lexical half: a weighted phrase profile per theme, built from the bank
//! (keywords, name, description, what to watch for, practice) and from [`THEME_VOCABULARY`].
//!
//! A phrase's weight is scaled by how few themes share it (inverse theme frequency) and by its
//! length (longer phrases are more specific). A text's score for a theme is the sum over matched
//! phrases.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::signals::{is_informative, is_number};
use super::text::{phrase_stems, Text};
use super::theme_vocab::THEME_VOCABULARY;
use crate::bank::Theme;

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

/// Common words that say nothing about a skill; kept out of description-derived profiles and out
/// of the learned model's single-word features.
#[rustfmt::skip]
pub(crate) const STOP_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "as", "at", "by", "from", "into",
    "is", "are", "be", "it", "its", "that", "this", "when", "what", "which", "who", "how", "whether", "their",
    "they", "them", "than", "then", "so", "up", "out", "one", "each", "every", "only", "not", "no", "but",
    "if", "shows", "absence", "candidate", "interviewer", "without", "before", "after", "being", "has",
    "have", "had", "can", "could", "would", "rather", "just", "about", "over", "such", "also", "own", "more",
    "most", "all", "any", "way", "does", "do", "get", "gets", "makes", "make", "right", "good", "well", "up",
    "down", "where", "through", "while", "there", "these", "those",
];

/// A phrase as a run of stems.
type Phrase = Vec<String>;

/// [`THEME_VOCABULARY`], stemmed once per process rather than on every build.
static VOCABULARY_STEMS: LazyLock<Vec<(&str, Vec<Phrase>)>> = LazyLock::new(|| {
    THEME_VOCABULARY
        .iter()
        .map(|(id, phrases)| (*id, phrases.iter().map(|phrase| phrase_stems(phrase)).collect()))
        .collect()
});

/// One theme's phrases, each stemmed, with its final weight (source weight x rarity x length).
#[derive(Clone, Debug, Default)]
pub(crate) struct PhraseProfile {
    phrases: Vec<(Vec<String>, f64)>,
}

impl PhraseProfile {
    /// The profiles of all themes, in the order given; rarity is counted across them.
    pub fn build_all(themes: &[Theme]) -> Vec<Self> {
        let raw: Vec<HashMap<Vec<String>, f64>> = themes.iter().map(raw_profile).collect();
        let mut theme_frequency: HashMap<&Vec<String>, usize> = HashMap::new();
        for profile in &raw {
            for phrase in profile.keys() {
                *theme_frequency.entry(phrase).or_insert(0) += 1;
            }
        }
        let theme_count = themes.len().max(1) as f64;
        raw.iter()
            .map(|profile| {
                let mut phrases: Vec<(Vec<String>, f64)> = profile
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
                // Sorted so that sums run in the same order on every build.
                phrases.sort_by(|a, b| a.0.cmp(&b.0));
                Self { phrases }
            })
            .collect()
    }

    /// The summed weight of the profile's phrases found in the text.
    pub fn score(&self, text: &Text) -> f64 {
        self.phrases.iter().filter(|(phrase, _)| text.contains(phrase)).map(|(_, weight)| weight).sum()
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
    let vocabulary = VOCABULARY_STEMS.iter().filter(|(id, _)| *id == theme.id.as_str());
    for phrase in vocabulary.flat_map(|(_, phrases)| phrases.iter()) {
        add(phrase.clone(), VOCABULARY_WEIGHT);
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
