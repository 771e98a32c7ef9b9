//! Hostile input: every bad input ends with a clear message and the exit
//! code SPEC.md gives, without a panic, without echoing raw control
//! characters, and without leaking a secret anywhere.

use crate::support::*;
use std::os::unix::process::CommandExt;

/// No raw control characters (other than newlines) in what stepup printed.
#[track_caller]
fn assert_clean(run: &Run) {
    for (what, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{what} carries a raw control character: {text:?}"
        );
    }
}

#[test]
fn hostile_passwords_are_refused_with_the_right_exit_code() {
    let env = Env::with_admin();
    let cases: Vec<(Vec<u8>, i32)> = vec![
        (b"\n".to_vec(), 2),                           // empty
        (b"          \n".to_vec(), 2),                 // whitespace only
        (vec![b'p'; 1 << 20], 2),                      // 1 MiB
        (b"\xff\xfe\xfd\xfc bad utf-8\n".to_vec(), 2), // invalid UTF-8
        (b"short\n".to_vec(), 2),
    ];
    for (input, code) in &cases {
        let run = env
            .stepup(&["user", "add", "victim", "--password-stdin"])
            .stdin(input)
            .run();
        run.expect(*code);
        assert_clean(&run);
        assert!(
            run.stderr.len() < 2000,
            "input echoed? {}",
            run.stderr.len()
        );
    }
    // NUL and other odd characters are fine inside a long password.
    let odd = "nul\u{0}inside and\ttab \u{202e}rtl";
    env.add_user("odd", odd, None);
    env.token("odd", odd);
    // And the same inputs at login are refused without revealing anything.
    for (input, code) in &cases[..4] {
        let run = env
            .stepup(&["login", "odd", "--password-stdin"])
            .stdin(input)
            .run();
        run.expect(*code);
        assert_clean(&run);
    }
}

#[test]
fn hostile_codes_are_usage_errors_that_count_nothing() {
    let (env, alice) = with_alice(None);
    enroll_totp(&env, Some(&alice));
    let huge = "7".repeat(1 << 20);
    let inputs: Vec<Vec<u8>> = vec![
        b"\n".to_vec(),
        b"      \n".to_vec(),
        format!("{huge}\n").into_bytes(),
        b"12\x0034\x0056\n".to_vec(),
        b"\xff\xfe\n".to_vec(),
        "\u{1b}[2J\u{1b}]0;pwned\u{7}\n".as_bytes().to_vec(),
    ];
    for code in inputs {
        let mut stdin = format!("{ALICE_PW}\n").into_bytes();
        stdin.extend_from_slice(&code);
        let run = env
            .stepup(&["login", "alice", "--password-stdin", "--code", "-"])
            .stdin(stdin)
            .run();
        run.expect(2);
        assert_clean(&run);
    }
    let (_, v) = env.stepup(&["user", "show", "alice"]).json();
    assert_eq!(v["failed_attempts"], 0, "malformed input is not a guess");
}

#[test]
fn hostile_user_names_are_refused_and_never_echoed_raw() {
    let env = Env::with_admin();
    let long = "n".repeat(10 * 1024);
    for name in [
        "a\u{1b}[31mred",
        "tab\there",
        "a:b",
        "../../etc/passwd",
        "a/b",
        &long,
        "\u{7f}",
        "ä",
    ] {
        for args in [
            vec!["user", "add", name, "--password-stdin"],
            vec!["user", "show", name],
            vec!["user", "remove", name],
            vec!["audit", "--user", name],
        ] {
            let run = env.stepup(&args).stdin("a long passphrase 1\n").run();
            run.expect(2);
            assert_clean(&run);
            assert!(
                run.stderr.len() < 1000,
                "{} bytes of stderr",
                run.stderr.len()
            );
        }
        // At login a bad name is just a wrong login.
        let run = env
            .stepup(&["login", name, "--password-stdin"])
            .stdin("whatever it is\n")
            .run();
        run.expect(3);
        assert_clean(&run);
    }
}

