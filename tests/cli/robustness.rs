//! Bad configuration, damaged databases and many processes at once.

use crate::support::*;
use redb::ReadableTable;
use std::io::{Seek, SeekFrom, Write};

#[test]
fn an_unknown_config_key_is_exit_1_naming_the_key() {
    let env = Env::with_admin();
    for (text, key) in [
        ("isuer = \"x\"\n", "isuer"),
        ("[argon2]\nmemory = 10\n", "memory"),
        ("[session]\nidle_minutes = 0\n", "idle_minutes"),
        (
            "[email]\ntransport = \"pigeon\"\nfrom = \"a@b.c\"\n",
            "transport",
        ),
        ("not toml at all", "config"),
    ] {
        std::fs::write(&env.config, text).unwrap();
        let (code, v) = env.stepup(&["whoami"]).json();
        assert_eq!(code, 1, "{text:?}: {v}");
        let msg = v["message"].as_str().unwrap();
        assert!(msg.contains(key), "{text:?}: {msg}");
    }
}

#[test]
fn a_missing_or_unreadable_config_is_exit_1() {
    let env = Env::with_admin();
    let run = env
        .stepup(&["whoami"])
        .var("STEPUP_CONFIG", "/nonexistent/stepup.toml")
        .run();
    run.expect(1);
    assert!(run.stderr.contains("/nonexistent/stepup.toml"));
    std::fs::write(&env.config, [0xff, 0xfe, 0x00]).unwrap();
    env.stepup(&["whoami"]).run().expect(1);
}

#[test]
fn no_config_at_all_works_for_everything_but_email() {
    let env = Env::empty();
    let out = env
        .stepup(&["init", "--admin", "root", "--password-stdin"])
        .unset("STEPUP_CONFIG")
        .stdin(format!("{ADMIN_PW}\n"))
        .spawn()
        .wait_with_output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_default_config_location_is_read_when_it_exists() {
    let env = Env::with_admin();
    let dir = env.path().join("xdg-config").join("stepup");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "bogus_key = 1\n").unwrap();
    let mut cmd = env.stepup(&["whoami"]).command();
    cmd.env_remove("STEPUP_CONFIG");
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bogus_key"));
}

fn damaged_copy(env: &Env, f: impl FnOnce(&mut std::fs::File, u64)) {
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&env.db)
        .unwrap();
    let len = file.metadata().unwrap().len();
    f(&mut file, len);
}

fn expect_clean_failure(env: &Env) {
    for args in [vec!["whoami"], vec!["policy", "show"]] {
        let (code, v) = env.stepup(&args).json();
        assert_eq!(code, 1, "{args:?}: {v}");
        assert_eq!(v["kind"], "failure");
    }
}

#[test]
fn a_truncated_database_is_exit_1_without_a_panic() {
    let env = Env::with_admin();
    damaged_copy(&env, |f, len| f.set_len(len / 2).unwrap());
    expect_clean_failure(&env);
    damaged_copy(&env, |f, _| f.set_len(100).unwrap());
    expect_clean_failure(&env);
}

#[test]
fn a_file_of_random_bytes_is_exit_1_without_a_panic() {
    let env = Env::with_admin();
    let noise: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&env.db, noise).unwrap();
    expect_clean_failure(&env);
    std::fs::write(&env.db, b"").unwrap();
    expect_clean_failure(&env);
}

#[test]
fn a_database_from_a_newer_schema_is_refused_clearly() {
    let env = Env::with_admin();
    {
        let db = raw_db(&env);
        let tx = db.begin_write().unwrap();
        {
            let mut t = tx
                .open_table(redb::TableDefinition::<&str, &[u8]>::new("meta"))
                .unwrap();
            t.insert("schema_version", 99u32.to_le_bytes().as_slice())
                .unwrap();
        }
        tx.commit().unwrap();
    }
    let (code, v) = env.stepup(&["whoami"]).json();
    assert_eq!(code, 1);
    let msg = v["message"].as_str().unwrap();
    assert!(
        msg.contains("schema version 99") && msg.contains("newer stepup"),
        "{msg}"
    );
    assert!(v["hint"].as_str().unwrap().contains("upgrade"));
}

/// Flips one byte inside a stored record, through redb.
fn flip_record(env: &Env, table: &str, key: &str) {
    let db = raw_db(env);
    let tx = db.begin_write().unwrap();
    {
        let mut t = tx
            .open_table(redb::TableDefinition::<&str, &[u8]>::new(table))
            .unwrap();
        let mut value = t.get(key).unwrap().unwrap().value().to_vec();
        let i = value.len() - 3;
        value[i] ^= 0x01;
        t.insert(key, value.as_slice()).unwrap();
    }
    tx.commit().unwrap();
}

