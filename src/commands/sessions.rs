//! `session list|revoke`: a user's sessions, seen and ended.

use super::verify::{self, Request, run_admin};
use super::{Access, Caller, Context, existing_user, user_name};
use crate::cli::session::{ListArgs, RevokeArgs, SessionCommand};
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::names::printable;
use crate::domain::secret::hex;
use crate::error::{Error, Result};
use crate::io::output::{Outcome, plural, table};
use crate::store::{Store, View};
use serde_json::json;

pub fn run(ctx: &mut Context, cmd: SessionCommand) -> Result<Outcome> {
    match cmd {
        SessionCommand::List(args) => list(ctx, &args),
        SessionCommand::Revoke(args) => revoke(ctx, &args),
    }
}

/// A session's ID as shown: the first 8 bytes of its storage key, in hex
/// (the key is a hash of the token, so the ID reveals nothing of it).
fn session_id(key: &[u8; 32]) -> String {
    hex(&key[..8])
}

/// The user whose sessions are meant: the caller's own, or (admins only)
/// the one `--user` names.
fn whose(store: &Store, caller: &Caller, user: Option<&str>) -> Result<String> {
    match user {
        None => Ok(caller.user.name.clone()),
        Some(raw) => {
            let name = user_name(raw)?;
            if name != caller.user.name && !caller.user.is_admin() {
                return Err(
                    Error::denied("only admins see or end other users' sessions")
                        .hint("see your own: stepup session list")
                        .into(),
                );
            }
            existing_user(&store.read()?, &name)?;
            Ok(name)
        }
    }
}

fn list(ctx: &mut Context, args: &ListArgs) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Member)?;
    let name = whose(&store, &caller, args.user.as_deref())?;
    let mine = caller.token.storage_key();
    let limits = ctx.limits.session;
    let now = ctx.now();
    let sessions = store.read()?.sessions_of(&name)?;
    let mut rows = Vec::new();
    let mut items = Vec::new();
    for (key, s) in &sessions {
        let current = *key == mine;
        let expires = match s.status(now, &limits) {
            crate::domain::session::Status::Active { expires_at } => Some(expires_at),
            _ => None,
        };
        items.push(json!({
            "id": session_id(key),
            "user": s.user,
            "created_at": s.created_at.rfc3339(),
            "last_used": s.last_used.rfc3339(),
            "expires_at": expires.map(|t| t.rfc3339()),
            "current": current,
        }));
        rows.push(vec![
            format!("{}{}", session_id(key), if current { " *" } else { "" }),
            s.created_at.to_string(),
            s.last_used.to_string(),
            expires.map_or("expired".into(), |t| t.to_string()),
        ]);
    }
    Ok(Outcome::new()
        .field("user", &name)
        .field("sessions", items)
        .line(table(&["ID", "CREATED", "LAST USED", "ENDS"], &rows).trim_end())
        .line(format!(
            "{} session{} of {name}{}",
            sessions.len(),
            plural(sessions.len()),
            if sessions.iter().any(|(k, _)| *k == mine) {
                " (* this one)"
            } else {
                ""
            }
        )))
}

fn revoke(ctx: &mut Context, args: &RevokeArgs) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Member)?;
    let name = whose(&store, &caller, args.user.as_deref())?;
    let mine = caller.token.storage_key();
    let sessions = store.read()?.sessions_of(&name)?;
    let doomed: Vec<[u8; 32]> = if args.all {
        sessions
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| *k != mine)
            .collect()
    } else {
        let id = args
            .id
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let found: Vec<[u8; 32]> = if id.len() >= 4 {
            sessions
                .iter()
                .map(|(k, _)| *k)
                .filter(|k| session_id(k).starts_with(&id))
                .collect()
        } else {
            Vec::new()
        };
        match found.as_slice() {
            [one] => vec![*one],
            [] => {
                return Err(Error::usage(format!(
                    "{name} has no session with the ID '{}'",
                    printable(&id)
                ))
                .hint(if name == caller.user.name {
                    "see the IDs with: stepup session list".to_string()
                } else {
                    format!("see the IDs with: stepup session list --user {name}")
                })
                .into());
            }
            _ => {
                return Err(Error::usage(format!(
                    "the ID '{}' matches several sessions",
                    printable(&id)
                ))
                .hint("give more of it")
                .into());
            }
        }
    };
    let now = ctx.now();
    let end = |tx: &mut crate::store::WriteTx,
               actor: &str,
               now: crate::domain::time::Timestamp|
     -> Result<usize> {
        let mut n = 0;
        for key in &doomed {
            if tx.remove_session(key)? {
                n += 1;
            }
        }
        tx.audit_event(
            &Event::new(now, "session.revoke", AuditOutcome::Ok)
                .actor(actor)
                .user(&name)
                .detail(format!("{n} session{} ended", plural(n))),
        )?;
        Ok(n)
    };
    let (ended, out) = if name == caller.user.name {
        // Ending one's own sessions is what a user does when in doubt: no
        // step-up stands in the way.
        let n = store.write(|tx| end(tx, &caller.user.name, now))?;
        (n, Outcome::new())
    } else {
        if !caller.user.is_admin() {
            return Err(Error::denied("only admins end other users' sessions").into());
        }
        let which = match &args.id {
            Some(id) if !args.all => id.as_str(),
            _ => "--all",
        };
        let command = format!("stepup session revoke {which} --user {name}");
        let req = Request::admin(&caller, &args.code, command);
        let done = run_admin(ctx, &store, req, |tx, admin, _, now| {
            end(tx, &admin.name, now)
        })?;
        let n = done.value;
        (n, verify::verified_fields(Outcome::new(), &done))
    };
    let this_one = doomed.contains(&mine);
    Ok(out
        .field("user", &name)
        .field("sessions_ended", ended)
        .line(match ended {
            0 => "No session to end.".to_string(),
            n => format!(
                "Ended {n} session{} of {name}{}.",
                plural(n),
                if this_one { ", this one included" } else { "" }
            ),
        }))
}
