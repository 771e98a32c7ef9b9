//! The optional TOML configuration: read and validated on every run. An
//! unknown key or a bad value is an error naming the key (exit 1); without a
//! file every default applies and everything but email works.

use crate::domain::settings::{Key, Settings};
use crate::error::Error;
use serde::Deserialize;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The validated configuration the program uses.
#[derive(Clone, Debug)]
pub struct Config {
    /// otpauth issuer and email sender name.
    pub issuer: String,
    pub email: Option<EmailConfig>,
    /// The limits this file sets (`[throttle]`, `[session]`, `[codes]`,
    /// `[argon2]`), in the file's units. They belong to the workspace: `init`
    /// (and the upgrade of a first-version workspace) starts from them;
    /// afterwards they can only make a limit stricter for this caller.
    pub limits: Vec<(&'static Key, u64)>,
    /// How long a command waits for a busy database before giving up.
    pub busy_timeout: Duration,
    /// `[database] path` or `url`: where the workspace is when neither
    /// `--db` nor `STEPUP_DB` says.
    pub database: Option<DatabaseAt>,
    /// `[database] password_file`: the PostgreSQL password (0600, yours).
    pub password_file: Option<PathBuf>,
    /// `[database] ca_file`: the authorities trusted for TLS to PostgreSQL.
    pub ca_file: Option<PathBuf>,
    /// `[secrets] key_file`: the key the workspace is sealed with.
    pub key_file: Option<PathBuf>,
    /// `[notify] enabled` (default true): mail users when their account
    /// changes.
    pub notify: bool,
    /// Where it was read from, if anywhere.
    pub source: Option<PathBuf>,
}

/// Where the config puts the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseAt {
    Path(PathBuf),
    /// A PostgreSQL URL, which may carry the password.
    Url(String),
}

/// How email codes are sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transport {
    /// lettre's SMTP URL (smtp://, smtps://, ?tls=required, user:pass@).
    Smtp { url: String, timeout: Duration },
    /// Write each message as an .eml file in this folder.
    File { dir: PathBuf },
    /// Pipe each message to a sendmail-compatible program.
    Sendmail { command: Option<PathBuf> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailConfig {
    pub transport: Transport,
    /// The From header, e.g. `Acme <mfa@acme.example>`.
    pub from: String,
    /// `[email] ca_file`: an authority (PEM) trusted for the SMTP server's
    /// certificate besides the public ones (`smtps://` or `?tls=required`).
    pub ca_file: Option<PathBuf>,
    /// Its contents, read and checked once (system mode and PAM), so the
    /// file cannot be swapped between the check and the send.
    pub ca_pem: Option<Vec<u8>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            issuer: "stepup".into(),
            email: None,
            limits: Vec::new(),
            busy_timeout: Duration::from_secs(5),
            database: None,
            password_file: None,
            ca_file: None,
            key_file: None,
            notify: true,
            source: None,
        }
    }
}

