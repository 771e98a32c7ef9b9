//! The workspace, users, sessions and the audit log, through the real binary.

use crate::support::*;

#[test]
fn init_refuses_weak_passwords_with_the_reason() {
    let env = Env::empty();
    for (pw, reason) in [
        ("short", "at least 8"),
        ("password1", "commonly used"),
        ("Root-Admin", "same as the user name"),
        ("", "empty"),
    ] {
        let run = env
            .stepup(&["init", "--admin", "root-admin", "--password-stdin"])
            .stdin(format!("{pw}\n"))
            .run();
        run.expect(2);
        assert!(run.stderr.contains(reason), "{pw:?}: {}", run.stderr);
        assert!(!env.db.exists(), "nothing is created on failure");
    }
    let long = "x".repeat(129);
    env.stepup(&["init", "--admin", "root", "--password-stdin"])
        .stdin(format!("{long}\n"))
        .run()
        .expect(2);
}

#[test]
fn without_a_terminal_a_missing_password_fails_at_once_naming_the_flag() {
    let env = Env::empty();
    let start = std::time::Instant::now();
    let run = env.stepup(&["init", "--admin", "root"]).run();
    run.expect(2);
    assert!(run.stderr.contains("--password-stdin"), "{}", run.stderr);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "it must not hang"
    );
    let env = Env::with_admin();
    let run = env.stepup(&["login", ADMIN]).run();
    run.expect(2);
    assert!(run.stderr.contains("--password-stdin"));
    let run = env.stepup(&["user", "add", "bob"]).run();
    run.expect(2);
    assert!(run.stderr.contains("--password-stdin"));
}

#[test]
fn login_stores_a_private_session_and_whoami_reports_it() {
    let env = Env::with_admin();
    let files = env.session_files();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(mode(&files[0]), 0o600);
    assert_eq!(mode(files[0].parent().unwrap()), 0o700);
    let (code, v) = env.stepup(&["whoami"]).json();
    assert_eq!(code, 0);
    assert_eq!(v["user"], ADMIN);
    assert_eq!(v["role"], "admin");
    assert_eq!(v["policy"], "enabled");
    assert_eq!(v["enabled_methods"], serde_json::json!([]));
    assert_eq!(v["recovery_remaining"], 0);
    assert_eq!(v["enrollment_only"], false);
    assert!(v["expires_at"].as_str().unwrap().ends_with('Z'));
    // The file holds a token, not a password.
    let token = read(&files[0]);
    assert!(token.starts_with("stepup_"));
    assert!(!token.contains(ADMIN_PW));
}

#[test]
fn wrong_password_and_unknown_user_look_the_same() {
    let env = Env::with_admin();
    let wrong = env
        .stepup(&["login", ADMIN, "--password-stdin"])
        .stdin("not the password\n")
        .run();
    let unknown = env
        .stepup(&["login", "nobody", "--password-stdin"])
        .stdin("not the password\n")
        .run();
    let malformed = env
        .stepup(&["login", "no:body", "--password-stdin"])
        .stdin("not the password\n")
        .run();
    wrong.expect(3);
    unknown.expect(3);
    malformed.expect(3);
    assert_eq!(wrong.stderr, unknown.stderr);
    assert_eq!(wrong.stderr, malformed.stderr);
    let (_, a) = env
        .stepup(&["login", ADMIN, "--password-stdin"])
        .stdin("nope nope nope\n")
        .json();
    let (_, b) = env
        .stepup(&["login", "ghost", "--password-stdin"])
        .stdin("nope nope nope\n")
        .json();
    assert_eq!(a, b);
    assert_eq!(a["kind"], "denied");
}

#[test]
fn print_token_and_stepup_session_override_the_stored_session() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let token = env.token("alice", ALICE_PW);
    assert!(token.starts_with("stepup_") && token.len() == 39, "{token}");
    // The file now holds alice's session; the admin's was replaced.
    let (_, v) = env.stepup(&["whoami"]).json();
    assert_eq!(v["user"], "alice");
    let root = env.token(ADMIN, ADMIN_PW);
    let (_, v) = env.stepup(&["whoami"]).session(&root).json();
    assert_eq!(v["user"], ADMIN);
    let run = env.stepup(&["whoami"]).session("stepup_garbage").run();
    run.expect(3);
    assert!(run.stderr.contains("malformed"));
}

