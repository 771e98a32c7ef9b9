//! One test per statement of the help page (`../shared/seed/`), named after
//! it. `tests/SEED.md` maps each line of the page to its test.

use crate::support::*;
use serde_json::json;

// "Multi-Factor Authentication (MFA) adds an extra verification step when you
// perform a sensitive action. Even if you're already logged in, critical
// changes require a one-time passcode." / "Why am I being asked to verify if
// I'm already logged in? MFA protects sensitive actions, even during an
// active session."
#[test]
fn seed_critical_changes_require_a_code_even_when_logged_in() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    // Alice's session is active and full...
    let (_, v) = env.stepup(&["whoami"]).session(&alice).json();
    assert_eq!(v["enrollment_only"], false);
    // ...and still a password change asks for a code.
    let (code, v) = env
        .stepup(&["passwd", "--password-stdin"])
        .session(&alice)
        .stdin(format!("{ALICE_PW}\nalice's brand new phrase\n"))
        .json();
    assert_eq!(code, 10, "{v}");
    assert_eq!(v["status"], "code_required");
    assert_eq!(v["action"], "passwd");
    let code = app.next_code();
    env.stepup(&["passwd", "--password-stdin", "--code", &code])
        .session(&alice)
        .stdin(format!("{ALICE_PW}\nalice's brand new phrase\n"))
        .run()
        .ok();
}

// "When MFA is enabled, it applies to: - Log In"
#[test]
fn seed_mfa_applies_to_log_in() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let (code, v) = login_alice(&env, &[]);
    assert_eq!(code, 10, "{v}");
    assert_eq!(v["action"], "login");
    assert_eq!(v["options"], json!(["totp", "recovery"]));
    assert_eq!(v["method"], "totp");
    assert!(v.get("token").is_none(), "no session before the code");
    let (code, v) = login_alice(&env, &["--code", &app.next_code()]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["verified_with"], "totp");
    assert!(v["token"].as_str().unwrap().starts_with("stepup_"));
}

// "When MFA is enabled, it applies to: - Change Password"
#[test]
fn seed_mfa_applies_to_change_password() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let new_pw = "a passphrase alice picked";
    let run = env
        .stepup(&["passwd", "--password-stdin"])
        .session(&alice)
        .stdin(format!("{ALICE_PW}\n{new_pw}\n"))
        .run();
    run.expect(10);
    let code = app.next_code();
    let (rc, v) = env
        .stepup(&["passwd", "--password-stdin", "--code", &code])
        .session(&alice)
        .stdin(format!("{ALICE_PW}\n{new_pw}\n"))
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["verified_with"], "totp");
}

// "More actions will be added later." The other sensitive actions the spec
// lists ask for a code too (the list itself is unit-tested in the domain).
#[test]
fn seed_more_sensitive_actions_ask_for_a_code() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    for args in [
        vec!["method", "disable", "totp"],
        vec!["method", "enable", "email"],
        vec!["recovery", "regenerate"],
    ] {
        let (code, v) = env.stepup(&args).session(&alice).json();
        assert_eq!(code, 10, "{args:?}: {v}");
        assert_eq!(v["purpose"], "step_up");
    }
    // And a code is really checked: a wrong one is refused.
    let (code, _) = env
        .stepup(&["recovery", "regenerate", "--code", "000000"])
        .session(&alice)
        .json();
    assert_eq!(code, 3);
    let _ = codes;
}

