//! Population stability index: how far a score distribution has drifted from a baseline.

use super::check::{at_least, finite};
use super::quantile::linear_quantile;
use super::MetricError;

/// Share given to a bin with no accounts, so `ln(p_cur / p_base)` stays finite. 1e−4 (0.01%)
/// is the usual industry choice for PSI.
pub const EMPTY_BIN_SHARE: f64 = 1e-4;

/// Interior bin edges splitting `base` into `bins` equal-frequency bins.
///
/// The edges are the `k/bins` quantiles of `base` for `k = 1 … bins−1`, by linear
/// interpolation ([`linear_quantile`], numpy's default), with duplicates collapsed, so fewer
/// than `bins − 1` edges come back when `base` has heavy ties. Strictly increasing. The
/// bins they define are `(−∞, e₁], (e₁, e₂], …, (e_last, ∞)`. O(n log n).
///
/// Non-finite values in `base` are ignored ([`population_stability_index`] rejects them
/// before calling this); no finite values or `bins <= 1` give no edges (a single bin).
///
/// ```
/// use healthscore::metrics::psi::equal_frequency_edges;
/// assert_eq!(equal_frequency_edges(&[1.0, 2.0, 3.0, 4.0, 5.0], 4), vec![2.0, 3.0, 4.0]);
/// assert_eq!(equal_frequency_edges(&[7.0, 7.0, 7.0], 10), vec![7.0]);
/// ```
pub fn equal_frequency_edges(base: &[f64], bins: usize) -> Vec<f64> {
    let mut sorted: Vec<f64> = base.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return Vec::new();
    }
    sorted.sort_unstable_by(f64::total_cmp);
    let mut edges: Vec<f64> = (1..bins)
        .map(|k| linear_quantile(&sorted, k as f64 / bins as f64))
        .collect();
    edges.dedup();
    edges
}

/// Population stability index of `current` against `base`.
///
/// `PSI = Σ_bins (p_cur − p_base) · ln(p_cur / p_base)`, bins from
/// [`equal_frequency_edges`]`(base, bins)`, shares of accounts per bin in each sample, an
/// empty bin's share replaced by [`EMPTY_BIN_SHARE`]. Every term is ≥ 0, so PSI ≥ 0, and
/// identical distributions give exactly 0. Common reading: < 0.1 stable, 0.1–0.25 some
/// drift, > 0.25 major drift. O((n + m) log n).
///
/// Errors: [`MetricError::Empty`] or [`MetricError::NonFinite`] for either sample (the index
/// is within the offending sample; `base` is checked first), [`MetricError::TooFew`] when
/// `bins == 0`.
///
/// ```
/// use healthscore::metrics::psi::population_stability_index;
/// let base = [1.0, 2.0, 3.0, 4.0];
/// assert_eq!(population_stability_index(&base, &[4.0, 3.0, 2.0, 1.0], 2).unwrap(), 0.0);
/// // bins (−∞, 2.5], (2.5, ∞): base ½, ½; current ¾, ¼ → ¼·ln(3/2) + ¼·ln(2)
/// let psi = population_stability_index(&base, &[1.0, 2.0, 2.0, 4.0], 2).unwrap();
/// assert!((psi - 0.25 * 3f64.ln()).abs() < 1e-15);
/// ```
pub fn population_stability_index(base: &[f64], current: &[f64], bins: usize) -> Result<f64, MetricError> {
    finite(base)?;
    finite(current)?;
    PsiBase::new(base, bins)?.psi(current)
}

/// What a PSI needs of its base sample: the bin edges and the base's share per bin, so
/// that many samples can be compared with one base without keeping the base itself.
/// `PsiBase::new(base, bins)?.psi(current)` is [`population_stability_index`].
///
/// ```
/// use healthscore::metrics::psi::{population_stability_index, PsiBase};
/// let base = PsiBase::new(&[1.0, 2.0, 3.0, 4.0], 2).unwrap();
/// let current = [1.0, 2.0, 2.0, 4.0];
/// assert_eq!(base.psi(&current), population_stability_index(&[1.0, 2.0, 3.0, 4.0], &current, 2));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PsiBase {
    edges: Vec<f64>,
    /// Base accounts per bin.
    counts: Vec<usize>,
    total: usize,
}

