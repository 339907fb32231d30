//! Account input rules: what counts as an email, a display name and an acceptable new password.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Shortest password accepted at sign-up or change.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted; argon2 is deliberately slow, so unbounded input would be a DoS lever.
pub const MAX_PASSWORD_CHARS: usize = 256;
pub const MAX_DISPLAY_NAME_CHARS: usize = 60;
pub const MAX_EMAIL_CHARS: usize = 254;

/// An email address, trimmed and lowercased so that sign-in and uniqueness ignore case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountInputError {
    #[error("Enter an email address such as name@example.com.")]
    InvalidEmail,
    #[error("Enter a display name of 1 to {MAX_DISPLAY_NAME_CHARS} characters.")]
    InvalidDisplayName,
    #[error("Use a password of at least {MIN_PASSWORD_CHARS} characters.")]
    PasswordTooShort,
    #[error("Use a password of at most {MAX_PASSWORD_CHARS} characters.")]
    PasswordTooLong,
}

impl Email {
    pub fn parse(text: &str) -> Result<Self, AccountInputError> {
        let email = text.trim().to_lowercase();
        let Some((local, domain)) = email.split_once('@') else {
            return Err(AccountInputError::InvalidEmail);
        };
        let plausible = !local.is_empty()
            && email.chars().count() <= MAX_EMAIL_CHARS
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
        if plausible {
            Ok(Self(email))
        } else {
            Err(AccountInputError::InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = AccountInputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

/// The name shown to circle partners; trimmed, inner whitespace collapsed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(text: &str) -> Result<Self, AccountInputError> {
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let length = name.chars().count();
        if length == 0 || length > MAX_DISPLAY_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(AccountInputError::InvalidDisplayName);
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayName {
    type Error = AccountInputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DisplayName> for String {
    fn from(name: DisplayName) -> Self {
        name.0
    }
}

/// A password that meets the policy, kept only long enough to be hashed.
/// `Debug` is redacted so it can never reach a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(text: &str) -> Result<Self, AccountInputError> {
        let length = text.chars().count();
        if length < MIN_PASSWORD_CHARS {
            Err(AccountInputError::PasswordTooShort)
        } else if length > MAX_PASSWORD_CHARS {
            Err(AccountInputError::PasswordTooLong)
        } else {
            Ok(Self(text.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        let email = Email::parse("  Ana.Lopez@Example.COM ").expect("valid");
        assert_eq!(email.as_str(), "ana.lopez@example.com");
    }

    #[test]
    fn email_without_at_or_domain_dot_is_rejected() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "ana@@example.com",
            "a b@example.com",
            "ana@.com",
        ] {
            assert_eq!(Email::parse(bad), Err(AccountInputError::InvalidEmail), "{bad:?}");
        }
    }

    #[test]
    fn display_name_collapses_whitespace_and_rejects_empty() {
        assert_eq!(DisplayName::parse("  Ana   Lopez ").expect("valid").as_str(), "Ana Lopez");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"x".repeat(MAX_DISPLAY_NAME_CHARS + 1)).is_err());
        assert!(DisplayName::parse("Ana\u{0007}").is_err());
    }

    #[test]
    fn password_needs_ten_characters_counted_as_characters() {
        assert_eq!(NewPassword::parse("123456789"), Err(AccountInputError::PasswordTooShort));
        assert!(NewPassword::parse("1234567890").is_ok());
        assert!(NewPassword::parse("éééééééééé").is_ok(), "ten characters, twenty bytes");
        assert_eq!(
            NewPassword::parse(&"x".repeat(MAX_PASSWORD_CHARS + 1)),
            Err(AccountInputError::PasswordTooLong)
        );
    }

    #[test]
    fn password_debug_is_redacted() {
        let password = NewPassword::parse("correct horse battery").expect("valid");
        assert!(!format!("{password:?}").contains("horse"));
    }
}
