//! The step-up driver: every sensitive action goes through
//! [`run_sensitive`], which asks for a one-time code when the domain says the
//! action needs one (a prompt on a terminal, exit 10 in a script), sends the
//! email code once email is chosen, and then checks and consumes the code and
//! runs the action in one write transaction.

use super::Context;
use crate::cli::CodeArgs;
use crate::domain::account::{User, Workspace};
use crate::domain::audit::{Event, Outcome};
use crate::domain::email_code::{self, Challenge, Purpose};
use crate::domain::names::{mask_email, printable};
use crate::domain::recovery;
use crate::domain::stepup::{self, Action, Choice, Options, Plan, VerifyOption};
use crate::domain::throttle::Refusal;
use crate::domain::time::Timestamp;
use crate::domain::verify::{self, AttemptError, Rejected, Verified};
use crate::error::{CodeRequired, Error, Result, TotpEnrollment};
use crate::io::mail::{self, CodeMail};
use crate::store::Settled;
use crate::store::{Store, View, WriteTx};

/// A sensitive action about to run.
pub struct Request<'a> {
    pub action: Action,
    pub user: &'a str,
    pub args: &'a CodeArgs,
    /// The command to show in "next" hints, e.g. `stepup login alice
    /// --password-stdin`; `--method`/`--code` are appended as needed.
    pub command: String,
    /// The storage key of the caller's session, where freshness is kept
    /// (None for `login`, which has no session yet).
    pub session: Option<[u8; 32]>,
    /// Ask for a code even when the session is fresh for the action
    /// (granting admin, `reset-mfa`, `settings set`...).
    pub always_ask: bool,
    /// Go ahead when MFA applies but the user has no option left: only for
    /// changes that are the way back from there (`policy allow`).
    pub no_options_ok: bool,
    /// A change to the user that rides on the first transaction here that
    /// commits (the password failure counted in advance, taken back), so
    /// that a login makes one commit less; see [`Adjust`].
    pub adjust: Option<&'a Adjust>,
    /// The user and the workspace as the caller's own write just read them
    /// (under the writer lock, as `login` counts the attempt): the plan
    /// starts from them, not from a read of its own. Every check is made
    /// again in the transaction that goes ahead or takes the code. Not
    /// with a session, whose freshness is read with the user.
    pub known: Option<(&'a User, &'a Workspace)>,
}

/// A change to the user made exactly once by the transactions of a
/// sensitive action: the first of them that commits applies it (and saves
/// the user), the later ones see it done. When none did (the command
/// stopped for a code), the caller applies it on its own (`run_alone`).
pub struct Adjust {
    apply: Box<dyn Fn(&mut User)>,
    /// Applied in the transaction now running.
    pending: std::cell::Cell<bool>,
    /// Applied in a transaction that committed.
    done: std::cell::Cell<bool>,
}

impl Adjust {
    pub fn new(apply: impl Fn(&mut User) + 'static) -> Adjust {
        Adjust {
            apply: Box::new(apply),
            pending: std::cell::Cell::new(false),
            done: std::cell::Cell::new(false),
        }
    }

    /// Applies it to `user` as a snapshot sees it (nothing is written).
    fn preview(&self, user: &mut User) {
        if !self.done.get() {
            (self.apply)(user);
        }
    }

    /// Applies it in this transaction, saving the user, unless done.
    fn in_tx(&self, tx: &mut WriteTx, user: &mut User) -> Result<()> {
        if !self.done.get() {
            (self.apply)(user);
            tx.put_user(user)?;
            self.pending.set(true);
        }
        Ok(())
    }

    /// After a transaction: whether it committed.
    fn settle(&self, committed: bool) {
        if self.pending.replace(false) && committed {
            self.done.set(true);
        }
    }

    /// Applies it in a transaction of its own, when no transaction of the
    /// action did.
    pub fn run_alone(&self, store: &Store, name: &str) -> Result<()> {
        if self.done.get() {
            return Ok(());
        }
        store.write(|tx| match tx.user(name)? {
            Some(mut u) => {
                (self.apply)(&mut u);
                tx.put_user(&u)
            }
            None => Ok(()),
        })?;
        self.done.set(true);
        Ok(())
    }
}

impl<'a> Request<'a> {
    /// A request for `action` by `user`, asking every time it applies.
    pub fn new(action: Action, user: &'a str, args: &'a CodeArgs, command: String) -> Self {
        Request {
            action,
            user,
            args,
            command,
            session: None,
            always_ask: false,
            no_options_ok: false,
            adjust: None,
            known: None,
        }
    }

    /// The `admin` action by the caller, in the caller's session.
    pub fn admin(caller: &'a super::Caller, args: &'a CodeArgs, command: String) -> Self {
        Request::new(Action::Admin, &caller.user.name, args, command)
            .in_session(caller.token.storage_key())
    }

    pub fn in_session(mut self, key: [u8; 32]) -> Self {
        self.session = Some(key);
        self
    }

