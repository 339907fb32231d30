//! Measuring the linter and the theme suggester on labelled items (pure: the caller reads the files
//! and deserializes them into [`LabelledLintItem`] and [`LabelledThemeItem`]).
//!
//! Reports hold metrics only, never the items, so running them over a held-out set reveals nothing
//! about its content. [`lint_mistakes`] and [`theme_mistakes`] list the errors for tuning on a
//! development set.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::lint::lint_item;
use super::person_model::{cross_validate, prepared_training_items, HeldOutScore, PersonSettings, RuleCheck};
pub use super::themes::LabelledThemeItem;
use super::themes::{SuggesterWeights, ThemeSuggester};
use super::types::{FeedbackItem, ProblemCode};
use crate::bank::{Theme, ThemeId};

/// One line of `feedback_lint.json`: an item and the codes a person expects (empty = good item).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelledLintItem {
    #[serde(flatten)]
    pub item: FeedbackItem,
    pub expected: Vec<ProblemCode>,
}

/// Precision and recall of one problem code, over items (a code counts once per item).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodeMetrics {
    pub code: ProblemCode,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    /// Items that expect the code.
    pub support: usize,
    pub precision: f64,
    pub recall: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LintReport {
    pub items: usize,
    /// Share of items whose ok / not-ok verdict matches the label.
    pub ok_accuracy: f64,
    /// Share of items whose whole set of codes matches the label.
    pub exact_match: f64,
    pub per_code: Vec<CodeMetrics>,
}

/// One item the linter got wrong: codes it missed and codes it added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LintMistake {
    pub index: usize,
    pub missed: Vec<ProblemCode>,
    pub added: Vec<ProblemCode>,
}

fn predicted_codes(item: &FeedbackItem) -> BTreeSet<ProblemCode> {
    lint_item(item).problems.into_iter().map(|problem| problem.code).collect()
}

/// Runs the linter over labelled items and scores it.
pub fn evaluate_lint(examples: &[LabelledLintItem]) -> LintReport {
    let mut ok_matches = 0;
    let mut exact = 0;
    let mut counts: BTreeMap<ProblemCode, [usize; 3]> =
        ProblemCode::ITEM_CODES.into_iter().map(|code| (code, [0; 3])).collect();
    for example in examples {
        let expected: BTreeSet<ProblemCode> = example.expected.iter().copied().collect();
        let predicted = predicted_codes(&example.item);
        ok_matches += usize::from(expected.is_empty() == predicted.is_empty());
        exact += usize::from(expected == predicted);
        for code in expected.union(&predicted) {
            let slot = counts.entry(*code).or_insert([0; 3]);
            match (expected.contains(code), predicted.contains(code)) {
                (true, true) => slot[0] += 1,
                (false, true) => slot[1] += 1,
                _ => slot[2] += 1,
            }
        }
    }
    let per_code = counts
        .into_iter()
        .map(|(code, [true_positives, false_positives, false_negatives])| CodeMetrics {
            code,
            true_positives,
            false_positives,
            false_negatives,
            support: true_positives + false_negatives,
            precision: ratio(true_positives, true_positives + false_positives),
            recall: ratio(true_positives, true_positives + false_negatives),
        })
        .collect();
    LintReport {
        items: examples.len(),
        ok_accuracy: ratio(ok_matches, examples.len()),
        exact_match: ratio(exact, examples.len()),
        per_code,
    }
}

/// The items whose codes differ from the label, for tuning on a development set.
pub fn lint_mistakes(examples: &[LabelledLintItem]) -> Vec<LintMistake> {
    examples
        .iter()
        .enumerate()
        .filter_map(|(index, example)| {
            let expected: BTreeSet<ProblemCode> = example.expected.iter().copied().collect();
            let predicted = predicted_codes(&example.item);
            let missed: Vec<ProblemCode> = expected.difference(&predicted).copied().collect();
            let added: Vec<ProblemCode> = predicted.difference(&expected).copied().collect();
            (!missed.is_empty() || !added.is_empty()).then_some(LintMistake { index, missed, added })
        })
        .collect()
}

