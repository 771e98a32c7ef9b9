//! The file backend: one redb file holding the workspace, users, sessions
//! and the audit log. This module owns the tables, the schema version of the
//! file and what happens when another process is busy with it.
//!
//! The file is opened in redb's `MultiWriter` mode so several stepup
//! processes can use it at once: a process that finds it busy waits and
//! retries for a bounded time (`database.busy_timeout_ms`), then gives up with
//! exit 4. Each command makes its changes in one write transaction, so a
//! failure or a crash leaves nothing half-written.

use super::witness::{self as wit, BUCKETS, TAG};
use super::{
    Resealed, SCHEMA_VERSION, TableSize, View, Writes, chain_key_of, phantom_slot, record,
};
use crate::domain::account::{User, Workspace};
use crate::domain::audit::Event;
use crate::domain::chain::{self, Link};
use crate::domain::seal::{KeyId, SealKey};
use crate::domain::secret::OsRandomness;
use crate::domain::session::{self, Session};
use crate::domain::settings::Settings;
use crate::domain::throttle::Throttle;
use crate::domain::time::Timestamp;
use crate::error::{Error, Result};
use crate::io::paths::Existing;
use anyhow::Context;
use redb::{
    Builder, ConcurrencyMode, Database, ReadOnlyDatabase, ReadableDatabase, ReadableTable,
    ReadableTableMetadata, TableDefinition, TableHandle, TransactionError,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
const USERS: TableDefinition<&str, &[u8]> = TableDefinition::new("users");
const SESSIONS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("sessions");
const AUDIT: TableDefinition<u64, &[u8]> = TableDefinition::new("audit");
/// The events each name is in (as actor or user), for `audit --user`:
/// (name, event number). Built from the log once, by the first write that
/// finds it missing (META `audit_by_name`), then kept by every event.
const AUDIT_BY_NAME: TableDefinition<(&str, u64), ()> = TableDefinition::new("audit_by_name");
const KEY_AUDIT_INDEX: &str = "audit_by_name";
/// META: the session key the last login's bounded sweep of expired
/// sessions stopped at (the next one goes on from there).
const KEY_SWEEP: &str = "session_sweep_from";
/// META: set once the audit log is chained (a log from before is chained
/// by the first write, once).
const KEY_AUDIT_CHAIN: &str = "audit_chain";
/// Throttling of login attempts for names that are not users, so they
/// answer like real accounts: a fixed number of slots, each holding the
/// hash of the name it is about, chosen by that hash (constant time per
/// attempt, bounded size; a name whose slot was taken over starts afresh).
const PHANTOMS: TableDefinition<u64, &[u8]> = TableDefinition::new("phantom_slots");
/// In a sealed workspace: the generation each user and session record was
/// last written in, and the workspace's own ("w"), each sealed. A record
/// read must be of the generation its witness names: a record swapped for
/// an older copy of itself (one page pointer redirected) is refused, and so
/// is one that comes back after it was removed.
const WITNESS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("witness");
/// META: the id of the key every record is sealed with (plain, so that a
/// process without the key can say which one it needs).
const KEY_SEALED: &str = "sealed_with";
/// META (sealed workspaces): the root over the witnesses. Each witness key
/// starts with its bucket (a byte of a hash of the rest); the root holds,
/// per bucket, the XOR of a keyed tag of every witness in it, and is
/// rewritten by every transaction with its generation. A witness read is
/// checked against the root through its whole bucket, so a record put back
/// together with its old witness is refused too: only the whole file rolled
/// back, root and workspace record included, goes unseen.
const KEY_ROOT: &str = "witness_root";
#[derive(Serialize, Deserialize)]
struct WitnessRoot {
    #[serde(with = "crate::domain::secret::b64_bytes")]
    acc: [u8; BUCKETS * TAG],
}

/// What a slot holds: the throttle of every unknown name that lands in it.
/// A name never takes a slot over from another (that reset the count and
/// told unknown names from real ones); the slot is chosen with a key only
/// this workspace knows, so nobody can search for names that share one.
#[derive(serde::Serialize, serde::Deserialize)]
struct PhantomSlot {
    throttle: Throttle,
}

/// The secret that keys the choice of phantom slots.
#[derive(serde::Serialize, serde::Deserialize)]
struct PhantomKey {
    #[serde(with = "crate::domain::secret::b64_bytes")]
    key: [u8; 32],
}

const KEY_SCHEMA: &str = "schema_version";
const KEY_WORKSPACE: &str = "workspace";
const KEY_PHANTOM: &str = "phantom_key";
const KEY_MOVED: &str = "moved_to";
const KEY_ARRIVING: &str = "arriving_from";
/// Notices waiting to be sent (see `domain::notify`).
const KEY_OUTBOX: &str = "outbox";

/// The workspace record as schema 1 wrote it.
#[derive(serde::Deserialize)]
struct WorkspaceV1 {
    policy: crate::domain::names::Policy,
    allowed: Vec<crate::domain::names::Method>,
    created_at: Timestamp,
}

impl WorkspaceV1 {
    fn upgraded(self, settings: Settings) -> Workspace {
        Workspace {
            policy: self.policy,
            allowed: self.allowed,
            ..Workspace::new(self.created_at, settings)
        }
    }
}

/// An open workspace database.
///
/// Reads go through a read-only handle: opening and closing a read-write
/// redb handle writes and syncs the file header several times, which a
/// command that only reads should not pay for. The read-write handle is
/// opened on the first write.
pub struct FileStore {
    reader: Option<ReadOnlyDatabase>,
    writer: OnceCell<Database>,
    /// `<database>.lock`, opened on the first write (or at open, with
    /// `hold_open`).
    lock: OnceCell<std::fs::File>,
    /// The database file, for its size, when the process may not open it
    /// by name later (system mode).
    measure: Option<std::fs::File>,
    path: PathBuf,
    busy_timeout: Duration,
    /// The schema of the file as opened (1 until the first write upgrades it).
    schema: std::cell::Cell<u32>,
    /// The settings a schema-1 workspace is read with, and upgraded to.
    upgrade_settings: Settings,
    /// The key records are sealed with (None: plain records).
    key: Option<Arc<SealKey>>,
    /// Where the workspace stands in a `migrate` (see [`super::Migration`]).
    /// (Boxed: it is rare, and the store is kept small.)
    migration: Option<Box<super::Migration>>,
}

fn builder() -> Builder {
    let mut b = Builder::new();
    b.set_concurrency_mode(ConcurrencyMode::MultiWriter);
    // The cache only needs to hold what one command touches.
    b.set_cache_size(16 * 1024 * 1024);
    b
}

fn busy(path: &Path) -> anyhow::Error {
    Error::busy(format!("the database {} stayed busy", path.display()))
        .hint("another stepup process is writing to it; try again in a moment")
        .into()
}

fn damaged(path: &Path, what: impl std::fmt::Display) -> anyhow::Error {
    Error::failure(format!(
        "the database {} is damaged: {what}",
        path.display()
    ))
    .hint("restore it from a backup; stepup will not guess at damaged data")
    .into()
}

/// Turns a redb error into a user-facing one.
fn storage_error(path: &Path, err: impl Into<redb::Error>) -> anyhow::Error {
    let err: redb::Error = err.into();
    match &err {
        redb::Error::Corrupted(_) | redb::Error::TableTypeMismatch { .. } => damaged(path, &err),
        redb::Error::DatabaseAlreadyOpen | redb::Error::WouldBlock => busy(path),
        // redb's "Not a redb database": the file is something else, and no
        // permission would help.
        redb::Error::Io(io) if io.to_string().contains("Not a redb database") => {
            not_a_database(path)
        }
        redb::Error::Io(io) => {
            Error::failure(format!("cannot use the database {}: {io}", path.display()))
                .hint(
                    "check that the file and its folder exist and are readable and writable by you",
                )
                .into()
        }
        _ => Error::failure(format!("cannot use the database {}: {err}", path.display()))
            .hint("it may be damaged or not a stepup database")
            .into(),
    }
}

impl FileStore {
    /// Creates a new database at `path`, filled by `init` in one transaction.
    /// Refuses when the file exists. The file is built under a temporary
    /// name and linked into place only when complete, so a failed `init`
    /// leaves nothing behind and a concurrent one cannot be overwritten.
    pub fn create(
        path: &Path,
        options: &super::Options,
        init: impl FnOnce(&mut dyn Writes) -> Result<()>,
    ) -> Result<()> {
        let busy_timeout = options.busy_timeout;
        if path.exists() {
            return Err(exists(path));
        }
        let result = crate::io::paths::write_private_with(path, Existing::Keep, |file| {
            let file = file.try_clone().context("cannot create the database")?;
            let db = builder()
                .create_with_backend(
                    redb::backends::FileBackend::new(file).map_err(|e| storage_error(path, e))?,
                )
                .map_err(|e| storage_error(path, e))?;
            let store = FileStore {
                reader: None,
                writer: OnceCell::from(db),
                lock: OnceCell::new(),
                measure: None,
                path: path.to_path_buf(),
                busy_timeout,
                schema: std::cell::Cell::new(SCHEMA_VERSION),
                upgrade_settings: Settings::default(),
                key: options.key.clone(),
                migration: None,
            };
            store.write_file(|tx| {
                tx.table(META)?
                    .insert(KEY_SCHEMA, SCHEMA_VERSION.to_le_bytes().as_slice())
                    .map_err(|e| storage_error(&tx.path, e))?;
                if let Some(k) = &tx.key {
                    tx.mark_sealed(Some(k.id()))?;
                }
                tx.put_phantom_key()?;
                // Every table exists from the start, so readers never miss one.
                tx.table(USERS)?;
                tx.table(SESSIONS)?;
                tx.table(AUDIT)?;
                init(tx)
            })
        });
        match result {
            Err(e) if crate::io::paths::is_already_exists(&e) => Err(exists(path)),
            other => other,
        }
    }

    /// Opens an existing database, waiting up to `busy_timeout` while another
    /// process holds it, and checks its schema version. A schema-1 file is
    /// read with `upgrade_settings` as its settings and upgraded to them by
    /// the first write.
    pub fn open(path: &Path, options: &super::Options) -> Result<FileStore> {
        let (busy_timeout, upgrade_settings) = (options.busy_timeout, options.upgrade_settings);
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => {
                return Err(Error::failure(format!("{} is not a file", path.display()))
                    .hint("point --db or STEPUP_DB at a stepup database file")
                    .into());
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::failure(format!("no stepup database at {}", path.display()))
                    .hint("create one with `stepup init --admin NAME`, or point --db or STEPUP_DB at an existing one")
                    .into());
            }
            Err(e) => {
                return Err(Error::failure(format!(
                    "cannot use the database {}: {e}",
                    path.display()
                ))
                .into());
            }
        }
        // A read-only handle refuses a file a crashed writer left behind;
        // then the read-write open repairs it, and serves reads too.
        let (reader, writer) = match builder().open_read_only(path) {
            Ok(_) if options.hold_open => (None, OnceCell::from(open_writer(path, busy_timeout)?)),
            Ok(reader) => (Some(reader), OnceCell::new()),
            Err(_) => (None, OnceCell::from(open_writer(path, busy_timeout)?)),
        };
        let lock = OnceCell::new();
        let mut measure = None;
        if options.hold_open {
            let _ = lock.set(open_lock_file(path, false)?);
            measure = std::fs::File::open(path).ok();
        }
        let store = FileStore {
            reader,
            writer,
            lock,
            measure,
            path: path.to_path_buf(),
            busy_timeout,
            schema: std::cell::Cell::new(SCHEMA_VERSION),
            upgrade_settings,
            key: None,
            migration: None,
        };
        let at = path.display().to_string();
        let (version, marker, migration) = {
            let tx = store.read()?;
            let version = tx.schema_version()?;
            let migration =
                super::Migration::of(&at, tx.meta_text(KEY_MOVED)?, tx.meta_text(KEY_ARRIVING)?)?;
            match &migration {
                Some(m) if !options.migrating => return Err(m.refusal(&at)),
                _ => {}
            }
            (version, tx.marker()?, migration)
        };
        store.schema.set(version);
        let key = super::check_sealing(&at, marker, options)?;
        Ok(FileStore {
            key,
            migration: migration.map(Box::new),
            ..store
        })
    }

    /// Where the workspace stands in a `migrate` (see [`super::Migration`]).
    pub fn migration(&self) -> Option<&super::Migration> {
        self.migration.as_deref()
    }

    /// Removes the file at `path` if it is the unfinished copy of the
    /// workspace at `from` (see [`super::Store::discard_arrival`]).
    pub fn discard_arrival(path: &Path, options: &super::Options, from: &str) -> Result<()> {
        let options = super::Options {
            migrating: true,
            as_marked: true,
            hold_open: false,
            ..options.clone()
        };
        let store = FileStore::open(path, &options)?;
        if store.migration() != Some(&super::Migration::ArrivingFrom(from.to_string())) {
            return Err(Error::failure(format!(
                "{} is not an unfinished copy of the workspace in {from}; it is left as it is",
                path.display()
            ))
            .into());
        }
        drop(store);
        std::fs::remove_file(path)
            .with_context(|| format!("cannot remove the unfinished copy {}", path.display()))?;
        let _ = std::fs::remove_file(lock_path(path));
        Ok(())
    }

    /// The read-write handle, opened on first use.
    fn writer(&self) -> Result<&Database> {
        if let Some(db) = self.writer.get() {
            return Ok(db);
        }
        let db = open_writer(&self.path, self.busy_timeout)?;
        Ok(self.writer.get_or_init(|| db))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's size now.
    pub fn size_on_disk(&self) -> u64 {
        match &self.measure {
            Some(f) => f.metadata().map(|m| m.len()).unwrap_or(0),
            None => std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0),
        }
    }

    /// Gives the free pages at the end of the file back to the file system
    /// (redb keeps them for reuse otherwise). Other processes wait meanwhile.
    pub fn compact(&mut self) -> Result<()> {
        // redb's compaction waits for the writer lock without a limit: take
        // it first with the bounded wait, so a busy database gives exit 4.
        let (turn, txn) = self.begin_write_bounded()?;
        txn.abort().map_err(|e| storage_error(&self.path, e))?;
        let path = self.path.clone();
        let db = self.writer.get_mut().expect("opened above");
        while db.compact().map_err(|e| storage_error(&path, e))? {}
        drop(turn);
        Ok(())
    }

    /// A consistent snapshot for reading.
    pub fn read(&self) -> Result<FileRead> {
        let txn = match (&self.reader, self.writer.get()) {
            (_, Some(db)) => db.begin_read(),
            (Some(db), None) => db.begin_read(),
            (None, None) => self.writer()?.begin_read(),
        }
        .map_err(|e| storage_error(&self.path, e))?;
        Ok(FileRead {
            txn,
            path: self.path.clone(),
            v1_settings: (self.schema.get() < SCHEMA_VERSION).then_some(self.upgrade_settings),
            key: self.key.clone(),
            generation: std::cell::Cell::new(None),
            root: std::cell::RefCell::new(None),
            verified: std::cell::RefCell::new(std::collections::BTreeSet::new()),
        })
    }

    /// Runs `f` in one write transaction and commits it when `f` returns Ok;
    /// an Err aborts it, leaving the database as it was. Waits (bounded) for
    /// other processes' transactions to finish.
    pub fn write<T>(&self, f: impl FnOnce(&mut dyn Writes) -> Result<T>) -> Result<T> {
        self.write_file(|tx| f(tx))
    }

    fn write_file<T>(&self, f: impl FnOnce(&mut FileWrite) -> Result<T>) -> Result<T> {
        let (_turn, txn) = self.begin_write_bounded()?;
        let mut tx = FileWrite {
            txn,
            path: self.path.clone(),
            key: self.key.clone(),
            generation: 0,
            wrote_workspace: false,
            root: None,
            verified: std::cell::RefCell::new(std::collections::BTreeSet::new()),
        };
        let upgraded = self.schema.get() < SCHEMA_VERSION && tx.upgrade(self.upgrade_settings)?;
        tx.begin_generation()?;
        let value = f(&mut tx)?;
        tx.end_generation()?;
        tx.txn.commit().map_err(|e| storage_error(&self.path, e))?;
        if self.schema.get() < SCHEMA_VERSION {
            self.schema.set(SCHEMA_VERSION);
        }
        if upgraded {
            eprintln!(
                "note: upgraded the database {} from schema 1 to schema {SCHEMA_VERSION} (settings and actions are now kept in it; see `stepup settings show`)",
                self.path.display()
            );
        }
        Ok(value)
    }

    /// Begins a write transaction, waiting (bounded by the busy timeout) for
    /// other processes' transactions to finish. Writers wait their turn in
    /// the kernel's queue on the lock file (see [`Turn`]), so a waiting
    /// process is not starved by newcomers the way polling redb's lock was.
    fn begin_write_bounded(&self) -> Result<(Turn, redb::WriteTransaction)> {
        let deadline = Instant::now() + self.busy_timeout;
        let lock = match self.lock.get() {
            Some(f) => f,
            None => {
                let f = open_lock_file(&self.path, true)?;
                self.lock.get_or_init(|| f)
            }
        };
        let turn = Turn::wait(&self.path, lock, deadline)?;
        // Spread retries apart a little (only processes that do not take
        // turns, such as an older stepup, still compete here).
        let mut pause = Duration::from_micros(200 + u64::from(std::process::id() % 7) * 50);
        let db = self.writer()?;
        let txn = loop {
            match db.try_begin_write() {
                Ok(txn) => break txn,
                Err(TransactionError::WouldBlock) => {
                    if Instant::now() >= deadline {
                        return Err(busy(&self.path));
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(5));
                }
                Err(e) => return Err(storage_error(&self.path, e)),
            }
        };
        Ok((turn, txn))
    }
}