    /// Asks for a code even when the session is fresh (when `yes`).
    pub fn always_ask(mut self, yes: bool) -> Self {
        self.always_ask = yes;
        self
    }
}

/// A finished sensitive action.
pub struct Done<T> {
    pub value: T,
    /// How the user verified, when a code was asked for.
    pub verified: Option<Verified>,
    /// Until when the session is fresh for the action, when it went ahead
    /// on an earlier step-up (`verified_with: "fresh"`).
    pub fresh_until: Option<crate::domain::time::Timestamp>,
}

impl<T> Done<T> {
    /// The JSON `verified_with`: the option used, `fresh`, or null.
    pub fn verified_with(&self) -> Option<&'static str> {
        match (&self.verified, self.fresh_until) {
            (Some(v), _) => Some(v.option().as_str()),
            (None, Some(_)) => Some("fresh"),
            (None, None) => None,
        }
    }
}

/// Checks run again inside the write transaction (the state may have changed
/// since it was read, e.g. the password was changed by another process).
pub type Guard<'a> = &'a dyn Fn(&User, &Workspace) -> Result<()>;

/// Runs `finish` for `req`, after step-up verification when it is needed.
/// `finish` runs in the same write transaction that consumes the code, and
/// the user record it changed is saved with it.
pub fn run_sensitive<T>(
    ctx: &mut Context,
    store: &Store,
    req: &Request<'_>,
    guard: Guard<'_>,
    finish: impl FnOnce(&mut WriteTx, &mut User, &Workspace, Option<Verified>, Timestamp) -> Result<T>,
) -> Result<Done<T>> {
    let now = ctx.now();
    // One snapshot for the user, the workspace and the session's freshness.
    let (mut user, ws, fresh) = match req.known {
        Some((user, ws)) if req.session.is_none() && user.name == req.user => {
            (user.clone(), ws.clone(), false)
        }
        _ => {
            let tx = store.read()?;
            let (user, ws) = (load_user(&tx, req.user)?, tx.workspace()?);
            let fresh = fresh_in(&tx, req, &user, &ws, now)?.is_some();
            (user, ws, fresh)
        }
    };
    if let Some(a) = req.adjust {
        a.preview(&mut user);
    }
    guard(&user, &ws)?;
    // A malformed --code is a usage error whether or not a code is needed.
    let code = ctx.code(req.args)?;
    let asking = stepup::Asking {
        fresh,
        always_ask: req.always_ask,
        no_options_ok: req.no_options_ok,
        requested: req.args.method.map(VerifyOption::from),
        code: code.as_ref(),
    };
    // `finish` runs once, on whichever path gets there.
    let mut finish = Some(finish);
    let mut take_finish = || {
        finish
            .take()
            .ok_or_else(|| anyhow::anyhow!("internal error: the action ran twice"))
    };
    // Goes ahead without a code, in one write transaction that checks
    // again that no code became necessary (or freshness ended) meanwhile.
    let mut go_ahead = |fresh: bool| -> Result<Done<T>> {
        let finish = take_finish()?;
        let written = store.write(|tx| {
            let mut user = load_user(tx, req.user)?;
            if let Some(a) = req.adjust {
                a.in_tx(tx, &mut user)?;
            }
            let ws = tx.workspace()?;
            guard(&user, &ws)?;
            let fresh_until = if fresh {
                fresh_in(tx, req, &user, &ws, ctx.now())?
            } else {
                None
            };
            // The same plan, on what the transaction sees.
            let still = stepup::Asking {
                fresh: fresh_until.is_some(),
                ..asking
            };
            if !matches!(
                stepup::plan(req.action, &ws, &user, still),
                Ok(Plan::GoAhead { .. })
            ) {
                return Err(
                    Error::denied("verification became necessary while this command ran")
                        .hint("run the command again")
                        .into(),
                );
            }
            // Events carry the time they happen, after any prompt.
            let value = finish(tx, &mut user, &ws, None, ctx.now())?;
            save_unless_removed(tx, &user)?;
            Ok((value, fresh_until))
        });
        if let Some(a) = req.adjust {
            a.settle(written.is_ok());
        }
        let (value, fresh_until) = written?;
        Ok(Done {
            value,
            verified: None,
            fresh_until,
        })
    };
    let planned = stepup::plan(req.action, &ws, &user, asking);
    let (options, choice) = match planned {
        Ok(Plan::GoAhead { fresh }) => return go_ahead(fresh),
        Ok(Plan::NoOptions) => {
            store.write(|tx| {
                tx.audit_event(
                    &Event::new(now, "verify", Outcome::Denied)
                        .user(req.user)
                        .detail(format!("{}: no verification options", req.action)),
                )
            })?;
            return Err(Error::denied(stepup::NO_OPTIONS_HELP)
                .hint(format!(
                    "ask an admin to allow your method again (stepup policy allow METHOD) or to reset your MFA (stepup user reset-mfa {})",
                    req.user
                ))
                .into());
        }
        Ok(Plan::Ask(options, option)) => (options, Choice::Chosen(option)),
        Ok(Plan::Choose(options)) => (options, Choice::MustChoose),
        Err(e) => {
            let options = stepup::Options::for_user(&user, &ws);
            return Err(Error::usage(e.to_string())
                .hint(format!(
                    "your options: {} (choose with --method)",
                    options.names().join(", ")
                ))
                .into());
        }
    };
    // Throttled users are stopped before anything is asked or sent.
    user.throttle
        .check(now, &ctx.limits.throttle)
        .map_err(|r| locked_error(r, req.user))?;
    let prompts = ctx.prompts_for_codes();
    let mut option = match choice {
        Choice::Chosen(o) => o,
        Choice::MustChoose if prompts => {
            let items: Vec<String> = options
                .as_slice()
                .iter()
                .map(|o| format!("{} ({o})", o.label()))
                .collect();
            let i = ctx
                .prompt
                .choose("Verification required. Choose a method:", &items)?;
            options.as_slice()[i]
        }
        Choice::MustChoose => {
            return Err(code_required(
                req,
                &options,
                None,
                None,
                "Verification required: you have two methods, choose one with --method".into(),
            ));
        }
    };
    // On a terminal the code is prompted for, and a wrong one asks again
    // (within throttling, which counts every try); a code given with
    // --code is checked once.
    let (mut code, label) = match code {
        Some(code) => (code, None),
        // On a terminal an email code that cannot be sent yet does not end
        // the command: a live code for this action is asked for, or the
        // user chooses another option, or waits.
        None if prompts && option == VerifyOption::Email => {
            let (chosen, label) = email_on_a_terminal(ctx, store, req, &options)?;
            option = chosen;
            (ctx.prompt_code(&label)?, Some(label))
        }
        None => {
            let sent_to = if option == VerifyOption::Email {
                Some(send_email_code(
                    ctx,
                    store,
                    req.user,
                    Purpose::Verify(req.action),
                    None,
                )?)
            } else {
                None
            };
            if prompts {
                let label = code_label(option, sent_to.as_deref(), &options);
                (ctx.prompt_code(&label)?, Some(label))
            } else {
                let message = match &sent_to {
                    Some(to) => format!("Verification required: a code was sent to {to}"),
                    None => format!("Verification required: enter a code ({})", option.label()),
                };
                return Err(code_required(req, &options, Some(option), sent_to, message));
            }
        }
    };
    let chosen = option;
    let rules = ctx.limits.throttle;
    let email_rules = ctx.limits.email_codes;
    let mut finish = Some(take_finish()?);
    loop {
        // The code is checked at the time it was given, not when the run began.
        let now = ctx.now();
        // The prompt for a method's code accepts a recovery code too: the
        // domain's choice rule, applied to what was typed, says which it is.
        option = match stepup::choose(&options, Some(chosen), Some(&code)) {
            Ok(Choice::Chosen(typed)) => typed,
            _ => chosen,
        };
        let result = store.write(|tx| {
            let mut user = load_user(tx, req.user)?;
            if let Some(a) = req.adjust {
                a.in_tx(tx, &mut user)?;
            }
            let ws = tx.workspace()?;
            guard(&user, &ws)?;
            if !Options::for_user(&user, &ws).contains(option) {
                return Ok(Settled::Refused((
                    Error::denied(format!(
                        "{} is no longer one of your verification options",
                        option
                    ))
                    .into(),
                    false,
                )));
            }
            let failure = |reason: &Rejected| {
                Event::new(now, "verify", Outcome::Denied)
                    .user(req.user)
                    .method(option)
                    .detail(format!("{}: {}", req.action, reason.message()))
            };
            let checked = check_in_tx(tx, &mut user, now, &rules, failure, |u| {
                verify::check_code(
                    u,
                    option,
                    Purpose::Verify(req.action),
                    &code,
                    now,
                    &email_rules,
                )
            })?;
            match checked {
                Checked::Passed(verified) => {
                    let finish = finish
                        .take()
                        .ok_or_else(|| anyhow::anyhow!("internal error: the action ran twice"))?;
                    let value = finish(tx, &mut user, &ws, Some(verified), now)?;
                    save_unless_removed(tx, &user)?;
                    tx.audit_event(&verified_event(now, req, option, &verified))?;
                    if let Verified::Recovery { remaining, .. } = &verified {
                        super::notify::queue(
                            tx,
                            &user,
                            now,
                            crate::domain::notify::Kind::RecoveryUsed {
                                remaining: u32::try_from(*remaining).unwrap_or(u32::MAX),
                            },
                        )?;
                    }
                    mark_fresh(tx, req, &user, now)?;
                    Ok(Settled::Done((value, verified)))
                }
                Checked::Throttled(r) => Ok(Settled::Refused((locked_error(r, req.user), false))),
                Checked::Failed { reason, then } => {
                    // Typing again helps a wrong or replayed code, while the
                    // next try is not throttled.
                    let again = then.is_none() && reason.may_retype();
                    Ok(Settled::Refused((
                        failed_error(reason, then, req.user),
                        again,
                    )))
                }
            }
        });
        if let Some(a) = req.adjust {
            a.settle(result.is_ok());
        }
        let result = result?;
        match (result.into_result(), &label) {
            (Ok((value, verified)), _) => {
                return Ok(Done {
                    value,
                    verified: Some(verified),
                    fresh_until: None,
                });
            }
            (Err((e, true)), Some(label)) => {
                ctx.prompt.say(&format!("{e}. Try again."));
                code = ctx.prompt_code(label)?;
            }
            (Err((e, _)), _) => return Err(e),
        }
    }
}

