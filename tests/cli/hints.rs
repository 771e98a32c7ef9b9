//! Hints lead somewhere that works from where the user is: each test takes
//! the hint an error printed and runs it.

use crate::support::*;

/// The `stepup ...` command inside a hint, as words.
fn command_in(hint: &str) -> Vec<String> {
    let start = hint.find("stepup ").expect("a command in the hint") + "stepup ".len();
    let rest = &hint[start..];
    let end = rest.find([')', ',', ';', '`']).unwrap_or(rest.len());
    rest[..end]
        .split_whitespace()
        .map(|w| w.trim_end_matches('.').to_string())
        .collect()
}

#[test]
fn under_disabled_the_hints_of_method_disable_are_not_circular() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let alice = env.token("alice", ALICE_PW);
    env.token(ADMIN, ADMIN_PW);
    let (_alice_app, _) = enroll_totp(&env, Some(&alice));
    let (mut app, codes) = enroll_totp(&env, None);
    let (rc, v) = env
        .stepup(&["policy", "set", "disabled", "--code", &codes[0]])
        .json();
    assert_eq!(rc, 0, "{v}");

    // The admin: raise the policy, then disable with a code.
    let (rc, v) = env.stepup(&["method", "disable", "totp"]).json();
    assert_eq!(rc, 3, "{v}");
    let hint = v["hint"].as_str().unwrap();
    let next = command_in(hint);
    assert_eq!(next, ["policy", "set", "enabled"], "{hint}");
    let args: Vec<&str> = next.iter().map(String::as_str).collect();
    let (rc, v) = env.stepup(&args).json();
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = env
        .stepup(&["method", "disable", "totp", "--code", &app.next_code()])
        .json();
    assert_eq!(rc, 0, "{v}");

    // A member: the admin's command in the hint works.
    let (rc, v) = env.stepup(&["policy", "set", "disabled"]).json();
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = env
        .stepup(&["method", "disable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(rc, 3, "{v}");
    let next = command_in(v["hint"].as_str().unwrap());
    assert_eq!(next, ["user", "reset-mfa", "alice"]);
    let args: Vec<&str> = next.iter().map(String::as_str).collect();
    let (rc, v) = env.stepup(&args).json();
    assert_eq!(rc, 0, "{v}");
}

#[test]
fn the_hints_for_a_missing_session_and_an_enrollment_only_one_work() {
    let env = Env::with_admin();
    env.stepup(&["logout"]).run().ok();
    let (rc, v) = env.stepup(&["whoami"]).json();
    assert_eq!(rc, 3);
    assert_eq!(command_in(v["hint"].as_str().unwrap()), ["login", "NAME"]);
    env.token(ADMIN, ADMIN_PW);
    let (_, codes) = enroll_totp(&env, None);
    env.stepup(&["policy", "set", "required", "--code", &codes[0]])
        .run()
        .ok();
    env.add_user("alice", ALICE_PW, None);
    let (rc, v) = env
        .stepup(&["login", "alice", "--password-stdin", "--print-token"])
        .stdin(format!("{ALICE_PW}\n"))
        .json();
    assert_eq!(rc, 0, "{v}");
    let alice = v["token"].as_str().unwrap().to_string();
    let (rc, v) = env.stepup(&["recovery", "list"]).session(&alice).json();
    assert_eq!(rc, 3);
    let next = command_in(v["hint"].as_str().unwrap());
    assert_eq!(next, ["method", "enable", "totp|email"]);
    let (rc, v) = env
        .stepup(&["method", "enable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(rc, 10, "the hint's first choice starts an enrollment: {v}");
}
