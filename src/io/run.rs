//! Run directories: every run is staged in a hidden directory and published whole.
//!
//! Layout under the output directory `OUT`:
//!
//! ```text
//! OUT/runs/<run id>/          one directory per successful run, never modified afterwards
//!     forecast.csv requirements.csv shifts.csv activities.csv coverage.csv manifest.json
//! OUT/latest -> runs/<run id> a symbolic link, switched only after the whole run succeeded
//!                             (a run where a queue failed is published for diagnosis only)
//! OUT/runs/.staging-<pid>-<n>/ a run being written; never read by anyone
//! ```
//!
//! A run writes into its staging directory and renames it into `runs/` only when every file is
//! complete and synced; then it switches `latest` by renaming a new link over the old one. Both
//! renames are atomic on POSIX file systems, so a crash, `SIGKILL` or full disk at any moment
//! leaves no partial file under a final name and the previous run intact.
//!
//! Beside each staging directory `.staging-X/` lies its lock file `.staging-X.lock`, on which
//! the writing process holds an exclusive advisory lock (`flock`, via [`std::fs::File::lock`])
//! from before the directory exists until after it is published. The lock file is created and
//! locked under a temporary name and only then renamed into place, so no other run ever sees it
//! unlocked while its owner lives. The next run removes every staging directory (and orphaned
//! lock file) whose lock it can take: the operating system releases a lock when its process
//! dies for any reason, so this is exact (no reused process ids, no `/proc`). Where the file
//! system cannot lock, runs go on without it and stale directories go after an hour.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::IoError;

/// A run being written.
#[derive(Debug)]
pub struct StagedRun {
    out: PathBuf,
    staging: PathBuf,
    run_id: String,
    /// The locked `.staging-X.lock` file beside the staging directory.
    lock: PathBuf,
    _owner: std::fs::File,
}

/// A staging directory whose lock cannot be checked (no lock file, or a file system without
/// locks) is removed once it is this old.
const UNLOCKED_GRACE_S: u64 = 3600;

/// The lock file of a staging directory.
fn lock_path(staging: &Path) -> PathBuf {
    let mut name = staging.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    staging.with_file_name(name)
}

/// True when `path` was last modified more than [`UNLOCKED_GRACE_S`] ago.
fn older_than_grace(path: &Path) -> bool {
    std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > UNLOCKED_GRACE_S)
}

