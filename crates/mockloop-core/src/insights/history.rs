//! A candidate's feedback history (`docs/history.schema.json`), the input of focus-area selection
//! and the output of `mockloop export --candidate`.
//!
//! Reading is lenient where it costs nothing (missing optional fields, unknown extra fields,
//! partial ratings, an unrecognised Staff-bar call) and strict where the scoring depends on it:
//! dates, round kinds, item kinds, ratings and theme ids. Every error names the round and field.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::bank::{Dimension, RoundKind, Theme, ThemeId};
use crate::exchange::{ItemKind, Ratings, StaffBar};

/// Everything a candidate received, one entry per round, in any order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub candidate: String,
    pub rounds: Vec<HistoryRound>,
}

/// One round the candidate was interviewed in, with the feedback of its giver(s).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryRound {
    pub round_id: String,
    /// Serialised as `YYYY-MM-DD`.
    pub date: Date,
    pub round_kind: RoundKind,
    /// The lead interviewer; items without their own giver are credited to them.
    pub interviewer: String,
    /// Everyone who gave feedback when a shadow also did (may repeat `interviewer`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interviewers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_id: Option<String>,
    /// 1-4 per dimension; any may be missing.
    #[serde(default)]
    pub ratings: Ratings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_bar: Option<StaffBar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_assessment: Option<HistorySelfAssessment>,
    #[serde(default)]
    pub items: Vec<HistoryItem>,
}

/// One Situation-Behavior-Impact item with its suggestion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub kind: ItemKind,
    /// The theme the giver chose; `None` lets the theme suggester classify the text.
    pub theme: Option<ThemeId>,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub behavior: String,
    #[serde(default)]
    pub impact: String,
    #[serde(default)]
    pub suggestion: String,
    /// Who wrote the item, when the round had several givers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewer: Option<String>,
}

/// The candidate's own view of the round; not used for scoring (it is not a partner's evidence).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistorySelfAssessment {
    #[serde(default)]
    pub ratings: Ratings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_bar: Option<StaffBar>,
    #[serde(default)]
    pub went_well: String,
    #[serde(default)]
    pub to_improve: String,
}

impl HistoryRound {
    /// Everyone who gave feedback in this round: the lead interviewer first, then the others.
    pub fn givers(&self) -> Vec<&str> {
        let mut givers = vec![self.interviewer.as_str()];
        for name in &self.interviewers {
            if !givers.contains(&name.as_str()) {
                givers.push(name);
            }
        }
        givers
    }
}

/// Why a history could not be read: where (`rounds[2] (r3).items[0].theme`) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryError {
    pub location: String,
    pub message: String,
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.location, self.message)
        }
    }
}

impl std::error::Error for HistoryError {}

/// Parses a history and checks it against the bank's themes.
pub fn parse_history(json: &str, themes: &[Theme]) -> Result<History, HistoryError> {
    let error = |location: &str, message: String| HistoryError { location: location.to_owned(), message };
    let value: Value = serde_json::from_str(json).map_err(|e| error("", format!("not valid JSON: {e}")))?;
    let Value::Object(document) = value else {
        return Err(error("", "a history is a JSON object {\"candidate\", \"rounds\"}".into()));
    };
    let candidate = match document.get("candidate") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(name)) => name.clone(),
        Some(other) => return Err(error("candidate", format!("expected a name, found {other}"))),
    };
    let Some(Value::Array(rounds)) = document.get("rounds") else {
        return Err(error("rounds", "expected a list of rounds".into()));
    };
    let rounds = rounds
        .iter()
        .enumerate()
        .map(|(index, round)| RoundReader::new(index, round)?.read(themes))
        .collect::<Result<_, _>>()?;
    Ok(History { candidate, rounds })
}

/// Reads one round of the parsed JSON, naming it in every error.
struct RoundReader<'a> {
    name: String,
    fields: &'a Map<String, Value>,
}

impl<'a> RoundReader<'a> {
    fn new(index: usize, round: &'a Value) -> Result<Self, HistoryError> {
        let Value::Object(fields) = round else {
            return Err(HistoryError {
                location: format!("rounds[{index}]"),
                message: "expected a round object".into(),
            });
        };
        let name = match fields.get("round_id").and_then(Value::as_str) {
            Some(id) => format!("rounds[{index}] ({id})"),
            None => format!("rounds[{index}]"),
        };
        Ok(Self { name, fields })
    }

    fn error(&self, field: &str, message: impl Into<String>) -> HistoryError {
        HistoryError { location: format!("{}.{field}", self.name), message: message.into() }
    }

