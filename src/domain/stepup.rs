//! Step-up verification: which actions are sensitive, when they ask for a
//! code, which verification options a user has, and which one a given input
//! chooses.
//!
//! The help page promises that "more actions will be added later": adding a
//! sensitive action is one variant of [`Action`] and one line of
//! [`SENSITIVE_ACTIONS`].

use super::account::{User, Workspace};
use super::code::CodeInput;
use super::names::{Method, Policy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The actions that can ask for a second factor.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Login,
    ChangePassword,
    DisableMethod,
    EnableMethod,
    RegenerateRecovery,
    /// Every admin command that changes something or reads secrets.
    Admin,
    /// An action an admin added (`deploy`, `db-shell`…), asked for by
    /// `stepup verify`, `stepup exec` and the PAM module.
    Custom(CustomName),
}

/// A custom action's name: `[a-z][a-z0-9-]{0,31}` and not a built-in one,
/// kept inline so that an [`Action`] stays a small `Copy` value.
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
pub struct CustomName {
    bytes: [u8; CustomName::MAX],
    len: u8,
}

/// Why a custom action's name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionNameError {
    #[error(
        "'{0}' is not an action name: a lowercase letter, then up to 31 lowercase letters, digits or '-'"
    )]
    Invalid(String),
    #[error("'{0}' is a built-in action; choose another name")]
    BuiltIn(String),
}

impl CustomName {
    pub const MAX: usize = 32;

    pub fn parse(raw: &str) -> Result<CustomName, ActionNameError> {
        let b = raw.as_bytes();
        let valid = !b.is_empty()
            && b.len() <= Self::MAX
            && b[0].is_ascii_lowercase()
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
        if !valid {
            return Err(ActionNameError::Invalid(super::names::printable(raw)));
        }
        if Action::ALL.iter().any(|a| a.name() == raw) {
            return Err(ActionNameError::BuiltIn(raw.to_string()));
        }
        let mut bytes = [0u8; Self::MAX];
        bytes[..b.len()].copy_from_slice(b);
        Ok(CustomName {
            bytes,
            len: b.len() as u8,
        })
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored (checked in `parse`).
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl fmt::Debug for CustomName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl Serialize for CustomName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CustomName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CustomName::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The sensitive actions, in one place. Each asks for a code whenever MFA
/// applies to the user: the policy is not `disabled` and the user has a method
/// enabled. For `method enable` that means "when the user already has a
/// method", so a stolen session cannot add the thief's authenticator while a
/// first enrollment stays possible.
pub const SENSITIVE_ACTIONS: &[Action] = &[
    Action::Login,
    Action::ChangePassword,
    Action::DisableMethod,
    Action::EnableMethod,
    Action::RegenerateRecovery,
    Action::Admin,
];

/// An action's step-up settings, stored in the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionSettings {
    /// Seconds a successful step-up lets further runs of the action in the
    /// same session go ahead without a code (0: every run asks).
    pub fresh_for: u64,
    /// Whether a user to whom MFA does not apply is refused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub require_mfa: bool,
    /// What a custom action is for, in the admin's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When a custom action was added: a step-up from before (for an
    /// action of the same name, removed since) never counts as fresh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_at: Option<super::time::Timestamp>,
}

/// The longest freshness an action can have.
pub const MAX_FRESH_FOR: u64 = 12 * 3600;

impl Action {
    pub const ALL: [Action; 6] = [
        Action::Login,
        Action::ChangePassword,
        Action::EnableMethod,
        Action::DisableMethod,
        Action::RegenerateRecovery,
        Action::Admin,
    ];

    /// The action's name (`stepup action list`, freshness, custom actions
    /// share the namespace).
    pub fn name(&self) -> &str {
        match self {
            Action::Login => "login",
            Action::ChangePassword => "passwd",
            Action::DisableMethod => "method-disable",
            Action::EnableMethod => "method-enable",
            Action::RegenerateRecovery => "recovery-regenerate",
            Action::Admin => "admin",
            Action::Custom(name) => name.as_str(),
        }
    }

    /// A built-in action by name.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The command a user runs for this action, as shown in messages and in
    /// the `action` field of JSON output (the first release's values; a
    /// custom action's name).
    pub fn command(&self) -> &str {
        match self {
            Action::Login => "login",
            Action::ChangePassword => "passwd",
            Action::DisableMethod => "method disable",
            Action::EnableMethod => "method enable",
            Action::RegenerateRecovery => "recovery regenerate",
            Action::Admin => "admin",
            Action::Custom(name) => name.as_str(),
        }
    }

