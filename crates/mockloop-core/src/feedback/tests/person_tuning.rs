//! Choosing the `about_person` model's settings and threshold by cross-validation on the embedded
//! training items only. `cargo test -p mockloop-core person_tuning -- --ignored --nocapture`
//! prints the grid; the chosen row's values are the defaults in `PersonSettings`.

use super::super::logistic::TrainingSettings;
use super::super::person_model::{
    cross_validate, labelled_training_items, prepared_training_items, training_items, HeldOutScore,
    PersonModel, PersonSettings, PreparedItem, RuleCheck,
};

const FOLDS: usize = 5;

/// The precision the combined check must keep on held-out folds.
const MIN_PRECISION: f64 = 0.95;

/// Item-level precision and recall of "the rules fire, or the model's best field reaches
/// `threshold`" (`use_rules` false: the model alone).
fn precision_recall(scores: &[HeldOutScore], threshold: f64, use_rules: bool) -> (f64, f64) {
    super::super::eval::precision_recall(scores, |score| {
        (use_rules && score.rules) || score.score >= threshold
    })
}

/// The lowest threshold on the grid whose combined precision stays at or above the bar.
fn best_threshold(scores: &[HeldOutScore]) -> Option<(f64, f64, f64)> {
    (1..20)
        .map(|step| f64::from(step) * 0.05)
        .map(|threshold| {
            let (precision, recall) = precision_recall(scores, threshold, true);
            (threshold, precision, recall)
        })
        .filter(|(_, precision, _)| *precision >= MIN_PRECISION)
        .max_by(|a, b| a.2.total_cmp(&b.2).then(a.0.total_cmp(&b.0)))
}

#[test]
#[ignore = "prints a grid of cross-validated recalls on the training items"]
fn settings_grid_on_training_items() {
    let items = &prepared_training_items(RuleCheck::Always);
    let positives = items.iter().filter(|item| item.positive).count();
    eprintln!("{} training items, {positives} about the person", items.len());
    let mut rows = Vec::new();
    for positive_weight in [1.0, 2.0] {
        for min_count in [1, 2, 3] {
            for (epochs, learning_rate) in [(20, 0.5), (40, 0.3), (40, 1.0)] {
                for l2 in [1e-5, 1e-4, 1e-3, 3e-3] {
                    let training = TrainingSettings { epochs, learning_rate, l2, ..Default::default() };
                    let settings =
                        PersonSettings { training, positive_weight, min_count, ..Default::default() };
                    let scores = cross_validate(items, settings, FOLDS);
                    if let Some((threshold, precision, recall)) = best_threshold(&scores) {
                        rows.push((recall, precision, threshold, settings));
                    }
                }
            }
        }
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
    for (recall, precision, threshold, settings) in rows.iter().take(20) {
        eprintln!("recall {recall:.3} precision {precision:.3} threshold {threshold:.2} {settings:?}");
    }
}

#[test]
#[ignore = "prints the cross-validated report of the default settings on the training items"]
fn person_cross_validation_report() {
    let items = &prepared_training_items(RuleCheck::Always);
    let scores = cross_validate(items, PersonSettings::default(), FOLDS);
    let threshold = PersonSettings::default().threshold;
    eprintln!("{}", super::super::eval::cross_validate_about_person(FOLDS));
    for step in 5..20 {
        let at = f64::from(step) * 0.05;
        let (model_precision, model_recall) = precision_recall(&scores, at, false);
        let (precision, recall) = precision_recall(&scores, at, true);
        let chosen = if (at - threshold).abs() < 1e-9 { " <- default" } else { "" };
        eprintln!(
            "threshold {at:.2}: model only precision {model_precision:.3} recall {model_recall:.3}; \
             rules or model precision {precision:.3} recall {recall:.3}{chosen}"
        );
    }
}

#[test]
#[ignore = "prints the training items cross-validation gets wrong"]
fn person_cross_validation_mistakes() {
    let labelled = labelled_training_items();
    let scores =
        cross_validate(&prepared_training_items(RuleCheck::Always), PersonSettings::default(), FOLDS);
    let threshold = PersonSettings::default().threshold;
    for ((item, _), score) in labelled.iter().zip(&scores) {
        let flagged = score.rules || score.score >= threshold;
        if flagged != score.positive {
            eprintln!(
                "{} rules {} score {:.2}\n  S: {}\n  B: {}\n  I: {}\n  G: {}",
                if score.positive { "MISSED" } else { "ADDED" },
                score.rules,
                score.score,
                item.situation,
                item.behavior,
                item.impact,
                item.suggestion
            );
        }
    }
}

#[test]
#[ignore = "prints what training and linting cost (run in release)"]
fn person_model_costs() {
    let started = std::time::Instant::now();
    let prepared = prepared_training_items(RuleCheck::PositiveItems);
    eprintln!("parsing and preparing {} items: {:?}", prepared.len(), started.elapsed());
    let items = training_items();
    let started = std::time::Instant::now();
    let _model = PersonModel::train(items, PersonSettings::default());
    eprintln!("training on {} prepared items: {:?}", items.len(), started.elapsed());
    let item = super::good_item();
    let started = std::time::Instant::now();
    for _ in 0..1000 {
        std::hint::black_box(super::super::lint_item(std::hint::black_box(&item)));
    }
    eprintln!("lint_item: {:?} per item", started.elapsed() / 1000);
    let started = std::time::Instant::now();
    for _ in 0..1000 {
        std::hint::black_box(PreparedItem::from_item(std::hint::black_box(&item), false, RuleCheck::Always));
    }
    eprintln!("preparing an item: {:?}", started.elapsed() / 1000);
    let started = std::time::Instant::now();
    for _ in 0..1000 {
        for raw in [&item.situation, &item.behavior, &item.impact, &item.suggestion] {
            std::hint::black_box(super::super::person_features::person_features(std::hint::black_box(raw)));
        }
    }
    eprintln!("features of an item: {:?}", started.elapsed() / 1000);
    let started = std::time::Instant::now();
    for _ in 0..1000 {
        for raw in [&item.situation, &item.behavior, &item.impact, &item.suggestion] {
            let text = super::super::text::Text::new(raw);
            std::hint::black_box(super::super::person::is_about_person(std::hint::black_box(&text)));
        }
    }
    eprintln!("rules on an item: {:?}", started.elapsed() / 1000);
}
