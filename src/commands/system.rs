//! `system install` and `system check`: stepup set-group-ID for a team on
//! one host (see [`crate::system`] for what system mode does).

use crate::cli::GlobalArgs;
use crate::cli::system::{SystemCheckArgs, SystemCommand, SystemInstallArgs};
use crate::config::{Config, DatabaseAt, EmailConfig, Transport};
use crate::error::{Error, Result};
use crate::io::output::Outcome;
use crate::system::{self, CONFIG, Trust};
use anyhow::Context as _;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

pub fn run(command: SystemCommand, global: &GlobalArgs) -> Result<Outcome> {
    match command {
        SystemCommand::Install(args) => install(&args, global),
        SystemCommand::Check(args) => check(&args, global),
    }
}

use crate::system::group;

/// The config's workspace file, when it names one.
fn configured_file(config: &Config) -> Option<PathBuf> {
    match &config.database {
        Some(DatabaseAt::Path(p)) => Some(p.clone()),
        _ => None,
    }
}

/// The steps install takes, printed as it goes.
struct Steps {
    dry_run: bool,
    lines: Vec<String>,
    json: Vec<serde_json::Value>,
}

impl Steps {
    fn say(&mut self, done: &str, what: String) {
        let line = format!("{done:<8} {what}");
        if !self.dry_run {
            eprintln!("{line}");
        }
        self.json
            .push(serde_json::json!({ "step": what, "done": done.trim_end_matches(':') }));
        self.lines.push(line);
    }

    fn kept(&mut self, what: String) {
        self.say("kept", what);
    }

    /// Takes a step (or, in a dry run, says it would).
    fn take(&mut self, done: &str, what: String, f: impl FnOnce() -> Result<()>) -> Result<()> {
        if self.dry_run {
            self.say("would", what);
            return Ok(());
        }
        f().with_context(|| format!("while trying to {what}"))?;
        self.say(done, what);
        Ok(())
    }
}

