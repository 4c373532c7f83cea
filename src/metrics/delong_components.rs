//! DeLong's structural components of one ranking, made once and shared by every paired
//! test that ranking takes part in (a candidate compared with two others needs them twice).

use super::check::same_length;
use super::check::ClassCounts;
use super::normal::two_sided_p_value;
use super::ranked::RankedScores;
use super::MetricError;

/// DeLong structural components of a ranking, one per account, and the AUC they average to
/// (DeLong, DeLong & Clarke-Pearson 1988; Sun & Xu 2014's midrank differences):
/// a retained account's `V10` is the share of churned accounts it outscores, ties ½, that is
/// `(2·churned below + churned tied) / 2n`; a churned account's `V01` is the share of
/// retained accounts that outscore it, `(2·retained above + retained tied) / 2m`.
///
/// Each is kept as its integer numerator (`u32`, 4 bytes an account instead of 8), and
/// divided when read, which gives the same `f64` as dividing at once: hence at most
/// `u32::MAX / 2` accounts ([`MetricError::TooManyAccounts`] above).
#[derive(Debug, Clone)]
pub struct StructuralComponents {
    /// Twice the count behind each account's component, in row order.
    twice_counts: Vec<u32>,
    counts: ClassCounts,
    auc: f64,
}

impl StructuralComponents {
    /// One pass over the ranking's tie runs.
    ///
    /// Errors: [`MetricError::OneClass`], [`MetricError::TooFewForVariance`] (fewer than
    /// 2 of a class), [`MetricError::TooManyAccounts`] (more than `u32::MAX / 2`).
    pub fn new(ranked: &RankedScores) -> Result<Self, MetricError> {
        let counts = variance_counts(ranked)?;
        if ranked.len() > (u32::MAX / 2) as usize {
            return Err(MetricError::TooManyAccounts {
                accounts: ranked.len(),
            });
        }
        let (m, n) = (counts.retained, counts.churned);
        let churned = ranked.churned();
        let mut twice_counts = vec![0u32; ranked.len()];
        let (mut churned_below, mut retained_below) = (0usize, 0usize);
        // 2·U = Σ over retained of (2·churned below + churned tied), exact in f64
        let mut twice_u = 0.0;
        for run in ranked.runs() {
            let retained_above = m - retained_below - run.retained();
            let twice_v10 = 2 * churned_below + run.churned();
            let twice_v01 = 2 * retained_above + run.retained();
            for &i in ranked.members(&run) {
                let i = i as usize;
                twice_counts[i] = if churned[i] { twice_v01 } else { twice_v10 } as u32;
            }
            twice_u += run.retained() as f64 * twice_v10 as f64;
            churned_below += run.churned();
            retained_below += run.retained();
        }
        let auc = twice_u / (2.0 * m as f64 * n as f64);
        Ok(StructuralComponents {
            twice_counts,
            counts,
            auc,
        })
    }

    /// The AUC the components average to.
    pub fn auc(&self) -> f64 {
        self.auc
    }

    /// The component of account `i`, whose outcome is `churned`.
    fn value(&self, i: usize, churned: bool) -> f64 {
        let (m, n) = (self.counts.retained, self.counts.churned);
        let denominator = if churned { 2 * m } else { 2 * n };
        f64::from(self.twice_counts[i]) / denominator as f64
    }
}

/// [`paired_test_ranked`](super::delong::paired_test_ranked) on two rankings of the same
/// accounts whose components are already made (`components_a` of `a`, `components_b` of
/// `b`).
///
/// Errors: as `paired_test_ranked`, and [`MetricError::LengthMismatch`] when the
/// components are not of these rankings' length.
pub fn paired_test_components(
    (a, components_a): (&RankedScores, &StructuralComponents),
    (b, components_b): (&RankedScores, &StructuralComponents),
) -> Result<PairedAucTest, MetricError> {
    same_accounts(a, b)?;
    let counts = variance_counts(a)?;
    for components in [components_a, components_b] {
        if components.twice_counts.len() != a.len() {
            return Err(MetricError::LengthMismatch {
                scores: components.twice_counts.len(),
                outcomes: a.len(),
            });
        }
    }
    let diff = components_a.auc - components_b.auc;
    let churned = a.churned();
    let variance = class_variance(
        |i| components_a.value(i, churned[i]) - components_b.value(i, churned[i]),
        diff,
        churned,
        counts,
    );
    let std_error = variance.sqrt();
    let (z, p_value) = if std_error > 0.0 {
        let z = diff / std_error;
        (z, two_sided_p_value(z))
    } else {
        (0.0, 1.0)
    };
    Ok(PairedAucTest {
        auc_a: components_a.auc,
        auc_b: components_b.auc,
        diff,
        std_error,
        z,
        p_value,
    })
}

/// `S10/m + S01/n`: sample variance of `value(i)` around `center` among retained accounts
/// divided by m, plus the same among churned accounts divided by n.
fn class_variance(value: impl Fn(usize) -> f64, center: f64, churned: &[bool], counts: ClassCounts) -> f64 {
    let (mut ss_retained, mut ss_churned) = (0.0, 0.0);
    for (i, &is_churned) in churned.iter().enumerate() {
        let d = value(i) - center;
        if is_churned {
            ss_churned += d * d;
        } else {
            ss_retained += d * d;
        }
    }
    let (m, n) = (counts.retained as f64, counts.churned as f64);
    ss_retained / ((m - 1.0) * m) + ss_churned / ((n - 1.0) * n)
}

