//! Checking a one-time code against a user's state, and consuming it.
//!
//! Everything here mutates a [`User`] in memory; the command layer runs it
//! inside one write transaction, so the check and the consumption of a code
//! are atomic: two processes presenting the same valid code, exactly one wins.

use super::account::User;
use super::code::CodeInput;
use super::email_code::{self, Purpose};
use super::recovery;
use super::stepup::VerifyOption;
use super::throttle::{self, Refusal};
use super::time::Timestamp;
use super::totp;

/// What a code was accepted as.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Verified {
    Totp,
    Email,
    Recovery { slot: usize, remaining: usize },
}

impl Verified {
    pub fn option(self) -> VerifyOption {
        match self {
            Verified::Totp => VerifyOption::Totp,
            Verified::Email => VerifyOption::Email,
            Verified::Recovery { .. } => VerifyOption::Recovery,
        }
    }
}

/// Why a code was not accepted.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Rejected {
    Wrong,
    /// A TOTP code whose time step was already used.
    Replayed,
    /// No email code is outstanding for this purpose.
    EmailNotSent,
    EmailExpired,
    EmailTooManyTries,
    EmailWrong {
        tries_left: u32,
    },
    RecoveryUsed(Timestamp),
    /// The option is not (or no longer) available to this user.
    Unavailable,
    /// The code has the wrong shape for the option (6 digits vs recovery).
    WrongShape,
}

impl Rejected {
    /// Whether typing the code again can help (a typo, a code from a step
    /// already used), as opposed to a code that is gone for good.
    pub fn may_retype(&self) -> bool {
        matches!(
            self,
            Rejected::Wrong
                | Rejected::Replayed
                | Rejected::EmailWrong { .. }
                | Rejected::RecoveryUsed(_)
                | Rejected::WrongShape
        )
    }

    /// Whether the attempt counts as a failure for throttling: every guess
    /// that was actually checked does.
    pub fn counts(self) -> bool {
        matches!(
            self,
            Rejected::Wrong
                | Rejected::Replayed
                | Rejected::EmailWrong { .. }
                | Rejected::RecoveryUsed(_)
        )
    }

    pub fn message(self) -> String {
        match self {
            Rejected::Wrong => "the code is not correct".into(),
            Rejected::Replayed => {
                "that code was already used; wait for your authenticator app to show the next one"
                    .into()
            }
            Rejected::EmailNotSent => {
                "no email code is waiting for this action (it was used, replaced or never sent)"
                    .into()
            }
            Rejected::EmailExpired => "the email code has expired".into(),
            Rejected::EmailTooManyTries => {
                "the email code was tried too many times and no longer works".into()
            }
            Rejected::EmailWrong { tries_left } => {
                format!("the code is not correct ({tries_left} more tries on this email code)")
            }
            Rejected::RecoveryUsed(at) => format!("that recovery code was already used ({at})"),
            Rejected::Unavailable => "that verification option is not available".into(),
            Rejected::WrongShape => "that code does not fit the chosen method".into(),
        }
    }
}

/// Checks `code` as `option` for `purpose` and consumes it.
pub fn check_code(
    user: &mut User,
    option: VerifyOption,
    purpose: Purpose,
    code: &CodeInput,
    now: Timestamp,
    email_rules: &email_code::Rules,
) -> Result<Verified, Rejected> {
    match (option, code) {
        (VerifyOption::Totp, CodeInput::OneTime(digits)) => {
            let method = user.mfa.totp.as_ref().ok_or(Rejected::Unavailable)?;
            match method.secret.verify(digits, now, user.mfa.totp_last_step) {
                Ok(step) => {
                    user.mfa.totp_last_step = Some(step);
                    Ok(Verified::Totp)
                }
                Err(totp::Failure::Replayed) => Err(Rejected::Replayed),
                Err(totp::Failure::Wrong) => Err(Rejected::Wrong),
            }
        }
        (VerifyOption::Email, CodeInput::OneTime(digits)) => {
            check_email_code(user, purpose, digits, now, email_rules).map(|()| Verified::Email)
        }
        (VerifyOption::Recovery, CodeInput::Recovery(cleaned)) => {
            let set = user.mfa.recovery.as_mut().ok_or(Rejected::Unavailable)?;
            match set.redeem(cleaned, now) {
                Ok(slot) => Ok(Verified::Recovery {
                    slot,
                    remaining: set.remaining(),
                }),
                Err(recovery::Failure::Wrong) => Err(Rejected::Wrong),
                Err(recovery::Failure::AlreadyUsed(at)) => Err(Rejected::RecoveryUsed(at)),
            }
        }
        _ => Err(Rejected::WrongShape),
    }
}

