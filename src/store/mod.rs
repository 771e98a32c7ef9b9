//! The store: where a workspace is kept, behind one seam. Commands see a
//! workspace through two traits, [`View`] (reads) and [`Writes`] (changes
//! inside one transaction), and through [`Store`], which opens the backend
//! that the database location names and runs transactions on it:
//!
//! - [`file`]: one embedded redb file, the default;
//! - [`postgres`]: a PostgreSQL database shared by many machines.
//!
//! Both give the same guarantees: every command's check-and-change happens
//! in one transaction, a busy database is waited for (bounded, then exit 4),
//! the schema version is checked, and nothing is ever half-written.

pub mod file;
pub mod location;
mod pg_client;
pub mod postgres;
pub mod record;
pub mod witness;

pub use file::{looks_like_a_database, phantom_key_of};
pub use location::Location;

use crate::domain::account::{User, Workspace};
use crate::domain::audit::Event;
use crate::domain::chain::Link;
use crate::domain::notify::Notice;
use crate::domain::seal::{KeyId, SealKey};
use crate::domain::session::{self, Session};
use crate::domain::settings::Settings;
use crate::domain::throttle::Throttle;
use crate::domain::time::Timestamp;
use crate::error::Result;
use std::sync::Arc;
use std::time::Duration;

/// The schema this build writes. Schema 1 (the first release: no settings,
/// actions or phantom key in the workspace) is read as it is and upgraded in
/// place by the first write, in that write's transaction.
pub const SCHEMA_VERSION: u32 = 2;

/// How many phantom slots there are (see [`phantom_slot`]).
pub const PHANTOM_SLOTS: u64 = 10_000;

/// Read access, shared by read and write transactions.
pub trait View {
    fn workspace(&self) -> Result<Workspace>;
    fn user(&self, name: &str) -> Result<Option<User>>;
    /// Every user, in name order.
    fn users(&self) -> Result<Vec<User>>;
    fn session(&self, key: &[u8; 32]) -> Result<Option<Session>>;
    /// Every session of `user` with its storage key, oldest first.
    fn sessions_of(&self, user: &str) -> Result<Vec<([u8; 32], Session)>>;
    /// The newest `limit` events (about `user`, if given), oldest first.
    fn audit(&self, user: Option<&str>, limit: usize) -> Result<Vec<Event>>;

    /// Every event with its link in the chain, in the order stored.
    fn audit_chain(&self) -> Result<Vec<(Event, Option<Link>)>>;
    /// What is wrong around the log that its chain does not show, for
    /// `audit verify`: the file's index by name (an entry missing or
    /// added); on PostgreSQL, a trigger, rule, inheriting table, row
    /// security or view on stepup's tables that stepup did not make.
    fn audit_index_problem(&self) -> Result<Option<String>> {
        Ok(None)
    }
    /// The key of the audit chain: derived from the secrets key when the
    /// workspace is sealed, else the constant of an unkeyed chain.
    fn chain_key(&self) -> zeroize::Zeroizing<Vec<u8>>;
    /// The key the workspace is sealed with, if it is.
    fn sealed_with(&self) -> Option<KeyId>;
    /// Which of `names` are users (for an import: one question, not one
    /// per line).
    fn taken(&self, names: &[String]) -> Result<std::collections::HashSet<String>> {
        let mut out = std::collections::HashSet::new();
        for n in names {
            if self.user(n)?.is_some() {
                out.insert(n.clone());
            }
        }
        Ok(out)
    }
}

