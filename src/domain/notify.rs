//! Notifications: what a user is told by mail when their account changes
//! (GitHub and GitLab do the same), and the words of each. A notice is
//! queued in the workspace's outbox by the transaction that made the
//! change, so it exists exactly when the change does ("account locked"
//! once per lock), and is sent after the command's reply.

use super::names::Method;
use super::time::Timestamp;
use serde::{Deserialize, Serialize};

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    MethodEnabled {
        method: Method,
    },
    MethodDisabled {
        method: Method,
    },
    /// An admin removed every method (`user reset-mfa`).
    MethodsReset,
    RecoveryRegenerated,
    RecoveryUsed {
        remaining: u32,
    },
    PasswordChanged {
        by_admin: bool,
    },
    Locked,
    /// Sent to the old address.
    AddressChanged {
        old: String,
        /// The new address, masked.
        new_masked: String,
        /// The new address still has to be confirmed.
        pending: bool,
    },
}

/// A notice waiting in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub user: String,
    pub at: Timestamp,
    #[serde(flatten)]
    pub kind: Kind,
}

impl Notice {
    pub fn new(user: &str, at: Timestamp, kind: Kind) -> Notice {
        Notice {
            user: user.to_string(),
            at,
            kind,
        }
    }

    /// The audit name of the notice, e.g. `notify.locked`.
    pub fn action(&self) -> &'static str {
        match self.kind {
            Kind::MethodEnabled { .. } => "notify.method_enabled",
            Kind::MethodDisabled { .. } => "notify.method_disabled",
            Kind::MethodsReset => "notify.methods_reset",
            Kind::RecoveryRegenerated => "notify.recovery_regenerated",
            Kind::RecoveryUsed { .. } => "notify.recovery_used",
            Kind::PasswordChanged { .. } => "notify.password_changed",
            Kind::Locked => "notify.locked",
            Kind::AddressChanged { .. } => "notify.email_change",
        }
    }

    /// The address it goes to: the old one for an address change, else the
    /// user's (None: the user has none, nothing is sent).
    pub fn recipient<'a>(&'a self, current: Option<&'a str>) -> Option<&'a str> {
        match &self.kind {
            Kind::AddressChanged { old, .. } => Some(old),
            _ => current,
        }
    }

    /// The subject, after the issuer.
    pub fn subject(&self) -> &'static str {
        match self.kind {
            Kind::MethodEnabled { .. } => "a sign-in method was added",
            Kind::MethodDisabled { .. } => "a sign-in method was removed",
            Kind::MethodsReset => "your sign-in methods were removed",
            Kind::RecoveryRegenerated => "new recovery codes",
            Kind::RecoveryUsed { .. } => "a recovery code was used",
            Kind::PasswordChanged { .. } => "your password was changed",
            Kind::Locked => "your account is locked",
            Kind::AddressChanged { .. } => "your email address is changing",
        }
    }

    /// The body: what happened and when. (The mail adds what to do if it
    /// was not the user.)
    pub fn what(&self, issuer: &str) -> String {
        let when = self.at.rfc3339();
        let account = format!("your {issuer} account ({})", self.user);
        match &self.kind {
            Kind::MethodEnabled { method } => format!(
                "{} was added to {account} as a second factor at {when}.",
                method_words(*method)
            ),
            Kind::MethodDisabled { method } => format!(
                "{} was removed from {account} at {when}.",
                method_words(*method)
            ),
            Kind::MethodsReset => format!(
                "An admin removed every second factor and the recovery codes of {account} at {when}. You can set up a method again after logging in."
            ),
            Kind::RecoveryRegenerated => format!(
                "New recovery codes were made for {account} at {when}; the old ones no longer work."
            ),
            Kind::RecoveryUsed { remaining } => format!(
                "A recovery code of {account} was used at {when}. {remaining} unused {} left{}.",
                if *remaining == 1 {
                    "code is"
                } else {
                    "codes are"
                },
                if *remaining <= 3 {
                    "; make new ones with `stepup recovery regenerate`"
                } else {
                    ""
                }
            ),
            Kind::PasswordChanged { by_admin: false } => {
                format!("The password of {account} was changed at {when}.")
            }
            Kind::PasswordChanged { by_admin: true } => {
                format!("An admin set a new password for {account} at {when}.")
            }
            Kind::Locked => format!(
                "{account} was locked at {when} after too many failed attempts. Only an admin can unlock it: stepup user unlock {}",
                self.user
            ),
            Kind::AddressChanged {
                new_masked,
                pending: true,
                ..
            } => format!(
                "A new email address ({new_masked}) was set for {account} at {when}. Codes keep coming to this address until the new one is confirmed."
            ),
            Kind::AddressChanged {
                new_masked,
                pending: false,
                ..
            } => format!("The email address of {account} was changed to {new_masked} at {when}."),
        }
    }
}

fn method_words(m: Method) -> &'static str {
    match m {
        Method::Totp => "An authenticator app",
        Method::Email => "Email codes",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_notice_says_what_and_when_and_goes_to_the_right_address() {
        let at = Timestamp(1_800_000_000);
        let used = Notice::new("alice", at, Kind::RecoveryUsed { remaining: 2 });
        let text = used.what("Acme");
        assert!(text.contains("2 unused codes are left"), "{text}");
        assert!(text.contains(&at.rfc3339()), "{text}");
        assert!(text.contains("regenerate"), "{text}");
        assert_eq!(used.recipient(Some("a@x")), Some("a@x"));
        let moved = Notice::new(
            "alice",
            at,
            Kind::AddressChanged {
                old: "old@x".into(),
                new_masked: "n***@y".into(),
                pending: false,
            },
        );
        assert_eq!(moved.recipient(Some("new@y")), Some("old@x"));
        assert!(moved.what("Acme").contains("n***@y"));
        assert_eq!(Notice::new("a", at, Kind::Locked).recipient(None), None);
        // Stored and read back as they were.
        let json = serde_json::to_string(&used).unwrap();
        assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), used);
    }
}