/// Gets an email code to the user on a terminal, or another option: when a
/// code for this action is still live it is the one asked for ("the code
/// sent at 08:22 UTC"); when the resend limit stops a new one, the user is
/// told how long, and chooses another option or waits. Returns the option
/// and the prompt's label.
fn email_on_a_terminal(
    ctx: &mut Context,
    store: &Store,
    req: &Request<'_>,
    options: &Options,
) -> Result<(VerifyOption, String)> {
    let purpose = Purpose::Verify(req.action);
    let rules = ctx.limits.email_codes;
    loop {
        let now = ctx.now();
        let user = load_user(&store.read()?, req.user)?;
        if let Some(live) = user
            .mfa
            .challenge
            .as_ref()
            .filter(|c| c.purpose == purpose && c.is_live(now, &rules))
        {
            let to = mask_email(user.email.as_deref().unwrap_or_default());
            let at = live.sent_at.rfc3339();
            let label = code_label(VerifyOption::Email, Some(&to), options).replacen(
                &to,
                &format!("{to} at {} UTC", &at[11..16]),
                1,
            );
            return Ok((VerifyOption::Email, label));
        }
        match email_code::may_send(user.mfa.last_email_sent, now, &rules) {
            Ok(()) => {
                let to = send_email_code(ctx, store, req.user, purpose, None)?;
                return Ok((
                    VerifyOption::Email,
                    code_label(VerifyOption::Email, Some(&to), options),
                ));
            }
            Err(wait) => {
                ctx.prompt.say(&format!(
                    "An email code was sent less than {} seconds ago; a new one can be sent in {wait} seconds.",
                    rules.resend_interval
                ));
                let others: Vec<VerifyOption> = options
                    .as_slice()
                    .iter()
                    .copied()
                    .filter(|o| *o != VerifyOption::Email)
                    .collect();
                if !others.is_empty() {
                    let mut items: Vec<String> = others
                        .iter()
                        .map(|o| format!("{} ({o})", o.label()))
                        .collect();
                    items.push(format!("Email (email): wait {wait} seconds for a new code"));
                    let i = ctx.prompt.choose("Choose another way, or wait:", &items)?;
                    if let Some(other) = others.get(i) {
                        return Ok((*other, code_label(*other, None, options)));
                    }
                } else {
                    ctx.prompt.say("Waiting for it...");
                }
                ctx.idle.borrow().idle();
                std::thread::sleep(std::time::Duration::from_secs(wait));
            }
        }
    }
}

