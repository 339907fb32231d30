//! The planner's output: days of sequential slots, and the rules that had to give way.

use jiff::civil::Date;
use jiff::Zoned;

use crate::bank::RoundKind;

/// Stable ids of the rules a plan may relax. They appear in JSON and the API; never rename one.
pub mod rule {
    /// An interviewee gets a question they had met before this loop.
    pub const UNSEEN_QUESTION: &str = "unseen_question";
    /// An interviewee gets a question they interview on or shadow elsewhere in this loop.
    pub const UNSEEN_IN_LOOP: &str = "unseen_in_loop";
    /// A question is used in more than one slot of the loop.
    pub const NO_REPEAT_IN_LOOP: &str = "no_repeat_in_loop";
    /// A day runs longer than the daily cap (one round plus its feedback is longer than the cap).
    pub const DAILY_CAP: &str = "daily_cap";
    /// The same interviewee has two consecutive slots with no break between them.
    pub const NO_BACK_TO_BACK: &str = "no_back_to_back";
}

/// A loop plan: what `plan_loop` returns and every output format renders.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub template_id: String,
    pub template_name: String,
    /// Participant names in the order they were given.
    pub participants: Vec<String>,
    /// IANA name of the zone every time in the plan is expressed in.
    pub time_zone: String,
    pub seed: u64,
    /// Calendar days in order, none empty.
    pub days: Vec<PlanDay>,
    /// Rules that could not all hold, in the order they were found; empty for a clean plan.
    pub relaxed: Vec<Relaxation>,
}

/// One calendar day of the loop (local date of its first slot).
#[derive(Clone, Debug, PartialEq)]
pub struct PlanDay {
    pub date: Date,
    /// In time order; each starts after the previous slot's feedback (and break) ends.
    pub slots: Vec<Slot>,
}

/// One round of the loop: a single interview followed by its feedback block.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub round_kind: RoundKind,
    pub interviewee: String,
    /// `None` when the interviewee is practising alone.
    pub interviewer: Option<String>,
    /// Observes and gives feedback. The third person in a loop of three; in a loop of four one of
    /// the two others, rotating so that everyone shadows equally often. `None` with fewer than three.
    pub shadow: Option<String>,
    pub question_id: String,
    pub question_title: String,
    pub start: Zoned,
    /// End of the interview itself.
    pub end: Zoned,
    /// `end` plus the template's feedback minutes.
    pub feedback_end: Zoned,
}

impl Slot {
    /// Whether `name` has a role in this slot (interviewee, interviewer or shadow).
    pub fn involves(&self, name: &str) -> bool {
        self.interviewee == name
            || self.interviewer.as_deref() == Some(name)
            || self.shadow.as_deref() == Some(name)
    }
}

/// A rule that gave way, and why, in words a participant understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relaxation {
    /// One of the ids in [`rule`].
    pub rule: String,
    pub reason: String,
}

impl Relaxation {
    pub(crate) fn new(rule: &str, reason: String) -> Self {
        Self { rule: rule.to_owned(), reason }
    }
}

impl Plan {
    /// Every slot of the loop in time order; the position is the slot's index in the loop.
    pub fn slots(&self) -> impl Iterator<Item = &Slot> {
        self.days.iter().flat_map(|day| day.slots.iter())
    }

    /// Whether the rule with this id gave way anywhere in the plan.
    pub fn relaxes(&self, rule: &str) -> bool {
        self.relaxed.iter().any(|relaxation| relaxation.rule == rule)
    }

    /// The same seats and questions at other times: `times[i]` is the (start, end, feedback end)
    /// of the `i`-th slot, in the plan's zone and in time order. Days are regrouped by the new
    /// dates, and the daily-cap and back-to-back relaxations, which were about the old times, are
    /// dropped. `None` when the number of times differs from the number of slots.
    pub fn retimed(&self, times: &[(Zoned, Zoned, Zoned)]) -> Option<Plan> {
        if times.len() != self.slots().count() {
            return None;
        }
        let mut days: Vec<PlanDay> = Vec::new();
        for (slot, (start, end, feedback_end)) in self.slots().zip(times) {
            let slot = Slot {
                start: start.clone(),
                end: end.clone(),
                feedback_end: feedback_end.clone(),
                ..slot.clone()
            };
            match days.last_mut() {
                Some(day) if day.date == start.date() => day.slots.push(slot),
                _ => days.push(PlanDay { date: start.date(), slots: vec![slot] }),
            }
        }
        let relaxed = self
            .relaxed
            .iter()
            .filter(|r| r.rule != rule::DAILY_CAP && r.rule != rule::NO_BACK_TO_BACK)
            .cloned()
            .collect();
        Some(Plan { days, relaxed, ..self.clone() })
    }
}
