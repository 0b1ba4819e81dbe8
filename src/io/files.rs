//! Reading and writing frames as CSV, Parquet or Arrow IPC; writes are atomic.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::IoError;

/// A file format for frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    /// Comma-separated values with a header line.
    #[default]
    Csv,
    /// Apache Parquet.
    Parquet,
    /// Arrow IPC (Feather v2).
    Ipc,
}

impl FileFormat {
    /// The format named by a path's extension.
    ///
    /// # Errors
    ///
    /// [`IoError::UnknownFormat`].
    pub fn from_path(path: &Path) -> Result<Self, IoError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Ok(Self::Csv),
            Some("parquet" | "pq") => Ok(Self::Parquet),
            Some("ipc" | "arrow" | "feather") => Ok(Self::Ipc),
            _ => Err(IoError::UnknownFormat {
                path: path.to_path_buf(),
            }),
        }
    }
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Parquet => "parquet",
            Self::Ipc => "arrow",
        }
    }
}

fn parse_err(what: impl Into<String>, e: PolarsError) -> IoError {
    IoError::Parse {
        what: what.into(),
        reason: e.to_string(),
    }
}

/// Reads a frame from a file. A CSV is read with every column as text, so that the typed
/// conversions in this module can name the first bad row of a column.
///
/// # Errors
///
/// [`IoError::Open`] for a missing or unreadable file, [`IoError::UnknownFormat`],
/// [`IoError::Parse`] for a malformed file.
pub fn read_frame(path: &Path, format: Option<FileFormat>) -> Result<DataFrame, IoError> {
    read_frame_hashed(path, format).map(|(df, _)| df)
}

/// Reads a frame like [`read_frame`] and returns it with the SHA-256 of the very bytes parsed.
///
/// # Errors
///
/// As [`read_frame`].
pub fn read_frame_hashed(path: &Path, format: Option<FileFormat>) -> Result<(DataFrame, String), IoError> {
    let format = match format {
        Some(f) => f,
        None => FileFormat::from_path(path)?,
    };
    let bytes = std::fs::read(path).map_err(|e| IoError::Open {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let hash = super::run::sha256_hex(&bytes);
    Ok((read_bytes(bytes, format, &path.display().to_string())?, hash))
}

/// Reads a frame from in-memory bytes (CSV as text columns, Parquet or IPC as typed).
///
/// # Errors
///
/// [`IoError::Parse`].
pub fn read_bytes(bytes: Vec<u8>, format: FileFormat, what: &str) -> Result<DataFrame, IoError> {
    let cursor = Cursor::new(bytes);
    let df = match format {
        FileFormat::Csv => CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .into_reader_with_file_handle(cursor)
            .finish()
            .map(drop_trailing_blank_rows),
        FileFormat::Parquet => ParquetReader::new(cursor).finish(),
        FileFormat::Ipc => IpcReader::new(cursor).finish(),
    };
    df.map_err(|e| parse_err(what, e))
}

/// Drops blank lines at the end of a CSV (rows whose every field is empty). Blank lines inside
/// the file are kept, so row numbers in error messages stay those of the file.
fn drop_trailing_blank_rows(df: DataFrame) -> DataFrame {
    let blank = |i: usize| {
        df.columns().iter().all(|c| match c.str() {
            Ok(s) => s.get(i).is_none_or(|v| v.trim().is_empty()),
            Err(_) => false,
        })
    };
    let mut n = df.height();
    while n > 0 && blank(n - 1) {
        n -= 1;
    }
    if n == df.height() {
        df
    } else {
        df.slice(0, n)
    }
}

/// Serialises a frame to bytes in `format`.
///
/// # Errors
///
/// [`IoError::Write`] naming `what`.
pub fn frame_to_bytes(df: &mut DataFrame, format: FileFormat, what: &Path) -> Result<Vec<u8>, IoError> {
    let mut buf = Vec::new();
    let r = match format {
        FileFormat::Csv => CsvWriter::new(&mut buf).include_header(true).finish(df),
        FileFormat::Parquet => ParquetWriter::new(&mut buf).finish(df).map(|_| ()),
        FileFormat::Ipc => IpcWriter::new(&mut buf).finish(df),
    };
    r.map_err(|e| IoError::Write {
        path: what.to_path_buf(),
        reason: e.to_string(),
    })?;
    Ok(buf)
}

/// Writes bytes to `path` atomically: to a hidden temporary file in the same directory, synced,
/// then renamed over `path`. A reader never sees a half-written file under the final name.
///
/// # Errors
///
/// [`IoError::Write`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    let err = |e: std::io::Error| IoError::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// Writes a frame to `path` atomically in `format`.
///
/// # Errors
///
/// [`IoError::Write`].
pub fn write_frame(df: &mut DataFrame, path: &Path, format: FileFormat) -> Result<(), IoError> {
    let bytes = frame_to_bytes(df, format, path)?;
    write_atomic(path, &bytes)
}
