//! Linting a whole feedback form: every item, plus what only the form as a whole can lack (a
//! strength, strengths first, each rated dimension addressed somewhere).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::lint::lint_item;
use super::messages::problem;
use super::signals::is_filler;
use super::text::Text;
use super::themes::{ThemeInput, ThemeSuggester};
use super::types::{FeedbackItem, FeedbackProblem, Field, ProblemCode};
use crate::bank::{Dimension, RoundKind, ThemeId};

/// Share of the suggester's confidence that must fall on a dimension's themes for an item's text
/// to count as addressing that dimension.
const COVERAGE_CONFIDENCE: f64 = 0.4;

/// Whether an item tells the candidate what to keep doing or what to change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Strength,
    Improvement,
}

/// One item of a form: its kind, the theme the giver picked (if any) and the four fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormItem {
    pub kind: ItemKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<ThemeId>,
    #[serde(flatten)]
    pub item: FeedbackItem,
}

/// A feedback form as the giver wrote it, before it is submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDraft {
    /// The round the feedback is about; items without their own round kind use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round_kind: Option<RoundKind>,
    pub items: Vec<FormItem>,
    /// A free comment per rated dimension.
    #[serde(default)]
    pub rating_comments: BTreeMap<Dimension, String>,
}

/// The problems of one item of a form, with its position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormItemReport {
    pub index: usize,
    pub ok: bool,
    pub problems: Vec<FeedbackProblem>,
}

/// The linter's verdict on a form: `ok` when no item and no form-level rule has a problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormReport {
    pub ok: bool,
    pub items: Vec<FormItemReport>,
    /// Problems of the form as a whole (`no_strength`, `strengths_not_first`,
    /// `dimension_not_covered`).
    pub problems: Vec<FeedbackProblem>,
    /// The dimensions some item or rating comment addresses.
    pub covered: Vec<Dimension>,
}

/// Lints every item and the form as a whole. Dimension coverage uses the items' chosen themes,
/// then the suggester on their text, then the rating comments.
pub fn lint_form(form: &FormDraft, suggester: &ThemeSuggester) -> FormReport {
    let items: Vec<FormItemReport> = form
        .items
        .iter()
        .enumerate()
        .map(|(index, form_item)| {
            let report = lint_item(&form_item.item);
            FormItemReport { index, ok: report.ok, problems: report.problems }
        })
        .collect();
    let mut problems = order_problems(&form.items);
    let covered = covered_dimensions(form, suggester);
    for dimension in Dimension::ALL {
        if !covered.contains(&dimension) {
            problems.push(problem(ProblemCode::DimensionNotCovered, Field::RatingComment(dimension)));
        }
    }
    FormReport {
        ok: problems.is_empty() && items.iter().all(|item| item.ok),
        items,
        problems,
        covered: covered.into_iter().collect(),
    }
}

fn order_problems(items: &[FormItem]) -> Vec<FeedbackProblem> {
    let first_improvement = items.iter().position(|item| item.kind == ItemKind::Improvement);
    let last_strength = items.iter().rposition(|item| item.kind == ItemKind::Strength);
    match (last_strength, first_improvement) {
        (None, _) => vec![problem(ProblemCode::NoStrength, Field::Items)],
        (Some(strength), Some(improvement)) if improvement < strength => {
            vec![problem(ProblemCode::StrengthsNotFirst, Field::Items)]
        }
        _ => Vec::new(),
    }
}

fn covered_dimensions(form: &FormDraft, suggester: &ThemeSuggester) -> BTreeSet<Dimension> {
    let mut covered: BTreeSet<Dimension> = form
        .rating_comments
        .iter()
        .filter(|(_, comment)| !is_filler(&Text::new(comment)))
        .map(|(dimension, _)| *dimension)
        .collect();
    for form_item in &form.items {
        if let Some(dimension) = form_item.theme.as_ref().and_then(|theme| suggester.dimension_of(theme)) {
            covered.insert(dimension);
        }
        let round_kind = form_item.item.round_kind.or(form.round_kind);
        covered.extend(suggester.dimensions_addressed(
            &ThemeInput::from(&form_item.item),
            round_kind,
            COVERAGE_CONFIDENCE,
        ));
    }
    covered
}
