//! MFA details beyond the help page: email delivery and its limits, replay,
//! throttling across processes, concurrent use of one code, the `required`
//! policy's edges, admin repairs, and what a script sees.

use crate::support::*;
use serde_json::json;

use std::process::Stdio;

#[test]
fn email_resends_are_limited_with_retry_after() {
    let smtp = Smtp::start();
    let env = Env::with_admin_config(&smtp.config());
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let alice = alice_token(&env);
    let (rc, v) = env
        .stepup(&["method", "enable", "email"])
        .session(&alice)
        .json();
    assert_eq!(rc, 10, "{v}");
    let (rc, v) = env
        .stepup(&["method", "enable", "email"])
        .session(&alice)
        .json();
    assert_eq!(rc, 4, "{v}");
    assert_eq!(v["kind"], "locked");
    let wait = v["retry_after_seconds"].as_u64().unwrap();
    assert!((55..=60).contains(&wait), "{wait}");
    assert_eq!(smtp.messages().len(), 1);
    // The first code still works.
    let (rc, v) = env
        .stepup(&["method", "enable", "email", "--code", &smtp.last_code()])
        .session(&alice)
        .json();
    assert_eq!(rc, 0, "{v}");
}

#[test]
fn a_resend_voids_the_previous_code() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    enroll_email(&env, &smtp, Some(&alice));
    let (rc, _) = login_alice(&env, &[]);
    assert_eq!(rc, 10);
    let first = smtp.last_code();
    pause_for_resend();
    let (rc, _) = login_alice(&env, &[]);
    assert_eq!(rc, 10);
    let second = smtp.last_code();
    // Two random 6-digit codes are equal once in a million runs.
    assert_ne!(first, second);
    let (rc, v) = login_alice(&env, &["--code", &first]);
    assert_eq!(rc, 3, "the voided code: {v}");
    let (rc, v) = login_alice(&env, &["--code", &second]);
    assert_eq!(rc, 0, "{v}");
}

#[test]
fn email_codes_are_bound_to_their_action_and_single_use() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    enroll_email(&env, &smtp, Some(&alice));
    let (rc, _) = login_alice(&env, &[]);
    assert_eq!(rc, 10);
    let login_code = smtp.last_code();
    // Sent for login, presented to passwd: refused.
    let (rc, v) = env
        .stepup(&["passwd", "--password-stdin", "--code", &login_code])
        .session(&alice)
        .stdin(format!("{ALICE_PW}\nanother long passphrase\n"))
        .json();
    assert_eq!(rc, 3, "{v}");
    let (rc, _) = login_alice(&env, &["--code", &login_code]);
    assert_eq!(rc, 0);
    let (rc, v) = login_alice(&env, &["--code", &login_code]);
    assert_eq!(rc, 3, "single use: {v}");
}

#[test]
fn an_email_code_survives_only_five_wrong_tries() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    enroll_email(&env, &smtp, Some(&alice));
    login_alice(&env, &[]);
    let good = smtp.last_code();
    let wrong = if good == "000000" { "000001" } else { "000000" };
    for left in (0..5).rev() {
        let (rc, v) = login_alice(&env, &["--code", wrong]);
        assert_eq!(rc, 3, "{v}");
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{left} more tries")),
            "{v}"
        );
    }
    // Five failures: the next attempt must wait (throttling), and after
    // an unlock the right code is still void.
    let (rc, v) = login_alice(&env, &["--code", &good]);
    assert_eq!(rc, 4, "{v}");
    env.stepup(&["user", "unlock", "alice"]).run().ok();
    let (rc, v) = login_alice(&env, &["--code", &good]);
    assert_eq!(rc, 3, "{v}");
}

#[test]
fn a_refusing_smtp_server_is_exit_1_and_leaves_no_pending_state() {
    let smtp = Smtp::start_refusing();
    let env = Env::with_admin_config(&smtp.config());
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let alice = alice_token(&env);
    for _ in 0..2 {
        // Twice in a row: the failed send did not count against the limit.
        let (rc, v) = env
            .stepup(&["method", "enable", "email"])
            .session(&alice)
            .json();
        assert_eq!(rc, 1, "{v}");
        assert_eq!(v["kind"], "failure");
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .contains("a****@acme.example")
        );
        assert!(
            v["hint"].as_str().unwrap().contains("nothing was changed"),
            "{v}"
        );
    }
    // No pending enrollment was left: a --code is not taken as its
    // confirmation (exit 3) but starts a new enrollment, whose send fails.
    let (rc, v) = env
        .stepup(&["method", "enable", "email", "--code", "123456"])
        .session(&alice)
        .json();
    assert_eq!(rc, 1, "{v}");
}

