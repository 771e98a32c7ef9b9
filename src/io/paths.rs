//! Where files live (XDG base directories) and how private files are written:
//! folders 0700, files 0600, replaced atomically.

use crate::domain::secret;
use crate::error::{Error, Result};
use anyhow::Context;
use std::ffi::OsString;
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
pub fn session_file(db: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    let canonical = std::fs::canonicalize(&absolute).unwrap_or(absolute);
    let digest = secret::sha256(&[canonical.as_os_str().as_encoded_bytes()]);
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

/// Writes `contents` to `path` with mode 0600, atomically: a temporary file
/// in the same folder, synced, then renamed over the target.
pub fn write_private(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let mut name: OsString = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(name);
    let result = (|| -> Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        // A leftover temporary file from a crashed run may have other bits.
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Links the finished file `tmp` into place as `target` and removes `tmp`.
/// Never replaces an existing `target`: that is an `AlreadyExists` error,
/// even when another process created it a moment ago.
pub fn link_new(tmp: &Path, target: &Path) -> std::io::Result<()> {
    let linked = std::fs::hard_link(tmp, target);
    let _ = std::fs::remove_file(tmp);
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_files_are_0600_and_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("f");
        write_private(&path, b"one").unwrap();
        write_private(&path, b"two").unwrap();
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
}
