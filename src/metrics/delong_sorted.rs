//! DeLong AUC and interval from two samples already split by class and sorted: for when the
//! same large negative sample is compared with several small positive ones (the backtest's
//! lead-time buckets), so that no row-aligned copy, ranking or component vector is built.

use super::check::{confidence as check_confidence, finite};
use super::normal::normal_quantile;
use super::tie_runs::TieRuns;
use super::value_counts::ValueCounts;
use super::MetricError;

/// An AUC with its DeLong standard error and confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct AucEstimate {
    /// P(retained scores higher than churned), ties ½; see [`roc_auc`](super::auc::roc_auc).
    pub auc: f64,
    /// DeLong standard error of `auc`; 0 when the structural components do not vary.
    pub std_error: f64,
    /// Lower confidence limit, `auc − z·std_error` clipped to [0, 1].
    pub ci_low: f64,
    /// Upper confidence limit, `auc + z·std_error` clipped to [0, 1].
    pub ci_high: f64,
}

/// [`auc_with_ci`](super::delong::auc_with_ci) of retained scores `retained` against
/// churned scores `churned`, each sorted ascending (by `f64::total_cmp`).
///
/// Same definitions as `auc_with_ci`: with ψ(x, y) = 1 if retained x > churned y, ½ if
/// equal, `V10(x) = (#churned below x + ½·#tied)/n`, `V01(y) = (#retained above y +
/// ½·#tied)/m`, `AUC = mean V10`, `Var = S10/m + S01/n` (sample variances). One merge pass
/// over the tie runs of both samples gives every component; each run adds its count times
/// its squared deviation, so memory stays O(1) beyond the inputs.
///
/// Errors: [`MetricError::NonFinite`], [`MetricError::TooFewForVariance`] (fewer than 2 of
/// a class), [`MetricError::NotSorted`], [`MetricError::InvalidConfidence`].
///
/// ```
/// use healthscore::metrics::delong_sorted::auc_with_ci_sorted;
/// let est = auc_with_ci_sorted(&[3.0, 4.0], &[1.0, 2.0], 0.95).unwrap();
/// assert_eq!((est.auc, est.std_error), (1.0, 0.0));
/// ```
pub fn auc_with_ci_sorted(
    retained: &[f64],
    churned: &[f64],
    confidence: f64,
) -> Result<AucEstimate, MetricError> {
    let (m, n) = (retained.len(), churned.len());
    two_of_each(m, n)?;
    finite(retained)?;
    finite(churned)?;
    for sample in [retained, churned] {
        if sample.windows(2).any(|w| w[0] > w[1]) {
            return Err(MetricError::NotSorted);
        }
    }
    check_confidence(confidence)?;
    Ok(estimate_from_runs(
        || MergedRuns::new(retained, churned),
        m,
        n,
        confidence,
    ))
}

/// [`auc_with_ci_sorted`] from a sample's distinct values counted by outcome: the same tie
/// runs in the same order, so the same AUC and interval to the last bit, without the
/// sorted samples.
///
/// Errors: [`MetricError::TooFewForVariance`], [`MetricError::InvalidConfidence`].
///
/// ```
/// use healthscore::metrics::delong_sorted::{auc_with_ci_counted, auc_with_ci_sorted};
/// use healthscore::metrics::value_counts::ValueCounts;
/// let (retained, churned) = ([2.0, 3.0, 3.0, 4.0], [1.0, 3.0]);
/// let pairs = retained.iter().map(|&v| (v, false)).chain(churned.iter().map(|&v| (v, true)));
/// let counts = ValueCounts::tally(pairs, 10).unwrap();
/// assert_eq!(
///     auc_with_ci_counted(&counts, 0.95).unwrap(),
///     auc_with_ci_sorted(&retained, &churned, 0.95).unwrap()
/// );
/// ```
pub fn auc_with_ci_counted(counts: &ValueCounts, confidence: f64) -> Result<AucEstimate, MetricError> {
    let (m, n) = (counts.retained_total(), counts.churned_total());
    two_of_each(m, n)?;
    check_confidence(confidence)?;
    Ok(estimate_from_runs(|| counted_runs(counts), m, n, confidence))
}

/// A variance needs at least 2 retained (`m`) and 2 churned (`n`).
fn two_of_each(m: usize, n: usize) -> Result<(), MetricError> {
    if m < 2 || n < 2 {
        return Err(MetricError::TooFewForVariance {
            churned: n,
            retained: m,
        });
    }
    Ok(())
}

