//! The report's verdict in plain words: which candidate separates churners best, whether
//! the difference is real, how its bands split churn, the value in its worst band and
//! whether it finds growth (with `--value` and `--expansion`), and what the fit recommends.

use crate::fit::FitReport;
use crate::format::{capitalized, interval, Bounds};
use crate::present::outcomes::{growth_sentence, value_at_risk_line};
use crate::validate::ValidationReport;

/// `text` with its first letter in lower case, to continue a sentence.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
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
        interval(top.discrimination.auc_ci, Bounds::Dash, 3),
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
    if let Some(line) = value_at_risk_line(top) {
        points.push(format!("With '{}': {}.", top.name, lowercase_first(&line)));
    }
    if let Some(expansion) = &top.expansion {
        points.push(format!("{}.", growth_sentence(&top.name, expansion)));
    }
    if let Some(trend) = &top.trend {
        points.push(format!(
            "Does the trend matter? For '{}', {}.",
            top.name, trend.verdict
        ));
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
