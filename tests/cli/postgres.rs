//! What only a PostgreSQL server has: a server that stops or restarts in
//! the middle, credentials, a schema from the future, an empty database
//! (races across connections: `races.rs`).

use crate::pg;
use crate::races::hold_writer_lock;
use crate::support::*;
use std::time::{Duration, Instant};

#[test]
fn a_server_killed_in_the_middle_of_a_command_leaves_nothing_half_written() {
    let server = pg::private_server();
    let env = Env::at(Some(server.url(&server.create_db())), "").init_admin();
    // The command is inside its transaction, waiting for the writer lock,
    // when the server goes away.
    let lock = hold_writer_lock(&env);
    let child = env
        .stepup(&["--json", "user", "add", "bob", "--password-stdin"])
        .stdin(format!("{ALICE_PW}\n"))
        .spawn();
    std::thread::sleep(Duration::from_millis(500));
    server.pg_ctl(&["-m", "immediate", "stop"]);
    drop(lock);
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["kind"], "failure");
    let message = v["message"].as_str().unwrap();
    assert!(message.contains("127.0.0.1"), "says where: {v}");
    // While it is down: exit 1 naming the server, never "no MFA".
    let (rc, v) = env.stepup(&["whoami"]).json();
    assert_eq!(rc, 1, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("cannot reach"),
        "{v}"
    );
    // Restarted between two commands: everything works, bob was not added.
    server.pg_ctl(&["-l", server.dir.join("log").to_str().unwrap(), "start"]);
    let (rc, v) = env.stepup(&["user", "list"]).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["count"], 1, "nothing half-written: {v}");
    env.add_user("bob", ALICE_PW, None);
    let (_, v) = env.stepup(&["user", "list"]).json();
    assert_eq!(v["count"], 2);
}

#[test]
fn an_unreachable_server_is_exit_1_within_the_busy_timeout() {
    // A closed port on loopback, and a port nothing answers on.
    let env = Env::at(
        Some("postgres://stepup@127.0.0.1:1/nowhere".into()),
        "[database]\nbusy_timeout_ms = 1000\n",
    );
    let started = Instant::now();
    let (rc, v) = env.stepup(&["whoami"]).json();
    assert_eq!(rc, 1, "{v}");
    assert!(started.elapsed() < Duration::from_secs(3));
    let message = v["message"].as_str().unwrap();
    assert!(
        message.contains("cannot reach the database at postgres://stepup@127.0.0.1:1/nowhere"),
        "{v}"
    );
    // A listener that never answers: the connect timeout holds.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let env = Env::at(
        Some(format!("postgres://stepup@127.0.0.1:{port}/x")),
        "[database]\nbusy_timeout_ms = 800\n",
    );
    let started = Instant::now();
    let (rc, v) = env.stepup(&["whoami"]).json();
    let took = started.elapsed();
    assert_eq!(rc, 1, "{v}");
    assert!(took < Duration::from_secs(4), "took {took:?}");
    drop(silent);
}

#[test]
fn passwords_come_only_from_the_config_and_a_wrong_one_is_named() {
    let server = pg::server();
    let db = server.create_db();
    let base = format!(
        "postgres://{}@127.0.0.1:{}/{db}",
        pg::PASSWORD_ROLE,
        server.port
    );
    let with_pw = format!(
        "postgres://{}:{}@127.0.0.1:{}/{db}",
        pg::PASSWORD_ROLE,
        pg::PASSWORD,
        server.port
    );
    // On --db or in STEPUP_DB: exit 2, and the password is not echoed.
    let env = Env::at(Some(with_pw.clone()), "");
    let run = env.stepup(&["--json", "whoami"]).run();
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(!run.stdout.contains(pg::PASSWORD) && !run.stderr.contains(pg::PASSWORD));
    // A wrong password in the config's url: exit 1, saying the login failed.
    let wrong = with_pw.replace(pg::PASSWORD, "not-the-password");
    let env = Env::at(None, &format!("[database]\nurl = \"{wrong}\"\n"));
    // (A config everyone can read holds no password.)
    env.stepup(&["whoami"])
        .unset("STEPUP_DB")
        .run()
        .exits_saying(1, "everyone can read it");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&env.config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let run = env.stepup(&["--json", "whoami"]).unset("STEPUP_DB").run();
    assert_eq!(run.code, 1, "{}", run.stdout);
    let v = run.json();
    assert!(
        v["message"].as_str().unwrap().contains("refused the login"),
        "{v}"
    );
    assert!(!run.stdout.contains("not-the-password"));
    // The right one from a 0600 password_file works, from init on.
    let pwfile = env.path().join("db-password");
    std::fs::write(&pwfile, format!("{}\n", pg::PASSWORD)).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pwfile, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    env.set_config(&format!(
        "[database]\nurl = \"{base}\"\npassword_file = \"{}\"\n",
        pwfile.display()
    ));
    env.stepup(&["init", "--admin", ADMIN, "--password-stdin"])
        .unset("STEPUP_DB")
        .stdin(format!("{ADMIN_PW}\n"))
        .run()
        .ok();
    let (rc, v) = env.stepup(&["policy", "show"]).unset("STEPUP_DB").json();
    assert_eq!(rc, 3, "not logged in, but connected: {v}");
    // A password file others can read is refused.
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pwfile, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let (rc, v) = env.stepup(&["policy", "show"]).unset("STEPUP_DB").json();
    assert_eq!(rc, 1, "{v}");
    assert!(v["message"].as_str().unwrap().contains("0600"), "{v}");
}

