//! A real PostgreSQL server the tests own: `initdb` into a temporary folder
//! as an unprivileged user (the server refuses to run as root), listening on
//! 127.0.0.1 and a free port. It is started once per test binary, on first
//! use, and a watchdog stops it and removes its folder when the test
//! process ends. Every workspace gets its own database on it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The role every test database belongs to (trusted on loopback).
pub const SUPERUSER: &str = "stepup";
/// A role that must give a password (scram-sha-256), for credential tests.
pub const PASSWORD_ROLE: &str = "stepup_pw";
pub const PASSWORD: &str = "correct-battery-staple-pg";

pub struct Server {
    pub port: u16,
    pub dir: PathBuf,
    pub bin: PathBuf,
    /// Who the server runs as (for `pg_ctl` in tests that stop it).
    pub run_as: Vec<String>,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static NEXT_DB: AtomicUsize = AtomicUsize::new(0);
static NEXT_SERVER: AtomicUsize = AtomicUsize::new(0);

/// The PostgreSQL server binaries: Debian puts them in
/// /usr/lib/postgresql/VERSION/bin (the newest is used).
fn server_bin() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .filter(|p| p.join("initdb").exists() && p.join("postgres").exists())
                .collect()
        })
        .unwrap_or_default();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop().unwrap_or_else(|| {
        panic!(
            "the PostgreSQL tests need the PostgreSQL server binaries (initdb, postgres) in \
             /usr/lib/postgresql/*/bin: install the Debian package `postgresql` \
             (apt-get install postgresql); .ci/run does"
        )
    })
}

/// The command prefix that runs a program as an unprivileged user when the
/// tests run as root (`postgres` when that user exists, else nobody).
fn unprivileged() -> Vec<String> {
    if rustix::process::geteuid().is_root() {
        let user = if Command::new("id")
            .arg("postgres")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
        {
            "postgres"
        } else {
            "nobody"
        };
        vec!["runuser".into(), "-u".into(), user.into(), "--".into()]
    } else {
        Vec::new()
    }
}

/// `program`, run through `prefix` (see [`unprivileged`]).
fn command_as(prefix: &[String], program: &Path) -> Command {
    match prefix.split_first() {
        Some((first, rest)) => {
            let mut cmd = Command::new(first);
            cmd.args(rest).arg(program);
            cmd
        }
        None => Command::new(program),
    }
}

