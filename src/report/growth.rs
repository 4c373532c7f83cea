//! The charts of the "Does the score find growth?" section (`--expansion`): per candidate,
//! the expansion rate per band with its Wilson interval, drawn by the band chart of the
//! churn rates ([`BandChart`] with [`BandOutcome::Expansion`]).

use super::charts::bands::BandBar;
use super::charts::{BandChart, BandOutcome, Chart};
use super::slug;
use crate::validate::ValidationReport;

/// One chart per candidate with expansion figures, in command-line order, with its
/// caption; none without an expansion outcome.
pub fn expansion_charts(report: &ValidationReport) -> Vec<(Chart, String)> {
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
                    accounts: band.accounts,
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
