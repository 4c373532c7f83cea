//! The timeline of a history file, read straight from its id, outcome, date and outcome
//! date columns.
//!
//! This reads the same cells with the same rules and error messages as
//! [`load_history`](crate::data::load_history) (which it also asks to name a missing
//! column), but keeps only an account number per row: a `History` of every row would hold an
//! owned id string per row and hash every (id, date) pair, several hundred megabytes at 8
//! million rows, which is what reading period by period is meant to avoid.

use std::path::Path;

use polars::prelude::{Column, DataType, PolarsError, StringChunked};

use super::timeline::{account_numbers, churn_days, Timeline, TimelineInput};
use super::{outcome_date_need, BacktestError, BacktestOptions};
use crate::data::{
    date_column, file_columns, load_history, outcome_column, read_frame, ColumnRoles, DataError,
};
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
    let mut frame = read_frame(path, &columns, &as_text)?;
    // each column is taken out of the frame once converted (unless a role converted later
    // reads it too), so the frame shrinks as the timeline grows; checked in the loader's
    // order, so the same first error is reported
    let outcome_date = options.outcome_date.as_deref();
    let order: Vec<&str> = [roles.id.as_str(), roles.outcome.as_str(), date]
        .into_iter()
        .chain(outcome_date)
        .collect();
    let mut take = |name: &str| -> Result<Column, DataError> {
        let column = frame.column(name).map_err(|e| unreadable(path, e))?.clone();
        let position = order.iter().position(|n| *n == name).unwrap_or(order.len());
        if !order[position + 1..].contains(&name) {
            frame.drop_in_place(name).map_err(|e| unreadable(path, e))?;
        }
        Ok(column)
    };
    let ids = text(&take(&roles.id)?, path)?;
    let ids = ids.str().map_err(|e| unreadable(path, e))?;
    check_ids(ids, &roles.id, path)?;
    let churned = outcome_column(&take(&roles.outcome)?, path)?;
    let dates = date_column(&take(date)?, path)?;
    let churn = match outcome_date {
        None => None,
        Some(column) => {
            let values = text(&take(column)?, path)?;
            let cells = values.str().map_err(|e| unreadable(path, e))?;
            Some((column, churn_days(cells.iter(), path, column)?))
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
