//! Audit events: who did what to whom, with which method, and how it ended.
//! Events never carry a secret: no password, code, TOTP secret or token.

use super::time::Timestamp;
use serde::{Deserialize, Serialize};

/// How an audited attempt ended.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    Denied,
    Locked,
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Denied => "denied",
            Outcome::Locked => "locked",
            Outcome::Failed => "failed",
        }
    }
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: Timestamp,
    /// Who ran the command (none for a login attempt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The account the event is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// What happened, e.g. `login`, `method.enable`, `policy.set`.
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    pub outcome: Outcome,
    /// Extra words, e.g. the new policy or "unknown user". Never a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Event {
    pub fn new(at: Timestamp, action: &str, outcome: Outcome) -> Event {
        Event {
            at,
            actor: None,
            user: None,
            action: action.to_string(),
            method: None,
            outcome,
            detail: None,
        }
    }

    pub fn actor(mut self, name: &str) -> Event {
        self.actor = Some(name.to_string());
        self
    }

    pub fn user(mut self, name: &str) -> Event {
        self.user = Some(name.to_string());
        self
    }

    pub fn method(mut self, method: impl ToString) -> Event {
        self.method = Some(method.to_string());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Event {
        self.detail = Some(detail.into());
        self
    }

    /// Whether the event concerns `name`, as actor or as subject.
    pub fn involves(&self, name: &str) -> bool {
        self.actor.as_deref() == Some(name) || self.user.as_deref() == Some(name)
    }
}