#[test]
fn a_schema_from_a_newer_stepup_is_refused_and_init_never_overwrites() {
    let env = Env::with_admin();
    // init again: the schema is there.
    let (rc, v) = env
        .stepup(&["init", "--admin", "other", "--password-stdin"])
        .stdin(format!("{ADMIN_PW}\n"))
        .json();
    assert_eq!(rc, 3, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("already exists"),
        "{v}"
    );
    pg_client(&env)
        .execute(
            "UPDATE stepup_meta SET value = '99' WHERE key = 'schema_version'",
            &[],
        )
        .unwrap();
    let (rc, v) = env.stepup(&["whoami"]).json();
    assert_eq!(rc, 1, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("schema version 99"),
        "{v}"
    );
}

#[test]
fn a_schema_2_database_is_upgraded_in_place_once_keeping_its_sessions() {
    let env = Env::with_admin();
    let token = env.token(ADMIN, ADMIN_PW);
    make_schema_2(&env);
    upgraded_from_2(&env, env.stepup(&["whoami"]).session(&token).run());
    // The log it had is chained in the same upgrade.
    let (rc, v) = env.stepup(&["audit", "verify"]).session(&token).json();
    assert_eq!(rc, 0, "{v}");
    assert!(v["events"].as_u64().unwrap() >= 2, "{v}");
    // Said once: the next command finds it done.
    let run = env.stepup(&["whoami"]).session(&token).run();
    run.ok();
    assert!(!run.stderr.contains("upgraded"), "{}", run.stderr);
}

#[test]
fn a_login_first_on_a_schema_2_database_upgrades_it_too() {
    // A login begins its counting write in its first message, with
    // statements of this schema; on an older one it opens as any command
    // does, which upgrades it.
    let env = Env::with_admin();
    make_schema_2(&env);
    let login = env
        .stepup(&["login", ADMIN, "--password-stdin"])
        .stdin(format!("{ADMIN_PW}\n"));
    upgraded_from_2(&env, login.run());
    env.stepup(&["whoami"]).run().ok();
}

/// `run` succeeded, upgrading the workspace from schema 2, and said so.
#[track_caller]
fn upgraded_from_2(env: &Env, run: Run) {
    run.ok();
    assert!(
        run.stderr.contains("from schema 2 to schema 6"),
        "{}",
        run.stderr
    );
    assert_eq!(schema_version(env), "6");
}

