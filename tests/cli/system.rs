//! System mode on a shared host, as real unprivileged OS users: the binary
//! installed set-group-ID by `stepup system install`, run by uids 2001
//! (alice) and 2002 (bob) through `setpriv`. Each test gets a private mount
//! namespace with its own copy of `/etc` bind-mounted over `/etc` (users,
//! groups, `/etc/stepup`, `/etc/machine-id`), so the machine's own is never
//! touched; everything else lives in a temporary folder. Needs root.

use crate::support::{Authenticator, bin};
use serde_json::Value;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const ALICE: u32 = 2001;
pub const BOB: u32 = 2002;
pub const ROOT_PW: &str = "root-passphrase-for-tests";
pub const ALICE_PW: &str = "alice-passphrase-for-tests";
const BOB_PW: &str = "bob-passphrase-for-tests";

/// A host of its own: a private `/etc` in a mount namespace, and stepup
/// installed under `prefix` with its workspace in `db`.
pub struct Host {
    pub root: PathBuf,
    ns: PathBuf,
}

impl Host {
    pub fn new() -> Host {
        assert!(
            rustix::process::geteuid().is_root(),
            "the system-mode tests need root (they create a mount namespace, install a set-group-ID \
             binary and run it as other users); run them as root, as .ci/run does"
        );
        let root = tempfile::Builder::new()
            .prefix("stepup-host-")
            .tempdir_in("/tmp")
            .unwrap()
            .keep();
        sh(&format!(
            "set -e; R='{r}'; chmod 0755 \"$R\"; cp -a /etc \"$R/etc\"; \
             head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n' > \"$R/etc/machine-id\"; \
             mkdir \"$R/ns\"; mount --bind \"$R/ns\" \"$R/ns\"; mount --make-private \"$R/ns\"; \
             touch \"$R/ns/mnt\"; unshare --mount=\"$R/ns/mnt\" --propagation private -- mount --bind \"$R/etc\" /etc; \
             for u in 0 {ALICE} {BOB}; do mkdir -p \"$R/home/$u\"; chown $u:$u \"$R/home/$u\"; chmod 0700 \"$R/home/$u\"; done",
            r = root.display()
        ));
        Host {
            ns: root.join("ns/mnt"),
            root,
        }
    }

    pub fn db(&self) -> PathBuf {
        self.root.join("var/stepup/stepup.redb")
    }

    pub fn prefix(&self) -> PathBuf {
        self.root.join("prefix")
    }

    pub fn installed(&self) -> PathBuf {
        self.prefix().join("bin/stepup")
    }

    pub fn home(&self, uid: u32) -> PathBuf {
        self.root.join(format!("home/{uid}"))
    }

    /// A command inside this host's namespace, as root.
    pub fn root_cmd(&self, program: &Path) -> Command {
        let mut c = Command::new("nsenter");
        c.arg(format!("--mount={}", self.ns.display()))
            .arg("--")
            .arg("env")
            .arg("-i")
            .arg(format!("HOME={}", self.home(0).display()))
            .arg("PATH=/usr/sbin:/usr/bin:/sbin:/bin")
            .arg(program);
        c
    }

    /// A command inside this host's namespace as `uid` (no supplementary
    /// groups), with a clean environment plus `vars`.
    pub fn user_cmd(&self, uid: u32, vars: &[(&str, &str)], program: &Path) -> Command {
        let mut c = Command::new("nsenter");
        c.arg(format!("--mount={}", self.ns.display()))
            .arg("--")
            .arg("setpriv")
            .arg(format!("--reuid={uid}"))
            .arg(format!("--regid={uid}"))
            .arg("--clear-groups")
            .arg("--")
            .arg("env")
            .arg("-i")
            .arg(format!("HOME={}", self.home(uid).display()))
            .arg("PATH=/usr/bin:/bin");
        for (k, v) in vars {
            c.arg(format!("{k}={v}"));
        }
        c.arg(program);
        c
    }

    /// Installs stepup here with root as the first admin, and makes
    /// password hashing cheap for the tests' users.
    pub fn install(&self) -> Output {
        let out = self.install_again(&["--admin", "root"]);
        assert!(out.status.success(), "{}", text(&out));
        out
    }