fn werr(path: &Path, e: std::io::Error) -> IoError {
    IoError::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

impl StagedRun {
    /// Creates `OUT/runs/.staging-…` (and `OUT/runs`), after removing staging directories left by
    /// processes that no longer run.
    ///
    /// # Errors
    ///
    /// [`IoError::Write`] if the directories cannot be created.
    pub fn create(out: &Path, run_id: &str) -> Result<Self, IoError> {
        let runs = out.join("runs");
        std::fs::create_dir_all(&runs).map_err(|e| werr(&runs, e))?;
        remove_stale_staging(&runs);
        let staging = runs.join(format!(".staging-{}-{run_id}", std::process::id()));
        let lock = lock_path(&staging);
        let init = runs.join(format!(".init-{}-{run_id}.lock", std::process::id()));
        let owner = std::fs::File::create(&init).map_err(|e| werr(&init, e))?;
        // A file system without locks: go on unlocked (stale directories then go by age).
        let _ = owner.lock();
        std::fs::rename(&init, &lock).map_err(|e| werr(&lock, e))?;
        std::fs::create_dir(&staging).map_err(|e| werr(&staging, e))?;
        Ok(Self {
            out: out.to_path_buf(),
            staging,
            run_id: run_id.to_string(),
            lock,
            _owner: owner,
        })
    }

    /// The staging directory (for cleanup on a signal).
    pub fn staging_dir(&self) -> &Path {
        &self.staging
    }

    /// Writes one file into the staging directory and syncs it.
    ///
    /// # Errors
    ///
    /// [`IoError::Write`].
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), IoError> {
        let path = self.staging.join(name);
        let mut f = std::fs::File::create(&path).map_err(|e| werr(&path, e))?;
        f.write_all(bytes)
            .and_then(|_| f.sync_all())
            .map_err(|e| werr(&path, e))
    }

    /// Publishes the run: renames the staging directory to `runs/<run id>` and, when
    /// `switch_latest` (the whole run succeeded), points `latest` at it. Returns the final
    /// directory.
    ///
    /// # Errors
    ///
    /// [`IoError::Write`]; the staging directory is then removed and `latest` is unchanged.
    pub fn publish(self, switch: bool) -> Result<PathBuf, IoError> {
        let final_dir = self.out.join("runs").join(&self.run_id);
        let result = (|| {
            sync_dir(&self.staging)?;
            std::fs::rename(&self.staging, &final_dir)?;
            sync_dir(&self.out.join("runs"))?;
            if switch {
                switch_latest(&self.out, &self.run_id)
            } else {
                Ok(())
            }
        })();
        let out = match result {
            Ok(()) => Ok(final_dir),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&self.staging);
                Err(werr(&final_dir, e))
            }
        };
        // Killed before this line, the lock file is an orphan the next run removes.
        let _ = std::fs::remove_file(&self.lock);
        out
    }

    /// Removes the staging directory (after a failure).
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
        let _ = std::fs::remove_file(&self.lock);
    }
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Points `OUT/latest` at `runs/<run id>` by renaming a fresh link over it.
fn switch_latest(out: &Path, run_id: &str) -> std::io::Result<()> {
    let tmp = out.join(format!(".latest-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    #[cfg(unix)]
    std::os::unix::fs::symlink(Path::new("runs").join(run_id), &tmp)?;
    #[cfg(not(unix))]
    std::fs::write(&tmp, format!("runs/{run_id}\n"))?;
    std::fs::rename(&tmp, out.join("latest"))?;
    sync_dir(out)
}

/// Removes the `runs/.staging-*` directories and lock files whose lock can be taken (their
/// process is gone), and those that cannot be checked once older than [`UNLOCKED_GRACE_S`].
/// Lock files under their temporary `.init-*` name are left alone unless that old.
fn remove_stale_staging(runs: &Path) {
    let Ok(entries) = std::fs::read_dir(runs) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if name.starts_with(".init-") {
            if older_than_grace(&path) {
                let _ = std::fs::remove_file(&path);
            }
            continue;
        }
        if !name.starts_with(".staging-") || name.ends_with(".lock") && runs.join(&name[..name.len() - 5]).exists() {
            // Not ours, or a lock file whose directory is checked on its own turn.
            continue;
        }
        let (dir, lock) = if name.ends_with(".lock") {
            (None, path.clone())
        } else {
            (Some(path.clone()), lock_path(&path))
        };
        let stale = match std::fs::File::open(&lock) {
            Ok(f) => match f.try_lock() {
                // Taken: nobody holds it (it is released when `f` drops, before removal).
                Ok(()) => true,
                Err(std::fs::TryLockError::WouldBlock) => false,
                Err(std::fs::TryLockError::Error(_)) => older_than_grace(&path),
            },
            Err(_) => older_than_grace(&path),
        };
        if stale {
            if let Some(dir) = dir {
                let _ = std::fs::remove_dir_all(dir);
            }
            let _ = std::fs::remove_file(&lock);
        }
    }
}

/// SHA-256 of bytes, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a file, as lowercase hex.
///
/// # Errors
///
/// [`IoError::Open`].
pub fn sha256_file(path: &Path) -> Result<String, IoError> {
    let bytes = std::fs::read(path).map_err(|e| IoError::Open {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    Ok(sha256_hex(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("wfmkit-run-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// A live run's staging directory survives another run's cleanup (its lock is held, even
    /// within one process: `flock` locks belong to open files); a dead one's (lock file present,
    /// nobody holding it) and an orphaned lock file are removed; a directory without a lock file
    /// younger than the grace period stays; nothing but the outputs is published.
    #[test]
    fn cleanup_removes_exactly_the_unlocked_staging_directories() {
        let out = tmp("stale");
        let runs = out.join("runs");
        let dead = runs.join(".staging-999999-dead");
        std::fs::create_dir_all(&dead).unwrap();
        std::fs::write(lock_path(&dead), b"").unwrap();
        let orphan = runs.join(".staging-999997-orphan.lock");
        std::fs::write(&orphan, b"").unwrap();
        let young_unlocked = runs.join(".staging-999998-young");
        std::fs::create_dir_all(&young_unlocked).unwrap();

        let a = StagedRun::create(&out, "a").unwrap();
        assert!(
            !dead.exists() && !lock_path(&dead).exists(),
            "a dead run's staging is removed"
        );
        assert!(!orphan.exists(), "an orphaned lock file is removed");
        assert!(
            young_unlocked.exists(),
            "an unlocked directory younger than the grace period stays"
        );
        let b = StagedRun::create(&out, "b").unwrap();
        assert!(
            a.staging_dir().exists() && lock_path(a.staging_dir()).exists(),
            "a live run stays"
        );
        a.write("x.csv", b"1\n").unwrap();
        let a_lock = lock_path(a.staging_dir());
        let published = a.publish(true).unwrap();
        let files: Vec<_> = std::fs::read_dir(&published)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(files, vec![std::ffi::OsString::from("x.csv")]);
        assert!(!a_lock.exists(), "the lock file goes once the run is published");
        let b_lock = lock_path(b.staging_dir());
        b.discard();
        assert!(!b_lock.exists());
        let _ = std::fs::remove_dir_all(&out);
    }
}