    /// What the action does, for `action list` and email codes.
    pub fn description(&self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            Action::Login => "log in",
            Action::ChangePassword => "change your password",
            Action::DisableMethod => "disable a verification method",
            Action::EnableMethod => "enable another verification method",
            Action::RegenerateRecovery => "get new recovery codes",
            Action::Admin => "run an admin command",
            Action::Custom(name) => return format!("go ahead with '{}'", name.as_str()).into(),
        })
    }

    pub fn is_builtin(&self) -> bool {
        !matches!(self, Action::Custom(_))
    }

    /// A new workspace's settings for the action: `admin` lets a
    /// provisioning script verify once per run (10 minutes); every other
    /// built-in asks every time, as the help page says.
    pub fn default_settings(self) -> ActionSettings {
        ActionSettings {
            fresh_for: if self == Action::Admin { 600 } else { 0 },
            require_mfa: false,
            description: None,
            added_at: None,
        }
    }

    /// Whether freshness can be set for it (`login` starts a session, so
    /// there is none to be fresh in).
    pub fn can_be_fresh(self) -> bool {
        self != Action::Login
    }

    pub fn is_sensitive(self) -> bool {
        matches!(self, Action::Custom(_)) || SENSITIVE_ACTIONS.contains(&self)
    }
}

/// Why a freshness was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error(
        "'{0}' is not a duration: use 0, or a number with s, m or h (90s, 10m, 2h), at most 12h"
    )]
    NotADuration(String),
    #[error("{0} is longer than the longest freshness, 12h")]
    TooLong(String),
}

/// Parses a freshness: `0`, or a number with `s`, `m` or `h` (`90s`,
/// `10m`, `2h`), at most [`MAX_FRESH_FOR`]; returns seconds.
pub fn parse_fresh_for(raw: &str) -> Result<u64, DurationError> {
    if raw.trim() == "0" {
        return Ok(0);
    }
    let seconds = parse_seconds(raw, false)
        .ok_or_else(|| DurationError::NotADuration(super::names::printable(raw)))?;
    if seconds > MAX_FRESH_FOR {
        return Err(DurationError::TooLong(super::names::printable(raw)));
    }
    Ok(seconds)
}

/// A number with `s`, `m` or `h` (and `d` when `days`), in seconds; None
/// when it is not one (or overflows).
pub fn parse_seconds(raw: &str, days: bool) -> Option<u64> {
    let text = raw.trim();
    let (digits, unit) = text.split_at(text.len().saturating_sub(1));
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" if days => 86_400,
        _ => return None,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(scale)
}

/// A freshness as `settings`/`action list` show it: `0`, `90s`, `10m`, `2h`.
pub fn format_duration(seconds: u64) -> String {
    match seconds {
        0 => "0".into(),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.command())
    }
}

/// One way to answer a verification request.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VerifyOption {
    Totp,
    Email,
    Recovery,
}

impl VerifyOption {
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyOption::Totp => "totp",
            VerifyOption::Email => "email",
            VerifyOption::Recovery => "recovery",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VerifyOption::Totp => "Authenticator App",
            VerifyOption::Email => "Email",
            VerifyOption::Recovery => "Recovery Code",
        }
    }

    pub fn method(self) -> Option<Method> {
        match self {
            VerifyOption::Totp => Some(Method::Totp),
            VerifyOption::Email => Some(Method::Email),
            VerifyOption::Recovery => None,
        }
    }
}

impl From<Method> for VerifyOption {
    fn from(m: Method) -> Self {
        match m {
            Method::Totp => VerifyOption::Totp,
            Method::Email => VerifyOption::Email,
        }
    }
}

impl fmt::Display for VerifyOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for VerifyOption {
    type Err = super::names::UnknownMethod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "totp" => Ok(VerifyOption::Totp),
            "email" => Ok(VerifyOption::Email),
            "recovery" => Ok(VerifyOption::Recovery),
            other => Err(super::names::UnknownMethod {
                given: other.to_string(),
                expected: "totp, email or recovery",
            }),
        }
    }
}

/// A user's verification options at a given moment: their enabled methods
/// that the workspace allows, in the order totp, email, then `recovery` when
/// unused recovery codes remain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options(Vec<VerifyOption>);

impl Options {
    pub fn for_user(user: &User, workspace: &Workspace) -> Options {
        let mut opts: Vec<VerifyOption> = user
            .mfa
            .enabled_methods()
            .into_iter()
            .filter(|m| workspace.allows(*m))
            .map(VerifyOption::from)
            .collect();
        if user.mfa.recovery_remaining() > 0 {
            opts.push(VerifyOption::Recovery);
        }
        Options(opts)
    }

