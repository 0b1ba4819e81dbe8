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
//! leaves no partial file under a final name and the previous run intact. Stale staging
//! directories of dead processes are removed at the start of the next run.

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
        std::fs::create_dir(&staging).map_err(|e| werr(&staging, e))?;
        Ok(Self {
            out: out.to_path_buf(),
            staging,
            run_id: run_id.to_string(),
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

/// Removes `runs/.staging-<pid>-*` directories whose process is gone (Linux: no `/proc/<pid>`).
fn remove_stale_staging(runs: &Path) {
    let Ok(entries) = std::fs::read_dir(runs) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(".staging-") else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| p == std::process::id() || Path::new(&format!("/proc/{p}")).exists());
        if !alive {
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