/// Saves the acting user's record after the action, unless the action
/// removed them (an admin removing themselves).
fn save_unless_removed(tx: &mut WriteTx, user: &User) -> Result<()> {
    if tx.user(&user.name)?.is_some() {
        tx.put_user(user)?;
    }
    Ok(())
}

/// Until when the caller's session is fresh for the request's action, if it
/// is (see `Session::is_fresh`).
fn fresh_in(
    tx: &(impl View + ?Sized),
    req: &Request<'_>,
    user: &User,
    ws: &Workspace,
    now: crate::domain::time::Timestamp,
) -> Result<Option<crate::domain::time::Timestamp>> {
    let Some(key) = req.session else {
        return Ok(None);
    };
    let settings = ws.action(req.action);
    Ok(tx
        .session(&key)?
        .filter(|s| s.user == user.name)
        .filter(|s| {
            // A step-up for an earlier action of the same name is not one
            // for this action.
            settings.added_at.is_none_or(|added| {
                s.fresh
                    .get(req.action.name())
                    .is_some_and(|f| f.since >= added)
            })
        })
        .and_then(|s| s.is_fresh(req.action.name(), user.epoch, now, settings.fresh_for)))
}

/// After a successful step-up: the session is fresh for the action for as
/// long as the workspace says (nothing when that is 0).
fn mark_fresh(
    tx: &mut WriteTx,
    req: &Request<'_>,
    user: &User,
    now: crate::domain::time::Timestamp,
) -> Result<()> {
    // The workspace as the action left it (`action set` may have changed
    // the freshness).
    let fresh_for = tx.workspace()?.action(req.action).fresh_for;
    if let Some(key) = req.session
        && fresh_for > 0
        && let Some(mut session) = tx.session(&key)?
        && session.user == user.name
    {
        session.mark_fresh(req.action.name(), user.epoch, now);
        tx.put_session(&key, &session)?;
    }
    Ok(())
}

