//! The report's "Does the score find growth?" section (with `--expansion`): who expanded,
//! each candidate's expansion AUC with its interval and expansion rate per band, one
//! plain-words line per candidate, the comparisons on expansion, and per candidate the
//! chart of the expansion rate per band.

use serde::Serialize;

use super::ChartView;
use crate::present::outcomes::{expansion_population, expansion_table, growth_sentence, EXPANSION_AUC_NOTE};
use crate::present::Table;
use crate::validate::ValidationReport;

/// Everything the section shows.
#[derive(Debug, Clone, Serialize)]
pub struct GrowthView {
    pub lead: String,
    /// Per candidate: AUC, interval, expansion rate by band.
    pub table: Table,
    /// How to read the AUC.
    pub note: String,
    /// One plain-words line per candidate.
    pub lines: Vec<String>,
    /// The verdict of each comparison on expansion.
    pub comparisons: Vec<String>,
    /// Per candidate, the expansion rate per band (already drawn).
    pub charts: Vec<ChartView>,
}

/// The section, when the validation has an expansion outcome, with its `charts`.
pub fn growth(report: &ValidationReport, charts: Vec<ChartView>) -> Option<GrowthView> {
    let population = expansion_population(report)?;
    Some(GrowthView {
        lead: format!(
            "A health score should also point to the accounts that grow: {population}. Do accounts that expanded \
             score higher, and do healthier bands expand more?"
        ),
        table: expansion_table(report),
        note: EXPANSION_AUC_NOTE.to_string(),
        lines: report
            .scorecards
            .iter()
            .filter_map(|c| c.expansion.as_ref().map(|e| format!("{}.", growth_sentence(&c.name, e))))
            .collect(),
        comparisons: report
            .comparisons
            .iter()
            .filter_map(|c| c.expansion.as_ref().map(|e| format!("{}.", crate::format::capitalized(&e.verdict))))
            .collect(),
        charts,
    })
}
