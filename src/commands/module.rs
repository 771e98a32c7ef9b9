//! The library side of `pam_stepup.so` (the `pam/` package): step-up for an
//! action as the PAM user, driven through the PAM conversation with the
//! same two-step flow a script uses (exit 10, then the code), so the rules,
//! throttling, replay protection and audit are the CLI's own.
//!
//! Nothing here reads the environment (sudo passes the caller's): the
//! workspace comes from `db=` or the `config=` file, which must be root's
//! and writable by root alone, as must the password and CA files it names.

use super::Context;
use super::verify::Request;
use crate::cli::{CodeArgs, OptionArg};
use crate::config::{Config, DatabaseAt, Transport};
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::stepup::{Requirement, requirement};
use crate::error::{Error, Result};
use crate::store::location::Given;
use crate::store::{Location, View};
use crate::system::{self, Trust};
use std::path::PathBuf;
use zeroize::Zeroizing;

/// The module's arguments in the PAM configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleArgs {
    /// `db=PATH_OR_URL` (never with a password).
    pub db: Option<String>,
    /// `config=PATH`.
    pub config: Option<PathBuf>,
    /// `action=NAME` (default `login`).
    pub action: String,
    /// `nullok`: let users through to whom MFA does not apply.
    pub nullok: bool,
    /// `exempt_group=NAME`: its members go through when the workspace
    /// cannot be reached.
    pub exempt_group: Option<String>,
}

impl ModuleArgs {
    pub fn parse(args: &[String]) -> std::result::Result<ModuleArgs, String> {
        let mut out = ModuleArgs {
            action: "login".into(),
            ..ModuleArgs::default()
        };
        for arg in args {
            match arg.split_once('=') {
                Some(("db", v)) if !v.is_empty() => out.db = Some(v.to_string()),
                Some(("config", v)) if v.starts_with('/') => out.config = Some(PathBuf::from(v)),
                Some(("config", _)) => return Err("config= needs an absolute path".into()),
                Some(("action", v)) if !v.is_empty() => out.action = v.to_string(),
                Some(("exempt_group", v)) if !v.is_empty() => {
                    out.exempt_group = Some(v.to_string())
                }
                None if arg == "nullok" => out.nullok = true,
                _ => {
                    return Err(format!(
                        "unknown or empty argument '{}'",
                        arg.escape_debug()
                    ));
                }
            }
        }
        if out.db.is_none() && out.config.is_none() {
            return Err("give db=PATH_OR_URL or config=PATH".into());
        }
        Ok(out)
    }
}

/// What the module answers PAM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Success,
    /// A wrong code, or MFA does not apply and `nullok` is not given.
    AuthErr,
    /// Throttled or locked.
    MaxTries,
    UserUnknown,
    /// The workspace could not be opened or reached (the break-glass group
    /// may go through).
    Unreachable(String),
    /// Any other problem: configuration, a damaged record... (fail closed).
    Unavailable(String),
}

/// The PAM conversation, as the module needs it.
pub trait Conversation {
    /// Asks a question; `None` when the user gave no answer.
    fn ask(&mut self, prompt: &str, echo: bool) -> Option<Zeroizing<String>>;
    /// Shows a line of information.
    fn tell(&mut self, text: &str);
}

/// Step-up for `args.action` as the PAM user `user`.
pub fn authenticate(user: &str, args: &ModuleArgs, conv: &mut dyn Conversation) -> Answer {
    let Ok(name) = crate::domain::names::canonical_user_name(user) else {
        return Answer::UserUnknown;
    };
    let mut ctx = match context(args) {
        Ok(ctx) => ctx,
        Err(e) => return Answer::Unavailable(format!("{e:#}")),
    };
    let answer = converse(&mut ctx, &name, args, conv);
    // Notices (a lock, a recovery code used) go out once the answer is
    // made; a failure is audited and changes nothing.
    if super::notify::take_started() {
        let _ = super::notify::flush(&mut ctx);
    }
    answer
}