fn run(prefix: &[String], program: &Path, args: &[&str]) {
    let out = command_as(prefix, program)
        .args(args)
        .output()
        .expect("run a PostgreSQL tool");
    assert!(
        out.status.success(),
        "{} {args:?} failed:\n{}{}",
        program.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server, started on first use.
pub fn server() -> &'static Server {
    SERVER.get_or_init(start)
}

/// A server of the caller's own, for tests that stop or restart it; it is
/// stopped when dropped.
pub fn private_server() -> Private {
    Private(start())
}

pub struct Private(pub Server);

impl std::ops::Deref for Private {
    type Target = Server;
    fn deref(&self) -> &Server {
        &self.0
    }
}

impl Drop for Private {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = command_as(&self.run_as, &self.bin.join("pg_ctl"))
            .args([
                "-D",
                data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

fn start() -> Server {
    let bin = server_bin();
    let run_as = unprivileged();
    let dir = std::env::temp_dir().join(format!(
        "stepup-pg-{}-{}",
        std::process::id(),
        NEXT_SERVER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    // Made by the server's user (in /tmp, whose sticky bit would keep that
    // user from removing a folder of ours), open to the tests too.
    run(
        &run_as,
        Path::new("/bin/mkdir"),
        &["-m", "0777", dir.to_str().unwrap()],
    );
    let data = dir.join("data");
    run(
        &run_as,
        &bin.join("initdb"),
        &[
            "-D",
            data.to_str().unwrap(),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--no-sync",
            "--no-instructions",
            "-E",
            "UTF8",
            "--locale=C",
        ],
    );
    // Trust on loopback, except for the role that must give a password.
    let hba = format!(
        "local all all trust\n\
         host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n\
         host all all 127.0.0.1/32 trust\n\
         host all all 10.0.0.0/8 trust\n"
    );
    let hba_path = data.join("pg_hba.conf");
    write_as(&run_as, &hba_path, &hba);
    let port = free_port();
    let conf = format!(
        "listen_addresses = '*'\nport = {port}\nunix_socket_directories = '{}'\n\
         fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n\
         max_connections = 300\nshared_buffers = 32MB\nlog_min_messages = fatal\n",
        dir.display()
    );
    append_as(&run_as, &data.join("postgresql.conf"), &conf);
    // The server runs under a watchdog that stops it (and removes its
    // folder) once this test process is gone.
    let watchdog = format!(
        "'{pg_ctl}' -D '{data}' -l '{dir}/log' -w start >/dev/null 2>&1\n\
         while [ -d /proc/{me} ]; do sleep 0.3; done\n\
         '{pg_ctl}' -D '{data}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{dir}'\n",
        pg_ctl = bin.join("pg_ctl").display(),
        data = data.display(),
        dir = dir.display(),
        me = std::process::id()
    );
    spawn_watchdog(&run_as, &watchdog, "start the PostgreSQL server");
    let server = Server {
        port,
        dir,
        bin,
        run_as,
    };
    server.wait_ready(Duration::from_secs(30));
    let mut c = server.admin();
    c.batch_execute(&format!(
        "CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'"
    ))
    .unwrap();
    server
}

/// Runs `script` (which starts a server and stops it once this test
/// process is gone) in a session of its own, as `run_as`.
fn spawn_watchdog(run_as: &[String], script: &str, what: &str) {
    let mut watchdog = command_as(run_as, Path::new("setsid"))
        .args(["sh", "-c", script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    // Reaped whenever it ends (with this process, at the latest).
    std::thread::spawn(move || watchdog.wait());
}

fn write_as(run_as: &[String], path: &Path, text: &str) {
    let tmp = std::env::temp_dir().join(format!(
        "stepup-pg-w-{}-{}",
        std::process::id(),
        NEXT_DB.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&tmp, text).unwrap();
    run(
        run_as,
        Path::new("/bin/cp"),
        &[tmp.to_str().unwrap(), path.to_str().unwrap()],
    );
    let _ = std::fs::remove_file(tmp);
}

fn append_as(run_as: &[String], path: &Path, text: &str) {
    let current = std::fs::read_to_string(path).unwrap_or_default();
    write_as(run_as, path, &format!("{current}\n{text}"));
}

impl Server {
    /// Waits until the server answers.
    pub fn wait_ready(&self, limit: Duration) {
        let deadline = Instant::now() + limit;
        loop {
            if postgres::Client::connect(&self.admin_url("postgres"), postgres::NoTls).is_ok() {
                return;
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(self.dir.join("log")).unwrap_or_default();
                panic!("the PostgreSQL server did not start within {limit:?}:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn admin_url(&self, db: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user={SUPERUSER} dbname={db}",
            self.port
        )
    }

    /// A superuser connection to the `postgres` database.
    pub fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.admin_url("postgres"), postgres::NoTls)
            .expect("connect to the test PostgreSQL server")
    }

    /// A new, empty database; returns its name.
    pub fn create_db(&self) -> String {
        let name = format!(
            "ws_{}_{}",
            std::process::id(),
            NEXT_DB.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = self.admin();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        admin
            .batch_execute(&format!("GRANT ALL ON DATABASE {name} TO {PASSWORD_ROLE}"))
            .unwrap();
        // The password role may create stepup's tables there too.
        postgres::Client::connect(&self.admin_url(&name), postgres::NoTls)
            .unwrap()
            .batch_execute(&format!("GRANT ALL ON SCHEMA public TO {PASSWORD_ROLE}"))
            .unwrap();
        name
    }

    /// The URL stepup is given for database `db`.
    pub fn url(&self, db: &str) -> String {
        url_at(self.port, db)
    }

    /// Runs `pg_ctl` (as the server's user) with `args`.
    pub fn pg_ctl(&self, args: &[&str]) {
        let data = self.dir.join("data");
        let mut all = vec!["-D", data.to_str().unwrap(), "-w"];
        all.extend_from_slice(args);
        run(&self.run_as, &self.bin.join("pg_ctl"), &all);
    }
}

/// A network namespace joined to this machine by a veth pair: another
/// host, which reaches this one at `host_ip`. Removed when dropped.
pub struct Host {
    pub ns: String,
    pub host_ip: String,
}

impl Host {
    /// Host number `n` (1..=200) of this test process. Needs root.
    pub fn new(n: u8) -> Host {
        assert!(
            rustix::process::geteuid().is_root(),
            "the two-host test needs root (network namespaces: ip netns add); run it as root, as .ci/run does"
        );
        let tag = std::process::id() % 100_000;
        let ns = format!("stepup-{tag}-{n}");
        let (outside, inside) = (format!("su{tag}o{n}"), format!("su{tag}i{n}"));
        let net = format!("10.{}.{n}", 100 + tag % 100);
        let host_ip = format!("{net}.1");
        let sh = |script: &str| {
            let out = Command::new("sh").args(["-ec", script]).output().unwrap();
            assert!(
                out.status.success(),
                "{script}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        sh(&format!(
            "ip netns add {ns}\n\
             ip link add {outside} type veth peer name {inside}\n\
             ip link set {inside} netns {ns}\n\
             ip addr add {host_ip}/24 dev {outside}\n\
             ip link set {outside} up\n\
             ip netns exec {ns} ip addr add {net}.2/24 dev {inside}\n\
             ip netns exec {ns} ip link set {inside} up\n\
             ip netns exec {ns} ip link set lo up"
        ));
        Host { ns, host_ip }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        // Deleting the namespace deletes its end of the pair, and so both.
        let _ = Command::new("ip").args(["netns", "del", &self.ns]).status();
    }
}

impl Server {
    /// Turns TLS on with a certificate for `localhost` (only) signed by a
    /// test authority; returns the authority's certificate file.
    pub fn enable_tls(&self) -> PathBuf {
        let dir = self.dir.join("tls");
        std::fs::create_dir_all(&dir).unwrap();
        {
            // The watchdog, as the server's user, removes it with the rest.
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        let tls = crate::support::TestCa::new();
        std::fs::copy(&tls.ca, dir.join("ca.crt")).unwrap();
        let data = self.dir.join("data");
        for (f, from) in [("server.crt", &tls.cert), ("server.key", &tls.key)] {
            write_as(
                &self.run_as,
                &data.join(f),
                &std::fs::read_to_string(from).unwrap(),
            );
        }
        run(
            &self.run_as,
            Path::new("/bin/chmod"),
            &["600", data.join("server.key").to_str().unwrap()],
        );
        append_as(
            &self.run_as,
            &data.join("postgresql.conf"),
            "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n",
        );
        self.pg_ctl(&["reload"]);
        std::thread::sleep(Duration::from_millis(300));
        dir.join("ca.crt")
    }
}

/// PgBouncer in transaction mode in front of the shared server, as a team
/// that keeps its workspace behind a pooler runs it: each transaction gets
/// whichever server connection is free, so nothing of a session (startup
/// options, `SET`, a transaction left open at exit) may be relied on.
/// Started once per test binary, on first use, as the server's user; a
/// watchdog stops it when the test process ends.
pub struct Pooler {
    pub port: u16,
    pub dir: PathBuf,
}

static POOLER: OnceLock<Pooler> = OnceLock::new();

/// The server connections a pooled database may hold at once.
pub const POOL_SIZE: usize = 4;

/// The pooler, started on first use (and the server behind it).
pub fn pooler() -> &'static Pooler {
    POOLER.get_or_init(start_pooler)
}

fn start_pooler() -> Pooler {
    let bouncer = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!(
                "the pooled PostgreSQL tests need PgBouncer: install the Debian package \
                 `pgbouncer` (apt-get install pgbouncer); .ci/run does"
            )
        });
    let server = server();
    let dir = server.dir.join("pgbouncer");
    run(
        &server.run_as,
        Path::new("/bin/mkdir"),
        &["-m", "0777", dir.to_str().unwrap()],
    );
    let port = free_port();
    // Every database of the server, by name; one pool per database.
    let ini = format!(
        "[databases]\n* = host=127.0.0.1 port={server_port}\n\
         [pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\n\
         unix_socket_dir =\nauth_type = trust\nauth_file = {dir}/users.txt\n\
         pool_mode = transaction\ndefault_pool_size = {POOL_SIZE}\n\
         max_client_conn = 500\nserver_idle_timeout = 5\nautodb_idle_timeout = 5\n\
         query_wait_timeout = 10\n\
         logfile = {dir}/log\npidfile = {dir}/pid\n",
        server_port = server.port,
        dir = dir.display()
    );
    write_as(&server.run_as, &dir.join("pgbouncer.ini"), &ini);
    write_as(
        &server.run_as,
        &dir.join("users.txt"),
        &format!("\"{SUPERUSER}\" \"\"\n"),
    );
    let watchdog = format!(
        "'{bouncer}' '{dir}/pgbouncer.ini' >/dev/null 2>&1 &\n\
         while [ -d /proc/{me} ]; do sleep 0.3; done\n\
         kill $! 2>/dev/null\n",
        bouncer = bouncer.display(),
        dir = dir.display(),
        me = std::process::id()
    );
    spawn_watchdog(&server.run_as, &watchdog, "start PgBouncer");
    let pooler = Pooler { port, dir };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            let log = std::fs::read_to_string(pooler.dir.join("log")).unwrap_or_default();
            panic!("PgBouncer did not start within 20 s:\n{log}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    pooler
}

impl Pooler {
    /// The URL stepup is given for database `db`, through the pooler.
    pub fn url(&self, db: &str) -> String {
        url_at(self.port, db)
    }
}

/// Database `db` as the superuser on 127.0.0.1:`port`.
fn url_at(port: u16, db: &str) -> String {
    format!("postgres://{SUPERUSER}@127.0.0.1:{port}/{db}")
}