/// Changes, made inside the one transaction of [`Store::write`].
pub trait Writes: View {
    fn put_workspace(&mut self, ws: &Workspace) -> Result<()>;
    /// Saves a user. On PostgreSQL, what the user record spends (a recovery
    /// code, a TOTP step, an email code) is spent by a guarded statement:
    /// a concurrent spend makes the transaction fail, never succeed twice.
    fn put_user(&mut self, user: &User) -> Result<()>;
    /// Adds a user; false when the name is taken.
    fn insert_new_user(&mut self, user: &User) -> Result<bool>;
    /// Adds many users (an import); returns the names that were taken.
    /// A backend may do it in a few statements instead of one per user.
    fn insert_new_users(&mut self, users: &[User]) -> Result<Vec<String>> {
        let mut taken = Vec::new();
        for u in users {
            if !self.insert_new_user(u)? {
                taken.push(u.name.clone());
            }
        }
        Ok(taken)
    }
    fn remove_user(&mut self, name: &str) -> Result<bool>;
    fn put_session(&mut self, key: &[u8; 32], session: &Session) -> Result<()>;
    fn remove_session(&mut self, key: &[u8; 32]) -> Result<bool>;
    /// Removes every session of `user` except `keep`; returns how many went.
    /// Damaged session records are removed too: a session never outlives a
    /// doubt about whose it is.
    fn remove_sessions_of(&mut self, user: &str, keep: Option<&[u8; 32]>) -> Result<usize>;
    /// Removes sessions that have expired at `now` (and damaged ones): a
    /// sweep, whose count nothing waits for (PostgreSQL sends it with the
    /// next statement).
    fn remove_expired_sessions(&mut self, now: Timestamp, limits: &session::Limits) -> Result<()>;
    /// The throttle of a name that is not a user: the one of its slot
    /// (default when unseen).
    fn phantom_throttle(&mut self, name: &str) -> Result<Throttle>;
    /// Stores the throttle of a name that is not a user in its slot.
    fn put_phantom_throttle(&mut self, name: &str, throttle: &Throttle) -> Result<()>;
    /// Appends an event to the audit log.
    fn audit_event(&mut self, event: &Event) -> Result<()>;
    /// Marks the workspace as moved to `to` (by `migrate`): from the commit
    /// on, every command here fails naming `to`.
    fn freeze(&mut self, to: &str) -> Result<()>;
    /// Marks the workspace as an unfinished copy of the one at `from`
    /// (`migrate` writes its copy so, and clears the mark once the source
    /// is frozen): while marked, every command here fails (see
    /// [`Migration::ArrivingFrom`]). None clears the mark.
    fn set_arriving(&mut self, from: Option<&str>) -> Result<()>;
    /// Seals everything again with `to` (None: back to plain records), in
    /// this transaction: every secret (file: every record), a new key for
    /// the phantom slots, the audit chain keyed anew. What follows in the
    /// transaction is written with `to`.
    fn reseal(&mut self, to: Option<Arc<SealKey>>) -> Result<Resealed>;
    /// Queues a notice in the outbox (sent after the command's reply).
    fn push_notice(&mut self, notice: &Notice) -> Result<()> {
        let mut all = self.take_notices()?;
        all.push(notice.clone());
        self.put_notices(&all)
    }
    /// Empties the outbox; returns what was in it, oldest first.
    fn take_notices(&mut self) -> Result<Vec<Notice>>;
    /// Replaces the outbox.
    fn put_notices(&mut self, notices: &[Notice]) -> Result<()>;
}

/// What [`Writes::reseal`] sealed again.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Resealed {
    pub users: u64,
    /// TOTP secrets and pending enrollments.
    pub secrets: u64,
    pub sessions: u64,
    /// Audit events whose chain link was computed again.
    pub events: u64,
}

/// The audit chain's key under the secrets key (or the unkeyed constant),
/// for both backends.
pub(crate) fn chain_key_of(key: Option<&SealKey>) -> zeroize::Zeroizing<Vec<u8>> {
    zeroize::Zeroizing::new(match key {
        Some(k) => k.derive("audit-chain").to_vec(),
        None => crate::domain::chain::UNKEYED.to_vec(),
    })
}

/// Refuses to key a chain anew (`key` commands) while it is broken: the
/// new links would hide where it broke.
pub fn refuse_broken_chain<'a>(
    key: &[u8],
    events: impl Iterator<Item = (&'a Event, Option<&'a Link>)>,
) -> Result<()> {
    use crate::domain::chain::{self, Verdict};
    match chain::verify(key, events) {
        Verdict::Whole { .. } => Ok(()),
        Verdict::Broken { position, why } => Err(crate::error::Error::failure(format!(
            "the audit chain is broken at position {position} ({why}); a new key would hide that"
        ))
        .hint("see `stepup audit verify`; keep a copy of the log, then ask for help before sealing again")
        .into()),
    }
}

