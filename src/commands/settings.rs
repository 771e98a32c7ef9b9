//! `settings show|set` (admins): the limits that protect accounts, kept in
//! the workspace (see `domain::settings`).

use super::verify::{self, Request, run_admin};
use super::{Access, Context};
use crate::cli::settings::{SetArgs, SettingsCommand};
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::settings::{Key, Settings};
use crate::error::{Error, Result};
use crate::io::output::{Outcome, table};
use serde_json::{Map, Value};

pub fn run(ctx: &mut Context, cmd: SettingsCommand) -> Result<Outcome> {
    match cmd {
        SettingsCommand::Show => show(ctx),
        SettingsCommand::Set(args) => set(ctx, &args),
    }
}

fn describe(settings: &Settings) -> Outcome {
    let map: Map<String, Value> = settings
        .entries()
        .map(|(k, v)| (k.name.to_string(), Value::from(v)))
        .collect();
    let rows: Vec<Vec<String>> = settings
        .entries()
        .map(|(k, v)| {
            vec![
                k.name.to_string(),
                format!("{v} {}", k.unit),
                k.about.to_string(),
            ]
        })
        .collect();
    Outcome::new()
        .field("settings", map)
        .line(table(&["SETTING", "VALUE", "WHAT"], &rows).trim_end())
}

fn show(ctx: &mut Context) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    Ok(describe(&caller.workspace.settings))
}

fn set(ctx: &mut Context, args: &SetArgs) -> Result<Outcome> {
    let key = Key::find(args.key.trim()).map_err(|e| {
        Error::usage(e.to_string()).hint("see the settings and their units: stepup settings show")
    })?;
    let value = key
        .parse(&args.value)
        .map_err(|e| Error::usage(e.to_string()))?;
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    // Checked before a code is spent on it.
    caller
        .workspace
        .settings
        .with(key, value)
        .map_err(|e| Error::usage(e.to_string()))?;
    let command = format!("stepup settings set {} {value}", key.name);
    let req = Request::admin(&caller, &args.code, command).always_ask(true);
    let done = run_admin(ctx, &store, req, |tx, admin, ws, now| {
        let mut ws = ws.clone();
        let old = key.get(&ws.settings);
        ws.settings = ws
            .settings
            .with(key, value)
            .map_err(|e| Error::usage(e.to_string()))?;
        tx.put_workspace(&ws)?;
        tx.audit_event(
            &Event::new(now, "settings.set", AuditOutcome::Ok)
                .actor(&admin.name)
                .detail(format!("{} {old} -> {value}", key.name)),
        )?;
        Ok((ws.settings, old))
    })?;
    let (settings, old) = done.value;
    let out = describe(&settings)
        .field("key", key.name)
        .field("value", value)
        .field("previous", old)
        .line(format!(
            "{} is now {value} {} (was {old}).",
            key.name, key.unit
        ));
    Ok(verify::verified_fields(out, &done))
}
