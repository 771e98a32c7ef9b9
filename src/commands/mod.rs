//! One handler per verb: arguments in, domain calls, output out. This module
//! holds what every handler shares: the [`Context`] of a run (configuration,
//! the database path, the time, where input comes from) and the resolution
//! of the caller's session.

mod account;
mod action;
mod audit;
mod bulk;
mod exec;
mod key;
mod method;
mod migrate;
pub mod module;
pub mod notify;
mod other;
mod policy;
mod recovery;
mod sessions;
mod settings;
mod system;
mod user;
mod verify;

use crate::cli::{CodeArgs, Command, GlobalArgs};
use crate::config::Config;
use crate::domain::account::{User, Workspace};
use crate::domain::code::{CodeInput, parse_code};
use crate::domain::names::{canonical_user_name, method_names, printable};
use crate::domain::password::{self, Password, Rejection};
use crate::domain::seal::SealKey;
use crate::domain::secret::{OsRandomness, Randomness};
use crate::domain::session::{self, Token};
use crate::domain::settings::Settings;
use crate::domain::time::{Clock, SystemClock, Timestamp};
use crate::error::{Error, Result};
use crate::io::input::{Prompt, StdinLines, TerminalPrompt};
use crate::io::output::Outcome;
use crate::io::paths;
use crate::store::{Idler, Location, Store, View};
use std::cell::RefCell;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

/// Runs a parsed command line.
pub fn run(command: Command, global: &GlobalArgs) -> Result<Outcome> {
    // Commands that need neither configuration nor database.
    match &command {
        Command::Completions(args) => return other::completions(args),
        Command::TotpCode(args) => return other::totp_code(args, &SystemClock),
        _ => {}
    }
    if let Command::System(cmd) = command {
        return system::run(cmd, global);
    }
    let mut ctx = Context::new(global)?;
    let outcome = dispatch(&mut ctx, command)?;
    // A user inside a grace period hears how long is left, on every command.
    Ok(match ctx.grace_notice.get() {
        Some(until) => outcome
            .field("grace_until", until.rfc3339())
            .note(grace_line(until, ctx.now())),
        None => outcome,
    })
}

/// The one line a user inside the grace period gets.
pub fn grace_line(until: Timestamp, now: Timestamp) -> String {
    let left = until.0.saturating_sub(now.0);
    let (n, unit) = if left >= 86_400 {
        (left.div_ceil(86_400), "day")
    } else if left >= 3600 {
        (left.div_ceil(3600), "hour")
    } else if left >= 60 {
        (left.div_ceil(60), "minute")
    } else {
        (left.max(1), "second")
    };
    format!(
        "note: MFA is required here; set up a method within {n} {unit}{} (until {}), or this account can then only enroll one: stepup method enable totp",
        if n == 1 { "" } else { "s" },
        until.rfc3339()
    )
}

fn dispatch(ctx: &mut Context, command: Command) -> Result<Outcome> {
    ctx.reads_session = !matches!(
        command,
        Command::Init(_) | Command::Login(_) | Command::FlushNotices
    );
    match command {
        Command::Init(args) => account::init(ctx, &args),
        Command::Login(args) => account::login(ctx, &args),
        Command::Logout(_) => account::logout(ctx),
        Command::Whoami(_) => account::whoami(ctx),
        Command::Passwd(args) => account::passwd(ctx, &args),
        Command::Method(cmd) => method::run(ctx, cmd),
        Command::Recovery(cmd) => recovery::run(ctx, cmd),
        Command::Policy(cmd) => policy::run(ctx, cmd),
        Command::User(cmd) => user::run(ctx, cmd),
        Command::Session(cmd) => sessions::run(ctx, cmd),
        Command::Settings(cmd) => settings::run(ctx, cmd),
        Command::Action(cmd) => action::run(ctx, cmd),
        Command::Key(cmd) => key::run(ctx, cmd),
        Command::FlushNotices => notify::flush(ctx),
        Command::Audit(args) if args.check.is_some() => audit::verify(ctx),
        Command::Audit(args) => audit::run(ctx, &args),
        Command::Stats(_) => audit::stats(ctx),
        Command::Compact(_) => audit::compact(ctx),
        Command::Migrate(args) => migrate::run(ctx, &args),
        Command::Verify(args) => exec::verify(ctx, &args),
        Command::Exec(args) => exec::exec(ctx, &args),
        Command::Completions(_) | Command::TotpCode(_) | Command::System(_) => {
            unreachable!("handled above")
        }
    }
}

