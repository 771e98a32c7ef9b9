//! `user import` and `user export`.

use crate::support::*;
use serde_json::json;

/// A PHC hash made by another system (argon2id, cheap parameters).
const FOREIGN_HASH: &str = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$DzqsZNL09ueLu6Hv8eO3xcmUUNOdv6PeYjrW/pfr0gU";

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn import_jsonl_with_passwords_and_phc_hashes() {
    let env = Env::with_admin();
    // The hash is of "imported passphrase 1" (made with the same parameters).
    let hash = {
        let out = env
            .stepup(&["user", "add", "probe", "--password-stdin"])
            .stdin("imported passphrase 1\n")
            .run();
        out.ok();
        let (_, v) = env
            .stepup(&["user", "export", "--include-password-hashes"])
            .json();
        let rec: Vec<serde_json::Value> = v["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| serde_json::from_str(l.as_str().unwrap()).unwrap())
            .collect();
        rec.iter().find(|r| r["name"] == "probe").unwrap()["password_hash"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let file = write(
        &env,
        "users.jsonl",
        &format!(
            "{{\"name\":\"alice\",\"email\":\"alice@acme.example\",\"password\":\"{ALICE_PW}\"}}\n\
             \n\
             {{\"name\":\"Bob\",\"role\":\"admin\",\"password_hash\":\"{hash}\"}}\n\
             {{\"name\":\"carol\",\"password_hash\":\"{FOREIGN_HASH}\"}}\n"
        ),
    );
    let (code, v) = env.stepup(&["user", "import", &file]).json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["imported"], 3);
    assert_eq!(v["hashed"], 1);
    assert_eq!(v["from_hashes"], 2);
    assert_eq!(v["skipped"], json!([]));
    env.token("alice", ALICE_PW);
    let bob = env.token("bob", "imported passphrase 1");
    let (_, v) = env.stepup(&["whoami"]).session(&bob).json();
    assert_eq!(v["role"], "admin");
    let (_, v) = env.stepup(&["audit"]).session(&bob).json();
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "user.import")
    );
}

#[test]
fn one_bad_line_refuses_the_whole_import_by_default() {
    let env = Env::with_admin();
    let file = write(
        &env,
        "users.csv",
        &format!(
            "name,email,role,password\n\
             alice,alice@acme.example,member,{ALICE_PW}\n\
             bad:name,,member,{ALICE_PW}\n\
             dave,,boss,{ALICE_PW}\n\
             erin,,,password\n\
             alice,,,another long one\n\
             root,,,yet another long one\n\
             frank,,,\n"
        ),
    );
    let run = env.stepup(&["user", "import", &file]).run();
    run.expect(2);
    for want in [
        "line 3:",
        "line 4: role 'boss'",
        "line 5: password refused",
        "line 6: alice appears earlier",
        "line 7: a user named root",
        "line 8: no password",
        "nothing was imported",
    ] {
        assert!(run.stderr.contains(want), "{want} missing:\n{}", run.stderr);
    }
    let (_, v) = env.stepup(&["user", "list"]).json();
    assert_eq!(v["count"], 1, "nothing half-imported");
    let (code, v) = env
        .stepup(&["user", "import", &file, "--skip-invalid"])
        .json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["imported"], 1);
    let lines: Vec<u64> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8]);
    env.token("alice", ALICE_PW);
}

#[test]
fn import_reads_stdin_and_file_level_errors_are_usage_errors() {
    let env = Env::with_admin();
    let (code, v) = env
        .stepup(&["user", "import", "--format", "csv", "-"])
        .stdin(format!("name,password_hash\ncarol,\"{FOREIGN_HASH}\"\n"))
        .json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["imported"], 1);
    for (text, want) in [
        (
            &*format!("name,password_hash\ndave,{FOREIGN_HASH}\n"),
            "double quotes",
        ),
        ("name,colour\nx,y\n", "colour"),
        ("name\n\"never closed\n", "not closed"),
    ] {
        let (code, v) = env
            .stepup(&["user", "import", "--format", "csv", "-"])
            .stdin(text)
            .json();
        assert_eq!(code, 2, "{v}");
        assert!(v["message"].as_str().unwrap().contains(want), "{v}");
    }
    let (code, _) = env
        .stepup(&["user", "import", "/nonexistent/users.jsonl"])
        .json();
    assert_eq!(code, 2);
    let (code, _) = env
        .stepup(&["user", "import", "-"])
        .stdin([0xffu8, 0xfe])
        .json();
    assert_eq!(code, 2);
    let (code, v) = env
        .stepup(&["user", "import", "-"])
        .stdin("{\"name\":\"x\",\"password_hash\":\"$2b$12$bcrypt.is.not.argon2\"}\n")
        .json();
    assert_eq!(code, 2, "{v}");
}