fn install(args: &SystemInstallArgs, global: &GlobalArgs) -> Result<Outcome> {
    if !system::real_root() {
        return Err(Error::denied("`stepup system install` is for root")
            .hint("run it with sudo")
            .into());
    }
    if global.config.is_some() {
        return Err(Error::usage(format!(
            "system install writes {CONFIG}; --config and STEPUP_CONFIG are not used"
        ))
        .into());
    }
    let existing = if Path::new(CONFIG).exists() {
        Some(Config::load(Some(Path::new(CONFIG)), None)?)
    } else {
        None
    };
    let db = install_location(global, existing.as_ref())?;
    let folder = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .ok_or_else(|| Error::usage("--db needs an absolute path"))?
        .to_path_buf();
    let mut steps = Steps {
        dry_run: args.dry_run,
        lines: Vec::new(),
        json: Vec::new(),
    };

    // 1. The group.
    let gid = match group(&args.group)? {
        Some(g) => {
            steps.kept(format!("the group {} (gid {})", args.group, g.gid));
            Some(g.gid)
        }
        None => {
            steps.take(
                "created",
                format!("create the group {}", args.group),
                || {
                    let status = std::process::Command::new("/usr/sbin/groupadd")
                        .args(["--system", &args.group])
                        .status()
                        .context("cannot run /usr/sbin/groupadd")?;
                    if !status.success() {
                        return Err(Error::failure(format!("groupadd failed ({status})")).into());
                    }
                    Ok(())
                },
            )?;
            group(&args.group)?.map(|g| g.gid)
        }
    };
    let gid_or = |dry: bool| -> Result<u32> {
        match gid {
            Some(g) => Ok(g),
            None if dry => Ok(0),
            None => Err(Error::failure(format!("the group {} is missing", args.group)).into()),
        }
    };
    let gid = gid_or(args.dry_run)?;

    // 2. /etc/stepup and the workspace's folder.
    ensure_dir(&mut steps, Path::new("/etc/stepup"), 0o755, 0)?;
    ensure_dir(&mut steps, &folder, 0o770, gid)?;

    // 3. The config.
    match &existing {
        Some(config) => {
            ensure_file(&mut steps, Path::new(CONFIG), config_mode(config), 0)?;
        }
        None => {
            let text = format!(
                "# Written by `stepup system install`: the workspace the set-group-ID stepup\n\
                 # at {} uses for everyone on this host. See `man stepup` (CONFIGURATION).\n\
                 [database]\npath = \"{}\"\n",
                args.prefix.join("bin/stepup").display(),
                db.display()
                    .to_string()
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"")
            );
            steps.take("created", format!("write {CONFIG} (0644 root)"), || {
                write_root_file(Path::new(CONFIG), text.as_bytes(), 0o644, 0)
            })?;
        }
    }

    // 4. The workspace and its first admin.
    if db.exists() {
        for path in [db.clone(), crate::store::file::lock_path(&db)] {
            if let Ok(m) = std::fs::symlink_metadata(&path)
                && m.uid() != 0
            {
                return Err(Error::failure(format!(
                    "{} belongs to uid {}: system install adopts no workspace it did not make (its owner could keep it open and change it)",
                    path.display(),
                    m.uid()
                ))
                .hint("move it away and run system install again, or check who made it")
                .into());
            }
        }
        steps.kept(format!("the workspace {}", db.display()));
    } else {
        let Some(admin) = &args.admin else {
            return Err(Error::usage(format!(
                "there is no workspace at {} yet: name its first admin with --admin NAME",
                db.display()
            ))
            .into());
        };
        steps.take(
            "created",
            format!("create the workspace {} with admin {admin}", db.display()),
            || {
                let init_global = GlobalArgs {
                    db: Some(db.clone()),
                    config: Some(PathBuf::from(CONFIG)),
                    json: global.json,
                    no_input: global.no_input,
                };
                let mut ctx = if system::mode().is_some() {
                    // Root running the installed copy: the config just
                    // written says where the workspace goes.
                    super::Context::new(&GlobalArgs {
                        db: None,
                        config: None,
                        ..init_global
                    })?
                } else {
                    super::Context::new(&init_global)?
                };
                super::account::init(
                    &mut ctx,
                    &crate::cli::account::InitArgs {
                        admin: admin.clone(),
                        email: args.email.clone(),
                        password: args.password.clone(),
                    },
                )
                .map(|_| ())
            },
        )?;
    }
    if !args.dry_run || db.exists() {
        ensure_shared(&mut steps, &db, gid)?;
    } else {
        steps.say(
            "would",
            format!(
                "give {} and its lock file to root:{} (0660)",
                db.display(),
                args.group
            ),
        );
    }

    // 5. The set-group-ID binary.
    let bin_dir = args.prefix.join("bin");
    ensure_dir(&mut steps, &bin_dir, 0o755, 0)?;
    install_binary(&mut steps, &bin_dir.join("stepup"), gid, &args.group)?;

    let verb = if args.dry_run {
        "Would install"
    } else {
        "Installed"
    };
    let summary = format!(
        "{verb} stepup for this host: members run {} (set-group-ID {}); the workspace is {}. Check it any time with `stepup system check`.",
        bin_dir.join("stepup").display(),
        args.group,
        db.display()
    );
    let mut out = Outcome::new()
        .field("dry_run", args.dry_run)
        .field("steps", &steps.json)
        .field("binary", bin_dir.join("stepup").display().to_string())
        .field("database", db.display().to_string());
    if args.dry_run {
        for l in &steps.lines {
            out = out.line(l);
        }
    }
    Ok(out.line(summary))
}

/// Where install puts the workspace: `--db`/`STEPUP_DB` (a path), else the
/// existing config's, else `/var/lib/stepup/stepup.redb`.
fn install_location(global: &GlobalArgs, existing: Option<&Config>) -> Result<PathBuf> {
    let configured = existing.and_then(configured_file);
    if let Some(Some(DatabaseAt::Url(_))) = existing.map(|c| &c.database) {
        return Err(Error::usage(format!(
            "{CONFIG} names a PostgreSQL workspace; system install sets up file workspaces"
        ))
        .hint("for PostgreSQL, keep the config as it is and run `stepup system check`")
        .into());
    }
    let db = match (&global.db, configured) {
        (Some(given), Some(named)) if *given != named => {
            return Err(Error::usage(format!(
                "{CONFIG} already names the workspace {}, not {}",
                named.display(),
                given.display()
            ))
            .hint("drop --db, or edit the config first")
            .into());
        }
        (Some(given), _) => given.clone(),
        (None, Some(named)) => named,
        (None, None) => system::default_db(),
    };
    let text = db.to_string_lossy();
    if text.contains("://") {
        return Err(Error::usage(
            "system install sets up a file workspace: give --db an absolute path",
        )
        .hint("for PostgreSQL, write [database] url and password_file in the config (see README)")
        .into());
    }
    if !db.is_absolute() {
        return Err(Error::usage(format!(
            "--db {}: system install needs an absolute path",
            db.display()
        ))
        .into());
    }
    Ok(db)
}

