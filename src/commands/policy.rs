//! `policy show|set|allow|deny` (admins).

use super::verify::{self, Request, run_admin};
use super::{Access, Context};
use crate::cli::policy::{DenyArgs, PolicyCommand, SetArgs};
use crate::cli::{CodeArgs, MethodArg};
use crate::domain::account::Workspace;
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::names::{Method, Policy, method_names};
use crate::domain::policy::{
    PolicyError, check_admin_keeps_a_method, check_set, stranded_users, with_methods,
};
use crate::error::{Error, Result};
use crate::io::output::{Outcome, list_or_none, plural};

pub fn run(ctx: &mut Context, cmd: PolicyCommand) -> Result<Outcome> {
    match cmd {
        PolicyCommand::Show => show(ctx),
        PolicyCommand::Set(args) => set(ctx, &args),
        PolicyCommand::Allow(args) => change(ctx, &args.methods, true, false, &args.code),
        PolicyCommand::Deny(DenyArgs {
            methods,
            force,
            code,
        }) => change(ctx, &methods, false, force, &code),
    }
}

fn describe(ws: &Workspace, now: crate::domain::time::Timestamp) -> Outcome {
    let allowed: Vec<&str> = method_names(&ws.allowed);
    let grace = ws.grace_at(now).filter(|_| ws.policy == Policy::Required);
    let mut out = Outcome::new()
        .field("policy", ws.policy.as_str())
        .field("allowed_methods", &allowed)
        .field("grace_until", grace.map(|t| t.rfc3339()))
        .line(format!("policy:           {}", ws.policy))
        .line(format!("allowed methods:  {}", list_or_none(&allowed)));
    if let Some(until) = grace {
        out = out.line(format!("grace period:     until {}", until.rfc3339()));
    }
    out
}

/// The longest grace period.
pub const MAX_GRACE: u64 = 90 * 86_400;

/// Parses a grace period: a number with s, m, h or d, at most 90d.
fn parse_grace(raw: &str) -> Result<u64> {
    let bad = || -> anyhow::Error {
        Error::usage(format!(
            "--grace '{}' is not a duration: a number with s, m, h or d (12h, 7d), at most 90d",
            crate::domain::names::printable(raw)
        ))
        .into()
    };
    let seconds = crate::domain::stepup::parse_seconds(raw, true).ok_or_else(bad)?;
    if seconds == 0 || seconds > MAX_GRACE {
        return Err(Error::usage(format!(
            "--grace {}: a grace period is from 1s to 90d",
            crate::domain::names::printable(raw)
        ))
        .into());
    }
    Ok(seconds)
}

fn show(ctx: &mut Context) -> Result<Outcome> {
    let store = ctx.open()?;
    // An admin in an enrollment-only session may look, and allow a method.
    let caller = ctx.caller(&store, Access::AdminMayEnroll)?;
    Ok(describe(&caller.workspace, ctx.now()))
}

fn set(ctx: &mut Context, args: &SetArgs) -> Result<Outcome> {
    let new: Policy = args.policy.into();
    let grace = args.grace.as_deref().map(parse_grace).transpose()?;
    if grace.is_some() && new != Policy::Required {
        return Err(Error::usage("--grace goes with `policy set required`").into());
    }
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let mut command = format!("stepup policy set {new}");
    if args.force {
        command.push_str(" --force");
    }
    if let Some(g) = &args.grace {
        command.push_str(&format!(" --grace {}", g.trim()));
    }
    // Turning MFA off never rides on an earlier step-up.
    let always_ask = new == Policy::Disabled;
    let req = Request::admin(&caller, &args.code, command).always_ask(always_ask);
    let done = run_admin(ctx, &store, req, |tx, admin, ws, now| {
        let mut ws = ws.clone();
        check_set(&ws, new, admin, args.force).map_err(|e| refused(new, &e))?;
        let old = ws.policy;
        ws.policy = new;
        check_admin_keeps_a_method(&ws, admin).map_err(|e| refused(new, &e))?;
        ws.grace_until = grace.map(|g| now.plus(g));
        tx.put_workspace(&ws)?;
        let mut detail = format!("{old} -> {new}");
        if let Some(until) = ws.grace_until {
            detail.push_str(&format!(", grace until {}", until.rfc3339()));
        }
        tx.audit_event(
            &Event::new(now, "policy.set", AuditOutcome::Ok)
                .actor(&admin.name)
                .detail(detail),
        )?;
        Ok(ws)
    })?;
    let ws = &done.value;
    let mut out = describe(ws, ctx.now()).line(format!("The policy is now {new}."));
    if let (Policy::Required, Some(until)) = (new, ws.grace_until) {
        out = out.note(format!(
            "Users without an allowed method keep full sessions until {}; then they can only enroll one.",
            until.rfc3339()
        ));
    } else if new == Policy::Required {
        out = out.note("Users without an allowed method can now only enroll one when they log in.");
    }
    Ok(verify::verified_fields(out, &done))
}

