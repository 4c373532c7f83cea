//! The timeline columns of a history file (account id, outcome, snapshot date and, when
//! given, outcome date) read one slice of rows at a time, keeping only an account number,
//! outcome and dates per row.
//!
//! The cells are read with the loader's rules and error messages. Reading these columns for
//! every row at once would hold them all as text (and, for a CSV, the whole file mapped in
//! memory), which is what reading period by period is meant to avoid. So
//! [`TIMELINE_SLICE`] rows are read and converted at a time: Parquet row ranges, or CSV
//! records cut by [`super::records`] and parsed from memory under the file's header.
//!
//! Within a slice, cells are checked column by column as the loader does; the first slice
//! with a bad cell reports it, with its row in the whole file. Should a CSV slice parse to a
//! different number of rows than it has records, the whole file is read at once instead.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use polars::prelude::{DataFrame, ParquetReader, SerReader};

use super::accounts::AccountNumbers;
use super::records::{is_blank, read_record};
use super::relocate::in_history_rows;
use crate::data::convert::{account_id, as_text, cells, unreadable};
use crate::data::{
    check_needed_columns, date_column, outcome_column, read_csv_records, read_frame, ColumnNeed, ColumnRoles,
    DataError, FileFormat,
};

/// Rows read and converted at a time.
pub const TIMELINE_SLICE: usize = 1 << 20;

/// Converts one slice of outcome date cells into days (`None` where missing), given the row
/// (0-based, in the whole file) of the slice's first cell; its errors are the caller's.
pub type OutcomeDates<'f, E> =
    dyn FnMut(&mut dyn Iterator<Item = Option<&str>>, usize) -> Result<Vec<Option<i32>>, E> + 'f;

/// The columns the timeline reads, by role.
#[derive(Debug, Clone, Copy)]
pub struct TimelineColumnNames<'a> {
    /// The history file.
    pub path: &'a Path,
    pub id: &'a str,
    pub outcome: &'a str,
    /// The snapshot date column.
    pub date: &'a str,
    /// The outcome (churn) date column, read as text.
    pub outcome_date: Option<&'a str>,
}

impl TimelineColumnNames<'_> {
    /// Every column to read, each once.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = [self.id, self.outcome, self.date]
            .into_iter()
            .chain(self.outcome_date)
            .map(str::to_string)
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The columns read as text whatever their cells look like.
    fn text_names(&self) -> Vec<String> {
        [self.id, self.date]
            .into_iter()
            .chain(self.outcome_date)
            .map(str::to_string)
            .collect()
    }
}

/// The timeline columns of every row, in file order.
#[derive(Debug)]
pub struct TimelineColumns {
    /// Account number of every row, in order of first appearance.
    pub account_of_row: Vec<u32>,
    /// Account number of each distinct id.
    numbers: AccountNumbers,
    pub churned: Vec<bool>,
    /// Snapshot dates, days since 1970-01-01.
    pub dates: Vec<i32>,
    /// Each row's outcome date, when an outcome date column is read.
    pub churn_days: Option<Vec<Option<i32>>>,
}

/// Reads the timeline columns of the file at `names.path`, `slice_rows` rows at a time.
/// Every column a later load will read (`roles` and `needs`) must exist, else the
/// loader's error names the first missing one before any row is read.
///
/// Errors: the loader's, naming the row in the whole file, and those of `outcome_dates`.
pub fn read_timeline_columns<E: From<DataError>>(
    names: &TimelineColumnNames,
    roles: &ColumnRoles,
    needs: &[ColumnNeed],
    slice_rows: usize,
    outcome_dates: &mut OutcomeDates<E>,
) -> Result<TimelineColumns, E> {
    let path = names.path;
    check_needed_columns(path, roles, needs)?;
    let mut columns = TimelineColumns::new(names);
    let sliced = match FileFormat::of(path).unwrap_or(FileFormat::Csv) {
        FileFormat::Parquet => read_parquet_slices(names, &mut columns, slice_rows, outcome_dates)?,
        FileFormat::Csv => read_csv_slices(names, &mut columns, slice_rows, outcome_dates)?,
    };
    if !sliced {
        columns = TimelineColumns::new(names);
        let frame = read_frame(path, &names.names(), &names.text_names())?;
        columns.add(names, &frame, 0, outcome_dates)?;
    }
    if columns.churned.is_empty() {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        }
        .into());
    }
    Ok(columns)
}