// The file's shape. Every table denies unknown keys so a typo is an error
// instead of a silently ignored setting.

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    issuer: Option<String>,
    email: Option<RawEmail>,
    argon2: Option<RawArgon2>,
    session: Option<RawSession>,
    codes: Option<RawCodes>,
    throttle: Option<RawThrottle>,
    database: Option<RawDatabase>,
    secrets: Option<RawSecrets>,
    notify: Option<RawNotify>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSecrets {
    key_file: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotify {
    enabled: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmail {
    transport: Option<String>,
    url: Option<String>,
    from: Option<String>,
    dir: Option<PathBuf>,
    sendmail_command: Option<PathBuf>,
    timeout_seconds: Option<u64>,
    ca_file: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArgon2 {
    memory_kib: Option<u64>,
    iterations: Option<u64>,
    parallelism: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    lifetime_minutes: Option<u64>,
    idle_minutes: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodes {
    email_lifetime_minutes: Option<u64>,
    email_resend_seconds: Option<u64>,
    email_max_tries: Option<u64>,
    enrollment_lifetime_minutes: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThrottle {
    free_failures: Option<u64>,
    base_delay_seconds: Option<u64>,
    max_delay_seconds: Option<u64>,
    lockout_after: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatabase {
    busy_timeout_ms: Option<u64>,
    path: Option<PathBuf>,
    url: Option<String>,
    password_file: Option<PathBuf>,
    ca_file: Option<PathBuf>,
}

/// Largest config file read (a config is a few hundred bytes).
const MAX_CONFIG_BYTES: u64 = 1 << 20;

impl Config {
    /// Loads the configuration: `explicit` (from `--config` or
    /// `STEPUP_CONFIG`) must exist; otherwise the default location is used
    /// when a file is there.
    pub fn load(explicit: Option<&Path>, default_path: Option<PathBuf>) -> Result<Config, Error> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match default_path {
                Some(p) if p.exists() => p,
                _ => return Ok(Config::default()),
            },
        };
        let text = read_limited(&path)?;
        let mut config = Config::parse(&text).map_err(|e| {
            Error::failure(format!("bad configuration in {}: {e}", path.display()))
                .hint("fix the file, or see `man stepup` (CONFIGURATION) for every key")
        })?;
        // A password everyone can read is not a secret any more.
        if config.holds_credentials()
            && let Ok(meta) = std::fs::metadata(&path)
            && meta.mode() & 0o004 != 0
        {
            return Err(Error::failure(format!(
                "refusing to use {}: it holds a password (a database or SMTP URL with one) and everyone can read it (mode {:04o})",
                path.display(),
                meta.mode() & 0o7777
            ))
            .hint(format!(
                "chmod 600 {} (and change that password if others may have read it), or move a database password to a [database] password_file",
                path.display()
            )));
        }
        config.source = Some(path);
        Ok(config)
    }

    /// Loads the one configuration of system mode, `/etc/stepup/config.toml`:
    /// owned by root and writable by root alone (in a folder the same holds
    /// for), not readable by everyone when it holds a password, and naming
    /// the workspace.
    pub fn load_system() -> crate::error::Result<Config> {
        use crate::system::{CONFIG, Trust};
        let path = Path::new(CONFIG);
        let folder = path.parent().expect("an absolute path");
        match std::fs::metadata(folder) {
            Ok(m) if m.uid() == 0 && m.mode() & 0o022 == 0 => {}
            Ok(m) => {
                return Err(Error::failure(format!(
                    "refusing to use {CONFIG}: its folder {} is writable by others than root (owner uid {}, mode {:04o})",
                    folder.display(),
                    m.uid(),
                    m.mode() & 0o7777
                ))
                .hint(format!("as root: chown root {0} && chmod 0755 {0}", folder.display()))
                .into());
            }
            Err(e) => return Err(missing_system_config(&e).into()),
        }
        if let Err(e) = std::fs::symlink_metadata(path) {
            return Err(missing_system_config(&e).into());
        }
        let (bytes, meta) =
            crate::system::read_root_file(path, Trust::RootWritable, MAX_CONFIG_BYTES)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::failure(format!("the configuration {CONFIG} is not valid UTF-8"))
        })?;
        let mut config = Config::parse(&text).map_err(|e| {
            Error::failure(format!("bad configuration in {CONFIG}: {e}"))
                .hint("fix the file, or see `man stepup` (CONFIGURATION) for every key")
        })?;
        if let Some(DatabaseAt::Path(p)) = &config.database
            && !p.is_absolute()
        {
            return Err(Error::failure(format!(
                "bad configuration in {CONFIG}: key `database.path`: '{}' is not an absolute path (it would depend on the caller's folder)",
                p.display()
            ))
            .into());
        }
        if let Some(EmailConfig {
            transport: Transport::File { .. },
            ..
        }) = &config.email
        {
            return Err(Error::failure(format!(
                "bad configuration in {CONFIG}: email.transport \"file\" cannot be used in system mode: each code would be written by, and readable to, the member who asked for it"
            ))
            .hint("use transport \"smtp\" or \"sendmail\"")
            .into());
        }
        if config.database.is_none() {
            return Err(Error::failure(format!(
                "{CONFIG} names no workspace: system mode needs its [database] path or url"
            ))
            .hint("as root: stepup system install --admin NAME (or add a [database] section)")
            .into());
        }
        if config.holds_credentials() && meta.mode() & 0o004 != 0 {
            return Err(Error::failure(format!(
                "refusing to use {CONFIG}: it holds a database password and everyone can read it (mode {:04o})",
                meta.mode() & 0o7777
            ))
            .hint(format!("as root: chgrp stepup {CONFIG} && chmod 0640 {CONFIG} (or move a database password to a [database] password_file)"))
            .into());
        }
        config.pin_sendmail()?;
        config.source = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses and validates configuration text.
    pub fn parse(text: &str) -> Result<Config, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| describe_toml_error(text, &e))?;
        let mut c = Config::default();
        if let Some(issuer) = raw.issuer {
            let bad = issuer.trim().is_empty()
                || issuer.len() > 64
                || issuer.contains(':')
                || issuer.chars().any(char::is_control);
            if bad {
                return Err(
                    "key `issuer`: use 1 to 64 characters, no ':' and no control characters".into(),
                );
            }
            c.issuer = issuer;
        }
        let mut limit = |name: &str, value: Option<u64>| -> Result<(), String> {
            if let Some(v) = value {
                let key = Key::find(name).map_err(|e| e.to_string())?;
                key.check(v).map_err(|e| format!("key {e}"))?;
                c.limits.push((key, v));
            }
            Ok(())
        };
        if let Some(a) = raw.argon2 {
            limit("argon2.memory_kib", a.memory_kib)?;
            limit("argon2.iterations", a.iterations)?;
            limit("argon2.parallelism", a.parallelism)?;
        }
        if let Some(s) = raw.session {
            limit("session.lifetime_minutes", s.lifetime_minutes)?;
            limit("session.idle_minutes", s.idle_minutes)?;
        }
        if let Some(k) = raw.codes {
            limit("codes.email_lifetime_minutes", k.email_lifetime_minutes)?;
            limit("codes.email_resend_seconds", k.email_resend_seconds)?;
            limit("codes.email_max_tries", k.email_max_tries)?;
            limit(
                "codes.enrollment_lifetime_minutes",
                k.enrollment_lifetime_minutes,
            )?;
        }
        if let Some(t) = raw.throttle {
            limit("throttle.free_failures", t.free_failures)?;
            limit("throttle.base_delay_seconds", t.base_delay_seconds)?;
            limit("throttle.max_delay_seconds", t.max_delay_seconds)?;
            limit("throttle.lockout_after", t.lockout_after)?;
        }
        // The keys must also fit together (delays in order, argon2 memory).
        c.initial_settings()?;
        if let Some(d) = raw.database {
            if let Some(ms) = d.busy_timeout_ms {
                if !(1..=600_000).contains(&ms) {
                    return Err("key `database.busy_timeout_ms`: use 1 to 600000".into());
                }
                c.busy_timeout = Duration::from_millis(ms);
            }
            c.database = match (d.path, d.url) {
                (Some(_), Some(_)) => {
                    return Err(
                        "keys `database.path` and `database.url`: give one of them, not both"
                            .into(),
                    );
                }
                (Some(p), None) if p.as_os_str().is_empty() => {
                    return Err("key `database.path`: empty".into());
                }
                (Some(p), None) => Some(DatabaseAt::Path(p)),
                (None, Some(u)) => Some(DatabaseAt::Url(u)),
                (None, None) => None,
            };
            c.password_file = d.password_file;
            c.ca_file = d.ca_file;
        }
        if let Some(e) = raw.email {
            c.email = Some(email_config(e)?);
        }
        if let Some(k) = raw.secrets.and_then(|s| s.key_file) {
            if k.as_os_str().is_empty() {
                return Err("key `secrets.key_file`: empty".into());
            }
            c.key_file = Some(k);
        }
        if let Some(n) = raw.notify {
            c.notify = n.enabled.unwrap_or(true);
        }
        Ok(c)
    }

    /// The settings a new workspace starts from: the defaults with this
    /// file's limits applied.
    pub fn initial_settings(&self) -> Result<Settings, String> {
        Settings::from_overrides(&self.limits).map_err(|e| format!("key {e}"))
    }

    /// The email settings, or the error saying how to configure them.
    pub fn email(&self) -> Result<&EmailConfig, Error> {
        self.email.as_ref().ok_or_else(|| {
            Error::failure("email is not configured, so no email code can be sent").hint(
                "add an [email] table to the configuration (transport, url, from); see `man stepup`",
            )
        })
    }
}

fn email_config(e: RawEmail) -> Result<EmailConfig, String> {
    let from = e
        .from
        .ok_or("table `email`: key `from` is missing (e.g. from = \"Acme <mfa@acme.example>\")")?;
    if from.trim().is_empty() || from.chars().any(char::is_control) {
        return Err("key `email.from`: give an address such as \"Acme <mfa@acme.example>\"".into());
    }
    let transport = e.transport.as_deref().unwrap_or("smtp");
    if e.ca_file.is_some() && transport != "smtp" {
        return Err("key `email.ca_file`: only for transport \"smtp\"".into());
    }
    let transport = match transport {
        "smtp" => {
            let url = e.url.ok_or(
                "table `email`: transport \"smtp\" needs key `url` (e.g. smtp://127.0.0.1:2525)",
            )?;
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err("key `email.url`: must start with smtp:// or smtps://".into());
            }
            if e.ca_file.is_some() && smtp_tls(&url) == SmtpTls::None {
                return Err(
                    "key `email.ca_file`: the url uses no TLS; use smtps:// or add ?tls=required"
                        .into(),
                );
            }
            let secs = e.timeout_seconds.unwrap_or(10);
            if !(1..=300).contains(&secs) {
                return Err("key `email.timeout_seconds`: use 1 to 300".into());
            }
            Transport::Smtp {
                url,
                timeout: Duration::from_secs(secs),
            }
        }
        "file" => Transport::File {
            dir: e
                .dir
                .ok_or("table `email`: transport \"file\" needs key `dir`")?,
        },
        "sendmail" => Transport::Sendmail {
            command: e.sendmail_command,
        },
        other => {
            return Err(format!(
                "key `email.transport`: '{}' is not one of smtp, file, sendmail",
                crate::domain::names::printable(other)
            ));
        }
    };
    Ok(EmailConfig {
        transport,
        from,
        ca_file: e.ca_file,
        ca_pem: None,
    })
}

