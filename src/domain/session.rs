//! Sessions: a 128-bit random bearer token, stored only as its SHA-256 hash,
//! valid for a fixed lifetime and while it is used often enough.

use super::secret;
use super::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

const TOKEN_PREFIX: &str = "stepup_";

/// How long sessions live, from the configuration.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Absolute lifetime from login, in seconds.
    pub lifetime: u64,
    /// Longest time without use, in seconds.
    pub idle: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            lifetime: 12 * 3600,
            idle: 30 * 60,
        }
    }
}

/// How often the "last used" time is written back. Writing it on every
/// command would turn every read into a write; a minute's resolution on a
/// 30-minute idle limit is plenty.
pub const TOUCH_INTERVAL: u64 = 60;

/// A session as stored in the database (keyed by the token's hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub user: String,
    pub created_at: Timestamp,
    pub last_used: Timestamp,
    /// Freshness earned by a step-up in this session, by action name (see
    /// [`Session::is_fresh`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fresh: BTreeMap<String, Fresh>,
    /// System mode: the machine and OS user the session belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<Binding>,
}

/// Who may present a system-mode session: the OS user (real uid) on the
/// machine (`/etc/machine-id`) that logged in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub machine: String,
    pub uid: u32,
}

/// A step-up for one action in one session at `since`, good for the
/// action's freshness (as the workspace sets it now, so lowering it takes
/// effect at once) while the user's epoch stays `epoch` (GitHub's sudo mode).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fresh {
    pub since: Timestamp,
    pub epoch: u64,
}

/// Whether a session can be used at a given moment.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Usable; it expires at this time unless used again.
    Active { expires_at: Timestamp },
    /// Past its absolute lifetime.
    Expired,
    /// Unused for longer than the idle limit.
    Idle,
}

/// Why a session was refused to the process presenting it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// Made in system mode by another OS user.
    OtherUser { bound_uid: u32, presented_uid: u32 },
    /// Made in system mode on another machine.
    OtherMachine,
    /// Presented in system mode, but not made there.
    Unbound,
}

/// The process presenting a session token.
#[derive(Clone, Copy, Debug)]
pub struct Presenter<'a> {
    /// Whether stepup runs in system mode.
    pub system_mode: bool,
    /// Its real uid.
    pub uid: u32,
    /// This machine's id, when it could be read.
    pub machine: Option<&'a str>,
}

impl Session {
    /// Whether `presenter` may use this session: a bound session only by its
    /// OS user on its machine (outside system mode too: root running stepup
    /// directly is another uid), and in system mode only a bound one.
    pub fn check_binding(&self, presenter: &Presenter<'_>) -> Result<(), Mismatch> {
        match &self.bound {
            None if presenter.system_mode => Err(Mismatch::Unbound),
            None => Ok(()),
            Some(b) if b.uid != presenter.uid => Err(Mismatch::OtherUser {
                bound_uid: b.uid,
                presented_uid: presenter.uid,
            }),
            Some(b) if presenter.machine != Some(b.machine.as_str()) => Err(Mismatch::OtherMachine),
            Some(_) => Ok(()),
        }
    }
}

impl Session {
    pub fn new(user: &str, now: Timestamp) -> Session {
        Session {
            user: user.to_string(),
            created_at: now,
            last_used: now,
            fresh: BTreeMap::new(),
            bound: None,
        }
    }

    /// Whether a step-up for `action` in this session still holds at `now`
    /// for a user at `epoch`: never across sessions (it is stored in this
    /// one), never from one action to another, and ended by any change of
    /// the user's password, methods or role (their epoch moves on).
    /// Returns until when, for an action fresh for `fresh_for` seconds.
    pub fn is_fresh(
        &self,
        action: &str,
        epoch: u64,
        now: Timestamp,
        fresh_for: u64,
    ) -> Option<Timestamp> {
        self.fresh
            .get(action)
            .filter(|f| f.epoch == epoch && f.since <= now)
            .map(|f| f.since.plus(fresh_for))
            .filter(|until| now < *until)
    }

    /// Records a step-up for `action` at `now` (and forgets the freshness
    /// of earlier epochs).
    pub fn mark_fresh(&mut self, action: &str, epoch: u64, now: Timestamp) {
        self.fresh.retain(|_, f| f.epoch == epoch);
        self.fresh
            .insert(action.to_string(), Fresh { since: now, epoch });
    }

    pub fn status(&self, now: Timestamp, limits: &Limits) -> Status {
        let hard = self.created_at.plus(limits.lifetime);
        let idle = self.last_used.plus(limits.idle);
        if now >= hard {
            Status::Expired
        } else if now >= idle {
            Status::Idle
        } else {
            Status::Active {
                expires_at: hard.min(idle),
            }
        }
    }

