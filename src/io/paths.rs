//! Where files live (XDG base directories) and how private files are written:
//! folders 0700, files 0600, replaced atomically.

use crate::domain::secret;
use crate::error::{Error, Result};
use anyhow::Context;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// An XDG base directory: `$VAR` when set to an absolute path, else
/// `$HOME/<fallback>`.
fn xdg_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| PathBuf::from(h).join(fallback))
        })
}

/// `$XDG_DATA_HOME/stepup/stepup.redb`.
pub fn default_db() -> Result<PathBuf> {
    xdg_dir("XDG_DATA_HOME", ".local/share")
        .map(|d| d.join("stepup").join("stepup.redb"))
        .ok_or_else(|| {
            Error::usage(
                "cannot find a place for the database: neither XDG_DATA_HOME nor HOME is set",
            )
            .hint("pass --db PATH or set STEPUP_DB")
            .into()
        })
}

/// `$XDG_CONFIG_HOME/stepup/config.toml` (used only when it exists).
pub fn default_config() -> Option<PathBuf> {
    xdg_dir("XDG_CONFIG_HOME", ".config").map(|d| d.join("stepup").join("config.toml"))
}

/// The session file for the database at `db`: one per database, named after
/// a hash of the database's absolute path, under `$XDG_STATE_HOME/stepup/`.
pub fn session_file(db: &crate::store::Location) -> Result<PathBuf> {
    let digest = secret::sha256(&[&db.identity()]);
    let dir = xdg_dir("XDG_STATE_HOME", ".local/state").ok_or_else(|| {
        Error::usage(
            "cannot find a place for the session file: neither XDG_STATE_HOME nor HOME is set",
        )
        .hint("set XDG_STATE_HOME, or pass the session in STEPUP_SESSION")
    })?;
    Ok(dir
        .join("stepup")
        .join(format!("session-{}", secret::hex(&digest[..8]))))
}

/// Creates `dir` (and its parents) with mode 0700 when missing.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))
}

/// What [`write_private`] does when the target name is taken.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Replace a regular file there (the session file).
    Replace,
    /// Refuse: an `AlreadyExists` error (exports, new databases, mail).
    Keep,
}

/// The one way stepup writes a file that may hold a secret: mode 0600,
/// whole or not at all, and never through a name someone else planted.
///
/// The contents go into a fresh file with a random name in the target's
/// folder, created with `O_EXCL|O_NOFOLLOW` (tempfile's `NamedTempFile`), so a
/// symlink or FIFO planted under a predictable name cannot redirect it; the
/// file is synced and then renamed into place (`Existing::Replace`) or linked
/// only if the name is free (`Existing::Keep`). A symlink at the target is
/// never followed or replaced.
pub fn write_private(path: &Path, contents: &[u8], existing: Existing) -> Result<()> {
    write_private_with(path, existing, |f| {
        f.write_all(contents)?;
        Ok(())
    })
}

/// [`write_private`] with the contents written by `fill`, for files built in
/// place (a new database).
pub fn write_private_with(
    path: &Path,
    existing: Existing,
    fill: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    create_private_dir(dir)?;
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(Error::failure(format!(
                "{} is a symbolic link; stepup does not write through one",
                path.display()
            ))
            .hint("remove the link, or choose another path")
            .into());
        }
        Ok(m) if existing == Existing::Replace && !m.is_file() => {
            return Err(
                Error::failure(format!("{} is not a regular file", path.display()))
                    .hint("remove it, or choose another path")
                    .into(),
            );
        }
        Ok(_) if existing == Existing::Keep => {
            return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists).into());
        }
        _ => {}
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".stepup-")
        .suffix(".tmp")
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in the folder {}", dir.display()))?;
    fill(tmp.as_file_mut())?;
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    match existing {
        Existing::Replace => {
            tmp.persist(path)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        // A dropped temporary file removes itself.
        Existing::Keep => {
            tmp.persist_noclobber(path).map_err(|e| e.error)?;
        }
    }
    Ok(())
}

/// Whether an error from [`write_private`] with `Existing::Keep` means
/// the name was taken.
pub fn is_already_exists(err: &anyhow::Error) -> bool {
    err.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::AlreadyExists)
}

