//! The feedback exchange after a round: a giver's form as it is drafted and submitted, the
//! candidate's self-assessment, when feedback is released to the candidate, and how the candidate's
//! view of the round compares with each giver's (calibration).

use serde::{Deserialize, Serialize};

use crate::bank::{Dimension, RoundKind, ThemeId};
pub use crate::feedback::ItemKind;
use crate::feedback::{self, FeedbackItem, FormItem};

pub const MAX_ITEMS: usize = 30;
pub const MAX_FIELD_CHARS: usize = 2_000;

/// Ratings 1-4 on the four dimensions; a draft may leave some unset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratings {
    pub communication: Option<u8>,
    pub problem_solving: Option<u8>,
    pub technical_depth: Option<u8>,
    pub tradeoffs: Option<u8>,
}

impl Ratings {
    pub fn get(&self, dimension: Dimension) -> Option<u8> {
        match dimension {
            Dimension::Communication => self.communication,
            Dimension::ProblemSolving => self.problem_solving,
            Dimension::TechnicalDepth => self.technical_depth,
            Dimension::Tradeoffs => self.tradeoffs,
        }
    }

    pub fn is_complete(&self) -> bool {
        Dimension::ALL.into_iter().all(|dimension| self.get(dimension).is_some())
    }
}

/// One comment per dimension, explaining its rating.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingComments {
    #[serde(default)]
    pub communication: String,
    #[serde(default)]
    pub problem_solving: String,
    #[serde(default)]
    pub technical_depth: String,
    #[serde(default)]
    pub tradeoffs: String,
}

impl RatingComments {
    pub fn get(&self, dimension: Dimension) -> &str {
        match dimension {
            Dimension::Communication => &self.communication,
            Dimension::ProblemSolving => &self.problem_solving,
            Dimension::TechnicalDepth => &self.technical_depth,
            Dimension::Tradeoffs => &self.tradeoffs,
        }
    }
}

/// The overall call against the Staff bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffBar {
    Below,
    At,
    Above,
}

impl StaffBar {
    pub fn label(self) -> &'static str {
        match self {
            Self::Below => "below the Staff bar",
            Self::At => "at the Staff bar",
            Self::Above => "above the Staff bar",
        }
    }
}

/// One Situation-Behavior-Impact item with its suggestion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftItem {
    /// Stable across edits, so questions, thanks and takeaways stay attached to it.
    #[serde(default)]
    pub id: String,
    pub kind: ItemKind,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub behavior: String,
    #[serde(default)]
    pub impact: String,
    #[serde(default)]
    pub suggestion: String,
    #[serde(default)]
    pub theme: Option<ThemeId>,
    /// The moment of the round the item refers to (a note's or event's round time).
    #[serde(default)]
    pub moment_ms: Option<i64>,
}

/// The giver's answer about one of the candidate's declared focus areas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FocusAnswer {
    pub theme: ThemeId,
    #[serde(default)]
    pub answer: String,
}

/// A giver's form, as autosaved and as submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDraft {
    #[serde(default)]
    pub items: Vec<DraftItem>,
    #[serde(default)]
    pub ratings: Ratings,
    #[serde(default)]
    pub rating_comments: RatingComments,
    #[serde(default)]
    pub staff_bar: Option<StaffBar>,
    #[serde(default)]
    pub focus: Vec<FocusAnswer>,
}

/// A problem with the shape of a draft (not with the quality of its writing, which the linter
/// judges): the field and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShapeProblem {
    pub field: String,
    pub message: String,
}

impl FormDraft {
    /// Limits any saved draft must respect.
    pub fn check_shape(&self) -> Vec<ShapeProblem> {
        let mut problems = Vec::new();
        let mut add = |field: String, message: String| problems.push(ShapeProblem { field, message });
        if self.items.len() > MAX_ITEMS {
            add(
                "items".into(),
                format!("Keep to {MAX_ITEMS} items; merge the ones that say the same thing."),
            );
        }
        for (index, item) in self.items.iter().enumerate() {
            for (name, text) in item.fields() {
                if text.chars().count() > MAX_FIELD_CHARS {
                    add(
                        format!("items[{index}].{name}"),
                        format!("Keep each field under {MAX_FIELD_CHARS} characters."),
                    );
                }
            }
        }
        for dimension in Dimension::ALL {
            if self.ratings.get(dimension).is_some_and(|rating| !(1..=4).contains(&rating)) {
                add(format!("ratings.{}", dimension.as_str()), "Ratings run from 1 to 4.".into());
            }
            if self.rating_comments.get(dimension).chars().count() > MAX_FIELD_CHARS {
                add(
                    format!("rating_comments.{}", dimension.as_str()),
                    format!("Keep each comment under {MAX_FIELD_CHARS} characters."),
                );
            }
        }
        for (index, answer) in self.focus.iter().enumerate() {
            if answer.answer.chars().count() > MAX_FIELD_CHARS {
                add(
                    format!("focus[{index}]"),
                    format!("Keep each answer under {MAX_FIELD_CHARS} characters."),
                );
            }
        }
        problems
    }

