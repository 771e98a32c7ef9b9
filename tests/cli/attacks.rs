//! Scripted attacks, across processes: each ends in the documented refusal,
//! then the documented lockout.

use crate::support::*;

#[test]
fn brute_forcing_codes_on_passwd_ends_in_a_lockout() {
    let (env, alice) = with_alice(None);
    enroll_totp(&env, Some(&alice));
    let stdin = format!("{ALICE_PW}\nattacker's new passphrase\n");
    let mut exits = Vec::new();
    for guess in 0..8 {
        let code = format!("{:06}", 100_000 + guess * 7919);
        let (rc, _) = env
            .stepup(&["passwd", "--password-stdin", "--code", &code])
            .session(&alice)
            .stdin(&stdin)
            .json();
        exits.push(rc);
    }
    // Five refusals, then every further try waits (and is not even checked).
    assert_eq!(exits, [3, 3, 3, 3, 3, 4, 4, 4]);
    let (_, v) = env.stepup(&["user", "show", "alice"]).json();
    assert_eq!(v["failed_attempts"], 5);
}

#[test]
fn brute_forcing_the_current_password_on_passwd_ends_in_a_lockout() {
    let (env, alice) = with_alice(None);
    let mut exits = Vec::new();
    for guess in 0..7 {
        let (rc, _) = env
            .stepup(&["passwd", "--password-stdin"])
            .session(&alice)
            .stdin(format!("guess number {guess}\nattacker's new passphrase\n"))
            .json();
        exits.push(rc);
    }
    assert_eq!(exits, [3, 3, 3, 3, 3, 4, 4]);
    // The right password cannot get through until the delay is over.
    let (rc, v) = env
        .stepup(&["passwd", "--password-stdin"])
        .session(&alice)
        .stdin(format!("{ALICE_PW}\nattacker's new passphrase\n"))
        .json();
    assert_eq!(rc, 4, "{v}");
}

#[test]
fn replaying_every_kind_of_code_is_refused() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    let (mut app, codes) = enroll_totp(&env, Some(&alice));
    // TOTP: used for login, replayed for login and for passwd.
    let totp = app.next_code();
    assert_eq!(login_alice(&env, &["--code", &totp]).0, 0);
    assert_eq!(login_alice(&env, &["--code", &totp]).0, 3);
    let stdin = format!("{ALICE_PW}\nanother long passphrase\n");
    assert_eq!(
        env.stepup(&["passwd", "--password-stdin", "--code", &totp])
            .session(&alice)
            .stdin(&stdin)
            .json()
            .0,
        3
    );
    // Recovery: used once, replayed.
    assert_eq!(login_alice(&env, &["--code", &codes[3]]).0, 0);
    assert_eq!(login_alice(&env, &["--code", &codes[3]]).0, 3);
    // Email: enroll it, then a login code replayed, and used for passwd.
    enable_email_after_totp(&env, &smtp, &alice, &mut app);
    pause_for_resend();
    assert_eq!(login_alice(&env, &["--method", "email"]).0, 10);
    let email = smtp.last_code();
    assert_eq!(
        env.stepup(&[
            "passwd",
            "--password-stdin",
            "--method",
            "email",
            "--code",
            &email
        ])
        .session(&alice)
        .stdin(&stdin)
        .json()
        .0,
        3,
        "a login code is not a passwd code"
    );
    assert_eq!(
        login_alice(&env, &["--method", "email", "--code", &email]).0,
        0
    );
    assert_eq!(
        login_alice(&env, &["--method", "email", "--code", &email]).0,
        3
    );
    // Codes of one user do not work for another.
    env.token(ADMIN, ADMIN_PW);
    env.add_user("bob", "bob's long passphrase", None);
    let bob = env.token("bob", "bob's long passphrase");
    let (_bob_app, _) = enroll_totp(&env, Some(&bob));
    let (rc, _) = env
        .stepup(&["login", "bob", "--password-stdin", "--code", &codes[4]])
        .stdin("bob's long passphrase\n")
        .json();
    assert_eq!(rc, 3, "alice's recovery code is not bob's");
}
