//! Where a workspace is: a file path or a PostgreSQL URL, chosen in one
//! place from `--db` > `STEPUP_DB` > the config's `[database]` > the default
//! file. A password never comes from the command line or the environment.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A workspace's database.
#[derive(Clone, Debug)]
pub enum Location {
    File(PathBuf),
    Postgres(Box<PgUrl>),
}

/// Where a location was given: what may be in it depends on that.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Given {
    /// `--db` or `STEPUP_DB`, which other processes can read: no password.
    FlagOrEnv,
    /// `migrate --to`: no password either.
    MigrateTarget,
    /// The config's `[database] url`, which may carry one.
    Config,
}

impl Given {
    fn name(self) -> &'static str {
        match self {
            Given::FlagOrEnv => "--db or STEPUP_DB",
            Given::MigrateTarget => "migrate --to",
            Given::Config => "the config's [database] url",
        }
    }
}

/// How the connection to PostgreSQL is protected.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Tls {
    /// No TLS (`sslmode=disable`, the default on loopback and Unix sockets).
    Disable,
    /// TLS, the server's certificate checked against the CA and the host
    /// name (`sslmode=verify-full`, the default anywhere else).
    VerifyFull,
}

/// A PostgreSQL URL, parsed; `shown` is the URL without its password.
#[derive(Clone, Debug)]
pub struct PgUrl {
    pub shown: String,
    pub config: tokio_postgres::Config,
    pub tls: Tls,
    /// The certificate authorities to trust for TLS (the config's
    /// `[database] ca_file`); None: the public web roots.
    pub ca_file: Option<PathBuf>,
    /// The ca_file's contents when they were read (and checked) already:
    /// system mode and PAM read it once, with the file open, so it cannot
    /// be swapped between the check and the use.
    pub ca_pem: Option<Vec<u8>>,
    /// The URL's `options` (`-c NAME=VALUE`), set in every transaction
    /// rather than sent when connecting: a pooler refuses (or drops) startup
    /// options, and its server connections serve other clients.
    pub settings: Vec<(String, String)>,
}

impl std::fmt::Display for PgUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl Location {
    /// Parses a database location as given on `--db`, in `STEPUP_DB`, in
    /// `migrate --to` or in the config.
    pub fn parse(raw: &std::ffi::OsStr, given: Given) -> Result<Location> {
        if raw.is_empty() {
            return Err(Error::usage(format!("{} is empty", given.name()))
                .hint("give a file path or a postgres:// URL")
                .into());
        }
        // The scheme is told from the bytes, before any UTF-8 check: a URL
        // with a byte that is not UTF-8 is a bad URL, never a file path.
        let bytes = raw.as_encoded_bytes();
        let scheme_end = bytes.windows(3).position(|w| w == b"://");
        let scheme = scheme_end.map(|end| &bytes[..end]);
        let postgres =
            |s: &[u8]| s.eq_ignore_ascii_case(b"postgres") || s.eq_ignore_ascii_case(b"postgresql");
        match scheme {
            Some(s) if postgres(s) => {
                let Some(text) = raw.to_str() else {
                    // (Not shown: it may hold a password.)
                    return Err(Error::usage(format!(
                        "{} is not a usable PostgreSQL URL: it is not valid UTF-8",
                        given.name()
                    ))
                    .hint("use postgres://USER@HOST[:PORT]/DBNAME[?sslmode=disable|verify-full]")
                    .into());
                };
                // Schemes are case-insensitive (RFC 3986); the driver's is not.
                let rest = &text[s.len()..];
                let text = format!("{}{rest}", String::from_utf8_lossy(s).to_ascii_lowercase());
                Ok(Location::Postgres(Box::new(PgUrl::parse(&text, given)?)))
            }
            Some(s)
                if !s.is_empty()
                    && s[0].is_ascii_alphabetic()
                    && s.iter()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')) =>
            {
                Err(Error::usage(format!(
                    "{} names a {}:// database, which stepup does not know",
                    given.name(),
                    String::from_utf8_lossy(s)
                ))
                .hint("give a file path, or a postgres:// or postgresql:// URL")
                .into())
            }
            // `postgres:/host` or `postgresql:db`: a URL with a slip, not a
            // file to create in the current folder.
            _ if bytes
                .iter()
                .position(|&c| c == b':')
                .is_some_and(|colon| postgres(&bytes[..colon])) =>
            {
                Err(Error::usage(format!(
                    "{} starts like a PostgreSQL URL but has no // after the scheme",
                    given.name()
                ))
                .hint("use postgres://USER@HOST[:PORT]/DBNAME, or ./NAME for a file of that name")
                .into())
            }
            // A new file named for `migrate` is kept as an absolute path:
            // the frozen source names it, read from anywhere.
            _ if given == Given::MigrateTarget => Ok(Location::File(
                std::path::absolute(raw).unwrap_or_else(|_| PathBuf::from(raw)),
            )),
            _ => Ok(Location::File(PathBuf::from(raw))),
        }
    }

