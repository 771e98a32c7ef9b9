//! `session list|revoke`: see and end sessions.

use super::CodeArgs;
use clap::{Args, Subcommand};

/// See and end your sessions (an admin: anyone's)
#[derive(Subcommand, Debug)]
pub enum SessionCommand {
    List(ListArgs),
    Revoke(RevokeArgs),
}

/// List your sessions (an admin may add --user NAME)
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  stepup session list\n  stepup session list --user alice --json"
)]
pub struct ListArgs {
    /// Another user's sessions (admins)
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
}

/// End a session by its ID, or all your other sessions
#[derive(Args, Debug)]
#[command(
    long_about = "End a session by the ID `session list` shows (yours, or, for an admin, \
anyone's), or with --all every session of yours but this one (`logout` ends this one). \
An admin ending another user's sessions (--user NAME --all, or their ID) runs an admin \
command: it asks for the admin's code unless the session is fresh for `admin`.",
    after_help = "Examples:\n  stepup session revoke 3f9a0c1d2e4b5a69\n  \
stepup session revoke --all\n  stepup session revoke --user alice --all"
)]
pub struct RevokeArgs {
    /// The session's ID, from `stepup session list`
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub id: Option<String>,
    /// Every session of yours except this one (with --user: every session of that user)
    #[arg(long)]
    pub all: bool,
    /// Another user's sessions (admins)
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    #[command(flatten)]
    pub code: CodeArgs,
}