    /// What a submission needs beyond a well-shaped draft: every rating and the Staff-bar call.
    pub fn missing_for_submission(&self) -> Vec<ShapeProblem> {
        let mut problems = Vec::new();
        for dimension in Dimension::ALL {
            if self.ratings.get(dimension).is_none() {
                problems.push(ShapeProblem {
                    field: format!("ratings.{}", dimension.as_str()),
                    message: format!("Rate {} from 1 to 4.", dimension.heading().to_lowercase()),
                });
            }
        }
        if self.staff_bar.is_none() {
            problems.push(ShapeProblem {
                field: "staff_bar".into(),
                message: "Make the overall call: below, at or above the Staff bar.".into(),
            });
        }
        problems
    }

    /// The draft as the linter reads it.
    pub fn for_linter(&self, round_kind: RoundKind) -> feedback::FormDraft {
        let items = self
            .items
            .iter()
            .map(|item| FormItem {
                kind: item.kind,
                theme: item.theme.clone(),
                item: FeedbackItem {
                    situation: item.situation.clone(),
                    behavior: item.behavior.clone(),
                    impact: item.impact.clone(),
                    suggestion: item.suggestion.clone(),
                    round_kind: Some(round_kind),
                },
            })
            .collect();
        let rating_comments = Dimension::ALL
            .into_iter()
            .map(|dimension| (dimension, self.rating_comments.get(dimension).to_owned()))
            .filter(|(_, comment)| !comment.trim().is_empty())
            .collect();
        feedback::FormDraft { round_kind: Some(round_kind), items, rating_comments }
    }

    /// Gives new items an id (from `new_id`) and keeps the ids of items that have one.
    pub fn assign_item_ids(&mut self, mut new_id: impl FnMut() -> String) {
        for item in &mut self.items {
            if item.id.is_empty() || item.id.len() > 40 || !item.id.bytes().all(|b| b.is_ascii_alphanumeric())
            {
                item.id = new_id();
            }
        }
    }
}

impl DraftItem {
    pub fn fields(&self) -> [(&'static str, &str); 4] {
        [
            ("situation", &self.situation),
            ("behavior", &self.behavior),
            ("impact", &self.impact),
            ("suggestion", &self.suggestion),
        ]
    }
}

/// The candidate's own view of the round, given before seeing any feedback.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfAssessment {
    pub ratings: Ratings,
    pub staff_bar: StaffBar,
    #[serde(default)]
    pub went_well: String,
    #[serde(default)]
    pub to_improve: String,
}

impl SelfAssessment {
    pub fn check(&self) -> Vec<ShapeProblem> {
        let draft =
            FormDraft { ratings: self.ratings, staff_bar: Some(self.staff_bar), ..FormDraft::default() };
        let mut problems = draft.check_shape();
        problems.extend(draft.missing_for_submission());
        for (field, text) in [("went_well", &self.went_well), ("to_improve", &self.to_improve)] {
            if text.trim().is_empty() {
                problems
                    .push(ShapeProblem { field: field.into(), message: "Write a sentence or two.".into() });
            } else if text.chars().count() > MAX_FIELD_CHARS {
                problems.push(ShapeProblem {
                    field: field.into(),
                    message: format!("Keep it under {MAX_FIELD_CHARS} characters."),
                });
            }
        }
        problems
    }
}

/// Whether a giver's feedback reaches the candidate: once submitted, after the candidate's
/// self-assessment (so their own view is not anchored by it), or earlier if the giver releases it.
pub fn is_released(submitted: bool, self_assessed: bool, released_by_giver: bool) -> bool {
    submitted && (self_assessed || released_by_giver)
}

