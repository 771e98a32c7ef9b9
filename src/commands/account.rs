//! `init`, `login`, `logout`, `whoami`, `passwd`.

use super::verify::{self, Request, locked_error, lockout_event, run_sensitive};
use super::{Access, Context, email_address, user_name};
use crate::cli::account::{InitArgs, LoginArgs, PasswdArgs};
use crate::domain::account::{User, Workspace};
use crate::domain::audit::{Event, Outcome as AuditOutcome};
use crate::domain::names::{Role, method_names};
use crate::domain::password::{self, Password};
use crate::domain::session::{Session, Token};
use crate::domain::stepup::Action;
use crate::domain::throttle::{Refusal, Throttle};
use crate::error::{Error, Result};
use crate::io::output::{Outcome, list_or_none, plural};
use crate::io::paths;
use crate::store::Settled;
use crate::store::Store;

const BAD_LOGIN: &str = "wrong user name or password";

pub fn init(ctx: &mut Context, args: &InitArgs) -> Result<Outcome> {
    crate::system::require_root("init")?;
    ctx.require_key_file()?;
    let name = user_name(&args.admin)?;
    let email = email_address(args.email.as_deref())?;
    if let Some(path) = ctx.location.file()
        && let Ok(meta) = std::fs::symlink_metadata(path)
    {
        let what = if meta.is_dir() {
            format!("{} is a folder", path.display())
        } else if crate::store::looks_like_a_database(path) {
            format!("a database already exists at {}", path.display())
        } else {
            format!(
                "{} already exists and is not a stepup database",
                path.display()
            )
        };
        return Err(Error::denied(what)
            .hint("init never overwrites anything; give --db the path of a new file")
            .into());
    }
    let pw = ctx.new_password(args.password.password_stdin, &name, "the admin's password")?;
    let hash = password::hash(&pw, &ctx.limits.argon2, &*ctx.rng).map_err(Error::from)?;
    let now = ctx.now();
    let workspace = Workspace::new(now, ctx.limits);
    let admin = User::new(&name, email, Role::Admin, hash, now);
    let options = ctx.store_options(ctx.limits);
    Store::create(&ctx.location, &options, |tx| {
        tx.put_workspace(&workspace)?;
        tx.put_user(&admin)?;
        tx.audit_event(
            &Event::new(now, "init", AuditOutcome::Ok)
                .actor(&name)
                .user(&name),
        )
    })?;
    crate::system::share_new_file(&ctx.location)?;
    Ok(Outcome::new()
        .field("database", ctx.location.describe())
        .field("admin", &name)
        // What a new workspace starts with, read from the record written.
        .field("policy", workspace.policy.as_str())
        .field("allowed_methods", method_names(&workspace.allowed))
        .line(format!(
            "Created the workspace {} with admin {name}.",
            ctx.location.describe()
        ))
        .line(format!(
            "Policy: {}{}; allowed methods: {}.",
            workspace.policy,
            if workspace.policy == crate::domain::names::Policy::Enabled {
                " (MFA is opt-in)"
            } else {
                ""
            },
            method_names(&workspace.allowed).join(", ")
        ))
        .line(format!("Next: stepup login {name}")))
}

