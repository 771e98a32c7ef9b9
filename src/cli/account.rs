//! `init`, `login`, `logout`, `whoami`, `passwd`.

use super::{CodeArgs, PasswordArgs};
use clap::Args;

/// Create the database and its first admin
#[derive(Args, Debug)]
#[command(
    long_about = "Create a new workspace database and its first admin. Refuses when the \
database file already exists. The new workspace has the policy `enabled` (MFA is opt-in) \
and allows both methods. The password is prompted for on a terminal, or read from \
standard input with --password-stdin.",
    after_help = "Examples:\n  stepup --db ws.redb init --admin root --email root@acme.example\n  \
printf '%s\\n' \"$PW\" | stepup --db ws.redb init --admin root --password-stdin"
)]
pub struct InitArgs {
    /// Name of the first admin
    #[arg(long, value_name = "NAME")]
    pub admin: String,
    /// The admin's email address (needed for email codes)
    #[arg(long, value_name = "ADDR")]
    pub email: Option<String>,
    #[command(flatten)]
    pub password: PasswordArgs,
}

/// Log in: password, then a one-time code when MFA applies
#[derive(Args, Debug)]
#[command(
    long_about = "Log in as NAME. After the password, a one-time code is asked for when MFA \
applies to you (the policy is not `disabled` and you enabled a method). With one method its \
code is asked for directly (a recovery code is accepted in the same field); with two you \
choose, on a terminal from a menu, in a script with --method.\n\n\
Without a terminal, a missing code ends the command with exit code 10 after doing what must \
happen first (an email code is sent once email is chosen); run the same command again with \
--code to finish. The session is stored in a 0600 file under $XDG_STATE_HOME/stepup/; \
STEPUP_SESSION overrides it.",
    after_help = "Examples:\n  stepup login alice\n\n  \
# In a script: exit 10 says a code is needed, the rerun gives it\n  \
printf '%s\\n' \"$PW\" | stepup login alice --password-stdin\n  \
printf '%s\\n' \"$PW\" | stepup login alice --password-stdin --code 123456\n\n  \
# With two methods, choose email: the code is sent, then rerun with it\n  \
printf '%s\\n' \"$PW\" | stepup login alice --password-stdin --method email\n\n  \
# A CI job keeps the token for the next commands\n  \
export STEPUP_SESSION=$(printf '%s\\n' \"$PW\" |\n    \
stepup login ci --password-stdin --code \"$C\" --print-token)"
)]
pub struct LoginArgs {
    /// The user to log in as
    pub name: String,
    #[command(flatten)]
    pub password: PasswordArgs,
    #[command(flatten)]
    pub code: CodeArgs,
    /// Also print the session token on stdout (for STEPUP_SESSION)
    #[arg(long)]
    pub print_token: bool,
}

/// End the session
#[derive(Args, Debug)]
#[command(after_help = "Example:\n  stepup logout")]
pub struct LogoutArgs {}

/// Show who you are, your methods and your session
#[derive(Args, Debug)]
#[command(after_help = "Example:\n  stepup whoami --json")]
pub struct WhoamiArgs {}

/// Change your password (with a one-time code when MFA applies)
#[derive(Args, Debug)]
#[command(
    long_about = "Change your password: the current one, the new one, then a one-time code when \
MFA applies, even though you are logged in. Your other sessions are ended. With \
--password-stdin, standard input holds the current password on the first line and the new \
one on the second.",
    after_help = "Examples:\n  stepup passwd\n  \
printf '%s\\n%s\\n' \"$OLD\" \"$NEW\" | stepup passwd --password-stdin --code 123456"
)]
pub struct PasswdArgs {
    #[command(flatten)]
    pub password: PasswordArgs,
    #[command(flatten)]
    pub code: CodeArgs,
}
