//! The plan as a plain-text agenda: the organiser's full view, question titles included.

use std::fmt::Write;

use super::clock;
use crate::planner::plan::{Plan, Slot};

/// A readable agenda: a heading, one block per day, then any relaxed rules.
///
/// ```text
/// Saturday 2026-12-05
///   09:00-10:00  Advanced coding  interviewee Ana · interviewer Ben · shadow Chen  [Two sum]  feedback until 10:15
/// ```
pub fn render_text(plan: &Plan) -> String {
    let mut out = format!(
        "{} ({})\nParticipants: {} · times in {} · seed {}\n",
        plan.template_name,
        plan.template_id,
        plan.participants.join(", "),
        plan.time_zone,
        plan.seed
    );
    for day in &plan.days {
        let _ = write!(out, "\n{}\n", day.date.strftime("%A %Y-%m-%d"));
        for slot in &day.slots {
            let _ = writeln!(out, "  {}", slot_line(slot));
        }
    }
    if !plan.relaxed.is_empty() {
        out.push_str("\nRules relaxed\n");
        for relaxation in &plan.relaxed {
            let _ = writeln!(out, "  {}: {}", relaxation.rule, relaxation.reason);
        }
    }
    out
}

fn slot_line(slot: &Slot) -> String {
    let mut people = format!("interviewee {}", slot.interviewee);
    match &slot.interviewer {
        Some(interviewer) => {
            let _ = write!(people, " · interviewer {interviewer}");
        }
        None => people.push_str(" · solo"),
    }
    if let Some(shadow) = &slot.shadow {
        let _ = write!(people, " · shadow {shadow}");
    }
    format!(
        "{}-{}  {}  {}  [{}]  feedback until {}",
        clock(&slot.start),
        clock(&slot.end),
        slot.round_kind.label(),
        people,
        slot.question_title,
        clock(&slot.feedback_end)
    )
}