/// The AUC and interval from the tie runs that `runs()` yields, lowest score first, for
/// `m` retained and `n` churned (both at least 2).
fn estimate_from_runs<I: Iterator<Item = MergedRun>>(
    runs: impl Fn() -> I,
    m: usize,
    n: usize,
    confidence: f64,
) -> AucEstimate {
    // 2·U = Σ over retained of (2·churned below + churned tied), exact in f64
    let twice_u: f64 = runs()
        .map(|run| run.retained as f64 * (2 * run.churned_below + run.churned) as f64)
        .sum();
    let auc = twice_u / (2.0 * m as f64 * n as f64);
    let (mut ss_retained, mut ss_churned) = (0.0, 0.0);
    for run in runs() {
        let v10 = (2 * run.churned_below + run.churned) as f64 / (2 * n) as f64;
        let retained_above = m - run.retained_below - run.retained;
        let v01 = (2 * retained_above + run.retained) as f64 / (2 * m) as f64;
        ss_retained += run.retained as f64 * (v10 - auc) * (v10 - auc);
        ss_churned += run.churned as f64 * (v01 - auc) * (v01 - auc);
    }
    let (mf, nf) = (m as f64, n as f64);
    let std_error = (ss_retained / ((mf - 1.0) * mf) + ss_churned / ((nf - 1.0) * nf)).sqrt();
    let z = -normal_quantile((1.0 - confidence) / 2.0);
    AucEstimate {
        auc,
        std_error,
        ci_low: (auc - z * std_error).clamp(0.0, 1.0),
        ci_high: (auc + z * std_error).clamp(0.0, 1.0),
    }
}

/// [`auc_with_ci_sorted`] from a ranking's tie runs, lowest score first, for `m` retained
/// and `n` churned accounts (at least 2 of each; the confidence level checked): the same
/// AUC to the last bit as from the sorted samples, with no per-account components.
pub(crate) fn estimate_from_class_runs(runs: &TieRuns, m: usize, n: usize, confidence: f64) -> AucEstimate {
    let counts = || runs.iter().map(|run| (run.retained(), run.churned()));
    estimate_from_runs(|| with_counts_below(counts()), m, n, confidence)
}

/// The tie runs of counted values: each distinct value is one run.
fn counted_runs(counts: &ValueCounts) -> impl Iterator<Item = MergedRun> + '_ {
    with_counts_below(
        counts
            .retained
            .iter()
            .copied()
            .zip(counts.churned.iter().copied()),
    )
}

/// Runs of (retained, churned) accounts, lowest score first, with how many of each class
/// score below them.
fn with_counts_below(runs: impl Iterator<Item = (usize, usize)>) -> impl Iterator<Item = MergedRun> {
    let (mut retained_below, mut churned_below) = (0, 0);
    runs.map(move |(retained, churned)| {
        let run = MergedRun {
            retained,
            churned,
            retained_below,
            churned_below,
        };
        retained_below += retained;
        churned_below += churned;
        run
    })
}

/// One distinct score: how many of each class hold it, and how many score below it.
#[derive(Debug, Clone, Copy)]
struct MergedRun {
    retained: usize,
    churned: usize,
    retained_below: usize,
    churned_below: usize,
}

/// The tie runs of two ascending samples, lowest score first.
struct MergedRuns<'a> {
    retained: &'a [f64],
    churned: &'a [f64],
    i: usize,
    j: usize,
}

impl<'a> MergedRuns<'a> {
    fn new(retained: &'a [f64], churned: &'a [f64]) -> Self {
        MergedRuns {
            retained,
            churned,
            i: 0,
            j: 0,
        }
    }
}

