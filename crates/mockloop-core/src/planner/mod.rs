//! The loop planner: turns a template, 1-4 participants and a question bank into a dated plan of
//! rounds in which everyone is interviewee once per template round, and renders it as JSON, a text
//! agenda or an iCalendar file.
//!
//! # Algorithm
//! [`plan_loop`] parses the request (every hard error is found there), then works in four steps,
//! all driven by one seeded SplitMix64 stream so that the same request and seed always give
//! the same plan:
//!
//! 1. **Seats** (`roles`): slots run round by round in template order; within a round the
//!    participants are interviewee in a seeded order that is the same every round, so with two or
//!    more people nobody is interviewee twice in a row. Interviewers and shadows come from
//!    rotations (`interviewer = (i + k_r) mod n`), so each person interviews exactly once per
//!    template round. With three people the third one shadows; with four, one of the two others
//!    shadows, by a second rotation, so everyone shadows once per template round and the fourth
//!    person has no role in that slot.
//! 2. **Questions** (`questions`): an optimal assignment of seats to distinct questions of their
//!    kind that the interviewee has not seen: first as many seats as possible, then as many focus
//!    themes as possible, then a seeded tie-break. Since each such question is used once, nobody
//!    meets as interviewee a question they interview on or shadow. Only seats no assignment can
//!    serve fall back to a seen or repeated question.
//! 3. **Times** (`schedule`): slots are sequential (one room), each followed by its feedback block
//!    and, before the next slot, the template's break. A slot that would take the day past the cap
//!    moves to the next calendar day at the same local start time.
//! 4. **Report**: every rule the result breaks is listed in [`Plan::relaxed`] under a stable id from
//!    [`rule`], with a reason.

mod assignment;
mod format;
mod plan;
mod questions;
mod relaxations;
mod request;
mod rng;
mod roles;
mod schedule;

#[cfg(test)]
mod tests;

pub use format::{render_ics, render_text};
pub use plan::{rule, Plan, PlanDay, Relaxation, Slot};
pub use request::{PlanError, PlanRequest, QuestionSummary, MAX_PARTICIPANTS};

use request::Inputs;
use rng::SplitMix64;
use roles::Seat;
use schedule::Timing;

/// Plans a loop. Fails only on a request no plan can honour (see [`PlanError`]); every softer rule
/// that cannot hold is relaxed and reported in the plan instead.
pub fn plan_loop(request: &PlanRequest) -> Result<Plan, PlanError> {
    let inputs = Inputs::parse(request)?;
    let mut rng = SplitMix64::new(inputs.seed);
    let seats = roles::seat_loop(&inputs.template, inputs.names.len(), &mut rng);
    let chosen = questions::choose_questions(&inputs, &seats, &mut rng);
    let (timings, schedule_relaxed) = schedule::lay_out(&inputs, &seats)?;
    let mut relaxed = relaxations::question_relaxations(&inputs, &seats, &chosen);
    relaxed.extend(schedule_relaxed);
    Ok(assemble(&inputs, &seats, &chosen, timings, distinct(relaxed)))
}

fn assemble(
    inputs: &Inputs,
    seats: &[Seat],
    chosen: &[usize],
    timings: Vec<Timing>,
    relaxed: Vec<Relaxation>,
) -> Plan {
    let mut days: Vec<PlanDay> = Vec::new();
    for ((seat, &question), timing) in seats.iter().zip(chosen).zip(timings) {
        let date = timing.date;
        let slot = to_slot(inputs, seat, question, timing);
        match days.last_mut() {
            Some(day) if day.date == date => day.slots.push(slot),
            _ => days.push(PlanDay { date, slots: vec![slot] }),
        }
    }
    Plan {
        template_id: inputs.template.id.clone(),
        template_name: inputs.template.name.clone(),
        participants: inputs.names.clone(),
        time_zone: inputs.time_zone_name.clone(),
        seed: inputs.seed,
        days,
        relaxed,
    }
}

fn to_slot(inputs: &Inputs, seat: &Seat, question: usize, timing: Timing) -> Slot {
    let name = |index: usize| inputs.names[index].clone();
    let question = &inputs.questions[question];
    Slot {
        round_kind: seat.kind,
        interviewee: name(seat.interviewee),
        interviewer: seat.interviewer.map(&name),
        shadow: seat.shadow.map(&name),
        question_id: question.id.clone(),
        question_title: question.title.clone(),
        start: timing.start,
        end: timing.end,
        feedback_end: timing.feedback_end,
    }
}

/// Drops repeated entries (the same rule for the same reason), keeping first occurrences in order.
fn distinct(relaxed: Vec<Relaxation>) -> Vec<Relaxation> {
    let mut kept: Vec<Relaxation> = Vec::with_capacity(relaxed.len());
    for relaxation in relaxed {
        if !kept.contains(&relaxation) {
            kept.push(relaxation);
        }
    }
    kept
}
