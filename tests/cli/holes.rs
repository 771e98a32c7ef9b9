//! The holes an outside attack found in the first release (issue 9), each
//! reproduced as the attack did it, against the real binary.

use crate::support::*;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

/// The pids the next processes will most likely get: the attack planted
/// files under every name a coming process would use.
fn next_pids(n: u32) -> std::ops::Range<u32> {
    let last: u32 = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .expect("/proc/sys/kernel/ns_last_pid")
        .trim()
        .parse()
        .unwrap();
    last + 1..last + 1 + n
}

#[test]
fn symlinks_planted_under_predictable_temporary_names_redirect_nothing() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    // The attacker's own file, which the first release filled with every
    // argon2 hash through `<target>.<pid>.tmp`.
    let loot = env.path().join("loot");
    std::fs::write(&loot, "").unwrap();
    let out = env.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let target = out.join("users.jsonl");
    for pid in next_pids(300) {
        std::os::unix::fs::symlink(&loot, out.join(format!("users.jsonl.{pid}.tmp"))).unwrap();
    }
    let (rc, v) = env
        .stepup(&[
            "user",
            "export",
            target.to_str().unwrap(),
            "--include-password-hashes",
        ])
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(read(&loot), "", "the hashes went through a planted link");
    assert!(read(&target).contains("$argon2id$"));
    assert!(
        !std::fs::symlink_metadata(&target)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(mode(&target), 0o600);

    // The same trick on the session file's temporary name truncated an
    // unrelated file.
    let precious = env.path().join("precious");
    std::fs::write(&precious, "keep me").unwrap();
    let state = env.path().join("state").join("stepup");
    let session = env.session_files().pop().expect("a session file");
    for pid in next_pids(300) {
        let name = format!(
            "{}.{pid}.tmp",
            session.file_name().unwrap().to_string_lossy()
        );
        std::os::unix::fs::symlink(&precious, state.join(name)).unwrap();
    }
    env.stepup(&["login", ADMIN, "--password-stdin"])
        .stdin(format!("{ADMIN_PW}\n"))
        .run()
        .ok();
    assert_eq!(read(&precious), "keep me");
    env.stepup(&["whoami"]).run().ok();
}

#[test]
fn an_export_never_writes_through_a_symlink_at_its_target() {
    let env = Env::with_admin();
    let loot = env.path().join("loot");
    std::fs::write(&loot, "").unwrap();
    let target = env.path().join("users.jsonl");
    std::os::unix::fs::symlink(&loot, &target).unwrap();
    let (rc, v) = env
        .stepup(&[
            "user",
            "export",
            target.to_str().unwrap(),
            "--include-password-hashes",
        ])
        .json();
    assert_ne!(rc, 0, "{v}");
    assert_eq!(read(&loot), "");
}

#[test]
fn a_fifo_at_the_session_file_is_refused_at_once_instead_of_hanging() {
    let env = Env::with_admin();
    let session = env.session_files().pop().expect("a session file");
    std::fs::remove_file(&session).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(&session)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let started = Instant::now();
    let mut child = env.stepup(&["--json", "whoami"]).spawn();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("whoami hung on a FIFO session file");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "failure");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("not a regular file"),
        "{v}"
    );
}

#[test]
fn a_session_file_others_can_read_or_that_is_a_link_is_refused() {
    let env = Env::with_admin();
    let session = env.session_files().pop().expect("a session file");
    std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (rc, v) = env.stepup(&["whoami"]).json();
    assert_eq!(rc, 1, "{v}");
    assert!(v["message"].as_str().unwrap().contains("0644"), "{v}");

    std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o600)).unwrap();
    let elsewhere = env.path().join("elsewhere");
    std::fs::rename(&session, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &session).unwrap();
    let (rc, v) = env.stepup(&["whoami"]).json();
    assert_eq!(rc, 1, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("symbolic link"),
        "{v}"
    );
    // logout does not follow it either: the file it points to stays.
    env.stepup(&["logout"]).run();
    assert!(elsewhere.exists());
}