    fn read(&self, themes: &[Theme]) -> Result<HistoryRound, HistoryError> {
        let date = self.required_text("date")?;
        let date = parse_date(date)
            .ok_or_else(|| self.error("date", format!("{date:?} is not a date; write it as YYYY-MM-DD")))?;
        let kind = self.required_text("round_kind")?;
        let round_kind = RoundKind::parse(kind).ok_or_else(|| {
            let known: Vec<&str> = RoundKind::ALL.iter().map(|kind| kind.as_str()).collect();
            self.error("round_kind", format!("{kind:?} is not a round kind ({})", known.join(", ")))
        })?;
        let interviewers: Vec<String> = match self.fields.get("interviewers") {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => serde_json::from_value(value.clone())
                .map_err(|_| self.error("interviewers", "expected a list of names"))?,
        };
        let interviewer = match (self.optional_text("interviewer")?, interviewers.first()) {
            (Some(name), _) => name.to_owned(),
            (None, Some(first)) => first.clone(),
            (None, None) => return Err(self.error("interviewer", "missing: who gave the feedback?")),
        };
        let items = match self.fields.get("items") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| self.read_item(index, item, themes))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(self.error("items", "expected a list of items")),
        };
        Ok(HistoryRound {
            round_id: self.required_text("round_id")?.to_owned(),
            date,
            round_kind,
            interviewer,
            interviewers,
            question_id: self.optional_text("question_id")?.map(str::to_owned),
            ratings: self.read_ratings("ratings", self.fields.get("ratings"))?,
            staff_bar: self.fields.get("staff_bar").and_then(read_staff_bar),
            self_assessment: self.read_self_assessment()?,
            items,
        })
    }

    fn required_text(&self, field: &str) -> Result<&'a str, HistoryError> {
        self.optional_text(field)?.ok_or_else(|| self.error(field, "missing"))
    }

    fn optional_text(&self, field: &str) -> Result<Option<&'a str>, HistoryError> {
        match self.fields.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.trim())),
            Some(other) => Err(self.error(field, format!("expected text, found {other}"))),
        }
    }

    fn read_ratings(&self, field: &str, value: Option<&Value>) -> Result<Ratings, HistoryError> {
        let ratings = match value {
            None | Some(Value::Null) => return Ok(Ratings::default()),
            Some(Value::Object(ratings)) => ratings,
            Some(_) => return Err(self.error(field, "expected {\"communication\": 1-4, ...}")),
        };
        let mut read = Ratings::default();
        for dimension in Dimension::ALL {
            let rating = match ratings.get(dimension.as_str()) {
                None | Some(Value::Null) => None,
                Some(value) => match value.as_u64().and_then(|n| u8::try_from(n).ok()) {
                    Some(rating) if (1..=4).contains(&rating) => Some(rating),
                    _ => {
                        let location = format!("{field}.{}", dimension.as_str());
                        return Err(self.error(&location, format!("{value} is not a rating (1 to 4)")));
                    }
                },
            };
            match dimension {
                Dimension::Communication => read.communication = rating,
                Dimension::ProblemSolving => read.problem_solving = rating,
                Dimension::TechnicalDepth => read.technical_depth = rating,
                Dimension::Tradeoffs => read.tradeoffs = rating,
            }
        }
        Ok(read)
    }

    fn read_self_assessment(&self) -> Result<Option<HistorySelfAssessment>, HistoryError> {
        let fields = match self.fields.get("self_assessment") {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Object(fields)) => fields,
            Some(_) => return Err(self.error("self_assessment", "expected an object")),
        };
        let text = |name: &str| fields.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
        Ok(Some(HistorySelfAssessment {
            ratings: self.read_ratings("self_assessment.ratings", fields.get("ratings"))?,
            staff_bar: fields.get("staff_bar").and_then(read_staff_bar),
            went_well: text("went_well"),
            to_improve: text("to_improve"),
        }))
    }

    fn read_item(&self, index: usize, item: &Value, themes: &[Theme]) -> Result<HistoryItem, HistoryError> {
        let at = |field: &str| format!("items[{index}]{field}");
        let Value::Object(fields) = item else {
            return Err(self.error(&at(""), "expected an item object"));
        };
        let text = |name: &str| -> Result<String, HistoryError> {
            match fields.get(name) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::String(text)) => Ok(text.clone()),
                Some(other) => {
                    Err(self.error(&at(&format!(".{name}")), format!("expected text, found {other}")))
                }
            }
        };
        let kind = match text("kind")?.trim() {
            "strength" => ItemKind::Strength,
            "improvement" => ItemKind::Improvement,
            "" => return Err(self.error(&at(".kind"), "missing: \"strength\" or \"improvement\"")),
            other => {
                return Err(
                    self.error(&at(".kind"), format!("{other:?} is not \"strength\" or \"improvement\""))
                )
            }
        };
        let theme = match text("theme")?.trim() {
            "" => None,
            id => Some(known_theme(id, themes).map_err(|message| self.error(&at(".theme"), message))?),
        };
        let interviewer = Some(text("interviewer")?.trim().to_owned()).filter(|name| !name.is_empty());
        Ok(HistoryItem {
            kind,
            theme,
            situation: text("situation")?,
            behavior: text("behavior")?,
            impact: text("impact")?,
            suggestion: text("suggestion")?,
            interviewer,
        })
    }
}

fn known_theme(id: &str, themes: &[Theme]) -> Result<ThemeId, String> {
    let theme = ThemeId::parse(id)?;
    if themes.iter().any(|known| known.id == theme) {
        Ok(theme)
    } else {
        Err(format!("{id:?} is not a theme of the bank (see content/themes.toml)"))
    }
}

/// A calendar date written exactly as `YYYY-MM-DD` (jiff alone would also take other ISO forms).
pub fn parse_date(text: &str) -> Option<Date> {
    let shaped = text.len() == 10
        && text
            .bytes()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if shaped {
        text.parse().ok()
    } else {
        None
    }
}

fn read_staff_bar(value: &Value) -> Option<StaffBar> {
    serde_json::from_value(value.clone()).ok()
}
