//! [`Secret`]: the one type for a value that must never leak (a client secret, a bearer token,
//! a webhook secret, a private key), shared by the library, the app's keyring vault and the CLI.

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// A secret string. Its `Debug` and `Display` print `<redacted>`, it has no `Serialize`, and its
/// memory is wiped when it is dropped. Comparing two secrets goes through
/// [`Secret::constant_time_eq`], never `==`.
#[derive(Clone)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// A fresh random secret of 32 bytes from the operating system's cryptographic random
    /// generator, hex encoded (e.g. for the webhook header).
    pub fn random() -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut()).map_err(|e| {
            Error::Config(format!(
                "the system's random generator is unavailable ({e})"
            ))
        })?;
        let mut s = Zeroizing::new(String::with_capacity(64));
        for byte in bytes.iter() {
            s.push(char::from(HEX[usize::from(byte >> 4)]));
            s.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        Ok(Secret(s))
    }

    /// The value itself, for the one place that must send or store it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Compares with `other` in time that depends only on the lengths, not on the contents.
    pub fn constant_time_eq(&self, other: &[u8]) -> bool {
        let mine = self.0.as_bytes();
        if mine.len() != other.len() {
            return false;
        }
        mine.iter()
            .zip(other)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_and_compares_in_constant_time() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?} {s}"), "<redacted> <redacted>");
        assert_eq!(s.expose(), "hunter2");
        assert!(s.constant_time_eq(b"hunter2"));
        assert!(!s.constant_time_eq(b"hunter3"));
        assert!(!s.constant_time_eq(b"hunter"));
    }

    #[test]
    fn random_secrets_are_64_hex_digits_and_differ() {
        let a = Secret::random().expect("rng");
        let b = Secret::random().expect("rng");
        assert_eq!(a.expose().len(), 64);
        assert!(a.expose().bytes().all(|c| c.is_ascii_hexdigit()));
        assert!(!a.constant_time_eq(b.expose().as_bytes()));
    }
}
