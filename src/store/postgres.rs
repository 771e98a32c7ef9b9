//! The PostgreSQL backend: the workspace in real tables with constraints,
//! shared by every machine that reaches the server.
//!
//! Guarantees, and where they come from:
//! - **One writer at a time per workspace**, as on the file: every write
//!   transaction first takes a transaction-level advisory lock, so
//!   check-and-change runs on the latest committed state and two writers
//!   never interleave (no lost update, exact failure counts). The wait is
//!   bounded by `lock_timeout` (= `busy_timeout_ms`), then exit 4.
//! - **Spent once, by the database**: saving a user turns what the command
//!   spent into guarded statements: a recovery code by `UPDATE … WHERE
//!   used_at IS NULL`, a TOTP step by `UPDATE … WHERE last_step < $step`, an
//!   email code by a `DELETE`/`UPDATE` that names the code's salt and tries.
//!   One that changes no row means someone else spent it: the transaction
//!   rolls back and the command fails (it never succeeds twice).
//! - **Nothing half-written**: a command's changes are one transaction; a
//!   statement that failed marks it, and it is rolled back, never committed.
//! - **Fail closed**: a row that does not read back as a valid record is
//!   "damaged" (exit 1), never "no MFA".
//! - **Pooler-safe**: nothing is kept on the connection between
//!   transactions. stepup's settings are `SET LOCAL` in each transaction,
//!   its locks are transaction-level, its statements unnamed, and every
//!   transaction it begins it ends (a read command's snapshot too), so
//!   PgBouncer in transaction mode can hand each transaction to any server
//!   connection and keep them warm.

use super::location::{PgUrl, Tls};
use super::pg_client::{self, Client, ConnectError, Reply, Step};
use super::witness;
use super::{Options, PHANTOM_SLOTS, Resealed, TableSize, View, Writes, phantom_slot};
use crate::domain::account::{EmailMethod, Mfa, PendingTotp, TotpMethod, User, Workspace};
use crate::domain::audit::{Event, Outcome};
use crate::domain::chain::{self, Link};
use crate::domain::email_code::{Challenge, Purpose};
use crate::domain::recovery::{RecoverySet, Slot};
use crate::domain::seal::{self, KeyId, SealKey};
use crate::domain::secret::OsRandomness;
use crate::domain::session::{self, Session};
use crate::domain::settings::Settings;
use crate::domain::stepup::ActionSettings;
use crate::domain::throttle::Throttle;
use crate::domain::time::Timestamp;
use crate::domain::totp::{SECRET_LEN, TotpSecret};
use crate::error::{Error, Result};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::{Rc, Weak};
use std::sync::Arc;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{NoTls, Row};

use pg_client::Params;

/// Parameters a statement borrows.
type ParamList<'a> = Vec<(&'a (dyn ToSql + Sync), Type)>;
/// Parameters a statement owns (one sent later).
type OwnedParams = Vec<(Box<dyn ToSql + Sync>, Type)>;

/// A value sent to PostgreSQL, and the type it is sent as.
trait Param: ToSql + Sync {
    const TYPE: Type;
    const ARRAY: Type;
}

macro_rules! param {
    ($t:ty, $ty:expr, $array:expr) => {
        impl Param for $t {
            const TYPE: Type = $ty;
            const ARRAY: Type = $array;
        }
    };
}

param!(&str, Type::TEXT, Type::TEXT_ARRAY);
param!(String, Type::TEXT, Type::TEXT_ARRAY);
param!(i64, Type::INT8, Type::INT8_ARRAY);
param!(i32, Type::INT4, Type::INT4_ARRAY);
param!(i16, Type::INT2, Type::INT2_ARRAY);
param!(bool, Type::BOOL, Type::BOOL_ARRAY);
param!(&[u8], Type::BYTEA, Type::BYTEA_ARRAY);
param!(Vec<u8>, Type::BYTEA, Type::BYTEA_ARRAY);

impl Param for &String {
    const TYPE: Type = Type::TEXT;
    const ARRAY: Type = Type::TEXT_ARRAY;
}

impl<T: Param> Param for Option<T> {
    const TYPE: Type = T::TYPE;
    const ARRAY: Type = T::ARRAY;
}

impl<T: Param> Param for Vec<T> {
    const TYPE: Type = T::ARRAY;
    const ARRAY: Type = Type::UNKNOWN;
}

impl<T: Param> Param for &[T] {
    const TYPE: Type = T::ARRAY;
    const ARRAY: Type = Type::UNKNOWN;
}

/// One parameter with its type.
fn p<T: Param>(v: &T) -> (&(dyn ToSql + Sync), Type) {
    (v, T::TYPE)
}

/// The parameters of a statement: `params![a, b]` is `&[p(&a), p(&b)]`.
macro_rules! params {
    ($($v:expr),* $(,)?) => {
        &[$(p(&$v)),*]
    };
}

/// The advisory lock every writer of a workspace takes (any constant that
/// no other application on the server uses: "stepup" in ASCII).
pub const WRITER_LOCK: i64 = 0x7374_6570_7570;

/// The schema, created by `init` in one transaction.
const SCHEMA: &str = r#"
CREATE TABLE stepup_meta (
    key text PRIMARY KEY,
    value text NOT NULL
);
CREATE TABLE workspace (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    policy text NOT NULL CHECK (policy IN ('disabled', 'enabled', 'required')),
    allowed text[] NOT NULL,
    created_at bigint NOT NULL CHECK (created_at >= 0),
    grace_until bigint CHECK (grace_until >= 0),
    generation bigint CHECK (generation >= 1),
    mac bytea CHECK (length(mac) = 32)
);
CREATE TABLE settings (
    key text PRIMARY KEY,
    value bigint NOT NULL CHECK (value >= 0)
);
CREATE TABLE actions (
    name text PRIMARY KEY,
    fresh_for bigint NOT NULL CHECK (fresh_for >= 0),
    require_mfa boolean NOT NULL DEFAULT false,
    description text,
    added_at bigint CHECK (added_at >= 0)
);
CREATE TABLE users (
    name text PRIMARY KEY CHECK (name <> ''),
    email text,
    pending_email text,
    role text NOT NULL CHECK (role IN ('admin', 'member')),
    password_hash text NOT NULL,
    created_at bigint NOT NULL CHECK (created_at >= 0),
    epoch bigint NOT NULL DEFAULT 0 CHECK (epoch >= 0),
    totp_last_step bigint CHECK (totp_last_step >= 0),
    last_email_sent bigint,
    generation bigint CHECK (generation >= 1),
    mac bytea CHECK (length(mac) = 32),
__USER_PARTS__
);
CREATE TABLE recovery_codes (
    user_name text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    slot smallint NOT NULL CHECK (slot >= 0),
    hash bytea NOT NULL CHECK (length(hash) = 16),
    used_at bigint,
    PRIMARY KEY (user_name, slot)
);
CREATE TABLE phantom_throttles (
    slot integer PRIMARY KEY CHECK (slot >= 0 AND slot < 10000),
    failures integer NOT NULL CHECK (failures >= 0),
    last_failure bigint,
    locked boolean NOT NULL
);
CREATE TABLE sessions (
    key bytea PRIMARY KEY CHECK (length(key) = 32),
    user_name text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    created_at bigint NOT NULL,
    last_used bigint NOT NULL,
    fresh text NOT NULL DEFAULT '{}',
    machine text,
    os_uid bigint CHECK (os_uid >= 0),
    mac bytea CHECK (length(mac) = 32),
    generation bigint CHECK (generation >= 1),
    CHECK ((machine IS NULL) = (os_uid IS NULL))
);
CREATE INDEX sessions_by_user ON sessions (user_name);
CREATE INDEX sessions_by_created ON sessions (created_at);
CREATE INDEX sessions_by_last_use ON sessions (last_used);
CREATE TABLE witnesses (
    key text PRIMARY KEY,
    generation bigint NOT NULL CHECK (generation >= 1),
    mac bytea NOT NULL CHECK (length(mac) = 32),
    bucket smallint NOT NULL CHECK (bucket >= 0 AND bucket < 256)
);
CREATE INDEX witnesses_by_bucket ON witnesses (bucket);
CREATE TABLE witness_root (
    id smallint PRIMARY KEY CHECK (id = 1),
    generation bigint NOT NULL CHECK (generation >= 1),
    acc bytea NOT NULL CHECK (length(acc) = 4096),
    mac bytea NOT NULL CHECK (length(mac) = 32)
);
CREATE TABLE audit (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at bigint NOT NULL,
    actor text,
    user_name text,
    action text NOT NULL,
    method text,
    outcome text NOT NULL CHECK (outcome IN ('ok', 'denied', 'locked', 'failed')),
    detail text,
    chain_no bigint UNIQUE CHECK (chain_no >= 1),
    mac bytea CHECK (length(mac) = 32),
    CHECK ((chain_no IS NULL) = (mac IS NULL))
);
CREATE INDEX audit_by_user ON audit (user_name, chain_no);
CREATE INDEX audit_by_actor ON audit (actor, chain_no);
"#;

/// What hangs off a user, in the user's row since schema 6 (one relation
/// to read: a fresh server process pays catalog reads for each it touches):
/// the authenticator app (its secret plain, 20 bytes, or sealed, 60), the
/// email method, the failure throttle, the recovery set (its codes are rows
/// of `recovery_codes`), a TOTP enrollment not yet confirmed and the email
/// code waiting to be used.
const USER_PARTS: [&str; 18] = [
    "totp_enabled_at bigint",
    "totp_secret bytea CHECK (length(totp_secret) IN (20, 60))",
    "email_enabled_at bigint",
    "failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0)",
    "last_failure bigint",
    "locked boolean NOT NULL DEFAULT false",
    "recovery_salt bytea CHECK (length(recovery_salt) = 16)",
    "recovery_issued_at bigint",
    "pending_secret bytea CHECK (length(pending_secret) IN (20, 60))",
    "pending_created_at bigint",
    "pending_session text",
    "code_purpose text",
    "code_salt bytea CHECK (length(code_salt) = 16)",
    "code_hash bytea CHECK (length(code_hash) = 16)",
    "code_sent_at bigint",
    "code_expires_at bigint",
    "code_tries integer CHECK (code_tries >= 0)",
    "code_session text",
];
/// Each part is all there or not at all.
const USER_PART_CHECKS: [&str; 4] = [
    "CHECK ((totp_enabled_at IS NULL) = (totp_secret IS NULL))",
    "CHECK ((recovery_salt IS NULL) = (recovery_issued_at IS NULL))",
    "CHECK (num_nulls(pending_secret, pending_created_at, pending_session) IN (0, 3))",
    "CHECK (num_nulls(code_purpose, code_salt, code_hash, code_sent_at, code_expires_at, code_tries) IN (0, 6))",
];

/// The schema [`SCHEMA`] describes, with the user's parts in its row.
fn schema() -> String {
    let parts: Vec<&str> = USER_PARTS
        .iter()
        .chain(&USER_PART_CHECKS)
        .copied()
        .collect();
    SCHEMA.replace("__USER_PARTS__", &format!("    {}", parts.join(",\n    ")))
}

/// From schema 5 to 6, in one transaction (sealed too: the rows move, and
/// every record's MAC, which covers the whole user, is checked as before):
/// the tables that hung off a user become columns of its row.
fn upgrade_5_to_6() -> String {
    let add: Vec<String> = USER_PARTS
        .iter()
        .map(|p| format!("ADD COLUMN {p}"))
        .chain(USER_PART_CHECKS.iter().map(|c| format!("ADD {c}")))
        .collect();
    format!(
        "ALTER TABLE users {};
{UPGRADE_5_TO_6_MOVE}",
        add.join(", ")
    )
}
const UPGRADE_5_TO_6_MOVE: &str = "
UPDATE users u SET totp_enabled_at = m.enabled_at, totp_secret = m.secret
  FROM methods m WHERE m.user_name = u.name AND m.method = 'totp';
UPDATE users u SET email_enabled_at = m.enabled_at
  FROM methods m WHERE m.user_name = u.name AND m.method = 'email';
UPDATE users u SET failures = t.failures, last_failure = t.last_failure, locked = t.locked
  FROM throttles t WHERE t.user_name = u.name;
UPDATE users u SET recovery_salt = r.salt, recovery_issued_at = r.issued_at
  FROM recovery_sets r WHERE r.user_name = u.name;
UPDATE users u SET pending_secret = p.secret, pending_created_at = p.created_at, pending_session = p.session
  FROM pending_totp p WHERE p.user_name = u.name;
UPDATE users u SET code_purpose = e.purpose, code_salt = e.salt, code_hash = e.hash, code_sent_at = e.sent_at,
       code_expires_at = e.expires_at, code_tries = e.tries, code_session = e.session
  FROM email_codes e WHERE e.user_name = u.name;
ALTER TABLE recovery_codes DROP CONSTRAINT recovery_codes_user_name_fkey,
    ADD CONSTRAINT recovery_codes_user_name_fkey FOREIGN KEY (user_name) REFERENCES users (name) ON DELETE CASCADE;
DROP TABLE methods, throttles, recovery_sets, pending_totp, email_codes;
UPDATE stepup_meta SET value = '6' WHERE key = 'schema_version';
";

/// The PostgreSQL schema's version: 3 binds system-mode sessions to a
/// machine and OS user (two columns of `sessions`), describes custom
/// actions (two of `actions`), chains the audit log (two of `audit`) and
/// keeps a grace period (`workspace.grace_until`).
/// Schema 4 lets a TOTP secret be stored sealed (60 bytes: nonce, the
/// sealed secret, tag) beside plain ones (20), and gives users, the
/// workspace and sessions a MAC (sealed workspaces), users and the
/// workspace a generation, and the generations a witness table.
/// Schema 5 puts the witnesses in buckets under a root (`witness_root`)
/// and gives sessions a generation and a witness, as on the file.
/// Schema 6 moves what hung off a user in five tables into its row
/// ([`USER_PARTS`]).
pub const PG_SCHEMA_VERSION: u32 = 6;

/// From schema 4 to 5 (unsealed: a sealed one is refused, see `open`),
/// in one transaction: these columns and the root's table, then
/// [`UPGRADE_4_TO_5_END`].
const UPGRADE_4_TO_5: &str = "
ALTER TABLE witnesses ADD COLUMN bucket smallint CHECK (bucket >= 0 AND bucket < 256);
CREATE INDEX witnesses_by_bucket ON witnesses (bucket);
ALTER TABLE sessions ADD COLUMN generation bigint CHECK (generation >= 1);
CREATE INDEX IF NOT EXISTS sessions_by_created ON sessions (created_at);
CREATE INDEX IF NOT EXISTS sessions_by_last_use ON sessions (last_used);
DROP INDEX IF EXISTS audit_by_user;
DROP INDEX IF EXISTS audit_by_actor;
CREATE INDEX audit_by_user ON audit (user_name, chain_no);
CREATE INDEX audit_by_actor ON audit (actor, chain_no);
CREATE TABLE witness_root (
    id smallint PRIMARY KEY CHECK (id = 1),
    generation bigint NOT NULL CHECK (generation >= 1),
    acc bytea NOT NULL CHECK (length(acc) = 4096),
    mac bytea NOT NULL CHECK (length(mac) = 32)
);
";
const UPGRADE_4_TO_5_END: &str = "
ALTER TABLE witnesses ALTER COLUMN bucket SET NOT NULL;
UPDATE stepup_meta SET value = '5' WHERE key = 'schema_version';
";

/// From schema 3 to 4, in one transaction.
const UPGRADE_3_TO_4: &str = "
ALTER TABLE methods DROP CONSTRAINT methods_secret_check,
    ADD CONSTRAINT methods_secret_check CHECK (secret IS NULL OR length(secret) IN (20, 60));
ALTER TABLE pending_totp DROP CONSTRAINT pending_totp_secret_check,
    ADD CONSTRAINT pending_totp_secret_check CHECK (length(secret) IN (20, 60));
ALTER TABLE users ADD COLUMN generation bigint CHECK (generation >= 1),
    ADD COLUMN mac bytea CHECK (length(mac) = 32);
ALTER TABLE workspace ADD COLUMN generation bigint CHECK (generation >= 1),
    ADD COLUMN mac bytea CHECK (length(mac) = 32);
ALTER TABLE sessions ADD COLUMN mac bytea CHECK (length(mac) = 32);
CREATE TABLE witnesses (
    key text PRIMARY KEY,
    generation bigint NOT NULL CHECK (generation >= 1),
    mac bytea NOT NULL CHECK (length(mac) = 32)
);
UPDATE stepup_meta SET value = '4' WHERE key = 'schema_version';
";

/// From schema 2 (the first PostgreSQL schema) to 3, in one transaction.
const UPGRADE_2_TO_3: &str = "
ALTER TABLE sessions ADD COLUMN machine text, ADD COLUMN os_uid bigint CHECK (os_uid >= 0),
    ADD CHECK ((machine IS NULL) = (os_uid IS NULL));
ALTER TABLE workspace ADD COLUMN grace_until bigint CHECK (grace_until >= 0);
ALTER TABLE actions ADD COLUMN description text, ADD COLUMN added_at bigint CHECK (added_at >= 0);
ALTER TABLE audit ADD COLUMN chain_no bigint UNIQUE CHECK (chain_no >= 1),
    ADD COLUMN mac bytea CHECK (length(mac) = 32), ADD CHECK ((chain_no IS NULL) = (mac IS NULL));
UPDATE stepup_meta SET value = '3' WHERE key = 'schema_version';
";

/// The tables, for `stats` and for telling an empty database from one
/// that holds a workspace.
const TABLES: [&str; 11] = [
    "stepup_meta",
    "workspace",
    "settings",
    "actions",
    "users",
    "recovery_codes",
    "phantom_throttles",
    "sessions",
    "audit",
    "witnesses",
    "witness_root",
];

/// A user row with everything in it and its recovery codes, in one statement:
/// these columns from [`USER_FROM`].
const USER_COLUMNS: &str = "
SELECT u.name, u.email, u.pending_email, u.role, u.password_hash, u.created_at, u.epoch,
       u.totp_last_step, u.last_email_sent,
       u.totp_enabled_at, u.totp_secret, u.email_enabled_at,
       u.failures, u.last_failure, u.locked,
       u.recovery_salt, u.recovery_issued_at,
       ARRAY(SELECT int2send(slot) || hash FROM recovery_codes c WHERE c.user_name = u.name ORDER BY slot),
       ARRAY(SELECT used_at FROM recovery_codes c WHERE c.user_name = u.name ORDER BY slot),
       u.pending_secret, u.pending_created_at, u.pending_session,
       u.code_purpose, u.code_salt, u.code_hash, u.code_sent_at, u.code_expires_at, u.code_tries, u.code_session,
       u.generation, u.mac, wt.generation, wt.mac";
const USER_FROM: &str = "
  FROM users u";
const USER_WITNESS: &str = " LEFT JOIN witnesses wt ON wt.key = 'u:' || u.name";

/// What the statement of one sealed record adds to its columns: the
/// witnesses of the record's bucket (parameter `$n`) and the root, so
/// checking them takes no round trip of its own; [`ROOT_JOIN`] goes with
/// it.
fn sealed_columns(n: usize) -> String {
    format!(
        ", ARRAY(SELECT b.generation::text || ' ' || b.key FROM witnesses b WHERE b.bucket = ${n}),
           r.generation, r.acc, r.mac"
    )
}
const ROOT_JOIN: &str = " LEFT JOIN witness_root r ON r.id = 1";

/// A session row (its key, then what checks it), from [`SESSION_FROM`].
const SESSION_COLUMNS: &str = "
SELECT s.user_name, s.created_at, s.last_used, s.fresh, s.machine, s.os_uid, s.key,
       s.generation, s.mac, wt.generation, wt.mac";
