//! The timeline of a history file, read straight from its id, outcome, date and outcome
//! date columns, one slice of rows at a time.
//!
//! This reads the same cells with the same rules and error messages as
//! [`load_history`](crate::data::load_history) (which it also asks to name a missing
//! column), but keeps only an account number, outcome and dates per row. Reading these
//! columns for every row at once would hold them all as text, and for a CSV the whole file
//! mapped in memory too: 1.3 GB at 8 million rows, which is what reading period by period
//! is meant to avoid. So [`TIMELINE_SLICE`] rows are read and converted at a time: Parquet
//! row ranges, or CSV records cut as [`super::spool`] cuts them and parsed from memory.
//!
//! Within a slice, cells are checked column by column as the loader does; the first slice
//! with a bad cell reports it, with its row in the whole file. Should a CSV slice parse to a
//! different number of rows than it has records, the whole file is read at once instead.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use polars::prelude::{Column, DataFrame, DataType, ParquetReader, PolarsError, SerReader, StringChunked};

use super::spool::{is_blank, read_record};
use super::timeline::{churn_days, AccountNumbers, Timeline, TimelineInput};
use super::{outcome_date_need, relocate, BacktestError, BacktestOptions};
use crate::data::{
    date_column, file_columns, load_history, outcome_column, read_csv_records, read_frame, ColumnRoles,
    DataError, FileFormat,
};
use crate::scorecard::ColumnNeed;

/// Rows read and converted at a time.
pub const TIMELINE_SLICE: usize = 1 << 20;

/// Reads the timeline of the history at `path`. Every column the backtest will read
/// (`roles`, `needs` and the outcome date) must exist, else the loader's error names it.
pub fn read_timeline(
    path: &Path,
    roles: &ColumnRoles,
    date: &str,
    needs: &[ColumnNeed],
    options: &BacktestOptions,
) -> Result<Timeline, BacktestError> {
    read_timeline_in_slices(path, roles, date, needs, options, TIMELINE_SLICE)
}

/// [`read_timeline`], `slice_rows` rows at a time.
fn read_timeline_in_slices(
    path: &Path,
    roles: &ColumnRoles,
    date: &str,
    needs: &[ColumnNeed],
    options: &BacktestOptions,
    slice_rows: usize,
) -> Result<Timeline, BacktestError> {
    let mut needs = needs.to_vec();
    needs.extend(options.outcome_date.iter().map(|c| outcome_date_need(c)));
    let available = file_columns(path)?;
    let wanted = [&roles.id, &roles.outcome]
        .into_iter()
        .chain(&roles.date)
        .chain(&roles.segment)
        .chain(&roles.value);
    let missing = wanted
        .chain(needs.iter().map(|n| &n.column))
        .any(|c| !available.contains(c));
    if missing {
        // fails on the missing column, with a suggestion, before reading any row
        load_history(path, roles, &needs)?;
    }
    let wanted = WantedColumns {
        path,
        id: &roles.id,
        outcome: &roles.outcome,
        date,
        outcome_date: options.outcome_date.as_deref(),
    };
    let mut columns = TimelineColumns::new(&wanted);
    let sliced = match FileFormat::of(path).unwrap_or(FileFormat::Csv) {
        FileFormat::Parquet => read_parquet_slices(&wanted, &mut columns, slice_rows)?,
        FileFormat::Csv => read_csv_slices(&wanted, &mut columns, slice_rows)?,
    };
    if !sliced {
        columns = TimelineColumns::new(&wanted);
        let frame = read_frame(path, &wanted.names(), &wanted.text_names())?;
        columns.add(&wanted, &frame, 0)?;
    }
    if columns.churned.is_empty() {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        }
        .into());
    }
    let names = columns.account_names();
    let input = TimelineInput {
        source: path,
        accounts: (&columns.account_of_row, names.len()),
        id: &|row| names[columns.account_of_row[row] as usize].to_string(),
        dates: &columns.dates,
        churned: &columns.churned,
        churn_dates: wanted.outcome_date.zip(columns.churn_days.as_deref()),
    };
    Timeline::new(input, options.period)
}

/// The columns the timeline reads, by role.
struct WantedColumns<'a> {
    path: &'a Path,
    id: &'a str,
    outcome: &'a str,
    date: &'a str,
    outcome_date: Option<&'a str>,
}

impl WantedColumns<'_> {
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

