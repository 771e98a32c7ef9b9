//! Error kinds and their exit codes, in one place.
//!
//! Every failure a user can meet is an [`Error`] with a kind that decides the
//! exit code and the JSON `kind`, a message saying what failed, and usually a
//! hint saying what to do next. Anything else that goes wrong (I/O, a damaged
//! database) is an `anyhow` chain that ends up as a `failure` (exit 1).

use crate::domain::stepup::Action;
use zeroize::Zeroizing;

pub type Result<T, E = anyhow::Error> = std::result::Result<T, E>;

/// Exit codes (SPEC.md).
pub mod exit {
    pub const OK: i32 = 0;
    pub const FAILURE: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const DENIED: i32 = 3;
    pub const LOCKED: i32 = 4;
    pub const CODE_REQUIRED: i32 = 10;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad flags, arguments or input format (exit 2).
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// Wrong password or code, expired or used code, not allowed by role or
    /// policy, or a request that conflicts with the current state (exit 3).
    #[error("{message}")]
    Denied {
        message: String,
        hint: Option<String>,
    },
    /// Too many failed attempts, or the database stayed busy (exit 4).
    #[error("{message}")]
    Locked {
        message: String,
        hint: Option<String>,
        /// None when only an admin can unlock.
        retry_after: Option<u64>,
        /// The database stayed busy (not the account's throttle).
        busy: bool,
    },
    /// A one-time code (or the choice of a method) is needed (exit 10).
    #[error("{}", .0.message)]
    CodeRequired(Box<CodeRequired>),
    /// I/O, unreadable or corrupt database, bad configuration (exit 1).
    #[error("{message}")]
    Failure {
        message: String,
        hint: Option<String>,
    },
}

/// What a script needs to finish a command that stopped for a code.
#[derive(Debug)]
pub struct CodeRequired {
    pub message: String,
    pub action: Action,
    /// `step_up` (verify a sensitive action) or `enroll` (confirm a method).
    pub purpose: &'static str,
    pub options: Vec<&'static str>,
    /// The option in progress, or None while the user has to choose.
    pub method: Option<&'static str>,
    /// Masked address an email code was sent to.
    pub sent_to: Option<String>,
    /// For a pending authenticator enrollment.
    pub enrollment: Option<TotpEnrollment>,
    /// The command line to run next, for people.
    pub next: String,
}

/// What an authenticator app needs, shown during enrollment only.
#[derive(Debug)]
pub struct TotpEnrollment {
    pub secret: Zeroizing<String>,
    pub otpauth_uri: Zeroizing<String>,
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            hint: None,
        }
    }

    pub fn denied(message: impl Into<String>) -> Error {
        Error::Denied {
            message: message.into(),
            hint: None,
        }
    }

    pub fn failure(message: impl Into<String>) -> Error {
        Error::Failure {
            message: message.into(),
            hint: None,
        }
    }

    pub fn locked(message: impl Into<String>, retry_after: Option<u64>) -> Error {
        Error::Locked {
            message: message.into(),
            hint: None,
            retry_after,
            busy: false,
        }
    }

    /// The database stayed busy: exit 4, "try again in a second".
    pub fn busy(message: impl Into<String>) -> Error {
        Error::Locked {
            message: message.into(),
            hint: None,
            retry_after: Some(1),
            busy: true,
        }
    }

    /// Adds the "what to do next" line.
    pub fn hint(mut self, text: impl Into<String>) -> Error {
        match &mut self {
            Error::Usage { hint, .. }
            | Error::Denied { hint, .. }
            | Error::Locked { hint, .. }
            | Error::Failure { hint, .. } => *hint = Some(text.into()),
            Error::CodeRequired(_) => {}
        }
        self
    }

    /// The same error, with `more` said after its message and `hint` as
    /// its hint (what else happened, and what to do now).
    pub fn amend(err: anyhow::Error, more: &str, hint: impl Into<String>) -> anyhow::Error {
        match err.downcast::<Error>() {
            Ok(mut e) => {
                match &mut e {
                    Error::Usage { message, .. }
                    | Error::Denied { message, .. }
                    | Error::Locked { message, .. }
                    | Error::Failure { message, .. } => *message = format!("{message}; {more}"),
                    Error::CodeRequired(c) => c.message = format!("{}; {more}", c.message),
                }
                e.hint(hint).into()
            }
            Err(other) => Error::failure(format!("{other:#}; {more}"))
                .hint(hint)
                .into(),
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage { .. } => exit::USAGE,
            Error::Denied { .. } => exit::DENIED,
            Error::Locked { .. } => exit::LOCKED,
            Error::CodeRequired(_) => exit::CODE_REQUIRED,
            Error::Failure { .. } => exit::FAILURE,
        }
    }

    /// The JSON `kind` of an error object.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Usage { .. } => "usage",
            Error::Denied { .. } => "denied",
            Error::Locked { .. } => "locked",
            Error::CodeRequired(_) => "code_required",
            Error::Failure { .. } => "failure",
        }
    }

    pub fn hint_text(&self) -> Option<&str> {
        match self {
            Error::Usage { hint, .. }
            | Error::Denied { hint, .. }
            | Error::Locked { hint, .. }
            | Error::Failure { hint, .. } => hint.as_deref(),
            Error::CodeRequired(c) => Some(&c.next),
        }
    }
}

