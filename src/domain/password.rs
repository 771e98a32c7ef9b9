//! Passwords: the rules a new password must meet, argon2id hashing, and
//! verification that takes the same time whether or not the user exists.
//!
//! Rules follow NIST SP 800-63B 3.1.1.2: 8 to 128 characters of any kind,
//! normalised with NFKC before hashing and never truncated; refused when equal
//! to the user name or on a list of common passwords. No composition rules.

use super::secret::{Randomness, RandomnessError, bytes_from};
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordVerifier, Version};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 128;

/// The common-password list: 30,000 entries, most common first (see
/// `common-passwords.LICENSE` next to it for where it comes from).
const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

/// The argon2id cost parameters, from the configuration.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for Cost {
    /// OWASP's recommendation, which is also argon2's default.
    fn default() -> Self {
        Cost {
            memory_kib: Params::DEFAULT_M_COST,
            iterations: Params::DEFAULT_T_COST,
            parallelism: Params::DEFAULT_P_COST,
        }
    }
}

/// Why a password could not be hashed, or an imported hash is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error("invalid argon2 parameters: {0}")]
    Parameters(String),
    #[error(transparent)]
    Randomness(#[from] RandomnessError),
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error("password_hash is not a PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)")]
    NotPhc,
    #[error("password_hash uses {}, not argon2", crate::domain::names::printable(.0))]
    NotArgon2(String),
    #[error("password_hash has no salt or no hash part")]
    Incomplete,
    #[error("password_hash has bad argon2 parameters: {0}")]
    BadParameters(String),
    #[error(
        "password_hash asks for m={} KiB, t={}, p={}: more than stepup verifies (m ≤ {}, t ≤ {}, p ≤ {})",
        .0.memory_kib, .0.iterations, .0.parallelism,
        MAX_IMPORTED.memory_kib, MAX_IMPORTED.iterations, MAX_IMPORTED.parallelism
    )]
    TooCostly(Cost),
}

impl Cost {
    fn params(&self) -> Result<Params, HashError> {
        Params::new(self.memory_kib, self.iterations, self.parallelism, None)
            .map_err(|e| HashError::Parameters(e.to_string()))
    }

    /// Checks the parameters without hashing anything.
    pub fn validate(&self) -> Result<(), HashError> {
        self.params().map(|_| ())
    }

    fn hasher(&self) -> Result<Argon2<'static>, HashError> {
        Ok(Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            self.params()?,
        ))
    }
}

/// Why a new password was refused. The message is shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("the password is empty")]
    Empty,
    #[error("the password is only white space")]
    Blank,
    #[error("the password has {0} characters; use at least {MIN_LEN}")]
    TooShort(usize),
    #[error("the password has {0} characters; use at most {MAX_LEN}")]
    TooLong(usize),
    #[error("the password is the same as the user name")]
    SameAsName,
    #[error("the password is on the list of commonly used passwords (rank {0} of 30,000)")]
    Common(usize),
}

/// A password as the user typed it, normalised with NFKC. Its memory is wiped
/// when dropped.
pub struct Password(Zeroizing<String>);

