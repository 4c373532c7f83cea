//! The cumulative gains curve (reviewing the lowest scores first), read off the ROC curve.

/// Cumulative gains points `(share of accounts reviewed, share of churned caught)` from ROC
/// points `(false alarm rate, churn caught rate)` of "flag the lowest scores", on `churned`
/// churned and `retained` retained accounts.
///
/// At a threshold flagging TP churned and FP retained accounts, the ROC point is
/// (FP/N, TP/P) and the gains point is ((TP + FP)/n, TP/P) with n = P + N, so
/// `x = (fpr·N + tpr·P) / n` and `y = tpr` (Ling & Li 1998; the gains chart of
/// scikit-plot's `plot_cumulative_gain`). Every ROC vertex is a tie-run boundary, so each
/// gains point is exact. O(points). Empty when there are no accounts.
///
/// ```
/// use healthscore::metrics::gains::cumulative_gains;
/// // scores 1, 2, 3 with the lowest churned: ROC (0,0), (0,1), (0.5,1), (1,1)
/// let gains = cumulative_gains(&[(0.0, 0.0), (0.0, 1.0), (0.5, 1.0), (1.0, 1.0)], 1, 2);
/// assert_eq!(gains, vec![(0.0, 0.0), (1.0 / 3.0, 1.0), (2.0 / 3.0, 1.0), (1.0, 1.0)]);
/// ```
pub fn cumulative_gains(roc: &[(f64, f64)], churned: usize, retained: usize) -> Vec<(f64, f64)> {
    let n = (churned + retained) as f64;
    if n == 0.0 {
        return Vec::new();
    }
    let (p, m) = (churned as f64, retained as f64);
    roc.iter()
        .map(|&(false_alarms, caught)| (((false_alarms * m + caught * p) / n).clamp(0.0, 1.0), caught))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::cumulative_gains;
    use crate::metrics::auc::roc_curve;

    #[test]
    fn matches_counting_the_lowest_scores_by_hand() {
        // scores 1, 2, 2, 3, 4 churned T, T, F, F, T: runs 1 | 2 2 | 3 | 4
        // reviewed 1 → 1 of 3 churned; 3 → 2; 4 → 2; 5 → 3
        let roc: Vec<(f64, f64)> =
            roc_curve(&[1.0, 2.0, 2.0, 3.0, 4.0], &[true, true, false, false, true], 100)
                .unwrap()
                .iter()
                .map(|p| (p.false_alarm_rate, p.churn_caught_rate))
                .collect();
        let gains = cumulative_gains(&roc, 3, 2);
        let expected = [
            (0.0, 0.0),
            (0.2, 1.0 / 3.0),
            (0.6, 2.0 / 3.0),
            (0.8, 2.0 / 3.0),
            (1.0, 1.0),
        ];
        assert_eq!(gains.len(), expected.len());
        for ((x, y), (ex, ey)) in gains.iter().zip(expected) {
            assert!((x - ex).abs() < 1e-12 && (y - ey).abs() < 1e-12, "{gains:?}");
        }
    }

    #[test]
    fn no_accounts_give_no_curve() {
        assert!(cumulative_gains(&[(0.0, 0.0)], 0, 0).is_empty());
    }
}