    pub fn install_again(&self, extra: &[&str]) -> Output {
        let mut c = self.root_cmd(&bin());
        c.arg("--db")
            .arg(self.db())
            .args(["system", "install", "--prefix"])
            .arg(self.prefix())
            .args(extra)
            .arg("--password-stdin");
        feed(c, &format!("{ROOT_PW}\n"))
    }

    /// The installed stepup as root (real uid 0, so system mode too).
    pub fn as_root(&self, args: &[&str], stdin: &str) -> Output {
        let mut c = self.root_cmd(&self.installed());
        c.args(args);
        feed(c, stdin)
    }

    /// The installed stepup as `uid`.
    pub fn stepup(&self, uid: u32, vars: &[(&str, &str)], args: &[&str], stdin: &str) -> Output {
        let mut c = self.user_cmd(uid, vars, &self.installed());
        c.args(args);
        feed(c, stdin)
    }

    /// The admin session of root, and `name` added as a member.
    pub fn add_member(&self, name: &str, pw: &str) {
        let out = self.as_root(
            &["login", "root", "--password-stdin"],
            &format!("{ROOT_PW}\n"),
        );
        assert!(out.status.success(), "{}", text(&out));
        let out = self.as_root(
            &[
                "user",
                "add",
                name,
                "--email",
                &format!("{name}@example.com"),
                "--password-stdin",
            ],
            &format!("{pw}\n"),
        );
        assert!(out.status.success(), "{}", text(&out));
    }

    pub fn login(&self, uid: u32, name: &str, pw: &str) -> Output {
        self.stepup(
            uid,
            &[],
            &["login", name, "--password-stdin"],
            &format!("{pw}\n"),
        )
    }

    /// Appends to this host's `/etc/stepup/config.toml`.
    pub fn add_config(&self, extra: &str) {
        let path = self.root.join("etc/stepup/config.toml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(extra);
        std::fs::write(&path, text).unwrap();
    }

    /// The session file of `uid` (the only one in their state folder).
    pub fn session_file(&self, uid: u32) -> PathBuf {
        let dir = self.home(uid).join(".local/state/stepup");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        files.pop().unwrap()
    }

    /// Points this host's config at a PostgreSQL server of its own (TLS,
    /// verify-full against a test authority), the password in a 0640
    /// root:stepup file, and creates the workspace there as root; returns
    /// the password file, the database and the server (stopped on drop).
    pub fn use_postgresql(&self) -> (PathBuf, String, crate::pg::Private) {
        let server = crate::pg::private_server();
        let ca = server.enable_tls();
        let db = server.create_db();
        std::fs::copy(&ca, self.root.join("etc/stepup/db-ca.pem")).unwrap();
        let gid = std::fs::metadata(self.installed()).unwrap().gid();
        let pw_file = self.root.join("etc/stepup/db-password");
        std::fs::write(&pw_file, format!("{}\n", crate::pg::PASSWORD)).unwrap();
        sh(&format!(
            "chown 0:{gid} '{0}'; chmod 0640 '{0}'",
            pw_file.display()
        ));
        std::fs::write(
            self.root.join("etc/stepup/config.toml"),
            format!(
                "[database]\nurl = \"postgres://{}@localhost:{}/{db}?sslmode=verify-full\"\npassword_file = \"/etc/stepup/db-password\"\nca_file = \"/etc/stepup/db-ca.pem\"\n",
                crate::pg::PASSWORD_ROLE,
                server.port
            ),
        )
        .unwrap();
        let out = self.as_root(
            &["init", "--admin", "root", "--password-stdin"],
            &format!("{ROOT_PW}\n"),
        );
        assert!(out.status.success(), "{}", text(&out));
        (pw_file, db, server)
    }

    pub fn audit(&self) -> Vec<Value> {
        let out = self.as_root(&["audit", "--json", "--limit", "1000"], "");
        assert!(out.status.success(), "{}", text(&out));
        json(&out)["events"].as_array().unwrap().clone()
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let r = self.root.display();
        let _ = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umount '{r}/ns/mnt'; umount '{r}/ns'; rm -rf '{r}'"
            ))
            .status();
    }
}

