//! Sample quantiles with linear interpolation (numpy's default method).

/// The `q`-quantile of `sorted` (ascending, non-empty), `q` in [0, 1].
///
/// numpy's default `method="linear"` (Hyndman & Fan type 7): with `h = (n − 1)·q`,
/// `lo = ⌊h⌋`, `t = h − lo`, the result interpolates `sorted[lo]` and `sorted[lo + 1]`.
/// Like numpy's `_lerp` it computes `a + (b − a)·t` for `t < ½` and `b − (b − a)·(1 − t)`
/// otherwise, so results agree with `np.quantile` to the last bit in the common cases.
/// `q` outside [0, 1] is clamped. Panics on an empty slice (callers validate first).
///
/// ```
/// use healthscore::metrics::quantile::linear_quantile;
/// assert_eq!(linear_quantile(&[1.0, 2.0, 4.0], 0.75), 3.0);
/// ```
pub fn linear_quantile(sorted: &[f64], q: f64) -> f64 {
    assert!(!sorted.is_empty(), "quantile of an empty sample");
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let t = h - lo as f64;
    let (a, b) = (sorted[lo], sorted[hi]);
    let step = b - a;
    if t < 0.5 {
        a + step * t
    } else {
        b - step * (1.0 - t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_and_midpoints() {
        let sorted = [10.0, 20.0, 30.0, 40.0];
        assert_eq!(linear_quantile(&sorted, 0.0), 10.0);
        assert_eq!(linear_quantile(&sorted, 1.0), 40.0);
        // h = 3·0.5 = 1.5 → halfway between 20 and 30
        assert_eq!(linear_quantile(&sorted, 0.5), 25.0);
        assert_eq!(linear_quantile(&[7.0], 0.3), 7.0);
    }
}
