//! `user set` and `session list|revoke`: an admin fixes an account, a user
//! sees and ends their sessions.

use crate::support::*;
use serde_json::json;

#[test]
fn an_admin_gives_an_existing_user_an_address_and_they_enroll_email() {
    let smtp = Smtp::start();
    let env = Env::with_admin_config(&smtp.config());
    env.add_user("bob", ALICE_PW, None);
    let bob = env.token("bob", ALICE_PW);
    // `login` stored bob's session in the file: the admin's again.
    env.token(ADMIN, ADMIN_PW);
    let (rc, v) = env
        .stepup(&["method", "enable", "email"])
        .session(&bob)
        .json();
    assert_eq!(rc, 3, "{v}");
    assert!(
        v["hint"]
            .as_str()
            .unwrap()
            .contains("stepup user set bob --email"),
        "{v}"
    );
    let (rc, v) = env
        .stepup(&["user", "set", "bob", "--email", "bob@acme.example"])
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["email"], "bob@acme.example");
    enroll_email(&env, &smtp, Some(&bob));
    let (_, v) = env.stepup(&["whoami"]).session(&bob).json();
    assert_eq!(v["enabled_methods"], json!(["email"]));
}

#[test]
fn a_new_address_gets_codes_only_once_confirmed_and_the_old_one_is_told() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    enroll_email(&env, &smtp, Some(&alice));
    let sent = smtp.messages().len();
    let (rc, v) = env
        .stepup(&["user", "set", "alice", "--email", "alice@new.example"])
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["email"], "alice@acme.example");
    assert_eq!(v["pending_email"], "alice@new.example");
    let notice = smtp.wait_for_notice("new email address");
    assert!(notice.contains("To: alice@acme.example"), "{notice}");
    assert_eq!(smtp.messages().len(), sent, "no code was sent for it");
    // Login codes still go to the confirmed address.
    let (rc, v) = login_alice(&env, &[]);
    assert_eq!(rc, 10, "{v}");
    assert_eq!(v["sent_to"], "a****@acme.example");
    let login_code = smtp.last_code();
    let (rc, v) = login_alice(&env, &["--code", &login_code]);
    assert_eq!(rc, 0, "{v}");
    // Confirming: step-up by the old address, then a code to the new one.
    pause_for_resend();
    let (rc, v) = env
        .stepup(&["method", "enable", "email"])
        .session(&alice)
        .json();
    assert_eq!(rc, 10, "{v}");
    assert_eq!(v["purpose"], "step_up");
    let step_up = smtp.last_code();
    pause_for_resend();
    let (rc, v) = env
        .stepup(&["method", "enable", "email", "--code", &step_up])
        .session(&alice)
        .json();
    assert_eq!(rc, 10, "{v}");
    assert_eq!(v["purpose"], "enroll");
    assert_eq!(v["sent_to"], "a****@new.example");
    let mail = smtp.messages().pop().unwrap();
    assert!(mail.contains("To: alice@new.example"), "{mail}");
    let (rc, v) = env
        .stepup(&["method", "enable", "email", "--code", &code_in(&mail)])
        .session(&alice)
        .json();
    assert_eq!(rc, 0, "{v}");
    env.token(ADMIN, ADMIN_PW);
    let (_, v) = env.stepup(&["user", "show", "alice"]).json();
    assert_eq!(v["email"], "alice@new.example");
}