#[test]
fn logout_revokes_the_session_and_removes_the_file() {
    let env = Env::with_admin();
    let token = read(&env.session_files()[0]).trim().to_string();
    env.stepup(&["logout"]).run().ok();
    assert!(env.session_files().is_empty());
    // Logging out when not logged in has nothing to deny.
    let (rc, v) = env.stepup(&["logout"]).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["logged_out"], false);
    let run = env.stepup(&["whoami"]).run();
    run.expect(3);
    assert!(run.stderr.contains("not logged in"));
    // The token itself no longer works either.
    let run = env.stepup(&["whoami"]).session(&token).run();
    run.expect(3);
    assert!(run.stderr.contains("session has ended"));
}

#[test]
fn members_get_exit_3_on_admin_commands() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let alice = env.token("alice", ALICE_PW);
    for args in [
        vec!["policy", "show"],
        vec!["policy", "set", "disabled"],
        vec!["policy", "deny", "email"],
        vec!["user", "list"],
        vec!["user", "add", "mallory", "--password-stdin"],
        vec!["user", "remove", "root"],
        vec!["user", "unlock", "root"],
        vec!["user", "reset-mfa", "root"],
        vec!["audit"],
    ] {
        let (code, v) = env
            .stepup(&args)
            .session(&alice)
            .stdin("mallory's pass 1\n")
            .json();
        assert_eq!(code, 3, "{args:?}: {v}");
        assert_eq!(v["kind"], "denied");
    }
}

#[test]
fn users_are_added_listed_shown_and_removed() {
    let env = Env::with_admin();
    env.add_user("Alice", ALICE_PW, Some("alice@acme.example"));
    let (code, v) = env.stepup(&["user", "show", "alice"]).json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["user"], "alice");
    assert_eq!(v["email"], "alice@acme.example");
    assert_eq!(v["role"], "member");
    let run = env
        .stepup(&["user", "add", "ALICE", "--password-stdin"])
        .stdin(format!("{ALICE_PW}\n"))
        .run();
    run.expect(3);
    assert!(run.stderr.contains("already exists"));
    env.add_user("bob", "bob's long passphrase", None);
    let (_, v) = env.stepup(&["user", "list"]).json();
    let names: Vec<&str> = v["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["user"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alice", "bob", "root"]);
    assert_eq!(v["count"], 3);
    let alice = env.token("alice", ALICE_PW);
    env.token(ADMIN, ADMIN_PW);
    let (rc, v) = env.stepup(&["user", "remove", "alice"]).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["sessions_ended"], 1, "her session is counted: {v}");
    env.stepup(&["whoami"]).session(&alice).run().expect(3);
    env.stepup(&["user", "show", "alice"]).run().expect(2);
    env.stepup(&["user", "remove", "alice"]).run().expect(2);
}

#[test]
fn bad_user_names_and_emails_are_usage_errors() {
    let env = Env::with_admin();
    for name in ["a:b", "a/b", "", "-x", &"n".repeat(65), "bad\u{1b}[31mname"] {
        let run = env
            .stepup(&["user", "add", name, "--password-stdin"])
            .stdin("whatever long pass 1\n")
            .run();
        run.expect(2);
        assert!(
            !run.stderr.contains('\u{1b}'),
            "raw control characters echoed"
        );
    }
    for email in ["nobody", "a@", "<a@b.c>", "a b@c.d"] {
        env.stepup(&["user", "add", "carol", "--email", email, "--password-stdin"])
            .stdin("whatever long pass 1\n")
            .run()
            .expect(2);
    }
}

#[test]
fn the_last_admin_cannot_be_removed() {
    let env = Env::with_admin();
    let run = env.stepup(&["user", "remove", ADMIN]).run();
    run.expect(3);
    assert!(run.stderr.contains("last admin"));
    env.stepup(&["user", "add", "second", "--admin", "--password-stdin"])
        .stdin("second admin pass 9\n")
        .run()
        .ok();
    env.stepup(&["user", "remove", ADMIN]).run().ok();
    // The session of the removed admin is gone with it.
    env.stepup(&["whoami"]).run().expect(3);
}

