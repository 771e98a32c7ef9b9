//! The limits that protect accounts (throttling, session lifetimes, code
//! lifetimes and tries, the argon2 cost). They belong to the workspace: they
//! are stored in it, shown by `settings show` and changed by `settings set`,
//! so a caller cannot loosen them with a config file of their own.
//!
//! Every key is one row of [`KEYS`]: its dotted name (the config file's path,
//! in the config's units), its range, and which way is stricter. A config
//! file may only make a limit stricter for its own caller
//! ([`Settings::stricter_for_caller`]).

use super::email_code;
use super::password::Cost;
use super::session;
use super::throttle;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The workspace's limits.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "BTreeMap<String, u64>", into = "BTreeMap<String, u64>")]
pub struct Settings {
    pub throttle: throttle::Rules,
    pub session: session::Limits,
    pub email_codes: email_code::Rules,
    /// Seconds a pending enrollment waits for its confirming code.
    pub enrollment_lifetime: u64,
    pub argon2: Cost,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            throttle: throttle::Rules::default(),
            session: session::Limits::default(),
            email_codes: email_code::Rules::default(),
            enrollment_lifetime: 10 * 60,
            argon2: Cost::default(),
        }
    }
}

/// Which way a value protects more.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Stricter {
    Lower,
    Higher,
    /// Neither (argon2's parallelism is a property of the machine).
    Neither,
}

/// One setting.
pub struct Key {
    /// The dotted path, as in the config file.
    pub name: &'static str,
    pub unit: &'static str,
    pub min: u64,
    pub max: u64,
    pub stricter: Stricter,
    pub about: &'static str,
    get: fn(&Settings) -> u64,
    set: fn(&mut Settings, u64),
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

const MINUTE: u64 = 60;

/// Every setting, in the order `settings show` lists them.
pub static KEYS: &[Key] = &[
    Key {
        name: "throttle.free_failures",
        unit: "failures",
        min: 0,
        max: 20,
        stricter: Stricter::Lower,
        about: "consecutive failures before delays start",
        get: |s| u64::from(s.throttle.free_failures),
        set: |s, v| s.throttle.free_failures = v as u32,
    },
    Key {
        name: "throttle.base_delay_seconds",
        unit: "seconds",
        min: 1,
        max: 3600,
        stricter: Stricter::Higher,
        about: "first delay; doubles with each further failure",
        get: |s| s.throttle.base_delay,
        set: |s, v| s.throttle.base_delay = v,
    },
    Key {
        name: "throttle.max_delay_seconds",
        unit: "seconds",
        min: 1,
        max: 86_400,
        stricter: Stricter::Higher,
        about: "longest delay",
        get: |s| s.throttle.max_delay,
        set: |s, v| s.throttle.max_delay = v,
    },
    Key {
        name: "throttle.lockout_after",
        unit: "failures",
        min: 1,
        max: 100,
        stricter: Stricter::Lower,
        about: "consecutive failures after which only `user unlock` helps",
        get: |s| u64::from(s.throttle.lockout_after),
        set: |s, v| s.throttle.lockout_after = v as u32,
    },
    Key {
        name: "session.lifetime_minutes",
        unit: "minutes",
        min: 1,
        max: 30 * 24 * 60,
        stricter: Stricter::Lower,
        about: "a session's lifetime from login",
        get: |s| s.session.lifetime / MINUTE,
        set: |s, v| s.session.lifetime = v * MINUTE,
    },
    Key {
        name: "session.idle_minutes",
        unit: "minutes",
        min: 1,
        max: 24 * 60,
        stricter: Stricter::Lower,
        about: "longest time a session may go unused",
        get: |s| s.session.idle / MINUTE,
        set: |s, v| s.session.idle = v * MINUTE,
    },
    Key {
        name: "codes.email_lifetime_minutes",
        unit: "minutes",
        min: 1,
        max: 60,
        stricter: Stricter::Lower,
        about: "how long an email code stays valid",
        get: |s| s.email_codes.lifetime / MINUTE,
        set: |s, v| s.email_codes.lifetime = v * MINUTE,
    },
    Key {
        name: "codes.email_resend_seconds",
        unit: "seconds",
        min: 1,
        max: 3600,
        stricter: Stricter::Higher,
        about: "shortest time between two email codes to one user",
        get: |s| s.email_codes.resend_interval,
        set: |s, v| s.email_codes.resend_interval = v,
    },
    Key {
        name: "codes.email_max_tries",
        unit: "tries",
        min: 1,
        max: 10,
        stricter: Stricter::Lower,
        about: "wrong tries one email code survives",
        get: |s| u64::from(s.email_codes.max_tries),
        set: |s, v| s.email_codes.max_tries = v as u32,
    },
    Key {
        name: "codes.enrollment_lifetime_minutes",
        unit: "minutes",
        min: 1,
        max: 60,
        stricter: Stricter::Lower,
        about: "how long a started enrollment waits for its code",
        get: |s| s.enrollment_lifetime / MINUTE,
        set: |s, v| s.enrollment_lifetime = v * MINUTE,
    },
    Key {
        name: "argon2.memory_kib",
        unit: "KiB",
        min: 8,
        max: 4 * 1024 * 1024,
        stricter: Stricter::Higher,
        about: "argon2id memory per password hash",
        get: |s| u64::from(s.argon2.memory_kib),
        set: |s, v| s.argon2.memory_kib = v as u32,
    },
    Key {
        name: "argon2.iterations",
        unit: "passes",
        min: 1,
        max: 100,
        stricter: Stricter::Higher,
        about: "argon2id passes per password hash",
        get: |s| u64::from(s.argon2.iterations),
        set: |s, v| s.argon2.iterations = v as u32,
    },
    Key {
        name: "argon2.parallelism",
        unit: "lanes",
        min: 1,
        max: 16,
        stricter: Stricter::Neither,
        about: "argon2id lanes per password hash",
        get: |s| u64::from(s.argon2.parallelism),
        set: |s, v| s.argon2.parallelism = v as u32,
    },
];

/// Why a setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("unknown setting '{0}'")]
    UnknownKey(String),
    #[error("`{key}` takes a whole number of {unit}, not '{value}'")]
    NotANumber {
        key: &'static str,
        unit: &'static str,
        value: String,
    },
    #[error(
        "`{key}` must be {min} to {max} {unit} (a value outside would switch the protection off or make it useless)"
    )]
    OutOfRange {
        key: &'static str,
        unit: &'static str,
        min: u64,
        max: u64,
    },
    #[error("`throttle.max_delay_seconds` cannot be smaller than `throttle.base_delay_seconds`")]
    DelaysReversed,
    #[error("argon2 needs memory_kib of at least 8 × parallelism")]
    Argon2Memory,
    #[error("the setting {0} is missing")]
    Missing(&'static str),
    #[error("unknown setting {0} (made by a newer stepup?)")]
    FromNewer(String),
}