    /// For messages: the path, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres(u) => u.shown.clone(),
        }
    }

    /// The bytes that tell this workspace from others (the key of the
    /// session file): a file's canonical path, or the URL's server, port,
    /// database and user.
    pub fn identity(&self) -> Vec<u8> {
        match self {
            Location::File(db) => {
                let absolute = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
                let canonical = std::fs::canonicalize(&absolute).unwrap_or(absolute);
                canonical.as_os_str().as_encoded_bytes().to_vec()
            }
            Location::Postgres(u) => u.shown.as_bytes().to_vec(),
        }
    }

    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(p) => Some(p),
            Location::Postgres(_) => None,
        }
    }
}

impl PgUrl {
    /// Parses `postgres://USER[:PASSWORD]@HOST[:PORT]/DBNAME[?sslmode=…]`.
    pub fn parse(text: &str, given: Given) -> Result<PgUrl> {
        let bad = |why: String| -> anyhow::Error {
            Error::usage(format!(
                "{} is not a usable PostgreSQL URL: {why}",
                given.name()
            ))
            .hint("use postgres://USER@HOST[:PORT]/DBNAME[?sslmode=disable|verify-full]")
            .into()
        };
        // sslmode is stepup's to decide (the driver knows no verify-full).
        let (base, query) = text.split_once('?').unwrap_or((text, ""));
        let mut tls = None;
        let mut rest = Vec::new();
        let mut settings = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("sslmode", "disable")) => tls = Some(Tls::Disable),
                Some(("sslmode", "verify-full")) => tls = Some(Tls::VerifyFull),
                Some(("sslmode", other)) => {
                    return Err(bad(format!(
                        "sslmode={} (stepup knows disable and verify-full)",
                        crate::domain::names::printable(other)
                    )));
                }
                Some(("options", value)) => {
                    let text = percent_decoded(value)
                        .ok_or_else(|| bad("options is not percent-encoded UTF-8".into()))?;
                    settings.extend(
                        parse_options(&text).map_err(|why| bad(format!("options: {why}")))?,
                    );
                }
                Some(("connect_timeout" | "application_name", _)) => rest.push(pair),
                _ => {
                    // Its name only: the value may be a secret (password=…).
                    let name = pair.split_once('=').map_or(pair, |(k, _)| k);
                    return Err(bad(format!(
                        "unknown parameter {}",
                        crate::domain::names::printable(name)
                    )));
                }
            }
        }
        let mut driver_text = base.to_string();
        if !rest.is_empty() {
            driver_text.push('?');
            driver_text.push_str(&rest.join("&"));
        }
        let config =
            tokio_postgres::Config::from_str(&driver_text).map_err(|e| bad(e.to_string()))?;
        if config.get_password().is_some() && given != Given::Config {
            return Err(Error::usage(format!(
                "{} carries a password, which other processes on this machine can read there",
                given.name()
            ))
            .hint("put the password in the config: [database] url, or password_file = PATH (mode 0600)")
            .into());
        }
        if config.get_dbname().is_none() {
            return Err(bad("no database name (…/DBNAME)".into()));
        }
        if config.get_user().is_none() {
            return Err(bad("no user name (USER@…)".into()));
        }
        if config.get_hosts().is_empty() {
            return Err(bad("no host".into()));
        }
        let loopback = config.get_hosts().iter().all(|h| match h {
            tokio_postgres::config::Host::Unix(_) => true,
            tokio_postgres::config::Host::Tcp(name) => {
                name == "localhost"
                    || name
                        .trim_matches(['[', ']'])
                        .parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback())
            }
        });
        let tls = tls.unwrap_or(if loopback {
            Tls::Disable
        } else {
            Tls::VerifyFull
        });
        Ok(PgUrl {
            shown: without_password(text),
            config,
            tls,
            ca_file: None,
            ca_pem: None,
            settings,
        })
    }
}

