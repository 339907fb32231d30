//! Insights from a candidate's feedback history: which themes keep coming up, how they are
//! trending, the one or two focus areas to work on next, and a practice plan for each.
//!
//! # API
//! - [`parse_history`]`(json, &[Theme]) -> Result<`[`History`]`, `[`HistoryError`]`>`: the format
//!   of `docs/history.schema.json`, checked against the bank (dates, round kinds, theme ids);
//!   errors name the round and field.
//! - [`select_focus`]`(&History, &[Theme], &ThemeSuggester, as_of) -> `[`FocusReport`]: every theme
//!   with an improvement item, ranked, with its score, [`Trend`], [`Evidence`] and a one-line
//!   reason, and at most two focus areas. Serialises as `{"focus": [...], "themes": [{"theme",
//!   "score", "trend", "evidence", "reason"}]}`. [`render_focus_text`] prints it for people.
//! - [`practice_plan`]`(&ThemeId, &Bank, seen_question_ids) -> Option<`[`PracticePlan`]`>`: drills,
//!   what to revisit, a checklist; [`share_text`]`(&[ThemeId], &Bank)` for a partner.
//!
//! # How a theme is scored
//! Items count for the theme the giver chose, or, untagged, for the suggester's best theme
//! weighted by its confidence (ignored under [`MIN_CLASSIFIED_CONFIDENCE`]). Evidence fades with
//! a half-life of [`HALF_LIFE_DAYS`] before `as_of` (default: the latest round's date; later rounds
//! are ignored). `score = problem x breadth x relief` (see [`score`] for the constants):
//! repetition within a round adds little, each further round, interviewer and round kind
//! multiplies, low ratings in the theme's dimension add, and strengths, ratings of 3-4 and quiet
//! rounds after the last mention take away. A resolved theme is never a focus area.

mod evidence;
mod focus;
mod history;
mod observe;
mod practice;
mod render;
pub mod score;

#[cfg(test)]
mod tests;

pub use evidence::Evidence;
pub use focus::{
    select_focus, trend, FocusReport, ThemeInsight, Trend, MAX_FOCUS_AREAS, MIN_FOCUS_SCORE,
    RESOLVED_EVIDENCE, SECOND_FOCUS_RATIO,
};
pub use history::{
    parse_date, parse_history, History, HistoryError, HistoryItem, HistoryRound, HistorySelfAssessment,
};
pub use observe::{HALF_LIFE_DAYS, MIN_CLASSIFIED_CONFIDENCE};
pub use practice::{as_behaviour, practice_plan, share_text, Drill, PracticePlan, MAX_DRILLS};
pub use render::render_focus_text;
pub use score::ThemeFacts;
