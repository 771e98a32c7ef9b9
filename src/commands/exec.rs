//! `verify ACTION` and `exec ACTION -- COMMAND`: step-up for any action.

use super::verify::{Request, run_sensitive, verified_fields};
use super::{Access, Context};
use crate::cli::CodeArgs;
use crate::cli::verify::{ExecArgs, VerifyArgs};
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::stepup::{Action, Requirement, requirement};
use crate::error::{Error, Result};
use crate::io::output::Outcome;

/// A verification that went ahead.
struct Verdict {
    action: String,
    user: String,
    done: super::verify::Done<()>,
    /// Until when a code just given keeps the session fresh for the action.
    fresh_until: Option<crate::domain::time::Timestamp>,
}

impl Verdict {
    fn mfa_applied(&self) -> bool {
        self.done.verified.is_some() || self.done.fresh_until.is_some()
    }
}

pub fn verify(ctx: &mut Context, args: &VerifyArgs) -> Result<Outcome> {
    let command = format!("stepup verify {}", args.action);
    let v = step_up(
        ctx,
        &args.action,
        args.require_mfa,
        &args.code,
        command,
        "verify",
    )?;
    let out = Outcome::new()
        .field("action", &v.action)
        .field("user", &v.user)
        .field("mfa_applied", v.mfa_applied());
    let mut out = verified_fields(out, &v.done);
    if v.done.fresh_until.is_none() {
        out = out.field("fresh_until", v.fresh_until.map(|t| t.rfc3339()));
    }
    let how = match v.done.verified_with() {
        Some("fresh") => "fresh from an earlier step-up in this session".to_string(),
        Some(option) => format!("verified with {option}"),
        None => "MFA does not apply to you".to_string(),
    };
    Ok(out.line(format!("Go ahead: {} as {} ({how}).", v.action, v.user)))
}

pub fn exec(ctx: &mut Context, args: &ExecArgs) -> Result<Outcome> {
    use std::os::unix::process::CommandExt;
    let shown = args.command[0].to_string_lossy().into_owned();
    let command = format!("stepup exec {} -- {shown}", args.action);
    let v = step_up(
        ctx,
        &args.action,
        args.require_mfa,
        &args.code,
        command,
        "exec",
    )?;
    if let Some(note) = super::verify::recovery_note(v.done.verified) {
        eprintln!("{note}");
    }
    // Nothing of stepup's goes on: no privilege, no descriptor, no session.
    crate::system::give_up_for_good()?;
    crate::system::close_on_exec_above_stderr()?;
    let mut cmd = std::process::Command::new(&args.command[0]);
    cmd.args(&args.command[1..])
        .env_remove("STEPUP_SESSION")
        .env("STEPUP_USER", &v.user)
        .env("STEPUP_ACTION", &v.action);
    let err = cmd.exec();
    Err(Error::failure(format!(
        "cannot start {}: {err}",
        crate::domain::names::printable(&shown)
    ))
    .hint("check the command's name and that it is executable")
    .into())
}

/// Step-up for `req` with nothing else to do than record it: `verb`
/// (`verify`, `exec`, `pam`) in the audit log with the action's name and the
/// option used. Shared by the CLI and the PAM module.
pub(super) fn go_ahead(
    ctx: &mut Context,
    store: &crate::store::Store,
    req: &Request<'_>,
    verb: &str,
) -> Result<super::verify::Done<()>> {
    let action = req.action;
    run_sensitive(
        ctx,
        store,
        req,
        &|_, _| Ok(()),
        |tx, user, _, verified, now| {
            let mut event = Event::new(now, verb, AuditOutcome::Ok)
                .actor(&user.name)
                .user(&user.name)
                .detail(action.name());
            if let Some(v) = verified {
                event = event.method(v.option());
            }
            tx.audit_event(&event)
        },
    )
}

/// Step-up for the action called `name` by the session's user.
fn step_up(
    ctx: &mut Context,
    name: &str,
    require_mfa: bool,
    code: &CodeArgs,
    command: String,
    verb: &'static str,
) -> Result<Verdict> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Member)?;
    let action = caller.workspace.find_action(name).ok_or_else(|| {
        Error::usage(format!(
            "there is no action named '{}'",
            crate::domain::names::printable(name)
        ))
        .hint("see the actions with: stepup action list")
    })?;
    let stored = caller
        .workspace
        .actions
        .get(action.name())
        .is_some_and(|s| s.require_mfa);
    let applies = requirement(action, &caller.workspace, &caller.user) != Requirement::NotNeeded;
    let now = ctx.now();
    if (require_mfa || stored) && !applies {
        let who = caller.user.name.clone();
        store.write(|tx| {
            tx.audit_event(
                &Event::new(now, verb, AuditOutcome::Denied)
                    .actor(&who)
                    .user(&who)
                    .detail(format!("{} needs MFA, which does not apply", action.name())),
            )
        })?;
        return Err(Error::denied(format!(
            "{} requires MFA, and MFA does not apply to you",
            action.name()
        ))
        .hint("enable a verification method first: stepup method enable totp")
        .into());
    }
    let req = Request::new(action, &caller.user.name, code, command)
        .in_session(caller.token.storage_key());
    let done = go_ahead(ctx, &store, &req, verb)?;
    drop(store);
    // A code just given starts the action's freshness (`login` has none).
    let fresh_for = caller.workspace.action(action).fresh_for;
    let fresh_until = (done.verified.is_some() && fresh_for > 0 && action != Action::Login)
        .then(|| now.plus(fresh_for));
    Ok(Verdict {
        action: action.name().to_string(),
        user: caller.user.name,
        done,
        fresh_until,
    })
}
