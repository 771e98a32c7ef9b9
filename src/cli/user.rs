//! `user add|list|show|remove|unlock|reset-mfa` (admins).

use super::PasswordArgs;
use clap::{Args, Subcommand};

/// Manage the workspace's users (admins)
#[derive(Subcommand, Debug)]
pub enum UserCommand {
    Add(AddArgs),
    /// List users with their role, methods and lock state
    #[command(after_help = "Example:\n  stepup user list --json")]
    List,
    /// Show one user
    #[command(after_help = "Example:\n  stepup user show alice")]
    Show(NameArg),
    /// Remove a user and end their sessions (the last admin cannot be removed)
    #[command(after_help = "Example:\n  stepup user remove alice")]
    Remove(NameArg),
    /// Clear a user's failed-attempt count and lock
    #[command(after_help = "Example:\n  stepup user unlock alice")]
    Unlock(NameArg),
    /// Remove all methods and recovery codes of a user who lost them
    #[command(after_help = "Example:\n  stepup user reset-mfa alice")]
    ResetMfa(NameArg),
}

/// Create a user
#[derive(Args, Debug)]
#[command(
    long_about = "Create a user. The password is prompted for on a terminal, or read from \
standard input with --password-stdin. Names are letters, digits and . _ - @ + (at most 64, \
case-insensitive).",
    after_help = "Examples:\n  stepup user add alice --email alice@acme.example\n  \
printf '%s\\n' \"$PW\" | stepup user add ci-bot --password-stdin\n  \
stepup user add bob --admin"
)]
pub struct AddArgs {
    pub name: String,
    /// Email address (needed for email codes)
    #[arg(long, value_name = "ADDR")]
    pub email: Option<String>,
    /// Make the user an admin
    #[arg(long)]
    pub admin: bool,
    #[command(flatten)]
    pub password: PasswordArgs,
}

#[derive(Args, Debug)]
pub struct NameArg {
    /// The user's name
    pub name: String,
}
