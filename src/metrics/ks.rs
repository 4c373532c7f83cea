//! Two-sample Kolmogorov–Smirnov statistic between churned and retained score distributions.

use super::ranked::RankedScores;
use super::MetricError;

/// Two-sample KS statistic `D = sup_x |F_churned(x) − F_retained(x)|`.
///
/// The empirical CDFs are evaluated after every distinct score (all tied accounts counted),
/// as `scipy.stats.ks_2samp(churned_scores, retained_scores).statistic` does. Differences are
/// taken in exact integer arithmetic, `|c·m − r·n| / (n·m)`, and divided once at the end.
/// O(n log n). In [0, 1]; 1 means the score separates the classes perfectly, in either
/// direction (KS has no sign).
///
/// Errors: [`MetricError::LengthMismatch`], [`MetricError::Empty`],
/// [`MetricError::NonFinite`], [`MetricError::OneClass`].
///
/// ```
/// use healthscore::metrics::ks::ks_statistic;
/// // after score 1: F_churned = 1/2, F_retained = 0 → D = 1/2
/// let d = ks_statistic(&[1.0, 2.0, 2.0, 3.0], &[true, true, false, false]).unwrap();
/// assert_eq!(d, 0.5);
/// ```
pub fn ks_statistic(scores: &[f64], churned: &[bool]) -> Result<f64, MetricError> {
    RankedScores::new(scores, churned)?.ks()
}

impl RankedScores<'_> {
    /// [`ks_statistic`] on the ranked accounts: one pass over the tie runs.
    pub fn ks(&self) -> Result<f64, MetricError> {
        let counts = self.both_classes()?;
        let (n, m) = (counts.churned as u128, counts.retained as u128);
        let (mut churned_below, mut retained_below) = (0u128, 0u128);
        let mut widest = 0u128;
        for run in self.runs() {
            churned_below += run.churned() as u128;
            retained_below += run.retained() as u128;
            widest = widest.max((churned_below * m).abs_diff(retained_below * n));
        }
        Ok(widest as f64 / (n as f64 * m as f64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_are_counted_before_comparing() {
        // churned 1, 3; retained 3, 4, 5
        // after 1: |1/2 − 0| = 1/2; after 3: |1 − 1/3| = 2/3; after 4: 1/3; after 5: 0
        let d = ks_statistic(&[1.0, 3.0, 3.0, 4.0, 5.0], &[true, true, false, false, false]);
        assert_eq!(d, Ok(2.0 / 3.0));
    }

    #[test]
    fn constant_scores_give_zero() {
        assert_eq!(ks_statistic(&[4.0; 3], &[true, false, false]), Ok(0.0));
    }

    #[test]
    fn perfect_separation_gives_one_in_either_direction() {
        let churned = [true, false];
        assert_eq!(ks_statistic(&[1.0, 2.0], &churned), Ok(1.0));
        assert_eq!(ks_statistic(&[2.0, 1.0], &churned), Ok(1.0));
    }

    #[test]
    fn one_class_is_an_error() {
        let err = ks_statistic(&[1.0], &[true]).unwrap_err();
        assert!(matches!(err, MetricError::OneClass { .. }));
    }
}