/// How an SMTP URL asks for TLS (lettre's rules for `from_url`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    None,
    /// `smtps://`: TLS from the first byte.
    Wrapper,
    /// `?tls=required`: STARTTLS or fail.
    Required,
    /// `?tls=opportunistic`: STARTTLS when offered.
    Opportunistic,
}

pub fn smtp_tls(url: &str) -> SmtpTls {
    if url.starts_with("smtps://") {
        return SmtpTls::Wrapper;
    }
    let query = url.split_once('?').map_or("", |(_, q)| q);
    match query.split('&').find_map(|kv| kv.strip_prefix("tls=")) {
        Some("required") => SmtpTls::Required,
        Some("opportunistic") => SmtpTls::Opportunistic,
        _ => SmtpTls::None,
    }
}

/// The host of an SMTP URL (after any `user:pass@`, before the port).
pub fn smtp_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        host_port.rsplit_once(':').map_or(host_port, |(h, _)| h)
    };
    (!host.is_empty()).then(|| host.to_string())
}

/// A TOML error as "line N, column M: what", never quoting the file: the
/// line may hold a password (an SMTP URL), and so may a value the parser
/// names in its message, so quoted values are elided too.
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let mut out = String::new();
    if let Some(span) = e.span() {
        let before = &text.as_bytes()[..span.start.min(text.len())];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        if let Some(key) = key_at(text, span.start) {
            out.push_str(&format!("key `{key}`, "));
        }
        out.push_str(&format!("line {line}, column {column}: "));
    }
    let mut quote = None;
    for c in e.message().trim_end().chars() {
        match quote {
            Some(q) if c == q => {
                out.push('…');
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
            }
        }
    }
    if quote.is_some() {
        out.push('…');
    }
    out
}

