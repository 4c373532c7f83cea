//! DeLong (1988) standard error, confidence interval and paired test for the AUC, computed
//! with the O(n log n) midrank algorithm of Sun & Xu (2014).

use super::check::ClassCounts;
use super::check::{both_classes, confidence as check_confidence, paired_inputs, same_length};
use super::delong_components::enough_for_variance;
pub use super::delong_components::{paired_test_components, PairedAucTest, StructuralComponents};
pub(crate) use super::delong_components::{same_accounts, variance_counts};
use super::delong_sorted::estimate_from_class_runs;
pub use super::delong_sorted::AucEstimate;
use super::ranked::RankedScores;
use super::MetricError;

/// AUC with DeLong standard error and a normal confidence interval.
///
/// Structural components (DeLong, DeLong & Clarke-Pearson 1988), with ψ(x, y) = 1 if retained
/// score x > churned score y, ½ if equal, 0 otherwise, over `m` retained and `n` churned:
/// `V10(xᵢ) = (1/n)·Σⱼ ψ(xᵢ, yⱼ)`, `V01(yⱼ) = (1/m)·Σᵢ ψ(xᵢ, yⱼ)`,
/// `Var(AUC) = S10/m + S01/n` with S10, S01 the sample variances (denominator count − 1).
/// Sun & Xu (2014) compute V10 and V01 from midranks in O(n log n): `V10(xᵢ) = (T_Z(xᵢ) −
/// T_X(xᵢ))/n`, which is "churned scoring below xᵢ, plus ½ per tie", read off one sorted pass
/// here.
///
/// `ci = auc ± z·se` with `z = Φ⁻¹(1 − (1 − confidence)/2)` (1.959963984540054 at 0.95),
/// clipped to [0, 1]. Zero variance (constant scores, perfect separation) gives `se = 0` and
/// `ci = [auc, auc]`.
///
/// Errors: [`MetricError::LengthMismatch`], [`MetricError::Empty`],
/// [`MetricError::NonFinite`], [`MetricError::OneClass`], [`MetricError::TooFewForVariance`]
/// (fewer than 2 of a class), [`MetricError::InvalidConfidence`].
///
/// ```
/// use healthscore::metrics::delong::auc_with_ci;
/// let est = auc_with_ci(&[1.0, 2.0, 3.0, 4.0], &[true, true, false, false], 0.95).unwrap();
/// assert_eq!((est.auc, est.std_error, est.ci_low, est.ci_high), (1.0, 0.0, 1.0, 1.0));
/// ```
pub fn auc_with_ci(scores: &[f64], churned: &[bool], confidence: f64) -> Result<AucEstimate, MetricError> {
    variance_inputs(&[scores], churned)?;
    check_confidence(confidence)?;
    RankedScores::new(scores, churned)?.auc_with_ci(confidence)
}

impl RankedScores<'_> {
    /// [`auc_with_ci`] on the ranked accounts, from the tie runs alone: all accounts in a
    /// run share their structural component, so each run adds its count times its squared
    /// deviation (no per-account components; equal to summing per account up to rounding).
    pub fn auc_with_ci(&self, confidence: f64) -> Result<AucEstimate, MetricError> {
        let counts = variance_counts(self)?;
        check_confidence(confidence)?;
        Ok(estimate_from_class_runs(
            self.runs(),
            counts.retained,
            counts.churned,
            confidence,
        ))
    }
}

/// DeLong test of `AUC(a) − AUC(b)` for two scorecards scored on the same accounts.
///
/// `Var(AUC_a − AUC_b) = (S10_aa + S10_bb − 2·S10_ab)/m + (S01_aa + S01_bb − 2·S01_ab)/n`, with
/// S the sample covariances of the structural components (DeLong 1988, eq. for correlated
/// ROC curves). It is computed as the sample variance of the per-account differences
/// `V_a − V_b`, which is the same quantity and never negative. `z = diff / se`, two-sided
/// normal p-value. If the variance is 0 (identical rankings, or both scorecards perfect),
/// the difference is exactly 0 and the test reports `z = 0`, `p_value = 1`.
///
/// Errors: as [`auc_with_ci`] (no confidence level), including
/// [`MetricError::LengthMismatch`] if either score column differs in length from `churned`.
///
/// ```
/// use healthscore::metrics::delong::paired_test;
/// let churned = [true, false, true, false, false];
/// let a = [1.0, 5.0, 2.0, 3.0, 4.0];
/// let test = paired_test(&a, &a, &churned).unwrap();
/// assert_eq!((test.diff, test.z, test.p_value), (0.0, 0.0, 1.0));
/// ```
pub fn paired_test(
    scores_a: &[f64],
    scores_b: &[f64],
    churned: &[bool],
) -> Result<PairedAucTest, MetricError> {
    variance_inputs(&[scores_a, scores_b], churned)?;
    let a = RankedScores::new(scores_a, churned)?;
    let b = RankedScores::new(scores_b, churned)?;
    paired_test_ranked(&a, &b)
}

/// [`paired_test`] on two rankings of the same accounts (each sorted once, e.g. shared
/// with the single-candidate statistics).
///
/// Errors: [`MetricError::LengthMismatch`] when `a` and `b` hold different numbers of
/// accounts, [`MetricError::DifferentOutcomes`] when their outcomes differ, then as
/// [`paired_test`].
pub fn paired_test_ranked(a: &RankedScores, b: &RankedScores) -> Result<PairedAucTest, MetricError> {
    same_accounts(a, b)?;
    let components_a = StructuralComponents::new(a)?;
    let components_b = StructuralComponents::new(b)?;
    paired_test_components((a, &components_a), (b, &components_b))
}