pub fn login(ctx: &mut Context, args: &LoginArgs) -> Result<Outcome> {
    // A malformed name is still just "wrong user name or password".
    let name = user_name(&args.name).map_err(|_| wrong_password(BAD_LOGIN, "login"))?;
    let pw = ctx.password(
        args.password.password_stdin,
        &format!("Password for {name}"),
        "the password",
    )?;
    // The attempt is counted before anything but the workspace is read.
    ctx.writes_first = Some(name.clone());
    let store = ctx.open()?;
    let (user, ws, give_back) = check_password(ctx, &store, &name, &pw, "login", BAD_LOGIN)?;
    let verified_hash = user.password_hash.clone();
    let upgraded = if password::needs_upgrade(&user.password_hash, &ctx.limits.argon2) {
        Some(password::hash(&pw, &ctx.limits.argon2, &*ctx.rng).map_err(Error::from)?)
    } else {
        None
    };
    drop(pw);

    let token = Token::generate(&*ctx.rng).map_err(Error::from)?;
    let key = token.storage_key();
    let file = paths::session_file(&ctx.location)?;
    let req = Request::new(
        Action::Login,
        &name,
        &args.code,
        command_line(
            &format!("stepup login {name}"),
            args.password.password_stdin,
        ),
    );
    let guard = unchanged_password(verified_hash);
    let limits = ctx.limits.session;
    let bound = ctx.session_binding()?;
    let req = Request {
        adjust: Some(&give_back),
        known: Some((&user, &ws)),
        ..req
    };
    let done = run_sensitive(ctx, &store, &req, &guard, |tx, user, ws, verified, now| {
        if let Some(hash) = &upgraded {
            user.password_hash = hash.clone();
        }
        user.throttle.record_success();
        // A session the file held before is not revoked: its token may have
        // been printed for a script. Expired sessions are cleared here, by
        // the workspace's limits: a caller's config never sweeps others'.
        tx.remove_expired_sessions(now, &ws.settings.session)?;
        let mut session = Session::new(&user.name, now);
        session.bound = bound.clone();
        tx.put_session(&key, &session)?;
        let mut event = Event::new(now, "login", AuditOutcome::Ok)
            .actor(&user.name)
            .user(&user.name);
        if let Some(v) = verified {
            event = event.method(v.option());
        }
        if upgraded.is_some() {
            event = event.detail("password hash upgraded");
        }
        tx.audit_event(&event)?;
        Ok((
            session.expires_at_if_used(now, &limits),
            user.enrollment_only_at(ws, now),
            user.in_grace(ws, now),
        ))
    });
    // The failure counted before the hash was checked goes back with the
    // transaction that made the session; when none committed (a code is
    // needed first, or it was wrong), on its own.
    give_back.run_alone(&store, &name)?;
    let done = done?;
    let (expires_at, enrollment_only, grace) = done.value;
    ctx.grace_notice.set(grace);
    let token_line = format!("{}\n", token.as_str());
    if let Err(e) = paths::write_private(&file, token_line.as_bytes(), paths::Existing::Replace) {
        // Without the file the session is useless (unless printed); do not
        // leave it behind unless the caller takes the token.
        if !args.print_token {
            store.write(|tx| tx.remove_session(&key).map(|_| ()))?;
            return Err(e.context("cannot store the session"));
        }
    }
    let mut out = Outcome::new()
        .field("user", &name)
        .field("expires_at", expires_at.rfc3339())
        .field("enrollment_only", enrollment_only);
    out = verify::verified_fields(out, &done);
    if args.print_token {
        out = out.field("token", token.as_str()).line(token.as_str());
    } else {
        out = out.line(format!(
            "Logged in as {name}. The session ends at {expires_at} if unused until then (idle limit {}; {} after login at the latest).",
            crate::domain::stepup::format_duration(ctx.limits.session.idle),
            crate::domain::stepup::format_duration(ctx.limits.session.lifetime)
        ));
    }
    if enrollment_only {
        out = out.note(
            "MFA is required in this workspace: this session can only enroll a method. \
             Next: stepup method enable totp (or email)",
        );
    }
    Ok(out)
}

/// How long a password attempt counted in advance may take to be given
/// back (its hash checked, its command's write done), at most: a refusal
/// this recent is waited out within the busy timeout (see
/// `Throttle::may_clear_soon`).
const SETTLE_SECONDS: u64 = 3;

/// How a password attempt was counted before it was checked.
enum Counted {
    /// A user: their throttle as it was before this attempt.
    User(Throttle),
    /// No such user: the attempt was counted against the name anyway.
    Unknown,
}

