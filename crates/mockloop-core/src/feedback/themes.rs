//! The theme suggester: which bank theme a piece of feedback is about.
//!
//! Two halves vote. The lexicon ([`PhraseProfile`]) sums the weights of a theme's phrases found in
//! the text; it knows the bank's chosen words and our thesaurus but nothing of how people phrase
//! feedback. The learned half ([`NaiveBayes`]) is trained at construction on each theme's own bank
//! text plus labelled examples, and reads the whole text, so it picks up themes that no listed
//! phrase names. A theme's logit is `LEXICON_WEIGHT x lexicon score + MODEL_WEIGHT x model
//! log-likelihood (relative to the best theme, scaled down for long texts) + log round-kind
//! prior`; a softmax turns logits into confidences. The weights were chosen by cross-validation on
//! the training examples only (see `tests/tuning.rs`).

use serde::{Deserialize, Serialize};

use super::lexicon::PhraseProfile;
use super::naive_bayes::NaiveBayes;
use super::text::Text;
use super::training::{
    documents, example_features, input_features, training_features, weighted_texts, ExampleFeatures,
};
use super::types::FeedbackItem;
use crate::bank::{Dimension, RoundKind, Theme, ThemeId};

/// How the two halves and the round kind are combined. The defaults are the tuned values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SuggesterWeights {
    /// Multiplies the lexicon's phrase score.
    pub lexicon: f64,
    /// Multiplies the model's relative log-likelihood.
    pub model: f64,
    /// The model's log-likelihood is divided by (1 + known features) to this power, so a long
    /// text does not drown the lexicon and the prior: 0 is plain naive Bayes, 1 an average.
    pub length_exponent: f64,
    /// Pseudo-counts per feature and theme when training.
    pub smoothing: f64,
    /// Prior of a theme that does not list the item's round kind, relative to one that does.
    pub off_kind_prior: f64,
}

impl Default for SuggesterWeights {
    fn default() -> Self {
        Self { lexicon: 0.3, model: 1.0, length_exponent: 0.5, smoothing: 0.5, off_kind_prior: 0.1 }
    }
}

/// How many alternatives follow the top suggestion.
const ALTERNATIVES: usize = 3;

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

/// Free text or the four fields, and the expected theme: the shape of
/// `content/feedback/training_themes.json` (training) and `tests/data/feedback_themes.json`
/// (evaluation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelledThemeItem {
    #[serde(flatten)]
    pub input: ThemeInput,
    #[serde(default)]
    pub round_kind: Option<RoundKind>,
    pub theme: ThemeId,
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

/// A suggester built once over a bank's themes. Building it trains the model (a few milliseconds
/// for the embedded examples); reuse it rather than calling [`suggest_theme`] in a loop.
#[derive(Clone, Debug)]
pub struct ThemeSuggester {
    themes: Vec<ThemeEntry>,
    model: NaiveBayes,
    weights: SuggesterWeights,
}

#[derive(Clone, Debug)]
struct ThemeEntry {
    id: ThemeId,
    dimension: Dimension,
    round_kinds: Vec<RoundKind>,
    lexicon: PhraseProfile,
}

/// One theme's confidence and lexicon score for an input.
struct Scored<'a> {
    theme: &'a ThemeEntry,
    confidence: f64,
    lexicon_score: f64,
}

impl ThemeSuggester {
    /// The suggester trained on the bank's theme texts and the embedded training examples
    /// ([`training_theme_examples`](super::training_theme_examples)).
    pub fn new(themes: &[Theme]) -> Self {
        Self::from_features(themes, training_features(), SuggesterWeights::default())
    }

    /// The suggester trained on the bank's theme texts and the given examples instead of the
    /// embedded ones (examples of themes not in the bank are skipped). Used for cross-validation,
    /// and by an app that keeps its own labelled feedback.
    pub fn with_examples(themes: &[Theme], examples: &[LabelledThemeItem]) -> Self {
        Self::with_weights(themes, examples, SuggesterWeights::default())
    }