/// Everything a handler needs about this run.
pub struct Context {
    pub json: bool,
    /// Whether prompts may be shown (a terminal, and no --no-input).
    pub interactive: bool,
    pub config: Config,
    /// The limits that apply to this caller: the workspace's settings, made
    /// stricter where the caller's config asks (set by [`Context::open`];
    /// before that, the config's values, which `init` starts from).
    pub limits: Settings,
    /// Where the workspace is (a file or a PostgreSQL database).
    pub location: Location,
    /// Read right before each check: prompts can take minutes.
    pub clock: Box<dyn Clock>,
    /// Where every secret stepup makes (codes, salts, tokens) comes from.
    pub rng: std::sync::Arc<dyn Randomness>,
    pub prompt: Box<dyn Prompt>,
    pub stdin: StdinLines,
    /// The end of the grace period the caller is inside, to tell them
    /// (set by [`Context::caller`] and `login`).
    pub grace_notice: std::cell::Cell<Option<Timestamp>>,
    /// The secrets key (`[secrets] key_file`), read once.
    pub key: Option<Arc<SealKey>>,
    /// `[secrets] key_file` names a file that is not there: every command
    /// but `key init` fails closed.
    pub key_missing: Option<PathBuf>,
    /// Open the workspace as it is sealed (the `key` commands).
    pub as_marked: bool,
    /// Ends the open store's read snapshot: `prompt` calls it before each
    /// wait for a person, a handler before any other long wait.
    pub idle: Rc<RefCell<Idler>>,
    /// The command authenticates the caller by a session: the store may
    /// read that session with its first statement.
    pub reads_session: bool,
    /// The command's first write reads this user before the command reads
    /// anything but the workspace (see `store::Options::writes_first`).
    pub writes_first: Option<String>,
}

/// A prompt that first ends the database's read snapshot (see [`Idler`]):
/// what was read is checked again in the write that follows.
struct IdleFirst {
    inner: Box<dyn Prompt>,
    idle: Rc<RefCell<Idler>>,
}

impl IdleFirst {
    fn around(inner: Box<dyn Prompt>, idle: &Rc<RefCell<Idler>>) -> Box<dyn Prompt> {
        Box::new(IdleFirst {
            inner,
            idle: idle.clone(),
        })
    }
}

impl Prompt for IdleFirst {
    fn secret(&mut self, label: &str) -> Result<zeroize::Zeroizing<String>> {
        self.idle.borrow().idle();
        self.inner.secret(label)
    }
    fn line(&mut self, label: &str) -> Result<zeroize::Zeroizing<String>> {
        self.idle.borrow().idle();
        self.inner.line(label)
    }
    fn choose(&mut self, title: &str, items: &[String]) -> Result<usize> {
        self.idle.borrow().idle();
        self.inner.choose(title, items)
    }
    fn say(&mut self, text: &str) {
        self.inner.say(text);
    }
}

/// Where a session token is looked for.
enum TokenSource {
    Env(std::ffi::OsString),
    File(PathBuf),
}

/// What a command requires of the caller's session.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// Any session, an enrollment-only one included (`whoami`, `logout`,
    /// `method enable`).
    Enroll,
    /// A full session.
    Member,
    /// A full session of an admin.
    Admin,
    /// A session of an admin, an enrollment-only one included (`policy
    /// show` and `policy allow`: the way back when their methods are not
    /// allowed).
    AdminMayEnroll,
}

/// The user behind the session running this command.
pub struct Caller {
    pub user: User,
    pub workspace: Workspace,
    pub token: Token,
    /// Hex of the session's storage key: binds pending enrollments.
    pub session_id: String,
    pub expires_at: Timestamp,
    /// Where the token came from, to tidy up on logout.
    pub token_file: Option<PathBuf>,
    /// The end of the grace period the user is inside (no method yet under
    /// `required`), if any.
    pub grace_until: Option<Timestamp>,
}

impl Caller {
    /// Whether the session may only enroll (not inside a grace period).
    pub fn enrollment_only(&self) -> bool {
        self.user.enrollment_only(&self.workspace) && self.grace_until.is_none()
    }
}

