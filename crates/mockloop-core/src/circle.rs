//! Practice circles: the group of peers who run loops together, and who may do what in one.

use serde::{Deserialize, Serialize};

/// A loop has 1-3 participants; a circle allows one more so a partner can rotate in.
pub const MAX_CIRCLE_MEMBERS: usize = 4;
pub const MAX_CIRCLE_NAME_CHARS: usize = 80;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CircleName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Enter a circle name of 1 to {MAX_CIRCLE_NAME_CHARS} characters.")]
pub struct CircleNameError;

impl CircleName {
    pub fn parse(text: &str) -> Result<Self, CircleNameError> {
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let length = name.chars().count();
        if length == 0 || length > MAX_CIRCLE_NAME_CHARS || name.chars().any(char::is_control) {
            Err(CircleNameError)
        } else {
            Ok(Self(name))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CircleName {
    type Error = CircleNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CircleName> for String {
    fn from(name: CircleName) -> Self {
        name.0
    }
}

/// A member's standing in a circle. The owner invites and removes members; everyone else practises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CircleRole {
    Owner,
    Member,
}

impl CircleRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Member => "member",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "owner" => Some(Self::Owner),
            "member" => Some(Self::Member),
            _ => None,
        }
    }

    pub fn may_manage_members(self) -> bool {
        matches!(self, Self::Owner)
    }
}

/// Why an invite cannot be accepted; each maps to a message the invitee can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InviteRejection {
    #[error("This invite link has expired. Ask the circle's owner for a new one.")]
    Expired,
    #[error("This invite link has already been used. Ask the circle's owner for a new one.")]
    AlreadyUsed,
    #[error("This circle is full: a circle has at most {MAX_CIRCLE_MEMBERS} members.")]
    CircleFull,
    #[error("You are already a member of this circle.")]
    AlreadyMember,
}

/// The facts about an invite at the moment someone tries to accept it.
#[derive(Debug, Clone, Copy)]
pub struct InviteState {
    pub expires_at: i64,
    pub used: bool,
    pub member_count: usize,
    pub invitee_is_member: bool,
}

/// Decides whether an invite may be accepted at `now` (unix seconds).
pub fn check_invite(state: InviteState, now: i64) -> Result<(), InviteRejection> {
    if state.used {
        Err(InviteRejection::AlreadyUsed)
    } else if now >= state.expires_at {
        Err(InviteRejection::Expired)
    } else if state.invitee_is_member {
        Err(InviteRejection::AlreadyMember)
    } else if state.member_count >= MAX_CIRCLE_MEMBERS {
        Err(InviteRejection::CircleFull)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_invite() -> InviteState {
        InviteState { expires_at: 1_000, used: false, member_count: 2, invitee_is_member: false }
    }

    #[test]
    fn open_invite_is_accepted_before_expiry() {
        assert_eq!(check_invite(open_invite(), 999), Ok(()));
    }

    #[test]
    fn invite_expires_at_its_deadline() {
        assert_eq!(check_invite(open_invite(), 1_000), Err(InviteRejection::Expired));
    }

    #[test]
    fn used_invite_is_rejected_even_before_expiry() {
        let state = InviteState { used: true, ..open_invite() };
        assert_eq!(check_invite(state, 0), Err(InviteRejection::AlreadyUsed));
    }

    #[test]
    fn full_circle_rejects_a_fifth_member() {
        let state = InviteState { member_count: MAX_CIRCLE_MEMBERS, ..open_invite() };
        assert_eq!(check_invite(state, 0), Err(InviteRejection::CircleFull));
    }

    #[test]
    fn existing_member_is_told_so() {
        let state = InviteState { invitee_is_member: true, ..open_invite() };
        assert_eq!(check_invite(state, 0), Err(InviteRejection::AlreadyMember));
    }

    #[test]
    fn circle_name_is_normalised() {
        assert_eq!(CircleName::parse("  Staff  MLE prep ").expect("valid").as_str(), "Staff MLE prep");
        assert!(CircleName::parse("").is_err());
    }

    #[test]
    fn only_owner_manages_members() {
        assert!(CircleRole::Owner.may_manage_members());
        assert!(!CircleRole::Member.may_manage_members());
    }
}
