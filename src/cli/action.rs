//! `action list|set`: the actions that ask for step-up verification.

use super::CodeArgs;
use clap::{Args, Subcommand};

/// The actions that ask for step-up verification, and their freshness
#[derive(Subcommand, Debug)]
pub enum ActionCommand {
    /// List the actions with their freshness (any user)
    #[command(after_help = "Example:\n  stepup action list --json")]
    List,
    Set(SetArgs),
}

/// Change an action's freshness (admins)
#[derive(Args, Debug)]
#[command(
    long_about = "Change how long a successful step-up for an action lets further runs of \
the same action in the same session go ahead without a code (like GitHub's sudo mode). \
Never across sessions or from one action to another; logout, passwd and any change of the \
user's methods or role end it. 0 (the default of every built-in but `admin`) asks every \
time; `login` has no freshness. Some admin commands always ask, whatever the freshness: \
granting admin, user reset-mfa, policy set disabled, settings set, user export \
--include-password-hashes.",
    after_help = "Examples:\n  stepup action set admin --fresh-for 5m\n  \
stepup action set passwd --fresh-for 0\n  stepup action list"
)]
pub struct SetArgs {
    /// The action (see `stepup action list`)
    pub name: String,
    /// 0, or a duration such as 90s, 10m or 2h (at most 12h)
    #[arg(long, value_name = "DURATION")]
    pub fresh_for: String,
    #[command(flatten)]
    pub code: CodeArgs,
}