#[test]
fn a_broken_config_line_is_never_quoted_back() {
    let env = Env::with_admin();
    env.set_config(
        "[email]\nurl = \"smtp://mfa:Hunter2-SMTP-pass@mail.example:587\" x\nfrom = \"a@b.example\"\n",
    );
    let run = env.stepup(&["--json", "whoami"]).run();
    assert_eq!(run.code, 1);
    let v = run.json();
    assert_eq!(v["kind"], "failure");
    let message = v["message"].as_str().unwrap();
    assert!(message.contains("line "), "{message}");
    assert!(message.contains("email.url"), "{message}");
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains("Hunter2"), "{text}");
    }
}

#[test]
fn formula_addresses_are_refused_and_formula_cells_neutralised_on_export() {
    let env = Env::with_admin();
    let run = env
        .stepup(&[
            "--json",
            "user",
            "add",
            "mallory",
            "--email",
            "=cmd|'/Ccalc'!A0@x.example",
            "--password-stdin",
        ])
        .stdin("mallory's long passphrase\n")
        .run();
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.json()["kind"], "usage");
    assert!(run.json()["message"].as_str().unwrap().contains("= + - @"));
    // Names cannot start like a formula either; the export neutralises any
    // cell that does (an address stored by the first release, say: unit
    // tests in io/userfile.rs), so no exported line starts like one.
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let file = env.path().join("users.csv");
    env.stepup(&["user", "export", file.to_str().unwrap(), "--format", "csv"])
        .run()
        .ok();
    let csv = read(&file);
    assert!(csv.contains("alice@acme.example"), "{csv}");
    for cell in csv.lines().skip(1).flat_map(|l| l.split(',')) {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell a spreadsheet would run: {cell:?}"
        );
    }
}

#[test]
fn compact_reports_the_size_it_leaves() {
    let env = Env::with_admin();
    for i in 0..40 {
        env.add_user(&format!("user{i}"), ALICE_PW, None);
    }
    for i in 0..40 {
        env.stepup(&["user", "remove", &format!("user{i}")])
            .run()
            .ok();
    }
    let (rc, v) = env.stepup(&["compact"]).json();
    assert_eq!(rc, 0, "{v}");
    let size = std::fs::metadata(&env.db).unwrap().len();
    assert_eq!(v["bytes_after"], size, "{v}");
    assert!(
        v["bytes_after"].as_u64() < v["bytes_before"].as_u64(),
        "{v}"
    );
}

/// A damaged file that went wrong: where, what byte, the exit, stderr.
type Bad = (usize, u8, Option<i32>, String);

