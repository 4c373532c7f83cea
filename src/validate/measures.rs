//! Per-measure diagnostics: does each measure's points separate churners on their own, in
//! the direction the scorecard assumes, and which measures say the same thing?

use serde::Serialize;

use crate::metrics;
use crate::scorecard::ScoredAccounts;

/// A univariate AUC above this looks too good to be true: possibly a leak.
pub const LEAK_AUC: f64 = 0.95;
/// A measure contradicts its direction only when its whole AUC interval lies below 0.5 and
/// the AUC itself is below `0.5 − CONTRADICTION_MARGIN`: at a million accounts a trivial
/// 0.497 is "significant" but not worth acting on.
pub const CONTRADICTION_MARGIN: f64 = 0.01;
/// Measures whose points correlate beyond this (in absolute value) are flagged redundant.
pub const REDUNDANT_CORRELATION: f64 = 0.8;

/// One measure on its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureRow {
    pub name: String,
    /// AUC of the measure's points alone, over the accounts that have points for it.
    pub auc: Option<f64>,
    pub auc_ci: Option<[f64; 2]>,
    /// Pearson correlation of points with churn (1 = churned); negative when more points
    /// means less churn, as intended.
    pub pearson: Option<f64>,
    /// Share of the accounts using this measure's profile(s) with no value (before any
    /// `missing = <points>` fill).
    pub missing_rate: f64,
    /// True when history says the opposite of the scorecard: more points, more churn
    /// (AUC's whole interval below 0.5, and the AUC below 0.49).
    pub contradicts_direction: bool,
    /// True when the AUC exceeds 0.95: check that the column is not known only after churn.
    pub possible_leak: bool,
}

/// Correlations between the measures' points, over accounts that have both.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureCorrelations {
    pub names: Vec<String>,
    /// `matrix[i][j]` = Pearson correlation of measures i and j; `None` where undefined.
    pub matrix: Vec<Vec<Option<f64>>>,
    pub redundant_pairs: Vec<RedundantPair>,
}

/// Two measures whose points move together (|r| > 0.8): one may be enough.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedundantPair {
    pub a: String,
    pub b: String,
    pub correlation: f64,
}

/// Diagnostics for every measure. `missing[m][row]` is true where the raw value was
/// missing; `applies[m][row]` where the account's profile has the measure.
pub fn measure_rows(
    scored: &ScoredAccounts,
    churned: &[bool],
    raw_missing: &[Vec<bool>],
    applies: &[Vec<bool>],
    confidence: f64,
) -> Vec<MeasureRow> {
    let mut points = Vec::new();
    let mut outcomes = Vec::new();
    scored
        .measure_names
        .iter()
        .enumerate()
        .map(|(m, name)| {
            points.clear();
            outcomes.clear();
            for (row, value) in scored.points[m].iter().enumerate() {
                if let (Some(p), false) = (value, raw_missing[m][row]) {
                    points.push(*p);
                    outcomes.push(churned[row]);
                }
            }
            let using = applies[m].iter().filter(|&&a| a).count();
            let missing = raw_missing[m]
                .iter()
                .zip(&applies[m])
                .filter(|(&miss, &a)| miss && a)
                .count();
            let estimate = metrics::delong::auc_with_ci(&points, &outcomes, confidence).ok();
            let outcome: Vec<f64> = outcomes.iter().map(|&c| f64::from(u8::from(c))).collect();
            MeasureRow {
                name: name.clone(),
                auc: estimate.map(|e| e.auc),
                auc_ci: estimate.map(|e| [e.ci_low, e.ci_high]),
                pearson: metrics::correlation::pearson(&points, &outcome),
                missing_rate: if using > 0 {
                    missing as f64 / using as f64
                } else {
                    0.0
                },
                contradicts_direction: estimate
                    .is_some_and(|e| e.ci_high < 0.5 && e.auc < 0.5 - CONTRADICTION_MARGIN),
                possible_leak: estimate.is_some_and(|e| e.auc > LEAK_AUC),
            }
        })
        .collect()
}

/// Pairwise-complete Pearson correlations between measures' points.
#[allow(clippy::needless_range_loop)] // a symmetric matrix reads best with both indices
pub fn measure_correlations(scored: &ScoredAccounts) -> MeasureCorrelations {
    let count = scored.measure_names.len();
    let mut matrix = vec![vec![None; count]; count];
    let mut redundant_pairs = Vec::new();
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for i in 0..count {
        matrix[i][i] = Some(1.0);
        for j in i + 1..count {
            x.clear();
            y.clear();
            for (a, b) in scored.points[i].iter().zip(&scored.points[j]) {
                if let (Some(a), Some(b)) = (a, b) {
                    x.push(*a);
                    y.push(*b);
                }
            }
            let r = metrics::correlation::pearson(&x, &y);
            matrix[i][j] = r;
            matrix[j][i] = r;
            if let Some(r) = r.filter(|r| r.abs() > REDUNDANT_CORRELATION) {
                redundant_pairs.push(RedundantPair {
                    a: scored.measure_names[i].clone(),
                    b: scored.measure_names[j].clone(),
                    correlation: r,
                });
            }
        }
    }
    MeasureCorrelations {
        names: scored.measure_names.clone(),
        matrix,
        redundant_pairs,
    }
}