/// A writer's turn: an exclusive `flock` on `<database>.lock`, held from
/// before the write transaction begins until after it commits. Processes
/// that want to write block in the kernel until the lock is theirs, which
/// wakes waiters in turn, instead of polling redb's lock with back-off (where
/// a process could lose to newcomers for longer than the busy timeout). The
/// blocking call runs on a helper thread so the wait stays bounded; on
/// timeout the process gives up with exit 4 and its exit drops the lock.
struct Turn(std::fs::File);

/// Gives a database file and its lock file to root and `gid`, mode 0660
/// (system mode: members open them through the set-group-ID binary). The
/// lock file is made when missing. Symbolic links are refused.
pub fn share_with_group(db: &Path, gid: u32) -> Result<()> {
    use rustix::fs::{Gid, Mode, Uid};
    use std::os::unix::fs::OpenOptionsExt;
    let lock = lock_path(db);
    drop(open_lock_file(db, true)?);
    for path in [db, lock.as_path()] {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        rustix::fs::fchown(&file, Some(Uid::ROOT), Some(Gid::from_raw(gid)))
            .with_context(|| format!("cannot give {} to root and gid {gid}", path.display()))?;
        rustix::fs::fchmod(&file, Mode::from_raw_mode(0o660))
            .with_context(|| format!("cannot set the mode of {}", path.display()))?;
    }
    Ok(())
}