#[test]
fn roles_and_passwords_change_and_end_the_users_sessions() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let alice = env.token("alice", ALICE_PW);
    env.token(ADMIN, ADMIN_PW);
    let (rc, v) = env
        .stepup(&["user", "set", "alice", "--role", "admin"])
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["role"], "admin");
    assert_eq!(v["sessions_ended"], 0, "a promotion keeps the sessions");
    env.stepup(&["whoami"]).session(&alice).run().ok();
    let (rc, v) = env
        .stepup(&["user", "set", "alice", "--role", "member"])
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["sessions_ended"], 1, "a demotion ends them: {v}");
    let (rc, _) = env.stepup(&["whoami"]).session(&alice).json();
    assert_eq!(rc, 3);
    // The last admin cannot be demoted.
    let (rc, v) = env
        .stepup(&["user", "set", ADMIN, "--role", "member"])
        .json();
    assert_eq!(rc, 3, "{v}");
    assert!(v["message"].as_str().unwrap().contains("last admin"), "{v}");
    // A forgotten password: set, old sessions gone, the new one works.
    let alice = env.token("alice", ALICE_PW);
    env.token(ADMIN, ADMIN_PW);
    let (rc, v) = env
        .stepup(&["user", "set", "alice", "--password-stdin"])
        .stdin("a brand new passphrase 5\n")
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["sessions_ended"], 1);
    assert_eq!(env.stepup(&["whoami"]).session(&alice).json().0, 3);
    env.token("alice", "a brand new passphrase 5");
    let (rc, v) = env.stepup(&["user", "set", "alice"]).json();
    assert_eq!(rc, 2, "{v}");
    assert!(v["message"].as_str().unwrap().contains("nothing to change"));
}

#[test]
fn granting_admin_or_setting_a_password_with_user_set_always_asks() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let (_app, codes) = enroll_totp(&env, None);
    let (rc, v) = env
        .stepup(&["user", "unlock", "alice", "--code", &codes[0]])
        .json();
    assert_eq!(rc, 0, "fresh for admin now: {v}");
    for args in [
        vec!["user", "set", "alice", "--role", "admin"],
        vec!["user", "set", "alice", "--password-stdin"],
    ] {
        let (rc, v) = env.stepup(&args).stdin("another passphrase 9\n").json();
        assert_eq!(rc, 10, "{args:?}: {v}");
        assert_eq!(v["action"], "admin");
    }
    let (rc, v) = env
        .stepup(&["user", "set", "alice", "--email", "alice@acme.example"])
        .json();
    assert_eq!(rc, 0, "an address rides on freshness: {v}");
    assert_eq!(v["verified_with"], "fresh");
}

#[test]
fn a_user_lists_and_ends_their_sessions_and_an_admin_anyones() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let one = env.token("alice", ALICE_PW);
    let two = env.token("alice", ALICE_PW);
    let three = env.token("alice", ALICE_PW);
    env.token(ADMIN, ADMIN_PW);
    let (rc, v) = env.stepup(&["session", "list"]).session(&one).json();
    assert_eq!(rc, 0, "{v}");
    let sessions = v["sessions"].as_array().unwrap().clone();
    assert_eq!(sessions.len(), 3);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let other = sessions.iter().find(|s| s["current"] == false).unwrap();
    let id = other["id"].as_str().unwrap();
    let (rc, v) = env.stepup(&["session", "revoke", id]).session(&one).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["sessions_ended"], 1);
    let (rc, v) = env
        .stepup(&["session", "revoke", "--all"])
        .session(&one)
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["sessions_ended"], 1, "every other one: {v}");
    let alive: Vec<i32> = [&one, &two, &three]
        .iter()
        .map(|t| env.stepup(&["whoami"]).session(t).json().0)
        .collect();
    assert_eq!(alive.iter().filter(|c| **c == 0).count(), 1, "{alive:?}");
    assert_eq!(alive[0], 0, "this session stays");
    let (rc, v) = env
        .stepup(&["session", "revoke", "ffffffff"])
        .session(&one)
        .json();
    assert_eq!(rc, 2, "{v}");
    // A member sees only their own; an admin sees and ends anyone's.
    let (rc, _) = env
        .stepup(&["session", "list", "--user", ADMIN])
        .session(&one)
        .json();
    assert_eq!(rc, 3);
    let (rc, v) = env.stepup(&["session", "list", "--user", "alice"]).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["sessions"].as_array().unwrap().len(), 1);
    let (rc, v) = env
        .stepup(&["session", "revoke", "--all", "--user", "alice"])
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["sessions_ended"], 1);
    assert_eq!(env.stepup(&["whoami"]).session(&one).json().0, 3);
}

