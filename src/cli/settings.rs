//! `settings show|set` (admins): the limits that protect accounts.

use super::CodeArgs;
use clap::{Args, Subcommand};

/// The limits that protect accounts, kept in the workspace (admins)
#[derive(Subcommand, Debug)]
pub enum SettingsCommand {
    /// Show every limit with its value and unit
    #[command(after_help = "Example:\n  stepup settings show --json")]
    Show,
    Set(SetArgs),
}

/// Change one limit (always asks for your code)
#[derive(Args, Debug)]
#[command(
    long_about = "Change one of the limits that protect accounts: throttling, session \
lifetime and idle time, email-code lifetime, tries and resend interval, enrollment lifetime, \
argon2 cost. KEY is the config file's dotted path, in the same units. A value that would \
switch a protection off is refused. A config file can only make a limit stricter, for its \
own caller; the workspace's value is the one this sets. Always asks for your code, whatever \
the freshness of the admin action, and is audited.",
    after_help = "Examples:\n  stepup settings set session.idle_minutes 15\n  \
stepup settings set throttle.lockout_after 50 --code 123456\n  \
stepup settings show"
)]
pub struct SetArgs {
    /// The setting, e.g. session.idle_minutes (see `stepup settings show`)
    pub key: String,
    /// The new value, in the unit `settings show` gives
    pub value: String,
    #[command(flatten)]
    pub code: CodeArgs,
}