impl Iterator for MergedRuns<'_> {
    type Item = MergedRun;

    fn next(&mut self) -> Option<MergedRun> {
        let value = match (self.retained.get(self.i), self.churned.get(self.j)) {
            (Some(&x), Some(&y)) => x.min(y),
            (Some(&x), None) => x,
            (None, Some(&y)) => y,
            (None, None) => return None,
        };
        let (retained_below, churned_below) = (self.i, self.j);
        while self.retained.get(self.i) == Some(&value) {
            self.i += 1;
        }
        while self.churned.get(self.j) == Some(&value) {
            self.j += 1;
        }
        Some(MergedRun {
            retained: self.i - retained_below,
            churned: self.j - churned_below,
            retained_below,
            churned_below,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::delong::auc_with_ci;
    use crate::metrics::tolerance::EXACT;
    use proptest::prelude::*;

    #[test]
    fn hand_worked_case_matches_the_row_version() {
        // churned 1, 3; retained 3, 4, 5: AUC 11/12, Var 1/72 (see delong's hand-worked case)
        let est = auc_with_ci_sorted(&[3.0, 4.0, 5.0], &[1.0, 3.0], 0.95).unwrap();
        assert!((est.auc - 11.0 / 12.0).abs() < EXACT);
        assert!((est.std_error - (1.0f64 / 72.0).sqrt()).abs() < EXACT);
        assert_eq!(est.ci_high, 1.0);
    }

    #[test]
    fn all_tied_gives_one_half_and_no_spread() {
        let est = auc_with_ci_sorted(&[2.0; 3], &[2.0; 2], 0.95).unwrap();
        assert_eq!(
            (est.auc, est.std_error, est.ci_low, est.ci_high),
            (0.5, 0.0, 0.5, 0.5)
        );
    }

    #[test]
    fn bad_input_is_refused() {
        assert!(matches!(
            auc_with_ci_sorted(&[1.0], &[1.0, 2.0], 0.95),
            Err(MetricError::TooFewForVariance {
                churned: 2,
                retained: 1
            })
        ));
        assert!(matches!(
            auc_with_ci_sorted(&[2.0, 1.0], &[1.0, 2.0], 0.95),
            Err(MetricError::NotSorted)
        ));
        assert!(matches!(
            auc_with_ci_sorted(&[1.0, f64::NAN], &[1.0, 2.0], 0.95),
            Err(MetricError::NonFinite { .. })
        ));
    }

    proptest! {
        #[test]
        fn agrees_with_the_row_version(
            retained in prop::collection::vec(0i32..15, 2..50),
            churned in prop::collection::vec(0i32..15, 2..50),
        ) {
            let mut x: Vec<f64> = retained.iter().map(|&v| f64::from(v) / 4.0).collect();
            let mut y: Vec<f64> = churned.iter().map(|&v| f64::from(v) / 4.0).collect();
            let scores: Vec<f64> = x.iter().chain(&y).copied().collect();
            let labels: Vec<bool> = x.iter().map(|_| false).chain(y.iter().map(|_| true)).collect();
            let rows = auc_with_ci(&scores, &labels, 0.9).unwrap();
            x.sort_by(f64::total_cmp);
            y.sort_by(f64::total_cmp);
            let sorted = auc_with_ci_sorted(&x, &y, 0.9).unwrap();
            prop_assert_eq!(sorted.auc, rows.auc);
            prop_assert!((sorted.std_error - rows.std_error).abs() < EXACT);
            prop_assert!((sorted.ci_low - rows.ci_low).abs() < EXACT);
            prop_assert!((sorted.ci_high - rows.ci_high).abs() < EXACT);
        }

        #[test]
        fn counting_gives_the_sorted_result_to_the_last_bit(
            retained in prop::collection::vec(-6i32..9, 0..60),
            churned in prop::collection::vec(-6i32..9, 0..60),
        ) {
            // quarter steps, with -0.0 among the values: ties across and within classes
            let value = |v: i32| if v == 0 { -0.0 } else { f64::from(v) / 4.0 };
            let mut x: Vec<f64> = retained.iter().map(|&v| value(v)).collect();
            let mut y: Vec<f64> = churned.iter().map(|&v| value(v)).collect();
            let pairs = x.iter().map(|&v| (v, false)).chain(y.iter().map(|&v| (v, true)));
            let counts = ValueCounts::tally(pairs, 15).unwrap();
            let rows: Vec<(f64, bool)> = x.iter().map(|&v| (v, false)).chain(y.iter().map(|&v| (v, true))).collect();
            let (scores, labels): (Vec<f64>, Vec<bool>) = rows.into_iter().unzip();
            x.sort_by(f64::total_cmp);
            y.sort_by(f64::total_cmp);
            match (auc_with_ci_counted(&counts, 0.9), auc_with_ci_sorted(&x, &y, 0.9)) {
                (Ok(counted), Ok(sorted)) => prop_assert_eq!(counted, sorted),
                (counted, sorted) => prop_assert_eq!(format!("{counted:?}"), format!("{sorted:?}")),
            }
            let by_rows = crate::metrics::correlation::point_biserial(&scores, &labels);
            match (crate::metrics::correlation::point_biserial_counted(&counts), by_rows) {
                (Some(counted), Some(rows)) => prop_assert!((counted - rows).abs() < 1e-12),
                (counted, rows) => prop_assert_eq!(counted, rows),
            }
        }
    }
}
