//! Recovery codes: ten single-use backup codes, issued with every method
//! enrollment and on `recovery regenerate`, stored only as salted hashes.
//!
//! A code is 18 characters from a 30-symbol alphabet without look-alikes (no
//! 0/o, 1/i/l, u/v), in three groups of six: log2(30) × 18 ≈ 88.3 bits of
//! randomness, above the 80 bits asked for. Because the codes are long random
//! strings, a single SHA-256 with a per-set salt is enough to store them (no
//! password hashing needed), and input is compared in constant time against
//! every slot.

use super::secret;
use super::time::Timestamp;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub const COUNT: usize = 10;
pub const ALPHABET: &[u8; 30] = b"23456789abcdefghjkmnpqrstvwxyz";
pub const CODE_CHARS: usize = 18;
pub const GROUP: usize = 6;
/// After a use, warn when this many or fewer remain.
pub const WARN_AT: usize = 3;

/// One of the ten slots of a set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    // Short names: ten of these are in every enrolled user's record.
    #[serde(rename = "h", with = "secret::b64_bytes")]
    pub hash: [u8; 16],
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub used_at: Option<Timestamp>,
}

/// A user's current set of recovery codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoverySet {
    #[serde(with = "secret::b64_bytes")]
    pub salt: [u8; 16],
    pub issued_at: Timestamp,
    pub slots: Vec<Slot>,
}

/// Why a recovery code was not accepted.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    Wrong,
    /// The code is one of the set but was used before (at this time).
    AlreadyUsed(Timestamp),
}

/// A freshly issued set and the codes in clear, to show once.
pub struct Issued {
    pub set: RecoverySet,
    pub codes: Vec<Zeroizing<String>>,
}

impl RecoverySet {
    /// Ten new codes.
    pub fn issue(
        now: Timestamp,
        rng: &dyn secret::Randomness,
    ) -> Result<Issued, secret::RandomnessError> {
        let salt = secret::bytes_from::<16>(rng)?;
        let mut slots = Vec::with_capacity(COUNT);
        let mut codes = Vec::with_capacity(COUNT);
        while codes.len() < COUNT {
            let mut raw = Zeroizing::new(String::with_capacity(CODE_CHARS));
            for _ in 0..CODE_CHARS {
                raw.push(char::from(ALPHABET[secret::below_from(rng, 30)? as usize]));
            }
            slots.push(Slot {
                hash: hash_code(&salt, &raw),
                used_at: None,
            });
            codes.push(format_code(&raw));
        }
        Ok(Issued {
            set: RecoverySet {
                salt,
                issued_at: now,
                slots,
            },
            codes,
        })
    }

    pub fn remaining(&self) -> usize {
        self.slots.iter().filter(|s| s.used_at.is_none()).count()
    }

    /// Uses the code `normalized` (see [`normalize`]); returns the 1-based
    /// slot number. Every slot is compared, used or not, so timing says
    /// nothing about which one matched.
    pub fn redeem(&mut self, normalized: &str, now: Timestamp) -> Result<usize, Failure> {
        let hash = hash_code(&self.salt, normalized);
        let mut found = None;
        for (i, slot) in self.slots.iter().enumerate() {
            if secret::ct_eq(&slot.hash, &hash) && found.is_none() {
                found = Some(i);
            }
        }
        let i = found.ok_or(Failure::Wrong)?;
        match self.slots[i].used_at {
            Some(at) => Err(Failure::AlreadyUsed(at)),
            None => {
                self.slots[i].used_at = Some(now);
                Ok(i + 1)
            }
        }
    }
}

fn hash_code(salt: &[u8; 16], normalized: &str) -> [u8; 16] {
    let full = secret::sha256(&[b"stepup-recovery-v1", salt, normalized.as_bytes()]);
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// `abcdefghjkmnpqrstv` as `abcdef-ghjkmn-pqrstv`.
fn format_code(raw: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(CODE_CHARS + 2));
    for (i, c) in raw.chars().enumerate() {
        if i > 0 && i % GROUP == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

/// Whether `cleaned` (lower-case, no separators) has the shape of a recovery
/// code. Used to tell recovery codes from 6-digit codes in the same prompt.
pub fn looks_like_code(cleaned: &str) -> bool {
    cleaned.len() == CODE_CHARS && cleaned.bytes().all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::code::{CodeInput, parse_code};

    fn normalized(code: &str) -> String {
        match parse_code(code).unwrap() {
            CodeInput::Recovery(c) => c.to_string(),
            other => panic!("not a recovery code: {other:?}"),
        }
    }

    #[test]
    fn sets_have_ten_distinct_well_formed_codes() {
        let issued = RecoverySet::issue(Timestamp(1), &secret::OsRandomness).unwrap();
        assert_eq!(issued.codes.len(), COUNT);
        assert_eq!(issued.set.remaining(), COUNT);
        let mut seen = std::collections::HashSet::new();
        for code in &issued.codes {
            assert_eq!(code.len(), CODE_CHARS + 2, "{}", code.as_str());
            assert_eq!(code.matches('-').count(), 2);
            assert!(seen.insert(code.to_string()));
            assert!(!code.contains(['0', '1', 'i', 'l', 'o', 'u']));
        }
    }

    #[test]
    fn entropy_is_at_least_80_bits() {
        let bits = (ALPHABET.len() as f64).log2() * CODE_CHARS as f64;
        assert!(bits >= 80.0, "{bits}");
        let unique: std::collections::BTreeSet<u8> = ALPHABET.iter().copied().collect();
        assert_eq!(unique.len(), ALPHABET.len(), "no repeated symbols");
    }

    #[test]
    fn codes_are_single_use_and_forgiving() {
        let mut issued = RecoverySet::issue(Timestamp(1), &secret::OsRandomness).unwrap();
        let code = issued.codes[3].to_string();
        let sloppy = format!(" {} ", code.to_uppercase().replace('-', " "));
        assert_eq!(
            issued.set.redeem(&normalized(&sloppy), Timestamp(50)),
            Ok(4)
        );
        assert_eq!(issued.set.remaining(), COUNT - 1);
        assert_eq!(
            issued.set.redeem(&normalized(&code), Timestamp(60)),
            Err(Failure::AlreadyUsed(Timestamp(50)))
        );
        assert_eq!(
            issued.set.redeem("222222222222222222", Timestamp(60)),
            Err(Failure::Wrong)
        );
    }

    #[test]
    fn a_new_set_replaces_the_old_one() {
        let old = RecoverySet::issue(Timestamp(1), &secret::OsRandomness).unwrap();
        let mut new = RecoverySet::issue(Timestamp(2), &secret::OsRandomness).unwrap();
        let old_code = normalized(&old.codes[0]);
        assert_eq!(new.set.redeem(&old_code, Timestamp(3)), Err(Failure::Wrong));
    }

    #[test]
    fn nothing_in_the_stored_set_reveals_a_code() {
        let issued = RecoverySet::issue(Timestamp(1), &secret::OsRandomness).unwrap();
        let stored = serde_json::to_string(&issued.set).unwrap();
        for code in &issued.codes {
            assert!(!stored.contains(&normalized(code)));
        }
    }
}
