//! The feedback contract's types: an item, where a problem is, what it is, and a per-item report.
//! Codes and field names are part of the JSON contract that outside checks rely on.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::bank::{Dimension, RoundKind};

/// One piece of feedback in situation-behavior-impact form, plus a suggestion. Missing fields
/// deserialize as empty so that the linter, not the parser, reports them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackItem {
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub behavior: String,
    #[serde(default)]
    pub impact: String,
    #[serde(default)]
    pub suggestion: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round_kind: Option<RoundKind>,
}

impl FeedbackItem {
    /// The item's four texts joined, for classifiers that read the item as one text.
    pub fn joined_text(&self) -> String {
        [&self.situation, &self.behavior, &self.impact, &self.suggestion].map(String::as_str).join(". ")
    }
}

/// The stable problem codes. Serialized in snake_case (`missing_situation`, `about_person`...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    MissingSituation,
    MissingBehavior,
    MissingImpact,
    MissingSuggestion,
    Vague,
    NotActionable,
    AboutPerson,
    NoStrength,
    StrengthsNotFirst,
    DimensionNotCovered,
}

impl ProblemCode {
    /// The codes an item (rather than a whole form) can have, in reporting order.
    pub const ITEM_CODES: [ProblemCode; 7] = [
        Self::MissingSituation,
        Self::MissingBehavior,
        Self::MissingImpact,
        Self::MissingSuggestion,
        Self::Vague,
        Self::NotActionable,
        Self::AboutPerson,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::MissingSituation => "missing_situation",
            Self::MissingBehavior => "missing_behavior",
            Self::MissingImpact => "missing_impact",
            Self::MissingSuggestion => "missing_suggestion",
            Self::Vague => "vague",
            Self::NotActionable => "not_actionable",
            Self::AboutPerson => "about_person",
            Self::NoStrength => "no_strength",
            Self::StrengthsNotFirst => "strengths_not_first",
            Self::DimensionNotCovered => "dimension_not_covered",
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a problem is. Serialized as a plain string: the item field's name, `items` for problems
/// of the form's list of items, or `rating_comments.<dimension>` for an uncovered dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Field {
    Situation,
    Behavior,
    Impact,
    Suggestion,
    Items,
    RatingComment(Dimension),
}

impl Field {
    /// The four fields of an item, in the order they are written.
    pub const ITEM_FIELDS: [Field; 4] = [Self::Situation, Self::Behavior, Self::Impact, Self::Suggestion];
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Situation => f.write_str("situation"),
            Self::Behavior => f.write_str("behavior"),
            Self::Impact => f.write_str("impact"),
            Self::Suggestion => f.write_str("suggestion"),
            Self::Items => f.write_str("items"),
            Self::RatingComment(dimension) => {
                write!(f, "rating_comments.{dimension}", dimension = dimension.as_str())
            }
        }
    }
}

impl From<Field> for String {
    fn from(field: Field) -> Self {
        field.to_string()
    }
}

impl TryFrom<String> for Field {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        let field = match text.as_str() {
            "situation" => Self::Situation,
            "behavior" => Self::Behavior,
            "impact" => Self::Impact,
            "suggestion" => Self::Suggestion,
            "items" => Self::Items,
            other => other
                .strip_prefix("rating_comments.")
                .and_then(Dimension::parse)
                .map(Self::RatingComment)
                .ok_or_else(|| format!("{other:?} is not a feedback field"))?,
        };
        Ok(field)
    }
}

/// One thing to fix, with a message that says how and shows an example rewrite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackProblem {
    pub code: ProblemCode,
    pub field: Field,
    pub message: String,
}

/// The linter's verdict on one item: `ok` exactly when `problems` is empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemReport {
    pub ok: bool,
    pub problems: Vec<FeedbackProblem>,
}

impl ItemReport {
    pub fn new(problems: Vec<FeedbackProblem>) -> Self {
        Self { ok: problems.is_empty(), problems }
    }

    /// Whether any problem carries this code.
    pub fn has(&self, code: ProblemCode) -> bool {
        self.problems.iter().any(|problem| problem.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_through_their_json_names() {
        let fields = Field::ITEM_FIELDS
            .into_iter()
            .chain([Field::Items])
            .chain(Dimension::ALL.into_iter().map(Field::RatingComment));
        for field in fields {
            let json = serde_json::to_string(&field).ok();
            let back: Option<Field> = json.as_deref().and_then(|json| serde_json::from_str(json).ok());
            assert_eq!(back, Some(field));
        }
        assert_eq!(Field::RatingComment(Dimension::Tradeoffs).to_string(), "rating_comments.tradeoffs");
    }

    #[test]
    fn codes_serialize_as_the_contract_spells_them() {
        for code in ProblemCode::ITEM_CODES {
            assert_eq!(serde_json::to_string(&code).ok(), Some(format!("\"{code}\"")));
        }
    }

    #[test]
    fn a_missing_field_deserializes_as_empty() {
        let item: Result<FeedbackItem, _> = serde_json::from_str(r#"{"situation": "At 10:00"}"#);
        assert_eq!(item.map(|item| item.behavior).ok(), Some(String::new()));
    }
}