impl TimelineColumns {
    fn new(names: &TimelineColumnNames) -> TimelineColumns {
        TimelineColumns {
            account_of_row: Vec::new(),
            numbers: AccountNumbers::default(),
            churned: Vec::new(),
            dates: Vec::new(),
            churn_days: names.outcome_date.map(|_| Vec::new()),
        }
    }

    /// Converts `frame`, the rows of the file from `first_row` (0-based) on, and appends
    /// them; errors name their row in the whole file.
    fn add<E: From<DataError>>(
        &mut self,
        names: &TimelineColumnNames,
        frame: &DataFrame,
        first_row: usize,
        outcome_dates: &mut OutcomeDates<E>,
    ) -> Result<(), E> {
        let path = names.path;
        let in_file = |error: DataError| {
            let rows: Vec<u32> = (first_row..first_row + frame.height())
                .map(|r| r as u32)
                .collect();
            in_history_rows(error, &rows, path)
        };
        let column = |name: &str| frame.column(name).map_err(|e| unreadable(path, e));
        let ids = as_text(column(names.id)?, path)?;
        for (index, id) in cells(&ids, path)?.enumerate() {
            account_id(id, index, names.id, path).map_err(in_file)?;
        }
        let numbers = &mut self.numbers;
        self.account_of_row
            .extend(cells(&ids, path)?.map(|id| numbers.number(id.unwrap_or_default())));
        self.churned
            .extend(outcome_column(column(names.outcome)?, path).map_err(in_file)?);
        self.dates
            .extend(date_column(column(names.date)?, path).map_err(in_file)?);
        if let (Some(name), Some(days)) = (names.outcome_date, &mut self.churn_days) {
            let values = as_text(column(name)?, path)?;
            days.extend(outcome_dates(&mut cells(&values, path)?, first_row)?);
        }
        Ok(())
    }

    /// The id of every account, by account number.
    pub fn account_names(&mut self) -> Vec<Box<str>> {
        std::mem::take(&mut self.numbers).into_ids()
    }
}

/// Reads a Parquet file's timeline columns `slice_rows` rows at a time.
fn read_parquet_slices<E: From<DataError>>(
    names: &TimelineColumnNames,
    columns: &mut TimelineColumns,
    slice_rows: usize,
    outcome_dates: &mut OutcomeDates<E>,
) -> Result<bool, E> {
    let path = names.path;
    let rows = ParquetReader::new(open(path)?)
        .num_rows()
        .map_err(|e| unreadable(path, e))?;
    for first_row in (0..rows).step_by(slice_rows) {
        let len = slice_rows.min(rows - first_row);
        let frame = ParquetReader::new(open(path)?)
            .with_columns(Some(names.names()))
            .with_slice(Some((first_row, len)))
            .finish()
            .map_err(|e| unreadable(path, e))?;
        columns.add(names, &frame, first_row, outcome_dates)?;
    }
    Ok(true)
}

/// Reads a CSV file's timeline columns `slice_rows` records at a time, each slice parsed
/// from memory under the file's header; false when a slice's rows do not match its records.
fn read_csv_slices<E: From<DataError>>(
    names: &TimelineColumnNames,
    columns: &mut TimelineColumns,
    slice_rows: usize,
    outcome_dates: &mut OutcomeDates<E>,
) -> Result<bool, E> {
    let path = names.path;
    let io = |error: std::io::Error| DataError::Unreadable {
        path: path.to_path_buf(),
        format: "CSV",
        message: error.to_string(),
    };
    let mut reader = BufReader::with_capacity(1 << 20, open(path)?);
    let mut slice = Vec::new();
    read_record(&mut reader, &mut slice).map_err(io)?;
    if !slice.ends_with(b"\n") {
        slice.push(b'\n');
    }
    let header = slice.len();
    let (wanted, text_names) = (names.names(), names.text_names());
    let (mut record, mut records, mut first_row) = (Vec::new(), 0, 0);
    loop {
        let more = read_record(&mut reader, &mut record).map_err(io)?;
        if more && !is_blank(&record) {
            slice.extend_from_slice(&record);
            if !record.ends_with(b"\n") {
                slice.push(b'\n');
            }
            records += 1;
        }
        if records > 0 && (records == slice_rows || !more) {
            let frame = read_csv_records(&slice, path, &wanted, &text_names)?;
            if frame.height() != records {
                return Ok(false);
            }
            columns.add(names, &frame, first_row, outcome_dates)?;
            first_row += records;
            records = 0;
            slice.truncate(header);
        }
        if !more {
            return Ok(true);
        }
    }
}

