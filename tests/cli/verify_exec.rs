//! `stepup verify ACTION` and `stepup exec ACTION -- COMMAND`: step-up for
//! anything, with the two-step flow, freshness, `--require-mfa` and audit.

use crate::support::*;

const BOB_PW: &str = "plum harbor 19 ropes";

#[test]
fn verify_asks_for_a_code_once_and_never_takes_the_same_code_twice() {
    let (env, alice) = with_alice(None);
    // No method yet: MFA does not apply, so it goes ahead, unless required.
    let (rc, v) = env.stepup(&["verify", "login"]).session(&alice).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["mfa_applied"], false);
    assert_eq!(v["verified_with"], serde_json::Value::Null);
    assert_eq!(v["fresh_until"], serde_json::Value::Null);
    let (rc, v) = env
        .stepup(&["verify", "login", "--require-mfa"])
        .session(&alice)
        .json();
    assert_eq!(rc, 3, "{v}");

    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let (rc, v) = env.stepup(&["verify", "login"]).session(&alice).json();
    assert_eq!(rc, 10, "{v}");
    assert_eq!(v["action"], "login");
    assert!(
        v["next"]
            .as_str()
            .unwrap()
            .starts_with("stepup verify login"),
        "{v}"
    );
    let code = app.next_code();
    let (rc, v) = env
        .stepup(&["verify", "login", "--code", &code])
        .session(&alice)
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["user"], "alice");
    assert_eq!(v["action"], "login");
    assert_eq!(v["mfa_applied"], true);
    assert_eq!(v["verified_with"], "totp");
    let (rc, v) = env
        .stepup(&["verify", "login", "--code", &code])
        .session(&alice)
        .json();
    assert_eq!(rc, 3, "the same step twice: {v}");
    let (rc, v) = env
        .stepup(&["verify", "no-such-action"])
        .session(&alice)
        .json();
    assert_eq!(rc, 2, "{v}");
    let events = env.stepup(&["audit", "--json", "--user", "alice"]).run();
    let verifies: Vec<serde_json::Value> = events.json()["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "verify")
        .cloned()
        .collect();
    assert!(
        verifies
            .iter()
            .any(|e| e["outcome"] == "ok" && e["detail"] == "login" && e["method"] == "totp"),
        "{verifies:?}"
    );
    assert!(
        verifies.iter().any(|e| e["outcome"] == "denied"),
        "{verifies:?}"
    );
}

#[test]
fn freshness_holds_for_one_action_in_one_session() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let (rc, v) = env
        .stepup(&["action", "set", "passwd", "--fresh-for", "10m"])
        .json();
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = env
        .stepup(&["verify", "passwd", "--code", &app.next_code()])
        .session(&alice)
        .json();
    assert_eq!(rc, 0, "{v}");
    assert!(v["fresh_until"].is_string(), "{v}");
    let (rc, v) = env.stepup(&["verify", "passwd"]).session(&alice).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["verified_with"], "fresh");
    assert_eq!(v["mfa_applied"], true);
    // Never from one action to another, nor into another session.
    let (rc, v) = env.stepup(&["verify", "login"]).session(&alice).json();
    assert_eq!(rc, 10, "{v}");
    let other = env
        .stepup(&[
            "login",
            "alice",
            "--password-stdin",
            "--print-token",
            "--code",
            &app.next_code(),
        ])
        .stdin(format!("{ALICE_PW}\n"))
        .json();
    assert_eq!(other.0, 0, "{}", other.1);
    let second = other.1["token"].as_str().unwrap().to_string();
    let (rc, v) = env.stepup(&["verify", "passwd"]).session(&second).json();
    assert_eq!(rc, 10, "{v}");
}

