//! The round's phased timer. The server's clock is the only clock: clients render the view, which
//! carries the server's `now`, so every screen shows the same time without drifting apart.

use serde::{Deserialize, Serialize};

use crate::bank::Phase;

/// Milliseconds since the unix epoch (server time).
pub type Millis = i64;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TimerState {
    NotStarted,
    /// Running since `since`, with `banked` ms run before the latest start or resume.
    Running {
        since: Millis,
        banked: Millis,
    },
    Paused {
        banked: Millis,
    },
    Ended {
        banked: Millis,
    },
}

/// A phase as the timer runs it: its length can grow (extend) or shrink (skip).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerPhase {
    pub name: String,
    pub duration_ms: Millis,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    pub phases: Vec<TimerPhase>,
    pub state: TimerState,
}

/// A moment worth announcing to everyone in the room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeCheck {
    HalfTime,
    FiveMinutesLeft,
    Overtime,
}

/// What every client renders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimerView {
    pub status: &'static str,
    pub phases: Vec<TimerPhase>,
    /// Index of the current phase; equals `phases.len()` in overtime.
    pub phase_index: usize,
    pub elapsed_ms: Millis,
    pub phase_remaining_ms: Millis,
    /// Negative in overtime.
    pub total_remaining_ms: Millis,
    /// The server's clock when the view was made, for clients to offset their own.
    pub server_now_ms: Millis,
}

const FIVE_MINUTES_MS: Millis = 5 * 60 * 1000;

impl Timer {
    pub fn new(phases: &[Phase]) -> Self {
        let phases = phases
            .iter()
            .map(|p| TimerPhase { name: p.name.clone(), duration_ms: Millis::from(p.minutes) * 60_000 })
            .collect();
        Self { phases, state: TimerState::NotStarted }
    }

    pub fn total_ms(&self) -> Millis {
        self.phases.iter().map(|p| p.duration_ms).sum()
    }

    pub fn elapsed_ms(&self, now: Millis) -> Millis {
        match self.state {
            TimerState::NotStarted => 0,
            TimerState::Running { since, banked } => banked + (now - since).max(0),
            TimerState::Paused { banked } | TimerState::Ended { banked } => banked,
        }
    }

    /// The current phase and when it ends, in elapsed ms; `None` in overtime.
    pub fn phase_at(&self, elapsed: Millis) -> Option<(usize, Millis)> {
        let mut end = 0;
        for (index, phase) in self.phases.iter().enumerate() {
            end += phase.duration_ms;
            if elapsed < end {
                return Some((index, end));
            }
        }
        None
    }

    pub fn view(&self, now: Millis) -> TimerView {
        let elapsed = self.elapsed_ms(now);
        let (phase_index, phase_remaining_ms) = match self.phase_at(elapsed) {
            Some((index, end)) => (index, end - elapsed),
            None => (self.phases.len(), 0),
        };
        let status = match self.state {
            TimerState::NotStarted => "not_started",
            TimerState::Running { .. } => "running",
            TimerState::Paused { .. } => "paused",
            TimerState::Ended { .. } => "ended",
        };
        TimerView {
            status,
            phases: self.phases.clone(),
            phase_index,
            elapsed_ms: elapsed,
            phase_remaining_ms,
            total_remaining_ms: self.total_ms() - elapsed,
            server_now_ms: now,
        }
    }

    pub fn start(&mut self, now: Millis) -> bool {
        matches!(self.state, TimerState::NotStarted)
            .then(|| self.state = TimerState::Running { since: now, banked: 0 })
            .is_some()
    }

    pub fn pause(&mut self, now: Millis) -> bool {
        match self.state {
            TimerState::Running { .. } => {
                self.state = TimerState::Paused { banked: self.elapsed_ms(now) };
                true
            }
            _ => false,
        }
    }

    pub fn resume(&mut self, now: Millis) -> bool {
        match self.state {
            TimerState::Paused { banked } => {
                self.state = TimerState::Running { since: now, banked };
                true
            }
            _ => false,
        }
    }

    /// Adds minutes to the current phase (or to the last one in overtime).
    pub fn extend(&mut self, minutes: u32, now: Millis) -> bool {
        if matches!(self.state, TimerState::Ended { .. }) || self.phases.is_empty() {
            return false;
        }
        let index = self.phase_at(self.elapsed_ms(now)).map_or(self.phases.len() - 1, |(index, _)| index);
        self.phases[index].duration_ms += Millis::from(minutes) * 60_000;
        true
    }

