//! The report's "Thresholds" section (`report --tune`): the first candidate's scoring rules
//! tuned from history, judged out of fold (the AUC line and the DeLong verdict), a table of
//! every measure's current and suggested rule, and one chart per measure with bins.

use serde::Serialize;

use super::ChartView;
use crate::format::{capitalized, number};
use crate::present::tune::{auc_line, sample_line};
use crate::present::{population, Table};
use crate::tune::{MeasureTune, TuneReport};

/// Everything the section shows; `note` alone when tuning was not possible.
#[derive(Debug, Clone, Serialize)]
pub struct ThresholdsView {
    /// What the section is, in one sentence.
    pub lead: String,
    /// Why no rules were tuned, when none were.
    pub note: Option<String>,
    /// AUC current, tuned out of fold and tuned in sample.
    pub auc: Option<String>,
    /// The DeLong verdict of tuned (out of fold) against current.
    pub verdict: Option<String>,
    /// Per measure: current rule, suggested rule, IV, stable, reason.
    pub measures: Option<Table>,
    /// One chart per measure with bins.
    pub charts: Vec<ChartView>,
    /// Measures without bins (their current rule is kept), each with its reason.
    pub without_chart: Vec<String>,
    /// The tune's own warnings (e.g. snapshots pooled in the weight fit).
    pub notes: Vec<String>,
}

/// A measure's name in the section, with its profile when the scorecard has several.
pub fn measure_label(tune: &TuneReport, measure: &MeasureTune) -> String {
    if several_profiles(tune) {
        format!("{}: {}", measure.profile, measure.name)
    } else {
        measure.name.clone()
    }
}

fn several_profiles(tune: &TuneReport) -> bool {
    tune.measures
        .iter()
        .any(|m| m.profile != tune.measures[0].profile)
}

/// The section for the tune of `scorecard` on rows of `accounts` distinct accounts, or its
/// note when tuning failed.
pub fn thresholds(
    scorecard: &str,
    accounts: usize,
    tune: Option<&TuneReport>,
    note: Option<&str>,
    charts: Vec<ChartView>,
) -> ThresholdsView {
    let lead = format!(
        "Each measure of '{scorecard}' with its scoring rule tuned from history: numbers binned so that churn \
         moves one way only, points from each bin's churn log-odds (riskiest bin 0, safest 100); categories scored \
         from their churn rates. Rules and weights are learnt on the training folds and judged on the held-out one."
    );
    let Some(tune) = tune else {
        return ThresholdsView {
            lead,
            note: Some(format!(
                "No thresholds were tuned: {}.",
                note.unwrap_or("tuning was not possible")
            )),
            auc: None,
            verdict: None,
            measures: None,
            charts,
            without_chart: Vec::new(),
            notes: Vec::new(),
        };
    };
    let churn_rate = tune.churned as f64 / tune.accounts.max(1) as f64;
    let lead = format!(
        "{lead} Tuned on {}, {}-fold cross-validation, seed {}.",
        population(tune.accounts, accounts, tune.churned, churn_rate),
        tune.folds,
        tune.seed
    );
    ThresholdsView {
        lead,
        note: None,
        auc: Some(match sample_line(tune) {
            Some(sample) => format!("{}. {sample}", auc_line(tune)),
            None => format!("{}.", auc_line(tune)),
        }),
        verdict: Some(format!("{}.", capitalized(&tune.comparison.verdict))),
        measures: Some(measure_table(tune)),
        charts,
        without_chart: tune
            .measures
            .iter()
            .filter(|m| m.bins.is_empty())
            .map(|m| format!("{}: {}", measure_label(tune, m), m.reason))
            .collect(),
        notes: tune.warnings.clone(),
    }
}

/// Measure, current rule, suggested rule, IV, stable, reason (and the profile first when
/// there are several); the rules and the reason are text.
fn measure_table(tune: &TuneReport) -> Table {
    let several = several_profiles(tune);
    let mut header = vec![
        "Measure",
        "Current rule",
        "Suggested rule",
        "IV",
        "Stable",
        "Reason",
    ];
    if several {
        header.insert(0, "Profile");
    }
    let rows = tune
        .measures
        .iter()
        .map(|m| {
            let suggested = if m.suggested_rule == m.current_rule {
                "(kept)".to_string()
            } else {
                m.suggested_rule.clone()
            };
            let stable = match m.stable {
                Some(true) => "yes",
                Some(false) => "no",
                None => "—",
            };
            let mut row = vec![
                m.name.clone(),
                m.current_rule.clone(),
                suggested,
                number(m.iv, 3),
                stable.to_string(),
                m.reason.clone(),
            ];
            if several {
                row.insert(0, m.profile.clone());
            }
            row
        })
        .collect();
    let first = usize::from(several);
    let table = Table {
        rows,
        ..Table::new(&header)
    };
    // The measure (after the profile), the rules and the reason.
    [0, 1, 2, 5]
        .iter()
        .map(|column| first + column)
        .filter(|&column| column > 0)
        .fold(table, |table, column| table.with_text_column(column))
}

#[cfg(test)]
mod tests {
    use super::thresholds;

    #[test]
    fn without_a_tune_the_section_says_why() {
        let view = thresholds("Current", 10, None, Some("too little data"), Vec::new());
        assert_eq!(
            view.note.as_deref(),
            Some("No thresholds were tuned: too little data.")
        );
        assert!(view.measures.is_none() && view.auc.is_none() && view.verdict.is_none());
        assert!(view.lead.contains("'Current'"));
    }
}
