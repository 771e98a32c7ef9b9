//! System mode: stepup installed set-group-ID (or set-user-ID) on a shared
//! host, where the kernel runs it in secure-execution mode. The privileged
//! group alone can open the database; the program decides who may do what.
//!
//! The trust boundary, as this module keeps it:
//! - [`start`] runs first, while the process has one thread: it detects the
//!   mode (`AT_SECURE`, or real and effective ids that differ), turns core
//!   dumps and ptrace off (`PR_SET_DUMPABLE` 0, `RLIMIT_CORE` 0) and lowers the
//!   effective ids to the caller's real ones, keeping the privileged ids only
//!   as the saved set-ids.
//! - [`privileged`] raises them for one step: reading the root-owned config
//!   and password file, opening the database file.
//! - [`give_up_for_good`] sets real, effective and saved ids to the caller's
//!   once the database is open, and marks every descriptor above 2
//!   close-on-exec. From then on the process is the caller's own, holding
//!   only the open database as its capability; programs it starts (the
//!   sendmail transport, `exec`'s COMMAND) get no privilege and no descriptor.
//!
//! Credentials are changed with the raw system calls, which change the
//! calling thread only; every change is made while the process has that one
//! thread (checked: a second thread is a refusal, not a risk).

use crate::error::{Error, Result};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The only configuration file in system mode.
pub const CONFIG: &str = "/etc/stepup/config.toml";
/// Where the machine's identity is read from.
pub const MACHINE_ID: &str = "/etc/machine-id";

/// The ids of a process in system mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ids {
    /// The caller: who ran stepup.
    pub real_uid: u32,
    pub real_gid: u32,
    /// What the set-ID bits gave (the `stepup` group).
    pub privileged_uid: u32,
    pub privileged_gid: u32,
}

static MODE: OnceLock<Option<Ids>> = OnceLock::new();

/// Detects system mode and, in it, hardens the process and lowers its
/// effective ids to the caller's (see the module documentation). Called
/// once, first thing in `main`.
pub fn start() -> Result<()> {
    let real_uid = rustix::process::getuid().as_raw();
    let real_gid = rustix::process::getgid().as_raw();
    let privileged_uid = rustix::process::geteuid().as_raw();
    let privileged_gid = rustix::process::getegid().as_raw();
    let elevated = secure_execution() || real_uid != privileged_uid || real_gid != privileged_gid;
    let ids = elevated.then_some(Ids {
        real_uid,
        real_gid,
        privileged_uid,
        privileged_gid,
    });
    let _ = MODE.set(ids);
    let Some(ids) = ids else { return Ok(()) };
    use rustix::process::{DumpableBehavior, Resource, Rlimit, set_dumpable_behavior, setrlimit};
    set_dumpable_behavior(DumpableBehavior::NotDumpable)
        .map_err(|e| os_failure("cannot turn off core dumps and tracing", e))?;
    setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    )
    .map_err(|e| os_failure("cannot turn off core dumps", e))?;
    set_effective(ids.real_uid, ids.real_gid)
}

/// The ids when stepup runs in system mode; `None` outside it.
pub fn mode() -> Option<Ids> {
    MODE.get().copied().flatten()
}

/// Whether the real user is root (in system mode or not).
pub fn real_root() -> bool {
    rustix::process::getuid().is_root()
}

/// The uid stepup acts for: the real one.
pub fn real_uid() -> u32 {
    rustix::process::getuid().as_raw()
}

/// Runs `f` with the privileged ids in effect (system mode), then lowers
/// them again; outside system mode it just runs `f`.
pub fn privileged<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    let Some(ids) = mode() else { return f() };
    if GIVEN_UP.load(std::sync::atomic::Ordering::SeqCst) {
        return f();
    }
    set_effective(ids.privileged_uid, ids.privileged_gid)?;
    let result = f();
    match (set_effective(ids.real_uid, ids.real_gid), result) {
        (Ok(()), result) => result,
        // A helper thread still waits (a database that stayed busy): the
        // process ends with the step's own error and runs nothing else.
        (Err(_), Err(e)) => Err(e),
        (Err(e), Ok(_)) => Err(e),
    }
}