fn open(path: &Path) -> Result<File, DataError> {
    File::open(path).map_err(|_| DataError::NotFound {
        path: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::write_frame;

    const SLICE: usize = 4;

    /// A CSV of `rows` snapshots of accounts A0 and A1, one a quarter each; every third row
    /// churns and has a churn date.
    fn history_csv(rows: usize) -> String {
        let mut csv = String::from("account_id,churned,snapshot_date,churn_date\n");
        for row in 0..rows {
            let quarter = row / 2;
            let (year, month) = (2020 + quarter / 4, 1 + 3 * (quarter % 4));
            let churned = row % 3 == 0;
            let churn_date = if churned {
                format!("{year}-{month:02}-20")
            } else {
                String::new()
            };
            let outcome = u8::from(churned);
            csv.push_str(&format!(
                "A{},{outcome},{year}-{month:02}-01,{churn_date}\n",
                row % 2
            ));
        }
        csv
    }

    /// The columns, with each outcome date given as the row it was read on (or None).
    fn read(path: &Path, slice_rows: usize) -> Result<TimelineColumns, DataError> {
        let names = TimelineColumnNames {
            path,
            id: "account_id",
            outcome: "churned",
            date: "snapshot_date",
            outcome_date: Some("churn_date"),
        };
        let mut rows_of = |cells: &mut dyn Iterator<Item = Option<&str>>, first_row: usize| {
            Ok::<_, DataError>(
                cells
                    .enumerate()
                    .map(|(i, cell)| cell.map(|_| (first_row + i) as i32))
                    .collect(),
            )
        };
        read_timeline_columns(&names, &ColumnRoles::default(), &[], slice_rows, &mut rows_of)
    }

    /// Every column of the timeline, ids by account number, for comparing two reads.
    type Summary = (Vec<u32>, Vec<Box<str>>, Vec<bool>, Vec<i32>, Vec<Option<i32>>);

    fn summary(mut columns: TimelineColumns) -> Summary {
        let names = columns.account_names();
        let churn_days = columns.churn_days.take().unwrap_or_default();
        (
            columns.account_of_row,
            names,
            columns.churned,
            columns.dates,
            churn_days,
        )
    }

    #[test]
    fn slices_give_the_columns_of_the_whole_file_csv_and_parquet() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("h.csv");
        std::fs::write(&csv, history_csv(3 * SLICE + 3)).unwrap();
        let whole = summary(read(&csv, usize::MAX).unwrap());
        assert_eq!(whole.0.len(), 15);
        assert_eq!(whole.1, vec![Box::from("A0"), Box::from("A1")]);
        assert_eq!(whole.4[12], Some(12));
        assert_eq!(summary(read(&csv, SLICE).unwrap()), whole);
        let parquet = dir.path().join("h.parquet");
        let names = ["account_id", "churned", "snapshot_date", "churn_date"].map(String::from);
        let mut frame = read_frame(&csv, &names, &names[..1]).unwrap();
        write_frame(&mut frame, &parquet).unwrap();
        assert_eq!(summary(read(&parquet, SLICE).unwrap()), whole);
    }

    #[test]
    fn a_missing_id_in_a_later_slice_names_its_row_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.csv");
        let mut csv = history_csv(2 * SLICE + 1);
        csv.push_str(" ,0,2031-01-01,\n");
        std::fs::write(&path, csv).unwrap();
        let error = read(&path, SLICE).unwrap_err();
        let row = 2 * SLICE + 2;
        assert!(
            matches!(&error, DataError::MissingValue { row: r, role: "account id", .. } if *r == row),
            "{error}"
        );
    }
}