#[test]
fn passwd_with_a_wrong_current_password_says_and_changes_nothing() {
    let env = Env::with_admin();
    let (rc, v) = env
        .stepup(&["passwd", "--password-stdin"])
        .stdin("not the password\nmarmalade cormorant 9\n")
        .json();
    assert_eq!(rc, 3, "{v}");
    assert_eq!(v["kind"], "denied");
    assert_eq!(v["hint"], "nothing was changed");
    // The old password still logs in, the new one does not.
    let (rc, v) = env
        .stepup(&["login", ADMIN, "--password-stdin"])
        .stdin("marmalade cormorant 9\n")
        .json();
    assert_eq!(rc, 3, "{v}");
    env.token(ADMIN, ADMIN_PW);
}

#[test]
fn a_grace_period_keeps_full_sessions_tells_how_long_is_left_then_ends() {
    let (env, _) = with_alice(None);
    let (_, codes) = enroll_totp(&env, None);
    for (args, want) in [
        (vec!["policy", "set", "required", "--grace", "91d"], "90d"),
        (
            vec!["policy", "set", "required", "--grace", "soon"],
            "not a duration",
        ),
        (
            vec!["policy", "set", "enabled", "--grace", "1d"],
            "goes with",
        ),
    ] {
        let (rc, v) = env.stepup(&args).json();
        assert_eq!(rc, 2, "{args:?}: {v}");
        assert!(v["message"].as_str().unwrap().contains(want), "{v}");
    }
    let (rc, v) = env
        .stepup(&[
            "policy", "set", "required", "--grace", "4s", "--code", &codes[0],
        ])
        .json();
    assert_eq!(rc, 0, "{v}");
    let until = v["grace_until"].as_str().unwrap().to_string();
    let admin = std::fs::read_to_string(&env.session_files()[0])
        .unwrap()
        .trim()
        .to_string();
    // Alice has no method: inside the grace period she keeps a full
    // session, and every command says how long is left.
    let login = env
        .stepup(&[
            "login",
            "alice",
            "--password-stdin",
            "--print-token",
            "--json",
        ])
        .stdin(format!("{ALICE_PW}\n"))
        .run();
    let v = login.json();
    assert_eq!(v["enrollment_only"], false, "{v}");
    assert_eq!(v["grace_until"], until.as_str());
    assert!(
        login.stderr.contains("set up a method within"),
        "{}",
        login.stderr
    );
    let alice = v["token"].as_str().unwrap().to_string();
    let run = env.stepup(&["session", "list"]).session(&alice).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("second"), "{}", run.stderr);
    let (_, v) = env.stepup(&["whoami"]).session(&alice).json();
    assert_eq!(v["grace_until"], until.as_str());
    let (_, v) = env.stepup(&["policy", "show"]).session(&admin).json();
    assert_eq!(v["grace_until"], until.as_str());
    // The admin, who has a method, hears nothing of it.
    let run = env.stepup(&["whoami"]).session(&admin).run();
    assert!(!run.stderr.contains("set up a method"), "{}", run.stderr);
    // Then it is over: enrollment only, as without a grace period.
    std::thread::sleep(std::time::Duration::from_millis(4200));
    let (rc, v) = env.stepup(&["session", "list"]).session(&alice).json();
    assert_eq!(rc, 3, "{v}");
    assert!(v["hint"].as_str().unwrap().contains("method enable"), "{v}");
    let (_, v) = env.stepup(&["whoami"]).session(&alice).json();
    assert_eq!(v["enrollment_only"], true, "{v}");
    assert_eq!(v["grace_until"], serde_json::Value::Null);
}
