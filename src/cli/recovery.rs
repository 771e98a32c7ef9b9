//! `recovery list|regenerate`.

use super::CodeArgs;
use clap::{Args, Subcommand};

/// Your recovery codes: list the slots, regenerate the set
#[derive(Subcommand, Debug)]
pub enum RecoveryCommand {
    /// Show the 10 slots: used or not, when, and how many remain
    #[command(after_help = "Example:\n  stepup recovery list --json")]
    List,
    Regenerate(RegenerateArgs),
}

/// Issue a new set of 10 codes (asks for a code first)
#[derive(Args, Debug)]
#[command(
    long_about = "Issue a new set of 10 recovery codes after a one-time code (step-up). The \
old set stops working. The codes are shown once: store them safely.",
    after_help = "Example:\n  stepup recovery regenerate --code 123456"
)]
pub struct RegenerateArgs {
    #[command(flatten)]
    pub code: CodeArgs,
}