/// The conversation of one authentication, to its answer.
fn converse(
    ctx: &mut Context,
    name: &str,
    args: &ModuleArgs,
    conv: &mut dyn Conversation,
) -> Answer {
    let mut code = CodeArgs::default();
    // At most: a choice of method, a code (an email code is sent on the
    // way), and the final check.
    for _ in 0..4 {
        match step(ctx, name, args, &code) {
            Ok(answer) => return answer,
            Err(e) => match crate::error::find(&e) {
                Some(Error::CodeRequired(req)) => {
                    if code.method.is_none() && req.method.is_none() && req.options.len() > 1 {
                        conv.tell(&req.message);
                        let prompt = format!("Verify with ({}): ", req.options.join(", "));
                        let Some(choice) = conv.ask(&prompt, true) else {
                            return Answer::AuthErr;
                        };
                        match option(choice.trim()) {
                            Some(m) => code.method = Some(m),
                            None => return Answer::AuthErr,
                        }
                        continue;
                    }
                    // An email code was sent: the answer is for email.
                    // Otherwise the field takes the method's code or a
                    // recovery code, as on the command line.
                    if code.method.is_none() && req.sent_to.is_some() {
                        code.method = req.method.and_then(option);
                    }
                    if code.code.is_some() {
                        // A code was given and still one is asked: done.
                        return Answer::AuthErr;
                    }
                    let prompt = match &req.sent_to {
                        Some(to) => format!("Verification code (sent to {to}): "),
                        None => "Verification code: ".to_string(),
                    };
                    let Some(answer) = conv.ask(&prompt, false) else {
                        return Answer::AuthErr;
                    };
                    code.code = Some(answer.trim().to_string());
                }
                Some(Error::Denied { .. }) | Some(Error::Usage { .. }) => return Answer::AuthErr,
                Some(Error::Locked { busy: true, .. }) => {
                    return Answer::Unavailable(format!("{e:#}"));
                }
                Some(Error::Locked { .. }) => return Answer::MaxTries,
                _ => return Answer::Unavailable(format!("{e:#}")),
            },
        }
    }
    Answer::AuthErr
}

fn option(text: &str) -> Option<OptionArg> {
    match text {
        "totp" => Some(OptionArg::Totp),
        "email" => Some(OptionArg::Email),
        "recovery" => Some(OptionArg::Recovery),
        _ => None,
    }
}

/// The config (root's), the workspace and its credentials.
fn context(args: &ModuleArgs) -> Result<Context> {
    let mut config = match &args.config {
        None => Config::default(),
        Some(path) => {
            let (bytes, _) = system::read_root_file(path, Trust::RootWritable, 1 << 20)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::failure(format!("{} is not UTF-8", path.display())))?;
            let mut c = Config::parse(&text).map_err(|e| {
                Error::failure(format!("bad configuration in {}: {e}", path.display()))
            })?;
            c.source = Some(path.clone());
            c
        }
    };
    config.pin_sendmail()?;
    let mut location = match (&args.db, &config.database) {
        (Some(raw), _) if !raw.contains("://") && !raw.starts_with('/') => {
            return Err(Error::failure(
                "db= needs an absolute path (sudo runs in the caller's folder)",
            )
            .into());
        }
        (Some(raw), _) => Location::parse(std::ffi::OsStr::new(raw), Given::FlagOrEnv)
            .map_err(|e| Error::failure(format!("db=: {e}")))?,
        (None, Some(DatabaseAt::Path(p))) if !p.is_absolute() => {
            return Err(Error::failure("the config's [database] path must be absolute").into());
        }
        (None, Some(DatabaseAt::Path(p))) => Location::File(p.clone()),
        (None, Some(DatabaseAt::Url(u))) => Location::parse(std::ffi::OsStr::new(u), Given::Config)
            .map_err(|e| {
                let msg = crate::error::find(&e).map_or_else(|| e.to_string(), |k| k.to_string());
                Error::failure(format!("bad configuration: {msg}"))
            })?,
        (None, None) => {
            return Err(Error::failure(
                "neither db= nor the config's [database] names a workspace",
            )
            .into());
        }
    };
    super::with_credentials(&mut location, &config, true)?;
    Context::for_module(config, location)
}