/// `%XX` escapes decoded (nothing else: libpq takes `+` as itself); a `%`
/// without two hex digits after it is refused, not kept as it is.
fn percent_decoded(text: &str) -> Option<String> {
    let escapes_whole = text.split('%').skip(1).all(|after| {
        after
            .get(..2)
            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    escapes_whole
        .then(|| {
            percent_encoding::percent_decode_str(text)
                .decode_utf8()
                .ok()
        })
        .flatten()
        .map(|s| s.into_owned())
}

/// The settings in a libpq `options` string, as the server reads them:
/// words split at white space (a backslash keeps the next character),
/// each setting `-c NAME=VALUE`, `-cNAME=VALUE` or `--NAME=VALUE`, a `-`
/// in the name read as `_`. Anything else is refused: stepup applies these
/// with `set_config(…, true)` in each transaction, where only settings
/// make sense.
pub fn parse_options(text: &str) -> std::result::Result<Vec<(String, String)>, String> {
    // (Every character taken goes into the word: a word is never empty.)
    let mut words = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => word.push(chars.next().unwrap_or('\\')),
            c if c.is_ascii_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut out = Vec::new();
    let mut words = words.into_iter();
    while let Some(w) = words.next() {
        let setting = if w == "-c" {
            words
                .next()
                .ok_or_else(|| "-c needs NAME=VALUE after it".to_string())?
        } else if let Some(rest) = w.strip_prefix("-c").or_else(|| w.strip_prefix("--")) {
            rest.to_string()
        } else {
            return Err(format!(
                "'{}' is not a setting (stepup takes -c NAME=VALUE there)",
                crate::domain::names::printable(&w)
            ));
        };
        let Some((name, value)) = setting.split_once('=') else {
            return Err(format!(
                "'{}' has no value (-c NAME=VALUE)",
                crate::domain::names::printable(&setting)
            ));
        };
        let name = name.replace('-', "_");
        let named = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        if !named {
            return Err(format!(
                "'{}' is not a setting's name",
                crate::domain::names::printable(&name)
            ));
        }
        if value.chars().any(char::is_control) {
            return Err(format!("the value of {name} holds a control character"));
        }
        out.push((name, value.to_string()));
    }
    Ok(out)
}

/// `text` with the password part of its user info removed.
fn without_password(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{scheme}://{user}@{host}{tail}")
        }
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn url_options_become_settings_and_anything_else_is_refused() {
        let pair = |n: &str, v: &str| (n.to_string(), v.to_string());
        assert_eq!(
            parse_options("-c search_path=team,public -cwork_mem=4MB --lock-timeout=5s").unwrap(),
            vec![
                pair("search_path", "team,public"),
                pair("work_mem", "4MB"),
                pair("lock_timeout", "5s")
            ]
        );
        // A backslash keeps a space (and itself) in a value, as the server reads it.
        assert_eq!(
            parse_options(r"-c application_name=a\ b\\c").unwrap(),
            vec![pair("application_name", r"a b\c")]
        );
        assert_eq!(parse_options("   ").unwrap(), vec![]);
        for bad in [
            "-c",
            "-c search_path",
            "search_path=x",
            "-D /tmp",
            "-c bad;name=1",
            "-c 1x=2",
            "-c x=a\u{7}",
        ] {
            assert!(parse_options(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            percent_decoded("-c%20search_path%3Dx+y").unwrap(),
            "-c search_path=x+y"
        );
        assert!(percent_decoded("%zz").is_none());
        assert!(percent_decoded("%4").is_none());
        let url = PgUrl::parse(
            "postgres://u@127.0.0.1/db?options=-c%20search_path%3Dteam&application_name=x",
            Given::FlagOrEnv,
        )
        .unwrap();
        assert_eq!(url.settings, vec![pair("search_path", "team")]);
        // Not a startup option: a pooler would refuse it.
        assert!(url.config.get_options().is_none());
        assert!(
            PgUrl::parse("postgres://u@127.0.0.1/db?options=-D%20x", Given::FlagOrEnv).is_err()
        );
    }

    fn parse(s: &str, given: Given) -> Result<Location> {
        Location::parse(OsStr::new(s), given)
    }

    fn exit(r: Result<Location>) -> i32 {
        crate::error::exit_code(&r.unwrap_err())
    }

    #[test]
    fn paths_urls_and_other_schemes() {
        assert!(matches!(
            parse("ws.redb", Given::FlagOrEnv),
            Ok(Location::File(_))
        ));
        assert!(matches!(
            parse("./a:b", Given::FlagOrEnv),
            Ok(Location::File(_))
        ));
        for url in [
            "postgres://u@127.0.0.1/db",
            "postgresql://u@localhost:5433/db",
        ] {
            let Ok(Location::Postgres(u)) = parse(url, Given::FlagOrEnv) else {
                panic!("{url}")
            };
            assert_eq!(u.tls, Tls::Disable, "loopback needs no TLS by default");
        }
        assert_eq!(exit(parse("mysql://u@h/db", Given::FlagOrEnv)), 2);
        assert_eq!(exit(parse("sqlite://x", Given::FlagOrEnv)), 2);
        assert_eq!(exit(parse("", Given::FlagOrEnv)), 2);
        // Schemes are case-insensitive.
        for url in ["POSTGRES://u@127.0.0.1/db", "PostgreSQL://u@127.0.0.1/db"] {
            let Ok(Location::Postgres(u)) = parse(url, Given::FlagOrEnv) else {
                panic!("{url}")
            };
            assert!(u.shown.starts_with("postgres"), "{}", u.shown);
        }
        // A slip after the scheme is a bad URL, not a file to create.
        for slip in ["postgres:/127.0.0.1/db", "postgresql:db", "Postgres:"] {
            assert_eq!(exit(parse(slip, Given::FlagOrEnv)), 2, "{slip}");
        }
        // So is a URL with a byte that is not UTF-8, and it is not shown.
        use std::os::unix::ffi::OsStrExt;
        for given in [Given::FlagOrEnv, Given::MigrateTarget] {
            for raw in [
                &b"postgres://u@127.0.0.1/db\xff"[..],
                b"postgresql://u:hunter2@h/\xff",
                b"mysql://\xff",
            ] {
                let err = Location::parse(OsStr::from_bytes(raw), given).unwrap_err();
                assert_eq!(crate::error::exit_code(&err), 2, "{raw:?}");
                assert!(!format!("{err:#}").contains("hunter2"));
            }
        }
        // A path with such a byte is a path.
        assert!(matches!(
            Location::parse(OsStr::from_bytes(b"ws\xff.redb"), Given::FlagOrEnv),
            Ok(Location::File(_))
        ));
        // A migrate target's path is kept absolute.
        let Ok(Location::File(p)) = parse("moved.redb", Given::MigrateTarget) else {
            panic!()
        };
        assert!(p.is_absolute(), "{}", p.display());
    }

    #[test]
    fn a_password_only_comes_from_the_config() {
        let url = "postgres://u:hunter2@db.example/ws";
        for given in [Given::FlagOrEnv, Given::MigrateTarget] {
            let err = parse(url, given).unwrap_err();
            assert_eq!(crate::error::exit_code(&err), 2);
            assert!(!format!("{err:#}").contains("hunter2"));
        }
        let Ok(Location::Postgres(u)) = parse(url, Given::Config) else {
            panic!()
        };
        assert_eq!(u.shown, "postgres://u@db.example/ws");
        assert_eq!(u.tls, Tls::VerifyFull, "off loopback: verify-full");
    }

    #[test]
    fn sslmode_and_missing_parts() {
        let Ok(Location::Postgres(u)) =
            parse("postgres://u@10.0.0.2/ws?sslmode=disable", Given::FlagOrEnv)
        else {
            panic!()
        };
        assert_eq!(u.tls, Tls::Disable);
        for bad in [
            "postgres://u@h/ws?sslmode=prefer",
            "postgres://u@h/ws?foo=bar",
            "postgres://u@h/ws?password=hunter2",
            "postgres://h/ws",
            "postgres://u@h",
        ] {
            assert_eq!(exit(parse(bad, Given::FlagOrEnv)), 2, "{bad}");
        }
        // A value in the query string is never repeated back.
        let err = parse("postgres://u@h/ws?password=hunter2", Given::Config).unwrap_err();
        assert!(!format!("{err:#}").contains("hunter2"), "{err:#}");
    }
}
