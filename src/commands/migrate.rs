//! `migrate --to` (admins): moves the whole workspace to another database,
//! file or PostgreSQL, verifies the copy, and freezes the source.
//!
//! The copy is made inside the source's write transaction (the admin's
//! step-up): the source cannot change while it is read, and it is frozen
//! in that same transaction, once the target has committed and read back
//! equal. A failure anywhere before that leaves the source as it was and
//! live, and the target, built in one transaction, is not there.

use super::verify::{self, Request, run_admin};
use super::{Access, Context};
use crate::cli::other::MigrateArgs;
use crate::domain::account::{User, Workspace};
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::error::{Error, Result};
use crate::io::output::Outcome;
use crate::store::location::Given;
use crate::store::{Location, Store, View, WriteTx};
use std::io::{IsTerminal, Write};

/// Everything that moves: not sessions, not pending codes.
#[derive(serde::Serialize, PartialEq, Debug)]
struct Copy {
    workspace: Workspace,
    users: Vec<User>,
    audit: Vec<Event>,
}

impl Copy {
    fn of(tx: &WriteTx) -> Result<Copy> {
        let mut users = tx.users()?;
        for u in &mut users {
            // A code sent or an enrollment begun here is not carried over.
            u.mfa.pending_totp = None;
            u.mfa.challenge = None;
        }
        Ok(Copy {
            workspace: tx.workspace()?,
            users,
            audit: tx.audit(None, usize::MAX)?,
        })
    }

    fn read(view: &(impl View + ?Sized)) -> Result<Copy> {
        Ok(Copy {
            workspace: view.workspace()?,
            users: view.users()?,
            audit: view.audit(None, usize::MAX)?,
        })
    }

    /// SHA-256 over every record, in order.
    fn digest(&self) -> String {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        crate::domain::secret::hex(&crate::domain::secret::sha256(&[&bytes]))
    }
}

pub fn run(ctx: &mut Context, args: &MigrateArgs) -> Result<Outcome> {
    crate::system::require_root("migrate")?;
    let mut target = Location::parse(&args.to, Given::MigrateTarget)?;
    super::with_config_credentials(&mut target, &ctx.config)?;
    if target.identity() == ctx.location.identity() {
        return Err(Error::usage("--to names the workspace's own database")
            .hint("give another, empty database")
            .into());
    }
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let options = ctx.store_options(ctx.limits);
    let source = ctx.location.describe();
    let to = target.describe();
    let command = format!(
        "stepup migrate --to {}",
        crate::domain::names::printable(&args.to.to_string_lossy())
    );
    let progress = std::io::stderr().is_terminal() && !ctx.json;
    let req = Request::admin(&caller, &args.code, command).always_ask(true);
    let done = run_admin(ctx, &store, req, |tx, admin, _, now| {
        let mut copy = Copy::of(tx)?;
        copy.audit.push(
            Event::new(now, "migrate", AuditOutcome::Ok)
                .actor(&admin.name)
                .detail(format!("from {source}")),
        );
        // The acting admin's record as this transaction saves it.
        if let Some(u) = copy.users.iter_mut().find(|u| u.name == admin.name) {
            *u = admin.clone();
            u.mfa.pending_totp = None;
            u.mfa.challenge = None;
        }
        let total = copy.users.len();
        Store::create(&target, &options, |t| {
            t.put_workspace(&copy.workspace)?;
            for (i, u) in copy.users.iter().enumerate() {
                t.put_user(u)?;
                if progress && (i + 1) % 500 == 0 {
                    eprint!("\rcopying users: {}/{total}", i + 1);
                    let _ = std::io::stderr().flush();
                }
            }
            if progress && total >= 500 {
                eprintln!("\rcopying users: {total}/{total}");
            }
            for e in &copy.audit {
                t.audit_event(e)?;
            }
            Ok(())
        })?;
        crate::system::share_new_file(&target)?;
        // Read back and compare, record by record.
        let check = Store::open(&target, &options)?;
        let back = Copy::read(&check.read()?)?;
        drop(check);
        if back != copy {
            return Err(Error::failure(format!(
                "the copy in {to} does not read back equal to the workspace; the workspace here stays live"
            ))
            .hint(format!("remove what was written to {to} and try again"))
            .into());
        }
        tx.audit_event(
            &Event::new(now, "migrate", AuditOutcome::Ok)
                .actor(&admin.name)
                .detail(format!("to {to}")),
        )?;
        tx.freeze(&to)?;
        Ok((total, copy.audit.len(), copy.digest()))
    })?;
    let (users, events, digest) = done.value.clone();
    let out = Outcome::new()
        .field("from", &source)
        .field("to", &to)
        .field("users", users)
        .field("audit_events", events)
        .field("digest", &digest)
        .line(format!(
            "Moved the workspace to {to}: {users} user{}, {events} audit event{}, checked (digest {}).",
            if users == 1 { "" } else { "s" },
            if events == 1 { "" } else { "s" },
            &digest[..16]
        ))
        .line(format!(
            "{source} is frozen now. Point --db, STEPUP_DB or the config's [database] at {to}, and log in again."
        ));
    Ok(verify::verified_fields(out, &done))
}