pub fn sh(script: &str) {
    let out = Command::new("sh").arg("-c").arg(script).output().unwrap();
    assert!(out.status.success(), "{script}\n{}", text(&out));
}

pub fn feed(mut c: Command, stdin: &str) -> Output {
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

pub fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn json(out: &Output) -> Value {
    let line = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(line.lines().last().unwrap_or(""))
        .unwrap_or_else(|e| panic!("{e}: {}", text(out)))
}

/// Enrolls an authenticator for the user behind `uid`'s session.
pub fn enroll_totp(host: &Host, uid: u32) -> Authenticator {
    let out = host.stepup(uid, &[], &["method", "enable", "totp", "--json"], "");
    assert_eq!(code(&out), 10, "{}", text(&out));
    let mut app = Authenticator::new(json(&out)["secret"].as_str().unwrap());
    let c = app.next_code();
    let out = host.stepup(
        uid,
        &[],
        &["method", "enable", "totp", "--code", &c, "--json"],
        "",
    );
    assert_eq!(code(&out), 0, "{}", text(&out));
    let last = LAST_RECOVERY_CODES.with(|c| c.replace(crate::support::recovery_codes(&json(&out))));
    drop(last);
    app
}

thread_local! {
    /// The recovery codes the last [`enroll_totp`] on this thread showed.
    pub static LAST_RECOVERY_CODES: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

#[test]
fn install_sets_up_the_host_once_and_check_names_each_problem() {
    let host = Host::new();
    let first = host.install();
    let steps = String::from_utf8_lossy(&first.stderr).to_string();
    for want in [
        "create the group stepup",
        "/etc/stepup/config.toml",
        "with admin root",
        "set-group-ID",
    ] {
        assert!(steps.contains(want), "{want}: {steps}");
    }
    let meta = std::fs::metadata(host.installed()).unwrap();
    assert_eq!(meta.mode() & 0o7777, 0o2755);
    assert_eq!(meta.uid(), 0);
    let gid = meta.gid();
    assert_ne!(gid, 0);
    for (path, mode) in [
        (host.db(), 0o660),
        (
            PathBuf::from(format!("{}.lock", host.db().display())),
            0o660,
        ),
        (host.db().parent().unwrap().to_path_buf(), 0o770),
    ] {
        let m = std::fs::metadata(&path).unwrap();
        assert_eq!(
            (m.uid(), m.gid(), m.mode() & 0o777),
            (0, gid, mode),
            "{}",
            path.display()
        );
    }
    let config = host.root.join("etc/stepup/config.toml");
    let m = std::fs::metadata(&config).unwrap();
    assert_eq!((m.uid(), m.mode() & 0o777), (0, 0o644));

    // Again: every step is already done.
    let again = host.install_again(&[]);
    assert!(again.status.success(), "{}", text(&again));
    let steps = String::from_utf8_lossy(&again.stderr).to_string();
    assert!(
        !steps.contains("created") && !steps.contains("fixed"),
        "{steps}"
    );
    assert!(steps.contains("kept"), "{steps}");

    let check = |prefix: &Path| {
        let mut c = host.root_cmd(&bin());
        c.args(["system", "check", "--prefix"]).arg(prefix);
        feed(c, "")
    };
    let ok = check(&host.prefix());
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(
        String::from_utf8_lossy(&ok.stdout).contains("All is well"),
        "{}",
        text(&ok)
    );

    // The binary refuses a config others may write.
    sh(&format!("chmod 0666 '{}'", config.display()));
    let out = host.as_root(&["whoami"], "");
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(
        text(&out).contains("writable by others than root"),
        "{}",
        text(&out)
    );

    // Break four things; check names each, with its fix.
    sh(&format!(
        "chmod 0666 '{c}'; chmod 0775 '{d}'; chmod 0755 '{b}'; chmod 0644 '{f}'",
        c = config.display(),
        d = host.db().parent().unwrap().display(),
        b = host.installed().display(),
        f = host.db().display()
    ));
    let bad = check(&host.prefix());
    assert_eq!(code(&bad), 1, "{}", text(&bad));
    let report = String::from_utf8_lossy(&bad.stderr).to_string();
    assert!(report.contains("4 problems"), "{report}");
    for (what, fix) in [
        ("config.toml: its mode is 0666", "chmod go-w"),
        ("var/stepup has mode 0775", "chmod 0770"),
        ("bin/stepup has mode 0755", "chmod 2755"),
        ("stepup.redb has mode 0644", "chmod 0660"),
    ] {
        assert!(report.contains(what), "{what}: {report}");
        assert!(report.contains(fix), "{fix}: {report}");
    }

    // Install repairs what it owns; check agrees.
    let repaired = host.install_again(&[]);
    assert!(repaired.status.success(), "{}", text(&repaired));
    sh(&format!("chmod 0644 '{}'", config.display()));
    let ok = check(&host.prefix());
    assert!(ok.status.success(), "{}", text(&ok));

    // A member of the group could read the file directly: named too.
    sh(&format!(
        "sed -i 's/^stepup:x:\\([0-9]*\\):$/stepup:x:\\1:mallory/' '{}/etc/group'",
        host.root.display()
    ));
    let bad = check(&host.prefix());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("gpasswd -d mallory stepup"),
        "{}",
        text(&bad)
    );

    // A dry run on a fresh host takes no step.
    let fresh = Host::new();
    let mut c = fresh.root_cmd(&bin());
    c.arg("--db")
        .arg(fresh.db())
        .args([
            "system",
            "install",
            "--dry-run",
            "--admin",
            "root",
            "--prefix",
        ])
        .arg(fresh.prefix());
    let dry = feed(c, "");
    assert!(dry.status.success(), "{}", text(&dry));
    assert!(
        String::from_utf8_lossy(&dry.stdout).contains("would"),
        "{}",
        text(&dry)
    );
    assert!(
        !fresh.db().exists()
            && !fresh.installed().exists()
            && !fresh.root.join("etc/stepup").exists()
    );

    // Not as root: refused.
    let out = host.stepup(ALICE, &[], &["system", "install", "--admin", "x"], "");
    assert_eq!(code(&out), 3, "{}", text(&out));
}

#[test]
fn members_share_the_workspace_but_never_its_file() {
    let host = Host::new();
    host.install();
    host.add_member("alice", ALICE_PW);
    host.add_member("bob", BOB_PW);

    // Alice enrolls an authenticator and logs in with it.
    let out = host.login(ALICE, "alice", ALICE_PW);
    assert!(out.status.success(), "{}", text(&out));
    let mut app = enroll_totp(&host, ALICE);
    let c = app.next_code();
    let out = host.stepup(
        ALICE,
        &[],
        &["login", "alice", "--password-stdin", "--code", &c],
        &format!("{ALICE_PW}\n"),
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = host.stepup(ALICE, &[], &["whoami", "--json"], "");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        json(&out)["enabled_methods"],
        serde_json::json!(["totp"]),
        "{}",
        text(&out)
    );

    // Her session file is hers: uid and gid 2001, 0600.
    let file = host.session_file(ALICE);
    let m = std::fs::metadata(&file).unwrap();
    assert_eq!((m.uid(), m.gid(), m.mode() & 0o777), (ALICE, ALICE, 0o600));

    // Bob can neither read the file nor list its folder.
    for cmd in [
        vec!["cat".to_string(), host.db().display().to_string()],
        vec![
            "ls".into(),
            host.db().parent().unwrap().display().to_string(),
        ],
    ] {
        let mut c = host.user_cmd(BOB, &[], Path::new(&cmd[0]));
        c.args(&cmd[1..]);
        let out = feed(c, "");
        assert!(!out.status.success(), "{cmd:?}: {}", text(&out));
        assert!(text(&out).contains("Permission denied"), "{}", text(&out));
    }

    // Nor point stepup elsewhere: each override is refused with exit 2.
    let elsewhere = host.home(BOB).join("mine.redb");
    let elsewhere = elsewhere.to_str().unwrap();
    for (vars, args) in [
        (vec![], vec!["--db", elsewhere, "whoami"]),
        (vec![("STEPUP_DB", elsewhere)], vec!["whoami"]),
        (vec![], vec!["--config", elsewhere, "whoami"]),
        (vec![("STEPUP_CONFIG", elsewhere)], vec!["whoami"]),
    ] {
        let out = host.stepup(BOB, &vars, &args, "");
        assert_eq!(code(&out), 2, "{vars:?} {args:?}: {}", text(&out));
        assert!(text(&out).contains("system mode"), "{}", text(&out));
    }
    // His own config and data folders are not read at all: a config that
    // would loosen throttling and move the workspace changes nothing.
    let xdg = host.home(BOB).join("xdg");
    std::fs::create_dir_all(xdg.join("stepup")).unwrap();
    std::fs::write(
        xdg.join("stepup/config.toml"),
        format!("[database]\npath = \"{elsewhere}\"\n[throttle]\nfree_failures = 1000\n"),
    )
    .unwrap();
    sh(&format!("chown -R {BOB}:{BOB} '{}'", xdg.display()));
    let xdg_vars = [
        ("XDG_CONFIG_HOME", xdg.to_str().unwrap()),
        ("XDG_DATA_HOME", xdg.to_str().unwrap()),
    ];
    let mut last = None;
    for _ in 0..8 {
        let out = host.stepup(
            BOB,
            &xdg_vars,
            &["login", "bob", "--password-stdin", "--json"],
            "wrong-password-for-bob\n",
        );
        last = Some(code(&out));
        if code(&out) == 4 {
            break;
        }
        assert_eq!(code(&out), 3, "{}", text(&out));
    }
    assert_eq!(
        last,
        Some(4),
        "the workspace's throttle applies, not bob's config"
    );
    assert!(!Path::new(elsewhere).exists());

    // Alice's token is no use to bob, in the variable or as a copied file.
    let token = std::fs::read_to_string(&file).unwrap();
    let out = host.stepup(BOB, &[("STEPUP_SESSION", token.trim())], &["whoami"], "");
    assert_eq!(code(&out), 3, "{}", text(&out));
    assert!(text(&out).contains("another user"), "{}", text(&out));
    let bobs = host.home(BOB).join(".local/state/stepup");
    std::fs::create_dir_all(&bobs).unwrap();
    std::fs::copy(&file, bobs.join(file.file_name().unwrap())).unwrap();
    sh(&format!(
        "chown -R {BOB}:{BOB} '{}'; chmod 0700 '{0}'",
        bobs.display()
    ));
    let out = host.stepup(BOB, &[], &["whoami"], "");
    assert_eq!(code(&out), 3, "{}", text(&out));
    let refused: Vec<Value> = host
        .audit()
        .into_iter()
        .filter(|e| e["action"] == "session.refused")
        .collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(refused[0]["user"], "alice");
    assert!(
        refused[0]["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("presented by uid {BOB}"))
    );
    // Alice still has her session.
    assert!(host.stepup(ALICE, &[], &["whoami"], "").status.success());

    // The same uid on another machine (its machine-id) is someone else.
    let id_file = host.root.join("etc/machine-id");
    let id = std::fs::read_to_string(&id_file).unwrap();
    std::fs::write(&id_file, "0123456789abcdef0123456789abcdef\n").unwrap();
    let out = host.stepup(ALICE, &[], &["whoami"], "");
    assert_eq!(code(&out), 3, "{}", text(&out));
    assert!(text(&out).contains("another machine"), "{}", text(&out));
    std::fs::write(&id_file, id).unwrap();

    // Commands that create files in the workspace's folder are root's.
    for args in [
        vec!["init", "--admin", "x", "--password-stdin"],
        vec!["compact"],
        vec!["migrate", "--to", "/tmp/elsewhere.redb"],
    ] {
        let out = host.stepup(ALICE, &[], &args, "");
        assert_eq!(code(&out), 3, "{args:?}: {}", text(&out));
        assert!(text(&out).contains("is for root"), "{}", text(&out));
    }
}

#[test]
fn a_member_can_neither_trace_it_nor_get_a_core_dump() {
    let host = Host::new();
    host.install();
    // Bob starts stepup himself (so Yama lets a parent trace its child)
    // and, while it waits for a password, tries to attach and to look at
    // its descriptors.
    let script = format!(
        r#"
import ctypes, json, os, subprocess, time
p = subprocess.Popen(["{bin}", "login", "bob", "--password-stdin"], stdin=subprocess.PIPE,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(0.5)
libc = ctypes.CDLL(None, use_errno=True)
attach = libc.ptrace(16, p.pid, None, None)
errno = ctypes.get_errno()
if attach == 0:
    os.waitpid(p.pid, 0)
    libc.ptrace(17, p.pid, None, None)
limits = open(f"/proc/{{p.pid}}/limits").read()
try:
    fds = os.listdir(f"/proc/{{p.pid}}/fd")
except OSError as e:
    fds = str(e)
p.stdin.close()
p.wait()
print(json.dumps({{"attach": attach, "errno": errno, "limits": limits, "fds": fds}}))
"#,
        bin = host.installed().display()
    );
    let mut c = host.user_cmd(BOB, &[], Path::new("/usr/bin/python3"));
    c.arg("-c").arg(&script);
    let out = feed(c, "");
    assert!(out.status.success(), "{}", text(&out));
    let v = json(&out);
    assert_eq!(v["attach"], -1, "{v}");
    assert_eq!(v["errno"], 1, "EPERM: {v}");
    let core = v["limits"]
        .as_str()
        .unwrap()
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap()
        .split_whitespace()
        .skip(4)
        .take(2)
        .collect::<Vec<_>>();
    assert_eq!(core, ["0", "0"], "{v}");
    assert!(
        v["fds"]
            .as_str()
            .is_some_and(|e| e.contains("Permission denied")),
        "{v}"
    );

    // The same binary, not set-group-ID, is an ordinary process that bob
    // may trace: the test sees the difference it checks for.
    let plain = host.root.join("plain-stepup");
    std::fs::copy(bin(), &plain).unwrap();
    let control = script.replace(
        &format!("\"{}\", \"login\"", host.installed().display()),
        &format!(
            "\"{}\", \"--db\", \"/nonexistent/x\", \"login\"",
            plain.display()
        ),
    );
    assert_ne!(control, script);
    let mut c = host.user_cmd(BOB, &[], Path::new("/usr/bin/python3"));
    c.arg("-c").arg(control);
    let out = feed(c, "");
    assert!(out.status.success(), "{}", text(&out));
    let v = json(&out);
    assert_eq!(v["attach"], 0, "{v}");
    assert!(v["fds"].is_array(), "{v}");
}

#[test]
fn programs_it_runs_get_the_callers_ids_and_no_descriptor() {
    let host = Host::new();
    host.install();
    host.add_member("alice", ALICE_PW);
    // A sendmail that reports who it runs as and what it was given.
    let out_dir = host.root.join("mail");
    std::fs::create_dir(&out_dir).unwrap();
    sh(&format!("chmod 1777 '{}'", out_dir.display()));
    let fake = host.root.join("fake-sendmail");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nf='{d}'/$$\n{{ echo \"uid $(id -u) gid $(id -g) groups $(id -G)\"; echo \"fds $(ls /proc/self/fd | tr '\\n' ' ')\"; cat; }} > \"$f\"\n",
            d = out_dir.display()
        ),
    )
    .unwrap();
    sh(&format!("chmod 0755 '{}'", fake.display()));
    host.add_config(&format!(
        "[email]\ntransport = \"sendmail\"\nsendmail_command = \"{}\"\nfrom = \"stepup <mfa@example.com>\"\n",
        fake.display()
    ));
    let out = host.login(ALICE, "alice", ALICE_PW);
    assert!(out.status.success(), "{}", text(&out));
    // exec's COMMAND too: alice's ids, no stepup group, no descriptor.
    let out = host.stepup(
        ALICE,
        &[],
        &[
            "exec",
            "login",
            "--",
            "sh",
            "-c",
            "id -u; id -G; ls /proc/self/fd | wc -l",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .collect();
    assert_eq!(
        lines,
        [ALICE.to_string(), ALICE.to_string(), "4".to_string()],
        "{}",
        text(&out)
    );

    let out = host.stepup(ALICE, &[], &["method", "enable", "email", "--json"], "");
    assert_eq!(code(&out), 10, "{}", text(&out));
    let mails: Vec<PathBuf> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(mails.len(), 1, "{}", text(&out));
    let mail = std::fs::read_to_string(&mails[0]).unwrap();
    let first = mail.lines().next().unwrap();
    let gid = std::fs::metadata(host.installed()).unwrap().gid();
    assert_eq!(
        first,
        format!("uid {ALICE} gid {ALICE} groups {ALICE}"),
        "{mail}"
    );
    assert!(!first.contains(&gid.to_string()));
    // ls's own descriptor for /proc/self/fd is the only one past stderr.
    let fds: Vec<&str> = mail
        .lines()
        .nth(1)
        .unwrap()
        .trim_start_matches("fds ")
        .split_whitespace()
        .collect();
    assert_eq!(fds.len(), 4, "{mail}");
    // And the code it carried works.
    let code_line = crate::support::code_in(&mail);
    let out = host.stepup(
        ALICE,
        &[],
        &["method", "enable", "email", "--code", &code_line],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));

    // A relative sendmail would be looked up in the caller's PATH: refused.
    let config = host.root.join("etc/stepup/config.toml");
    let text_now = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text_now.replace(&fake.display().to_string(), "sendmail"),
    )
    .unwrap();
    let out = host.stepup(ALICE, &[], &["whoami"], "");
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(
        text(&out).contains("not an absolute path"),
        "{}",
        text(&out)
    );
}

#[test]
fn on_postgresql_members_never_see_the_database_password() {
    let host = Host::new();
    host.install();
    let (pw_file, _db, _server) = host.use_postgresql();
    host.add_member("alice", ALICE_PW);
    let out = host.login(ALICE, "alice", ALICE_PW);
    assert!(out.status.success(), "{}", text(&out));
    let out = host.stepup(ALICE, &[], &["whoami", "--json"], "");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(json(&out)["user"], "alice");
    let mut c = host.user_cmd(ALICE, &[], Path::new("/bin/cat"));
    c.arg("/etc/stepup/db-password");
    let out = feed(c, "");
    assert!(
        !out.status.success() && text(&out).contains("Permission denied"),
        "{}",
        text(&out)
    );
    // A password file everyone can read is refused (fail closed).
    sh(&format!("chmod 0644 '{}'", pw_file.display()));
    let out = host.stepup(ALICE, &[], &["whoami"], "");
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(
        text(&out).contains("readable by everyone"),
        "{}",
        text(&out)
    );
    // Without TLS the password would go to whoever holds the port (a member
    // can take it while the server is down): refused.
    let config = host.root.join("etc/stepup/config.toml");
    let with_tls = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        with_tls.replace("sslmode=verify-full", "sslmode=disable"),
    )
    .unwrap();
    sh(&format!("chmod 0640 '{}'", pw_file.display()));
    let out = host.stepup(ALICE, &[], &["whoami"], "");
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(text(&out).contains("without TLS"), "{}", text(&out));
    std::fs::write(&config, with_tls).unwrap();
    // The session is bound on PostgreSQL too.
    sh(&format!("chmod 0640 '{}'", pw_file.display()));
    let token = std::fs::read_to_string(host.session_file(ALICE)).unwrap();
    let out = host.stepup(BOB, &[("STEPUP_SESSION", token.trim())], &["whoami"], "");
    assert_eq!(code(&out), 3, "{}", text(&out));
}

#[test]
fn what_an_outside_attack_found_is_refused() {
    let host = Host::new();
    host.install();
    let config = host.root.join("etc/stepup/config.toml");
    let good = std::fs::read_to_string(&config).unwrap();
    let whoami = || host.stepup(ALICE, &[], &["whoami"], "");
    // A relative workspace path would follow the caller's folder.
    std::fs::write(&config, "[database]\npath = \"var/stepup/stepup.redb\"\n").unwrap();
    let out = whoami();
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(
        text(&out).contains("not an absolute path"),
        "{}",
        text(&out)
    );
    // Codes written to files would belong to the member who asked.
    std::fs::write(
        &config,
        format!("{good}[email]\ntransport = \"file\"\ndir = \"/tmp\"\nfrom = \"a <a@b.c>\"\n"),
    )
    .unwrap();
    let out = whoami();
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(
        text(&out).contains("\"file\" cannot be used"),
        "{}",
        text(&out)
    );
    // An SMTP password in a config everyone can read.
    std::fs::write(
        &config,
        format!(
            "{good}[email]\nurl = \"smtp://mfa:secret@mail.example:587\"\nfrom = \"a <a@b.c>\"\n"
        ),
    )
    .unwrap();
    let out = whoami();
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(
        text(&out).contains("holds a database password")
            || text(&out).contains("everyone can read it"),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("secret"), "{}", text(&out));
    std::fs::write(&config, &good).unwrap();

    // A binary folder a member may change: named by check.
    sh(&format!(
        "chown {BOB} '{}'",
        host.prefix().join("bin").display()
    ));
    let mut c = host.root_cmd(&bin());
    c.args(["system", "check", "--prefix"]).arg(host.prefix());
    let out = feed(c, "");
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(text(&out).contains("the binary's folder"), "{}", text(&out));
    sh(&format!(
        "chown 0 '{}'",
        host.prefix().join("bin").display()
    ));

    // Install adopts no folder a member made beforehand.
    let fresh = Host::new();
    let planted = fresh.root.join("shared/stepup");
    std::fs::create_dir_all(&planted).unwrap();
    sh(&format!(
        "chmod 1777 '{}'; chown {BOB} '{}'",
        fresh.root.join("shared").display(),
        planted.display()
    ));
    let mut c = fresh.root_cmd(&bin());
    c.arg("--db")
        .arg(planted.join("stepup.redb"))
        .args([
            "system",
            "install",
            "--admin",
            "root",
            "--password-stdin",
            "--prefix",
        ])
        .arg(fresh.prefix());
    let out = feed(c, &format!("{ROOT_PW}\n"));
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(text(&out).contains("adopts no folder"), "{}", text(&out));
    assert!(!planted.join("stepup.redb").exists());
}

#[test]
fn the_secrets_key_is_root_s_to_make_and_the_group_s_to_read() {
    let host = Host::new();
    host.install();
    host.add_member("alice", ALICE_PW);
    let key = "/etc/stepup/secrets.key";
    let outside = host.root.join("etc/stepup/secrets.key");
    // An admin who is not root may not make it (it is a file beside the
    // config, for every member's stepup to read).
    let out = host.as_root(&["user", "set", "alice", "--role", "admin"], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(host.login(ALICE, "alice", ALICE_PW).status.success());
    let out = host.stepup(ALICE, &[], &["key", "init", key], "");
    assert_eq!(code(&out), 3, "{}", text(&out));
    assert!(text(&out).contains("for root"), "{}", text(&out));
    assert!(!outside.exists());
    // Root makes it: 0640 root:stepup.
    let out = host.as_root(&["key", "init", key, "--json"], "");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(json(&out)["sealed"], true, "{}", text(&out));
    let gid = std::fs::metadata(host.installed()).unwrap().gid();
    let m = std::fs::metadata(&outside).unwrap();
    assert_eq!((m.uid(), m.gid(), m.mode() & 0o777), (0, gid, 0o640));
    // Members' stepup reads it with the group once the config names it;
    // before, it fails closed.
    let out = host.stepup(ALICE, &[], &["whoami"], "");
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(text(&out).contains("sealed with key"), "{}", text(&out));
    host.add_config(&format!("[secrets]\nkey_file = \"{key}\"\n"));
    let out = host.stepup(ALICE, &[], &["whoami", "--json"], "");
    assert!(out.status.success(), "{}", text(&out));
    // Alice cannot read the key herself.
    let mut c = host.user_cmd(ALICE, &[], Path::new("cat"));
    c.arg(key);
    let out = feed(c, "");
    assert!(
        !out.status.success() && text(&out).contains("Permission denied"),
        "{}",
        text(&out)
    );
    // A key file others can read is refused (exit 1), never skipped.
    sh(&format!("chmod 0644 '{}'", outside.display()));
    let out = host.stepup(ALICE, &[], &["whoami"], "");
    assert_eq!(code(&out), 1, "{}", text(&out));
    sh(&format!("chmod 0640 '{}'", outside.display()));
    assert!(host.stepup(ALICE, &[], &["whoami"], "").status.success());
}