/// Checks the key this process has against the one the workspace is
/// sealed with, and returns the key its records are read with. Fails
/// closed: a sealed workspace without its key, or a key the workspace was
/// never sealed with, is exit 1. With `as_marked` (the `key` commands),
/// an unsealed workspace opens plain whatever the config says.
pub fn check_sealing(
    at: &str,
    marker: Option<KeyId>,
    options: &Options,
) -> Result<Option<Arc<SealKey>>> {
    use crate::error::Error;
    let key = options.key.as_ref();
    match (marker, key) {
        (None, None) => Ok(None),
        (None, Some(_)) if options.as_marked => Ok(None),
        (Some(m), Some(k)) if m == k.id() => Ok(Some(Arc::clone(k))),
        (None, Some(k)) => Err(Error::failure(format!(
            "the config's [secrets] key_file holds key {}, but the workspace in {at} is not sealed",
            k.id()
        ))
        .hint("seal it with `stepup key init PATH` (as an admin), or remove [secrets] from the config")
        .into()),
        (Some(m), None) => Err(Error::failure(format!(
            "the workspace in {at} is sealed with key {m}, and the config names no [secrets] key_file"
        ))
        .hint("set [secrets] key_file = PATH in the config to the key file made by `stepup key init PATH` (it is never \"no MFA\" without it)")
        .into()),
        (Some(m), Some(k)) => Err(Error::failure(format!(
            "the workspace in {at} is sealed with key {m}, but the config's [secrets] key_file holds key {}",
            k.id()
        ))
        .hint("point [secrets] key_file at the key the workspace was sealed with (after a rotation, the new one)")
        .into()),
    }
}

/// A write transaction, whichever backend runs it.
pub type WriteTx<'a> = dyn Writes + 'a;

/// A read snapshot, whichever backend took it.
pub type ReadTx<'a> = Box<dyn View + 'a>;

impl<T: View + ?Sized> View for Box<T> {
    fn workspace(&self) -> Result<Workspace> {
        (**self).workspace()
    }
    fn user(&self, name: &str) -> Result<Option<User>> {
        (**self).user(name)
    }
    fn users(&self) -> Result<Vec<User>> {
        (**self).users()
    }
    fn session(&self, key: &[u8; 32]) -> Result<Option<Session>> {
        (**self).session(key)
    }
    fn sessions_of(&self, user: &str) -> Result<Vec<([u8; 32], Session)>> {
        (**self).sessions_of(user)
    }
    fn audit(&self, user: Option<&str>, limit: usize) -> Result<Vec<Event>> {
        (**self).audit(user, limit)
    }
    fn audit_chain(&self) -> Result<Vec<(Event, Option<Link>)>> {
        (**self).audit_chain()
    }
    fn audit_index_problem(&self) -> Result<Option<String>> {
        (**self).audit_index_problem()
    }
    fn chain_key(&self) -> zeroize::Zeroizing<Vec<u8>> {
        (**self).chain_key()
    }
    fn sealed_with(&self) -> Option<KeyId> {
        (**self).sealed_with()
    }
    fn taken(&self, names: &[String]) -> Result<std::collections::HashSet<String>> {
        (**self).taken(names)
    }
}

/// How a write transaction ends when what it wrote must stay whether the
/// command then succeeds or not (a failed attempt counted, an audit event):
/// the transaction commits either way, and `Refused` fails the command
/// afterwards ("commit, then fail").
#[must_use]
pub enum Settled<T, E = anyhow::Error> {
    Done(T),
    Refused(E),
}

impl<T, E> Settled<T, E> {
    /// The value, or the refusal as the command's error.
    pub fn into_result(self) -> std::result::Result<T, E> {
        match self {
            Settled::Done(v) => Ok(v),
            Settled::Refused(e) => Err(e),
        }
    }
}

/// How much room one table takes.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TableSize {
    pub table: &'static str,
    pub entries: u64,
    /// Bytes of keys and values.
    pub stored_bytes: u64,
    /// Bytes of B-tree branches and other metadata.
    pub metadata_bytes: u64,
    /// Bytes lost to partly filled pages.
    pub fragmented_bytes: u64,
    pub pages: u64,
}

