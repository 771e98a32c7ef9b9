//! The behaviour tests a third time, through PgBouncer in transaction
//! mode in front of the test server (`pg.rs`): teams that run many
//! machines keep a pooler in front of PostgreSQL, and there each of
//! stepup's transactions may get another server connection. The flows
//! (seed, MFA, accounts, import, migrate, notices, verify and exec, the
//! prompts on a terminal), the races and the crashes run here; `pooler.rs`
//! adds what only a pooler shows. What is about the server itself (it
//! stops, credentials, TLS, two hosts) runs on the server directly
//! (`postgres_main.rs`).

/// Where this binary's workspaces live.
pub const BACKEND: support::Backend = support::Backend::Postgres;
/// Whether stepup reaches the server through PgBouncer.
pub const THROUGH_POOLER: bool = true;

mod accounts;
mod bulk;
mod core;
mod faults;
mod mfa;
mod migrate;
mod notify;
mod pg;
mod pooler;
mod races;
mod seed;
mod support;
mod terminal;
mod verify_exec;
