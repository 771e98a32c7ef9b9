//! stepup: multi-factor authentication and step-up verification for a
//! workspace's accounts, on one embedded redb database.
//!
//! The layers, from the inside out:
//! - [`domain`]: policy, verification options and step-up, TOTP, email and
//!   recovery codes, throttling, passwords, sessions. Pure; time is passed in.
//! - [`store`]: the redb tables, record encoding, schema version, busy waits.
//! - [`io`]: prompts, output (human and JSON), QR codes, the mail transport.
//! - [`cli`]: clap definitions; [`commands`]: one handler per verb.
//! - [`error`]: error kinds and exit codes, in one place.

pub mod cli;
pub mod commands;
pub mod config;
pub mod docs;
pub mod domain;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod io;
pub mod store;
pub mod system;

use clap::Parser;

/// Runs the program with the process's arguments and returns its exit code.
pub fn main_exit_code() -> i32 {
    let json = std::env::args_os().skip(1).any(|a| a == "--json");
    // A panic (redb meeting a damaged file, or a bug) is reported as a clean
    // failure with exit 1, and the process ends right here, in the hook,
    // before unwinding starts. Unwinding would run the destructors of the
    // storage engine's half-finished state, and one that panics again (redb
    // closes the database in `Drop for Database` and takes poisoned locks in
    // `Drop for WriteTransaction` while unwinding) turns the report into
    // "thread caused non-unwinding panic. aborting." and SIGABRT. Ending here
    // is as safe as a crash: nothing was committed, and redb's commit is
    // atomic on disk.
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let err = anyhow::Error::new(
            error::Error::failure(format!(
                "internal error: {}",
                domain::names::printable(&msg)
            ))
            .hint("the database may be damaged; if it is not, this is a bug in stepup: please report it"),
        );
        let code = io::output::print_error(&err, json);
        let _ = std::io::Write::flush(&mut std::io::stdout());
        std::process::exit(code);
    }));
    // First, while the process has one thread: system mode (set-group-ID)
    // hardens the process and lowers its ids to the caller's.
    if let Err(err) = system::start() {
        return io::output::print_error(&err, json);
    }
    run(json)
}

fn run(json_flag: bool) -> i32 {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e, json_flag),
    };
    let json = cli.global.json;
    let global = cli.global.clone();
    let code = match commands::run(cli.command, &global) {
        Ok(outcome) => {
            io::output::print_outcome(&outcome, json);
            error::exit::OK
        }
        Err(err) => io::output::print_error(&err, json),
    };
    // Notices go out after the reply, from a process nothing waits for.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    commands::notify::after_reply(&global);
    code
}

/// Help and version go to stdout with exit 0; every other parse error is a
/// usage error (exit 2), reported like any other error.
fn clap_error(e: &clap::Error, json: bool) -> i32 {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            io::output::stdout(&e.to_string());
            error::exit::OK
        }
        // `stepup` or `stepup method` alone: the usage with the list of
        // subcommands, as a usage error (exit 2), not as an error message.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let text = e.render().to_string();
            let usage = text.find("Usage:").map_or(text.as_str(), |i| &text[i..]);
            if !json {
                eprintln!("{}", usage.trim_end());
                return error::exit::USAGE;
            }
            let subcommands: Vec<&str> = usage
                .lines()
                .skip_while(|l| !l.starts_with("Commands:"))
                .skip(1)
                .take_while(|l| !l.trim().is_empty())
                .filter_map(|l| l.split_whitespace().next())
                .filter(|c| *c != "help")
                .collect();
            let err = anyhow::Error::new(
                error::Error::usage("a subcommand is needed")
                    .hint(format!("one of: {}", subcommands.join(", "))),
            );
            io::output::print_error(&err, json)
        }
        _ => {
            let text = e.to_string();
            let text = text.trim_end().trim_start_matches("error: ");
            let err = anyhow::Error::new(error::Error::usage(text));
            io::output::print_error(&err, json)
        }
    }
}
