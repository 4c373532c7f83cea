//! Errors in history files, each naming the file and the row or column at fault.

use std::path::PathBuf;

use crate::error::Fault;

/// A history file that cannot be used; rows are 1-based data rows (the header is not counted).
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{}: no such file", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: expected a .csv or .parquet file", path.display())]
    UnsupportedFormat { path: PathBuf },
    #[error("{}: the file is empty (expected a header row and at least one account)", path.display())]
    Empty { path: PathBuf },
    #[error("{}: cannot read as {format}: {message}", path.display())]
    Unreadable {
        path: PathBuf,
        format: &'static str,
        message: String,
    },
    #[error("{}: cannot write: {message}", path.display())]
    Write { path: PathBuf, message: String },
    #[error("{}: no column '{column}' (needed by {needed_by}){}; columns are: {available}", path.display(), suggestion.as_ref().map(|s| format!("; did you mean '{s}'?")).unwrap_or_default())]
    MissingColumn {
        path: PathBuf,
        column: String,
        needed_by: String,
        suggestion: Option<String>,
        available: String,
    },
    #[error("{}: row {row}, column '{column}': expected a number, found '{}'", path.display(), value.escape_debug())]
    NotANumber {
        path: PathBuf,
        column: String,
        row: usize,
        value: String,
    },
    #[error("{}: row {row}, column '{column}': {value} is not a finite number", path.display())]
    NonFinite {
        path: PathBuf,
        column: String,
        row: usize,
        value: f64,
    },
    #[error("{}: row {row}, column '{column}': outcome '{}' is not one of 1/0, true/false, yes/no, churned/retained", path.display(), value.escape_debug())]
    BadOutcome {
        path: PathBuf,
        column: String,
        row: usize,
        value: String,
    },
    #[error("{}: column '{column}' is the churn outcome; the expansion outcome must be another column", path.display())]
    ExpansionIsOutcome { path: PathBuf, column: String },
    #[error("{}: row {row}, column '{column}': the {role} is missing", path.display())]
    MissingValue {
        path: PathBuf,
        column: String,
        row: usize,
        role: &'static str,
    },
    #[error("{}: row {row}, column '{column}': expected an ISO date like 2025-03-31, found '{}'", path.display(), value.escape_debug())]
    BadDate {
        path: PathBuf,
        column: String,
        row: usize,
        value: String,
    },
    #[error("{}: row {row}: account '{}' appears twice{}", path.display(), id.escape_debug(), snapshot.as_ref().map(|d| format!(" in snapshot {d}")).unwrap_or_else(|| " (several snapshots per account? name the snapshot date column)".to_string()))]
    DuplicateAccount {
        path: PathBuf,
        row: usize,
        id: String,
        snapshot: Option<String>,
    },
}

impl Fault for DataError {
    /// Every problem with a history file, reading or writing it, is the user's to fix (a
    /// wrong path, format or value, or an output path that cannot be written).
    fn is_input(&self) -> bool {
        match self {
            DataError::NotFound { .. }
            | DataError::UnsupportedFormat { .. }
            | DataError::Empty { .. }
            | DataError::Unreadable { .. }
            | DataError::Write { .. }
            | DataError::MissingColumn { .. }
            | DataError::NotANumber { .. }
            | DataError::NonFinite { .. }
            | DataError::BadOutcome { .. }
            | DataError::ExpansionIsOutcome { .. }
            | DataError::MissingValue { .. }
            | DataError::BadDate { .. }
            | DataError::DuplicateAccount { .. } => true,
        }
    }
}