/// Turns the workspace back into schema 2, as the first PostgreSQL stepup
/// made it.
fn make_schema_2(env: &Env) {
    pg_client(env)
        .batch_execute(
            "ALTER TABLE sessions DROP COLUMN machine, DROP COLUMN os_uid;
             ALTER TABLE actions DROP COLUMN description, DROP COLUMN added_at;
             ALTER TABLE audit DROP COLUMN chain_no, DROP COLUMN mac;
             ALTER TABLE workspace DROP COLUMN grace_until;
             ALTER TABLE users DROP COLUMN generation, DROP COLUMN mac;
             ALTER TABLE workspace DROP COLUMN generation, DROP COLUMN mac;
             ALTER TABLE sessions DROP COLUMN mac, DROP COLUMN generation;
             DROP TABLE witnesses;
             DROP TABLE witness_root;
             ALTER TABLE users DROP COLUMN totp_enabled_at, DROP COLUMN totp_secret,
                 DROP COLUMN email_enabled_at, DROP COLUMN failures, DROP COLUMN last_failure,
                 DROP COLUMN locked, DROP COLUMN recovery_salt, DROP COLUMN recovery_issued_at,
                 DROP COLUMN pending_secret, DROP COLUMN pending_created_at, DROP COLUMN pending_session,
                 DROP COLUMN code_purpose, DROP COLUMN code_salt, DROP COLUMN code_hash,
                 DROP COLUMN code_sent_at, DROP COLUMN code_expires_at, DROP COLUMN code_tries,
                 DROP COLUMN code_session;
             CREATE TABLE methods (
                 user_name text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
                 method text NOT NULL CHECK (method IN ('totp', 'email')),
                 enabled_at bigint NOT NULL,
                 secret bytea CHECK (secret IS NULL OR length(secret) = 20),
                 PRIMARY KEY (user_name, method),
                 CHECK ((method = 'totp') = (secret IS NOT NULL)));
             CREATE TABLE pending_totp (
                 user_name text PRIMARY KEY REFERENCES users (name) ON DELETE CASCADE,
                 secret bytea NOT NULL CHECK (length(secret) = 20),
                 created_at bigint NOT NULL, session text NOT NULL);
             CREATE TABLE recovery_sets (
                 user_name text PRIMARY KEY REFERENCES users (name) ON DELETE CASCADE,
                 salt bytea NOT NULL CHECK (length(salt) = 16), issued_at bigint NOT NULL);
             ALTER TABLE recovery_codes DROP CONSTRAINT recovery_codes_user_name_fkey,
                 ADD FOREIGN KEY (user_name) REFERENCES recovery_sets (user_name) ON DELETE CASCADE;
             CREATE TABLE email_codes (
                 user_name text PRIMARY KEY REFERENCES users (name) ON DELETE CASCADE,
                 purpose text NOT NULL, salt bytea NOT NULL CHECK (length(salt) = 16),
                 hash bytea NOT NULL CHECK (length(hash) = 16), sent_at bigint NOT NULL,
                 expires_at bigint NOT NULL, tries integer NOT NULL CHECK (tries >= 0), session text);
             CREATE TABLE throttles (
                 user_name text PRIMARY KEY REFERENCES users (name) ON DELETE CASCADE,
                 failures integer NOT NULL CHECK (failures >= 0), last_failure bigint,
                 locked boolean NOT NULL);
             UPDATE stepup_meta SET value = '2' WHERE key = 'schema_version'",
        )
        .unwrap();
}

#[test]
fn a_database_without_a_workspace_says_so() {
    let server = pg::server();
    let env = Env::at(Some(server.url(&server.create_db())), "");
    // A login, whose first message begins a write, says the same.
    for run in [
        env.stepup(&["whoami"]),
        env.stepup(&["login", ADMIN, "--password-stdin"])
            .stdin(format!("{ADMIN_PW}\n")),
    ] {
        let (rc, v) = run.json();
        assert_eq!(rc, 1, "{v}");
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .contains("no stepup database at"),
            "{v}"
        );
        assert!(v["hint"].as_str().unwrap().contains("stepup init"), "{v}");
    }
}

#[test]
fn a_damaged_row_fails_closed() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let (mut app, _) = enroll_totp(&env, None);
    // Constraints keep most damage out; what gets past them is refused.
    let mut c = pg_client(&env);
    assert!(
        c.execute("UPDATE workspace SET policy = 'off'", &[])
            .is_err(),
        "the CHECK constraint refuses a policy that is not one"
    );
    c.execute(
        "ALTER TABLE workspace DROP CONSTRAINT workspace_policy_check",
        &[],
    )
    .unwrap();
    c.execute("UPDATE workspace SET policy = 'off'", &[])
        .unwrap();
    let (rc, v) = env
        .stepup(&[
            "login",
            ADMIN,
            "--password-stdin",
            "--code",
            &app.next_code(),
        ])
        .stdin(format!("{ADMIN_PW}\n"))
        .json();
    assert_eq!(rc, 1, "{v}");
    assert!(v["message"].as_str().unwrap().contains("damaged"), "{v}");
}

#[test]
fn a_method_partly_there_fails_closed_never_reads_as_no_method() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let alice = alice_token(&env);
    let (_app, _codes) = enroll_totp(&env, Some(&alice));
    let mut c = pg_client(&env);
    // With the CHECKs that keep a user's parts whole dropped (by someone
    // who can write the database), each part half there is damage.
    c.batch_execute(
        "DO $$ DECLARE n name; BEGIN
           FOR n IN SELECT conname FROM pg_constraint
                     WHERE conrelid = 'users'::regclass AND contype = 'c'
                       AND pg_get_constraintdef(oid) LIKE '%IS NULL%' LOOP
             EXECUTE format('ALTER TABLE users DROP CONSTRAINT %I', n);
           END LOOP; END $$",
    )
    .unwrap();
    for (damage, undo) in [
        (
            "UPDATE users SET totp_enabled_at = NULL WHERE name = 'alice'",
            "UPDATE users SET totp_enabled_at = 1 WHERE name = 'alice'",
        ),
        (
            "UPDATE users SET recovery_salt = NULL WHERE name = 'alice'",
            "",
        ),
    ] {
        c.batch_execute(damage).unwrap();
        let run = login_alice(&env);
        run.exits_saying(1, "partly there");
        assert!(!run.stdout.contains("token"), "{}", run.stdout);
        if !undo.is_empty() {
            c.batch_execute(undo).unwrap();
        }
    }
}