/// The dotted name of the key whose line holds byte `at` (`email.url`), when
/// that line is a `key = value` line: the error then names its key, as every
/// config error does, without quoting the value.
fn key_at(text: &str, at: usize) -> Option<String> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let (key, _) = text[line_start..line_end].split_once('=')?;
    let key = key.trim();
    let plain = |k: &str| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
    };
    if !plain(key) {
        return None;
    }
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim())
        .filter(|t| plain(t));
    Some(match table {
        Some(t) => format!("{t}.{key}"),
        None => key.to_string(),
    })
}

fn missing_system_config(e: &std::io::Error) -> Error {
    Error::failure(format!(
        "this stepup runs in system mode (installed set-group-ID) and cannot read {}: {e}",
        crate::system::CONFIG
    ))
    .hint("the host's administrator sets it up with `sudo stepup system install --admin NAME`")
}

impl Config {
    /// Whether the file holds a password (a database or SMTP URL with one).
    pub fn holds_credentials(&self) -> bool {
        let db = matches!(&self.database, Some(DatabaseAt::Url(u)) if url_has_password(u));
        let smtp = matches!(
            &self.email,
            Some(EmailConfig { transport: Transport::Smtp { url, .. }, .. }) if url_has_password(url)
        );
        db || smtp
    }
}

