//! The checks behind the fuzz targets in `fuzz/`, shared with the regression
//! test that replays the saved corpus in `cargo test`
//! (`tests/fuzz-regressions/`). Each takes arbitrary bytes and must neither
//! panic nor break the invariant it asserts.

use crate::cli::Cli;
use crate::config::Config;
use crate::domain::code::{CodeInput, parse_code};
use crate::domain::{account, audit, session, totp};
use crate::store::record;
use clap::Parser;

/// A fuzz check: arbitrary bytes in, a panic when an invariant breaks.
pub type Check = fn(&[u8]);

/// The fuzz targets by name, for the regression test.
pub const TARGETS: &[(&str, Check)] = &[
    ("code_input", code_input),
    ("config", config),
    ("record", record_decoding),
    ("cli_args", cli_args),
    ("base32_secret", base32_secret),
];

/// One-time code input: parses or refuses; what parses has its shape.
pub fn code_input(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_code(text) {
        Ok(CodeInput::OneTime(c)) => assert!(c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())),
        Ok(CodeInput::Recovery(c)) => assert!(crate::domain::recovery::looks_like_code(&c)),
        Err(e) => assert!(
            !e.to_string().chars().any(|c| c.is_control()),
            "control characters in {e:?}"
        ),
    }
}

/// Configuration text: parses into a valid config or an error message.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = Config::parse(text) {
        let s = c
            .initial_settings()
            .expect("a parsed config has valid limits");
        assert!(s.argon2.validate().is_ok());
        assert!(s.session.idle > 0 && s.session.lifetime > 0);
        assert!(!c.issuer.contains(':'));
    }
}

/// Stored records: any bytes decode to a value or a clean error, and a
/// value re-encodes to bytes that decode to the same value.
pub fn record_decoding(data: &[u8]) {
    if let Ok(u) = record::decode::<account::User>(data) {
        assert_eq!(
            record::decode::<account::User>(&record::encode(&u)).ok(),
            Some(u)
        );
    }
    if let Ok(w) = record::decode::<account::Workspace>(data) {
        assert_eq!(
            record::decode::<account::Workspace>(&record::encode(&w)).ok(),
            Some(w)
        );
    }
    let _ = record::decode::<session::Session>(data);
    let _ = record::decode::<audit::Event>(data);
    // The body alone, as if the checksum had matched: the JSON decoding of
    // damaged-but-plausible records must not panic either.
    let _ = serde_json::from_slice::<account::User>(data);
}

/// Command lines: NUL-separated arguments parse or give a clap error.
pub fn cli_args(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let args = std::iter::once("stepup").chain(text.split('\0'));
    let _ = Cli::try_parse_from(args);
}

/// Base32 secrets as people paste them into `totp-code`.
pub fn base32_secret(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bytes) = totp::parse_base32(text) {
        assert!(bytes.len() >= 10);
        let (code, valid) = totp::code_for_raw_secret(&bytes, 1_234_567_890);
        assert_eq!(code.len(), 6);
        assert!((1..=30).contains(&valid));
    }
}