/// The timeline's columns, converted slice by slice.
struct TimelineColumns {
    /// Account number of every row, in order of first appearance.
    account_of_row: Vec<u32>,
    /// Account number of each distinct id.
    numbers: AccountNumbers,
    churned: Vec<bool>,
    dates: Vec<i32>,
    /// Each row's outcome date, when an outcome date column is read.
    churn_days: Option<Vec<Option<i32>>>,
}

impl TimelineColumns {
    fn new(wanted: &WantedColumns) -> TimelineColumns {
        TimelineColumns {
            account_of_row: Vec::new(),
            numbers: AccountNumbers::default(),
            churned: Vec::new(),
            dates: Vec::new(),
            churn_days: wanted.outcome_date.map(|_| Vec::new()),
        }
    }

    /// Converts `frame`, the rows of the file from `first_row` (0-based) on, and appends
    /// them; errors name their row in the whole file.
    fn add(
        &mut self,
        wanted: &WantedColumns,
        frame: &DataFrame,
        first_row: usize,
    ) -> Result<(), BacktestError> {
        let path = wanted.path;
        let in_file = |error: DataError| {
            let rows: Vec<u32> = (first_row..first_row + frame.height())
                .map(|r| r as u32)
                .collect();
            relocate::data_error(error, &rows, path)
        };
        let column = |name: &str| frame.column(name).map_err(|e| unreadable(path, e));
        let ids = text(column(wanted.id)?, path)?;
        let ids = ids.str().map_err(|e| unreadable(path, e))?;
        check_ids(ids, wanted.id, path).map_err(in_file)?;
        let numbers = &mut self.numbers;
        self.account_of_row
            .extend(ids.iter().map(|id| numbers.number(id.unwrap_or_default())));
        self.churned
            .extend(outcome_column(column(wanted.outcome)?, path).map_err(in_file)?);
        self.dates
            .extend(date_column(column(wanted.date)?, path).map_err(in_file)?);
        if let (Some(name), Some(days)) = (wanted.outcome_date, &mut self.churn_days) {
            let values = text(column(name)?, path)?;
            let cells = values.str().map_err(|e| unreadable(path, e))?;
            let slice = churn_days(cells.iter(), path, name).map_err(|mut error| {
                if let BacktestError::BadOutcomeDate { row, .. } = &mut error {
                    *row += first_row;
                }
                error
            })?;
            days.extend(slice);
        }
        Ok(())
    }

    /// The id of every account, by account number.
    fn account_names(&mut self) -> Vec<Box<str>> {
        std::mem::take(&mut self.numbers).into_ids()
    }
}

/// Reads a Parquet file's timeline columns `slice_rows` rows at a time.
fn read_parquet_slices(
    wanted: &WantedColumns,
    columns: &mut TimelineColumns,
    slice_rows: usize,
) -> Result<bool, BacktestError> {
    let path = wanted.path;
    let rows = ParquetReader::new(open(path)?)
        .num_rows()
        .map_err(|e| unreadable(path, e))?;
    for first_row in (0..rows).step_by(slice_rows) {
        let len = slice_rows.min(rows - first_row);
        let frame = ParquetReader::new(open(path)?)
            .with_columns(Some(wanted.names()))
            .with_slice(Some((first_row, len)))
            .finish()
            .map_err(|e| unreadable(path, e))?;
        columns.add(wanted, &frame, first_row)?;
    }
    Ok(true)
}

