//! ROC AUC (rank-sum form) and the ROC curve, for scores where HIGH means healthy.

use super::check::at_least;
use super::ranked::RankedScores;
use super::MetricError;

/// Probability that a randomly chosen retained account scores higher than a randomly chosen
/// churned account, ties counting one half.
///
/// Formula (Mann–Whitney): with `m` retained and `n` churned accounts and `R` the sum of the
/// retained accounts' average ranks among all scores (ascending),
/// `U = R − m(m+1)/2` and `AUC = U / (m·n)`.
/// Equals scikit-learn `roc_auc_score(churned, -score)` = `roc_auc_score(1 - churned, score)`.
/// O(n log n). A constant score gives 0.5.
///
/// Errors: [`MetricError::LengthMismatch`], [`MetricError::Empty`],
/// [`MetricError::NonFinite`], [`MetricError::OneClass`].
///
/// ```
/// use healthscore::metrics::auc::roc_auc;
/// // retained 3 and 2 beat churned 1; retained 2 ties churned 2 (½): (2 + 1 + 1 + ½) / 4
/// let auc = roc_auc(&[3.0, 2.0, 1.0, 2.0], &[false, false, true, true]).unwrap();
/// assert_eq!(auc, 0.875);
/// ```
pub fn roc_auc(scores: &[f64], churned: &[bool]) -> Result<f64, MetricError> {
    RankedScores::new(scores, churned)?.auc()
}

/// One point of the ROC curve: flag accounts with `score <= threshold` as at risk.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RocPoint {
    /// Accounts scoring at or below this value are flagged.
    pub threshold: f64,
    /// Share of retained accounts flagged (false positive rate).
    pub false_alarm_rate: f64,
    /// Share of churned accounts flagged (true positive rate, recall).
    pub churn_caught_rate: f64,
}

/// The ROC curve of "flag the lowest scores", one point per distinct score.
///
/// Point `k` flags every account scoring at or below the `k`-th distinct score (ties move
/// together). The curve starts at (0, 0), where nobody is flagged and the threshold is the
/// largest `f64` below the lowest score (or `f64::MIN` if the lowest score is `f64::MIN`),
/// and ends at (1, 1) with the highest score as threshold. Same points as scikit-learn
/// `roc_curve(churned, -score, drop_intermediate=False)` with thresholds negated.
///
/// If there are more than `max_points` points the curve is thinned to exactly `max_points`:
/// point `k` of `max_points` is original index `round_half_up(k·(len−1)/(max_points−1))`,
/// which keeps the first and last. O(n log n).
///
/// Errors: as [`roc_auc`], plus [`MetricError::TooFew`] if `max_points < 2`.
///
/// ```
/// use healthscore::metrics::auc::roc_curve;
/// let curve = roc_curve(&[1.0, 2.0, 3.0], &[true, false, false], 100).unwrap();
/// let xy: Vec<(f64, f64)> = curve.iter().map(|p| (p.false_alarm_rate, p.churn_caught_rate)).collect();
/// assert_eq!(xy, vec![(0.0, 0.0), (0.0, 1.0), (0.5, 1.0), (1.0, 1.0)]);
/// ```
pub fn roc_curve(scores: &[f64], churned: &[bool], max_points: usize) -> Result<Vec<RocPoint>, MetricError> {
    RankedScores::new(scores, churned)?.roc_curve(max_points)
}

impl RankedScores<'_> {
    /// [`roc_auc`] on the ranked accounts: one pass over the tie runs.
    pub fn auc(&self) -> Result<f64, MetricError> {
        let counts = self.both_classes()?;
        let retained_rank_sum: f64 = self
            .runs()
            .iter()
            .map(|run| {
                let len = run.len() as f64;
                let mid_rank = run.start() as f64 + (len + 1.0) / 2.0;
                run.retained() as f64 * mid_rank
            })
            .sum();
        let m = counts.retained as f64;
        let n = counts.churned as f64;
        let u = retained_rank_sum - m * (m + 1.0) / 2.0;
        Ok((u / (m * n)).clamp(0.0, 1.0))
    }

    /// [`roc_curve`] on the ranked accounts: one pass over the tie runs.
    pub fn roc_curve(&self, max_points: usize) -> Result<Vec<RocPoint>, MetricError> {
        let counts = self.both_classes()?;
        at_least("ROC curve points", max_points, 2)?;
        let (m, n) = (counts.retained as f64, counts.churned as f64);
        let runs = self.runs();
        let lowest = runs.iter().next().ok_or(MetricError::Empty)?.score;
        let start = RocPoint {
            threshold: largest_below(lowest),
            false_alarm_rate: 0.0,
            churn_caught_rate: 0.0,
        };
        let (mut flagged_retained, mut flagged_churned) = (0usize, 0usize);
        let after_each_run = runs.iter().map(|run| {
            flagged_retained += run.retained();
            flagged_churned += run.churned();
            RocPoint {
                threshold: run.score,
                false_alarm_rate: flagged_retained as f64 / m,
                churn_caught_rate: flagged_churned as f64 / n,
            }
        });
        // thinned as the points are made: one point a run would be 24 bytes an account
        Ok(thin_evenly(
            std::iter::once(start).chain(after_each_run),
            runs.len() + 1,
            max_points,
        ))
    }
}