const SESSION_FROM: &str = "
  FROM sessions s";
const SESSION_WITNESS: &str = " LEFT JOIN witnesses wt ON wt.key = 's:' || encode(s.key, 'hex')";

/// The workspace row with its settings and actions. No statement on these
/// small tables names a key or an order (one scan of each, sorted here): a
/// fresh server process plans an index lookup at the cost of a few more
/// catalog reads than the whole scan takes.
const WORKSPACE_COLUMNS: &str = "SELECT w.policy, w.allowed, w.created_at,
       s.keys, s.vals, a.names, a.fresh, a.mfa, a.described, a.added,
       w.grace_until, w.generation, w.mac, wt.generation, wt.mac";
const WORKSPACE_FROM: &str = "FROM workspace w,
  LATERAL (SELECT array_agg(key) AS keys, array_agg(value) AS vals FROM settings) s,
  LATERAL (SELECT array_agg(name) AS names, array_agg(fresh_for) AS fresh, array_agg(require_mfa) AS mfa,
                  array_agg(description) AS described, array_agg(added_at) AS added FROM actions) a";
const WORKSPACE_WITNESS: &str = " LEFT JOIN witnesses wt ON wt.key = 'w'";
/// The workspace record's witness name (in [`WORKSPACE_WITNESS`] too).
const WORKSPACE_NAME: &str = "w";

/// A statement's `(columns, from, witness join)` for [`record_sql`].
type Parts = (&'static str, &'static str, &'static str);
const WORKSPACE_RECORD: Parts = (WORKSPACE_COLUMNS, WORKSPACE_FROM, WORKSPACE_WITNESS);
const SESSION_RECORD: Parts = (SESSION_COLUMNS, SESSION_FROM, SESSION_WITNESS);
const USER_RECORD: Parts = (USER_COLUMNS, USER_FROM, USER_WITNESS);
/// What selects one session, one user (parameter `$1`).
const BY_SESSION_KEY: &str = "WHERE s.key = $1";
const BY_USER_NAME: &str = "WHERE u.name = $1";

/// The statement of one record selected by `n` parameters of its own;
/// sealed, the bucket of its witness is parameter `n + 1`.
fn one_record_sql(sealed: bool, parts: Parts, tail: &str, n: usize) -> String {
    record_sql(sealed, parts, tail, sealed.then_some(n + 1))
}

/// The workspace record's statement, and its parameters (sealed: the
/// bucket of its witness, `bucket`).
fn workspace_read(sealed: bool, bucket: &i16) -> (String, ParamList<'_>) {
    let params = match sealed {
        true => vec![p(bucket)],
        false => Vec::new(),
    };
    (one_record_sql(sealed, WORKSPACE_RECORD, "", 0), params)
}

/// A statement reading records: `(columns, from, witness join)` and
/// `tail`. Sealed, with the witness, and (`bucket` names its parameter)
/// the witnesses of the record's bucket and the root; plain, without the
/// witness table at all (every table a fresh server process touches costs
/// it catalog reads).
fn record_sql(
    sealed: bool,
    (columns, from, join): (&str, &str, &str),
    tail: &str,
    bucket: Option<usize>,
) -> String {
    if !sealed {
        let columns = columns.replace("wt.generation, wt.mac", "NULL::bigint, NULL::bytea");
        return format!("{columns} {from} {tail}");
    }
    match bucket {
        Some(n) => format!(
            "{columns}{} {from}{join}{ROOT_JOIN} {tail}",
            sealed_columns(n)
        ),
        None => format!("{columns} {from}{join} {tail}"),
    }
}

/// The witness of the session `key`.
fn session_witness(key: &[u8]) -> String {
    format!("s:{}", crate::domain::secret::hex(key))
}

/// What [`PgStore::open`] reads with the snapshot's first statement: the
/// statements [`PgTx::select_one`] would send for the workspace and, given
/// a session key, for that session and (plain) its user.
struct ReadAhead {
    sealed: bool,
    names: Vec<Ahead>,
    /// The session key, as a parameter.
    key: Vec<u8>,
    session_name: String,
    /// Sealed: the buckets of the workspace's and the session's witnesses.
    buckets: [i16; 2],
}

/// What [`PgStore::first_message`] brought back.
enum FirstMessage {
    /// The schema's rows (or why they could not be read), and the answers
    /// to the statements read ahead, in order.
    Read {
        meta: std::result::Result<Vec<tokio_postgres::SimpleQueryMessage>, tokio_postgres::Error>,
        answers: Vec<std::result::Result<Reply, tokio_postgres::Error>>,
    },
    /// The write could not begin: the lock stayed busy (the error, said
    /// after the ordinary open has said what else is wrong), or there is no
    /// workspace, or one of an older schema (whose tables the statements do
    /// not fit). The connection is still in the failed transaction.
    NotBegun { busy: Option<anyhow::Error> },
}

/// Under what name a statement's rows are kept.
enum Ahead {
    Record(String),
    /// The user of the session read before it (its name is in that row).
    SessionUser,
}

impl ReadAhead {
    fn new(sealed: bool, session: Option<[u8; 32]>) -> ReadAhead {
        let mut names = vec![Ahead::Record(WORKSPACE_NAME.into())];
        let session_name = session.map(|k| session_witness(&k)).unwrap_or_default();
        if session.is_some() {
            names.push(Ahead::Record(session_name.clone()));
            // Sealed, a user's statement names the bucket of its witness,
            // which needs the user's name first.
            if !sealed {
                names.push(Ahead::SessionUser);
            }
        }
        let bucket = |name: &str| i16::from(witness::bucket(name.as_bytes()));
        ReadAhead {
            sealed,
            names,
            key: session.map(|k| k.to_vec()).unwrap_or_default(),
            buckets: [bucket(WORKSPACE_NAME), bucket(&session_name)],
            session_name,
        }
    }

    /// The statements, in the order of `names`.
    fn statements(&self) -> Vec<(String, ParamList<'_>)> {
        let sealed = self.sealed;
        self.names
            .iter()
            .map(|name| match name {
                Ahead::Record(w) if w == WORKSPACE_NAME => workspace_read(sealed, &self.buckets[0]),
                Ahead::Record(_) => {
                    let sql = one_record_sql(sealed, SESSION_RECORD, BY_SESSION_KEY, 1);
                    let mut params = vec![p(&self.key)];
                    if sealed {
                        params.push(p(&self.buckets[1]));
                    }
                    (sql, params)
                }
                Ahead::SessionUser => (
                    record_sql(
                        false,
                        USER_RECORD,
                        "WHERE u.name = (SELECT user_name FROM sessions WHERE key = $1)",
                        None,
                    ),
                    vec![p(&self.key)],
                ),
            })
            .collect()
    }
}

/// A workspace on a PostgreSQL server, over one connection.
///
/// Reads share one read-only snapshot, begun with the first statement
/// (`open`'s; after a write, with the next read) and kept until a write
/// begins, which ends it in the same round trip as its own BEGIN (as on
/// the file, a reader then sees later data only by reading again, and
/// every check that matters is made again inside the write). `open`'s
/// snapshot is the exception: it is what `open` reads ahead (the
/// workspace, the caller's session and user), committed in the same
/// message, and a read of anything else begins a new snapshot. The
/// workspace record is read once per snapshot. Only a write transaction is
/// ended by the server when it idles (a process stopped while it holds the
/// writer lock); a snapshot holds no lock and ends when the store is
/// dropped.
pub struct PgStore {
    /// The connection and what the store keeps about its transaction,
    /// shared with the store's [`PgIdler`].
    conn: Rc<Conn>,
    url: PgUrl,
    /// The key TOTP secrets are sealed with (None: stored plain).
    key: Option<Arc<SealKey>>,
    /// How long a write transaction may idle before the server ends it.
    write_idle_ms: u128,
    /// The settings every transaction runs under, set at its start
    /// (`SET LOCAL`: a pooler's server connections keep nothing of them).
    local: String,
    /// The tables a `VACUUM (SKIP_LOCKED)` passed over, as the server's
    /// warnings name them.
    skipped: Arc<std::sync::Mutex<Vec<String>>>,
    /// Where the workspace stands in a `migrate` (see [`super::Migration`]).
    migration: Option<super::Migration>,
}

/// The connection, and the state of the transaction on it.
struct Conn {
    client: RefCell<Client>,
    /// Whether the read snapshot's transaction is open.
    snapshot: Cell<bool>,
    /// Its BEGIN is not sent yet: it goes with the snapshot's first
    /// statement.
    unsent: Cell<bool>,
    writing: Cell<bool>,
    /// The workspace record as the snapshot holds it, once read.
    workspace: RefCell<Option<Workspace>>,
    /// Rows of records read ahead with the snapshot's first statement, by
    /// witness name ("w", "s:…", "u:…"): what a record's statement would
    /// return in this snapshot, taken by the first read of that record.
    ahead: RefCell<HashMap<String, Vec<Row>>>,
    /// Users and sessions as the snapshot holds them, once read (a
    /// repeatable-read snapshot gives the same answer again).
    users: RefCell<HashMap<String, Option<User>>>,
    sessions: RefCell<HashMap<[u8; 32], Option<Session>>>,
    /// Counts the snapshots begun: a read transaction that outlives its
    /// snapshot checks the records of the next one against their own root.
    epoch: Cell<u64>,
    /// A write `open` began (see [`Begun`]), until the first write takes it
    /// or anything else ends it.
    begun: RefCell<Option<Begun>>,
}

/// A plain write that [`PgStore::open`] began in its first message, for a
/// command whose first write comes before any read but the workspace's
/// ([`Options::writes_first`]): the writer lock is held, and what the write
/// reads first was read under it, in that transaction. The first write
/// goes on in it; a read that must ask the server first ends it with a
/// `ROLLBACK` (it wrote nothing) in the same message as the new
/// snapshot's `BEGIN`, and so does the command's end.
struct Begun {
    /// The audit chain's last link, as the lock's statement read it.
    last_link: Option<(Option<String>, Option<String>)>,
    /// The user's rows, under their witness name ("u:…").
    user: (String, Vec<Row>),
}

impl Conn {
    /// Drops what was kept of the snapshot that ended.
    fn forget_snapshot(&self) {
        self.workspace.borrow_mut().take();
        self.ahead.borrow_mut().clear();
        self.users.borrow_mut().clear();
        self.sessions.borrow_mut().clear();
        self.epoch.set(self.epoch.get() + 1);
    }

    /// Whether a snapshot waits for its BEGIN, which the caller now sends
    /// (the snapshot counts as begun).
    fn take_unsent(&self) -> bool {
        let unsent = self.unsent.replace(false);
        if unsent {
            self.epoch.set(self.epoch.get() + 1);
        }
        unsent
    }

    /// Whether a write `open` began was still open; it counts as ended
    /// (the caller sends its `ROLLBACK`: nothing was written in it).
    fn take_begun(&self) -> bool {
        self.begun.borrow_mut().take().is_some()
    }

    /// What ends the write `open` began, if one is still open, to go
    /// before what is sent next (see [`Conn::take_begun`]).
    fn end_begun(&self) -> &'static str {
        if self.take_begun() { "ROLLBACK; " } else { "" }
    }

    /// Ends a read snapshot whose BEGIN or first statements failed.
    fn abandon_snapshot(&self) {
        self.begun.borrow_mut().take();
        self.snapshot.set(false);
        self.forget_snapshot();
        if let Ok(mut c) = self.client.try_borrow_mut() {
            let _ = c.batch_execute("ROLLBACK");
        }
    }

    /// Commits the read snapshot, if one is open and no write is under way.
    fn end_snapshot(&self) {
        if !self.writing.get() && self.snapshot.replace(false) {
            self.forget_snapshot();
            let unsent = self.unsent.replace(false);
            let begun = self.take_begun();
            if unsent && !begun {
                return;
            }
            let end = if begun { "ROLLBACK" } else { "COMMIT" };
            if let Ok(mut c) = self.client.try_borrow_mut() {
                let _ = c.batch_execute(end);
            }
        }
    }
}

/// Ends a store's read snapshot from outside it, before a wait for a
/// person (a prompt): behind a pooler an open transaction holds a server
/// connection for as long as someone takes to type. The next read begins
/// a new snapshot; every check that matters is made again in the write.
/// Does nothing once the store is gone or while it writes.
pub struct PgIdler(Weak<Conn>);

impl PgIdler {
    pub fn idle(&self) {
        if let Some(conn) = self.0.upgrade() {
            conn.end_snapshot();
        }
    }
}

impl PgStore {
    /// What ends this store's snapshot from outside it (see [`PgIdler`]).
    pub fn idler(&self) -> PgIdler {
        PgIdler(Rc::downgrade(&self.conn))
    }

    pub fn url(&self) -> &PgUrl {
        &self.url
    }

    /// Creates the schema and the workspace (filled by `init`) in one
    /// transaction; refuses a database that already holds stepup tables.
    pub fn create(
        url: &PgUrl,
        options: &Options,
        init: impl FnOnce(&mut dyn Writes) -> Result<()>,
    ) -> Result<()> {
        let store = PgStore::connect(url, options, options.key.clone())?;
        store.in_transaction(false, |w| {
            let existing = w.query_one(
                "SELECT count(*) FROM pg_catalog.pg_tables
                  WHERE schemaname = current_schema() AND tablename = ANY($1)",
                params![TABLES.as_slice()],
            )?;
            if existing.get::<_, i64>(0) > 0 {
                return Err(Error::denied(format!(
                    "a stepup workspace already exists in {}",
                    w.url
                ))
                .hint("stepup never overwrites one: choose another (new or empty) database, with --db for init, with --to for migrate")
                .into());
            }
            w.batch(&schema())?;
            w.execute(
                "INSERT INTO stepup_meta (key, value) VALUES ('schema_version', $1)",
                params![PG_SCHEMA_VERSION.to_string()],
            )?;
            w.put_phantom_key()?;
            w.mark_sealed()?;
            if w.key.is_some() {
                w.fresh_root(0);
            }
            init(w)
        })
    }

    /// Where the workspace stands in a `migrate` (see [`super::Migration`]).
    pub fn migration(&self) -> Option<&super::Migration> {
        self.migration.as_ref()
    }

    /// Drops stepup's tables at `url` if they hold the unfinished copy of
    /// the workspace at `from` (see [`super::Store::discard_arrival`]), in
    /// one transaction: the tables go all together or not at all.
    pub fn discard_arrival(url: &PgUrl, options: &Options, from: &str) -> Result<()> {
        let store = PgStore::connect(url, options, None)?;
        store.in_transaction(false, |w| {
            let mark = w.query(
                "SELECT value FROM stepup_meta WHERE key = 'arriving_from' FOR UPDATE",
                params![],
            )?;
            if mark.first().map(|r| r.get::<_, String>(0)).as_deref() != Some(from) {
                return Err(Error::failure(format!(
                    "{} is not an unfinished copy of the workspace in {from}; it is left as it is",
                    w.url
                ))
                .into());
            }
            w.batch(&format!("DROP TABLE {}", TABLES.join(", ")))
        })
    }

    /// Connects and checks that the database holds a workspace of a schema
    /// this stepup reads.
    pub fn open(url: &PgUrl, options: &Options) -> Result<PgStore> {
        let store = PgStore::connect(url, options, None)?;
        PgStore::start(store, url, options, "")
    }