/// One round of the two-step flow.
fn step(ctx: &mut Context, user: &str, args: &ModuleArgs, code: &CodeArgs) -> Result<Answer> {
    let store = match ctx.open() {
        Ok(store) => store,
        Err(e) => return Ok(Answer::Unreachable(format!("{e:#}"))),
    };
    let (ws, found) = {
        let tx = store.read()?;
        (tx.workspace()?, tx.user(user)?)
    };
    let Some(found) = found else {
        return Ok(Answer::UserUnknown);
    };
    let Some(action) = ws.find_action(&args.action) else {
        return Ok(Answer::Unavailable(format!(
            "action={}: the workspace has no such action",
            args.action.escape_debug()
        )));
    };
    let now = ctx.now();
    if requirement(action, &ws, &found) == Requirement::NotNeeded {
        let let_through = args.nullok && !ws.action(action).require_mfa;
        let outcome = if let_through {
            AuditOutcome::Ok
        } else {
            AuditOutcome::Denied
        };
        store.write(|tx| {
            tx.audit_event(
                &Event::new(now, "pam", outcome)
                    .user(user)
                    .detail(format!("{}: MFA does not apply", action.name())),
            )
        })?;
        return Ok(if let_through {
            Answer::Success
        } else {
            Answer::AuthErr
        });
    }
    let req = Request::new(
        action,
        user,
        code,
        format!("pam_stepup action={}", action.name()),
    );
    super::exec::go_ahead(ctx, &store, &req, "pam")?;
    Ok(Answer::Success)
}

impl Config {
    /// The sendmail transport never looks a program up in a `PATH` that is
    /// not root's: no command means `/usr/sbin/sendmail`, and a relative one
    /// is refused; an `[email] ca_file` must be root's and writable by root
    /// alone (system mode and the PAM module).
    pub fn pin_sendmail(&mut self) -> Result<()> {
        if let Some(email) = &mut self.email
            && let Some(ca) = &email.ca_file
        {
            email.ca_pem = Some(system::read_root_file(ca, Trust::RootWritable, 1 << 20)?.0);
        }
        if let Some(email) = &mut self.email
            && let Transport::Sendmail { command } = &mut email.transport
        {
            match command {
                None => *command = Some(PathBuf::from("/usr/sbin/sendmail")),
                Some(c) if !c.is_absolute() => {
                    return Err(Error::failure(format!(
                        "bad configuration: key `email.sendmail_command`: '{}' is not an absolute path; stepup never looks a program up in the caller's PATH here",
                        c.display()
                    ))
                    .into());
                }
                Some(_) => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_parse_and_bad_ones_are_named() {
        let args =
            |v: &[&str]| ModuleArgs::parse(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let a = args(&[
            "db=/var/lib/stepup/stepup.redb",
            "nullok",
            "action=sudo",
            "exempt_group=wheel",
        ])
        .unwrap();
        assert_eq!(a.db.as_deref(), Some("/var/lib/stepup/stepup.redb"));
        assert!(a.nullok);
        assert_eq!(a.action, "sudo");
        assert_eq!(a.exempt_group.as_deref(), Some("wheel"));
        assert_eq!(
            args(&["config=/etc/stepup/config.toml"]).unwrap().action,
            "login"
        );
        assert!(args(&[]).unwrap_err().contains("db="));
        assert!(args(&["db=/x", "debug"]).unwrap_err().contains("debug"));
        assert!(args(&["config=relative.toml"]).is_err());
        assert!(args(&["db="]).is_err());
    }
}
