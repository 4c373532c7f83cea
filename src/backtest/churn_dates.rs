//! The outcome (churn) date column's cells as days: the lead-time view's input.

use std::path::Path;

use super::BacktestError;
use crate::data::dates::parse_iso_date;
use crate::data::MISSING_MARKERS;

/// Each row's churn date from the text of an outcome date column (`None` = missing: empty
/// or a missing marker such as `NA`); the first cell that is not an ISO date is an error
/// naming its row and value.
pub fn churn_days<'a>(
    cells: impl Iterator<Item = Option<&'a str>>,
    source: &Path,
    column: &str,
) -> Result<Vec<Option<i32>>, BacktestError> {
    cells
        .enumerate()
        .map(
            |(row, cell)| match cell.map(str::trim).filter(|t| !MISSING_MARKERS.contains(t)) {
                None => Ok(None),
                Some(text) => parse_iso_date(text)
                    .map(Some)
                    .ok_or_else(|| BacktestError::BadOutcomeDate {
                        path: source.to_path_buf(),
                        row: row + 1,
                        column: column.to_string(),
                        value: text.to_string(),
                    }),
            },
        )
        .collect()
}
