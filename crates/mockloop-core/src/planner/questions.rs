//! Question choice: one question per seat, fresh to its interviewee whenever the bank allows.
//!
//! A question is *fresh* for a seat when it has the seat's kind, its interviewee has not seen it
//! and no other seat uses it. Seats and questions are matched by a minimum-cost assignment whose
//! weights are ordered so that, in this order of priority, the plan
//! 1. gives as many seats as possible a fresh question (a seat goes without one only when no
//!    assignment at all could give it one),
//! 2. then matches as many focus themes of the interviewees as possible,
//! 3. then breaks the remaining ties by the seed.
//!
//! Because a fresh question is used once, nobody meets as interviewee a question they interview
//! on or shadow. Seats the assignment cannot serve fall back, one by one, to the least bad question
//! of their kind: one the interviewee does not know (neither seen before nor met as interviewer or
//! shadow in this loop) before one they do, then an unused one before a repeat. `relaxations`
//! reports what gave way from the final result.

use std::cmp::Reverse;

use super::assignment::min_cost_assignment;
use super::request::Inputs;
use super::rng::SplitMix64;
use super::roles::Seat;

/// Weight of a fresh question: more than all focus and tie-break weights of a loop together.
const FRESH_WEIGHT: i64 = 1 << 50;
/// Weight of one focus theme: more than all tie-breaks of a loop together (fewer than 2^12 seats).
const FOCUS_WEIGHT: i64 = 1 << 32;
/// Focus matches counted per seat; far above any real tagging, it keeps the sums in range.
const MAX_FOCUS_MATCHES: usize = 16;
const TIE_BREAK_RANGE: u64 = 1 << 20;

/// The index into `inputs.questions` chosen for each seat.
pub(crate) fn choose_questions(inputs: &Inputs, seats: &[Seat], rng: &mut SplitMix64) -> Vec<usize> {
    let costs = cost_matrix(inputs, seats, rng);
    let mut chosen: Vec<Option<usize>> = min_cost_assignment(&costs)
        .into_iter()
        .zip(seats)
        .map(|(column, seat)| Some(column).filter(|&question| is_fresh(inputs, seat, question)))
        .collect();
    for seat in 0..seats.len() {
        if chosen[seat].is_none() {
            chosen[seat] = Some(fallback(inputs, seats, &chosen, seat, rng));
        }
    }
    chosen.into_iter().flatten().collect()
}

/// Whether the column is a real question of the seat's kind that its interviewee has not seen.
fn is_fresh(inputs: &Inputs, seat: &Seat, column: usize) -> bool {
    inputs
        .questions
        .get(column)
        .is_some_and(|question| question.kind == seat.kind && !inputs.has_seen(seat.interviewee, question))
}

/// One row per seat; one column per question, then one "no fresh question" column per seat so
/// that every seat can be placed.
fn cost_matrix(inputs: &Inputs, seats: &[Seat], rng: &mut SplitMix64) -> Vec<Vec<i64>> {
    let columns = inputs.questions.len() + seats.len();
    seats.iter().map(|seat| (0..columns).map(|column| cost(inputs, seat, column, rng)).collect()).collect()
}

/// Minus the pair's weight when the question is fresh for the seat; 0 (no gain) otherwise.
fn cost(inputs: &Inputs, seat: &Seat, column: usize, rng: &mut SplitMix64) -> i64 {
    if !is_fresh(inputs, seat, column) {
        return 0;
    }
    let focus = inputs.focus_matches(seat.interviewee, &inputs.questions[column]).min(MAX_FOCUS_MATCHES);
    let focus = i64::try_from(focus).unwrap_or(0);
    let tie_break = i64::try_from(rng.next_u64() % TIE_BREAK_RANGE).unwrap_or(0);
    -(FRESH_WEIGHT + focus * FOCUS_WEIGHT + tie_break)
}

/// The least bad question of the seat's kind, given the questions already chosen.
fn fallback(
    inputs: &Inputs,
    seats: &[Seat],
    chosen: &[Option<usize>],
    seat: usize,
    rng: &mut SplitMix64,
) -> usize {
    let this = &seats[seat];
    let candidates = inputs.questions.iter().enumerate().filter(|(_, question)| question.kind == this.kind);
    let scored = candidates.map(|(index, question)| {
        let known = inputs.has_seen(this.interviewee, question) || crosses_roles(seats, chosen, seat, index);
        let uses = chosen.iter().filter(|&&other| other == Some(index)).count();
        let focus = Reverse(inputs.focus_matches(this.interviewee, question));
        ((known, uses, focus, rng.next_u64()), index)
    });
    // Every kind has a question (checked when the request was parsed), so `min` always finds one.
    scored.min().map_or(0, |(_, index)| index)
}

/// Whether giving `question` to `seat` would put someone on both sides of it in this loop: the
/// interviewee having interviewed or shadowed it, or a witness here having answered it.
fn crosses_roles(seats: &[Seat], chosen: &[Option<usize>], seat: usize, question: usize) -> bool {
    let this = &seats[seat];
    seats.iter().zip(chosen).enumerate().any(|(other, (other_seat, other_question))| {
        other != seat
            && *other_question == Some(question)
            && (other_seat.witnesses().any(|witness| witness == this.interviewee)
                || this.witnesses().any(|witness| witness == other_seat.interviewee))
    })
}
