//! Enrolling a method: an authenticator app is confirmed with its first code,
//! email with a code sent to the user's address. Either way, success issues a
//! new set of ten recovery codes (replacing any old set).

use super::account::{EmailMethod, PendingTotp, TotpMethod, User};
use super::code::CodeInput;
use super::email_code::{self, Purpose};
use super::recovery::{Issued, RecoverySet};
use super::secret::{Randomness, RandomnessError};
use super::time::Timestamp;
use super::totp::{self, TotpSecret};
use super::verify::{Rejected, check_email_code};

/// The authenticator enrollment of this session that is still live at `now`.
pub fn live_pending_totp<'a>(
    user: &'a User,
    now: Timestamp,
    session: &str,
    lifetime: u64,
) -> Option<&'a PendingTotp> {
    user.mfa
        .pending_totp
        .as_ref()
        .filter(|p| p.session == session && now < p.created_at.plus(lifetime))
}

/// Starts an authenticator enrollment for this session with a fresh secret,
/// replacing any earlier pending one.
pub fn start_totp(
    user: &mut User,
    now: Timestamp,
    session: &str,
    rng: &dyn Randomness,
) -> Result<TotpSecret, RandomnessError> {
    let secret = TotpSecret::generate(rng)?;
    user.mfa.pending_totp = Some(PendingTotp {
        secret: secret.clone(),
        created_at: now,
        session: session.to_string(),
    });
    Ok(secret)
}

/// Confirms the pending authenticator enrollment with its first code.
pub fn confirm_totp(
    user: &mut User,
    code: &CodeInput,
    now: Timestamp,
    session: &str,
    lifetime: u64,
    rng: &dyn Randomness,
) -> Result<Issued, Rejected> {
    let CodeInput::OneTime(digits) = code else {
        return Err(Rejected::WrongShape);
    };
    // The codes first: if they cannot be made, nothing has changed.
    let issued = new_recovery(now, rng)?;
    let pending = live_pending_totp(user, now, session, lifetime).ok_or(Rejected::Unavailable)?;
    let step = match pending.secret.verify(digits, now, user.mfa.totp_last_step) {
        Ok(step) => step,
        Err(totp::Failure::Replayed) => return Err(Rejected::Replayed),
        Err(totp::Failure::Wrong) => return Err(Rejected::Wrong),
    };
    let secret = pending.secret.clone();
    user.mfa.totp_last_step = Some(step);
    // Any other pending enrollment was started before this method existed
    // (without step-up): it goes.
    user.mfa.pending_totp = None;
    user.mfa.challenge = None;
    user.mfa.totp = Some(TotpMethod {
        secret,
        enabled_at: now,
    });
    user.bump_epoch();
    user.mfa.recovery = Some(issued.set.clone());
    Ok(issued)
}

/// Whether this session has an email enrollment code outstanding.
pub fn live_pending_email(
    user: &User,
    now: Timestamp,
    session: &str,
    rules: &email_code::Rules,
) -> bool {
    user.mfa.challenge.as_ref().is_some_and(|c| {
        c.purpose == Purpose::Enroll
            && c.session.as_deref() == Some(session)
            && c.is_live(now, rules)
    })
}

/// Confirms the email method with the code that was sent for it.
pub fn confirm_email(
    user: &mut User,
    code: &CodeInput,
    now: Timestamp,
    session: &str,
    rules: &email_code::Rules,
    rng: &dyn Randomness,
) -> Result<Issued, Rejected> {
    let CodeInput::OneTime(digits) = code else {
        return Err(Rejected::WrongShape);
    };
    // The codes first: if they cannot be made, nothing has changed.
    let issued = new_recovery(now, rng)?;
    let bound_here = user
        .mfa
        .challenge
        .as_ref()
        .is_some_and(|c| c.session.as_deref() == Some(session));
    if !bound_here {
        return Err(Rejected::EmailNotSent);
    }
    check_email_code(user, Purpose::Enroll, digits, now, rules)?;
    user.mfa.pending_totp = None;
    user.mfa.email = Some(EmailMethod { enabled_at: now });
    // The code reached the new address: it is confirmed.
    if let Some(address) = user.pending_email.take() {
        user.email = Some(address);
    }
    user.bump_epoch();
    user.mfa.recovery = Some(issued.set.clone());
    Ok(issued)
}

/// A new set of recovery codes. Randomness failing is not the user's fault;
/// it surfaces as "unavailable".
fn new_recovery(now: Timestamp, rng: &dyn Randomness) -> Result<Issued, Rejected> {
    RecoverySet::issue(now, rng).map_err(|_| Rejected::Unavailable)
}