/// Whether a PostgreSQL URL carries a password (`user:password@`).
pub fn url_has_password(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    authority
        .rsplit_once('@')
        .is_some_and(|(userinfo, _)| userinfo.contains(':'))
}

fn read_limited(path: &Path) -> Result<String, Error> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| {
        Error::failure(format!(
            "cannot read the configuration {}: {e}",
            path.display()
        ))
        .hint("check the path given with --config or STEPUP_CONFIG")
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Error::failure(format!(
                "cannot read the configuration {}: {e}",
                path.display()
            ))
        })?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(Error::failure(format!(
            "the configuration {} is larger than 1 MiB",
            path.display()
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        Error::failure(format!(
            "the configuration {} is not valid UTF-8",
            path.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_say_their_tls_and_host() {
        assert_eq!(smtp_tls("smtps://mail.acme.example"), SmtpTls::Wrapper);
        assert_eq!(smtp_tls("smtp://mail:587?tls=required"), SmtpTls::Required);
        assert_eq!(
            smtp_tls("smtp://mail?x=1&tls=opportunistic"),
            SmtpTls::Opportunistic
        );
        assert_eq!(smtp_tls("smtp://127.0.0.1:2525"), SmtpTls::None);
        assert_eq!(
            smtp_host("smtps://u:p@mail.acme.example:465").as_deref(),
            Some("mail.acme.example")
        );
        assert_eq!(
            smtp_host("smtp://[::1]:25?tls=required").as_deref(),
            Some("::1")
        );
        assert_eq!(smtp_host("smtp://localhost").as_deref(), Some("localhost"));
        assert!(
            Config::parse("[email]\nfrom = \"a <a@b.c>\"\nurl = \"smtp://h\"\nca_file = \"/x\"\n")
                .unwrap_err()
                .contains("no TLS")
        );
    }

    #[test]
    fn empty_config_gives_the_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.issuer, "stepup");
        assert!(c.limits.is_empty());
        assert_eq!(c.initial_settings().unwrap(), Settings::default());
        assert!(c.email.is_none());
    }

    #[test]
    fn the_spec_example_parses() {
        let c = Config::parse(
            r#"
issuer = "Acme"
[email]
transport = "smtp"
url = "smtp://127.0.0.1:2525"
from = "Acme <mfa@acme.example>"
[argon2]
memory_kib = 19456
iterations = 2
parallelism = 1
"#,
        )
        .unwrap();
        assert_eq!(c.issuer, "Acme");
        let email = c.email.unwrap();
        assert_eq!(email.from, "Acme <mfa@acme.example>");
        assert!(
            matches!(email.transport, Transport::Smtp { ref url, .. } if url == "smtp://127.0.0.1:2525")
        );
    }

    #[test]
    fn no_error_quotes_a_line_or_a_value() {
        for text in [
            "[email]\nurl = \"smtp://mfa:Hunter2-SMTP-pass@mail.example:587\" x\n",
            "issuer = \"Hunter2-SMTP-pass\n",
            "[argon2]\nmemory_kib = \"Hunter2-SMTP-pass\"\n",
            "[email]\nfrom = \"a@b\"\nurl = \"smtp://Hunter2-SMTP-pass@x\"\ntimeout_seconds = \"Hunter2-SMTP-pass\"\n",
            "Hunter2-SMTP-pass\n",
        ] {
            let err = Config::parse(text).unwrap_err();
            assert!(!err.contains("Hunter2"), "{text:?}: {err}");
            assert!(err.contains("line "), "{text:?}: {err}");
        }
    }

    #[test]
    fn errors_do_not_quote_the_line() {
        let err =
            Config::parse("[email]\nurl = \"smtp://user:hunter22@mail\"\nfrom = 5\n").unwrap_err();
        assert!(!err.contains("hunter22"), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn limits_are_kept_with_their_keys_for_the_workspace_to_judge() {
        let c =
            Config::parse("[throttle]\nfree_failures = 3\n[session]\nidle_minutes = 5\n").unwrap();
        let keys: Vec<(&str, u64)> = c.limits.iter().map(|(k, v)| (k.name, *v)).collect();
        assert_eq!(
            keys,
            [("session.idle_minutes", 5), ("throttle.free_failures", 3)]
        );
        let s = c.initial_settings().unwrap();
        assert_eq!(s.throttle.free_failures, 3);
        assert_eq!(s.session.idle, 300);
        // The attack's values are out of range, so an error naming the key.
        for (text, key) in [
            (
                "[throttle]\nfree_failures = 4000000000",
                "throttle.free_failures",
            ),
            ("[session]\nidle_minutes = 527040", "session.idle_minutes"),
        ] {
            let err = Config::parse(text).unwrap_err();
            assert!(err.contains(key), "{err}");
        }
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = Config::parse("isuer = \"x\"").unwrap_err();
        assert!(err.contains("isuer"), "{err}");
        let err = Config::parse("[argon2]\nmemory = 5").unwrap_err();
        assert!(err.contains("memory"), "{err}");
        let err = Config::parse("[email]\nfrom=\"a@b\"\nurl=\"smtp://x\"\nport = 25").unwrap_err();
        assert!(err.contains("port"), "{err}");
    }

    #[test]
    fn bad_values_are_named() {
        for (text, key) in [
            ("issuer = \"a:b\"", "issuer"),
            ("issuer = 5", "issuer"),
            ("[argon2]\nmemory_kib = 1", "argon2"),
            ("[argon2]\niterations = -1", "iterations"),
            ("[session]\nidle_minutes = 0", "session.idle_minutes"),
            (
                "[email]\nfrom = \"a@b\"\ntransport = \"pigeon\"",
                "email.transport",
            ),
            ("[email]\nfrom = \"a@b\"\ntransport = \"file\"", "dir"),
            ("[email]\nurl = \"smtp://x\"", "from"),
            ("[email]\nfrom = \"a@b\"\nurl = \"http://x\"", "email.url"),
            (
                "[throttle]\nbase_delay_seconds = 100\nmax_delay_seconds = 10",
                "max_delay_seconds",
            ),
            ("[database]\nbusy_timeout_ms = 0", "busy_timeout_ms"),
            ("this is not toml", "line 1"),
        ] {
            let err = Config::parse(text).unwrap_err();
            assert!(err.contains(key), "{text:?}: {err}");
        }
    }
}
