//! Reading and writing tables with polars, choosing CSV or Parquet by file extension.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;
use rayon::prelude::*;

use super::convert::{
    date_column, expansion_flags, id_column, numeric_column, optional_outcome_column, outcome_column,
    text_column,
};
use super::duplicates::check_unique_accounts;
use super::stream::read_record;
use super::{ColumnKind, ColumnNeed, ColumnRoles, DataError, History, NumericColumn, TextColumn};

/// The table formats healthscore reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Parquet,
}

impl FileFormat {
    /// The format named by a path's extension (`.csv` or `.parquet`, any case).
    pub fn of(path: &Path) -> Option<FileFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(FileFormat::Csv),
            "parquet" | "pq" => Some(FileFormat::Parquet),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            FileFormat::Csv => "CSV",
            FileFormat::Parquet => "Parquet",
        }
    }
}

fn checked_format(path: &Path) -> Result<FileFormat, DataError> {
    let format = FileFormat::of(path).ok_or_else(|| DataError::UnsupportedFormat {
        path: path.to_path_buf(),
    })?;
    let metadata = std::fs::metadata(path).map_err(|_| DataError::NotFound {
        path: path.to_path_buf(),
    })?;
    if metadata.len() == 0 {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(format)
}

fn unreadable(path: &Path, format: FileFormat, err: impl std::fmt::Display) -> DataError {
    let message = err.to_string().lines().next().unwrap_or_default().to_string();
    DataError::Unreadable {
        path: path.to_path_buf(),
        format: format.name(),
        message,
    }
}

/// The column names of a table file, in file order.
pub fn file_columns(path: &Path) -> Result<Vec<String>, DataError> {
    let format = checked_format(path)?;
    let names: Vec<String> = match format {
        FileFormat::Csv => {
            let header = csv_header(path).map_err(|e| unreadable(path, format, e))?;
            let frame = csv_options(Some(0), Some(0))
                .into_reader_with_file_handle(std::io::Cursor::new(header))
                .finish()
                .map_err(|e| unreadable(path, format, e))?;
            frame.get_column_names().iter().map(|n| n.to_string()).collect()
        }
        FileFormat::Parquet => {
            let file = File::open(path).map_err(|_| DataError::NotFound {
                path: path.to_path_buf(),
            })?;
            let schema = ParquetReader::new(file)
                .schema()
                .map_err(|e| unreadable(path, format, e))?;
            schema.iter_names().map(|n| n.to_string()).collect()
        }
    };
    if names.is_empty() {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(names)
}

/// The header record of a CSV file: its bytes up to the first line break outside quotes
/// (or the whole file when there is none), so that the column names are read without
/// scanning the rows.
fn csv_header(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut reader = std::io::BufReader::new(File::open(path)?);
    let mut header = Vec::new();
    read_record(&mut reader, &mut header)?;
    Ok(header)
}

fn csv_options(n_rows: Option<usize>, infer_schema_length: Option<usize>) -> CsvReadOptions {
    CsvReadOptions::default()
        .with_has_header(true)
        .with_n_rows(n_rows)
        .with_infer_schema_length(infer_schema_length)
}

/// Reads the named columns of a table file. CSV types are inferred from the first 10,000
/// rows; if a later row does not fit, every column is read as text instead so that the
/// conversion can name the offending row.
pub fn read_frame(path: &Path, columns: &[String], text_columns: &[String]) -> Result<DataFrame, DataError> {
    let format = checked_format(path)?;
    let frame = match format {
        FileFormat::Csv => read_csv(path, columns, text_columns, |options| {
            options
                .try_into_reader_with_file_path(Some(path.to_path_buf()))
                .and_then(|reader| reader.finish())
        })?,
        FileFormat::Parquet => {
            let file = File::open(path).map_err(|_| DataError::NotFound {
                path: path.to_path_buf(),
            })?;
            ParquetReader::new(file)
                .with_columns(Some(columns.to_vec()))
                .finish()
                .map_err(|e| unreadable(path, format, e))?
        }
    };
    if frame.height() == 0 {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(frame)
}

/// [`read_frame`] for CSV text in memory: a header line and some of `path`'s records, read
/// with the same options; `path` names the file in errors. No rows is not an error here.
pub fn read_csv_records(
    records: &[u8],
    path: &Path,
    columns: &[String],
    text_columns: &[String],
) -> Result<DataFrame, DataError> {
    read_csv(path, columns, text_columns, |options| {
        options
            .into_reader_with_file_handle(std::io::Cursor::new(records))
            .finish()
    })
}

/// The named columns of a CSV read by `read` with these options: types inferred from the
/// first 10,000 rows, else every column as text.
fn read_csv(
    path: &Path,
    columns: &[String],
    text_columns: &[String],
    read: impl Fn(CsvReadOptions) -> PolarsResult<DataFrame>,
) -> Result<DataFrame, DataError> {
    let selected: Arc<[PlSmallStr]> = columns.iter().map(|c| PlSmallStr::from(c.as_str())).collect();
    let as_text: Schema = text_columns
        .iter()
        .map(|c| Field::new(PlSmallStr::from(c.as_str()), DataType::String))
        .collect();
    let as_text = Arc::new(as_text);
    let with = |infer: Option<usize>| {
        read(
            csv_options(None, infer)
                .with_columns(Some(selected.clone()))
                .with_schema_overwrite(Some(as_text.clone())),
        )
    };
    with(Some(10_000))
        .or_else(|_| with(Some(0)))
        .map_err(|e| unreadable(path, FileFormat::Csv, e))
}

/// Checks that every needed column exists, suggesting the closest name when one does not.
pub(super) fn check_columns(
    path: &Path,
    available: &[String],
    needs: &[(String, String)],
) -> Result<(), DataError> {
    for (column, needed_by) in needs {
        if available.contains(column) {
            continue;
        }
        let suggestion = available
            .iter()
            .map(|name| {
                (
                    strsim::jaro_winkler(&name.to_lowercase(), &column.to_lowercase()),
                    name,
                )
            })
            .filter(|(similarity, _)| *similarity >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, name)| name.clone());
        return Err(DataError::MissingColumn {
            path: path.to_path_buf(),
            column: column.clone(),
            needed_by: needed_by.clone(),
            suggestion,
            available: available.join(", "),
        });
    }
    Ok(())
}

fn role_needs(roles: &ColumnRoles) -> Vec<(String, String)> {
    let mut needs = vec![
        (roles.id.clone(), "the account id".to_string()),
        (roles.outcome.clone(), "the outcome".to_string()),
    ];
    let optional = [
        (&roles.segment, "the segment"),
        (&roles.date, "the snapshot date"),
        (&roles.value, "the account value"),
        (&roles.expansion, "the expansion outcome"),
    ];
    for (column, role) in optional {
        if let Some(column) = column {
            needs.push((column.clone(), role.to_string()));
        }
    }
    needs
}

/// Checks that the file has every role column and every needed column, naming the first
/// missing one (with the closest name), as [`load_history`] does before reading a row.
/// Returns each wanted column with who needs it.
pub fn check_needed_columns(
    path: &Path,
    roles: &ColumnRoles,
    needs: &[ColumnNeed],
) -> Result<Vec<(String, String)>, DataError> {
    if roles.expansion.as_ref() == Some(&roles.outcome) {
        return Err(DataError::ExpansionIsOutcome {
            path: path.to_path_buf(),
            column: roles.outcome.clone(),
        });
    }
    let available = file_columns(path)?;
    let mut wanted = role_needs(roles);
    wanted.extend(
        needs
            .iter()
            .map(|need| (need.column.clone(), need.needed_by.clone())),
    );
    check_columns(path, &available, &wanted)?;
    Ok(wanted)
}

/// Loads the role columns and the columns a scorecard needs into a [`History`].
///
/// Checks: every column exists; the outcome is recognised on every row; numeric columns
/// hold finite numbers; dates parse; no account id repeats within a snapshot date. The
/// expansion outcome (when named, and not the churn column) takes the same spellings as the
/// churn outcome; a churned account with none counts as not expanded, any other must have one.
pub fn load_history(path: &Path, roles: &ColumnRoles, needs: &[ColumnNeed]) -> Result<History, DataError> {
    let wanted = check_needed_columns(path, roles, needs)?;
    let mut names: Vec<String> = wanted.into_iter().map(|(column, _)| column).collect();
    names.sort();
    names.dedup();
    let mut text_columns = vec![roles.id.clone()];
    text_columns.extend(roles.segment.iter().chain(&roles.date).cloned());
    text_columns.extend(
        needs
            .iter()
            .filter(|n| n.kind == ColumnKind::Text)
            .map(|n| n.column.clone()),
    );
    let mut clock = std::time::Instant::now();
    let frame = read_frame(path, &names, &text_columns)?;
    crate::timing::lap("read the table", &mut clock);
    // each conversion holds its own handle on its column and the frame goes first, so a
    // column's memory is freed as soon as the conversions that read it are done: the
    // history's copy replaces the frame's column by column instead of adding to it
    let jobs: Vec<(ConversionJob, Column)> = conversion_jobs(roles, needs)
        .into_iter()
        .map(|job| {
            let column = frame
                .column(job.column_name())
                .map_err(|e| unreadable(path, FileFormat::Csv, e))?
                .clone();
            Ok((job, column))
        })
        .collect::<Result<_, DataError>>()?;
    drop(frame);
    let converted: Vec<Result<Converted, DataError>> = jobs
        .into_par_iter()
        .map(|(job, column)| job.run(column, path))
        .collect();
    let mut history = History {
        source: path.to_path_buf(),
        ..History::default()
    };
    let mut expansion = None;
    // the first error in job order, as a sequential conversion would report it
    for result in converted {
        match result? {
            Converted::Ids(ids) => history.ids = ids,
            Converted::Outcome(churned) => history.churned = churned,
            Converted::Segment(segment) => history.segment = Some(segment),
            Converted::Dates(dates) => history.dates = Some(dates),
            Converted::Value(values) => history.value = Some(values),
            Converted::Expansion(name, flags) => expansion = Some((name, flags)),
            Converted::Numeric(name, values) => {
                history.numeric.insert(name, values);
            }
            Converted::Text(name, values) => {
                history.text.insert(name, values);
            }
        }
    }
    if let Some((column, flags)) = expansion {
        history.expansion = Some(expansion_flags(column, flags, &history.churned, path)?);
    }
    crate::timing::lap("convert the columns", &mut clock);
    check_unique_accounts(&history)?;
    crate::timing::lap("check for duplicate accounts", &mut clock);
    Ok(history)
}

/// One column to convert from the frame into a [`History`] field.
enum ConversionJob<'a> {
    Ids(&'a str),
    Outcome(&'a str),
    Segment(&'a str),
    Dates(&'a str),
    Value(&'a str),
    Expansion(&'a str),
    Need(&'a ColumnNeed),
}

/// A converted column, ready to move into its [`History`] field.
enum Converted {
    Ids(Vec<String>),
    Outcome(Vec<bool>),
    Segment(TextColumn),
    Dates(Vec<i32>),
    Value(Vec<f64>),
    Expansion(String, Vec<Option<bool>>),
    Numeric(String, NumericColumn),
    Text(String, TextColumn),
}

/// The conversions `load_history` makes, in the order their errors are reported.
fn conversion_jobs<'a>(roles: &'a ColumnRoles, needs: &'a [ColumnNeed]) -> Vec<ConversionJob<'a>> {
    let mut jobs = vec![
        ConversionJob::Ids(&roles.id),
        ConversionJob::Outcome(&roles.outcome),
    ];
    jobs.extend(roles.segment.as_deref().map(ConversionJob::Segment));
    jobs.extend(roles.date.as_deref().map(ConversionJob::Dates));
    jobs.extend(roles.value.as_deref().map(ConversionJob::Value));
    jobs.extend(roles.expansion.as_deref().map(ConversionJob::Expansion));
    jobs.extend(needs.iter().map(ConversionJob::Need));
    jobs
}

impl ConversionJob<'_> {
    /// The column this conversion reads.
    fn column_name(&self) -> &str {
        match *self {
            ConversionJob::Ids(name)
            | ConversionJob::Outcome(name)
            | ConversionJob::Segment(name)
            | ConversionJob::Dates(name)
            | ConversionJob::Value(name)
            | ConversionJob::Expansion(name) => name,
            ConversionJob::Need(need) => &need.column,
        }
    }

    /// Converts `column` (this job's, taken from the frame), dropping it when done.
    fn run(&self, column: Column, path: &Path) -> Result<Converted, DataError> {
        let column = &column;
        Ok(match *self {
            ConversionJob::Ids(_) => Converted::Ids(id_column(column, path)?),
            ConversionJob::Outcome(_) => Converted::Outcome(outcome_column(column, path)?),
            ConversionJob::Segment(_) => Converted::Segment(text_column(column, path)?),
            ConversionJob::Dates(_) => Converted::Dates(date_column(column, path)?),
            ConversionJob::Value(_) => Converted::Value(value_column(column, path)?),
            ConversionJob::Expansion(name) => {
                Converted::Expansion(name.to_string(), optional_outcome_column(column, path)?)
            }
            ConversionJob::Need(need) => match need.kind {
                ColumnKind::Numeric => Converted::Numeric(need.column.clone(), numeric_column(column, path)?),
                ColumnKind::Text => Converted::Text(need.column.clone(), text_column(column, path)?),
            },
        })
    }
}

/// The account value column: numbers on every row.
fn value_column(column: &Column, path: &Path) -> Result<Vec<f64>, DataError> {
    numeric_column(column, path)?
        .iter()
        .enumerate()
        .map(|(index, v)| {
            v.ok_or_else(|| DataError::MissingValue {
                path: path.to_path_buf(),
                column: column.name().to_string(),
                row: index + 1,
                role: "account value",
            })
        })
        .collect()
}