#[test]
fn no_mail_transport_is_exit_1_naming_the_setting() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let alice = alice_token(&env);
    let (rc, v) = env
        .stepup(&["method", "enable", "email"])
        .session(&alice)
        .json();
    assert_eq!(rc, 1, "{v}");
    assert!(v["hint"].as_str().unwrap().contains("[email]"));
    // A connection refused is a clear failure too.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    env.set_config(&format!(
        "[email]\nurl = \"smtp://127.0.0.1:{port}\"\nfrom = \"a@acme.example\"\n"
    ));
    let (rc, v) = env
        .stepup(&["method", "enable", "email"])
        .session(&alice)
        .json();
    assert_eq!(rc, 1, "{v}");
}

#[test]
fn the_file_transport_writes_private_eml_files() {
    let spool = tempfile::tempdir().unwrap();
    let env = Env::with_admin_config(&format!(
        "[email]\ntransport = \"file\"\ndir = \"{}\"\nfrom = \"Acme <mfa@acme.example>\"\n",
        spool.path().display()
    ));
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let alice = alice_token(&env);
    env.stepup(&["method", "enable", "email"])
        .session(&alice)
        .run()
        .expect(10);
    let files: Vec<_> = std::fs::read_dir(spool.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].extension().unwrap() == "eml");
    assert_eq!(mode(&files[0]), 0o600);
    let code = code_in(&read(&files[0]));
    env.stepup(&["method", "enable", "email", "--code", &code])
        .session(&alice)
        .run()
        .ok();
}

#[test]
fn a_totp_code_used_for_login_is_refused_for_passwd() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let code = app.next_code();
    let (rc, v) = login_alice(&env, &["--code", &code]);
    assert_eq!(rc, 0, "{v}");
    let token = v["token"].as_str().unwrap().to_string();
    let (rc, v) = env
        .stepup(&["passwd", "--password-stdin", "--code", &code])
        .session(&token)
        .stdin(format!("{ALICE_PW}\nanother long passphrase\n"))
        .json();
    assert_eq!(rc, 3, "{v}");
    assert!(v["message"].as_str().unwrap().contains("already used"));
}

#[test]
fn five_wrong_codes_lock_across_processes_and_success_resets() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let wrong = |app: &Authenticator| {
        if app.current() == "999999" {
            "999998"
        } else {
            "999999"
        }
        .to_string()
    };
    for _ in 0..4 {
        let (rc, _) = login_alice(&env, &["--code", &wrong(&app)]);
        assert_eq!(rc, 3);
    }
    // A success before the fifth resets the count.
    let (rc, _) = login_alice(&env, &["--code", &app.next_code()]);
    assert_eq!(rc, 0);
    for _ in 0..5 {
        let (rc, _) = login_alice(&env, &["--code", &wrong(&app)]);
        assert_eq!(rc, 3);
    }
    let (rc, v) = login_alice(&env, &["--code", &app.next_code()]);
    assert_eq!(rc, 4, "{v}");
    let wait = v["retry_after_seconds"].as_u64().unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    // Wrong passwords count too (a fresh process each time).
    let (rc, _) = env
        .stepup(&["login", "alice", "--password-stdin"])
        .stdin("wrong!wrong!\n")
        .json();
    assert_eq!(rc, 4, "still throttled, the password is not even checked");
}

