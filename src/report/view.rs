//! The report's view model: every number already formatted, every sentence already
//! written, so the HTML and Markdown renderers hold no logic.

use crate::format::{number, percent};
use serde::Serialize;

use crate::backtest::BacktestReport;
use crate::fit::FitReport;
use crate::validate::{CandidateReport, Comparison, ValidationReport};

/// A table: header cells and rows of cells.
pub type Table = (Vec<String>, Vec<Vec<String>>);

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
    pub candidates: Vec<CandidateView>,
    pub warnings: Vec<String>,
    pub command: String,
    pub inputs: Table,
    pub generated: String,
}

/// An interval as "low – high", or "—".
pub fn interval(ci: Option<[f64; 2]>, as_percent: bool) -> String {
    match ci {
        Some([low, high]) if as_percent => format!("{:.1}% – {:.1}%", 100.0 * low, 100.0 * high),
        Some([low, high]) => format!("{low:.3} – {high:.3}"),
        None => "—".to_string(),
    }
}

fn cells(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
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
    let rows = report
        .scorecards
        .iter()
        .map(|c| {
            let d = &c.discrimination;
            let mut row = vec![
                c.name.clone(),
                number(d.auc, 3),
                interval(d.auc_ci, false),
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
            row
        })
        .collect();
    (header, rows)
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
                interval(c.bootstrap_ci, false),
                c.verdict.clone(),
            ]
        })
        .collect();
    (header, rows)
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
    let band_rows = report
        .bands
        .iter()
        .map(|b| {
            let mut row = vec![
                b.name.clone(),
                b.accounts.to_string(),
                b.churned.to_string(),
                percent(b.churn_rate),
                interval(b.churn_rate_ci, true),
                percent(b.share_of_churned),
                b.lift.map_or_else(|| "—".to_string(), |l| format!("{l:.2}×")),
            ];
            if with_revenue {
                row.push(percent(b.revenue_churn_rate));
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
                interval(m.auc_ci, false),
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
                d.accounts.to_string(),
                d.churned.to_string(),
                percent(d.churn_rate),
                number(d.auc, 3),
                interval(d.auc_ci, false),
            ]
        })
        .collect();
    let mut notes: Vec<String> = report.profile_checks.iter().map(|c| c.verdict.clone()).collect();
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
        bands: (band_header, band_rows),
        band_colors: report.bands.iter().map(|b| b.color.clone()).collect(),
        measures: (measure_header, measure_rows),
        groups: (group_header, group_rows),
        notes,
    }
}

/// `text` with its first letter in upper case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// The verdict in plain words: which candidate separates churners best, by how much,
/// whether that is significant, and how its bands split churn. The first candidate on the
/// command line is taken as the scorecard in use today.
pub fn verdict(report: &ValidationReport, fit: Option<&FitReport>, fit_note: Option<&str>) -> Vec<String> {
    let mut points = Vec::new();
    let scored: Vec<(usize, f64)> = report
        .scorecards
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.discrimination.auc.map(|a| (i, a)))
        .collect();
    let Some(&(best, best_auc)) = scored
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
    else {
        points.push("No candidate could be judged: see the warnings.".to_string());
        return points;
    };
    let top = &report.scorecards[best];
    points.push(format!(
        "'{}' separates churners best: AUC {:.3} (95% CI {}), meaning a retained account outscores a churned one {:.0}% of the time (50% would be a coin flip).",
        top.name,
        best_auc,
        interval(top.discrimination.auc_ci, false),
        100.0 * best_auc
    ));
    for comparison in &report.comparisons {
        let involves_best = comparison.a == top.name || comparison.b == top.name;
        if involves_best || report.scorecards.len() == 2 {
            points.push(format!("{}.", capitalized(&comparison.verdict)));
        }
    }
    let bands = &top.bands;
    if let (Some(worst), Some(healthiest)) = (bands.first(), bands.last()) {
        if let (Some(w), Some(h)) = (worst.churn_rate, healthiest.churn_rate) {
            let ratio = if h > 0.0 {
                format!(" ({:.1}× as often)", w / h)
            } else {
                String::new()
            };
            points.push(format!(
                "With '{}', {} accounts churned at {:.1}% against {:.1}% for {} accounts{ratio}; overall churn was {:.1}%.",
                top.name, worst.name, 100.0 * w, 100.0 * h, healthiest.name, 100.0 * report.churn_rate
            ));
        }
    }
    match (fit, fit_note) {
        (Some(fit), _) => points.extend(fit_verdict(fit)),
        (None, Some(note)) => points.push(format!("No weights were fitted: {note}.")),
        (None, None) => {}
    }
    let warnings = report.warnings.len() + report.scorecards.iter().map(|c| c.warnings.len()).sum::<usize>();
    if warnings > 0 {
        points.push(format!(
            "{warnings} warning{} below (small segments, out-of-order bands, contradicting or redundant measures, leaks): \
             read them before acting on these figures.",
            if warnings == 1 { "" } else { "s" }
        ));
    }
    if !top.band_inversions.is_empty() {
        points.push(format!(
            "Caution: '{}' has bands whose churn rates are out of order (see warnings).",
            top.name
        ));
    }
    points
}

/// What the fit recommends, in plain words.
fn fit_verdict(fit: &FitReport) -> Vec<String> {
    let mut points = vec![capitalized(&fit.comparison.verdict)];
    for profile in &fit.profiles {
        let in_profile = || fit.measures.iter().filter(|m| m.profile == profile.name);
        let mut kept: Vec<_> = in_profile().filter(|m| m.suggested_weight > 0.0).collect();
        if kept.is_empty() {
            continue;
        }
        kept.sort_by(|a, b| b.suggested_weight.total_cmp(&a.suggested_weight));
        let weights: Vec<String> = kept
            .iter()
            .map(|m| format!("{} {:.0}%", m.name, m.suggested_weight))
            .collect();
        let dropped = in_profile().filter(|m| m.suggested_weight == 0.0).count();
        let scope = if fit.profiles.len() > 1 {
            format!(" for profile '{}'", profile.name)
        } else {
            String::new()
        };
        let left_out = if dropped > 0 {
            format!("; {dropped} measure(s) left out (see the weights table for why)")
        } else {
            String::new()
        };
        points.push(format!(
            "Recommended weights{scope}: {}{left_out}.",
            weights.join(", ")
        ));
    }
    points
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
                m.weight_ci
                    .map_or_else(|| "—".to_string(), |[l, h]| format!("{l:.0}% – {h:.0}%")),
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
    (header, rows)
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
                m.accounts.to_string(),
                m.churned.to_string(),
                percent(m.churn_rate),
            ]
        })
        .collect();
    Some((header, rows))
}
