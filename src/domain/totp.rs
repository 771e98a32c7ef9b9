//! Authenticator-app codes: RFC 6238 TOTP with SHA-1, 6 digits and 30-second
//! steps, accepting one step either side of now, on top of totp-rs.
//!
//! Replay protection: the caller keeps the last accepted step for the user and
//! passes it in; a code is accepted only for a step later than that one, so a
//! code (or any earlier one) is never accepted twice.

use super::secret;
use super::time::Timestamp;
use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm, Builder, Secret, Totp};
use zeroize::{Zeroize, ZeroizeOnDrop};

pub const SECRET_LEN: usize = 20;
pub const DIGITS: u8 = 6;
pub const STEP_SECONDS: u64 = 30;
pub const SKEW_STEPS: u64 = 1;

/// A 160-bit TOTP shared secret. Wiped from memory when dropped.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct TotpSecret(#[serde(with = "secret::b64_bytes")] [u8; SECRET_LEN]);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret, not even in a debug dump.
        f.write_str("TotpSecret(…)")
    }
}

/// Why a TOTP code was not accepted.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No step in the window produces this code.
    Wrong,
    /// The code is right but its step was already used.
    Replayed,
}

impl TotpSecret {
    /// A fresh secret from `rng`.
    pub fn generate(rng: &dyn secret::Randomness) -> Result<TotpSecret, secret::RandomnessError> {
        Ok(TotpSecret(secret::bytes_from::<SECRET_LEN>(rng)?))
    }

    pub fn from_bytes(bytes: [u8; SECRET_LEN]) -> TotpSecret {
        TotpSecret(bytes)
    }

    /// The raw secret, for storage only.
    pub fn as_bytes(&self) -> &[u8; SECRET_LEN] {
        &self.0
    }

    /// RFC 4648 base32 without padding, as authenticator apps expect it.
    pub fn base32(&self) -> String {
        Secret::from(self.0.to_vec()).to_base32()
    }

    fn totp(&self) -> Totp {
        totp_for(&self.0)
    }

    /// The code shown at `time` (Unix seconds).
    pub fn code_at(&self, time: u64) -> String {
        self.totp().generate(time).to_string()
    }

    /// Checks `code` at `now`; returns the step it matched, which must be
    /// later than `last_step`.
    pub fn verify(
        &self,
        code: &str,
        now: Timestamp,
        last_step: Option<u64>,
    ) -> Result<u64, Failure> {
        verify_with(&self.totp(), code, now, last_step)
    }

    /// The `otpauth://` URI an authenticator app imports (Key Uri Format):
    /// `otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER`,
    /// percent-encoded, no padding.
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> Result<String, SecretError> {
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(DIGITS)
            .with_step_duration(STEP_SECONDS)
            .with_secret(self.0.to_vec())
            .with_issuer(Some(issuer))
            .with_account_name(account)
            .build()
            .and_then(|t| t.to_url())
            .map_err(|e| SecretError::Uri(e.to_string()))
    }
}

/// A TOTP generator for any secret length (the `totp-code` command accepts
/// secrets made elsewhere, which may be shorter than ours).
fn totp_for(secret: &[u8]) -> Totp {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS)
        .with_step_duration(STEP_SECONDS)
        .with_skew(0)
        .with_secret(secret.to_vec())
        .build_noncompliant()
}

fn verify_with(
    totp: &Totp,
    code: &str,
    now: Timestamp,
    last_step: Option<u64>,
) -> Result<u64, Failure> {
    let current = now.0 / STEP_SECONDS;
    let mut matched_old = false;
    // Every step of the window is computed and compared (the comparison is
    // constant-time), so the answer's timing does not depend on which matched.
    let mut accepted = None;
    for step in current.saturating_sub(SKEW_STEPS)..=current + SKEW_STEPS {
        let expected = totp.generate(step * STEP_SECONDS).to_string();
        if secret::ct_eq(expected.as_bytes(), code.as_bytes()) {
            if last_step.is_some_and(|last| step <= last) {
                matched_old = true;
            } else if accepted.is_none() {
                accepted = Some(step);
            }
        }
    }
    match accepted {
        Some(step) => Ok(step),
        None if matched_old => Err(Failure::Replayed),
        None => Err(Failure::Wrong),
    }
}

/// Why a pasted authenticator secret (or its URI) is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("the secret is empty")]
    Empty,
    #[error(
        "the secret contains {}, which is not a base32 character (A-Z, 2-7)",
        super::names::describe_char(*.0)
    )]
    NotBase32(char),
    #[error("the secret is not valid base32")]
    BadLength,
    #[error("the secret is {0} bits; authenticator secrets are at least 80 bits")]
    TooShort(usize),
    #[error("cannot build the otpauth URI: {0}")]
    Uri(String),
}