/// An `--email` value, checked (a usage error when it is not an address).
pub fn email_address(raw: Option<&str>) -> Result<Option<String>> {
    raw.map(crate::domain::names::check_email)
        .transpose()
        .map_err(|e| Error::usage(e.to_string()).into())
}

/// The error every handler gives when the name does not parse.
pub fn user_name(raw: &str) -> Result<String> {
    canonical_user_name(raw).map_err(|e| Error::usage(e.to_string()).into())
}

/// Where the workspace is: `--db` > `STEPUP_DB` > the config's
/// `[database]` > the default file. A PostgreSQL password comes only from
/// the config (its `url`, or `password_file`).
fn database_location(global: &GlobalArgs, config: &Config) -> Result<Location> {
    use crate::config::DatabaseAt;
    use crate::store::location::Given;
    let mut location = match (&global.db, &config.database) {
        (Some(raw), _) => Location::parse(raw.as_os_str(), Given::FlagOrEnv)?,
        (None, Some(DatabaseAt::Path(p))) => Location::File(p.clone()),
        (None, Some(DatabaseAt::Url(u))) => {
            Location::parse(std::ffi::OsStr::new(u), Given::Config).map_err(|e| {
                // The config's own words, never its password.
                let msg = crate::error::find(&e).map_or_else(|| e.to_string(), |k| k.to_string());
                Error::failure(format!("bad configuration: {msg}"))
            })?
        }
        (None, None) => Location::File(paths::default_db()?),
    };
    with_config_credentials(&mut location, config)?;
    Ok(location)
}

/// Gives a PostgreSQL location the TLS authorities (`[database] ca_file`) and the password of the config's
/// `[database] password_file` (a 0600 file of the caller's own).
pub fn with_config_credentials(location: &mut Location, config: &Config) -> Result<()> {
    with_credentials(location, config, crate::system::mode().is_some())
}

/// [`with_config_credentials`]; with `root_files` (system mode, the PAM
/// module) the password and CA files must be root's, as the config is.
pub fn with_credentials(location: &mut Location, config: &Config, root_files: bool) -> Result<()> {
    if let Location::Postgres(url) = location {
        url.ca_file.clone_from(&config.ca_file);
    }
    let system = root_files;
    if let (true, Location::Postgres(url)) = (system, &mut *location) {
        if let Some(ca) = &url.ca_file {
            let (pem, _) =
                crate::system::read_root_file(ca, crate::system::Trust::RootWritable, 1 << 20)?;
            url.ca_pem = Some(pem);
        }
        // A password goes to no server that has not proven who it is: on
        // TCP without TLS, anyone on the host who takes the port while the
        // server is down would be handed it.
        if config.password_file.is_some() || url.config.get_password().is_some() {
            let tcp = url
                .config
                .get_hosts()
                .iter()
                .any(|h| matches!(h, tokio_postgres::config::Host::Tcp(_)));
            if tcp && url.tls == crate::store::location::Tls::Disable {
                return Err(Error::failure(format!(
                    "refusing to send the database password to {} without TLS: in system mode (and PAM) a server must prove who it is",
                    url.shown
                ))
                .hint("use sslmode=verify-full with a [database] ca_file, or a Unix socket (host=/var/run/postgresql)")
                .into());
            }
        }
    }
    if let (Location::Postgres(url), Some(file)) = (location, &config.password_file) {
        let bytes = if system {
            // 0640 root:stepup: read with the group, never the caller's own.
            crate::system::read_root_file(file, crate::system::Trust::Secret, 4096)?.0
        } else {
            paths::read_private(file, 4096)?.ok_or_else(|| {
                Error::failure(format!(
                    "the config's [database] password_file {} does not exist",
                    file.display()
                ))
            })?
        };
        let text = zeroize::Zeroizing::new(String::from_utf8_lossy(&bytes).into_owned());
        url.config.password(text.trim_end_matches(['\n', '\r']));
    }
    Ok(())
}

