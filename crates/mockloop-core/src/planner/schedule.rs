//! Lays the seats out in time: one room, slots back to back with breaks, split into capped days.
//!
//! Each day starts at the requested local time on its calendar date; the civil time is zoned with
//! jiff, so a day after a DST change still starts at the same wall-clock time. Within a day every
//! duration is added to the absolute time line, so a round crossing a DST change lasts its real
//! length. A slot that would end its feedback past the daily cap opens the next day instead; a slot
//! that cannot fit even an empty day is placed alone on one, and the cap is reported as relaxed.

use jiff::civil::Date;
use jiff::{SignedDuration, Zoned};

use super::plan::{rule, Relaxation};
use super::request::{Inputs, PlanError};
use super::roles::Seat;

/// When a seat runs.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Timing {
    pub(crate) date: Date,
    pub(crate) start: Zoned,
    pub(crate) end: Zoned,
    pub(crate) feedback_end: Zoned,
}

/// The day being filled.
#[derive(Clone, Debug)]
struct Day {
    date: Date,
    opens: Zoned,
    /// The seat placed last today and when its feedback ends.
    last: Option<(usize, Zoned)>,
}

pub(crate) fn lay_out(inputs: &Inputs, seats: &[Seat]) -> Result<(Vec<Timing>, Vec<Relaxation>), PlanError> {
    let mut day = open_day(inputs, inputs.start.date())?;
    let mut timings = Vec::with_capacity(seats.len());
    let mut relaxed = Vec::new();
    for (index, seat) in seats.iter().enumerate() {
        let mut timing = place(inputs, &day, seat)?;
        if let Some((_, last_end)) = day.last.clone().filter(|_| !fits(inputs, &day, &timing)) {
            day = next_day(inputs, day.date, &last_end)?;
            timing = place(inputs, &day, seat)?;
        }
        if !fits(inputs, &day, &timing) {
            relaxed.push(over_cap(inputs, seat, &timing));
        }
        if let Some((previous, _)) = day.last.as_ref().filter(|_| inputs.template.break_minutes == 0) {
            if seats[*previous].interviewee == seat.interviewee {
                relaxed.push(back_to_back(inputs, seat, &timing));
            }
        }
        day.last = Some((index, timing.feedback_end.clone()));
        timings.push(timing);
    }
    Ok((timings, relaxed))
}

/// The seat's times if it were the next slot of `day`.
fn place(inputs: &Inputs, day: &Day, seat: &Seat) -> Result<Timing, PlanError> {
    let start = match &day.last {
        None => day.opens.clone(),
        Some((_, last_end)) => add_minutes(last_end, inputs.template.break_minutes)?,
    };
    let end = add_minutes(&start, seat.minutes)?;
    let feedback_end = add_minutes(&end, inputs.template.feedback_minutes)?;
    Ok(Timing { date: day.date, start, end, feedback_end })
}

/// Whether the day, ending with this timing, stays within the cap.
fn fits(inputs: &Inputs, day: &Day, timing: &Timing) -> bool {
    let span = timing.feedback_end.timestamp().as_second() - day.opens.timestamp().as_second();
    span <= inputs.cap_seconds
}

/// The first calendar day after `date` whose start time is not before the previous day's end
/// (only a cap longer than a day can make that more than the next date).
fn next_day(inputs: &Inputs, date: Date, previous_end: &Zoned) -> Result<Day, PlanError> {
    let mut date = date.tomorrow().map_err(|_| PlanError::OutOfRange)?;
    loop {
        let day = open_day(inputs, date)?;
        if day.opens >= *previous_end {
            return Ok(day);
        }
        date = date.tomorrow().map_err(|_| PlanError::OutOfRange)?;
    }
}

fn open_day(inputs: &Inputs, date: Date) -> Result<Day, PlanError> {
    let opens = date
        .to_datetime(inputs.start.time())
        .to_zoned(inputs.time_zone.clone())
        .map_err(|_| PlanError::OutOfRange)?;
    Ok(Day { date, opens, last: None })
}

fn add_minutes(time: &Zoned, minutes: u32) -> Result<Zoned, PlanError> {
    time.checked_add(SignedDuration::from_secs(i64::from(minutes) * 60)).map_err(|_| PlanError::OutOfRange)
}

fn over_cap(inputs: &Inputs, seat: &Seat, timing: &Timing) -> Relaxation {
    let reason = format!(
        "A {}-minute {} round plus {} minutes of feedback is longer than the daily cap of {} minutes, \
         so {} runs over it.",
        seat.minutes,
        seat.kind.label(),
        inputs.template.feedback_minutes,
        inputs.cap_seconds / 60,
        timing.date
    );
    Relaxation::new(rule::DAILY_CAP, reason)
}

fn back_to_back(inputs: &Inputs, seat: &Seat, timing: &Timing) -> Relaxation {
    let reason = format!(
        "{} has consecutive rounds on {} with no break between them: they are the only participant \
         and the template has no break.",
        inputs.names[seat.interviewee], timing.date
    );
    Relaxation::new(rule::NO_BACK_TO_BACK, reason)
}
