//! `recovery list|regenerate`.

use super::method::recovery_code_lines;
use super::verify::{Request, run_sensitive};
use super::{Access, Context};
use crate::cli::recovery::{RecoveryCommand, RegenerateArgs};
use crate::domain::account::{User, Workspace};
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::enrollment;
use crate::domain::names::Policy;
use crate::domain::recovery::COUNT;
use crate::domain::stepup::Action;
use crate::error::{Error, Result};
use crate::io::output::{Outcome, table};

pub fn run(ctx: &mut Context, cmd: RecoveryCommand) -> Result<Outcome> {
    match cmd {
        RecoveryCommand::List => list(ctx),
        RecoveryCommand::Regenerate(args) => regenerate(ctx, &args),
    }
}

fn list(ctx: &mut Context) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Member)?;
    let Some(set) = &caller.user.mfa.recovery else {
        return Ok(Outcome::new()
            .field("remaining", 0)
            .field("issued_at", None::<String>)
            .field("slots", Vec::<serde_json::Value>::new())
            .line("You have no recovery codes. You get 10 when you enable a method.")
            .note("Enable a method with: stepup method enable totp (or email)"));
    };
    let slots: Vec<serde_json::Value> = set
        .slots
        .iter()
        .enumerate()
        .map(|(i, s)| {
            serde_json::json!({
                "slot": i + 1,
                "used": s.used_at.is_some(),
                "used_at": s.used_at.map(|t| t.rfc3339()),
            })
        })
        .collect();
    let rows: Vec<Vec<String>> = set
        .slots
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                (i + 1).to_string(),
                match s.used_at {
                    Some(at) => format!("used {at}"),
                    None => "unused".into(),
                },
            ]
        })
        .collect();
    let remaining = set.remaining();
    let mut out = Outcome::new()
        .field("remaining", remaining)
        .field("issued_at", set.issued_at.rfc3339())
        .field("slots", slots)
        .line(table(&["SLOT", "STATE"], &rows).trim_end())
        .line(format!(
            "{remaining} of {COUNT} left (issued {}).",
            set.issued_at
        ));
    if remaining <= crate::domain::recovery::WARN_AT {
        out = out.note(format!(
            "warning: only {remaining} recovery codes left. Get a new set: stepup recovery regenerate"
        ));
    }
    Ok(out)
}

fn regenerate(ctx: &mut Context, args: &RegenerateArgs) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Member)?;
    let name = caller.user.name.clone();
    let guard = |u: &User, ws: &Workspace| -> Result<()> {
        if ws.policy == Policy::Disabled {
            return Err(Error::denied(
                "MFA is disabled in this workspace, so recovery codes cannot be changed",
            )
            .hint("ask an admin to set the policy to enabled or required")
            .into());
        }
        if !u.mfa.has_any_method() {
            return Err(Error::denied(
                "you have no verification method, and recovery codes come with one",
            )
            .hint("enable a method: stepup method enable totp (or email)")
            .into());
        }
        Ok(())
    };
    let req = Request::new(
        Action::RegenerateRecovery,
        &name,
        &args.code,
        "stepup recovery regenerate".into(),
    )
    .in_session(caller.token.storage_key());
    let rng = ctx.rng.clone();
    let done = run_sensitive(ctx, &store, &req, &guard, |tx, user, _, verified, now| {
        let issued = enrollment::issue_recovery(user, now, &*rng)
            .map_err(|_| Error::failure("no randomness from the OS for new recovery codes"))?;
        let mut event = Event::new(now, "recovery.regenerate", AuditOutcome::Ok)
            .actor(&user.name)
            .user(&user.name);
        super::notify::queue(
            tx,
            user,
            now,
            crate::domain::notify::Kind::RecoveryRegenerated,
        )?;
        if let Some(v) = verified {
            event = event.method(v.option());
        }
        tx.audit_event(&event)?;
        Ok(issued)
    })?;
    let codes: Vec<&str> = done.value.codes.iter().map(|c| c.as_str()).collect();
    let mut out = Outcome::new()
        .field("recovery_codes", &codes)
        .line("Your new recovery codes (shown only now; each works once; the old ones no longer work):")
        .line("");
    out = recovery_code_lines(out, &codes);
    // The code used to verify may have been from the old set: its count no
    // longer matters, so only the method is reported.
    Ok(out.field("verified_with", done.verified_with()))
}
