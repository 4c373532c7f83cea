//! The report's "Does the trend matter?" section: churn by how each candidate's score moved
//! since the previous snapshot (falling a lot, falling, steady, rising), and each trend
//! verdict.

use serde::Serialize;

use super::{cells, table};
use crate::data::History;
use crate::format::{count, p_cell, percent};
use crate::present::Table;
use crate::trend::{churn_by_change, SnapshotPairs};
use crate::validate::{Candidate, ValidationReport};

/// The section, when the candidates were trend-tested (the history has snapshot dates).
#[derive(Debug, Clone, Serialize)]
pub struct TrendView {
    pub lead: String,
    /// One row a candidate: churn rate (snapshots) per change group, and the test's p.
    pub table: Table,
    /// Each candidate's verdict, "'Name': …".
    pub verdicts: Vec<String>,
}

/// The section from `report`'s trend tests and the candidates' scores on `history`; `None`
/// without trend tests or dates.
pub fn trend(report: &ValidationReport, history: &History, candidates: &[Candidate]) -> Option<TrendView> {
    let previous = history.previous_snapshots()?;
    report.scorecards.iter().find(|c| c.trend.is_some())?;
    let header = cells(&[
        "Scorecard",
        "Fell 10+ points",
        "Fell 2 to 10",
        "Within 2 points",
        "Rose 2+",
        "Change adds to the score? (p)",
    ]);
    let mut rows = Vec::new();
    let mut verdicts = Vec::new();
    for (candidate, row) in candidates.iter().zip(&report.scorecards) {
        let Some(test) = &row.trend else {
            continue;
        };
        let pairs = SnapshotPairs::new(previous, &history.churned, &candidate.scored.scores);
        let mut cells_of_row = vec![row.name.clone()];
        for group in churn_by_change(&pairs, report.confidence) {
            cells_of_row.push(format!(
                "{} ({})",
                percent(group.churn.churn_rate),
                count(group.churn.accounts)
            ));
        }
        cells_of_row.push(test.p_value.map_or_else(|| "—".to_string(), p_cell));
        rows.push(cells_of_row);
        verdicts.push(format!("'{}': {}.", row.name, test.verdict));
    }
    Some(TrendView {
        lead: "Churn rate of the snapshots that have a previous snapshot of the same account, by how the score \
               moved since then (snapshots in brackets), and whether the change adds to the score itself (Wald test \
               of the change in a logistic model of churn on score and change)."
            .to_string(),
        table: table(header, rows),
        verdicts,
    })
}