#[test]
fn policy_show_set_allow_and_deny() {
    let env = Env::with_admin();
    let (_, v) = env.stepup(&["policy", "show"]).json();
    assert_eq!(v["policy"], "enabled");
    assert_eq!(v["allowed_methods"], serde_json::json!(["totp", "email"]));
    let (code, v) = env.stepup(&["policy", "set", "disabled"]).json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["policy"], "disabled");
    let (_, v) = env.stepup(&["policy", "deny", "email"]).json();
    assert_eq!(v["allowed_methods"], serde_json::json!(["totp"]));
    let (_, v) = env.stepup(&["policy", "allow", "email", "totp"]).json();
    assert_eq!(v["allowed_methods"], serde_json::json!(["totp", "email"]));
    env.stepup(&["policy", "set", "sometimes"]).run().expect(2);
    env.stepup(&["policy", "allow", "sms"]).run().expect(2);
    env.stepup(&["policy", "allow"]).run().expect(2);
}

#[test]
fn required_is_refused_while_no_method_is_allowed_unless_forced() {
    let env = Env::with_admin();
    env.stepup(&["policy", "deny", "totp", "email"]).run().ok();
    let run = env.stepup(&["policy", "set", "required"]).run();
    run.expect(3);
    assert!(
        run.stderr.contains("no verification method is allowed"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"));
}

#[test]
fn the_audit_log_records_who_did_what_and_filters() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    env.stepup(&["login", "alice", "--password-stdin"])
        .stdin("wrong password!\n")
        .run()
        .expect(3);
    env.token("alice", ALICE_PW);
    let root = env.token(ADMIN, ADMIN_PW);
    env.stepup(&["policy", "set", "disabled"])
        .session(&root)
        .run()
        .ok();
    let (code, v) = env.stepup(&["audit"]).session(&root).json();
    assert_eq!(code, 0, "{v}");
    let events = v["events"].as_array().unwrap();
    let actions: Vec<(&str, &str)> = events
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    for want in [
        ("init", "ok"),
        ("user.add", "ok"),
        ("login", "denied"),
        ("login", "ok"),
        ("policy.set", "ok"),
    ] {
        assert!(actions.contains(&want), "{want:?} missing from {actions:?}");
    }
    for e in events {
        assert!(e["time"].as_str().unwrap().ends_with('Z'));
        for key in ["time", "actor", "user", "action", "method", "outcome"] {
            assert!(e.get(key).is_some(), "{key} missing in {e}");
        }
    }
    let text = serde_json::to_string(&v).unwrap();
    assert!(
        !text.contains(ALICE_PW) && !text.contains("wrong password!") && !text.contains(ADMIN_PW)
    );
    let (_, v) = env
        .stepup(&["audit", "--user", "alice"])
        .session(&root)
        .json();
    let alices = v["events"].as_array().unwrap().clone();
    assert!(
        alices
            .iter()
            .all(|e| e["user"] == "alice" || e["actor"] == "alice")
    );
    // The same events (and order) as the whole log filtered here: the
    // index by name misses none.
    let (_, all) = env
        .stepup(&["audit", "--limit", "100000"])
        .session(&root)
        .json();
    let filtered: Vec<serde_json::Value> = all["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["user"] == "alice" || e["actor"] == "alice")
        .cloned()
        .collect();
    assert!(filtered.len() >= 2, "{all}");
    assert_eq!(alices, filtered);
    let (_, v) = env.stepup(&["audit", "--limit", "2"]).session(&root).json();
    let last_two = v["events"].as_array().unwrap();
    assert_eq!(last_two.len(), 2);
    assert_eq!(last_two[1]["action"], "policy.set", "newest last");
    env.stepup(&["audit", "--limit", "0"])
        .session(&root)
        .run()
        .expect(2);
}

#[test]
fn unlock_clears_the_failure_count() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    for _ in 0..5 {
        env.stepup(&["login", "alice", "--password-stdin"])
            .stdin("bad bad bad\n")
            .run()
            .expect(3);
    }
    let (code, v) = env
        .stepup(&["login", "alice", "--password-stdin"])
        .stdin(format!("{ALICE_PW}\n"))
        .json();
    assert_eq!(code, 4, "locked after 5 failures: {v}");
    assert!(v["retry_after_seconds"].as_u64().unwrap() > 0);
    let (_, v) = env.stepup(&["user", "show", "alice"]).json();
    assert_eq!(v["failed_attempts"], 5);
    env.stepup(&["user", "unlock", "alice"]).run().ok();
    env.token("alice", ALICE_PW);
}

#[test]
fn passwords_are_stored_as_argon2id_and_upgraded_when_the_cost_rises() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let stored = || stored_user(&env, "alice").password_hash;
    let before = stored();
    assert!(
        before.starts_with("$argon2id$v=19$m=64,t=1,p=1$"),
        "{before}"
    );
    assert!(!before.contains(ALICE_PW));
    env.set_config("[argon2]\nmemory_kib = 128\niterations = 2\nparallelism = 1\n");
    env.token("alice", ALICE_PW);
    let after = stored();
    assert!(
        after.starts_with("$argon2id$v=19$m=128,t=2,p=1$"),
        "{after}"
    );
    // And the upgraded hash still logs in.
    env.token("alice", ALICE_PW);
}