/// Alice logs in with her password.
fn login_alice(env: &Env) -> Run {
    env.stepup(&["login", "alice", "--password-stdin"])
        .stdin(format!("{ALICE_PW}\n"))
        .run()
}

/// Alice's sessions and `login` events that reached the database.
fn alices_logins(env: &Env) -> (i64, i64) {
    let mut c = pg_client(env);
    let mut count = |sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    (
        count("SELECT count(*) FROM sessions WHERE user_name = 'alice'"),
        count(
            "SELECT count(*) FROM audit WHERE user_name = 'alice' AND action = 'login' AND outcome = 'ok'",
        ),
    )
}

#[test]
fn a_change_the_server_refuses_takes_the_whole_write_with_it() {
    // A login's session, its audit event and its give-back of the counted
    // attempt go to the server together, with the COMMIT: one that fails
    // must leave none of the others committed.
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    pg_client(&env)
        .batch_execute(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN IF NEW.user_name = 'alice' AND NEW.outcome = 'ok' THEN
                 RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
             CREATE TRIGGER refuse BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION refuse();",
        )
        .unwrap();
    login_alice(&env).exits_saying(1, "refused by the test");
    assert_eq!(alices_logins(&env), (0, 0), "nothing of the login is kept");
    pg_client(&env)
        .batch_execute("DROP TRIGGER refuse ON audit")
        .unwrap();
    login_alice(&env).ok();
    assert_eq!(alices_logins(&env), (1, 1), "a login that lands keeps both");
}

#[test]
fn a_user_row_the_server_does_not_change_ends_the_write_before_it_commits() {
    // Plain workspaces too: a change that must change one row is checked by
    // the server, in the same round trip as the COMMIT after it.
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    pg_client(&env)
        .batch_execute(
            "CREATE FUNCTION keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
             CREATE TRIGGER keep BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION keep();",
        )
        .unwrap();
    login_alice(&env).exits_saying(
        1,
        "the record of user alice was not written as stepup wrote it",
    );
    assert_eq!(alices_logins(&env), (0, 0), "no session, no event");
}

#[test]
fn user_add_never_writes_over_a_row_another_transaction_put_there() {
    // user add inserts a name its write read as free (under the lock)
    // without looking again. A writer that skips the lock inserts the
    // name in a transaction still open when stepup reads (so stepup finds
    // it free) and commits while stepup's INSERT waits on it: the INSERT
    // fails and the whole add with it, rather than writing over that row.
    let env = Env::with_admin();
    let token = env.token(ADMIN, ADMIN_PW);
    let mut squatter = pg_client(&env);
    squatter
        .batch_execute(
            "BEGIN; INSERT INTO users (name, role, password_hash, created_at)
                    VALUES ('bob', 'member', 'squatter', 0)",
        )
        .unwrap();
    let add = env
        .stepup(&["--json", "user", "add", "bob", "--password-stdin"])
        .session(&token)
        .stdin(format!("{ALICE_PW}\n"))
        .spawn();
    let mut watch = pg_client(&env);
    let started = Instant::now();
    while watch
        .query_one(
            "SELECT count(*) FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO users%'",
            &[],
        )
        .unwrap()
        .get::<_, i64>(0)
        == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "stepup's INSERT never waited on the open one"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    squatter.batch_execute("COMMIT").unwrap();
    let out = add.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert!(
        v["hint"].as_str().unwrap().contains("nothing was changed"),
        "{v}"
    );
    let mut count = |sql: &str| -> i64 { watch.query_one(sql, &[]).unwrap().get(0) };
    assert_eq!(
        count("SELECT count(*) FROM users WHERE name = 'bob' AND password_hash = 'squatter'"),
        1,
        "the row that was there is as it was"
    );
    assert_eq!(
        count("SELECT count(*) FROM audit WHERE action = 'user.add'"),
        0,
        "no event of an add that did not land"
    );
}

#[test]
fn a_login_waiting_for_the_writer_lock_plans_with_the_workspace_the_lock_holder_left() {
    // A write reads the workspace with its BEGIN and its lock (a login's
    // `open` begins the write that counts its attempt), and a login plans
    // its step-up from what that write read: a policy turned on while the
    // login waited asks for a code at once, rather than going ahead on an
    // earlier one.
    let env = Env::with_admin();
    let _ = enroll_totp(&env, None);
    pg_client(&env)
        .execute("UPDATE workspace SET policy = 'disabled'", &[])
        .unwrap();
    let mut lock = hold_writer_lock(&env);
    let child = env
        .stepup(&["--json", "login", ADMIN, "--password-stdin"])
        .stdin(format!("{ADMIN_PW}\n"))
        .spawn();
    std::thread::sleep(Duration::from_millis(500));
    lock.batch_execute("UPDATE workspace SET policy = 'enabled'; COMMIT")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(10), "{v}");
    assert_eq!(v["options"][0], "totp", "{v}");
}

