//! mockloop's domain core: the rules of accounts, circles, loops, feedback and insights as plain
//! types and functions. Nothing in this crate performs I/O, spawns tasks or knows about HTTP or SQL,
//! so every rule can be unit- and property-tested in isolation and reused by the server and the CLI.

pub mod access;
pub mod account;
pub mod bank;
pub mod circle;
pub mod exchange;
pub mod feedback;
pub mod id;
pub mod insights;
pub mod judge;
pub mod matching;
pub mod planner;
pub mod replace;
pub mod room;

pub use account::{AccountInputError, DisplayName, Email, NewPassword};
pub use circle::{check_invite, CircleName, CircleRole, InviteRejection, InviteState, MAX_CIRCLE_MEMBERS};
pub use id::{Id, IdError};