/// The key in a key file: 32 bytes, in a file checked like the password
/// file (yours and 0600; in system mode and PAM root's, 0640 root:stepup at
/// most). None when there is no file.
pub fn read_key_file(path: &Path, root_files: bool) -> Result<Option<SealKey>> {
    let bytes = if root_files {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            _ => zeroize::Zeroizing::new(
                crate::system::read_root_file(path, crate::system::Trust::Secret, 64)?.0,
            ),
        }
    } else {
        match paths::read_private(path, 64)? {
            None => return Ok(None),
            Some(b) => zeroize::Zeroizing::new(b),
        }
    };
    SealKey::from_bytes(&bytes).map(Some).map_err(|e| {
        Error::failure(format!(
            "the key file {} is not usable: {e}",
            path.display()
        ))
        .into()
    })
}

/// The config's `[secrets] key_file`: the key, or the path that is missing.
fn config_key(
    config: &Config,
    root_files: bool,
) -> Result<(Option<Arc<SealKey>>, Option<PathBuf>)> {
    match &config.key_file {
        None => Ok((None, None)),
        Some(path) => match read_key_file(path, root_files)? {
            Some(k) => Ok((Some(Arc::new(k)), None)),
            None => Ok((None, Some(path.clone()))),
        },
    }
}

impl Context {
    pub fn new(global: &GlobalArgs) -> Result<Context> {
        // System mode: only the root-owned config says where the workspace
        // is; the caller's flags, variables and XDG folders do not.
        let config = if crate::system::mode().is_some() {
            crate::system::refuse_overrides(global)?;
            Config::load_system()?
        } else {
            Config::load(global.config.as_deref(), paths::default_config())?
        };
        let location = database_location(global, &config)?;
        let interactive = !global.no_input && std::io::stdin().is_terminal();
        Context::with(
            config,
            location,
            global.json,
            interactive,
            crate::system::mode().is_some(),
        )
    }

    /// A context for the PAM module: the given config and workspace, no
    /// prompts (codes come through the PAM conversation, by the two-step
    /// flow), nothing read from the environment.
    pub fn for_module(config: Config, location: Location) -> Result<Context> {
        Context::with(config, location, false, false, true)
    }

    /// A context on `config` and `location`; `root_files`: the key file
    /// must be root's (system mode, the PAM module).
    fn with(
        config: Config,
        location: Location,
        json: bool,
        interactive: bool,
        root_files: bool,
    ) -> Result<Context> {
        let (key, key_missing) = config_key(&config, root_files)?;
        notify::configure(&config);
        let limits = config.initial_settings().map_err(|e| {
            Error::failure(format!("bad configuration: {e}"))
                .hint("fix the file, or see `man stepup` (CONFIGURATION) for every key")
        })?;
        let idle = Rc::new(RefCell::new(Idler::default()));
        Ok(Context {
            json,
            interactive,
            limits,
            config,
            location,
            clock: Box::new(SystemClock),
            rng: std::sync::Arc::new(OsRandomness),
            prompt: IdleFirst::around(Box::new(TerminalPrompt), &idle),
            stdin: StdinLines::new(),
            grace_notice: std::cell::Cell::new(None),
            key,
            key_missing,
            as_marked: false,
            idle,
            reads_session: false,
            writes_first: None,
        })
    }

    /// How the store is opened: the busy timeout, and the settings a
    /// first-version file is upgraded to.
    pub fn store_options(&self, upgrade_settings: Settings) -> crate::store::Options {
        crate::store::Options {
            busy_timeout: self.config.busy_timeout,
            upgrade_settings,
            hold_open: crate::system::mode().is_some(),
            key: self.key.clone(),
            as_marked: self.as_marked,
            // A token that cannot be read is reported by `caller`.
            session: match (&self.location, self.reads_session) {
                (Location::Postgres(_), true) => {
                    self.session_token().ok().map(|(t, _)| t.storage_key())
                }
                _ => None,
            },
            writes_first: self.writes_first.clone(),
            migrating: false,
        }
    }

    /// Fails closed when the config names a key file that is not there
    /// (but for the `key` commands, which may make it).
    pub fn require_key_file(&self) -> Result<()> {
        match (&self.key_missing, self.as_marked) {
            (Some(path), false) => Err(Error::failure(format!(
                "the config's [secrets] key_file {} does not exist",
                path.display()
            ))
            .hint(format!(
                "restore the key file, or make it and seal the workspace with `stepup key init {}`",
                path.display()
            ))
            .into()),
            _ => Ok(()),
        }
    }

