//! Per period: accounts, churn rate, each candidate's AUC with its DeLong interval and its
//! bands; then the AUC trend across periods and the significant drops between them.
//!
//! **Drop test.** Consecutive periods hold different churn events (last period's churners
//! have left; each snapshot's outcome is a new window), so DeLong's paired test, which
//! needs the same accounts with the same outcomes, does not apply. The AUCs of two periods
//! are compared as independent estimates: `z = (AUC₂ − AUC₁) / √(SE₁² + SE₂²)` with each
//! SE from DeLong, two-sided normal p-value, and a drop is flagged when `AUC₂ < AUC₁` and
//! `p < 0.05`. Most accounts appear in both periods, so the two estimates are positively
//! correlated and the true variance of the difference is smaller than `SE₁² + SE₂²`: the
//! test is conservative — a flagged drop is real, a small real drop may go unflagged.

use serde::Serialize;

use super::period_comparisons::PeriodComparison;
use super::periods::Period;
use super::BacktestOptions;
use crate::data::History;
use crate::judgement::SIGNIFICANCE;
use crate::metrics::delong::auc_with_ci;
use crate::metrics::normal::two_sided_p_value;
use crate::scorecard::{Scorecard, ScoredAccounts};
use crate::validate::{band_churn_rates, not_expanded, BandRow, TrendTest};

/// One period, with every candidate's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodRow {
    /// `2025-Q1`, `2025-01` or `2025`.
    pub label: String,
    /// First and last day of the period (ISO).
    pub start: String,
    pub end: String,
    /// Distinct snapshot dates in the period.
    pub snapshot_dates: usize,
    pub accounts: usize,
    pub churned: usize,
    pub churn_rate: Option<f64>,
    /// Why the period is left out of the AUC views (too few churned or retained accounts).
    pub skipped: Option<String>,
    /// One entry per candidate, in command-line order.
    pub scorecards: Vec<PeriodScorecard>,
    /// Every pair of candidates compared on the expansion outcome in this period, when one
    /// is given (empty with one candidate); absent from the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparisons: Option<Vec<PeriodComparison>>,
}

/// One candidate in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodScorecard {
    pub name: String,
    pub mean_score: Option<f64>,
    pub auc: Option<f64>,
    /// DeLong standard error of `auc`.
    pub auc_se: Option<f64>,
    /// DeLong interval at the run's confidence level, clipped to [0, 1].
    pub auc_ci: Option<[f64; 2]>,
    /// Accounts, churned and churn rate per band (as in `validate`).
    pub bands: Vec<BandRow>,
    /// Change from the previous period with an AUC (see the module docs for the test).
    pub change: Option<AucChange>,
    /// Does the score's change since the previous snapshot predict churn beyond the score
    /// (previous snapshots in earlier periods included)? `None` in a skipped period.
    pub trend: Option<TrendTest>,
    /// The candidate against the expansion outcome in this period, when one is given;
    /// absent from the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expansion: Option<PeriodExpansion>,
}

/// One candidate against the expansion outcome in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodExpansion {
    /// The expansion column.
    pub column: String,
    /// Accounts that expanded in the period.
    pub expanded: usize,
    /// P(an account that expanded scores higher than one that did not), ties ½ (the churn
    /// AUC with "did not expand" as the flagged class); `None` when undefined (one class).
    pub auc: Option<f64>,
    /// DeLong interval at the run's confidence level, clipped to [0, 1].
    pub auc_ci: Option<[f64; 2]>,
}

/// The AUC change from one period to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AucChange {
    /// The earlier period compared with.
    pub from_period: String,
    /// `AUC(this) − AUC(from)`.
    pub diff: f64,
    /// `√(SE₁² + SE₂²)`.
    pub std_error: f64,
    pub z: f64,
    /// Two-sided.
    pub p_value: f64,
    /// `diff < 0` and `p_value < 0.05`.
    pub significant_drop: bool,
}

/// The AUC of one candidate across the periods that have one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AucTrend {
    pub scorecard: String,
    /// Periods with an AUC.
    pub periods: usize,
    pub first_auc: Option<f64>,
    pub last_auc: Option<f64>,
    /// `last_auc − first_auc`.
    pub change: Option<f64>,
    /// Least-squares slope of AUC against period number (AUC per period).
    pub slope_per_period: Option<f64>,
    /// Periods whose AUC dropped significantly from the previous one.
    pub significant_drops: Vec<String>,
}

/// The figures of one period without any candidate's; it is `skipped` for AUC when either
/// class has fewer than `options.min_class_count` accounts.
pub fn period_row(
    period: &Period,
    snapshot_dates: usize,
    history: &History,
    options: &BacktestOptions,
) -> PeriodRow {
    let accounts = history.len();
    let churned = history.churned_count();
    let retained = accounts - churned;
    let skipped = (churned < options.min_class_count || retained < options.min_class_count).then(|| {
        format!(
            "{churned} churned and {retained} retained accounts (at least {} of each needed)",
            options.min_class_count
        )
    });
    PeriodRow {
        label: period.label.clone(),
        start: period.start_date(),
        end: period.end_date(),
        snapshot_dates,
        accounts,
        churned,
        churn_rate: (accounts > 0).then(|| churned as f64 / accounts as f64),
        skipped,
        scorecards: Vec::new(),
        comparisons: None,
    }
}

