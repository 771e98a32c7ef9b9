//! `user add|list|show|remove|unlock|reset-mfa` (admins).

use super::verify::{self, Request, run_admin};
use super::{Access, Context, email_address, existing_user, user_name};
use crate::cli::CodeArgs;
use crate::cli::user::{AddArgs, NameArg, RoleArg, SetArgs, TargetArgs, UserCommand};
use crate::domain::account::User;
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::names::{Role, method_names};
use crate::domain::password;
use crate::error::{Error, Result};
use crate::io::output::{Outcome, list_or_none, plural, table};
use crate::store::{View, WriteTx};
use serde_json::json;

pub fn run(ctx: &mut Context, cmd: UserCommand) -> Result<Outcome> {
    match cmd {
        UserCommand::Add(args) => add(ctx, &args),
        UserCommand::Set(args) => set(ctx, &args),
        UserCommand::List => list(ctx),
        UserCommand::Show(NameArg { name }) => show(ctx, &name),
        UserCommand::Remove(TargetArgs { name, code }) => remove(ctx, &name, &code),
        UserCommand::Unlock(TargetArgs { name, code }) => unlock(ctx, &name, &code),
        UserCommand::ResetMfa(TargetArgs { name, code }) => reset_mfa(ctx, &name, &code),
        UserCommand::Import(args) => super::bulk::import(ctx, &args),
        UserCommand::Export(args) => super::bulk::export(ctx, &args),
    }
}

fn add(ctx: &mut Context, args: &AddArgs) -> Result<Outcome> {
    let name = user_name(&args.name)?;
    let email = email_address(args.email.as_deref())?;
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    if store.read()?.user(&name)?.is_some() {
        return Err(exists(&name));
    }
    let pw = ctx.new_password(
        args.password.password_stdin,
        &name,
        "the new user's password",
    )?;
    let cost = ctx.limits.argon2;
    let role = if args.admin {
        Role::Admin
    } else {
        Role::Member
    };
    let mut command = format!("stepup user add {name}");
    if let Some(e) = &email {
        command.push_str(&format!(" --email {e}"));
    }
    if args.admin {
        command.push_str(" --admin");
    }
    if args.password.password_stdin {
        command.push_str(" --password-stdin");
    }
    // Granting admin never rides on an earlier step-up.
    let rng = ctx.rng.clone();
    let req = Request::admin(&caller, &args.code, command).always_ask(args.admin);
    let done = run_admin(ctx, &store, req, |tx, admin, _, now| {
        if tx.user(&name)?.is_some() {
            return Err(exists(&name));
        }
        // Hashed once every check that can refuse the command passed,
        // the admin's step-up included.
        let hash = password::hash(&pw, &cost, &*rng).map_err(Error::from)?;
        if !tx.insert_new_user(&User::new(&name, email.clone(), role, hash, now))? {
            return Err(exists(&name));
        }
        tx.audit_event(
            &Event::new(now, "user.add", AuditOutcome::Ok)
                .actor(&admin.name)
                .user(&name)
                .detail(format!("role {role}")),
        )
    })?;
    drop(pw);
    let out = Outcome::new()
        .field("user", &name)
        .field("role", role.as_str())
        .field("email", &email)
        .line(format!("Added {role} {name}."));
    Ok(verify::verified_fields(out, &done))
}