/// The lock file's name: `<database>.lock`.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Opens `<database>.lock`, creating it (0600) when `create` (system mode
/// does not: a member would own it; `init` and `system install` make it
/// root's, shared with the group).
fn open_lock_file(db: &Path, create: bool) -> Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = lock_path(db);
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(create)
        .truncate(false)
        .mode(0o600)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(&path)
        .map_err(|e| {
            let err = Error::failure(format!("cannot open the lock file {}: {e}", path.display()));
            if create {
                err.into()
            } else {
                err.hint("the host's administrator recreates it with `stepup system install` (see `stepup system check`)")
                    .into()
            }
        })
}

impl Turn {
    fn wait(db: &Path, lock: &std::fs::File, deadline: Instant) -> Result<Turn> {
        let path = lock_path(db);
        let file = lock
            .try_clone()
            .with_context(|| format!("cannot use the lock file {}", path.display()))?;
        let waiter = file
            .try_clone()
            .with_context(|| format!("cannot use the lock file {}", path.display()))?;
        if rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive).is_ok() {
            return Ok(Turn(file));
        }
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(rustix::fs::flock(
                &waiter,
                rustix::fs::FlockOperation::LockExclusive,
            ));
        });
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Ok(())) => Ok(Turn(file)),
            Ok(Err(e)) => Err(anyhow::Error::new(std::io::Error::from(e))
                .context(format!("cannot lock {}", path.display()))),
            Err(_) => Err(busy(db)),
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let _ = rustix::fs::flock(&self.0, rustix::fs::FlockOperation::Unlock);
    }
}

/// Opens the read-write handle. redb blocks while another process is inside
/// a write transaction and has no timeout of its own: open on a helper thread
/// and stop waiting after the busy timeout (the process then exits, thread
/// and all).
fn open_writer(path: &Path, busy_timeout: Duration) -> Result<Database> {
    let (tx, rx) = mpsc::channel();
    let owned = path.to_path_buf();
    let helper = std::thread::spawn(move || {
        let _ = tx.send(builder().open(&owned));
    });
    match rx.recv_timeout(busy_timeout) {
        Ok(Ok(db)) => {
            // Gone before the process goes on (system mode changes
            // credentials only while it has one thread).
            let _ = helper.join();
            Ok(db)
        }
        Ok(Err(e)) => Err(storage_error(path, e)),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(busy(path)),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(damaged(path, "redb failed while opening it"))
        }
    }
}

/// Whether the file at `path` starts like a redb database (its magic
/// number), for messages only.
pub fn looks_like_a_database(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 9];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| magic == *b"redb\x1A\x0A\xA9\x0D\x0A")
}

fn not_a_database(path: &Path) -> anyhow::Error {
    Error::failure(format!(
        "{} is not a stepup database (it is some other file)",
        path.display()
    ))
    .hint("point --db or STEPUP_DB at a stepup database, or create one with `stepup init --admin NAME`")
    .into()
}

fn exists(path: &Path) -> anyhow::Error {
    Error::denied(format!("a database already exists at {}", path.display()))
        .hint("stepup never overwrites one: choose another (new or empty) database, with --db for init, with --to for migrate")
        .into()
}

impl FileRead {
    /// The size of every table.
    pub fn table_sizes(&self) -> Result<Vec<TableSize>> {
        let mut out = Vec::new();
        macro_rules! size {
            ($def:expr, $name:expr) => {
                match self.txn.open_table($def) {
                    Ok(t) => {
                        let s = t.stats().map_err(|e| storage_error(&self.path, e))?;
                        out.push(TableSize {
                            table: $name,
                            entries: t.len().map_err(|e| storage_error(&self.path, e))?,
                            stored_bytes: s.stored_bytes(),
                            metadata_bytes: s.metadata_bytes(),
                            fragmented_bytes: s.fragmented_bytes(),
                            pages: s.leaf_pages() + s.branch_pages(),
                        });
                    }
                    // Created on first use (the throttle of unknown names).
                    Err(redb::TableError::TableDoesNotExist(_)) => {}
                    Err(e) => return Err(storage_error(&self.path, e)),
                }
            };
        }
        size!(META, "meta");
        size!(USERS, "users");
        size!(SESSIONS, "sessions");
        size!(AUDIT, "audit");
        size!(PHANTOMS, "phantom_slots");
        size!(WITNESS, "witness");
        Ok(out)
    }
}

fn decode_value<T: DeserializeOwned>(path: &Path, what: &str, bytes: &[u8]) -> Result<T> {
    record::decode(bytes).map_err(|e| damaged(path, format!("{what}: {e}")))
}