/// One candidate's figures in a period (no AUC when the period is skipped).
pub fn period_scorecard(
    row: &PeriodRow,
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    history: &History,
    options: &BacktestOptions,
) -> PeriodScorecard {
    let estimate = row
        .skipped
        .is_none()
        .then(|| auc_with_ci(&scored.scores, &history.churned, options.confidence).ok())
        .flatten();
    let accounts = scored.scores.len();
    PeriodScorecard {
        name: scorecard.name.clone(),
        mean_score: (accounts > 0).then(|| scored.scores.iter().sum::<f64>() / accounts as f64),
        auc: estimate.map(|e| e.auc),
        auc_se: estimate.map(|e| e.std_error),
        auc_ci: estimate.map(|e| [e.ci_low, e.ci_high]),
        bands: band_churn_rates(
            &scorecard.bands,
            &scored.bands,
            &history.churned,
            history.value.as_deref(),
            options.confidence,
        ),
        change: None,
        trend: None,
        expansion: history.expansion.as_ref().map(|outcome| {
            let estimate = auc_with_ci(&scored.scores, &not_expanded(outcome), options.confidence).ok();
            PeriodExpansion {
                column: outcome.column.clone(),
                expanded: outcome.expanded.iter().filter(|&&e| e).count(),
                auc: estimate.map(|e| e.auc),
                auc_ci: estimate.map(|e| [e.ci_low, e.ci_high]),
            }
        }),
    }
}

/// Fills each candidate's `change` from the previous period that has an AUC.
pub fn mark_changes(rows: &mut [PeriodRow]) {
    let candidates = rows.first().map_or(0, |r| r.scorecards.len());
    for c in 0..candidates {
        let mut previous: Option<(String, f64, f64)> = None;
        for row in rows.iter_mut() {
            let entry = &mut row.scorecards[c];
            let (Some(auc), Some(se)) = (entry.auc, entry.auc_se) else {
                continue;
            };
            if let Some((from, auc_from, se_from)) = previous.take() {
                entry.change = Some(auc_change(from, (auc_from, se_from), (auc, se)));
            }
            previous = Some((row.label.clone(), auc, se));
        }
    }
}

/// The independent-samples z test of module docs.
pub fn auc_change(from_period: String, (auc_from, se_from): (f64, f64), (auc, se): (f64, f64)) -> AucChange {
    let diff = auc - auc_from;
    let std_error = (se_from * se_from + se * se).sqrt();
    let (z, p_value) = if std_error > 0.0 {
        (diff / std_error, two_sided_p_value(diff / std_error))
    } else {
        (0.0, 1.0)
    };
    AucChange {
        from_period,
        diff,
        std_error,
        z,
        p_value,
        significant_drop: diff < 0.0 && p_value < SIGNIFICANCE,
    }
}

/// Each candidate's AUC trend.
pub fn trends(rows: &[PeriodRow], names: &[String]) -> Vec<AucTrend> {
    names
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let points: Vec<(f64, f64)> = rows
                .iter()
                .enumerate()
                .filter_map(|(i, row)| row.scorecards[c].auc.map(|auc| (i as f64, auc)))
                .collect();
            let first_auc = points.first().map(|p| p.1);
            let last_auc = points.last().map(|p| p.1);
            AucTrend {
                scorecard: name.clone(),
                periods: points.len(),
                first_auc,
                last_auc,
                change: first_auc.zip(last_auc).map(|(first, last)| last - first),
                slope_per_period: slope(&points),
                significant_drops: rows
                    .iter()
                    .filter(|row| {
                        row.scorecards[c]
                            .change
                            .as_ref()
                            .is_some_and(|ch| ch.significant_drop)
                    })
                    .map(|row| row.label.clone())
                    .collect(),
            }
        })
        .collect()
}

/// Least-squares slope of `y` on `x`; `None` for fewer than two points.
fn slope(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drop_beyond_the_combined_error_is_flagged() {
        // diff −0.05, se √(0.01² + 0.01²) = 0.01414 → z = −3.54, p ≈ 0.0004
        let change = auc_change("2025-Q1".into(), (0.75, 0.01), (0.70, 0.01));
        assert!((change.z + 0.05 / 0.0002f64.sqrt()).abs() < 1e-9, "{change:?}");
        assert!(change.significant_drop);
        let small = auc_change("2025-Q1".into(), (0.75, 0.02), (0.73, 0.02));
        assert!(!small.significant_drop, "{small:?}");
        let rise = auc_change("2025-Q1".into(), (0.70, 0.01), (0.75, 0.01));
        assert!(!rise.significant_drop);
    }

    #[test]
    fn zero_error_means_no_evidence() {
        let change = auc_change("x".into(), (1.0, 0.0), (1.0, 0.0));
        assert_eq!(
            (change.z, change.p_value, change.significant_drop),
            (0.0, 1.0, false)
        );
    }

    #[test]
    fn slope_of_a_line_and_of_too_few_points() {
        assert_eq!(
            slope(&[(0.0, 0.7), (1.0, 0.68), (2.0, 0.66)]).map(|s| (s * 1e9).round() / 1e9),
            Some(-0.02)
        );
        assert_eq!(slope(&[(0.0, 0.7)]), None);
    }
}