/// Reads a private file that must be a regular file owned by the caller
/// with mode 0600 (the session file). It is opened with
/// `O_NOFOLLOW|O_NONBLOCK`, so neither a symlink nor a FIFO planted there can
/// redirect the read or hang it, and checked on the open descriptor.
/// `Ok(None)` when there is no file.
pub fn read_private(path: &Path, max_len: u64) -> Result<Option<Vec<u8>>> {
    use std::os::unix::fs::MetadataExt;
    let file = match open_no_follow(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
            return Err(unsafe_file(path, "it is a symbolic link"));
        }
        Err(e) => {
            return Err(Error::failure(format!("cannot read {}: {e}", path.display())).into());
        }
    };
    let meta = file
        .metadata()
        .with_context(|| format!("cannot read {}", path.display()))?;
    if !meta.is_file() {
        return Err(unsafe_file(path, "it is not a regular file"));
    }
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Err(unsafe_file(
            path,
            &format!("it belongs to uid {}, not to you (uid {me})", meta.uid()),
        ));
    }
    if meta.mode() & 0o077 != 0 {
        return Err(Error::failure(format!(
            "refusing to use {}: its mode is {:04o}, not 0600",
            path.display(),
            meta.mode() & 0o7777
        ))
        .hint(format!(
            "chmod 600 {} (if others may have read it meanwhile, make a new one instead: a session by logging in again, a key with `stepup key rotate --new-key-file PATH`, a password changed on the server)",
            path.display()
        ))
        .into());
    }
    match read_at_most(file, max_len).with_context(|| format!("cannot read {}", path.display()))? {
        Some(bytes) => Ok(Some(bytes)),
        None => Err(unsafe_file(path, "it is far larger than a session file")),
    }
}

/// Opens `path` for reading with `O_NOFOLLOW|O_NONBLOCK`: a symlink or a
/// FIFO planted there can neither redirect the read nor hang it. Check the
/// open descriptor's metadata, not the name's.
pub fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    let flags = (rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits();
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags as i32)
        .open(path)
}

/// Reads at most `max_len` bytes; `None` when there are more.
pub fn read_at_most(file: impl std::io::Read, max_len: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    file.take(max_len + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max_len).then_some(bytes))
}

fn unsafe_file(path: &Path, why: &str) -> anyhow::Error {
    Error::failure(format!("refusing to use {}: {why}", path.display()))
        .hint("stepup only uses a regular file of your own, mode 0600, named itself (not through a link); put that file there (a session file can simply be removed: log in again)")
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_files_are_0600_and_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("f");
        write_private(&path, b"one", Existing::Replace).unwrap();
        write_private(&path, b"two", Existing::Replace).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let dmode = std::fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dmode & 0o777, 0o700);
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn keep_never_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        write_private(&path, b"one", Existing::Keep).unwrap();
        let err = write_private(&path, b"two", Existing::Keep).unwrap_err();
        assert!(is_already_exists(&err), "{err:#}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_symlink_at_the_target_is_neither_followed_nor_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        let link = dir.path().join("session");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        for existing in [Existing::Replace, Existing::Keep] {
            assert!(write_private(&link, b"token", existing).is_err());
        }
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let err = read_private(&link, 100).unwrap_err();
        assert!(format!("{err:#}").contains("symbolic link"), "{err:#}");
    }

    #[test]
    fn only_a_0600_regular_file_of_ones_own_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        assert!(read_private(&path, 100).unwrap().is_none());
        write_private(&path, b"tok", Existing::Replace).unwrap();
        assert_eq!(read_private(&path, 100).unwrap().unwrap(), b"tok");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = read_private(&path, 100).unwrap_err();
        assert!(format!("{err:#}").contains("0644"), "{err:#}");
        let hint = crate::error::find(&err)
            .and_then(|e| e.hint_text())
            .unwrap();
        assert!(hint.starts_with("chmod 600 "), "{hint}");
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        let err = read_private(&path, 100).unwrap_err();
        assert!(format!("{err:#}").contains("not a regular file"), "{err:#}");
    }
}