/// Keeps `max_points` evenly spaced entries of the `len` that `points` yields (first and
/// last included; entry `⌊(k·(len − 1) + ⌊(max_points − 1)/2⌋) / (max_points − 1)⌋` for
/// `k = 0, …, max_points − 1`), or all of them when there are at most `max_points`;
/// `max_points >= 2`.
pub(crate) fn thin_evenly<T: Copy>(points: impl Iterator<Item = T>, len: usize, max_points: usize) -> Vec<T> {
    if len <= max_points {
        return points.collect();
    }
    let steps = max_points - 1;
    let mut wanted = (0..max_points)
        .map(|k| (k * (len - 1) + steps / 2) / steps)
        .peekable();
    let mut kept = Vec::with_capacity(max_points);
    for (index, point) in points.enumerate() {
        while wanted.next_if_eq(&index).is_some() {
            kept.push(point);
        }
        if wanted.peek().is_none() {
            break;
        }
    }
    kept
}

/// The largest `f64` strictly below the finite `x`, or `f64::MIN` if there is none.
fn largest_below(x: f64) -> f64 {
    if x == 0.0 {
        return -f64::from_bits(1);
    }
    let bits = x.to_bits();
    let below = if x > 0.0 { bits - 1 } else { bits + 1 };
    f64::from_bits(below).max(f64::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tolerance::EXACT;
    use proptest::prelude::*;

    #[test]
    fn two_churned_three_retained_with_a_tie() {
        // churned: 1, 3    retained: 3, 4, 5
        // pairs (retained, churned): (3,1)=1 (3,3)=½ (4,1)=1 (4,3)=1 (5,1)=1 (5,3)=1 → 5.5/6
        let auc = roc_auc(&[1.0, 3.0, 3.0, 4.0, 5.0], &[true, true, false, false, false]);
        assert!((auc.unwrap() - 5.5 / 6.0).abs() < EXACT);
    }

    #[test]
    fn constant_scores_give_one_half() {
        assert_eq!(roc_auc(&[7.0; 4], &[true, false, false, true]), Ok(0.5));
    }

    #[test]
    fn perfect_separation_gives_one_and_reversed_gives_zero() {
        let churned = [true, true, false, false];
        assert_eq!(roc_auc(&[1.0, 2.0, 3.0, 4.0], &churned), Ok(1.0));
        assert_eq!(roc_auc(&[4.0, 3.0, 2.0, 1.0], &churned), Ok(0.0));
    }

    #[test]
    fn one_class_is_an_error() {
        let err = roc_auc(&[1.0, 2.0], &[false, false]).unwrap_err();
        assert!(matches!(
            err,
            MetricError::OneClass {
                churned: 0,
                retained: 2
            }
        ));
    }

    #[test]
    fn non_finite_score_is_an_error() {
        let err = roc_auc(&[1.0, f64::NAN], &[true, false]).unwrap_err();
        assert!(matches!(err, MetricError::NonFinite { index: 1, .. }));
    }

    #[test]
    fn curve_groups_ties_and_spans_unit_square() {
        // sorted: 1c | 3c 3r | 4r | 5r  →  m = 3 retained, n = 2 churned
        let curve = roc_curve(
            &[3.0, 1.0, 5.0, 3.0, 4.0],
            &[true, true, false, false, false],
            100,
        )
        .unwrap();
        let xy: Vec<(f64, f64)> = curve
            .iter()
            .map(|p| (p.false_alarm_rate, p.churn_caught_rate))
            .collect();
        let third = 1.0 / 3.0;
        assert_eq!(
            xy,
            vec![
                (0.0, 0.0),
                (0.0, 0.5),
                (third, 1.0),
                (2.0 * third, 1.0),
                (1.0, 1.0)
            ]
        );
        assert!(curve[0].threshold < 1.0 && curve[0].threshold > 0.999_999);
        assert_eq!(curve[4].threshold, 5.0);
    }

    #[test]
    fn thinning_keeps_first_last_and_even_spacing() {
        let picked = thin_evenly(0..11, 11, 4);
        // k·10/3 = 0, 3.33, 6.67, 10 → 0, 3, 7, 10
        assert_eq!(picked, vec![0, 3, 7, 10]);
        assert_eq!(thin_evenly(1..4, 3, 5), vec![1, 2, 3]);
    }

    #[test]
    fn curve_needs_two_points() {
        let err = roc_curve(&[1.0, 2.0], &[true, false], 1).unwrap_err();
        assert!(matches!(err, MetricError::TooFew { got: 1, min: 2, .. }));
    }

    #[test]
    fn largest_below_steps_one_ulp_down() {
        assert_eq!(largest_below(1.0), 1.0 - f64::EPSILON / 2.0);
        assert_eq!(largest_below(-1.0), -1.0 - f64::EPSILON);
        assert!(largest_below(0.0) < 0.0);
        assert_eq!(largest_below(f64::MIN), f64::MIN);
    }

    fn labelled_scores() -> impl Strategy<Value = (Vec<f64>, Vec<bool>)> {
        prop::collection::vec((-50i32..50, any::<bool>()), 2..60)
            .prop_filter("needs both classes", |rows| {
                rows.iter().any(|r| r.1) && rows.iter().any(|r| !r.1)
            })
            .prop_map(|rows| rows.into_iter().map(|(s, c)| (s as f64 / 4.0, c)).unzip())
    }

    proptest! {
        /// Thinning as the points come picks what picking from the whole list picks.
        #[test]
        fn thinning_as_they_come_picks_the_same(len in 0usize..600, max_points in 2usize..60) {
            let all: Vec<usize> = (0..len).collect();
            let from_whole: Vec<usize> = if len <= max_points {
                all.clone()
            } else {
                let steps = max_points - 1;
                (0..max_points).map(|k| all[(k * (len - 1) + steps / 2) / steps]).collect()
            };
            prop_assert_eq!(thin_evenly(all.into_iter(), len, max_points), from_whole);
        }

        #[test]
        fn auc_lies_in_unit_interval((scores, churned) in labelled_scores()) {
            let auc = roc_auc(&scores, &churned).unwrap();
            prop_assert!((0.0..=1.0).contains(&auc));
        }

        #[test]
        fn negating_scores_mirrors_auc((scores, churned) in labelled_scores()) {
            let negated: Vec<f64> = scores.iter().map(|s| -s).collect();
            let sum = roc_auc(&scores, &churned).unwrap() + roc_auc(&negated, &churned).unwrap();
            prop_assert!((sum - 1.0).abs() < EXACT);
        }

        #[test]
        fn increasing_transforms_keep_auc((scores, churned) in labelled_scores()) {
            let auc = roc_auc(&scores, &churned).unwrap();
            let affine: Vec<f64> = scores.iter().map(|s| 3.0 * s + 7.0).collect();
            let exp: Vec<f64> = scores.iter().map(|s| s.exp()).collect();
            prop_assert_eq!(roc_auc(&affine, &churned).unwrap(), auc);
            prop_assert_eq!(roc_auc(&exp, &churned).unwrap(), auc);
        }

        #[test]
        fn curve_is_monotone_from_origin_to_corner(
            (scores, churned) in labelled_scores(),
            max_points in 2usize..20,
        ) {
            let curve = roc_curve(&scores, &churned, max_points).unwrap();
            prop_assert!(curve.len() <= max_points);
            let (first, last) = (curve[0], curve[curve.len() - 1]);
            prop_assert_eq!((first.false_alarm_rate, first.churn_caught_rate), (0.0, 0.0));
            prop_assert_eq!((last.false_alarm_rate, last.churn_caught_rate), (1.0, 1.0));
            for pair in curve.windows(2) {
                prop_assert!(pair[0].threshold < pair[1].threshold);
                prop_assert!(pair[0].false_alarm_rate <= pair[1].false_alarm_rate);
                prop_assert!(pair[0].churn_caught_rate <= pair[1].churn_caught_rate);
            }
        }
    }
}
