//! `user add|list|show|remove|unlock|reset-mfa` (admins).

use super::{CodeArgs, PasswordArgs};
use clap::{Args, Subcommand};

/// Manage the workspace's users (admins)
#[derive(Subcommand, Debug)]
pub enum UserCommand {
    Add(AddArgs),
    Set(SetArgs),
    /// List users with their role, methods and lock state
    #[command(after_help = "Example:\n  stepup user list --json")]
    List,
    /// Show one user
    #[command(after_help = "Example:\n  stepup user show alice")]
    Show(NameArg),
    /// Remove a user and end their sessions (the last admin cannot be removed)
    #[command(after_help = "Example:\n  stepup user remove alice")]
    Remove(TargetArgs),
    /// Clear a user's failed-attempt count and lock
    #[command(after_help = "Example:\n  stepup user unlock alice")]
    Unlock(TargetArgs),
    /// Remove all methods and recovery codes of a user who lost them, and end their sessions
    #[command(
        long_about = "Remove all methods and recovery codes of a user who lost them, and end \
their sessions. Always asks for your own code, whatever the freshness of the admin action.",
        after_help = "Examples:\n  stepup user reset-mfa alice\n\n  \
# In a script, with the admin's own code\n  \
code=$(printf '%s' \"$ADMIN_SECRET\" | stepup totp-code --secret-stdin)\n  \
stepup user reset-mfa alice --code \"$code\""
    )]
    ResetMfa(TargetArgs),
    Import(ImportArgs),
    Export(ExportArgs),
}

/// File formats for import and export.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatArg {
    /// One JSON object per line
    Jsonl,
    /// Comma-separated, with a header row
    Csv,
}

/// Create many users from a JSON Lines or CSV file
#[derive(Args, Debug)]
#[command(
    long_about = "Create many users at once. Each record has `name`, optional `email`, \
optional `role` (member or admin) and either `password` (checked against the password \
rules and hashed with argon2id, on every core) or `password_hash` (an argon2 PHC string \
from another system, stored as it is, so a migration needs no plain passwords). CSV files \
start with a header row naming the columns.\n\n\
Every line is checked first. A bad line is reported by its line number; by default \
(--atomic) the whole import is then refused and nothing changes; with --skip-invalid the \
good lines go in. All users are written in one transaction. A progress line is shown on a \
terminal, and a summary at the end.",
    after_help = "Examples:\n  stepup user import users.jsonl\n  \
stepup user import --format csv - < users.csv\n  \
stepup user import legacy.csv --skip-invalid --json\n\n\
  users.jsonl:\n    {\"name\": \"alice\", \"email\": \"a@acme.example\", \"password\": \"pass phrase\"}\n    \
{\"name\": \"bob\", \"role\": \"admin\", \"password_hash\": \"$argon2id$v=19$...\"}\n  \
users.csv (fields with commas, such as PHC hashes, in double quotes):\n    name,email,role,password_hash\n    \
carol,carol@acme.example,member,\"$argon2id$v=19$m=19456,t=2,p=1$...\""
)]
pub struct ImportArgs {
    /// The file to read, or `-` for standard input
    pub file: std::path::PathBuf,
    /// The file's format [default: from the extension (.jsonl, .ndjson, .csv) or the content]
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Refuse the whole import when a line is bad (the default)
    #[arg(long, conflicts_with = "skip_invalid")]
    pub atomic: bool,
    /// Import the good lines and report the bad ones
    #[arg(long)]
    pub skip_invalid: bool,
    #[command(flatten)]
    pub code: CodeArgs,
}

/// Write the users to a JSON Lines or CSV file
#[derive(Args, Debug)]
#[command(
    long_about = "Write every user (name, email, role) in the format `user import` reads. \
No secret is written unless --include-password-hashes is given: then each record carries \
its argon2 PHC hash, for a migration to another stepup workspace, and a file written \
is created with mode 0600. MFA methods and recovery codes are never exported.",
    after_help = "Examples:\n  stepup user export > users.jsonl\n  \
stepup user export --format csv users.csv\n  \
stepup user export --include-password-hashes backup.jsonl"
)]
pub struct ExportArgs {
    /// The file to write (created, never overwritten), or `-` for standard output
    #[arg(default_value = "-")]
    pub file: std::path::PathBuf,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: FormatArg,
    /// Include each user's argon2 PHC password hash (always asks for your code)
    #[arg(long)]
    pub include_password_hashes: bool,
    #[command(flatten)]
    pub code: CodeArgs,
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
    /// Make the user an admin (always asks for your code)
    #[arg(long)]
    pub admin: bool,
    #[command(flatten)]
    pub password: PasswordArgs,
    #[command(flatten)]
    pub code: CodeArgs,
}

#[derive(Args, Debug)]
pub struct NameArg {
    /// The user's name
    pub name: String,
}

/// A role, for `user set --role`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleArg {
    Admin,
    Member,
}

/// Change a user's email address, role or password
#[derive(Args, Debug)]
#[command(
    long_about = "Change a user's email address, role or password (admins). A new password \
(read from standard input with --password-stdin, or prompted twice) ends all the user's \
sessions. Granting admin and setting a password always ask for your code. A demotion ends \
the user's sessions; the last admin cannot be demoted. When the user has the email method \
enabled, codes keep going to the old address until the user confirms the new one with \
`stepup method enable email` (a code is sent to it); the old address is told.",
    after_help = "Examples:\n  stepup user set root --email root@acme.example\n  \
stepup user set bob --role admin\n  \
printf '%s\\n' \"$NEW_PW\" | stepup user set alice --password-stdin"
)]
pub struct SetArgs {
    pub name: String,
    /// The new email address
    #[arg(long, value_name = "ADDR")]
    pub email: Option<String>,
    /// The new role
    #[arg(long, value_enum)]
    pub role: Option<RoleArg>,
    /// Set a new password, read from the first line of standard input
    #[arg(long)]
    pub password_stdin: bool,
    /// Set a new password, prompted for twice on the terminal
    #[arg(long, conflicts_with = "password_stdin")]
    pub password: bool,
    #[command(flatten)]
    pub code: CodeArgs,
}

/// A user an admin command changes, and the admin's own code.
#[derive(Args, Debug)]
pub struct TargetArgs {
    /// The user's name
    pub name: String,
    #[command(flatten)]
    pub code: CodeArgs,
}
