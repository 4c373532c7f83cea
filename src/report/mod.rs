//! The comparison report for quarterly reviews: one folder with `index.html` (self-contained,
//! inline SVG charts), `summary.md`, `results.json`, `charts/*.png` and `scored.parquet`;
//! with `--tune`, a "Thresholds" section for the first candidate ([`threshold_charts`]);
//! the "Where the score missed" section with its gains chart ([`gains_chart`]); with
//! `--expansion`, the "Does the score find growth?" section with its charts
//! ([`expansion_charts`]).
//!
//! The folder is written whole or not at all: everything goes into a temporary folder
//! beside it, which then replaces the old report.

pub mod charts;
mod files;
mod growth;
mod misses;
mod thresholds;

pub use crate::present::report as view;
pub use crate::present::{html, markdown};

use std::path::PathBuf;

use serde::Serialize;

use crate::backtest::BacktestReport;
use crate::data::{History, ParquetCompression};
use crate::fit::FitReport;
use crate::present::outcomes::{band_chart_details, row_unit};
use crate::present::{population, Table};
use crate::tune::TuneReport;
use crate::validate::{Candidate, ValidationReport};
use charts::{
    BandChart, CalibrationChart, Chart, DecileChart, DistributionChart, MeasureAucChart, RocChart,
    WeightsChart, CANDIDATE_COLORS,
};
use charts::{PeriodChart, PeriodMeasure};
pub use files::{check_output_folder, write_report, ReportError};
pub use growth::expansion_charts;
pub use misses::gains_chart;
pub use thresholds::threshold_charts;
use view::{ChartView, ReportView};

/// An input file and its SHA-256, for the "how to reproduce" section.
#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    pub role: String,
    pub path: PathBuf,
    pub sha256: String,
}

/// Everything a report is made from.
#[derive(Debug, Clone)]
pub struct ReportInputs<'a> {
    pub history: &'a History,
    pub candidates: &'a [Candidate],
    pub validation: &'a ValidationReport,
    /// Suggested weights for the first candidate, unless the fit was skipped or impossible.
    pub fit: Option<&'a FitReport>,
    /// Why there is no fit, when there is none.
    pub fit_note: Option<String>,
    /// Scorecards over time, when the history has several periods.
    pub backtest: Option<&'a BacktestReport>,
    /// The first candidate's scoring rules tuned from history (`--tune`), when tuning worked.
    pub tune: Option<&'a TuneReport>,
    /// Why there is no tune although one was asked for.
    pub tune_note: Option<String>,
    /// The command line that made the report, as the user typed it.
    pub command: String,
    pub inputs: Vec<InputFile>,
    pub seed: u64,
    /// The one line that differs between runs: when the report was made.
    pub generated: String,
    /// How `scored.parquet` is compressed.
    pub compression: ParquetCompression,
}

/// The `results.json` document.
#[derive(Debug, Clone, Serialize)]
pub struct Results<'a> {
    pub tool: &'static str,
    pub version: &'static str,
    pub seed: u64,
    pub inputs: &'a [InputFile],
    pub validate: &'a ValidationReport,
    /// The `fit --json` document for the first candidate; null with `--no-fit`.
    pub fit: Option<&'a FitReport>,
    /// The `backtest --json` document, when the history has several periods; else null.
    pub backtest: Option<&'a BacktestReport>,
    /// The `tune --json` document for the first candidate, with `--tune` (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tune: Option<&'a TuneReport>,
}