#[test]
fn hostile_arguments_are_usage_errors() {
    let env = Env::with_admin();
    for args in [
        vec!["method", "enable", "sms"],
        vec!["method", "disable", "\u{1b}[2J"],
        vec!["completions", "cmd.exe"],
        vec!["policy", "set", "maybe"],
        vec!["login"],
        vec!["audit", "--limit", "-1"],
        vec!["audit", "--limit", "99999999999999999999"],
        vec!["login", "root", "--method", "pigeon"],
    ] {
        let (code, v) = env.stepup(&args).json();
        assert_eq!(code, 2, "{args:?}: {v}");
        assert_eq!(v["kind"], "usage");
        let run = env.stepup(&args).run();
        assert_clean(&run);
    }
    // Invalid UTF-8 in an argument.
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(b"\xff\xfe");
    let out = env
        .stepup(&["user", "show"])
        .command()
        .arg(bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn hostile_configs_are_exit_1_naming_the_problem() {
    let env = Env::with_admin();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("unknown key", b"colour = true\n".to_vec()),
        ("broken", b"[argon2\nmemory_kib = \n".to_vec()),
        ("binary", vec![0, 159, 146, 150, 255]),
        ("huge", vec![b'#'; 2 << 20]),
        ("bad value", b"[session]\nlifetime_minutes = -5\n".to_vec()),
        (
            "wrong type",
            b"[email]\nfrom = [1, 2]\nurl = \"smtp://x\"\n".to_vec(),
        ),
    ];
    for (what, bytes) in cases {
        std::fs::write(&env.config, bytes).unwrap();
        let run = env.stepup(&["whoami"]).run();
        run.expect(1);
        assert_clean(&run);
        assert!(run.stderr.contains("config"), "{what}: {}", run.stderr);
    }
    // An empty file is a valid configuration.
    std::fs::write(&env.config, b"").unwrap();
    env.stepup(&["whoami"]).run().ok();
    // A folder where the file should be.
    let run = env
        .stepup(&["whoami"])
        .var("STEPUP_CONFIG", env.path().to_str().unwrap())
        .run();
    run.expect(1);
}

/// Runs stepup as an unprivileged user when the tests run as root (root
/// ignores file modes), so read-only files are really read-only.
fn as_other_user(env: &Env, args: &[&str], token: &str) -> Run {
    let mut cmd = env.stepup(args).session(token).command();
    // SAFETY-free: only std's uid/gid setters are used.
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .unwrap()
        .stdout
        == b"0\n";
    if root {
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_read_only_database_still_reads_and_refuses_writes_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::with_admin();
    let token = env.token(ADMIN, ADMIN_PW);
    let chmod = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
    };
    // The folder and file readable by all, writable by nobody else.
    chmod(env.path(), 0o755);
    chmod(&env.db, 0o644);
    chmod(&env.config, 0o644);
    let run = as_other_user(&env, &["policy", "show"], &token);
    run.ok();
    assert!(run.stdout.contains("policy:"));
    let run = as_other_user(&env, &["policy", "set", "disabled"], &token);
    run.expect(1);
    assert_clean(&run);
    assert!(
        run.stderr.contains("Permission denied") || run.stderr.contains("Read-only"),
        "{}",
        run.stderr
    );
    // An unreadable database is a clean failure too.
    chmod(&env.db, 0o600);
    let run = as_other_user(&env, &["policy", "show"], &token);
    run.expect(1);
    assert!(run.stderr.contains("Permission denied"), "{}", run.stderr);
    chmod(env.path(), 0o700);
    // Nothing changed.
    let (_, v) = env.stepup(&["policy", "show"]).session(&token).json();
    assert_eq!(v["policy"], "enabled");
}

#[test]
fn secret_files_are_0600_and_stay_so_after_rewrites() {
    let (env, alice) = with_alice(None);
    enroll_totp(&env, Some(&alice));
    for _ in 0..3 {
        env.token(ADMIN, ADMIN_PW);
    }
    for f in env.session_files() {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
    assert_eq!(mode(&env.db), 0o600);
    assert_eq!(mode(&env.path().join("state").join("stepup")), 0o700);
    // A session file left with looser bits (say by a restore) is replaced by
    // a fresh 0600 one at the next login.
    use std::os::unix::fs::PermissionsExt;
    let f = &env.session_files()[0];
    std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).unwrap();
    env.token(ADMIN, ADMIN_PW);
    assert_eq!(mode(f), 0o600);
}

#[test]
fn no_secret_reaches_stderr_json_errors_or_the_audit_log() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    let (mut app, codes) = enroll_totp(&env, Some(&alice));
    let mut outputs = String::new();
    let mut record = |run: Run| {
        outputs.push_str(&run.stderr);
        outputs.push_str(&run.stdout);
    };
    // Failing paths with secrets in the input.
    record(
        env.stepup(&["login", "alice", "--password-stdin"])
            .stdin("my secret guess 1\n")
            .run(),
    );
    record(
        env.stepup(&[
            "--json",
            "login",
            "alice",
            "--password-stdin",
            "--code",
            "-",
        ])
        .stdin(format!("{ALICE_PW}\n{}\n", codes[0].replace('a', "b")))
        .run(),
    );
    record(
        env.stepup(&[
            "--json",
            "login",
            "alice",
            "--password-stdin",
            "--code",
            "-",
        ])
        .stdin(format!("{ALICE_PW}\n{}\n", codes[1]))
        .run(),
    );
    record(
        env.stepup(&[
            "--json",
            "login",
            "alice",
            "--password-stdin",
            "--code",
            "-",
        ])
        .stdin(format!("{ALICE_PW}\n{}\n", codes[1]))
        .run(),
    );
    record(
        env.stepup(&["passwd", "--password-stdin"])
            .session(&alice)
            .stdin(format!("{ALICE_PW}\npassword\n"))
            .run(),
    );
    record(
        env.stepup(&[
            "--json",
            "passwd",
            "--password-stdin",
            "--code",
            &app.next_code(),
        ])
        .session(&alice)
        .stdin(format!("{ALICE_PW}\nthe next alice secret\n"))
        .run(),
    );
    let root = env.token(ADMIN, ADMIN_PW);
    record(
        env.stepup(&["--json", "audit", "--limit", "1000"])
            .session(&root)
            .run(),
    );
    for secret in [
        ALICE_PW,
        "my secret guess 1",
        "the next alice secret",
        &app.base32,
        &codes[1],
        &codes[0],
    ] {
        // The code in a "code_required" or error object is never echoed;
        // the TOTP secret appears only in enrollment output (not run here).
        assert!(!outputs.contains(secret), "{secret} leaked:\n{outputs}");
    }
}