/// Checks an email code for `purpose`; removes the challenge once it is used,
/// expired or out of tries.
pub fn check_email_code(
    user: &mut User,
    purpose: Purpose,
    digits: &str,
    now: Timestamp,
    rules: &email_code::Rules,
) -> Result<(), Rejected> {
    let challenge = user.mfa.challenge.as_mut().ok_or(Rejected::EmailNotSent)?;
    let result = challenge.check(digits, purpose, now, rules);
    let spent = match result {
        Ok(()) => true,
        Err(email_code::Failure::NotSent) => false,
        Err(_) => !challenge.is_live(now, rules),
    };
    if spent {
        user.mfa.challenge = None;
    }
    result.map_err(|f| match f {
        email_code::Failure::NotSent => Rejected::EmailNotSent,
        email_code::Failure::Expired => Rejected::EmailExpired,
        email_code::Failure::TooManyTries => Rejected::EmailTooManyTries,
        email_code::Failure::Wrong { tries_left } => Rejected::EmailWrong { tries_left },
    })
}

/// The result of an attempt that the throttle let through or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttemptError<E> {
    /// The attempt was not made: wait, or locked.
    Throttled(Refusal),
    /// The attempt failed; `then` is what the next attempt faces, and
    /// `locked_now` says this failure locked the account.
    Failed {
        reason: E,
        then: Option<Refusal>,
        locked_now: bool,
    },
}