#[test]
fn a_hundred_failures_lock_until_an_admin_unlocks() {
    // The lockout threshold is configurable; 8 keeps the test fast, and the
    // free failures are raised so no delay gets in the way.
    let (env, alice) = with_alice(None);
    set_setting(&env, "throttle.free_failures", "20");
    set_setting(&env, "throttle.lockout_after", "8");
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    for _ in 0..8 {
        let (rc, _) = login_alice(&env, &["--code", "222222-222222-222222"]);
        assert_eq!(rc, 3);
    }
    let (rc, v) = login_alice(&env, &["--code", &codes[0]]);
    assert_eq!(rc, 4, "{v}");
    assert_eq!(v["retry_after_seconds"], serde_json::Value::Null);
    assert_eq!(v["needs_unlock"], true);
    assert!(v["hint"].as_str().unwrap().contains("user unlock alice"));
    let (_, v) = env.stepup(&["audit", "--user", "alice"]).json();
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "lockout")
    );
    env.stepup(&["user", "unlock", "alice"]).run().ok();
    let (rc, v) = login_alice(&env, &["--code", &codes[0]]);
    assert_eq!(rc, 0, "{v}");
}

fn spawn_login(env: &Env, code: &str) -> std::process::Child {
    env.stepup(&[
        "--json",
        "login",
        "alice",
        "--password-stdin",
        "--print-token",
        "--code",
        code,
    ])
    .stdin(format!("{ALICE_PW}\n"))
    .spawn()
}

#[test]
fn eight_processes_presenting_the_same_code_exactly_one_succeeds() {
    let (env, alice) = with_alice(None);
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    let children: Vec<_> = (0..8).map(|_| spawn_login(&env, &codes[2])).collect();
    let codes_seen: Vec<i32> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
        .collect();
    assert_eq!(
        codes_seen.iter().filter(|c| **c == 0).count(),
        1,
        "{codes_seen:?}"
    );
    // The others are refused (3), or throttled (4) once the refusals, which
    // count as failed attempts, reach five.
    assert!(
        codes_seen.iter().all(|c| [0, 3, 4].contains(c)),
        "{codes_seen:?}"
    );
    let (_, v) = env.stepup(&["recovery", "list"]).session(&alice).json();
    assert_eq!(v["remaining"], 9);
}

#[test]
fn parallel_failures_are_all_counted() {
    let (env, alice) = with_alice(None);
    set_setting(&env, "throttle.free_failures", "20");
    enroll_totp(&env, Some(&alice));
    let children: Vec<_> = (0..6)
        .map(|_| spawn_login(&env, "333333-333333-333333"))
        .collect();
    for c in children {
        assert_eq!(c.wait_with_output().unwrap().status.code(), Some(3));
    }
    let (_, v) = env.stepup(&["user", "show", "alice"]).json();
    assert_eq!(v["failed_attempts"], 6);
}

#[test]
fn the_code_can_come_from_stdin_instead_of_argv() {
    let (env, alice) = with_alice(None);
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    let (rc, v) = env
        .stepup(&["login", "alice", "--password-stdin", "--code", "-"])
        .stdin(format!("{ALICE_PW}\n{}\n", codes[0]))
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["verified_with"], "recovery");
}

#[test]
fn malformed_codes_and_unknown_methods_are_usage_errors() {
    let (env, alice) = with_alice(None);
    enroll_totp(&env, Some(&alice));
    for code in ["12345", "1234567", "abc", "", "１２３４５", "12\u{7f}456"] {
        let (rc, v) = login_alice(&env, &["--code", code]);
        assert_eq!(rc, 2, "{code:?}: {v}");
    }
    let (rc, _) = login_alice(&env, &["--method", "sms"]);
    assert_eq!(rc, 2);
    let (rc, v) = login_alice(&env, &["--method", "email"]);
    assert_eq!(rc, 2, "email is not one of alice's options: {v}");
    // None of these counted as failures.
    let (_, v) = env.stepup(&["user", "show", "alice"]).json();
    assert_eq!(v["failed_attempts"], 0);
}

#[test]
fn full_width_digits_are_accepted_as_a_code() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let code: String = app
        .next_code()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
        .collect();
    let (rc, v) = login_alice(&env, &["--code", &code]);
    assert_eq!(rc, 0, "{v}");
}

#[test]
fn required_refuses_the_last_method_and_needs_the_admin_enrolled() {
    let (env, alice) = with_alice(None);
    let run = env.stepup(&["policy", "set", "required"]).run();
    run.expect(3);
    assert!(run.stderr.contains("enable one first"), "{}", run.stderr);
    let (_root_app, root_codes) = enroll_totp(&env, None);
    env.stepup(&["policy", "set", "required", "--code", &root_codes[0]])
        .run()
        .ok();
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    let (rc, v) = env
        .stepup(&["method", "disable", "totp", "--code", &codes[0]])
        .session(&alice)
        .json();
    assert_eq!(rc, 3, "{v}");
    assert!(v["message"].as_str().unwrap().contains("last method"));
    let (_, v) = env.stepup(&["recovery", "list"]).session(&alice).json();
    assert_eq!(v["remaining"], 10, "no code was spent on a refused action");
}

