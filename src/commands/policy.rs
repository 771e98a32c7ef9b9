//! `policy show|set|allow|deny` (admins).

use super::{Access, Context};
use crate::cli::MethodArg;
use crate::cli::policy::{DenyArgs, PolicyCommand, SetArgs};
use crate::domain::account::Workspace;
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::names::{Method, Policy, method_names};
use crate::domain::policy::{check_set, stranded_users, with_methods};
use crate::error::{Error, Result};
use crate::io::output::{Outcome, list_or_none, plural};
use crate::store::View;

pub fn run(ctx: &mut Context, cmd: PolicyCommand) -> Result<Outcome> {
    match cmd {
        PolicyCommand::Show => show(ctx),
        PolicyCommand::Set(args) => set(ctx, &args),
        PolicyCommand::Allow(args) => change(ctx, &args.methods, true, false),
        PolicyCommand::Deny(DenyArgs { methods, force }) => change(ctx, &methods, false, force),
    }
}

fn describe(ws: &Workspace) -> Outcome {
    let allowed: Vec<&str> = method_names(&ws.allowed);
    Outcome::new()
        .field("policy", ws.policy.as_str())
        .field("allowed_methods", &allowed)
        .line(format!("policy:           {}", ws.policy))
        .line(format!("allowed methods:  {}", list_or_none(&allowed)))
}

fn show(ctx: &mut Context) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    Ok(describe(&caller.workspace))
}

fn set(ctx: &mut Context, args: &SetArgs) -> Result<Outcome> {
    let new: Policy = args.policy.into();
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let now = ctx.now();
    let name = caller.user.name.clone();
    let ws = store.write(|tx| {
        let mut ws = tx.workspace()?;
        let admin = super::verify::load_user(tx, &name)?;
        check_set(&ws, new, &admin, args.force)
            .map_err(|e| Error::denied(format!("cannot set the policy to {new}: {e}")))?;
        let old = ws.policy;
        ws.policy = new;
        tx.put_workspace(&ws)?;
        tx.audit_event(
            &Event::new(now, "policy.set", AuditOutcome::Ok)
                .actor(&name)
                .detail(format!("{old} -> {new}")),
        )?;
        Ok(ws)
    })?;
    let mut out = describe(&ws).line(format!("The policy is now {new}."));
    if new == Policy::Required {
        out = out.note("Users without an allowed method can now only enroll one when they log in.");
    }
    Ok(out)
}

fn change(ctx: &mut Context, methods: &[MethodArg], allow: bool, force: bool) -> Result<Outcome> {
    let methods: Vec<Method> = methods.iter().map(|m| Method::from(*m)).collect();
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let now = ctx.now();
    let name = caller.user.name.clone();
    let (ws, stranded) = store.write(|tx| {
        let before = tx.workspace()?;
        let after = with_methods(&before, &methods, allow);
        let stranded = stranded_users(&before, &after, &tx.users()?);
        if !force {
            if !stranded.is_empty() {
                let shown: Vec<&str> = stranded.iter().take(20).map(String::as_str).collect();
                let more = stranded.len().saturating_sub(shown.len());
                return Err(Error::denied(format!(
                    "{} user{} would be left with no allowed verification method: {}{}",
                    stranded.len(),
                    plural(stranded.len()),
                    shown.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ))
                .hint("they could only use their remaining recovery codes; pass --force to do it anyway")
                .into());
            }
            if before.policy == Policy::Required && after.allowed.is_empty() {
                return Err(Error::denied("the policy is required and this would allow no method at all")
                    .hint("nobody could log in or enroll; pass --force to do it anyway")
                    .into());
            }
        }
        let verb = if allow { "policy.allow" } else { "policy.deny" };
        let list: Vec<&str> = method_names(&methods);
        let mut event = Event::new(now, verb, AuditOutcome::Ok)
            .actor(&name)
            .detail(list.join(","));
        if !stranded.is_empty() {
            event = event.detail(format!("{} (forced; {} users stranded)", list.join(","), stranded.len()));
        }
        tx.put_workspace(&after)?;
        tx.audit_event(&event)?;
        Ok((after, stranded))
    })?;
    let mut out = describe(&ws).field("stranded_users", &stranded);
    if !stranded.is_empty() {
        out = out.note(format!(
            "warning: {} user{} now have no allowed method: {}",
            stranded.len(),
            plural(stranded.len()),
            stranded.join(", ")
        ));
    }
    Ok(out)
}