/// How to reach the database and how long to wait for it.
#[derive(Clone, Debug)]
pub struct Options {
    /// How long a command waits for a busy (or unreachable) database.
    pub busy_timeout: Duration,
    /// The settings a schema-1 file is read with, and upgraded to.
    pub upgrade_settings: Settings,
    /// Open every file handle of a file workspace now (the database for
    /// writing, its lock file): in system mode the process gives up the
    /// right to open them right after.
    pub hold_open: bool,
    /// The secrets key (`[secrets] key_file`), if the config names one.
    pub key: Option<Arc<SealKey>>,
    /// Open the workspace as it is sealed, whatever `key` says (the `key`
    /// commands, which change it; a sealed one still needs its key).
    pub as_marked: bool,
    /// The key of the session the command will read first, if it reads
    /// one: PostgreSQL reads it (and its user) with its first statement.
    pub session: Option<[u8; 32]>,
    /// The user a command's first write reads, when that write comes before
    /// any read but the workspace's (login): PostgreSQL begins the write,
    /// with its lock, in its first message and reads them there, one round
    /// trip less. A read that comes first after all ends it unused.
    pub writes_first: Option<String>,
    /// Open a workspace that a `migrate` froze or has not finished copying
    /// (`migrate` itself, to finish or undo one), instead of failing; see
    /// [`Store::migration`].
    pub migrating: bool,
}

/// Where a workspace stands in a `migrate`, if it is in one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Migration {
    /// It was moved to this location, and is frozen here.
    MovedTo(String),
    /// It is a copy of the workspace at this location that `migrate` has
    /// not finished: the source is not frozen yet (or was, and the mark
    /// could not be cleared). No command uses it, so that no code is
    /// spent in two places.
    ArrivingFrom(String),
}

/// Sessions a login looks at (the file) or removes (PostgreSQL) for
/// expiry: a bounded amount of work whatever the size of the table, many
/// times the one session a login adds, so expired ones never pile up (they
/// are refused when used anyway).
pub(crate) const SWEEP_BATCH: usize = 16;

impl Migration {
    /// Reads the marks `open` found (fails closed on both at once).
    pub(crate) fn of(
        at: &str,
        moved_to: Option<String>,
        arriving_from: Option<String>,
    ) -> Result<Option<Migration>> {
        match (moved_to, arriving_from) {
            (None, None) => Ok(None),
            (Some(to), None) => Ok(Some(Migration::MovedTo(to))),
            (None, Some(from)) => Ok(Some(Migration::ArrivingFrom(from))),
            (Some(to), Some(from)) => Err(crate::error::Error::failure(format!(
                "the workspace in {at} is marked both as moved to {} and as an unfinished copy of {}",
                crate::domain::names::printable(&to),
                crate::domain::names::printable(&from)
            ))
            .hint("it is used nowhere until that is sorted out: ask for help, with both databases at hand")
            .into()),
        }
    }

    /// The error of a command on a workspace in this state.
    pub(crate) fn refusal(&self, at: &str) -> anyhow::Error {
        match self {
            Migration::MovedTo(to) => moved(at, to),
            Migration::ArrivingFrom(from) => {
                let from = crate::domain::names::printable(from);
                crate::error::Error::failure(format!(
                    "{at} holds an unfinished copy of the workspace in {from} (a move that did not end), and is not used"
                ))
                .hint(format!(
                    "where {from} is used, run the same `stepup migrate --to URL_OR_PATH` again, as root: it finishes the move if {from} is frozen, and otherwise removes this copy and moves it anew"
                ))
                .into()
            }
        }
    }
}

impl Options {
    /// These options, opening a workspace in a `migrate` too (see
    /// [`Options::migrating`]).
    pub fn in_migration(&self) -> Options {
        Options {
            migrating: true,
            ..self.clone()
        }
    }

    /// Options with no key.
    pub fn plain(busy_timeout: Duration, upgrade_settings: Settings, hold_open: bool) -> Options {
        Options {
            busy_timeout,
            upgrade_settings,
            hold_open,
            key: None,
            as_marked: false,
            session: None,
            writes_first: None,
            migrating: false,
        }
    }
}

/// Ends the open store's read snapshot while the command waits for a
/// person: on PostgreSQL an open transaction would hold a server
/// connection (a pooler's, for everyone) for as long as someone types. The
/// next read begins a new snapshot. A file's read transaction holds nothing
/// another process waits for, so there it does nothing; so does one made
/// before any store was opened.
#[derive(Default)]
pub struct Idler(Option<postgres::PgIdler>);

impl Idler {
    pub fn idle(&self) {
        if let Some(i) = &self.0 {
            i.idle();
        }
    }
}

/// An open workspace, on one of the backends.
pub enum Store {
    File(file::FileStore),
    Postgres(Box<postgres::PgStore>),
}