    /// [`open`](PgStore::open) on the connected `store`; `before` ends a
    /// transaction the connection is still in (a begun write that failed).
    fn start(mut store: PgStore, url: &PgUrl, options: &Options, before: &str) -> Result<PgStore> {
        let sealed = options.key.is_some();
        let ahead = ReadAhead::new(sealed, options.session);
        // A command that writes first (plain) begins that write here.
        let writes_first = options.writes_first.as_deref().filter(|_| !sealed);
        let (meta, answers) = match store.first_message(&ahead, writes_first, before) {
            FirstMessage::Read { meta, answers } => (meta, answers),
            FirstMessage::NotBegun { busy } => {
                let options = Options {
                    writes_first: None,
                    ..options.clone()
                };
                let store = PgStore::start(store, url, &options, "ROLLBACK; ")?;
                return match busy {
                    Some(e) => Err(e),
                    None => Ok(store),
                };
            }
        };
        let rows: Vec<(String, String)> = match meta {
            Ok(messages) => {
                // The snapshot is what was read; its transaction is over
                // (sealed: it stays open; begun: the write is open, and
                // ends before any other read's BEGIN, see `Conn::begun`).
                store.conn.snapshot.set(true);
                store.conn.unsent.set(!sealed);
                messages
                    .into_iter()
                    .filter_map(|m| match m {
                        tokio_postgres::SimpleQueryMessage::Row(r) if r.columns().len() == 2 => {
                            Some((
                                r.get(0).unwrap_or_default().to_string(),
                                r.get(1).unwrap_or_default().to_string(),
                            ))
                        }
                        _ => None,
                    })
                    .collect()
            }
            Err(e) if e.code() == Some(&SqlState::UNDEFINED_TABLE) => {
                return Err(Error::failure(format!("no stepup database at {url}"))
                    .hint("create one with `stepup init --admin NAME`, or point --db or STEPUP_DB at an existing one")
                    .into());
            }
            Err(e) => return Err(pg_error(url, e)),
        };
        let mut version = None;
        let mut marker = None;
        let (mut moved_to, mut arriving_from) = (None, None);
        for (key, value) in rows {
            match key.as_str() {
                "schema_version" => version = Some(value),
                "moved_to" => moved_to = Some(value),
                "arriving_from" => arriving_from = Some(value),
                "sealed_with" => {
                    marker =
                        Some(KeyId::parse(&value).ok_or_else(|| {
                            damaged(url, "the id of its sealing key is unreadable")
                        })?);
                }
                _ => {}
            }
        }
        store.migration = super::Migration::of(&url.shown, moved_to, arriving_from)?;
        match &store.migration {
            Some(m) if !options.migrating => return Err(m.refusal(&url.shown)),
            _ => {}
        }
        let version: u32 = version
            .as_deref()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| damaged(url, "its schema version is missing or unreadable"))?;
        if version > PG_SCHEMA_VERSION {
            return Err(Error::failure(format!(
                "the database {url} has schema version {version}, made by a newer stepup; this stepup ({}) reads versions up to {PG_SCHEMA_VERSION}",
                env!("CARGO_PKG_VERSION"),
            ))
            .hint("upgrade stepup to use this database")
            .into());
        }
        if version < 2 {
            return Err(damaged(url, format!("unknown schema version {version}")));
        }
        let key = super::check_sealing(&url.shown, marker, options)?;
        if key.is_some() && version < 5 {
            // Only development builds made sealed schema 4 databases. Without
            // a root, a record put back with its witness is indistinguishable
            // from one written there, and sealing them again would vouch for
            // it; a schema number set back (to make stepup do that) looks
            // exactly the same. So it is refused, never upgraded sealed.
            return Err(Error::failure(format!(
                "the database {url} is sealed and of schema {version}: stepup upgrades a sealed database only from schema 5 on (schema 4 has no root over its witnesses, so its records cannot be vouched for)"
            ))
            .hint("with the stepup that made it, run `stepup key remove`; this stepup then upgrades it on its next command, and `stepup key init PATH` seals it again. If no stepup of yours made a sealed schema 4 database, its schema number was set back by someone who can write it: restore it from a backup you trust")
            .into());
        }
        store.key = key;
        if version < PG_SCHEMA_VERSION {
            if store.conn.begun.borrow().is_some() {
                // (Its statements fit this schema's tables only.)
                store.conn.end_snapshot();
            }
            store.upgrade(version)?;
        } else if store.key.is_some() == sealed {
            store.keep_ahead(&ahead, answers)?;
        }
        Ok(store)
    }

    /// Sends the first message: it begins the snapshot every read shares
    /// and reads, in the same round trip, the records most commands read
    /// first (the workspace, and the caller's session and user); for a
    /// command that writes first (`writes_first`, plain), it begins that
    /// write instead, and reads the user too. Sealed or not is known only
    /// from the answer, so the statements are made for what the config's
    /// key suggests; a wrong guess, or a schema to upgrade first, leaves
    /// them unused.
    fn first_message(
        &self,
        ahead: &ReadAhead,
        writes_first: Option<&str>,
        before: &str,
    ) -> FirstMessage {
        let sealed = ahead.sealed;
        let mut c = self.conn.client.borrow_mut();
        let meta_sql = "SELECT key, value FROM stepup_meta";
        let first = match writes_first {
            Some(_) => self.write_begin(before, true),
            None => format!("{before}{} {meta_sql}", self.begin_snapshot()),
        };
        let statements = ahead.statements();
        let user_sql = writes_first.map(|_| one_record_sql(false, USER_RECORD, BY_USER_NAME, 1));
        let user_params: Vec<_> = writes_first.iter().map(p).collect();
        // A snapshot's transaction ends in the same message: what was
        // read ahead is one snapshot, kept for the command (a command
        // that reads nothing else needs no COMMIT of its own at the
        // end), and a later read begins a new snapshot with its first
        // statement. A pooler gets the server connection back at once.
        // A begun write reads the schema version under its lock, and
        // then the workspace and the user; it stays open for the
        // command's first write (see [`Begun`]).
        let mut steps = vec![Step::Simple(&first)];
        if writes_first.is_some() {
            steps.push(Step::Simple(meta_sql));
        }
        steps.extend(
            statements
                .iter()
                .map(|(sql, params)| Step::Query(sql, params.as_slice())),
        );
        // Not sealed: there a transaction checks each record against
        // the root over the witnesses it read once, which must be of
        // the same snapshot as every record it reads after.
        match &user_sql {
            Some(sql) => steps.push(Step::Query(sql, &user_params)),
            None if !sealed => steps.push(Step::Simple("COMMIT")),
            None => {}
        }
        match c.pipeline(&steps) {
            Ok(mut answers) => {
                // Sealed, the snapshot stays open; plain, it committed
                // (or, begun, the write is open).
                let mut ended_well = sealed;
                if let Some(name) = writes_first {
                    let lock = answers.remove(0);
                    match (lock, answers.pop()) {
                        (Ok(Reply::Messages(m)), Some(Ok(Reply::Rows(rows)))) => {
                            ended_well = true;
                            *self.conn.begun.borrow_mut() = Some(Begun {
                                last_link: last_link_of(&m),
                                user: (format!("u:{name}"), rows),
                            });
                        }
                        // The lock stayed busy, there is no workspace, or
                        // one of an older schema (whose tables the
                        // statements do not fit): opened as any command's,
                        // which says what else is wrong first, or
                        // upgrades it.
                        (lock, _) => {
                            return FirstMessage::NotBegun {
                                busy: match lock {
                                    Err(e) if is_busy(&e) => Some(pg_error(&self.url, e)),
                                    _ => None,
                                },
                            };
                        }
                    }
                } else if !sealed {
                    ended_well = answers.pop().is_some_and(|a| a.is_ok());
                }
                let meta = answers.remove(0).map(|reply| match reply {
                    Reply::Messages(m) => m,
                    _ => Vec::new(),
                });
                // Ended on every error (a pooler closes a server
                // connection left inside a transaction).
                if !ended_well || meta.is_err() {
                    self.conn.begun.borrow_mut().take();
                    let _ = c.batch_execute("ROLLBACK");
                }
                FirstMessage::Read { meta, answers }
            }
            Err(e) => {
                let _ = c.batch_execute("ROLLBACK");
                FirstMessage::Read {
                    meta: Err(e),
                    answers: Vec::new(),
                }
            }
        }
    }

    /// Keeps the rows read ahead (see [`ReadAhead`]).
    fn keep_ahead(
        &self,
        ahead: &ReadAhead,
        answers: Vec<std::result::Result<Reply, tokio_postgres::Error>>,
    ) -> Result<()> {
        let mut kept = self.conn.ahead.borrow_mut();
        for (name, answer) in ahead.names.iter().zip(answers) {
            // One that failed leaves nothing read ahead: the reads are made
            // again, in a new snapshot (plain, the COMMIT after it ended the
            // transaction as a ROLLBACK; sealed, it is still open, failed).
            let Ok(Reply::Rows(rows)) = answer else {
                kept.clear();
                drop(kept);
                if !self.conn.unsent.replace(true) {
                    self.conn
                        .client
                        .borrow_mut()
                        .batch_execute("ROLLBACK")
                        .map_err(|e| pg_error(&self.url, e))?;
                }
                return Ok(());
            };
            let name = match name {
                // The user the session names, when it is there once.
                Ahead::SessionUser => match kept.get(&ahead.session_name) {
                    Some(s) if s.len() == 1 => match s[0].try_get::<_, String>(0) {
                        Ok(user) => format!("u:{user}"),
                        Err(_) => continue,
                    },
                    _ => continue,
                },
                Ahead::Record(name) => name.clone(),
            };
            kept.insert(name, rows);
        }
        Ok(())
    }

    /// Adds what the newer schemas have (under the writer lock, so of two
    /// processes the second finds it done), and says so once.
    fn upgrade(&self, from: u32) -> Result<()> {
        let upgraded = self.in_transaction(false, |w| {
            let row = w.query_one(
                "SELECT value FROM stepup_meta WHERE key = 'schema_version'",
                params![],
            )?;
            let mut now: u32 = row.get::<_, String>(0).parse().unwrap_or(0);
            let found = now;
            if now == 2 {
                w.batch(UPGRADE_2_TO_3)?;
                w.chain_unlinked()?;
                now = 3;
            }
            if now == 3 {
                w.batch(UPGRADE_3_TO_4)?;
                now = 4;
            }
            if now == 4 {
                w.batch(UPGRADE_4_TO_5)?;
                w.batch(UPGRADE_4_TO_5_END)?;
                now = 5;
            }
            if now == 5 {
                w.batch(&upgrade_5_to_6())?;
            }
            Ok(found < PG_SCHEMA_VERSION)
        })?;
        if upgraded {
            eprintln!(
                "note: upgraded the database {} from schema {from} to schema {PG_SCHEMA_VERSION} (sessions bound to a machine and OS user, sealed secrets, a root over the witnesses, a user's parts in its row)",
                self.url
            );
        }
        Ok(())
    }

    fn connect(url: &PgUrl, options: &Options, key: Option<Arc<SealKey>>) -> Result<PgStore> {
        let skipped = Arc::new(std::sync::Mutex::new(Vec::new()));
        Ok(PgStore {
            conn: Rc::new(Conn {
                client: RefCell::new(connect(url, options, skipped.clone())?),
                snapshot: Cell::new(false),
                unsent: Cell::new(false),
                writing: Cell::new(false),
                workspace: RefCell::new(None),
                ahead: RefCell::new(HashMap::new()),
                users: RefCell::new(HashMap::new()),
                sessions: RefCell::new(HashMap::new()),
                epoch: Cell::new(0),
                begun: RefCell::new(None),
            }),
            url: url.clone(),
            key,
            write_idle_ms: options.busy_timeout.as_millis().max(1) + 30_000,
            local: local_settings(url, options),
            skipped,
            migration: None,
        })
    }

    /// Begins the read-only snapshot (its data are taken at its first
    /// query, not at these statements).
    fn begin_snapshot(&self) -> String {
        format!(
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; {}",
            self.local
        )
    }

    /// A consistent snapshot (a read-only repeatable-read transaction),
    /// shared by every read until a write begins.
    pub fn read(&self) -> Result<PgTx<'_>> {
        if !self.conn.writing.get() && !self.conn.snapshot.get() {
            // Its BEGIN goes with its first statement (see PgTx::flush_with).
            self.conn.snapshot.set(true);
            self.conn.unsent.set(true);
        }
        Ok(PgTx::new(self, false))
    }

    /// Sends the snapshot's BEGIN if it waits for a first statement (for a
    /// statement sent outside a [`PgTx`]).
    fn begun(&self) -> Result<()> {
        if !self.conn.writing.get() && self.conn.take_unsent() {
            let begin = format!("{}{}", self.conn.end_begun(), self.begin_snapshot());
            let sent = self.conn.client.borrow_mut().batch_execute(&begin);
            if let Err(e) = sent {
                self.conn.abandon_snapshot();
                return Err(pg_error(&self.url, e));
            }
        }
        Ok(())
    }

    /// Runs `f` in one write transaction, after this workspace's writer
    /// lock (`init` takes it too: of two at once, the second finds the first's
    /// tables and is refused as "already exists").
    ///
    /// Between stepup processes the lock leaves nothing to retry: a process
    /// waiting for it holds no other lock (no deadlock), and read committed
    /// statements behind it see every commit before it (no serialization
    /// failure). Should another client cause either, the command fails with
    /// exit 4 ("try again"), and nothing is re-run: `f` spends codes.
    pub fn write<T>(&self, f: impl FnOnce(&mut dyn Writes) -> Result<T>) -> Result<T> {
        self.in_transaction(true, |w| f(w))
    }

    /// `chained`: the tables are this schema's (not in `create` or an
    /// upgrade), so the audit chain's last link is fetched with the lock.
    fn in_transaction<T>(
        &self,
        chained: bool,
        f: impl FnOnce(&mut PgTx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.conn.writing.set(true);
        let result = self.run_write(chained, f);
        self.conn.writing.set(false);
        result
    }

    fn run_write<T>(&self, chained: bool, f: impl FnOnce(&mut PgTx<'_>) -> Result<T>) -> Result<T> {
        // The snapshot (if one is open) ends in the same round trip.
        let end_snapshot = if self.conn.snapshot.replace(false) && !self.conn.unsent.replace(false)
        {
            "COMMIT; "
        } else {
            ""
        };
        let begun = self.conn.begun.borrow_mut().take();
        // The workspace as `open`'s begun write read it (under the lock):
        // parsed by a read since, or its rows.
        let kept = match begun {
            Some(_) => (
                self.conn.workspace.borrow_mut().take(),
                self.conn.ahead.borrow_mut().remove(WORKSPACE_NAME),
            ),
            None => (None, None),
        };
        self.conn.forget_snapshot();
        let mut tx = PgTx::new(self, true);
        match begun {
            // The write `open` began goes on: what it read is this write's.
            Some(b) if chained => {
                *tx.last_link.borrow_mut() = Some(LastLink::Text(b.last_link));
                let mut ahead = tx.write_ahead.borrow_mut();
                match kept {
                    (Some(ws), _) => *tx.workspace.borrow_mut() = Some(ws),
                    (None, Some(rows)) => {
                        ahead.insert(WORKSPACE_NAME.into(), rows);
                    }
                    (None, None) => {}
                }
                ahead.insert(b.user.0, b.user.1);
            }
            // Under the lock, the audit chain's last link comes back in the
            // same round trip (most writes append an event); the message
            // goes with the transaction's first statement (see
            // PgTx::flush_with). (Only `create` and an upgrade are not
            // chained, and neither follows a begun write: it would end.)
            other => {
                let before = if other.is_some() {
                    "ROLLBACK; "
                } else {
                    end_snapshot
                };
                *tx.begin.borrow_mut() = Some((self.write_begin(before, chained), chained));
            }
        }
        let result = match f(&mut tx) {
            // The root over the witnesses goes with the COMMIT, and so do
            // the changes still queued. A read after this begins its own
            // snapshot, when there is one: most commands end with their
            // write, and a snapshot begun here would cost a COMMIT of its
            // own at the end.
            Ok(v) if !tx.failed.get() => {
                let root = tx.root_statement().unwrap_or_default();
                tx.finish(&format!("{root}COMMIT")).map(|()| v)
            }
            other => other,
        };
        let failed = tx.failed.get();
        drop(tx);
        let mut c = self.conn.client.borrow_mut();
        match result {
            Ok(v) if !failed => Ok(v),
            Ok(_) => {
                let _ = c.batch_execute("ROLLBACK");
                Err(Error::failure(format!(
                    "a statement failed in {}; nothing was changed",
                    self.url
                ))
                .into())
            }
            Err(e) => {
                let _ = c.batch_execute("ROLLBACK");
                Err(e)
            }
        }
    }

    /// A write transaction's first statements: its `BEGIN` (after
    /// `before`), its settings, the writer lock and, `chained`, the audit
    /// chain's last link.
    fn write_begin(&self, before: &str, chained: bool) -> String {
        format!(
            "{before}BEGIN; {} SET LOCAL idle_in_transaction_session_timeout = {}; SELECT pg_advisory_xact_lock({WRITER_LOCK}); {}",
            self.local,
            self.write_idle_ms,
            if chained { LAST_LINK } else { "" }
        )
    }

    /// Rows and bytes of each table.
    pub fn table_sizes(&self) -> Result<Vec<TableSize>> {
        self.begun()?;
        let mut c = self.conn.client.borrow_mut();
        let mut out = Vec::new();
        for table in TABLES {
            let row = c
                .query_typed_one(
                    &format!(
                        "SELECT count(*), pg_table_size('{table}'), pg_indexes_size('{table}') FROM {table}"
                    ),
                    params![],
                )
                .map_err(|e| pg_error(&self.url, e))?;
            let (entries, stored, indexes): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));
            out.push(TableSize {
                table,
                entries: entries as u64,
                stored_bytes: stored as u64,
                metadata_bytes: indexes as u64,
                fragmented_bytes: 0,
                pages: (stored as u64).div_ceil(8192),
            });
        }
        Ok(out)
    }

    /// Bytes stepup's tables and their indexes take.
    pub fn size_on_disk(&self) -> Result<u64> {
        // In a transaction with stepup's timeouts (after `compact`, none is open).
        let _snapshot = self.read()?;
        self.begun()?;
        let row = self
            .conn
            .client
            .borrow_mut()
            .query_typed_one(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
                   FROM pg_catalog.pg_class c
                   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = current_schema() AND c.relname = ANY($1)",
                params![TABLES.as_slice()],
            )
            .map_err(|e| pg_error(&self.url, e))?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    /// VACUUM of stepup's tables (the server reuses their free room).
    ///
    /// VACUUM runs outside any transaction (and alone in its message), so
    /// the `SET LOCAL` timeouts cannot cover it, and a session `SET` would
    /// stay on a pooled connection. Instead it never waits for a lock:
    /// a table another session holds (DDL, a `LOCK`, another VACUUM) is
    /// passed over, and the command says so with exit 4, as a writer that
    /// finds the workspace busy does.
    pub fn compact(&mut self) -> Result<()> {
        let list = TABLES.join(", ");
        // (A COMMIT that fails leaves a connection the VACUUM fails on too.)
        self.conn.end_snapshot();
        let skipped =
            || std::mem::take(&mut *self.skipped.lock().unwrap_or_else(|e| e.into_inner()));
        skipped();
        self.conn
            .client
            .borrow_mut()
            .batch_execute(&format!("VACUUM (SKIP_LOCKED) {list}"))
            .map_err(|e| pg_error(&self.url, e))?;
        let passed_over = skipped();
        if !passed_over.is_empty() {
            return Err(Error::busy(format!(
                "another session holds a lock in {}, so part of it was not compacted ({})",
                self.url,
                passed_over.join("; ")
            ))
            .hint("run `stepup compact` again once that session is done")
            .into());
        }
        Ok(())
    }
}

/// The snapshot ends with the command, by its `COMMIT` rather than by the
/// connection going away: a pooler gives a server connection back to its
/// pool only between transactions (and closes one left inside a
/// transaction), so every command would otherwise cost a new server process.
impl Drop for PgStore {
    fn drop(&mut self) {
        self.conn.end_snapshot();
    }
}

/// What every transaction of a command runs under, as `SET LOCAL`
/// statements sent in the same message as its `BEGIN`:
/// - a waiting writer gives up after the busy timeout (exit 4), a statement
///   that hangs (a stalled lock holder, a runaway plan) after a little more;
/// - joins are planned in the order written (each a primary-key lookup from
///   the user row): exhaustive join-order search costs milliseconds of
///   planning in every fresh backend.
///
/// (A write transaction that idles is ended after a little more still:
/// `run_write` sets that for its own transaction.)
///
/// The URL's own `options` come first (`set_config(…, true)` takes a value
/// as `-c` does, lists such as a `search_path` included), so stepup's
/// settings win where both name one.
fn local_settings(url: &PgUrl, options: &Options) -> String {
    let ms = options.busy_timeout.as_millis().max(1);
    let theirs: String = url
        .settings
        .iter()
        .map(|(name, value)| {
            format!(
                "SELECT pg_catalog.set_config({}, {}, true); ",
                e_literal(name),
                e_literal(value)
            )
        })
        .collect();
    format!(
        "{theirs}SET LOCAL lock_timeout = {ms}; SET LOCAL statement_timeout = {}; \
         SET LOCAL join_collapse_limit = 1; SET LOCAL from_collapse_limit = 1;",
        ms + 10_000
    )
}