/// A small seeded generator, so the corruption run is the same every time.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn two_thousand_five_hundred_damaged_files_never_abort_and_never_log_in_without_a_code() {
    let env = Env::with_admin();
    enroll_totp(&env, None);
    // The base file as the admin left it: TOTP enrolled, so a login must
    // ask for a code (exit 10), or fail (1, or 4 when redb waits on a
    // damaged lock), never succeed without one.
    let base = std::fs::read(&env.db).unwrap();
    let mut rng = Lcg(0x5eed_0009);
    let cases: Vec<(usize, u8)> = (0..2500)
        .map(|_| {
            let at = rng.next() as usize % base.len();
            let mut value = rng.next() as u8;
            if value == base[at] {
                value ^= 0xff;
            }
            (at, value)
        })
        .collect();
    let workers = 2;
    let results: Vec<Vec<Bad>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (env, base, cases) = (&env, &base, &cases);
                s.spawn(move || {
                    let file = env.path().join(format!("damaged-{w}.redb"));
                    let mut bad = Vec::new();
                    for (i, (at, value)) in cases.iter().enumerate() {
                        if i % workers != w {
                            continue;
                        }
                        let mut bytes = base.clone();
                        bytes[*at] = *value;
                        std::fs::write(&file, &bytes).unwrap();
                        let out = env
                            .stepup(&["--json", "login", ADMIN, "--password-stdin"])
                            .var("STEPUP_DB", file.to_str().unwrap())
                            .stdin(format!("{ADMIN_PW}\n"))
                            .spawn()
                            .wait_with_output()
                            .unwrap();
                        let code = out.status.code();
                        let json_ok = serde_json::from_slice::<serde_json::Value>(&out.stdout)
                            .is_ok_and(|v| v["status"] != "ok");
                        if !matches!(code, Some(1 | 4 | 10)) || !json_ok {
                            bad.push((
                                *at,
                                *value,
                                code,
                                String::from_utf8_lossy(&out.stderr).into_owned(),
                            ));
                        }
                    }
                    bad
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let bad: Vec<_> = results.into_iter().flatten().collect();
    assert!(
        bad.is_empty(),
        "{} of 2500 damaged files aborted, logged in without a code or printed no JSON: {:?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
}

/// Root with an authenticator, logged in through the session file; returns
/// the app, root's recovery codes and root's token.
fn admin_with_totp(env: &Env) -> (Authenticator, Vec<String>, String) {
    let (app, codes) = enroll_totp(env, None);
    let session = env.session_files().pop().expect("a session file");
    let token = read(&session).trim().to_string();
    (app, codes, token)
}

#[test]
fn a_stolen_admin_session_cannot_grant_admin_reset_mfa_or_take_the_account() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let (_app, codes, root) = admin_with_totp(&env);
    // The thief holds root's token only. Granting admin asks for root's code.
    let (rc, v) = env
        .stepup(&["user", "add", "evil", "--admin", "--password-stdin"])
        .session(&root)
        .stdin("evil's long passphrase\n")
        .json();
    assert_eq!(rc, 10, "{v}");
    assert_eq!(v["status"], "code_required");
    assert_eq!(v["action"], "admin");
    assert_eq!(v["options"], serde_json::json!(["totp", "recovery"]));
    let (rc, _) = env.stepup(&["user", "show", "evil"]).session(&root).json();
    assert_eq!(rc, 2, "evil was not created");
    // The chain's later steps are closed too, fresh or not: a step-up for
    // one admin command (with a recovery code the thief does not have, here
    // root's own) makes the session fresh for `admin`...
    let (rc, v) = env
        .stepup(&["user", "unlock", "alice", "--code", &codes[0]])
        .session(&root)
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["verified_with"], "recovery");
    let (rc, v) = env
        .stepup(&["user", "unlock", "alice"])
        .session(&root)
        .json();
    assert_eq!(rc, 0, "fresh for admin: {v}");
    assert_eq!(v["verified_with"], "fresh");
    // ...but what always asks still asks.
    for args in [
        vec!["user", "add", "evil", "--admin", "--password-stdin"],
        vec!["user", "reset-mfa", "alice"],
        vec!["policy", "set", "disabled"],
        vec!["user", "export", "-", "--include-password-hashes"],
        vec!["settings", "set", "throttle.lockout_after", "50"],
    ] {
        let (rc, v) = env
            .stepup(&args)
            .session(&root)
            .stdin("evil's long passphrase\n")
            .json();
        assert_eq!(rc, 10, "{args:?} went through on freshness: {v}");
        assert_eq!(v["action"], "admin");
    }
    // And the last step of the attack: root's own methods cannot be reset
    // from root's session, so they stay, and changing them asks for a code.
    let (rc, v) = env
        .stepup(&["user", "reset-mfa", ADMIN, "--code", &codes[1]])
        .session(&root)
        .json();
    assert_eq!(rc, 3, "{v}");
    let (rc, v) = env
        .stepup(&["method", "disable", "totp"])
        .session(&root)
        .json();
    assert_eq!(rc, 10, "{v}");
    assert_eq!(v["purpose"], "step_up");
}

