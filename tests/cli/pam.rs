//! `pam_stepup.so` through the real `pamtester`, as root in a host of its
//! own (a private `/etc`, see `system.rs`): codes, replay, `nullok`,
//! unknown users, throttling, email through the conversation, failing
//! closed, the break-glass group, and PostgreSQL. Needs root.

use crate::support::{Authenticator, bin};
use crate::system::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

const AUTH_ERR: &str = "Authentication failure";
const MAXTRIES: &str = "Have exhausted maximum number of retries for service";
const USER_UNKNOWN: &str = "User not known to the underlying authentication module";
const UNAVAILABLE: &str = "Authentication service cannot retrieve authentication info";
const SUCCESS: &str = "successfully authenticated";

/// The module, built once for this test binary (as the README says:
/// `cargo build -p pam-stepup`).
fn module() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let target = bin().parent().unwrap().to_path_buf();
        let status = Command::new(env!("CARGO"))
            .args(["build", "--locked", "-p", "pam-stepup"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("run cargo build -p pam-stepup");
        assert!(status.success(), "cargo build -p pam-stepup failed");
        let so = target.join("libpam_stepup.so");
        assert!(so.exists(), "{} was not built", so.display());
        so
    })
}

/// A PAM service `name` in this host's /etc/pam.d with the module's `args`.
fn service(host: &Host, name: &str, args: &str) {
    let path = host.root.join("etc/pam.d").join(name);
    std::fs::write(
        &path,
        format!(
            "auth required {} {args}\naccount required pam_permit.so\n",
            module().display()
        ),
    )
    .unwrap();
}

/// `pamtester SERVICE USER authenticate` with `answers` on its input.
fn pamtester(
    host: &Host,
    service: &str,
    user: &str,
    answers: &str,
    vars: &[(&str, &str)],
) -> Output {
    // `root_cmd` runs `env -i`; the variables go after it, as sudo would
    // pass the caller's.
    let mut c = host.root_cmd(Path::new("/usr/bin/env"));
    c.args(vars.iter().map(|(k, v)| format!("{k}={v}")));
    c.args(["/usr/bin/pamtester", service, user, "authenticate"]);
    feed(c, answers)
}

fn says(out: &Output, what: &str) -> bool {
    text(out).contains(what)
}

/// A host with stepup installed, alice with an authenticator and an OS
/// account, bob with no method.
fn host_with_alice() -> (Host, Authenticator) {
    let (host, app, _) = host_with_alice_and_codes();
    (host, app)
}

fn host_with_alice_and_codes() -> (Host, Authenticator, Vec<String>) {
    let host = Host::new();
    host.install();
    host.add_member("alice", ALICE_PW);
    host.add_member("bob", "bob-passphrase-for-tests");
    let out = host.login(ALICE, "alice", ALICE_PW);
    assert!(out.status.success(), "{}", text(&out));
    let app = enroll_totp(&host, ALICE);
    let codes = LAST_RECOVERY_CODES.with(|c| c.borrow().clone());
    let mut c = host.root_cmd(Path::new("/usr/sbin/useradd"));
    c.args(["--no-create-home", "--uid", &ALICE.to_string(), "alice"]);
    assert!(feed(c, "").status.success());
    (host, app, codes)
}

#[test]
fn pam_asks_for_the_code_takes_each_step_once_and_audits() {
    let (host, mut app) = host_with_alice();
    let db = format!("db={}", host.db().display());
    service(&host, "stepup-test", &db);
    service(&host, "stepup-nullok", &format!("{db} nullok"));

    let code = app.next_code();
    let out = pamtester(&host, "stepup-test", "alice", &format!("{code}\n"), &[]);
    assert!(
        out.status.success() && says(&out, SUCCESS),
        "{}",
        text(&out)
    );
    assert!(
        says(&out, "Verification code"),
        "the prompt: {}",
        text(&out)
    );
    let out = pamtester(&host, "stepup-test", "alice", &format!("{code}\n"), &[]);
    assert!(says(&out, AUTH_ERR), "a replayed step: {}", text(&out));
    let out = pamtester(&host, "stepup-test", "alice", "000000\n", &[]);
    assert!(says(&out, AUTH_ERR), "{}", text(&out));

    // bob has no method: refused, unless nullok.
    let out = pamtester(&host, "stepup-test", "bob", "", &[]);
    assert!(says(&out, AUTH_ERR), "{}", text(&out));
    let out = pamtester(&host, "stepup-nullok", "bob", "", &[]);
    assert!(says(&out, SUCCESS), "{}", text(&out));
    // Unknown to the workspace, with nullok or not.
    for svc in ["stepup-test", "stepup-nullok"] {
        let out = pamtester(&host, svc, "nobody-here", "", &[]);
        assert!(says(&out, USER_UNKNOWN), "{svc}: {}", text(&out));
    }
    // The same audit log as the CLI.
    let events = host.audit();
    assert!(
        events.iter().any(|e| e["action"] == "pam"
            && e["outcome"] == "ok"
            && e["user"] == "alice"
            && e["method"] == "totp"),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e["action"] == "verify" && e["outcome"] == "denied" && e["user"] == "alice"),
        "{events:?}"
    );

    // Throttled like the CLI: wrong codes until PAM_MAXTRIES.
    let mut throttled = false;
    for _ in 0..12 {
        let out = pamtester(&host, "stepup-test", "alice", "111111\n", &[]);
        if says(&out, MAXTRIES) {
            throttled = true;
            break;
        }
        assert!(says(&out, AUTH_ERR), "{}", text(&out));
    }
    assert!(throttled);
}