/// A refused `policy set`, with what to run instead.
fn refused(new: Policy, e: &PolicyError) -> anyhow::Error {
    let hint = match e {
        PolicyError::NoMethodAllowed => {
            "allow one first (stepup policy allow totp), or pass --force"
        }
        PolicyError::AdminHasNoMethod => {
            "enable one first (stepup method enable totp), then require it of everyone"
        }
        PolicyError::AdminWouldBeLockedOut => {
            "allow a method and enable it yourself first (stepup policy allow totp, stepup method enable totp)"
        }
    };
    Error::denied(format!("cannot set the policy to {new}: {e}"))
        .hint(hint)
        .into()
}

fn change(
    ctx: &mut Context,
    methods: &[MethodArg],
    allow: bool,
    force: bool,
    code: &CodeArgs,
) -> Result<Outcome> {
    let methods: Vec<Method> = methods.iter().map(|m| Method::from(*m)).collect();
    let store = ctx.open()?;
    // `policy allow` is the way back for an admin whose methods are not
    // allowed any more (an enrollment-only session, or no option left).
    let access = if allow {
        Access::AdminMayEnroll
    } else {
        Access::Admin
    };
    let caller = ctx.caller(&store, access)?;
    let list: Vec<&str> = method_names(&methods);
    let mut command = format!(
        "stepup policy {} {}",
        if allow { "allow" } else { "deny" },
        list.join(" ")
    );
    if force {
        command.push_str(" --force");
    }
    let mut req = Request::admin(&caller, code, command);
    req.no_options_ok = allow;
    let done = run_admin(ctx, &store, req, |tx, admin, before, now| {
        let name = admin.name.clone();
        let before = before.clone();
        let after = with_methods(&before, &methods, allow);
        check_admin_keeps_a_method(&after, admin).map_err(|e| {
            Error::denied(format!("cannot deny {}: {e}", list.join(", ")))
                .hint("allow another method and enable it yourself first")
        })?;
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
                return Err(Error::denied(
                    "the policy is required and this would allow no method at all",
                )
                .hint("nobody could log in or enroll; pass --force to do it anyway")
                .into());
            }
        }
        let verb = if allow { "policy.allow" } else { "policy.deny" };
        let mut event = Event::new(now, verb, AuditOutcome::Ok)
            .actor(&name)
            .detail(list.join(","));
        if !stranded.is_empty() {
            event = event.detail(format!(
                "{} (forced; {} users stranded)",
                list.join(","),
                stranded.len()
            ));
        }
        tx.put_workspace(&after)?;
        tx.audit_event(&event)?;
        Ok((after, stranded))
    })?;
    let (ws, stranded) = (&done.value.0, &done.value.1);
    let mut out = describe(ws, ctx.now()).field("stranded_users", stranded);
    if !stranded.is_empty() {
        out = out.note(format!(
            "warning: {} user{} now {} no allowed method: {}",
            stranded.len(),
            plural(stranded.len()),
            if stranded.len() == 1 { "has" } else { "have" },
            stranded.join(", ")
        ));
    }
    Ok(verify::verified_fields(out, &done))
}
