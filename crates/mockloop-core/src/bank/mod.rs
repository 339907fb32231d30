//! The question bank's vocabulary and types: round kinds, feedback dimensions, themes, questions
//! and loop templates. Parsing the content files lives in `parse`; loading them from disk or from
//! the binary is the app's job.

use std::fmt;

use serde::{Deserialize, Serialize};

pub mod parse;
pub mod render;
pub mod view;

/// The kinds of round a Staff DS/MLE loop is made of. These ids are used everywhere: content,
/// API, CLI and JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundKind {
    Coding,
    MlSystemDesign,
    MlDeepDive,
    Experimentation,
    Behavioral,
}

impl RoundKind {
    pub const ALL: [RoundKind; 5] =
        [Self::Coding, Self::MlSystemDesign, Self::MlDeepDive, Self::Experimentation, Self::Behavioral];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Coding => "coding",
            Self::MlSystemDesign => "ml_system_design",
            Self::MlDeepDive => "ml_deep_dive",
            Self::Experimentation => "experimentation",
            Self::Behavioral => "behavioral",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// How the kind reads in an agenda.
    pub fn label(self) -> &'static str {
        match self {
            Self::Coding => "Advanced coding",
            Self::MlSystemDesign => "ML system design",
            Self::MlDeepDive => "ML deep dive and debugging",
            Self::Experimentation => "Experiment design and causal inference",
            Self::Behavioral => "Behavioral and leadership",
        }
    }
}

impl fmt::Display for RoundKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What feedback rates, 1-4 against the Staff bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Communication,
    ProblemSolving,
    TechnicalDepth,
    Tradeoffs,
}

impl Dimension {
    pub const ALL: [Dimension; 4] =
        [Self::Communication, Self::ProblemSolving, Self::TechnicalDepth, Self::Tradeoffs];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Communication => "communication",
            Self::ProblemSolving => "problem_solving",
            Self::TechnicalDepth => "technical_depth",
            Self::Tradeoffs => "tradeoffs",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|dimension| dimension.as_str() == text)
    }

    /// The rubric heading for this dimension in question files.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Communication => "Communication",
            Self::ProblemSolving => "Problem solving",
            Self::TechnicalDepth => "Technical depth",
            Self::Tradeoffs => "Trade-offs",
        }
    }
}

/// A theme id such as `tradeoff_justification`: lowercase letters and underscores. Whether it is
/// in the catalogue is checked where the catalogue is known (`parse::check_bank`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ThemeId(String);

impl ThemeId {
    pub fn parse(text: &str) -> Result<Self, String> {
        let well_formed = !text.is_empty()
            && text.len() <= 64
            && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            && !text.starts_with('_')
            && !text.ends_with('_');
        if well_formed {
            Ok(Self(text.to_owned()))
        } else {
            Err(format!("{text:?} is not a theme id (lowercase letters and underscores)"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ThemeId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ThemeId> for String {
    fn from(id: ThemeId) -> Self {
        id.0
    }
}

impl fmt::Display for ThemeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Senior,
    Staff,
    Principal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Python,
    Sql,
}

/// One entry of `content/themes.toml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub id: ThemeId,
    pub name: String,
    pub description: String,
    pub dimension: Dimension,
    pub round_kinds: Vec<RoundKind>,
    pub practice: Vec<String>,
    pub watch_for: Vec<String>,
    pub keywords: Vec<String>,
}

/// A timer phase of a round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    pub name: String,
    pub minutes: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clarification {
    pub question: String,
    pub answer: String,
}

/// Observable signals below, at and above the Staff bar for one dimension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricLevels {
    pub dimension: Dimension,
    pub below: String,
    pub at: String,
    pub above: String,
}

/// How a Python answer's return value is compared with the expected one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    Exact,
    Float,
    Unordered,
}

/// One test case of a coding question, as written in the `## Tests` block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestCase {
    pub name: String,
    #[serde(default)]
    pub hidden: bool,
    /// Python: positional arguments for the entry function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<serde_json::Value>>,
    /// Python: the return value; SQL: `{"columns": [...], "rows": [[...]]}`.
    pub expected: serde_json::Value,
    /// SQL: statements run after the schema, before the query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup: Option<String>,
}

/// What a coding question adds: the language, how to run and judge it, and its code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodingSpec {
    pub language: Language,
    /// Python: the function the harness calls.
    pub entry: Option<String>,
    pub compare: Comparison,
    /// SQL: whether row order matters.
    pub ordered: bool,
    pub time_limit_ms: u32,
    pub memory_mb: u32,
    pub starter_code: String,
    /// SQL: schema and visible data.
    pub schema: Option<String>,
    pub tests: Vec<TestCase>,
    pub reference_solution: String,
    pub wrong_solution: Option<String>,
}

/// A complete question: what the candidate sees and the interviewer's brief.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub title: String,
    pub kind: RoundKind,
    pub level: Level,
    pub themes: Vec<ThemeId>,
    pub minutes: u32,
    pub phases: Vec<Phase>,
    pub prompt: String,
    pub clarifications: Vec<Clarification>,
    pub hints: Vec<String>,
    pub probes: Vec<String>,
    pub rubric: Vec<RubricLevels>,
    pub solution_sketch: String,
    pub coding: Option<CodingSpec>,
}

impl Question {
    pub fn language(&self) -> Option<Language> {
        self.coding.as_ref().map(|coding| coding.language)
    }

    pub fn has_theme(&self, theme: &ThemeId) -> bool {
        self.themes.contains(theme)
    }
}

/// One round of a loop template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRound {
    pub kind: RoundKind,
    pub minutes: u32,
}

/// A loop template from `content/templates/`: the rounds in order and the time around them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub description: String,
    pub feedback_minutes: u32,
    pub break_minutes: u32,
    pub rounds: Vec<TemplateRound>,
}

/// Everything the content folder holds, parsed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bank {
    pub questions: Vec<Question>,
    pub themes: Vec<Theme>,
    pub templates: Vec<Template>,
}

impl Bank {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|question| question.id == id)
    }

    pub fn template(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|template| template.id == id)
    }

    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|theme| theme.id.as_str() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_kind_ids_round_trip() {
        for kind in RoundKind::ALL {
            assert_eq!(RoundKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(RoundKind::parse("system_design"), None);
    }

    #[test]
    fn dimension_ids_round_trip() {
        for dimension in Dimension::ALL {
            assert_eq!(Dimension::parse(dimension.as_str()), Some(dimension));
        }
    }

    #[test]
    fn theme_ids_are_snake_case() {
        assert!(ThemeId::parse("time_management").is_ok());
        assert!(ThemeId::parse("Time").is_err());
        assert!(ThemeId::parse("_x").is_err());
        assert!(ThemeId::parse("").is_err());
    }
}
