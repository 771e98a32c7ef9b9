//! `audit` (admins): the event log.

use super::{Access, Context, user_name};
use crate::cli::other::AuditArgs;
use crate::error::Result;
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
