//! Races across connections to one PostgreSQL database: many stepup
//! processes at once, and a writer lock held by another client. They run
//! on the server directly (`postgres_main.rs`) and through a pooler in
//! transaction mode (`pooled_main.rs`), where every transaction may get
//! another server connection.

use crate::support::*;
use std::time::{Duration, Instant};

/// Holds the workspace's writer lock from a connection of the test's own,
/// as a stepup process in the middle of a write does.
pub fn hold_writer_lock(env: &Env) -> postgres::Client {
    let mut c = pg_client(env);
    c.batch_execute(&format!(
        "BEGIN; SELECT pg_advisory_xact_lock({})",
        stepup::store::postgres::WRITER_LOCK
    ))
    .unwrap();
    c
}

#[test]
fn thirty_processes_racing_for_one_recovery_code_let_exactly_one_win() {
    let env = Env::with_admin();
    // The losers are refused because the code is spent (exit 3), or, once
    // they have failed often enough, throttled (exit 4).
    set_setting(&env, "throttle.free_failures", "20");
    let (_app, codes) = enroll_totp(&env, None);
    let code = &codes[0];
    let children: Vec<_> = (0..30)
        .map(|_| {
            env.stepup(&["--json", "login", ADMIN, "--password-stdin", "--code", code])
                .stdin(format!("{ADMIN_PW}\n"))
                .spawn()
        })
        .collect();
    let codes_out: Vec<i32> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
        .collect();
    let wins = codes_out.iter().filter(|&&c| c == 0).count();
    assert_eq!(wins, 1, "exit codes: {codes_out:?}");
    assert!(
        codes_out.iter().all(|&c| c == 0 || c == 3 || c == 4),
        "{codes_out:?}"
    );
    let user = stored_user(&env, ADMIN);
    assert_eq!(user.mfa.recovery_remaining(), 9);
    // The database says so too: one slot used, once.
    let used: i64 = pg_client(&env)
        .query_one(
            "SELECT count(*) FROM recovery_codes WHERE used_at IS NOT NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(used, 1);
}

#[test]
fn a_held_writer_lock_makes_writers_wait_then_exit_4_while_readers_go_on() {
    let env = Env::with_admin_config("[database]\nbusy_timeout_ms = 700\n");
    let lock = hold_writer_lock(&env);
    let started = Instant::now();
    let (rc, v) = env
        .stepup(&["user", "add", "bob", "--password-stdin"])
        .stdin(format!("{ALICE_PW}\n"))
        .json();
    let waited = started.elapsed();
    assert_eq!(rc, 4, "{v}");
    assert_eq!(v["kind"], "locked");
    assert!(
        v["message"].as_str().unwrap().contains("stayed busy"),
        "{v}"
    );
    assert!(
        waited >= Duration::from_millis(600),
        "gave up after {waited:?}"
    );
    // A login's first message begins the write that counts its attempt,
    // lock first: it waits and gives up the same way, having counted
    // nothing.
    env.stepup(&["login", ADMIN, "--password-stdin"])
        .stdin(format!("{ADMIN_PW}\n"))
        .run()
        .exits_saying(4, "stayed busy");
    // Reads need no lock.
    let (rc, v) = env.stepup(&["user", "list"]).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["count"], 1);
    drop(lock);
    let failures: i32 = pg_client(&env)
        .query_one("SELECT failures FROM users WHERE name = $1", &[&ADMIN])
        .unwrap()
        .get(0);
    assert_eq!(failures, 0, "the login that gave up counted an attempt");
    env.add_user("bob", ALICE_PW, None);
    env.token(ADMIN, ADMIN_PW);
}

#[test]
fn a_login_behind_a_held_lock_still_says_first_where_the_workspace_went() {
    // A login waits for the lock in its first message, but what `open`
    // refuses without it (here: a workspace moved away by `migrate`) is
    // said as before, not "busy".
    let env = Env::with_admin_config("[database]\nbusy_timeout_ms = 300\n");
    pg_client(&env)
        .execute(
            "INSERT INTO stepup_meta (key, value) VALUES ('moved_to', '/srv/elsewhere.redb')",
            &[],
        )
        .unwrap();
    let _lock = hold_writer_lock(&env);
    env.stepup(&["login", ADMIN, "--password-stdin"])
        .stdin(format!("{ADMIN_PW}\n"))
        .run()
        .exits_saying(1, "/srv/elsewhere.redb");
}