impl Key {
    pub fn find(name: &str) -> Result<&'static Key, SettingError> {
        KEYS.iter()
            .find(|k| k.name == name)
            .ok_or_else(|| SettingError::UnknownKey(super::names::printable(name)))
    }

    pub fn get(&self, s: &Settings) -> u64 {
        (self.get)(s)
    }

    /// Checks `value` against the key's range.
    pub fn check(&'static self, value: u64) -> Result<u64, SettingError> {
        if (self.min..=self.max).contains(&value) {
            Ok(value)
        } else {
            Err(SettingError::OutOfRange {
                key: self.name,
                unit: self.unit,
                min: self.min,
                max: self.max,
            })
        }
    }

    /// Parses a value as typed by an admin.
    pub fn parse(&'static self, raw: &str) -> Result<u64, SettingError> {
        let value = raw
            .trim()
            .parse::<u64>()
            .map_err(|_| SettingError::NotANumber {
                key: self.name,
                unit: self.unit,
                value: super::names::printable(raw),
            })?;
        self.check(value)
    }

    /// Whether `value` protects at least as much as `than`.
    pub fn is_at_least_as_strict(&self, value: u64, than: u64) -> bool {
        match self.stricter {
            Stricter::Lower => value <= than,
            Stricter::Higher => value >= than,
            Stricter::Neither => value == than,
        }
    }
}

impl Settings {
    /// These settings with `key` set to `value`, checked as a whole.
    pub fn with(&self, key: &'static Key, value: u64) -> Result<Settings, SettingError> {
        let mut next = *self;
        (key.set)(&mut next, key.check(value)?);
        next.check()?;
        Ok(next)
    }

    /// The rules that tie keys together.
    pub fn check(&self) -> Result<(), SettingError> {
        if self.throttle.max_delay < self.throttle.base_delay {
            return Err(SettingError::DelaysReversed);
        }
        if self.argon2.validate().is_err() {
            return Err(SettingError::Argon2Memory);
        }
        Ok(())
    }

