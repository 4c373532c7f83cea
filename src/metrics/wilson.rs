//! Wilson score confidence interval for a proportion such as a churn rate.

use super::normal::normal_quantile;

/// Wilson score interval for `successes` out of `trials` at the given confidence level.
///
/// With `p̂ = successes/trials`, `z = Φ⁻¹(1 − (1 − confidence)/2)`:
/// `center = (p̂ + z²/2n) / (1 + z²/n)`,
/// `half = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n)`, interval `center ± half`.
/// Same as statsmodels `proportion_confint(successes, trials, alpha=1-confidence,
/// method="wilson")`. Always inside [0, 1] and always contains p̂: the lower end is exactly 0
/// when `successes == 0` and the upper end exactly 1 when `successes == trials`.
///
/// Stable documented values instead of errors (the signature has no error channel):
/// `trials == 0` gives (0, 1); `successes > trials` is treated as `successes == trials`;
/// `confidence >= 1` or NaN gives (0, 1); `confidence <= 0` gives (p̂, p̂).
///
/// ```
/// use healthscore::metrics::wilson::wilson_interval;
/// let (low, high) = wilson_interval(5, 20, 0.95);
/// assert!((low - 0.1118).abs() < 1e-4 && (high - 0.4687).abs() < 1e-4);
/// ```
pub fn wilson_interval(successes: usize, trials: usize, confidence: f64) -> (f64, f64) {
    if trials == 0 || confidence.is_nan() || confidence >= 1.0 {
        return (0.0, 1.0);
    }
    let successes = successes.min(trials);
    let n = trials as f64;
    let p = successes as f64 / n;
    if confidence <= 0.0 {
        return (p, p);
    }
    let z = -normal_quantile((1.0 - confidence) / 2.0);
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    let low = if successes == 0 {
        0.0
    } else {
        (center - half).clamp(0.0, p)
    };
    let high = if successes == trials {
        1.0
    } else {
        (center + half).clamp(p, 1.0)
    };
    (low, high)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tolerance::EXACT;
    use proptest::prelude::*;

    #[test]
    fn hand_worked_interval() {
        // 0 of 4 at z = 1.959963984540054: z² = 3.841458820694124
        // center = (z²/8)/(1 + z²/4) = 0.4801823525867655/1.960364705173531 = 0.24494...
        // half = z·√(z²/64)/(1 + z²/4) = (z²/8)/(1 + z²/4) = center → (0, 2·center)
        let (low, high) = wilson_interval(0, 4, 0.95);
        let z2 = 1.959_963_984_540_054f64.powi(2);
        assert_eq!(low, 0.0);
        assert!((high - 2.0 * (z2 / 8.0) / (1.0 + z2 / 4.0)).abs() < EXACT);
    }

    #[test]
    fn documented_degenerate_values() {
        assert_eq!(wilson_interval(0, 0, 0.95), (0.0, 1.0));
        assert_eq!(wilson_interval(3, 3, f64::NAN), (0.0, 1.0));
        assert_eq!(wilson_interval(1, 4, 0.0), (0.25, 0.25));
        assert_eq!(wilson_interval(9, 4, 0.95), wilson_interval(4, 4, 0.95));
    }

    proptest! {
        #[test]
        fn interval_contains_rate_and_stays_in_unit_interval(
            trials in 1usize..5000,
            share in 0.0f64..=1.0,
            confidence in 0.5f64..0.999,
        ) {
            let successes = (share * trials as f64).round() as usize;
            let (low, high) = wilson_interval(successes, trials, confidence);
            let p = successes as f64 / trials as f64;
            prop_assert!(0.0 <= low && low <= p && p <= high && high <= 1.0);
        }
    }
}