/// `text` as an escape string constant, whatever the server's
/// `standard_conforming_strings` (control characters were refused when
/// the URL was read).
fn e_literal(text: &str) -> String {
    format!("E'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Opens the connection, bounded by the busy timeout. The server's
/// "lock not available" warnings (a VACUUM that passed a table over) are
/// kept in `skipped`; other notices are dropped.
fn connect(
    url: &PgUrl,
    options: &Options,
    skipped: Arc<std::sync::Mutex<Vec<String>>>,
) -> Result<Client> {
    let mut config = url.config.clone();
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(options.busy_timeout);
    }
    // No startup options: every transaction sets stepup's settings and the
    // URL's `options` for itself (`local_settings`), so they hold behind a
    // pooler too (PgBouncer refuses startup options it does not know).
    // A host given as an address needs no name lookup: the driver would
    // otherwise resolve it on a helper thread (and wait for that thread
    // when the process ends), a few milliseconds per command.
    if config.get_hostaddrs().is_empty() {
        let addrs: Vec<std::net::IpAddr> = config
            .get_hosts()
            .iter()
            .filter_map(|h| match h {
                tokio_postgres::config::Host::Tcp(name) => {
                    name.trim_matches(['[', ']']).parse().ok()
                }
                tokio_postgres::config::Host::Unix(_) => None,
            })
            .collect();
        if addrs.len() == config.get_hosts().len() {
            for a in addrs {
                config.hostaddr(a);
            }
        }
    }
    if config.get_application_name().is_none() {
        config.application_name("stepup");
    }
    // A server that stops answering mid-command: the kernel gives up on it.
    config.tcp_user_timeout(options.busy_timeout + std::time::Duration::from_secs(10));
    config.keepalives_idle(std::time::Duration::from_secs(10));
    let tls = match url.tls {
        Tls::Disable => None,
        Tls::VerifyFull => {
            // TLS is required, and the server must prove it is the host the
            // URL names with a certificate from a trusted authority.
            config.ssl_mode(tokio_postgres::config::SslMode::Require);
            Some(tls_connector(url)?)
        }
    };
    // The server's warnings: the tables a VACUUM (SKIP_LOCKED) passed over
    // are kept; the rest are dropped.
    let on_notice = move |notice: tokio_postgres::error::DbError| {
        if notice.code() == &SqlState::LOCK_NOT_AVAILABLE {
            skipped
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(crate::domain::names::printable(notice.message()));
        }
    };
    let connected = match tls {
        None => pg_client::connect(&config, NoTls, options.busy_timeout, on_notice),
        Some(tls) => pg_client::connect(&config, tls, options.busy_timeout, on_notice),
    };
    match connected {
        Ok(client) => Ok(client),
        Err(ConnectError::Failed(e)) => Err(connect_error(url, e)),
        Err(ConnectError::Runtime(e)) => {
            Err(Error::failure(format!("cannot connect to {url}: {e}")).into())
        }
        Err(ConnectError::TimedOut) => Err(Error::failure(format!(
            "the database at {url} did not answer within {} ms",
            options.busy_timeout.as_millis()
        ))
        .hint("check that the server is running and reachable from here (host, port, firewall); [database] busy_timeout_ms sets the wait")
        .into()),
    }
}

/// rustls, verifying the server's certificate and host name against the
/// `[database] ca_file` authorities, or the public web roots without one.
fn tls_connector(url: &PgUrl) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    match &url.ca_file {
        Some(path) => {
            let bad = |why: String| -> anyhow::Error {
                Error::failure(format!(
                    "the config's [database] ca_file {}: {why}",
                    path.display()
                ))
                .hint("give a PEM file with the certificate of the authority that signed the server's")
                .into()
            };
            let certs = match &url.ca_pem {
                Some(pem) => CertificateDer::pem_slice_iter(pem)
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(|e| bad(e.to_string()))?,
                None => CertificateDer::pem_file_iter(path)
                    .map_err(|e| bad(e.to_string()))?
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(|e| bad(e.to_string()))?,
            };
            if certs.is_empty() {
                return Err(bad("no certificate in it".into()));
            }
            for cert in certs {
                roots.add(cert).map_err(|e| bad(e.to_string()))?;
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::failure(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

fn connect_error(url: &PgUrl, e: tokio_postgres::Error) -> anyhow::Error {
    let code = e.code().cloned();
    let text = db_message(&e);
    match code {
        Some(c)
            if c == SqlState::INVALID_PASSWORD
                || c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
        {
            Error::failure(format!("PostgreSQL at {url} refused the login: {text}"))
                .hint("check the user, and the password in the config's [database] url or password_file")
                .into()
        }
        Some(c) if c == SqlState::INVALID_CATALOG_NAME => {
            Error::failure(format!("PostgreSQL at {url}: {text}"))
                .hint("create the database first (createdb), then run `stepup init --admin NAME`")
                .into()
        }
        Some(c) if c == SqlState::TOO_MANY_CONNECTIONS => {
            Error::busy(format!("PostgreSQL at {url} is busy: {text}"))
                .hint("try again in a moment")
                .into()
        }
        _ if text.contains("password missing") => Error::failure(format!(
            "PostgreSQL at {url} asks for a password, and the config gives none"
        ))
        .hint("put it in the config: [database] password_file = PATH (a 0600 file), or the url there")
        .into(),
        _ if text.contains("certificate") || text.contains("TLS") => {
            Error::failure(format!("cannot reach the database at {url}: {text}"))
                .hint("the server's certificate must be for the host in the URL and signed by an authority in the config's [database] ca_file (or a public one)")
                .into()
        }
        _ => Error::failure(format!("cannot reach the database at {url}: {text}"))
            .hint("check that the server is running and reachable from here (host, port, firewall)")
            .into(),
    }
}

/// The server's own words for an error, or the driver's (with its cause).
fn db_message(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Turns a PostgreSQL error into a user-facing one.
/// The database stayed locked, or another client made the transaction fail
/// (exit 4, "try again").
fn is_busy(e: &tokio_postgres::Error) -> bool {
    e.code().is_some_and(|c| {
        *c == SqlState::LOCK_NOT_AVAILABLE
            || *c == SqlState::QUERY_CANCELED
            || *c == SqlState::T_R_SERIALIZATION_FAILURE
            || *c == SqlState::T_R_DEADLOCK_DETECTED
    })
}

fn pg_error(url: &PgUrl, e: tokio_postgres::Error) -> anyhow::Error {
    if is_busy(&e) {
        return Error::busy(format!("the database {url} stayed busy"))
            .hint("another stepup process is writing to it; try again in a moment")
            .into();
    }
    if e.is_closed() || e.code().is_none() {
        return Error::failure(format!(
            "lost the connection to the database at {url}: {}",
            db_message(&e)
        ))
        .hint("nothing was changed; check that the server is running, then try again")
        .into();
    }
    if e.code() == Some(&SqlState::UNDEFINED_TABLE) || e.code() == Some(&SqlState::UNDEFINED_COLUMN)
    {
        return damaged(url, db_message(&e));
    }
    Error::failure(format!(
        "the database {url} refused a change: {}",
        db_message(&e)
    ))
    .hint("nothing was changed")
    .into()
}

fn damaged(url: &PgUrl, what: impl std::fmt::Display) -> anyhow::Error {
    Error::failure(format!("the database {url} is damaged: {what}"))
        .hint("restore it from a backup; stepup will not guess at damaged data")
        .into()
}

/// Someone else spent what this command was about to (a code or a step):
/// the transaction is rolled back.
fn spent_meanwhile(what: &str) -> anyhow::Error {
    Error::denied(format!("{what} was used by another process meanwhile"))
        .hint("nothing was changed; run the command again")
        .into()
}

/// A transaction: read-only (from [`PgStore::read`]) or a write.
pub struct PgTx<'a> {
    store: &'a PgStore,
    url: &'a PgUrl,
    writing: bool,
    /// The audit chain's last link, once known in this write.
    last_link: RefCell<Option<LastLink>>,
    /// The workspace record as this write last read or wrote it.
    workspace: RefCell<Option<Workspace>>,
    /// Users as this transaction read them: saving one writes the
    /// difference, with guards on what it spends.
    loaded: RefCell<HashMap<String, User>>,
    /// Names this write read as no user, under its lock: adding one needs
    /// no second look (a row put there meanwhile, by a writer that skips
    /// the lock, makes the INSERT fail, and the whole write with it).
    absent: RefCell<std::collections::HashSet<String>>,
    phantom_key: Cell<Option<[u8; 32]>>,
    /// A statement failed: the transaction must not commit.
    failed: Cell<bool>,
    /// The key secrets are sealed with in this transaction.
    key: Option<Arc<SealKey>>,
    /// Sealed workspaces: the root over the witnesses, once read, and the
    /// buckets checked against it.
    root: RefCell<Option<RootState>>,
    verified: RefCell<std::collections::BTreeSet<u8>>,
    /// The generation each witness of a checked bucket names: what a
    /// record read must be of (the witness joined to its row is only a
    /// copy of it).
    witness_gens: RefCell<HashMap<String, u64>>,
    /// Changes whose answer nothing waits for, sent together with the next
    /// statement that needs one, or with the COMMIT (see [`Deferred`]).
    deferred: RefCell<Vec<Deferred>>,
    /// A write's first message (its BEGIN, the writer lock and, when it is
    /// chained, the audit chain's last link), until it goes with the
    /// transaction's first statement.
    begin: RefCell<Option<(String, bool)>>,
    /// A plain write's workspace rows, read with its first message (under
    /// the lock, as a read later in the transaction would be), until its
    /// first read of the workspace takes them; dropped by any change to
    /// the workspace's tables before that.
    ///
    /// Rows by witness name: "w", and the user a write `open` began read
    /// ("u:…"), which anything the write sends or queues drops.
    write_ahead: RefCell<HashMap<String, Vec<Row>>>,
    /// The store's snapshot this read transaction's root is of.
    epoch: Cell<u64>,
}

/// A change sent later, in the same round trip as what follows it (the
/// COMMIT, often): the server runs a transaction's statements in order, so
/// a read after it sees it. A change that must change one row is sent so
/// that the server itself fails it otherwise (see [`checked`]): a failed
/// statement ends the transaction, and a `COMMIT` sent after it then ends
/// it as a `ROLLBACK`, so nothing is committed before the check.
struct Deferred {
    sql: String,
    params: OwnedParams,
    check: Check,
}

/// What the count of rows a deferred change changed must be.
enum Check {
    /// Anything (an insert fails rather than change nothing).
    Any,
    /// One: the row of this user (else something else rewrote it).
    WroteOne(String),
    /// One: what it spends (else it was spent meanwhile).
    Spend(String),
}

/// `sql` (an UPDATE) made to fail with a division by zero unless it
/// changes exactly one row.
fn checked(sql: &str) -> String {
    format!("WITH changed AS ({sql} RETURNING 1) SELECT 1 / (count(*) = 1)::int FROM changed")
}

/// An owned parameter, for a [`Deferred`] change.
fn o<T: Param + 'static>(v: T) -> (Box<dyn ToSql + Sync>, Type) {
    (Box::new(v), T::TYPE)
}

/// What stepup did not make on its own tables, as rows of (what, table,
/// "!"): a trigger, a rule, a table inheriting from one, row security, or
/// a name of ours that is not a plain table (a view, say), or a table of
/// one of our names in another schema of the search path (a schema named
/// after the role is searched first by default: tables there are read in
/// place of ours). Any of them could rewrite, hide or keep what stepup
/// reads and writes. Checked by
/// `audit verify` only: a new server process pays about 2–4 ms for any
/// catalog query (measured with `pgbench -C`), too much for every
/// command, and each write checks what such an object could do to it
/// (the generation a witness write finds, what a removal leaves).
fn foreign_objects() -> String {
    let names = TABLES
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let ours = format!(
        "c.relnamespace = pg_catalog.current_schema()::regnamespace AND c.relname IN ({names})"
    );
    // One pass over our rows of pg_class (its flags), probing pg_trigger
    // and pg_inherits by index only for them.
    format!(
        "SELECT CASE WHEN c.relkind <> 'r' THEN 'another kind of relation in its place'
                     WHEN c.relhasrules THEN 'a rule'
                     WHEN c.relrowsecurity THEN 'row security'
                     WHEN x.child THEN 'a table inheriting from it'
                     ELSE 'a trigger' END, c.relname::text, '!'
           FROM pg_catalog.pg_class c,
                LATERAL (SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid) AS child,
                                EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                                         WHERE t.tgrelid = c.oid AND NOT t.tgisinternal) AS trigger) x
          WHERE {ours} AND (c.relkind <> 'r' OR c.relhasrules OR c.relrowsecurity OR x.child OR x.trigger)
         UNION ALL
         SELECT 'a namesake in another schema of the search path ('
                || string_agg(quote_ident(n.nspname), ', '
                              ORDER BY array_position(pg_catalog.current_schemas(false), n.nspname))
                || '; the first is read)', c.relname::text, '!'
           FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relname IN ({names}) AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
            AND n.nspname = ANY (pg_catalog.current_schemas(false))
          GROUP BY c.relname HAVING count(*) > 1"
    )
}

/// The first thing on stepup's tables that stepup did not make (rows of
/// [`foreign_objects`] among `messages`), said as a problem.
fn foreign_problem(messages: &[tokio_postgres::SimpleQueryMessage]) -> Option<String> {
    messages.iter().find_map(|m| match m {
        tokio_postgres::SimpleQueryMessage::Row(r) if r.columns().len() == 3 && r.get(2) == Some("!") => {
            Some(format!(
                "the table {} has {} that stepup did not make (it could rewrite, hide or keep what stepup reads and writes)",
                r.get(1).unwrap_or_default(),
                r.get(0).unwrap_or_default()
            ))
        }
        _ => None,
    })
}

/// The audit chain's newest link.
const LAST_LINK: &str = "SELECT chain_no, encode(mac, 'hex') FROM audit WHERE chain_no IS NOT NULL ORDER BY chain_no DESC LIMIT 1";

/// The row of [`LAST_LINK`] among a message's answers (none: an empty
/// chain).
fn last_link_of(
    messages: &[tokio_postgres::SimpleQueryMessage],
) -> Option<(Option<String>, Option<String>)> {
    messages
        .iter()
        .filter_map(|m| match m {
            tokio_postgres::SimpleQueryMessage::Row(r) if r.columns().len() == 2 => {
                Some((r.get(0).map(str::to_string), r.get(1).map(str::to_string)))
            }
            _ => None,
        })
        .next_back()
}

/// The audit chain's last link as a write transaction knows it: as text
/// from the statement that began it (none: an empty chain), or as made.
enum LastLink {
    Text(Option<(Option<String>, Option<String>)>),
    Made(Link),
}

/// The root over the witnesses as a transaction sees it.
struct RootState {
    /// As stored (0: none yet); this transaction writes the next one.
    generation: u64,
    acc: Box<witness::Root>,
    /// Changed by this transaction: written just before it commits.
    dirty: bool,
}

impl<'a> PgTx<'a> {
    fn new(store: &'a PgStore, writing: bool) -> PgTx<'a> {
        PgTx {
            store,
            url: &store.url,
            writing,
            last_link: RefCell::new(None),
            workspace: RefCell::new(None),
            loaded: RefCell::new(HashMap::new()),
            absent: RefCell::new(std::collections::HashSet::new()),
            phantom_key: Cell::new(None),
            failed: Cell::new(false),
            key: store.key.clone(),
            root: RefCell::new(None),
            verified: RefCell::new(std::collections::BTreeSet::new()),
            witness_gens: RefCell::new(HashMap::new()),
            deferred: RefCell::new(Vec::new()),
            begin: RefCell::new(None),
            write_ahead: RefCell::new(HashMap::new()),
            epoch: Cell::new(store.conn.epoch.get()),
        }
    }

    /// A read in the store's snapshot (what it read there it may keep).
    fn in_snapshot(&self) -> bool {
        !self.writing && self.store.conn.snapshot.get()
    }

    /// The key record MACs are made with (sealed workspaces).
    fn records_key(&self) -> Option<zeroize::Zeroizing<[u8; 32]>> {
        self.key.as_ref().map(|k| k.derive("records"))
    }

    /// Sealed workspaces: the root over the witnesses, read (and its MAC
    /// checked) once per transaction.
    fn with_root<T>(&self, f: impl FnOnce(&mut RootState) -> T) -> Result<T> {
        if self.root.borrow().is_none() {
            let rows = self.query(
                "SELECT generation, acc, mac FROM witness_root WHERE id = 1",
                params![],
            )?;
            self.take_root(rows.first(), 0)?;
        }
        let mut root = self.root.borrow_mut();
        Ok(f(root.as_mut().expect("loaded above")))
    }

    /// Takes the root from `row`'s columns `at..at + 3` (generation, the
    /// accumulators, MAC), unless it is already loaded.
    fn take_root(&self, row: Option<&Row>, at: usize) -> Result<()> {
        if self.root.borrow().is_some() {
            return Ok(());
        }
        let k = self
            .records_key()
            .expect("only sealed workspaces have a root");
        let what = "the root over the witnesses";
        let cols = row.map(|r| {
            (
                r.try_get::<_, Option<i64>>(at).ok().flatten(),
                r.try_get::<_, Option<Vec<u8>>>(at + 1).ok().flatten(),
                r.try_get::<_, Option<Vec<u8>>>(at + 2).ok().flatten(),
            )
        });
        let Some((Some(g), Some(acc), Some(mac))) = cols else {
            return Err(tampered(self.url, what, "is missing"));
        };
        let acc: Box<witness::Root> = acc
            .into_boxed_slice()
            .try_into()
            .map_err(|_| tampered(self.url, what, "is of the wrong size"))?;
        let g = g as u64;
        if !crate::domain::secret::ct_eq(&mac, &root_mac(&k, g, &acc[..])) {
            return Err(tampered(
                self.url,
                what,
                "does not match its MAC (changed without the key)",
            ));
        }
        *self.root.borrow_mut() = Some(RootState {
            generation: g,
            acc,
            dirty: false,
        });
        Ok(())
    }

    /// A root for a workspace whose witnesses start afresh (a new or
    /// newly sealed one); `after` is the generation it follows.
    fn fresh_root(&self, after: u64) {
        *self.root.borrow_mut() = Some(RootState {
            generation: after,
            acc: Box::new([0u8; witness::ROOT_LEN]),
            dirty: true,
        });
        self.verified.borrow_mut().clear();
        self.witness_gens.borrow_mut().clear();
    }

    /// The generation every record this transaction writes carries.
    fn generation(&self) -> Result<u64> {
        self.with_root(|r| r.generation + 1)
    }

    /// Moves the root from the witness `name`'s old generation (if it had
    /// one) to its new one (if it stays).
    fn retag(&self, name: &str, old: Option<u64>, new: Option<u64>) -> Result<()> {
        let key = self
            .key
            .clone()
            .expect("only sealed workspaces have witnesses");
        let b = witness::bucket(name.as_bytes());
        self.with_root(|r| {
            for g in [old, new].into_iter().flatten() {
                witness::xor_into(&mut r.acc[..], b, &witness::tag(&key, name.as_bytes(), g));
            }
            r.dirty = true;
        })?;
        let mut gens = self.witness_gens.borrow_mut();
        match new {
            Some(g) => gens.insert(name.to_string(), g),
            None => gens.remove(name),
        };
        Ok(())
    }

    /// The statement that stores the root this transaction leaves, sent
    /// with its COMMIT (nothing when it did not change). Its values are
    /// hex of bytes made here, nothing a caller gave.
    fn root_statement(&self) -> Option<String> {
        let k = self.records_key()?;
        let root = self.root.borrow();
        let r = root.as_ref().filter(|r| r.dirty)?;
        let g = r.generation + 1;
        let hex = crate::domain::secret::hex;
        Some(format!(
            "INSERT INTO witness_root (id, generation, acc, mac) VALUES (1, {g}, '\\x{}', '\\x{}')
             ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, acc = excluded.acc, mac = excluded.mac;",
            hex(&r.acc[..]),
            hex(&root_mac(&k, g, &r.acc[..]))
        ))
    }

    /// Checks that the witnesses in `bucket` add up to the root (once per
    /// transaction and bucket). `entries` ("generation name", as the
    /// record's statement fetched them) saves a round trip.
    fn check_bucket(&self, bucket: u8, entries: Option<Vec<String>>) -> Result<()> {
        if self.verified.borrow().contains(&bucket) {
            return Ok(());
        }
        let key = self
            .key
            .clone()
            .expect("only sealed workspaces have witnesses");
        let entries = match entries {
            Some(e) => e,
            None => self
                .query(
                    "SELECT generation::text || ' ' || key FROM witnesses WHERE bucket = $1",
                    params![i16::from(bucket)],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect(),
        };
        let mut acc = [0u8; witness::TAG];
        let mut names: HashMap<&str, u64> = HashMap::new();
        for e in &entries {
            let (g, name) = e
                .split_once(' ')
                .and_then(|(g, n)| Some((g.parse::<u64>().ok()?, n)))
                .ok_or_else(|| damaged(self.url, "a witness is unreadable"))?;
            // The XOR of a tag with itself is nothing: a witness there twice
            // (a row beside the table, as an inheriting table adds) would
            // vanish from the sum.
            if names.insert(name, g).is_some() {
                return Err(tampered(
                    self.url,
                    "the witnesses",
                    "name one record twice (a row was added beside their table)",
                ));
            }
            witness::add(&mut acc, &witness::tag(&key, name.as_bytes(), g));
        }
        let want = self.with_root(|r| witness::acc_of(&r.acc[..], bucket))?;
        if !crate::domain::secret::ct_eq(&acc, &want) {
            return Err(tampered(
                self.url,
                "the witnesses",
                "do not add up to their root: a record was put back together with an older copy of its witness",
            ));
        }
        self.verified.borrow_mut().insert(bucket);
        self.witness_gens
            .borrow_mut()
            .extend(names.into_iter().map(|(n, g)| (n.to_string(), g)));
        Ok(())
    }

    /// Checks every bucket at once (one statement), before reading many
    /// records.
    fn check_all_buckets(&self) -> Result<()> {
        if self.records_key().is_none() {
            return Ok(());
        }
        let rows = self.query(
            "SELECT bucket, generation::text || ' ' || key FROM witnesses ORDER BY bucket",
            params![],
        )?;
        let mut by_bucket: Vec<Vec<String>> = vec![Vec::new(); witness::BUCKETS];
        for r in &rows {
            let b: i16 = r.get(0);
            let b = usize::try_from(b)
                .ok()
                .filter(|b| *b < witness::BUCKETS)
                .ok_or_else(|| damaged(self.url, "a witness is in no bucket"))?;
            by_bucket[b].push(r.get(1));
        }
        for (b, entries) in by_bucket.into_iter().enumerate() {
            self.check_bucket(b as u8, Some(entries))?;
        }
        Ok(())
    }

    /// Sealed workspaces: writes the witness `name` for this transaction's
    /// generation together with its record, in one statement. `record`
    /// is the record's statement: `$2` is the generation and the
    /// parameters from `$5` on are `more`.
    fn witnessed_write(&self, name: &str, record: &str, more: &Params<'_>) -> Result<u64> {
        let k = self
            .records_key()
            .expect("only sealed workspaces have witnesses");
        let g = self.generation()?;
        let vouched = self.vouched(name)?;
        let (gi, wmac) = (int(g), witness_mac(&k, name, g).to_vec());
        let b = i16::from(witness::bucket(name.as_bytes()));
        let mut all: Vec<(&(dyn ToSql + Sync), Type)> = vec![p(&name), p(&gi), p(&wmac), p(&b)];
        all.extend_from_slice(more);
        // Both writes say what they wrote: a trigger or rule that drops one
        // would leave the root moved over a witness or record that was not.
        let row = self.query_one(
            &format!(
                "WITH old AS (SELECT generation FROM witnesses WHERE key = $1),
                      w AS (INSERT INTO witnesses (key, generation, mac, bucket) VALUES ($1, $2, $3, $4)
                            ON CONFLICT (key) DO UPDATE SET generation = $2, mac = $3, bucket = $4
                            RETURNING 1),
                      r AS ({record} RETURNING 1)
                 SELECT ARRAY(SELECT generation FROM old), (SELECT count(*) FROM w), (SELECT count(*) FROM r)"
            ),
            &all,
        )?;
        let (olds, wrote_witness, wrote_record): (Vec<i64>, i64, i64) =
            (|| Ok::<_, Why>((col(&row, 0)?, col(&row, 1)?, col(&row, 2)?)))()
                .map_err(|why| damaged(self.url, format!("the write of {name}: {why}")))?;
        if olds.len() > 1 {
            return Err(tampered(
                self.url,
                "the witnesses",
                "name one record twice (a row was added beside their table)",
            ));
        }
        if (wrote_witness, wrote_record) != (1, 1) {
            self.failed.set(true);
            return Err(tampered(
                self.url,
                &format!("the write of {name}"),
                "did not reach the database (a trigger or rule dropped or multiplied it)",
            ));
        }
        let old = olds.first().map(|g| *g as u64);
        self.expect_witness(name, vouched, old)?;
        self.retag(name, old, Some(g))?;
        Ok(g)
    }

    /// Takes witnesses a statement deleted (rows of name, generation) out
    /// of the root.
    fn unwitness(&self, rows: &[Row]) -> Result<()> {
        for r in rows {
            if let (Some(name), Some(g)) =
                (r.get::<_, Option<String>>(0), r.get::<_, Option<i64>>(1))
            {
                self.retag(&name, Some(g as u64), None)?;
            }
        }
        Ok(())
    }

    /// The generation the root vouches for the witness `name` (None: no
    /// such witness), its bucket checked first if it was not yet.
    fn vouched(&self, name: &str) -> Result<Option<u64>> {
        self.check_bucket(witness::bucket(name.as_bytes()), None)?;
        Ok(self.witness_gens.borrow().get(name).copied())
    }

    /// A write found the witness `name` of generation `found` (None: not
    /// there) as it changed it: that must be what the root vouched for
    /// before the write, or the root would be moved from a generation
    /// someone else put there (by a trigger, or by a writer that skipped
    /// the lock) and end up vouching for an old record. A removal needs no
    /// such check: taking a wrong tag out only breaks the bucket (fail
    /// closed), and what a removal leaves is checked by [`PgTx::gone`].
    fn expect_witness(&self, name: &str, vouched: Option<u64>, found: Option<u64>) -> Result<()> {
        if vouched != found {
            let said = |g: Option<u64>| g.map_or("none".to_string(), |g| format!("generation {g}"));
            return Err(tampered(
                self.url,
                "the witnesses",
                &format!(
                    "changed under this transaction ({name}: the root names {}, the table holds {}), by a trigger or by a writer that skipped the lock",
                    said(vouched),
                    said(found)
                ),
            ));
        }
        Ok(())
    }

    /// Deletes the sessions `cond` names (and, sealed, their witnesses);
    /// returns how many went.
    fn delete_sessions(&self, cond: &str, params: &Params<'_>) -> Result<u64> {
        if self.records_key().is_none() {
            return self.execute(&format!("DELETE FROM sessions WHERE {cond}"), params);
        }
        let rows = self.query(
            &format!(
                "WITH gone AS (DELETE FROM sessions WHERE {cond} RETURNING key),
                      w AS (DELETE FROM witnesses WHERE key IN (SELECT 's:' || encode(key, 'hex') FROM gone)
                            RETURNING key, generation)
                 SELECT w.key, w.generation FROM gone LEFT JOIN w ON w.key = 's:' || encode(gone.key, 'hex')"
            ),
            params,
        )?;
        self.unwitness(&rows)?;
        Ok(rows.len() as u64)
    }

    /// Sealed workspaces: gives `u`'s row its MAC for this transaction's
    /// generation and its witness the same generation, in one statement.
    fn seal_user(&self, u: &User) -> Result<()> {
        let Some(k) = self.records_key() else {
            return Ok(());
        };
        let g = self.generation()?;
        let mac = record_mac(&k, "users", u.name.as_bytes(), g, u).to_vec();
        self.witnessed_write(
            &format!("u:{}", u.name),
            "UPDATE users SET generation = $2, mac = $5 WHERE name = $6",
            params![mac, u.name],
        )?;
        Ok(())
    }

    /// Sealed workspaces: the workspace row's MAC for this transaction's
    /// generation, and its witness.
    fn seal_workspace(&self, ws: &Workspace) -> Result<()> {
        let Some(k) = self.records_key() else {
            return Ok(());
        };
        let g = self.generation()?;
        let mac = record_mac(&k, "workspace", b"", g, ws).to_vec();
        self.witnessed_write(
            WORKSPACE_NAME,
            "UPDATE workspace SET generation = $2, mac = $5 WHERE id = 1",
            params![mac],
        )?;
        Ok(())
    }

    /// Checks a record read from `row` at `at` (generation, MAC, witness
    /// generation, witness MAC; then, when the statement fetched them, the
    /// witnesses of its bucket and the root) against the key: its MAC, the
    /// generation its witness names, and that the witness's bucket adds up
    /// to the root.
    fn check_record<T: serde::Serialize>(
        &self,
        row: &Row,
        at: usize,
        (table, record_key, witness): (&str, &[u8], &str),
        what: &str,
        value: &T,
    ) -> Result<()> {
        let Some(k) = self.records_key() else {
            return Ok(());
        };
        let get = |i: usize| -> (Option<i64>, Option<Vec<u8>>) {
            (
                row.try_get(at + i).ok().flatten(),
                row.try_get(at + i + 1).ok().flatten(),
            )
        };
        let ((g, mac), (wg, wmac)) = (get(0), get(2));
        let (Some(g), Some(mac)) = (g, mac) else {
            return Err(tampered(
                self.url,
                what,
                "has no MAC (written without the key)",
            ));
        };
        let g = g as u64;
        if !crate::domain::secret::ct_eq(&mac, &record_mac(&k, table, record_key, g, value)) {
            return Err(tampered(
                self.url,
                what,
                "does not match its MAC (changed without the key, or taken from another record)",
            ));
        }
        match (wg, wmac) {
            (Some(wg), Some(wmac))
                if crate::domain::secret::ct_eq(&wmac, &witness_mac(&k, witness, wg as u64)) =>
            {
                if wg as u64 != g {
                    return Err(tampered(
                        self.url,
                        what,
                        &format!(
                            "is of generation {g}, but it was last written in generation {wg}: it was put back from an older copy"
                        ),
                    ));
                }
            }
            _ => {
                return Err(tampered(
                    self.url,
                    what,
                    "has no valid witness (removed, or put there from another copy)",
                ));
            }
        }
        let entries: Option<Vec<String>> = row.try_get(at + 4).ok();
        if entries.is_some() {
            self.take_root(Some(row), at + 5)?;
        }
        self.check_bucket(witness::bucket(witness.as_bytes()), entries)?;
        // The generation the root vouches for, not only the joined copy.
        let vouched = self.witness_gens.borrow().get(witness).copied();
        if vouched != Some(g) {
            return Err(tampered(
                self.url,
                what,
                "is not of the generation its bucket of witnesses names (put there from another copy)",
            ));
        }
        // This transaction writes the generation after the root's.
        let newest = self.with_root(|r| r.generation)? + u64::from(self.writing);
        if g > newest {
            return Err(tampered(
                self.url,
                what,
                "is newer than the root over the witnesses (the root was put back from an older copy)",
            ));
        }
        Ok(())
    }

    /// [`record_sql`] for this transaction's workspace.
    fn select_sql(&self, parts: (&str, &str, &str), tail: &str, bucket: Option<usize>) -> String {
        record_sql(self.key.is_some(), parts, tail, bucket)
    }

    /// The rows of one record's statement (see [`one_record_sql`]);
    /// sealed, the bucket of its witness `name` is one more parameter.
    fn select_one(
        &self,
        parts: Parts,
        tail: &str,
        params: &Params<'_>,
        name: &str,
    ) -> Result<Vec<Row>> {
        if self.in_snapshot()
            && let Some(rows) = self.store.conn.ahead.borrow_mut().remove(name)
        {
            return Ok(rows);
        }
        if self.writing
            && self.key.is_none()
            && let Some(rows) = self.write_ahead.borrow_mut().remove(name)
        {
            return Ok(rows);
        }
        let sql = one_record_sql(self.key.is_some(), parts, tail, params.len());
        if self.key.is_none() {
            return self.query(&sql, params);
        }
        let b = i16::from(witness::bucket(name.as_bytes()));
        let mut all: Vec<(&(dyn ToSql + Sync), Type)> = params.to_vec();
        all.push(p(&b));
        self.query(&sql, &all)
    }

    /// What a removal took is gone (`count` finds none): a rule or
    /// trigger that keeps rows a removal names would otherwise bring back
    /// a revoked session or a removed user.
    fn gone(&self, what: &str, count: &str, params: &Params<'_>) -> Result<()> {
        let left: i64 = self.query_one(count, params)?.get(0);
        if left > 0 {
            return Err(tampered(
                self.url,
                what,
                "is still there after it was removed (a rule or trigger keeps it)",
            ));
        }
        Ok(())
    }

    /// One record's statement found it at most once: a second row (one
    /// beside its table, as an inheriting table adds) is refused, never
    /// chosen between.
    fn only_one(&self, rows: &[Row], what: &str) -> Result<()> {
        if rows.len() > 1 {
            return Err(tampered(
                self.url,
                what,
                "is there twice (a row was added beside its table)",
            ));
        }
        Ok(())
    }

    /// A session from a row of [`SESSION_COLUMNS`], checked.
    fn read_session(&self, row: &Row, key: &[u8; 32]) -> Result<Session> {
        let s = session_from_row(row)
            .map_err(|why| damaged(self.url, format!("a session record: {why}")))?;
        self.check_record(
            row,
            7,
            ("sessions", key, &session_witness(key)),
            "a session record",
            &s,
        )?;
        Ok(s)
    }

    fn fail(&self, e: tokio_postgres::Error) -> anyhow::Error {
        self.failed.set(true);
        pg_error(self.url, e)
    }

    /// Runs `f` on the connection; a failure marks the transaction.
    fn on_client<T>(
        &self,
        f: impl FnOnce(&mut Client) -> std::result::Result<T, tokio_postgres::Error>,
    ) -> Result<T> {
        f(&mut self.store.conn.client.borrow_mut()).map_err(|e| self.fail(e))
    }

    fn query(&self, sql: &str, params: &Params<'_>) -> Result<Vec<Row>> {
        match self.flush_with(Some(Step::Query(sql, params)))? {
            Some(Reply::Rows(rows)) => Ok(rows),
            _ => unreachable!("a query gives rows"),
        }
    }

    fn query_one(&self, sql: &str, params: &Params<'_>) -> Result<Row> {
        let mut rows = self.query(sql, params)?;
        match rows.len() {
            1 => Ok(rows.remove(0)),
            n => {
                self.failed.set(true);
                Err(damaged(
                    self.url,
                    format!("a statement gave {n} rows where it gives one"),
                ))
            }
        }
    }

    fn execute(&self, sql: &str, params: &Params<'_>) -> Result<u64> {
        match self.flush_with(Some(Step::Execute(sql, params)))? {
            Some(Reply::Count(n)) => Ok(n),
            _ => unreachable!("a change gives a count"),
        }
    }

    fn batch(&self, sql: &str) -> Result<()> {
        self.flush()?;
        // (The flush may have sent the write's BEGIN, and its reads.)
        self.write_ahead.borrow_mut().clear();
        self.on_client(|c| c.batch_execute(sql))
    }

    /// A user read ahead (a begun write's) is what the write's first read
    /// of it gets, before the write sends or queues anything (a change of
    /// it, perhaps): from then on it is read again.
    fn drop_user_ahead(&self) {
        self.write_ahead
            .borrow_mut()
            .retain(|name, _| name == WORKSPACE_NAME);
    }

    /// Queues a change (see [`Deferred`]).
    fn defer(&self, sql: String, params: OwnedParams, check: Check) {
        self.drop_user_ahead();
        let sql = match check {
            Check::Any => sql,
            _ => checked(&sql),
        };
        self.deferred
            .borrow_mut()
            .push(Deferred { sql, params, check });
    }

    /// Sends the queued changes.
    fn flush(&self) -> Result<()> {
        self.flush_with(None).map(|_| ())
    }

    /// Sends the queued changes and then `last`, in one round trip, and
    /// checks the changes' counts; `last`'s answer comes back.
    fn flush_with(&self, last: Option<Step<'_>>) -> Result<Option<Reply>> {
        let conn = &self.store.conn;
        self.drop_user_ahead();
        // A transaction's BEGIN goes with its first statement.
        let (begin, chained) = match self.begin.borrow_mut().take() {
            Some((sql, chained)) => (Some(sql), chained),
            None => (
                (!self.writing && conn.take_unsent())
                    .then(|| format!("{}{}", conn.end_begun(), self.store.begin_snapshot())),
                false,
            ),
        };
        if !self.writing {
            // Sealed: a root and buckets checked in another snapshot say
            // nothing of this one's records.
            if self.epoch.replace(conn.epoch.get()) != conn.epoch.get() {
                self.root.borrow_mut().take();
                self.verified.borrow_mut().clear();
                self.witness_gens.borrow_mut().clear();
            }
        }
        let deferred = std::mem::take(&mut *self.deferred.borrow_mut());
        if begin.is_none() && deferred.is_empty() && last.is_none() {
            return Ok(None);
        }
        let params: Vec<ParamList<'_>> = deferred
            .iter()
            .map(|d| {
                d.params
                    .iter()
                    .map(|(v, t)| (v.as_ref(), t.clone()))
                    .collect()
            })
            .collect();
        // A new snapshot reads the workspace with its first statement (as
        // nearly every one does, and `open`'s does), unless that is it; so
        // does a plain write of this schema's tables, which nearly always
        // reads it (sealed, a read's bucket must include the transaction's
        // own witness changes before it).
        let bucket;
        let reads_workspace = match self.writing {
            false => conn.workspace.borrow().is_none(),
            true => chained && self.key.is_none() && self.workspace.borrow().is_none(),
        };
        let workspace = if begin.is_some() && reads_workspace {
            bucket = i16::from(witness::bucket(WORKSPACE_NAME.as_bytes()));
            Some(workspace_read(self.key.is_some(), &bucket))
                .filter(|(ws, _)| !matches!(&last, Some(Step::Query(sql, _)) if sql == ws))
        } else {
            None
        };
        let steps: Vec<Step<'_>> = begin
            .iter()
            .map(|sql| Step::Simple(sql))
            .chain(workspace.iter().map(|(sql, p)| Step::Query(sql, p)))
            .chain(deferred.iter().zip(&params).map(|(d, p)| match d.check {
                Check::Any => Step::Execute(&d.sql, p),
                _ => Step::Query(&d.sql, p),
            }))
            .chain(last)
            .collect();
        let mut answers = match self.on_client(|c| c.pipeline(&steps)) {
            Ok(answers) => answers.into_iter(),
            Err(e) => {
                if begin.is_some() && !self.writing {
                    conn.abandon_snapshot();
                }
                return Err(e);
            }
        };
        if begin.is_some() {
            match answers.next() {
                Some(Ok(Reply::Messages(m))) if chained => {
                    *self.last_link.borrow_mut() = Some(LastLink::Text(last_link_of(&m)));
                }
                Some(Err(e)) => {
                    // (A write is rolled back by `run_write`.)
                    if !self.writing {
                        conn.abandon_snapshot();
                    }
                    return Err(self.fail(e));
                }
                _ => {}
            }
        }
        if workspace.is_some() {
            match answers.next() {
                Some(Ok(Reply::Rows(rows))) if self.writing => {
                    self.write_ahead
                        .borrow_mut()
                        .insert(WORKSPACE_NAME.into(), rows);
                }
                Some(Ok(Reply::Rows(rows))) => {
                    conn.ahead.borrow_mut().insert(WORKSPACE_NAME.into(), rows);
                }
                Some(Err(e)) => return Err(self.fail(e)),
                _ => {}
            }
        }
        // The first failure is the one to report: those after it are the
        // server refusing statements in a transaction that failed.
        for d in &deferred {
            let Some(Err(e)) = answers.next() else {
                continue;
            };
            let not_one = e.code() == Some(&SqlState::DIVISION_BY_ZERO);
            // The transaction failed, whichever error is reported.
            self.failed.set(true);
            return Err(match &d.check {
                Check::WroteOne(name) if not_one => self.not_written(name),
                Check::Spend(what) if not_one => spent_meanwhile(what),
                _ => self.fail(e),
            });
        }
        answers.next().transpose().map_err(|e| self.fail(e))
    }

    /// Sends what is queued and commits, in one round trip. `commit` ends
    /// the transaction (with the root over the witnesses before it, sealed).
    fn finish(&self, commit: &str) -> Result<()> {
        self.flush_with(Some(Step::Simple(commit)))?;
        Ok(())
    }

    /// Runs a guarded statement that must change exactly one row.
    fn spend(&self, what: &str, sql: &str, params: &Params<'_>) -> Result<()> {
        match self.execute(sql, params)? {
            1 => Ok(()),
            _ => {
                self.failed.set(true);
                Err(spent_meanwhile(what))
            }
        }
    }

    fn phantom_key(&self) -> Result<[u8; 32]> {
        if let Some(k) = self.phantom_key.get() {
            return Ok(k);
        }
        let row = self.query_one(
            "SELECT value FROM stepup_meta WHERE key = 'phantom_key'",
            params![],
        )?;
        let text: String = row.get(0);
        let unreadable = || damaged(self.url, "the key of the phantom slots is unreadable");
        let key = match (&self.key, text.strip_prefix("sealed:")) {
            (None, None) => unhex::<32>(&text).ok_or_else(unreadable)?,
            (Some(k), Some(sealed)) => {
                let sealed = unhex_vec(sealed).ok_or_else(unreadable)?;
                let plain = k
                    .open(&seal::aad(&[b"meta", b"phantom_key"]), &sealed)
                    .ok_or_else(unreadable)?;
                <[u8; 32]>::try_from(plain.as_slice()).map_err(|_| unreadable())?
            }
            _ => return Err(unreadable()),
        };
        self.phantom_key.set(Some(key));
        Ok(key)
    }

    /// Stores a new random key for the phantom slots (sealed with the key
    /// if there is one).
    fn put_phantom_key(&self) -> Result<()> {
        let key = crate::domain::secret::bytes_from::<32>(&OsRandomness).map_err(Error::from)?;
        let text = match &self.key {
            None => crate::domain::secret::hex(&key),
            Some(k) => format!(
                "sealed:{}",
                crate::domain::secret::hex(
                    &k.seal(&OsRandomness, &seal::aad(&[b"meta", b"phantom_key"]), &key)
                        .map_err(Error::from)?
                )
            ),
        };
        self.execute(
            "INSERT INTO stepup_meta (key, value) VALUES ('phantom_key', $1)
             ON CONFLICT (key) DO UPDATE SET value = $1",
            params![text],
        )?;
        self.phantom_key.set(Some(key));
        Ok(())
    }

    /// Records which key seals the secrets (none: the mark goes).
    fn mark_sealed(&self) -> Result<()> {
        match &self.key {
            Some(k) => self.execute(
                "INSERT INTO stepup_meta (key, value) VALUES ('sealed_with', $1)
                 ON CONFLICT (key) DO UPDATE SET value = $1",
                params![k.id().to_string()],
            )?,
            None => self.execute(
                "DELETE FROM stepup_meta WHERE key = 'sealed_with'",
                params![],
            )?,
        };
        Ok(())
    }

    /// A TOTP secret as stored: sealed for its user and place, or plain.
    fn stored_secret(&self, place: &str, name: &str, secret: &TotpSecret) -> Result<Vec<u8>> {
        match &self.key {
            None => Ok(secret.as_bytes().to_vec()),
            Some(k) => Ok(k
                .seal(
                    &OsRandomness,
                    &seal::aad(&[place.as_bytes(), name.as_bytes()]),
                    secret.as_bytes(),
                )
                .map_err(Error::from)?),
        }
    }

    fn remember(&self, user: &User) {
        if self.writing {
            self.loaded
                .borrow_mut()
                .insert(user.name.clone(), user.clone());
        }
    }

    fn read_user(&self, row: &Row) -> Result<User> {
        let user = user_from_row(row, self.key.as_deref()).map_err(|why| {
            let name: String = row.try_get(0).unwrap_or_else(|_| "?".into());
            damaged(self.url, format!("the record of user {name}: {why}"))
        })?;
        self.check_record(
            row,
            29,
            ("users", user.name.as_bytes(), &format!("u:{}", user.name)),
            &format!("the record of user {}", user.name),
            &user,
        )?;
        self.remember(&user);
        Ok(user)
    }

    /// Writes every part of `user`, whether or not a row is there: the user
    /// row in place (so its sessions, which hang off it, stay as they do on
    /// the file), its recovery codes replaced. `new`: no row was there, so
    /// there are no codes to replace (they hang off the row).
    fn write_all(&self, u: &User, new: bool) -> Result<()> {
        let m = &u.mfa;
        let totp = m.totp.as_ref();
        let totp_secret = totp
            .map(|t| self.stored_secret("totp", &u.name, &t.secret))
            .transpose()?;
        let pending = m.pending_totp.as_ref();
        let pending_secret = pending
            .map(|p| self.stored_secret("pending_totp", &u.name, &p.secret))
            .transpose()?;
        let rs = m.recovery.as_ref();
        let c = m.challenge.as_ref();
        let t = &u.throttle;
        // A new user is inserted, never put over a row that is there (one
        // added meanwhile by a writer that skips the lock fails the write).
        let upsert = if new {
            ""
        } else {
            " ON CONFLICT (name) DO UPDATE SET email = $2, pending_email = $3, role = $4, password_hash = $5,
                 created_at = $6, epoch = $7, totp_last_step = $8, last_email_sent = $9,
                 totp_enabled_at = $10, totp_secret = $11, email_enabled_at = $12,
                 failures = $13, last_failure = $14, locked = $15, recovery_salt = $16, recovery_issued_at = $17,
                 pending_secret = $18, pending_created_at = $19, pending_session = $20,
                 code_purpose = $21, code_salt = $22, code_hash = $23, code_sent_at = $24, code_expires_at = $25,
                 code_tries = $26, code_session = $27"
        };
        self.execute(
            &format!("INSERT INTO users (name, email, pending_email, role, password_hash, created_at, epoch, totp_last_step, last_email_sent,
                    totp_enabled_at, totp_secret, email_enabled_at, failures, last_failure, locked,
                    recovery_salt, recovery_issued_at, pending_secret, pending_created_at, pending_session,
                    code_purpose, code_salt, code_hash, code_sent_at, code_expires_at, code_tries, code_session)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                     $21, $22, $23, $24, $25, $26, $27){upsert}"),
            params![
                u.name,
                u.email,
                u.pending_email,
                text_of(&u.role),
                u.password_hash,
                int(u.created_at.0),
                int(u.epoch),
                m.totp_last_step.map(int),
                m.last_email_sent.map(|t| int(t.0)),
                totp.map(|t| int(t.enabled_at.0)),
                totp_secret,
                m.email.as_ref().map(|e| int(e.enabled_at.0)),
                (t.failures as i32),
                t.last_failure.map(|t| int(t.0)),
                t.locked,
                rs.map(|r| r.salt.as_slice()),
                rs.map(|r| int(r.issued_at.0)),
                pending_secret,
                pending.map(|p| int(p.created_at.0)),
                pending.map(|p| p.session.as_str()),
                c.map(|c| purpose_text(c.purpose)),
                c.map(|c| c.salt.as_slice()),
                c.map(|c| c.hash.as_slice()),
                c.map(|c| int(c.sent_at.0)),
                c.map(|c| int(c.expires_at.0)),
                c.map(|c| c.tries as i32),
                c.and_then(|c| c.session.as_deref()),
            ],
        )
        .and_then(|n| self.wrote_one(&u.name, n))?;
        self.put_codes(&u.name, rs, !new)
    }

    /// A write of user `name`'s row changed `n` rows: it must be one (a
    /// trigger or rule that drops it would leave, say, a failure uncounted
    /// while the command goes on).
    fn wrote_one(&self, name: &str, n: u64) -> Result<()> {
        if n == 1 {
            return Ok(());
        }
        self.failed.set(true);
        Err(self.not_written(name))
    }

    /// The row of user `name` did not change as stepup changed it.
    fn not_written(&self, name: &str) -> anyhow::Error {
        tampered(
            self.url,
            &format!("the record of user {name}"),
            "was not written as stepup wrote it (a trigger or rule dropped or multiplied the change)",
        )
    }

    /// The recovery codes of `set` (none without one), in place of the old
    /// ones when there may be some (`replace`).
    fn put_codes(&self, name: &str, set: Option<&RecoverySet>, replace: bool) -> Result<()> {
        let slots = set.map(|s| s.slots.as_slice()).unwrap_or_default();
        let hashes: Vec<&[u8]> = slots.iter().map(|s| s.hash.as_slice()).collect();
        let used: Vec<Option<i64>> = slots.iter().map(|s| s.used_at.map(|t| int(t.0))).collect();
        // (Two statements: an INSERT does not see a DELETE of the same
        // statement, so the old slots would collide with the new.)
        if replace {
            self.execute(
                "DELETE FROM recovery_codes WHERE user_name = $1",
                params![name],
            )?;
        }
        if !slots.is_empty() {
            self.execute(
                "INSERT INTO recovery_codes (user_name, slot, hash, used_at)
                 SELECT $1, (n - 1)::smallint, h, u FROM unnest($2::bytea[], $3::bigint[]) WITH ORDINALITY AS x(h, u, n)",
                params![name, hashes, used],
            )?;
        }
        Ok(())
    }

    /// Writes what changed from `old` to `new` in one statement on the
    /// user's row; what is spent there (a TOTP step, an email code) is a
    /// guard of that statement, which must then change exactly one row, and
    /// a recovery code is spent by its own guarded statement.
    fn update_user(&self, old: &User, new: &User) -> Result<()> {
        let name = &new.name;
        let mut row = RowUpdate::new(name);
        let (a, b) = (&old.mfa, &new.mfa);
        if old.email != new.email {
            row.set("email", new.email.clone());
        }
        if old.pending_email != new.pending_email {
            row.set("pending_email", new.pending_email.clone());
        }
        if old.role != new.role {
            row.set("role", text_of(&new.role));
        }
        if old.password_hash != new.password_hash {
            row.set("password_hash", new.password_hash.clone());
        }
        if old.epoch != new.epoch {
            row.set("epoch", int(new.epoch));
        }
        if a.last_email_sent != b.last_email_sent {
            row.set("last_email_sent", b.last_email_sent.map(|t| int(t.0)));
        }
        // A TOTP step only moves forward, once.
        if a.totp_last_step != b.totp_last_step {
            let step = b.totp_last_step.map(int);
            let n = row.set("totp_last_step", step);
            if let Some(s) = b.totp_last_step
                && a.totp_last_step.is_none_or(|a| a < s)
            {
                row.guard(
                    "that authenticator code",
                    format!("(totp_last_step IS NULL OR totp_last_step < ${n})"),
                );
            }
        }
        if a.totp != b.totp {
            let t = b.totp.as_ref();
            row.set("totp_enabled_at", t.map(|t| int(t.enabled_at.0)));
            row.set(
                "totp_secret",
                t.map(|t| self.stored_secret("totp", name, &t.secret))
                    .transpose()?,
            );
        }
        if a.email != b.email {
            row.set(
                "email_enabled_at",
                b.email.as_ref().map(|e| int(e.enabled_at.0)),
            );
        }
        if a.pending_totp != b.pending_totp {
            let p = b.pending_totp.as_ref();
            row.set(
                "pending_secret",
                p.map(|p| self.stored_secret("pending_totp", name, &p.secret))
                    .transpose()?,
            );
            row.set("pending_created_at", p.map(|p| int(p.created_at.0)));
            row.set("pending_session", p.map(|p| p.session.clone()));
        }
        let codes = update_recovery(&mut row, a.recovery.as_ref(), b.recovery.as_ref());
        update_challenge(&mut row, a.challenge.as_ref(), b.challenge.as_ref());
        if old.throttle != new.throttle {
            let t = &new.throttle;
            row.set("failures", t.failures as i32);
            row.set("last_failure", t.last_failure.map(|t| int(t.0)));
            row.set("locked", t.locked);
        }
        if let Some((sql, params, what)) = row.statement() {
            let check = match what {
                Some(what) => Check::Spend(what),
                None => Check::WroteOne(name.clone()),
            };
            self.defer(sql, params, check);
        }
        match codes {
            Codes::Same => Ok(()),
            Codes::Spent(slots) => {
                for (slot, at) in slots {
                    self.spend(
                        "that recovery code",
                        "UPDATE recovery_codes SET used_at = $3
                          WHERE user_name = $1 AND slot = $2 AND used_at IS NULL",
                        params![name, slot, at],
                    )?;
                }
                Ok(())
            }
            Codes::Replaced => self.put_codes(name, b.recovery.as_ref(), true),
        }
    }
}

/// The recovery set's columns into `row`, and what becomes of its codes.
fn update_recovery(
    row: &mut RowUpdate,
    old: Option<&RecoverySet>,
    new: Option<&RecoverySet>,
) -> Codes {
    match (old, new) {
        (a, b) if a == b => Codes::Same,
        (Some(a), Some(b))
            if a.salt == b.salt
                && a.issued_at == b.issued_at
                && a.slots.len() == b.slots.len()
                && a.slots.iter().zip(&b.slots).all(|(sa, sb)| {
                    sa == sb || (sa.used_at.is_none() && sb.used_at.is_some() && sa.hash == sb.hash)
                }) =>
        {
            Codes::Spent(
                a.slots
                    .iter()
                    .zip(&b.slots)
                    .enumerate()
                    .filter(|(_, (sa, sb))| sa != sb)
                    .filter_map(|(i, (_, sb))| sb.used_at.map(|at| (i as i16, int(at.0))))
                    .collect(),
            )
        }
        (_, b) => {
            row.set("recovery_salt", b.map(|s| s.salt.to_vec()));
            row.set("recovery_issued_at", b.map(|s| int(s.issued_at.0)));
            Codes::Replaced
        }
    }
}

/// What a write does to a user's recovery codes.
enum Codes {
    Same,
    /// These slots spent (at these times), each by a guarded statement.
    Spent(Vec<(i16, i64)>),
    /// The set replaced (or removed).
    Replaced,
}

/// The email code's columns into `row`: a code used (or voided) goes
/// exactly once, and a wrong try counts against the same code.
fn update_challenge(row: &mut RowUpdate, old: Option<&Challenge>, new: Option<&Challenge>) {
    if old == new {
        return;
    }
    if let Some(a) = old
        && new.is_none_or(|b| a.salt == b.salt && a.hash == b.hash)
    {
        let salt = row.param(a.salt.to_vec());
        let tries = row.param(a.tries as i32);
        row.guard(
            "that email code",
            format!("code_salt = ${salt} AND code_tries = ${tries}"),
        );
        if let Some(b) = new {
            row.set("code_tries", b.tries as i32);
            return;
        }
    }
    row.set("code_purpose", new.map(|c| purpose_text(c.purpose)));
    row.set("code_salt", new.map(|c| c.salt.to_vec()));
    row.set("code_hash", new.map(|c| c.hash.to_vec()));
    row.set("code_sent_at", new.map(|c| int(c.sent_at.0)));
    row.set("code_expires_at", new.map(|c| int(c.expires_at.0)));
    row.set("code_tries", new.map(|c| c.tries as i32));
    row.set("code_session", new.and_then(|c| c.session.clone()));
}

/// One `UPDATE users ... WHERE name = $1` built from what changed, with
/// the guards of what it spends.
struct RowUpdate {
    sets: Vec<String>,
    guards: Vec<String>,
    spends: Vec<&'static str>,
    params: Vec<(Box<dyn ToSql + Sync>, Type)>,
}

impl RowUpdate {
    fn new(name: &str) -> RowUpdate {
        RowUpdate {
            sets: Vec::new(),
            guards: Vec::new(),
            spends: Vec::new(),
            params: vec![(Box::new(name.to_string()), Type::TEXT)],
        }
    }

    /// A parameter; its number.
    fn param<T: Param + 'static>(&mut self, v: T) -> usize {
        self.params.push((Box::new(v), T::TYPE));
        self.params.len()
    }

    /// `column = v`; the number of its parameter.
    fn set<T: Param + 'static>(&mut self, column: &str, v: T) -> usize {
        let n = self.param(v);
        self.sets.push(format!("{column} = ${n}"));
        n
    }

    fn guard(&mut self, what: &'static str, condition: String) {
        self.spends.push(what);
        self.guards.push(condition);
    }

    /// The statement, its parameters and (when it spends something) what,
    /// for the message when it finds nothing to change.
    #[allow(clippy::type_complexity)]
    fn statement(self) -> Option<(String, OwnedParams, Option<String>)> {
        if self.sets.is_empty() {
            return None;
        }
        let guards: String = self.guards.iter().map(|g| format!(" AND {g}")).collect();
        let what = (!self.spends.is_empty()).then(|| self.spends.join(" or "));
        Some((
            format!(
                "UPDATE users SET {} WHERE name = $1{guards}",
                self.sets.join(", ")
            ),
            self.params,
            what,
        ))
    }
}

impl View for PgTx<'_> {
    fn workspace(&self) -> Result<Workspace> {
        // Read once per snapshot (and checked then).
        let in_snapshot = self.in_snapshot();
        if in_snapshot && let Some(ws) = self.store.conn.workspace.borrow().as_ref() {
            return Ok(ws.clone());
        }
        if let Some(ws) = self.workspace.borrow().as_ref() {
            return Ok(ws.clone());
        }
        let row = self.select_one(WORKSPACE_RECORD, "", &[], WORKSPACE_NAME)?;
        self.only_one(&row, "the workspace record")?;
        let row = row
            .first()
            .ok_or_else(|| damaged(self.url, "the workspace record is missing"))?;
        let ws = workspace_from_row(row)
            .map_err(|why| damaged(self.url, format!("the workspace record: {why}")))?;
        self.check_record(
            row,
            11,
            ("workspace", b"", WORKSPACE_NAME),
            "the workspace record",
            &ws,
        )?;
        if in_snapshot {
            *self.store.conn.workspace.borrow_mut() = Some(ws.clone());
        } else if self.writing {
            *self.workspace.borrow_mut() = Some(ws.clone());
        }
        Ok(ws)
    }

    fn user(&self, name: &str) -> Result<Option<User>> {
        // Read (and checked) or written in this write transaction already:
        // under the writer lock nobody else changes it, and a writer that
        // skips the lock is caught by the witness checks of the write.
        if self.writing
            && let Some(u) = self.loaded.borrow().get(name)
        {
            return Ok(Some(u.clone()));
        }
        let in_snapshot = self.in_snapshot();
        if in_snapshot && let Some(u) = self.store.conn.users.borrow().get(name) {
            return Ok(u.clone());
        }
        let rows = self.select_one(
            USER_RECORD,
            BY_USER_NAME,
            params![name],
            &format!("u:{name}"),
        )?;
        self.only_one(&rows, &format!("the record of user {name}"))?;
        let u = rows.first().map(|r| self.read_user(r)).transpose()?;
        if self.writing && u.is_none() {
            self.absent.borrow_mut().insert(name.to_string());
        }
        if in_snapshot {
            self.store
                .conn
                .users
                .borrow_mut()
                .insert(name.to_string(), u.clone());
        }
        Ok(u)
    }

    fn users(&self) -> Result<Vec<User>> {
        self.check_all_buckets()?;
        let rows = self.query(
            &self.select_sql(USER_RECORD, "ORDER BY u.name", None),
            params![],
        )?;
        let users: Vec<User> = rows
            .iter()
            .map(|r| self.read_user(r))
            .collect::<Result<_>>()?;
        if let Some(w) = users.windows(2).find(|w| w[0].name == w[1].name) {
            return Err(tampered(
                self.url,
                &format!("the record of user {}", w[0].name),
                "is there twice (a row was added beside its table)",
            ));
        }
        Ok(users)
    }

    fn taken(&self, names: &[String]) -> Result<std::collections::HashSet<String>> {
        let rows = self.query(
            "SELECT name FROM users WHERE name = ANY($1)",
            params![names.to_vec()],
        )?;
        Ok(rows.iter().map(|r| r.get::<_, String>(0)).collect())
    }

    fn session(&self, key: &[u8; 32]) -> Result<Option<Session>> {
        let in_snapshot = self.in_snapshot();
        if in_snapshot && let Some(s) = self.store.conn.sessions.borrow().get(key) {
            return Ok(s.clone());
        }
        let rows = self.select_one(
            SESSION_RECORD,
            BY_SESSION_KEY,
            params![key.as_slice()],
            &session_witness(key),
        )?;
        self.only_one(&rows, "a session record")?;
        let s = rows
            .first()
            .map(|r| self.read_session(r, key))
            .transpose()?;
        if in_snapshot {
            self.store
                .conn
                .sessions
                .borrow_mut()
                .insert(*key, s.clone());
        }
        Ok(s)
    }

    fn sessions_of(&self, user: &str) -> Result<Vec<([u8; 32], Session)>> {
        let rows = self.query(
            &self.select_sql(
                SESSION_RECORD,
                "WHERE s.user_name = $1 ORDER BY s.created_at, s.key",
                None,
            ),
            params![user],
        )?;
        rows.iter()
            .map(|r| {
                let key: Vec<u8> = r.get(6);
                let key = <[u8; 32]>::try_from(key.as_slice())
                    .map_err(|_| damaged(self.url, "a session key"))?;
                Ok((key, self.read_session(r, &key)?))
            })
            .collect()
    }

    fn audit_index_problem(&self) -> Result<Option<String>> {
        let messages = match self.flush_with(Some(Step::Simple(&foreign_objects())))? {
            Some(Reply::Messages(m)) => m,
            _ => unreachable!("a simple query gives messages"),
        };
        Ok(foreign_problem(&messages))
    }

    fn audit_chain(&self) -> Result<Vec<(Event, Option<Link>)>> {
        let rows = self.query(
            "SELECT at, actor, user_name, action, method, outcome, detail, seq, chain_no, mac FROM audit
              ORDER BY chain_no NULLS LAST, seq",
            params![],
        )?;
        rows.iter()
            .map(|r| {
                let at = |why: String| {
                    damaged(
                        self.url,
                        format!("audit event {}: {why}", r.get::<_, i64>(7)),
                    )
                };
                Ok((
                    event_from_row(r).map_err(at)?,
                    link_from_row(r, 8).map_err(at)?,
                ))
            })
            .collect()
    }

    fn chain_key(&self) -> zeroize::Zeroizing<Vec<u8>> {
        super::chain_key_of(self.key.as_deref())
    }

    fn sealed_with(&self) -> Option<KeyId> {
        self.key.as_ref().map(|k| k.id())
    }

    fn audit(&self, user: Option<&str>, limit: usize) -> Result<Vec<Event>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // A name's events: the newest of each index (as user, as actor),
        // merged; never a scan of the whole log.
        let rows = match user {
            // In the chain's order (its number is what `audit verify`
            // checks; the identity column is not), unlinked events last.
            None => self.query(
                "SELECT at, actor, user_name, action, method, outcome, detail, seq FROM (
                    SELECT * FROM audit ORDER BY chain_no DESC LIMIT $1) newest
                  ORDER BY chain_no",
                params![limit],
            )?,
            Some(name) => self.query(
                "SELECT at, actor, user_name, action, method, outcome, detail, seq FROM (
                    SELECT * FROM (SELECT * FROM audit WHERE user_name = $1 ORDER BY chain_no DESC LIMIT $2) u
                    UNION
                    SELECT * FROM (SELECT * FROM audit WHERE actor = $1 ORDER BY chain_no DESC LIMIT $2) a
                    ORDER BY chain_no DESC LIMIT $2) newest
                  ORDER BY chain_no",
                params![name, limit],
            )?,
        };
        rows.iter()
            .map(|r| {
                event_from_row(r).map_err(|why| {
                    damaged(
                        self.url,
                        format!("audit event {}: {why}", r.get::<_, i64>(7)),
                    )
                })
            })
            .collect()
    }
}