/// Gives up the privileged ids for the rest of the process (system mode):
/// real, effective and saved ids all become the caller's, checked by trying
/// to get them back; every descriptor above 2 is marked close-on-exec.
pub fn give_up_for_good() -> Result<()> {
    let Some(ids) = mode() else { return Ok(()) };
    if GIVEN_UP.load(std::sync::atomic::Ordering::SeqCst) {
        return close_on_exec_above_stderr();
    }
    one_thread()?;
    use rustix::process::{Gid, Uid};
    use rustix::thread::{set_thread_res_gid, set_thread_res_uid};
    let (uid, gid) = (Uid::from_raw(ids.real_uid), Gid::from_raw(ids.real_gid));
    // The group first: with a set-user-ID binary, changing it needs the
    // privileged user still in effect.
    set_effective(ids.privileged_uid, ids.real_gid)?;
    set_thread_res_gid(gid, gid, gid).map_err(|e| os_failure("cannot give up the group", e))?;
    set_thread_res_uid(uid, uid, uid).map_err(|e| os_failure("cannot give up the user", e))?;
    // Root could take anything back; anyone else must not be able to.
    let back = ids.real_uid != 0
        && ((ids.privileged_gid != ids.real_gid
            && set_thread_res_gid(None, Gid::from_raw(ids.privileged_gid), None).is_ok())
            || (ids.privileged_uid != ids.real_uid
                && set_thread_res_uid(None, Uid::from_raw(ids.privileged_uid), None).is_ok()));
    if back {
        return Err(Error::failure(
            "the privileged ids could be taken back after giving them up; refusing to go on",
        )
        .into());
    }
    GIVEN_UP.store(true, std::sync::atomic::Ordering::SeqCst);
    not_dumpable()?;
    close_on_exec_above_stderr()
}

/// Whether [`give_up_for_good`] has run.
static GIVEN_UP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The caller's own descriptors and stepup's: none survives into a program
/// stepup starts, except standard input, output and error.
pub fn close_on_exec_above_stderr() -> Result<()> {
    let fds: Vec<i32> = match std::fs::read_dir("/proc/self/fd") {
        Ok(dir) => dir
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .filter(|&fd| fd > 2)
            .collect(),
        Err(e) => {
            return Err(Error::failure(format!(
                "cannot list the open descriptors (/proc/self/fd): {e}"
            ))
            .into());
        }
    };
    for fd in fds {
        mark_close_on_exec(fd);
    }
    Ok(())
}

/// Marks `fd` close-on-exec; a number that is not open (the listing's own
/// descriptor, closed by now) is skipped.
#[allow(unsafe_code)]
fn mark_close_on_exec(fd: i32) {
    // SAFETY: the borrowed descriptor is used for one fcntl call and not
    // kept; fcntl on a number that is not open fails with EBADF and does
    // nothing, so no descriptor is created, closed or aliased here.
    let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    if let Ok(flags) = rustix::io::fcntl_getfd(borrowed) {
        let _ = rustix::io::fcntl_setfd(borrowed, flags | rustix::io::FdFlags::CLOEXEC);
    }
}

/// This machine's identity (`/etc/machine-id`), which system-mode sessions
/// are bound to.
pub fn machine_id() -> Result<String> {
    let text = std::fs::read_to_string(MACHINE_ID).map_err(|e| {
        Error::failure(format!("cannot read {MACHINE_ID}: {e}")).hint(
            "system mode binds sessions to this machine; create it with `systemd-machine-id-setup`",
        )
    })?;
    let id = text.trim();
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(
            Error::failure(format!("{MACHINE_ID} does not hold a machine id"))
                .hint("recreate it with `systemd-machine-id-setup`")
                .into(),
        );
    }
    Ok(id.to_ascii_lowercase())
}

/// What a file read in system mode may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trust {
    /// Owned by root and writable by root alone (the config, a CA file).
    RootWritable,
    /// Also unreadable by others, and readable by no group but root's and
    /// the privileged one (a password or key file).
    Secret,
}

/// Reads a root-owned file in system mode (with the privileged ids, since
/// it may be 0640 root:stepup), checked on the open descriptor so that it
/// cannot be swapped between the check and the read; a symbolic link is
/// refused.
pub fn read_root_file(
    path: &Path,
    trust: Trust,
    max_len: u64,
) -> Result<(Vec<u8>, std::fs::Metadata)> {
    use crate::io::paths::{open_no_follow, read_at_most};
    let file = privileged(|| {
        open_no_follow(path)
            .map_err(|e| Error::failure(format!("cannot read {}: {e}", path.display())).into())
    })?;
    let meta = file
        .metadata()
        .map_err(|e| Error::failure(format!("cannot read {}: {e}", path.display())))?;
    if let Some(why) = untrusted(&meta, trust) {
        return Err(
            Error::failure(format!("refusing to use {}: {why}", path.display()))
                .hint(fix_for(path, trust))
                .into(),
        );
    }
    let bytes = read_at_most(file, max_len)
        .map_err(|e| Error::failure(format!("cannot read {}: {e}", path.display())))?
        .ok_or_else(|| Error::failure(format!("{} is far too large", path.display())))?;
    Ok((bytes, meta))
}