    /// Whether one-time codes and method choices are asked at a prompt; with
    /// `--json` they come by the two-step flow (exit 10) instead.
    pub fn prompts_for_codes(&self) -> bool {
        self.interactive && !self.json
    }

    /// The current time.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Opens the workspace and takes its limits: the workspace's settings,
    /// made stricter for this caller where the config asks for that; a
    /// looser config value is ignored with a warning naming the key.
    pub fn open(&mut self) -> Result<Store> {
        let upgrade = self.config.initial_settings().map_err(Error::failure)?;
        self.require_key_file()?;
        let options = self.store_options(upgrade);
        // (A later open of the same command reads first.)
        self.writes_first = None;
        let store = match (&self.location, crate::system::mode()) {
            (_, None) => Store::open(&self.location, &options)?,
            // System mode: the file is opened with the group, every handle
            // at once, and then the group is given up for good; PostgreSQL
            // needs no group (its password was read already).
            (Location::File(_), Some(_)) => {
                let store = crate::system::privileged(|| Store::open(&self.location, &options))?;
                crate::system::give_up_for_good()?;
                store
            }
            (Location::Postgres(_), Some(_)) => {
                crate::system::give_up_for_good()?;
                Store::open(&self.location, &options)?
            }
        };
        *self.idle.borrow_mut() = store.idler();
        let workspace = store.read()?.workspace()?.settings;
        let (limits, ignored) = workspace.stricter_for_caller(&self.config.limits);
        for i in ignored {
            eprintln!(
                "warning: the config's `{}` = {} is looser than the workspace's {} and is ignored (an admin changes it with `stepup settings set {} VALUE`)",
                i.key.name, i.value, i.workspace, i.key.name
            );
        }
        self.limits = limits;
        Ok(store)
    }

    /// A password to verify: from standard input with `--password-stdin`,
    /// else from a prompt on a terminal, else a usage error naming the flag.
    pub fn password(&mut self, from_stdin: bool, label: &str, what: &str) -> Result<Password> {
        let raw = if from_stdin {
            self.stdin.next(what)?
        } else if self.interactive {
            self.prompt.secret(label)?
        } else {
            return Err(no_terminal(what));
        };
        let pw = Password::new(&raw);
        match pw.check_length() {
            Err(Rejection::Empty) => Err(Error::usage(format!("{what} is empty")).into()),
            Err(Rejection::Blank) => {
                Err(Error::usage(format!("{what} is only white space")).into())
            }
            Err(Rejection::TooLong(n)) => Err(Error::usage(format!(
                "{what} has {n} characters; passwords have at most {}",
                password::MAX_LEN
            ))
            .into()),
            // Too short cannot be right either, but saying so would tell an
            // attacker nothing they need; treat it as a wrong password.
            _ => Ok(pw),
        }
    }

    /// A new password for `user`, checked against the rules. On a terminal
    /// it is asked twice.
    pub fn new_password(&mut self, from_stdin: bool, user: &str, what: &str) -> Result<Password> {
        if from_stdin {
            let pw = Password::new(&self.stdin.next(what)?);
            pw.check_new(user).map_err(|r| rejected(&r))?;
            Ok(pw)
        } else if self.interactive {
            // A refused password or a mistyped repeat asks again (three
            // times), with the same wording each time.
            let mut tries = 0;
            loop {
                tries += 1;
                let pw = Password::new(&self.prompt.secret(&format!("New password for {user}"))?);
                // Checked before asking again: no point repeating a refused one.
                let problem = match pw.check_new(user) {
                    Err(r) => Some(rejected(&r)),
                    Ok(()) => {
                        let again = self.prompt.secret("Repeat the new password")?;
                        if Password::new(&again).as_str() == pw.as_str() {
                            return Ok(pw);
                        }
                        Some(Error::usage("the two passwords differ").into())
                    }
                };
                if let Some(e) = problem {
                    if tries >= 3 {
                        return Err(e);
                    }
                    self.prompt.say(&format!("{e}. Try again."));
                }
            }
        } else {
            Err(no_terminal(what))
        }
    }

    /// The one-time code given with `--code` (`-` reads the next line of
    /// standard input), parsed; None when not given.
    pub fn code(&mut self, args: &CodeArgs) -> Result<Option<CodeInput>> {
        let Some(raw) = &args.code else {
            return Ok(None);
        };
        let text = if raw == "-" {
            self.stdin.next("the one-time code")?
        } else {
            zeroize::Zeroizing::new(raw.clone())
        };
        Ok(Some(parse_code(&text).map_err(Error::from)?))
    }