/// Reads a CSV file's timeline columns `slice_rows` records at a time, each slice parsed
/// from memory under the file's header; false when a slice's rows do not match its records.
fn read_csv_slices(
    wanted: &WantedColumns,
    columns: &mut TimelineColumns,
    slice_rows: usize,
) -> Result<bool, BacktestError> {
    let path = wanted.path;
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
    let (names, text_names) = (wanted.names(), wanted.text_names());
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
            let frame = read_csv_records(&slice, path, &names, &text_names)?;
            if frame.height() != records {
                return Ok(false);
            }
            columns.add(wanted, &frame, first_row)?;
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

fn unreadable(path: &Path, error: PolarsError) -> DataError {
    DataError::Unreadable {
        path: path.to_path_buf(),
        format: "columns",
        message: error.to_string(),
    }
}

/// A column as text (a no-op for text columns).
fn text(column: &Column, path: &Path) -> Result<Column, DataError> {
    column.cast(&DataType::String).map_err(|e| unreadable(path, e))
}

/// Every row has an account id.
fn check_ids(ids: &StringChunked, column: &str, path: &Path) -> Result<(), DataError> {
    match ids.iter().position(|id| id.is_none_or(|id| id.trim().is_empty())) {
        None => Ok(()),
        Some(index) => Err(DataError::MissingValue {
            path: path.to_path_buf(),
            column: column.to_string(),
            row: index + 1,
            role: "account id",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backtest::timeline::Lead;
    use crate::backtest::{PeriodKind, PeriodRows};
    use crate::data::write_frame;

    const SLICE: usize = 4;

    /// A CSV of `rows` snapshots: accounts A0 and A1 each quarter, every third row churning
    /// a month after its snapshot.
    fn history_csv(rows: usize) -> String {
        let mut csv = String::from("account_id,churned,snapshot_date,churn_date\n");
        for row in 0..rows {
            let quarter = row / 2;
            let (year, month) = (2020 + quarter / 4, 1 + 3 * (quarter % 4));
            let churned = row % 3 == 0;
            let churn_date = match churned {
                true => format!("{year}-{:02}-15", month + 1),
                false => String::new(),
            };
            let outcome = u8::from(churned);
            csv.push_str(&format!(
                "A{},{outcome},{year}-{month:02}-01,{churn_date}\n",
                row % 2
            ));
        }
        csv
    }

    fn timeline_of(path: &Path, slice_rows: usize) -> Result<Timeline, BacktestError> {
        let roles = ColumnRoles {
            date: Some("snapshot_date".into()),
            ..ColumnRoles::default()
        };
        let options = BacktestOptions {
            outcome_date: Some("churn_date".into()),
            period: PeriodKind::Quarter,
            ..BacktestOptions::default()
        };
        read_timeline_in_slices(path, &roles, "snapshot_date", &[], &options, slice_rows)
    }

    /// Every period's rows (with accounts and dates) and each snapshot's lead.
    fn summary(timeline: &Timeline) -> Vec<(PeriodRows, Vec<Lead>)> {
        (0..timeline.periods.len())
            .map(|p| {
                let rows = timeline.period_rows(p).unwrap();
                let leads = rows
                    .accounts
                    .iter()
                    .zip(&rows.dates)
                    .map(|(&a, &d)| timeline.lead(a, d))
                    .collect();
                (rows, leads)
            })
            .collect()
    }

    #[test]
    fn slices_give_the_timeline_of_the_whole_file_csv_and_parquet() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("h.csv");
        std::fs::write(&csv, history_csv(3 * SLICE + 3)).unwrap();
        let whole = timeline_of(&csv, usize::MAX).unwrap();
        assert_eq!((whole.len(), whole.periods.len()), (15, 8));
        let expected = summary(&whole);
        assert_eq!(expected[7].0.rows, vec![14]);
        assert_eq!(summary(&timeline_of(&csv, SLICE).unwrap()), expected);
        let parquet = dir.path().join("h.parquet");
        let names = ["account_id", "churned", "snapshot_date", "churn_date"].map(String::from);
        let mut frame = read_frame(&csv, &names, &names[..1]).unwrap();
        write_frame(&mut frame, &parquet).unwrap();
        assert_eq!(summary(&timeline_of(&parquet, SLICE).unwrap()), expected);
    }

    #[test]
    fn a_bad_cell_in_a_later_slice_names_its_row_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.csv");
        let mut csv = history_csv(2 * SLICE + 1);
        csv.push_str("A1,0,2031-13-01,\n");
        std::fs::write(&path, csv).unwrap();
        let error = timeline_of(&path, SLICE).unwrap_err();
        let row = 2 * SLICE + 2;
        assert!(
            matches!(&error, BacktestError::Data(DataError::BadDate { row: r, .. }) if *r == row),
            "{error}"
        );
        assert!(error.to_string().contains(&format!("row {row}")), "{error}");
        assert!(error.to_string().contains("h.csv"), "{error}");
        // an outcome date that does not parse, in a later slice
        let mut csv = history_csv(2 * SLICE + 1);
        csv.push_str("A1,1,2031-01-01,soon\n");
        std::fs::write(&path, csv).unwrap();
        let error = timeline_of(&path, SLICE).unwrap_err();
        assert!(
            matches!(&error, BacktestError::BadOutcomeDate { row: r, .. } if *r == 2 * SLICE + 2),
            "{error}"
        );
    }
}