fn set(ctx: &mut Context, args: &SetArgs) -> Result<Outcome> {
    let name = user_name(&args.name)?;
    let email = email_address(args.email.as_deref())?;
    let role = args.role.map(|r| match r {
        RoleArg::Admin => Role::Admin,
        RoleArg::Member => Role::Member,
    });
    let new_password = args.password_stdin || args.password;
    if email.is_none() && role.is_none() && !new_password {
        return Err(Error::usage("nothing to change")
            .hint("give --email ADDR, --role admin|member or --password-stdin")
            .into());
    }
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let target = existing_user(&store.read()?, &name)?;
    let new_pw = if new_password {
        Some(ctx.new_password(args.password_stdin, &name, "the new password")?)
    } else {
        None
    };
    let cost = ctx.limits.argon2;
    let grants_admin = role == Some(Role::Admin) && !target.is_admin();
    let always_ask = grants_admin || new_password;
    let mut command = format!("stepup user set {name}");
    if let Some(e) = &email {
        command.push_str(&format!(" --email {e}"));
    }
    if let Some(r) = role {
        command.push_str(&format!(" --role {r}"));
    }
    if args.password_stdin {
        command.push_str(" --password-stdin");
    }
    let rng = ctx.rng.clone();
    let req = Request::admin(&caller, &args.code, command).always_ask(always_ask);
    let done = run_admin(ctx, &store, req, |tx, admin, _, now| {
        let changed =
            change_user(tx, admin, &name, |tx, user| {
                let mut changes = Vec::new();
                let mut role_changed = false;
                let mut old_address = None;
                if let Some(r) = role
                    && r != user.role
                {
                    if user.is_admin() {
                        let admins = tx.users()?.iter().filter(|u| u.is_admin()).count();
                        if admins <= 1 {
                            return Err(Error::denied(format!(
                        "{name} is the last admin and cannot be demoted"
                    ))
                    .hint("make another user an admin first (stepup user set NAME --role admin)")
                    .into());
                        }
                    }
                    changes.push(format!("role {} -> {r}", user.role));
                    user.role = r;
                    role_changed = true;
                }
                let mut pending = false;
                if let Some(e) = &email
                    && user.email.as_deref() != Some(e.as_str())
                {
                    old_address = user.email.clone();
                    if user.mfa.has(crate::domain::names::Method::Email) {
                        // Codes keep going to the confirmed address until the new
                        // one is confirmed with a code sent to it.
                        user.pending_email = Some(e.clone());
                        pending = true;
                        changes.push("email change waiting for confirmation".into());
                    } else {
                        user.email = Some(e.clone());
                        user.pending_email = None;
                        changes.push("email changed".into());
                    }
                }
                if let Some(pw) = &new_pw {
                    // Hashed only now, after the admin's step-up.
                    user.password_hash = password::hash(pw, &cost, &*rng).map_err(Error::from)?;
                    changes.push("password set".into());
                }
                // A demotion or a new password ends every session of the user; any
                // change of role ends every freshness they earned.
                let end_sessions = new_pw.is_some() || (role_changed && user.role == Role::Member);
                if role_changed || end_sessions {
                    user.bump_epoch();
                }
                let ended = if end_sessions {
                    let n = tx.remove_sessions_of(&name, None)?;
                    changes.push(sessions_ended(n));
                    n
                } else {
                    0
                };
                Ok((changes, ended, pending, old_address))
            })?;
        let (user, (changes, ended, pending, old_address)) = changed;
        if new_pw.is_some() {
            super::notify::queue(
                tx,
                &user,
                now,
                crate::domain::notify::Kind::PasswordChanged { by_admin: true },
            )?;
        }
        if let Some(old) = &old_address {
            let new = if pending {
                &user.pending_email
            } else {
                &user.email
            };
            super::notify::queue(
                tx,
                &user,
                now,
                super::notify::address_changed(old, new.as_deref(), pending),
            )?;
        }
        tx.audit_event(
            &Event::new(now, "user.set", AuditOutcome::Ok)
                .actor(&admin.name)
                .user(&name)
                .detail(if changes.is_empty() {
                    "nothing changed".to_string()
                } else {
                    changes.join("; ")
                }),
        )?;
        Ok((user, changes, ended, pending, old_address))
    })?;
    let (user, changes, ended, pending, _) = &done.value;
    let mut out = Outcome::new()
        .field("user", &name)
        .field("role", user.role.as_str())
        .field("email", &user.email)
        .field("pending_email", &user.pending_email)
        .field("sessions_ended", ended)
        .field("changes", changes)
        .line(if changes.is_empty() {
            format!("Nothing to change for {name}.")
        } else {
            format!("Updated {name}: {}.", changes.join("; "))
        });
    if *pending {
        out = out.note(format!(
            "{name} confirms the new address with `stepup method enable email` (a code goes to it); until then codes go to the old one."
        ));
    }
    Ok(verify::verified_fields(out, &done))
}

fn exists(name: &str) -> anyhow::Error {
    Error::denied(format!("a user named {name} already exists"))
        .hint("choose another name, or remove the old user first")
        .into()
}

fn summary(u: &User) -> serde_json::Value {
    json!({
        "user": u.name,
        "role": u.role.as_str(),
        "email": u.email,
        "enabled_methods": method_names(&u.mfa.enabled_methods()),
        "recovery_remaining": u.mfa.recovery_remaining(),
        "failed_attempts": u.throttle.failures,
        "locked": u.throttle.locked,
        "created_at": u.created_at.rfc3339(),
    })
}