#[test]
fn an_enrollment_only_session_can_whoami_and_logout_only() {
    let (env, alice) = with_alice(None);
    let (_, root_codes) = enroll_totp(&env, None);
    env.stepup(&["policy", "set", "required", "--code", &root_codes[0]])
        .run()
        .ok();
    for args in [
        vec!["method", "list"],
        vec!["recovery", "list"],
        vec!["policy", "show"],
    ] {
        let (rc, v) = env.stepup(&args).session(&alice).json();
        assert_eq!(rc, 3, "{args:?}: {v}");
        assert!(v["message"].as_str().unwrap().contains("MFA is required"));
    }
    env.stepup(&["whoami"]).session(&alice).run().ok();
    env.stepup(&["logout"]).session(&alice).run().ok();
}

#[test]
fn reset_mfa_removes_every_method_and_code() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    let (mut app, codes) = enroll_totp(&env, Some(&alice));
    enable_email_after_totp(&env, &smtp, &alice, &mut app);
    let (rc, v) = env.stepup(&["user", "reset-mfa", "alice"]).json();
    assert_eq!(rc, 0, "{v}");
    let (_, v) = env.stepup(&["user", "show", "alice"]).json();
    assert_eq!(v["enabled_methods"], json!([]));
    assert_eq!(v["recovery_remaining"], 0);
    let (rc, _) = login_alice(&env, &[]);
    assert_eq!(rc, 0, "no MFA left: no code asked");
    let (rc, _) = login_alice(&env, &["--code", &codes[0]]);
    assert_eq!(rc, 0, "a code given when none is needed is ignored");
    let (_, v) = env
        .stepup(&["audit", "--user", "alice"])
        .session(&env.token(ADMIN, ADMIN_PW))
        .json();
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "user.reset_mfa")
    );
}

#[test]
fn regenerating_recovery_codes_replaces_the_set_after_step_up() {
    let (env, alice) = with_alice(None);
    let (mut app, old) = enroll_totp(&env, Some(&alice));
    let (rc, v) = env
        .stepup(&["recovery", "regenerate", "--code", &app.next_code()])
        .session(&alice)
        .json();
    assert_eq!(rc, 0, "{v}");
    let new = recovery_codes(&v);
    assert!(new.iter().all(|c| !old.contains(c)));
    let (rc, _) = login_alice(&env, &["--code", &old[0]]);
    assert_eq!(rc, 3);
    // A warning once 3 or fewer are left.
    for (i, c) in new.iter().take(7).enumerate() {
        let run = env
            .stepup(&["login", "alice", "--password-stdin", "--code", c])
            .stdin(format!("{ALICE_PW}\n"))
            .run();
        run.ok();
        let left = 10 - (i + 1);
        assert!(
            run.stderr.contains(&format!("{left} left")),
            "{}",
            run.stderr
        );
        assert_eq!(run.stderr.contains("warning"), left <= 3, "{}", run.stderr);
    }
}

#[test]
fn the_audit_log_records_mfa_events_without_secrets() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    let (mut app, codes) = enroll_totp(&env, Some(&alice));
    login_alice(&env, &["--code", "111111"]);
    login_alice(&env, &["--code", &codes[0]]);
    env.stepup(&["method", "disable", "totp", "--code", &app.next_code()])
        .session(&alice)
        .run()
        .ok();
    let root = env.token(ADMIN, ADMIN_PW);
    env.stepup(&["user", "unlock", "alice"])
        .session(&root)
        .run()
        .ok();
    let (_, v) = env
        .stepup(&["audit", "--user", "alice"])
        .session(&root)
        .json();
    let events = v["events"].as_array().unwrap();
    let has = |action: &str, outcome: &str| {
        events
            .iter()
            .any(|e| e["action"] == action && e["outcome"] == outcome)
    };
    assert!(has("method.enable", "ok"));
    assert!(has("verify", "denied"));
    assert!(has("verify", "ok"));
    assert!(has("method.disable", "ok"));
    assert!(has("user.unlock", "ok"));
    assert!(events.iter().any(|e| {
        e["method"] == "recovery"
            && e["detail"]
                .as_str()
                .unwrap_or("")
                .contains("recovery code 1 used")
    }));
    let text = serde_json::to_string(&v).unwrap();
    for secret in codes.iter().chain([&app.base32, &ALICE_PW.to_string()]) {
        assert!(
            !text.contains(secret.as_str()),
            "{secret} leaked into the audit log"
        );
    }
    assert!(!text.contains("111111"));
}