/// The config's mode: 0640 when it holds a password, else 0644.
fn config_mode(config: &Config) -> u32 {
    if config.holds_credentials() {
        0o640
    } else {
        0o644
    }
}

/// A folder owned by root and `gid` with exactly `mode`; one that someone
/// else made is refused, not adopted.
fn ensure_dir(steps: &mut Steps, dir: &Path, mode: u32, gid: u32) -> Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() && m.uid() != 0 => Err(Error::failure(format!(
            "{} belongs to uid {}: system install adopts no folder it did not make",
            dir.display(),
            m.uid()
        ))
        .hint("move it away (or give it to root yourself, knowing what is in it) and run system install again")
        .into()),
        Ok(m) if m.is_dir() => {
            if m.uid() == 0 && m.gid() == gid && m.mode() & 0o7777 == mode {
                steps.kept(format!("{} ({mode:04o})", dir.display()));
                Ok(())
            } else {
                steps.take(
                    "fixed",
                    format!("give {} to root:{gid}, mode {mode:04o}", dir.display()),
                    || set_owner_mode(dir, gid, mode),
                )
            }
        }
        Ok(_) => {
            Err(Error::failure(format!("{} exists and is not a folder", dir.display())).into())
        }
        Err(_) => steps.take(
            "created",
            format!("create {} (root:{gid}, {mode:04o})", dir.display()),
            || {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
                set_owner_mode(dir, gid, mode)
            },
        ),
    }
}

/// A file owned by root and `gid` with `mode`.
fn ensure_file(steps: &mut Steps, file: &Path, mode: u32, gid: u32) -> Result<()> {
    let m = std::fs::symlink_metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    if !m.is_file() {
        return Err(Error::failure(format!("{} is not a regular file", file.display())).into());
    }
    if m.uid() == 0 && m.gid() == gid && m.mode() & 0o7777 == mode {
        steps.kept(format!("{} ({mode:04o})", file.display()));
        return Ok(());
    }
    steps.take(
        "fixed",
        format!("give {} to root:{gid}, mode {mode:04o}", file.display()),
        || set_owner_mode(file, gid, mode),
    )
}

/// The workspace file and its lock file: root:GROUP 0660.
fn ensure_shared(steps: &mut Steps, db: &Path, gid: u32) -> Result<()> {
    let lock = crate::store::file::lock_path(db);
    let right = |p: &Path| {
        std::fs::symlink_metadata(p).is_ok_and(|m| {
            m.is_file() && m.uid() == 0 && m.gid() == gid && m.mode() & 0o7777 == 0o660
        })
    };
    if right(db) && right(&lock) {
        steps.kept(format!("{} and its lock file (0660)", db.display()));
        return Ok(());
    }
    steps.take(
        "fixed",
        format!(
            "give {} and its lock file to root:{gid}, mode 0660",
            db.display()
        ),
        || crate::store::file::share_with_group(db, gid),
    )
}

fn set_owner_mode(path: &Path, gid: u32, mode: u32) -> Result<()> {
    use rustix::fs::{Gid, Uid};
    // The owner first: chown clears the set-ID bits.
    rustix::fs::chown(path, Some(Uid::ROOT), Some(Gid::from_raw(gid)))
        .with_context(|| format!("cannot change the owner of {}", path.display()))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .with_context(|| format!("cannot change the mode of {}", path.display()))?;
    Ok(())
}

