//! `audit`, `completions`, `totp-code`.

use clap::Args;

/// Show the audit log (admins)
#[derive(Args, Debug)]
#[command(
    long_about = "Show the audit log, oldest first: time (UTC), who acted, the user concerned, \
the action, the method and the outcome. It never holds a password, code or secret.",
    after_help = "Examples:\n  stepup audit --limit 20\n  stepup audit --user alice --json\n  stepup audit verify",
    args_conflicts_with_subcommands = true
)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub check: Option<AuditCommand>,
    /// Only events about this user (as actor or subject)
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// Show at most this many of the newest events
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub limit: u32,
}

/// What `audit` does besides listing.
#[derive(clap::Subcommand, Debug)]
pub enum AuditCommand {
    Verify(AuditVerifyArgs),
}

/// Check that the audit log is whole: no event changed, removed or inserted (admins)
#[derive(Args, Debug)]
#[command(
    long_about = "Check the chain that ties every audit event to the one before by a MAC \
over its number, the previous MAC and its content. Exit 0 when it is whole, 1 naming the \
first event that was changed, removed or inserted. Prints the last event's number and MAC: \
keep them elsewhere (a ticket, another host), since events cut off the end leave a shorter \
chain that is still whole and only the number and MAC you kept show it. Without a secrets \
key the chain is unkeyed: it detects accidents and careless edits, not an attacker who \
rewrites the file and recomputes it. On the file it also checks the index `audit --user` \
reads against the log (exit 1 naming an entry removed or added); on PostgreSQL it names a \
trigger, rule, inheriting table, row security or view on stepup's tables that stepup did not \
make.",
    after_help = "Examples:\n  stepup audit verify\n  stepup audit verify --json | jq -r .last_mac"
)]
pub struct AuditVerifyArgs {}

/// Print a shell completion script
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  stepup completions bash > ~/.local/share/bash-completion/completions/stepup\n  \
stepup completions zsh > ~/.zfunc/_stepup\n  stepup completions fish > ~/.config/fish/completions/stepup.fish"
)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print the current code for a TOTP secret, as an authenticator app would
#[derive(Args, Debug)]
#[command(
    long_about = "Print the current 6-digit code for a base32 TOTP secret read from standard \
input, as an authenticator app would show it (RFC 6238, SHA-1, 30 seconds). For scripts and \
CI that enrolled an authenticator and keep its secret. Touches no database.",
    after_help = "Example:\n  printf '%s' \"$SECRET\" | stepup totp-code --secret-stdin"
)]
pub struct TotpCodeArgs {
    /// Read the base32 secret from standard input (required: secrets never go on the command line)
    #[arg(long, required = true)]
    pub secret_stdin: bool,
}

/// Show how big the database is, table by table (admins)
#[derive(Args, Debug)]
#[command(
    long_about = "Show the database file's size and, for each table, its entries and the bytes \
its keys and values take, its B-tree overhead and the room lost to partly filled pages. \
The file does not shrink when data is removed: freed pages are reused.",
    after_help = "Example:\n  stepup stats --json"
)]
pub struct StatsArgs {}

/// Shrink the database file by reclaiming its free pages (admins)
#[derive(Args, Debug)]
#[command(
    long_about = "Rewrite the database file so the free pages it keeps after many writes \
(redb reuses them, but never shrinks the file by itself) are given back. Other stepup \
processes wait while it runs; run it at a quiet time. On PostgreSQL it runs VACUUM on stepup's \
tables instead, which waits for no lock: a table another session holds locked is passed over, and \
the command ends with exit 4 naming it.",
    after_help = "Example:\n  stepup compact && stepup stats"
)]
pub struct CompactArgs {}

/// Move the whole workspace to another database, file or PostgreSQL (admins)
#[derive(Args, Debug)]
#[command(
    long_about = "Copy the whole workspace (policy, settings, actions, users, their methods \
and secrets, recovery-code hashes, throttles, last TOTP steps and the audit log; not \
sessions or pending codes) into an empty database, in one transaction there, then read \
the copy back and check it record by record. Then the source is frozen: every command \
there fails naming the new location, so no code can be spent in both places. Everyone \
logs in again on the new database. Always asks for a code (the admin action).\n\n\
Until the source is frozen the copy is marked unfinished, and no command uses it: a move \
that fails before then removes the copy and leaves the source live as it was; one that \
cannot clear the mark after (the new database went away at that moment) says so, and \
the same command, run again as root, finishes it without a code. A copy left unfinished \
by a move that failed is removed by the next attempt.",
    after_help = "Examples:\n  stepup migrate --to postgres://stepup@db.acme.internal/stepup\n  \
stepup --db postgres://stepup@db/ws migrate --to /srv/acme/stepup.redb"
)]
pub struct MigrateArgs {
    /// The new database: a file path that does not exist yet, or a postgres:// URL of
    /// an empty database (its password, if any, in the config's [database] password_file)
    #[arg(long, value_name = "URL_OR_PATH")]
    pub to: std::ffi::OsString,

    #[command(flatten)]
    pub code: crate::cli::CodeArgs,
}
