//! `action list|add|set|remove`: the actions that ask for step-up, their
//! freshness, and the ones admins add for `verify`, `exec` and PAM.

use super::verify::{self, Request, run_admin};
use super::{Access, Context};
use crate::cli::action::{ActionCommand, AddArgs, RemoveArgs, SetArgs};
use crate::domain::account::Workspace;
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::names::printable;
use crate::domain::stepup::{Action, CustomName, format_duration, parse_fresh_for};
use crate::error::{Error, Result};
use crate::io::output::{Outcome, table};
use serde_json::json;

/// The longest description of a custom action, in characters.
const MAX_DESCRIPTION: usize = 200;

pub fn run(ctx: &mut Context, cmd: ActionCommand) -> Result<Outcome> {
    match cmd {
        ActionCommand::List => list(ctx),
        ActionCommand::Add(args) => add(ctx, &args),
        ActionCommand::Set(args) => set(ctx, &args),
        ActionCommand::Remove(args) => remove(ctx, &args),
    }
}

/// Every action: the built-in ones, then the workspace's own by name.
fn all_actions(ws: &Workspace) -> Vec<Action> {
    Action::ALL.into_iter().chain(ws.custom_actions()).collect()
}

fn description(ws: &Workspace, a: Action) -> String {
    ws.action(a)
        .description
        .unwrap_or_else(|| a.description().into_owned())
}

fn describe(ws: &Workspace) -> Outcome {
    let all = all_actions(ws);
    let actions: Vec<_> = all
        .iter()
        .map(|a| {
            let s = ws.action(*a);
            json!({
                "name": a.name(),
                "builtin": a.is_builtin(),
                "description": description(ws, *a),
                "fresh_for_seconds": s.fresh_for,
                "require_mfa": s.require_mfa,
            })
        })
        .collect();
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|a| {
            let s = ws.action(*a);
            vec![
                a.name().to_string(),
                format_duration(s.fresh_for),
                if s.require_mfa { "yes" } else { "-" }.to_string(),
                printable(&description(ws, *a)),
            ]
        })
        .collect();
    Outcome::new()
        .field("actions", actions)
        .line(table(&["ACTION", "FRESH FOR", "REQUIRES MFA", "WHAT"], &rows).trim_end())
}

fn list(ctx: &mut Context) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Member)?;
    Ok(describe(&caller.workspace))
}

fn fresh_for(raw: Option<&str>, action: Option<Action>) -> Result<Option<u64>> {
    let Some(raw) = raw else { return Ok(None) };
    let seconds = parse_fresh_for(raw).map_err(Error::from)?;
    if action.is_some_and(|a| !a.can_be_fresh()) && seconds > 0 {
        return Err(
            Error::usage("login has no freshness: every login asks when MFA applies")
                .hint("freshness is for actions run inside a session")
                .into(),
        );
    }
    Ok(Some(seconds))
}

fn unknown(name: &str) -> anyhow::Error {
    Error::usage(format!("there is no action named '{}'", printable(name)))
        .hint("see the actions: stepup action list")
        .into()
}

fn add(ctx: &mut Context, args: &AddArgs) -> Result<Outcome> {
    let name = CustomName::parse(args.name.trim())
        .map_err(|e| Error::usage(e.to_string()).hint("e.g. deploy, sudo, db-shell"))?;
    let action = Action::Custom(name);
    let fresh = fresh_for(args.fresh_for.as_deref(), Some(action))?.unwrap_or(0);
    let text = match args.description.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) if d.chars().count() > MAX_DESCRIPTION => {
            return Err(Error::usage(format!(
                "the description has {} characters; at most {MAX_DESCRIPTION}",
                d.chars().count()
            ))
            .into());
        }
        Some(d) if d.chars().any(char::is_control) => {
            return Err(Error::usage("the description holds control characters").into());
        }
        Some(d) => Some(d.to_string()),
    };
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let mut command = format!("stepup action add {}", name.as_str());
    if fresh > 0 {
        command.push_str(&format!(" --fresh-for {}", format_duration(fresh)));
    }
    if args.require_mfa {
        command.push_str(" --require-mfa");
    }
    let req = Request::admin(&caller, &args.code, command);
    let done = run_admin(ctx, &store, req, |tx, admin, ws, now| {
        if ws.actions.contains_key(name.as_str()) {
            return Err(
                Error::denied(format!("the action {} already exists", name.as_str()))
                    .hint(format!(
                        "change it with: stepup action set {} --fresh-for DURATION",
                        name.as_str()
                    ))
                    .into(),
            );
        }
        let mut ws = ws.clone();
        let mut settings = action.default_settings();
        settings.fresh_for = fresh;
        settings.require_mfa = args.require_mfa;
        settings.description = text.clone();
        settings.added_at = Some(now);
        ws.actions.insert(name.as_str().to_string(), settings);
        tx.put_workspace(&ws)?;
        tx.audit_event(
            &Event::new(now, "action.add", AuditOutcome::Ok)
                .actor(&admin.name)
                .detail(format!(
                    "{}: fresh for {}{}",
                    name.as_str(),
                    format_duration(fresh),
                    if args.require_mfa {
                        ", requires MFA"
                    } else {
                        ""
                    }
                )),
        )?;
        Ok(ws)
    })?;
    let out = describe(&done.value).line(format!(
        "Added the action {0}: scripts ask for it with `stepup verify {0}` or `stepup exec {0} -- COMMAND`.",
        name.as_str()
    ));
    Ok(verify::verified_fields(out, &done))
}