/// Recall of one theme: how often items labelled with it get it as the top suggestion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeRecall {
    pub theme: ThemeId,
    pub support: usize,
    pub top1_hits: usize,
    pub recall: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeReport {
    pub items: usize,
    pub top1_accuracy: f64,
    pub top3_accuracy: f64,
    /// Mean confidence of the top suggestion; close to `top1_accuracy` when calibrated.
    pub mean_confidence: f64,
    pub per_theme: Vec<ThemeRecall>,
}

/// One item whose top suggestion is not its label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeMistake {
    pub index: usize,
    pub expected: ThemeId,
    pub suggested: Option<ThemeId>,
    pub confidence: f64,
}

/// What the suggester made of one labelled item.
struct ThemeOutcome {
    expected: ThemeId,
    ranked: Vec<ThemeId>,
    confidence: f64,
}

fn outcome(example: &LabelledThemeItem, suggester: &ThemeSuggester) -> ThemeOutcome {
    let (ranked, confidence) = match suggester.suggest(&example.input, example.round_kind) {
        Some(suggestion) => {
            let mut ranked = vec![suggestion.theme];
            ranked.extend(suggestion.alternatives.into_iter().map(|alternative| alternative.theme));
            (ranked, suggestion.confidence)
        }
        None => (Vec::new(), 0.0),
    };
    ThemeOutcome { expected: example.theme.clone(), ranked, confidence }
}

/// Runs the suggester ([`ThemeSuggester::new`], trained on the embedded examples) over labelled
/// items and scores it.
pub fn evaluate_themes(examples: &[LabelledThemeItem], themes: &[Theme]) -> ThemeReport {
    evaluate_suggester(examples, &ThemeSuggester::new(themes))
}

/// Scores a given suggester (for instance one built with [`ThemeSuggester::with_examples`]).
pub fn evaluate_suggester(examples: &[LabelledThemeItem], suggester: &ThemeSuggester) -> ThemeReport {
    theme_report(examples.iter().map(|example| outcome(example, suggester)).collect())
}

/// K-fold cross-validation: item `i` is in fold `i % folds`; each fold is scored by a suggester
/// trained on the bank texts and the other folds only. Measures how the suggester does on
/// phrasings it has not seen, on the training data itself.
pub fn cross_validate_themes(examples: &[LabelledThemeItem], themes: &[Theme], folds: usize) -> ThemeReport {
    cross_validate_with(examples, themes, folds, SuggesterWeights::default())
}

pub(crate) fn cross_validate_with(
    examples: &[LabelledThemeItem],
    themes: &[Theme],
    folds: usize,
    weights: SuggesterWeights,
) -> ThemeReport {
    let folds = folds.max(2);
    let mut outcomes = Vec::with_capacity(examples.len());
    for fold in 0..folds {
        let training: Vec<LabelledThemeItem> = examples
            .iter()
            .enumerate()
            .filter(|(index, _)| index % folds != fold)
            .map(|(_, example)| example.clone())
            .collect();
        let suggester = ThemeSuggester::with_weights(themes, &training, weights);
        let held_out = examples.iter().enumerate().filter(|(index, _)| index % folds == fold);
        outcomes.extend(held_out.map(|(_, example)| outcome(example, &suggester)));
    }
    theme_report(outcomes)
}

fn theme_report(outcomes: Vec<ThemeOutcome>) -> ThemeReport {
    let mut top1 = 0;
    let mut top3 = 0;
    let mut confidence_sum = 0.0;
    let mut per_theme: BTreeMap<ThemeId, (usize, usize)> = BTreeMap::new();
    let items = outcomes.len();
    for outcome in outcomes {
        let hit1 = outcome.ranked.first() == Some(&outcome.expected);
        top1 += usize::from(hit1);
        top3 += usize::from(outcome.ranked.iter().take(3).any(|theme| *theme == outcome.expected));
        confidence_sum += outcome.confidence;
        let entry = per_theme.entry(outcome.expected).or_insert((0, 0));
        entry.0 += 1;
        entry.1 += usize::from(hit1);
    }
    ThemeReport {
        items,
        top1_accuracy: ratio(top1, items),
        top3_accuracy: ratio(top3, items),
        mean_confidence: if items == 0 { 0.0 } else { confidence_sum / items as f64 },
        per_theme: per_theme
            .into_iter()
            .map(|(theme, (support, top1_hits))| ThemeRecall {
                theme,
                support,
                top1_hits,
                recall: ratio(top1_hits, support),
            })
            .collect(),
    }
}

