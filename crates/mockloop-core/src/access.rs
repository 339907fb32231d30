//! Who may see what of a round. The interviewee must never see the interviewer's brief, nor the
//! question before the round starts; these rules are the one place that decides it.

use serde::Serialize;

/// A person's part in one round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundRole {
    Interviewee,
    Interviewer,
    /// The third participant: observes, and gives feedback too.
    Shadow,
    /// A circle member with no part in this round.
    Observer,
}

impl RoundRole {
    pub fn of(viewer: &str, interviewee: &str, interviewer: Option<&str>, shadow: Option<&str>) -> Self {
        if viewer == interviewee {
            Self::Interviewee
        } else if interviewer == Some(viewer) {
            Self::Interviewer
        } else if shadow == Some(viewer) {
            Self::Shadow
        } else {
            Self::Observer
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Interviewee => "interviewee",
            Self::Interviewer => "interviewer",
            Self::Shadow => "shadow",
            Self::Observer => "observer",
        }
    }
}

/// What a viewer may see of a round at a given moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoundAccess {
    /// The question's id and title in the agenda.
    pub question: bool,
    /// The interviewer's brief: clarifications, hints, probes, rubric, solution.
    pub brief: bool,
    /// The candidate's prompt.
    pub prompt: bool,
}

/// The interviewer and shadow prepare ahead of time and see everything; the interviewee sees the
/// prompt only once the round has started (`now >= starts_at`, unix seconds) and never the brief.
/// Members without a part in the round see neither: they may meet the question in a later loop.
pub fn round_access(role: RoundRole, now: i64, starts_at: i64) -> RoundAccess {
    match role {
        RoundRole::Interviewer | RoundRole::Shadow => {
            RoundAccess { question: true, brief: true, prompt: true }
        }
        RoundRole::Interviewee => RoundAccess { question: false, brief: false, prompt: now >= starts_at },
        RoundRole::Observer => RoundAccess { question: false, brief: false, prompt: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interviewee_never_sees_the_brief_and_sees_the_prompt_only_from_the_start() {
        assert_eq!(
            round_access(RoundRole::Interviewee, 99, 100),
            RoundAccess { question: false, brief: false, prompt: false }
        );
        assert_eq!(
            round_access(RoundRole::Interviewee, 100, 100),
            RoundAccess { question: false, brief: false, prompt: true }
        );
        assert!(!round_access(RoundRole::Interviewee, i64::MAX, 0).brief);
    }

    #[test]
    fn interviewer_and_shadow_prepare_ahead_of_time() {
        for role in [RoundRole::Interviewer, RoundRole::Shadow] {
            assert_eq!(round_access(role, 0, 100), RoundAccess { question: true, brief: true, prompt: true });
        }
    }

    #[test]
    fn members_outside_the_round_see_nothing_of_its_question() {
        assert_eq!(
            round_access(RoundRole::Observer, 500, 100),
            RoundAccess { question: false, brief: false, prompt: false }
        );
    }

    #[test]
    fn role_is_read_from_the_seats() {
        assert_eq!(RoundRole::of("a", "a", Some("b"), None), RoundRole::Interviewee);
        assert_eq!(RoundRole::of("b", "a", Some("b"), Some("c")), RoundRole::Interviewer);
        assert_eq!(RoundRole::of("c", "a", Some("b"), Some("c")), RoundRole::Shadow);
        assert_eq!(RoundRole::of("d", "a", Some("b"), Some("c")), RoundRole::Observer);
    }
}
