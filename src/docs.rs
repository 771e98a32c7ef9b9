//! The generated documentation committed in `completions/` and `man/`:
//! shell completion scripts (clap_complete) and man pages (clap_mangen, with
//! the sections clap does not generate). `cargo run --example generate_docs`
//! rewrites them; a test fails when the committed files are stale.

use crate::cli::Cli;
use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Inline, Roff, bold, italic, roman};
use std::path::Path;

/// A generated file: its path relative to the repository root, and content.
pub struct Generated {
    pub path: String,
    pub content: Vec<u8>,
}

/// Every generated file.
pub fn all() -> Vec<Generated> {
    let mut out = completions();
    out.extend(man_pages());
    out
}

/// Writes every generated file under `root` (the repository root).
pub fn write_all(root: &Path) -> std::io::Result<Vec<String>> {
    let mut written = Vec::new();
    for g in all() {
        let path = root.join(&g.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &g.content)?;
        written.push(g.path);
    }
    Ok(written)
}

fn completions() -> Vec<Generated> {
    [
        (Shell::Bash, "completions/stepup.bash"),
        (Shell::Zsh, "completions/_stepup"),
        (Shell::Fish, "completions/stepup.fish"),
        (Shell::Elvish, "completions/stepup.elv"),
        (Shell::PowerShell, "completions/_stepup.ps1"),
    ]
    .into_iter()
    .map(|(shell, path)| {
        let mut content = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "stepup", &mut content);
        Generated {
            path: path.to_string(),
            content,
        }
    })
    .collect()
}

fn man_pages() -> Vec<Generated> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let mut pages = vec![Generated {
        path: "man/stepup.1".into(),
        content: main_page(&root),
    }];
    let mut stack: Vec<clap::Command> = root.get_subcommands().cloned().collect();
    while let Some(cmd) = stack.pop() {
        if cmd.is_hide_set() {
            continue;
        }
        stack.extend(cmd.get_subcommands().cloned());
        let man = Man::new(cmd.clone())
            .manual("stepup manual")
            .source(source());
        pages.push(Generated {
            path: format!("man/{}", man.get_filename()),
            content: sub_page(&man, &cmd),
        });
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    pages
}

fn source() -> String {
    format!("stepup {}", env!("CARGO_PKG_VERSION"))
}

/// Renders the sections clap_mangen knows, in order.
fn standard_sections(man: &Man, cmd: &clap::Command, out: &mut Vec<u8>) {
    // Writing into a Vec cannot fail.
    let _ = man.render_title(out);
    let _ = man.render_name_section(out);
    let _ = man.render_synopsis_section(out);
    let _ = man.render_description_section(out);
    let _ = man.render_options_section(out);
    if cmd.get_subcommands().next().is_some() {
        let _ = man.render_subcommands_section(out);
    }
}

fn sub_page(man: &Man, cmd: &clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    standard_sections(man, cmd, &mut out);
    let mut roff = Roff::new();
    if let Some(after) = cmd.get_after_help() {
        roff.control("SH", ["EXAMPLES"]);
        preformatted(
            &mut roff,
            after
                .to_string()
                .trim_start_matches("Examples:")
                .trim_start_matches("Example:"),
        );
    }
    roff.control("SH", ["SEE ALSO"]);
    roff.text([bold("stepup"), roman("(1)")]);
    out.extend(roff.render().into_bytes());
    out
}

