//! The standard normal distribution: CDF, quantile and two-sided p-values.

use std::f64::consts::SQRT_2;

use as241::{CENTRAL_DEN, CENTRAL_NUM, FAR_DEN, FAR_NUM, NEAR_DEN, NEAR_NUM};

/// Standard normal CDF Φ(x) = ½·erfc(−x/√2).
///
/// Uses `libm::erfc`, so the lower tail keeps full relative precision (Φ(−10) ≈ 7.6e−24);
/// matches `scipy.stats.norm.cdf`. NaN gives NaN.
///
/// ```
/// use healthscore::metrics::normal::normal_cdf;
/// assert_eq!(normal_cdf(0.0), 0.5);
/// assert!((normal_cdf(1.959963984540054) - 0.975).abs() < 1e-15);
/// ```
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / SQRT_2)
}

/// Two-sided p-value of a z statistic: P(|Z| ≥ |z|) = erfc(|z|/√2).
///
/// Computed directly from erfc rather than as `2·(1 − Φ(|z|))`, so tiny p-values do not
/// round to 0 early; matches `2 * scipy.stats.norm.sf(abs(z))`. Always in [0, 1] for
/// non-NaN `z`; NaN gives NaN (the metrics never pass one).
pub fn two_sided_p_value(z: f64) -> f64 {
    libm::erfc(z.abs() / SQRT_2).min(1.0)
}

/// Standard normal quantile Φ⁻¹(p), Wichura's algorithm AS 241 (PPND16, Applied Statistics
/// 37(3), 1988): rational approximations with relative error about 1e−16, the algorithm
/// behind R's `qnorm` and Python's `statistics.NormalDist.inv_cdf`; matches
/// `scipy.stats.norm.ppf` to ~1e−15.
///
/// Outside the open interval the mathematical limits are returned: `p <= 0` gives −∞,
/// `p >= 1` gives +∞, NaN gives NaN. The metrics validate confidence levels first
/// ([`MetricError::InvalidConfidence`](super::MetricError::InvalidConfidence)), so they
/// never see these.
///
/// ```
/// use healthscore::metrics::normal::normal_quantile;
/// assert!((normal_quantile(0.975) - 1.959963984540054).abs() < 1e-15);
/// ```
pub fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() {
        return f64::NAN;
    }
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * polynomial(&CENTRAL_NUM, r) / polynomial(&CENTRAL_DEN, r);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let r = (-tail.ln()).sqrt();
    let magnitude = if r <= 5.0 {
        let r = r - 1.6;
        polynomial(&NEAR_NUM, r) / polynomial(&NEAR_DEN, r)
    } else {
        let r = r - 5.0;
        polynomial(&FAR_NUM, r) / polynomial(&FAR_DEN, r)
    };
    if q < 0.0 {
        -magnitude
    } else {
        magnitude
    }
}

/// Horner evaluation of `c[0] + c[1]·x + … + c[7]·x⁷`.
fn polynomial(coefficients: &[f64; 8], x: f64) -> f64 {
    coefficients.iter().rev().fold(0.0, |acc, &c| acc * x + c)
}

/// Wichura's AS 241 coefficients, constant term first, copied digit for digit from the
/// paper (rustc rounds each to the nearest f64, hence the lint allowance).
#[allow(clippy::excessive_precision)]
mod as241 {
    pub(super) const CENTRAL_NUM: [f64; 8] = [
        3.387_132_872_796_366_608,
        1.331_416_678_917_843_774_5e2,
        1.971_590_950_306_551_442_7e3,
        1.373_169_376_550_946_112_5e4,
        4.592_195_393_154_987_145_7e4,
        6.726_577_092_700_870_085_3e4,
        3.343_057_558_358_812_810_5e4,
        2.509_080_928_730_122_672_7e3,
    ];
    pub(super) const CENTRAL_DEN: [f64; 8] = [
        1.0,
        4.231_333_070_160_091_125_2e1,
        6.871_870_074_920_579_083e2,
        5.394_196_021_424_751_107_7e3,
        2.121_379_430_158_659_586_7e4,
        3.930_789_580_009_271_061e4,
        2.872_908_573_572_194_267_4e4,
        5.226_495_278_852_854_561e3,
    ];
    pub(super) const NEAR_NUM: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_9,
        5.769_497_221_460_691_405_5,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        2.417_807_251_774_506_117_7e-1,
        2.272_384_498_926_918_458_33e-2,
        7.745_450_142_783_414_076_4e-4,
    ];
    pub(super) const NEAR_DEN: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_4,
        6.897_673_349_851_000_045_5e-1,
        1.481_039_764_274_800_745_9e-1,
        1.519_866_656_361_645_719_66e-2,
        5.475_938_084_995_344_946e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    pub(super) const FAR_NUM: [f64; 8] = [
        6.657_904_643_501_103_777_2,
        5.463_784_911_164_114_369_9,
        1.784_826_539_917_291_335_8,
        2.965_605_718_285_048_912_3e-1,
        2.653_218_952_657_612_309_3e-2,
        1.242_660_947_388_078_438_6e-3,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    pub(super) const FAR_DEN: [f64; 8] = [
        1.0,
        5.998_322_065_558_879_376_9e-1,
        1.369_298_809_227_358_053_1e-1,
        1.487_536_129_085_061_485_25e-2,
        7.868_691_311_456_132_591e-4,
        1.846_318_317_510_054_681_8e-5,
        1.421_511_758_316_445_888_7e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_inverts_cdf_across_all_three_regions() {
        // central (|p-½| ≤ 0.425), near tail (r ≤ 5) and far tail (r > 5, p < ~1.4e-11)
        for &p in &[
            1e-300_f64,
            1e-20,
            1e-12,
            1e-5,
            0.02,
            0.3,
            0.5,
            0.8,
            0.99,
            1.0 - 1e-9,
        ] {
            // compare the smaller tail, which 1 − p represents exactly for p ≥ ½
            let tail = p.min(1.0 - p);
            let back = normal_cdf(-normal_quantile(p).abs());
            assert!((back - tail).abs() <= 1e-13 * tail, "p = {p}: {back} vs {tail}");
        }
    }

    #[test]
    fn quantile_is_antisymmetric() {
        assert_eq!(normal_quantile(0.5), 0.0);
        assert!((normal_quantile(0.025) + normal_quantile(0.975)).abs() < 1e-15);
    }

    #[test]
    fn quantile_limits_outside_the_open_interval() {
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(normal_quantile(1.0), f64::INFINITY);
        assert!(normal_quantile(f64::NAN).is_nan());
    }

    #[test]
    fn p_value_of_zero_is_one_and_tails_stay_positive() {
        assert_eq!(two_sided_p_value(0.0), 1.0);
        // 2·Φ(−1.96) = 0.04999579029644087
        assert!((two_sided_p_value(-1.96) - 0.049_995_790_296_440_87).abs() < 1e-15);
        let tiny = two_sided_p_value(30.0);
        assert!(tiny > 0.0 && tiny < 1e-190);
    }
}
