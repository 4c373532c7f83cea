//! The smallest difference a test could detect: the minimum detectable effect of a
//! two-sided normal (z) test with a given standard error, significance level and power.

use super::normal::normal_quantile;

/// `(z_{1−α/2} + z_{power}) · std_error`: the true difference a two-sided z-test at level
/// `significance` detects with probability `power`, given the standard error of the
/// estimate (the normal-approximation minimum detectable effect, e.g. Chow, Shao & Wang,
/// *Sample Size Calculations in Clinical Research*, §3.2; statsmodels'
/// `NormalIndPower` solved for the effect size). At 5% and 80%: `2.8016 · std_error`.
///
/// `significance` and `power` must lie strictly between 0 and 1 (the callers pass
/// constants); a standard error of 0 gives 0.
///
/// ```
/// use healthscore::metrics::power::detectable_difference;
/// let d = detectable_difference(0.01, 0.05, 0.80);
/// assert!((d - 0.028016).abs() < 1e-6);
/// ```
pub fn detectable_difference(std_error: f64, significance: f64, power: f64) -> f64 {
    (normal_quantile(1.0 - significance / 2.0) + normal_quantile(power)) * std_error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_multipliers() {
        // z_0.975 = 1.959964, z_0.80 = 0.841621, z_0.90 = 1.281552
        assert!((detectable_difference(1.0, 0.05, 0.80) - 2.801585).abs() < 1e-6);
        assert!((detectable_difference(1.0, 0.05, 0.90) - 3.241516).abs() < 1e-6);
        assert!((detectable_difference(2.0, 0.05, 0.80) - 5.603170).abs() < 1e-6);
        assert_eq!(detectable_difference(0.0, 0.05, 0.80), 0.0);
    }
}