/// The items whose top suggestion is wrong, for tuning on a development set.
pub fn theme_mistakes(examples: &[LabelledThemeItem], themes: &[Theme]) -> Vec<ThemeMistake> {
    let suggester = ThemeSuggester::new(themes);
    examples
        .iter()
        .enumerate()
        .filter_map(|(index, example)| {
            let outcome = outcome(example, &suggester);
            let suggested = outcome.ranked.first().cloned();
            (suggested.as_ref() != Some(&example.theme)).then_some(ThemeMistake {
                index,
                expected: outcome.expected,
                suggested,
                confidence: outcome.confidence,
            })
        })
        .collect()
}

/// Cross-validated `about_person` on the embedded training items: the rules alone, the model
/// alone and both combined (the linter's check), at the default threshold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AboutPersonReport {
    pub folds: usize,
    pub items: usize,
    pub positives: usize,
    pub threshold: f64,
    /// (precision, recall) of each check, over items.
    pub rules: (f64, f64),
    pub model: (f64, f64),
    pub combined: (f64, f64),
}

/// K-fold cross-validation (item `i` in fold `i % folds`) of the `about_person` model on the
/// training items compiled into the core: each fold is scored by a model trained on the others.
pub fn cross_validate_about_person(folds: usize) -> AboutPersonReport {
    let settings = PersonSettings::default();
    let scores = cross_validate(&prepared_training_items(RuleCheck::Always), settings, folds);
    let threshold = settings.threshold;
    AboutPersonReport {
        folds: folds.max(2),
        items: scores.len(),
        positives: scores.iter().filter(|score| score.positive).count(),
        threshold,
        rules: precision_recall(&scores, |score| score.rules),
        model: precision_recall(&scores, |score| score.score >= threshold),
        combined: precision_recall(&scores, |score| score.rules || score.score >= threshold),
    }
}

/// Item-level precision and recall of a check over held-out scores.
pub(crate) fn precision_recall(
    scores: &[HeldOutScore],
    flagged: impl Fn(&HeldOutScore) -> bool,
) -> (f64, f64) {
    let true_positives = scores.iter().filter(|score| score.positive && flagged(score)).count();
    let predicted = scores.iter().filter(|score| flagged(score)).count();
    let positives = scores.iter().filter(|score| score.positive).count();
    (ratio(true_positives, predicted), ratio(true_positives, positives))
}

/// 0 when there is nothing to divide, so empty sets report 0 rather than NaN.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl fmt::Display for LintReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "lint: {} items, ok/not-ok accuracy {:.3}, exact match {:.3}",
            self.items, self.ok_accuracy, self.exact_match
        )?;
        writeln!(
            f,
            "{:<20} {:>9} {:>7} {:>8} {:>5} {:>5} {:>5}",
            "code", "precision", "recall", "support", "tp", "fp", "fn"
        )?;
        for metrics in &self.per_code {
            writeln!(
                f,
                "{:<20} {:>9.3} {:>7.3} {:>8} {:>5} {:>5} {:>5}",
                metrics.code.as_str(),
                metrics.precision,
                metrics.recall,
                metrics.support,
                metrics.true_positives,
                metrics.false_positives,
                metrics.false_negatives,
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for AboutPersonReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "about_person, {}-fold CV: {} training items, {} positive, threshold {:.2}",
            self.folds, self.items, self.positives, self.threshold
        )?;
        for (name, (precision, recall)) in
            [("rules", self.rules), ("model", self.model), ("rules or model", self.combined)]
        {
            writeln!(f, "{name:<15} precision {precision:.3} recall {recall:.3}")?;
        }
        Ok(())
    }
}

impl fmt::Display for ThemeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "themes: {} items, top-1 accuracy {:.3}, top-3 accuracy {:.3}, mean confidence {:.3}",
            self.items, self.top1_accuracy, self.top3_accuracy, self.mean_confidence,
        )?;
        writeln!(f, "{:<28} {:>7} {:>8} {:>5}", "theme", "recall", "support", "hits")?;
        for recall in &self.per_theme {
            writeln!(
                f,
                "{:<28} {:>7.3} {:>8} {:>5}",
                recall.theme.as_str(),
                recall.recall,
                recall.support,
                recall.top1_hits
            )?;
        }
        Ok(())
    }
}
