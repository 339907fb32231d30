//! A live round's shared state: the timer, the hints revealed to the candidate, and whether the
//! round has moved to feedback. Every change is an event; the state is the fold of its events, so
//! a restarted server rebuilds a room exactly by replaying what it stored.

use serde::{Deserialize, Serialize};

use crate::access::RoundRole;

pub mod timer;

pub use timer::{Millis, TimeCheck, Timer, TimerView};

/// What a participant asks the room to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    StartTimer,
    PauseTimer,
    ResumeTimer,
    Extend { minutes: u32 },
    SkipPhase,
    RevealHint { index: usize },
    EndRound,
}

/// A change that happened, as stored and replayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: Millis,
    #[serde(flatten)]
    pub command: Command,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoomError {
    #[error("Only the interviewer runs the round.")]
    NotAllowed,
    #[error("The timer cannot do that now.")]
    TimerState,
    #[error("There is no hint number {0}.")]
    NoSuchHint(usize),
    #[error("That hint is already revealed.")]
    AlreadyRevealed,
    #[error("Extend by 1 to 30 minutes.")]
    BadExtension,
    #[error("The round has ended.")]
    Ended,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Room {
    pub timer: Timer,
    pub hint_count: usize,
    /// Revealed hint indexes, in the order they were revealed.
    pub revealed: Vec<usize>,
    pub ended: bool,
    /// Whether the round has an interviewer; without one the candidate practises solo and runs
    /// the room themselves.
    pub has_interviewer: bool,
}

impl Room {
    pub fn new(phases: &[crate::bank::Phase], hint_count: usize, has_interviewer: bool) -> Self {
        Self { timer: Timer::new(phases), hint_count, revealed: Vec::new(), ended: false, has_interviewer }
    }

    /// Who may run the room: the interviewer, or the candidate in a solo round.
    pub fn may_command(&self, role: RoundRole) -> bool {
        match role {
            RoundRole::Interviewer => true,
            RoundRole::Interviewee => !self.has_interviewer,
            RoundRole::Shadow | RoundRole::Observer => false,
        }
    }

    /// Applies a command from someone with `role` at `now`; returns the event to store.
    pub fn apply(&mut self, role: RoundRole, command: Command, now: Millis) -> Result<Event, RoomError> {
        if !self.may_command(role) {
            return Err(RoomError::NotAllowed);
        }
        self.apply_unchecked(&command, now)?;
        Ok(Event { at: now, command })
    }

    fn apply_unchecked(&mut self, command: &Command, now: Millis) -> Result<(), RoomError> {
        if self.ended {
            return Err(RoomError::Ended);
        }
        let done = match command {
            Command::StartTimer => self.timer.start(now),
            Command::PauseTimer => self.timer.pause(now),
            Command::ResumeTimer => self.timer.resume(now),
            Command::Extend { minutes } if (1..=30).contains(minutes) => self.timer.extend(*minutes, now),
            Command::Extend { .. } => return Err(RoomError::BadExtension),
            Command::SkipPhase => self.timer.skip_phase(now),
            Command::RevealHint { index } => {
                if *index >= self.hint_count {
                    return Err(RoomError::NoSuchHint(*index + 1));
                }
                if self.revealed.contains(index) {
                    return Err(RoomError::AlreadyRevealed);
                }
                self.revealed.push(*index);
                true
            }
            Command::EndRound => {
                self.timer.end(now);
                self.ended = true;
                true
            }
        };
        if done {
            Ok(())
        } else {
            Err(RoomError::TimerState)
        }
    }

    /// Rebuilds a room from its stored events; events that no longer apply are skipped.
    pub fn replay(mut self, events: &[Event]) -> Self {
        for event in events {
            self.follow(event);
        }
        self
    }

    /// Applies an event that was already accepted and stored (by this or another instance).
    pub fn follow(&mut self, event: &Event) {
        let _ = self.apply_unchecked(&event.command, event.at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Phase;

    fn room() -> Room {
        Room::new(&[Phase { name: "Solve".into(), minutes: 45 }], 3, true)
    }

    #[test]
    fn only_the_interviewer_runs_a_paired_round() {
        let mut r = room();
        assert_eq!(r.apply(RoundRole::Interviewee, Command::StartTimer, 0), Err(RoomError::NotAllowed));
        assert_eq!(
            r.apply(RoundRole::Shadow, Command::RevealHint { index: 0 }, 0),
            Err(RoomError::NotAllowed)
        );
        assert!(r.apply(RoundRole::Interviewer, Command::StartTimer, 0).is_ok());
    }

    #[test]
    fn a_solo_candidate_runs_their_own_room() {
        let mut r = Room::new(&[Phase { name: "Solve".into(), minutes: 45 }], 3, false);
        assert!(r.apply(RoundRole::Interviewee, Command::StartTimer, 0).is_ok());
        assert!(r.apply(RoundRole::Interviewee, Command::RevealHint { index: 0 }, 5).is_ok());
    }

    #[test]
    fn hints_are_revealed_once_and_must_exist() {
        let mut r = room();
        assert!(r.apply(RoundRole::Interviewer, Command::RevealHint { index: 1 }, 0).is_ok());
        assert_eq!(
            r.apply(RoundRole::Interviewer, Command::RevealHint { index: 1 }, 1),
            Err(RoomError::AlreadyRevealed)
        );
        assert_eq!(
            r.apply(RoundRole::Interviewer, Command::RevealHint { index: 3 }, 1),
            Err(RoomError::NoSuchHint(4))
        );
        assert_eq!(r.revealed, vec![1]);
    }

    #[test]
    fn replaying_the_events_rebuilds_the_room() {
        let mut live = room();
        let mut events = Vec::new();
        for (command, at) in [
            (Command::StartTimer, 0),
            (Command::PauseTimer, 60_000),
            (Command::ResumeTimer, 120_000),
            (Command::RevealHint { index: 2 }, 130_000),
            (Command::Extend { minutes: 5 }, 140_000),
        ] {
            events.push(live.apply(RoundRole::Interviewer, command, at).expect("applies"));
        }
        let rebuilt = room().replay(&events);
        assert_eq!(rebuilt, live);
        assert_eq!(rebuilt.timer.view(200_000), live.timer.view(200_000));
    }

    #[test]
    fn nothing_changes_after_the_round_ends() {
        let mut r = room();
        r.apply(RoundRole::Interviewer, Command::EndRound, 0).expect("ends");
        assert_eq!(r.apply(RoundRole::Interviewer, Command::StartTimer, 1), Err(RoomError::Ended));
    }

    #[test]
    fn commands_round_trip_through_json() {
        let event = Event { at: 5, command: Command::Extend { minutes: 3 } };
        let json = serde_json::to_string(&event).expect("json");
        assert_eq!(json, r#"{"at":5,"command":"extend","minutes":3}"#);
        assert_eq!(serde_json::from_str::<Event>(&json).expect("parses"), event);
    }
}