#[test]
fn a_pending_enrollment_belongs_to_the_session_that_started_it() {
    let (env, alice) = with_alice(None);
    let (rc, v) = env
        .stepup(&["method", "enable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(rc, 10);
    let mut app = Authenticator::new(v["secret"].as_str().unwrap());
    let other = alice_token(&env);
    // The other session has no pending enrollment: --code starts a new one.
    let (rc, v) = env
        .stepup(&["method", "enable", "totp", "--code", &app.next_code()])
        .session(&other)
        .json();
    assert_eq!(rc, 10, "{v}");
    assert_ne!(v["secret"].as_str().unwrap(), app.base32);
}

#[test]
fn the_qr_code_scans_with_and_without_colour() {
    let (env, alice) = with_alice(None);
    for no_color in [false, true] {
        let mut inv = env.stepup(&["method", "enable", "totp"]).session(&alice);
        if no_color {
            inv = inv.var("NO_COLOR", "1");
        }
        let run = inv.run();
        run.expect(10);
        let uri_line = run
            .stdout
            .lines()
            .find(|l| l.trim().starts_with("otpauth://"))
            .unwrap()
            .trim();
        let grid = if no_color {
            plain_qr_grid(&run.stdout)
        } else {
            colour_qr_grid(&run.stdout)
        };
        assert_eq!(decode_qr(&grid), uri_line, "NO_COLOR={no_color}");
        assert_eq!(run.stdout.contains('\u{1b}'), !no_color);
    }
}

#[test]
fn output_into_a_closed_pipe_does_not_panic() {
    let (env, alice) = with_alice(None);
    let mut child = env
        .stepup(&["method", "enable", "totp"])
        .session(&alice)
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before stepup writes anything, like a `| head`
    // that already exited: every write gets EPIPE.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(10));
}

// --- QR decoding: render what stepup printed as a terminal would, then scan.

/// Cells of qr2term's output: a background colour (upper half) and, for '▄',
/// a foreground colour (lower half); 15 is white, 0 black.
fn colour_qr_grid(stdout: &str) -> Vec<Vec<bool>> {
    let mut rows = Vec::new();
    for line in stdout.lines().filter(|l| l.contains("\u{1b}[48;5;")) {
        let mut upper = Vec::new();
        let mut lower = Vec::new();
        let (mut fg, mut bg) = (15u8, 15u8);
        let mut rest = line;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("\u{1b}[") {
                let end = after.find('m').unwrap();
                let params: Vec<&str> = after[..end].split(';').collect();
                match params.as_slice() {
                    ["38", "5", n] => fg = n.parse().unwrap(),
                    ["48", "5", n] => bg = n.parse().unwrap(),
                    _ => {}
                }
                rest = &after[end + 1..];
                continue;
            }
            let c = rest.chars().next().unwrap();
            rest = &rest[c.len_utf8()..];
            let light = |colour: u8| colour == 15;
            match c {
                ' ' => {
                    upper.push(light(bg));
                    lower.push(light(bg));
                }
                '▄' => {
                    upper.push(light(bg));
                    lower.push(light(fg));
                }
                other => panic!("unexpected character {other:?}"),
            }
        }
        rows.push(upper);
        rows.push(lower);
    }
    rows
}

/// Block characters where ink is light (drawn for a dark background).
fn plain_qr_grid(stdout: &str) -> Vec<Vec<bool>> {
    let mut rows = Vec::new();
    for line in stdout.lines().filter(|l| l.starts_with('█')) {
        let (mut upper, mut lower) = (Vec::new(), Vec::new());
        for c in line.chars() {
            let (u, l) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected character {other:?}"),
            };
            upper.push(u);
            lower.push(l);
        }
        rows.push(upper);
        rows.push(lower);
    }
    rows
}

