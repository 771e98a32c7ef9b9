//! The small vocabulary every other module speaks: MFA methods, workspace
//! policies, roles, and the rules for user names and email addresses.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A second factor a user can enable.
///
/// The order of the variants is the order in which options are offered:
/// authenticator app first, then email.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Totp,
    Email,
}

impl Method {
    pub const ALL: [Method; 2] = [Method::Totp, Method::Email];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Totp => "totp",
            Method::Email => "email",
        }
    }

    /// The name a person reads, as on the help page.
    pub fn label(self) -> &'static str {
        match self {
            Method::Totp => "Authenticator App",
            Method::Email => "Email",
        }
    }
}

/// The names of `methods`, e.g. for JSON arrays and messages.
pub fn method_names(methods: &[Method]) -> Vec<&'static str> {
    methods.iter().map(|m| m.as_str()).collect()
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A method or option name that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown method '{}': expected {expected}", printable(.given))]
pub struct UnknownMethod {
    pub given: String,
    pub expected: &'static str,
}

impl FromStr for Method {
    type Err = UnknownMethod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "totp" => Ok(Method::Totp),
            "email" => Ok(Method::Email),
            other => Err(UnknownMethod {
                given: other.to_string(),
                expected: "totp or email",
            }),
        }
    }
}

/// The workspace MFA policy an admin sets.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// MFA is not available: nobody can enable or use a method.
    Disabled,
    /// Opt-in: sensitive actions ask for a code when the user enabled a method.
    Enabled,
    /// Every user must enable at least one allowed method.
    Required,
}

impl Policy {
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Disabled => "disabled",
            Policy::Enabled => "enabled",
            Policy::Required => "required",
        }
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user's role in the workspace.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub const MAX_NAME_LEN: usize = 64;
pub const MAX_EMAIL_LEN: usize = 254;

/// Checks a user name and returns its canonical (lower-case) form.
///
/// Names are ASCII letters, digits and `. _ - @ +`, start with a letter or a
/// digit, and are at most 64 characters. They are case-insensitive: `Alice`
/// and `alice` are the same user. `:` is excluded because it separates issuer
/// and account in an otpauth label; `/` and control characters because names
/// appear in file names, terminals and logs.
pub fn canonical_user_name(raw: &str) -> Result<String, NameError> {
    if raw.is_empty() {
        return Err(NameError::Empty);
    }
    if raw.chars().count() > MAX_NAME_LEN {
        return Err(NameError::TooLong);
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+');
    if let Some(bad) = raw.chars().find(|c| !allowed(*c)) {
        return Err(NameError::BadCharacter {
            name: printable(raw),
            what: describe_char(bad),
        });
    }
    if !raw.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(NameError::BadStart(printable(raw)));
    }
    Ok(raw.to_ascii_lowercase())
}

/// Why a user name is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the user name is empty")]
    Empty,
    #[error("the user name is longer than {MAX_NAME_LEN} characters")]
    TooLong,
    #[error("the user name '{name}' contains {what}: use letters, digits and . _ - @ +")]
    BadCharacter { name: String, what: String },
    #[error("the user name '{0}' must start with a letter or a digit")]
    BadStart(String),
}

/// Why an email address is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("the email address must be 1 to {MAX_EMAIL_LEN} characters")]
    Length,
    #[error("the email address '{0}' starts with a character that is not allowed (= + - @)")]
    FormulaStart(String),
    #[error("the email address '{0}' contains a character that is not allowed")]
    BadCharacter(String),
    #[error("'{0}' is not an email address (expected name@domain)")]
    NotAnAddress(String),
}