#[test]
fn exec_runs_the_command_only_after_a_good_code_and_gives_it_nothing_of_stepups() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let marker = env.path().join("ran");
    let script = format!(
        "echo \"$STEPUP_USER $STEPUP_ACTION ${{STEPUP_SESSION:-none}}\"; ls /proc/self/fd | wc -l; touch '{}'; exit 7",
        marker.display()
    );
    // Without a code: exit 10 with the JSON, and the command never ran.
    let (rc, v) = env
        .stepup(&["exec", "login", "--json", "--", "sh", "-c", &script])
        .session(&alice)
        .json();
    assert_eq!(rc, 10, "{v}");
    assert!(!marker.exists());
    // A wrong code: exit 3, and still not run.
    let run = env
        .stepup(&[
            "exec", "login", "--code", "000000", "--", "sh", "-c", &script,
        ])
        .session(&alice)
        .run();
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(!marker.exists());
    // The right one: the command's own exit status and output; no session.
    let run = env
        .stepup(&[
            "exec",
            "login",
            "--code",
            &app.next_code(),
            "--",
            "sh",
            "-c",
            &script,
        ])
        .session(&alice)
        .run();
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert!(marker.exists());
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("alice login none"), "{}", run.stdout);
    // 0, 1, 2 and the listing's own descriptor.
    assert_eq!(lines.next().map(str::trim), Some("4"), "{}", run.stdout);
    // A command that cannot be started is exit 1.
    let run = env
        .stepup(&[
            "exec",
            "login",
            "--code",
            &app.next_code(),
            "--",
            "/nonexistent/program",
        ])
        .session(&alice)
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("cannot start"), "{}", run.stderr);
    // A command is required.
    let run = env.stepup(&["exec", "login"]).session(&alice).run();
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn admins_add_set_and_remove_their_own_actions_and_scripts_verify_them() {
    let (env, alice) = with_alice(None);
    env.add_user("bob", BOB_PW, None);
    let bob = env.token("bob", BOB_PW);
    env.token(ADMIN, ADMIN_PW);
    // Bad input is exit 2, each with its reason.
    for (args, why) in [
        (vec!["action", "add", "Deploy"], "not an action name"),
        (vec!["action", "add", "login"], "built-in"),
        (
            vec!["action", "add", "a-name-that-is-far-too-long-for-stepup"],
            "not an action name",
        ),
        (vec!["action", "add", "deploy", "--fresh-for", "13h"], "12h"),
        (vec!["action", "remove", "admin"], "built-in"),
        (
            vec!["action", "set", "nothing-here", "--fresh-for", "1m"],
            "no action named",
        ),
        (vec!["action", "set", "admin"], "nothing to change"),
    ] {
        let (rc, v) = env.stepup(&args).json();
        assert_eq!(rc, 2, "{args:?}: {v}");
        assert!(
            v["message"].as_str().unwrap().contains(why),
            "{args:?}: {v}"
        );
    }
    let long = "x".repeat(201);
    let (rc, _) = env
        .stepup(&["action", "add", "deploy", "--description", &long])
        .json();
    assert_eq!(rc, 2);

    let (rc, v) = env
        .stepup(&[
            "action",
            "add",
            "deploy",
            "--description",
            "deploy to production",
            "--fresh-for",
            "15m",
        ])
        .json();
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = env.stepup(&["action", "add", "deploy"]).json();
    assert_eq!(rc, 3, "already there: {v}");
    // Members see it, and cannot change it.
    let (rc, v) = env.stepup(&["action", "list"]).session(&alice).json();
    assert_eq!(rc, 0, "{v}");
    let deploy = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "deploy")
        .cloned()
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(
        deploy,
        serde_json::json!({"name": "deploy", "builtin": false, "description": "deploy to production",
                            "fresh_for_seconds": 900, "require_mfa": false})
    );
    let (rc, _) = env
        .stepup(&["action", "add", "mine"])
        .session(&alice)
        .json();
    assert_eq!(rc, 3);

    // Alice verifies it with her authenticator; then it is fresh.
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let (rc, v) = env.stepup(&["verify", "deploy"]).session(&alice).json();
    assert_eq!(rc, 10, "{v}");
    assert_eq!(v["action"], "deploy");
    let (rc, v) = env
        .stepup(&["verify", "deploy", "--code", &app.next_code()])
        .session(&alice)
        .json();
    assert_eq!(rc, 0, "{v}");
    assert!(v["fresh_until"].is_string(), "{v}");
    let run = env
        .stepup(&["exec", "deploy", "--", "sh", "-c", "echo $STEPUP_ACTION"])
        .session(&alice)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "deploy");

    // Requiring MFA refuses bob, who has none; alice goes on.
    let (rc, v) = env.stepup(&["verify", "deploy"]).session(&bob).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["mfa_applied"], false);
    let (rc, v) = env
        .stepup(&["action", "set", "deploy", "--require-mfa", "true"])
        .json();
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = env.stepup(&["verify", "deploy"]).session(&bob).json();
    assert_eq!(rc, 3, "{v}");
    let run = env
        .stepup(&["exec", "deploy", "--", "true"])
        .session(&bob)
        .run();
    assert_eq!(run.code, 3, "{}", run.stderr);

    // Removed: unknown. Added again: the old step-up does not count.
    let (rc, v) = env.stepup(&["action", "remove", "deploy"]).json();
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = env.stepup(&["verify", "deploy"]).session(&alice).json();
    assert_eq!(rc, 2, "{v}");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (rc, v) = env
        .stepup(&["action", "add", "deploy", "--fresh-for", "15m"])
        .json();
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = env.stepup(&["verify", "deploy"]).session(&alice).json();
    assert_eq!(rc, 10, "a new action, a new step-up: {v}");

    let (_, v) = env.stepup(&["audit", "--json"]).json();
    let actions: Vec<&str> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for want in [
        "action.add",
        "action.set",
        "action.remove",
        "verify",
        "exec",
    ] {
        assert!(actions.contains(&want), "{want}: {actions:?}");
    }
}
