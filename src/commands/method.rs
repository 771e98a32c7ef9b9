//! `method list|enable|disable`: a user's own verification methods.

use super::verify::{
    self, Checked, Request, enrollment_required, load_user, locked_error, run_sensitive,
};
use super::{Access, Caller, Context};
use crate::cli::method::{DisableArgs, EnableArgs, MethodCommand};
use crate::domain::account::{User, Workspace};
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::code::CodeInput;
use crate::domain::email_code::Purpose;
use crate::domain::enrollment;
use crate::domain::names::{Method, Policy, method_names};
use crate::domain::recovery::Issued;
use crate::domain::stepup::Action;
use crate::domain::verify::Rejected;
use crate::error::{Error, Result, TotpEnrollment};
use crate::io::output::{Outcome, table};
use crate::io::qr;
use crate::store::Settled;
use crate::store::Store;
use zeroize::Zeroizing;

pub fn run(ctx: &mut Context, cmd: MethodCommand) -> Result<Outcome> {
    match cmd {
        MethodCommand::List => list(ctx),
        MethodCommand::Enable(args) => enable(ctx, &args),
        MethodCommand::Disable(args) => disable(ctx, &args),
    }
}

fn list(ctx: &mut Context) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Member)?;
    let ws = &caller.workspace;
    let rows: Vec<(Method, bool, bool)> = Method::ALL
        .into_iter()
        .map(|m| (m, ws.allows(m), caller.user.mfa.has(m)))
        .collect();
    let json: Vec<serde_json::Value> = rows
        .iter()
        .map(|(m, allowed, enabled)| serde_json::json!({ "method": m.as_str(), "allowed": allowed, "enabled": enabled }))
        .collect();
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    let text = table(
        &["METHOD", "NAME", "ALLOWED", "ENABLED"],
        &rows
            .iter()
            .map(|(m, a, e)| vec![m.as_str().into(), m.label().into(), yes_no(*a), yes_no(*e)])
            .collect::<Vec<_>>(),
    );
    let mut out = Outcome::new()
        .field("policy", ws.policy.as_str())
        .field("methods", json)
        .field("recovery_remaining", caller.user.mfa.recovery_remaining())
        .line(text.trim_end());
    if ws.policy == Policy::Disabled {
        out = out.line("MFA is disabled in this workspace: methods are kept but not used.");
    }
    Ok(out)
}

/// The conditions for enabling `method`, checked before and again inside the
/// transaction.
fn can_enable(user: &User, ws: &Workspace, method: Method) -> Result<()> {
    if ws.policy == Policy::Disabled {
        return Err(Error::denied(
            "MFA is disabled in this workspace, so no method can be enabled",
        )
        .hint("ask an admin to set the policy to enabled or required")
        .into());
    }
    if !ws.allows(method) {
        let allowed: Vec<&str> = method_names(&ws.allowed);
        return Err(Error::denied(format!(
            "{} ({method}) is not allowed in this workspace",
            method.label()
        ))
        .hint(if allowed.is_empty() {
            super::NO_METHOD_ALLOWED.to_string()
        } else {
            format!("allowed: {}", allowed.join(", "))
        })
        .into());
    }
    // A new address set by an admin is confirmed by enrolling again.
    let reconfirm = method == Method::Email && user.pending_email.is_some();
    if user.mfa.has(method) && !reconfirm {
        return Err(
            Error::denied(format!("you already enabled {}", method.label()))
                .hint(format!(
                    "to start over, disable it first: stepup method disable {method}"
                ))
                .into(),
        );
    }
    if method == Method::Email && user.email.is_none() {
        return Err(Error::denied("you have no email address to send codes to")
            .hint(format!(
                "ask an admin to set one: stepup user set {} --email ADDR",
                user.name
            ))
            .into());
    }
    Ok(())
}

