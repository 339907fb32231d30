//! What the planner is asked for, and the parse step that turns a request into checked inputs.
//!
//! Every hard error is found here, before any planning starts; the later steps work on `Inputs`
//! and never re-check names, the cap or the bank.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use crate::bank::{Question, RoundKind, Template, ThemeId};

/// Most people in one loop: a circle's full membership (see `circle::MAX_CIRCLE_MEMBERS`).
pub const MAX_PARTICIPANTS: usize = 4;

/// A request for a loop plan. Names are matched exactly (after trimming) between
/// `participants`, `focus` and `seen`.
#[derive(Clone, Debug)]
pub struct PlanRequest {
    pub template: Template,
    /// 1 to [`MAX_PARTICIPANTS`] display names, unique and non-empty.
    pub participants: Vec<String>,
    /// Local wall-clock start of the first day; later days start at the same local time.
    pub start: DateTime,
    /// IANA time zone name, such as `America/New_York`.
    pub time_zone: String,
    /// Longest day, first round start to last feedback end, in hours; must be finite and > 0.
    pub max_hours_per_day: f64,
    pub seed: u64,
    /// Themes each participant wants to practise; questions tagged with them are preferred when
    /// that participant is the interviewee. Participants without an entry have no preference.
    pub focus: BTreeMap<String, Vec<ThemeId>>,
    /// Question ids each participant has already met, as interviewee or interviewer.
    pub seen: BTreeMap<String, BTreeSet<String>>,
    /// The candidate questions. Duplicate ids are ignored after the first.
    pub questions: Vec<QuestionSummary>,
}

/// The part of a [`Question`] the planner needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionSummary {
    pub id: String,
    pub title: String,
    pub kind: RoundKind,
    pub themes: Vec<ThemeId>,
}

impl From<&Question> for QuestionSummary {
    fn from(question: &Question) -> Self {
        Self {
            id: question.id.clone(),
            title: question.title.clone(),
            kind: question.kind,
            themes: question.themes.clone(),
        }
    }
}

/// Why no plan can be made at all. Messages are written for the person who filled in the form.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("Add at least one participant.")]
    NoParticipants,
    #[error("A loop has at most {MAX_PARTICIPANTS} participants; {0} were given.")]
    TooManyParticipants(usize),
    #[error("Every participant needs a name.")]
    EmptyName,
    #[error("{0:?} is listed twice; participant names must be unique.")]
    DuplicateName(String),
    #[error("{name:?} has {field} but is not a participant of this loop.")]
    UnknownParticipant { name: String, field: &'static str },
    #[error("The daily cap must be a positive number of hours; {0} is not.")]
    InvalidDailyCap(f64),
    #[error("Template {0:?} has no rounds.")]
    TemplateWithoutRounds(String),
    #[error("The bank has no {kind} question, which template {template:?} needs.")]
    NoQuestionOfKind { kind: RoundKind, template: String },
    #[error("{0:?} is not a known IANA time zone.")]
    UnknownTimeZone(String),
    #[error("The loop's dates fall outside the supported calendar range.")]
    OutOfRange,
}

/// A request that passed every check. Participants are referred to by index from here on.
#[derive(Clone, Debug)]
pub(crate) struct Inputs {
    pub(crate) template: Template,
    pub(crate) names: Vec<String>,
    pub(crate) focus: Vec<Vec<ThemeId>>,
    pub(crate) seen: Vec<BTreeSet<String>>,
    pub(crate) start: DateTime,
    pub(crate) time_zone: TimeZone,
    pub(crate) time_zone_name: String,
    pub(crate) cap_seconds: i64,
    pub(crate) seed: u64,
    pub(crate) questions: Vec<QuestionSummary>,
}

impl Inputs {
    pub(crate) fn parse(request: &PlanRequest) -> Result<Self, PlanError> {
        let names = parse_names(&request.participants)?;
        let cap_seconds = parse_cap(request.max_hours_per_day)?;
        let time_zone = TimeZone::get(&request.time_zone)
            .map_err(|_| PlanError::UnknownTimeZone(request.time_zone.clone()))?;
        let template = request.template.clone();
        if template.rounds.is_empty() {
            return Err(PlanError::TemplateWithoutRounds(template.id));
        }
        let questions = distinct_questions(&request.questions);
        check_every_kind_has_a_question(&template, &questions)?;
        Ok(Self {
            focus: by_participant(&names, &request.focus, "focus themes")?,
            seen: by_participant(&names, &request.seen, "seen questions")?,
            names,
            template,
            start: request.start,
            time_zone,
            time_zone_name: request.time_zone.clone(),
            cap_seconds,
            seed: request.seed,
            questions,
        })
    }

    pub(crate) fn has_seen(&self, participant: usize, question: &QuestionSummary) -> bool {
        self.seen[participant].contains(&question.id)
    }

    /// How many of the participant's focus themes the question is tagged with.
    pub(crate) fn focus_matches(&self, participant: usize, question: &QuestionSummary) -> usize {
        question.themes.iter().filter(|theme| self.focus[participant].contains(theme)).count()
    }
}

fn parse_names(raw: &[String]) -> Result<Vec<String>, PlanError> {
    if raw.is_empty() {
        return Err(PlanError::NoParticipants);
    }
    if raw.len() > MAX_PARTICIPANTS {
        return Err(PlanError::TooManyParticipants(raw.len()));
    }
    let mut names: Vec<String> = Vec::with_capacity(raw.len());
    for name in raw.iter().map(|name| name.trim()) {
        if name.is_empty() {
            return Err(PlanError::EmptyName);
        }
        if names.iter().any(|known| known == name) {
            return Err(PlanError::DuplicateName(name.to_owned()));
        }
        names.push(name.to_owned());
    }
    Ok(names)
}

/// The cap in whole seconds, so day lengths compare exactly.
fn parse_cap(hours: f64) -> Result<i64, PlanError> {
    if !(hours.is_finite() && hours > 0.0) {
        return Err(PlanError::InvalidDailyCap(hours));
    }
    // Saturating float-to-int conversion: an absurdly long cap simply never splits a day.
    Ok((hours * 3600.0).floor() as i64)
}

/// Spreads a name-keyed map over participant indices, rejecting names that are not participants.
fn by_participant<T: Clone + Default>(
    names: &[String],
    map: &BTreeMap<String, T>,
    field: &'static str,
) -> Result<Vec<T>, PlanError> {
    let mut spread = vec![T::default(); names.len()];
    for (name, value) in map {
        let index = names
            .iter()
            .position(|known| known == name.trim())
            .ok_or_else(|| PlanError::UnknownParticipant { name: name.clone(), field })?;
        spread[index] = value.clone();
    }
    Ok(spread)
}

fn distinct_questions(questions: &[QuestionSummary]) -> Vec<QuestionSummary> {
    let mut ids = BTreeSet::new();
    questions.iter().filter(|question| ids.insert(question.id.as_str())).cloned().collect()
}

fn check_every_kind_has_a_question(
    template: &Template,
    questions: &[QuestionSummary],
) -> Result<(), PlanError> {
    match template.rounds.iter().find(|round| questions.iter().all(|question| question.kind != round.kind)) {
        Some(round) => Err(PlanError::NoQuestionOfKind { kind: round.kind, template: template.id.clone() }),
        None => Ok(()),
    }
}
