//! The plan as JSON. The shape is the contract in `docs/plan.schema.json`: keep the two in step.

use jiff::Zoned;
use serde::{Serialize, Serializer};

use crate::bank::RoundKind;
use crate::planner::plan::{Plan, PlanDay, Relaxation, Slot};

impl Plan {
    /// Pretty-printed JSON as described by `docs/plan.schema.json`.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self)
    }
}

impl Serialize for Plan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        PlanJson::from(self).serialize(serializer)
    }
}

/// Borrowed views in the schema's key order; times become RFC 3339 strings with their offset.
#[derive(Serialize)]
struct PlanJson<'a> {
    template: &'a str,
    participants: &'a [String],
    timezone: &'a str,
    seed: u64,
    days: Vec<DayJson<'a>>,
    relaxed: Vec<RelaxationJson<'a>>,
}

#[derive(Serialize)]
struct DayJson<'a> {
    date: String,
    slots: Vec<SlotJson<'a>>,
}

#[derive(Serialize)]
struct SlotJson<'a> {
    round_kind: RoundKind,
    interviewee: &'a str,
    interviewer: Option<&'a str>,
    shadow: Option<&'a str>,
    question_id: &'a str,
    question_title: &'a str,
    start: String,
    end: String,
    feedback_end: String,
}

#[derive(Serialize)]
struct RelaxationJson<'a> {
    rule: &'a str,
    reason: &'a str,
}

impl<'a> From<&'a Plan> for PlanJson<'a> {
    fn from(plan: &'a Plan) -> Self {
        Self {
            template: &plan.template_id,
            participants: &plan.participants,
            timezone: &plan.time_zone,
            seed: plan.seed,
            days: plan.days.iter().map(DayJson::from).collect(),
            relaxed: plan.relaxed.iter().map(RelaxationJson::from).collect(),
        }
    }
}

impl<'a> From<&'a PlanDay> for DayJson<'a> {
    fn from(day: &'a PlanDay) -> Self {
        Self { date: day.date.to_string(), slots: day.slots.iter().map(SlotJson::from).collect() }
    }
}

impl<'a> From<&'a Slot> for SlotJson<'a> {
    fn from(slot: &'a Slot) -> Self {
        Self {
            round_kind: slot.round_kind,
            interviewee: &slot.interviewee,
            interviewer: slot.interviewer.as_deref(),
            shadow: slot.shadow.as_deref(),
            question_id: &slot.question_id,
            question_title: &slot.question_title,
            start: rfc3339(&slot.start),
            end: rfc3339(&slot.end),
            feedback_end: rfc3339(&slot.feedback_end),
        }
    }
}

impl<'a> From<&'a Relaxation> for RelaxationJson<'a> {
    fn from(relaxation: &'a Relaxation) -> Self {
        Self { rule: &relaxation.rule, reason: &relaxation.reason }
    }
}

/// `2026-12-05T09:00:00-05:00`: RFC 3339 with the local offset and no zone annotation.
fn rfc3339(time: &Zoned) -> String {
    time.timestamp().display_with_offset(time.offset()).to_string()
}