// The domain's typed errors become error kinds here, and only here.

/// The OS gave no randomness: nothing needing it was made (exit 1).
impl From<crate::domain::secret::RandomnessError> for Error {
    fn from(e: crate::domain::secret::RandomnessError) -> Error {
        Error::failure(e.to_string())
    }
}

/// Hashing failed (exit 1); an imported hash that is unusable is the input's
/// fault (exit 2).
impl From<crate::domain::password::HashError> for Error {
    fn from(e: crate::domain::password::HashError) -> Error {
        use crate::domain::password::HashError as H;
        match e {
            H::Parameters(_) | H::Randomness(_) | H::Hashing(_) => Error::failure(e.to_string()),
            H::NotPhc | H::NotArgon2(_) | H::Incomplete | H::BadParameters(_) | H::TooCostly(_) => {
                Error::usage(e.to_string())
            }
        }
    }
}

/// What was typed is not a code at all: a usage error, not a failed attempt.
impl From<crate::domain::code::FormatError> for Error {
    fn from(e: crate::domain::code::FormatError) -> Error {
        Error::usage(e.to_string())
    }
}

/// A pasted authenticator secret that is unusable (exit 2); a URI that cannot
/// be built is a failure (exit 1).
impl From<crate::domain::totp::SecretError> for Error {
    fn from(e: crate::domain::totp::SecretError) -> Error {
        match e {
            crate::domain::totp::SecretError::Uri(_) => Error::failure(e.to_string()),
            _ => Error::usage(e.to_string()),
        }
    }
}

/// A freshness that is not one (exit 2).
impl From<crate::domain::stepup::DurationError> for Error {
    fn from(e: crate::domain::stepup::DurationError) -> Error {
        Error::usage(e.to_string())
    }
}

/// The stepup [`Error`] inside an anyhow chain, if there is one.
pub fn find(err: &anyhow::Error) -> Option<&Error> {
    err.chain().find_map(|e| e.downcast_ref::<Error>())
}

/// The exit code for any error: the stepup kind if there is one, else 1.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    find(err).map_or(exit::FAILURE, Error::exit_code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn exit_codes_follow_the_spec() {
        assert_eq!(Error::usage("x").exit_code(), 2);
        assert_eq!(Error::denied("x").exit_code(), 3);
        assert_eq!(Error::locked("x", Some(30)).exit_code(), 4);
        assert_eq!(Error::failure("x").exit_code(), 1);
    }

    #[test]
    fn the_kind_survives_context() {
        let err = anyhow::Error::new(Error::denied("no")).context("while doing something");
        assert_eq!(exit_code(&err), 3);
        let io: anyhow::Result<()> = Err(std::io::Error::other("disk")).context("reading");
        assert_eq!(exit_code(&io.unwrap_err()), 1);
    }
}