/// Checks an email address well enough to catch typos and hostile input; the
/// mail transport parses it again when sending.
pub fn check_email(raw: &str) -> Result<String, EmailError> {
    let addr = raw.trim();
    if addr.is_empty() || addr.len() > MAX_EMAIL_LEN {
        return Err(EmailError::Length);
    }
    // A spreadsheet would run an exported address starting like a formula.
    if addr.starts_with(['=', '+', '-', '@']) {
        return Err(EmailError::FormulaStart(printable(addr)));
    }
    if addr
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';' | '"'))
    {
        return Err(EmailError::BadCharacter(printable(addr)));
    }
    // The mail library's parser decides what an address is, so an address
    // accepted here is one the transport can send to.
    let domain_ok = addr
        .split_once('@')
        .is_some_and(|(_, d)| !d.starts_with('.') && !d.ends_with('.') && !d.is_empty());
    match addr.parse::<lettre::Address>() {
        Ok(_) if domain_ok => Ok(addr.to_string()),
        _ => Err(EmailError::NotAnAddress(printable(addr))),
    }
}

/// Masks an address for display: `alice@example.com` becomes `a****@example.com`.
pub fn mask_email(addr: &str) -> String {
    match addr.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}****@{domain}")
        }
        None => "****".to_string(),
    }
}

/// Makes user-supplied text safe to print: control characters (terminal escape
/// sequences among them) are shown as `\u{..}` escapes, and very long text is
/// cut, so no input can rewrite the terminal or flood the screen.
pub fn printable(raw: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::new();
    for (i, c) in raw.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        out.push_str(&escaped(c));
    }
    out
}

/// One character made safe to print: a control character (a terminal
/// escape among them) as its `\u{..}` escape. The one place stepup escapes.
pub fn escaped(c: char) -> String {
    if c.is_control() {
        c.escape_unicode().to_string()
    } else {
        c.to_string()
    }
}

/// A character named in words for a message: 'x', a space, a tab, or its
/// code point when it may be invisible or look like another.
pub fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\t' => "a tab".into(),
        '\n' | '\r' => "a line break".into(),
        c if c.is_ascii_graphic() => format!("'{c}'"),
        // Anything else may be invisible or look like an ASCII letter.
        c => format!("the character U+{:04X}", u32::from(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_character_is_named_in_words() {
        let err = canonical_user_name("a b").unwrap_err().to_string();
        assert!(err.contains("contains a space"), "{err}");
        let err = canonical_user_name("a\u{200b}b").unwrap_err().to_string();
        assert!(err.contains("U+200B"), "{err}");
    }

    #[test]
    fn user_names_are_checked_and_folded() {
        assert_eq!(canonical_user_name("Alice").unwrap(), "alice");
        assert_eq!(
            canonical_user_name("ci-bot_2@acme").unwrap(),
            "ci-bot_2@acme"
        );
        for bad in ["", "a:b", "a/b", "a b", "-x", "a\u{1b}[31m", "é", ".hidden"] {
            assert!(canonical_user_name(bad).is_err(), "{bad:?} accepted");
        }
        assert!(canonical_user_name(&"a".repeat(64)).is_ok());
        assert!(canonical_user_name(&"a".repeat(65)).is_err());
    }

    #[test]
    fn error_messages_never_carry_control_characters() {
        let err = canonical_user_name("x\u{1b}]0;pwned\u{7}")
            .unwrap_err()
            .to_string();
        assert!(!err.chars().any(|c| c.is_control()), "{err:?}");
    }

    #[test]
    fn emails_are_checked_and_masked() {
        assert!(check_email("a@b.example").is_ok());
        for bad in [
            "",
            "nobody",
            "@x",
            "x@",
            "a@@b",
            "a b@c",
            "a@b.",
            "<a@b>",
            "=cmd|'/Ccalc'!A0@x.example",
            "+a@b.example",
            "-a@b.example",
        ] {
            assert!(check_email(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(mask_email("alice@example.com"), "a****@example.com");
    }

    #[test]
    fn methods_parse_and_order() {
        assert_eq!("totp".parse::<Method>().unwrap(), Method::Totp);
        assert!("sms".parse::<Method>().is_err());
        assert!(Method::Totp < Method::Email);
    }
}
