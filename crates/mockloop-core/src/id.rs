//! Opaque record identifiers.
//!
//! Ids are 128 random bits written as 26 lowercase Crockford base32 characters. Random ids, unlike
//! database sequences, reveal nothing about how many circles or users exist, survive export/import
//! unchanged and never collide between the SQLite and PostgreSQL backends.

use std::fmt;

use serde::{Deserialize, Serialize};

const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
/// Length of an id's text form: ceil(128 / 5).
pub const ID_LEN: usize = 26;

/// A parsed identifier; holding one proves the text has the right shape.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Id(String);

/// Why a piece of text is not an id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid id: expected {ID_LEN} characters of 0-9 and a-z")]
pub struct IdError;

impl Id {
    /// Encodes 16 random bytes; the caller supplies the randomness so this stays pure.
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        let mut value = u128::from_be_bytes(bytes);
        let mut text = [0u8; ID_LEN];
        for slot in text.iter_mut().rev() {
            *slot = ALPHABET[(value & 31) as usize];
            value >>= 5;
        }
        Self(text.iter().map(|&b| b as char).collect())
    }

    pub fn parse(text: &str) -> Result<Self, IdError> {
        let well_formed = text.len() == ID_LEN
            && text.bytes().all(|b| ALPHABET.contains(&b))
            // 26 * 5 = 130 bits: the first character carries only the top 3 bits.
            && text.as_bytes()[0] <= b'7';
        if well_formed {
            Ok(Self(text.to_owned()))
        } else {
            Err(IdError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Id {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Id> for String {
    fn from(id: Id) -> Self {
        id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_encoded_id_parses_back(bytes in any::<[u8; 16]>()) {
            let id = Id::from_random_bytes(bytes);
            prop_assert_eq!(Id::parse(id.as_str()), Ok(id.clone()));
        }

        #[test]
        fn distinct_bytes_give_distinct_ids(a in any::<[u8; 16]>(), b in any::<[u8; 16]>()) {
            prop_assume!(a != b);
            prop_assert_ne!(Id::from_random_bytes(a), Id::from_random_bytes(b));
        }
    }

    #[test]
    fn rejects_wrong_length_case_and_alphabet() {
        assert!(Id::parse("").is_err());
        assert!(Id::parse("0123456789abcdefghjkmnpqr").is_err());
        assert!(Id::parse("0123456789ABCDEFGHJKMNPQRS").is_err());
        assert!(Id::parse("0123456789abcdefghjkmnpqri").is_err(), "i is not in the alphabet");
        assert!(Id::parse("81234567890123456789012345").is_err(), "overflows 128 bits");
        assert!(Id::parse("../../etc/passwd").is_err());
    }
}
