//! A multinomial naive Bayes classifier over string features, the learned half of the theme
//! suggester.
//!
//! Training is counting, so it is deterministic and takes a few milliseconds for a few hundred
//! documents. Each document counts a feature once however often it repeats (binarised counts read
//! short feedback better than raw counts: a word said twice is not twice the evidence). Features
//! never seen in training are ignored at prediction time, so unknown words move no theme.

use std::collections::{HashMap, HashSet};

/// One training document: its class index, its features and how much it counts.
#[derive(Clone, Debug)]
pub(crate) struct Document {
    pub class: usize,
    pub features: Vec<String>,
    /// A bank description line counts less than a labelled example, say.
    pub weight: f64,
}

/// Per-class log-probabilities of every feature seen in training.
#[derive(Clone, Debug, Default)]
pub(crate) struct NaiveBayes {
    classes: usize,
    /// Feature -> log P(feature | class), one entry per class.
    log_probabilities: HashMap<String, Vec<f64>>,
}

impl NaiveBayes {
    /// Trains with additive (Lidstone) smoothing: every feature gets `smoothing` pseudo-counts in
    /// every class, so no class ever rules a feature out.
    pub fn train(documents: &[Document], classes: usize, smoothing: f64) -> Self {
        let mut counts: HashMap<&str, Vec<f64>> = HashMap::new();
        let mut totals = vec![0.0; classes];
        for document in documents.iter().filter(|document| document.class < classes) {
            let mut seen = HashSet::new();
            for feature in &document.features {
                if seen.insert(feature.as_str()) {
                    counts.entry(feature.as_str()).or_insert_with(|| vec![0.0; classes])[document.class] +=
                        document.weight;
                    totals[document.class] += document.weight;
                }
            }
        }
        let vocabulary = counts.len() as f64;
        let log_probabilities = counts
            .into_iter()
            .map(|(feature, per_class)| {
                let log_probabilities = per_class
                    .iter()
                    .zip(&totals)
                    .map(|(count, total)| ((count + smoothing) / (total + smoothing * vocabulary)).ln())
                    .collect();
                (feature.to_owned(), log_probabilities)
            })
            .collect();
        Self { classes, log_probabilities }
    }

    /// The log-likelihood of weighted features under each class (uniform class prior: the round
    /// kind, not the training mix, says which themes are likely).
    pub fn log_likelihoods(&self, features: &[(String, f64)]) -> Vec<f64> {
        let mut scores = vec![0.0; self.classes];
        for (feature, weight) in features {
            if let Some(log_probabilities) = self.log_probabilities.get(feature) {
                for (score, log_probability) in scores.iter_mut().zip(log_probabilities) {
                    *score += weight * log_probability;
                }
            }
        }
        scores
    }

    /// How many of the features were seen in training (the weight of the model's evidence).
    pub fn known_features(&self, features: &[(String, f64)]) -> usize {
        features.iter().filter(|(feature, _)| self.log_probabilities.contains_key(feature)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(class: usize, features: &[&str]) -> Document {
        Document {
            class,
            features: features.iter().map(|feature| (*feature).to_owned()).collect(),
            weight: 1.0,
        }
    }

    fn weighted(features: &[&str]) -> Vec<(String, f64)> {
        features.iter().map(|feature| ((*feature).to_owned(), 1.0)).collect()
    }

    fn best(scores: &[f64]) -> Option<usize> {
        scores.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(index, _)| index)
    }

    #[test]
    fn features_seen_with_a_class_favour_it() {
        let model = NaiveBayes::train(
            &[document(0, &["clock", "minute"]), document(1, &["silent", "narrate"])],
            2,
            0.5,
        );
        assert_eq!(best(&model.log_likelihoods(&weighted(&["minute"]))), Some(0));
        assert_eq!(best(&model.log_likelihoods(&weighted(&["narrate", "silent"]))), Some(1));
    }

    #[test]
    fn unknown_features_move_no_class() {
        let model = NaiveBayes::train(&[document(0, &["clock"]), document(1, &["silent"])], 2, 0.5);
        let scores = model.log_likelihoods(&weighted(&["lorem", "ipsum"]));
        assert_eq!(scores, vec![0.0, 0.0]);
        assert_eq!(model.known_features(&weighted(&["lorem", "clock"])), 1);
    }

    #[test]
    fn a_repeated_feature_counts_once_per_document() {
        let repeated =
            NaiveBayes::train(&[document(0, &["clock", "clock", "clock"]), document(1, &["x"])], 2, 0.5);
        let once = NaiveBayes::train(&[document(0, &["clock"]), document(1, &["x"])], 2, 0.5);
        let features = weighted(&["clock"]);
        assert_eq!(repeated.log_likelihoods(&features), once.log_likelihoods(&features));
    }

    #[test]
    fn training_is_deterministic() {
        let documents = [document(0, &["a", "b", "c"]), document(1, &["c", "d"]), document(2, &["e"])];
        let features = weighted(&["a", "c", "e"]);
        let first = NaiveBayes::train(&documents, 3, 0.3).log_likelihoods(&features);
        let second = NaiveBayes::train(&documents, 3, 0.3).log_likelihoods(&features);
        assert_eq!(first, second);
    }
}