#[test]
fn two_hosts_share_one_workspace() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let alice = alice_token(&env);
    let root = env.token(ADMIN, ADMIN_PW);
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    let server = pg::server();
    let db = env
        .db
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let (a, b) = (pg::Host::new(1), pg::Host::new(2));
    // Each host has its own state folders and reaches the server over its
    // own link (off loopback, so TLS is turned off explicitly).
    let on = |host: &pg::Host| {
        let e = Env::at(
            Some(format!(
                "postgres://{}@{}:{}/{db}?sslmode=disable",
                pg::SUPERUSER,
                host.host_ip,
                server.port
            )),
            "",
        );
        std::fs::copy(&env.config, &e.config).unwrap();
        e
    };
    let (env_a, env_b) = (on(&a), on(&b));
    fn login<'e>(e: &'e Env, host: &pg::Host, pw: &str, code: Option<&str>) -> Invocation<'e> {
        let mut args = vec!["login", "alice", "--password-stdin", "--print-token"];
        if let Some(c) = code {
            args.extend(["--code", c]);
        }
        e.stepup(&args).in_netns(&host.ns).stdin(format!("{pw}\n"))
    }

    // One recovery code, raced from both hosts: spent once.
    let children: Vec<_> = (0..16)
        .map(|i| {
            let (e, h) = if i % 2 == 0 {
                (&env_a, &a)
            } else {
                (&env_b, &b)
            };
            login(e, h, ALICE_PW, Some(&codes[0])).spawn()
        })
        .collect();
    let exits: Vec<i32> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
        .collect();
    assert_eq!(exits.iter().filter(|&&c| c == 0).count(), 1, "{exits:?}");
    assert_eq!(stored_user(&env, "alice").mfa.recovery_remaining(), 9);

    // Failures counted from both hosts add up (from zero: the losers of
    // the race failed, and were throttled).
    env.stepup(&["user", "unlock", "alice"])
        .session(&root)
        .run()
        .ok();
    for (e, h) in [
        (&env_a, &a),
        (&env_b, &b),
        (&env_a, &a),
        (&env_b, &b),
        (&env_b, &b),
    ] {
        let (rc, v) = login(e, h, "not her password", None).json();
        assert_eq!(rc, 3, "{v}");
    }
    assert_eq!(stored_user(&env, "alice").throttle.failures, 5);
    env.stepup(&["user", "unlock", "alice"])
        .session(&root)
        .run()
        .ok();

    // A session made on one host works on the other.
    let (rc, v) = login(&env_a, &a, ALICE_PW, Some(&codes[2])).json();
    assert_eq!(rc, 0, "{v}");
    let token = v["token"].as_str().unwrap().to_string();
    let (rc, v) = env_b
        .stepup(&["whoami"])
        .in_netns(&b.ns)
        .session(&token)
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["user"], "alice");
}

#[test]
fn verify_full_checks_the_authority_and_the_host_name() {
    let server = pg::private_server();
    let ca = server.enable_tls();
    let db = server.create_db();
    let url = |host: &str| {
        format!(
            "postgres://{}@{host}:{}/{db}?sslmode=verify-full",
            pg::SUPERUSER,
            server.port
        )
    };
    let with_ca = format!("[database]\nca_file = \"{}\"\n", ca.display());
    // The right authority and name: a workspace over TLS.
    let env = Env::at(Some(url("localhost")), &with_ca).init_admin();
    let (rc, v) = env.stepup(&["whoami"]).json();
    assert_eq!(rc, 0, "{v}");
    // No authority given: the public roots do not know the test one (so
    // the connection above was verified TLS, not plain).
    let env2 = Env::at(Some(url("localhost")), "");
    let (rc, v) = env2.stepup(&["whoami"]).json();
    assert_eq!(rc, 1, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("cannot reach"),
        "{v}"
    );
    // The right authority, the wrong name (the certificate is for localhost).
    let env3 = Env::at(Some(url("127.0.0.1")), &with_ca);
    let (rc, v) = env3.stepup(&["whoami"]).json();
    assert_eq!(rc, 1, "{v}");
    // A ca_file that is not one.
    let env4 = Env::at(
        Some(url("localhost")),
        "[database]\nca_file = \"/etc/hostname\"\n",
    );
    let (rc, v) = env4.stepup(&["whoami"]).json();
    assert_eq!(rc, 1, "{v}");
    assert!(v["message"].as_str().unwrap().contains("ca_file"), "{v}");
}