#[test]
fn freshness_is_per_session_and_per_action_and_ends_with_logout() {
    let env = Env::with_admin();
    let (_app, codes, root) = admin_with_totp(&env);
    let (rc, v) = env
        .stepup(&["policy", "allow", "totp", "--code", &codes[0]])
        .session(&root)
        .json();
    assert_eq!(rc, 0, "{v}");
    assert!(
        v["fresh_until"].is_null(),
        "freshness is not reported for a code: {v}"
    );
    let (rc, v) = env
        .stepup(&["policy", "allow", "email"])
        .session(&root)
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["verified_with"], "fresh");
    assert!(v["fresh_until"].is_string(), "{v}");
    // Not from one action to another: passwd still asks.
    let (rc, v) = env
        .stepup(&["passwd", "--password-stdin"])
        .session(&root)
        .stdin(format!("{ADMIN_PW}\na brand new admin passphrase\n"))
        .json();
    assert_eq!(rc, 10, "{v}");
    // Not across sessions.
    let (rc, v) = env
        .stepup(&[
            "login",
            ADMIN,
            "--password-stdin",
            "--print-token",
            "--code",
            &codes[1],
        ])
        .stdin(format!("{ADMIN_PW}\n"))
        .json();
    assert_eq!(rc, 0, "{v}");
    let other = v["token"].as_str().unwrap().to_string();
    let (rc, _) = env
        .stepup(&["policy", "allow", "email"])
        .session(&other)
        .json();
    assert_eq!(rc, 10);
    // A change of the user's methods ends it (recovery codes regenerated
    // do not change methods; disabling one does).
    env.stepup(&["logout"]).session(&root).run().ok();
    let (rc, _) = env
        .stepup(&["policy", "allow", "email"])
        .session(&root)
        .json();
    assert_eq!(rc, 3, "logged out");
    // action set changes the freshness; 0 asks every time.
    let (rc, v) = env
        .stepup(&[
            "action",
            "set",
            "admin",
            "--fresh-for",
            "0",
            "--code",
            &codes[2],
        ])
        .session(&other)
        .json();
    assert_eq!(rc, 0, "{v}");
    let (rc, _) = env
        .stepup(&["policy", "allow", "email"])
        .session(&other)
        .json();
    assert_eq!(rc, 10, "no freshness any more");
    let (rc, v) = env.stepup(&["action", "list"]).session(&other).json();
    assert_eq!(rc, 0);
    let admin = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "admin")
        .unwrap()
        .clone();
    assert_eq!(admin["fresh_for_seconds"], 0);
    for (args, needle) in [
        (
            vec!["action", "set", "deploy", "--fresh-for", "1m"],
            "no action",
        ),
        (vec!["action", "set", "admin", "--fresh-for", "13h"], "12h"),
        (vec!["action", "set", "login", "--fresh-for", "5m"], "login"),
    ] {
        let (rc, v) = env.stepup(&args).session(&other).json();
        assert_eq!(rc, 2, "{args:?}: {v}");
        assert!(v["message"].as_str().unwrap().contains(needle), "{v}");
    }
}

#[test]
fn limits_belong_to_the_workspace_and_a_config_can_only_tighten_them() {
    let env = Env::with_admin();
    let (rc, v) = env.stepup(&["settings", "show"]).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["settings"]["throttle.free_failures"], 5);
    assert_eq!(v["settings"]["session.idle_minutes"], 30);
    // The attack's config: out of range is an error naming the key...
    env.set_config("[throttle]\nfree_failures = 4000000000\n");
    let run = env.stepup(&["--json", "whoami"]).run();
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("throttle.free_failures"),
        "{}",
        run.stdout
    );
    // ...and a looser value in range is ignored with a warning.
    env.set_config("[throttle]\nfree_failures = 20\n");
    env.add_user("alice", ALICE_PW, None);
    let mut exits = Vec::new();
    let mut warned = false;
    for _ in 0..7 {
        let run = env
            .stepup(&["--json", "login", "alice", "--password-stdin"])
            .stdin("not the password\n")
            .run();
        warned |= run
            .stderr
            .contains("`throttle.free_failures` = 20 is looser");
        exits.push(run.code);
    }
    assert!(warned);
    assert_eq!(
        exits,
        [3, 3, 3, 3, 3, 4, 4],
        "the workspace's 5 free failures hold"
    );
    // A stricter value applies to this caller's own attempts.
    env.set_config("[session]\nidle_minutes = 5\n");
    let (rc, v) = env
        .stepup(&["login", ADMIN, "--password-stdin"])
        .stdin(format!("{ADMIN_PW}\n"))
        .json();
    assert_eq!(rc, 0, "{v}");
    let expires = v["expires_at"].as_str().unwrap().to_string();
    env.set_config("");
    let (_, v) = env.stepup(&["whoami"]).json();
    assert_ne!(
        v["expires_at"].as_str().unwrap(),
        expires,
        "30 min without the config"
    );
    // settings set: validated, audited.
    for (key, value) in [
        ("throttle.free_failures", "4000000000"),
        ("throttle.lockout_after", "0"),
        ("session.idle_minutes", "0"),
        ("codes.email_resend_seconds", "0"),
        ("no.such.key", "1"),
    ] {
        let (rc, v) = env.stepup(&["settings", "set", key, value]).json();
        assert_eq!(rc, 2, "{key} {value}: {v}");
    }
    let (rc, v) = env
        .stepup(&["settings", "set", "throttle.lockout_after", "50"])
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["settings"]["throttle.lockout_after"], 50);
    let (_, v) = env.stepup(&["audit", "--limit", "1"]).json();
    assert_eq!(v["events"][0]["action"], "settings.set");
}