/// Validates every score column against `churned` and requires 2+ accounts per class.
fn variance_inputs(columns: &[&[f64]], churned: &[bool]) -> Result<ClassCounts, MetricError> {
    for scores in columns {
        same_length(scores.len(), churned.len())?;
        paired_inputs(scores, churned)?;
    }
    enough_for_variance(both_classes(churned)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tolerance::EXACT;
    use proptest::prelude::*;

    // churned: 1, 3    retained: 3, 4, 5   (AUC = 5.5/6)
    const SCORES: [f64; 5] = [1.0, 3.0, 3.0, 4.0, 5.0];
    const CHURNED: [bool; 5] = [true, true, false, false, false];

    #[test]
    fn hand_worked_variance() {
        // V10 (retained 3, 4, 5) = (1 + ½)/2, 1, 1 = 0.75, 1, 1    mean 11/12
        // V01 (churned 1, 3)     = 1, (½ + 1 + 1)/3 = 5/6        mean 11/12
        // S10 = [(−1/6)² + 2·(1/12)²] / 2 = 1/48
        // S01 = [(1/12)² + (−1/12)²] / 1 = 1/72
        // Var = S10/3 + S01/2 = 1/144 + 1/144 = 1/72
        let est = auc_with_ci(&SCORES, &CHURNED, 0.95).unwrap();
        assert!((est.auc - 11.0 / 12.0).abs() < EXACT);
        assert!((est.std_error - (1.0f64 / 72.0).sqrt()).abs() < EXACT);
        let z = 1.959_963_984_540_054;
        assert!((est.ci_low - (11.0 / 12.0 - z * est.std_error)).abs() < EXACT);
        assert_eq!(est.ci_high, 1.0); // 0.9167 + 0.2310 clipped
    }

    #[test]
    fn constant_scores_have_zero_standard_error() {
        let est = auc_with_ci(&[2.0; 4], &[true, false, true, false], 0.9).unwrap();
        assert_eq!(
            est,
            AucEstimate {
                auc: 0.5,
                std_error: 0.0,
                ci_low: 0.5,
                ci_high: 0.5
            }
        );
    }

    #[test]
    fn two_perfect_scorecards_test_as_equal() {
        let churned = [true, true, false, false];
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [10.0, 20.0, 30.0, 45.0];
        let test = paired_test(&a, &b, &churned).unwrap();
        assert_eq!(
            (test.diff, test.std_error, test.z, test.p_value),
            (0.0, 0.0, 0.0, 1.0)
        );
    }

    #[test]
    fn perfect_versus_reversed_gives_finite_p_value() {
        let churned = [true, true, false, false, true, false];
        let good = [1.0, 2.0, 5.0, 6.0, 3.0, 4.0];
        let bad: Vec<f64> = good.iter().map(|s| -s).collect();
        let test = paired_test(&good, &bad, &churned).unwrap();
        assert_eq!(test.diff, 1.0);
        assert!(test.p_value.is_finite() && test.z.is_finite());
    }

    #[test]
    fn one_account_of_a_class_is_too_few() {
        let err = auc_with_ci(&[1.0, 2.0, 3.0], &[true, false, false], 0.95).unwrap_err();
        assert!(matches!(
            err,
            MetricError::TooFewForVariance {
                churned: 1,
                retained: 2
            }
        ));
    }

    #[test]
    fn second_column_length_is_checked() {
        let err = paired_test(&[1.0, 2.0], &[1.0], &[true, false]).unwrap_err();
        assert!(matches!(
            err,
            MetricError::LengthMismatch {
                scores: 1,
                outcomes: 2
            }
        ));
    }

    #[test]
    fn bad_confidence_is_rejected() {
        let err = auc_with_ci(&SCORES, &CHURNED, 95.0).unwrap_err();
        assert!(matches!(err, MetricError::InvalidConfidence { .. }));
    }

    fn labelled_scores() -> impl Strategy<Value = (Vec<f64>, Vec<bool>)> {
        prop::collection::vec((0i32..20, any::<bool>()), 4..60)
            .prop_filter("needs 2+ of each class", |rows| {
                let churned = rows.iter().filter(|r| r.1).count();
                churned >= 2 && rows.len() - churned >= 2
            })
            .prop_map(|rows| rows.into_iter().map(|(s, c)| (s as f64, c)).unzip())
    }

    proptest! {
        #[test]
        fn score_against_itself_gives_no_difference((scores, churned) in labelled_scores()) {
            let test = paired_test(&scores, &scores, &churned).unwrap();
            prop_assert_eq!(test.diff, 0.0);
            prop_assert_eq!(test.p_value, 1.0);
        }

        #[test]
        fn interval_contains_auc_and_stays_finite((scores, churned) in labelled_scores()) {
            let est = auc_with_ci(&scores, &churned, 0.95).unwrap();
            prop_assert!(est.std_error.is_finite() && est.std_error >= 0.0);
            prop_assert!(0.0 <= est.ci_low && est.ci_low <= est.auc);
            prop_assert!(est.auc <= est.ci_high && est.ci_high <= 1.0);
        }
    }
}