#[test]
fn stats_and_compact_work_on_postgresql_too() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let (rc, v) = env.stepup(&["stats"]).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["users"], 2, "{v}");
    let tables: Vec<&str> = v["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["table"].as_str().unwrap())
        .collect();
    for t in [
        "users",
        "recovery_codes",
        "sessions",
        "audit",
        "witnesses",
        "witness_root",
    ] {
        assert!(tables.contains(&t), "{t} missing from {tables:?}");
    }
    assert!(v["file_bytes"].as_u64().unwrap() > 0, "{v}");
    let (rc, v) = env.stepup(&["compact"]).json();
    assert_eq!(rc, 0, "{v}");
    assert!(v["bytes_after"].as_u64().unwrap() > 0, "{v}");
    // A table another session holds is passed over at once, never waited
    // for (VACUUM runs outside a transaction, where no lock_timeout is
    // set): exit 4, naming it.
    let mut holder = pg_client(&env);
    holder
        .batch_execute("BEGIN; LOCK TABLE audit IN SHARE MODE")
        .unwrap();
    let started = Instant::now();
    let (rc, v) = env.stepup(&["compact"]).json();
    assert_eq!(rc, 4, "{v}");
    assert!(v["message"].as_str().unwrap().contains("\"audit\""), "{v}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "waited {:?}",
        started.elapsed()
    );
    holder.batch_execute("COMMIT").unwrap();
    let (rc, v) = env.stepup(&["compact"]).json();
    assert_eq!(rc, 0, "{v}");
    // And the workspace still works.
    let (rc, _) = env.stepup(&["user", "list"]).json();
    assert_eq!(rc, 0);
}

#[test]
fn two_inits_at_once_make_one_workspace_and_refuse_the_other() {
    let env = Env::empty();
    let children: Vec<_> = (0..4)
        .map(|_| {
            env.stepup(&["--json", "init", "--admin", ADMIN, "--password-stdin"])
                .stdin(format!("{ADMIN_PW}\n"))
                .spawn()
        })
        .collect();
    let mut exits: Vec<i32> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
        .collect();
    exits.sort();
    assert_eq!(exits, [0, 3, 3, 3], "one creates, the others find it there");
}

/// The schema version the database says it has.
fn schema_version(env: &Env) -> String {
    pg_client(env)
        .query_one(
            "SELECT value FROM stepup_meta WHERE key = 'schema_version'",
            &[],
        )
        .unwrap()
        .get(0)
}

/// A fresh database loaded from `tests/fixtures/NAME` (dump.sql, made by
/// its make.sh), its secrets.json, and where its key is now (0600, in the
/// workspace folder; not yet in the config).
fn sealed_fixture(name: &str) -> (Env, serde_json::Value, std::path::PathBuf) {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let secrets = serde_json::from_str(&read(&here.join("secrets.json"))).unwrap();
    let env = Env::empty_with("");
    pg_client(&env)
        .batch_execute(&read(&here.join("dump.sql")))
        .unwrap();
    let key = env.path().join("secrets.key");
    std::fs::copy(here.join("secrets.key"), &key).unwrap();
    std::fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    (env, secrets, key)
}

#[test]
fn a_sealed_schema_4_database_is_refused_never_upgraded_sealed() {
    // Made by stepup at 1d8b87c (tests/fixtures/pg-schema4-sealed/make.sh),
    // a development build: alice enrolled in TOTP in a workspace sealed
    // with the fixture's key. Schema 4 has no root over its witnesses, so
    // its records cannot be vouched for, and a schema number set back by
    // someone who can write the database looks the same: refused.
    let (env, secrets, key) = sealed_fixture("pg-schema4-sealed");
    let pw = secrets["passwords"]["alice"].as_str().unwrap();
    let login = || {
        env.stepup(&["--json", "login", "alice", "--password-stdin"])
            .stdin(format!("{pw}\n"))
            .run()
    };
    // Without its key: the key it needs.
    let run = login();
    assert_eq!(run.code, 1, "{} {}", run.stdout, run.stderr);
    // With it: refused, saying what to do, and nothing changed.
    env.set_config(&format!("[secrets]\nkey_file = \"{}\"\n", key.display()));
    let run = login();
    assert_eq!(run.code, 1, "{} {}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("is sealed and of schema 4") && run.stdout.contains("key remove"),
        "{} {}",
        run.stdout,
        run.stderr
    );
    assert_eq!(schema_version(&env), "4");
}