#[test]
fn passwords_are_nfkc_normalised() {
    let env = Env::with_admin();
    // Full-width letters and a ligature: the same password once normalised.
    env.add_user("alice", "ｆｕｌｌ-width \u{FB01}ne pass", None);
    env.token("alice", "full-width fine pass");
}

#[test]
fn completions_are_printed_for_every_shell() {
    let env = Env::empty();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = env.stepup(&["completions", shell]).run();
        run.ok();
        assert!(run.stdout.contains("stepup"), "{shell}");
        assert!(run.stdout.contains("reset-mfa"), "{shell}");
    }
    env.stepup(&["completions", "tcsh"]).run().expect(2);
}

#[test]
fn totp_code_prints_what_an_authenticator_app_shows() {
    let env = Env::empty();
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let key = base32_decode(secret);
    let before = totp_at(&key, unix_now());
    let run = env
        .stepup(&["totp-code", "--secret-stdin"])
        .stdin(format!("{}\n", secret.to_lowercase()))
        .run();
    let after = totp_at(&key, unix_now());
    run.ok();
    let code = run.stdout.trim();
    assert!(
        code == before || code == after,
        "{code} vs {before}/{after}"
    );
    let (c, v) = env
        .stepup(&["totp-code", "--secret-stdin"])
        .stdin(secret)
        .json();
    assert_eq!(c, 0);
    assert!(v["valid_for_seconds"].as_u64().unwrap() <= 30);
    env.stepup(&["totp-code"]).run().expect(2);
    env.stepup(&["totp-code", "--secret-stdin"])
        .stdin("not base32!\n")
        .run()
        .expect(2);
    env.stepup(&["totp-code", "--secret-stdin"])
        .stdin("")
        .run()
        .expect(2);
    // It touches no database: none was created.
    assert!(!env.db.exists());
}

#[test]
fn the_independent_totp_implementation_passes_rfc6238_appendix_b() {
    let key = b"12345678901234567890";
    for (t, want) in [
        (59u64, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ] {
        assert_eq!(hotp(key, t / 30, 8), want, "at {t}");
    }
}

#[test]
fn the_independent_totp_agrees_with_oathtool() {
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    let Ok(out) = std::process::Command::new("oathtool")
        .args(["--totp", "-b", "-N", "@1234567890", secret])
        .output()
    else {
        // Never a silent skip: the test suite needs oathtool to compare with.
        panic!(
            "oathtool is missing: install it (Debian: apt-get install oathtool) or run `bash .ci/run`, which does"
        );
    };
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        totp_at(&base32_decode(secret), 1_234_567_890)
    );
}

#[test]
fn usage_errors_are_exit_2_with_a_json_error_object() {
    let env = Env::empty();
    let (code, v) = env.stepup(&["frobnicate"]).json();
    assert_eq!(code, 2);
    assert_eq!(v["status"], "error");
    assert_eq!(v["kind"], "usage");
    let run = env.stepup(&["--bogus-flag"]).run();
    run.expect(2);
    let run = env.stepup(&["--help"]).run();
    run.ok();
    assert!(run.stdout.contains("Examples:"));
    let run = env.stepup(&["--version"]).run();
    run.ok();
    assert!(run.stdout.starts_with("stepup "));
}

#[test]
fn a_missing_database_is_exit_1_with_a_hint() {
    let env = Env::empty();
    let (code, v) = env.stepup(&["whoami"]).json();
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["kind"], "failure");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("no stepup database")
    );
    assert!(v["hint"].as_str().unwrap().contains("stepup init"));
}

