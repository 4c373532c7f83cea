//! The one error type of the backtest module: why a history cannot be backtested.

use std::path::PathBuf;

use crate::data::DataError;
use crate::error::Fault;
use crate::scorecard::ApplyError;

/// Why a backtest could not be run; rows are 1-based data rows of the history file.
#[derive(Debug, thiserror::Error)]
pub enum BacktestError {
    /// The history was read, or a period of it re-read, and something in it is wrong.
    #[error(transparent)]
    Data(#[from] DataError),

    /// A scorecard could not score the accounts of a period.
    #[error(transparent)]
    Apply(#[from] ApplyError),

    /// No snapshot date column was named.
    #[error("backtest needs the snapshot date of every row, and no snapshot date column was named")]
    NoDateColumn,

    /// Every snapshot falls in the same period.
    #[error(
        "{}: every snapshot falls in {period} ({dates} snapshot date{}); backtest needs at least two {kind}s — \
         use `healthscore validate` for a single period, or shorter periods",
        path.display(),
        if *dates == 1 { "" } else { "s" }
    )]
    SinglePeriod {
        path: PathBuf,
        /// Label of the one period, e.g. `2025-Q1`.
        period: String,
        /// `month`, `quarter` or `year`.
        kind: &'static str,
        /// Distinct snapshot dates in it.
        dates: usize,
    },

    /// One account has two snapshots in the same period.
    #[error(
        "{}: row {row}: account '{}' has a second snapshot in {period} ({date}; the first, {first_date}, is on row \
         {first_row}); backtest needs at most one snapshot per account per {kind} — choose longer periods or keep \
         one snapshot per account per period",
        path.display(),
        id.escape_debug()
    )]
    DuplicateInPeriod {
        path: PathBuf,
        row: usize,
        first_row: usize,
        id: String,
        period: String,
        kind: &'static str,
        date: String,
        first_date: String,
    },

    /// An outcome date that is not an ISO date.
    #[error("{}: row {row}, column '{column}': expected an ISO date like 2025-03-31, found '{}'", path.display(), value.escape_debug())]
    BadOutcomeDate {
        path: PathBuf,
        row: usize,
        column: String,
        value: String,
    },

    /// An outcome (churn) date before the snapshot date of the same row.
    #[error(
        "{}: row {row}: account '{}' churned on {churn_date} (column '{column}'), before its snapshot date \
         {snapshot_date}; a snapshot must be taken before the churn it predicts",
        path.display(),
        id.escape_debug()
    )]
    ChurnBeforeSnapshot {
        path: PathBuf,
        row: usize,
        id: String,
        column: String,
        churn_date: String,
        snapshot_date: String,
    },

    /// The outcome date column is not among the loaded text columns.
    #[error("the outcome date column '{column}' was not loaded: load it as a text column (see backtest::outcome_date_need)")]
    OutcomeDateNotLoaded { column: String },

    /// The base period for stability is not a period of the history.
    #[error("base period {label}: no such period in the history; periods are: {available}")]
    UnknownBasePeriod { label: String, available: String },

    /// An option outside what is allowed.
    #[error("{option} must be {allowed}, got {value}")]
    BadOption {
        option: &'static str,
        value: String,
        allowed: &'static str,
    },

    /// Splitting the history into one temporary file per period failed (disk full, …).
    #[error("cannot split {} into periods in a temporary folder: {message}", path.display())]
    Spool { path: PathBuf, message: String },

    /// A temporary file the backtest keeps data in between periods could not be written
    /// or read (disk full, …).
    #[error("cannot keep the {what} in a temporary file: {message}")]
    TemporaryFile { what: &'static str, message: String },
}

impl Fault for BacktestError {
    /// The history, the scorecards and the options are the user's; the temporary files the
    /// backtest keeps between periods are the machine's.
    fn is_input(&self) -> bool {
        match self {
            BacktestError::Data(error) => error.is_input(),
            BacktestError::Apply(error) => error.is_input(),
            BacktestError::Spool { .. } | BacktestError::TemporaryFile { .. } => false,
            BacktestError::NoDateColumn
            | BacktestError::SinglePeriod { .. }
            | BacktestError::DuplicateInPeriod { .. }
            | BacktestError::BadOutcomeDate { .. }
            | BacktestError::ChurnBeforeSnapshot { .. }
            | BacktestError::OutcomeDateNotLoaded { .. }
            | BacktestError::UnknownBasePeriod { .. }
            | BacktestError::BadOption { .. } => true,
        }
    }
}

/// The error for a failure of the temporary file holding `what`.
pub(super) fn temporary_file(what: &'static str) -> impl Fn(std::io::Error) -> BacktestError {
    move |error| BacktestError::TemporaryFile {
        what,
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_period_suggests_validate() {
        let error = BacktestError::SinglePeriod {
            path: "h.csv".into(),
            period: "2025-Q1".into(),
            kind: "quarter",
            dates: 1,
        };
        assert_eq!(
            error.to_string(),
            "h.csv: every snapshot falls in 2025-Q1 (1 snapshot date); backtest needs at least two quarters — \
             use `healthscore validate` for a single period, or shorter periods"
        );
        assert!(error.is_input());
    }

    #[test]
    fn duplicate_names_account_period_and_both_rows() {
        let error = BacktestError::DuplicateInPeriod {
            path: "h.csv".into(),
            row: 7,
            first_row: 2,
            id: "A-1".into(),
            period: "2025-Q1".into(),
            kind: "quarter",
            date: "2025-02-01".into(),
            first_date: "2025-01-01".into(),
        };
        let text = error.to_string();
        assert!(
            text.starts_with("h.csv: row 7: account 'A-1' has a second snapshot in 2025-Q1"),
            "{text}"
        );
        assert!(text.contains("row 2"), "{text}");
    }

    #[test]
    fn spooling_failures_are_not_input_errors() {
        let error = BacktestError::Spool {
            path: "h.csv".into(),
            message: "disk full".into(),
        };
        assert!(!error.is_input());
        assert!(matches!(error, BacktestError::Spool { .. }));
    }

    #[test]
    fn churn_before_snapshot_names_the_row() {
        let error = BacktestError::ChurnBeforeSnapshot {
            path: "h.csv".into(),
            row: 3,
            id: "A-2".into(),
            column: "churn_date".into(),
            churn_date: "2024-12-01".into(),
            snapshot_date: "2025-01-01".into(),
        };
        assert!(error
            .to_string()
            .starts_with("h.csv: row 3: account 'A-2' churned on 2024-12-01"));
    }
}