fn list(ctx: &mut Context) -> Result<Outcome> {
    let store = ctx.open()?;
    ctx.caller(&store, Access::Admin)?;
    let users = store.read()?.users()?;
    let rows: Vec<Vec<String>> = users
        .iter()
        .map(|u| {
            let methods: Vec<&str> = method_names(&u.mfa.enabled_methods());
            vec![
                u.name.clone(),
                u.role.to_string(),
                u.email.clone().unwrap_or_else(|| "-".into()),
                if methods.is_empty() {
                    "-".into()
                } else {
                    methods.join(",")
                },
                u.mfa.recovery_remaining().to_string(),
                if u.throttle.locked {
                    "locked".into()
                } else if u.throttle.failures > 0 {
                    format!("{} failures", u.throttle.failures)
                } else {
                    "ok".into()
                },
            ]
        })
        .collect();
    Ok(Outcome::new()
        .field("count", users.len())
        .field("users", users.iter().map(summary).collect::<Vec<_>>())
        .line(
            table(
                &["USER", "ROLE", "EMAIL", "METHODS", "RECOVERY", "STATE"],
                &rows,
            )
            .trim_end(),
        )
        .line(format!("{} user{}", users.len(), plural(users.len()))))
}

fn show(ctx: &mut Context, raw: &str) -> Result<Outcome> {
    let name = user_name(raw)?;
    let store = ctx.open()?;
    ctx.caller(&store, Access::Admin)?;
    let tx = store.read()?;
    let u = existing_user(&tx, &name)?;
    let ws = tx.workspace()?;
    let methods: Vec<&str> = method_names(&u.mfa.enabled_methods());
    let mut summary = summary(&u);
    summary["enrollment_only"] = json!(u.enrollment_only(&ws));
    let mut out = Outcome::new();
    if let serde_json::Value::Object(map) = summary {
        for (k, v) in map {
            out = out.field(&k, v);
        }
    }
    Ok(out
        .line(format!("user:             {}", u.name))
        .line(format!("role:             {}", u.role))
        .line(format!(
            "email:            {}",
            u.email.as_deref().unwrap_or("-")
        ))
        .line(format!("methods:          {}", list_or_none(&methods)))
        .line(format!(
            "recovery codes:   {} left",
            u.mfa.recovery_remaining()
        ))
        .line(format!(
            "state:            {}",
            if u.throttle.locked {
                format!("locked (stepup user unlock {})", u.name)
            } else {
                format!("{} consecutive failed attempts", u.throttle.failures)
            }
        ))
        .line(format!("created:          {}", u.created_at)))
}

fn remove(ctx: &mut Context, raw: &str, code: &CodeArgs) -> Result<Outcome> {
    let name = user_name(raw)?;
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    existing_user(&store.read()?, &name)?;
    let command = format!("stepup user remove {name}");
    let req = Request::admin(&caller, code, command);
    let done = run_admin(ctx, &store, req, |tx, admin, _, now| {
        let target = existing_user(tx, &name)?;
        if target.is_admin() {
            let admins = tx.users()?.iter().filter(|u| u.is_admin()).count();
            if admins <= 1 {
                return Err(Error::denied(format!(
                    "{name} is the last admin and cannot be removed"
                ))
                .hint("add another admin first (stepup user add NAME --admin)")
                .into());
            }
        }
        // Sessions first: on PostgreSQL the user's removal takes them too
        // (they hang off its row), and they would go uncounted.
        let ended = tx.remove_sessions_of(&name, None)?;
        tx.remove_user(&name)?;
        tx.audit_event(
            &Event::new(now, "user.remove", AuditOutcome::Ok)
                .actor(&admin.name)
                .user(&name)
                .detail(sessions_ended(ended)),
        )?;
        Ok(ended)
    })?;
    let ended = done.value;
    let out = Outcome::new()
        .field("user", &name)
        .field("sessions_ended", ended)
        .line(format!("Removed {name} ({}).", sessions_ended(ended)));
    Ok(verify::verified_fields(out, &done))
}

/// "no sessions ended", "1 session ended", "3 sessions ended".
pub fn sessions_ended(n: usize) -> String {
    match n {
        0 => "no sessions ended".into(),
        n => format!("{n} session{} ended", plural(n)),
    }
}