fn enable(ctx: &mut Context, args: &EnableArgs) -> Result<Outcome> {
    let method: Method = args.target.into();
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Enroll)?;
    can_enable(&caller.user, &caller.workspace, method)?;
    let name = caller.user.name.clone();
    let session = caller.session_id.clone();
    let now = ctx.now();
    let command = format!("stepup method enable {method}");

    // A pending enrollment of this session is confirmed with --code alone;
    // without a code, a pending authenticator is shown again.
    let pending_totp =
        enrollment::live_pending_totp(&caller.user, now, &session, ctx.limits.enrollment_lifetime)
            .map(|p| p.secret.clone());
    let pending = match method {
        Method::Totp => pending_totp.is_some(),
        Method::Email => {
            enrollment::live_pending_email(&caller.user, now, &session, &ctx.limits.email_codes)
        }
    };
    if pending && args.code.method.is_none() {
        if let Some(code) = ctx.code(&args.code)? {
            return confirm(ctx, &store, &caller, method, code);
        }
        if let Some(secret) = pending_totp {
            return show_and_confirm(ctx, &store, &caller, secret, &command);
        }
    }

    // Step-up first when the user already has a method; then start.
    let req = Request::new(Action::EnableMethod, &name, &args.code, command.clone())
        .in_session(caller.token.storage_key());
    // Whatever would stop the enrollment email from going out is part of
    // the guard, so it is checked before a step-up code is spent on it.
    let (email_rules, guard_time) = (ctx.limits.email_codes, ctx.now());
    let guard = |u: &User, ws: &Workspace| {
        can_enable(u, ws, method)?;
        if method == Method::Email {
            verify::may_send_email(u, guard_time, &email_rules, Purpose::Enroll)?;
        }
        Ok(())
    };
    if method == Method::Email {
        ctx.config.email()?;
    }
    let rng = ctx.rng.clone();
    match method {
        Method::Totp => {
            let done = run_sensitive(ctx, &store, &req, &guard, |tx, user, _, verified, now| {
                let secret =
                    enrollment::start_totp(user, now, &session, &*rng).map_err(Error::from)?;
                tx.audit_event(&start_event(now, user, method, verified))?;
                Ok(secret)
            })?;
            if let Some(note) = verify::recovery_note(done.verified) {
                ctx.prompt.say(&note);
            }
            show_and_confirm(ctx, &store, &caller, done.value, &command)
        }
        Method::Email => {
            // The email enrollment starts when the code is sent (audited
            // there); here only a step-up is worth recording.
            let done = run_sensitive(ctx, &store, &req, &guard, |tx, user, _, verified, now| {
                if verified.is_some() {
                    tx.audit_event(&start_event(now, user, method, verified))?;
                }
                Ok(())
            })?;
            if let Some(note) = verify::recovery_note(done.verified) {
                ctx.prompt.say(&note);
            }
            let sent_to =
                verify::send_email_code(ctx, &store, &name, Purpose::Enroll, Some(session))?;
            if ctx.prompts_for_codes() {
                // The prompt itself says where the code went.
                confirm_interactively(
                    ctx,
                    &store,
                    &caller,
                    method,
                    &format!("Code sent to {sent_to}"),
                )
            } else {
                Err(enrollment_required(
                    Action::EnableMethod,
                    "email",
                    Some(sent_to),
                    None,
                    &command,
                ))
            }
        }
    }
}

/// The audit event of an enrollment started (after step-up, if any).
fn start_event(
    now: crate::domain::time::Timestamp,
    user: &User,
    method: Method,
    verified: Option<crate::domain::verify::Verified>,
) -> Event {
    let event = Event::new(now, "method.enable.start", AuditOutcome::Ok)
        .actor(&user.name)
        .user(&user.name)
        .method(method);
    match verified {
        Some(v) => event.detail(format!("step-up with {}", v.option())),
        None => event,
    }
}