macro_rules! impl_view {
    ($ty:ty) => {
        impl View for $ty {
            fn workspace(&self) -> Result<Workspace> {
                let t = self.table(META)?;
                let v = t
                    .get(KEY_WORKSPACE)
                    .map_err(|e| storage_error(&self.path, e))?
                    .ok_or_else(|| damaged(&self.path, "the workspace record is missing"))?;
                match self.v1_settings() {
                    Some(settings) => {
                        let old: WorkspaceV1 =
                            decode_value(&self.path, "the workspace record", v.value())?;
                        Ok(old.upgraded(settings))
                    }
                    None => self.open_record(
                        "meta",
                        KEY_WORKSPACE.as_bytes(),
                        "the workspace record",
                        v.value(),
                    ),
                }
            }

            fn user(&self, name: &str) -> Result<Option<User>> {
                let t = self.table(USERS)?;
                let v = t.get(name).map_err(|e| storage_error(&self.path, e))?;
                v.map(|v| {
                    self.open_record(
                        "users",
                        name.as_bytes(),
                        &format!("the record of user {name}"),
                        v.value(),
                    )
                })
                .transpose()
            }

            fn users(&self) -> Result<Vec<User>> {
                let t = self.table(USERS)?;
                let mut out = Vec::new();
                for entry in t.iter().map_err(|e| storage_error(&self.path, e))? {
                    let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
                    out.push(self.open_record(
                        "users",
                        k.value().as_bytes(),
                        &format!("the record of user {}", k.value()),
                        v.value(),
                    )?);
                }
                Ok(out)
            }

            fn session(&self, key: &[u8; 32]) -> Result<Option<Session>> {
                let t = self.table(SESSIONS)?;
                let v = t
                    .get(key.as_slice())
                    .map_err(|e| storage_error(&self.path, e))?;
                v.map(|v| self.open_record("sessions", key, "a session record", v.value()))
                    .transpose()
            }

            fn sessions_of(&self, user: &str) -> Result<Vec<([u8; 32], Session)>> {
                let t = self.table(SESSIONS)?;
                let mut out = Vec::new();
                for entry in t.iter().map_err(|e| storage_error(&self.path, e))? {
                    let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
                    let session: Session =
                        self.open_record("sessions", k.value(), "a session record", v.value())?;
                    if session.user == user
                        && let Ok(key) = <[u8; 32]>::try_from(k.value())
                    {
                        out.push((key, session));
                    }
                }
                out.sort_by_key(|(_, s)| s.created_at);
                Ok(out)
            }

            fn audit(&self, user: Option<&str>, limit: usize) -> Result<Vec<Event>> {
                let t = self.table(AUDIT)?;
                let indexed = audit_indexed(&self.table(META)?, &self.path)?;
                if let (Some(name), true) = (user, indexed) {
                    // The newest `limit` events of `name`, through the index.
                    let index = self.table(AUDIT_BY_NAME)?;
                    let mut out = Vec::new();
                    let range = index
                        .range((name, 0u64)..=(name, u64::MAX))
                        .map_err(|e| storage_error(&self.path, e))?;
                    for entry in range.rev().take(limit) {
                        let (k, _) = entry.map_err(|e| storage_error(&self.path, e))?;
                        let n = k.value().1;
                        let v = t.get(n).map_err(|e| storage_error(&self.path, e))?.ok_or_else(|| {
                            damaged(&self.path, format!("audit event {n} is in the index of {name} but not in the log"))
                        })?;
                        let stored: StoredEvent =
                            decode_value(&self.path, &format!("audit event {n}"), v.value())?;
                        out.push(stored.event);
                    }
                    out.reverse();
                    return Ok(out);
                }
                let mut out = Vec::new();
                for entry in t.iter().map_err(|e| storage_error(&self.path, e))?.rev() {
                    if out.len() >= limit {
                        break;
                    }
                    let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
                    let stored: StoredEvent =
                        decode_value(&self.path, &format!("audit event {}", k.value()), v.value())?;
                    if user.is_none_or(|u| stored.event.involves(u)) {
                        out.push(stored.event);
                    }
                }
                out.reverse();
                Ok(out)
            }

            fn audit_index_problem(&self) -> Result<Option<String>> {
                let built = audit_indexed(&self.table(META)?, &self.path)?;
                if !built {
                    return Ok(None);
                }
                // What the log says the index holds, against what it holds.
                let mut want: std::collections::BTreeSet<(String, u64)> = Default::default();
                let log = self.table(AUDIT)?;
                for entry in log.iter().map_err(|e| storage_error(&self.path, e))? {
                    let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
                    let stored: StoredEvent =
                        decode_value(&self.path, &format!("audit event {}", k.value()), v.value())?;
                    for name in [stored.event.actor, stored.event.user].into_iter().flatten() {
                        want.insert((name, k.value()));
                    }
                }
                let index = self.table(AUDIT_BY_NAME)?;
                for entry in index.iter().map_err(|e| storage_error(&self.path, e))? {
                    let (k, _) = entry.map_err(|e| storage_error(&self.path, e))?;
                    let (name, n) = k.value();
                    if !want.remove(&(name.to_string(), n)) {
                        let shown = crate::domain::names::printable(name);
                        let there = log.get(n).map_err(|e| storage_error(&self.path, e))?.is_some();
                        return Ok(Some(if there {
                            format!("the index of the audit log by name lists event {n} under {shown}, which that event does not name")
                        } else {
                            format!("the index of the audit log by name lists event {n} under {shown}, and the log has no event {n} (removed, or cut off the end)")
                        }));
                    }
                }
                Ok(want.into_iter().next().map(|(name, n)| {
                    format!(
                        "the index of the audit log by name misses event {n} under {} (hidden from `audit --user`)",
                        crate::domain::names::printable(&name)
                    )
                }))
            }

            fn audit_chain(&self) -> Result<Vec<(Event, Option<Link>)>> {
                let t = self.table(AUDIT)?;
                let mut out = Vec::new();
                for entry in t.iter().map_err(|e| storage_error(&self.path, e))? {
                    let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
                    let stored: StoredEvent =
                        decode_value(&self.path, &format!("audit event {}", k.value()), v.value())?;
                    out.push((stored.event, stored.link));
                }
                Ok(out)
            }

            fn chain_key(&self) -> zeroize::Zeroizing<Vec<u8>> {
                chain_key_of(self.key.as_deref())
            }

            fn sealed_with(&self) -> Option<KeyId> {
                self.key.as_ref().map(|k| k.id())
            }
        }

        impl $ty {
            /// Decodes a record of `table` at `record_key`: plain, or (in a
            /// sealed workspace) opened with the key, of a generation no
            /// newer than the workspace's, and of the one its witness names.
            fn open_record<T: DeserializeOwned>(
                &self,
                table: &'static str,
                record_key: &[u8],
                what: &str,
                bytes: &[u8],
            ) -> Result<T> {
                let Some(key) = &self.key else {
                    return decode_value(&self.path, what, bytes);
                };
                let (value, generation) = record::decode_sealed(bytes, key, table, record_key)
                    .map_err(|e| damaged(&self.path, format!("{what}: {e}")))?;
                let is_workspace = table == "meta" && record_key == KEY_WORKSPACE.as_bytes();
                if !is_workspace && generation > self.generation()? {
                    return Err(swapped(&self.path, what, "is newer than the workspace record (the workspace record was swapped for an older copy)"));
                }
                if let Some(w) = witness_key(table, record_key) {
                    self.check_bucket(w[0])?;
                    match self.witnessed(&w)? {
                        Some(g) if g == generation => {}
                        Some(g) => {
                            return Err(swapped(
                                &self.path,
                                what,
                                &format!("is of generation {generation}, but it was last written in generation {g}: it was swapped for another copy"),
                            ));
                        }
                        None => {
                            return Err(swapped(&self.path, what, "has no witness: it was removed, or put there from another copy"));
                        }
                    }
                }
                Ok(value)
            }

            /// The workspace record's generation, checked against its
            /// witness.
            fn checked_generation(&self) -> Result<u64> {
                let g = workspace_generation(&self.table(META)?, self.key.as_deref(), &self.path)?;
                let w = workspace_witness();
                self.check_bucket(w[0])?;
                match self.witnessed(&w)? {
                    Some(w) if w == g => Ok(g),
                    Some(w) => Err(swapped(
                        &self.path,
                        "the workspace record",
                        &format!("is of generation {g}, but it was last written in generation {w}: it was swapped for another copy"),
                    )),
                    None => Err(swapped(
                        &self.path,
                        "the workspace record",
                        "has no witness: it was put there from another copy",
                    )),
                }
            }

            /// Checks that the witnesses of `bucket` add up to the root
            /// (once per transaction and bucket).
            fn check_bucket(&self, bucket: u8) -> Result<()> {
                if self.verified.borrow().contains(&bucket) {
                    return Ok(());
                }
                let key = self.key.as_ref().expect("only sealed workspaces have witnesses");
                let want = self.root_acc(bucket)?;
                let mut acc = [0u8; TAG];
                match self.txn.open_table(WITNESS) {
                    Ok(t) => {
                        let from = [bucket];
                        let entries = if bucket == u8::MAX {
                            t.range::<&[u8]>(from.as_slice()..)
                        } else {
                            let to = [bucket + 1];
                            t.range::<&[u8]>(from.as_slice()..to.as_slice())
                        }
                        .map_err(|e| storage_error(&self.path, e))?;
                        for entry in entries {
                            let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
                            let (_, g) = record::decode_sealed::<()>(v.value(), key, "witness", k.value())
                                .map_err(|e| damaged(&self.path, format!("a witness record: {e}")))?;
                            wit::add(&mut acc, &wit::tag(key, k.value(), g));
                        }
                    }
                    Err(redb::TableError::TableDoesNotExist(_)) => {}
                    Err(e) => return Err(storage_error(&self.path, e)),
                }
                if !crate::domain::secret::ct_eq(&acc, &want) {
                    return Err(swapped(
                        &self.path,
                        "the witnesses",
                        "do not add up to their root: a record was put back together with an older copy of its witness",
                    ));
                }
                self.verified.borrow_mut().insert(bucket);
                Ok(())
            }

            /// The generation the witness of `w` names.
            fn witnessed(&self, w: &[u8]) -> Result<Option<u64>> {
                let key = self.key.as_ref().expect("only sealed workspaces have witnesses");
                let t = match self.txn.open_table(WITNESS) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
                    Err(e) => return Err(storage_error(&self.path, e)),
                };
                let v = t.get(w).map_err(|e| storage_error(&self.path, e))?;
                v.map(|v| {
                    record::decode_sealed::<()>(v.value(), key, "witness", w)
                        .map(|(_, g)| g)
                        .map_err(|e| damaged(&self.path, format!("a witness record: {e}")))
                })
                .transpose()
            }
        }
    };
}

