//! `system install` and `system check`: stepup for a team on one host.

use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Install stepup for a team on one server (set-group-ID), or check an installation
#[derive(Subcommand, Debug)]
pub enum SystemCommand {
    Install(SystemInstallArgs),
    Check(SystemCheckArgs),
}

/// Install stepup for everyone on this host, set-group-ID to a `stepup` group (root)
#[derive(Args, Debug)]
#[command(
    long_about = "Set this host up so that its users share one workspace they cannot read or \
change directly: the group (`--group`, default stepup), /etc/stepup/config.toml (0644 root) \
naming the workspace, its folder (0770 root:GROUP), the workspace with its first admin (a \
file 0660 root:GROUP; `--admin NAME`, the password on standard input with --password-stdin) \
and a set-group-ID copy of this binary at PREFIX/bin/stepup (2755 root:GROUP). That copy runs \
in system mode: it reads only /etc/stepup/config.toml, refuses --db, --config, STEPUP_DB and \
STEPUP_CONFIG, binds sessions to the OS user and machine, and gives up the group once the \
workspace is open.\n\n\
Run as root. Every step is printed; a step already done is left as it is (run it again to \
repair an installation), and --dry-run shows the steps without taking them. The workspace \
goes to --db PATH (default /var/lib/stepup/stepup.redb, or the path the existing config \
names). For a PostgreSQL workspace, write [database] url and password_file in the config \
yourself (see README) and run `stepup system check`.",
    after_help = "Examples:\n  \
printf '%s\\n' \"$PW\" | sudo stepup system install --admin al --password-stdin\n  \
sudo stepup system install --dry-run --admin alice\n  \
sudo stepup --db /srv/team.redb system install --prefix /opt --admin alice"
)]
pub struct SystemInstallArgs {
    /// Where the set-group-ID binary goes (PREFIX/bin/stepup)
    #[arg(long, value_name = "DIR", default_value = "/usr/local")]
    pub prefix: PathBuf,
    /// The group that alone may open the workspace
    #[arg(long, value_name = "NAME", default_value = "stepup")]
    pub group: String,
    /// The first admin, when the workspace is created
    #[arg(long, value_name = "NAME")]
    pub admin: Option<String>,
    /// The first admin's email address
    #[arg(long, value_name = "ADDR")]
    pub email: Option<String>,
    #[command(flatten)]
    pub password: super::PasswordArgs,
    /// Print the steps without taking any
    #[arg(long)]
    pub dry_run: bool,
}

/// List every owner, mode or setting of the installation that is wrong (exit 1), with its fix
#[derive(Args, Debug)]
#[command(
    long_about = "Check a system-mode installation: the group and its members, \
/etc/stepup and its config, the workspace's folder, file and lock file, the password and CA \
files the config names, the set-group-ID binary and /etc/machine-id. Each problem is printed \
with the command that fixes it, and the exit code is 1; when all is well it says so (exit 0).",
    after_help = "Examples:\n  sudo stepup system check\n  stepup system check --prefix /opt/stepup --json"
)]
pub struct SystemCheckArgs {
    /// Where the set-group-ID binary was installed (PREFIX/bin/stepup)
    #[arg(long, value_name = "DIR", default_value = "/usr/local")]
    pub prefix: PathBuf,
    /// The group that alone may open the workspace
    #[arg(long, value_name = "NAME", default_value = "stepup")]
    pub group: String,
}