impl Password {
    pub fn new(raw: &str) -> Password {
        Password(Zeroizing::new(raw.nfkc().collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }

    /// Checks the length only: what a password being *verified* must meet, so
    /// that empty or huge input is refused before any hashing.
    pub fn check_length(&self) -> Result<(), Rejection> {
        if !self.0.is_empty() && self.0.chars().all(char::is_whitespace) {
            return Err(Rejection::Blank);
        }
        match self.char_count() {
            0 => Err(Rejection::Empty),
            n if n < MIN_LEN => Err(Rejection::TooShort(n)),
            n if n > MAX_LEN => Err(Rejection::TooLong(n)),
            _ => Ok(()),
        }
    }

    /// Checks every rule a *new* password must meet for the user `user_name`.
    pub fn check_new(&self, user_name: &str) -> Result<(), Rejection> {
        self.check_length()?;
        let lower = Zeroizing::new(self.0.to_lowercase());
        if *lower == user_name.to_lowercase() {
            return Err(Rejection::SameAsName);
        }
        if let Some(rank) = common_rank(&lower) {
            return Err(Rejection::Common(rank));
        }
        Ok(())
    }
}

/// The 1-based rank of `lower` in the common-password list, if it is there.
fn common_rank(lower: &str) -> Option<usize> {
    COMMON_PASSWORDS
        .lines()
        .position(|entry| entry == lower)
        .map(|i| i + 1)
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`)
/// with a fresh 16-byte salt from `rng`.
pub fn hash(password: &Password, cost: &Cost, rng: &dyn Randomness) -> Result<String, HashError> {
    Hasher::new(cost)?.hash(password, rng)
}

/// Hashes many passwords with one argon2 memory area, reused from hash to
/// hash. Allocating (and page-faulting in) 19 MiB per hash, and unmapping it
/// again, costs a bulk import on several threads about a tenth of its speed.
pub struct Hasher {
    argon2: Argon2<'static>,
    params: Params,
    memory: Vec<argon2::Block>,
}

impl Hasher {
    pub fn new(cost: &Cost) -> Result<Hasher, HashError> {
        let params = cost.params()?;
        Ok(Hasher {
            argon2: cost.hasher()?,
            memory: vec![argon2::Block::new(); params.block_count()],
            params,
        })
    }

    pub fn hash(&mut self, password: &Password, rng: &dyn Randomness) -> Result<String, HashError> {
        use argon2::password_hash::phc::{Output, ParamsString, Salt};
        let fail = |e: &dyn std::fmt::Display| HashError::Hashing(e.to_string());
        let salt = bytes_from::<16>(rng)?;
        let mut out = Zeroizing::new([0u8; Params::DEFAULT_OUTPUT_LEN]);
        self.argon2
            .hash_password_into_with_memory(
                password.as_str().as_bytes(),
                &salt,
                out.as_mut(),
                &mut self.memory,
            )
            .map_err(|e| fail(&e))?;
        let phc = PasswordHash {
            algorithm: argon2::ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&self.params).map_err(|e| fail(&e))?,
            salt: Some(Salt::new(&salt).map_err(|e| fail(&e))?),
            hash: Some(Output::new(out.as_ref()).map_err(|e| fail(&e))?),
        };
        Ok(phc.to_string())
    }
}

/// Whether `password` matches the PHC string `stored`. A stored hash that does
/// not parse never matches.
pub fn verify(password: &Password, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    // Verification uses the parameters recorded in the hash, not `Argon2`'s.
    Argon2::default()
        .verify_password(password.as_str().as_bytes(), &parsed)
        .is_ok()
}

/// The work of one verification at `cost`, spent when the user does not exist,
/// so that "unknown user" and "wrong password" take about the same time.
pub fn verify_against_dummy(password: &Password, cost: &Cost) {
    if let Ok(hasher) = cost.hasher() {
        let mut out = Zeroizing::new([0u8; 32]);
        let _ = hasher.hash_password_into(
            password.as_str().as_bytes(),
            b"stepup-dummy-salt",
            out.as_mut(),
        );
    }
}

/// Whether a stored hash was made with weaker settings than `cost` (or another
/// algorithm) and should be replaced after the next successful login.
pub fn needs_upgrade(stored: &str, cost: &Cost) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return true;
    };
    if parsed.algorithm.as_str() != "argon2id" || parsed.version != Some(0x13) {
        return true;
    }
    match Params::try_from(&parsed) {
        Ok(p) => p.m_cost() < cost.memory_kib || p.t_cost() < cost.iterations,
        Err(_) => true,
    }
}

/// Largest argon2 parameters accepted in an imported hash: a hash with huge
/// ones would make every login attempt for that user exhaust memory or time.
pub const MAX_IMPORTED: Cost = Cost {
    memory_kib: 1024 * 1024,
    iterations: 64,
    parallelism: 64,
};

/// Checks an argon2 PHC string from another system (for imports): it must
/// parse, carry a salt and a hash, and have parameters within
/// [`MAX_IMPORTED`].
pub fn check_imported_phc(stored: &str) -> Result<(), HashError> {
    let parsed = PasswordHash::new(stored).map_err(|_| HashError::NotPhc)?;
    if !parsed.algorithm.as_str().starts_with("argon2") {
        return Err(HashError::NotArgon2(parsed.algorithm.as_str().to_string()));
    }
    if parsed.salt.is_none() || parsed.hash.is_none() {
        return Err(HashError::Incomplete);
    }
    let p = Params::try_from(&parsed).map_err(|e| HashError::BadParameters(e.to_string()))?;
    if p.m_cost() > MAX_IMPORTED.memory_kib
        || p.t_cost() > MAX_IMPORTED.iterations
        || p.p_cost() > MAX_IMPORTED.parallelism
    {
        return Err(HashError::TooCostly(Cost {
            memory_kib: p.m_cost(),
            iterations: p.t_cost(),
            parallelism: p.p_cost(),
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::secret::OsRandomness;

    fn cheap() -> Cost {
        Cost {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        }
    }

    #[test]
    fn hashes_verify_and_carry_their_parameters() {
        let pw = Password::new("correct horse battery");
        let phc = hash(&pw, &cheap(), &OsRandomness).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{phc}");
        assert!(verify(&pw, &phc));
        assert!(!verify(&Password::new("correct horse batterz"), &phc));
        assert!(!verify(&pw, "not a phc string"));
        // A fresh salt each time.
        assert_ne!(phc, hash(&pw, &cheap(), &OsRandomness).unwrap());
        // A reused memory area gives hashes as good as fresh ones.
        let mut hasher = Hasher::new(&cheap()).unwrap();
        for other in ["one long passphrase", "two long passphrases"] {
            let h = hasher.hash(&Password::new(other), &OsRandomness).unwrap();
            assert!(verify(&Password::new(other), &h));
            assert!(!verify(&pw, &h));
        }
    }

    #[test]
    fn weaker_hashes_need_an_upgrade() {
        let pw = Password::new("correct horse battery");
        let phc = hash(&pw, &cheap(), &OsRandomness).unwrap();
        assert!(!needs_upgrade(&phc, &cheap()));
        let stronger = Cost {
            memory_kib: 128,
            ..cheap()
        };
        assert!(needs_upgrade(&phc, &stronger));
        let more_passes = Cost {
            iterations: 2,
            ..cheap()
        };
        assert!(needs_upgrade(&phc, &more_passes));
        assert!(needs_upgrade("garbage", &cheap()));
    }

    #[test]
    fn nfkc_makes_equivalent_input_equal() {
        // U+FB01 (the "fi" ligature) and full-width letters normalise to ASCII.
        let a = Password::new("\u{FB01}ne-ｐａｓｓ-word");
        let b = Password::new("fine-pass-word");
        assert_eq!(a.as_str(), b.as_str());
        let phc = hash(&a, &cheap(), &OsRandomness).unwrap();
        assert!(verify(&b, &phc));
    }

    #[test]
    fn new_password_rules() {
        let check = |p: &str| Password::new(p).check_new("alice-smith");
        assert_eq!(check(""), Err(Rejection::Empty));
        assert_eq!(check("          "), Err(Rejection::Blank));
        assert!(check("  spaced  out  ").is_ok());
        assert_eq!(check("short"), Err(Rejection::TooShort(5)));
        assert_eq!(check(&"x".repeat(129)), Err(Rejection::TooLong(129)));
        assert!(check(&"x-7".repeat(42)).is_ok(), "126 characters are fine");
        assert_eq!(check("Alice-Smith"), Err(Rejection::SameAsName));
        assert_eq!(check("password"), Err(Rejection::Common(2)));
        assert_eq!(check("PassWord"), Err(Rejection::Common(2)));
        assert!(matches!(check("iloveyou"), Err(Rejection::Common(_))));
        assert!(check("tangerine pylon 42").is_ok());
        // Any characters count, multi-byte ones as one each.
        assert!(check("пароль-для-входа").is_ok());
        assert_eq!(check("ключ"), Err(Rejection::TooShort(4)));
    }

    #[test]
    fn the_embedded_list_is_large_enough() {
        assert_eq!(COMMON_PASSWORDS.lines().count(), 30_000);
        assert_eq!(common_rank("123456"), Some(1));
        assert!(common_rank("tangerine pylon 42").is_none());
    }

    #[test]
    fn imported_hashes_are_checked() {
        let good = hash(
            &Password::new("an imported passphrase"),
            &cheap(),
            &OsRandomness,
        )
        .unwrap();
        assert!(check_imported_phc(&good).is_ok());
        let no_hash = good.rsplit_once('$').unwrap().0.to_string();
        assert_eq!(check_imported_phc(&no_hash), Err(HashError::Incomplete));
        let huge = good.replace("m=64,t=1", "m=4194304,t=1");
        assert!(matches!(
            check_imported_phc(&huge),
            Err(HashError::TooCostly(Cost {
                memory_kib: 4194304,
                ..
            }))
        ));
        let slow = good.replace("t=1,", "t=100000,");
        assert!(check_imported_phc(&slow).is_err());
        assert!(
            check_imported_phc("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")
                .is_err()
        );
        assert!(check_imported_phc("plain text").is_err());
    }

    #[test]
    fn cost_is_validated() {
        assert!(Cost::default().validate().is_ok());
        let bad = Cost {
            memory_kib: 1,
            ..Cost::default()
        };
        assert!(bad.validate().is_err());
    }
}
