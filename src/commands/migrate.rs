//! `migrate --to` (admins): moves the whole workspace to another database,
//! file or PostgreSQL, verifies the copy, and freezes the source.
//!
//! The copy is made inside the source's write transaction (the admin's
//! step-up): the source cannot change while it is read. The target is
//! written in one transaction, marked as an unfinished copy of the source
//! ([`Migration::ArrivingFrom`]: no command uses it), read back and
//! compared; then the source is frozen in its transaction, and once that
//! has committed the target's mark is cleared. So at no moment are both
//! live: a failure before the source's commit removes the copy (the
//! source stays live), one after it leaves the copy marked until the same
//! command, run again, finishes it.

use super::verify::{self, Request, run_admin};
use super::{Access, Context};
use crate::cli::other::MigrateArgs;
use crate::domain::account::{User, Workspace};
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::error::{Error, Result};
use crate::io::output::Outcome;
use crate::store::location::Given;
use crate::store::{Location, Migration, Options, Store, View, WriteTx};
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
    let source = ctx.location.describe();
    let to = target.describe();
    let store = match ctx.open() {
        Ok(store) => store,
        // A move that froze the source and could not clear the target's
        // mark is finished by the same command.
        Err(e) => return finish_earlier(ctx, &target, &source, &to).unwrap_or(Err(e)),
    };
    let caller = ctx.caller(&store, Access::Admin)?;
    let options = ctx.store_options(ctx.limits);
    let migrating = options.in_migration();
    let command = format!(
        "stepup migrate --to {}",
        crate::domain::names::printable(&args.to.to_string_lossy())
    );
    let progress = std::io::stderr().is_terminal() && !ctx.json;
    let req = Request::admin(&caller, &args.code, command).always_ask(true);
    let created = std::cell::Cell::new(false);
    let done = run_admin(ctx, &store, req, |tx, admin, _, now| {
        // What an earlier attempt from here left unfinished goes first.
        if let Ok(left) = Store::open(&target, &migrating)
            && left.migration() == Some(&Migration::ArrivingFrom(source.clone()))
        {
            drop(left);
            Store::discard_arrival(&target, &options, &source)?;
        }
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
            t.set_arriving(Some(&source))?;
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
        created.set(true);
        crate::system::share_new_file(&target)?;
        // Read back and compare, record by record.
        let check = Store::open(&target, &migrating)?;
        let marked = check.migration() == Some(&Migration::ArrivingFrom(source.clone()));
        let back = Copy::read(&check.read()?)?;
        drop(check);
        if !marked || back != copy {
            return Err(Error::failure(format!(
                "the copy in {to} does not read back equal to the workspace"
            ))
            .into());
        }
        tx.audit_event(
            &Event::new(now, "migrate", AuditOutcome::Ok)
                .actor(&admin.name)
                .detail(format!("to {to}")),
        )?;
        tx.freeze(&to)?;
        Ok((total, copy.audit.len(), copy.digest()))
    });
    // (The source is asked again, on a handle of its own.)
    drop(store);
    let done = match done {
        Ok(done) => done,
        Err(e) if created.get() => return Err(settle(ctx, &target, &source, &to, e)),
        Err(e) => return Err(e),
    };
    finish(&target, &options, &source).map_err(|e| unfinished(e, &source, &to))?;
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

/// Clears the target's mark: the copy of `source` is the workspace now.
fn finish(target: &Location, options: &Options, source: &str) -> Result<()> {
    let options = options.in_migration();
    let store = Store::open(target, &options)?;
    if store.migration() != Some(&Migration::ArrivingFrom(source.to_string())) {
        return Err(Error::failure(format!(
            "{} is not the unfinished copy of this workspace",
            target.describe()
        ))
        .into());
    }
    store.write(|t| t.set_arriving(None))
}

/// The error of a move whose source is frozen and whose target's mark
/// could not be cleared.
fn unfinished(e: anyhow::Error, source: &str, to: &str) -> anyhow::Error {
    Error::failure(format!(
        "the workspace was copied to {to} and {source} is frozen, but the copy could not be made the workspace: {e:#}"
    ))
    .hint(format!(
        "no code can be spent in either place meanwhile; run `stepup migrate --to {to}` again, as root, with the same database (no code is asked for), to finish"
    ))
    .into()
}

/// After a failed move that wrote its copy: removes the copy if the source
/// is still live, finishes the move if the source is frozen after all,
/// and says truthfully which.
fn settle(
    ctx: &Context,
    target: &Location,
    source: &str,
    to: &str,
    e: anyhow::Error,
) -> anyhow::Error {
    let options = ctx.store_options(ctx.limits);
    let probe = Store::open(&ctx.location, &options.in_migration()).map(|s| s.migration().cloned());
    let again = format!("run `stepup migrate --to {to}` again, as root, with the same database");
    match probe {
        Ok(Some(Migration::MovedTo(there))) if there == to => {
            match finish(target, &options, source) {
                Ok(()) => Error::amend(
                    e,
                    &format!(
                        "the move itself was made: {source} is frozen and {to} is the workspace"
                    ),
                    format!(
                        "point --db, STEPUP_DB or the config's [database] at {to}, and log in again"
                    ),
                ),
                Err(f) => unfinished(f, source, to),
            }
        }
        Ok(None) => match Store::discard_arrival(target, &options, source) {
            Ok(()) => Error::amend(
                e,
                &format!(
                    "the copy in {to} was removed, and the workspace in {source} stays live as it was"
                ),
                "fix what failed, then try again",
            ),
            Err(d) => Error::amend(
                e,
                &format!(
                    "the workspace in {source} stays live, and the copy in {to} could not be removed ({d:#}): it is marked unfinished, and no command uses it"
                ),
                format!("{again}: it removes that copy and moves the workspace anew"),
            ),
        },
        Ok(Some(_)) | Err(_) => Error::amend(
            e,
            &format!(
                "whether {source} was frozen cannot be told now; the copy in {to} is marked unfinished, and no command uses it"
            ),
            format!(
                "once {source} can be reached, {again}: it finishes the move, or removes the copy and moves anew"
            ),
        ),
    }
}

/// `migrate` on a source it froze, whose target is still marked: clears
/// the mark (the copy was checked before the source was frozen). None
/// when that is not the case here.
fn finish_earlier(
    ctx: &Context,
    target: &Location,
    source: &str,
    to: &str,
) -> Option<Result<Outcome>> {
    let options = ctx.store_options(ctx.limits);
    let probe = Store::open(&ctx.location, &options.in_migration()).ok()?;
    if probe.migration() != Some(&Migration::MovedTo(to.to_string())) {
        return None;
    }
    drop(probe);
    let arriving = Store::open(target, &options.in_migration())
        .ok()?
        .migration()
        .cloned();
    if arriving != Some(Migration::ArrivingFrom(source.to_string())) {
        return None;
    }
    Some(
        finish(target, &options, source)
            .map_err(|e| unfinished(e, source, to))
            .map(|()| {
                Outcome::new()
                    .field("from", source)
                    .field("to", to)
                    .field("finished", true)
                    .line(format!(
                        "Finished the move of the workspace to {to}: {source} was frozen, and {to} is the workspace now."
                    ))
                    .line(format!(
                        "Point --db, STEPUP_DB or the config's [database] at {to}, and log in again."
                    ))
            }),
    )
}