    pub(crate) fn with_weights(
        themes: &[Theme],
        examples: &[LabelledThemeItem],
        weights: SuggesterWeights,
    ) -> Self {
        Self::from_features(themes, &example_features(examples), weights)
    }

    fn from_features(themes: &[Theme], examples: &[ExampleFeatures], weights: SuggesterWeights) -> Self {
        let model = NaiveBayes::train(&documents(themes, examples), themes.len(), weights.smoothing);
        let entries = themes
            .iter()
            .zip(PhraseProfile::build_all(themes))
            .map(|(theme, lexicon)| ThemeEntry {
                id: theme.id.clone(),
                dimension: theme.dimension,
                round_kinds: theme.round_kinds.clone(),
                lexicon,
            })
            .collect();
        Self { themes: entries, model, weights }
    }

    /// The theme the input is most likely about, or `None` when the bank has no themes.
    pub fn suggest(&self, input: &ThemeInput, round_kind: Option<RoundKind>) -> Option<ThemeSuggestion> {
        let mut ranked: Vec<ThemeScore> = self
            .score(input, round_kind)
            .into_iter()
            .map(|scored| ThemeScore { theme: scored.theme.id.clone(), confidence: scored.confidence })
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
        self.themes.iter().find(|entry| entry.id == *theme).map(|entry| entry.dimension)
    }

    /// The dimensions whose matched themes together hold at least `min_confidence`. Themes with no
    /// matched lexicon phrase add nothing, so a text that names nothing addresses no dimension.
    pub fn dimensions_addressed(
        &self,
        input: &ThemeInput,
        round_kind: Option<RoundKind>,
        min_confidence: f64,
    ) -> Vec<Dimension> {
        let scored = self.score(input, round_kind);
        Dimension::ALL
            .into_iter()
            .filter(|dimension| {
                let mass: f64 = scored
                    .iter()
                    .filter(|scored| scored.theme.dimension == *dimension && scored.lexicon_score > 0.0)
                    .map(|scored| scored.confidence)
                    .sum();
                mass >= min_confidence
            })
            .collect()
    }

    /// Each theme with its confidence and lexicon score.
    fn score(&self, input: &ThemeInput, round_kind: Option<RoundKind>) -> Vec<Scored<'_>> {
        let texts = weighted_texts(input);
        let lexicon_scores: Vec<f64> = self
            .themes
            .iter()
            .map(|entry| texts.iter().map(|(text, weight)| weight * entry.lexicon.score(text)).sum())
            .collect();
        let model_scores = self.model_scores(&texts);
        let logits: Vec<f64> = self
            .themes
            .iter()
            .zip(&lexicon_scores)
            .zip(&model_scores)
            .map(|((entry, lexicon_score), model_score)| {
                let prior = match round_kind {
                    Some(kind) if !entry.round_kinds.contains(&kind) => self.weights.off_kind_prior,
                    _ => 1.0,
                };
                self.weights.lexicon * lexicon_score + self.weights.model * model_score + prior.ln()
            })
            .collect();
        self.themes
            .iter()
            .zip(softmax(&logits))
            .zip(lexicon_scores)
            .map(|((theme, confidence), lexicon_score)| Scored { theme, confidence, lexicon_score })
            .collect()
    }

    /// The model's log-likelihoods relative to the best theme (so the best is 0), damped by length.
    fn model_scores(&self, texts: &[(Text, f64)]) -> Vec<f64> {
        let features = input_features(texts);
        let likelihoods = self.model.log_likelihoods(&features);
        let best = likelihoods.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let damping = (1.0 + self.model.known_features(&features) as f64).powf(self.weights.length_exponent);
        likelihoods.iter().map(|likelihood| (likelihood - best) / damping).collect()
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

fn softmax(logits: &[f64]) -> Vec<f64> {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exponentials: Vec<f64> = logits.iter().map(|logit| (logit - max).exp()).collect();
    let total: f64 = exponentials.iter().sum();
    exponentials.iter().map(|value| value / total).collect()
}
