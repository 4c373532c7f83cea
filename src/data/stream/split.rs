//! Splitting a history file into one temporary file per period, so that each period can be
//! loaded on its own with the ordinary loader and a large history is never held whole.
//!
//! CSV: the records are copied byte for byte into the file of their period, header first,
//! so every value reads back exactly as it was written. A record ends at a line break
//! outside double quotes; blank lines are dropped. Parquet: the needed columns are read in
//! slices of [`PARQUET_SLICE`] rows and each slice's rows are appended to their period's
//! Parquet file.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::records::{is_blank, read_record};
use super::relocate::in_history_rows;
use crate::data::{load_history, ColumnNeed, ColumnRoles, DataError, FileFormat, History};

/// Rows read at a time when splitting a Parquet file.
pub const PARQUET_SLICE: usize = 500_000;

/// One temporary file per period, removed with the folder when dropped.
pub struct PeriodFiles {
    _folder: tempfile::TempDir,
    pub files: Vec<PathBuf>,
}

impl PeriodFiles {
    /// Loads period `period` with the ordinary loader, as a history of `source` whose rows
    /// are `rows` (0-based rows of `source`): errors name `source` and its rows.
    pub fn load(
        &self,
        period: usize,
        roles: &ColumnRoles,
        needs: &[ColumnNeed],
        rows: &[u32],
        source: &Path,
    ) -> Result<History, DataError> {
        let history =
            load_history(&self.files[period], roles, needs).map_err(|e| in_history_rows(e, rows, source))?;
        Ok(History {
            source: source.to_path_buf(),
            ..history
        })
    }
}

/// Why the file could not be split.
#[derive(Debug)]
pub enum SpoolFailure {
    /// The file holds a different number of records than the loader read: splitting by
    /// raw records would misplace rows (the caller loads the whole file instead).
    RecordCount { records: usize, rows: usize },
    /// Reading or writing failed.
    Io(String),
}

impl From<std::io::Error> for SpoolFailure {
    fn from(error: std::io::Error) -> Self {
        SpoolFailure::Io(error.to_string())
    }
}

impl From<PolarsError> for SpoolFailure {
    fn from(error: PolarsError) -> Self {
        SpoolFailure::Io(error.to_string())
    }
}

/// Splits `path` by `period_of_row` (one entry per data row) into `periods` files;
/// `columns` are the columns to keep from a Parquet file (a CSV keeps every column).
pub fn split_by_period(
    path: &Path,
    columns: &[String],
    period_of_row: &[u32],
    periods: usize,
) -> Result<PeriodFiles, SpoolFailure> {
    let folder = tempfile::Builder::new()
        .prefix("healthscore-backtest-")
        .tempdir()?;
    let format = FileFormat::of(path).unwrap_or(FileFormat::Csv);
    let extension = if format == FileFormat::Csv {
        "csv"
    } else {
        "parquet"
    };
    let files: Vec<PathBuf> = (0..periods)
        .map(|p| folder.path().join(format!("period-{p}.{extension}")))
        .collect();
    match format {
        FileFormat::Csv => split_csv(path, period_of_row, &files)?,
        FileFormat::Parquet => split_parquet(path, columns, period_of_row, &files)?,
    }
    Ok(PeriodFiles {
        _folder: folder,
        files,
    })
}

fn split_csv(path: &Path, period_of_row: &[u32], files: &[PathBuf]) -> Result<(), SpoolFailure> {
    let mut reader = BufReader::with_capacity(1 << 20, File::open(path)?);
    let mut header = Vec::new();
    read_record(&mut reader, &mut header)?;
    if !header.ends_with(b"\n") {
        header.push(b'\n');
    }
    let mut writers = files
        .iter()
        .map(|file| {
            let mut writer = BufWriter::with_capacity(1 << 18, File::create(file)?);
            writer.write_all(&header)?;
            Ok(writer)
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut record = Vec::new();
    let mut row = 0;
    while read_record(&mut reader, &mut record)? {
        if is_blank(&record) {
            continue;
        }
        let Some(&period) = period_of_row.get(row) else {
            return Err(SpoolFailure::RecordCount {
                records: row + 1,
                rows: period_of_row.len(),
            });
        };
        if !record.ends_with(b"\n") {
            record.push(b'\n');
        }
        writers[period as usize].write_all(&record)?;
        row += 1;
    }
    if row != period_of_row.len() {
        return Err(SpoolFailure::RecordCount {
            records: row,
            rows: period_of_row.len(),
        });
    }
    for writer in writers {
        writer.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    }
    Ok(())
}

fn split_parquet(
    path: &Path,
    columns: &[String],
    period_of_row: &[u32],
    files: &[PathBuf],
) -> Result<(), SpoolFailure> {
    let mut writers: Vec<Option<polars::io::parquet::write::BatchedWriter<File>>> =
        files.iter().map(|_| None).collect();
    for offset in (0..period_of_row.len()).step_by(PARQUET_SLICE) {
        let len = PARQUET_SLICE.min(period_of_row.len() - offset);
        let slice = ParquetReader::new(File::open(path)?)
            .with_columns(Some(columns.to_vec()))
            .with_slice(Some((offset, len)))
            .finish()?;
        if slice.height() != len {
            return Err(SpoolFailure::RecordCount {
                records: offset + slice.height(),
                rows: period_of_row.len(),
            });
        }
        let mut positions: Vec<Vec<IdxSize>> = vec![Vec::new(); files.len()];
        for (i, &period) in period_of_row[offset..offset + len].iter().enumerate() {
            positions[period as usize].push(i as IdxSize);
        }
        for (period, rows) in positions.into_iter().enumerate() {
            if rows.is_empty() {
                continue;
            }
            let mut part = slice.take(&IdxCa::from_vec("rows".into(), rows))?;
            part.align_chunks();
            let writer = match &mut writers[period] {
                Some(writer) => writer,
                slot => {
                    slot.insert(ParquetWriter::new(File::create(&files[period])?).batched(part.schema())?)
                }
            };
            writer.write_batch(&part)?;
        }
    }
    for writer in writers.into_iter().flatten() {
        writer.finish()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_records_go_to_their_period_with_the_header_and_quoted_line_breaks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.csv");
        std::fs::write(&path, "id,note\na,\"two\nlines\"\n\nb,x\r\nc,y").unwrap();
        let files = split_by_period(&path, &[], &[1, 0, 1], 2).unwrap();
        assert_eq!(
            std::fs::read_to_string(&files.files[0]).unwrap(),
            "id,note\nb,x\r\n"
        );
        assert_eq!(
            std::fs::read_to_string(&files.files[1]).unwrap(),
            "id,note\na,\"two\nlines\"\nc,y\n"
        );
    }

    #[test]
    fn a_record_count_that_differs_from_the_loader_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.csv");
        std::fs::write(&path, "id\na\nb\n").unwrap();
        let failure = split_by_period(&path, &[], &[0], 1).err().unwrap();
        assert!(
            matches!(failure, SpoolFailure::RecordCount { records: 2, rows: 1 }),
            "{failure:?}"
        );
    }
}
