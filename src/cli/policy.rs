//! `policy show|set|allow|deny` (admins).

use super::{CodeArgs, MethodArg, PolicyArg};
use clap::{Args, Subcommand};

/// The workspace MFA policy and allowed methods (admins)
#[derive(Subcommand, Debug)]
pub enum PolicyCommand {
    /// Show the policy and the allowed methods
    #[command(after_help = "Example:\n  stepup policy show --json")]
    Show,
    Set(SetArgs),
    Allow(AllowArgs),
    Deny(DenyArgs),
}

/// Set the policy: disabled, enabled or required
#[derive(Args, Debug)]
#[command(
    long_about = "Set the workspace MFA policy.\n\n\
disabled: MFA is not available; nobody can enable a method and no action asks for a code. \
Methods enrolled earlier are kept and work again when the policy is raised.\n\
enabled: opt-in; a sensitive action asks for a code when the user enabled a method.\n\
required: every user must enable a method; a user without one gets a session that can only \
enroll. You can set `required` only after enabling a method yourself, and only while some \
method is allowed (unless --force). With --grace, users without a method keep full sessions \
for that long, and every command tells them how long is left.",
    after_help = "Examples:\n  stepup policy set required --grace 7d\n  stepup policy set required\n  \
stepup policy set disabled"
)]
pub struct SetArgs {
    #[arg(value_enum)]
    pub policy: PolicyArg,
    /// With `required`: how long users without a method keep full sessions (e.g. 7d, 12h; at most 90d)
    #[arg(long, value_name = "DURATION")]
    pub grace: Option<String>,
    /// Set `required` even though no method is allowed
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub code: CodeArgs,
}

/// Allow methods for users to enable and verify with
#[derive(Args, Debug)]
#[command(after_help = "Example:\n  stepup policy allow totp email")]
pub struct AllowArgs {
    #[arg(value_enum, required = true, num_args = 1..)]
    pub methods: Vec<MethodArg>,
    #[command(flatten)]
    pub code: CodeArgs,
}

/// Stop allowing methods (refused when it strands users, unless --force)
#[derive(Args, Debug)]
#[command(
    long_about = "Stop allowing methods. A method that is not allowed is not offered for \
verification and does not count as MFA. When some user would be left with no allowed method \
they enabled (recovery codes do not count: they run out), stepup names them and refuses \
unless --force.",
    after_help = "Examples:\n  stepup policy deny email\n  stepup policy deny email --force"
)]
pub struct DenyArgs {
    #[arg(value_enum, required = true, num_args = 1..)]
    pub methods: Vec<MethodArg>,
    /// Deny even if it leaves users without an allowed method (never yourself)
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub code: CodeArgs,
}
