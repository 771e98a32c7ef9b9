//! `user add|list|show|remove|unlock|reset-mfa` (admins).

use super::{Access, Context, email_address, existing_user, user_name};
use crate::cli::user::{AddArgs, NameArg, UserCommand};
use crate::domain::account::User;
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::names::{Role, method_names};
use crate::domain::password;
use crate::error::{Error, Result};
use crate::io::output::{Outcome, list_or_none, plural, table};
use crate::store::View;
use serde_json::json;

pub fn run(ctx: &mut Context, cmd: UserCommand) -> Result<Outcome> {
    match cmd {
        UserCommand::Add(args) => add(ctx, &args),
        UserCommand::List => list(ctx),
        UserCommand::Show(NameArg { name }) => show(ctx, &name),
        UserCommand::Remove(NameArg { name }) => remove(ctx, &name),
        UserCommand::Unlock(NameArg { name }) => unlock(ctx, &name),
        UserCommand::ResetMfa(NameArg { name }) => reset_mfa(ctx, &name),
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
    let hash = password::hash(&pw, &ctx.config.argon2).map_err(Error::failure)?;
    drop(pw);
    let role = if args.admin {
        Role::Admin
    } else {
        Role::Member
    };
    let now = ctx.now();
    let user = User::new(&name, email, role, hash, now);
    store.write(|tx| {
        if !tx.insert_new_user(&user)? {
            return Err(exists(&name));
        }
        tx.audit_event(
            &Event::new(now, "user.add", AuditOutcome::Ok)
                .actor(&caller.user.name)
                .user(&name)
                .detail(format!("role {role}")),
        )
    })?;
    Ok(Outcome::new()
        .field("user", &name)
        .field("role", role.as_str())
        .field("email", &user.email)
        .line(format!("Added {role} {name}.")))
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
                "locked (stepup user unlock)".to_string()
            } else {
                format!("{} consecutive failed attempts", u.throttle.failures)
            }
        ))
        .line(format!("created:          {}", u.created_at)))
}

fn remove(ctx: &mut Context, raw: &str) -> Result<Outcome> {
    let name = user_name(raw)?;
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let now = ctx.now();
    let ended = store.write(|tx| {
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
        tx.remove_user(&name)?;
        let ended = tx.remove_sessions_of(&name, None)?;
        tx.audit_event(
            &Event::new(now, "user.remove", AuditOutcome::Ok)
                .actor(&caller.user.name)
                .user(&name)
                .detail(format!("{ended} sessions ended")),
        )?;
        Ok(ended)
    })?;
    Ok(Outcome::new()
        .field("user", &name)
        .field("sessions_ended", ended)
        .line(format!("Removed {name} ({ended} sessions ended).")))
}

/// Changes one user's record (admin action) and audits it.
fn admin_update(
    ctx: &mut Context,
    raw: &str,
    action: &str,
    not_on_yourself: Option<&str>,
    f: impl Fn(&mut User) -> String,
) -> Result<(String, String)> {
    let name = user_name(raw)?;
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    if let Some(instead) = not_on_yourself
        && caller.user.name == name
    {
        return Err(
            Error::denied(format!("admins cannot run {action} on themselves"))
                .hint(instead.to_string())
                .into(),
        );
    }
    let now = ctx.now();
    let detail = store.write(|tx| {
        let mut user = existing_user(tx, &name)?;
        let detail = f(&mut user);
        tx.put_user(&user)?;
        tx.audit_event(
            &Event::new(
                now,
                &action.replace(' ', ".").replace('-', "_"),
                AuditOutcome::Ok,
            )
            .actor(&caller.user.name)
            .user(&name)
            .detail(detail.clone()),
        )?;
        Ok(detail)
    })?;
    Ok((name, detail))
}

fn unlock(ctx: &mut Context, raw: &str) -> Result<Outcome> {
    let (name, detail) = admin_update(ctx, raw, "user unlock", None, |u| {
        let d = if u.throttle.locked {
            "was locked".to_string()
        } else {
            format!("{} failed attempts cleared", u.throttle.failures)
        };
        u.throttle.unlock();
        d
    })?;
    Ok(Outcome::new()
        .field("user", &name)
        .line(format!("Unlocked {name} ({detail}).")))
}

fn reset_mfa(ctx: &mut Context, raw: &str) -> Result<Outcome> {
    // On yourself it would remove your MFA without a code, which is exactly
    // what step-up exists to prevent (a stolen admin session).
    let instead = "disable your methods with `stepup method disable`, which asks for a code";
    let (name, detail) = admin_update(ctx, raw, "user reset-mfa", Some(instead), |u| {
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
    Ok(Outcome::new()
        .field("user", &name)
        .line(format!("Reset the MFA of {name} ({detail}).")))
}
