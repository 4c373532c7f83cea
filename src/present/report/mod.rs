//! The report's view model: every number already formatted, every sentence already
//! written, so the HTML and Markdown renderers hold no logic. The tables are built here;
//! the plain-words verdict in [`verdict`]; the "Thresholds" section (`--tune`) by [`thresholds()`];
//! the "Where the score missed" section by [`misses()`]; the "Does the score find growth?"
//! section (`--expansion`) by [`growth()`]; "Does the trend matter?" by [`trend()`].

mod growth;
mod misses;
mod thresholds;
mod trend;
mod verdict;

use serde::Serialize;

use super::Table;
use crate::backtest::BacktestReport;
use crate::fit::FitReport;
use crate::format::{amount, count, interval, interval_with, number, percent, percent_interval, Bounds};
use crate::validate::{CandidateReport, Comparison, ValidationReport};
pub use growth::{growth, GrowthView};
pub use misses::{blindsided_table, misses, MissesView, ReclassificationView, BLINDSIDED_LISTED};
pub use thresholds::{measure_label, thresholds, ThresholdsView};
pub use trend::{trend, TrendView};
pub use verdict::verdict;

/// One chart in the page.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: String,
    pub caption: String,
    pub svg: String,
}

/// One candidate's detail section.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateView {
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub bands: Table,
    pub band_colors: Vec<String>,
    pub measures: Table,
    pub groups: Table,
    pub notes: Vec<String>,
}

/// Everything the page and the summary show.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub title: String,
    pub subtitle: String,
    pub verdict: Vec<String>,
    pub overview: Table,
    pub overview_note: String,
    pub comparisons: Table,
    /// Current against suggested weights, when the first candidate was fitted.
    pub fit: Option<Table>,
    /// Band moves between consecutive periods of the first candidate, when there are several.
    pub migration: Option<Table>,
    pub charts: Vec<ChartView>,
    /// The first candidate's tuned scoring rules, with `report --tune`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<ThresholdsView>,
    /// Where the score missed: blindsided churners, false alarms, review capacity.
    pub misses: MissesView,
    /// Does the score find growth? With `--expansion`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub growth: Option<GrowthView>,
    /// Does the trend matter? With snapshot dates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<TrendView>,
    pub candidates: Vec<CandidateView>,
    pub warnings: Vec<String>,
    pub command: String,
    pub inputs: Table,
    pub generated: String,
}

/// An AUC-like interval as "low – high" with three decimals, or "—".
fn auc_interval(ci: Option<[f64; 2]>) -> String {
    interval(ci, Bounds::Dash, 3)
}

