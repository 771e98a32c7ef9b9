//! The command line, as clap definitions only: one file per noun. The
//! handlers in `commands/` turn these into domain calls.

pub mod account;
pub mod action;
pub mod key;
pub mod method;
pub mod other;
pub mod policy;
pub mod recovery;
pub mod session;
pub mod settings;
pub mod system;
pub mod user;
pub mod verify;

use crate::domain::names::{Method, Policy};
use crate::domain::stepup::VerifyOption;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const ABOUT: &str = "Multi-factor authentication and step-up verification for a workspace, on one embedded database";

const LONG_ABOUT: &str = "\
stepup runs a workspace's accounts with multi-factor authentication (MFA) and \
step-up verification on one embedded redb database file. Admins set the MFA \
policy; users enroll an authenticator app or email codes; scripts and CI jobs \
drive every flow without a terminal.

Step-up verification: sensitive actions (log in, change password, disable a \
method, enable a further method, regenerate recovery codes, and admin commands \
that change something or read secrets) ask for a one-time code whenever MFA \
applies, even in an active session; `stepup action list` shows them and how long \
a step-up stays fresh. On a terminal stepup \
prompts for it; in a script the command stops with exit code 10 and says what \
it needs, and the same command run again with --code (and --method when the \
user has two methods) finishes it.";

const EXAMPLES: &str = "\
Examples:
  export STEPUP_DB=ws.redb

  # Create a workspace and its first admin (password read from stdin)
  printf '%s\\n' \"$ADMIN_PW\" | stepup init --admin root --password-stdin

  # Log in, enroll an authenticator app, require MFA for everyone
  stepup login root
  stepup method enable totp
  stepup policy set required

  # In a script: log in with a code computed from the enrolled secret
  code=$(printf '%s' \"$SECRET\" | stepup totp-code --secret-stdin)
  printf '%s\\n' \"$PW\" | stepup login ci --password-stdin --code \"$code\"

Exit codes: 0 done, 1 failure, 2 usage, 3 denied, 4 locked or busy (retry
later), 10 code required (rerun with --code).";

#[derive(Parser, Debug)]
#[command(
    name = "stepup",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = EXAMPLES,
    propagate_version = true,
    max_term_width = 100,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// The workspace database: a file, or a postgres:// URL (no password:
    /// that goes in the config) [default: the config's [database], else
    /// $XDG_DATA_HOME/stepup/stepup.redb]
    #[arg(long, global = true, env = "STEPUP_DB", value_name = "PATH|URL")]
    pub db: Option<PathBuf>,

    /// The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]
    #[arg(long, global = true, env = "STEPUP_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Print one JSON object on stdout instead of text
    #[arg(long, global = true)]
    pub json: bool,

    /// Never prompt (implied when standard input is not a terminal)
    #[arg(long, global = true)]
    pub no_input: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Init(account::InitArgs),
    Login(account::LoginArgs),
    Logout(account::LogoutArgs),
    Whoami(account::WhoamiArgs),
    Passwd(account::PasswdArgs),
    #[command(subcommand)]
    Method(method::MethodCommand),
    #[command(subcommand)]
    Recovery(recovery::RecoveryCommand),
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    #[command(subcommand)]
    User(user::UserCommand),
    #[command(subcommand)]
    Session(session::SessionCommand),
    #[command(subcommand)]
    Settings(settings::SettingsCommand),
    #[command(subcommand)]
    Action(action::ActionCommand),
    #[command(subcommand)]
    Key(key::KeyCommand),
    Audit(other::AuditArgs),
    Stats(other::StatsArgs),
    Compact(other::CompactArgs),
    Migrate(other::MigrateArgs),
    Completions(other::CompletionsArgs),
    TotpCode(other::TotpCodeArgs),
    Verify(verify::VerifyArgs),
    Exec(verify::ExecArgs),
    #[command(subcommand)]
    System(system::SystemCommand),
    /// Send the queued notices (started by stepup itself after a reply)
    #[command(hide = true)]
    FlushNotices,
}

/// `--password-stdin`.
#[derive(Args, Debug, Clone, Default)]
pub struct PasswordArgs {
    /// Read the password from the first line of standard input
    #[arg(long)]
    pub password_stdin: bool,
}

/// `--method` and `--code`, for commands that may ask for a one-time code.
#[derive(Args, Debug, Clone, Default)]
pub struct CodeArgs {
    /// Verify with this option (needed when you have two methods)
    #[arg(long, value_name = "METHOD", value_enum)]
    pub method: Option<OptionArg>,

    /// The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input
    #[arg(long, value_name = "CODE", allow_hyphen_values = true)]
    pub code: Option<String>,
}

/// A method users can enable.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodArg {
    /// Authenticator app (TOTP)
    Totp,
    /// Codes sent by email
    Email,
}

impl From<MethodArg> for Method {
    fn from(m: MethodArg) -> Method {
        match m {
            MethodArg::Totp => Method::Totp,
            MethodArg::Email => Method::Email,
        }
    }
}

/// A verification option.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionArg {
    /// A code from the authenticator app
    Totp,
    /// A code sent by email
    Email,
    /// One of the recovery codes
    Recovery,
}

impl From<OptionArg> for VerifyOption {
    fn from(o: OptionArg) -> VerifyOption {
        match o {
            OptionArg::Totp => VerifyOption::Totp,
            OptionArg::Email => VerifyOption::Email,
            OptionArg::Recovery => VerifyOption::Recovery,
        }
    }
}

/// A workspace MFA policy.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyArg {
    /// MFA is not available
    Disabled,
    /// Opt-in: asked for sensitive actions once the user enabled a method
    Enabled,
    /// Mandatory: every user must enable a method
    Required,
}

impl From<PolicyArg> for Policy {
    fn from(p: PolicyArg) -> Policy {
        match p {
            PolicyArg::Disabled => Policy::Disabled,
            PolicyArg::Enabled => Policy::Enabled,
            PolicyArg::Required => Policy::Required,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn help_examples_fit_an_80_column_terminal_so_they_are_never_wrapped() {
        // clap wraps help text at the terminal width; an example line that
        // wraps would paste as two commands. Examples stay short instead.
        fn walk(cmd: &clap::Command, path: &str, long: &mut Vec<String>) {
            let name = format!("{path} {}", cmd.get_name());
            for text in [cmd.get_after_help(), cmd.get_after_long_help()]
                .into_iter()
                .flatten()
            {
                for line in text.to_string().lines() {
                    if line.chars().count() > 80 {
                        long.push(format!("{name}: {line}"));
                    }
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &name, long);
            }
        }
        let mut long = Vec::new();
        walk(&Cli::command(), "", &mut long);
        assert!(
            long.is_empty(),
            "example lines over 80 columns:\n{}",
            long.join("\n")
        );
    }

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
