//! `completions` and `totp-code`: commands that touch no database.

use crate::cli::Cli;
use crate::cli::other::{CompletionsArgs, TotpCodeArgs};
use crate::domain::time::Clock;
use crate::domain::totp;
use crate::error::{Error, Result};
use crate::io::input::StdinLines;
use crate::io::output::Outcome;
use clap::CommandFactory;

pub fn completions(args: &CompletionsArgs) -> Result<Outcome> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "stepup", &mut buf);
    let text = String::from_utf8(buf).map_err(|e| Error::failure(e.to_string()))?;
    Ok(Outcome::new().field("script", &text).line(text.trim_end()))
}

pub fn totp_code(_args: &TotpCodeArgs, clock: &dyn Clock) -> Result<Outcome> {
    let mut stdin = StdinLines::new();
    let line = stdin.next("the base32 secret")?;
    let secret = zeroize::Zeroizing::new(totp::parse_base32(&line).map_err(|e| {
        Error::from(e).hint("pass the base32 secret shown when the authenticator was enrolled")
    })?);
    let now = clock.now();
    let (code, valid_for) = totp::code_for_raw_secret(&secret, now.0);
    Ok(Outcome::new()
        .field("code", &code)
        .field("valid_for_seconds", valid_for)
        .line(&code))
}