impl Writes for PgTx<'_> {
    fn put_workspace(&mut self, ws: &Workspace) -> Result<()> {
        let allowed: Vec<String> = ws.allowed.iter().map(text_of).collect();
        self.execute(
            "INSERT INTO workspace (id, policy, allowed, created_at, grace_until) VALUES (1, $1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET policy = $1, allowed = $2, created_at = $3, grace_until = $4",
            params![text_of(&ws.policy), allowed, int(ws.created_at.0), ws.grace_until.map(|t| int(t.0))],
        )?;
        let settings: BTreeMap<String, u64> = ws.settings.into();
        let keys: Vec<&str> = settings.keys().map(String::as_str).collect();
        let values: Vec<i64> = settings.values().map(|v| int(*v)).collect();
        self.execute(
            "WITH new AS (SELECT * FROM unnest($1::text[], $2::bigint[]) AS x(key, value)),
                  gone AS (DELETE FROM settings WHERE key <> ALL($1))
             INSERT INTO settings (key, value) SELECT key, value FROM new
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![keys, values],
        )?;
        let names: Vec<&str> = ws.actions.keys().map(String::as_str).collect();
        let fresh: Vec<i64> = ws.actions.values().map(|a| int(a.fresh_for)).collect();
        let require: Vec<bool> = ws.actions.values().map(|a| a.require_mfa).collect();
        let described: Vec<Option<&str>> = ws
            .actions
            .values()
            .map(|a| a.description.as_deref())
            .collect();
        let added: Vec<Option<i64>> = ws
            .actions
            .values()
            .map(|a| a.added_at.map(|t| int(t.0)))
            .collect();
        self.execute(
            "WITH new AS (SELECT * FROM unnest($1::text[], $2::bigint[], $3::boolean[], $4::text[], $5::bigint[])
                            AS x(name, fresh_for, require_mfa, description, added_at)),
                  gone AS (DELETE FROM actions WHERE name <> ALL($1))
             INSERT INTO actions (name, fresh_for, require_mfa, description, added_at)
             SELECT name, fresh_for, require_mfa, description, added_at FROM new
             ON CONFLICT (name) DO UPDATE SET fresh_for = excluded.fresh_for, require_mfa = excluded.require_mfa,
                                              description = excluded.description, added_at = excluded.added_at",
            params![names, fresh, require, described, added],
        )?;
        self.seal_workspace(ws)?;
        // What the transaction reads of the workspace from now on.
        self.write_ahead.borrow_mut().remove(WORKSPACE_NAME);
        *self.workspace.borrow_mut() = Some(ws.clone());
        Ok(())
    }

    fn put_user(&mut self, user: &User) -> Result<()> {
        self.absent.borrow_mut().remove(&user.name);
        let old = self.loaded.borrow().get(&user.name).cloned();
        match old {
            Some(old) => self.update_user(&old, user)?,
            // Not read in this transaction: written whole.
            None => self.write_all(user, false)?,
        }
        self.seal_user(user)?;
        self.loaded
            .borrow_mut()
            .insert(user.name.clone(), user.clone());
        Ok(())
    }

    fn insert_new_user(&mut self, user: &User) -> Result<bool> {
        if !self.absent.borrow_mut().remove(&user.name) {
            let taken = self.query("SELECT 1 FROM users WHERE name = $1", params![user.name])?;
            if !taken.is_empty() {
                return Ok(false);
            }
        }
        self.write_all(user, true)?;
        self.seal_user(user)?;
        self.loaded
            .borrow_mut()
            .insert(user.name.clone(), user.clone());
        Ok(true)
    }

    fn insert_new_users(&mut self, users: &[User]) -> Result<Vec<String>> {
        let mut taken = Vec::new();
        // New users carry only their own row (no methods, codes or
        // failures yet): those go in batches, one statement each.
        let (plain, rich): (Vec<&User>, Vec<&User>) = users
            .iter()
            .partition(|u| u.mfa == Mfa::default() && u.throttle == Throttle::default());
        for batch in plain.chunks(5000) {
            let names: Vec<&str> = batch.iter().map(|u| u.name.as_str()).collect();
            let emails: Vec<Option<&str>> = batch.iter().map(|u| u.email.as_deref()).collect();
            let pending: Vec<Option<&str>> =
                batch.iter().map(|u| u.pending_email.as_deref()).collect();
            let roles: Vec<String> = batch.iter().map(|u| text_of(&u.role)).collect();
            let hashes: Vec<&str> = batch.iter().map(|u| u.password_hash.as_str()).collect();
            let created: Vec<i64> = batch.iter().map(|u| int(u.created_at.0)).collect();
            let epochs: Vec<i64> = batch.iter().map(|u| int(u.epoch)).collect();
            let rows = self.query(
                "INSERT INTO users (name, email, pending_email, role, password_hash, created_at, epoch)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
                 ON CONFLICT (name) DO NOTHING RETURNING name",
                params![names, emails, pending, roles, hashes, created, epochs],
            )?;
            let added: std::collections::HashSet<String> =
                rows.iter().map(|r| r.get::<_, String>(0)).collect();
            if let Some(k) = self.records_key() {
                // This transaction's generation for each new user, and its
                // witness (one that was there is taken out of the root).
                let g = self.generation()?;
                let new: Vec<&&User> = batch.iter().filter(|u| added.contains(&u.name)).collect();
                let names: Vec<&str> = new.iter().map(|u| u.name.as_str()).collect();
                let wkeys: Vec<String> = new.iter().map(|u| format!("u:{}", u.name)).collect();
                let macs: Vec<Vec<u8>> = new
                    .iter()
                    .map(|u| record_mac(&k, "users", u.name.as_bytes(), g, **u).to_vec())
                    .collect();
                let wmacs: Vec<Vec<u8>> = wkeys
                    .iter()
                    .map(|w| witness_mac(&k, w, g).to_vec())
                    .collect();
                let buckets: Vec<i16> = wkeys
                    .iter()
                    .map(|w| i16::from(witness::bucket(w.as_bytes())))
                    .collect();
                for w in &wkeys {
                    if self.vouched(w)?.is_some() {
                        return Err(tampered(
                            self.url,
                            "the witnesses",
                            &format!("name {w}, who is not a user"),
                        ));
                    }
                }
                let old = self.query(
                    "WITH old AS (SELECT key, generation FROM witnesses WHERE key = ANY($3)),
                          w AS (INSERT INTO witnesses (key, generation, mac, bucket)
                                SELECT k, $5, m, b FROM unnest($3::text[], $4::bytea[], $6::int2[]) AS x(k, m, b)
                                ON CONFLICT (key) DO UPDATE SET generation = $5, mac = excluded.mac, bucket = excluded.bucket),
                          u AS (UPDATE users u SET generation = $5, mac = x.m
                                FROM unnest($1::text[], $2::bytea[]) AS x(n, m) WHERE u.name = x.n)
                     SELECT key, generation FROM old",
                    params![names, macs, wkeys, wmacs, int(g), buckets],
                )?;
                if !old.is_empty() {
                    return Err(tampered(
                        self.url,
                        "the witnesses",
                        "name users that were not there",
                    ));
                }
                for w in &wkeys {
                    self.retag(w, None, Some(g))?;
                }
            }
            taken.extend(
                names
                    .iter()
                    .filter(|n| !added.contains(**n))
                    .map(|n| n.to_string()),
            );
        }
        for u in rich {
            if !self.insert_new_user(u)? {
                taken.push(u.name.clone());
            }
        }
        Ok(taken)
    }

    fn remove_user(&mut self, name: &str) -> Result<bool> {
        self.loaded.borrow_mut().remove(name);
        if self.records_key().is_some() {
            // Its sessions (which the row's removal would take) and
            // witnesses leave the root.
            self.delete_sessions("user_name = $1", params![name])?;
            let gone = self.query(
                "DELETE FROM witnesses WHERE key = $1 RETURNING key, generation",
                params![format!("u:{name}")],
            )?;
            self.unwitness(&gone)?;
        }
        let n = self.execute("DELETE FROM users WHERE name = $1", params![name])?;
        self.gone(
            &format!("the record of user {name}"),
            "SELECT (SELECT count(*) FROM users WHERE name = $1) + (SELECT count(*) FROM sessions WHERE user_name = $1)",
            params![name],
        )?;
        Ok(n > 0)
    }

    fn put_session(&mut self, key: &[u8; 32], s: &Session) -> Result<()> {
        let fresh = serde_json::to_string(&s.fresh).unwrap_or_else(|_| "{}".into());
        let (machine, uid) = (
            s.bound.as_ref().map(|b| b.machine.clone()),
            s.bound.as_ref().map(|b| i64::from(b.uid)),
        );
        let (created, used) = (int(s.created_at.0), int(s.last_used.0));
        let Some(k) = self.records_key() else {
            self.defer(
                "INSERT INTO sessions (key, user_name, created_at, last_used, fresh, machine, os_uid)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (key) DO UPDATE SET user_name = $2, created_at = $3, last_used = $4, fresh = $5,
                                                 machine = $6, os_uid = $7"
                    .into(),
                vec![o(key.to_vec()), o(s.user.clone()), o(created), o(used), o(fresh), o(machine), o(uid)],
                Check::Any,
            );
            return Ok(());
        };
        let mac = record_mac(&k, "sessions", key, self.generation()?, s).to_vec();
        self.witnessed_write(
            &session_witness(key),
            "INSERT INTO sessions (key, user_name, created_at, last_used, fresh, machine, os_uid, generation, mac)
             VALUES ($5, $6, $7, $8, $9, $10, $11, $2, $12)
             ON CONFLICT (key) DO UPDATE SET user_name = $6, created_at = $7, last_used = $8, fresh = $9,
                                             machine = $10, os_uid = $11, generation = $2, mac = $12",
            params![key.as_slice(), s.user, created, used, fresh, machine, uid, mac],
        )?;
        Ok(())
    }

    fn remove_session(&mut self, key: &[u8; 32]) -> Result<bool> {
        let n = self.delete_sessions("key = $1", params![key.as_slice()])?;
        self.gone(
            "a session record",
            "SELECT count(*) FROM sessions WHERE key = $1",
            params![key.as_slice()],
        )?;
        Ok(n > 0)
    }

    fn remove_sessions_of(&mut self, user: &str, keep: Option<&[u8; 32]>) -> Result<usize> {
        let keep: Option<&[u8]> = keep.map(|k| k.as_slice());
        let n = self.delete_sessions(
            "user_name = $1 AND ($2::bytea IS NULL OR key <> $2)",
            params![user, keep],
        )?;
        self.gone(
            "a session record",
            "SELECT count(*) FROM sessions WHERE user_name = $1 AND ($2::bytea IS NULL OR key <> $2)",
            params![user, keep],
        )?;
        Ok(n as usize)
    }

    fn remove_expired_sessions(&mut self, now: Timestamp, limits: &session::Limits) -> Result<()> {
        // Bounded, as the file's sweep is: at most SWEEP_BATCH per login,
        // the oldest first, each found by an ordered scan of its index. An
        // unbounded `DELETE … WHERE created_at <= … OR last_used <= …` is a
        // bitmap scan, which never marks the index entries of the rows it
        // deleted dead: until a vacuum every later login visited all of
        // them again (100,000 sessions, half expired: +12 ms per login).
        let n = super::SWEEP_BATCH;
        let cond = format!(
            "key IN (SELECT key FROM (
                (SELECT key FROM sessions WHERE created_at <= $1 - $2 ORDER BY created_at LIMIT {n})
                UNION
                (SELECT key FROM sessions WHERE last_used <= $1 - $3 ORDER BY last_used LIMIT {n})
            ) AS doomed LIMIT {n})"
        );
        let (now, lifetime, idle) = (int(now.0), int(limits.lifetime), int(limits.idle));
        if self.records_key().is_none() {
            self.defer(
                format!("DELETE FROM sessions WHERE {cond}"),
                vec![o(now), o(lifetime), o(idle)],
                Check::Any,
            );
            return Ok(());
        }
        // Sealed, their witnesses go too (what the sweep took is needed).
        self.delete_sessions(&cond, params![now, lifetime, idle])?;
        Ok(())
    }

    fn phantom_throttle(&mut self, name: &str) -> Result<Throttle> {
        let slot = phantom_slot(&self.phantom_key()?, name) as i32;
        let rows = self.query(
            "SELECT failures, last_failure, locked FROM phantom_throttles WHERE slot = $1",
            params![slot],
        )?;
        Ok(match rows.first() {
            None => Throttle::default(),
            Some(r) => throttle_from(r, 0)
                .map_err(|why| damaged(self.url, format!("a phantom slot: {why}")))?,
        })
    }

    fn put_phantom_throttle(&mut self, name: &str, t: &Throttle) -> Result<()> {
        let slot = phantom_slot(&self.phantom_key()?, name) as i32;
        debug_assert!((slot as u64) < PHANTOM_SLOTS);
        self.execute(
            "INSERT INTO phantom_throttles (slot, failures, last_failure, locked) VALUES ($1, $2, $3, $4)
             ON CONFLICT (slot) DO UPDATE SET failures = $2, last_failure = $3, locked = $4",
            params![slot, (t.failures as i32), t.last_failure.map(|t| int(t.0)), t.locked],
        )?;
        Ok(())
    }

    fn reseal(&mut self, to: Option<Arc<SealKey>>) -> Result<Resealed> {
        let chain = self.audit_chain()?;
        super::refuse_broken_chain(
            &self.chain_key(),
            chain.iter().map(|(e, l)| (e, l.as_ref())),
        )?;
        let users = self.users()?;
        let ws = self.workspace()?;
        let mut sessions = Vec::new();
        for u in &users {
            sessions.extend(self.sessions_of(&u.name)?);
        }
        // Generations go on from the last root's (a record from before
        // never comes back as current).
        let after = match &self.key {
            Some(_) => self.with_root(|r| r.generation)?,
            None => 0,
        };
        self.key = to;
        // Every MAC again under the new key (none without one).
        self.batch(
            "UPDATE users SET generation = NULL, mac = NULL;
             UPDATE workspace SET generation = NULL, mac = NULL;
             UPDATE sessions SET generation = NULL, mac = NULL;
             DELETE FROM witnesses;",
        )?;
        if self.key.is_some() {
            self.fresh_root(after);
        } else {
            self.batch("DELETE FROM witness_root")?;
            *self.root.borrow_mut() = None;
        }
        self.seal_workspace(&ws)?;
        for (key, s) in &sessions {
            self.put_session(key, s)?;
        }
        let mut out = Resealed::default();
        for u in &users {
            self.seal_user(u)?;
            out.users += 1;
            if let Some(t) = &u.mfa.totp {
                self.execute(
                    "UPDATE users SET totp_secret = $2 WHERE name = $1",
                    params![u.name, self.stored_secret("totp", &u.name, &t.secret)?],
                )?;
                out.secrets += 1;
            }
            if let Some(p) = &u.mfa.pending_totp {
                self.execute(
                    "UPDATE users SET pending_secret = $2 WHERE name = $1",
                    params![
                        u.name,
                        self.stored_secret("pending_totp", &u.name, &p.secret)?
                    ],
                )?;
                out.secrets += 1;
            }
        }
        self.mark_sealed()?;
        self.put_phantom_key()?;
        self.execute("DELETE FROM phantom_throttles", params![])?;
        // The chain again under the new key, in one statement.
        let rows = self.query(
            "SELECT at, actor, user_name, action, method, outcome, detail, seq FROM audit
              ORDER BY chain_no NULLS LAST, seq",
            params![],
        )?;
        let key = self.chain_key();
        let (mut seqs, mut nos, mut macs) = (Vec::new(), Vec::new(), Vec::new());
        let mut last: Option<Link> = None;
        for r in &rows {
            let seq: i64 = r.get(7);
            let event = event_from_row(r)
                .map_err(|why| damaged(self.url, format!("audit event {seq}: {why}")))?;
            let link = chain::next(&key, last.as_ref(), &event);
            seqs.push(seq);
            nos.push(int(link.n));
            macs.push(link.mac.to_vec());
            last = Some(link);
        }
        out.events = seqs.len() as u64;
        // Numbers move out of the way first (chain_no is unique).
        self.execute("UPDATE audit SET chain_no = NULL, mac = NULL", params![])?;
        self.execute(
            "UPDATE audit a SET chain_no = x.n, mac = x.m
               FROM unnest($1::bigint[], $2::bigint[], $3::bytea[]) AS x(s, n, m) WHERE a.seq = x.s",
            params![seqs, nos, macs],
        )?;
        // The chain's last link is read again by the next event.
        self.last_link.borrow_mut().take();
        out.sessions = self
            .query_one("SELECT count(*) FROM sessions", params![])?
            .get::<_, i64>(0) as u64;
        Ok(out)
    }

    fn take_notices(&mut self) -> Result<Vec<crate::domain::notify::Notice>> {
        let rows = self.query(
            "DELETE FROM stepup_meta WHERE key = 'outbox' RETURNING value",
            params![],
        )?;
        match rows.first() {
            None => Ok(Vec::new()),
            Some(r) => serde_json::from_str(&r.get::<_, String>(0))
                .map_err(|why| damaged(self.url, format!("the outbox: {why}"))),
        }
    }

    fn put_notices(&mut self, notices: &[crate::domain::notify::Notice]) -> Result<()> {
        if notices.is_empty() {
            self.execute("DELETE FROM stepup_meta WHERE key = 'outbox'", params![])?;
            return Ok(());
        }
        self.execute(
            "INSERT INTO stepup_meta (key, value) VALUES ('outbox', $1)
             ON CONFLICT (key) DO UPDATE SET value = $1",
            params![text_of(&notices)],
        )?;
        Ok(())
    }

    fn freeze(&mut self, to: &str) -> Result<()> {
        self.execute(
            "INSERT INTO stepup_meta (key, value) VALUES ('moved_to', $1)
             ON CONFLICT (key) DO UPDATE SET value = $1",
            params![to],
        )?;
        Ok(())
    }

    fn set_arriving(&mut self, from: Option<&str>) -> Result<()> {
        match from {
            Some(from) => self.execute(
                "INSERT INTO stepup_meta (key, value) VALUES ('arriving_from', $1)
                 ON CONFLICT (key) DO UPDATE SET value = $1",
                params![from],
            )?,
            None => self.execute(
                "DELETE FROM stepup_meta WHERE key = 'arriving_from'",
                params![],
            )?,
        };
        Ok(())
    }

    /// Appends an event chained to the last one. The chain follows its own
    /// counter, read and written in this transaction under the writer lock
    /// (the identity column has gaps and commits out of order); a log from
    /// before the chain is chained first.
    fn audit_event(&mut self, e: &Event) -> Result<()> {
        // The unique index on chain_no finds the newest link; unlinked rows
        // (put there by someone else) stay so, for `audit verify` to name.
        // The transaction's first message brings it, once sent.
        if self.begin.borrow().is_some() {
            self.flush()?;
        }
        let known = self.last_link.borrow_mut().take();
        let last = match known {
            Some(LastLink::Made(link)) => Some(link),
            Some(LastLink::Text(None)) => None,
            Some(LastLink::Text(Some((n, mac)))) => link_from_text(n.as_deref(), mac.as_deref())
                .map_err(|why| damaged(self.url, format!("the last audit event: {why}")))?,
            None => {
                let rows = self.query(
                    "SELECT chain_no, mac FROM audit WHERE chain_no IS NOT NULL ORDER BY chain_no DESC LIMIT 1",
                    params![],
                )?;
                match rows.first() {
                    None => None,
                    Some(r) => link_from_row(r, 0)
                        .map_err(|why| damaged(self.url, format!("the last audit event: {why}")))?,
                }
            }
        };
        let link = chain::next(&self.chain_key(), last.as_ref(), e);
        self.defer(
            "INSERT INTO audit (at, actor, user_name, action, method, outcome, detail, chain_no, mac)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                .into(),
            vec![
                o(int(e.at.0)),
                o(e.actor.clone()),
                o(e.user.clone()),
                o(e.action.clone()),
                o(e.method.clone()),
                o(e.outcome.as_str().to_string()),
                o(e.detail.clone()),
                o(int(link.n)),
                o(link.mac.to_vec()),
            ],
            Check::Any,
        );
        *self.last_link.borrow_mut() = Some(LastLink::Made(link));
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Rows to records and back. Every conversion checks: a value that does not
// fit is "damaged", never a default.

type Why = String;

/// Column `at` of `r`, or why not, naming the column.
/// A column's value of any type, for telling NULL from not.
struct Present;

impl<'a> tokio_postgres::types::FromSql<'a> for Present {
    fn from_sql(
        _: &tokio_postgres::types::Type,
        _: &'a [u8],
    ) -> Result<Present, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Present)
    }
    fn accepts(_: &tokio_postgres::types::Type) -> bool {
        true
    }
}