// "Your workspace MFA policy must be Enabled or Required."
#[test]
fn seed_mfa_works_only_under_enabled_or_required() {
    let (env, alice) = with_alice(None);
    env.stepup(&["policy", "set", "disabled"]).run().ok();
    let (code, v) = env
        .stepup(&["method", "enable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(code, 3, "{v}");
    assert!(v["message"].as_str().unwrap().contains("disabled"));
    env.stepup(&["policy", "set", "enabled"]).run().ok();
    let (code, _) = env
        .stepup(&["method", "enable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(code, 10);
}

// "Enabled: MFA is opt-in. Users can add it for extra security." /
// "Enabled: MFA is requested for sensitive actions only if the user opted in."
#[test]
fn seed_enabled_is_opt_in() {
    let (env, alice) = with_alice(None);
    env.add_user("bob", "bob's long passphrase", None);
    // Bob did not opt in: no code.
    env.token("bob", "bob's long passphrase");
    // Alice opts in: a code from now on.
    enroll_totp(&env, Some(&alice));
    let (code, _) = login_alice(&env, &[]);
    assert_eq!(code, 10);
}

// "Required: MFA is mandatory. All users must enable at least one method." /
// "Required: MFA is mandatory. Users must enable a method."
#[test]
fn seed_required_makes_every_user_enable_a_method() {
    let (env, alice) = with_alice(None);
    let (_root_app, root_codes) = enroll_totp(&env, None);
    env.stepup(&["policy", "set", "required", "--code", &root_codes[0]])
        .run()
        .ok();
    // Alice's existing session now only enrolls.
    let (code, v) = env.stepup(&["recovery", "list"]).session(&alice).json();
    assert_eq!(code, 3, "{v}");
    assert!(v["hint"].as_str().unwrap().contains("stepup method enable"));
    let (_, v) = env.stepup(&["whoami"]).session(&alice).json();
    assert_eq!(v["enrollment_only"], true);
    // A fresh login gets an enrollment-only session too.
    let (code, v) = login_alice(&env, &[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["enrollment_only"], true);
    let fresh = v["token"].as_str().unwrap().to_string();
    env.stepup(&["passwd", "--password-stdin"])
        .session(&fresh)
        .stdin("x\ny\n")
        .run()
        .expect(3);
    // Once she enrolls, the same session is a full one.
    enroll_totp(&env, Some(&fresh));
    let (code, v) = env.stepup(&["recovery", "list"]).session(&fresh).json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["remaining"], 10);
    let _ = root_codes;
}

// "Configure at least one verification method: Authenticator App / Email" /
// "turn on the verification methods you want users to enable"
#[test]
fn seed_users_enable_only_methods_the_admin_turned_on() {
    let (env, alice) = with_alice(None);
    env.stepup(&["policy", "deny", "totp"]).run().ok();
    let (code, v) = env
        .stepup(&["method", "enable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(code, 3, "{v}");
    assert!(v["message"].as_str().unwrap().contains("not allowed"));
    let (_, v) = env.stepup(&["method", "list"]).session(&alice).json();
    assert_eq!(
        v["methods"],
        json!([
            {"method": "totp", "allowed": false, "enabled": false},
            {"method": "email", "allowed": true, "enabled": false}
        ])
    );
    env.stepup(&["policy", "allow", "totp"]).run().ok();
    let (code, _) = env
        .stepup(&["method", "enable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(code, 10);
}

// "If MFA is Disabled, no one can use it." / "Disabled: MFA is not available."
#[test]
fn seed_disabled_means_no_one_can_use_mfa() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    env.stepup(&["policy", "set", "disabled"]).run().ok();
    // No code asked; the method is kept, inactive.
    let (code, v) = login_alice(&env, &[]);
    assert_eq!(code, 0, "{v}");
    let token = v["token"].as_str().unwrap().to_string();
    let (_, v) = env.stepup(&["whoami"]).session(&token).json();
    assert_eq!(v["enabled_methods"], json!(["totp"]));
    env.stepup(&["method", "disable", "totp"])
        .session(&token)
        .run()
        .expect(3);
    env.stepup(&["recovery", "regenerate"])
        .session(&token)
        .run()
        .expect(3);
    // Raised again, the kept method works again.
    env.token(ADMIN, ADMIN_PW);
    env.stepup(&["policy", "set", "enabled"]).run().ok();
    let (code, _) = login_alice(&env, &[]);
    assert_eq!(code, 10);
    let (code, v) = login_alice(&env, &["--code", &app.next_code()]);
    assert_eq!(code, 0, "{v}");
}

// "Tip: Popular authenticator apps include Google Authenticator and Apple
// Passwords." They import the standard otpauth URI; its secret gives the
// codes stepup accepts.
#[test]
fn seed_any_authenticator_app_works_with_the_otpauth_uri() {
    let (env, alice) = with_alice(None);
    let (code, v) = env
        .stepup(&["method", "enable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(code, 10);
    let uri = v["otpauth_uri"].as_str().unwrap();
    let secret = v["secret"].as_str().unwrap();
    assert_eq!(
        uri,
        format!("otpauth://totp/Acme:alice?secret={secret}&issuer=Acme")
    );
    assert_eq!(secret.len(), 32, "160 bits, no padding");
    assert_eq!(base32_decode(secret).len(), 20);
}

// "Under Your Verification Methods, enable Authenticator App or Email (or both)"
#[test]
fn seed_a_user_can_enable_both_methods() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    // The second method needs a code from the first.
    let (code, v) = env
        .stepup(&["method", "enable", "email", "--code", &app.next_code()])
        .session(&alice)
        .json();
    assert_eq!(code, 10, "{v}");
    assert_eq!(v["purpose"], "enroll");
    let mail = smtp.wait_for(1);
    let (code, v) = env
        .stepup(&["method", "enable", "email", "--code", &code_in(&mail)])
        .session(&alice)
        .json();
    assert_eq!(code, 0, "{v}");
    let (_, v) = env.stepup(&["whoami"]).session(&alice).json();
    assert_eq!(v["enabled_methods"], json!(["totp", "email"]));
}

// "For Authenticator App: Scan the QR code with your authenticator app.
// Enter the one-time code to confirm."
#[test]
fn seed_authenticator_enrollment_is_confirmed_with_a_code() {
    let (env, alice) = with_alice(None);
    let run = env
        .stepup(&["method", "enable", "totp"])
        .session(&alice)
        .run();
    run.expect(10);
    // Human output: QR code, secret and URI on stdout.
    assert!(run.stdout.contains("Scan this QR code"));
    assert!(run.stdout.contains("otpauth://totp/Acme:alice?secret="));
    let secret = run
        .stdout
        .split("secret=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    let mut app = Authenticator::new(&secret);
    // Not enabled until confirmed.
    let (_, v) = env.stepup(&["method", "list"]).session(&alice).json();
    assert_eq!(v["methods"][0]["enabled"], false);
    // A wrong code does not confirm it.
    let wrong = if app.current() == "123456" {
        "654321"
    } else {
        "123456"
    };
    env.stepup(&["method", "enable", "totp", "--code", wrong])
        .session(&alice)
        .run()
        .expect(3);
    let (code, v) = env
        .stepup(&["method", "enable", "totp", "--code", &app.next_code()])
        .session(&alice)
        .json();
    assert_eq!(code, 0, "{v}");
    let (_, v) = env.stepup(&["method", "list"]).session(&alice).json();
    assert_eq!(v["methods"][0]["enabled"], true);
}

// "For Email: Check your inbox for a one-time code. Enter it to confirm."
#[test]
fn seed_email_enrollment_is_confirmed_with_the_mailed_code() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    let (code, v) = env
        .stepup(&["method", "enable", "email"])
        .session(&alice)
        .json();
    assert_eq!(code, 10, "{v}");
    assert_eq!(v["sent_to"], "a****@acme.example");
    let mail = smtp.wait_for(1);
    for header in [
        "From: Acme <mfa@acme.example>",
        "To: alice@acme.example",
        "Subject: Acme verification code",
        "Date: ",
        "Message-ID: ",
    ] {
        assert!(mail.contains(header), "{header} missing:\n{mail}");
    }
    assert!(mail.contains("expires in 10 minutes"));
    let (code, v) = env
        .stepup(&["method", "enable", "email", "--code", &code_in(&mail)])
        .session(&alice)
        .json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["method"], "email");
}

// "After setup, you'll see 10 recovery codes. Copy and store them securely"
#[test]
fn seed_setup_shows_10_recovery_codes() {
    let (env, alice) = with_alice(None);
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    assert_eq!(codes.len(), 10);
    let unique: std::collections::HashSet<&String> = codes.iter().collect();
    assert_eq!(unique.len(), 10);
    for c in &codes {
        assert_eq!(c.len(), 20, "three groups of six: {c}");
    }
    let (_, v) = env.stepup(&["recovery", "list"]).session(&alice).json();
    assert_eq!(v["remaining"], 10);
    assert_eq!(v["slots"].as_array().unwrap().len(), 10);
    assert_eq!(
        v["slots"][0],
        json!({"slot": 1, "used": false, "used_at": null})
    );
    // Shown once: nothing lists them again.
    let text = env
        .stepup(&["recovery", "list"])
        .session(&alice)
        .run()
        .stdout;
    assert!(!text.contains(&codes[0]));
}

// "Use these codes to disable a method if you lose access."
#[test]
fn seed_a_recovery_code_disables_a_lost_method() {
    let (env, alice) = with_alice(None);
    let (_lost_phone, codes) = enroll_totp(&env, Some(&alice));
    let (code, v) = env
        .stepup(&["method", "disable", "totp", "--code", &codes[4]])
        .session(&alice)
        .json();
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["verified_with"], "recovery");
    assert_eq!(
        v["recovery_codes_removed"], true,
        "the last method took the codes with it"
    );
}

// "To disable a method, click the 3-dot menu and select Disable. Enter a
// verification code to confirm."
#[test]
fn seed_disabling_a_method_asks_for_a_code() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let (code, v) = env
        .stepup(&["method", "disable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(code, 10, "{v}");
    assert_eq!(v["action"], "method disable");
    let (code, v) = env
        .stepup(&["method", "disable", "totp", "--code", &app.next_code()])
        .session(&alice)
        .json();
    assert_eq!(code, 0, "{v}");
    let (_, v) = env.stepup(&["whoami"]).session(&alice).json();
    assert_eq!(v["enabled_methods"], json!([]));
}

// "Tip: Recovery codes are single-use."
#[test]
fn seed_recovery_codes_are_single_use() {
    let (env, alice) = with_alice(None);
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    let (code, v) = login_alice(&env, &["--code", &codes[0]]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["recovery_remaining"], 9);
    let (code, v) = login_alice(&env, &["--code", &codes[0]]);
    assert_eq!(code, 3, "{v}");
    assert!(v["message"].as_str().unwrap().contains("already used"));
    let token = alice_token_with(&env, &codes[1]);
    let (_, v) = env.stepup(&["recovery", "list"]).session(&token).json();
    assert_eq!(v["remaining"], 8);
    assert_eq!(v["slots"][0]["used"], true);
    assert!(v["slots"][0]["used_at"].as_str().unwrap().ends_with('Z'));
}

fn alice_token_with(env: &Env, code: &str) -> String {
    let (rc, v) = login_alice(env, &["--code", code]);
    assert_eq!(rc, 0, "{v}");
    v["token"].as_str().unwrap().to_string()
}

// "If you run out, you can't verify your account."
#[test]
fn seed_after_the_last_recovery_code_there_is_nothing_left_to_verify_with() {
    let (env, alice) = with_alice(None);
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    // The phone is gone and the admin no longer allows the app: only codes.
    env.stepup(&["policy", "deny", "totp", "--force"])
        .run()
        .ok();
    for (i, c) in codes.iter().enumerate() {
        let (rc, v) = login_alice(&env, &["--code", c]);
        assert_eq!(rc, 0, "code {i}: {v}");
        if i >= 7 {
            assert!(
                env.stepup(&["recovery", "list"])
                    .session(v["token"].as_str().unwrap())
                    .run()
                    .stderr
                    .contains("warning")
            );
        }
    }
    let (rc, v) = login_alice(&env, &[]);
    assert_eq!(rc, 3, "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("No verification options")
    );
}

// "Each time you disable and re-enable a method, you get 10 new codes."
#[test]
fn seed_re_enabling_a_method_gives_10_new_codes() {
    let (env, alice) = with_alice(None);
    let (old_app, old) = enroll_totp(&env, Some(&alice));
    env.stepup(&["method", "disable", "totp", "--code", &old[0]])
        .session(&alice)
        .run()
        .ok();
    let (rc, v) = env
        .stepup(&["method", "enable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(rc, 10, "{v}");
    let mut app = Authenticator::after(v["secret"].as_str().unwrap(), &old_app);
    let new = confirm_totp(&env, Some(&alice), &mut app);
    assert!(new.iter().all(|c| !old.contains(c)));
    let (rc, _) = login_alice(&env, &["--code", &old[1]]);
    assert_eq!(rc, 3, "old codes stop working");
    let (rc, _) = login_alice(&env, &["--code", &new[1]]);
    assert_eq!(rc, 0);
}

// "Go to User Settings → Change Password. Enter your current password and a
// new password. Click Save Changes. A Verification Required modal will
// appear."
#[test]
fn seed_change_password_shows_verification_required() {
    let (env, alice) = with_alice(None);
    enroll_totp(&env, Some(&alice));
    let run = env
        .stepup(&["passwd", "--password-stdin"])
        .session(&alice)
        .stdin(format!("{ALICE_PW}\nsomething new and long\n"))
        .run();
    run.expect(10);
    assert!(
        run.stderr.contains("Verification required"),
        "{}",
        run.stderr
    );
    // A wrong current password is refused before any code is asked.
    let run = env
        .stepup(&["passwd", "--password-stdin"])
        .session(&alice)
        .stdin("not my password\nsomething new and long\n")
        .run();
    run.expect(3);
}

// "If you have 1 method enabled, enter the one-time code from your email or
// authenticator app."
#[test]
fn seed_one_method_its_code_is_asked_for_directly() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    enroll_email(&env, &smtp, Some(&alice));
    // No choice to make: the email code is sent at once.
    let (rc, v) = login_alice(&env, &[]);
    assert_eq!(rc, 10, "{v}");
    assert_eq!(v["method"], "email");
    assert_eq!(v["options"], json!(["email", "recovery"]));
    assert_eq!(v["sent_to"], "a****@acme.example");
    let code = smtp.last_code();
    let (rc, v) = login_alice(&env, &["--code", &code]);
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["verified_with"], "email");
}

// "If you have 2 methods enabled, choose which method to use."
#[test]
fn seed_two_methods_the_user_chooses() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    env.stepup(&["method", "enable", "email", "--code", &app.next_code()])
        .session(&alice)
        .run()
        .expect(10);
    let mail = smtp.wait_for(1);
    env.stepup(&["method", "enable", "email", "--code", &code_in(&mail)])
        .session(&alice)
        .run()
        .ok();
    let (rc, v) = login_alice(&env, &[]);
    assert_eq!(rc, 10, "{v}");
    assert_eq!(
        v["method"],
        serde_json::Value::Null,
        "the user still has to choose"
    );
    assert_eq!(v["options"], json!(["totp", "email", "recovery"]));
    assert_eq!(
        smtp.messages().len(),
        1,
        "nothing is sent before email is chosen"
    );
    // A bare code is ambiguous with two methods.
    let (rc, v) = login_alice(&env, &["--code", &app.next_code()]);
    assert_eq!(rc, 10, "{v}");
    // The enrollment's email may have gone out less than the resend limit
    // ago (the codes above need no wait when the clock is near a step's end).
    pause_for_resend();
    let (rc, v) = login_alice(&env, &["--method", "email"]);
    assert_eq!(rc, 10, "{v}");
    assert_eq!(v["method"], "email");
    let code = code_in(&smtp.wait_for(2));
    let (rc, v) = login_alice(&env, &["--method", "email", "--code", &code]);
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = login_alice(&env, &["--method", "totp", "--code", &app.next_code()]);
    assert_eq!(rc, 0, "{v}");
}

// "Complete verification to finish changing your password. If verification
// succeeds, your password updates."
#[test]
fn seed_the_password_updates_only_after_verification() {
    let (env, alice) = with_alice(None);
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    let new_pw = "the new alice passphrase";
    let stdin = format!("{ALICE_PW}\n{new_pw}\n");
    env.stepup(&["passwd", "--password-stdin"])
        .session(&alice)
        .stdin(&stdin)
        .run()
        .expect(10);
    env.stepup(&["passwd", "--password-stdin", "--code", "123456"])
        .session(&alice)
        .stdin(&stdin)
        .run()
        .expect(3);
    // Still the old password.
    let (rc, _) = login_alice(&env, &[]);
    assert_eq!(rc, 10);
    let (rc, v) = env
        .stepup(&["passwd", "--password-stdin", "--code", &codes[0]])
        .session(&alice)
        .stdin(&stdin)
        .json();
    assert_eq!(rc, 0, "{v}");
    let (rc, _) = env
        .stepup(&["login", "alice", "--password-stdin"])
        .stdin(format!("{new_pw}\n"))
        .json();
    assert_eq!(rc, 10, "the new password is in place");
    let (rc, _) = login_alice(&env, &[]);
    assert_eq!(rc, 3, "the old one is not");
}

// "I don't see any verification options. This means: No verification
// methods are enabled at the account level, or You haven't set up a
// verification method yet"
#[test]
fn seed_no_verification_options_explains_both_causes() {
    let (env, alice) = with_alice(None);
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    // The admin disallows the method, then alice uses up her codes.
    env.stepup(&["policy", "deny", "totp", "--force"])
        .run()
        .ok();
    for c in &codes {
        login_alice(&env, &["--code", c]);
    }
    let (rc, v) = env
        .stepup(&["recovery", "regenerate"])
        .session(&alice)
        .json();
    assert_eq!(rc, 3, "{v}");
    let msg = v["message"].as_str().unwrap();
    assert!(
        msg.contains("not allowed") || msg.contains("allowed in this workspace"),
        "{msg}"
    );
    assert!(msg.contains("not set up a verification method"), "{msg}");
}

// "I only see 'Recovery Code'. Recovery codes appear if you've already
// completed MFA setup and have backup codes. Only enabled methods are shown."
#[test]
fn seed_only_recovery_code_is_offered_when_the_methods_are_not_allowed() {
    let (env, alice) = with_alice(None);
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    let run = env.stepup(&["policy", "deny", "totp"]).run();
    run.expect(3);
    assert!(
        run.stderr.contains("alice"),
        "the stranded user is named: {}",
        run.stderr
    );
    env.stepup(&["policy", "deny", "totp", "--force"])
        .run()
        .ok();
    let (rc, v) = login_alice(&env, &[]);
    assert_eq!(rc, 10, "{v}");
    assert_eq!(v["options"], json!(["recovery"]));
    assert_eq!(v["method"], "recovery");
    let (rc, _) = login_alice(&env, &["--code", &codes[0]]);
    assert_eq!(rc, 0);
}
