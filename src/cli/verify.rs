//! `verify` and `exec`: step-up for any action, from scripts and wrappers.

use super::CodeArgs;
use clap::Args;
use std::ffi::OsString;

/// Ask for step-up verification for an action; exit 0 means "go ahead"
#[derive(Args, Debug)]
#[command(
    long_about = "Step-up verification for ACTION as the session's user, with the same prompts, \
two-step exit 10 (--method/--code), freshness and throttling as any sensitive action. Exit 0 \
means \"go ahead\". When MFA does not apply to the user (the policy is disabled, or they have \
no method) it is exit 0 with mfa_applied false, unless --require-mfa is given or set on the \
action, which makes that exit 3. Every run is in the audit log with the action's name. \
`stepup action list` shows the actions.",
    after_help = "Examples:\n  \
# a deploy script asks before it does anything\n  \
stepup verify admin || exit 1\n\n  \
# CI: the code from the TOTP secret in its secret store\n  \
CODE=$(printf %s \"$SECRET\" | stepup totp-code --secret-stdin)\n  \
stepup verify admin --json --code \"$CODE\""
)]
pub struct VerifyArgs {
    /// The action (see `stepup action list`)
    pub action: String,
    /// Refuse (exit 3) when MFA does not apply to the user
    #[arg(long)]
    pub require_mfa: bool,
    #[command(flatten)]
    pub code: CodeArgs,
}

/// Run a command after step-up verification for an action
#[derive(Args, Debug)]
#[command(
    long_about = "`stepup verify ACTION`, then replace stepup with COMMAND, so COMMAND's exit \
status, signals and terminal are its own. COMMAND gets STEPUP_USER and STEPUP_ACTION in its \
environment (information anyone can set, not proof) and not STEPUP_SESSION; it starts with no \
descriptor of stepup's and, in system mode, without stepup's group. When verification does not \
succeed COMMAND never starts and stepup exits with its own code (and its JSON with --json); a \
COMMAND that cannot be started is exit 1.",
    after_help = "Examples:\n  \
stepup exec admin -- ./deploy.sh production\n  \
stepup exec login --require-mfa -- psql -h db.acme.internal\n  \
printf '%s\\n' \"$CODE\" | stepup exec admin --code - -- make release"
)]
pub struct ExecArgs {
    /// The action (see `stepup action list`)
    pub action: String,
    /// Refuse (exit 3) when MFA does not apply to the user
    #[arg(long)]
    pub require_mfa: bool,
    #[command(flatten)]
    pub code: CodeArgs,
    /// The command to run, after `--`
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}
