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