#[test]
fn an_admin_cannot_reset_their_own_mfa_without_a_code() {
    let env = Env::with_admin();
    let (_app, _codes) = enroll_totp(&env, None);
    let (rc, v) = env.stepup(&["user", "reset-mfa", ADMIN]).json();
    assert_eq!(rc, 3, "{v}");
    assert!(v["hint"].as_str().unwrap().contains("method disable"));
    let (_, v) = env.stepup(&["whoami"]).json();
    assert_eq!(v["enabled_methods"], json!(["totp"]));
}

#[test]
fn parallel_password_guesses_cannot_slip_under_the_throttle() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let children: Vec<_> = (0..10)
        .map(|i| {
            env.stepup(&["login", "alice", "--password-stdin"])
                .stdin(format!("guess number {i}\n"))
                .spawn()
        })
        .collect();
    let mut codes: Vec<i32> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [3, 3, 3, 3, 3, 4, 4, 4, 4, 4],
        "five guesses checked, five throttled"
    );
    let (_, v) = env.stepup(&["user", "show", "alice"]).json();
    assert_eq!(v["failed_attempts"], 5);
}

#[test]
fn unknown_users_are_throttled_like_real_ones() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    for name in ["alice", "nobody"] {
        let mut seen = Vec::new();
        for _ in 0..6 {
            let (rc, v) = env
                .stepup(&["login", name, "--password-stdin"])
                .stdin("wrong guess here\n")
                .json();
            seen.push((rc, v["message"].as_str().unwrap().to_string()));
        }
        assert_eq!(
            seen[..5].iter().map(|s| s.0).collect::<Vec<_>>(),
            [3, 3, 3, 3, 3],
            "{name}"
        );
        assert_eq!(seen[5].0, 4, "{name}: {:?}", seen[5]);
        assert!(seen[5].1.contains("wait"), "{name}");
    }
}

#[test]
fn a_right_password_does_not_count_as_a_failure() {
    let (env, alice) = with_alice(None);
    enroll_totp(&env, Some(&alice));
    for _ in 0..6 {
        // Password right, code missing: exit 10 each time, never throttled.
        let (rc, v) = login_alice(&env, &[]);
        assert_eq!(rc, 10, "{v}");
    }
    let (_, v) = env.stepup(&["user", "show", "alice"]).json();
    assert_eq!(v["failed_attempts"], 0);
}

#[test]
fn enabling_a_method_voids_other_pending_enrollments() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    // A (stolen) session starts an authenticator enrollment...
    let thief = alice_token(&env);
    let (rc, v) = env
        .stepup(&["method", "enable", "totp"])
        .session(&thief)
        .json();
    assert_eq!(rc, 10);
    let mut thief_app = Authenticator::new(v["secret"].as_str().unwrap());
    // ...then alice enables email in her own session...
    enroll_email(&env, &smtp, Some(&alice));
    // ...and the pending enrollment is gone: the thief's code is now taken
    // as a step-up code (an email one, which was never sent) and refused.
    let (rc, v) = env
        .stepup(&["method", "enable", "totp", "--code", &thief_app.next_code()])
        .session(&thief)
        .json();
    assert_eq!(rc, 3, "{v}");
    let (rc, v) = env
        .stepup(&["method", "enable", "totp"])
        .session(&thief)
        .json();
    assert_eq!(rc, 10, "{v}");
    assert_eq!(v["purpose"], "step_up", "step-up is asked first now: {v}");
    let (_, v) = env.stepup(&["whoami"]).session(&alice).json();
    assert_eq!(v["enabled_methods"], json!(["email"]));
}

#[test]
fn a_resend_keeps_the_failure_count_of_the_code() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    enroll_email(&env, &smtp, Some(&alice));
    login_alice(&env, &[]);
    let wrong = |good: &str| {
        if good == "000000" {
            "000001".to_string()
        } else {
            "000000".to_string()
        }
    };
    for _ in 0..2 {
        let (rc, _) = login_alice(&env, &["--code", &wrong(&smtp.last_code())]);
        assert_eq!(rc, 3);
    }
    pause_for_resend();
    login_alice(&env, &[]); // resend
    let (rc, v) = login_alice(&env, &["--code", &wrong(&smtp.last_code())]);
    assert_eq!(rc, 3);
    assert!(
        v["message"].as_str().unwrap().contains("2 more tries"),
        "{v}"
    );
}

