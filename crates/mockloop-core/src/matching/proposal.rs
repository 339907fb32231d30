//! A proposed group's life after the matcher: each member accepts or declines before a deadline,
//! and what happens to each member once the proposal closes.

/// A member's answer to a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    Pending,
    Accepted,
    Declined,
}

/// Where a proposal stands, from its members' answers and the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalState {
    Open,
    /// Everyone accepted: the circle and its loop are formed.
    Accepted,
    Declined,
    /// The deadline passed before everyone answered.
    Expired,
}

/// What closing a proposal does to one member's pool entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Grouped: the entry leaves the pool until the person rejoins.
    Matched,
    /// Back in the pool, first in line: the group fell through through no fault of theirs.
    ReturnsWithPriority,
    /// Back in the pool, waiting afresh: they declined this group.
    Returns,
    /// Paused: they let the deadline pass, so they may be away; they resume when they are back.
    Paused,
}

impl Response {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Declined].into_iter().find(|r| r.as_str() == text)
    }
}

impl ProposalState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Open, Self::Accepted, Self::Declined, Self::Expired].into_iter().find(|s| s.as_str() == text)
    }
}

/// The state the answers and the clock put a proposal in. A decline closes it at once; the
/// deadline only matters while someone has not answered.
pub fn state_of(responses: &[Response], deadline: i64, now: i64) -> ProposalState {
    if responses.contains(&Response::Declined) {
        ProposalState::Declined
    } else if !responses.is_empty() && responses.iter().all(|r| *r == Response::Accepted) {
        ProposalState::Accepted
    } else if now >= deadline {
        ProposalState::Expired
    } else {
        ProposalState::Open
    }
}

/// Each member's outcome once the proposal is in `state` (in the order of `responses`).
pub fn outcomes(state: ProposalState, responses: &[Response]) -> Vec<Outcome> {
    responses
        .iter()
        .map(|response| match (state, response) {
            (ProposalState::Open, _) => Outcome::ReturnsWithPriority,
            (ProposalState::Accepted, _) => Outcome::Matched,
            (ProposalState::Declined, Response::Declined) => Outcome::Returns,
            (ProposalState::Declined, _) => Outcome::ReturnsWithPriority,
            (ProposalState::Expired, Response::Pending) => Outcome::Paused,
            (ProposalState::Expired, _) => Outcome::ReturnsWithPriority,
        })
        .collect()
}

/// The first scheduled run after `now`: runs fall every `every_seconds` from `anchor`, so a
/// server that was down catches up with one run, not one per missed period.
pub fn next_run_after(anchor: i64, every_seconds: i64, now: i64) -> i64 {
    if every_seconds <= 0 || now < anchor {
        return anchor;
    }
    anchor + ((now - anchor) / every_seconds + 1) * every_seconds
}

#[cfg(test)]
mod tests {
    use super::Response::{Accepted, Declined, Pending};
    use super::*;

    #[test]
    fn a_decline_closes_the_proposal_even_before_the_deadline() {
        assert_eq!(state_of(&[Accepted, Declined, Pending], 100, 0), ProposalState::Declined);
        assert_eq!(state_of(&[Accepted, Declined], 100, 200), ProposalState::Declined);
    }

    #[test]
    fn everyone_accepting_forms_the_group_whatever_the_clock() {
        assert_eq!(state_of(&[Accepted, Accepted, Accepted], 100, 0), ProposalState::Accepted);
        assert_eq!(state_of(&[Accepted, Accepted], 100, 500), ProposalState::Accepted);
    }

    #[test]
    fn missing_answers_expire_at_the_deadline() {
        assert_eq!(state_of(&[Accepted, Pending], 100, 99), ProposalState::Open);
        assert_eq!(state_of(&[Accepted, Pending], 100, 100), ProposalState::Expired);
        assert_eq!(state_of(&[], 100, 0), ProposalState::Open);
    }

    #[test]
    fn the_others_return_with_priority_and_the_silent_are_paused() {
        assert_eq!(
            outcomes(ProposalState::Declined, &[Accepted, Declined, Pending]),
            [Outcome::ReturnsWithPriority, Outcome::Returns, Outcome::ReturnsWithPriority]
        );
        assert_eq!(
            outcomes(ProposalState::Expired, &[Accepted, Pending]),
            [Outcome::ReturnsWithPriority, Outcome::Paused]
        );
        assert_eq!(outcomes(ProposalState::Accepted, &[Accepted, Accepted]), [Outcome::Matched; 2]);
    }

    #[test]
    fn runs_keep_their_rhythm_after_downtime() {
        assert_eq!(next_run_after(1_000, 100, 500), 1_000);
        assert_eq!(next_run_after(1_000, 100, 1_000), 1_100);
        assert_eq!(next_run_after(1_000, 100, 1_350), 1_400);
        assert_eq!(next_run_after(1_000, 0, 5_000), 1_000, "a zero period never advances");
    }

    #[test]
    fn names_round_trip() {
        for state in
            [ProposalState::Open, ProposalState::Accepted, ProposalState::Declined, ProposalState::Expired]
        {
            assert_eq!(ProposalState::parse(state.as_str()), Some(state));
        }
        for response in [Pending, Accepted, Declined] {
            assert_eq!(Response::parse(response.as_str()), Some(response));
        }
        assert_eq!(Response::parse("maybe"), None);
    }
}
