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
//! A staging directory holds an exclusive advisory lock (`flock`, via [`std::fs::File::lock`])
//! on its `.owner.lock` file while its process writes. The next run removes every staging
//! directory whose lock it can take: the operating system releases a lock when its process dies
//! for any reason, so this is exact (no reused process ids, no `/proc`).

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
    /// The locked `.owner.lock` file, held until the run is published or discarded.
    _owner: std::fs::File,
}

/// The lock file inside a staging directory.
const OWNER_LOCK: &str = ".owner.lock";
/// A staging directory without a lock file (its process died between creating the directory
/// and the lock) is removed once it is this old.
const UNLOCKED_GRACE_S: u64 = 3600;

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
        std::fs::create_dir(&staging).map_err(|e| werr(&staging, e))?;
        let lock_path = staging.join(OWNER_LOCK);
        let owner = std::fs::File::create(&lock_path)
            .and_then(|f| f.lock().map(|_| f))
            .map_err(|e| werr(&lock_path, e))?;
        Ok(Self {
            out: out.to_path_buf(),
            staging,
            run_id: run_id.to_string(),
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
            // The lock file is not an output. Without it, a concurrent run leaves this directory
            // alone for an hour, far longer than the rename below takes.
            std::fs::remove_file(self.staging.join(OWNER_LOCK))?;
            sync_dir(&self.staging)?;
            std::fs::rename(&self.staging, &final_dir)?;
            sync_dir(&self.out.join("runs"))?;
            if switch {
                switch_latest(&self.out, &self.run_id)
            } else {
                Ok(())
            }
        })();
        match result {
            Ok(()) => Ok(final_dir),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&self.staging);
                Err(werr(&final_dir, e))
            }
        }
    }

    /// Removes the staging directory (after a failure).
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
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

/// Removes `runs/.staging-*` directories whose owner's lock can be taken (its process is gone),
/// and those without a lock file older than [`UNLOCKED_GRACE_S`].
fn remove_stale_staging(runs: &Path) {
    let Ok(entries) = std::fs::read_dir(runs) else { return };
    for e in entries.flatten() {
        if !e.file_name().to_string_lossy().starts_with(".staging-") {
            continue;
        }
        let stale = match std::fs::File::open(e.path().join(OWNER_LOCK)) {
            // Taken: nobody holds it. The lock is dropped with the file, before removal.
            Ok(f) => f.try_lock().is_ok(),
            Err(_) => e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > UNLOCKED_GRACE_S),
        };
        if stale {
            let _ = std::fs::remove_dir_all(e.path());
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
    /// nobody holding it) is removed; the published directory has no lock file.
    #[test]
    fn cleanup_removes_exactly_the_unlocked_staging_directories() {
        let out = tmp("stale");
        let dead = out.join("runs/.staging-999999-dead");
        std::fs::create_dir_all(&dead).unwrap();
        std::fs::write(dead.join(OWNER_LOCK), b"").unwrap();
        let young_unlocked = out.join("runs/.staging-999998-young");
        std::fs::create_dir_all(&young_unlocked).unwrap();

        let a = StagedRun::create(&out, "a").unwrap();
        assert!(!dead.exists(), "a dead run's staging directory is removed");
        assert!(
            young_unlocked.exists(),
            "an unlocked directory younger than the grace period stays"
        );
        let b = StagedRun::create(&out, "b").unwrap();
        assert!(a.staging_dir().exists(), "a live run's staging directory stays");
        a.write("x.csv", b"1\n").unwrap();
        let published = a.publish(true).unwrap();
        assert!(published.join("x.csv").exists() && !published.join(OWNER_LOCK).exists());
        b.discard();
        let _ = std::fs::remove_dir_all(&out);
    }
}
