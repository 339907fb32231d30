//! Finds which question rules the final assignment breaks and says why, one entry per breach.
//!
//! The choice in `questions` only breaks a rule when it has to, so reading the breaches off the
//! result (rather than tracking them while choosing) keeps the report exactly true to the plan.

use super::plan::{rule, Relaxation};
use super::request::Inputs;
use super::roles::Seat;

pub(crate) fn question_relaxations(inputs: &Inputs, seats: &[Seat], chosen: &[usize]) -> Vec<Relaxation> {
    let mut found = Vec::new();
    for (seat_index, seat) in seats.iter().enumerate() {
        let question = &inputs.questions[chosen[seat_index]];
        let name = &inputs.names[seat.interviewee];
        let label = seat.kind.label();
        if inputs.has_seen(seat.interviewee, question) {
            let reason = format!(
                "{name} gets \"{}\" ({label}), which they have seen before: the bank had no other \
                 {label} question left that they had not seen.",
                question.title
            );
            found.push(Relaxation::new(rule::UNSEEN_QUESTION, reason));
        }
        if let Some(role) = role_elsewhere(seats, chosen, seat_index) {
            let reason = format!(
                "{name} is interviewee on \"{}\" ({label}) and also its {role} in this loop: the bank has \
                 too few {label} questions to keep them apart.",
                question.title
            );
            found.push(Relaxation::new(rule::UNSEEN_IN_LOOP, reason));
        }
    }
    found.extend(repeats(inputs, seats, chosen));
    found
}

/// The role the seat's interviewee plays on the same question in another seat, if any.
fn role_elsewhere(seats: &[Seat], chosen: &[usize], seat_index: usize) -> Option<&'static str> {
    let person = seats[seat_index].interviewee;
    seats.iter().zip(chosen).enumerate().find_map(|(other, (other_seat, &question))| {
        if other == seat_index || question != chosen[seat_index] {
            None
        } else if other_seat.interviewer == Some(person) {
            Some("interviewer")
        } else if other_seat.shadow == Some(person) {
            Some("shadow")
        } else {
            None
        }
    })
}

/// One relaxation per question used by more than one seat.
fn repeats(inputs: &Inputs, seats: &[Seat], chosen: &[usize]) -> Vec<Relaxation> {
    let mut found = Vec::new();
    for (index, question) in inputs.questions.iter().enumerate() {
        let uses = chosen.iter().filter(|&&used| used == index).count();
        if uses < 2 {
            continue;
        }
        let label = question.kind.label();
        let in_bank = inputs.questions.iter().filter(|other| other.kind == question.kind).count();
        let rounds = seats.iter().filter(|seat| seat.kind == question.kind).count();
        let why = if in_bank < rounds {
            format!("the bank has {} for {} of that kind", count(in_bank, "question"), count(rounds, "round"))
        } else {
            format!("every unused {label} question had been seen by the interviewee")
        };
        let reason = format!("\"{}\" ({label}) is used in {uses} rounds: {why}.", question.title);
        found.push(Relaxation::new(rule::NO_REPEAT_IN_LOOP, reason));
    }
    found
}

/// "1 question", "3 questions".
fn count(number: usize, noun: &str) -> String {
    if number == 1 {
        format!("1 {noun}")
    } else {
        format!("{number} {noun}s")
    }
}