/// Runs `finish` as the `admin` action ([`Request::admin`]): a code when MFA
/// applies to the admin, unless their session is fresh for `admin` and the
/// request does not always ask. `finish` gets the acting admin's record
/// (saved with the change) and runs in the transaction that consumes the
/// code.
pub fn run_admin<T>(
    ctx: &mut Context,
    store: &Store,
    req: Request<'_>,
    finish: impl FnOnce(&mut WriteTx, &mut User, &Workspace, Timestamp) -> Result<T>,
) -> Result<Done<T>> {
    let still_admin = |u: &User, _: &Workspace| -> Result<()> {
        if u.is_admin() {
            Ok(())
        } else {
            Err(Error::denied("you are no longer an admin")
                .hint("ask an admin of the workspace")
                .into())
        }
    };
    run_sensitive(ctx, store, &req, &still_admin, |tx, user, ws, _, now| {
        finish(tx, user, ws, now)
    })
}

/// The audit event of a successful verification.
fn verified_event(
    now: crate::domain::time::Timestamp,
    req: &Request<'_>,
    option: VerifyOption,
    verified: &Verified,
) -> Event {
    let mut detail = req.action.command().to_string();
    if let Verified::Recovery { slot, remaining } = verified {
        detail.push_str(&format!(": recovery code {slot} used, {remaining} left"));
    }
    Event::new(now, "verify", Outcome::Ok)
        .user(req.user)
        .method(option)
        .detail(detail)
}

/// A code checked inside the write transaction that acts on it.
pub enum Checked<V> {
    /// The code was right; the caller acts and saves the user.
    Passed(V),
    /// Not checked: the user must wait, or is locked.
    Throttled(Refusal),
    /// Wrong, replayed or used up; the failure is already saved and audited.
    Failed {
        reason: Rejected,
        then: Option<Refusal>,
    },
}

/// Checks a code for `user` inside `tx`, under the user's throttle: the one
/// way both step-up and enrollment confirmation spend an attempt. A failure
/// is counted, saved and audited (with `failure`'s event) in `tx` before the
/// caller decides what to say.
pub fn check_in_tx<V>(
    tx: &mut WriteTx,
    user: &mut User,
    now: Timestamp,
    rules: &crate::domain::throttle::Rules,
    failure: impl FnOnce(&Rejected) -> Event,
    check: impl FnOnce(&mut User) -> std::result::Result<V, Rejected>,
) -> Result<Checked<V>> {
    match verify::attempt(user, now, rules, |r: &Rejected| r.counts(), check) {
        Ok(v) => Ok(Checked::Passed(v)),
        Err(AttemptError::Throttled(r)) => Ok(Checked::Throttled(r)),
        Err(AttemptError::Failed {
            reason,
            then,
            locked_now,
        }) => {
            record_failure(tx, user, failure(&reason), locked_now)?;
            Ok(Checked::Failed { reason, then })
        }
    }
}

/// Saves a user whose attempt failed (their throttle changed) with the
/// event saying so, and a lockout event when this failure locked them.
pub fn record_failure(tx: &mut WriteTx, user: &User, event: Event, locked_now: bool) -> Result<()> {
    tx.put_user(user)?;
    let now = event.at;
    tx.audit_event(&event)?;
    if locked_now {
        tx.audit_event(&lockout_event(now, &user.name))?;
        super::notify::queue(tx, user, now, crate::domain::notify::Kind::Locked)?;
    }
    Ok(())
}

pub fn lockout_event(now: crate::domain::time::Timestamp, user: &str) -> Event {
    Event::new(now, "lockout", Outcome::Locked)
        .user(user)
        .detail("locked after too many failed attempts; needs `user unlock`")
}

/// The user record, which must exist.
pub fn load_user(tx: &(impl View + ?Sized), name: &str) -> Result<User> {
    tx.user(name)?.ok_or_else(|| {
        Error::denied(format!("the user '{}' no longer exists", printable(name))).into()
    })
}

/// Exit 4 for a throttled attempt.
pub fn locked_error(r: Refusal, user: &str) -> anyhow::Error {
    match r {
        Refusal::Wait(s) => Error::locked(
            format!("too many failed attempts: wait {s} seconds before trying again"),
            Some(s),
        )
        .hint("every further failure makes the wait longer")
        .into(),
        Refusal::Locked => {
            Error::locked("the account is locked after too many failed attempts", None)
                .hint(format!("an admin can unlock it: stepup user unlock {user}"))
                .into()
        }
    }
}

/// Exit 3 for a wrong code, saying what the next attempt faces.
pub fn failed_error(reason: Rejected, then: Option<Refusal>, user: &str) -> anyhow::Error {
    let hint = match then {
        Some(Refusal::Wait(s)) => {
            format!("too many failed attempts: the next try must wait {s} seconds")
        }
        Some(Refusal::Locked) => {
            format!("the account is now locked; an admin can unlock it: stepup user unlock {user}")
        }
        None => match reason {
            Rejected::EmailExpired | Rejected::EmailTooManyTries | Rejected::EmailNotSent => {
                "run the command again without --code to get a new email code".into()
            }
            _ => "check the code and try again".into(),
        },
    };
    Error::denied(reason.message()).hint(hint).into()
}

