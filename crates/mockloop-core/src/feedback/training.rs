//! What the learned half of the suggester reads and learns from: the features of a text (stems and
//! stem bigrams), the documents a bank's own theme texts make, and the labelled examples embedded
//! from `content/feedback/training_themes.json`.
//!
//! The examples are compiled in with `include_str!` rather than read by the app, so that
//! [`ThemeSuggester::new`](super::ThemeSuggester::new) (which the form linter and the evaluation
//! use) is the trained suggester everywhere, and the core stays free of I/O. They are parsed once
//! per process. Nothing under `tests/data` is ever trained on.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::lexicon::STOP_WORDS;
use super::naive_bayes::Document;
use super::text::Text;
use super::themes::{LabelledThemeItem, ThemeInput};
use crate::bank::{Theme, ThemeId};

/// Labelled feedback written for training (never for evaluation): free text or the four fields,
/// with the round kind and the theme.
const TRAINING_THEMES_JSON: &str = include_str!("../../../../content/feedback/training_themes.json");

static TRAINING_THEMES: LazyLock<Vec<LabelledThemeItem>> =
    LazyLock::new(|| serde_json::from_str(TRAINING_THEMES_JSON).unwrap_or_default());

/// The embedded examples' features, computed once per process so that building a suggester
/// over them is only counting.
static TRAINING_FEATURES: LazyLock<Vec<ExampleFeatures>> =
    LazyLock::new(|| example_features(training_theme_examples()));

/// A labelled example reduced to what the model learns from.
#[derive(Clone, Debug)]
pub(crate) struct ExampleFeatures {
    theme: ThemeId,
    features: Vec<String>,
}

/// How much each field's words say about the theme, relative to the behavior: the situation often
/// names a phase of another theme ("while coding"). Shared with the lexicon's scoring.
pub(crate) const SITUATION_WEIGHT: f64 = 0.5;
pub(crate) const BEHAVIOR_WEIGHT: f64 = 1.0;
pub(crate) const IMPACT_WEIGHT: f64 = 0.7;
pub(crate) const SUGGESTION_WEIGHT: f64 = 0.8;

/// A bank line (description, practice, what to watch for) is written about the skill, not from
/// an observed round, so it counts for less than a labelled example.
const BANK_TEXT_WEIGHT: f64 = 0.5;

/// The labelled theme examples compiled into the core (`content/feedback/training_themes.json`).
/// Empty if the file does not parse, which a unit test rules out.
pub fn training_theme_examples() -> &'static [LabelledThemeItem] {
    &TRAINING_THEMES
}

/// The input's texts, normalised, each with its field weight.
pub(crate) fn weighted_texts(input: &ThemeInput) -> Vec<(Text, f64)> {
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

/// Stems that are not stop words, and bigrams of adjacent stems unless both are stop words
/// ("ran out" and "of time" survive; "out of" does not).
pub(crate) fn text_features(text: &Text) -> Vec<String> {
    let is_stop = |stem: &str| STOP_WORDS.contains(&stem);
    let unigrams = text.stems.iter().filter(|stem| stem.len() > 1 && !is_stop(stem)).cloned();
    let bigrams = text
        .stems
        .windows(2)
        .filter(|pair| !(is_stop(&pair[0]) && is_stop(&pair[1])))
        .map(|pair| format!("{} {}", pair[0], pair[1]));
    unigrams.chain(bigrams).collect()
}

/// The input's features, each weighted by its field; a feature in several fields keeps the
/// highest weight, so the model, like the training, counts each feature once.
pub(crate) fn input_features(texts: &[(Text, f64)]) -> Vec<(String, f64)> {
    let mut features: Vec<(String, f64)> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    for (text, weight) in texts {
        for feature in text_features(text) {
            match positions.get(&feature) {
                Some(&position) => features[position].1 = features[position].1.max(*weight),
                None => {
                    positions.insert(feature.clone(), features.len());
                    features.push((feature, *weight));
                }
            }
        }
    }
    features
}

/// The features of labelled examples, for [`documents`].
pub(crate) fn example_features(examples: &[LabelledThemeItem]) -> Vec<ExampleFeatures> {
    examples
        .iter()
        .map(|example| ExampleFeatures {
            theme: example.theme.clone(),
            features: input_features(&weighted_texts(&example.input))
                .into_iter()
                .map(|(feature, _)| feature)
                .collect(),
        })
        .collect()
}

/// [`example_features`] of the embedded examples.
pub(crate) fn training_features() -> &'static [ExampleFeatures] {
    &TRAINING_FEATURES
}

/// The training documents: each bank theme's own lines, then the labelled examples whose theme
/// is in the bank. Class indices follow the order of `themes`.
pub(crate) fn documents(themes: &[Theme], examples: &[ExampleFeatures]) -> Vec<Document> {
    let mut documents = Vec::new();
    for (class, theme) in themes.iter().enumerate() {
        let keywords = theme.keywords.join(", ");
        let lines = [&theme.name, &theme.description, &keywords]
            .into_iter()
            .chain(&theme.practice)
            .chain(&theme.watch_for);
        for line in lines {
            let features = text_features(&Text::new(line));
            documents.push(Document { class, features, weight: BANK_TEXT_WEIGHT });
        }
    }
    for example in examples {
        if let Some(class) = themes.iter().position(|theme| theme.id == example.theme) {
            documents.push(Document { class, features: example.features.clone(), weight: 1.0 });
        }
    }
    documents
}

#[cfg(test)]
mod tests {
    use super::super::text::phrase_stems;
    use super::*;

    #[test]
    fn the_embedded_examples_parse() {
        // An empty file is allowed while the data is being written; a malformed one is not.
        let parsed: Result<Vec<LabelledThemeItem>, _> = serde_json::from_str(TRAINING_THEMES_JSON);
        assert!(parsed.is_ok(), "{parsed:?}");
        assert_eq!(training_theme_examples().len(), parsed.map(|items| items.len()).unwrap_or_default());
    }

    #[test]
    fn features_are_content_stems_and_bigrams() {
        let features = text_features(&Text::new("You ran out of time"));
        for expected in ["ran", "time", "ran out", "of time"] {
            let expected = phrase_stems(expected).join(" ");
            assert!(features.contains(&expected), "{expected} in {features:?}");
        }
        for dropped in ["of", "out of"] {
            assert!(!features.iter().any(|feature| feature == dropped), "{dropped}");
        }
    }

    #[test]
    fn a_feature_in_two_fields_keeps_the_higher_weight() {
        let texts = [(Text::new("sample size"), 0.5), (Text::new("the sample size"), 1.0)];
        let features = input_features(&texts);
        let bigram = phrase_stems("sample size").join(" ");
        let weight = features.iter().find(|(feature, _)| *feature == bigram).map(|(_, weight)| *weight);
        assert_eq!(weight, Some(1.0));
    }
}