/// The witness key of a record that has one (users, sessions, the
/// workspace).
fn witness_key(table: &str, record_key: &[u8]) -> Option<Vec<u8>> {
    let inner = match table {
        "users" => [b"u".as_slice(), record_key].concat(),
        "sessions" => [b"s".as_slice(), record_key].concat(),
        "meta" if record_key == KEY_WORKSPACE.as_bytes() => b"w".to_vec(),
        _ => return None,
    };
    let bucket = wit::bucket(&inner);
    Some([&[bucket][..], &inner].concat())
}

/// The witness of the workspace record.
fn workspace_witness() -> Vec<u8> {
    witness_key("meta", KEY_WORKSPACE.as_bytes()).expect("the workspace has a witness")
}

/// A record that is not the one the workspace last wrote there: fail
/// closed, exit 1.
fn swapped(path: &Path, what: &str, why: &str) -> anyhow::Error {
    Error::failure(format!(
        "the database {} was tampered with: {what} {why}",
        path.display()
    ))
    .hint("nothing was changed; restore the database from a backup you trust, then compare `stepup audit verify` with the last MAC you kept elsewhere")
    .into()
}

/// The schema version stored in the META table, as it is.
fn stored_schema(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
    path: &Path,
) -> Result<u32> {
    let raw = meta
        .get(KEY_SCHEMA)
        .map_err(|e| storage_error(path, e))?
        .ok_or_else(|| damaged(path, "it has no schema version (not a stepup database?)"))?;
    let bytes: [u8; 4] = raw
        .value()
        .try_into()
        .map_err(|_| damaged(path, "its schema version is unreadable"))?;
    Ok(u32::from_le_bytes(bytes))
}

/// Whether the index of the audit log by name is built (META flag).
fn audit_indexed(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
    path: &Path,
) -> Result<bool> {
    Ok(meta
        .get(KEY_AUDIT_INDEX)
        .map_err(|e| storage_error(path, e))?
        .is_some())
}

/// The root over the witnesses as stored, which must be of `generation`
/// (the workspace record's: both are written by every transaction).
fn stored_root(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &SealKey,
    generation: u64,
    path: &Path,
) -> Result<Box<[u8; BUCKETS * TAG]>> {
    let v = meta
        .get(KEY_ROOT)
        .map_err(|e| storage_error(path, e))?
        .ok_or_else(|| swapped(path, "the root over the witnesses", "is missing"))?;
    let (root, g) =
        record::decode_sealed::<WitnessRoot>(v.value(), key, "meta", KEY_ROOT.as_bytes())
            .map_err(|e| damaged(path, format!("the root over the witnesses: {e}")))?;
    if g != generation {
        return Err(swapped(
            path,
            "the root over the witnesses",
            &format!(
                "is of generation {g}, the workspace record of {generation}: one of them was swapped for another copy"
            ),
        ));
    }
    Ok(Box::new(root.acc))
}

/// The generation the workspace record was written in (0: not sealed).
fn workspace_generation(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
    key: Option<&SealKey>,
    path: &Path,
) -> Result<u64> {
    let Some(key) = key else { return Ok(0) };
    let v = meta
        .get(KEY_WORKSPACE)
        .map_err(|e| storage_error(path, e))?
        .ok_or_else(|| damaged(path, "the workspace record is missing"))?;
    record::decode_sealed::<serde::de::IgnoredAny>(v.value(), key, "meta", KEY_WORKSPACE.as_bytes())
        .map(|(_, g)| g)
        .map_err(|e| damaged(path, format!("the workspace record: {e}")))
}

/// The key that chooses the phantom slots, stored in the META table.
fn stored_phantom_key(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
    path: &Path,
) -> Result<[u8; 32]> {
    let v = meta
        .get(KEY_PHANTOM)
        .map_err(|e| storage_error(path, e))?
        .ok_or_else(|| damaged(path, "the key of the phantom slots is missing"))?;
    let key: PhantomKey = decode_value(path, "the key of the phantom slots", v.value())?;
    Ok(key.key)
}

/// A read transaction: a consistent snapshot.
pub struct FileRead {
    txn: redb::ReadTransaction,
    path: PathBuf,
    /// Set while the file is still schema 1: the settings its workspace is
    /// read with.
    v1_settings: Option<Settings>,
    key: Option<Arc<SealKey>>,
    /// The workspace record's generation, once read.
    generation: std::cell::Cell<Option<u64>>,
    /// The root over the witnesses, once read, and the buckets checked.
    root: std::cell::RefCell<Option<Box<[u8; BUCKETS * TAG]>>>,
    verified: std::cell::RefCell<std::collections::BTreeSet<u8>>,
}

/// A write transaction; see [`Store::write`].
pub struct FileWrite {
    txn: redb::WriteTransaction,
    path: PathBuf,
    key: Option<Arc<SealKey>>,
    /// The generation this transaction writes (sealed workspaces: one more
    /// than the last).
    generation: u64,
    wrote_workspace: bool,
    /// The root over the witnesses as this transaction leaves it.
    root: Option<Box<[u8; BUCKETS * TAG]>>,
    verified: std::cell::RefCell<std::collections::BTreeSet<u8>>,
}

impl FileRead {
    fn v1_settings(&self) -> Option<Settings> {
        self.v1_settings
    }

    /// The generation of the workspace record in this snapshot.
    fn generation(&self) -> Result<u64> {
        if let Some(g) = self.generation.get() {
            return Ok(g);
        }
        let g = self.checked_generation()?;
        self.generation.set(Some(g));
        Ok(g)
    }

    /// A bucket's accumulator in the root (read once per snapshot).
    fn root_acc(&self, bucket: u8) -> Result<[u8; TAG]> {
        if self.root.borrow().is_none() {
            let key = self
                .key
                .as_ref()
                .expect("only sealed workspaces have a root");
            // The workspace record's own generation (its witness is checked
            // against this root, so not through `generation`).
            let g = workspace_generation(&self.table(META)?, Some(key), &self.path)?;
            let root = stored_root(&self.table(META)?, key, g, &self.path)?;
            *self.root.borrow_mut() = Some(root);
        }
        let root = self.root.borrow();
        Ok(wit::acc_of(&root.as_ref().expect("read above")[..], bucket))
    }

    /// The key the file says its records are sealed with.
    fn marker(&self) -> Result<Option<KeyId>> {
        let meta = self.table(META)?;
        let v = meta
            .get(KEY_SEALED)
            .map_err(|e| storage_error(&self.path, e))?;
        match v {
            None => Ok(None),
            Some(v) => std::str::from_utf8(v.value())
                .ok()
                .and_then(KeyId::parse)
                .map(Some)
                .ok_or_else(|| damaged(&self.path, "the id of its sealing key is unreadable")),
        }
    }

    /// A text in the meta table (where `migrate` moved the workspace,
    /// or where it copies it from), if it is there.
    fn meta_text(&self, key: &str) -> Result<Option<String>> {
        let meta = self.table(META)?;
        let v = meta.get(key).map_err(|e| storage_error(&self.path, e))?;
        Ok(v.map(|v| String::from_utf8_lossy(v.value()).into_owned()))
    }

