//! A workspace made by the first release (schema 1, `tests/fixtures/schema1`,
//! made by its `make.sh`) is upgraded in place by the first command that
//! writes, and every login, code and recovery slot in it behaves the same.

use crate::support::*;
use serde_json::Value;

fn fixture() -> (Env, Value, std::path::PathBuf) {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema1");
    let secrets: Value = serde_json::from_str(&read(&here.join("secrets.json"))).unwrap();
    let mail = tempfile::tempdir().unwrap().keep();
    let env = Env::empty_with(&format!(
        "[email]\ntransport = \"file\"\ndir = \"{}\"\nfrom = \"Fixture <mfa@fixture.example>\"\n",
        mail.display()
    ));
    std::fs::copy(here.join("stepup.redb"), &env.db).unwrap();
    (env, secrets, mail)
}

fn list(secrets: &Value, key: &str) -> Vec<String> {
    secrets[key]
        .as_str()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect()
}

fn login(env: &Env, name: &str, pw: &str, extra: &[&str]) -> Run {
    let mut args = vec!["--json", "login", name, "--password-stdin", "--print-token"];
    args.extend_from_slice(extra);
    env.stepup(&args).stdin(format!("{pw}\n")).run()
}

#[test]
fn a_first_release_workspace_is_upgraded_once_and_behaves_the_same() {
    let (env, secrets, mail) = fixture();
    let root_pw = secrets["passwords"]["root"].as_str().unwrap();
    let root_codes = list(&secrets, "root_recovery_codes");
    let mut app = Authenticator::new(secrets["root_totp_secret"].as_str().unwrap());

    // A wrong password first: counted (a write), which upgrades the file.
    let run = login(&env, "root", "not the password", &[]);
    assert_eq!(run.code, 3, "{}", run.stdout);
    assert!(
        run.stderr.contains("upgraded the database") && run.stderr.contains("schema 1"),
        "{}",
        run.stderr
    );
    // Said once.
    let run = login(&env, "root", root_pw, &[]);
    assert_eq!(run.code, 10, "root still has TOTP: {}", run.stdout);
    assert!(!run.stderr.contains("upgraded"), "{}", run.stderr);
    let v = run.json();
    assert_eq!(v["options"], serde_json::json!(["totp", "recovery"]));
    // The used recovery slot stays used; the others work once.
    let used = secrets["root_recovery_used_slot"].as_u64().unwrap() as usize;
    assert_eq!(
        login(&env, "root", root_pw, &["--code", &root_codes[used - 1]]).code,
        3
    );
    let run = login(&env, "root", root_pw, &["--code", &root_codes[used]]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["recovery_remaining"], 8);
    assert_eq!(
        login(&env, "root", root_pw, &["--code", &root_codes[used]]).code,
        3
    );
    // The authenticator still works (its replay mark was kept).
    let run = login(&env, "root", root_pw, &["--code", &app.next_code()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let root = run.json()["token"].as_str().unwrap().to_string();

    // The policy, the users and their state came through; the settings come
    // from the config at the upgrade (its cheap argon2).
    // The first release's audit log was chained by the first write.
    let (rc, v) = env.stepup(&["audit", "verify"]).session(&root).json();
    assert_eq!(rc, 0, "{v}");
    let (_, all) = env
        .stepup(&["audit", "--limit", "100000"])
        .session(&root)
        .json();
    assert_eq!(v["events"], all["count"], "{v}");
    let (_, v) = env.stepup(&["policy", "show"]).session(&root).json();
    assert_eq!(v["policy"], secrets["policy"]);
    let (_, v) = env.stepup(&["user", "show", "bob"]).session(&root).json();
    assert_eq!(v["failed_attempts"], secrets["bob_failed_attempts"]);
    let (_, v) = env.stepup(&["settings", "show"]).session(&root).json();
    assert_eq!(v["settings"]["argon2.memory_kib"], 64);
    assert_eq!(v["settings"]["throttle.free_failures"], 5);
    let (_, v) = env.stepup(&["action", "list"]).session(&root).json();
    assert_eq!(v["actions"].as_array().unwrap().len(), 6);

    // alice's email method: a code is mailed and works once.
    let alice_pw = secrets["passwords"]["alice"].as_str().unwrap();
    let run = login(&env, "alice", alice_pw, &[]);
    assert_eq!(run.code, 10, "{}", run.stdout);
    assert_eq!(run.json()["method"], "email");
    let newest = std::fs::read_dir(&mail)
        .unwrap()
        .map(|e| e.unwrap().path())
        .max_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .unwrap();
    let code = code_in(&read(&newest));
    assert_eq!(login(&env, "alice", alice_pw, &["--code", &code]).code, 0);
    assert_eq!(login(&env, "alice", alice_pw, &["--code", &code]).code, 3);
    let alice_codes = list(&secrets, "alice_recovery_codes");
    let run = login(&env, "alice", alice_pw, &["--code", &alice_codes[9]]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["recovery_remaining"], 9);
    // bob has no method: required makes his session enrollment-only.
    let run = login(
        &env,
        "bob",
        secrets["passwords"]["bob"].as_str().unwrap(),
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["enrollment_only"], true);
}
