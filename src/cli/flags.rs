//! Flag names at the edge: library messages speak of columns, files and periods; here the
//! command line says which flag sets them (`--date`, `--outcome`, `--period`, …).

use super::Failure;
use crate::backtest::BacktestError;
use crate::data::{likely_date_column, DataError};
use crate::fit::FitError;
use crate::report::ReportError;
use crate::scorecard::ApplyError;
use crate::tune::TuneError;
use crate::validate::ValidateError;

/// The failure, worded with the flags that fix it where the library error names a role,
/// a period or a base period; any other failure as it is.
pub(super) fn name_flags(failure: Failure) -> Failure {
    match with_flags(failure.error()) {
        Some(message) => failure.reworded(message),
        None => failure,
    }
}

fn with_flags(error: &anyhow::Error) -> Option<String> {
    if let Some(error) = data_error(error) {
        return data_with_flags(error);
    }
    if let Some(ApplyError::NoDateColumn { measure }) = apply_error(error) {
        return Some(format!(
            "measure '{measure}' reads a change since the previous snapshot, which needs the snapshot date of \
             every row: name its column with --date (e.g. --date snapshot_date)"
        ));
    }
    if let Some(FitError::BadOption {
        option,
        value,
        allowed,
    }) = error.downcast_ref::<FitError>()
    {
        return option_with_flag(option, value, allowed);
    }
    if let Some(TuneError::BadOption {
        option,
        value,
        allowed,
    }) = error.downcast_ref::<TuneError>()
    {
        return option_with_flag(option, value, allowed);
    }
    if let Some(ValidateError::BadOption {
        option,
        value,
        allowed,
    }) = error.downcast_ref::<ValidateError>()
    {
        return option_with_flag(option, value, allowed);
    }
    match error.downcast_ref::<BacktestError>()? {
        BacktestError::BadOption { option, value, allowed } => option_with_flag(option, value, allowed),
        BacktestError::NoDateColumn => Some(
            "backtest needs the snapshot date of every row: name its column with --date (e.g. --date snapshot_date)"
                .to_string(),
        ),
        BacktestError::UnknownBasePeriod { label, available } => Some(format!(
            "--base {label}: no such period in the history; periods are: {available}"
        )),
        error @ BacktestError::SinglePeriod { .. } => {
            Some(error.to_string().replace("or shorter periods", "or a shorter --period"))
        }
        error @ BacktestError::DuplicateInPeriod { .. } => {
            Some(error.to_string().replace("choose longer periods", "choose a longer --period"))
        }
        _ => None,
    }
}

/// The flag that sets an option the library names in words.
fn option_flag(option: &str) -> Option<&'static str> {
    match option {
        "the cross-validation folds" => Some("--folds"),
        "the churned and retained accounts a period needs" => Some("--min-class"),
        "the PSI bins" => Some("--psi-bins"),
        "the training rows per period" => Some("--fit-rows"),
        "the bins per measure" => Some("--max-bins"),
        "the smallest bin's share of accounts" => Some("--min-bin-share"),
        "the review capacities" => Some("--capacity"),
        _ => None,
    }
}

/// "--folds must be between 2 and 50, got 1" for an option that has a flag.
fn option_with_flag(option: &str, value: &str, allowed: &str) -> Option<String> {
    let flag = option_flag(option)?;
    Some(format!("{flag} must be {allowed}, got {value}"))
}

/// The scoring error in `error`, also inside the commands' own errors.
fn apply_error(error: &anyhow::Error) -> Option<&ApplyError> {
    if let Some(error) = error.downcast_ref::<ApplyError>() {
        return Some(error);
    }
    match (
        error.downcast_ref::<BacktestError>(),
        error.downcast_ref::<FitError>(),
        error.downcast_ref::<TuneError>(),
    ) {
        (Some(BacktestError::Apply(error)), _, _)
        | (_, Some(FitError::Apply(error)), _)
        | (_, _, Some(TuneError::Apply(error))) => Some(error),
        _ => None,
    }
}

/// The history error in `error`, also inside the commands' own errors.
fn data_error(error: &anyhow::Error) -> Option<&DataError> {
    if let Some(error) = error.downcast_ref::<DataError>() {
        return Some(error);
    }
    match error.downcast_ref::<BacktestError>() {
        Some(BacktestError::Data(error)) => return Some(error),
        Some(_) => return None,
        None => {}
    }
    match error.downcast_ref::<ReportError>()? {
        ReportError::Data(error) => Some(error),
        _ => None,
    }
}