/// Fails closed on a part of a user that is partly there: when its first
/// column is NULL (the part absent), so must the others be. The schema's
/// CHECKs say the same; a row from a database whose CHECK was dropped
/// must not read as "no such method".
fn none_of(r: &Row, cols: &[usize], part: &str) -> Result<(), Why> {
    for &at in cols {
        if col::<Option<Present>>(r, at)?.is_some() {
            let name = r.columns().get(at).map_or("?", |c| c.name());
            return Err(format!(
                "its {part} is partly there ({name} without the rest)"
            ));
        }
    }
    Ok(())
}

fn col<'r, T: tokio_postgres::types::FromSql<'r>>(r: &'r Row, at: usize) -> Result<T, Why> {
    r.try_get(at).map_err(|e| {
        let name = r.columns().get(at).map_or("?", |c| c.name());
        format!("its column {at} ({name}) is unreadable: {e}")
    })
}

/// Seconds and counters are u64 in the domain and bigint in the database.
fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn uint(v: i64) -> Result<u64, Why> {
    u64::try_from(v).map_err(|_| format!("negative value {v}"))
}

fn ts(v: i64) -> Result<Timestamp, Why> {
    uint(v).map(Timestamp)
}

fn opt_ts(v: Option<i64>) -> Result<Option<Timestamp>, Why> {
    v.map(ts).transpose()
}