/// Changes the record of `name` with `f` inside an admin command's
/// transaction and stores it; returns the record as changed. When the target
/// is the acting admin, their record is the one the step-up driver saves,
/// so the change goes there instead of being overwritten by it.
fn change_user<R>(
    tx: &mut WriteTx,
    admin: &mut User,
    name: &str,
    f: impl FnOnce(&mut WriteTx, &mut User) -> Result<R>,
) -> Result<(User, R)> {
    if admin.name == name {
        let r = f(tx, admin)?;
        return Ok((admin.clone(), r));
    }
    let mut user = existing_user(tx, name)?;
    let r = f(tx, &mut user)?;
    tx.put_user(&user)?;
    Ok((user, r))
}

/// What an admin command does to one user's record.
struct Change<'a> {
    /// The command's words, e.g. `user reset-mfa`.
    action: &'a str,
    /// Refused on the caller's own record, with this hint.
    not_on_yourself: Option<&'a str>,
    always_ask: bool,
    /// End the user's sessions (and every freshness they earned).
    end_sessions: bool,
}

/// Changes one user's record (admin action, after the admin's step-up) and
/// audits it; returns the name, the detail and how many sessions ended.
fn admin_update(
    ctx: &mut Context,
    raw: &str,
    code: &CodeArgs,
    change: Change<'_>,
    f: impl Fn(&mut User) -> String,
) -> Result<(String, String, usize, verify::Done<()>)> {
    let name = user_name(raw)?;
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    if let Some(instead) = change.not_on_yourself
        && caller.user.name == name
    {
        return Err(
            Error::denied(format!("admins cannot run {} on themselves", change.action))
                .hint(instead.to_string())
                .into(),
        );
    }
    existing_user(&store.read()?, &name)?;
    let command = format!("stepup {} {name}", change.action);
    let mut result = None;
    let req = Request::admin(&caller, code, command).always_ask(change.always_ask);
    let done = run_admin(ctx, &store, req, |tx, admin, _, now| {
        let (target, (detail, ended)) = change_user(tx, admin, &name, |tx, target| {
            let detail = f(target);
            let ended = if change.end_sessions {
                target.bump_epoch();
                tx.remove_sessions_of(&name, None)?
            } else {
                0
            };
            Ok((detail, ended))
        })?;
        let mut text = detail.clone();
        if change.end_sessions {
            text.push_str(&format!("; {}", sessions_ended(ended)));
        }
        tx.audit_event(
            &Event::new(
                now,
                &change.action.replace(' ', ".").replace('-', "_"),
                AuditOutcome::Ok,
            )
            .actor(&admin.name)
            .user(&name)
            .detail(text),
        )?;
        if change.action == "user reset-mfa" {
            super::notify::queue(tx, &target, now, crate::domain::notify::Kind::MethodsReset)?;
        }
        result = Some((detail, ended));
        Ok(())
    })?;
    let (detail, ended) = result.unwrap_or_default();
    Ok((name, detail, ended, done))
}

fn unlock(ctx: &mut Context, raw: &str, code: &CodeArgs) -> Result<Outcome> {
    let change = Change {
        action: "user unlock",
        not_on_yourself: None,
        always_ask: false,
        end_sessions: false,
    };
    let (name, detail, _, done) = admin_update(ctx, raw, code, change, |u| {
        let d = if u.throttle.locked {
            "was locked".to_string()
        } else {
            format!("{} failed attempts cleared", u.throttle.failures)
        };
        u.throttle.unlock();
        d
    })?;
    let out = Outcome::new()
        .field("user", &name)
        .line(format!("Unlocked {name} ({detail})."));
    Ok(verify::verified_fields(out, &done))
}

fn reset_mfa(ctx: &mut Context, raw: &str, code: &CodeArgs) -> Result<Outcome> {
    // On yourself it would remove your MFA without a code, which is exactly
    // what step-up exists to prevent (a stolen admin session).
    let change = Change {
        action: "user reset-mfa",
        not_on_yourself: Some(
            "disable your methods with `stepup method disable METHOD`, which asks for a code",
        ),
        always_ask: true,
        end_sessions: true,
    };
    let (name, detail, ended, done) = admin_update(ctx, raw, code, change, |u| {
        let methods: Vec<&str> = method_names(&u.mfa.enabled_methods());
        let d = format!(
            "removed methods: {}; {} recovery codes",
            if methods.is_empty() {
                "none".into()
            } else {
                methods.join(",")
            },
            u.mfa.recovery_remaining()
        );
        u.mfa.reset();
        d
    })?;
    let out = Outcome::new()
        .field("user", &name)
        .field("sessions_ended", ended)
        .line(format!(
            "Reset the MFA of {name} ({detail}; {}).",
            sessions_ended(ended)
        ));
    Ok(verify::verified_fields(out, &done))
}