/// Why a file with `meta` cannot be trusted as `trust`, if it cannot.
pub fn untrusted(meta: &std::fs::Metadata, trust: Trust) -> Option<String> {
    let mode = meta.mode() & 0o7777;
    if !meta.is_file() {
        return Some("it is not a regular file".into());
    }
    if meta.uid() != 0 {
        return Some(format!("it belongs to uid {}, not to root", meta.uid()));
    }
    if mode & 0o022 != 0 {
        return Some(format!(
            "its mode is {mode:04o}: writable by others than root"
        ));
    }
    if trust == Trust::Secret {
        if mode & 0o007 != 0 {
            return Some(format!("its mode is {mode:04o}: readable by everyone"));
        }
        let group_ok = meta.gid() == 0
            || mode & 0o070 == 0
            || Some(meta.gid()) == mode_gid()
            || group_gid("stepup") == Some(meta.gid());
        if !group_ok {
            return Some(format!(
                "its group (gid {}) is neither root's nor stepup's",
                meta.gid()
            ));
        }
    }
    None
}

/// A group of `/etc/group`: its gid and members.
pub struct Group {
    pub gid: u32,
    pub members: Vec<String>,
}

/// The group `name` in `/etc/group`.
pub fn group(name: &str) -> Result<Option<Group>> {
    let text = std::fs::read_to_string("/etc/group")
        .map_err(|e| Error::failure(format!("cannot read /etc/group: {e}")))?;
    Ok(text.lines().find_map(|line| {
        let mut parts = line.split(':');
        (parts.next()? == name).then_some(())?;
        let gid = parts.nth(1)?.parse().ok()?;
        let members = parts
            .next()
            .unwrap_or("")
            .split(',')
            .filter(|m| !m.is_empty())
            .map(str::to_string)
            .collect();
        Some(Group { gid, members })
    }))
}

/// The gid of the group `name` in `/etc/group`.
pub fn group_gid(name: &str) -> Option<u32> {
    group(name).ok().flatten().map(|g| g.gid)
}

/// The privileged group, in system mode.
fn mode_gid() -> Option<u32> {
    mode().map(|ids| ids.privileged_gid)
}

fn fix_for(path: &Path, trust: Trust) -> String {
    let p = path.display();
    match trust {
        Trust::RootWritable => format!("as root: chown root {p} && chmod go-w {p}"),
        Trust::Secret => format!("as root: chown root:stepup {p} && chmod 0640 {p}"),
    }
}

/// Refuses a command that creates files in the database's folder unless
/// the real user is root (system mode): a set-group-ID process creates
/// files owned by its caller, so the first member to run `init` would own
/// the team's workspace.
pub fn require_root(command: &str) -> Result<()> {
    if mode().is_some() && !real_root() {
        return Err(Error::denied(format!(
            "in system mode, `stepup {command}` is for root (the real uid 0): it creates files in the workspace's folder"
        ))
        .hint(format!("ask the host's administrator to run `sudo stepup {command}`"))
        .into());
    }
    Ok(())
}

/// In system mode, a database file root just made (`init`, `migrate`) is
/// given to the privileged group, 0660, with its lock file.
pub fn share_new_file(location: &crate::store::Location) -> Result<()> {
    match (mode(), location) {
        (Some(ids), crate::store::Location::File(path)) => {
            crate::store::file::share_with_group(path, ids.privileged_gid)
        }
        _ => Ok(()),
    }
}

/// The inputs system mode refuses, named for the error.
pub fn refuse_overrides(global: &crate::cli::GlobalArgs) -> Result<()> {
    if mode().is_none() {
        return Ok(());
    }
    let from_env = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty());
    let refused = [
        (from_env("STEPUP_DB"), "STEPUP_DB"),
        (from_env("STEPUP_CONFIG"), "STEPUP_CONFIG"),
    ]
    .into_iter()
    .filter(|(set, _)| *set)
    .map(|(_, name)| name)
    .chain(
        [
            (global.db.is_some() && !from_env("STEPUP_DB"), "--db"),
            (
                global.config.is_some() && !from_env("STEPUP_CONFIG"),
                "--config",
            ),
        ]
        .into_iter()
        .filter(|(set, _)| *set)
        .map(|(_, name)| name),
    )
    .collect::<Vec<_>>();
    if refused.is_empty() {
        return Ok(());
    }
    Err(Error::usage(format!(
        "{} cannot be used here: this stepup runs in system mode (installed set-group-ID for a shared workspace), where only {CONFIG} says where the workspace is",
        refused.join(" and ")
    ))
    .hint("unset it and run the command again; the host's administrator sets the workspace in that file")
    .into())
}

