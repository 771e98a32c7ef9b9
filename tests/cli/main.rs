//! Process-level tests: the real binary on a real redb file in a temporary
//! folder. All modules build into this one test binary; the behaviour tests
//! also run on PostgreSQL (`postgres_main.rs`).

/// Where this binary's workspaces live.
pub const BACKEND: support::Backend = support::Backend::File;
/// Whether stepup reaches the server through PgBouncer (`pooled_main.rs`).
pub const THROUGH_POOLER: bool = false;

mod accounts;
mod attacks;
mod audit_chain;
mod bulk;
mod cases;
mod core;
mod docs;
mod examples;
mod faults;
mod files;
mod fuzz_regressions;
mod hints;
mod holes;
mod hostile;
mod mfa;
mod migrate;
mod notify;
mod pam;
mod pg;
mod robustness;
mod sealing;
mod seed;
mod support;
mod system;
mod terminal;
mod upgrade;
mod verify_exec;