    /// Every key with its value, in the order of [`KEYS`].
    pub fn entries(&self) -> impl Iterator<Item = (&'static Key, u64)> + '_ {
        KEYS.iter().map(move |k| (k, k.get(self)))
    }

    /// The limits that apply to one caller: the workspace's, made stricter by
    /// the caller's config where it asks for that. A looser value is ignored;
    /// its key is returned so the caller can be warned.
    pub fn stricter_for_caller(
        &self,
        overrides: &[(&'static Key, u64)],
    ) -> (Settings, Vec<Ignored>) {
        let mut out = *self;
        let mut ignored = Vec::new();
        for (key, value) in overrides {
            let current = key.get(&out);
            if key.is_at_least_as_strict(*value, current) {
                match out.with(key, *value) {
                    Ok(next) => out = next,
                    Err(_) => ignored.push(Ignored {
                        key,
                        value: *value,
                        workspace: current,
                    }),
                }
            } else {
                ignored.push(Ignored {
                    key,
                    value: *value,
                    workspace: current,
                });
            }
        }
        (out, ignored)
    }

    /// These settings with every override applied, for a new workspace
    /// (`init`) or one upgraded from the first schema, which start from
    /// their config's values.
    pub fn from_overrides(overrides: &[(&'static Key, u64)]) -> Result<Settings, SettingError> {
        let mut out = Settings::default();
        for (key, value) in overrides {
            (key.set)(&mut out, key.check(*value)?);
        }
        out.check()?;
        Ok(out)
    }
}

/// A config value that was not applied because it is looser than the
/// workspace's.
#[derive(Debug, Clone)]
pub struct Ignored {
    pub key: &'static Key,
    pub value: u64,
    pub workspace: u64,
}

impl From<Settings> for BTreeMap<String, u64> {
    fn from(s: Settings) -> Self {
        s.entries().map(|(k, v)| (k.name.to_string(), v)).collect()
    }
}

impl TryFrom<BTreeMap<String, u64>> for Settings {
    type Error = SettingError;
    /// Every key must be there and in range: a damaged or partial settings
    /// record is an error, never a silently weaker default.
    fn try_from(map: BTreeMap<String, u64>) -> Result<Self, SettingError> {
        let mut out = Settings::default();
        for key in KEYS {
            let v = map.get(key.name).ok_or(SettingError::Missing(key.name))?;
            (key.set)(&mut out, key.check(*v)?);
        }
        if let Some(extra) = map.keys().find(|k| Key::find(k).is_err()) {
            return Err(SettingError::FromNewer(super::names::printable(extra)));
        }
        out.check()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> &'static Key {
        Key::find(name).unwrap()
    }

    #[test]
    fn defaults_are_the_specified_ones_and_in_range() {
        let s = Settings::default();
        assert_eq!(s.throttle.free_failures, 5);
        assert_eq!(s.session.idle, 30 * 60);
        assert_eq!(s.session.lifetime, 12 * 3600);
        for (k, v) in s.entries() {
            assert!(k.check(v).is_ok(), "{} = {v}", k.name);
        }
        s.check().unwrap();
    }

    #[test]
    fn values_that_switch_a_protection_off_are_refused() {
        let s = Settings::default();
        for (name, bad) in [
            ("throttle.free_failures", 4_000_000_000),
            ("throttle.lockout_after", 0),
            ("throttle.lockout_after", 101),
            ("session.idle_minutes", 0),
            ("session.idle_minutes", 527_040),
            ("codes.email_resend_seconds", 0),
            ("codes.email_max_tries", 0),
            ("argon2.iterations", 0),
        ] {
            assert!(
                matches!(s.with(key(name), bad), Err(SettingError::OutOfRange { .. })),
                "{name} = {bad}"
            );
        }
        assert_eq!(
            s.with(key("throttle.max_delay_seconds"), 10),
            Err(SettingError::DelaysReversed)
        );
    }

    #[test]
    fn a_config_can_only_make_limits_stricter() {
        let ws = Settings::default();
        let (eff, ignored) = ws.stricter_for_caller(&[
            (key("throttle.free_failures"), 20),
            (key("session.idle_minutes"), 5),
            (key("session.lifetime_minutes"), 43_200),
            (key("argon2.memory_kib"), 8),
            (key("throttle.base_delay_seconds"), 60),
        ]);
        assert_eq!(eff.throttle.free_failures, 5);
        assert_eq!(eff.session.idle, 5 * 60);
        assert_eq!(eff.session.lifetime, 12 * 3600);
        assert_eq!(eff.argon2.memory_kib, ws.argon2.memory_kib);
        assert_eq!(eff.throttle.base_delay, 60);
        let names: Vec<&str> = ignored.iter().map(|i| i.key.name).collect();
        assert_eq!(
            names,
            [
                "throttle.free_failures",
                "session.lifetime_minutes",
                "argon2.memory_kib"
            ]
        );
    }

    #[test]
    fn the_stored_form_round_trips_and_a_missing_key_is_damage() {
        let s = Settings::default()
            .with(key("throttle.free_failures"), 3)
            .unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Settings>(&json).unwrap(), s);
        let mut map: BTreeMap<String, u64> = s.into();
        map.remove("throttle.lockout_after");
        let partial = serde_json::to_string(&map).unwrap();
        assert!(serde_json::from_str::<Settings>(&partial).is_err());
        let mut map: BTreeMap<String, u64> = s.into();
        map.insert("throttle.free_failures".into(), 4_000_000_000);
        assert!(serde_json::from_str::<Settings>(&serde_json::to_string(&map).unwrap()).is_err());
    }
}
