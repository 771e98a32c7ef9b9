//! Interactive flows in a pseudo-terminal: one run each, prompts and menus,
//! as a person at a shell sees them.

use crate::support::*;
use rexpect::session::{PtySession, spawn_command};

fn spawn(env: &Env, args: &[&str], token: Option<&str>) -> PtySession {
    let mut inv = env.stepup(args);
    if let Some(t) = token {
        inv = inv.session(t);
    }
    spawn_command(inv.command(), Some(20_000)).expect("spawn in a pty")
}

#[test]
fn interactive_login_asks_for_the_password_then_the_code() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let mut p = spawn(&env, &["login", "alice"], None);
    p.exp_string("Password for alice:").unwrap();
    p.send_line(ALICE_PW).unwrap();
    p.exp_string("Code from your authenticator app (or a recovery code):")
        .unwrap();
    p.send_line(&app.next_code()).unwrap();
    p.exp_string("Logged in as alice").unwrap();
    p.exp_eof().unwrap();
    let (_, v) = env.stepup(&["whoami"]).json();
    assert_eq!(v["user"], "alice");
}

#[test]
fn interactive_enrollment_shows_the_qr_code_and_confirms_in_one_run() {
    let (env, alice) = with_alice(None);
    let mut p = spawn(&env, &["method", "enable", "totp"], Some(&alice));
    p.exp_string("Scan this code").unwrap();
    // The key beside the code, in two rows of four groups.
    let group = "[A-Z2-7]{4} [A-Z2-7]{4} [A-Z2-7]{4} [A-Z2-7]{4}";
    let (_, first) = p.exp_regex(group).unwrap();
    let (_, second) = p.exp_regex(group).unwrap();
    let secret = format!("{first}{second}").replace(' ', "");
    let mut app = Authenticator::new(&secret);
    p.exp_string("Code from your authenticator app:").unwrap();
    // A typo is asked again, not fatal.
    p.send_line("12").unwrap();
    p.exp_string("6 digits").unwrap();
    p.send_line(&app.next_code()).unwrap();
    p.exp_string("Authenticator App enabled.").unwrap();
    p.exp_string("Your recovery codes").unwrap();
    p.exp_regex("10\\. [a-z2-9]{6}-[a-z2-9]{6}-[a-z2-9]{6}")
        .unwrap();
    p.exp_eof().unwrap();
    let (_, v) = env.stepup(&["whoami"]).session(&alice).json();
    assert_eq!(v["enabled_methods"], serde_json::json!(["totp"]));
}

#[test]
fn with_two_methods_a_menu_offers_the_choice() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    enable_email_after_totp(&env, &smtp, &alice, &mut app);
    pause_for_resend();
    let sent = smtp.messages().len();
    let mut p = spawn(&env, &["login", "alice"], None);
    p.exp_string("Password for alice:").unwrap();
    p.send_line(ALICE_PW).unwrap();
    p.exp_string("Choose a method:").unwrap();
    p.exp_string("1) Authenticator App").unwrap();
    p.exp_string("2) Email").unwrap();
    p.exp_string("3) Recovery Code").unwrap();
    p.send_line("2").unwrap();
    p.exp_string("Code sent to a****@acme.example (or a recovery code):")
        .unwrap();
    let mail = smtp.wait_for(sent + 1);
    p.send_line(&code_in(&mail)).unwrap();
    p.exp_string("Logged in as alice").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn interactive_passwd_asks_twice_for_the_new_password_then_for_a_code() {
    let (env, alice) = with_alice(None);
    let (_app, codes) = enroll_totp(&env, Some(&alice));
    let mut p = spawn(&env, &["passwd"], Some(&alice));
    p.exp_string("Current password:").unwrap();
    p.send_line(ALICE_PW).unwrap();
    p.exp_string("New password for alice:").unwrap();
    p.send_line("a fresh passphrase for alice").unwrap();
    p.exp_string("Repeat the new password:").unwrap();
    p.send_line("a fresh passphrase for alice").unwrap();
    p.exp_string("(or a recovery code):").unwrap();
    p.send_line(&codes[0]).unwrap();
    p.exp_string("Password changed.").unwrap();
    p.exp_eof().unwrap();
    let (rc, _) = env
        .stepup(&["login", "alice", "--password-stdin"])
        .stdin("a fresh passphrase for alice\n")
        .json();
    assert_eq!(rc, 10);
}

#[test]
fn no_input_never_prompts_even_on_a_terminal() {
    let env = Env::with_admin();
    let mut p = spawn(&env, &["--no-input", "login", ADMIN], None);
    p.exp_string("--password-stdin").unwrap();
    p.exp_eof().unwrap();
}

