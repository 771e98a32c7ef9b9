//! Email codes: 6 random digits sent by email, stored as a salted hash, bound
//! to the user (they live in the user's record) and to one purpose (the
//! action being verified, or confirming the email method), expiring after a
//! few minutes, single use, with a limited number of tries. A user has at most
//! one outstanding code: sending a new one voids the previous one, and sends
//! are rate-limited per user.

use super::secret;
use super::stepup::Action;
use super::time::Timestamp;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The numbers, from the configuration.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Seconds a code stays valid.
    pub lifetime: u64,
    /// Seconds between two sends to the same user.
    pub resend_interval: u64,
    /// Wrong tries a code survives.
    pub max_tries: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            lifetime: 10 * 60,
            resend_interval: 60,
            max_tries: 5,
        }
    }
}

/// What an email code is for.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Step-up verification of a sensitive action.
    Verify(Action),
    /// Confirming the email method during enrollment.
    Enroll,
}

/// The outstanding email code of a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub purpose: Purpose,
    #[serde(with = "secret::b64_bytes")]
    pub salt: [u8; 16],
    /// Of the code with the salt; never the code itself.
    #[serde(with = "secret::b64_bytes")]
    pub hash: [u8; 16],
    pub sent_at: Timestamp,
    pub expires_at: Timestamp,
    pub tries: u32,
    /// For enrollment: the hash of the session that started it, so another
    /// session of the same user cannot finish it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// Why a code was not accepted.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No code was sent for this purpose (or it was used or voided).
    NotSent,
    Expired,
    /// The code is void after too many wrong tries.
    TooManyTries,
    /// Wrong; this many tries are left on this code.
    Wrong {
        tries_left: u32,
    },
}

/// Whether a code may be sent at `now`; otherwise, seconds to wait.
pub fn may_send(last_sent: Option<Timestamp>, now: Timestamp, rules: &Rules) -> Result<(), u64> {
    match last_sent {
        Some(at) => match now.seconds_until(at.plus(rules.resend_interval)) {
            0 => Ok(()),
            wait => Err(wait),
        },
        None => Ok(()),
    }
}

impl Challenge {
    /// A new code for `purpose`; returns the challenge to store and the code
    /// to send.
    pub fn issue(
        purpose: Purpose,
        now: Timestamp,
        rules: &Rules,
        session: Option<String>,
        rng: &dyn secret::Randomness,
    ) -> Result<(Challenge, Zeroizing<String>), secret::RandomnessError> {
        let code = Zeroizing::new(format!("{:06}", secret::below_from(rng, 1_000_000)?));
        let salt = secret::bytes_from::<16>(rng)?;
        let challenge = Challenge {
            purpose,
            salt,
            hash: hash_code(&salt, &code),
            sent_at: now,
            expires_at: now.plus(rules.lifetime),
            tries: 0,
            session,
        };
        Ok((challenge, code))
    }

    /// Checks `code` (six ASCII digits) for `purpose` at `now`. Counts a
    /// wrong try; the caller removes the challenge after a success or when
    /// it is expired or used up.
    pub fn check(
        &mut self,
        code: &str,
        purpose: Purpose,
        now: Timestamp,
        rules: &Rules,
    ) -> Result<(), Failure> {
        if self.purpose != purpose {
            return Err(Failure::NotSent);
        }
        if now >= self.expires_at {
            return Err(Failure::Expired);
        }
        if self.tries >= rules.max_tries {
            return Err(Failure::TooManyTries);
        }
        if secret::ct_eq(&hash_code(&self.salt, code), &self.hash) {
            Ok(())
        } else {
            self.tries += 1;
            Err(Failure::Wrong {
                tries_left: rules.max_tries.saturating_sub(self.tries),
            })
        }
    }

    /// Whether the challenge can still be answered at `now`.
    pub fn is_live(&self, now: Timestamp, rules: &Rules) -> bool {
        now < self.expires_at && self.tries < rules.max_tries
    }
}