#[test]
fn sessions_end_after_30_idle_minutes_and_after_12_hours() {
    let env = Env::with_admin();
    age_sessions(&env, 31 * 60, 31 * 60);
    let (code, v) = env.stepup(&["whoami"]).json();
    assert_eq!(code, 3, "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("unused for too long"),
        "{v}"
    );
    env.token(ADMIN, ADMIN_PW);
    // Used a minute ago, but logged in 12 hours ago.
    age_sessions(&env, 12 * 3600, 60);
    let (code, v) = env.stepup(&["whoami"]).json();
    assert_eq!(code, 3, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("maximum lifetime"),
        "{v}"
    );
    env.token(ADMIN, ADMIN_PW);
    // Used 20 minutes ago: still fine, and the use is recorded.
    age_sessions(&env, 3600, 20 * 60);
    let (code, v) = env.stepup(&["whoami"]).json();
    assert_eq!(code, 0, "{v}");
    // Lifetimes come from the configuration.
    env.set_config("[session]\nidle_minutes = 10\n");
    age_sessions(&env, 11 * 60, 11 * 60);
    let (code, _) = env.stepup(&["whoami"]).json();
    assert_eq!(code, 3);
}

/// How many sessions the workspace holds, from `stats`.
fn sessions_stored(env: &Env, token: &str) -> u64 {
    let (rc, v) = env.stepup(&["stats"]).session(token).json();
    assert_eq!(rc, 0, "{v}");
    v["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "sessions")
        .and_then(|t| t["entries"].as_u64())
        .unwrap()
}

#[test]
fn logins_sweep_expired_sessions_a_bounded_number_at_a_time() {
    let env = Env::with_admin();
    let mut old = String::new();
    for _ in 0..18 {
        old = env.token(ADMIN, ADMIN_PW);
    }
    // All 19 expire; the next login sweeps.
    age_sessions(&env, 31 * 60, 31 * 60);
    let first = env.token(ADMIN, ADMIN_PW);
    let after_one = sessions_stored(&env, &first);
    let second = env.token(ADMIN, ADMIN_PW);
    let after_two = sessions_stored(&env, &second);
    // 16 sessions per login at most: the file looks at the next 16, going
    // on where the last login stopped; PostgreSQL removes the 16 oldest
    // expired ones, found through its indexes. Either way 3 expired ones
    // wait for the next login.
    assert_eq!((after_one, after_two), (4, 2), "{BACKEND:?}");
    // An expired session is refused, swept or not; the new ones work.
    assert_eq!(env.stepup(&["whoami"]).session(&old).json().0, 3);
    assert_eq!(env.stepup(&["whoami"]).session(&first).json().0, 0);
}

#[test]
fn passwd_ends_the_users_other_sessions_but_not_its_own() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let phone = env.token("alice", ALICE_PW);
    let laptop = env.token("alice", ALICE_PW);
    let root = env.token(ADMIN, ADMIN_PW);
    let (code, v) = env
        .stepup(&["passwd", "--password-stdin"])
        .session(&laptop)
        .stdin(format!("{ALICE_PW}\nalice's fresh passphrase\n"))
        .json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["sessions_ended"], 1);
    env.stepup(&["whoami"]).session(&laptop).run().ok();
    env.stepup(&["whoami"]).session(&phone).run().expect(3);
    // Other users' sessions are untouched.
    env.stepup(&["whoami"]).session(&root).run().ok();
}

#[test]
fn without_db_the_database_lives_under_xdg_data_home() {
    let env = Env::empty();
    let run = env
        .stepup(&["init", "--admin", "root", "--password-stdin"])
        .unset("STEPUP_DB")
        .stdin(format!("{ADMIN_PW}\n"))
        .run();
    run.ok();
    let db = env.path().join("data").join("stepup").join("stepup.redb");
    assert!(db.is_file(), "{}", run.stdout);
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(db.parent().unwrap()), 0o700);
    assert!(!env.db.exists(), "STEPUP_DB was not used");
}

#[test]
fn stepup_alone_prints_the_usage_with_its_subcommands() {
    let env = Env::empty();
    let run = env.stepup(&[]).run();
    assert_eq!(run.code, 2, "{}", run.stdout);
    for sub in ["init", "login", "policy", "settings", "action"] {
        assert!(run.stderr.contains(sub), "{sub} missing:\n{}", run.stderr);
    }
}