fn cells(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn table(header: Vec<String>, rows: Vec<Vec<String>>) -> Table {
    Table {
        header,
        rows,
        text_columns: Vec::new(),
    }
}

/// The side-by-side table of candidates.
pub fn overview(report: &ValidationReport) -> Table {
    let band_names: Vec<String> = report
        .scorecards
        .first()
        .map(|c| c.bands.iter().map(|b| b.name.clone()).collect())
        .unwrap_or_default();
    let same_bands = report
        .scorecards
        .iter()
        .all(|c| c.bands.iter().map(|b| &b.name).eq(band_names.iter()));
    let mut header = cells(&[
        "Scorecard",
        "AUC",
        "95% CI",
        "Gini",
        "KS",
        "Avg precision",
        "Correlation",
    ]);
    if same_bands {
        header.extend(band_names.iter().map(|b| format!("Churn in {b}")));
    } else {
        header.push("Churn per band (worst → best)".to_string());
    }
    let with_value = report.scorecards.iter().any(|c| c.value.is_some());
    if with_value {
        header.extend(cells(&["Value at risk", "Share of churned value"]));
    }
    let with_expansion = report.scorecards.iter().any(|c| c.expansion.is_some());
    if with_expansion {
        header.push("Expansion AUC".to_string());
    }
    let rows = report
        .scorecards
        .iter()
        .map(|c| {
            let d = &c.discrimination;
            let mut row = vec![
                c.name.clone(),
                number(d.auc, 3),
                auc_interval(d.auc_ci),
                number(d.gini, 3),
                number(d.ks, 3),
                number(d.average_precision, 3),
                number(d.pearson, 3),
            ];
            if same_bands {
                row.extend(c.bands.iter().map(|b| percent(b.churn_rate)));
            } else {
                row.push(
                    c.bands
                        .iter()
                        .map(|b| format!("{} {}", b.name, percent(b.churn_rate)))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            if with_value {
                row.push(
                    c.value
                        .map_or_else(|| "—".to_string(), |v| amount(v.value_at_risk)),
                );
                row.push(percent(c.value.and_then(|v| v.worst_band_value_capture)));
            }
            if with_expansion {
                row.push(number(c.expansion.as_ref().and_then(|e| e.auc), 3));
            }
            row
        })
        .collect();
    table(header, rows)
}

/// The pairwise comparisons table.
pub fn comparisons(comparisons: &[Comparison]) -> Table {
    let header = cells(&[
        "A",
        "B",
        "AUC A − B",
        "z",
        "p-value",
        "Bootstrap 95% CI",
        "Verdict",
    ]);
    let rows = comparisons
        .iter()
        .map(|c| {
            vec![
                c.a.clone(),
                c.b.clone(),
                number(c.auc_diff, 3),
                number(c.z, 2),
                c.p_value.map_or_else(|| "—".to_string(), crate::format::format_p),
                auc_interval(c.bootstrap_ci),
                c.verdict.clone(),
            ]
        })
        .collect();
    table(header, rows)
}

/// One candidate's bands, measures and groups tables and notes.
pub fn candidate(report: &CandidateReport, slug: &str) -> CandidateView {
    let with_revenue = report.bands.iter().any(|b| b.revenue_churn_rate.is_some());
    let mut band_header = cells(&[
        "Band",
        "Accounts",
        "Churned",
        "Churn rate",
        "95% CI",
        "Share of all churn",
        "Lift",
    ]);
    if with_revenue {
        band_header.push("Revenue churn".to_string());
    }
    let with_value = report.bands.iter().any(|b| b.value.is_some());
    if with_value {
        band_header.extend(cells(&["Value", "Share of value", "Value churned"]));
    }
    let band_rows = report
        .bands
        .iter()
        .map(|b| {
            let mut row = vec![
                b.name.clone(),
                count(b.accounts),
                count(b.churned),
                percent(b.churn_rate),
                percent_interval(b.churn_rate_ci, Bounds::Dash),
                percent(b.share_of_churned),
                b.lift.map_or_else(|| "—".to_string(), |l| format!("{l:.2}×")),
            ];
            if with_revenue {
                row.push(percent(b.revenue_churn_rate));
            }
            if with_value {
                row.push(b.value.map_or_else(|| "—".to_string(), amount));
                row.push(percent(b.share_of_value));
                row.push(b.value_churned.map_or_else(|| "—".to_string(), amount));
            }
            row
        })
        .collect();
    let measure_header = cells(&[
        "Measure",
        "AUC alone",
        "95% CI",
        "Correlation with churn",
        "Missing",
        "Flags",
    ]);
    let measure_rows = report
        .measures
        .iter()
        .map(|m| {
            let mut flags = Vec::new();
            if m.contradicts_direction {
                flags.push("contradicts its direction");
            }
            if m.possible_leak {
                flags.push("possible leak");
            }
            vec![
                m.name.clone(),
                number(m.auc, 3),
                auc_interval(m.auc_ci),
                number(m.pearson, 3),
                percent(Some(m.missing_rate)),
                flags.join(", "),
            ]
        })
        .collect();
    let group_header = cells(&[
        "Segment / profile",
        "Accounts",
        "Churned",
        "Churn rate",
        "AUC",
        "95% CI",
    ]);
    let group_rows = report
        .segments
        .iter()
        .chain(&report.profiles)
        .map(|g| {
            let d = &g.discrimination;
            let name = if g.too_small {
                format!("{} (too few to judge)", g.name)
            } else {
                g.name.clone()
            };
            vec![
                name,
                count(d.accounts),
                count(d.churned),
                percent(d.churn_rate),
                number(d.auc, 3),
                auc_interval(d.auc_ci),
            ]
        })
        .collect();
    let mut notes: Vec<String> = crate::present::outcomes::value_at_risk_line(report)
        .map(|line| format!("{line}."))
        .into_iter()
        .collect();
    notes.extend(report.profile_checks.iter().map(|c| c.verdict.clone()));
    notes.extend(report.measure_correlations.redundant_pairs.iter().map(|p| {
        format!(
            "'{}' and '{}' move together (correlation {:.2}): one of them may be enough.",
            p.a, p.b, p.correlation
        )
    }));
    CandidateView {
        name: report.name.clone(),
        slug: slug.to_string(),
        description: report.description.clone(),
        bands: table(band_header, band_rows),
        band_colors: report.bands.iter().map(|b| b.color.clone()).collect(),
        measures: table(measure_header, measure_rows),
        groups: table(group_header, group_rows),
        notes,
    }
}

/// Current against suggested weights, with the evidence for each.
pub fn fit_table(fit: &FitReport) -> Table {
    let several_profiles = fit.profiles.len() > 1;
    let mut header = cells(&[
        "Measure",
        "Current",
        "Suggested",
        "95% CI (bootstrap)",
        "Effect per SD",
        "p-value",
        "Why 0",
    ]);
    if several_profiles {
        header.insert(0, "Profile".to_string());
    }
    let rows = fit
        .measures
        .iter()
        .map(|m| {
            let mut row = vec![
                m.name.clone(),
                format!("{:.1}%", m.current_weight),
                format!("{:.0}%", m.suggested_weight),
                interval_with(m.weight_ci, Bounds::Dash, |v| format!("{v:.0}%")),
                number(m.coefficient_per_sd, 3),
                m.p_value.map_or_else(|| "—".to_string(), crate::format::format_p),
                m.reason.clone().unwrap_or_default(),
            ];
            if several_profiles {
                row.insert(0, m.profile.clone());
            }
            row
        })
        .collect();
    table(header, rows)
}

/// Band moves of the first candidate between consecutive periods, all pairs pooled: does a
/// drop in band warn of churn?
pub fn migration_table(backtest: &BacktestReport) -> Option<Table> {
    let migration = backtest.migration.first()?;
    let header = cells(&["From band", "To band", "Accounts", "Churned after", "Churn rate"]);
    let rows = migration
        .pooled
        .moves
        .iter()
        .filter(|m| m.accounts > 0)
        .map(|m| {
            vec![
                m.from.clone(),
                m.to.clone(),
                count(m.accounts),
                count(m.churned),
                percent(m.churn_rate),
            ]
        })
        .collect();
    Some(table(header, rows))
}