    /// The expiry time if the session is used at `now`.
    pub fn expires_at_if_used(&self, now: Timestamp, limits: &Limits) -> Timestamp {
        self.created_at
            .plus(limits.lifetime)
            .min(now.plus(limits.idle))
    }

    /// Whether `last_used` is stale enough to be written back.
    pub fn should_touch(&self, now: Timestamp) -> bool {
        self.last_used.seconds_until(now) >= TOUCH_INTERVAL
    }
}

/// A session token as the user holds it: `stepup_` and 32 hex digits.
pub struct Token(Zeroizing<String>);

impl Token {
    /// A fresh token from 128 bits of `rng`.
    pub fn generate(rng: &dyn secret::Randomness) -> Result<Token, secret::RandomnessError> {
        let bytes = Zeroizing::new(secret::bytes_from::<16>(rng)?);
        Ok(Token(Zeroizing::new(format!(
            "{TOKEN_PREFIX}{}",
            secret::hex(bytes.as_ref())
        ))))
    }

    /// Parses a token read from the session file or `STEPUP_SESSION`.
    pub fn parse(raw: &str) -> Option<Token> {
        let raw = raw.trim();
        let hex = raw.strip_prefix(TOKEN_PREFIX)?;
        (hex.len() == 32 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| Token(Zeroizing::new(raw.to_string())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key the session is stored under.
    pub fn storage_key(&self) -> [u8; 32] {
        secret::sha256(&[self.0.as_bytes()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_session_serves_only_its_os_user_on_its_machine() {
        let mut s = Session::new("alice", Timestamp(1));
        let here = |system_mode, uid, machine| Presenter {
            system_mode,
            uid,
            machine,
        };
        assert_eq!(s.check_binding(&here(false, 1000, None)), Ok(()));
        assert_eq!(
            s.check_binding(&here(true, 1000, Some("m1"))),
            Err(Mismatch::Unbound)
        );
        s.bound = Some(Binding {
            machine: "m1".into(),
            uid: 1001,
        });
        assert_eq!(s.check_binding(&here(true, 1001, Some("m1"))), Ok(()));
        assert_eq!(
            s.check_binding(&here(true, 1002, Some("m1"))),
            Err(Mismatch::OtherUser {
                bound_uid: 1001,
                presented_uid: 1002
            })
        );
        assert_eq!(
            s.check_binding(&here(true, 1001, Some("m2"))),
            Err(Mismatch::OtherMachine)
        );
        assert_eq!(
            s.check_binding(&here(false, 0, Some("m1"))),
            Err(Mismatch::OtherUser {
                bound_uid: 1001,
                presented_uid: 0
            })
        );
        assert_eq!(
            s.check_binding(&here(false, 1001, None)),
            Err(Mismatch::OtherMachine)
        );
    }

    #[test]
    fn sessions_expire_by_lifetime_and_by_idleness() {
        let limits = Limits::default();
        let t0 = Timestamp(1_700_000_000);
        let mut s = Session::new("alice", t0);
        assert_eq!(
            s.status(t0, &limits),
            Status::Active {
                expires_at: t0.plus(30 * 60)
            }
        );
        assert_eq!(
            s.status(t0.plus(30 * 60 - 1), &limits).clone(),
            Status::Active {
                expires_at: t0.plus(1800)
            }
        );
        assert_eq!(s.status(t0.plus(30 * 60), &limits), Status::Idle);
        // Used every 20 minutes it lives 12 hours, not a second more.
        let mut now = t0;
        while now < t0.plus(12 * 3600 - 1200) {
            now = now.plus(1200);
            assert!(
                matches!(s.status(now, &limits), Status::Active { .. }),
                "{now}"
            );
            s.last_used = now;
        }
        assert_eq!(
            s.status(t0.plus(12 * 3600 - 1), &limits),
            Status::Active {
                expires_at: t0.plus(12 * 3600)
            }
        );
        assert_eq!(s.status(t0.plus(12 * 3600), &limits), Status::Expired);
    }

    #[test]
    fn touch_is_rate_limited() {
        let s = Session::new("alice", Timestamp(100));
        assert!(!s.should_touch(Timestamp(159)));
        assert!(s.should_touch(Timestamp(160)));
    }

    #[test]
    fn tokens_are_random_and_parse_back() {
        let a = Token::generate(&secret::OsRandomness).unwrap();
        let b = Token::generate(&secret::OsRandomness).unwrap();
        assert_ne!(a.as_str(), b.as_str());
        assert_eq!(a.as_str().len(), TOKEN_PREFIX.len() + 32);
        let parsed = Token::parse(&format!("{}\n", a.as_str())).unwrap();
        assert_eq!(parsed.storage_key(), a.storage_key());
        assert_ne!(a.storage_key(), b.storage_key());
        for bad in [
            "",
            "stepup_",
            "stepup_XYZ",
            "other_0123456789abcdef0123456789abcdef",
        ] {
            assert!(Token::parse(bad).is_none(), "{bad}");
        }
    }
}