/// Checks a password under the throttle and returns the user when it is
/// right, and the workspace, both as the transaction that counted the
/// attempt read them.
///
/// The attempt is counted as a failure, in one write transaction with the
/// throttle check, before the (slow) hash is verified, so that processes
/// guessing in parallel cannot all slip under the limit; a right password
/// takes the count back. Names that do not exist are throttled the same way
/// (see `Store::phantom_throttle`), and a dummy hash is verified, so that an
/// unknown user and a wrong password look the same: same message, same exit
/// code, same work.
fn check_password(
    ctx: &Context,
    store: &Store,
    name: &str,
    pw: &Password,
    action: &str,
    wrong: &str,
) -> Result<(User, Workspace, verify::Adjust)> {
    let rules = ctx.limits.throttle;
    let started = std::time::Instant::now();
    let counted = loop {
        let now = ctx.now();
        let counted = store.write(|tx| {
            let user = tx.user(name)?;
            let mut throttle = match &user {
                Some(u) => u.throttle.clone(),
                None => tx.phantom_throttle(name)?,
            };
            if let Err(r) = throttle.check(now, &rules) {
                return Ok(Settled::Refused((r, throttle)));
            }
            let before = throttle.clone();
            throttle.record_failure(now, &rules);
            if throttle.locked && !before.locked {
                // The sender starts for a user's name and an unknown one alike.
                super::notify::lock_happened();
            }
            match user {
                Some(mut u) => {
                    u.throttle = throttle;
                    tx.put_user(&u)?;
                    let ws = tx.workspace()?;
                    Ok(Settled::Done((Counted::User(before), Some((u, ws)))))
                }
                None => {
                    tx.put_phantom_throttle(name, &throttle)?;
                    Ok(Settled::Done((Counted::Unknown, None)))
                }
            }
        })?;
        match counted {
            Settled::Done(v) => break v,
            // Attempts of other processes, counted in advance, may be
            // right ones about to be given back (a user logging in from
            // many jobs at once): waited for, as a busy database is, and
            // the attempt counted again once one is given back. Otherwise
            // the refusal stands as first met (a delay is never waited
            // out here: it is reported).
            Settled::Refused((r, t)) => {
                let met = std::time::Instant::now();
                let mut current = t.clone();
                while current.failures >= t.failures
                    && current.may_clear_soon(ctx.now(), SETTLE_SECONDS)
                    && started.elapsed() < ctx.config.busy_timeout
                {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                    current = store.write(|tx| {
                        Ok(match tx.user(name)? {
                            Some(u) => u.throttle,
                            None => tx.phantom_throttle(name)?,
                        })
                    })?;
                }
                if current.failures < t.failures {
                    continue;
                }
                let r = match r {
                    Refusal::Wait(s) => {
                        Refusal::Wait(s.saturating_sub(met.elapsed().as_secs()).max(1))
                    }
                    locked => locked,
                };
                return Err(locked_error(r, name));
            }
        }
    };
    let (counted, user) = counted;
    let right = match &user {
        Some((u, _)) => password::verify(pw, &u.password_hash),
        None => {
            password::verify_against_dummy(pw, &ctx.limits.argon2);
            false
        }
    };
    if let (Counted::User(before), Some((u, ws)), true) = (&counted, &user, right) {
        // Right: the failure counted in advance is taken back by the
        // action's own transaction (see `verify::Adjust`), one commit less.
        let before = before.clone();
        let give_back =
            verify::Adjust::new(move |u: &mut User| u.throttle.give_back(&before, &rules));
        return Ok((u.clone(), ws.clone(), give_back));
    }
    let now = ctx.now();
    store.write(|tx| match (&counted, tx.user(name)?, right) {
        (Counted::User(before), Some(current), false) => {
            tx.audit_event(
                &Event::new(now, action, AuditOutcome::Denied)
                    .user(name)
                    .detail("wrong password"),
            )?;
            if !before.locked && current.throttle.locked {
                tx.audit_event(&lockout_event(now, name))?;
                super::notify::queue(tx, &current, now, crate::domain::notify::Kind::Locked)?;
            }
            Ok(())
        }
        // No such user (or none any more, or one created after the attempt
        // was counted): the attempt failed.
        _ => tx.audit_event(&Event::new(now, action, AuditOutcome::Denied).detail("unknown user")),
    })?;
    Err(wrong_password(wrong, action))
}

/// The command to show in "next" hints.
fn command_line(base: &str, password_stdin: bool) -> String {
    if password_stdin {
        format!("{base} --password-stdin")
    } else {
        base.to_string()
    }
}

/// The step-up guard of commands that checked a password first: the
/// password must still be the one checked when the code is consumed.
fn unchanged_password(verified_hash: String) -> impl Fn(&User, &Workspace) -> Result<()> {
    move |u: &User, _: &Workspace| {
        if u.password_hash == verified_hash {
            Ok(())
        } else {
            Err(
                Error::denied("the password was changed by another process meanwhile")
                    .hint("run the command again with the current password")
                    .into(),
            )
        }
    }
}

fn wrong_password(message: &str, action: &str) -> anyhow::Error {
    let hint = if action == "passwd" {
        "nothing was changed"
    } else {
        "check the user name and the password"
    };
    Error::denied(message).hint(hint).into()
}

pub fn logout(ctx: &mut Context) -> Result<Outcome> {
    if !ctx.has_session_token()? {
        // Nothing to deny: the caller is already where logout leads.
        return Ok(Outcome::new()
            .field("user", serde_json::Value::Null)
            .field("logged_out", false)
            .line("You are not logged in; nothing to do."));
    }
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Enroll)?;
    let key = caller.token.storage_key();
    let now = ctx.now();
    store.write(|tx| {
        tx.remove_session(&key)?;
        tx.audit_event(
            &Event::new(now, "logout", AuditOutcome::Ok)
                .actor(&caller.user.name)
                .user(&caller.user.name),
        )
    })?;
    if let Some(file) = &caller.token_file {
        let _ = std::fs::remove_file(file);
    } else if let Ok(file) = paths::session_file(&ctx.location) {
        // STEPUP_SESSION named the session; remove the file only if it
        // holds that same session.
        let same = paths::read_private(&file, 4096)
            .ok()
            .flatten()
            .and_then(|t| Token::parse(&String::from_utf8_lossy(&t)))
            .is_some_and(|t| t.storage_key() == key);
        if same {
            let _ = std::fs::remove_file(&file);
        }
    }
    Ok(Outcome::new()
        .field("user", &caller.user.name)
        .field("logged_out", true)
        .line(format!("Logged out {}.", caller.user.name)))
}