#[test]
fn pam_fails_closed_ignores_the_environment_and_has_a_break_glass_group() {
    let (host, mut app) = host_with_alice();
    let db = format!("db={}", host.db().display());
    service(&host, "stepup-test", &db);
    // sudo passes the caller's environment: it moves nothing. Another
    // workspace where alice would need no code is named there.
    let other = host.root.join("other.redb");
    let mut c = host.root_cmd(&bin());
    c.arg("--db")
        .arg(&other)
        .args(["init", "--admin", "alice", "--password-stdin"]);
    assert!(feed(c, &format!("{ALICE_PW}\n")).status.success());
    let other_cfg = host.root.join("other.toml");
    std::fs::write(
        &other_cfg,
        format!("[database]\npath = \"{}\"\n", other.display()),
    )
    .unwrap();
    let vars = [
        ("STEPUP_DB", other.to_str().unwrap()),
        ("STEPUP_CONFIG", other_cfg.to_str().unwrap()),
        ("XDG_CONFIG_HOME", host.root.to_str().unwrap()),
        ("XDG_DATA_HOME", host.root.to_str().unwrap()),
    ];
    let out = pamtester(&host, "stepup-test", "alice", "", &vars);
    assert!(
        says(&out, AUTH_ERR),
        "no code given, so refused: {}",
        text(&out)
    );
    let out = pamtester(
        &host,
        "stepup-test",
        "alice",
        &format!("{}\n", app.next_code()),
        &vars,
    );
    assert!(says(&out, SUCCESS), "{}", text(&out));

    // Every problem is PAM_AUTHINFO_UNAVAIL, never a way in.
    let untrusted_cfg = host.root.join("alices.toml");
    std::fs::write(
        &untrusted_cfg,
        format!("[database]\npath = \"{}\"\n", host.db().display()),
    )
    .unwrap();
    sh(&format!("chown {ALICE} '{}'", untrusted_cfg.display()));
    let world_writable = host.root.join("open.toml");
    std::fs::write(
        &world_writable,
        format!("[database]\npath = \"{}\"\n", host.db().display()),
    )
    .unwrap();
    sh(&format!("chmod 0666 '{}'", world_writable.display()));
    for (name, args) in [
        ("missing", "db=/nonexistent/stepup.redb".to_string()),
        (
            "password",
            "db=postgres://stepup:secret@127.0.0.1/stepup".to_string(),
        ),
        ("not-roots", format!("config={}", untrusted_cfg.display())),
        ("writable", format!("config={}", world_writable.display())),
        ("bad-arg", format!("{db} debug")),
        ("no-action", format!("{db} action=no-such-action")),
    ] {
        service(&host, &format!("stepup-{name}"), &args);
        let out = pamtester(
            &host,
            &format!("stepup-{name}"),
            "alice",
            &format!("{}\n", app.current()),
            &[],
        );
        assert!(!out.status.success(), "{name}: {}", text(&out));
        assert!(says(&out, UNAVAILABLE), "{name}: {}", text(&out));
    }

    // Break-glass: members of the exempt group go through only when the
    // workspace cannot be reached.
    let mut c = host.root_cmd(Path::new("/usr/sbin/groupadd"));
    c.arg("breakglass");
    assert!(feed(c, "").status.success());
    let mut c = host.root_cmd(Path::new("/usr/sbin/usermod"));
    c.args(["-aG", "breakglass", "alice"]);
    assert!(feed(c, "").status.success());
    service(
        &host,
        "stepup-glass-down",
        "db=/nonexistent/stepup.redb exempt_group=breakglass",
    );
    let out = pamtester(&host, "stepup-glass-down", "alice", "", &[]);
    assert!(says(&out, SUCCESS), "{}", text(&out));
    let out = pamtester(&host, "stepup-glass-down", "bob", "", &[]);
    assert!(
        says(&out, UNAVAILABLE),
        "bob is not in the group: {}",
        text(&out)
    );
    service(
        &host,
        "stepup-glass-up",
        &format!("{db} exempt_group=breakglass"),
    );
    let out = pamtester(&host, "stepup-glass-up", "alice", "000000\n", &[]);
    assert!(
        says(&out, AUTH_ERR),
        "the workspace is there: the code counts: {}",
        text(&out)
    );
}