    /// The file's schema version; one from a newer stepup is refused.
    fn schema_version(&self) -> Result<u32> {
        let meta = self.txn.open_table(META).map_err(|_| {
            damaged(
                &self.path,
                "it has no metadata table (not a stepup database?)",
            )
        })?;
        let version = stored_schema(&meta, &self.path)?;
        if version > SCHEMA_VERSION {
            return Err(Error::failure(format!(
                "the database {} has schema version {version}, made by a newer stepup; this stepup ({}) reads versions 1 to {SCHEMA_VERSION}",
                self.path.display(),
                env!("CARGO_PKG_VERSION"),
            ))
            .hint("upgrade stepup to use this database")
            .into());
        }
        if version == 0 {
            return Err(damaged(&self.path, "unknown schema version 0"));
        }
        Ok(version)
    }

    fn table<K: redb::Key + 'static, V: redb::Value + 'static>(
        &self,
        def: TableDefinition<K, V>,
    ) -> Result<redb::ReadOnlyTable<K, V>> {
        self.txn
            .open_table(def)
            .map_err(|e| storage_error(&self.path, e))
    }
}

impl FileWrite {
    /// A write transaction always sees the current schema (see `upgrade`).
    fn v1_settings(&self) -> Option<Settings> {
        None
    }

    /// The generation this transaction writes (0: not sealed).
    fn generation(&self) -> Result<u64> {
        Ok(self.generation)
    }

    /// A bucket's accumulator in the root as this transaction leaves it.
    fn root_acc(&self, bucket: u8) -> Result<[u8; TAG]> {
        let root = self
            .root
            .as_ref()
            .ok_or_else(|| damaged(&self.path, "the root over the witnesses is not loaded"))?;
        Ok(wit::acc_of(&root[..], bucket))
    }

    /// Whether the workspace record is there (not yet, in `create`).
    fn has_workspace(&self) -> Result<bool> {
        Ok(self
            .table(META)?
            .get(KEY_WORKSPACE)
            .map_err(|e| storage_error(&self.path, e))?
            .is_some())
    }

    /// Sealed workspaces: this transaction writes the generation after the
    /// workspace record's (1 for a new workspace).
    fn begin_generation(&mut self) -> Result<()> {
        if self.key.is_none() {
            return Ok(());
        }
        let last = if self.has_workspace()? {
            // The root first: checking the workspace's witness reads it.
            let key = self.key.clone().expect("checked above");
            let g = workspace_generation(&self.table(META)?, Some(&key), &self.path)?;
            let root = stored_root(&self.table(META)?, &key, g, &self.path)?;
            self.root = Some(root);
            self.checked_generation()?
        } else {
            self.root = Some(Box::new([0u8; BUCKETS * TAG]));
            0
        };
        self.generation = last + 1;
        Ok(())
    }

    /// Sealed workspaces: the workspace record (and its witness) carry this
    /// transaction's generation, whether or not the command changed it.
    fn end_generation(&mut self) -> Result<()> {
        if self.key.is_none() {
            return Ok(());
        }
        if !self.wrote_workspace && self.has_workspace()? {
            // Read under the last generation, written under this one.
            let g = self.generation;
            self.generation = g - 1;
            let ws = self.workspace();
            self.generation = g;
            self.put_workspace(&ws?)?;
        }
        let acc = **self
            .root
            .as_ref()
            .ok_or_else(|| damaged(&self.path, "the root over the witnesses is not loaded"))?;
        self.put(META, KEY_ROOT, &WitnessRoot { acc })
    }

    /// Moves the root from `w`'s old tag (if it had one) to its new one.
    fn retag(&mut self, w: &[u8], new: Option<u64>) -> Result<()> {
        let key = self
            .key
            .clone()
            .expect("only sealed workspaces have witnesses");
        let old = self.witnessed(w)?;
        let root = self
            .root
            .as_mut()
            .ok_or_else(|| damaged(&self.path, "the root over the witnesses is not loaded"))?;
        if let Some(g) = old {
            wit::xor_into(&mut root[..], w[0], &wit::tag(&key, w, g));
        }
        if let Some(g) = new {
            wit::xor_into(&mut root[..], w[0], &wit::tag(&key, w, g));
        }
        Ok(())
    }

    /// Records the key every record is sealed with (None: plain).
    fn mark_sealed(&mut self, id: Option<KeyId>) -> Result<()> {
        let mut meta = self.table(META)?;
        match id {
            Some(id) => meta.insert(KEY_SEALED, id.to_string().as_bytes()),
            None => meta.remove(KEY_SEALED),
        }
        .map_err(|e| storage_error(&self.path, e))?;
        Ok(())
    }

    /// A record's bytes: plain, or sealed for its place and this
    /// transaction's generation (with its witness written beside it).
    fn encode<T: Serialize>(
        &mut self,
        table: &'static str,
        record_key: &[u8],
        value: &T,
    ) -> Result<Vec<u8>> {
        let Some(key) = self.key.clone() else {
            return Ok(record::encode(value));
        };
        let bytes = record::encode_sealed(
            value,
            &key,
            &OsRandomness,
            table,
            record_key,
            self.generation,
        )
        .map_err(Error::from)?;
        if let Some(w) = witness_key(table, record_key) {
            self.retag(&w, Some(self.generation))?;
            let sealed =
                record::encode_sealed(&(), &key, &OsRandomness, "witness", &w, self.generation)
                    .map_err(Error::from)?;
            self.table(WITNESS)?
                .insert(w.as_slice(), sealed.as_slice())
                .map_err(|e| storage_error(&self.path, e))?;
        }
        Ok(bytes)
    }

    /// Removes the witness of a record that was removed.
    fn unwitness(&mut self, table: &'static str, record_key: &[u8]) -> Result<()> {
        if self.key.is_none() {
            return Ok(());
        }
        if let Some(w) = witness_key(table, record_key) {
            self.retag(&w, None)?;
            self.table(WITNESS)?
                .remove(w.as_slice())
                .map_err(|e| storage_error(&self.path, e))?;
        }
        Ok(())
    }

    /// Upgrades a schema-1 file inside this transaction: the workspace gets
    /// its settings and actions, the phantom slots a key (the unkeyed slots
    /// of schema 1 are dropped: their positions mean nothing under the key).
    /// False when another process upgraded it first.
    fn upgrade(&mut self, settings: Settings) -> Result<bool> {
        if stored_schema(&self.table(META)?, &self.path)? >= SCHEMA_VERSION {
            return Ok(false);
        }
        let old: WorkspaceV1 = {
            let meta = self.table(META)?;
            let v = meta
                .get(KEY_WORKSPACE)
                .map_err(|e| storage_error(&self.path, e))?
                .ok_or_else(|| damaged(&self.path, "the workspace record is missing"))?;
            decode_value(&self.path, "the workspace record", v.value())?
        };
        self.put_workspace(&old.upgraded(settings))?;
        self.put_phantom_key()?;
        self.txn
            .delete_table(PHANTOMS)
            .map_err(|e| storage_error(&self.path, e))?;
        self.table(META)?
            .insert(KEY_SCHEMA, SCHEMA_VERSION.to_le_bytes().as_slice())
            .map_err(|e| storage_error(&self.path, e))?;
        Ok(true)
    }

    /// Stores a new random key for the phantom slots.
    fn put_phantom_key(&mut self) -> Result<()> {
        let key = PhantomKey {
            key: crate::domain::secret::bytes_from::<32>(&crate::domain::secret::OsRandomness)
                .map_err(Error::from)?,
        };
        self.put(META, KEY_PHANTOM, &key)
    }

    fn phantom_key(&self) -> Result<[u8; 32]> {
        let meta = self.table(META)?;
        let v = meta
            .get(KEY_PHANTOM)
            .map_err(|e| storage_error(&self.path, e))?
            .ok_or_else(|| damaged(&self.path, "the key of the phantom slots is missing"))?;
        let key: PhantomKey = self.open_record(
            "meta",
            KEY_PHANTOM.as_bytes(),
            "the key of the phantom slots",
            v.value(),
        )?;
        Ok(key.key)
    }