/// A new set of recovery codes, replacing the old one; nothing changes when
/// they cannot be made.
pub fn issue_recovery(
    user: &mut User,
    now: Timestamp,
    rng: &dyn Randomness,
) -> Result<Issued, Rejected> {
    let issued = new_recovery(now, rng)?;
    user.mfa.recovery = Some(issued.set.clone());
    Ok(issued)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::tests::user_with;
    use crate::domain::code::parse_code;
    use crate::domain::names::Method;

    use crate::domain::secret::OsRandomness;

    const LIFE: u64 = 600;

    /// Randomness that has run dry, as a broken OS source would.
    struct NoRandomness;

    impl Randomness for NoRandomness {
        fn fill(&self, _: &mut [u8]) -> Result<(), RandomnessError> {
            Err(RandomnessError("no randomness".into()))
        }
    }

    #[test]
    fn an_enrollment_whose_recovery_codes_cannot_be_made_changes_nothing() {
        let mut u = user_with(&[], false);
        let now = Timestamp(1_700_000_000);
        let secret = start_totp(&mut u, now, "s1", &OsRandomness).unwrap();
        let before = u.clone();
        let code = parse_code(&secret.code_at(now.0)).unwrap();
        assert_eq!(
            confirm_totp(&mut u, &code, now, "s1", LIFE, &NoRandomness).err(),
            Some(Rejected::Unavailable)
        );
        assert_eq!(u, before, "nothing enabled, no step spent");
        // And with randomness the same code enables the method.
        confirm_totp(&mut u, &code, now, "s1", LIFE, &OsRandomness).unwrap();
        assert!(u.mfa.has(Method::Totp));
        let before = u.clone();
        assert!(issue_recovery(&mut u, now, &NoRandomness).is_err());
        assert_eq!(u, before, "the old codes stay");
    }

    #[test]
    fn totp_enrollment_needs_the_first_code_of_the_same_session() {
        let mut u = user_with(&[], false);
        let now = Timestamp(1_700_000_000);
        let secret = start_totp(&mut u, now, "s1", &OsRandomness).unwrap();
        let code = parse_code(&secret.code_at(now.0)).unwrap();
        assert_eq!(
            confirm_totp(&mut u, &code, now, "s2", LIFE, &OsRandomness).err(),
            Some(Rejected::Unavailable)
        );
        let wrong = parse_code(&secret.code_at(now.0 + 300)).unwrap();
        assert_eq!(
            confirm_totp(&mut u, &wrong, now, "s1", LIFE, &OsRandomness).err(),
            Some(Rejected::Wrong)
        );
        let issued = confirm_totp(&mut u, &code, now, "s1", LIFE, &OsRandomness).unwrap();
        assert_eq!(issued.codes.len(), 10);
        assert!(u.mfa.totp.is_some());
        assert!(u.mfa.pending_totp.is_none());
        assert_eq!(u.mfa.recovery_remaining(), 10);
        // The confirming code is spent.
        assert_eq!(u.mfa.totp_last_step, Some(now.0 / 30));
    }

    #[test]
    fn pending_enrollments_expire() {
        let mut u = user_with(&[], false);
        let now = Timestamp(1_700_000_000);
        let secret = start_totp(&mut u, now, "s1", &OsRandomness).unwrap();
        let later = now.plus(LIFE);
        let code = parse_code(&secret.code_at(later.0)).unwrap();
        assert_eq!(
            confirm_totp(&mut u, &code, later, "s1", LIFE, &OsRandomness).err(),
            Some(Rejected::Unavailable)
        );
    }

    #[test]
    fn email_enrollment_replaces_the_recovery_codes() {
        let mut u = user_with(&[Method::Totp], true);
        let old = u.mfa.recovery.clone();
        let rules = email_code::Rules::default();
        let (ch, sent) = email_code::Challenge::issue(
            Purpose::Enroll,
            Timestamp(5),
            &rules,
            Some("s1".into()),
            &OsRandomness,
        )
        .unwrap();
        u.mfa.challenge = Some(ch);
        assert!(live_pending_email(&u, Timestamp(6), "s1", &rules));
        assert!(!live_pending_email(&u, Timestamp(6), "s2", &rules));
        let code = parse_code(&sent).unwrap();
        assert!(confirm_email(&mut u, &code, Timestamp(6), "s2", &rules, &OsRandomness).is_err());
        confirm_email(&mut u, &code, Timestamp(6), "s1", &rules, &OsRandomness).unwrap();
        assert!(u.mfa.email.is_some());
        assert_ne!(u.mfa.recovery, old);
    }
}