/// Shows the QR code, secret and URI, then asks for the first code (on a
/// terminal) or stops with exit 10 carrying them (in a script).
fn show_and_confirm(
    ctx: &mut Context,
    store: &Store,
    caller: &Caller,
    secret: crate::domain::totp::TotpSecret,
    command: &str,
) -> Result<Outcome> {
    let b32 = Zeroizing::new(secret.base32());
    let uri = Zeroizing::new(
        secret
            .otpauth_uri(&ctx.config.issuer, &caller.user.name)
            .map_err(Error::from)?,
    );
    if ctx.prompts_for_codes() {
        crate::io::output::stdout(&qr::enrollment_block(&b32, &uri));
        confirm_interactively(
            ctx,
            store,
            caller,
            Method::Totp,
            "Code from your authenticator app",
        )
    } else {
        Err(enrollment_required(
            Action::EnableMethod,
            "totp",
            None,
            Some(TotpEnrollment {
                secret: b32,
                otpauth_uri: uri,
            }),
            command,
        ))
    }
}

fn confirm_interactively(
    ctx: &mut Context,
    store: &Store,
    caller: &Caller,
    method: Method,
    label: &str,
) -> Result<Outcome> {
    let mut tries = 0;
    loop {
        tries += 1;
        let code = ctx.prompt_code(label)?;
        match confirm(ctx, store, caller, method, code) {
            Err(e) if tries < 3 && crate::error::exit_code(&e) == crate::error::exit::DENIED => {
                ctx.prompt.say(&format!("{e}. Try again."));
            }
            other => return other,
        }
    }
}

/// Confirms the pending enrollment with its first code and enables the
/// method, issuing new recovery codes.
fn confirm(
    ctx: &mut Context,
    store: &Store,
    caller: &Caller,
    method: Method,
    code: CodeInput,
) -> Result<Outcome> {
    let now = ctx.now();
    let rules = ctx.limits.throttle;
    let email_rules = ctx.limits.email_codes;
    let lifetime = ctx.limits.enrollment_lifetime;
    let name = caller.user.name.clone();
    let session = caller.session_id.clone();
    let rng = ctx.rng.clone();
    let result = store.write(|tx| {
        let mut user = load_user(tx, &name)?;
        let ws = tx.workspace()?;
        can_enable(&user, &ws, method)?;
        let failure = |reason: &Rejected| {
            Event::new(now, "method.enable", AuditOutcome::Denied)
                .actor(&name)
                .user(&name)
                .method(method)
                .detail(reason.message())
        };
        let checked = verify::check_in_tx(tx, &mut user, now, &rules, failure, |u| match method {
                Method::Totp => enrollment::confirm_totp(
                    u,
                    &code,
                    now,
                    &session,
                    lifetime,
                    &*rng,
                ),
                Method::Email => enrollment::confirm_email(
                    u,
                    &code,
                    now,
                    &session,
                    &email_rules,
                    &*rng,
                ),
            })?;
        match checked {
            Checked::Passed(issued) => {
                tx.put_user(&user)?;
                tx.audit_event(
                    &Event::new(now, "method.enable", AuditOutcome::Ok)
                        .actor(&name)
                        .user(&name)
                        .method(method)
                        .detail("10 new recovery codes issued"),
                )?;
                super::notify::queue(
                    tx,
                    &user,
                    now,
                    crate::domain::notify::Kind::MethodEnabled { method },
                )?;
                Ok(Settled::Done((issued, user.enrollment_only(&ws))))
            }
            Checked::Throttled(r) => Ok(Settled::Refused(locked_error(r, &name))),
            Checked::Failed { reason, then } => {
                Ok(Settled::Refused(match reason {
                    Rejected::Unavailable | Rejected::EmailNotSent | Rejected::EmailExpired | Rejected::EmailTooManyTries => {
                        Error::denied(format!(
                            "no {} enrollment of this session is waiting for a code (it expired, was used up or was never started)",
                            method
                        ))
                        .hint(format!("start again: stepup method enable {method}"))
                        .into()
                    }
                    _ => verify::failed_error(reason, then, &name),
                }))
            }
        }
    })?;
    let (issued, still_enrollment_only) = result.into_result()?;
    Ok(enabled_outcome(method, &issued, still_enrollment_only))
}

