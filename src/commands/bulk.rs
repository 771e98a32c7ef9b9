//! `user import` and `user export` (admins): many users at once.

use super::verify::{Request, run_admin};
use super::{Access, Context};
use crate::cli::user::{ExportArgs, FormatArg, ImportArgs};
use crate::domain::account::User;
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::names::{Role, canonical_user_name, check_email, printable};
use crate::domain::password::{self, Password};
use crate::error::{Error, Result};
use crate::io::output::{Outcome, plural};
use crate::io::userfile::{self, Fields, Format};
use crate::store::View;
use std::collections::HashSet;
use std::io::{IsTerminal, Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// A checked record, ready to be stored once its password is hashed.
struct Ready {
    line: usize,
    name: String,
    email: Option<String>,
    role: Role,
    secret: Secret,
}

enum Secret {
    Password(Zeroizing<String>),
    Hash(String),
}

fn format_of(arg: Option<FormatArg>, path: &std::path::Path, text: &str) -> Format {
    match arg {
        Some(FormatArg::Jsonl) => Format::Jsonl,
        Some(FormatArg::Csv) => Format::Csv,
        None => match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "ndjson") => Format::Jsonl,
            Some("csv") => Format::Csv,
            _ => userfile::sniff(text),
        },
    }
}

fn read_input(path: &std::path::Path) -> Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::usage(format!("cannot read standard input: {e}")))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| {
            Error::usage(format!("cannot read {}: {e}", path.display()))
                .hint("give the path of a JSON Lines or CSV file, or - for standard input")
        })?;
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::usage(format!(
            "the input is not valid UTF-8 (at byte {})",
            e.utf8_error().valid_up_to()
        ))
        .into()
    })
}

/// Checks one record's values.
fn check(fields: &Fields) -> std::result::Result<(String, Option<String>, Role, Secret), String> {
    let raw_name = fields.name.as_deref().ok_or("no name")?;
    let name = canonical_user_name(raw_name).map_err(|e| e.to_string())?;
    let email = fields
        .email
        .as_deref()
        .map(check_email)
        .transpose()
        .map_err(|e| e.to_string())?;
    let role = match fields.role.as_deref().map(str::trim) {
        None | Some("member") => Role::Member,
        Some("admin") => Role::Admin,
        Some(other) => {
            return Err(format!(
                "role '{}' is not member or admin",
                printable(other)
            ));
        }
    };
    let secret = match (&fields.password, &fields.password_hash) {
        (Some(_), Some(_)) => return Err("give password or password_hash, not both".into()),
        (None, None) => return Err("no password or password_hash".into()),
        (Some(pw), None) => {
            Password::new(pw)
                .check_new(&name)
                .map_err(|r| format!("password refused: {r}"))?;
            Secret::Password(Zeroizing::new(pw.clone()))
        }
        (None, Some(hash)) => {
            password::check_imported_phc(hash).map_err(|e| e.to_string())?;
            Secret::Hash(hash.clone())
        }
    };
    Ok((name, email, role, secret))
}

