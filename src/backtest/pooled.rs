//! The walk-forward's verdicts: one split's comparison in words, and the tested splits
//! pooled by inverse variance.

use serde::Serialize;

use crate::format::format_p;
use crate::judgement::{judge_difference, Difference};
use crate::metrics::normal::two_sided_p_value;

/// Inverse-variance pooled difference over the tested splits, treating test periods as
/// independent: `diff = Σ wᵢ·dᵢ / Σ wᵢ`, `wᵢ = 1/SEᵢ²`, `SE = 1/√Σ wᵢ`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PooledComparison {
    pub splits: usize,
    pub auc_diff: f64,
    pub std_error: f64,
    pub z: f64,
    pub p_value: f64,
    pub verdict: String,
}

/// The comparison in plain words; a winner is named only when `p < 0.05`.
pub fn verdict(diff: f64, p_value: f64, aucs: Option<(f64, f64)>) -> String {
    let p = format_p(p_value);
    let figures = aucs.map_or_else(
        || format!("AUC difference {diff:+.3}, {p}"),
        |(fitted, current)| format!("AUC {fitted:.3} vs {current:.3} ({diff:+.3}, {p})"),
    );
    match judge_difference(diff, p_value) {
        Difference::NotSignificant => {
            format!("fitted weights not significantly different from the current ones out of time: {figures}")
        }
        Difference::Higher => format!("fitted weights separate churners better out of time: {figures}"),
        Difference::Lower => format!("fitted weights do worse out of time than the current ones: {figures}"),
    }
}

/// Pools the tested splits' `(auc_diff, std_error)`; splits without a positive standard
/// error are left out. `None` when none is left.
pub fn pool(splits: impl IntoIterator<Item = (f64, f64)>) -> Option<PooledComparison> {
    let tested: Vec<(f64, f64)> = splits.into_iter().filter(|&(_, se)| se > 0.0).collect();
    if tested.is_empty() {
        return None;
    }
    let weight_sum: f64 = tested.iter().map(|(_, se)| 1.0 / (se * se)).sum();
    let auc_diff = tested.iter().map(|(d, se)| d / (se * se)).sum::<f64>() / weight_sum;
    let std_error = 1.0 / weight_sum.sqrt();
    let z = auc_diff / std_error;
    let p_value = two_sided_p_value(z);
    Some(PooledComparison {
        splits: tested.len(),
        auc_diff,
        std_error,
        z,
        p_value,
        verdict: verdict(auc_diff, p_value, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pooling_weights_by_inverse_variance() {
        // weights 100 and 25: (0.02·100 + 0.04·25) / 125 = 0.024, se = 1/√125
        let pooled = pool([(0.02, 0.1), (0.04, 0.2)]).unwrap();
        assert!((pooled.auc_diff - 0.024).abs() < 1e-12);
        assert!((pooled.std_error - 1.0 / 125f64.sqrt()).abs() < 1e-12);
        assert!(pool([]).is_none());
        assert!(pool([(0.01, 0.0)]).is_none());
    }

    #[test]
    fn verdicts_name_a_winner_only_when_significant() {
        assert!(
            verdict(0.03, 0.001, Some((0.72, 0.69))).starts_with("fitted weights separate churners better")
        );
        assert!(verdict(0.01, 0.2, None).starts_with("fitted weights not significantly different"));
        assert!(verdict(-0.03, 0.01, None).starts_with("fitted weights do worse"));
    }
}