#[test]
fn the_sendmail_transport_pipes_the_message_to_the_program() {
    let spool = tempfile::tempdir().unwrap();
    let program = spool.path().join("fake-sendmail");
    // A sendmail-compatible program: the message on stdin, options on argv.
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$*\" > '{0}/argv'\ncat > '{0}/message.eml'\n",
            spool.path().display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    let env = Env::with_admin_config(&format!(
        "[email]\ntransport = \"sendmail\"\nsendmail_command = \"{}\"\nfrom = \"Acme <mfa@acme.example>\"\n",
        program.display()
    ));
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let alice = alice_token(&env);
    env.stepup(&["method", "enable", "email"])
        .session(&alice)
        .run()
        .expect(10);
    let message = read(&spool.path().join("message.eml"));
    assert!(message.contains("To: alice@acme.example"));
    assert!(read(&spool.path().join("argv")).contains("alice@acme.example"));
    let code = code_in(&message);
    env.stepup(&["method", "enable", "email", "--code", &code])
        .session(&alice)
        .run()
        .ok();
}

#[test]
fn after_a_served_delay_the_right_password_and_code_get_in() {
    let (env, alice) = with_alice(None);
    // Long enough that a loaded machine still sees the delay on, short
    // enough to wait out.
    set_setting(&env, "throttle.base_delay_seconds", "4");
    set_setting(&env, "throttle.max_delay_seconds", "4");
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    for _ in 0..5 {
        assert_eq!(
            env.stepup(&["login", "alice", "--password-stdin"])
                .stdin("wrong wrong wrong\n")
                .json()
                .0,
            3
        );
    }
    assert_eq!(login_alice(&env, &[]).0, 4, "the delay is on");
    std::thread::sleep(std::time::Duration::from_millis(4300));
    // The right password must not start a new delay: the code step follows.
    let (rc, v) = login_alice(&env, &[]);
    assert_eq!(rc, 10, "{v}");
    let (rc, v) = login_alice(&env, &["--code", &app.next_code()]);
    assert_eq!(rc, 0, "{v}");
    let (_, v) = env
        .stepup(&["user", "show", "alice"])
        .session(&env.token(ADMIN, ADMIN_PW))
        .json();
    assert_eq!(v["failed_attempts"], 0, "a success resets the count");
}

#[test]
fn no_step_up_code_is_spent_on_an_email_that_cannot_go_out() {
    let smtp = Smtp::start();
    let env = Env::with_admin_config(&smtp.config());
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let alice = alice_token(&env);
    // An email enrollment started (a code sent now), then an authenticator.
    env.stepup(&["method", "enable", "email"])
        .session(&alice)
        .run()
        .expect(10);
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    // Enabling email again within the resend limit needs step-up first:
    // refused before the recovery code is used.
    let (rc, v) = env
        .stepup(&["method", "enable", "email", "--code", &codes[0]])
        .session(&alice)
        .json();
    assert_eq!(rc, 4, "{v}");
    assert!(v["retry_after_seconds"].as_u64().is_some());
    let (_, v) = env.stepup(&["recovery", "list"]).session(&alice).json();
    assert_eq!(v["remaining"], 10, "the recovery code was not spent");
}

/// The `[email]` table for an SMTP URL with `ca_file`.
fn tls_config(url: &str, ca: &std::path::Path) -> String {
    format!(
        "[email]\ntransport = \"smtp\"\nurl = \"{url}\"\nfrom = \"Acme <mfa@acme.example>\"\nca_file = \"{}\"\n",
        ca.display()
    )
}

