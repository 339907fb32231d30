//! The learned half of `about_person`: a logistic regression over a field's features
//! (`person_features`), trained once per process from labelled items compiled into the core, and
//! combined with the rules (`person`): a field is about the person when the rules flag it, or,
//! when they flag none of the item's fields, when it is the field the model scores highest and
//! that score clears the threshold.
//!
//! The labels are per item, the model is per field. A field counts as a positive when its item
//! is positive and the rules flag it; a positive item the rules miss entirely contributes the
//! field a first model (trained without those items) scores highest. Every field of a negative
//! item is a negative. The other fields of positive items are left out: they may or may not judge
//! the person, and nobody said which.
//!
//! The rules read a field without its quoted parts: "you called the plan 'stupid'" reports what
//! the candidate said, not the writer's verdict.
//!
//! The data is `content/feedback/training_lint.json` (items whose `expected` codes include
//! `about_person`) and `content/feedback/training_person.json` (items with an `about_person`
//! flag); nothing under `tests/` is trained on.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::eval::LabelledLintItem;
use super::logistic::{LogisticRegression, SparseExample, TrainingSettings};
use super::person::is_about_person;
use super::person_features::{person_features, split_quotes};
use super::signals::is_filler;
use super::text::Text;
use super::types::{FeedbackItem, ProblemCode};

const TRAINING_LINT_JSON: &str = include_str!("../../../../content/feedback/training_lint.json");
const TRAINING_PERSON_JSON: &str = include_str!("../../../../content/feedback/training_person.json");

/// One item of `training_person.json`.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct LabelledPersonItem {
    #[serde(flatten)]
    pub item: FeedbackItem,
    pub about_person: bool,
}

/// How the model is built and used. `Default` holds the values chosen by cross-validation on the
/// training data (`tests/person_tuning.rs`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PersonSettings {
    pub training: TrainingSettings,
    /// How much a positive field counts relative to a negative one (positives are rarer).
    pub positive_weight: f64,
    /// Features seen in fewer training fields than this are dropped.
    pub min_count: usize,
    /// The model's probability from which a field is about the person. The grid's best at
    /// precision 0.95 was 0.5; 0.7 keeps a margin (0.956 precision, 0.821 recall in 5-fold CV),
    /// because the training items come from two writers and the linter reads many.
    pub threshold: f64,
}

impl Default for PersonSettings {
    fn default() -> Self {
        Self { training: TrainingSettings::default(), positive_weight: 1.0, min_count: 1, threshold: 0.7 }
    }
}

/// An item reduced to what training and scoring need: each non-filler field's features and
/// whether the rules flag it.
#[derive(Clone, Debug)]
pub(crate) struct PreparedItem {
    pub positive: bool,
    pub fields: Vec<PreparedField>,
}

#[derive(Clone, Debug)]
pub(crate) struct PreparedField {
    /// Index into `Field::ITEM_FIELDS`.
    pub field: usize,
    pub features: Vec<String>,
    pub rules: bool,
}

/// Which fields the rules are run on while preparing an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RuleCheck {
    /// Every field: for linting and for scoring the rules.
    Always,
    /// Only the fields of positive items, the only ones training reads it from; the rules are
    /// the costly part of preparing, and this keeps training at first use cheap.
    PositiveItems,
}

impl PreparedItem {
    pub fn new(texts: [&str; 4], positive: bool, rule_check: RuleCheck) -> Self {
        let check_rules = positive || rule_check == RuleCheck::Always;
        let fields = texts
            .iter()
            .enumerate()
            .filter_map(|(field, raw)| {
                let text = Text::new(raw);
                // What the candidate said, quoted, is not the writer's verdict.
                let rules = check_rules && is_about_person(&Text::new(&split_quotes(raw).0));
                (!is_filler(&text)).then(|| PreparedField { field, features: person_features(raw), rules })
            })
            .collect();
        Self { positive, fields }
    }

    pub fn from_item(item: &FeedbackItem, positive: bool, rule_check: RuleCheck) -> Self {
        Self::new([&item.situation, &item.behavior, &item.impact, &item.suggestion], positive, rule_check)
    }
}

/// The trained model: a vocabulary, the regression and its threshold.
#[derive(Clone, Debug, Default)]
pub(crate) struct PersonModel {
    vocabulary: HashMap<String, usize>,
    regression: LogisticRegression,
    threshold: f64,
}

static TRAINING_ITEMS: LazyLock<Vec<PreparedItem>> =
    LazyLock::new(|| prepared_training_items(RuleCheck::PositiveItems));

/// The embedded items, prepared; `RuleCheck::Always` for cross-validation, which scores the rules.
pub(crate) fn prepared_training_items(rule_check: RuleCheck) -> Vec<PreparedItem> {
    let items = labelled_training_items();
    items.iter().map(|(item, positive)| PreparedItem::from_item(item, *positive, rule_check)).collect()
}

/// The embedded items with their `about_person` label, `training_lint.json` first.
pub(crate) fn labelled_training_items() -> Vec<(FeedbackItem, bool)> {
    let lint: Vec<LabelledLintItem> = serde_json::from_str(TRAINING_LINT_JSON).unwrap_or_default();
    let person: Vec<LabelledPersonItem> = serde_json::from_str(TRAINING_PERSON_JSON).unwrap_or_default();
    let lint = lint.into_iter().map(|labelled| {
        let positive = labelled.expected.contains(&ProblemCode::AboutPerson);
        (labelled.item, positive)
    });
    lint.chain(person.into_iter().map(|labelled| (labelled.item, labelled.about_person))).collect()
}

static MODEL: LazyLock<PersonModel> =
    LazyLock::new(|| PersonModel::train(training_items(), PersonSettings::default()));