fn code_label(option: VerifyOption, sent_to: Option<&str>, options: &Options) -> String {
    let or_recovery =
        if option != VerifyOption::Recovery && options.contains(VerifyOption::Recovery) {
            " (or a recovery code)"
        } else {
            ""
        };
    match option {
        VerifyOption::Totp => format!("Code from your authenticator app{or_recovery}"),
        VerifyOption::Email => format!(
            "Code sent to {}{or_recovery}",
            sent_to.unwrap_or("your email")
        ),
        VerifyOption::Recovery => "Recovery code".into(),
    }
}

/// Exit 10: what the script must give to finish.
fn code_required(
    req: &Request<'_>,
    options: &Options,
    method: Option<VerifyOption>,
    sent_to: Option<String>,
    message: String,
) -> anyhow::Error {
    let methods = options.methods();
    let next = match method {
        None => format!(
            "{} --method {} --code CODE",
            req.command,
            options.names().join("|")
        ),
        Some(m) if methods.len() > 1 || (m == VerifyOption::Recovery && !methods.is_empty()) => {
            format!("{} --method {m} --code CODE", req.command)
        }
        Some(_) => format!("{} --code CODE", req.command),
    };
    Error::CodeRequired(Box::new(CodeRequired {
        message,
        action: req.action,
        purpose: "step_up",
        options: options.names(),
        method: method.map(VerifyOption::as_str),
        sent_to,
        enrollment: None,
        next,
    }))
    .into()
}

/// Exit 10 for a pending enrollment.
pub fn enrollment_required(
    action: Action,
    method: &'static str,
    sent_to: Option<String>,
    totp: Option<TotpEnrollment>,
    command: &str,
) -> anyhow::Error {
    let message = match &sent_to {
        Some(to) => format!("Confirm the email method: a code was sent to {to}"),
        None => "Confirm the authenticator: enter the code your app shows".into(),
    };
    Error::CodeRequired(Box::new(CodeRequired {
        message,
        action,
        purpose: "enroll",
        options: vec![method],
        method: Some(method),
        sent_to,
        enrollment: totp,
        next: format!("{command} --code CODE"),
    }))
    .into()
}

/// Exit 4 while the resend limit keeps `user` from getting another code.
/// The hint is only ever true: it offers the code already sent when one for
/// `purpose` is still live, and otherwise only the wait.
pub fn may_send_email(
    user: &User,
    now: crate::domain::time::Timestamp,
    rules: &email_code::Rules,
    purpose: Purpose,
) -> Result<()> {
    email_code::may_send(user.mfa.last_email_sent, now, rules).map_err(|wait| {
        let live = user
            .mfa
            .challenge
            .as_ref()
            .filter(|c| c.purpose == purpose && c.is_live(now, rules));
        let hint = match live {
            Some(c) => format!(
                "the code sent at {} UTC still works: run the command again with --code CODE, or wait {wait} seconds for a new one",
                &c.sent_at.rfc3339()[11..16]
            ),
            None => format!("wait {wait} seconds for a new one"),
        };
        Error::locked(
            format!(
                "an email code was sent less than {} seconds ago",
                rules.resend_interval
            ),
            Some(wait),
        )
        .hint(hint)
        .into()
    })
}