/// Writes a file root owns (replacing it whole).
fn write_root_file(path: &Path, bytes: &[u8], mode: u32, gid: u32) -> Result<()> {
    let dir = path.parent().expect("an absolute path");
    let mut tmp = tempfile::Builder::new()
        .prefix(".stepup-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    std::io::Write::write_all(tmp.as_file_mut(), bytes)?;
    let f = tmp.as_file();
    rustix::fs::fchown(
        f,
        Some(rustix::fs::Uid::ROOT),
        Some(rustix::fs::Gid::from_raw(gid)),
    )?;
    rustix::fs::fchmod(f, rustix::fs::Mode::from_raw_mode(mode))?;
    f.sync_all()?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The set-group-ID copy of this binary.
fn install_binary(steps: &mut Steps, target: &Path, gid: u32, group_name: &str) -> Result<()> {
    let me = std::env::current_exe().context("cannot find this binary")?;
    let ours = std::fs::read(&me).with_context(|| format!("cannot read {}", me.display()))?;
    let in_place = std::fs::symlink_metadata(target).ok();
    let same = in_place.as_ref().is_some_and(|m| {
        m.is_file()
            && m.uid() == 0
            && m.gid() == gid
            && m.mode() & 0o7777 == 0o2755
            && std::fs::read(target).is_ok_and(|b| b == ours)
    });
    if same {
        steps.kept(format!("{} (2755 root:{group_name})", target.display()));
        return Ok(());
    }
    let done = if in_place.is_some() {
        "replaced"
    } else {
        "created"
    };
    steps.take(
        done,
        format!(
            "install {} as {} (set-group-ID, 2755 root:{group_name})",
            me.display(),
            target.display()
        ),
        || write_root_file(target, &ours, 0o2755, gid),
    )
}

/// The folders above `dir` that others than root may change (a sticky
/// folder of root's, such as /tmp, is fine: nobody may rename what root
/// put there), each with its fix.
fn unsafe_ancestors(dir: &Path, what: &str) -> Vec<(String, String)> {
    dir.ancestors()
        .skip(1)
        .filter_map(|a| {
            let m = std::fs::metadata(a).ok()?;
            let sticky_root = m.mode() & 0o1000 != 0 && m.uid() == 0;
            ((m.uid() != 0 || m.mode() & 0o022 != 0) && !sticky_root).then(|| {
                (
                    format!(
                        "{} (above {what}) can be changed by others than root (uid {}, mode {:04o})",
                        a.display(),
                        m.uid(),
                        m.mode() & 0o7777
                    ),
                    format!("chown root {0} && chmod go-w {0}", a.display()),
                )
            })
        })
        .collect()
}

/// One thing wrong with the installation, and the command that fixes it.
struct Problem {
    what: String,
    fix: String,
}

fn check(args: &SystemCheckArgs, _global: &GlobalArgs) -> Result<Outcome> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut problem = |what: String, fix: String| problems.push(Problem { what, fix });
    let name = &args.group;
    let gid = match group(name)? {
        None => {
            problem(
                format!("the group {name} does not exist"),
                format!("groupadd --system {name}"),
            );
            None
        }
        Some(g) => {
            for m in &g.members {
                problem(
                    format!(
                        "{m} is a member of the group {name}, so can read and change the workspace file directly"
                    ),
                    format!("gpasswd -d {m} {name}"),
                );
            }
            Some(g.gid)
        }
    };
    let owned = |p: &Path, mode: u32, group_of: Option<u32>| -> Option<(String, String)> {
        let m = match std::fs::symlink_metadata(p) {
            Err(e) => {
                return Some((
                    format!("{}: {e}", p.display()),
                    "stepup system install".into(),
                ));
            }
            Ok(m) => m,
        };
        let want_gid = group_of.unwrap_or(0);
        let group_word = if group_of.is_some() {
            name.as_str()
        } else {
            "root"
        };
        let mut wrong = Vec::new();
        if m.file_type().is_symlink() {
            wrong.push("is a symbolic link".to_string());
        }
        if m.uid() != 0 {
            wrong.push(format!("belongs to uid {}", m.uid()));
        }
        if m.gid() != want_gid {
            wrong.push(format!("has group gid {}", m.gid()));
        }
        if m.mode() & 0o7777 != mode {
            wrong.push(format!("has mode {:04o}", m.mode() & 0o7777));
        }
        (!wrong.is_empty()).then(|| {
            (
                format!(
                    "{} {} (want root:{group_word} {mode:04o})",
                    p.display(),
                    wrong.join(", ")
                ),
                format!(
                    "chown root:{group_word} {0} && chmod {mode:04o} {0}",
                    p.display()
                ),
            )
        })
    };
    let mut report = |found: Option<(String, String)>| {
        if let Some((what, fix)) = found {
            problem(what, fix);
        }
    };
    report(owned(Path::new("/etc/stepup"), 0o755, None));
    let config = match std::fs::symlink_metadata(CONFIG) {
        Err(e) => {
            report(Some((
                format!("{CONFIG}: {e}"),
                "stepup system install --admin NAME".into(),
            )));
            None
        }
        Ok(m) => {
            if let Some(why) = system::untrusted(&m, Trust::RootWritable) {
                report(Some((
                    format!("{CONFIG}: {why}"),
                    format!("chown root {CONFIG} && chmod go-w {CONFIG}"),
                )));
            }
            match Config::load(Some(Path::new(CONFIG)), None) {
                Ok(c) => {
                    if config_mode(&c) == 0o640 && m.mode() & 0o007 != 0 {
                        report(Some((
                            format!("{CONFIG} holds a database password and everyone can read it"),
                            format!("chgrp {name} {CONFIG} && chmod 0640 {CONFIG}"),
                        )));
                    }
                    Some(c)
                }
                Err(e) => {
                    report(Some((format!("{e}"), format!("edit {CONFIG}"))));
                    None
                }
            }
        }
    };
    if let Some(c) = &config {
        match &c.database {
            None => report(Some((
                format!("{CONFIG} names no workspace ([database] path or url)"),
                "stepup system install --admin NAME".into(),
            ))),
            Some(DatabaseAt::Path(db)) => {
                if let Some(folder) = db.parent() {
                    for found in unsafe_ancestors(folder, "the workspace") {
                        report(Some(found));
                    }
                    report(owned(folder, 0o770, gid.or(Some(u32::MAX))));
                }
                report(owned(db, 0o660, gid.or(Some(u32::MAX))));
                report(owned(
                    &crate::store::file::lock_path(db),
                    0o660,
                    gid.or(Some(u32::MAX)),
                ));
            }
            Some(DatabaseAt::Url(_)) => {}
        }
        if let Some(pw) = &c.password_file {
            match std::fs::symlink_metadata(pw) {
                Err(e) => report(Some((
                    format!("{}: {e}", pw.display()),
                    format!("create it (0640 root:{name})"),
                ))),
                Ok(m) => {
                    let ok = system::untrusted(&m, Trust::Secret).is_none()
                        && m.mode() & 0o007 == 0
                        && Some(m.gid()) == gid
                        && m.mode() & 0o040 != 0;
                    if !ok {
                        report(owned(pw, 0o640, gid.or(Some(u32::MAX))).or(Some((
                            format!("{} must be 0640 root:{name}", pw.display()),
                            format!("chown root:{name} {0} && chmod 0640 {0}", pw.display()),
                        ))));
                    }
                }
            }
        }
        if let Some(ca) = &c.ca_file {
            match std::fs::metadata(ca) {
                Err(e) => report(Some((
                    format!("{}: {e}", ca.display()),
                    "fix [database] ca_file".into(),
                ))),
                Ok(m) => {
                    if let Some(why) = system::untrusted(&m, Trust::RootWritable) {
                        report(Some((
                            format!("{}: {why}", ca.display()),
                            format!("chown root {0} && chmod 0644 {0}", ca.display()),
                        )));
                    }
                }
            }
        }
        if let Some(EmailConfig {
            transport: Transport::Sendmail { command },
            ..
        }) = &c.email
            && command.as_ref().is_some_and(|p| !p.is_absolute())
        {
            report(Some((
                format!(
                    "{CONFIG}: email.sendmail_command is not an absolute path (system mode refuses it)"
                ),
                format!("edit {CONFIG}: sendmail_command = \"/usr/sbin/sendmail\""),
            )));
        }
    }
    let bin = args.prefix.join("bin/stepup");
    if let Some(dir) = bin.parent() {
        // Whoever may rename the binary's folder or replace the binary in
        // it sees every password typed into stepup.
        for found in unsafe_ancestors(dir, "the binary").into_iter().chain(
            std::fs::metadata(dir)
                .ok()
                .filter(|m| m.uid() != 0 || m.mode() & 0o022 != 0)
                .map(|m| {
                    (
                        format!(
                            "{} (the binary's folder) can be changed by others than root (uid {}, mode {:04o})",
                            dir.display(),
                            m.uid(),
                            m.mode() & 0o7777
                        ),
                        format!("chown root {0} && chmod go-w {0}", dir.display()),
                    )
                }),
        ) {
            report(Some(found));
        }
    }
    report(owned(&bin, 0o2755, gid.or(Some(u32::MAX))));
    if let Err(e) = system::machine_id() {
        report(Some((
            crate::error::find(&e).map_or_else(|| e.to_string(), |k| k.to_string()),
            "systemd-machine-id-setup".into(),
        )));
    }
    if problems.is_empty() {
        return Ok(Outcome::new()
            .field("problems", Vec::<serde_json::Value>::new())
            .line(format!(
                "All is well: {} is set-group-ID {name}, {CONFIG} and the workspace are root's and the group's alone.",
                bin.display()
            )));
    }
    let mut text = format!(
        "{} problem{} with the system-mode installation:",
        problems.len(),
        crate::io::output::plural(problems.len())
    );
    for (i, p) in problems.iter().enumerate() {
        text.push_str(&format!("\n  {}. {}\n     fix: {}", i + 1, p.what, p.fix));
    }
    Err(Error::failure(text)
        .hint(
            "run the fixes as root (or `stepup system install` again), then `stepup system check`",
        )
        .into())
}