/// The pid of the stepup process whose command line mentions `marker`.
fn find_pid(marker: &str) -> u32 {
    for _ in 0..100 {
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
                continue;
            };
            let cmdline = String::from_utf8_lossy(&cmdline);
            if cmdline.contains(marker) && cmdline.contains("stepup") {
                return pid;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("no stepup process with {marker}");
}

#[test]
fn while_a_prompt_waits_no_secret_is_in_argv_or_the_environment() {
    let (env, alice) = with_alice(None);
    let (mut app, codes) = enroll_totp(&env, Some(&alice));
    let db = env.db.to_str().unwrap().to_string();
    let mut p = spawn(&env, &["--db", &db, "passwd"], Some(&alice));
    p.exp_string("Current password:").unwrap();
    p.send_line(ALICE_PW).unwrap();
    p.exp_string("New password for alice:").unwrap();
    p.send_line("the new secret phrase").unwrap();
    p.exp_string("Repeat the new password:").unwrap();
    p.send_line("the new secret phrase").unwrap();
    p.exp_string("(or a recovery code):").unwrap();
    // Both passwords are in the process's memory now; are they anywhere else?
    let pid = find_pid(&db);
    let cmdline = String::from_utf8_lossy(&std::fs::read(format!("/proc/{pid}/cmdline")).unwrap())
        .into_owned();
    let environ = String::from_utf8_lossy(&std::fs::read(format!("/proc/{pid}/environ")).unwrap())
        .into_owned();
    for secret in [ALICE_PW, "the new secret phrase", &app.base32, &codes[0]] {
        assert!(!cmdline.contains(secret), "{secret} in argv");
        assert!(!environ.contains(secret), "{secret} in the environment");
    }
    p.send_line(&app.next_code()).unwrap();
    p.exp_string("Password changed.").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn password_stdin_on_a_terminal_says_what_it_reads_and_hides_the_typing() {
    let env = Env::with_admin();
    let mut p = spawn(&env, &["user", "add", "carol", "--password-stdin"], None);
    p.exp_string("Reading the new user's password from standard input (typing is hidden):")
        .unwrap();
    p.send_line("carol's hidden passphrase").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("Added member carol."), "{rest}");
    assert!(
        !rest.contains("hidden passphrase"),
        "the password was echoed: {rest}"
    );
    env.token("carol", "carol's hidden passphrase");
}

#[test]
fn an_event_after_a_prompt_carries_the_time_it_happened() {
    let (env, alice) = with_alice(None);
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    let mut p = spawn(&env, &["login", "alice"], None);
    p.exp_string("Password for alice:").unwrap();
    p.send_line(ALICE_PW).unwrap();
    p.exp_string("Code from your authenticator app").unwrap();
    // A slow hand at the prompt.
    std::thread::sleep(std::time::Duration::from_millis(2200));
    let typed_at = stepup::domain::time::Timestamp(unix_now()).rfc3339();
    p.send_line(&app.next_code()).unwrap();
    p.exp_eof().unwrap();
    env.token(ADMIN, ADMIN_PW);
    let (_, v) = env.stepup(&["audit", "--user", "alice"]).json();
    let login = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["action"] == "login" && e["outcome"] == "ok")
        .expect("a login event")
        .clone();
    // RFC 3339 in UTC with the same layout compares as text.
    assert!(
        login["time"].as_str().unwrap() >= typed_at.as_str(),
        "the event has the start time: {login} (code typed at {typed_at})"
    );
}

#[test]
fn on_a_terminal_every_wrong_input_asks_again_with_the_same_words() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    enable_email_after_totp(&env, &smtp, &alice, &mut app);
    // passwd: a refused new password, a mistyped repeat, then a wrong code,
    // each asked again; the menu takes the method's name.
    let mut p = spawn(&env, &["passwd"], Some(&alice));
    p.exp_string("Current password:").unwrap();
    p.send_line(ALICE_PW).unwrap();
    p.exp_string("New password for alice:").unwrap();
    p.send_line("password").unwrap();
    p.exp_string("Try again.").unwrap();
    p.exp_string("New password for alice:").unwrap();
    p.send_line("a long new passphrase 7").unwrap();
    p.exp_string("Repeat the new password:").unwrap();
    p.send_line("a long new passphrase 8").unwrap();
    p.exp_string("the two passwords differ. Try again.")
        .unwrap();
    p.exp_string("New password for alice:").unwrap();
    p.send_line("a long new passphrase 7").unwrap();
    p.exp_string("Repeat the new password:").unwrap();
    p.send_line("a long new passphrase 7").unwrap();
    p.exp_string("Choose 1-3").unwrap();
    p.send_line("totp").unwrap();
    p.exp_string("Code from your authenticator app").unwrap();
    p.send_line("000000").unwrap();
    p.exp_string("Try again.").unwrap();
    p.exp_string("Code from your authenticator app").unwrap();
    p.send_line(&app.next_code()).unwrap();
    p.exp_string("Password changed.").unwrap();
    p.exp_eof().unwrap();
    // The new password is taken (a code is asked next), the old one not.
    let login = |pw: &str| {
        env.stepup(&["login", "alice", "--password-stdin"])
            .stdin(format!("{pw}\n"))
            .json()
            .0
    };
    assert_eq!(login("a long new passphrase 7"), 10);
    assert_eq!(login(ALICE_PW), 3);
}