#[test]
fn a_damaged_policy_record_fails_closed() {
    let env = Env::with_admin();
    flip_record(&env, "meta", "workspace");
    let (code, v) = env
        .stepup(&["login", ADMIN, "--password-stdin"])
        .stdin(format!("{ADMIN_PW}\n"))
        .json();
    assert_eq!(code, 1, "a damaged policy must never mean 'no MFA': {v}");
    assert!(v["message"].as_str().unwrap().contains("damaged"));
}

#[test]
fn a_damaged_user_record_fails_closed() {
    let env = Env::with_admin();
    flip_record(&env, "users", ADMIN);
    let (code, v) = env
        .stepup(&["login", ADMIN, "--password-stdin"])
        .stdin(format!("{ADMIN_PW}\n"))
        .json();
    assert_eq!(code, 1, "{v}");
    assert!(v["message"].as_str().unwrap().contains("damaged"));
}

#[test]
fn random_byte_flips_never_panic() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let pristine = std::fs::read(&env.db).unwrap();
    let len = pristine.len() as u64;
    let mut seed: u64 = 0x5eed;
    for round in 0..12 {
        std::fs::write(&env.db, &pristine).unwrap();
        damaged_copy(&env, |f, _| {
            for _ in 0..8 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                f.seek(SeekFrom::Start((seed >> 20) % len)).unwrap();
                f.write_all(&[(seed >> 8) as u8]).unwrap();
            }
        });
        // Random damage may hit free pages (no effect), a record (exit 1:
        // its checksum fails, see the fail-closed tests above) or redb's own
        // structures (exit 1): any outcome but a panic or a hang.
        let run = env.stepup(&["policy", "show"]).run();
        assert!([0, 1, 3].contains(&run.code), "round {round}: {run:?}");
    }
}

#[test]
fn twenty_processes_adding_users_at_once_all_succeed() {
    let env = Env::with_admin();
    let token = env.token(ADMIN, ADMIN_PW);
    let children: Vec<_> = (0..20)
        .map(|i| {
            env.stepup(&["user", "add", &format!("user{i:02}"), "--password-stdin"])
                .session(&token)
                .stdin(format!("passphrase number {i}\n"))
                .spawn()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (_, v) = env.stepup(&["user", "list"]).session(&token).json();
    assert_eq!(v["count"], 21);
    let (_, v) = env
        .stepup(&["audit", "--limit", "1000"])
        .session(&token)
        .json();
    let adds = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "user.add")
        .count();
    assert_eq!(adds, 20, "no update lost");
}

#[test]
fn a_busy_database_makes_writers_wait_then_exit_4_while_readers_go_on() {
    let env = Env::with_admin_config("[database]\nbusy_timeout_ms = 300\n");
    // Hold a write transaction open in this process, as a slow writer would.
    let db = raw_db(&env);
    let tx = db.begin_write().unwrap();
    let start = std::time::Instant::now();
    let (code, v) = env.stepup(&["policy", "set", "disabled"]).json();
    assert_eq!(code, 4, "{v}");
    assert_eq!(v["kind"], "locked");
    assert!(v["retry_after_seconds"].as_u64().is_some());
    assert!(start.elapsed() >= std::time::Duration::from_millis(250));
    // Reading needs no lock: it sees the last committed state.
    let (code, v) = env.stepup(&["policy", "show"]).json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["policy"], "enabled");
    drop(tx);
    drop(db);
    env.stepup(&["policy", "set", "disabled"]).run().ok();
}

#[test]
fn invalid_utf8_and_huge_input_on_stdin_are_usage_errors() {
    let env = Env::with_admin();
    env.stepup(&["user", "add", "bob", "--password-stdin"])
        .stdin([0xff, 0xfe, 0x0a])
        .run()
        .expect(2);
    let huge = "x".repeat(1 << 20);
    let run = env
        .stepup(&["login", ADMIN, "--password-stdin"])
        .stdin(&huge)
        .run();
    run.expect(2);
    assert!(run.stderr.len() < 1000, "the input is not echoed");
    env.stepup(&["login", ADMIN, "--password-stdin"])
        .stdin("\n")
        .run()
        .expect(2);
    env.stepup(&["login", ADMIN, "--password-stdin"])
        .stdin("")
        .run()
        .expect(2);
}
