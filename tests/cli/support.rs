//! What every process-level test shares: a throwaway workspace (its own
//! temporary folder, database, config, XDG folders), a way to run the real
//! binary in it, an RFC 6238 implementation independent of totp-rs, and a
//! real SMTP server on 127.0.0.1.

#![allow(dead_code)]

use serde_json::Value;
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const ADMIN: &str = "root";
pub const ADMIN_PW: &str = "tangerine pylon 42";
pub const ALICE_PW: &str = "orange kayak 77 sails";

/// Cheap password hashing, so tests spend their time on behaviour.
pub const CHEAP_ARGON2: &str = "[argon2]\nmemory_kib = 64\niterations = 1\nparallelism = 1\n";

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_stepup"))
}

/// Where the test binary keeps its workspaces: each test binary runs its
/// tests on one backend (`tests/cli/main.rs`: files; `postgres_main.rs`:
/// PostgreSQL), so the behaviour tests run once per backend.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    File,
    Postgres,
}

pub use crate::{BACKEND, THROUGH_POOLER};

/// A throwaway workspace.
pub struct Env {
    pub dir: tempfile::TempDir,
    /// The database: a file path, or (on PostgreSQL) the URL as a path.
    pub db: PathBuf,
    pub config: PathBuf,
}

/// The workspace's redb file, opened beside stepup as another process
/// would (for tests that change it under stepup).
pub fn raw_db(env: &Env) -> redb::Database {
    redb::Builder::new()
        .set_concurrency_mode(redb::ConcurrencyMode::MultiWriter)
        .open(&env.db)
        .unwrap()
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON object ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    #[track_caller]
    pub fn expect(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}, got {}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Exit `code`, saying `text` on standard error.
    #[track_caller]
    pub fn exits_saying(&self, code: i32, text: &str) -> &Run {
        self.expect(code);
        assert!(
            self.stderr.contains(text),
            "wanted {text:?} on stderr:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn ok(&self) -> &Run {
        self.expect(0)
    }
}

/// One invocation being set up.
pub struct Invocation<'a> {
    env: &'a Env,
    args: Vec<String>,
    stdin: Vec<u8>,
    vars: Vec<(String, String)>,
    unset: Vec<String>,
    /// Run inside this network namespace (`ip netns exec`): another host.
    netns: Option<String>,
}

impl Invocation<'_> {
    /// Runs the binary inside network namespace `ns`, as on another host.
    pub fn in_netns(mut self, ns: &str) -> Self {
        self.netns = Some(ns.to_string());
        self
    }

    pub fn stdin(mut self, text: impl AsRef<[u8]>) -> Self {
        self.stdin = text.as_ref().to_vec();
        self
    }

    pub fn session(self, token: &str) -> Self {
        self.var("STEPUP_SESSION", token)
    }

    pub fn var(mut self, k: &str, v: &str) -> Self {
        self.vars.push((k.into(), v.into()));
        self
    }

    /// Takes a variable the workspace sets out of the environment.
    pub fn unset(mut self, k: &str) -> Self {
        self.unset.push(k.into());
        self
    }

    pub fn command(&self) -> Command {
        let mut cmd = match &self.netns {
            Some(ns) => {
                let mut c = Command::new("ip");
                c.args(["netns", "exec", ns]).arg(bin());
                c
            }
            None => Command::new(bin()),
        };
        self.env.prepare(&mut cmd);
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        for k in &self.unset {
            cmd.env_remove(k);
        }
        cmd.args(&self.args);
        cmd
    }

    /// Starts the process with its standard input written and closed, its
    /// output captured; for tests that run several at once.
    pub fn spawn(&self) -> std::process::Child {
        let mut child = self
            .command()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn stepup");
        use std::io::Write;
        // The process may exit before reading everything (that is fine).
        let _ = child.stdin.take().unwrap().write_all(&self.stdin);
        child
    }

    pub fn run(self) -> Run {
        let out = self.spawn().wait_with_output().expect("wait for stepup");
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "stepup panicked:\n{}",
            run.stderr
        );
        run
    }

    /// Runs with `--json` and returns exit code and the object.
    pub fn json(mut self) -> (i32, Value) {
        self.args.insert(0, "--json".into());
        let run = self.run();
        let v = run.json();
        (run.code, v)
    }
}