#[test]
fn the_resend_limit_on_a_terminal_offers_the_live_code_or_another_way_and_keeps_the_passwords() {
    let smtp = Smtp::start();
    let (env, alice) = with_alice(Some(&smtp));
    let (mut app, _) = enroll_totp(&env, Some(&alice));
    enable_email_after_totp(&env, &smtp, &alice, &mut app);
    set_setting(&env, "codes.email_resend_seconds", "60");
    // The enrollment code was just sent: no new one for a minute.
    let mut p = spawn(&env, &["passwd"], Some(&alice));
    p.exp_string("Current password:").unwrap();
    p.send_line(ALICE_PW).unwrap();
    p.exp_string("New password for alice:").unwrap();
    p.send_line("a long new passphrase 7").unwrap();
    p.exp_string("Repeat the new password:").unwrap();
    p.send_line("a long new passphrase 7").unwrap();
    p.exp_string("Choose 1-3").unwrap();
    p.send_line("email").unwrap();
    p.exp_string("a new one can be sent in").unwrap();
    p.exp_string("Choose another way, or wait:").unwrap();
    p.exp_string("wait").unwrap();
    p.send_line("totp").unwrap();
    p.exp_string("Code from your authenticator app").unwrap();
    p.send_line(&app.next_code()).unwrap();
    p.exp_string("Password changed.").unwrap();
    p.exp_eof().unwrap();

    // A script asked for a passwd code; on the terminal that live code is
    // the one asked for, with the time it was sent (no new one can go).
    set_setting(&env, "codes.email_resend_seconds", "1");
    pause_for_resend();
    let (rc, v) = env
        .stepup(&["passwd", "--password-stdin", "--method", "email"])
        .session(&alice)
        .stdin("a long new passphrase 7\nan even newer passphrase 8\n")
        .json();
    assert_eq!(rc, 10, "{v}");
    let code = smtp.last_code();
    set_setting(&env, "codes.email_resend_seconds", "60");
    let mut p = spawn(&env, &["passwd"], Some(&alice));
    p.exp_string("Current password:").unwrap();
    p.send_line("a long new passphrase 7").unwrap();
    p.exp_string("New password for alice:").unwrap();
    p.send_line("an even newer passphrase 8").unwrap();
    p.exp_string("Repeat the new password:").unwrap();
    p.send_line("an even newer passphrase 8").unwrap();
    p.exp_string("Choose 1-3").unwrap();
    p.send_line("2").unwrap();
    p.exp_string("Code sent to a****@acme.example at ").unwrap();
    p.exp_string("UTC").unwrap();
    p.send_line(&code).unwrap();
    p.exp_string("Password changed.").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn the_whole_qr_code_and_the_prompt_fit_an_80_by_24_terminal() {
    let (env, alice) = with_alice(None);
    for no_color in [false, true] {
        let mut inv = env.stepup(&["method", "enable", "totp"]).session(&alice);
        if no_color {
            inv = inv.var("NO_COLOR", "1");
        }
        let mut p = spawn_command(inv.command(), Some(20_000)).expect("spawn in a pty");
        // rexpect hands over the bytes as Latin-1 characters.
        let raw = p.exp_string("Code from your authenticator app:").unwrap();
        let bytes: Vec<u8> = raw.chars().map(|c| c as u32 as u8).collect();
        let shown = String::from_utf8(bytes).unwrap();
        let term = terminal_80x24(&format!("{shown}Code from your authenticator app: "));
        let screen = term.screen();
        let text = screen.contents();
        // The prompt is on the screen, last; the code above it decodes.
        assert!(
            text.trim_end()
                .ends_with("Code from your authenticator app:"),
            "NO_COLOR={no_color}:\n{text}"
        );
        let grid = qr_on_screen(screen);
        let uri = decode_qr(&grid);
        assert!(
            uri.starts_with("otpauth://totp/Acme:alice?secret="),
            "{uri}"
        );
        // The key beside it is the code's secret.
        let secret = uri
            .split("secret=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        let key_on_screen: String = text
            .lines()
            .filter_map(|l| l.split("  ").last())
            .filter(|l| {
                l.len() == 19
                    && l.split(' ')
                        .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_alphanumeric()))
            })
            .collect::<Vec<_>>()
            .join("")
            .replace(' ', "");
        assert_eq!(key_on_screen, secret, "NO_COLOR={no_color}:\n{text}");
        // No line of the output is wider than the screen.
        assert!(
            !shown.contains("otpauth URI:\r\n  "),
            "the stream layout on a terminal"
        );
        p.send_control('c').unwrap();
    }
}