#[test]
fn email_goes_over_starttls_to_a_server_of_the_configured_authority_and_no_other() {
    let good = TestCa::new();
    let other = TestCa::new();
    let smtp = Smtp::start_starttls(&good);
    let url = format!("smtp://localhost:{}?tls=required", smtp.port);
    let env = Env::with_admin_config(&tls_config(&url, &other.ca));
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let alice = alice_token(&env);
    // A certificate from another authority: refused, nothing sent, no
    // code pending.
    let (rc, v) = env
        .stepup(&["method", "enable", "email"])
        .session(&alice)
        .json();
    assert_eq!(rc, 1, "{v}");
    let msg = v["message"].as_str().unwrap();
    assert!(
        msg.contains("certificate") || msg.contains("UnknownIssuer"),
        "{v}"
    );
    assert!(
        v["hint"].as_str().unwrap().contains("nothing was changed"),
        "{v}"
    );
    assert!(smtp.messages().is_empty());
    let stored = stored_user(&env, "alice");
    assert!(stored.mfa.challenge.is_none(), "no code was spent or kept");
    // The right authority: the code goes through STARTTLS and works.
    env.set_config(&tls_config(&url, &good.ca));
    enroll_email(&env, &smtp, Some(&alice));
    // A URL without TLS cannot take a ca_file.
    env.set_config(&tls_config(
        &format!("smtp://localhost:{}", smtp.port),
        &good.ca,
    ));
    let (rc, v) = env.stepup(&["whoami"]).session(&alice).json();
    assert_eq!(rc, 1, "{v}");
    assert!(v["message"].as_str().unwrap().contains("ca_file"), "{v}");
}

#[test]
fn email_goes_over_smtps_with_the_configured_authority() {
    let good = TestCa::new();
    let spool = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // aiosmtpd (PyPI, installed by .ci/run) with TLS from the first byte.
    let script = r#"
import os, ssl, sys, time
from aiosmtpd.controller import Controller
class Keep:
    async def handle_DATA(self, server, session, envelope):
        path = os.path.join(sys.argv[4], "%d.eml" % time.time_ns())
        with open(path, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        return "250 OK"
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(sys.argv[2], sys.argv[3])
c = Controller(Keep(), hostname="127.0.0.1", port=int(sys.argv[1]), ssl_context=ctx)
c.start()
print("ready", flush=True)
time.sleep(120)
"#;
    let mut server = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(port.to_string())
        .arg(&good.cert)
        .arg(&good.key)
        .arg(spool.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd (pip install aiosmtpd; .ci/run does)");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.as_mut().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(
        line.trim(),
        "ready",
        "aiosmtpd did not start (pip install aiosmtpd)"
    );
    let env = Env::with_admin_config(&tls_config(&format!("smtps://localhost:{port}"), &good.ca));
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let alice = alice_token(&env);
    let (rc, v) = env
        .stepup(&["method", "enable", "email"])
        .session(&alice)
        .json();
    assert_eq!(rc, 10, "{v}");
    let mail = loop {
        let files: Vec<_> = std::fs::read_dir(spool.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        if let Some(f) = files.first() {
            break std::fs::read_to_string(f).unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let (rc, v) = env
        .stepup(&["method", "enable", "email", "--code", &code_in(&mail)])
        .session(&alice)
        .json();
    assert_eq!(rc, 0, "{v}");
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn a_right_password_gives_its_counted_failure_back_exactly_once() {
    // The failure counted before the hash is checked goes back in the
    // transaction that makes the session, or on its own when the command
    // stops for a code: never twice, never not at all.
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let failures =
        |env: &Env| env.stepup(&["user", "show", "alice"]).json().1["failed_attempts"].clone();
    for _ in 0..3 {
        let (rc, v) = login_alice(&env, &[]);
        assert_eq!(rc, 10, "{v}");
    }
    assert_eq!(failures(&env), 0);
    // A wrong code after the right password: exactly one failure.
    let (rc, v) = login_alice(&env, &["--code", "000000"]);
    assert_eq!(rc, 3, "{v}");
    assert_eq!(failures(&env), 1);
    // A wrong password: one more; the right one with its code: back to 0.
    let (rc, _) = env
        .stepup(&["login", "alice", "--password-stdin"])
        .stdin("not her password at all\n")
        .json();
    assert_eq!(rc, 3);
    assert_eq!(failures(&env), 2);
    let code = app.next_code();
    let (rc, v) = login_alice(&env, &["--code", &code]);
    assert_eq!(rc, 0, "{v}");
    env.token(ADMIN, ADMIN_PW);
    assert_eq!(failures(&env), 0);
}
