//! Faults and load: SIGKILL at random points of a stream of writes, and many
//! processes at once. Each test checks what was acknowledged against what
//! the database holds afterwards.

use crate::support::*;
use std::collections::BTreeSet;
use std::process::Child;
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn spawn(env: &Env, args: &[&str], stdin: &str, token: &str) -> Child {
    env.stepup(args).session(token).stdin(stdin).spawn()
}

/// Kills `child` after `delay` unless it finished; returns its exit code
/// (None when it was killed before it finished).
fn kill_after(mut child: Child, delay: Duration) -> Option<i32> {
    let deadline = Instant::now() + delay;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if Instant::now() >= deadline {
            let _ = child.kill(); // SIGKILL
            let status = child.wait().unwrap();
            // It may have exited on its own just before the kill.
            return status.code();
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[test]
fn two_hundred_sigkills_lose_nothing_acknowledged_and_half_apply_nothing() {
    let env = Env::with_admin();
    let root = env.token(ADMIN, ADMIN_PW);
    // Users with recovery codes, so code consumption is part of the stream.
    let mut codes: Vec<(String, String)> = Vec::new();
    for i in 0..6 {
        let name = format!("coder{i}");
        env.stepup(&["user", "add", &name, "--password-stdin"])
            .session(&root)
            .stdin(format!("{ALICE_PW}\n"))
            .run()
            .ok();
        let token = env.token(&name, ALICE_PW);
        let (_app, rc) = enroll_totp(&env, Some(&token));
        codes.extend(rc.into_iter().map(|c| (name.clone(), c)));
    }
    let mut rng = Rng(0x5eed_cafe_f00d);
    let mut kills = 0;
    let mut added: BTreeSet<String> = BTreeSet::new();
    let mut attempted: BTreeSet<String> = BTreeSet::new();
    let mut consumed: Vec<(String, String)> = Vec::new();
    let mut policy_acknowledged: Option<&str> = None;
    let mut i = 0;
    while kills < 200 {
        i += 1;
        assert!(i < 2000, "too few kills landed: {kills} in {i} rounds");
        let delay = Duration::from_micros(rng.below(15_000));
        match rng.below(4) {
            0 | 1 => {
                let name = format!("user{i}");
                attempted.insert(name.clone());
                let child = spawn(
                    &env,
                    &["user", "add", &name, "--password-stdin"],
                    "a long passphrase 123\n",
                    &root,
                );
                match kill_after(child, delay) {
                    Some(0) => {
                        added.insert(name);
                    }
                    None => kills += 1,
                    Some(code) => panic!("user add exited {code}"),
                }
            }
            2 => {
                let policy = if rng.below(2) == 0 {
                    "disabled"
                } else {
                    "enabled"
                };
                let child = spawn(&env, &["policy", "set", policy], "", &root);
                match kill_after(child, delay) {
                    Some(0) => policy_acknowledged = Some(policy),
                    None => kills += 1,
                    Some(code) => panic!("policy set exited {code}"),
                }
            }
            _ => {
                if codes.is_empty() {
                    continue;
                }
                let (user, code) = codes.remove(rng.below(codes.len() as u64) as usize);
                // Only counted when MFA applies (policy enabled): make sure.
                env.stepup(&["policy", "set", "enabled"])
                    .session(&root)
                    .run()
                    .ok();
                policy_acknowledged = Some("enabled");
                let child = spawn(
                    &env,
                    &[
                        "login",
                        &user,
                        "--password-stdin",
                        "--print-token",
                        "--code",
                        "-",
                    ],
                    &format!("{ALICE_PW}\n{code}\n"),
                    &root,
                );
                match kill_after(child, delay) {
                    Some(0) => consumed.push((user, code)),
                    None => kills += 1,
                    Some(code) => panic!("login exited {code}"),
                }
            }
        }
        // After every kill the database opens and answers.
        let (rc, v) = env.stepup(&["user", "list"]).session(&root).json();
        assert_eq!(rc, 0, "round {i}: {v}");
    }
    let (_, v) = env.stepup(&["user", "list"]).session(&root).json();
    let present: BTreeSet<String> = v["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["user"].as_str().unwrap().to_string())
        .filter(|n| n.starts_with("user"))
        .collect();
    assert!(
        added.is_subset(&present),
        "acknowledged adds lost: {:?}",
        added.difference(&present).collect::<Vec<_>>()
    );
    assert!(present.is_subset(&attempted), "users that were never added");
    // Every present user is whole: its record decodes and its audit event
    // exists (both written in one transaction).
    let (_, audit) = env
        .stepup(&["audit", "--limit", "100000"])
        .session(&root)
        .json();
    let events = audit["events"].as_array().unwrap();
    for name in &present {
        assert!(
            events
                .iter()
                .any(|e| e["action"] == "user.add" && e["user"] == name.as_str()),
            "{name} is present without its audit event"
        );
        env.stepup(&["user", "show", name])
            .session(&root)
            .run()
            .ok();
    }
    for e in events.iter().filter(|e| e["action"] == "user.add") {
        let name = e["user"].as_str().unwrap();
        if name.starts_with("user") {
            assert!(
                present.contains(name),
                "audited add of {name} without the user"
            );
        }
    }
    if let Some(p) = policy_acknowledged {
        let last_set = events
            .iter()
            .rev()
            .find(|e| e["action"] == "policy.set")
            .unwrap();
        let (_, v) = env.stepup(&["policy", "show"]).session(&root).json();
        assert!(
            last_set["detail"]
                .as_str()
                .unwrap()
                .ends_with(v["policy"].as_str().unwrap()),
            "{p}: {last_set} vs {v}"
        );
    }
    // A consumed code stays consumed, and every used slot has its audit event.
    env.stepup(&["policy", "set", "enabled"])
        .session(&root)
        .run()
        .ok();
    for (user, code) in &consumed {
        let (rc, v) = env
            .stepup(&["login", user, "--password-stdin", "--code", "-"])
            .stdin(format!("{ALICE_PW}\n{code}\n"))
            .json();
        assert_eq!(rc, 3, "{user}: an acknowledged code works again: {v}");
    }
    for i in 0..6 {
        let name = format!("coder{i}");
        let (_, v) = env.stepup(&["user", "show", &name]).session(&root).json();
        let left = v["recovery_remaining"].as_u64().unwrap() as usize;
        let verified = events
            .iter()
            .filter(|e| {
                e["action"] == "verify" && e["user"] == name.as_str() && e["outcome"] == "ok"
            })
            .count();
        assert_eq!(
            10 - left,
            verified,
            "{name}: used slots and audited uses differ"
        );
    }
    eprintln!(
        "{kills} kills in {i} rounds; {} adds and {} code uses acknowledged",
        added.len(),
        consumed.len()
    );
}

#[test]
fn twelve_right_logins_at_once_all_land_none_refused_as_failed_attempts() {
    // Each counts its attempt as a failure before its hash is checked;
    // the others must not read those in-flight counts as failures.
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let children: Vec<_> = (0..12)
        .map(|_| {
            env.stepup(&["--json", "login", "alice", "--password-stdin"])
                .stdin(format!("{ALICE_PW}\n"))
                .spawn()
        })
        .collect();
    let outs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    for o in &outs {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let user = stored_user(&env, "alice");
    assert_eq!(
        user.throttle.failures, 0,
        "every counted attempt given back"
    );
    // A real failure streak is still refused.
    for _ in 0..5 {
        env.stepup(&["login", "alice", "--password-stdin"])
            .stdin("wrong\n")
            .run()
            .exits_saying(3, "wrong user name or password");
    }
    env.stepup(&["login", "alice", "--password-stdin"])
        .stdin(format!("{ALICE_PW}\n"))
        .run()
        .exits_saying(4, "too many failed attempts");
}

#[test]
fn sixteen_processes_of_mixed_reads_and_writes_all_succeed() {
    let env = Env::with_admin();
    // The workspace's loosest throttle: after 20 failures the wrong logins
    // are throttled (exit 4, not counted), which is not a busy failure.
    set_setting(&env, "throttle.free_failures", "20");
    let root = env.token(ADMIN, ADMIN_PW);
    env.add_user("target", ALICE_PW, None);
    let stop = Instant::now() + Duration::from_secs(6);
    let results: Vec<(usize, usize, usize, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|w| {
                let env = &env;
                let root = root.clone();
                s.spawn(move || {
                    let (mut adds, mut failed_logins, mut reads) = (0, 0, 0);
                    let mut errors = Vec::new();
                    let mut n = 0;
                    while Instant::now() < stop {
                        n += 1;
                        let run = match n % 4 {
                            0 => {
                                let r = env
                                    .stepup(&[
                                        "user",
                                        "add",
                                        &format!("w{w}n{n}"),
                                        "--password-stdin",
                                    ])
                                    .session(&root)
                                    .stdin("a long passphrase 99\n")
                                    .run();
                                if r.code == 0 {
                                    adds += 1;
                                }
                                r
                            }
                            1 => {
                                let r = env
                                    .stepup(&["login", "target", "--password-stdin"])
                                    .stdin("definitely wrong\n")
                                    .run();
                                if r.code == 3 {
                                    failed_logins += 1;
                                    continue;
                                }
                                if r.code == 4 && r.stderr.contains("too many failed attempts") {
                                    continue;
                                }
                                r
                            }
                            2 => env.stepup(&["whoami"]).session(&root).run(),
                            _ => env.stepup(&["user", "list"]).session(&root).run(),
                        };
                        if n % 4 >= 2 && run.code == 0 {
                            reads += 1;
                        }
                        if run.code != 0 {
                            errors.push(format!("exit {}: {}", run.code, run.stderr));
                        }
                    }
                    (adds, failed_logins, reads, errors)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let adds: usize = results.iter().map(|r| r.0).sum();
    let failed: usize = results.iter().map(|r| r.1).sum();
    let reads: usize = results.iter().map(|r| r.2).sum();
    let errors: Vec<&String> = results.iter().flat_map(|r| &r.3).collect();
    assert!(
        errors.is_empty(),
        "{} failures, e.g. {:?}",
        errors.len(),
        errors.first()
    );
    let (_, v) = env.stepup(&["user", "list"]).session(&root).json();
    assert_eq!(
        v["count"].as_u64().unwrap() as usize,
        2 + adds,
        "no lost update"
    );
    let (_, v) = env
        .stepup(&["user", "show", "target"])
        .session(&root)
        .json();
    assert_eq!(
        v["failed_attempts"].as_u64().unwrap() as usize,
        failed,
        "every failure counted once"
    );
    eprintln!("16 processes, 6 s: {adds} adds, {failed} failed logins, {reads} reads, 0 failures");
}