    /// Reads a code at the prompt; asks again (three times at most) when
    /// what was typed is not a code at all.
    pub fn prompt_code(&mut self, label: &str) -> Result<CodeInput> {
        for _ in 0..3 {
            let raw = self.prompt.line(label)?;
            match parse_code(&raw) {
                Ok(code) => return Ok(code),
                Err(e) => self.prompt.say(&e.to_string()),
            }
        }
        Err(Error::usage("no valid code after three tries").into())
    }

    /// The caller's session, checked: it exists, has not expired, its user
    /// still exists, and it may run a command needing `access`.
    pub fn caller(&self, store: &Store, access: Access) -> Result<Caller> {
        let (token, token_file) = self.session_token()?;
        let key = token.storage_key();
        let limits = self.limits.session;
        let tx = store.read()?;
        let not_logged_in = || -> anyhow::Error {
            Error::denied("your session has ended (logged out, expired or revoked)")
                .hint("log in again: stepup login NAME")
                .into()
        };
        let session = tx.session(&key)?.ok_or_else(not_logged_in)?;
        let now = self.now();
        if let Err(mismatch) = self.check_binding(&session) {
            drop(tx);
            return Err(self.refuse_session(store, &session, &mismatch, now));
        }
        let expires_at = match session.status(now, &limits) {
            session::Status::Active { .. } => session.expires_at_if_used(now, &limits),
            status => {
                store.write(|w| w.remove_session(&key).map(|_| ()))?;
                let why = if status == session::Status::Idle {
                    "your session expired after being unused for too long"
                } else {
                    "your session reached its maximum lifetime"
                };
                return Err(Error::denied(why)
                    .hint("log in again: stepup login NAME")
                    .into());
            }
        };
        let user = tx.user(&session.user)?.ok_or_else(not_logged_in)?;
        let workspace = tx.workspace()?;
        drop(tx);
        if session.should_touch(now) {
            store.write(|w| {
                if let Some(mut s) = w.session(&key)? {
                    s.last_used = now;
                    w.put_session(&key, &s)?;
                }
                Ok(())
            })?;
        }
        let grace_until = user.in_grace(&workspace, now);
        self.grace_notice.set(grace_until);
        let caller = Caller {
            session_id: crate::domain::secret::hex(&key),
            user,
            workspace,
            token,
            expires_at,
            token_file,
            grace_until,
        };
        let may_enroll = match access {
            Access::Enroll => true,
            Access::AdminMayEnroll => caller.user.is_admin(),
            Access::Member | Access::Admin => false,
        };
        if !may_enroll && caller.enrollment_only() {
            return Err(enroll_first(&caller.workspace));
        }
        if matches!(access, Access::Admin | Access::AdminMayEnroll) && !caller.user.is_admin() {
            return Err(Error::denied("this command is for admins")
                .hint("ask an admin of the workspace")
                .into());
        }
        Ok(caller)
    }

    /// The binding a new session gets: in system mode, this machine and
    /// the caller's real uid; outside it, none.
    pub fn session_binding(&self) -> Result<Option<session::Binding>> {
        if crate::system::mode().is_none() {
            return Ok(None);
        }
        Ok(Some(session::Binding {
            machine: crate::system::machine_id()?,
            uid: crate::system::real_uid(),
        }))
    }

    /// Whether this process may present `session` (see
    /// [`session::Session::check_binding`]).
    fn check_binding(&self, s: &session::Session) -> std::result::Result<(), session::Mismatch> {
        let system_mode = crate::system::mode().is_some();
        if s.bound.is_none() && !system_mode {
            return Ok(());
        }
        let machine = crate::system::machine_id().ok();
        s.check_binding(&session::Presenter {
            system_mode,
            uid: crate::system::real_uid(),
            machine: machine.as_deref(),
        })
    }