/// The embedded training items, prepared for training (the rules are not run on negative
/// items). Empty if the files do not parse, which a unit test rules out.
pub(crate) fn training_items() -> &'static [PreparedItem] {
    &TRAINING_ITEMS
}

/// The model trained on the embedded items with the default settings, once per process.
pub(crate) fn trained_model() -> &'static PersonModel {
    &MODEL
}

impl PersonModel {
    /// Trains in two rounds: first on the fields the labels and rules pin down, then with the
    /// best-scoring field of each positive item the rules miss.
    pub fn train(items: &[PreparedItem], settings: PersonSettings) -> Self {
        let vocabulary = vocabulary(items, settings.min_count);
        let mut model =
            Self { vocabulary, regression: LogisticRegression::default(), threshold: settings.threshold };
        let mut examples = Vec::new();
        let mut unexplained = Vec::new();
        for item in items {
            if !item.positive {
                examples.extend(item.fields.iter().map(|field| model.example(field, false, 1.0)));
            } else if item.fields.iter().any(|field| field.rules) {
                let flagged = item.fields.iter().filter(|field| field.rules);
                examples.extend(flagged.map(|field| model.example(field, true, settings.positive_weight)));
            } else {
                unexplained.push(item);
            }
        }
        let features = model.vocabulary.len();
        model.regression = LogisticRegression::train(&examples, features, settings.training);
        for item in unexplained {
            if let Some((field, _)) = model.best_field(item) {
                examples.push(model.example(&item.fields[field], true, settings.positive_weight));
            }
        }
        model.regression = LogisticRegression::train(&examples, features, settings.training);
        model
    }

    fn example(&self, field: &PreparedField, positive: bool, weight: f64) -> SparseExample {
        SparseExample { features: self.indices(&field.features), positive, weight }
    }

    fn indices(&self, features: &[String]) -> Vec<usize> {
        features.iter().filter_map(|feature| self.vocabulary.get(feature).copied()).collect()
    }

    /// The probability that a field with these features judges the person.
    pub fn score(&self, features: &[String]) -> f64 {
        self.regression.probability(&self.indices(features))
    }

    /// The position in `item.fields` of the field the model scores highest, and its score.
    pub fn best_field(&self, item: &PreparedItem) -> Option<(usize, f64)> {
        item.fields
            .iter()
            .map(|field| self.score(&field.features))
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Which of the four item fields are about the person: those the rules flag; if none, the
    /// field the model scores highest when its score clears the threshold.
    pub fn flagged_fields(&self, item: &PreparedItem) -> [bool; 4] {
        let mut flagged = [false; 4];
        for field in item.fields.iter().filter(|field| field.rules) {
            flagged[field.field] = true;
        }
        if !flagged.contains(&true) {
            if let Some((position, score)) = self.best_field(item) {
                flagged[item.fields[position].field] = score >= self.threshold;
            }
        }
        flagged
    }
}

/// Features seen in at least `min_count` training fields, numbered in order of first appearance
/// so that training is the same on every run.
fn vocabulary(items: &[PreparedItem], min_count: usize) -> HashMap<String, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut order = Vec::new();
    for feature in items.iter().flat_map(|item| &item.fields).flat_map(|field| &field.features) {
        let count = counts.entry(feature.as_str()).or_insert(0);
        if *count == 0 {
            order.push(feature.as_str());
        }
        *count += 1;
    }
    order
        .into_iter()
        .filter(|feature| counts.get(feature).is_some_and(|count| *count >= min_count))
        .enumerate()
        .map(|(index, feature)| (feature.to_owned(), index))
        .collect()
}

/// What cross-validation saw for one item: its label, whether the rules flag any field, and the
/// highest model score among its fields (scored by a model that never saw the item).
#[derive(Clone, Copy, Debug)]
pub(crate) struct HeldOutScore {
    pub positive: bool,
    pub rules: bool,
    pub score: f64,
}

/// K-fold cross-validation (item `i` in fold `i % folds`) of the model on prepared items; the
/// scores come in the items' order.
pub(crate) fn cross_validate(
    items: &[PreparedItem],
    settings: PersonSettings,
    folds: usize,
) -> Vec<HeldOutScore> {
    let folds = folds.max(2);
    let mut scores: Vec<HeldOutScore> = items
        .iter()
        .map(|item| HeldOutScore {
            positive: item.positive,
            rules: item.fields.iter().any(|field| field.rules),
            score: 0.0,
        })
        .collect();
    for fold in 0..folds {
        let training: Vec<PreparedItem> = items
            .iter()
            .enumerate()
            .filter(|(index, _)| index % folds != fold)
            .map(|(_, item)| item.clone())
            .collect();
        let model = PersonModel::train(&training, settings);
        for (index, item) in items.iter().enumerate().filter(|(index, _)| index % folds == fold) {
            scores[index].score = model.best_field(item).map(|(_, score)| score).unwrap_or_default();
        }
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_items_parse() {
        let lint: Result<Vec<LabelledLintItem>, _> = serde_json::from_str(TRAINING_LINT_JSON);
        let person: Result<Vec<LabelledPersonItem>, _> = serde_json::from_str(TRAINING_PERSON_JSON);
        assert!(lint.is_ok() && person.is_ok());
        let total = lint.map(|items| items.len()).unwrap_or_default()
            + person.map(|items| items.len()).unwrap_or_default();
        assert_eq!(training_items().len(), total);
    }

    #[test]
    fn training_is_deterministic() {
        let items = &training_items()[..60];
        let first = PersonModel::train(items, PersonSettings::default());
        let second = PersonModel::train(items, PersonSettings::default());
        let features = person_features("You seem like a very anxious person");
        assert_eq!(first.score(&features).to_bits(), second.score(&features).to_bits());
    }
}