fn hash_code(salt: &[u8; 16], code: &str) -> [u8; 16] {
    let full = secret::sha256(&[b"stepup-email-v1", salt, code.as_bytes()]);
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::secret::OsRandomness;

    const LOGIN: Purpose = Purpose::Verify(Action::Login);

    #[test]
    fn codes_are_six_digits_and_random() {
        let rules = Rules::default();
        let (_, a) = Challenge::issue(LOGIN, Timestamp(0), &rules, None, &OsRandomness).unwrap();
        let (_, b) = Challenge::issue(LOGIN, Timestamp(0), &rules, None, &OsRandomness).unwrap();
        assert_eq!(a.len(), 6);
        assert!(a.bytes().all(|c| c.is_ascii_digit()));
        // Two equal draws happen one time in a million.
        let (_, c) = Challenge::issue(LOGIN, Timestamp(0), &rules, None, &OsRandomness).unwrap();
        assert!(a != b || b != c);
    }

    #[test]
    fn the_right_code_passes_and_the_hash_hides_it() {
        let rules = Rules::default();
        let (mut ch, code) =
            Challenge::issue(LOGIN, Timestamp(100), &rules, None, &OsRandomness).unwrap();
        assert!(!serde_json::to_string(&ch).unwrap().contains(code.as_str()));
        assert_eq!(ch.check(&code, LOGIN, Timestamp(101), &rules), Ok(()));
    }

    #[test]
    fn codes_are_bound_to_their_purpose() {
        let rules = Rules::default();
        let (mut ch, code) =
            Challenge::issue(LOGIN, Timestamp(100), &rules, None, &OsRandomness).unwrap();
        let passwd = Purpose::Verify(Action::ChangePassword);
        assert_eq!(
            ch.check(&code, passwd, Timestamp(101), &rules),
            Err(Failure::NotSent)
        );
        assert_eq!(
            ch.check(&code, Purpose::Enroll, Timestamp(101), &rules),
            Err(Failure::NotSent)
        );
    }

    #[test]
    fn codes_expire() {
        let rules = Rules::default();
        let (mut ch, code) =
            Challenge::issue(LOGIN, Timestamp(100), &rules, None, &OsRandomness).unwrap();
        assert_eq!(
            ch.check(&code, LOGIN, Timestamp(100 + 600), &rules),
            Err(Failure::Expired)
        );
        let (mut ch, code) =
            Challenge::issue(LOGIN, Timestamp(100), &rules, None, &OsRandomness).unwrap();
        assert_eq!(ch.check(&code, LOGIN, Timestamp(100 + 599), &rules), Ok(()));
    }

    #[test]
    fn five_wrong_tries_void_the_code() {
        let rules = Rules::default();
        let (mut ch, code) =
            Challenge::issue(LOGIN, Timestamp(0), &rules, None, &OsRandomness).unwrap();
        let wrong = if code.as_str() == "000000" {
            "000001"
        } else {
            "000000"
        };
        for left in (0..5).rev() {
            assert_eq!(
                ch.check(wrong, LOGIN, Timestamp(1), &rules),
                Err(Failure::Wrong { tries_left: left })
            );
        }
        assert!(!ch.is_live(Timestamp(1), &rules));
        assert_eq!(
            ch.check(&code, LOGIN, Timestamp(1), &rules),
            Err(Failure::TooManyTries)
        );
    }

    #[test]
    fn sends_are_rate_limited() {
        let rules = Rules::default();
        assert_eq!(may_send(None, Timestamp(10), &rules), Ok(()));
        assert_eq!(
            may_send(Some(Timestamp(10)), Timestamp(10), &rules),
            Err(60)
        );
        assert_eq!(may_send(Some(Timestamp(10)), Timestamp(69), &rules), Err(1));
        assert_eq!(may_send(Some(Timestamp(10)), Timestamp(70), &rules), Ok(()));
    }
}