/// One dimension of the calibration view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalibrationRow {
    pub dimension: Dimension,
    pub self_rating: Option<u8>,
    /// Each giver's rating, in the order the givers were given.
    pub givers: Vec<Option<u8>>,
    /// Self minus the givers' mean: positive when the candidate rated themselves higher.
    pub gap: Option<f64>,
}

/// Self against each giver, per dimension.
pub fn calibrate(self_ratings: &Ratings, givers: &[Ratings]) -> Vec<CalibrationRow> {
    Dimension::ALL
        .into_iter()
        .map(|dimension| {
            let theirs: Vec<Option<u8>> = givers.iter().map(|ratings| ratings.get(dimension)).collect();
            let known: Vec<f64> = theirs.iter().flatten().map(|&r| f64::from(r)).collect();
            let gap = match (self_ratings.get(dimension), known.is_empty()) {
                (Some(own), false) => Some(f64::from(own) - known.iter().sum::<f64>() / known.len() as f64),
                _ => None,
            };
            CalibrationRow { dimension, self_rating: self_ratings.get(dimension), givers: theirs, gap }
        })
        .collect()
}

/// How a gap reads: within half a point is calibrated.
pub fn describe_gap(gap: f64) -> &'static str {
    if gap > 0.5 {
        "you rated yourself higher"
    } else if gap < -0.5 {
        "you rated yourself lower"
    } else {
        "in line"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratings(values: [u8; 4]) -> Ratings {
        Ratings {
            communication: Some(values[0]),
            problem_solving: Some(values[1]),
            technical_depth: Some(values[2]),
            tradeoffs: Some(values[3]),
        }
    }

    #[test]
    fn feedback_waits_for_the_self_assessment_unless_the_giver_releases_it() {
        assert!(!is_released(false, true, true), "a draft is never released");
        assert!(!is_released(true, false, false));
        assert!(is_released(true, true, false));
        assert!(is_released(true, false, true));
    }

    #[test]
    fn calibration_compares_self_with_the_givers_mean() {
        let rows = calibrate(&ratings([4, 2, 3, 1]), &[ratings([2, 2, 3, 2]), ratings([3, 3, 3, 2])]);
        let gaps: Vec<Option<f64>> = rows.iter().map(|row| row.gap).collect();
        assert_eq!(gaps, vec![Some(1.5), Some(-0.5), Some(0.0), Some(-1.0)]);
        assert_eq!(describe_gap(1.5), "you rated yourself higher");
        assert_eq!(describe_gap(-0.5), "in line");
        assert_eq!(describe_gap(-1.0), "you rated yourself lower");
        let unrated = calibrate(&ratings([4, 2, 3, 1]), &[Ratings::default()]);
        assert!(unrated.iter().all(|row| row.gap.is_none()));
    }

    #[test]
    fn a_submission_needs_every_rating_and_the_staff_bar_call() {
        let mut draft = FormDraft { ratings: ratings([3, 3, 3, 3]), ..FormDraft::default() };
        assert_eq!(draft.missing_for_submission().len(), 1);
        draft.ratings.tradeoffs = None;
        draft.staff_bar = Some(StaffBar::At);
        let missing = draft.missing_for_submission();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].field, "ratings.tradeoffs");
    }

    #[test]
    fn shape_limits_catch_out_of_range_ratings_and_oversized_fields() {
        let item = DraftItem {
            id: String::new(),
            kind: ItemKind::Strength,
            situation: "x".repeat(MAX_FIELD_CHARS + 1),
            behavior: String::new(),
            impact: String::new(),
            suggestion: String::new(),
            theme: None,
            moment_ms: None,
        };
        let draft = FormDraft {
            items: vec![item],
            ratings: Ratings { communication: Some(5), ..Ratings::default() },
            ..FormDraft::default()
        };
        let fields: Vec<String> = draft.check_shape().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["items[0].situation", "ratings.communication"]);
    }

    #[test]
    fn items_keep_their_ids_and_new_ones_get_one() {
        let item = |id: &str| DraftItem {
            id: id.into(),
            kind: ItemKind::Improvement,
            situation: String::new(),
            behavior: String::new(),
            impact: String::new(),
            suggestion: String::new(),
            theme: None,
            moment_ms: None,
        };
        let mut draft =
            FormDraft { items: vec![item("keep1"), item(""), item("bad id!")], ..FormDraft::default() };
        let mut counter = 0;
        draft.assign_item_ids(|| {
            counter += 1;
            format!("new{counter}")
        });
        let ids: Vec<&str> = draft.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, vec!["keep1", "new1", "new2"]);
    }
}