#[test]
fn a_sealed_schema_5_database_is_upgraded_to_6_with_every_record_intact() {
    // Made by stepup at 8d37a02 (tests/fixtures/pg-schema5-sealed/make.sh):
    // alice with email and TOTP, one recovery code spent and an email code
    // waiting; bob with a TOTP enrollment not confirmed; carol with two
    // failures. Schema 6 moves all of that into the user rows; every
    // record's MAC covers the whole user, so a part lost or changed in the
    // move would make its record fail closed.
    let (env, secrets, key) = sealed_fixture("pg-schema5-sealed");
    env.set_config(&format!("[secrets]\nkey_file = \"{}\"\n", key.display()));
    let pw = |who: &str| format!("{}\n", secrets["passwords"][who].as_str().unwrap());
    let run = env
        .stepup(&[
            "--json",
            "login",
            "root",
            "--password-stdin",
            "--print-token",
        ])
        .stdin(pw("root"))
        .run();
    run.exits_saying(0, "from schema 5 to schema 6");
    let root = run.json()["token"].as_str().unwrap().to_string();
    assert_eq!(schema_version(&env), "6");
    for gone in [
        "methods",
        "throttles",
        "recovery_sets",
        "pending_totp",
        "email_codes",
    ] {
        let n: i64 = pg_client(&env)
            .query_one(
                "SELECT count(*) FROM pg_tables WHERE tablename = $1",
                &[&gone],
            )
            .unwrap()
            .get(0);
        assert_eq!(n, 0, "{gone} is dropped");
    }
    // Every user record reads and matches its MAC.
    let (rc, v) = env.stepup(&["user", "list"]).session(&root).json();
    assert_eq!(rc, 0, "{v}");
    // carol's two failures are still counted.
    let (rc, v) = env.stepup(&["user", "show", "carol"]).session(&root).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["failed_attempts"], 2, "{v}");
    // bob's enrollment and alice's email code are still waiting, in their
    // rows (bob's secret sealed: it opened for `user list`).
    let row = pg_client(&env)
        .query_one(
            "SELECT (SELECT length(pending_secret) FROM users WHERE name = 'bob'),
                    (SELECT code_purpose FROM users WHERE name = 'alice')",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, Option<i32>>(0), Some(60));
    assert_eq!(
        row.get::<_, Option<String>>(1).as_deref(),
        Some("{\"verify\":\"login\"}")
    );
    // alice: both methods, her TOTP secret opens, the spent recovery code
    // stays spent and another one works.
    let (rc, v) = env.stepup(&["user", "show", "alice"]).session(&root).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(
        v["enabled_methods"],
        serde_json::json!(["totp", "email"]),
        "{v}"
    );
    let codes: Vec<&str> = secrets["alice_recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let login = |method: &str, code: &str| {
        env.stepup(&[
            "--json",
            "login",
            "alice",
            "--password-stdin",
            "--method",
            method,
            "--code",
            code,
        ])
        .stdin(pw("alice"))
        .run()
    };
    let run = login("recovery", codes[0]);
    assert_eq!(
        run.code, 3,
        "spent before the upgrade: {} {}",
        run.stdout, run.stderr
    );
    let run = login("recovery", codes[1]);
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
    let mut app = Authenticator::new(secrets["alice_totp_secret"].as_str().unwrap());
    let run = login("totp", &app.next_code());
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
    let (rc, v) = env.stepup(&["audit", "verify"]).session(&root).json();
    assert_eq!(rc, 0, "{v}");
}

#[test]
fn a_namesake_table_on_the_search_path_is_named_and_url_options_choose_the_path() {
    // By default a schema named after the role is searched first: a table
    // there is read in place of stepup's. `audit verify` names it.
    let env = Env::with_admin();
    let token = env.token(ADMIN, ADMIN_PW);
    pg_client(&env)
        .batch_execute(&format!(
            "CREATE SCHEMA {role};
             CREATE TABLE {role}.phantom_throttles (LIKE public.phantom_throttles INCLUDING ALL);",
            role = pg::SUPERUSER
        ))
        .unwrap();
    let run = env.stepup(&["audit", "verify"]).session(&token).run();
    run.exits_saying(1, &format!(
            "the table phantom_throttles has a namesake in another schema of the search path ({}, public; the first is read)",
            pg::SUPERUSER
        ));
    // The URL's own options reach the server (set in each transaction):
    // with the search path pinned there, the namesake is off the path.
    let pinned = format!("{}?options=-c%20search_path%3Dpublic", env.db.display());
    let run = env
        .stepup(&["--db", &pinned, "audit", "verify"])
        .session(&token)
        .run();
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
}

