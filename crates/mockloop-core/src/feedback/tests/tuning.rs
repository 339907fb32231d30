//! Choosing the suggester's weights by cross-validation on the embedded training examples only.
//! `cargo test -p mockloop-core tuning -- --ignored --nocapture` prints the grid; the best row's
//! values are the defaults in `SuggesterWeights`.

use super::super::eval::{cross_validate_themes, cross_validate_with};
use super::super::themes::SuggesterWeights;
use super::super::training_theme_examples;
use super::bank_themes;

/// Five folds: each held-out fold has four examples per theme when there are twenty.
const FOLDS: usize = 5;

#[test]
#[ignore = "prints a grid of cross-validated accuracies on the training examples"]
fn weights_grid_on_training_examples() {
    let themes = bank_themes();
    let examples = training_theme_examples();
    eprintln!("{} training examples", examples.len());
    let mut rows = Vec::new();
    for lexicon in [0.0, 0.1, 0.2, 0.3, 0.5] {
        for model in [0.0, 0.5, 1.0, 2.0, 4.0] {
            for length_exponent in [0.0, 0.5, 1.0] {
                for smoothing in [0.05, 0.2, 0.5] {
                    let weights =
                        SuggesterWeights { lexicon, model, length_exponent, smoothing, ..Default::default() };
                    let report = cross_validate_with(examples, &themes, FOLDS, weights);
                    rows.push((report.top1_accuracy, report.top3_accuracy, report.mean_confidence, weights));
                }
            }
        }
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
    for (top1, top3, confidence, weights) in rows.iter().take(15) {
        eprintln!("top1 {top1:.3} top3 {top3:.3} conf {confidence:.3} {weights:?}");
    }
    // The halves alone, for comparison.
    let lexicon_only = |weights: &SuggesterWeights| weights.model == 0.0;
    let model_only = |weights: &SuggesterWeights| weights.lexicon == 0.0;
    for (label, alone) in
        [("lexicon only", &lexicon_only as &dyn Fn(&SuggesterWeights) -> bool), ("model only", &model_only)]
    {
        if let Some((top1, top3, confidence, weights)) = rows.iter().find(|row| alone(&row.3)) {
            eprintln!("{label}: top1 {top1:.3} top3 {top3:.3} conf {confidence:.3} {weights:?}");
        }
    }
}

#[test]
#[ignore = "prints the cross-validated report of the default weights on the training examples"]
fn cross_validation_report() {
    eprintln!("{}", cross_validate_themes(training_theme_examples(), &bank_themes(), FOLDS));
}
