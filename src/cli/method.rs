//! `method list|enable|disable`.

use super::{CodeArgs, MethodArg};
use clap::{Args, Subcommand};

/// Your verification methods: list, enable, disable
#[derive(Subcommand, Debug)]
pub enum MethodCommand {
    /// Show the allowed methods and which ones you enabled
    #[command(after_help = "Example:\n  stepup method list")]
    List,
    Enable(EnableArgs),
    Disable(DisableArgs),
}

/// Enroll an authenticator app or email codes
#[derive(Args, Debug)]
#[command(
    long_about = "Enroll a verification method. For totp, stepup prints a QR code, the secret \
and the otpauth URI, then asks for the first code from your app to confirm. For email, it \
sends a code to your address and asks for it. On success you get 10 recovery codes (a new \
set each time, replacing the old one): store them safely.\n\n\
If you already have a method, enabling another first asks for a code from an existing one \
(step-up). In a script the enrollment stops with exit code 10 and prints the secret and URI \
(or sends the email); confirm it with --code alone.",
    after_help = "Examples:\n  stepup method enable totp\n\n  \
# In a script: exit 10 with the secret and otpauth_uri, then confirm\n  \
stepup method enable totp --json\n  \
stepup method enable totp --code 123456\n\n  \
stepup method enable email"
)]
pub struct EnableArgs {
    /// The method to enable
    #[arg(value_enum, value_name = "METHOD")]
    pub target: MethodArg,
    #[command(flatten)]
    pub code: CodeArgs,
}

/// Disable a method (always asks for a code)
#[derive(Args, Debug)]
#[command(
    long_about = "Disable a verification method. This always asks for a verification code \
(from any of your options, a recovery code included). Disabling your last method also \
removes your recovery codes. Under the `required` policy your last method cannot be \
disabled.",
    after_help = "Examples:\n  stepup method disable email\n  \
stepup method disable totp --code abcdef-ghjkmn-pqrstv"
)]
pub struct DisableArgs {
    /// The method to disable
    #[arg(value_enum, value_name = "METHOD")]
    pub target: MethodArg,
    #[command(flatten)]
    pub code: CodeArgs,
}