    pub fn as_slice(&self) -> &[VerifyOption] {
        &self.0
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|o| o.as_str()).collect()
    }

    pub fn contains(&self, o: VerifyOption) -> bool {
        self.0.contains(&o)
    }

    /// The methods among the options (recovery excluded).
    pub fn methods(&self) -> Vec<VerifyOption> {
        self.0
            .iter()
            .copied()
            .filter(|o| *o != VerifyOption::Recovery)
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What an action needs from this user now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// Go ahead without a code.
    NotNeeded,
    /// A code from one of these options.
    Verify(Options),
    /// A code is needed but the user has no way to give one.
    NoOptions,
}

/// Whether `action` asks `user` for a code under `workspace`'s policy.
pub fn requirement(action: Action, workspace: &Workspace, user: &User) -> Requirement {
    if !action.is_sensitive() || workspace.policy == Policy::Disabled {
        return Requirement::NotNeeded;
    }
    // Every enabled method counts here, allowed or not: a method the admin
    // no longer allows must not turn into "no MFA" (fail closed). It is just
    // not offered, which may leave only recovery codes, or nothing.
    if !user.mfa.has_any_method() {
        return Requirement::NotNeeded;
    }
    let options = Options::for_user(user, workspace);
    if options.is_empty() {
        Requirement::NoOptions
    } else {
        Requirement::Verify(options)
    }
}

/// The explanation shown when a code is needed but there is no option, in the
/// words of the help page's Troubleshooting section.
pub const NO_OPTIONS_HELP: &str = "No verification options are available. This means: no \
     verification method you enabled is allowed in this workspace any more, or you have not \
     set up a verification method yet.";

/// Why the input does not choose an option.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    #[error("{requested} is not one of your verification options here ({})", .options.join(", "))]
    NotAnOption {
        requested: VerifyOption,
        options: Vec<&'static str>,
    },
    #[error("the recovery option needs a recovery code (like abcdef-ghjkmn-pqrstv), not 6 digits")]
    RecoveryNeedsRecoveryCode,
    #[error("you have no unused recovery codes left")]
    NoRecoveryCodesLeft,
}

/// What a step-up comes to, decided before anything is asked or sent: the
/// driver in `commands::verify` executes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Go ahead without a code: MFA does not apply, the session is fresh
    /// for the action (`fresh`), or there is no option and the action is the
    /// way back (`policy allow`).
    GoAhead { fresh: bool },
    /// A code is needed and the user has no way to give one.
    NoOptions,
    /// Ask for a code for this option (a recovery code is accepted too).
    Ask(Options, VerifyOption),
    /// Two methods and nothing says which: the user chooses.
    Choose(Options),
}

/// What the request brings that the plan depends on.
#[derive(Clone, Copy, Debug, Default)]
pub struct Asking<'a> {
    /// The session is fresh for the action.
    pub fresh: bool,
    /// The action never rides on freshness.
    pub always_ask: bool,
    /// Go ahead when MFA applies but no option is left.
    pub no_options_ok: bool,
    /// `--method`, if given.
    pub requested: Option<VerifyOption>,
    /// `--code`, if given.
    pub code: Option<&'a CodeInput>,
}

/// Plans the step-up of `action` for `user` (pure: no I/O, no clock).
pub fn plan(
    action: Action,
    workspace: &Workspace,
    user: &User,
    asking: Asking<'_>,
) -> Result<Plan, ChoiceError> {
    let options = match requirement(action, workspace, user) {
        Requirement::NotNeeded => return Ok(Plan::GoAhead { fresh: false }),
        Requirement::NoOptions if asking.no_options_ok => {
            return Ok(Plan::GoAhead { fresh: false });
        }
        Requirement::NoOptions => return Ok(Plan::NoOptions),
        Requirement::Verify(options) => options,
    };
    if asking.fresh && !asking.always_ask {
        return Ok(Plan::GoAhead { fresh: true });
    }
    Ok(match choose(&options, asking.requested, asking.code)? {
        Choice::Chosen(option) => Plan::Ask(options, option),
        Choice::MustChoose => Plan::Choose(options),
    })
}

/// What the input chooses among the options.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    Chosen(VerifyOption),
    /// Two methods and nothing says which: the user must choose.
    MustChoose,
}

