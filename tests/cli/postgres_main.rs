//! The behaviour tests again, on PostgreSQL: every workspace is a database
//! on a real server these tests start (`pg.rs`). Tests about files (damage,
//! permissions, symlinks, the schema-1 upgrade) stay in `main.rs` only;
//! `postgres.rs` adds what only a server has (races across connections, a
//! server that stops, credentials, two hosts).

/// Where this binary's workspaces live.
pub const BACKEND: support::Backend = support::Backend::Postgres;
/// Whether stepup reaches the server through PgBouncer (`pooled_main.rs`).
pub const THROUGH_POOLER: bool = false;

mod accounts;
mod attacks;
mod audit_chain;
mod bulk;
mod core;
mod faults;
mod hints;
mod mfa;
mod migrate;
mod notify;
mod pg;
mod postgres;
mod races;
mod sealing;
mod seed;
mod support;
mod terminal;
mod verify_exec;
