//! Planning a loop for people who have accounts: gathers what the planner needs from the store
//! (questions each person has met, their focus areas) and turns the plan into rows. Used when a
//! circle member plans a loop and when a matched group's loop is formed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::DateTime;
use mockloop_core::bank::{Bank, Template, ThemeId};
use mockloop_core::planner::{plan_loop, Plan, PlanRequest, QuestionSummary};

use crate::secrets;
use crate::store::loops::{LoopRow, NewLoop, RoundRow};
use crate::store::{Store, StoreError};

/// A loop to plan for some people of one circle.
#[derive(Debug)]
pub struct LoopFor<'a> {
    pub circle_id: &'a str,
    /// User ids, in the order the planner should consider them.
    pub participant_ids: &'a [String],
    /// Their display names, in the same order.
    pub names: &'a [String],
    pub template: Template,
    pub start: DateTime,
    pub start_text: String,
    pub time_zone: String,
    pub max_hours_per_day: f64,
    pub seed: u64,
    pub created_by: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanningError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The planner's message, written for the person who asked.
    #[error("{0}")]
    Plan(String),
}

/// Unique labels for the planner (display names can repeat within a circle).
pub fn planner_labels(names: &[String]) -> Vec<String> {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    names
        .iter()
        .map(|name| {
            let count = used.entry(name.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                name.clone()
            } else {
                format!("{name} ({count})")
            }
        })
        .collect()
}

/// Plans the loop and returns the plan with the rows that store it (not yet stored).
pub async fn plan_rows(
    store: &Store,
    bank: &Bank,
    request: LoopFor<'_>,
) -> Result<(Plan, NewLoop), PlanningError> {
    let labels = planner_labels(request.names);
    let mut seen = BTreeMap::new();
    let mut focus = BTreeMap::new();
    for (id, label) in request.participant_ids.iter().zip(&labels) {
        seen.insert(label.clone(), store.questions_seen_by(id).await?.into_iter().collect::<BTreeSet<_>>());
        // Each candidate's focus areas steer the question choice towards questions that exercise them.
        let themes: Vec<ThemeId> =
            store.focus_areas_of(id).await?.iter().filter_map(|t| ThemeId::parse(t).ok()).collect();
        focus.insert(label.clone(), themes);
    }
    let plan_request = PlanRequest {
        template: request.template,
        participants: labels.clone(),
        start: request.start,
        time_zone: request.time_zone,
        max_hours_per_day: request.max_hours_per_day,
        seed: request.seed,
        focus,
        seen,
        questions: bank.questions.iter().map(QuestionSummary::from).collect(),
    };
    let plan = plan_loop(&plan_request).map_err(|e| PlanningError::Plan(e.to_string()))?;
    let new_loop = rows_of(&plan, &labels, request.participant_ids, |row| LoopRow {
        circle_id: request.circle_id.to_owned(),
        start_local: request.start_text.clone(),
        max_minutes_per_day: (request.max_hours_per_day * 60.0).round() as i64,
        created_by: request.created_by.to_owned(),
        ..row
    })?;
    Ok((plan, new_loop))
}

/// The rows of a plan: the loop (completed by `finish`), its participants and rounds.
pub fn rows_of(
    plan: &Plan,
    labels: &[String],
    participant_ids: &[String],
    finish: impl FnOnce(LoopRow) -> LoopRow,
) -> Result<NewLoop, PlanningError> {
    let by_label: HashMap<&str, &str> =
        labels.iter().map(String::as_str).zip(participant_ids.iter().map(String::as_str)).collect();
    let loop_id = secrets::new_id().to_string();
    let id_of = |label: &str| by_label.get(label).map(|id| (*id).to_owned());
    let rounds = plan
        .slots()
        .enumerate()
        .map(|(position, slot)| RoundRow {
            id: secrets::new_id().to_string(),
            loop_id: loop_id.clone(),
            position: position as i64,
            round_kind: slot.round_kind.as_str().to_owned(),
            interviewee_id: id_of(&slot.interviewee).unwrap_or_default(),
            interviewer_id: slot.interviewer.as_deref().and_then(id_of),
            shadow_id: slot.shadow.as_deref().and_then(id_of),
            question_id: slot.question_id.clone(),
            starts_at: slot.start.timestamp().as_second(),
            ends_at: slot.end.timestamp().as_second(),
            feedback_ends_at: slot.feedback_end.timestamp().as_second(),
        })
        .collect();
    let relaxed: Vec<(String, String)> =
        plan.relaxed.iter().map(|r| (r.rule.clone(), r.reason.clone())).collect();
    let row = finish(LoopRow {
        id: loop_id,
        circle_id: String::new(),
        template_id: plan.template_id.clone(),
        time_zone: plan.time_zone.clone(),
        start_local: String::new(),
        max_minutes_per_day: 0,
        seed: plan.seed as i64,
        relaxed_json: serde_json::to_string(&relaxed).map_err(|e| PlanningError::Plan(e.to_string()))?,
        created_by: String::new(),
        created_at: secrets::now(),
    });
    Ok(NewLoop { row, participant_ids: participant_ids.to_vec(), rounds })
}