fn set(ctx: &mut Context, args: &SetArgs) -> Result<Outcome> {
    if args.fresh_for.is_none() && args.require_mfa.is_none() {
        return Err(Error::usage("nothing to change")
            .hint("give --fresh-for DURATION, --require-mfa true|false, or both")
            .into());
    }
    // A malformed duration is a usage error before anything is opened.
    let name = args.name.trim();
    fresh_for(args.fresh_for.as_deref(), Action::from_name(name))?;
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let action = caller
        .workspace
        .find_action(name)
        .ok_or_else(|| unknown(&args.name))?;
    let fresh = fresh_for(args.fresh_for.as_deref(), Some(action))?;
    let mut command = format!("stepup action set {}", action.name());
    if let Some(f) = fresh {
        command.push_str(&format!(" --fresh-for {}", format_duration(f)));
    }
    if let Some(r) = args.require_mfa {
        command.push_str(&format!(" --require-mfa {r}"));
    }
    let req = Request::admin(&caller, &args.code, command);
    let done = run_admin(ctx, &store, req, |tx, admin, ws, now| {
        if ws.find_action(action.name()).is_none() {
            return Err(unknown(action.name()));
        }
        let mut ws = ws.clone();
        let mut settings = ws.action(action);
        let mut changes = Vec::new();
        if let Some(f) = fresh {
            changes.push(format!(
                "fresh for {} -> {}",
                format_duration(settings.fresh_for),
                format_duration(f)
            ));
            settings.fresh_for = f;
        }
        if let Some(r) = args.require_mfa {
            changes.push(format!("requires MFA {} -> {r}", settings.require_mfa));
            settings.require_mfa = r;
        }
        ws.actions.insert(action.name().to_string(), settings);
        tx.put_workspace(&ws)?;
        tx.audit_event(
            &Event::new(now, "action.set", AuditOutcome::Ok)
                .actor(&admin.name)
                .detail(format!("{}: {}", action.name(), changes.join(", "))),
        )?;
        Ok(ws)
    })?;
    let now_settings = done.value.action(action);
    let out = describe(&done.value).line(format!(
        "{} is now fresh for {} after a step-up{}.",
        action.name(),
        format_duration(now_settings.fresh_for),
        if now_settings.require_mfa {
            ", and refuses users to whom MFA does not apply"
        } else {
            ""
        }
    ));
    Ok(verify::verified_fields(out, &done))
}

fn remove(ctx: &mut Context, args: &RemoveArgs) -> Result<Outcome> {
    let name = args.name.trim();
    if Action::from_name(name).is_some() {
        return Err(
            Error::usage(format!("{name} is a built-in action and stays"))
                .hint(format!(
                    "to make it ask every time: stepup action set {name} --fresh-for 0"
                ))
                .into(),
        );
    }
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let action = caller
        .workspace
        .find_action(name)
        .ok_or_else(|| unknown(&args.name))?;
    let command = format!("stepup action remove {}", action.name());
    let req = Request::admin(&caller, &args.code, command);
    let done = run_admin(ctx, &store, req, |tx, admin, ws, now| {
        let mut ws = ws.clone();
        if ws.actions.remove(action.name()).is_none() {
            return Err(unknown(action.name()));
        }
        tx.put_workspace(&ws)?;
        tx.audit_event(
            &Event::new(now, "action.remove", AuditOutcome::Ok)
                .actor(&admin.name)
                .detail(action.name()),
        )?;
        Ok(ws)
    })?;
    let out = describe(&done.value).line(format!("Removed the action {}.", action.name()));
    Ok(verify::verified_fields(out, &done))
}
