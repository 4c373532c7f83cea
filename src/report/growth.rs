//! The charts of the "Does the score find growth?" section (`--expansion`): per candidate,
//! the expansion rate per band with its Wilson interval, drawn by the band chart of the
//! churn rates ([`BandChart`] with [`BandOutcome::Expansion`]).

use super::charts::bands::BandBar;
use super::charts::{BandChart, BandOutcome, Chart};
use super::slug;
use crate::data::History;
use crate::present::outcomes::{band_size, row_unit};
use crate::validate::ValidationReport;

/// One chart per candidate with expansion figures, in command-line order, with its
/// caption; none without an expansion outcome. Band sizes count snapshots when `history`
/// pools several per account.
pub fn expansion_charts(report: &ValidationReport, history: &History) -> Vec<(Chart, String)> {
    if report.scorecards.iter().all(|c| c.expansion.is_none()) {
        return Vec::new();
    }
    let unit = row_unit(report.accounts, history.distinct_accounts());
    report
        .scorecards
        .iter()
        .enumerate()
        .filter_map(|(i, candidate)| {
            let expansion = candidate.expansion.as_ref()?;
            let bands = expansion
                .bands
                .iter()
                .zip(&candidate.bands)
                .map(|(band, churn)| BandBar {
                    name: band.name.clone(),
                    color: churn.color.clone(),
                    details: vec![band_size(band.accounts, unit)],
                    rate: band.rate,
                    interval: band.rate_ci,
                })
                .collect();
            let chart = BandChart {
                candidate: candidate.name.clone(),
                slug: slug(i, &candidate.name),
                outcome: BandOutcome::Expansion {
                    column: expansion.column.clone(),
                },
                bands,
                overall_rate: expansion.rate,
                rows: unit.to_string(),
            };
            let caption = format!(
                "Expansion rate ('{}') per band of '{}', with 95% Wilson intervals. A score that finds growth has \
                 rates rising from the worst band to the best.",
                expansion.column, candidate.name
            );
            Some((Chart::Bands(chart), caption))
        })
        .collect()
}