impl Store {
    /// Creates a new workspace at `location`, filled by `init` in one
    /// transaction; refuses when one exists there.
    pub fn create(
        location: &Location,
        options: &Options,
        init: impl FnOnce(&mut WriteTx) -> Result<()>,
    ) -> Result<()> {
        match location {
            Location::File(path) => file::FileStore::create(path, options, init),
            Location::Postgres(url) => postgres::PgStore::create(url, options, init),
        }
    }

    /// Opens the workspace at `location` and checks its schema version.
    pub fn open(location: &Location, options: &Options) -> Result<Store> {
        Ok(match location {
            Location::File(path) => Store::File(file::FileStore::open(path, options)?),
            Location::Postgres(url) => {
                Store::Postgres(Box::new(postgres::PgStore::open(url, options)?))
            }
        })
    }

    /// Where the workspace stands in a `migrate` (opened with
    /// [`Options::migrating`]; otherwise a workspace in one is not opened).
    pub fn migration(&self) -> Option<&Migration> {
        match self {
            Store::File(s) => s.migration(),
            Store::Postgres(s) => s.migration(),
        }
    }

    /// Removes the unfinished copy of the workspace at `from` that
    /// `migrate` left at `location` (the file, or stepup's tables); fails,
    /// touching nothing, when `location` holds anything else.
    pub fn discard_arrival(location: &Location, options: &Options, from: &str) -> Result<()> {
        match location {
            Location::File(path) => file::FileStore::discard_arrival(path, options, from),
            Location::Postgres(url) => postgres::PgStore::discard_arrival(url, options, from),
        }
    }

    /// What ends the read snapshot before a prompt (see [`Idler`]).
    pub fn idler(&self) -> Idler {
        match self {
            Store::File(_) => Idler(None),
            Store::Postgres(s) => Idler(Some(s.idler())),
        }
    }

    /// A consistent snapshot for reading.
    pub fn read(&self) -> Result<ReadTx<'_>> {
        Ok(match self {
            Store::File(s) => Box::new(s.read()?),
            Store::Postgres(s) => Box::new(s.read()?),
        })
    }

    /// Runs `f` in one write transaction and commits it when `f` returns Ok;
    /// an Err rolls it back, leaving the workspace as it was.
    pub fn write<T>(&self, f: impl FnOnce(&mut WriteTx) -> Result<T>) -> Result<T> {
        match self {
            Store::File(s) => s.write(f),
            Store::Postgres(s) => s.write(f),
        }
    }

    /// The size of every table.
    pub fn table_sizes(&self) -> Result<Vec<TableSize>> {
        match self {
            Store::File(s) => s.read()?.table_sizes(),
            Store::Postgres(s) => s.table_sizes(),
        }
    }

    /// Bytes the workspace takes where it is stored.
    pub fn size_on_disk(&self) -> Result<u64> {
        match self {
            Store::File(s) => Ok(s.size_on_disk()),
            Store::Postgres(s) => s.size_on_disk(),
        }
    }

    /// Closes the store and measures it then (closing writes redb's
    /// allocator state, so a file is measured once it is closed).
    pub fn close_and_measure(self) -> Result<u64> {
        match self {
            Store::File(s) => {
                let path = s.path().to_path_buf();
                drop(s);
                Ok(std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0))
            }
            Store::Postgres(s) => s.size_on_disk(),
        }
    }

    /// Gives unused room back (redb: the free pages at the end of the file;
    /// PostgreSQL: VACUUM of stepup's tables).
    pub fn compact(&mut self) -> Result<()> {
        match self {
            Store::File(s) => s.compact(),
            Store::Postgres(s) => s.compact(),
        }
    }
}

/// The slot of a name that is not a user, chosen with the workspace's key.
pub fn phantom_slot(key: &[u8; 32], name: &str) -> u64 {
    let hash = crate::domain::secret::sha256(&[b"stepup-phantom-v2", key, name.as_bytes()]);
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash[..8]);
    u64::from_le_bytes(first) % PHANTOM_SLOTS
}

/// The answer of a workspace that `migrate` moved elsewhere: every command
/// there fails, so that no code can be spent in both places.
pub(crate) fn moved(from: &str, to: &str) -> anyhow::Error {
    crate::error::Error::failure(format!(
        "the workspace in {from} was moved to {} and is frozen here",
        crate::domain::names::printable(to)
    ))
    .hint(format!(
        "point --db, STEPUP_DB or the config's [database] at {}",
        crate::domain::names::printable(to)
    ))
    .into()
}