/// The serde name of a unit enum value (`admin`, `totp`, `required`).
fn text_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn from_text<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, Why> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| format!("unknown value '{}'", crate::domain::names::printable(s)))
}

fn purpose_text(p: Purpose) -> String {
    serde_json::to_string(&p).unwrap_or_default()
}

fn bytes<const N: usize>(v: &[u8], what: &str) -> Result<[u8; N], Why> {
    <[u8; N]>::try_from(v).map_err(|_| format!("{what} has {} bytes, not {N}", v.len()))
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// A record's MAC under the records key: its table, its key, its
/// generation and its value as stepup encodes it.
fn record_mac<T: serde::Serialize + ?Sized>(
    key: &[u8; 32],
    table: &str,
    record_key: &[u8],
    generation: u64,
    value: &T,
) -> [u8; 32] {
    let body = serde_json::to_vec(value).unwrap_or_default();
    seal::mac(
        key,
        &[
            b"record",
            table.as_bytes(),
            record_key,
            &generation.to_be_bytes(),
            &body,
        ],
    )
}

/// The root's MAC: its generation and accumulators.
fn root_mac(key: &[u8; 32], generation: u64, acc: &[u8]) -> [u8; 32] {
    seal::mac(key, &[b"witness-root", &generation.to_be_bytes(), acc])
}

/// A witness's MAC: which record, which generation.
fn witness_mac(key: &[u8; 32], witness: &str, generation: u64) -> [u8; 32] {
    seal::mac(
        key,
        &[b"witness", witness.as_bytes(), &generation.to_be_bytes()],
    )
}

/// A record that is not what a key holder wrote: fail closed, exit 1.
fn tampered(url: &PgUrl, what: &str, why: &str) -> anyhow::Error {
    Error::failure(format!("the database {url} was tampered with: {what} {why}"))
        .hint("nothing was changed; restore the database from a backup you trust, then compare `stepup audit verify` with the last MAC you kept elsewhere")
        .into()
}

fn unhex_vec(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok())
        .collect()
}

