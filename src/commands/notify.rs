//! Notifications by mail (`[notify] enabled`, on by default when email is
//! configured). A notice is queued in the outbox by the transaction of the
//! change it is about ([`queue`]); after the command has replied, a
//! detached `stepup flush-notices` sends what is queued ([`after_reply`]),
//! so no reply waits for a mail server. A login attempt that locks starts
//! the sender whether the name is a user or not, so that "account locked"
//! makes a real name answer neither slower nor differently than an unknown
//! one. A notice that cannot be sent never undoes the change; the sender
//! audits it (`notify.*`, outcome `failed`).

use super::Context;
use crate::domain::account::User;
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::names::mask_email;
use crate::domain::notify::{Kind, Notice};
use crate::domain::time::Timestamp;
use crate::error::Result;
use crate::io::output::Outcome;
use crate::store::WriteTx;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether notices are wanted: `[notify] enabled` and email configured.
static ENABLED: AtomicBool = AtomicBool::new(false);
/// Whether the sender is started after the reply.
static START_SENDER: AtomicBool = AtomicBool::new(false);

/// Takes the config's word on notices (every context does, once).
pub fn configure(config: &crate::config::Config) {
    ENABLED.store(config.notify && config.email.is_some(), Ordering::Relaxed);
}

/// Queues a notice to `user` in this transaction (when notices are on and
/// it has somewhere to go).
pub fn queue(tx: &mut WriteTx, user: &User, now: Timestamp, kind: Kind) -> Result<()> {
    if !ENABLED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let notice = Notice::new(&user.name, now, kind);
    if notice.recipient(user.email.as_deref()).is_none() {
        return Ok(());
    }
    tx.push_notice(&notice)?;
    START_SENDER.store(true, Ordering::Relaxed);
    Ok(())
}

/// The notice of an address change, to the old address.
pub fn address_changed(old: &str, new: Option<&str>, pending: bool) -> Kind {
    Kind::AddressChanged {
        old: old.to_string(),
        new_masked: new.map(mask_email).unwrap_or_default(),
        pending,
    }
}

/// A login attempt locked a name, a user's or not: the sender starts after
/// the reply either way (for an unknown name it finds nothing to send).
pub fn lock_happened() {
    if ENABLED.load(Ordering::Relaxed) {
        START_SENDER.store(true, Ordering::Relaxed);
    }
}

/// Whether the sender was asked for (and no longer is).
pub fn take_started() -> bool {
    START_SENDER.swap(false, Ordering::Relaxed)
}

/// After the reply: starts a detached `stepup flush-notices` when this
/// command queued a notice (or locked a name). It runs with the same
/// `--db`/`--config` and no terminal; nothing waits for it.
pub fn after_reply(global: &crate::cli::GlobalArgs) {
    if !take_started() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(exe);
    if let Some(db) = &global.db {
        cmd.arg("--db").arg(db);
    }
    if let Some(config) = &global.config {
        cmd.arg("--config").arg(config);
    }
    cmd.arg("--no-input")
        .arg("flush-notices")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0);
    // Not started (no processes left): the notices stay queued, and the
    // next sender sends them.
    let _ = cmd.spawn();
}

/// `stepup flush-notices`: sends every queued notice and audits each
/// (`ok` or `failed`). Also what the PAM module runs after its answer.
pub fn flush(ctx: &mut Context) -> Result<Outcome> {
    let store = ctx.open()?;
    // Taken out in one transaction: two senders never send one twice.
    let notices = store.write(|tx| tx.take_notices())?;
    if notices.is_empty() {
        return Ok(Outcome::new().field("sent", 0).field("failed", 0));
    }
    let mut events = Vec::new();
    let (mut sent, mut failed) = (0u64, 0u64);
    for n in &notices {
        let current = store.read()?.user(&n.user)?;
        let address = n.recipient(current.as_ref().and_then(|u| u.email.as_deref()));
        let (Some(cfg), Some(to)) = (ctx.config.email.as_ref(), address) else {
            continue;
        };
        let what = n.what(&ctx.config.issuer);
        let mail = crate::io::mail::Notice {
            issuer: &ctx.config.issuer,
            to,
            user: &n.user,
            subject: n.subject(),
            what: &what,
        };
        let (outcome, detail) = match crate::io::mail::send_notice(cfg, &mail) {
            Ok(()) => {
                sent += 1;
                (AuditOutcome::Ok, format!("to {}", mask_email(to)))
            }
            Err(e) => {
                failed += 1;
                (
                    AuditOutcome::Failed,
                    format!(
                        "to {}: {}",
                        mask_email(to),
                        crate::domain::names::printable(&e.to_string())
                    ),
                )
            }
        };
        events.push(
            Event::new(ctx.now(), n.action(), outcome)
                .user(&n.user)
                .detail(detail),
        );
    }
    store.write(|tx| {
        for e in &events {
            tx.audit_event(e)?;
        }
        Ok(())
    })?;
    Ok(Outcome::new()
        .field("sent", sent)
        .field("failed", failed)
        .line(format!("sent {sent} notices, {failed} failed")))
}
