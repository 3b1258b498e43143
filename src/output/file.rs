//! `-o FILE`: writing output so that no kind of target is harmed.
//!
//! - A **regular file**, or a name that does not exist yet: written to a temporary file
//!   beside it (`.NAME.PID.partial`, with the old file's permissions) and renamed over it
//!   when done, so that a reader never sees half an output and a failed run leaves the old
//!   file as it was.
//! - A **symbolic link**: followed (through every link of a chain, also to a target that does
//!   not exist yet); the target is replaced in the same way, and the link stays a link.
//! - A **device, FIFO or socket** (`/dev/null`, `/dev/stdout`, a named pipe): opened and
//!   written directly, never replaced by a regular file.
//! - A **folder**: an error before anything is written ([`OutputError::IsFolder`]).
//!
//! The temporary file is removed on every error path (when an [`OutputFile`] is dropped
//! without [`OutputFile::commit`]) and, through a [`TempFiles`] list that a signal handler
//! clears, on interruption (SIGINT, SIGTERM).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The most links of a chain followed before giving up (as the kernel's `ELOOP`).
const MAX_LINKS: usize = 40;

/// Why an output file cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target is a folder.
    #[error("{0}: is a folder; give a file name")]
    IsFolder(PathBuf),
    /// A chain of symbolic links that loops or is too long.
    #[error("{0}: too many levels of symbolic links")]
    LinkLoop(PathBuf),
    /// Opening or creating failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The target.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
}

/// Temporary files to remove if the process is interrupted: shared between the writer and
/// a signal handler. Cloning shares the list.
#[derive(Debug, Clone, Default)]
pub struct TempFiles(Arc<Mutex<Vec<PathBuf>>>);

impl TempFiles {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    fn add(&self, path: &Path) {
        if let Ok(mut v) = self.0.lock() {
            v.push(path.to_path_buf());
        }
    }

    fn forget(&self, path: &Path) {
        if let Ok(mut v) = self.0.lock() {
            v.retain(|p| p != path);
        }
    }

    /// Removes every file on the list (from a signal handler's thread, before exiting).
    pub fn remove_all(&self) {
        // a poisoned lock still holds the paths
        let mut v = match self.0.lock() {
            Ok(v) => v,
            Err(p) => p.into_inner(),
        };
        for path in v.drain(..) {
            let _ = fs::remove_file(path);
        }
    }
}

/// An output opened for writing: see the module's documentation for each kind of target.
#[derive(Debug)]
pub struct OutputFile {
    file: File,
    /// `(temporary, final)` when written beside the target and renamed.
    staged: Option<(PathBuf, PathBuf)>,
    temps: TempFiles,
}

impl OutputFile {
    /// Opens `path` for writing; a temporary file made on the way is put on `temps`.
    pub fn create(path: &Path, temps: &TempFiles) -> Result<OutputFile, OutputError> {
        let io_err = |source| OutputError::Io {
            path: path.to_path_buf(),
            source,
        };
        let target = resolve_links(path)?;
        match fs::metadata(&target) {
            Ok(m) if m.is_dir() => return Err(OutputError::IsFolder(path.to_path_buf())),
            Ok(m) if !m.is_file() => {
                // a device, FIFO or socket: written in place, never replaced
                let file = OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(io_err)?;
                return Ok(OutputFile {
                    file,
                    staged: None,
                    temps: temps.clone(),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(e)),
        }
        let tmp = temp_beside(&target);
        temps.add(&tmp);
        let file = match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => f,
            Err(e) => {
                temps.forget(&tmp);
                return Err(io_err(e));
            }
        };
        if let Ok(m) = fs::metadata(&target) {
            let _ = file.set_permissions(m.permissions());
        }
        Ok(OutputFile {
            file,
            staged: Some((tmp, target)),
            temps: temps.clone(),
        })
    }

    /// The temporary file being written, when the target is replaced at the end.
    pub fn temp_path(&self) -> Option<&Path> {
        self.staged.as_ref().map(|(t, _)| t.as_path())
    }

    /// Flushes and, for a staged file, renames it over the target.
    pub fn commit(mut self) -> io::Result<()> {
        self.file.flush()?;
        if let Some((tmp, target)) = self.staged.take() {
            let renamed = fs::rename(&tmp, &target);
            if renamed.is_err() {
                let _ = fs::remove_file(&tmp);
            }
            self.temps.forget(&tmp);
            renamed.map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "cannot rename {} to {}: {e}",
                        tmp.display(),
                        target.display()
                    ),
                )
            })?;
        }
        Ok(())
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.staged.take() {
            let _ = fs::remove_file(&tmp);
            self.temps.forget(&tmp);
        }
    }
}

