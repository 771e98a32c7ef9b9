//! `audit`, `stats` and `compact` (admins): the event log and the database's size.

use super::{Access, Context, user_name};
use crate::cli::other::AuditArgs;
use crate::error::{Error, Result};
use crate::io::output::{Outcome, table};
use crate::store::View;
use serde_json::json;

pub fn run(ctx: &mut Context, args: &AuditArgs) -> Result<Outcome> {
    let filter = args.user.as_deref().map(user_name).transpose()?;
    let store = ctx.open()?;
    ctx.caller(&store, Access::Admin)?;
    let events = store
        .read()?
        .audit(filter.as_deref(), args.limit as usize)?;
    let dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            vec![
                e.at.rfc3339(),
                dash(&e.actor),
                dash(&e.user),
                e.action.clone(),
                dash(&e.method),
                e.outcome.as_str().into(),
                dash(&e.detail),
            ]
        })
        .collect();
    let json_events: Vec<serde_json::Value> = events
        .iter()
        .map(|e| {
            json!({
                "time": e.at.rfc3339(),
                "actor": e.actor,
                "user": e.user,
                "action": e.action,
                "method": e.method,
                "outcome": e.outcome.as_str(),
                "detail": e.detail,
            })
        })
        .collect();
    Ok(Outcome::new()
        .field("count", events.len())
        .field("events", json_events)
        .line(
            table(
                &[
                    "TIME", "ACTOR", "USER", "ACTION", "METHOD", "OUTCOME", "DETAIL",
                ],
                &rows,
            )
            .trim_end(),
        ))
}

/// `audit verify`: the chain, whole or where it breaks.
pub fn verify(ctx: &mut Context) -> Result<Outcome> {
    use crate::domain::chain::{self, Verdict};
    let store = ctx.open()?;
    ctx.caller(&store, Access::Admin)?;
    let (events, key, sealed, index) = {
        let tx = store.read()?;
        (
            tx.audit_chain()?,
            tx.chain_key(),
            tx.sealed_with(),
            tx.audit_index_problem()?,
        )
    };

    let verdict = chain::verify(&key, events.iter().map(|(e, l)| (e, l.as_ref())));
    let keyed = sealed.is_some();
    let caveat = "the chain is unkeyed (no secrets key): it detects accidents and careless edits, not an attacker who recomputes it";
    match verdict {
        Verdict::Whole { .. } if index.is_some() => Err(Error::failure(format!(
            "the database was tampered with: {}",
            index.unwrap_or_default()
        ))
        .hint("the log's chain itself is whole; `stepup audit` (without --user) shows every event; remove what stepup did not make, or restore a backup you trust")
        .into()),
        Verdict::Whole { events, last } => {
            let (n, mac) = last.map_or((0, String::new()), |l| {
                (l.n, crate::domain::secret::hex(&l.mac))
            });
            let mut out = Outcome::new()
                .field("whole", true)
                .field("events", events)
                .field("last_number", n)
                .field(
                    "last_mac",
                    if last.is_some() {
                        serde_json::Value::from(mac.clone())
                    } else {
                        serde_json::Value::Null
                    },
                )
                .field("keyed", keyed)
                .field("key_id", sealed.map(|k| k.to_string()));
            out = if last.is_some() {
                out.line(format!(
                    "The audit chain is whole: {events} events. The last is number {n}, MAC {mac}."
                ))
                .line("Keep that number and MAC elsewhere: events cut off the end leave a shorter chain that is still whole.")
            } else {
                out.line("The audit log is empty.")
            };
            Ok(if keyed {
                out
            } else {
                out.note(format!("note: {caveat}"))
            })
        }
        Verdict::Broken { position, why } => Err(Error::failure(format!(
            "the audit log was tampered with: {why} (the {position}{} event stored)",
            ordinal(position)
        ))
        .hint("events before it are as written; compare the rest with a copy kept elsewhere")
        .into()),
    }
}

fn ordinal(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    }
}

pub fn stats(ctx: &mut Context) -> Result<Outcome> {
    let store = ctx.open()?;
    ctx.caller(&store, Access::Admin)?;
    let file_bytes = store.size_on_disk()?;
    let sizes = store.table_sizes()?;
    let users = sizes
        .iter()
        .find(|s| s.table == "users")
        .map_or(0, |s| s.entries);
    let rows: Vec<Vec<String>> = sizes
        .iter()
        .map(|s| {
            vec![
                s.table.to_string(),
                s.entries.to_string(),
                s.stored_bytes.to_string(),
                s.metadata_bytes.to_string(),
                s.fragmented_bytes.to_string(),
            ]
        })
        .collect();
    let per_user = file_bytes.checked_div(users).unwrap_or(0);
    Ok(Outcome::new()
        .field("file_bytes", file_bytes)
        .field("users", users)
        .field("file_bytes_per_user", per_user)
        .field("tables", &sizes)
        .line(format!(
            "file: {file_bytes} bytes, {users} users ({per_user} bytes per user)"
        ))
        .line(
            table(
                &["TABLE", "ENTRIES", "STORED", "METADATA", "FRAGMENTED"],
                &rows,
            )
            .trim_end(),
        ))
}

pub fn compact(ctx: &mut Context) -> Result<Outcome> {
    crate::system::require_root("compact")?;
    let mut store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let before = store.size_on_disk()?;
    store.compact()?;
    // Audited once compacted, so a compaction that failed is not logged as
    // one; the audit write takes fresh pages (redb never overwrites live
    // ones), so compact once more and measure last: the size reported is
    // the size left.
    let now = ctx.now();
    store.write(|tx| {
        tx.audit_event(
            &crate::domain::audit::Event::new(now, "compact", crate::domain::audit::Outcome::Ok)
                .actor(&caller.user.name)
                .detail(format!("{before} bytes before")),
        )
    })?;
    store.compact()?;
    let place = ctx.location.describe();
    let after = store.close_and_measure()?;
    Ok(Outcome::new()
        .field("bytes_before", before)
        .field("bytes_after", after)
        .line(format!("Compacted {place}: {before} bytes, now {after}.")))
}
