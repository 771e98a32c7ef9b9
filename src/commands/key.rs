//! `key init|rotate|remove` (admins): seal the workspace with a key kept
//! outside it, seal it again with a new one, or unseal it. Each is one
//! transaction (see `Writes::reseal`), always asks for a code and is
//! audited with the key ids (never a key).

use super::verify::{Request, run_admin};
use super::{Access, Context};
use crate::cli::key::KeyCommand;
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::seal::SealKey;
use crate::error::{Error, Result};
use crate::io::output::Outcome;
use crate::io::paths::{self, Existing};
use std::path::Path;
use std::sync::Arc;

pub fn run(ctx: &mut Context, cmd: KeyCommand) -> Result<Outcome> {
    let (verb, to_file, code) = match &cmd {
        KeyCommand::Init(a) => ("init", Some(a.path.as_path()), &a.code),
        KeyCommand::Rotate(a) => ("rotate", Some(a.new_key_file.as_path()), &a.code),
        KeyCommand::Remove(a) => ("remove", None, &a.code),
    };
    crate::system::require_root(&format!("key {verb}"))?;
    // The key commands open the workspace as it is sealed now.
    ctx.as_marked = true;
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let current = store.read()?.sealed_with();
    match (verb, current) {
        ("init", Some(id)) => {
            return Err(
                Error::failure(format!("the workspace is sealed already (key {id})"))
                    .hint("seal it with another key: stepup key rotate --new-key-file PATH")
                    .into(),
            );
        }
        ("rotate" | "remove", None) => {
            return Err(Error::failure("the workspace is not sealed")
                .hint("seal it first: stepup key init PATH")
                .into());
        }
        _ => {}
    }
    // An existing key file is checked now, before a code is spent on it;
    // a new one is made only once the code is accepted.
    let existing = to_file
        .map(|p| super::read_key_file(p, crate::system::mode().is_some()))
        .transpose()?
        .flatten();
    if let (Some(new), Some(old)) = (&existing, current)
        && new.id() == old
    {
        return Err(Error::usage(format!(
            "{} holds the key the workspace is sealed with already ({old})",
            to_file.map(Path::display).expect("rotate has a file")
        ))
        .hint(
            "give a new path, where a new key is made: `stepup key rotate --new-key-file NEW_PATH`",
        )
        .into());
    }
    let command = match &cmd {
        KeyCommand::Init(a) => format!("stepup key init {}", shell_path(&a.path)),
        KeyCommand::Rotate(a) => {
            format!(
                "stepup key rotate --new-key-file {}",
                shell_path(&a.new_key_file)
            )
        }
        KeyCommand::Remove(_) => "stepup key remove".to_string(),
    };
    let req = Request::admin(&caller, code, command).always_ask(true);
    let rng = Arc::clone(&ctx.rng);
    let done = run_admin(ctx, &store, req, |tx, admin, _, now| {
        let (to, made) = match (to_file, existing) {
            (None, _) => (None, false),
            (Some(_), Some(k)) => (Some(Arc::new(k)), false),
            (Some(path), None) => {
                let key = SealKey::generate(rng.as_ref()).map_err(Error::from)?;
                write_key(path, &key)?;
                (Some(Arc::new(key)), true)
            }
        };
        let id = to.as_ref().map(|k| k.id());
        let counts = tx.reseal(to)?;
        let detail = match (current, id) {
            (None, Some(new)) => format!("sealed with key {new}"),
            (Some(old), Some(new)) => format!("sealed again: key {old} -> {new}"),
            (Some(old), None) => format!("unsealed (was key {old})"),
            (None, None) => "nothing to do".to_string(),
        };
        tx.audit_event(
            &Event::new(now, &format!("key.{verb}"), AuditOutcome::Ok)
                .actor(&admin.name)
                .detail(format!(
                    "{detail}: {} users, {} secrets, {} events chained anew",
                    counts.users, counts.secrets, counts.events
                )),
        )?;
        Ok((id, counts, made))
    })?;
    let (id, counts, made) = done.value;
    let mut out = Outcome::new()
        .field("sealed", id.is_some())
        .field("key_id", id.map(|k| k.to_string()))
        .field("previous_key_id", current.map(|k| k.to_string()))
        .field("users", counts.users)
        .field("secrets", counts.secrets)
        .field("sessions", counts.sessions)
        .field("events", counts.events)
        .field("verified_with", done.verified_with());
    if let (Some(path), true) = (to_file, made) {
        out = out.line(format!("wrote a new key to {}", path.display()));
    }
    out = out.line(match id {
        Some(k) => format!(
            "sealed {} secrets of {} users with key {k}; the audit chain ({} events) is keyed with it",
            counts.secrets, counts.users, counts.events
        ),
        None => format!(
            "unsealed {} secrets of {} users; the audit chain ({} events) is unkeyed",
            counts.secrets, counts.users, counts.events
        ),
    });
    let config = ctx
        .config
        .source
        .as_ref()
        .map_or("the config".to_string(), |p| p.display().to_string());
    match (to_file, &ctx.config.key_file) {
        (Some(path), named) if named.as_deref() != Some(path) => {
            out = out.note(format!(
                "now set [secrets] key_file = \"{}\" in {config} (on every host): until then commands fail closed",
                path.display()
            ));
        }
        (None, Some(_)) => {
            out = out.note(format!(
                "now remove [secrets] from {config} (on every host): until then commands fail closed"
            ));
        }
        _ => {}
    }
    Ok(out
        .note("the audit chain's last MAC changed: keep the new one (stepup audit verify) where you kept the old"))
}

/// Writes a new key file: 0600 through the one helper for secret files,
/// then in system mode given to the privileged group (0640 root:stepup),
/// so members' stepup can read it and nobody else.
fn write_key(path: &Path, key: &SealKey) -> Result<()> {
    paths::write_private(path, &key.file_bytes(), Existing::Keep).map_err(|e| {
        if paths::is_already_exists(&e) {
            Error::failure(format!(
                "{} appeared meanwhile; nothing was changed",
                path.display()
            ))
            .into()
        } else {
            e
        }
    })?;
    if let Some(ids) = crate::system::mode() {
        use std::os::unix::fs::PermissionsExt;
        rustix::fs::chown(
            path,
            Some(rustix::process::Uid::ROOT),
            Some(rustix::process::Gid::from_raw(ids.privileged_gid)),
        )
        .map_err(|e| Error::failure(format!("cannot give {} to the group: {e}", path.display())))?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o640)).map_err(|e| {
            Error::failure(format!("cannot set the mode of {}: {e}", path.display()))
        })?;
    }
    Ok(())
}

/// A path as the "next" hint prints it.
fn shell_path(path: &Path) -> String {
    crate::domain::names::printable(&path.display().to_string())
}
