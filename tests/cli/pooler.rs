//! What only a pooler shows: a server connection serves one transaction
//! and then the next client, so a command may leave nothing behind on it
//! (an open transaction makes PgBouncer close the connection instead) and
//! may rely on nothing a connection carries from its start.

use crate::pg;
use crate::support::*;

/// How many server processes the database `c` is connected to has had, as
/// the server counts them (`pg_stat_database.sessions`, counted by each
/// server process and reported by its next transaction or at its exit).
fn sessions(c: &mut postgres::Client) -> i64 {
    c.batch_execute("SELECT pg_stat_clear_snapshot()").unwrap();
    c.query_one(
        "SELECT sessions FROM pg_stat_database WHERE datname = current_database()",
        &[],
    )
    .unwrap()
    .get(0)
}

#[test]
fn commands_through_a_pooler_share_its_server_connections() {
    let env = Env::with_admin();
    assert!(
        env.db
            .to_str()
            .unwrap()
            .contains(&pg::pooler().port.to_string()),
        "this binary's workspaces are behind the pooler: {}",
        env.db.display()
    );
    let mut c = pg_client(&env);
    let before = sessions(&mut c);
    let admin = env.token(ADMIN, ADMIN_PW);
    let mut commands = 1;
    for i in 0..6 {
        let name = format!("user{i}");
        env.stepup(&["user", "add", &name, "--password-stdin"])
            .session(&admin)
            .stdin(format!("{ALICE_PW}\n"))
            .run()
            .ok();
        let token = env.token(&name, ALICE_PW);
        env.stepup(&["whoami"]).session(&token).run().ok();
        env.stepup(&["policy", "show"]).session(&admin).run().ok();
        commands += 4;
    }
    let made = sessions(&mut c) - before;
    // Each command ended its transactions, so the pooler kept the server
    // connections it had: a handful for two dozen commands (and one more
    // for the test's own connection). A server process that ends reports
    // itself as it goes, so one closed after each command is counted: a
    // command that leaves its snapshot open (the pooler then closes the
    // connection) makes this 25.
    assert!(
        made <= pg::POOL_SIZE as i64 + 1,
        "{commands} commands started {made} server processes"
    );
}

#[test]
fn stepups_own_settings_hold_on_a_pooled_connection() {
    // The busy timeout is set inside each transaction, not when the
    // connection starts (PgBouncer refuses unknown startup options, and a
    // pooled connection has started long before): a held writer lock still
    // ends a waiting writer with exit 4 after busy_timeout_ms.
    let env = Env::with_admin_config("[database]\nbusy_timeout_ms = 500\n");
    let lock = crate::races::hold_writer_lock(&env);
    let started = std::time::Instant::now();
    let (rc, v) = env
        .stepup(&["user", "add", "bob", "--password-stdin"])
        .stdin(format!("{ALICE_PW}\n"))
        .json();
    let waited = started.elapsed();
    drop(lock);
    assert_eq!(rc, 4, "{v}");
    assert!(
        waited >= std::time::Duration::from_millis(400)
            && waited < std::time::Duration::from_secs(10),
        "gave up after {waited:?}"
    );
    // A setting stepup made for its transaction is gone from the server
    // connection the next client gets.
    let mut c = postgres::Client::connect(env.db.to_str().unwrap(), postgres::NoTls).unwrap();
    let shown: String = c
        .simple_query("SHOW lock_timeout")
        .unwrap()
        .into_iter()
        .find_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
            _ => None,
        })
        .unwrap();
    assert_eq!(shown, "0", "lock_timeout leaked to the pool");
}

#[test]
fn a_prompt_holds_no_server_connection() {
    // More people at a password prompt than the pool has connections: a
    // command waiting for a person must not sit inside a transaction, or
    // everyone else waits for a free connection (up to the pooler's
    // query_wait_timeout, then exit 1).
    let env = Env::with_admin();
    let waiting: Vec<_> = (0..=pg::POOL_SIZE)
        .map(|_| {
            let mut p =
                rexpect::session::spawn_command(env.stepup(&["passwd"]).command(), Some(20_000))
                    .expect("spawn in a pty");
            p.exp_string("Current password").unwrap();
            p
        })
        .collect();
    let started = std::time::Instant::now();
    let (rc, v) = env.stepup(&["whoami"]).json();
    let took = started.elapsed();
    assert_eq!(rc, 0, "{v}");
    assert!(
        took < std::time::Duration::from_secs(3),
        "whoami waited {took:?} behind {} prompts",
        waiting.len()
    );
    // The prompts go on where they were (the password is checked in the
    // write that follows, on a new snapshot).
    for mut p in waiting {
        p.send_line("not the password").unwrap();
        p.exp_string("New password").unwrap();
    }
}

#[test]
fn the_urls_options_hold_behind_the_pooler() {
    // PgBouncer refuses startup options: the URL's are set in each
    // transaction instead, so a workspace kept in a schema of its own is
    // found there through the pooler too.
    let plain = Env::empty();
    pg_client(&plain)
        .batch_execute("CREATE SCHEMA team")
        .unwrap();
    let url = format!(
        "{}?options=-c%20search_path%3Dteam%2Cpublic%20-c%20application_name%3Dit%5C%27s",
        plain.db.display()
    );
    let env = Env::at(Some(url), "").init_admin();
    let (rc, v) = env.stepup(&["whoami"]).json();
    assert_eq!(rc, 0, "{v}");
    let in_schema = |schema: &str| -> i64 {
        pg_client(&env)
            .query_one(
                "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = 'users'",
                &[&schema],
            )
            .unwrap()
            .get(0)
    };
    assert_eq!((in_schema("team"), in_schema("public")), (1, 0));
    // Without them the default path finds no workspace.
    plain
        .stepup(&["whoami"])
        .run()
        .exits_saying(1, "no stepup database");
}
