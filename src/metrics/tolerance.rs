//! Tolerances for comparing computed statistics with reference values, in one place.

/// For results that are exact up to floating-point rounding (rank sums, counts, ratios).
pub const EXACT: f64 = 1e-12;

/// For results that go through transcendental functions or long sums (variances,
/// p-values, quantiles, correlations).
pub const APPROX: f64 = 1e-9;

/// `|actual − expected| <= tolerance · max(1, |expected|)`: absolute near 0, relative for
/// large values.
pub fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= tolerance * expected.abs().max(1.0)
}

/// `|actual − expected| <= tolerance · |expected|`: relative, for tiny values such as
/// p-values in the far tail.
pub fn relatively_close(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= tolerance * expected.abs()
}