fn throttle_from(r: &Row, at: usize) -> Result<Throttle, Why> {
    let failures: i32 = col(r, at)?;
    Ok(Throttle {
        failures: u32::try_from(failures).map_err(|_| "negative failure count".to_string())?,
        last_failure: opt_ts(col(r, at + 1)?)?,
        locked: col(r, at + 2)?,
    })
}

/// A TOTP secret as stored (plain, or sealed for `place` and the user).
fn secret_from(
    key: Option<&SealKey>,
    place: &str,
    name: &str,
    stored: &[u8],
) -> Result<TotpSecret, Why> {
    // Sealed: the nonce, the sealed secret, the tag.
    const SEALED_LEN: usize = SECRET_LEN + seal::OVERHEAD;
    match key {
        None if stored.len() == SECRET_LEN => Ok(TotpSecret::from_bytes(bytes(stored, place)?)),
        None if stored.len() == SEALED_LEN => Err(format!(
            "its {place} secret is sealed, and no key was given"
        )),
        None => Err(format!(
            "its {place} secret is {} bytes long, neither a plain ({SECRET_LEN}) nor a sealed ({SEALED_LEN}) one",
            stored.len()
        )),
        Some(_) if stored.len() == SECRET_LEN => Err(format!(
            "its {place} secret is not sealed, in a sealed workspace (put there without the key)"
        )),
        Some(k) => {
            let plain = k
                .open(&seal::aad(&[place.as_bytes(), name.as_bytes()]), stored)
                .ok_or_else(|| {
                    format!("its {place} secret does not open with the key: it was changed, or moved from another user")
                })?;
            Ok(TotpSecret::from_bytes(bytes(&plain, place)?))
        }
    }
}

fn user_from_row(r: &Row, key: Option<&SealKey>) -> Result<User, Why> {
    let name: String = col(r, 0)?;
    let role: String = col(r, 3)?;
    let totp = match col::<Option<i64>>(r, 9)? {
        None => {
            none_of(r, &[10], "TOTP method")?;
            None
        }
        Some(at) => {
            let secret: Vec<u8> = col(r, 10)?;
            Some(TotpMethod {
                secret: secret_from(key, "totp", &name, &secret)?,
                enabled_at: ts(at)?,
            })
        }
    };
    let email = col::<Option<i64>>(r, 11)?
        .map(|at| ts(at).map(|enabled_at| EmailMethod { enabled_at }))
        .transpose()?;
    let throttle = throttle_from(r, 12)?;
    let recovery = match col::<Option<Vec<u8>>>(r, 15)? {
        None => {
            none_of(r, &[16], "recovery code set")?;
            if !col::<Vec<Vec<u8>>>(r, 17)?.is_empty() {
                return Err("it has recovery codes without their set".into());
            }
            None
        }
        Some(salt) => {
            let hashes: Vec<Vec<u8>> = col(r, 17)?;
            let used: Vec<Option<i64>> = col(r, 18)?;
            if hashes.len() != used.len() {
                return Err("the recovery codes do not line up".into());
            }
            // Each hash after its slot's number (2 bytes), which is spent
            // by that number: the slots must be 0, 1, 2, ... in order.
            let slots = hashes
                .iter()
                .zip(used)
                .enumerate()
                .map(|(i, (h, u))| {
                    let (slot, hash) = h.split_at_checked(2).ok_or("a recovery code row is short")?;
                    if i16::from_be_bytes([slot[0], slot[1]]) as usize != i {
                        return Err(format!(
                            "its recovery codes are not numbered 0 to {} (slot {} where {i} belongs)",
                            hashes.len() - 1,
                            i16::from_be_bytes([slot[0], slot[1]])
                        ));
                    }
                    Ok(Slot {
                        hash: bytes(hash, "a recovery code hash")?,
                        used_at: opt_ts(u)?,
                    })
                })
                .collect::<Result<Vec<_>, Why>>()?;
            Some(RecoverySet {
                salt: bytes(&salt, "the recovery salt")?,
                issued_at: ts(col(r, 16)?)?,
                slots,
            })
        }
    };
    let pending_totp = match col::<Option<Vec<u8>>>(r, 19)? {
        None => {
            none_of(r, &[20, 21], "pending authenticator enrollment")?;
            None
        }
        Some(secret) => Some(PendingTotp {
            secret: secret_from(key, "pending_totp", &name, &secret)?,
            created_at: ts(col(r, 20)?)?,
            session: col(r, 21)?,
        }),
    };
    let challenge = match col::<Option<String>>(r, 22)? {
        None => {
            none_of(r, &[23, 24, 25, 26, 27, 28], "email code")?;
            None
        }
        Some(purpose) => {
            let salt: Vec<u8> = col(r, 23)?;
            let hash: Vec<u8> = col(r, 24)?;
            let tries: i32 = col(r, 27)?;
            Some(Challenge {
                purpose: serde_json::from_str(&purpose)
                    .map_err(|_| "the email code's purpose is unknown".to_string())?,
                salt: bytes(&salt, "the email code salt")?,
                hash: bytes(&hash, "the email code hash")?,
                sent_at: ts(col(r, 25)?)?,
                expires_at: ts(col(r, 26)?)?,
                tries: u32::try_from(tries).map_err(|_| "negative tries".to_string())?,
                session: col(r, 28)?,
            })
        }
    };
    Ok(User {
        name,
        email: col(r, 1)?,
        pending_email: col(r, 2)?,
        role: from_text(&role)?,
        password_hash: col(r, 4)?,
        created_at: ts(col(r, 5)?)?,
        epoch: uint(col(r, 6)?)?,
        mfa: Mfa {
            totp,
            email,
            recovery,
            totp_last_step: col::<Option<i64>>(r, 7)?.map(uint).transpose()?,
            pending_totp,
            challenge,
            last_email_sent: opt_ts(col(r, 8)?)?,
        },
        throttle,
    })
}

/// An aggregate of a table's column: NULL when the table has no rows.
fn list<T: for<'a> tokio_postgres::types::FromSql<'a>>(r: &Row, at: usize) -> Result<Vec<T>, Why> {
    Ok(col::<Option<Vec<T>>>(r, at)?.unwrap_or_default())
}

fn workspace_from_row(r: &Row) -> Result<Workspace, Why> {
    let policy: String = col(r, 0)?;
    let allowed: Vec<String> = col(r, 1)?;
    let keys: Vec<String> = list(r, 3)?;
    let values: Vec<i64> = list(r, 4)?;
    let settings: BTreeMap<String, u64> = keys
        .into_iter()
        .zip(values)
        .map(|(k, v)| uint(v).map(|v| (k, v)))
        .collect::<Result<_, Why>>()?;
    let names: Vec<String> = list(r, 5)?;
    let fresh: Vec<i64> = list(r, 6)?;
    let require: Vec<bool> = list(r, 7)?;
    let described: Vec<Option<String>> = list(r, 8)?;
    let added: Vec<Option<i64>> = list(r, 9)?;
    let actions = names
        .into_iter()
        .zip(fresh.into_iter().zip(require))
        .zip(described.into_iter().zip(added))
        .map(|((n, (f, require_mfa)), (description, added_at))| {
            Ok((
                n,
                ActionSettings {
                    fresh_for: uint(f)?,
                    require_mfa,
                    description,
                    added_at: opt_ts(added_at)?,
                },
            ))
        })
        .collect::<Result<_, Why>>()?;
    let mut ws = Workspace {
        policy: from_text(&policy)?,
        allowed: allowed
            .iter()
            .map(|m| from_text(m))
            .collect::<Result<_, Why>>()?,
        created_at: ts(col(r, 2)?)?,
        settings: Settings::try_from(settings).map_err(|e| e.to_string())?,
        actions,
        grace_until: opt_ts(col(r, 10)?)?,
    };
    let allowed = std::mem::take(&mut ws.allowed);
    ws.set_allowed(allowed);
    Ok(ws)
}

fn session_from_row(r: &Row) -> Result<Session, Why> {
    let fresh: String = col(r, 3)?;
    Ok(Session {
        user: col(r, 0)?,
        created_at: ts(col(r, 1)?)?,
        last_used: ts(col(r, 2)?)?,
        fresh: serde_json::from_str(&fresh)
            .map_err(|_| "its freshness does not parse".to_string())?,
        bound: match (col::<Option<String>>(r, 4)?, col::<Option<i64>>(r, 5)?) {
            (None, None) => None,
            (Some(machine), Some(uid)) => Some(session::Binding {
                machine,
                uid: u32::try_from(uid).map_err(|_| "its OS user is out of range".to_string())?,
            }),
            _ => return Err("its binding is half there".into()),
        },
    })
}

/// A chain link from its number and hex MAC, as text.
fn link_from_text(n: Option<&str>, mac: Option<&str>) -> Result<Option<Link>, Why> {
    match (n, mac) {
        (None, None) => Ok(None),
        (Some(n), Some(mac)) => Ok(Some(Link {
            n: n.parse()
                .map_err(|_| format!("its number {n} does not parse"))?,
            mac: unhex::<32>(mac).ok_or("its MAC does not parse")?,
        })),
        _ => Err("its chain link is half there".into()),
    }
}

/// A chain link from columns `at` (number) and `at + 1` (MAC).
fn link_from_row(r: &Row, at: usize) -> Result<Option<Link>, Why> {
    match (
        col::<Option<i64>>(r, at)?,
        col::<Option<Vec<u8>>>(r, at + 1)?,
    ) {
        (None, None) => Ok(None),
        (Some(n), Some(mac)) => Ok(Some(Link {
            n: uint(n)?,
            mac: bytes::<32>(&mac, "its MAC")?,
        })),
        _ => Err("its chain link is half there".into()),
    }
}

impl PgTx<'_> {
    /// Links every event of a log from before the chain, in order; returns
    /// the last link.
    fn chain_unlinked(&self) -> Result<Option<Link>> {
        let rows = self.query(
            "SELECT at, actor, user_name, action, method, outcome, detail, seq FROM audit ORDER BY seq",
            params![],
        )?;
        let mut last: Option<Link> = None;
        for r in &rows {
            let seq: i64 = r.get(7);
            let event = event_from_row(r)
                .map_err(|why| damaged(self.url, format!("audit event {seq}: {why}")))?;
            let link = chain::next(&self.chain_key(), last.as_ref(), &event);
            self.execute(
                "UPDATE audit SET chain_no = $1, mac = $2 WHERE seq = $3",
                params![int(link.n), link.mac.as_slice(), seq],
            )?;
            last = Some(link);
        }
        self.last_link.borrow_mut().take();
        Ok(last)
    }
}

fn event_from_row(r: &Row) -> Result<Event, Why> {
    let outcome: String = col(r, 5)?;
    Ok(Event {
        at: ts(col(r, 0)?)?,
        actor: col(r, 1)?,
        user: col(r, 2)?,
        action: col(r, 3)?,
        method: col(r, 4)?,
        outcome: from_text::<Outcome>(&outcome)?,
        detail: col(r, 6)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_secret_is_told_by_its_length_without_a_key() {
        let plain = [7u8; SECRET_LEN];
        let secret = secret_from(None, "totp", "alice", &plain).unwrap();
        assert_eq!(secret.as_bytes(), &plain);
        let sealed = vec![0u8; SECRET_LEN + seal::OVERHEAD];
        let why = secret_from(None, "totp", "alice", &sealed).err().unwrap();
        assert!(why.contains("sealed, and no key was given"), "{why}");
        for len in [
            0,
            SECRET_LEN - 1,
            SECRET_LEN + 1,
            SECRET_LEN + seal::OVERHEAD + 1,
        ] {
            let why = secret_from(None, "totp", "alice", &vec![0u8; len])
                .err()
                .unwrap();
            assert!(
                why.contains(&format!("is {len} bytes long")),
                "{len}: {why}"
            );
        }
    }
}