/// Picks the option from `--method` (if given) and the shape of the code (if
/// given). With one method, its code is asked for directly and a recovery
/// code is accepted in the same field; with two, the user chooses.
pub fn choose(
    options: &Options,
    requested: Option<VerifyOption>,
    code: Option<&CodeInput>,
) -> Result<Choice, ChoiceError> {
    let is_recovery_code = code.is_some_and(|c| c.is_recovery());
    if let Some(req) = requested {
        if !options.contains(req) {
            return Err(ChoiceError::NotAnOption {
                requested: req,
                options: options.names(),
            });
        }
        if req == VerifyOption::Recovery && code.is_some() && !is_recovery_code {
            return Err(ChoiceError::RecoveryNeedsRecoveryCode);
        }
        if req != VerifyOption::Recovery && is_recovery_code {
            // The same field takes recovery codes, whatever the method.
            return Ok(Choice::Chosen(VerifyOption::Recovery));
        }
        return Ok(Choice::Chosen(req));
    }
    if is_recovery_code {
        return if options.contains(VerifyOption::Recovery) {
            Ok(Choice::Chosen(VerifyOption::Recovery))
        } else {
            Err(ChoiceError::NoRecoveryCodesLeft)
        };
    }
    match options.methods().as_slice() {
        [only] => Ok(Choice::Chosen(*only)),
        [] => Ok(Choice::Chosen(VerifyOption::Recovery)),
        _ => Ok(Choice::MustChoose),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::tests::{user_with, workspace};
    use crate::domain::code::parse_code;

    #[test]
    fn the_sensitive_actions_are_the_ones_the_spec_names() {
        let names: Vec<&str> = SENSITIVE_ACTIONS.iter().map(|a| a.command()).collect();
        assert_eq!(
            names,
            [
                "login",
                "passwd",
                "method disable",
                "method enable",
                "recovery regenerate",
                "admin"
            ]
        );
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
    }

    #[test]
    fn the_plan_goes_ahead_asks_or_lets_the_user_choose() {
        let ws = workspace(Policy::Enabled, &[Method::Totp, Method::Email]);
        let none = user_with(&[], false);
        let one = user_with(&[Method::Totp], true);
        let two = user_with(&[Method::Totp, Method::Email], true);
        let ask = Asking::default();
        assert_eq!(
            plan(Action::Admin, &ws, &none, ask),
            Ok(Plan::GoAhead { fresh: false })
        );
        assert!(matches!(
            plan(Action::Admin, &ws, &one, ask),
            Ok(Plan::Ask(_, VerifyOption::Totp))
        ));
        assert!(matches!(
            plan(Action::Admin, &ws, &two, ask),
            Ok(Plan::Choose(_))
        ));
        let fresh = Asking { fresh: true, ..ask };
        assert_eq!(
            plan(Action::Admin, &ws, &two, fresh),
            Ok(Plan::GoAhead { fresh: true })
        );
        let always = Asking {
            always_ask: true,
            ..fresh
        };
        assert!(matches!(
            plan(Action::Admin, &ws, &two, always),
            Ok(Plan::Choose(_))
        ));
        let email = Asking {
            requested: Some(VerifyOption::Email),
            ..ask
        };
        assert!(matches!(
            plan(Action::ChangePassword, &ws, &two, email),
            Ok(Plan::Ask(_, VerifyOption::Email))
        ));
        // No option left: refused, unless the action is the way back.
        let denied = workspace(Policy::Enabled, &[Method::Email]);
        let stuck = user_with(&[Method::Totp], false);
        assert_eq!(
            plan(Action::Admin, &denied, &stuck, ask),
            Ok(Plan::NoOptions)
        );
        let way_back = Asking {
            no_options_ok: true,
            ..ask
        };
        assert_eq!(
            plan(Action::Admin, &denied, &stuck, way_back),
            Ok(Plan::GoAhead { fresh: false })
        );
    }

    #[test]
    fn durations_parse_within_twelve_hours() {
        assert_eq!(parse_fresh_for("0"), Ok(0));
        assert_eq!(parse_fresh_for("90s"), Ok(90));
        assert_eq!(parse_fresh_for("10m"), Ok(600));
        assert_eq!(parse_fresh_for("12h"), Ok(43_200));
        for bad in [
            "",
            "13h",
            "5",
            "m",
            "-5m",
            "1.5h",
            "10 m",
            "99999999999999999999h",
        ] {
            assert!(parse_fresh_for(bad).is_err(), "{bad:?}");
        }
        for s in [0, 90, 600, 7200] {
            assert_eq!(parse_fresh_for(&format_duration(s)), Ok(s));
        }
    }

    #[test]
    fn no_code_is_asked_when_mfa_is_disabled() {
        let ws = workspace(Policy::Disabled, &[Method::Totp, Method::Email]);
        let user = user_with(&[Method::Totp], true);
        for action in SENSITIVE_ACTIONS {
            assert_eq!(requirement(*action, &ws, &user), Requirement::NotNeeded);
        }
    }

    #[test]
    fn opt_in_asks_only_users_with_a_method() {
        let ws = workspace(Policy::Enabled, &[Method::Totp, Method::Email]);
        let none = user_with(&[], false);
        assert_eq!(
            requirement(Action::Login, &ws, &none),
            Requirement::NotNeeded
        );
        assert_eq!(
            requirement(Action::EnableMethod, &ws, &none),
            Requirement::NotNeeded
        );
        let totp = user_with(&[Method::Totp], true);
        let want = Requirement::Verify(Options(vec![VerifyOption::Totp, VerifyOption::Recovery]));
        assert_eq!(requirement(Action::Login, &ws, &totp), want);
        assert_eq!(requirement(Action::EnableMethod, &ws, &totp), want);
        assert_eq!(requirement(Action::ChangePassword, &ws, &totp), want);
        assert_eq!(requirement(Action::RegenerateRecovery, &ws, &totp), want);
    }

    #[test]
    fn options_come_in_order_and_only_allowed_methods_are_shown() {
        let both = user_with(&[Method::Email, Method::Totp], true);
        let ws = workspace(Policy::Required, &[Method::Totp, Method::Email]);
        assert_eq!(
            Options::for_user(&both, &ws).names(),
            ["totp", "email", "recovery"]
        );
        let only_email = workspace(Policy::Required, &[Method::Email]);
        assert_eq!(
            Options::for_user(&both, &only_email).names(),
            ["email", "recovery"]
        );
    }

    #[test]
    fn disallowed_methods_leave_recovery_or_nothing_never_no_mfa() {
        let ws = workspace(Policy::Enabled, &[Method::Email]);
        let with_codes = user_with(&[Method::Totp], true);
        assert_eq!(
            requirement(Action::Login, &ws, &with_codes),
            Requirement::Verify(Options(vec![VerifyOption::Recovery]))
        );
        let without_codes = user_with(&[Method::Totp], false);
        assert_eq!(
            requirement(Action::Login, &ws, &without_codes),
            Requirement::NoOptions
        );
    }

    #[test]
    fn one_method_is_asked_directly_two_make_the_user_choose() {
        let one = Options(vec![VerifyOption::Email, VerifyOption::Recovery]);
        assert_eq!(
            choose(&one, None, None),
            Ok(Choice::Chosen(VerifyOption::Email))
        );
        let two = Options(vec![
            VerifyOption::Totp,
            VerifyOption::Email,
            VerifyOption::Recovery,
        ]);
        assert_eq!(choose(&two, None, None), Ok(Choice::MustChoose));
        assert_eq!(
            choose(&two, Some(VerifyOption::Email), None),
            Ok(Choice::Chosen(VerifyOption::Email))
        );
        let six = parse_code("123456").unwrap();
        assert_eq!(choose(&two, None, Some(&six)), Ok(Choice::MustChoose));
        let only_recovery = Options(vec![VerifyOption::Recovery]);
        assert_eq!(
            choose(&only_recovery, None, None),
            Ok(Choice::Chosen(VerifyOption::Recovery))
        );
    }

    #[test]
    fn a_recovery_code_is_told_apart_by_its_shape() {
        let rc = parse_code("abcdef-ghjkmn-pqrstv").unwrap();
        let two = Options(vec![
            VerifyOption::Totp,
            VerifyOption::Email,
            VerifyOption::Recovery,
        ]);
        assert_eq!(
            choose(&two, None, Some(&rc)),
            Ok(Choice::Chosen(VerifyOption::Recovery))
        );
        assert_eq!(
            choose(&two, Some(VerifyOption::Totp), Some(&rc)),
            Ok(Choice::Chosen(VerifyOption::Recovery))
        );
        let no_codes = Options(vec![VerifyOption::Totp]);
        assert!(choose(&no_codes, None, Some(&rc)).is_err());
        let six = parse_code("123456").unwrap();
        assert!(choose(&two, Some(VerifyOption::Recovery), Some(&six)).is_err());
    }

    #[test]
    fn unavailable_options_are_refused() {
        let one = Options(vec![VerifyOption::Totp]);
        assert!(choose(&one, Some(VerifyOption::Email), None).is_err());
        assert!(choose(&one, Some(VerifyOption::Recovery), None).is_err());
    }
}