fn enabled_outcome(method: Method, issued: &Issued, enrollment_only: bool) -> Outcome {
    let codes: Vec<&str> = issued.codes.iter().map(|c| c.as_str()).collect();
    let mut out = Outcome::new()
        .field("method", method.as_str())
        .field("recovery_codes", &codes)
        .field("enrollment_only", enrollment_only)
        .line(format!("{} enabled.", method.label()))
        .line("")
        .line("Your recovery codes (shown only now; each works once):")
        .line("");
    out = recovery_code_lines(out, &codes);
    out.line("")
        .line("Copy them and store them securely, e.g. in a password manager. Use them to")
        .line("verify when you cannot use your method. Each time you enable a method you get")
        .line("10 new codes and the old ones stop working.")
}

/// The codes two to a line, numbered.
pub fn recovery_code_lines(mut out: Outcome, codes: &[&str]) -> Outcome {
    for pair in codes.chunks(2).enumerate() {
        let (i, chunk) = pair;
        let left = format!("{:>2}. {}", i * 2 + 1, chunk[0]);
        let line = match chunk.get(1) {
            Some(right) => format!("  {left}    {:>2}. {right}", i * 2 + 2),
            None => format!("  {left}"),
        };
        out = out.line(line);
    }
    out
}

fn disable(ctx: &mut Context, args: &DisableArgs) -> Result<Outcome> {
    let method: Method = args.target.into();
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Member)?;
    let name = caller.user.name.clone();
    let guard = |u: &User, ws: &Workspace| -> Result<()> {
        if ws.policy == Policy::Disabled {
            // A hint that works from here: an admin cannot reset their own
            // MFA, so they raise the policy and disable with a code.
            let hint = if u.is_admin() {
                "your methods are kept, inactive; to disable one, raise the policy first \
                 (stepup policy set enabled), then run stepup method disable again"
                    .to_string()
            } else {
                format!(
                    "your methods are kept, inactive; an admin can remove them: stepup user reset-mfa {}",
                    u.name
                )
            };
            return Err(Error::denied(
                "MFA is disabled in this workspace, so methods cannot be changed",
            )
            .hint(hint)
            .into());
        }
        if !u.mfa.has(method) {
            return Err(
                Error::denied(format!("you have not enabled {}", method.label()))
                    .hint("see your methods with: stepup method list")
                    .into(),
            );
        }
        if ws.policy == Policy::Required {
            let left: Vec<Method> = u
                .usable_methods(ws)
                .into_iter()
                .filter(|m| *m != method)
                .collect();
            if left.is_empty() {
                return Err(Error::denied(
                    "MFA is required in this workspace: you cannot disable your last method",
                )
                .hint("enable another method first, then disable this one")
                .into());
            }
        }
        Ok(())
    };
    let req = Request::new(
        Action::DisableMethod,
        &name,
        &args.code,
        format!("stepup method disable {method}"),
    )
    .in_session(caller.token.storage_key());
    let done = run_sensitive(ctx, &store, &req, &guard, |tx, user, _, verified, now| {
        let had_codes = user.mfa.recovery_remaining();
        user.mfa.disable(method);
        user.bump_epoch();
        let codes_removed = user.mfa.recovery.is_none() && had_codes > 0;
        let mut event = Event::new(now, "method.disable", AuditOutcome::Ok)
            .actor(&user.name)
            .user(&user.name)
            .method(method);
        super::notify::queue(
            tx,
            user,
            now,
            crate::domain::notify::Kind::MethodDisabled { method },
        )?;
        if let Some(v) = verified {
            event = event.detail(format!("verified with {}", v.option()));
        }
        tx.audit_event(&event)?;
        Ok((user.mfa.enabled_methods(), codes_removed))
    })?;
    let (left, codes_removed) = (done.value.0.clone(), done.value.1);
    let left: Vec<&str> = method_names(&left);
    let mut out = Outcome::new()
        .field("method", method.as_str())
        .field("enabled_methods", &left)
        .field("recovery_codes_removed", codes_removed)
        .line(format!("{} disabled.", method.label()));
    if codes_removed {
        out = out.line("That was your last method, so your recovery codes were removed too.");
    }
    Ok(verify::verified_fields(out, &done))
}
