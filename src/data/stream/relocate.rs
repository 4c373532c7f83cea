//! Errors found in some rows of a history read on their own (a slice, or a period's file),
//! renamed to the rows and file of the whole history: a row number in such an error counts
//! the part's rows, and the caller knows which history row each of them is.

use std::path::Path;

use crate::data::DataError;

/// The history row (1-based) of the period's 1-based `row`.
fn history_row(rows: &[u32], row: usize) -> usize {
    row.checked_sub(1)
        .and_then(|i| rows.get(i))
        .map_or(row, |&r| r as usize + 1)
}

/// `error` from reading a period's own file, naming `source` and history rows.
pub fn in_history_rows(error: DataError, rows: &[u32], source: &Path) -> DataError {
    let path = source.to_path_buf();
    let at = |row: usize| history_row(rows, row);
    match error {
        DataError::NotANumber {
            column, row, value, ..
        } => DataError::NotANumber {
            path,
            column,
            row: at(row),
            value,
        },
        DataError::NonFinite {
            column, row, value, ..
        } => DataError::NonFinite {
            path,
            column,
            row: at(row),
            value,
        },
        DataError::BadOutcome {
            column, row, value, ..
        } => DataError::BadOutcome {
            path,
            column,
            row: at(row),
            value,
        },
        DataError::MissingValue {
            column, row, role, ..
        } => DataError::MissingValue {
            path,
            column,
            row: at(row),
            role,
        },
        DataError::BadDate {
            column, row, value, ..
        } => DataError::BadDate {
            path,
            column,
            row: at(row),
            value,
        },
        DataError::DuplicateAccount {
            row, id, snapshot, ..
        } => DataError::DuplicateAccount {
            path,
            row: at(row),
            id,
            snapshot,
        },
        DataError::MissingColumn {
            column,
            needed_by,
            suggestion,
            available,
            ..
        } => DataError::MissingColumn {
            path,
            column,
            needed_by,
            suggestion,
            available,
        },
        DataError::Unreadable { format, message, .. } => DataError::Unreadable {
            path,
            format,
            message,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_paths_point_into_the_history_file() {
        let error = DataError::NotANumber {
            path: "period-3.csv".into(),
            column: "x".into(),
            row: 2,
            value: "abc".into(),
        };
        let moved = in_history_rows(error, &[10, 40, 70], Path::new("h.csv"));
        assert!(
            matches!(moved, DataError::NotANumber { row: 41, ref path, .. } if path == Path::new("h.csv"))
        );
    }
}
