//! The records the workspace is made of: the workspace itself (policy and
//! allowed methods) and its users, with their MFA state and throttling.
//! These are plain data; the store layer encodes them.

use super::email_code;
use super::names::{Method, Policy, Role};
use super::recovery::RecoverySet;
use super::settings::Settings;
use super::stepup::{Action, ActionSettings};
use super::throttle::Throttle;
use super::time::Timestamp;
use super::totp::TotpSecret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Workspace-wide settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub policy: Policy,
    /// The methods users may enable and verify with, in canonical order.
    pub allowed: Vec<Method>,
    pub created_at: Timestamp,
    /// The limits that protect accounts.
    pub settings: Settings,
    /// Each action's step-up settings, by name (every built-in is written
    /// at creation; see [`Workspace::action`]).
    pub actions: BTreeMap<String, ActionSettings>,
    /// Under `required`: until when users without a method keep full
    /// sessions (`policy set required --grace`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_until: Option<Timestamp>,
}

impl Workspace {
    /// A new workspace: policy `enabled`, both methods allowed, every
    /// built-in action with its default freshness.
    pub fn new(now: Timestamp, settings: Settings) -> Workspace {
        Workspace {
            policy: Policy::Enabled,
            allowed: Method::ALL.to_vec(),
            created_at: now,
            settings,
            actions: Action::ALL
                .iter()
                .map(|a| (a.name().to_string(), a.default_settings()))
                .collect(),
            grace_until: None,
        }
    }

    /// The end of the grace period, while it lasts at `now`.
    pub fn grace_at(&self, now: Timestamp) -> Option<Timestamp> {
        self.grace_until.filter(|until| now < *until)
    }

    /// The step-up settings of a built-in action.
    /// The action called `name`: a built-in one, or one an admin added.
    pub fn find_action(&self, name: &str) -> Option<Action> {
        Action::from_name(name).or_else(|| {
            let custom = crate::domain::stepup::CustomName::parse(name).ok()?;
            self.actions
                .contains_key(name)
                .then_some(Action::Custom(custom))
        })
    }

    /// The actions admins added, by name.
    pub fn custom_actions(&self) -> Vec<Action> {
        self.actions
            .keys()
            .filter_map(|k| crate::domain::stepup::CustomName::parse(k).ok())
            .map(Action::Custom)
            .collect()
    }

    pub fn action(&self, action: Action) -> ActionSettings {
        self.actions
            .get(action.name())
            .cloned()
            .unwrap_or_else(|| action.default_settings())
    }

    pub fn allows(&self, m: Method) -> bool {
        self.allowed.contains(&m)
    }

    /// Sets the allowed methods, keeping them sorted and unique.
    pub fn set_allowed(&mut self, mut methods: Vec<Method>) {
        methods.sort();
        methods.dedup();
        self.allowed = methods;
    }
}

/// An enabled authenticator app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpMethod {
    pub secret: TotpSecret,
    pub enabled_at: Timestamp,
}

/// An enabled email method (codes go to the user's address).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailMethod {
    pub enabled_at: Timestamp,
}

/// An authenticator enrollment waiting for its first code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingTotp {
    pub secret: TotpSecret,
    pub created_at: Timestamp,
    /// Hex hash of the session that started it.
    pub session: String,
}

/// A user's MFA state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mfa {
    // Absent fields are None: records stay short (see the size figures in
    // BENCHMARKS.md). The record checksum still catches any damage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp: Option<TotpMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<RecoverySet>,
    /// The last TOTP time step accepted for this user (replay protection).
    /// Kept across re-enrollments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp_last_step: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_totp: Option<PendingTotp>,
    /// The outstanding email code, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<email_code::Challenge>,
    /// When the last email code was sent (for the resend limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_email_sent: Option<Timestamp>,
}

impl Mfa {
    /// Enabled methods in canonical order, allowed or not.
    pub fn enabled_methods(&self) -> Vec<Method> {
        Method::ALL.into_iter().filter(|m| self.has(*m)).collect()
    }

    pub fn has(&self, m: Method) -> bool {
        match m {
            Method::Totp => self.totp.is_some(),
            Method::Email => self.email.is_some(),
        }
    }

    pub fn has_any_method(&self) -> bool {
        self.totp.is_some() || self.email.is_some()
    }

    pub fn recovery_remaining(&self) -> usize {
        self.recovery.as_ref().map_or(0, RecoverySet::remaining)
    }

    /// Removes a method. When it was the last one, the recovery codes go too.
    pub fn disable(&mut self, m: Method) {
        match m {
            Method::Totp => self.totp = None,
            Method::Email => self.email = None,
        }
        if !self.has_any_method() {
            self.recovery = None;
        }
        self.pending_totp = None;
        self.challenge = None;
    }

    /// What `user reset-mfa` does: every method, code and pending state goes.
    /// The replay high-water mark and the resend time stay.
    pub fn reset(&mut self) {
        *self = Mfa {
            totp_last_step: self.totp_last_step,
            last_email_sent: self.last_email_sent,
            ..Mfa::default()
        };
    }
}

