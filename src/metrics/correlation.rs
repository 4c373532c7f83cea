//! Pearson, Spearman and point-biserial correlation.

use super::ranks::average_ranks;

/// Pearson correlation `r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)²·Σ(y−ȳ)²)`, as `scipy.stats.pearsonr`.
///
/// Returns `None` when r is undefined: fewer than 2 pairs, slices of different lengths, any
/// non-finite value, either side constant, or values so large that the sums overflow.
/// Otherwise clamped to [−1, 1]. Two passes, O(n).
///
/// ```
/// use healthscore::metrics::correlation::pearson;
/// assert_eq!(pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), Some(1.0));
/// assert_eq!(pearson(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]), None);
/// ```
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 || !all_finite(x) || !all_finite(y) {
        return None;
    }
    if is_constant(x) || is_constant(y) {
        return None;
    }
    let n = x.len() as f64;
    let (mean_x, mean_y) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
    for (&xi, &yi) in x.iter().zip(y) {
        let (dx, dy) = (xi - mean_x, yi - mean_y);
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    // √(sxx·syy) is exact more often (r = ±1 exactly for linear data); the separate roots
    // avoid overflow and underflow of the product for extreme magnitudes
    let joint = (sxx * syy).sqrt();
    let scale = if joint.is_normal() {
        joint
    } else {
        sxx.sqrt() * syy.sqrt()
    };
    let r = sxy / scale;
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

/// Spearman rank correlation: Pearson correlation of the average ranks
/// ([`average_ranks`]), as `scipy.stats.spearmanr`. `None` under the same conditions as
/// [`pearson`] (checked on the raw values, so a NaN is never silently ranked).
///
/// ```
/// use healthscore::metrics::correlation::spearman;
/// assert_eq!(spearman(&[1.0, 2.0, 3.0], &[1.0, 8.0, 27.0]), Some(1.0));
/// ```
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || !all_finite(x) || !all_finite(y) {
        return None;
    }
    pearson(&average_ranks(x), &average_ranks(y))
}

/// Point-biserial correlation of score with churn: [`pearson`] with churned = 1.0 and
/// retained = 0.0, as `scipy.stats.pointbiserialr(churned, scores)`. Negative when healthy
/// (high) scores go with less churn. `None` when all accounts share one outcome, the score
/// is constant, lengths differ, n < 2 or a score is non-finite.
///
/// ```
/// use healthscore::metrics::correlation::point_biserial;
/// assert_eq!(point_biserial(&[1.0, 9.0], &[true, false]), Some(-1.0));
/// ```
pub fn point_biserial(scores: &[f64], churned: &[bool]) -> Option<f64> {
    if scores.len() != churned.len() {
        return None;
    }
    let outcome: Vec<f64> = churned.iter().map(|&c| f64::from(u8::from(c))).collect();
    pearson(scores, &outcome)
}

fn all_finite(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite())
}

/// Exact check: every value equals the first (a computed variance of a constant column
/// can come out as a tiny positive number instead of 0).
fn is_constant(values: &[f64]) -> bool {
    values.iter().all(|&v| v == values[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tolerance::EXACT;

    #[test]
    fn hand_worked_pearson() {
        // x̄ = 2, ȳ = 3; dx = −1, 0, 1; dy = −1, −1, 2 → Σdxdy = 3, Σdx² = 2, Σdy² = 6
        // r = 3 / √12 = √3 / 2
        let r = pearson(&[1.0, 2.0, 3.0], &[2.0, 2.0, 5.0]).unwrap();
        assert!((r - 3f64.sqrt() / 2.0).abs() < EXACT);
    }

    #[test]
    fn spearman_uses_average_ranks_for_ties() {
        // ranks x: 1, 2, 3; ranks y: 1.5, 1.5, 3 → same shape as the Pearson case: √3 / 2
        let rho = spearman(&[10.0, 20.0, 30.0], &[7.0, 7.0, 100.0]).unwrap();
        assert!((rho - 3f64.sqrt() / 2.0).abs() < EXACT);
    }

    #[test]
    fn undefined_cases_give_none() {
        assert_eq!(pearson(&[1.0], &[2.0]), None);
        assert_eq!(pearson(&[1.0, 2.0], &[1.0]), None);
        assert_eq!(pearson(&[0.1, 0.1, 0.1], &[1.0, 2.0, 3.0]), None);
        assert_eq!(spearman(&[f64::NAN, 1.0], &[1.0, 2.0]), None);
        assert_eq!(point_biserial(&[1.0, 2.0], &[true, true]), None);
        assert_eq!(pearson(&[1e300, -1e300], &[1e300, -1e300]), None);
    }

    #[test]
    fn point_biserial_is_pearson_on_zero_one_outcome() {
        let scores = [3.0, 1.0, 4.0, 1.5];
        let churned = [false, true, false, true];
        let expected = pearson(&scores, &[0.0, 1.0, 0.0, 1.0]).unwrap();
        assert_eq!(point_biserial(&scores, &churned), Some(expected));
        assert!(expected < -0.9);
    }
}
