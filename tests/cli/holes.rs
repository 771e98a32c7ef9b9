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