/// A user of the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Canonical (lower-case) name; also the record's key.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A new address an admin set while the email method was enabled: codes
    /// keep going to `email` until a code sent here confirms it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_email: Option<String>,
    pub role: Role,
    /// argon2 PHC string.
    pub password_hash: String,
    pub created_at: Timestamp,
    // No serde defaults: a record without its MFA state is damaged, never
    // "no MFA".
    pub mfa: Mfa,
    pub throttle: Throttle,
    /// Bumped by every change of the user's password, methods or role: a
    /// session's freshness (see `Session::fresh`) holds only for the epoch
    /// it was earned in.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub epoch: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl User {
    pub fn new(
        name: &str,
        email: Option<String>,
        role: Role,
        password_hash: String,
        now: Timestamp,
    ) -> User {
        User {
            name: name.to_string(),
            email,
            pending_email: None,
            role,
            password_hash,
            created_at: now,
            mfa: Mfa::default(),
            throttle: Throttle::default(),
            epoch: 0,
        }
    }

    /// Ends every freshness earned before (see [`User::epoch`]).
    pub fn bump_epoch(&mut self) {
        self.epoch += 1;
    }

    /// Enabled methods that the workspace allows: the ones that count as MFA.
    pub fn usable_methods(&self, workspace: &Workspace) -> Vec<Method> {
        self.mfa
            .enabled_methods()
            .into_iter()
            .filter(|m| workspace.allows(*m))
            .collect()
    }

    /// Under `required`, a user without an allowed method may only enroll
    /// (the rule the policy checks use, whatever the grace period).
    pub fn enrollment_only(&self, workspace: &Workspace) -> bool {
        workspace.policy == Policy::Required && self.usable_methods(workspace).is_empty()
    }

    /// [`User::enrollment_only`] at `now`: not while the grace period lasts.
    pub fn enrollment_only_at(&self, workspace: &Workspace, now: Timestamp) -> bool {
        self.enrollment_only(workspace) && workspace.grace_at(now).is_none()
    }

    /// The end of the grace period this user is inside at `now`, if any
    /// (required, no usable method, grace not over).
    pub fn in_grace(&self, workspace: &Workspace, now: Timestamp) -> Option<Timestamp> {
        workspace
            .grace_at(now)
            .filter(|_| self.enrollment_only(workspace))
    }

    /// Where an enrollment code goes: the new address waiting for
    /// confirmation, if any, else the address.
    pub fn enrollment_address(&self) -> Option<&str> {
        self.pending_email.as_deref().or(self.email.as_deref())
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn workspace(policy: Policy, allowed: &[Method]) -> Workspace {
        Workspace {
            policy,
            allowed: allowed.to_vec(),
            ..Workspace::new(Timestamp(0), Settings::default())
        }
    }

    pub(crate) fn user_with(methods: &[Method], recovery_codes: bool) -> User {
        let mut u = User::new(
            "alice",
            Some("alice@example.com".into()),
            Role::Member,
            String::new(),
            Timestamp(0),
        );
        for m in methods {
            match m {
                Method::Totp => {
                    u.mfa.totp = Some(TotpMethod {
                        secret: TotpSecret::from_bytes([7; 20]),
                        enabled_at: Timestamp(0),
                    })
                }
                Method::Email => {
                    u.mfa.email = Some(EmailMethod {
                        enabled_at: Timestamp(0),
                    })
                }
            }
        }
        if recovery_codes {
            u.mfa.recovery = Some(
                RecoverySet::issue(Timestamp(0), &crate::domain::secret::OsRandomness)
                    .unwrap()
                    .set,
            );
        }
        u
    }

    #[test]
    fn a_new_workspace_is_enabled_with_both_methods() {
        let ws = Workspace::new(Timestamp(5), Settings::default());
        assert_eq!(ws.policy, Policy::Enabled);
        assert_eq!(ws.allowed, vec![Method::Totp, Method::Email]);
    }

    #[test]
    fn disabling_the_last_method_drops_the_recovery_codes() {
        let mut u = user_with(&[Method::Totp, Method::Email], true);
        u.mfa.disable(Method::Totp);
        assert_eq!(u.mfa.recovery_remaining(), 10);
        u.mfa.disable(Method::Email);
        assert_eq!(u.mfa.recovery_remaining(), 0);
        assert!(!u.mfa.has_any_method());
    }

    #[test]
    fn enrollment_only_applies_under_required_without_an_allowed_method() {
        let u = user_with(&[Method::Totp], true);
        assert!(!u.enrollment_only(&workspace(Policy::Required, &[Method::Totp])));
        assert!(u.enrollment_only(&workspace(Policy::Required, &[Method::Email])));
        assert!(!u.enrollment_only(&workspace(Policy::Enabled, &[Method::Email])));
        assert!(user_with(&[], false).enrollment_only(&workspace(Policy::Required, &Method::ALL)));
    }

    #[test]
    fn a_grace_period_keeps_full_sessions_until_it_ends() {
        let mut ws = workspace(Policy::Required, &Method::ALL);
        ws.grace_until = Some(Timestamp(1000));
        let none = user_with(&[], false);
        assert!(none.enrollment_only(&ws), "the policy checks ignore grace");
        assert!(!none.enrollment_only_at(&ws, Timestamp(999)));
        assert_eq!(none.in_grace(&ws, Timestamp(999)), Some(Timestamp(1000)));
        assert!(none.enrollment_only_at(&ws, Timestamp(1000)));
        assert_eq!(none.in_grace(&ws, Timestamp(1000)), None);
        let totp = user_with(&[Method::Totp], false);
        assert_eq!(
            totp.in_grace(&ws, Timestamp(1)),
            None,
            "nothing to tell a user with a method"
        );
        ws.policy = Policy::Enabled;
        assert_eq!(none.in_grace(&ws, Timestamp(1)), None);
    }

    #[test]
    fn reset_keeps_the_replay_mark() {
        let mut u = user_with(&[Method::Totp], true);
        u.mfa.totp_last_step = Some(42);
        u.mfa.reset();
        assert_eq!(u.mfa.totp_last_step, Some(42));
        assert!(!u.mfa.has_any_method());
        assert_eq!(u.mfa.recovery_remaining(), 0);
    }
}
