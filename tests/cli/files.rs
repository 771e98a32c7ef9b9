//! What only the file backend has: the database file itself (its mode,
//! refusing to overwrite one, its tables and compaction).

use crate::support::*;

#[test]
fn init_creates_a_private_database_with_the_defaults() {
    let env = Env::empty();
    let (code, v) = env
        .stepup(&["init", "--admin", "Root", "--password-stdin"])
        .stdin(format!("{ADMIN_PW}\n"))
        .json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["status"], "ok");
    assert_eq!(
        v["admin"], "root",
        "names are case-insensitive, stored lower-case"
    );
    assert_eq!(v["policy"], "enabled");
    assert_eq!(v["allowed_methods"], serde_json::json!(["totp", "email"]));
    assert_eq!(mode(&env.db), 0o600);
    // Nothing else is left in the folder (the temporary build file is gone).
    let names: Vec<String> = std::fs::read_dir(env.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn init_refuses_an_existing_database() {
    let env = Env::with_admin();
    let before = std::fs::read(&env.db).unwrap();
    let run = env
        .stepup(&["init", "--admin", "other", "--password-stdin"])
        .stdin(format!("{ADMIN_PW}\n"))
        .run();
    run.expect(3);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(
        run.stderr.contains("hint:"),
        "two-part message: {}",
        run.stderr
    );
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn stats_and_compact_report_and_reclaim_space() {
    let env = Env::with_admin();
    for i in 0..30 {
        env.add_user(&format!("u{i}"), "a long passphrase 1", None);
    }
    for i in 0..30 {
        env.stepup(&["user", "remove", &format!("u{i}")]).run().ok();
    }
    let (code, v) = env.stepup(&["stats"]).json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["users"], 1);
    let tables: Vec<&str> = v["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["table"].as_str().unwrap())
        .collect();
    for t in ["meta", "users", "sessions", "audit"] {
        assert!(tables.contains(&t), "{t} missing from {tables:?}");
    }
    let before = std::fs::metadata(&env.db).unwrap().len();
    let (code, v) = env.stepup(&["compact"]).json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["bytes_before"].as_u64().unwrap(), before);
    assert!(
        v["bytes_after"].as_u64().unwrap() < before,
        "{v}: free pages were given back"
    );
    assert_eq!(mode(&env.db), 0o600, "still private after the rewrite");
    // Everything still works.
    env.token(ADMIN, ADMIN_PW);
    let (_, v) = env.stepup(&["audit", "--limit", "1"]).json();
    assert_eq!(v["events"][0]["action"], "login");
}

#[test]
fn the_database_is_db_then_stepup_db_then_the_configs_path() {
    let env = Env::empty();
    let from_config = env.path().join("from-config.redb");
    let from_flag = env.path().join("from-flag.redb");
    env.set_config(&format!(
        "[database]\npath = \"{}\"\n",
        from_config.display()
    ));
    let init = |extra: &[&str], unset: bool| {
        let mut args = vec!["init", "--admin", ADMIN, "--password-stdin"];
        args.extend_from_slice(extra);
        let mut inv = env.stepup(&args).stdin(format!("{ADMIN_PW}\n"));
        if unset {
            inv = inv.unset("STEPUP_DB");
        }
        inv.run().ok();
    };
    // Neither --db nor STEPUP_DB: the config's path.
    init(&[], true);
    assert!(from_config.exists());
    assert!(!env.db.exists());
    // STEPUP_DB over the config.
    init(&[], false);
    assert!(env.db.exists());
    // --db over STEPUP_DB.
    init(&["--db", from_flag.to_str().unwrap()], false);
    assert!(from_flag.exists());
    // Both keys at once is a configuration error naming them.
    env.set_config(&format!(
        "[database]\npath = \"{}\"\nurl = \"postgres://u@127.0.0.1/x\"\n",
        from_config.display()
    ));
    let (rc, v) = env.stepup(&["whoami"]).json();
    assert_eq!(rc, 1, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("database.path"),
        "{v}"
    );
}