fn main_page(root: &clap::Command) -> Vec<u8> {
    let man = Man::new(root.clone())
        .manual("stepup manual")
        .source(source());
    let mut out = Vec::new();
    standard_sections(&man, root, &mut out);
    let mut roff = Roff::new();
    section(
        &mut roff,
        "STEP-UP VERIFICATION",
        &[
            "Sensitive actions ask for a one-time code whenever MFA applies to the user (the policy is \
         not disabled and the user enabled a method), even in an active session: login, passwd, \
         method disable, method enable when the user already has a method, and recovery \
         regenerate.",
            "The verification options are the user's enabled methods that the workspace allows, in the \
         order totp, email, then recovery while unused recovery codes remain. With one method its \
         code is asked for directly and a recovery code is accepted in the same field; with two \
         the user chooses (a menu on a terminal, --method in a script). With no option at all the \
         action is refused: either no method the user enabled is allowed any more, or the user has \
         not set one up.",
            "Without a terminal, a command that needs a code it was not given does what must happen \
         first (sends the email code once email is chosen, stores a pending enrollment), then exits \
         with status 10 and says what it needs; the same command run again with --code (and \
         --method) finishes it. --code - reads the code from standard input.",
        ],
    );
    tagged_list(
        &mut roff,
        "EXIT STATUS",
        bold,
        &[
            ("0", "Done."),
            (
                "1",
                "Failure: I/O, unreadable or corrupt database, bad configuration, internal error.",
            ),
            (
                "2",
                "Usage: bad flags, arguments or input format, or a password the rules refuse.",
            ),
            (
                "3",
                "Denied: wrong password or code, expired or used code, not allowed by role or policy, or a conflict with the current state.",
            ),
            (
                "4",
                "Locked: too many failed attempts, or the database stayed busy; retry later (JSON: retry_after_seconds).",
            ),
            (
                "10",
                "Code required: rerun with --code (and --method when the user has two methods).",
            ),
        ],
    );
    tagged_list(
        &mut roff,
        "ENVIRONMENT",
        bold,
        &[
            ("STEPUP_DB", "The database file, like --db."),
            ("STEPUP_CONFIG", "The configuration file, like --config."),
            (
                "STEPUP_SESSION",
                "A session token (from login --print-token); overrides the stored session file.",
            ),
            (
                "NO_COLOR",
                "When set and not empty, no colours. The QR code is then drawn with block characters for a dark terminal background; the secret and URI are always printed beside it.",
            ),
            (
                "XDG_DATA_HOME",
                "Default folder of the database (stepup/stepup.redb); default ~/.local/share.",
            ),
            (
                "XDG_STATE_HOME",
                "Folder of the session files (stepup/); default ~/.local/state.",
            ),
            (
                "XDG_CONFIG_HOME",
                "Default folder of the configuration (stepup/config.toml); default ~/.config.",
            ),
        ],
    );
    tagged_list(
        &mut roff,
        "FILES",
        italic,
        &[
            (
                "$XDG_DATA_HOME/stepup/stepup.redb",
                "The workspace database, created with mode 0600 in a 0700 folder.",
            ),
            (
                "$XDG_STATE_HOME/stepup/session-HASH",
                "The session token for one database (HASH is derived from the database's path), mode 0600; removed by logout.",
            ),
            (
                "$XDG_CONFIG_HOME/stepup/config.toml",
                "The configuration, read when it exists. Keep it 0600 if it holds SMTP credentials.",
            ),
        ],
    );
    roff.control("SH", ["CONFIGURATION"]);
    roff.text([roman("TOML, optional, validated on every run: an unknown key or a bad value is exit status 1 naming the key. Every key with its default:")]);
    preformatted(&mut roff, CONFIG_REFERENCE);
    roff.control("SH", ["EXAMPLES"]);
    preformatted(&mut roff, MAN_EXAMPLES);
    roff.control("SH", ["SEE ALSO"]);
    roff.text([
        bold("stepup-login"),
        roman("(1), "),
        bold("stepup-method-enable"),
        roman("(1), "),
        bold("stepup-policy-set"),
        roman("(1), "),
        bold("oathtool"),
        roman("(1); RFC 6238 (TOTP), NIST SP 800-63B, OWASP ASVS V2 and V6."),
    ]);
    out.extend(roff.render().into_bytes());
    let _ = man.render_version_section(&mut out);
    out
}

/// A section of tagged paragraphs (`.TP`): a tag in `style`, then its text.
fn tagged_list(
    roff: &mut Roff,
    title: &str,
    style: fn(&'static str) -> Inline,
    items: &[(&'static str, &'static str)],
) {
    roff.control("SH", [title]);
    for (tag, text) in items {
        roff.control("TP", []);
        roff.text([style(tag)]);
        roff.text([roman(*text)]);
    }
}

fn section(roff: &mut Roff, title: &str, paragraphs: &[&str]) {
    roff.control("SH", [title]);
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            roff.control("PP", []);
        }
        roff.text([roman(*p)]);
    }
}

/// Lines shown as they are (no filling), indented.
fn preformatted(roff: &mut Roff, text: &str) {
    roff.control("RS", ["4"]);
    roff.control("nf", []);
    for line in text.trim_matches('\n').lines() {
        roff.text([roman(line.strip_prefix("  ").unwrap_or(line))]);
    }
    roff.control("fi", []);
    roff.control("RE", []);
}

