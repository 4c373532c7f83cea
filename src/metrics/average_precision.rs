//! Average precision of "contact the lowest scores first" for finding churners.

use super::ranked::RankedScores;
use super::MetricError;

/// Average precision when accounts are flagged lowest score first, churn being the target.
///
/// `AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ` over distinct scores in ascending order, where after flagging
/// every account with score ≤ the k-th distinct score, `Pₖ` is the share of flagged accounts
/// that churned and `Rₖ` the share of churners flagged (`R₀ = 0`). Tied accounts are flagged
/// together (step-wise, no interpolation). Equals scikit-learn
/// `average_precision_score(churned, -score)`. The no-skill baseline is the churn rate.
/// O(n log n). With no retained accounts AP is 1.
///
/// Errors: [`MetricError::LengthMismatch`], [`MetricError::Empty`],
/// [`MetricError::NonFinite`], and [`MetricError::OneClass`] when nobody churned (recall is
/// undefined).
///
/// ```
/// use healthscore::metrics::average_precision::average_precision;
/// // flag 1: P = 1, R = 1/2; flag 2: P = 1/2; flag 3: P = 2/3, R = 1 → ½·1 + ½·⅔
/// let ap = average_precision(&[1.0, 2.0, 3.0], &[true, false, true]).unwrap();
/// assert!((ap - 5.0 / 6.0).abs() < 1e-15);
/// ```
pub fn average_precision(scores: &[f64], churned: &[bool]) -> Result<f64, MetricError> {
    RankedScores::new(scores, churned)?.average_precision()
}

impl RankedScores<'_> {
    /// [`average_precision`] on the ranked accounts: one pass over the tie runs.
    pub fn average_precision(&self) -> Result<f64, MetricError> {
        let counts = self.counts();
        if counts.churned == 0 {
            return Err(MetricError::OneClass {
                churned: 0,
                retained: counts.retained,
            });
        }
        let total_churned = counts.churned as f64;
        let (mut flagged, mut caught) = (0usize, 0usize);
        let mut ap = 0.0;
        for run in self.runs() {
            flagged += run.len();
            caught += run.churned();
            if run.churned() > 0 {
                let recall_step = run.churned() as f64 / total_churned;
                ap += recall_step * (caught as f64 / flagged as f64);
            }
        }
        Ok(ap.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tolerance::EXACT;

    #[test]
    fn tied_accounts_are_flagged_together() {
        // churned 1, 3; retained 3, 4, 5
        // flag {1}: P = 1, ΔR = 1/2; flag {1, 3, 3}: P = 2/3, ΔR = 1/2 → 1/2 + 1/3 = 5/6
        let ap = average_precision(&[1.0, 3.0, 3.0, 4.0, 5.0], &[true, true, false, false, false]);
        assert!((ap.unwrap() - 5.0 / 6.0).abs() < EXACT);
    }

    #[test]
    fn constant_scores_give_the_churn_rate() {
        let ap = average_precision(&[1.0; 4], &[true, false, false, false]).unwrap();
        assert_eq!(ap, 0.25);
    }

    #[test]
    fn perfect_ranking_gives_one() {
        assert_eq!(average_precision(&[1.0, 2.0, 9.0], &[true, true, false]), Ok(1.0));
    }

    #[test]
    fn no_churners_is_an_error() {
        let err = average_precision(&[1.0, 2.0], &[false, false]).unwrap_err();
        assert!(matches!(
            err,
            MetricError::OneClass {
                churned: 0,
                retained: 2
            }
        ));
    }
}