/// Whether the process has a single thread (credential changes below are
/// per thread).
fn one_thread() -> Result<()> {
    let threads = std::fs::read_dir("/proc/self/task").map(|d| d.count());
    match threads {
        Ok(1) => Ok(()),
        Ok(n) => Err(Error::failure(format!(
            "internal error: {n} threads while changing credentials; refusing to go on"
        ))
        .into()),
        Err(e) => Err(Error::failure(format!(
            "cannot count this process's threads (/proc/self/task): {e}"
        ))
        .into()),
    }
}

fn set_effective(uid: u32, gid: u32) -> Result<()> {
    one_thread()?;
    use rustix::process::{Gid, Uid};
    use rustix::thread::{set_thread_res_gid, set_thread_res_uid};
    // Raising: the user first (a set-user-ID root may then set any group);
    // lowering: the group first, while the user may still change it.
    let current_uid = rustix::process::geteuid().as_raw();
    if uid != current_uid && uid == 0 {
        set_thread_res_uid(None, Uid::from_raw(uid), None)
            .map_err(|e| os_failure("cannot change the effective user", e))?;
    }
    set_thread_res_gid(None, Gid::from_raw(gid), None)
        .map_err(|e| os_failure("cannot change the effective group", e))?;
    if uid != rustix::process::geteuid().as_raw() {
        set_thread_res_uid(None, Uid::from_raw(uid), None)
            .map_err(|e| os_failure("cannot change the effective user", e))?;
    }
    not_dumpable()
}

/// The kernel resets "dumpable" to `fs.suid_dumpable` on every change of
/// the effective ids: it is set off again after each.
fn not_dumpable() -> Result<()> {
    use rustix::process::{DumpableBehavior, set_dumpable_behavior};
    set_dumpable_behavior(DumpableBehavior::NotDumpable)
        .map_err(|e| os_failure("cannot turn off core dumps and tracing", e))
}

fn os_failure(what: &str, e: rustix::io::Errno) -> anyhow::Error {
    Error::failure(format!("{what}: {e}")).into()
}

/// The kernel's `AT_SECURE` flag, from this process's auxiliary vector
/// (`/proc/self/auxv`: pairs of native-endian words). Unreadable: false,
/// and the id comparison in [`start`] decides.
fn secure_execution() -> bool {
    const AT_SECURE: u64 = 23;
    // One read into room for the whole vector (about 400 bytes): /proc
    // reports no size, and `fs::read` would grow from 32 bytes, read by read.
    let mut bytes = Vec::with_capacity(4096);
    let read = std::fs::File::open("/proc/self/auxv")
        .and_then(|mut f| std::io::Read::read_to_end(&mut f, &mut bytes));
    if read.is_err() {
        return false;
    }
    let word = std::mem::size_of::<usize>();
    bytes
        .chunks_exact(word * 2)
        .map(|pair| {
            let read = |b: &[u8]| {
                let mut buf = [0u8; 8];
                buf[..word].copy_from_slice(b);
                u64::from_ne_bytes(buf)
            };
            (read(&pair[..word]), read(&pair[word..]))
        })
        .any(|(key, value)| key == AT_SECURE && value != 0)
}

/// The database folder `system install` uses by default.
pub fn default_db() -> PathBuf {
    PathBuf::from("/var/lib/stepup/stepup.redb")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_process_is_not_in_system_mode() {
        assert!(!secure_execution());
    }

    #[test]
    fn only_root_owned_files_that_others_cannot_write_are_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"x").unwrap();
        use std::os::unix::fs::PermissionsExt;
        let set =
            |mode| std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let meta = || std::fs::metadata(&path).unwrap();
        let root = rustix::process::geteuid().is_root();
        set(0o644);
        if root {
            assert_eq!(untrusted(&meta(), Trust::RootWritable), None);
            assert!(
                untrusted(&meta(), Trust::Secret)
                    .unwrap()
                    .contains("readable by everyone")
            );
            set(0o640);
            assert_eq!(untrusted(&meta(), Trust::Secret), None);
            set(0o664);
            assert!(
                untrusted(&meta(), Trust::RootWritable)
                    .unwrap()
                    .contains("0664")
            );
        } else {
            assert!(
                untrusted(&meta(), Trust::RootWritable)
                    .unwrap()
                    .contains("not to root")
            );
        }
        assert!(
            untrusted(&std::fs::metadata(dir.path()).unwrap(), Trust::RootWritable)
                .unwrap()
                .contains("not a regular file")
        );
    }
}
