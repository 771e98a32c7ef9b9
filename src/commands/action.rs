//! `action list|set`: the actions that ask for step-up, and their freshness.

use super::verify::{self, Request, run_admin};
use super::{Access, Context};
use crate::cli::action::{ActionCommand, SetArgs};
use crate::domain::account::Workspace;
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::names::printable;
use crate::domain::stepup::{Action, format_duration, parse_fresh_for};
use crate::error::{Error, Result};
use crate::io::output::{Outcome, table};
use serde_json::json;

pub fn run(ctx: &mut Context, cmd: ActionCommand) -> Result<Outcome> {
    match cmd {
        ActionCommand::List => list(ctx),
        ActionCommand::Set(args) => set(ctx, &args),
    }
}

fn describe(ws: &Workspace) -> Outcome {
    let actions: Vec<_> = Action::ALL
        .iter()
        .map(|a| {
            let s = ws.action(*a);
            json!({
                "name": a.name(),
                "builtin": true,
                "description": a.description(),
                "fresh_for_seconds": s.fresh_for,
                "require_mfa": s.require_mfa,
            })
        })
        .collect();
    let rows: Vec<Vec<String>> = Action::ALL
        .iter()
        .map(|a| {
            vec![
                a.name().to_string(),
                format_duration(ws.action(*a).fresh_for),
                a.description().to_string(),
            ]
        })
        .collect();
    Outcome::new()
        .field("actions", actions)
        .line(table(&["ACTION", "FRESH FOR", "WHAT"], &rows).trim_end())
}

fn list(ctx: &mut Context) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Member)?;
    Ok(describe(&caller.workspace))
}

fn set(ctx: &mut Context, args: &SetArgs) -> Result<Outcome> {
    let action = Action::from_name(args.name.trim()).ok_or_else(|| {
        Error::usage(format!(
            "there is no action named '{}'",
            printable(&args.name)
        ))
        .hint("see the actions: stepup action list")
    })?;
    let fresh_for = parse_fresh_for(&args.fresh_for).map_err(Error::from)?;
    if !action.can_be_fresh() && fresh_for > 0 {
        return Err(
            Error::usage("login has no freshness: every login asks when MFA applies")
                .hint("freshness is for actions run inside a session")
                .into(),
        );
    }
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let command = format!(
        "stepup action set {} --fresh-for {}",
        action.name(),
        format_duration(fresh_for)
    );
    let req = Request::admin(&caller, &args.code, command);
    let done = run_admin(ctx, &store, req, |tx, admin, ws, now| {
        let mut ws = ws.clone();
        let mut settings = ws.action(action);
        let old = settings.fresh_for;
        settings.fresh_for = fresh_for;
        ws.actions.insert(action.name().to_string(), settings);
        tx.put_workspace(&ws)?;
        tx.audit_event(
            &Event::new(now, "action.set", AuditOutcome::Ok)
                .actor(&admin.name)
                .detail(format!(
                    "{}: fresh for {} -> {}",
                    action.name(),
                    format_duration(old),
                    format_duration(fresh_for)
                )),
        )?;
        Ok(ws)
    })?;
    let out = describe(&done.value).line(format!(
        "{} is now fresh for {} after a step-up.",
        action.name(),
        format_duration(fresh_for)
    ));
    Ok(verify::verified_fields(out, &done))
}