    /// Refuses a session presented by another OS user or machine, and
    /// puts that in the audit log (the session itself stays: its owner may
    /// still use it).
    fn refuse_session(
        &self,
        store: &Store,
        s: &session::Session,
        mismatch: &session::Mismatch,
        now: Timestamp,
    ) -> anyhow::Error {
        use crate::domain::audit::{Event, Outcome};
        let (message, detail) = match mismatch {
            session::Mismatch::OtherUser {
                bound_uid,
                presented_uid,
            } => (
                "this session belongs to another user of this machine".to_string(),
                format!("session of uid {bound_uid} presented by uid {presented_uid}"),
            ),
            session::Mismatch::OtherMachine => (
                "this session was made on another machine".to_string(),
                format!(
                    "session presented by uid {} on another machine",
                    crate::system::real_uid()
                ),
            ),
            session::Mismatch::Unbound => (
                "this session was not made by stepup in system mode on this machine".to_string(),
                format!(
                    "unbound session presented by uid {} in system mode",
                    crate::system::real_uid()
                ),
            ),
        };
        let event = Event::new(now, "session.refused", Outcome::Denied)
            .user(&s.user)
            .detail(&detail);
        if let Err(e) = store.write(|w| w.audit_event(&event)) {
            return e;
        }
        Error::denied(message)
            .hint("log in yourself, on this machine: stepup login NAME")
            .into()
    }

    /// Whether the caller holds a session token at all (`STEPUP_SESSION` or
    /// a session file), valid or not.
    pub fn has_session_token(&self) -> Result<bool> {
        Ok(match self.token_source()? {
            TokenSource::Env(_) => true,
            TokenSource::File(file) => std::fs::symlink_metadata(file).is_ok(),
        })
    }

    /// Where the session token comes from: `STEPUP_SESSION`, else the
    /// session file of this database.
    fn token_source(&self) -> Result<TokenSource> {
        match std::env::var_os("STEPUP_SESSION").filter(|v| !v.is_empty()) {
            Some(raw) => Ok(TokenSource::Env(raw)),
            None => Ok(TokenSource::File(paths::session_file(&self.location)?)),
        }
    }

    /// The session token: `STEPUP_SESSION`, else the session file.
    fn session_token(&self) -> Result<(Token, Option<PathBuf>)> {
        let malformed = |source: &str| -> anyhow::Error {
            Error::denied(format!("the session token in {source} is malformed"))
                .hint("log in again: stepup login NAME")
                .into()
        };
        let file = match self.token_source()? {
            TokenSource::Env(raw) => {
                return Token::parse(&raw.to_string_lossy())
                    .map(|t| (t, None))
                    .ok_or_else(|| malformed("STEPUP_SESSION"));
            }
            TokenSource::File(file) => file,
        };
        let Some(text) = paths::read_private(&file, 4096)? else {
            return Err(Error::denied("you are not logged in")
                .hint("log in first: stepup login NAME")
                .into());
        };
        let text = String::from_utf8_lossy(&text);
        let token = Token::parse(&text).ok_or_else(|| malformed(&file.display().to_string()))?;
        Ok((token, Some(file)))
    }
}

fn no_terminal(what: &str) -> anyhow::Error {
    Error::usage(format!("no terminal to ask for {what}"))
        .hint("pass it on standard input with --password-stdin")
        .into()
}

fn rejected(r: &Rejection) -> anyhow::Error {
    Error::usage(format!("password refused: {r}"))
        .hint("choose a longer passphrase that is not a common password or your user name")
        .into()
}

/// The hint when the workspace allows no method at all.
pub const NO_METHOD_ALLOWED: &str = "no method is allowed at the moment; ask an admin";

/// The refusal an enrollment-only session gets for everything but enrolling.
pub fn enroll_first(ws: &Workspace) -> anyhow::Error {
    let allowed: Vec<&str> = method_names(&ws.allowed);
    let how = if allowed.is_empty() {
        NO_METHOD_ALLOWED.to_string()
    } else {
        format!(
            "enable one first: stepup method enable {}",
            allowed.join("|")
        )
    };
    Error::denied("MFA is required in this workspace and you have no allowed verification method")
        .hint(how)
        .into()
}

/// Looks up a user for an admin command, or says who is missing.
pub fn existing_user(tx: &(impl View + ?Sized), name: &str) -> Result<User> {
    tx.user(name)?.ok_or_else(|| {
        Error::usage(format!("there is no user named '{}'", printable(name)))
            .hint("see the users with: stepup user list")
            .into()
    })
}