/// Runs one attempt under the user's throttle: refuses it while throttled,
/// counts a failure (when `counts` says it is one), resets on success.
pub fn attempt<T, E>(
    user: &mut User,
    now: Timestamp,
    rules: &throttle::Rules,
    counts: impl Fn(&E) -> bool,
    f: impl FnOnce(&mut User) -> Result<T, E>,
) -> Result<T, AttemptError<E>> {
    user.throttle
        .check(now, rules)
        .map_err(AttemptError::Throttled)?;
    match f(user) {
        Ok(v) => {
            user.throttle.record_success();
            Ok(v)
        }
        Err(reason) => {
            let was_locked = user.throttle.locked;
            let then = if counts(&reason) {
                user.throttle.record_failure(now, rules)
            } else {
                user.throttle.check(now, rules).err()
            };
            Err(AttemptError::Failed {
                reason,
                then,
                locked_now: !was_locked && user.throttle.locked,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::tests::user_with;
    use crate::domain::code::parse_code;
    use crate::domain::names::Method;
    use crate::domain::stepup::Action;

    const LOGIN: Purpose = Purpose::Verify(Action::Login);

    fn code(s: &str) -> CodeInput {
        parse_code(s).unwrap()
    }

    #[test]
    fn totp_codes_are_checked_and_consumed() {
        let mut u = user_with(&[Method::Totp], true);
        let now = Timestamp(1_700_000_000);
        let good = u.mfa.totp.as_ref().unwrap().secret.code_at(now.0);
        let rules = email_code::Rules::default();
        assert_eq!(
            check_code(&mut u, VerifyOption::Totp, LOGIN, &code(&good), now, &rules),
            Ok(Verified::Totp)
        );
        assert_eq!(u.mfa.totp_last_step, Some(now.0 / 30));
        assert_eq!(
            check_code(&mut u, VerifyOption::Totp, LOGIN, &code(&good), now, &rules),
            Err(Rejected::Replayed)
        );
    }

    #[test]
    fn recovery_codes_report_what_remains() {
        let mut u = user_with(&[Method::Totp], false);
        let issued =
            recovery::RecoverySet::issue(Timestamp(0), &crate::domain::secret::OsRandomness)
                .unwrap();
        u.mfa.recovery = Some(issued.set);
        let rules = email_code::Rules::default();
        let rc = code(&issued.codes[9]);
        assert_eq!(
            check_code(
                &mut u,
                VerifyOption::Recovery,
                LOGIN,
                &rc,
                Timestamp(9),
                &rules
            ),
            Ok(Verified::Recovery {
                slot: 10,
                remaining: 9
            })
        );
        assert_eq!(
            check_code(
                &mut u,
                VerifyOption::Recovery,
                LOGIN,
                &rc,
                Timestamp(10),
                &rules
            ),
            Err(Rejected::RecoveryUsed(Timestamp(9)))
        );
    }

    #[test]
    fn email_codes_are_single_use() {
        let mut u = user_with(&[Method::Email], true);
        let rules = email_code::Rules::default();
        let (ch, sent) = email_code::Challenge::issue(
            LOGIN,
            Timestamp(0),
            &rules,
            None,
            &crate::domain::secret::OsRandomness,
        )
        .unwrap();
        u.mfa.challenge = Some(ch);
        let c = code(&sent);
        assert_eq!(
            check_code(&mut u, VerifyOption::Email, LOGIN, &c, Timestamp(1), &rules),
            Ok(Verified::Email)
        );
        assert_eq!(
            check_code(&mut u, VerifyOption::Email, LOGIN, &c, Timestamp(2), &rules),
            Err(Rejected::EmailNotSent)
        );
    }

    #[test]
    fn shapes_must_fit_the_option() {
        let mut u = user_with(&[Method::Totp], true);
        let rules = email_code::Rules::default();
        assert_eq!(
            check_code(
                &mut u,
                VerifyOption::Recovery,
                LOGIN,
                &code("123456"),
                Timestamp(0),
                &rules
            ),
            Err(Rejected::WrongShape)
        );
        assert_eq!(
            check_code(
                &mut u,
                VerifyOption::Email,
                LOGIN,
                &code("123456"),
                Timestamp(0),
                &rules
            ),
            Err(Rejected::EmailNotSent)
        );
    }

    #[test]
    fn attempts_are_throttled_counted_and_reset() {
        let rules = throttle::Rules::default();
        let mut u = user_with(&[], false);
        let fail = |_: &mut User| -> Result<(), Rejected> { Err(Rejected::Wrong) };
        for _ in 0..4 {
            let r = attempt(
                &mut u,
                Timestamp(0),
                &rules,
                |r: &Rejected| r.counts(),
                fail,
            );
            assert!(matches!(r, Err(AttemptError::Failed { then: None, .. })));
        }
        let r = attempt(
            &mut u,
            Timestamp(0),
            &rules,
            |r: &Rejected| r.counts(),
            fail,
        );
        assert!(matches!(
            r,
            Err(AttemptError::Failed {
                then: Some(Refusal::Wait(30)),
                ..
            })
        ));
        let r = attempt(
            &mut u,
            Timestamp(10),
            &rules,
            |r: &Rejected| r.counts(),
            |_| Ok::<(), Rejected>(()),
        );
        assert_eq!(r, Err(AttemptError::Throttled(Refusal::Wait(20))));
        let r = attempt(
            &mut u,
            Timestamp(30),
            &rules,
            |r: &Rejected| r.counts(),
            |_| Ok::<(), Rejected>(()),
        );
        assert_eq!(r, Ok(()));
        assert_eq!(u.throttle.failures, 0);
        // A non-counting rejection leaves the count alone.
        let r = attempt(
            &mut u,
            Timestamp(40),
            &rules,
            |r: &Rejected| r.counts(),
            |_| Err::<(), _>(Rejected::EmailNotSent),
        );
        assert!(matches!(r, Err(AttemptError::Failed { .. })));
        assert_eq!(u.throttle.failures, 0);
    }
}
