//! Who sits where: the sequence of slots with their interviewee, interviewer and shadow.
//!
//! Slots run round by round in template order, and within a round the participants take their turn
//! as interviewee in one seeded order that stays the same for every round. With two or more
//! participants the same person is therefore never interviewee in two consecutive slots: the last
//! interviewee of a round is never the first of the next.
//!
//! Roles come from rotations. In template round `r` the interviewer of participant `i` is
//! `(i + k_r) mod n` with `k_r` in `1..n`, which maps participants one to one onto interviewers, so
//! everyone interviews exactly once per template round and the interviewer load is perfectly even.
//! `k_r` cycles from a seeded offset so that partners change between rounds. Shadows use a second
//! rotation `s_r` distinct from `0` and `k_r`, and are balanced the same way.

use crate::bank::{RoundKind, Template};

use super::rng::SplitMix64;

/// One slot before it has a question or a time. Participants are indices into `Inputs::names`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seat {
    pub(crate) kind: RoundKind,
    pub(crate) minutes: u32,
    pub(crate) interviewee: usize,
    pub(crate) interviewer: Option<usize>,
    pub(crate) shadow: Option<usize>,
}

impl Seat {
    /// Participants who see the question without answering it.
    pub(crate) fn witnesses(&self) -> impl Iterator<Item = usize> {
        self.interviewer.into_iter().chain(self.shadow)
    }
}

/// All `participants × rounds` seats, in the order they will run.
pub(crate) fn seat_loop(template: &Template, participants: usize, rng: &mut SplitMix64) -> Vec<Seat> {
    let mut turn_order: Vec<usize> = (0..participants).collect();
    rng.shuffle(&mut turn_order);
    let rotations = Rotations::new(participants, rng);
    let mut seats = Vec::with_capacity(participants * template.rounds.len());
    for (round_index, round) in template.rounds.iter().enumerate() {
        let (interviewer_offset, shadow_offset) = rotations.offsets(round_index);
        for &interviewee in &turn_order {
            seats.push(Seat {
                kind: round.kind,
                minutes: round.minutes,
                interviewee,
                interviewer: interviewer_offset.map(|offset| (interviewee + offset) % participants),
                shadow: shadow_offset.map(|offset| (interviewee + offset) % participants),
            });
        }
    }
    seats
}

/// The seeded rotation offsets for a loop of `participants` people.
#[derive(Clone, Copy, Debug)]
struct Rotations {
    participants: usize,
    interviewer_start: usize,
    shadow_start: usize,
}

impl Rotations {
    fn new(participants: usize, rng: &mut SplitMix64) -> Self {
        let interviewer_start = rng.below(participants.saturating_sub(1));
        let shadow_start = rng.below(2);
        Self { participants, interviewer_start, shadow_start }
    }

    /// `(k_r, s_r)` for template round `round`: offsets added to the interviewee's index.
    fn offsets(self, round: usize) -> (Option<usize>, Option<usize>) {
        let n = self.participants;
        if n < 2 {
            return (None, None);
        }
        let interviewer = 1 + (self.interviewer_start + round) % (n - 1);
        let shadow = match n {
            2 => None,
            // The one person left: offsets 1 and 2 are the two others.
            3 => Some(3 - interviewer),
            _ => {
                let free: Vec<usize> = (1..n).filter(|&offset| offset != interviewer).collect();
                free.get((self.shadow_start + round) % free.len()).copied()
            }
        };
        (Some(interviewer), shadow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_a_loop_of_three_the_shadow_is_the_third_person() {
        let mut rng = SplitMix64::new(3);
        let rotations = Rotations::new(3, &mut rng);
        for round in 0..5 {
            let (interviewer, shadow) = rotations.offsets(round);
            let mut offsets = vec![0, interviewer.unwrap_or(0), shadow.unwrap_or(0)];
            offsets.sort_unstable();
            assert_eq!(offsets, vec![0, 1, 2]);
        }
    }

    #[test]
    fn in_a_loop_of_four_the_shadow_is_neither_interviewee_nor_interviewer() {
        let mut rng = SplitMix64::new(11);
        let rotations = Rotations::new(4, &mut rng);
        for round in 0..6 {
            let (interviewer, shadow) = rotations.offsets(round);
            assert!(matches!((interviewer, shadow), (Some(k), Some(s)) if k != s && k != 0 && s != 0));
        }
    }

    #[test]
    fn a_solo_participant_has_no_interviewer_and_no_shadow() {
        let mut rng = SplitMix64::new(1);
        assert_eq!(Rotations::new(1, &mut rng).offsets(0), (None, None));
    }
}