impl PsiBase {
    /// Bins from [`equal_frequency_edges`]`(base, bins)` and the base's count in each.
    ///
    /// Errors: [`MetricError::NonFinite`] in `base`, [`MetricError::TooFew`] when
    /// `bins == 0`.
    pub fn new(base: &[f64], bins: usize) -> Result<PsiBase, MetricError> {
        finite(base)?;
        at_least("bins", bins, 1)?;
        let edges = equal_frequency_edges(base, bins);
        let counts = bin_counts(base, &edges);
        Ok(PsiBase {
            edges,
            counts,
            total: base.len(),
        })
    }

    /// PSI of `current` against this base.
    ///
    /// Errors: [`MetricError::NonFinite`] in `current`.
    pub fn psi(&self, current: &[f64]) -> Result<f64, MetricError> {
        finite(current)?;
        let current_counts = bin_counts(current, &self.edges);
        let psi = self
            .counts
            .iter()
            .zip(&current_counts)
            .map(|(&b, &c)| {
                let p_base = share(b, self.total);
                let p_current = share(c, current.len());
                (p_current - p_base) * (p_current / p_base).ln()
            })
            .sum::<f64>();
        Ok(psi.max(0.0))
    }
}

/// Accounts per bin; bin `k` holds values with exactly `k` edges strictly below them.
fn bin_counts(values: &[f64], edges: &[f64]) -> Vec<usize> {
    let mut counts = vec![0; edges.len() + 1];
    for &v in values {
        counts[edges.partition_point(|&e| e < v)] += 1;
    }
    counts
}

fn share(count: usize, total: usize) -> f64 {
    if count == 0 {
        EMPTY_BIN_SHARE
    } else {
        count as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn empty_bins_use_the_floor() {
        // base bins (−∞, 2.5], (2.5, ∞) = ½, ½; current all in bin 1 → 1 and 1e−4
        let psi = population_stability_index(&[1.0, 2.0, 3.0, 4.0], &[0.0, 1.0], 2).unwrap();
        let expected = (1.0 - 0.5) * (1.0f64 / 0.5).ln() + (1e-4 - 0.5) * (1e-4f64 / 0.5).ln();
        assert!((psi - expected).abs() < 1e-12);
    }

    #[test]
    fn values_on_an_edge_go_to_the_lower_bin() {
        assert_eq!(bin_counts(&[1.0, 2.0, 2.5, 3.0], &[2.0, 3.0]), vec![2, 2, 0]);
    }

    #[test]
    fn one_bin_means_no_drift() {
        assert_eq!(population_stability_index(&[1.0, 2.0], &[50.0], 1), Ok(0.0));
    }

    #[test]
    fn empty_current_sample_is_an_error() {
        let err = population_stability_index(&[1.0], &[], 10).unwrap_err();
        assert!(matches!(err, MetricError::Empty));
    }

    #[test]
    fn zero_bins_is_an_error() {
        let err = population_stability_index(&[1.0], &[1.0], 0).unwrap_err();
        assert!(matches!(err, MetricError::TooFew { what: "bins", .. }));
    }

    #[test]
    fn edges_skip_non_finite_values_and_need_two_bins() {
        assert_eq!(equal_frequency_edges(&[f64::NAN, 1.0, 3.0], 2), vec![2.0]);
        assert!(equal_frequency_edges(&[1.0, 2.0], 1).is_empty());
        assert!(equal_frequency_edges(&[f64::NAN], 4).is_empty());
    }

    #[test]
    fn non_finite_current_value_is_an_error() {
        let err = population_stability_index(&[1.0], &[2.0, f64::NEG_INFINITY], 3);
        assert!(matches!(err, Err(MetricError::NonFinite { index: 1, .. })));
    }

    fn sample() -> impl Strategy<Value = Vec<f64>> {
        prop::collection::vec(-1000i32..1000, 1..200)
            .prop_map(|v| v.into_iter().map(|x| f64::from(x) / 8.0).collect())
    }

    proptest! {
        #[test]
        fn psi_is_never_negative(base in sample(), current in sample(), bins in 1usize..20) {
            let psi = population_stability_index(&base, &current, bins).unwrap();
            prop_assert!(psi >= 0.0 && psi.is_finite());
        }

        #[test]
        fn psi_of_a_sample_with_itself_is_zero(base in sample(), bins in 1usize..20) {
            let mut shuffled = base.clone();
            shuffled.reverse();
            prop_assert_eq!(population_stability_index(&base, &shuffled, bins).unwrap(), 0.0);
        }
    }
}
