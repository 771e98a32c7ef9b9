//! `action list|add|set|remove`: the actions that ask for step-up
//! verification.

use super::CodeArgs;
use clap::{Args, Subcommand};

/// The actions that ask for step-up verification: built-in and your own
#[derive(Subcommand, Debug)]
pub enum ActionCommand {
    /// List the actions with their freshness (any user)
    #[command(after_help = "Example:\n  stepup action list --json")]
    List,
    Add(AddArgs),
    Set(SetArgs),
    Remove(RemoveArgs),
}

/// Add an action of your own, for `stepup verify` and `stepup exec` (admins)
#[derive(Args, Debug)]
#[command(
    long_about = "Add an action that scripts, wrappers and the PAM module ask step-up for \
(see `stepup verify --help` and `stepup exec --help`). NAME is a lowercase letter, then up \
to 31 lowercase letters, digits or '-', and not a built-in name. By default every run asks \
for a code (freshness 0); --fresh-for lets further runs in the same session go ahead for a \
while, and --require-mfa refuses (exit 3) users to whom MFA does not apply.",
    after_help = "Examples:\n  \
stepup action add deploy --description 'deploy to production'\n  \
stepup action add db-shell --fresh-for 15m --require-mfa\n  \
stepup exec db-shell -- psql -h db.acme.internal"
)]
pub struct AddArgs {
    /// The action's name, e.g. deploy, sudo, db-shell
    pub name: String,
    /// What it is for, shown by `stepup action list`
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// 0, or a duration such as 90s, 10m or 2h (at most 12h) [default: 0]
    #[arg(long, value_name = "DURATION")]
    pub fresh_for: Option<String>,
    /// Refuse users to whom MFA does not apply
    #[arg(long)]
    pub require_mfa: bool,
    #[command(flatten)]
    pub code: CodeArgs,
}

/// Change an action's freshness or whether it requires MFA (admins)
#[derive(Args, Debug)]
#[command(
    long_about = "Change how long a successful step-up for an action lets further runs of \
the same action in the same session go ahead without a code (like GitHub's sudo mode), or \
whether users to whom MFA does not apply are refused. Never across sessions or from one \
action to another; logout, passwd and any change of the user's methods or role end it. 0 \
(the default of every built-in but `admin`) asks every time; `login` has no freshness. Some \
admin commands always ask, whatever the freshness: granting admin, user reset-mfa, policy \
set disabled, settings set, user export --include-password-hashes.",
    after_help = "Examples:\n  stepup action set admin --fresh-for 5m\n  \
stepup action set passwd --fresh-for 0\n  stepup action set deploy --require-mfa true"
)]
pub struct SetArgs {
    /// The action (see `stepup action list`)
    pub name: String,
    /// 0, or a duration such as 90s, 10m or 2h (at most 12h)
    #[arg(long, value_name = "DURATION")]
    pub fresh_for: Option<String>,
    /// Whether users to whom MFA does not apply are refused
    #[arg(long, value_name = "BOOL", action = clap::ArgAction::Set)]
    pub require_mfa: Option<bool>,
    #[command(flatten)]
    pub code: CodeArgs,
}

/// Remove an action you added (admins)
#[derive(Args, Debug)]
#[command(
    long_about = "Remove a custom action: `verify` and `exec` for it are \
then exit 2. Built-in actions cannot be removed. A step-up made for it before never counts \
for an action added later under the same name.",
    after_help = "Example:\n  stepup action remove deploy"
)]
pub struct RemoveArgs {
    /// The custom action
    pub name: String,
    #[command(flatten)]
    pub code: CodeArgs,
}