/// A candidate's name as a file-name fragment: lower case, `-` between words, prefixed
/// by its position so two candidates never share one.
pub fn slug(position: usize, name: &str) -> String {
    let mut slug = format!("{}-", position + 1);
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Every chart of the report with its caption, in page order.
pub fn charts(inputs: &ReportInputs<'_>) -> Vec<(Chart, String)> {
    let report = inputs.validation;
    let color = |i: usize| CANDIDATE_COLORS[i % CANDIDATE_COLORS.len()].to_string();
    let mut charts = Vec::new();
    let curves = report
        .scorecards
        .iter()
        .enumerate()
        .map(|(i, c)| charts::roc::RocCurve {
            name: c.name.clone(),
            color: color(i),
            auc: c.discrimination.auc,
            points: c
                .roc
                .iter()
                .map(|p| (p.false_alarm_rate, p.churn_caught_rate))
                .collect(),
        })
        .collect();
    charts.push((
        Chart::Roc(RocChart { curves }),
        "Each curve shows, as the alarm threshold rises, the share of churned accounts caught against the share of \
         retained accounts wrongly flagged. Higher and further left is better; the diagonal is a coin flip."
            .to_string(),
    ));
    let series = |x: fn(&crate::metrics::DecileRow) -> f64| -> Vec<charts::deciles::DecileSeries> {
        report
            .scorecards
            .iter()
            .enumerate()
            .map(|(i, c)| charts::deciles::DecileSeries {
                name: c.name.clone(),
                color: color(i),
                points: c.deciles.iter().map(|d| (x(d), d.churn_rate)).collect(),
            })
            .collect()
    };
    charts.push((
        Chart::Deciles(DecileChart { series: series(|d| d.group as f64), overall_rate: report.churn_rate }),
        "Accounts split into ten equal groups by score. A useful score concentrates churn in the lowest deciles \
         (a steep fall from left to right)."
            .to_string(),
    ));
    charts.push((
        Chart::Calibration(CalibrationChart {
            series: series(|d| d.mean_score),
        }),
        "Observed churn rate against the mean score of each decile: how churn risk changes with the score."
            .to_string(),
    ));
    if let Some(fit) = inputs.fit {
        let several_profiles = fit.profiles.len() > 1;
        let measures = fit
            .measures
            .iter()
            .map(|m| charts::weights::WeightBar {
                name: if several_profiles {
                    format!("{}: {}", m.profile, m.name)
                } else {
                    m.name.clone()
                },
                current: m.current_weight,
                suggested: m.suggested_weight,
            })
            .collect();
        charts.push((
            Chart::Weights(WeightsChart { candidate: fit.scorecard.clone(), measures }),
            format!(
                "Each measure's share of the score of '{}' today (grey) and as suggested by the logistic fit (blue); \
                 a measure with no blue bar is best left out (see the weights table for why).",
                fit.scorecard
            ),
        ));
    }
    if let Some(backtest) = inputs.backtest {
        let periods: Vec<String> = backtest.periods.iter().map(|p| p.label.clone()).collect();
        let auc = (0..backtest.scorecards.len())
            .map(|c| charts::periods::PeriodSeries {
                name: backtest.scorecards[c].clone(),
                color: color(c),
                values: backtest
                    .periods
                    .iter()
                    .map(|p| p.scorecards.get(c).and_then(|s| s.auc))
                    .collect(),
            })
            .collect();
        let psi = backtest
            .psi
            .iter()
            .enumerate()
            .map(|(c, stability)| charts::periods::PeriodSeries {
                name: stability.scorecard.clone(),
                color: color(c),
                values: periods
                    .iter()
                    .map(|label| {
                        stability
                            .periods
                            .iter()
                            .find(|p| &p.period == label)
                            .and_then(|p| p.score.psi)
                    })
                    .collect(),
            })
            .collect();
        charts.push((
            Chart::Periods(PeriodChart { measure: PeriodMeasure::Auc, periods: periods.clone(), series: auc }),
            "How well each candidate separated churners in each period on its own. A falling line means the score \
             is losing its grip."
                .to_string(),
        ));
        charts.push((
            Chart::Periods(PeriodChart { measure: PeriodMeasure::Psi, periods, series: psi }),
            format!(
                "Population stability index of the score against {} (10 equal-frequency bins): below 0.1 stable, \
                 0.1–0.25 worth watching, above 0.25 the population has shifted.",
                backtest.base_period
            ),
        ));
    }
    let unit = row_unit(report.accounts, inputs.history.distinct_accounts());
    for (i, (candidate, scored)) in report.scorecards.iter().zip(inputs.candidates).enumerate() {
        let slug = slug(i, &candidate.name);
        let bands = candidate
            .bands
            .iter()
            .map(|b| charts::bands::BandBar {
                name: b.name.clone(),
                color: b.color.clone(),
                details: band_chart_details(b, unit),
                rate: b.churn_rate,
                interval: b.churn_rate_ci,
            })
            .collect();
        charts.push((
            Chart::Bands(BandChart {
                candidate: candidate.name.clone(),
                slug: slug.clone(),
                outcome: charts::BandOutcome::Churn,
                bands,
                overall_rate: report.churn_rate,
                rows: unit.to_string(),
            }),
            format!(
                "Churn rate per band of '{}', with 95% Wilson intervals. Rates should fall from the worst band to the best.",
                candidate.name
            ),
        ));
        charts.push((
            Chart::Distribution(DistributionChart::from_scores(
                &candidate.name,
                &slug,
                &scored.scored.scores,
                &inputs.history.churned,
            )),
            format!(
                "Scores of '{}' for retained and churned accounts (share of each group per 5-point bin). The less the \
                 two overlap, the better the score separates them.",
                candidate.name
            ),
        ));
        let measures = candidate
            .measures
            .iter()
            .map(|m| charts::measures::MeasureBar {
                name: m.name.clone(),
                auc: m.auc,
                interval: m.auc_ci,
                flagged: m.contradicts_direction || m.possible_leak,
            })
            .collect();
        charts.push((
            Chart::MeasureAuc(MeasureAucChart { candidate: candidate.name.clone(), slug, measures }),
            format!(
                "How well each measure of '{}' separates churners on its own (AUC with 95% interval; 0.5 = no signal). \
                 Red bars contradict their direction or look like a leak.",
                candidate.name
            ),
        ));
    }
    charts
}

/// The view model of the page and summary, with the charts already drawn as SVG
/// (`thresholds_drawn`: those of the "Thresholds" section; `misses_drawn`: the gains chart;
/// `growth_drawn`: the expansion charts).
pub fn build_view(
    inputs: &ReportInputs<'_>,
    drawn: Vec<ChartView>,
    thresholds_drawn: Vec<ChartView>,
    misses_drawn: Vec<ChartView>,
    growth_drawn: Vec<ChartView>,
) -> ReportView {
    let report = inputs.validation;
    let names: Vec<&str> = report.scorecards.iter().map(|c| c.name.as_str()).collect();
    let mut warnings = report.warnings.clone();
    warnings.extend(report.scorecards.iter().flat_map(|c| c.warnings.iter().cloned()));
    let input_rows = inputs
        .inputs
        .iter()
        .map(|f| vec![f.role.clone(), f.path.display().to_string(), f.sha256.clone()])
        .chain(std::iter::once(vec![
            "seed".to_string(),
            inputs.seed.to_string(),
            String::new(),
        ]))
        .chain(std::iter::once(vec![
            "healthscore".to_string(),
            env!("CARGO_PKG_VERSION").to_string(),
            option_env!("HEALTHSCORE_GIT_COMMIT").unwrap_or("").to_string(),
        ]))
        .collect();
    ReportView {
        title: "Customer-health scorecard review".to_string(),
        subtitle: format!(
            "{} from {}; candidates: {}.",
            population(
                report.accounts,
                inputs.history.distinct_accounts(),
                report.churned,
                report.churn_rate
            ),
            inputs.history.source.display(),
            names.join(", ")
        ),
        verdict: view::verdict(report, inputs.fit, inputs.fit_note.as_deref()),
        fit: inputs.fit.map(view::fit_table),
        migration: inputs.backtest.and_then(view::migration_table),
        overview: view::overview(report),
        overview_note: "AUC: the chance that a retained account scores higher than a churned one (0.5 = coin flip, \
            1 = perfect), with its 95% DeLong interval. Gini = 2·AUC − 1. KS: the largest gap between the score \
            distributions of churned and retained accounts. Average precision: how well the lowest scores find \
            churners (compare with the overall churn rate). Correlation of score with churn is negative for a \
            useful health score."
            .to_string(),
        comparisons: view::comparisons(&report.comparisons),
        charts: drawn,
        thresholds: (inputs.tune.is_some() || inputs.tune_note.is_some()).then(|| {
            let scorecard = inputs.candidates.first().map_or("", |c| c.scorecard.name.as_str());
            view::thresholds(
                scorecard,
                inputs.history.distinct_accounts(),
                inputs.tune,
                inputs.tune_note.as_deref(),
                thresholds_drawn,
            )
        }),
        misses: view::misses(report, inputs.history, inputs.candidates, misses_drawn),
        growth: view::growth(report, growth_drawn),
        trend: view::trend(report, inputs.history, inputs.candidates),
        candidates: report.scorecards.iter().enumerate().map(|(i, c)| view::candidate(c, &slug(i, &c.name))).collect(),
        warnings,
        command: inputs.command.clone(),
        inputs: Table {
            rows: input_rows,
            ..Table::new(&["Input", "Path / value", "SHA-256 / commit"])
        },
        generated: inputs.generated.clone(),
    }
}