#[test]
fn unknown_names_answer_like_real_ones_even_when_they_share_a_slot() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    // Two unknown names in the same slot, found with the workspace's key
    // (which only a reader of the file has).
    let key = stepup::store::phantom_key_of(&env.db).unwrap();
    let first = "ghost-0".to_string();
    let slot = stepup::store::phantom_slot(&key, &first);
    let second = (1..)
        .map(|i| format!("ghost-{i}"))
        .find(|n| stepup::store::phantom_slot(&key, n) == slot)
        .unwrap();
    let attempt = |name: &str| -> (i32, String) {
        let (rc, v) = env
            .stepup(&["login", name, "--password-stdin"])
            .stdin("not the password\n")
            .json();
        (rc, v["message"].as_str().unwrap_or_default().to_string())
    };
    for _ in 0..5 {
        assert_eq!(attempt(&first).0, 3);
        assert_eq!(attempt("alice").0, 3);
    }
    // The attack: one try of the colliding name, then the first name again.
    let (rc, _) = attempt(&second);
    assert_eq!(rc, 4, "the shared slot stays throttled");
    // Alike up to the seconds left, which depend on when each last failed.
    let shape = |(rc, message): (i32, String)| {
        let words: String = message.chars().filter(|c| !c.is_ascii_digit()).collect();
        (rc, words)
    };
    assert_eq!(
        shape(attempt(&first)),
        shape(attempt("alice")),
        "unknown and real answer alike"
    );
}

#[test]
fn the_newcomers_policy_sequence_cannot_lock_the_only_admin_out() {
    let env = Env::with_admin();
    let (_app, codes, _) = admin_with_totp(&env);
    let (rc, v) = env
        .stepup(&["policy", "set", "required", "--code", &codes[0]])
        .json();
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = env.stepup(&["policy", "deny", "email"]).json();
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = env.stepup(&["policy", "deny", "totp", "--force"]).json();
    assert_eq!(rc, 3, "{v}");
    assert_eq!(v["kind"], "denied");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("could not get back in"),
        "{v}"
    );
    let (_, v) = env.stepup(&["policy", "show"]).json();
    assert_eq!(v["allowed_methods"], serde_json::json!(["totp"]));
    // Nor `policy set required --force` once nothing is allowed.
    let (rc, v) = env.stepup(&["policy", "set", "enabled"]).json();
    assert_eq!(rc, 0, "{v}");
    env.stepup(&["policy", "deny", "totp", "--force"])
        .run()
        .ok();
    let (rc, v) = env.stepup(&["policy", "set", "required", "--force"]).json();
    assert_eq!(rc, 3, "{v}");
    // The way back stays open: `policy allow` (fresh for `admin` here; an
    // admin with no option left at all runs it without a code).
    let (rc, v) = env.stepup(&["policy", "allow", "totp"]).json();
    assert_eq!(rc, 0, "{v}");
}