pub fn import(ctx: &mut Context, args: &ImportArgs) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let started = Instant::now();
    let text = Zeroizing::new(read_input(&args.file)?);
    let format = format_of(args.format, &args.file, &text);
    let lines =
        userfile::parse(&text, format).map_err(|e| Error::usage(format!("cannot import: {e}")))?;
    drop(text);

    // 1. Check every line: values, duplicates in the file, existing users.
    let mut errors: Vec<(usize, String)> = Vec::new();
    let mut ready: Vec<Ready> = Vec::with_capacity(lines.len());
    let mut seen = HashSet::new();
    {
        for (line, fields) in lines {
            let checked = fields.and_then(|f| check(&f));
            match checked {
                Err(e) => errors.push((line, e)),
                Ok((name, email, role, secret)) => {
                    if !seen.insert(name.clone()) {
                        errors.push((line, format!("{name} appears earlier in the file")));
                    } else {
                        ready.push(Ready {
                            line,
                            name,
                            email,
                            role,
                            secret,
                        });
                    }
                }
            }
        }
        // The names already taken, asked once.
        let names: Vec<String> = ready.iter().map(|r| r.name.clone()).collect();
        let taken = store.read()?.taken(&names)?;
        ready.retain(|r| {
            let free = !taken.contains(&r.name);
            if !free {
                errors.push((r.line, format!("a user named {} already exists", r.name)));
            }
            free
        });
    }
    errors.sort();
    if !errors.is_empty() && !args.skip_invalid {
        let shown: Vec<String> = errors
            .iter()
            .take(10)
            .map(|(l, e)| format!("  line {l}: {e}"))
            .collect();
        let more = errors.len().saturating_sub(shown.len());
        return Err(Error::usage(format!(
            "{} line{} cannot be imported, so nothing was imported:\n{}{}",
            errors.len(),
            plural(errors.len()),
            shown.join("\n"),
            if more > 0 {
                format!("\n  … and {more} more")
            } else {
                String::new()
            }
        ))
        .hint("fix those lines, or pass --skip-invalid to import the others")
        .into());
    }

    // 2. Hash the passwords on every core.
    let hashed = hash_all(&mut ready, &ctx.limits.argon2, &*ctx.rng)?;

    // 3. Store them all in one transaction.
    let imported = ready.len();
    let from_hashes = imported - hashed;
    // A file that makes admins grants admin: that never rides on freshness.
    let grants_admin = ready.iter().any(|r| r.role == Role::Admin);
    let command = format!("stepup user import {}", args.file.display());
    let req = Request::admin(&caller, &args.code, command).always_ask(grants_admin);
    let done = run_admin(ctx, &store, req, |tx, admin, _, now| {
        let actor = admin.name.clone();
        let mut users = Vec::with_capacity(ready.len());
        for r in &ready {
            let Secret::Hash(hash) = &r.secret else {
                return Err(Error::failure("a password was left unhashed").into());
            };
            users.push(User::new(
                &r.name,
                r.email.clone(),
                r.role,
                hash.clone(),
                now,
            ));
        }
        let taken: std::collections::HashSet<String> =
            tx.insert_new_users(&users)?.into_iter().collect();
        let late: Vec<(usize, String)> = ready
            .iter()
            .filter(|r| taken.contains(&r.name))
            .map(|r| {
                (
                    r.line,
                    format!("a user named {} was added meanwhile", r.name),
                )
            })
            .collect();
        if !late.is_empty() && !args.skip_invalid {
            return Err(Error::denied(format!(
                "{} users were added by someone else during the import; nothing was imported",
                late.len()
            ))
            .hint("run the import again")
            .into());
        }
        tx.audit_event(
            &Event::new(now, "user.import", AuditOutcome::Ok)
                .actor(&actor)
                .detail(format!(
                    "{} users ({} from password hashes), {} lines skipped",
                    imported - late.len(),
                    from_hashes,
                    errors.len() + late.len()
                )),
        )?;
        Ok(late)
    })?;
    let late = done.value;
    errors.extend(late.iter().cloned());
    errors.sort();
    let stored = imported - late.len();
    let secs = started.elapsed().as_secs_f64();
    let mut out = Outcome::new()
        .field("imported", stored)
        .field("hashed", hashed)
        .field("from_hashes", from_hashes)
        .field(
            "skipped",
            errors
                .iter()
                .map(|(l, e)| serde_json::json!({"line": l, "error": e}))
                .collect::<Vec<_>>(),
        )
        .field("seconds", (secs * 1000.0).round() / 1000.0)
        .line(format!(
            "Imported {stored} user{} ({hashed} passwords hashed, {from_hashes} password hashes kept) in {secs:.2} s.",
            plural(stored)
        ));
    if !errors.is_empty() {
        out = out.line(format!(
            "Skipped {} line{}:",
            errors.len(),
            plural(errors.len())
        ));
        for (l, e) in errors.iter().take(50) {
            out = out.line(format!("  line {l}: {e}"));
        }
        if errors.len() > 50 {
            out = out.line(format!("  … and {} more (see --json)", errors.len() - 50));
        }
    }
    Ok(out)
}

