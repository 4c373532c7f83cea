//! The suggested scorecard: the input file with the report's suggested weights (and its
//! written cutoffs, when `--cutoffs` was given), under a header saying when, from what data
//! and with which out-of-fold AUC it was fitted. The file editing itself is
//! [`crate::scorecard::write`].

use std::path::PathBuf;

use super::error::FitError;
use super::report::FitReport;
use crate::format::format_p;
use crate::scorecard::write::{rewrite_scorecard, NewWeights, Rewrite};
use crate::scorecard::{Profile, Scorecard};

/// Facts for the header that the report does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteHeader {
    /// The day of the fit, ISO (e.g. `2025-06-30`).
    pub date: String,
    /// The history file, as the user named it.
    pub data: String,
}

/// The suggested scorecard as TOML text: `original` (the text `scorecard` was read from)
/// with the report's suggested weights, and its written cutoffs when `--cutoffs` was given.
///
/// Errors: [`FitError::Layout`] when the file cannot be edited in place (e.g. a measure to
/// drop is written as an inline table) or does not read back as intended.
pub fn suggested_scorecard(
    original: &str,
    scorecard: &Scorecard,
    report: &FitReport,
    header: &WriteHeader,
) -> Result<String, FitError> {
    let why_dropped = |profile: &Profile, name: &str| {
        report
            .measures
            .iter()
            .find(|m| m.profile == profile.name && m.name == name)
            .and_then(|m| m.reason.clone())
            .unwrap_or_else(|| "its suggested weight is 0".to_string())
    };
    let rewrite = Rewrite {
        header: header_lines(report, header),
        weights: report
            .suggested
            .iter()
            .map(|w| NewWeights {
                measures: &w.measures,
                groups: &w.groups,
            })
            .collect(),
        why_dropped: &why_dropped,
        cutoffs: report.written_cutoffs(),
    };
    rewrite_scorecard(original, scorecard, &rewrite).map_err(|error| FitError::Layout {
        path: scorecard
            .source
            .clone()
            .unwrap_or_else(|| PathBuf::from("scorecard")),
        message: error.message,
    })
}

/// The header: date and data, accounts, folds and seed, out-of-fold AUCs.
fn header_lines(report: &FitReport, header: &WriteHeader) -> Vec<String> {
    let auc = |value: Option<f64>| value.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"));
    let p = report
        .comparison
        .p_value
        .map_or_else(|| "p n/a".to_string(), format_p);
    vec![
        format!("suggested weights fitted on {} from {}", header.date, header.data),
        format!(
            "({} accounts, {} churned; {}-fold cross-validation, seed {});",
            report.accounts, report.churned, report.folds, report.seed
        ),
        format!(
            "out-of-fold AUC {} vs {} for the current weights (DeLong {p}).",
            auc(report.auc_suggested_oof),
            auc(report.auc_current)
        ),
        "only weights (and band cutoffs) differ from the input; dropped tables are commented out."
            .to_string(),
    ]
}