impl Env {
    /// A workspace folder with a config (cheap argon2 plus `extra`), but no
    /// database yet.
    pub fn empty_with(extra: &str) -> Env {
        match BACKEND {
            Backend::File => Env::at(None, extra),
            Backend::Postgres => {
                let server = crate::pg::server();
                let db = server.create_db();
                let url = if THROUGH_POOLER {
                    crate::pg::pooler().url(&db)
                } else {
                    server.url(&db)
                };
                Env::at(Some(url), extra)
            }
        }
    }

    /// A workspace folder whose database is `db` (None: a file in it).
    pub fn at(db: Option<String>, extra: &str) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = db.map_or_else(|| dir.path().join("ws.redb"), PathBuf::from);
        let config = dir.path().join("config.toml");
        std::fs::write(&config, format!("issuer = \"Acme\"\n{CHEAP_ARGON2}{extra}")).unwrap();
        Env { dir, db, config }
    }

    pub fn empty() -> Env {
        Env::empty_with("")
    }

    /// A workspace with its admin, logged in (the session file holds it).
    pub fn with_admin_config(extra: &str) -> Env {
        Env::empty_with(extra).init_admin()
    }

    /// Runs `init` with the admin and logs the admin in.
    pub fn init_admin(self) -> Env {
        let env = self;
        env.stepup(&[
            "init",
            "--admin",
            ADMIN,
            "--email",
            "root@acme.example",
            "--password-stdin",
        ])
        .stdin(format!("{ADMIN_PW}\n"))
        .run()
        .ok();
        env.stepup(&["login", ADMIN, "--password-stdin"])
            .stdin(format!("{ADMIN_PW}\n"))
            .run()
            .ok();
        env
    }

    pub fn with_admin() -> Env {
        Env::with_admin_config("")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The environment of every run: nothing inherited that could change
    /// behaviour, every XDG folder inside the workspace folder.
    pub fn prepare(&self, cmd: &mut Command) {
        for var in [
            "STEPUP_SESSION",
            "STEPUP_DB",
            "STEPUP_CONFIG",
            "NO_COLOR",
            "XDG_DATA_HOME",
            "XDG_STATE_HOME",
            "XDG_CONFIG_HOME",
        ] {
            cmd.env_remove(var);
        }
        let home = self.path().join("home");
        cmd.env("HOME", &home)
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("XDG_CONFIG_HOME", self.path().join("xdg-config"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("STEPUP_DB", &self.db)
            .env("STEPUP_CONFIG", &self.config)
            .env("RUST_BACKTRACE", "0");
    }

    pub fn stepup(&self, args: &[&str]) -> Invocation<'_> {
        Invocation {
            env: self,
            args: args.iter().map(|s| s.to_string()).collect(),
            stdin: Vec::new(),
            vars: Vec::new(),
            unset: Vec::new(),
            netns: None,
        }
    }

    /// Adds a user as the logged-in admin.
    pub fn add_user(&self, name: &str, pw: &str, email: Option<&str>) {
        let mut args = vec!["user", "add", name, "--password-stdin"];
        if let Some(e) = email {
            args.extend(["--email", e]);
        }
        self.stepup(&args).stdin(format!("{pw}\n")).run().ok();
    }

    /// Logs `name` in without a second factor and returns the token.
    pub fn token(&self, name: &str, pw: &str) -> String {
        let (code, v) = self
            .stepup(&["login", name, "--password-stdin", "--print-token"])
            .stdin(format!("{pw}\n"))
            .json();
        assert_eq!(code, 0, "{v}");
        v["token"].as_str().unwrap().to_string()
    }

    pub fn session_files(&self) -> Vec<PathBuf> {
        match std::fs::read_dir(self.path().join("state").join("stepup")) {
            Ok(rd) => rd.map(|e| e.unwrap().path()).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Replaces the config (keeping cheap argon2 unless `extra` sets it).
    pub fn set_config(&self, extra: &str) {
        let argon = if extra.contains("[argon2]") {
            ""
        } else {
            CHEAP_ARGON2
        };
        std::fs::write(&self.config, format!("issuer = \"Acme\"\n{argon}{extra}")).unwrap();
    }
}

pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// ---------------------------------------------------------------------------
// RFC 6238, written from the RFC, independent of totp-rs.

pub fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits: u64 = 0;
    let mut nbits = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|c| *c != b'=' && *c != b' ') {
        let v = ALPHABET
            .iter()
            .position(|a| *a == c.to_ascii_uppercase())
            .expect("base32 character") as u64;
        bits = (bits << 5) | v;
        nbits += 5;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    out
}

/// HOTP (RFC 4226 section 5.3) with HMAC-SHA-1.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(key).unwrap();
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let bin = u32::from_be_bytes([
        h[offset] & 0x7f,
        h[offset + 1],
        h[offset + 2],
        h[offset + 3],
    ]);
    format!(
        "{:0width$}",
        bin % 10u32.pow(digits),
        width = digits as usize
    )
}

pub fn totp_at(key: &[u8], unix: u64) -> String {
    hotp(key, unix / 30, 6)
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// An authenticator app: hands out codes for steps it has not used yet, as
/// the server's ±1-step window allows, waiting for the clock when needed.
pub struct Authenticator {
    pub secret: Vec<u8>,
    pub base32: String,
    last: Option<u64>,
}

impl Authenticator {
    pub fn new(base32: &str) -> Authenticator {
        Authenticator {
            secret: base32_decode(base32),
            base32: base32.to_string(),
            last: None,
        }
    }

    /// A code the server will accept now and that was not used before.
    pub fn next_code(&mut self) -> String {
        loop {
            let now = unix_now() / 30;
            let step = self.last.map_or(now, |l| (l + 1).max(now));
            if step <= now + 1 {
                self.last = Some(step);
                return hotp(&self.secret, step, 6);
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// The current code, as a phone would show it (may repeat).
    pub fn current(&self) -> String {
        totp_at(&self.secret, unix_now())
    }

    /// A new secret for a user whose steps up to `previous`'s last one are
    /// spent (the server's replay mark is per user, not per secret).
    pub fn after(base32: &str, previous: &Authenticator) -> Authenticator {
        Authenticator {
            last: previous.last,
            ..Authenticator::new(base32)
        }
    }
}

// ---------------------------------------------------------------------------
// A real SMTP server on 127.0.0.1 (mailin-embedded), keeping what it gets.

#[derive(Clone)]
struct Collect {
    shared: Arc<Mutex<Vec<String>>>,
    current: Vec<u8>,
    refuse: bool,
}

impl mailin_embedded::Handler for Collect {
    fn rcpt(&mut self, _to: &str) -> mailin_embedded::Response {
        if self.refuse {
            mailin_embedded::response::NO_MAILBOX
        } else {
            mailin_embedded::response::OK
        }
    }

    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        _to: &[String],
    ) -> mailin_embedded::Response {
        self.current.clear();
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let text = String::from_utf8_lossy(&self.current).into_owned();
        self.shared.lock().unwrap().push(text);
        mailin_embedded::response::OK
    }
}

pub struct Smtp {
    pub port: u16,
    messages: Arc<Mutex<Vec<String>>>,
}

impl Smtp {
    pub fn start() -> Smtp {
        Smtp::start_with(false)
    }

    /// A server that refuses every recipient.
    pub fn start_refusing() -> Smtp {
        Smtp::start_with(true)
    }

    /// A server that offers STARTTLS with `tls`'s certificate for
    /// `localhost`.
    pub fn start_starttls(tls: &TestCa) -> Smtp {
        Smtp::start_ssl(
            false,
            mailin_embedded::SslConfig::Trusted {
                cert_path: tls.cert.display().to_string(),
                key_path: tls.key.display().to_string(),
                chain_path: tls.ca.display().to_string(),
            },
        )
    }

    fn start_with(refuse: bool) -> Smtp {
        Smtp::start_ssl(refuse, mailin_embedded::SslConfig::None)
    }

    fn start_ssl(refuse: bool, ssl: mailin_embedded::SslConfig) -> Smtp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let handler = Collect {
            shared: messages.clone(),
            current: Vec::new(),
            refuse,
        };
        let mut server = mailin_embedded::Server::new(handler);
        server
            .with_name("smtp.test")
            .with_ssl(ssl)
            .unwrap()
            .with_num_threads(2)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Smtp { port, messages }
    }

    pub fn config(&self) -> String {
        format!(
            "[email]\ntransport = \"smtp\"\nurl = \"smtp://127.0.0.1:{}\"\nfrom = \"Acme <mfa@acme.example>\"\n",
            self.port
        )
    }

    /// The code mails received, in order (notices are in `notices`).
    pub fn messages(&self) -> Vec<String> {
        let all = self.messages.lock().unwrap().clone();
        all.into_iter().filter(|m| !is_notice(m)).collect()
    }

    /// The notices received (mails about a change, with no code).
    pub fn notices(&self) -> Vec<String> {
        let all = self.messages.lock().unwrap().clone();
        all.into_iter().filter(|m| is_notice(m)).collect()
    }

    /// Waits for a notice that contains `text` (they come from a sender
    /// stepup starts after its reply) and returns it.
    pub fn wait_for_notice(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(m) = self.notices().into_iter().find(|m| m.contains(text)) {
                return m;
            }
            assert!(
                Instant::now() < deadline,
                "no notice with {text:?} arrived; notices: {:?}",
                self.notices()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the `n`-th message (1-based) and returns it.
    pub fn wait_for(&self, n: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(m) = self.messages().get(n - 1) {
                return m.clone();
            }
            assert!(Instant::now() < deadline, "no message {n} arrived");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The code in the newest message.
    pub fn last_code(&self) -> String {
        let n = self.messages().len();
        assert!(n > 0, "no message arrived");
        code_in(&self.wait_for(n))
    }
}

/// Whether a mail is a notice (its body ends with what to do if it was
/// not the user) rather than a code.
pub fn is_notice(message: &str) -> bool {
    message.contains("If this was not you")
}

/// The 6-digit code on a line of its own in a message body.
pub fn code_in(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 6 && l.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no code in:\n{message}"))
        .to_string()
}

/// Reads a whole file into a string.
pub fn read(path: &Path) -> String {
    let mut s = String::new();
    std::fs::File::open(path)
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

// ---------------------------------------------------------------------------
// MFA helpers.

/// Enrolls an authenticator for the session `token` (or the stored one) and
/// returns the app and the 10 recovery codes. `step_up` is the code for an
/// existing method, when one is needed first.
pub fn enroll_totp(env: &Env, token: Option<&str>) -> (Authenticator, Vec<String>) {
    let mut inv = env.stepup(&["method", "enable", "totp"]);
    if let Some(t) = token {
        inv = inv.session(t);
    }
    let (code, v) = inv.json();
    assert_eq!(code, 10, "{v}");
    assert_eq!(v["purpose"], "enroll");
    let secret = v["secret"].as_str().unwrap();
    let mut app = Authenticator::new(secret);
    let codes = confirm_totp(env, token, &mut app);
    (app, codes)
}

pub fn confirm_totp(env: &Env, token: Option<&str>, app: &mut Authenticator) -> Vec<String> {
    let code = app.next_code();
    let mut inv = env.stepup(&["method", "enable", "totp", "--code", &code]);
    if let Some(t) = token {
        inv = inv.session(t);
    }
    let (rc, v) = inv.json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["method"], "totp");
    recovery_codes(&v)
}

pub fn recovery_codes(v: &serde_json::Value) -> Vec<String> {
    let codes: Vec<String> = v["recovery_codes"]
        .as_array()
        .unwrap_or_else(|| panic!("no recovery_codes in {v}"))
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    codes
}

/// Enrolls email for the session `token` through the SMTP server.
pub fn enroll_email(env: &Env, smtp: &Smtp, token: Option<&str>) -> Vec<String> {
    let sent = smtp.messages().len();
    let mut inv = env.stepup(&["method", "enable", "email"]);
    if let Some(t) = token {
        inv = inv.session(t);
    }
    let (code, v) = inv.json();
    assert_eq!(code, 10, "{v}");
    assert_eq!(v["method"], "email");
    let mail = smtp.wait_for(sent + 1);
    let mut inv = env.stepup(&["method", "enable", "email", "--code", &code_in(&mail)]);
    if let Some(t) = token {
        inv = inv.session(t);
    }
    let (rc, v) = inv.json();
    assert_eq!(rc, 0, "{v}");
    // The next code may be sent at once.
    pause_for_resend();
    recovery_codes(&v)
}

/// Enables email as a second method for the session `token`: a step-up
/// with the authenticator's next code, then the code mailed to the user.
pub fn enable_email_after_totp(env: &Env, smtp: &Smtp, token: &str, app: &mut Authenticator) {
    let sent = smtp.messages().len();
    env.stepup(&["method", "enable", "email", "--code", &app.next_code()])
        .session(token)
        .run()
        .expect(10);
    let code = code_in(&smtp.wait_for(sent + 1));
    env.stepup(&["method", "enable", "email", "--code", &code])
        .session(token)
        .run()
        .ok();
}

/// Waits out the resend limit of [`with_alice`]'s workspace (one second,
/// the shortest the workspace allows: 0 would switch the limit off).
pub fn pause_for_resend() {
    std::thread::sleep(std::time::Duration::from_millis(1050));
}

/// Sets a workspace limit as the logged-in admin (who has no MFA here).
pub fn set_setting(env: &Env, key: &str, value: &str) {
    let (rc, v) = env.stepup(&["settings", "set", key, value]).json();
    assert_eq!(rc, 0, "settings set {key} {value}: {v}");
}

/// A workspace with an SMTP server, the admin logged in, and alice (with an
/// email address) added; returns alice's token too.
pub fn with_alice(smtp: Option<&Smtp>) -> (Env, String) {
    // Sends are limited to one a second here (`pause_for_resend`): these
    // tests send several codes a minute.
    let extra = smtp.map_or(String::new(), |s| {
        format!("{}[codes]\nemail_resend_seconds = 1\n", s.config())
    });
    let env = Env::with_admin_config(&extra);
    env.add_user("alice", ALICE_PW, Some("alice@acme.example"));
    let token = alice_token(&env);
    // Keep the stored session the admin's.
    env.token(ADMIN, ADMIN_PW);
    (env, token)
}

/// Logs alice in without a second factor (she must have none yet).
pub fn alice_token(env: &Env) -> String {
    env.token("alice", ALICE_PW)
}

/// `login alice` with a code; returns exit code and JSON.
pub fn login_alice(env: &Env, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["login", "alice", "--password-stdin", "--print-token"];
    args.extend_from_slice(extra);
    env.stepup(&args).stdin(format!("{ALICE_PW}\n")).json()
}

// ---------------------------------------------------------------------------
// What a terminal shows: output rendered by a terminal emulator (vt100).

/// An 80×24 terminal after `output` (scrolled like a real one).
pub fn terminal_80x24(output: &str) -> vt100::Parser {
    let rows = std::num::NonZero::new(24u16).unwrap();
    let cols = std::num::NonZero::new(80u16).unwrap();
    let mut parser = vt100::Parser::new(rows, cols, 0);
    parser.process(
        output
            .replace("\r\n", "\n")
            .replace('\n', "\r\n")
            .as_bytes(),
    );
    parser
}

/// The QR code drawn on a terminal screen, module by module (light = true):
/// qr2term's coloured cells (white 15 / black 0 backgrounds, '▄' with a
/// foreground for the lower half) or the plain blocks drawn with NO_COLOR.
/// The code starts at the first row whose first cell belongs to it; its
/// width is its first (quiet) row's.
pub fn qr_on_screen(screen: &vt100::Screen) -> Vec<Vec<bool>> {
    let (rows, cols) = screen.size();
    let (rows, cols): (u16, u16) = (rows.into(), cols.into());
    let light = |c: vt100::Color| c == vt100::Color::Idx(15);
    let cell = |r: u16, c: u16| -> Option<(bool, bool)> {
        let cell = screen.cell(r, c)?;
        let coloured = matches!(cell.bgcolor(), vt100::Color::Idx(0 | 15));
        match (cell.contents(), coloured) {
            (" ", true) => Some((light(cell.bgcolor()), light(cell.bgcolor()))),
            ("▄", true) => Some((light(cell.bgcolor()), light(cell.fgcolor()))),
            ("█", false) => Some((true, true)),
            ("▀", false) => Some((true, false)),
            ("▄", false) => Some((false, true)),
            (" ", false) => Some((false, false)),
            _ => None,
        }
    };
    let first = (0..rows)
        .find(|r| cell(*r, 0) == Some((true, true)))
        .expect("no QR code on the screen");
    let width = (0..cols).take_while(|c| cell(first, *c).is_some()).count() as u16;
    let mut grid = Vec::new();
    for r in first..rows {
        let row: Option<Vec<(bool, bool)>> = (0..width).map(|c| cell(r, c)).collect();
        let Some(row) = row else { break };
        grid.push(row.iter().map(|p| p.0).collect());
        grid.push(row.iter().map(|p| p.1).collect());
    }
    grid
}

pub fn decode_qr(grid: &[Vec<bool>]) -> String {
    const SCALE: usize = 6;
    let h = grid.len();
    let w = grid[0].len();
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w * SCALE, h * SCALE, |x, y| {
        if grid[y / SCALE][x / SCALE] { 255 } else { 0 }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code expected");
    grids[0].decode().expect("the QR code decodes").1
}

// ---------------------------------------------------------------------------
// Looking into the database behind the binary's back, on either backend.

/// A connection of the test's own to the workspace's database, to the
/// server itself (also when stepup goes through the pooler).
pub fn pg_client(env: &Env) -> postgres::Client {
    postgres::Client::connect(&direct_url(env), postgres::NoTls).unwrap()
}

/// The workspace's database on the server itself.
pub fn direct_url(env: &Env) -> String {
    let url = env.db.to_str().unwrap();
    if THROUGH_POOLER {
        let db = url.rsplit('/').next().unwrap();
        crate::pg::server().url(db.split('?').next().unwrap())
    } else {
        url.to_string()
    }
}

/// The user record as stored.
pub fn stored_user(env: &Env, name: &str) -> stepup::domain::account::User {
    use stepup::store::View;
    let location = stepup::store::Location::parse(
        env.db.as_os_str(),
        stepup::store::location::Given::FlagOrEnv,
    )
    .unwrap();
    let options = stepup::store::Options::plain(Duration::from_secs(5), Default::default(), false);
    let store = stepup::store::Store::open(&location, &options).unwrap();
    store.read().unwrap().user(name).unwrap().unwrap()
}

/// Moves every stored session back in time by `seconds` (creation and last
/// use), through the library's record encoding: the binary has no clock
/// override, so the test ages the data instead.
pub fn age_sessions(env: &Env, created: u64, used: u64) {
    if BACKEND == Backend::Postgres {
        pg_client(env)
            .execute(
                "UPDATE sessions SET created_at = created_at - $1, last_used = last_used - $2",
                &[&(created as i64), &(used as i64)],
            )
            .unwrap();
        return;
    }
    use redb::ReadableTable;
    let db = raw_db(env);
    let tx = db.begin_write().unwrap();
    {
        let mut t = tx
            .open_table(redb::TableDefinition::<&[u8], &[u8]>::new("sessions"))
            .unwrap();
        let entries: Vec<(Vec<u8>, Vec<u8>)> = t
            .iter()
            .unwrap()
            .map(|e| {
                let (k, v) = e.unwrap();
                (k.value().to_vec(), v.value().to_vec())
            })
            .collect();
        for (k, v) in entries {
            let mut s: stepup::domain::session::Session =
                stepup::store::record::decode(&v).unwrap();
            s.created_at = stepup::domain::time::Timestamp(s.created_at.0 - created);
            s.last_used = stepup::domain::time::Timestamp(s.last_used.0 - used);
            t.insert(k.as_slice(), stepup::store::record::encode(&s).as_slice())
                .unwrap();
        }
    }
    tx.commit().unwrap();
}

/// A certificate authority of the test's own and a server certificate it
/// signed for `localhost` (openssl, Debian package `openssl`).
pub struct TestCa {
    _dir: tempfile::TempDir,
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl TestCa {
    pub fn new() -> TestCa {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        let script = format!(
            "cd '{d}'\n\
             openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
               -keyout ca.key -out ca.crt -days 2 -subj /CN=stepup-test-ca 2>/dev/null\n\
             openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
               -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null\n\
             printf 'subjectAltName=DNS:localhost\\n' > ext\n\
             openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
               -out server.crt -days 2 -extfile ext 2>/dev/null\n"
        );
        let out = Command::new("sh").args(["-ec", &script]).output().unwrap();
        assert!(
            out.status.success(),
            "openssl (Debian package openssl) failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        TestCa {
            ca: dir.path().join("ca.crt"),
            cert: dir.path().join("server.crt"),
            key: dir.path().join("server.key"),
            _dir: dir,
        }
    }
}