/// The flag that names the column a role of the history is read from.
fn role_flag(role: &str) -> Option<&'static str> {
    match role {
        "the account id" => Some("--id"),
        "the outcome" => Some("--outcome"),
        "the segment" => Some("--segment"),
        "the snapshot date" => Some("--date"),
        "the account value" => Some("--value"),
        "the expansion outcome" => Some("--expansion"),
        "the outcome date" => Some("--outcome-date"),
        _ => None,
    }
}

fn data_with_flags(error: &DataError) -> Option<String> {
    match error {
        DataError::MissingColumn {
            path,
            column,
            needed_by,
            suggestion,
            available,
        } => {
            let flag = role_flag(needed_by)?;
            let reworded = DataError::MissingColumn {
                path: path.clone(),
                column: column.clone(),
                needed_by: format!("{needed_by}, {flag}"),
                suggestion: suggestion.clone(),
                available: available.clone(),
            };
            Some(reworded.to_string())
        }
        DataError::ExpansionIsOutcome { path, column } => Some(format!(
            "{}: --expansion {column} names the churn outcome column (--outcome); the expansion outcome must be another column",
            path.display()
        )),
        DataError::DuplicateAccount {
            path,
            row,
            id,
            snapshot: None,
        } => {
            let hint = match likely_date_column(path, &[]) {
                Some(column) => format!("add --date {column}"),
                None => "name the date column with --date".to_string(),
            };
            Some(format!(
                "{}: row {row}: account '{}' appears twice (several snapshots per account? {hint})",
                path.display(),
                id.escape_debug()
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn worded(error: impl Into<Failure>) -> String {
        format!("{:#}", name_flags(error.into()))
    }

    #[test]
    fn a_missing_role_column_names_its_flag() {
        let error = DataError::MissingColumn {
            path: "h.csv".into(),
            column: "churn".into(),
            needed_by: "the outcome".into(),
            suggestion: None,
            available: "account_id, churned".into(),
        };
        assert_eq!(
            error.to_string(),
            "h.csv: no column 'churn' (needed by the outcome); columns are: account_id, churned"
        );
        assert_eq!(
            worded(BacktestError::Data(error)),
            "h.csv: no column 'churn' (needed by the outcome, --outcome); columns are: account_id, churned"
        );
    }

    #[test]
    fn a_missing_measure_column_is_worded_by_the_library() {
        let error = DataError::MissingColumn {
            path: "h.csv".into(),
            column: "seats".into(),
            needed_by: "measure 'Seats'".into(),
            suggestion: None,
            available: "account_id".into(),
        };
        let library = error.to_string();
        assert_eq!(worded(error), library);
    }

    #[test]
    fn repeated_ids_suggest_the_likely_date_column() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("h.csv");
        std::fs::write(
            &path,
            "account_id,snapshot_date,churned\nA,2025-01-01,0\nA,2025-04-01,1\n",
        )
        .expect("write");
        let error = DataError::DuplicateAccount {
            path: path.clone(),
            row: 2,
            id: "A".into(),
            snapshot: None,
        };
        assert_eq!(
            worded(error),
            format!(
                "{}: row 2: account 'A' appears twice (several snapshots per account? add --date snapshot_date)",
                path.display()
            )
        );
    }

    #[test]
    fn backtest_periods_name_their_flags() {
        assert_eq!(
            worded(BacktestError::NoDateColumn),
            "backtest needs the snapshot date of every row: name its column with --date (e.g. --date snapshot_date)"
        );
        assert_eq!(
            worded(BacktestError::UnknownBasePeriod {
                label: "2024-Q4".into(),
                available: "2025-Q1".into()
            }),
            "--base 2024-Q4: no such period in the history; periods are: 2025-Q1"
        );
        let single = BacktestError::SinglePeriod {
            path: "h.csv".into(),
            period: "2025-Q1".into(),
            kind: "quarter",
            dates: 2,
        };
        assert!(single.to_string().ends_with("or shorter periods"));
        assert!(worded(single).ends_with("or a shorter --period"));
    }

    #[test]
    fn options_named_in_words_get_their_flags() {
        let folds = FitError::BadOption {
            option: "the cross-validation folds",
            value: "1".into(),
            allowed: "between 2 and 50",
        };
        assert_eq!(
            folds.to_string(),
            "the cross-validation folds must be between 2 and 50, got 1"
        );
        assert_eq!(worded(folds), "--folds must be between 2 and 50, got 1");
        let bins = BacktestError::BadOption {
            option: "the PSI bins",
            value: "1".into(),
            allowed: "at least 2",
        };
        assert_eq!(worded(bins), "--psi-bins must be at least 2, got 1");
        let unflagged = FitError::BadOption {
            option: "confidence",
            value: "2".into(),
            allowed: "strictly between 0 and 1",
        };
        assert_eq!(
            worded(unflagged),
            "confidence must be strictly between 0 and 1, got 2"
        );
    }
}