pub fn whoami(ctx: &mut Context) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Enroll)?;
    let u = &caller.user;
    let ws = &caller.workspace;
    let methods: Vec<&str> = method_names(&u.mfa.enabled_methods());
    let usable: Vec<&str> = method_names(&u.usable_methods(ws));
    let remaining = u.mfa.recovery_remaining();
    let mut out = Outcome::new()
        .field("user", &u.name)
        .field("role", u.role.as_str())
        .field("email", &u.email)
        .field("policy", ws.policy.as_str())
        .field("enabled_methods", &methods)
        .field("usable_methods", &usable)
        .field("recovery_remaining", remaining)
        .field("expires_at", caller.expires_at.rfc3339())
        .field("enrollment_only", caller.enrollment_only())
        .field("grace_until", caller.grace_until.map(|t| t.rfc3339()))
        .line(format!("user:              {}", u.name))
        .line(format!("role:              {}", u.role))
        .line(format!("policy:            {}", ws.policy))
        .line(format!("enabled methods:   {}", list_or_none(&methods)))
        .line(format!("recovery codes:    {remaining} left"))
        .line(format!("session expires:   {}", caller.expires_at));
    if methods.len() != usable.len() {
        let allowed = method_names(&ws.allowed);
        let allows = if allowed.is_empty() {
            "the workspace allows no method".to_string()
        } else {
            format!("the workspace allows only {}", allowed.join(", "))
        };
        let counts = if usable.is_empty() {
            "none of your methods counts".to_string()
        } else {
            format!("only {} counts", usable.join(", "))
        };
        out = out.line(format!("note:              {counts}: {allows}"));
    }
    if caller.enrollment_only() {
        out = out.line("session:           enrollment only (MFA is required: enable a method)");
    }
    Ok(out)
}

pub fn passwd(ctx: &mut Context, args: &PasswdArgs) -> Result<Outcome> {
    let store = ctx.open()?;
    let caller = ctx.caller(&store, Access::Member)?;
    let name = caller.user.name.clone();
    let stdin = args.password.password_stdin;
    let current = ctx.password(stdin, "Current password", "the current password")?;
    let new = ctx.new_password(stdin, &name, "the new password")?;
    if new.as_str() == current.as_str() {
        return Err(Error::usage("the new password is the same as the current one").into());
    }
    let (user, _, give_back) = check_password(
        ctx,
        &store,
        &name,
        &current,
        "passwd",
        "the current password is wrong",
    )?;
    let verified_hash = user.password_hash.clone();
    drop(current);
    // The new password is hashed once the step-up has succeeded, inside the
    // transaction that changes it: a run that stops for a code (exit 10) or
    // is refused pays no argon2 for it.
    let cost = ctx.limits.argon2;
    let req = Request::new(
        Action::ChangePassword,
        &name,
        &args.code,
        command_line("stepup passwd", stdin),
    )
    .in_session(caller.token.storage_key());
    let req = Request {
        adjust: Some(&give_back),
        ..req
    };
    let guard = unchanged_password(verified_hash);
    let keep = caller.token.storage_key();
    let rng = ctx.rng.clone();
    let done = run_sensitive(ctx, &store, &req, &guard, |tx, user, _, verified, now| {
        user.password_hash = password::hash(&new, &cost, &*rng).map_err(Error::from)?;
        user.bump_epoch();
        user.throttle.record_success();
        let ended = tx.remove_sessions_of(&user.name, Some(&keep))?;
        let mut event = Event::new(now, "passwd", AuditOutcome::Ok)
            .actor(&user.name)
            .user(&user.name)
            .detail(other_sessions_ended(ended));
        super::notify::queue(
            tx,
            user,
            now,
            crate::domain::notify::Kind::PasswordChanged { by_admin: false },
        )?;
        if let Some(v) = verified {
            event = event.method(v.option());
        }
        tx.audit_event(&event)?;
        Ok(ended)
    });
    give_back.run_alone(&store, &name)?;
    let done = done?;
    let out = Outcome::new()
        .field("user", &name)
        .field("sessions_ended", done.value)
        .line(format!("Password changed. {}.", {
            let text = other_sessions_ended(done.value);
            let mut chars = text.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        }));
    Ok(verify::verified_fields(out, &done))
}

/// "no other session ended", "1 other session ended", "2 other sessions ended".
fn other_sessions_ended(n: usize) -> String {
    match n {
        0 => "no other session ended".into(),
        n => format!("{n} other session{} ended", plural(n)),
    }
}