/// DeLong test comparing two scorecards' AUCs on the same accounts.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PairedAucTest {
    /// AUC of the first scorecard.
    pub auc_a: f64,
    /// AUC of the second scorecard.
    pub auc_b: f64,
    /// `auc_a − auc_b`.
    pub diff: f64,
    /// DeLong standard error of `diff`.
    pub std_error: f64,
    /// `diff / std_error`, or 0 when `std_error` is 0.
    pub z: f64,
    /// Two-sided normal p-value of `z`, or 1 when `std_error` is 0.
    pub p_value: f64,
}

/// Checks that two rankings describe the same accounts' outcomes.
pub(crate) fn same_accounts(a: &RankedScores, b: &RankedScores) -> Result<(), MetricError> {
    same_length(b.len(), a.len())?;
    if a.churned() != b.churned() {
        return Err(MetricError::DifferentOutcomes);
    }
    Ok(())
}

/// Requires 2+ accounts per class of a ranking.
pub(crate) fn variance_counts(ranked: &RankedScores) -> Result<ClassCounts, MetricError> {
    enough_for_variance(ranked.both_classes()?)
}

/// `counts` when each class has the 2+ accounts a DeLong variance needs.
pub(crate) fn enough_for_variance(counts: ClassCounts) -> Result<ClassCounts, MetricError> {
    if counts.churned < 2 || counts.retained < 2 {
        return Err(MetricError::TooFewForVariance {
            churned: counts.churned,
            retained: counts.retained,
        });
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::delong::paired_test_ranked;
    use proptest::prelude::*;

    // churned: 1, 3    retained: 3, 4, 5
    const SCORES: [f64; 5] = [1.0, 3.0, 3.0, 4.0, 5.0];
    const CHURNED: [bool; 5] = [true, true, false, false, false];

    #[test]
    fn hand_worked_components() {
        // V01 (churned 1, 3) = 1, (½ + 1 + 1)/3 = 5/6; V10 (retained 3, 4, 5) = 3/4, 1, 1
        let ranked = RankedScores::new(&SCORES, &CHURNED).unwrap();
        let components = StructuralComponents::new(&ranked).unwrap();
        let values: Vec<f64> = (0..5).map(|i| components.value(i, CHURNED[i])).collect();
        assert_eq!(values, vec![1.0, 5.0 / 6.0, 0.75, 1.0, 1.0]);
        assert_eq!(components.auc(), 11.0 / 12.0);
    }

    #[test]
    fn components_of_other_accounts_are_refused() {
        let a = RankedScores::new(&SCORES, &CHURNED).unwrap();
        let longer = RankedScores::new(
            &[1.0, 3.0, 3.0, 4.0, 5.0, 2.0],
            &[true, true, false, false, false, true],
        )
        .unwrap();
        let wrong = StructuralComponents::new(&longer).unwrap();
        let right = StructuralComponents::new(&a).unwrap();
        assert!(matches!(
            paired_test_components((&a, &right), (&a, &wrong)),
            Err(MetricError::LengthMismatch { .. })
        ));
        let one = RankedScores::new(&SCORES[..3], &CHURNED[..3]).unwrap();
        assert!(matches!(
            StructuralComponents::new(&one),
            Err(MetricError::TooFewForVariance {
                churned: 2,
                retained: 1
            })
        ));
    }

    proptest! {
        /// Components made once and shared give every pair's test to the last bit.
        #[test]
        fn shared_components_give_the_same_tests(
            rows in prop::collection::vec((0i32..12, 0i32..12, 0i32..12, any::<bool>()), 4..120)
        ) {
            let churned: Vec<bool> = rows.iter().map(|r| r.3).collect();
            prop_assume!(churned.iter().filter(|&&c| c).count() >= 2);
            prop_assume!(churned.iter().filter(|&&c| !c).count() >= 2);
            let columns: Vec<Vec<f64>> = vec![
                rows.iter().map(|r| f64::from(r.0)).collect(),
                rows.iter().map(|r| f64::from(r.1) / 3.0).collect(),
                rows.iter().map(|r| f64::from(r.2 - r.0)).collect(),
            ];
            let ranked: Vec<RankedScores> =
                columns.iter().map(|c| RankedScores::new(c, &churned).unwrap()).collect();
            let components: Vec<StructuralComponents> =
                ranked.iter().map(|r| StructuralComponents::new(r).unwrap()).collect();
            for (i, j) in [(0, 1), (0, 2), (1, 2)] {
                let shared = paired_test_components((&ranked[i], &components[i]), (&ranked[j], &components[j]));
                let alone = paired_test_ranked(&ranked[i], &ranked[j]);
                let bits = |t: PairedAucTest| [t.auc_a, t.auc_b, t.diff, t.std_error, t.z, t.p_value].map(f64::to_bits);
                prop_assert_eq!(shared.map(bits), alone.map(bits));
            }
        }
    }
}