    fn table<K: redb::Key + 'static, V: redb::Value + 'static>(
        &self,
        def: TableDefinition<K, V>,
    ) -> Result<redb::Table<'_, K, V>> {
        self.txn
            .open_table(def)
            .map_err(|e| storage_error(&self.path, e))
    }
}

impl_view!(FileRead);
impl_view!(FileWrite);

impl FileWrite {
    fn put<T: Serialize>(
        &mut self,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
        value: &T,
    ) -> Result<()> {
        let name = if table.name() == USERS.name() {
            "users"
        } else {
            "meta"
        };
        let bytes = self.encode(name, key.as_bytes(), value)?;
        let mut t = self.table(table)?;
        t.insert(key, bytes.as_slice())
            .map_err(|e| storage_error(&self.path, e))?;
        Ok(())
    }

    /// Removes the sessions `doomed` picks (given the key and the decoded
    /// session, None when the record is damaged); returns how many.
    fn remove_sessions_where(
        &mut self,
        doomed: impl Fn(&[u8], Option<&Session>) -> bool,
    ) -> Result<usize> {
        let t = self.table(SESSIONS)?;
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for entry in t.iter().map_err(|e| storage_error(&self.path, e))? {
            let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
            let session: Option<Session> = self
                .open_record("sessions", k.value(), "a session record", v.value())
                .ok();
            if doomed(k.value(), session.as_ref()) {
                keys.push(k.value().to_vec());
            }
        }
        drop(t);
        self.remove_session_keys(&keys)?;
        Ok(keys.len())
    }

    /// Removes the sessions `keys` (and their witnesses).
    fn remove_session_keys(&mut self, keys: &[Vec<u8>]) -> Result<()> {
        let mut t = self.table(SESSIONS)?;
        for k in keys {
            t.remove(k.as_slice())
                .map_err(|e| storage_error(&self.path, e))?;
        }
        drop(t);
        for k in keys {
            self.unwitness("sessions", k)?;
        }
        Ok(())
    }
}

impl Writes for FileWrite {
    fn put_workspace(&mut self, ws: &Workspace) -> Result<()> {
        self.wrote_workspace = true;
        self.put(META, KEY_WORKSPACE, ws)
    }

    fn put_user(&mut self, user: &User) -> Result<()> {
        self.put(USERS, &user.name, user)
    }

    /// Adds a user; false when the name is taken.
    fn insert_new_user(&mut self, user: &User) -> Result<bool> {
        if self.user(&user.name)?.is_some() {
            return Ok(false);
        }
        self.put_user(user)?;
        Ok(true)
    }

    fn remove_user(&mut self, name: &str) -> Result<bool> {
        let mut t = self.table(USERS)?;
        let removed = t
            .remove(name)
            .map_err(|e| storage_error(&self.path, e))?
            .is_some();
        drop(t);
        self.unwitness("users", name.as_bytes())?;
        Ok(removed)
    }

    fn put_session(&mut self, key: &[u8; 32], session: &Session) -> Result<()> {
        let bytes = self.encode("sessions", key, session)?;
        let mut t = self.table(SESSIONS)?;
        t.insert(key.as_slice(), bytes.as_slice())
            .map_err(|e| storage_error(&self.path, e))?;
        Ok(())
    }

    fn remove_session(&mut self, key: &[u8; 32]) -> Result<bool> {
        let mut t = self.table(SESSIONS)?;
        let removed = t
            .remove(key.as_slice())
            .map_err(|e| storage_error(&self.path, e))?
            .is_some();
        drop(t);
        self.unwitness("sessions", key)?;
        Ok(removed)
    }

    /// Removes every session of `user` except `keep`; returns how many went.
    /// Damaged session records are removed too: a session never outlives a
    /// doubt about whose it is.
    fn remove_sessions_of(&mut self, user: &str, keep: Option<&[u8; 32]>) -> Result<usize> {
        self.remove_sessions_where(|key, session| {
            session.is_none_or(|s| s.user == user) && keep.is_none_or(|keep| keep.as_slice() != key)
        })
    }

    /// Removes sessions that have expired at `now` (and damaged ones).
    /// A bounded sweep: the next [`super::SWEEP_BATCH`] sessions after where the
    /// last one stopped (round the table), not all of them.
    fn remove_expired_sessions(&mut self, now: Timestamp, limits: &session::Limits) -> Result<()> {
        use std::ops::Bound;
        let from = self
            .table(META)?
            .get(KEY_SWEEP)
            .map_err(|e| storage_error(&self.path, e))?
            .map(|v| v.value().to_vec())
            .unwrap_or_default();
        let mut seen: Vec<Vec<u8>> = Vec::new();
        let mut doomed: Vec<Vec<u8>> = Vec::new();
        {
            let t = self.table(SESSIONS)?;
            let after = (Bound::Excluded(from.as_slice()), Bound::Unbounded);
            let upto = (Bound::Unbounded, Bound::Included(from.as_slice()));
            for range in [after, upto] {
                let entries = t
                    .range::<&[u8]>(range)
                    .map_err(|e| storage_error(&self.path, e))?;
                for entry in entries.take(super::SWEEP_BATCH - seen.len()) {
                    let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
                    let session: Option<Session> = self
                        .open_record("sessions", k.value(), "a session record", v.value())
                        .ok();
                    if session.is_none_or(|s| {
                        !matches!(s.status(now, limits), session::Status::Active { .. })
                    }) {
                        doomed.push(k.value().to_vec());
                    }
                    seen.push(k.value().to_vec());
                }
                if seen.len() >= super::SWEEP_BATCH {
                    break;
                }
            }
        }
        self.remove_session_keys(&doomed)?;
        let mut meta = self.table(META)?;
        match seen.last() {
            Some(last) => meta.insert(KEY_SWEEP, last.as_slice()),
            None => meta.remove(KEY_SWEEP),
        }
        .map_err(|e| storage_error(&self.path, e))?;
        Ok(())
    }

    /// The throttle of a name that is not a user: the one of its slot
    /// (default when unseen).
    fn phantom_throttle(&mut self, name: &str) -> Result<Throttle> {
        let slot = phantom_slot(&self.phantom_key()?, name);
        let t = self.table(PHANTOMS)?;
        let v = t.get(slot).map_err(|e| storage_error(&self.path, e))?;
        match v {
            None => Ok(Throttle::default()),
            Some(v) => {
                let p: PhantomSlot = self.open_record(
                    "phantom_slots",
                    &slot.to_be_bytes(),
                    "a phantom slot",
                    v.value(),
                )?;
                Ok(p.throttle)
            }
        }
    }

    /// Stores the throttle of a name that is not a user in its slot.
    fn put_phantom_throttle(&mut self, name: &str, throttle: &Throttle) -> Result<()> {
        let slot = phantom_slot(&self.phantom_key()?, name);
        let value = PhantomSlot {
            throttle: throttle.clone(),
        };
        let bytes = self.encode("phantom_slots", &slot.to_be_bytes(), &value)?;
        let mut t = self.table(PHANTOMS)?;
        t.insert(slot, bytes.as_slice())
            .map_err(|e| storage_error(&self.path, e))?;
        Ok(())
    }