#[test]
fn export_writes_the_import_format_without_secrets_unless_asked() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let run = env.stepup(&["user", "export"]).run();
    run.ok();
    assert!(!run.stdout.contains("argon2"), "no hashes without the flag");
    assert!(run.stdout.contains("\"name\":\"alice\""));
    let csv = env.stepup(&["user", "export", "--format", "csv"]).run();
    assert!(csv.stdout.starts_with("name,email,role,password_hash\n"));
    let path = env.path().join("backup.jsonl");
    env.stepup(&[
        "user",
        "export",
        "--include-password-hashes",
        path.to_str().unwrap(),
    ])
    .run()
    .ok();
    assert_eq!(mode(&path), 0o600);
    assert!(read(&path).contains("$argon2id$"));
    env.stepup(&["user", "export", path.to_str().unwrap()])
        .run()
        .expect(3);
    // The export imports into another workspace, logins and all.
    let other = Env::with_admin();
    let (code, v) = other
        .stepup(&["user", "import", path.to_str().unwrap(), "--skip-invalid"])
        .json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["imported"], 1, "root exists there already: {v}");
    other.token("alice", ALICE_PW);
}

#[test]
fn passwords_hashed_in_parallel_each_log_their_own_user_in() {
    let env = Env::with_admin();
    let lines: String = (0..12)
        .map(|i| format!("{{\"name\":\"p{i:02}\",\"password\":\"parallel passphrase {i}\"}}\n"))
        .collect();
    let (code, v) = env.stepup(&["user", "import", "-"]).stdin(lines).json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["hashed"], 12);
    for i in 0..12 {
        env.token(&format!("p{i:02}"), &format!("parallel passphrase {i}"));
        // And not with a neighbour's password.
        let (rc, _) = env
            .stepup(&["login", &format!("p{i:02}"), "--password-stdin"])
            .stdin(format!("parallel passphrase {}\n", (i + 1) % 12))
            .json();
        assert_eq!(rc, 3);
    }
}

#[test]
fn a_malformed_csv_line_is_skipped_on_its_own() {
    let env = Env::with_admin();
    let text = format!("\u{feff}name,password\nal\"ice,{ALICE_PW}\nbob,\"{ALICE_PW}\"\n");
    let (code, v) = env
        .stepup(&["user", "import", "--format", "csv", "-", "--skip-invalid"])
        .stdin(&text)
        .json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["imported"], 1);
    assert_eq!(v["skipped"][0]["line"], 2);
    let (code, _) = env
        .stepup(&["user", "import", "--format", "csv", "-"])
        .stdin(&text)
        .json();
    assert_eq!(code, 2, "atomic by default");
}

#[test]
fn imported_hashes_with_absurd_parameters_are_refused() {
    let env = Env::with_admin();
    let huge = FOREIGN_HASH.replace("m=64,t=1,p=1", "m=4000000,t=1,p=1");
    let no_hash = FOREIGN_HASH.rsplit_once('$').unwrap().0.to_string();
    for (hash, want) in [
        (huge, "more than stepup verifies"),
        (no_hash, "no salt or no hash"),
    ] {
        let (code, v) = env
            .stepup(&["user", "import", "-"])
            .stdin(format!("{{\"name\":\"x\",\"password_hash\":\"{hash}\"}}\n"))
            .json();
        assert_eq!(code, 2, "{v}");
        assert!(v["message"].as_str().unwrap().contains(want), "{v}");
    }
}

#[test]
fn a_refused_export_writes_nothing_and_logs_nothing() {
    let env = Env::with_admin();
    let path = env.path().join("taken.jsonl");
    std::fs::write(&path, "precious\n").unwrap();
    let (code, _) = env
        .stepup(&[
            "user",
            "export",
            "--include-password-hashes",
            path.to_str().unwrap(),
        ])
        .json();
    assert_eq!(code, 3);
    assert_eq!(read(&path), "precious\n");
    let (_, v) = env.stepup(&["audit"]).json();
    assert!(
        !v["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "user.export")
    );
}
