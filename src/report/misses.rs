//! The chart of the "Where the score missed" section: the cumulative gains curve of every
//! candidate, read off the ROC points validate already has.

use super::charts::gains::{GainsChart, GainsCurve};
use super::charts::{Chart, CANDIDATE_COLORS};
use crate::metrics::gains::cumulative_gains;
use crate::validate::ValidationReport;

/// The gains chart with its caption; none when no candidate has a ROC curve (one class only).
pub fn gains_chart(report: &ValidationReport) -> Vec<(Chart, String)> {
    let curves: Vec<GainsCurve> = report
        .scorecards
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.roc.is_empty())
        .map(|(i, c)| {
            let d = &c.discrimination;
            let roc: Vec<(f64, f64)> = c
                .roc
                .iter()
                .map(|p| (p.false_alarm_rate, p.churn_caught_rate))
                .collect();
            GainsCurve {
                name: c.name.clone(),
                color: CANDIDATE_COLORS[i % CANDIDATE_COLORS.len()].to_string(),
                points: cumulative_gains(&roc, d.churned, d.accounts - d.churned.min(d.accounts)),
            }
        })
        .collect();
    if curves.is_empty() {
        return Vec::new();
    }
    vec![(
        Chart::Gains(GainsChart { curves }),
        "If a team reviews the lowest-scored accounts first, each curve shows the share of churned accounts it \
         would reach (up) for the share of accounts it reviews (across). Higher and further left is better; the \
         diagonal is reviewing accounts at random."
            .to_string(),
    )]
}