    fn reseal(&mut self, to: Option<Arc<SealKey>>) -> Result<Resealed> {
        let ws = self.workspace()?;
        let users = self.users()?;
        let mut sessions = Vec::new();
        {
            let t = self.table(SESSIONS)?;
            for entry in t.iter().map_err(|e| storage_error(&self.path, e))? {
                let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
                // A damaged session is dropped: never carried into the new seal.
                let session: Option<Session> = self
                    .open_record("sessions", k.value(), "a session record", v.value())
                    .ok();
                if let (Some(s), Ok(key)) = (session, <[u8; 32]>::try_from(k.value())) {
                    sessions.push((key, s));
                }
            }
        }
        let mut events = Vec::new();
        {
            let t = self.table(AUDIT)?;
            for entry in t.iter().map_err(|e| storage_error(&self.path, e))? {
                let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
                let stored: StoredEvent =
                    decode_value(&self.path, &format!("audit event {}", k.value()), v.value())?;
                events.push((k.value(), stored));
            }
        }
        super::refuse_broken_chain(
            &chain_key_of(self.key.as_deref()),
            events.iter().map(|(_, s)| (&s.event, s.link.as_ref())),
        )?;
        self.generation = match (&self.key, &to) {
            (_, None) => 0,
            (Some(_), Some(_)) => self.generation,
            (None, Some(_)) => 1,
        };
        self.key = to;
        // The witnesses start again, and their root with them.
        self.root = self.key.as_ref().map(|_| Box::new([0u8; BUCKETS * TAG]));
        self.verified.borrow_mut().clear();
        if self.key.is_none() {
            self.table(META)?
                .remove(KEY_ROOT)
                .map_err(|e| storage_error(&self.path, e))?;
        }
        for def in [WITNESS, SESSIONS] {
            self.txn
                .delete_table(def)
                .map_err(|e| storage_error(&self.path, e))?;
        }
        self.txn
            .delete_table(PHANTOMS)
            .map_err(|e| storage_error(&self.path, e))?;
        self.mark_sealed(self.key.as_ref().map(|k| k.id()))?;
        // A new key for the phantom slots: the old one was readable to
        // whoever could read the file (or had the old key).
        self.put_phantom_key()?;
        self.put_workspace(&ws)?;
        let mut out = Resealed::default();
        for u in &users {
            self.put_user(u)?;
            out.users += 1;
            out.secrets +=
                u64::from(u.mfa.totp.is_some()) + u64::from(u.mfa.pending_totp.is_some());
        }
        for (k, s) in &sessions {
            self.put_session(k, s)?;
            out.sessions += 1;
        }
        let key = chain_key_of(self.key.as_deref());
        let mut t = self.table(AUDIT)?;
        let mut last: Option<Link> = None;
        for (k, stored) in events {
            let link = chain::next(&key, last.as_ref(), &stored.event);
            let stored = StoredEvent {
                event: stored.event,
                link: Some(link),
            };
            t.insert(k, record::encode(&stored).as_slice())
                .map_err(|e| storage_error(&self.path, e))?;
            last = Some(link);
            out.events += 1;
        }
        Ok(out)
    }

    fn take_notices(&mut self) -> Result<Vec<crate::domain::notify::Notice>> {
        let raw = self
            .table(META)?
            .remove(KEY_OUTBOX)
            .map_err(|e| storage_error(&self.path, e))?
            .map(|v| v.value().to_vec());
        match raw {
            None => Ok(Vec::new()),
            Some(bytes) => self.open_record("meta", KEY_OUTBOX.as_bytes(), "the outbox", &bytes),
        }
    }

    fn put_notices(&mut self, notices: &[crate::domain::notify::Notice]) -> Result<()> {
        if notices.is_empty() {
            self.table(META)?
                .remove(KEY_OUTBOX)
                .map_err(|e| storage_error(&self.path, e))?;
            return Ok(());
        }
        self.put(META, KEY_OUTBOX, &notices)
    }

    fn freeze(&mut self, to: &str) -> Result<()> {
        self.table(META)?
            .insert(KEY_MOVED, to.as_bytes())
            .map_err(|e| storage_error(&self.path, e))?;
        Ok(())
    }

    fn set_arriving(&mut self, from: Option<&str>) -> Result<()> {
        let mut meta = self.table(META)?;
        match from {
            Some(from) => meta.insert(KEY_ARRIVING, from.as_bytes()).map(|_| ()),
            None => meta.remove(KEY_ARRIVING).map(|_| ()),
        }
        .map_err(|e| storage_error(&self.path, e))
    }

    /// Appends an event to the audit log, chained to the last one. A log
    /// an earlier stepup wrote without links is chained first, in this
    /// transaction.
    fn audit_event(&mut self, event: &Event) -> Result<()> {
        let t = self.table(AUDIT)?;
        let last = match t.last().map_err(|e| storage_error(&self.path, e))? {
            None => None,
            Some((k, v)) => {
                let key = k.value();
                let stored: StoredEvent =
                    decode_value(&self.path, &format!("audit event {key}"), v.value())?;
                Some((key, stored))
            }
        };
        drop(t);
        let next_key = last.as_ref().map_or(1, |(k, _)| k + 1);
        let last_link = match last {
            Some((_, StoredEvent { link: Some(l), .. })) => Some(l),
            None | Some((_, StoredEvent { link: None, .. })) => {
                if self
                    .table(META)?
                    .get(KEY_AUDIT_CHAIN)
                    .map_err(|e| storage_error(&self.path, e))?
                    .is_none()
                {
                    // A log from before the chain (once: the mark stays).
                    let last = self.chain_unlinked()?;
                    self.table(META)?
                        .insert(KEY_AUDIT_CHAIN, b"1".as_slice())
                        .map_err(|e| storage_error(&self.path, e))?;
                    last
                } else {
                    // Unlinked events after linked ones were put there by
                    // someone else: they stay unlinked, and `audit verify`
                    // names them.
                    self.last_link()?
                }
            }
        };
        let mut t = self.table(AUDIT)?;
        let link = chain::next(
            &chain_key_of(self.key.as_deref()),
            last_link.as_ref(),
            event,
        );
        let stored = StoredEvent {
            event: event.clone(),
            link: Some(link),
        };
        t.insert(next_key, record::encode(&stored).as_slice())
            .map_err(|e| storage_error(&self.path, e))?;
        drop(t);
        self.index_event(next_key, event)
    }
}

/// An audit record as the file keeps it: the event and its link.
#[derive(Serialize, Deserialize)]
pub struct StoredEvent {
    #[serde(flatten)]
    pub event: Event,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
}

impl FileWrite {
    /// Puts event `n` in the index of the names it is in; the first time,
    /// builds the whole index from the log (this event included).
    fn index_event(&mut self, n: u64, event: &Event) -> Result<()> {
        let built = audit_indexed(&self.table(META)?, &self.path)?;
        let mut events = Vec::new();
        if built {
            events.push((n, event.clone()));
        } else {
            let t = self.table(AUDIT)?;
            for entry in t.iter().map_err(|e| storage_error(&self.path, e))? {
                let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
                let stored: StoredEvent =
                    decode_value(&self.path, &format!("audit event {}", k.value()), v.value())?;
                events.push((k.value(), stored.event));
            }
        }
        let mut index = self.table(AUDIT_BY_NAME)?;
        for (n, e) in &events {
            let mut names: Vec<&str> = [e.actor.as_deref(), e.user.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            names.dedup();
            for name in names {
                index
                    .insert((name, *n), ())
                    .map_err(|e| storage_error(&self.path, e))?;
            }
        }
        drop(index);
        if !built {
            self.table(META)?
                .insert(KEY_AUDIT_INDEX, b"1".as_slice())
                .map_err(|e| storage_error(&self.path, e))?;
        }
        Ok(())
    }

    /// The link of the newest linked event.
    fn last_link(&mut self) -> Result<Option<Link>> {
        let t = self.table(AUDIT)?;
        for entry in t.iter().map_err(|e| storage_error(&self.path, e))?.rev() {
            let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
            let stored: StoredEvent =
                decode_value(&self.path, &format!("audit event {}", k.value()), v.value())?;
            if stored.link.is_some() {
                return Ok(stored.link);
            }
        }
        Ok(None)
    }

    /// Gives every event of the log its link (a log from before the chain);
    /// returns the last link.
    fn chain_unlinked(&mut self) -> Result<Option<Link>> {
        let mut t = self.table(AUDIT)?;
        let mut all = Vec::new();
        for entry in t.iter().map_err(|e| storage_error(&self.path, e))? {
            let (k, v) = entry.map_err(|e| storage_error(&self.path, e))?;
            let stored: StoredEvent =
                decode_value(&self.path, &format!("audit event {}", k.value()), v.value())?;
            all.push((k.value(), stored.event));
        }
        let mut last: Option<Link> = None;
        for (key, event) in all {
            let link = chain::next(&chain_key_of(self.key.as_deref()), last.as_ref(), &event);
            let stored = StoredEvent {
                event,
                link: Some(link),
            };
            t.insert(key, record::encode(&stored).as_slice())
                .map_err(|e| storage_error(&self.path, e))?;
            last = Some(link);
        }
        Ok(last)
    }
}

/// The key of the phantom slots, read straight from a database file (for
/// tests that must make two names share a slot on purpose).
pub fn phantom_key_of(path: &Path) -> Result<[u8; 32]> {
    // A snapshot is enough: no need to take the writer's lock to read it.
    let store = FileStore::open(
        path,
        &super::Options::plain(Duration::from_secs(5), Settings::default(), false),
    )?;
    let tx = store.read()?;
    stored_phantom_key(&tx.table(META)?, path)
}
