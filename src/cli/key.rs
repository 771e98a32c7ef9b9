//! `key init|rotate|remove` (admins): the secrets key that seals the
//! workspace.

use super::CodeArgs;
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Seal the workspace's secrets with a key kept outside it (admins)
#[derive(Subcommand, Debug)]
#[command(
    long_about = "Seal the workspace with a key kept outside the database ([secrets] \
key_file in the config): TOTP secrets and pending enrollments are encrypted with it \
(XChaCha20-Poly1305, bound to the user), the audit chain is keyed with it, and on the \
file backend every record is sealed and tied to a generation, so a record swapped for an \
older copy is refused. A sealed workspace without its key fails closed (exit 1). Every \
key command always asks for your code and is audited; in system mode it needs root."
)]
pub enum KeyCommand {
    Init(KeyInitArgs),
    Rotate(KeyRotateArgs),
    Remove(KeyRemoveArgs),
}

/// Make a key file (or use the one at PATH) and seal the workspace with it
#[derive(Args, Debug)]
#[command(
    long_about = "Seal an unsealed workspace with the key in PATH, in one transaction. \
When PATH does not exist, a new key (32 random bytes) is written there, mode 0600 (system \
mode: 0640 root:stepup). An existing PATH must be such a key file: use that to seal with a \
key already copied to every host. Afterwards set [secrets] key_file = PATH in the config of \
every host (stepup says so when the config does not name it yet).",
    after_help = "Examples:\n  stepup key init ~/.config/stepup/secrets.key\n  \
stepup key init /etc/stepup/secrets.key --code 123456   # system mode, as root"
)]
pub struct KeyInitArgs {
    /// The key file to make (or to use, when it exists)
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    #[command(flatten)]
    pub code: CodeArgs,
}

/// Seal everything again with a new key, in one transaction
#[derive(Args, Debug)]
#[command(
    long_about = "Seal every secret (file backend: every record) again with the key in \
--new-key-file, made there when the file does not exist, and key the audit chain anew, in \
one transaction: a workspace is never half-rotated. Needs the current key in the config's \
[secrets] key_file. Then point [secrets] key_file at the new file on every host; until then \
they fail closed naming the key they need. `audit verify` prints a new last MAC afterwards.",
    after_help = "Example:\n  stepup key rotate --new-key-file /etc/stepup/secrets-2027.key"
)]
pub struct KeyRotateArgs {
    /// The new key file (made when it does not exist)
    #[arg(long, value_name = "PATH")]
    pub new_key_file: PathBuf,
    #[command(flatten)]
    pub code: CodeArgs,
}

/// Store every secret plain again (unseal), in one transaction
#[derive(Args, Debug)]
#[command(
    long_about = "Back to an unsealed workspace: every secret is stored plain again and \
the audit chain becomes unkeyed, in one transaction. Needs the current key. Afterwards \
remove [secrets] from the config; the key file can then be deleted.",
    after_help = "Example:\n  stepup key remove"
)]
pub struct KeyRemoveArgs {
    #[command(flatten)]
    pub code: CodeArgs,
}