/// Sends an email code for `purpose` to the user's address and returns the
/// masked address. The code is stored before sending, and removed again
/// when sending fails, so a failure leaves no pending state behind.
pub fn send_email_code(
    ctx: &Context,
    store: &Store,
    user_name: &str,
    purpose: Purpose,
    session: Option<String>,
) -> Result<String> {
    let cfg = ctx.config.email()?.clone();
    let rules = ctx.limits.email_codes;
    let now = ctx.now();
    let reserved = store.write(|tx| {
        let mut user = load_user(tx, user_name)?;
        let address = match purpose {
            Purpose::Enroll => user.enrollment_address(),
            Purpose::Verify(_) => user.email.as_deref(),
        };
        let Some(address) = address.map(str::to_string) else {
            return Ok(Settled::Refused(anyhow::Error::from(
                Error::denied(format!("{user_name} has no email address")).hint(format!(
                    "an admin can set one: stepup user set {user_name} --email ADDR"
                )),
            )));
        };
        if let Err(e) = may_send_email(&user, now, &rules, purpose) {
            return Ok(Settled::Refused(e));
        }
        let previous = (user.mfa.challenge.clone(), user.mfa.last_email_sent);
        let (mut challenge, code) =
            Challenge::issue(purpose, now, &rules, session.clone(), &*ctx.rng)
                .map_err(Error::from)?;
        // A resend voids the previous code but keeps its failure count.
        if let Some(old) = previous.0.as_ref().filter(|c| c.purpose == purpose) {
            challenge.tries = old.tries;
        }
        user.mfa.challenge = Some(challenge.clone());
        user.mfa.last_email_sent = Some(now);
        tx.put_user(&user)?;
        Ok(Settled::Done((code, address, challenge, previous)))
    })?;
    let (code, address, challenge, previous) = reserved.into_result()?;
    let what = match purpose {
        Purpose::Verify(action) => action.description(),
        Purpose::Enroll => "confirm email as your verification method".into(),
    };
    let sent = mail::send(
        &cfg,
        &CodeMail {
            issuer: &ctx.config.issuer,
            to: &address,
            user: user_name,
            code: &code,
            purpose: &what,
            expires_at: challenge.expires_at,
            lifetime_minutes: rules.lifetime / 60,
        },
    );
    let outcome = if sent.is_ok() {
        Outcome::Ok
    } else {
        Outcome::Failed
    };
    store.write(|tx| {
        if sent.is_err()
            && let Some(mut user) = tx.user(user_name)?
            && user.mfa.challenge.as_ref() == Some(&challenge)
        {
            // The code never reached the user: put things back as they were.
            user.mfa.challenge = previous.0;
            user.mfa.last_email_sent = previous.1;
            tx.put_user(&user)?;
        }
        tx.audit_event(
            &Event::new(now, "email.send", outcome)
                .user(user_name)
                .method("email")
                .detail(what),
        )
    })?;
    sent?;
    Ok(mask_email(&address))
}

/// The note shown after a recovery code was used.
pub fn recovery_note(verified: Option<Verified>) -> Option<String> {
    match verified? {
        Verified::Recovery { remaining, .. } if remaining <= recovery::WARN_AT => Some(format!(
            "warning: recovery code used; only {remaining} left. Get a new set: stepup recovery regenerate"
        )),
        Verified::Recovery { remaining, .. } => {
            Some(format!("Recovery code used; {remaining} left."))
        }
        _ => None,
    }
}

/// Adds the verification fields to JSON output.
pub fn verified_fields<T>(
    out: crate::io::output::Outcome,
    done: &Done<T>,
) -> crate::io::output::Outcome {
    let verified = done.verified;
    let mut out = out.field("verified_with", done.verified_with());
    if let Some(until) = done.fresh_until {
        out = out.field("fresh_until", until.rfc3339());
    }
    match verified {
        Some(Verified::Recovery { remaining, .. }) => {
            let out = out.field("recovery_remaining", remaining);
            match recovery_note(verified) {
                Some(n) => out.note(n),
                None => out,
            }
        }
        _ => out,
    }
}

#[cfg(test)]
mod tests {
    //! The step-up driver in-process: a scripted person at the prompt, a
    //! fixed clock, a real database in a temporary folder.
    use super::*;
    use crate::config::Config;
    use crate::domain::account::TotpMethod;
    use crate::domain::names::Role;
    use crate::domain::settings::Settings;
    use crate::domain::time::{Clock, Timestamp};
    use crate::domain::totp::TotpSecret;
    use crate::io::input::{Prompt, StdinLines};
    use std::cell::RefCell;
    use std::rc::Rc;

    const NOW: Timestamp = Timestamp(1_800_000_000);

    struct Fixed;
    impl Clock for Fixed {
        fn now(&self) -> Timestamp {
            NOW
        }
    }

    /// Answers from a list; what it was asked and told goes to `log`.
    struct Person {
        answers: Vec<String>,
        log: Rc<RefCell<Vec<String>>>,
    }

    impl Prompt for Person {
        fn secret(&mut self, label: &str) -> Result<zeroize::Zeroizing<String>> {
            self.line(label)
        }
        fn line(&mut self, label: &str) -> Result<zeroize::Zeroizing<String>> {
            self.log.borrow_mut().push(format!("? {label}"));
            Ok(zeroize::Zeroizing::new(self.answers.remove(0)))
        }
        fn choose(&mut self, title: &str, _items: &[String]) -> Result<usize> {
            self.log.borrow_mut().push(format!("menu {title}"));
            Ok(0)
        }
        fn say(&mut self, text: &str) {
            self.log.borrow_mut().push(text.to_string());
        }
    }

    fn workspace_with_alice(dir: &std::path::Path, secret: &TotpSecret) -> Store {
        let db = crate::store::Location::File(dir.join("ws.redb"));
        let options = crate::store::Options::plain(
            std::time::Duration::from_secs(5),
            Settings::default(),
            false,
        );
        let mut alice = User::new("alice", None, Role::Member, String::new(), NOW);
        alice.mfa.totp = Some(TotpMethod {
            secret: secret.clone(),
            enabled_at: NOW,
        });
        Store::create(&db, &options, |tx| {
            tx.put_workspace(&Workspace::new(NOW, Settings::default()))?;
            tx.put_user(&alice)
        })
        .unwrap();
        Store::open(&db, &options).unwrap()
    }