/// The configuration reference (also in the README).
pub const CONFIG_REFERENCE: &str = r#"
issuer = "stepup"                 # otpauth issuer and email sender name

[email]                           # needed only for email codes
transport = "smtp"                # "smtp", "file" (.eml files) or "sendmail"
url = "smtp://127.0.0.1:2525"     # smtp://, smtps://, ?tls=required, user:pass@
from = "Acme <mfa@acme.example>"
# dir = "/var/spool/stepup"       # for transport = "file"
# sendmail_command = "/usr/sbin/sendmail"
timeout_seconds = 10
# ca_file = "/etc/stepup/smtp-ca.pem"  # an authority to trust for smtps:// or ?tls=required

[argon2]
memory_kib = 19456
iterations = 2
parallelism = 1

[session]
lifetime_minutes = 720            # 12 hours from login
idle_minutes = 30

[codes]
email_lifetime_minutes = 10
email_resend_seconds = 60
email_max_tries = 5
enrollment_lifetime_minutes = 10

[throttle]
free_failures = 5                 # consecutive failures before delays
base_delay_seconds = 30           # doubles with each further failure
max_delay_seconds = 900
lockout_after = 100               # then locked until `user unlock`

[database]
busy_timeout_ms = 5000            # wait this long for other writers, or for the server
# Where the workspace is, when neither --db nor STEPUP_DB says (one of the two):
# path = "/srv/acme/stepup.redb"
# url = "postgres://stepup@db.acme.internal/stepup"   # may carry :PASSWORD@
# password_file = "/etc/stepup/db-password"           # the PostgreSQL password, 0600
# ca_file = "/etc/stepup/db-ca.pem"   # authorities for TLS (?sslmode=verify-full, the default off loopback)

[secrets]
# The key the workspace is sealed with (32 bytes; `stepup key init PATH` makes it,
# 0600, or 0640 root:stepup in system mode). A sealed workspace without it is exit 1.
# key_file = "/etc/stepup/secrets.key"

[notify]
enabled = true                    # mail users when a method, code, password, lock or address changes
"#;

const MAN_EXAMPLES: &str = r#"
An admin's policy script:

  export STEPUP_DB=/srv/acme/stepup.redb
  printf '%s\n' "$ADMIN_PW" | stepup init --admin root --password-stdin
  printf '%s\n' "$ADMIN_PW" | stepup login root --password-stdin
  stepup method enable totp            # scan, confirm: the admin first
  stepup policy allow totp email
  stepup policy set required
  for u in alice bob; do
    printf '%s\n' "$(pwgen 20 1)" | stepup user add "$u" --password-stdin
  done

A user enrolling an authenticator app with a phone:

  stepup login alice
  stepup method enable totp            # scan the QR code, type the code
  stepup recovery list

A CI job driving login and passwd without a terminal:

  code=$(printf '%s' "$SECRET" | stepup totp-code --secret-stdin)
  printf '%s\n' "$PW" | stepup --json login ci --password-stdin --code "$code"
  # exit 10 means a code is needed: read "options" and "method"
  printf '%s\n%s\n' "$PW" "$NEW_PW" | stepup passwd --password-stdin --code -
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subcommand_gets_a_page() {
        let names: Vec<String> = man_pages().into_iter().map(|g| g.path).collect();
        for want in [
            "man/stepup.1",
            "man/stepup-login.1",
            "man/stepup-method.1",
            "man/stepup-method-enable.1",
            "man/stepup-policy-set.1",
            "man/stepup-user-reset-mfa.1",
            "man/stepup-totp-code.1",
        ] {
            assert!(
                names.iter().any(|n| n == want),
                "{want} missing from {names:?}"
            );
        }
    }

    #[test]
    fn the_main_page_has_the_extra_sections() {
        let page = String::from_utf8(main_page(&{
            let mut c = Cli::command();
            c.build();
            c
        }))
        .unwrap();
        for section in [
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "EXAMPLES",
            "SEE ALSO",
            "CONFIGURATION",
        ] {
            assert!(
                page.contains(&format!(".SH \"{section}\""))
                    || page.contains(&format!(".SH {section}")),
                "{section}"
            );
        }
    }
}