#[test]
fn pam_sends_an_email_code_through_the_conversation() {
    let host = Host::new();
    host.install();
    let spool = host.root.join("spool");
    std::fs::create_dir(&spool).unwrap();
    sh(&format!("chmod 1777 '{}'", spool.display()));
    mail_to_spool(&host, &spool);
    host.add_member("alice", ALICE_PW);
    // The workspace's limit, not the config's, decides resends.
    let out = host.as_root(&["settings", "set", "codes.email_resend_seconds", "1"], "");
    assert!(out.status.success(), "{}", text(&out));
    let out = host.login(ALICE, "alice", ALICE_PW);
    assert!(out.status.success(), "{}", text(&out));
    let out = host.stepup(ALICE, &[], &["method", "enable", "email", "--json"], "");
    assert_eq!(code(&out), 10, "{}", text(&out));
    let mail = wait_for_mail(&spool, 1);
    let out = host.stepup(
        ALICE,
        &[],
        &[
            "method",
            "enable",
            "email",
            "--code",
            &crate::support::code_in(&mail),
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    std::thread::sleep(std::time::Duration::from_millis(1100));

    service(&host, "stepup-mail", "config=/etc/stepup/config.toml");
    let mut c = host.root_cmd(Path::new("/usr/bin/pamtester"));
    c.args(["stepup-mail", "alice", "authenticate"]);
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mail = wait_for_mail(&spool, 2);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{}\n", crate::support::code_in(&mail)).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(says(&out, SUCCESS), "{}", text(&out));
    assert!(
        says(&out, "sent to"),
        "the prompt names the masked address: {}",
        text(&out)
    );
}

/// The sendmail transport into `spool`: system mode refuses the file
/// transport (each .eml would belong to the member who asked).
fn mail_to_spool(host: &Host, spool: &Path) {
    let fake = host.root.join("spool-sendmail");
    std::fs::write(
        &fake,
        // Written aside, then renamed: a reader never sees half a mail (a
        // notice read empty looked like a code mail).
        format!(
            "#!/bin/sh\nd='{}'\nt=\"$d/.part.$$\"\ncat > \"$t\" && mv \"$t\" \"$d/$(date +%s%N).eml\"\n",
            spool.display()
        ),
    )
    .unwrap();
    sh(&format!("chmod 0755 '{}'", fake.display()));
    host.add_config(&format!(
        "[email]\ntransport = \"sendmail\"\nsendmail_command = \"{}\"\nfrom = \"stepup <mfa@example.com>\"\n",
        fake.display()
    ));
}

fn wait_for_mail(dir: &Path, n: usize) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            // Code mails only: notices (a method enabled) come too.
            .filter(|p| !crate::support::is_notice(&std::fs::read_to_string(p).unwrap_or_default()))
            .map(|p| (std::fs::metadata(&p).unwrap().modified().unwrap(), p))
            .collect();
        if files.len() >= n {
            files.sort();
            return std::fs::read_to_string(&files[n - 1].1).unwrap();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no mail {n} in {}",
            dir.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn pam_works_on_postgresql_too() {
    let host = Host::new();
    host.install();
    let (_, db, _server) = host.use_postgresql();
    host.add_member("alice", ALICE_PW);
    let out = host.login(ALICE, "alice", ALICE_PW);
    assert!(out.status.success(), "{}", text(&out));
    let mut app = enroll_totp(&host, ALICE);
    service(&host, "stepup-pg", "config=/etc/stepup/config.toml");
    let out = pamtester(
        &host,
        "stepup-pg",
        "alice",
        &format!("{}\n", app.next_code()),
        &[],
    );
    assert!(says(&out, SUCCESS), "{}", text(&out));
    let out = pamtester(&host, "stepup-pg", "alice", "000000\n", &[]);
    assert!(says(&out, AUTH_ERR), "{}", text(&out));
    // A dead server: fail closed.
    service(
        &host,
        "stepup-pg-down",
        &format!(
            "db=postgres://{}@127.0.0.1:1/{db}?sslmode=disable",
            crate::pg::PASSWORD_ROLE
        ),
    );
    let out = pamtester(&host, "stepup-pg-down", "alice", "", &[]);
    assert!(says(&out, UNAVAILABLE), "{}", text(&out));
}

#[test]
fn the_cli_and_pam_agree_case_by_case() {
    let (host, mut app, codes) = host_with_alice_and_codes();
    let db = format!("db={}", host.db().display());
    service(&host, "stepup-test", &db);
    // Each case both ways: `stepup verify login` in alice's session, and
    // pamtester; (CLI exit code, PAM answer).
    let cli =
        |code: &str| code_of(&host.stepup(ALICE, &[], &["verify", "login", "--code", code], ""));
    let pam = |code: &str| pamtester(&host, "stepup-test", "alice", &format!("{code}\n"), &[]);
    let right = app.next_code();
    assert_eq!(cli(&right), 0);
    assert_eq!(cli(&right), 3, "replayed");
    let right = app.next_code();
    assert!(says(&pam(&right), SUCCESS));
    assert!(says(&pam(&right), AUTH_ERR), "replayed");
    assert_eq!(cli("000000"), 3);
    assert!(says(&pam("000000"), AUTH_ERR));
    // A recovery code works once, either way, in the code's field.
    assert_eq!(cli(&codes[0]), 0);
    assert_eq!(cli(&codes[0]), 3);
    assert!(says(&pam(&codes[1]), SUCCESS), "{}", text(&pam(&codes[2])));
    assert!(says(&pam(&codes[1]), AUTH_ERR));
    assert_eq!(cli(&codes[1]), 3);

    // Busy: a writer holds the workspace's turn; both give up (exit 4 /
    // PAM_AUTHINFO_UNAVAIL), never let alice in.
    let cfg = host.root.join("busy.toml");
    std::fs::write(
        &cfg,
        format!(
            "[database]\npath = \"{}\"\nbusy_timeout_ms = 300\n",
            host.db().display()
        ),
    )
    .unwrap();
    service(&host, "stepup-busy", &format!("config={}", cfg.display()));
    let lock = format!("{}.lock", host.db().display());
    let mut holder = Command::new("python3")
        .args(["-c", "import fcntl,sys,time\nf=open(sys.argv[1],'r+')\nfcntl.flock(f,fcntl.LOCK_EX)\nprint('held',flush=True)\ntime.sleep(30)", &lock])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.as_mut().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "held");
    let out = pamtester(
        &host,
        "stepup-busy",
        "alice",
        &format!("{}\n", app.next_code()),
        &[],
    );
    assert!(says(&out, UNAVAILABLE), "{}", text(&out));
    let _ = holder.kill();
    let _ = holder.wait();
}

fn code_of(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

#[test]
fn with_two_methods_pam_offers_the_choice() {
    let host = Host::new();
    host.install();
    let spool = host.root.join("spool");
    std::fs::create_dir(&spool).unwrap();
    sh(&format!("chmod 1777 '{}'", spool.display()));
    mail_to_spool(&host, &spool);
    host.add_member("alice", ALICE_PW);
    let out = host.login(ALICE, "alice", ALICE_PW);
    assert!(out.status.success(), "{}", text(&out));
    let mut app = enroll_totp(&host, ALICE);
    // Email as the second method: the authenticator's code first.
    let out = host.stepup(
        ALICE,
        &[],
        &[
            "method",
            "enable",
            "email",
            "--code",
            &app.next_code(),
            "--json",
        ],
        "",
    );
    assert_eq!(code(&out), 10, "{}", text(&out));
    let mail = wait_for_mail(&spool, 1);
    let out = host.stepup(
        ALICE,
        &[],
        &[
            "method",
            "enable",
            "email",
            "--code",
            &crate::support::code_in(&mail),
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));

    service(&host, "stepup-two", &format!("db={}", host.db().display()));
    let out = pamtester(
        &host,
        "stepup-two",
        "alice",
        &format!("totp\n{}\n", app.next_code()),
        &[],
    );
    assert!(says(&out, SUCCESS), "{}", text(&out));
    assert!(
        says(&out, "Verify with (totp, email, recovery)"),
        "{}",
        text(&out)
    );
    // A choice that is not one of them is a failure, not a way around.
    let out = pamtester(&host, "stepup-two", "alice", "sms\n", &[]);
    assert!(says(&out, AUTH_ERR), "{}", text(&out));
}