#[test]
fn recovery_slots_renumbered_or_a_column_of_another_type_fail_closed_saying_which() {
    // A recovery code is spent by its slot's number: codes numbered other
    // than 0, 1, 2, ... would be refused as "used meanwhile" when spent,
    // which names the wrong cause. The record is refused when read instead.
    let (env, alice) = with_alice(None);
    enroll_totp(&env, Some(&alice));
    pg_client(&env)
        .batch_execute("UPDATE recovery_codes SET slot = slot + 10 WHERE user_name = 'alice'")
        .unwrap();
    let run = env.stepup(&["whoami"]).session(&alice).run();
    run.exits_saying(
        1,
        "its recovery codes are not numbered 0 to 9 (slot 10 where 0 belongs)",
    );
    pg_client(&env)
        .batch_execute(
            "UPDATE recovery_codes SET slot = slot - 10 WHERE user_name = 'alice';
             ALTER TABLE users ALTER COLUMN failures TYPE bigint",
        )
        .unwrap();
    // A column stepup cannot read: named, not only numbered.
    let run = env.stepup(&["whoami"]).session(&alice).run();
    run.exits_saying(1, "(failures)");
}

#[test]
fn a_move_whose_source_refuses_to_freeze_removes_its_copy_and_says_so() {
    use crate::migrate::{env_at, ready_to_move};
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let (mut next, root) = ready_to_move(&env);
    // The source refuses the freeze; the target (another database) refuses
    // to drop its tables at first, so the copy stays there the first time.
    pg_client(&env)
        .batch_execute(
            "CREATE FUNCTION no_freeze() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN IF NEW.key = 'moved_to' THEN RAISE EXCEPTION 'freeze refused by the test'; END IF;
               RETURN NEW; END $$;
             CREATE TRIGGER no_freeze BEFORE INSERT OR UPDATE ON stepup_meta
               FOR EACH ROW EXECUTE FUNCTION no_freeze();",
        )
        .unwrap();
    let server = pg::server();
    let db = server.create_db();
    let target = server.url(&db);
    let mut target_db = postgres::Client::connect(&server.admin_url(&db), postgres::NoTls).unwrap();
    target_db
        .batch_execute(
            "CREATE FUNCTION no_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
               BEGIN RAISE EXCEPTION 'drop refused by the test'; END $$;
             CREATE EVENT TRIGGER no_drop ON sql_drop EXECUTE FUNCTION no_drop();",
        )
        .unwrap();
    let moved = env_at(&env, &target);

    // To a file: the file is removed.
    let file = env.path().join("moved.redb");
    env.stepup(&["migrate", "--to", file.to_str().unwrap(), "--code", &next()])
        .session(&root)
        .run()
        .exits_saying(1, "was removed, and the workspace in");
    assert!(!file.exists(), "the copy is not left behind");

    let run = env
        .stepup(&["migrate", "--to", &target, "--code", &next()])
        .session(&root)
        .run();
    run.exits_saying(1, "freeze refused by the test");
    assert!(
        run.stderr.contains("could not be removed"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("nothing was changed"),
        "{}",
        run.stderr
    );
    env.stepup(&["whoami"]).session(&root).run().ok();
    moved
        .stepup(&["whoami"])
        .run()
        .exits_saying(1, "unfinished copy");

    // The copy can be removed now: the next attempt removes it with the
    // move's failure, and the source still stays live.
    target_db
        .batch_execute("DROP EVENT TRIGGER no_drop")
        .unwrap();
    let run = env
        .stepup(&["migrate", "--to", &target, "--code", &next()])
        .session(&root)
        .run();
    run.exits_saying(1, "freeze refused by the test");
    assert!(
        run.stderr.contains("was removed, and the workspace in"),
        "{}",
        run.stderr
    );
    let tables: i64 = target_db
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0, "nothing of the copy is left");
    env.stepup(&["login", "alice", "--password-stdin"])
        .stdin(format!("{ALICE_PW}\n"))
        .run()
        .ok();

    // Leave a marked copy again, then let the freeze through: the move
    // removes the leftover first and lands.
    target_db
        .batch_execute("CREATE EVENT TRIGGER no_drop ON sql_drop EXECUTE FUNCTION no_drop();")
        .unwrap();
    env.stepup(&["migrate", "--to", &target, "--code", &next()])
        .session(&root)
        .run()
        .exits_saying(1, "could not be removed");
    target_db
        .batch_execute("DROP EVENT TRIGGER no_drop")
        .unwrap();
    pg_client(&env)
        .batch_execute("DROP TRIGGER no_freeze ON stepup_meta")
        .unwrap();
    let (rc, v) = env
        .stepup(&["migrate", "--to", &target, "--code", &next()])
        .session(&root)
        .json();
    assert_eq!(rc, 0, "{v}");
    moved
        .stepup(&["login", "alice", "--password-stdin"])
        .stdin(format!("{ALICE_PW}\n"))
        .run()
        .ok();
    env.stepup(&["whoami"])
        .session(&root)
        .run()
        .exits_saying(1, "moved to");
}