    fn context(dir: &std::path::Path, answers: &[&str]) -> (Context, Rc<RefCell<Vec<String>>>) {
        let log = Rc::new(RefCell::new(Vec::new()));
        let ctx = Context {
            json: false,
            interactive: true,
            config: Config::default(),
            limits: Settings::default(),
            location: crate::store::Location::File(dir.join("ws.redb")),
            clock: Box::new(Fixed),
            rng: std::sync::Arc::new(crate::domain::secret::OsRandomness),
            prompt: Box::new(Person {
                answers: answers.iter().map(|a| a.to_string()).collect(),
                log: log.clone(),
            }),
            stdin: StdinLines::from_bytes(b"").unwrap(),
            grace_notice: std::cell::Cell::new(None),
            key: None,
            key_missing: None,
            as_marked: false,
            idle: Default::default(),
            reads_session: false,
            writes_first: None,
        };
        (ctx, log)
    }

    #[test]
    fn a_wrong_code_at_the_prompt_asks_again_and_the_right_one_runs_the_action_once() {
        let dir = tempfile::tempdir().unwrap();
        let secret = TotpSecret::from_bytes([9; 20]);
        let store = workspace_with_alice(dir.path(), &secret);
        let good = secret.code_at(NOW.0);
        let wrong = if good == "000000" { "000001" } else { "000000" };
        let (mut ctx, log) = context(dir.path(), &[wrong, &good]);
        let args = CodeArgs::default();
        let req = Request::new(
            Action::ChangePassword,
            "alice",
            &args,
            "stepup passwd".into(),
        );
        let mut runs = 0;
        let done = run_sensitive(&mut ctx, &store, &req, &|_, _| Ok(()), |_, _, _, v, at| {
            runs += 1;
            assert_eq!(at, NOW, "the action gets the time of the check");
            Ok(v)
        })
        .unwrap();
        assert_eq!(runs, 1);
        assert!(matches!(done.verified, Some(Verified::Totp)));
        let log = log.borrow();
        assert_eq!(
            log.iter()
                .filter(|l| l.starts_with("? Code from your authenticator app"))
                .count(),
            2,
            "{log:?}"
        );
        assert!(log.iter().any(|l| l.ends_with("Try again.")), "{log:?}");
        // The wrong try was counted, then the success reset the count.
        let alice = store.read().unwrap().user("alice").unwrap().unwrap();
        assert_eq!(alice.throttle.failures, 0);
        assert_eq!(alice.mfa.totp_last_step, Some(NOW.0 / 30));
    }

    #[test]
    fn an_action_that_fails_after_its_code_was_checked_spends_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let secret = TotpSecret::from_bytes([9; 20]);
        let store = workspace_with_alice(dir.path(), &secret);
        let (mut ctx, _) = context(dir.path(), &[]);
        let args = CodeArgs {
            code: Some(secret.code_at(NOW.0)),
            ..CodeArgs::default()
        };
        let req = Request::new(
            Action::ChangePassword,
            "alice",
            &args,
            "stepup passwd".into(),
        );
        // The action needs randomness (a new password hash) and gets none.
        let err = run_sensitive(&mut ctx, &store, &req, &|_, _| Ok(()), |_, u, _, _, _| {
            u.password_hash = "changed".into();
            Err::<(), _>(
                crate::error::Error::from(crate::domain::secret::RandomnessError(
                    "test source ran dry".into(),
                ))
                .into(),
            )
        })
        .err()
        .unwrap();
        assert_eq!(crate::error::exit_code(&err), crate::error::exit::FAILURE);
        // The transaction rolled back: the step is unspent, the hash unchanged.
        let alice = store.read().unwrap().user("alice").unwrap().unwrap();
        assert_eq!(alice.mfa.totp_last_step, None);
        assert_eq!(alice.password_hash, "");
        // So the same code still works for the same action.
        let done = run_sensitive(&mut ctx, &store, &req, &|_, _| Ok(()), |_, _, _, v, _| {
            Ok(v)
        });
        assert!(matches!(done.unwrap().verified, Some(Verified::Totp)));
    }

    #[test]
    fn without_a_prompt_a_missing_code_is_exit_10_and_nothing_runs() {
        let dir = tempfile::tempdir().unwrap();
        let store = workspace_with_alice(dir.path(), &TotpSecret::from_bytes([9; 20]));
        let (mut ctx, _) = context(dir.path(), &[]);
        ctx.interactive = false;
        let args = CodeArgs::default();
        let req = Request::new(
            Action::ChangePassword,
            "alice",
            &args,
            "stepup passwd".into(),
        );
        let err = run_sensitive(
            &mut ctx,
            &store,
            &req,
            &|_, _| Ok(()),
            |_, _, _, _, _| -> Result<()> { panic!("the action ran without a code") },
        )
        .err()
        .unwrap();
        assert_eq!(
            crate::error::exit_code(&err),
            crate::error::exit::CODE_REQUIRED
        );
    }
}