/// The path a chain of symbolic links ends at (the path itself when it is no link); the
/// end may not exist yet.
fn resolve_links(path: &Path) -> Result<PathBuf, OutputError> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&at).map_err(|source| OutputError::Io {
                    path: path.to_path_buf(),
                    source,
                })?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(OutputError::LinkLoop(path.to_path_buf()))
}

/// `.NAME.PID.partial` in the target's folder.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zhenggai-out-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_a_regular_file_only_on_commit_and_cleans_up_when_dropped() {
        let dir = temp_dir("regular");
        let target = dir.join("out.jsonl");
        fs::write(&target, "old").unwrap();
        let temps = TempFiles::new();
        let mut f = OutputFile::create(&target, &temps).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(entries(&dir), ["out.jsonl"]);
        let mut f = OutputFile::create(&target, &temps).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(entries(&dir), ["out.jsonl"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn follows_a_symlink_and_replaces_its_target() {
        let dir = temp_dir("link");
        fs::create_dir(dir.join("real")).unwrap();
        fs::write(dir.join("real/out.csv"), "old").unwrap();
        std::os::unix::fs::symlink("real/out.csv", dir.join("link.csv")).unwrap();
        // a dangling link is followed too: its target is created
        std::os::unix::fs::symlink("real/new.csv", dir.join("dangling.csv")).unwrap();
        let temps = TempFiles::new();
        for (link, target) in [
            ("link.csv", "real/out.csv"),
            ("dangling.csv", "real/new.csv"),
        ] {
            let mut f = OutputFile::create(&dir.join(link), &temps).unwrap();
            assert!(f.temp_path().unwrap().starts_with(dir.join("real")));
            f.write_all(b"new").unwrap();
            f.commit().unwrap();
            let link_meta = fs::symlink_metadata(dir.join(link)).unwrap();
            assert!(link_meta.file_type().is_symlink(), "{link} is still a link");
            assert_eq!(fs::read_to_string(dir.join(target)).unwrap(), "new");
        }
        assert_eq!(entries(&dir.join("real")), ["new.csv", "out.csv"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_folder_is_refused_and_a_link_loop_named() {
        let dir = temp_dir("folder");
        let temps = TempFiles::new();
        let err = OutputFile::create(&dir, &temps).unwrap_err();
        assert!(matches!(err, OutputError::IsFolder(_)), "{err}");
        std::os::unix::fs::symlink("b", dir.join("a")).unwrap();
        std::os::unix::fs::symlink("a", dir.join("b")).unwrap();
        let err = OutputFile::create(&dir.join("a"), &temps).unwrap_err();
        assert!(matches!(err, OutputError::LinkLoop(_)), "{err}");
        assert_eq!(entries(&dir), ["a", "b"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temp_files_on_the_list_are_removed_as_on_a_signal() {
        let dir = temp_dir("signal");
        let temps = TempFiles::new();
        let f = OutputFile::create(&dir.join("out.json"), &temps).unwrap();
        let tmp = f.temp_path().unwrap().to_path_buf();
        assert!(tmp.exists());
        temps.remove_all();
        assert!(!tmp.exists());
        std::mem::forget(f); // as when the process exits from the handler
        fs::remove_dir_all(&dir).unwrap();
    }
}
