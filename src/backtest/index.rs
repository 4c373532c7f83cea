//! The timeline of a history file, read straight from its id, outcome, date and outcome
//! date columns.
//!
//! This reads the same cells with the same rules and error messages as
//! [`load_history`](crate::data::load_history) (which it also asks to name a missing
//! column), but keeps only an account number per row: a `History` of every row would hold an
//! owned id string per row and hash every (id, date) pair, several hundred megabytes at 8
//! million rows, which is what reading period by period is meant to avoid.

use std::path::Path;

use polars::prelude::{Column, DataFrame, DataType, PolarsError, StringChunked};

use super::timeline::{account_numbers, churn_days, Timeline, TimelineInput};
use super::{outcome_date_need, BacktestError, BacktestOptions};
use crate::data::dates::parse_iso_date;
use crate::data::{file_columns, load_history, parse_outcome, read_frame, ColumnRoles, DataError};
use crate::scorecard::ColumnNeed;

/// Reads the timeline of the history at `path`. Every column the backtest will read
/// (`roles`, `needs` and the outcome date) must exist, else the loader's error names it.
pub fn read_timeline(
    path: &Path,
    roles: &ColumnRoles,
    date: &str,
    needs: &[ColumnNeed],
    options: &BacktestOptions,
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
    let mut columns = vec![roles.id.clone(), roles.outcome.clone(), date.to_string()];
    let mut as_text = vec![roles.id.clone(), date.to_string()];
    if let Some(column) = &options.outcome_date {
        columns.push(column.clone());
        as_text.push(column.clone());
    }
    columns.dedup();
    let frame = read_frame(path, &columns, &as_text)?;
    let ids = text(&frame, &roles.id, path)?;
    let ids = ids.str().map_err(|e| unreadable(path, e))?;
    check_ids(ids, &roles.id, path)?;
    let churned = outcome_flags(&frame, &roles.outcome, path)?;
    let dates = snapshot_dates(&frame, date, path)?;
    let churn = match &options.outcome_date {
        None => None,
        Some(column) => {
            let values = text(&frame, column, path)?;
            let cells = values.str().map_err(|e| unreadable(path, e))?;
            Some((column.as_str(), churn_days(cells.iter(), path, column)?))
        }
    };
    let input = TimelineInput {
        source: path,
        accounts: account_numbers(ids.iter().map(Option::unwrap_or_default)),
        id: &|row| ids.get(row).unwrap_or_default().to_string(),
        dates,
        churned: &churned,
        churn_dates: churn.as_ref().map(|(column, days)| (*column, days.as_slice())),
    };
    Timeline::new(input, options.period)
}

fn unreadable(path: &Path, error: PolarsError) -> DataError {
    DataError::Unreadable {
        path: path.to_path_buf(),
        format: "columns",
        message: error.to_string(),
    }
}

/// A column as text (a no-op for text columns).
fn text(frame: &DataFrame, name: &str, path: &Path) -> Result<Column, DataError> {
    let column = frame.column(name).map_err(|e| unreadable(path, e))?;
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

/// The outcome of every row: 1/0, true/false, yes/no or churned/retained, any case.
fn outcome_flags(frame: &DataFrame, name: &str, path: &Path) -> Result<Vec<bool>, DataError> {
    let values = text(frame, name, path)?;
    let cells = values.str().map_err(|e| unreadable(path, e))?;
    cells
        .iter()
        .enumerate()
        .map(|(index, cell)| {
            let row = index + 1;
            let cell = cell.map(str::trim).filter(|v| !v.is_empty());
            let cell = cell.ok_or_else(|| DataError::MissingValue {
                path: path.to_path_buf(),
                column: name.to_string(),
                row,
                role: "outcome",
            })?;
            parse_outcome(cell).ok_or_else(|| DataError::BadOutcome {
                path: path.to_path_buf(),
                column: name.to_string(),
                row,
                value: cell.to_string(),
            })
        })
        .collect()
}

/// The snapshot date of every row: an ISO date or datetime.
fn snapshot_dates(frame: &DataFrame, name: &str, path: &Path) -> Result<Vec<i32>, DataError> {
    let values = text(frame, name, path)?;
    let cells = values.str().map_err(|e| unreadable(path, e))?;
    cells
        .iter()
        .enumerate()
        .map(|(index, cell)| {
            let cell = cell.unwrap_or("");
            parse_iso_date(cell).ok_or_else(|| DataError::BadDate {
                path: path.to_path_buf(),
                column: name.to_string(),
                row: index + 1,
                value: cell.to_string(),
            })
        })
        .collect()
}
