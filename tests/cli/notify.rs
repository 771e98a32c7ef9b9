//! Notifications by mail, through the real SMTP server the tests run: what
//! each change sends, to whom, once; `[notify] enabled = false`; a server
//! that refuses (the change stays, the failure is audited); and a lock
//! that notifies without making the real name answer differently.

use crate::support::*;

fn audit_actions(env: &Env) -> Vec<(String, String)> {
    // As the admin (a login by alice made hers the stored session).
    env.token(ADMIN, ADMIN_PW);
    let v = env
        .stepup(&["audit", "--json", "--limit", "1000"])
        .run()
        .json();
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Waits until the audit log has `action` with `outcome` (the sender runs
/// after the reply).
fn wait_for_event(env: &Env, action: &str, outcome: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let all = audit_actions(env);
        if all.iter().any(|(a, o)| a == action && o == outcome) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {action} {outcome} in {all:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn each_change_to_an_account_is_mailed_to_its_owner() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    // A method enabled.
    let (mut app, codes) = enroll_totp(&env, Some(&alice));
    let n = smtp.wait_for_notice("An authenticator app was added");
    assert!(n.contains("To: alice@acme.example"), "{n}");
    assert!(
        n.contains("Subject: Acme: a sign-in method was added"),
        "{n}"
    );
    assert!(n.contains("If this was not you"), "{n}");
    // A recovery code used, with how many remain.
    let (rc, v) = login_alice(&env, &["--method", "recovery", "--code", &codes[0]]);
    assert_eq!(rc, 0, "{v}");
    let n = smtp.wait_for_notice("A recovery code");
    assert!(n.contains("9 unused codes are left"), "{n}");
    let token = v["token"].as_str().unwrap().to_string();
    // Recovery codes regenerated.
    let code = app.next_code();
    let (rc, v) = env
        .stepup(&["recovery", "regenerate", "--code", &code])
        .session(&token)
        .json();
    assert_eq!(rc, 0, "{v}");
    smtp.wait_for_notice("New recovery codes");
    // The password changed.
    let code = app.next_code();
    let (rc, v) = env
        .stepup(&["passwd", "--password-stdin", "--code", &code])
        .session(&token)
        .stdin(format!("{ALICE_PW}\nnew pelican harbor 31\n"))
        .json();
    assert_eq!(rc, 0, "{v}");
    smtp.wait_for_notice("The password of your Acme account (alice) was changed");
    // A method disabled.
    let code = app.next_code();
    let (rc, v) = env
        .stepup(&["method", "disable", "totp", "--code", &code])
        .session(&token)
        .json();
    assert_eq!(rc, 0, "{v}");
    smtp.wait_for_notice("An authenticator app was removed");
    // Every sent notice is audited; no code mail was sent for any of them.
    wait_for_event(&env, "notify.method_disabled", "ok");
    let actions = audit_actions(&env);
    for a in [
        "notify.method_enabled",
        "notify.recovery_used",
        "notify.recovery_regenerated",
        "notify.password_changed",
    ] {
        assert!(
            actions.iter().any(|(x, o)| x == a && o == "ok"),
            "{a}: {actions:?}"
        );
    }
    assert_eq!(smtp.messages().len(), 0);
    // Each notice once.
    assert_eq!(smtp.notices().len(), 5, "{:?}", smtp.notices());
}

#[test]
fn a_lock_is_mailed_once_and_an_unknown_name_answers_the_same() {
    let smtp = Smtp::start();
    let (env, _) = with_alice(Some(&smtp));
    set_setting(&env, "throttle.lockout_after", "2");
    set_setting(&env, "throttle.free_failures", "5");
    let attempt = |name: &str| {
        let run = env
            .stepup(&["login", name, "--password-stdin", "--json"])
            .stdin("wrong password here\n")
            .run();
        // The name itself is in the hint of a locked one; nothing else may differ.
        (run.code, run.stdout.replace(name, "NAME"))
    };
    let mut real = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..4 {
        real.push(attempt("alice"));
        unknown.push(attempt("nobody"));
    }
    // The same answers, attempt by attempt (exit code and words).
    assert_eq!(real, unknown);
    let n = smtp.wait_for_notice("was locked");
    assert!(n.contains("To: alice@acme.example"), "{n}");
    assert!(n.contains("user unlock"), "{n}");
    // Once per lock: more failures while locked send nothing more.
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(smtp.notices().len(), 1, "{:?}", smtp.notices());
    // Unlocked and locked again: a second notice.
    env.stepup(&["user", "unlock", "alice"]).run().ok();
    attempt("alice");
    attempt("alice");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while smtp.notices().len() < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "no second lock notice"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn notices_can_be_turned_off_and_a_failed_one_undoes_nothing() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    env.set_config(&format!("{}[notify]\nenabled = false\n", smtp.config()));
    enroll_totp(&env, Some(&alice));
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(smtp.notices().is_empty(), "{:?}", smtp.notices());
    assert!(
        !audit_actions(&env)
            .iter()
            .any(|(a, _)| a.starts_with("notify."))
    );
    // A server that refuses every recipient: the change is made, exit 0,
    // and the failed notice is audited.
    let refusing = Smtp::start_refusing();
    let (env, bob) = with_alice(Some(&refusing));
    let (rc, v) = env
        .stepup(&["method", "enable", "totp"])
        .session(&bob)
        .json();
    assert_eq!(rc, 10, "{v}");
    let mut app = Authenticator::new(v["secret"].as_str().unwrap());
    let code = app.next_code();
    let (rc, v) = env
        .stepup(&["method", "enable", "totp", "--code", &code])
        .session(&bob)
        .json();
    assert_eq!(rc, 0, "{v}");
    wait_for_event(&env, "notify.method_enabled", "failed");
    let (rc, v) = env.stepup(&["whoami", "--json"]).session(&bob).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["enabled_methods"][0], "totp", "{v}");
}
