//! Randomness and hashing for ids, session cookies, invite links and API tokens.
//!
//! Bearer secrets (session tokens, invite tokens, API tokens) are stored only as SHA-256 hashes:
//! they are 256 random bits, so a fast hash is enough, and a leaked database lets nobody sign in.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use mockloop_core::Id;
use sha2::{Digest, Sha256};

/// Fills `N` bytes from the operating system's CSPRNG.
///
/// # Panics
/// When the OS has no randomness to give, which leaves no safe way to continue.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random number generator failed");
    bytes
}

pub fn new_id() -> Id {
    Id::from_random_bytes(random_bytes())
}

/// A URL-safe bearer secret of 256 bits, with a prefix that tells what it is for when it turns up
/// in a log or a paste (`ml_` API tokens, `inv_` invites).
pub fn new_token(prefix: &str) -> String {
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(random_bytes::<32>()))
}

pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Current time in unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_prefixed() {
        let a = new_token("inv_");
        let b = new_token("inv_");
        assert!(a.starts_with("inv_"));
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 43);
    }

    #[test]
    fn hash_is_hex_sha256() {
        assert_eq!(hash_token("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