/// Parses a base32 secret as people paste it: any case, spaces, hyphens and
/// `=` padding allowed. Returns the raw bytes.
pub fn parse_base32(input: &str) -> Result<Vec<u8>, SecretError> {
    let cleaned: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if cleaned.is_empty() {
        return Err(SecretError::Empty);
    }
    if let Some(bad) = cleaned
        .chars()
        .find(|c| !matches!(c, 'A'..='Z' | '2'..='7'))
    {
        return Err(SecretError::NotBase32(bad));
    }
    let bytes = Secret::try_from_base32(&cleaned)
        .map_err(|_| SecretError::BadLength)?
        .as_bytes()
        .to_vec();
    if bytes.len() < 10 {
        return Err(SecretError::TooShort(bytes.len() * 8));
    }
    Ok(bytes)
}

/// The code an authenticator app shows at `time` for a secret of any length,
/// and how many seconds it stays valid.
pub fn code_for_raw_secret(secret: &[u8], time: u64) -> (String, u64) {
    let totp = totp_for(secret);
    (
        totp.generate(time).to_string(),
        STEP_SECONDS - time % STEP_SECONDS,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B: the SHA-1 column, with the 20-byte ASCII secret
    /// "12345678901234567890" and 8 digits; our 6-digit codes are the last six.
    const RFC6238_SHA1: [(u64, &str); 6] = [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ];

    fn rfc_secret() -> TotpSecret {
        TotpSecret::from_bytes(*b"12345678901234567890")
    }

    #[test]
    fn rfc6238_appendix_b_vectors_pass() {
        let s = rfc_secret();
        for (time, eight) in RFC6238_SHA1 {
            assert_eq!(s.code_at(time), eight[2..], "at {time}");
            assert_eq!(
                s.verify(&eight[2..], Timestamp(time), None)
                    .map(|st| st * 30 <= time),
                Ok(true)
            );
        }
        // And through the 8-digit generator, to check the vectors themselves.
        let eight = Builder::new()
            .with_digits(8)
            .with_secret(b"12345678901234567890".to_vec())
            .build_noncompliant();
        for (time, code) in RFC6238_SHA1 {
            assert_eq!(eight.generate(time).to_string(), code);
        }
    }

    #[test]
    fn one_step_of_skew_either_side() {
        let s = rfc_secret();
        let now = Timestamp(1_234_567_890);
        let step = now.0 / 30;
        assert_eq!(s.verify(&s.code_at(now.0 - 30), now, None), Ok(step - 1));
        assert_eq!(s.verify(&s.code_at(now.0 + 30), now, None), Ok(step + 1));
        assert_eq!(
            s.verify(&s.code_at(now.0 - 60), now, None),
            Err(Failure::Wrong)
        );
        assert_eq!(
            s.verify(&s.code_at(now.0 + 60), now, None),
            Err(Failure::Wrong)
        );
        assert_eq!(s.verify("000000x", now, None), Err(Failure::Wrong));
    }

    #[test]
    fn a_step_is_never_accepted_twice_nor_an_earlier_one() {
        let s = rfc_secret();
        let now = Timestamp(1_234_567_890);
        let code = s.code_at(now.0);
        let step = s.verify(&code, now, None).unwrap();
        assert_eq!(s.verify(&code, now, Some(step)), Err(Failure::Replayed));
        // The previous step's code, still inside the window, is refused too.
        let earlier = s.code_at(now.0 - 30);
        assert_eq!(s.verify(&earlier, now, Some(step)), Err(Failure::Replayed));
        // The next step's code is fine.
        let later = s.code_at(now.0 + 30);
        assert_eq!(s.verify(&later, now, Some(step)), Ok(step + 1));
    }

    #[test]
    fn secrets_are_160_bits_and_unique() {
        let a = TotpSecret::generate(&secret::OsRandomness).unwrap();
        let b = TotpSecret::generate(&secret::OsRandomness).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.base32().len(), 32, "160 bits = 32 base32 characters");
        assert!(!a.base32().contains('='));
        assert!(!format!("{a:?}").contains(&a.base32()));
    }

    #[test]
    fn otpauth_uri_has_the_key_uri_format() {
        let s = rfc_secret();
        let uri = s.otpauth_uri("Acme Corp", "alice@acme").unwrap();
        assert_eq!(
            uri,
            "otpauth://totp/Acme%20Corp:alice%40acme?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme%20Corp"
        );
    }

    #[test]
    fn base32_input_is_forgiving_but_checked() {
        let want = b"12345678901234567890".to_vec();
        assert_eq!(
            parse_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap(),
            want
        );
        assert_eq!(
            parse_base32("gezd gnbv gy3t qojq gezd-gnbv gy3t qojq\n").unwrap(),
            want
        );
        assert_eq!(
            parse_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ====").unwrap(),
            want
        );
        assert!(parse_base32("").is_err());
        assert!(parse_base32("GEZD1").is_err());
        assert!(parse_base32("GEZDGNBV").is_err(), "40 bits is too short");
        assert!(
            parse_base32("\u{1b}[2J")
                .unwrap_err()
                .to_string()
                .contains("U+001B")
        );
    }
}