/// Hashes every plain password in place, on all cores, with a progress line
/// on a terminal. Returns how many were hashed.
fn hash_all(
    ready: &mut [Ready],
    cost: &password::Cost,
    rng: &dyn crate::domain::secret::Randomness,
) -> Result<usize> {
    let todo: Vec<usize> = ready
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.secret, Secret::Password(_)))
        .map(|(i, _)| i)
        .collect();
    if todo.is_empty() {
        return Ok(0);
    }
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(todo.len());
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let progress = std::io::stderr().is_terminal();
    let results: Vec<Vec<(usize, std::result::Result<String, password::HashError>)>> =
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    let (next, done, todo) = (&next, &done, &todo);
                    let ready = &*ready;
                    s.spawn(move || {
                        let mut out = Vec::new();
                        let mut hasher = match password::Hasher::new(cost) {
                            Ok(h) => h,
                            Err(e) => return vec![(usize::MAX, Err(e))],
                        };
                        loop {
                            let k = next.fetch_add(1, Ordering::Relaxed);
                            let Some(&i) = todo.get(k) else { break };
                            if let Secret::Password(pw) = &ready[i].secret {
                                out.push((i, hasher.hash(&Password::new(pw), rng)));
                            }
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                        out
                    })
                })
                .collect();
            if progress {
                let total = todo.len();
                while !handles.iter().all(|h| h.is_finished()) {
                    let d = done.load(Ordering::Relaxed);
                    eprint!("\rhashing passwords: {d}/{total} ({}%)", d * 100 / total);
                    let _ = std::io::stderr().flush();
                    std::thread::sleep(Duration::from_millis(100));
                }
                eprintln!("\rhashing passwords: {total}/{total} (100%)");
            }
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
    let mut count = 0;
    for (i, hashed) in results.into_iter().flatten() {
        let hashed = hashed.map_err(Error::from)?;
        ready[i].secret = Secret::Hash(hashed);
        count += 1;
    }
    if count != todo.len() {
        return Err(Error::failure(format!(
            "only {count} of {} passwords were hashed",
            todo.len()
        ))
        .into());
    }
    Ok(count)
}

pub fn export(ctx: &mut Context, args: &ExportArgs) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Admin)?;
    let format = match args.format {
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Csv => Format::Csv,
    };
    let to_stdout = args.file.as_os_str() == "-";
    if !to_stdout && args.file.exists() {
        return Err(file_exists(&args.file));
    }
    let mut command = format!("stepup user export {}", args.file.display());
    if args.include_password_hashes {
        command.push_str(" --include-password-hashes");
    }
    // Hashes leave the workspace only with a fresh code.
    let always_ask = args.include_password_hashes;
    let req = Request::admin(&caller, &args.code, command).always_ask(always_ask);
    let done = run_admin(ctx, &store, req, |tx, admin, _, now| {
        let users = tx.users()?;
        tx.audit_event(
            &Event::new(now, "user.export", AuditOutcome::Ok)
                .actor(&admin.name)
                .detail(format!(
                    "{} users{}",
                    users.len(),
                    if args.include_password_hashes {
                        ", with password hashes"
                    } else {
                        ""
                    }
                )),
        )?;
        Ok(users)
    })?;
    let users = &done.value;
    let mut text = String::new();
    if format == Format::Csv {
        text.push_str(userfile::CSV_HEADER);
        text.push('\n');
    }
    for u in users {
        let fields = Fields {
            name: Some(u.name.clone()),
            email: u.email.clone(),
            role: Some(u.role.as_str().to_string()),
            password: None,
            password_hash: args
                .include_password_hashes
                .then(|| u.password_hash.clone()),
        };
        text.push_str(&userfile::write_record(format, &fields));
        text.push('\n');
    }
    if !to_stdout {
        write_new_private_file(&args.file, text.as_bytes())?;
    }
    if to_stdout {
        if ctx.json {
            return Ok(Outcome::new()
                .field("count", users.len())
                .field("records", text.lines().collect::<Vec<_>>()));
        }
        return Ok(Outcome::new().line(text.trim_end()));
    }
    Ok(Outcome::new()
        .field("count", users.len())
        .field("file", args.file.display().to_string())
        .line(format!(
            "Wrote {} users to {}.",
            users.len(),
            args.file.display()
        )))
}

/// Writes a new 0600 file (it may hold password hashes), never replacing one:
/// a private temporary file, linked into place only if the name is free.
fn file_exists(path: &std::path::Path) -> anyhow::Error {
    Error::denied(format!("{} already exists", path.display()))
        .hint("export never overwrites a file; choose another name")
        .into()
}

fn write_new_private_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let exists = || file_exists(path);
    if path.exists() {
        return Err(exists());
    }
    match crate::io::paths::write_private(path, bytes, crate::io::paths::Existing::Keep) {
        Err(e) if crate::io::paths::is_already_exists(&e) => Err(exists()),
        other => other,
    }
}