    /// Ends the current phase now: its length becomes the time spent in it.
    pub fn skip_phase(&mut self, now: Millis) -> bool {
        let elapsed = self.elapsed_ms(now);
        let Some((index, end)) = self.phase_at(elapsed) else { return false };
        if matches!(self.state, TimerState::NotStarted | TimerState::Ended { .. }) {
            return false;
        }
        self.phases[index].duration_ms -= end - elapsed;
        true
    }

    pub fn end(&mut self, now: Millis) {
        self.state = TimerState::Ended { banked: self.elapsed_ms(now) };
    }

    /// The time checks crossed between two moments, in order.
    pub fn checks_between(&self, before: Millis, after: Millis) -> Vec<TimeCheck> {
        let total = self.total_ms();
        let (from, to) = (self.elapsed_ms(before), self.elapsed_ms(after));
        let marks = [
            (total / 2, TimeCheck::HalfTime),
            (total - FIVE_MINUTES_MS, TimeCheck::FiveMinutesLeft),
            (total, TimeCheck::Overtime),
        ];
        marks
            .into_iter()
            .filter(|(mark, _)| *mark > 0 && from < *mark && to >= *mark)
            .map(|(_, check)| check)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timer() -> Timer {
        Timer::new(&[
            Phase { name: "Clarify".into(), minutes: 5 },
            Phase { name: "Design".into(), minutes: 25 },
            Phase { name: "Wrap-up".into(), minutes: 15 },
        ])
    }

    const MIN: Millis = 60_000;

    #[test]
    fn running_time_excludes_pauses() {
        let mut t = timer();
        assert!(t.start(0));
        assert!(t.pause(4 * MIN));
        assert_eq!(t.elapsed_ms(100 * MIN), 4 * MIN);
        assert!(t.resume(100 * MIN));
        assert_eq!(t.elapsed_ms(102 * MIN), 6 * MIN);
        assert_eq!(t.view(102 * MIN).phase_index, 1);
        assert_eq!(t.view(102 * MIN).phase_remaining_ms, 24 * MIN);
    }

    #[test]
    fn commands_that_make_no_sense_are_refused() {
        let mut t = timer();
        assert!(!t.pause(0), "not started");
        assert!(!t.resume(0));
        assert!(t.start(0));
        assert!(!t.start(1), "already running");
    }

    #[test]
    fn extend_lengthens_the_current_phase_and_skip_ends_it() {
        let mut t = timer();
        t.start(0);
        assert!(t.extend(5, 2 * MIN));
        assert_eq!(t.phases[0].duration_ms, 10 * MIN);
        assert!(t.skip_phase(3 * MIN));
        assert_eq!(t.phases[0].duration_ms, 3 * MIN);
        let view = t.view(3 * MIN);
        assert_eq!((view.phase_index, view.phase_remaining_ms), (1, 25 * MIN));
    }

    #[test]
    fn overtime_has_negative_remaining_time() {
        let mut t = timer();
        t.start(0);
        let view = t.view(47 * MIN);
        assert_eq!(view.phase_index, 3);
        assert_eq!(view.total_remaining_ms, -2 * MIN);
    }

    #[test]
    fn time_checks_fire_once_when_crossed() {
        let mut t = timer();
        t.start(0);
        assert_eq!(t.checks_between(22 * MIN, 23 * MIN), vec![TimeCheck::HalfTime]);
        assert!(t.checks_between(23 * MIN, 24 * MIN).is_empty());
        assert_eq!(t.checks_between(39 * MIN, 40 * MIN), vec![TimeCheck::FiveMinutesLeft]);
        assert_eq!(t.checks_between(44 * MIN, 46 * MIN), vec![TimeCheck::Overtime]);
        assert_eq!(t.checks_between(0, 50 * MIN).len(), 3);
    }

    #[test]
    fn ending_freezes_the_clock() {
        let mut t = timer();
        t.start(0);
        t.end(10 * MIN);
        assert_eq!(t.elapsed_ms(60 * MIN), 10 * MIN);
        assert!(!t.extend(5, 60 * MIN));
    }
}
