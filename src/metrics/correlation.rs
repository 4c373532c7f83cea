//! Pearson, Spearman and point-biserial correlation.

use super::ranked::RankedScores;
use super::ranks::average_ranks;
use super::value_counts::ValueCounts;

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
    if x.len() != y.len() {
        return None;
    }
    pearson_of(|| x.iter().zip(y).map(|(&x, &y)| (x, y, true)))
}

/// [`pearson`] over the rows where both values are present (pairwise-complete, as pandas
/// `DataFrame.corr()`), without copying them out: the same result as [`pearson`] on the
/// complete pairs, to the last bit. A missing value is NaN, as in pandas (the encoding of
/// [`crate::data::NumericColumn`]). `None` as [`pearson`], counting only complete pairs.
///
/// ```
/// use healthscore::metrics::correlation::pearson_complete;
/// let x = [1.0, f64::NAN, 2.0, 3.0];
/// let y = [2.0, 9.0, 4.0, 6.0];
/// assert_eq!(pearson_complete(&x, &y), Some(1.0));
/// ```
pub fn pearson_complete(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() {
        return None;
    }
    pearson_of(|| {
        x.iter().zip(y).map(|(&a, &b)| match a.is_nan() || b.is_nan() {
            false => (a, b, true),
            true => (0.0, 0.0, false),
        })
    })
}

/// `x` when the pair is kept, else `-0.0`, which leaves any sum exactly as it was.
fn keep(x: f64, kept: bool) -> f64 {
    if kept {
        x
    } else {
        -0.0
    }
}

/// First-pass sums of one pair of columns over its kept rows.
#[derive(Debug, Clone, Copy)]
struct PairSums {
    count: usize,
    sum_x: f64,
    sum_y: f64,
    /// The first kept pair (NaN until there is one; kept values are finite).
    first: (f64, f64),
    x_varies: bool,
    y_varies: bool,
}

impl PairSums {
    fn new() -> Self {
        // start where `Iterator::sum` starts, so the means equal `x.iter().sum::<f64>() / n`
        let start: f64 = std::iter::empty::<f64>().sum();
        PairSums {
            count: 0,
            sum_x: start,
            sum_y: start,
            first: (f64::NAN, f64::NAN),
            x_varies: false,
            y_varies: false,
        }
    }

    fn add(&mut self, x: f64, y: f64, kept: bool) {
        if kept && self.count == 0 {
            self.first = (x, y);
        }
        // exact check: a computed variance of a constant column can come out as a tiny
        // positive number instead of 0
        self.x_varies |= kept && x != self.first.0;
        self.y_varies |= kept && y != self.first.1;
        self.sum_x += keep(x, kept);
        self.sum_y += keep(y, kept);
        self.count += usize::from(kept);
    }

    /// The means, or `None` when the correlation is undefined (fewer than 2 pairs, a
    /// constant side).
    fn means(&self) -> Option<(f64, f64)> {
        if self.count < 2 || !self.x_varies || !self.y_varies {
            return None;
        }
        let n = self.count as f64;
        Some((self.sum_x / n, self.sum_y / n))
    }
}

/// Second-pass sums of squares and products of the centred values.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct CentredSums {
    pub(super) sxx: f64,
    pub(super) syy: f64,
    pub(super) sxy: f64,
}

impl CentredSums {
    fn add(&mut self, dx: f64, dy: f64, kept: bool) {
        self.sxx += keep(dx * dx, kept);
        self.syy += keep(dy * dy, kept);
        self.sxy += keep(dx * dy, kept);
    }

    pub(super) fn correlation(&self) -> Option<f64> {
        let CentredSums { sxx, syy, sxy } = *self;
        // √(sxx·syy) is exact more often (r = ±1 exactly for linear data); the separate
        // roots avoid overflow and underflow of the product for extreme magnitudes
        let joint = (sxx * syy).sqrt();
        let scale = if joint.is_normal() {
            joint
        } else {
            sxx.sqrt() * syy.sqrt()
        };
        let r = sxy / scale;
        r.is_finite().then(|| r.clamp(-1.0, 1.0))
    }
}

/// Pearson correlation of the pairs `(x, y, true)` that `pairs()` yields (pairs marked
/// `false` are skipped): one pass for the count, checks and means, one for the centred
/// sums. Skipped pairs add `-0.0`, which leaves every sum exactly as it was, so the loops
/// need no branch and the result equals the two-pass formula over the kept pairs alone.
fn pearson_of<I: Iterator<Item = (f64, f64, bool)>>(pairs: impl Fn() -> I) -> Option<f64> {
    let mut sums = PairSums::new();
    let mut finite = true;
    for (x, y, kept) in pairs() {
        finite &= !kept || (x.is_finite() && y.is_finite());
        sums.add(x, y, kept);
    }
    let (mean_x, mean_y) = sums.means().filter(|_| finite)?;
    let mut centred = CentredSums::default();
    for (x, y, kept) in pairs() {
        centred.add(x - mean_x, y - mean_y, kept);
    }
    centred.correlation()
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
    pearson_of(|| scores.iter().zip(churned).map(|(&s, &c)| (s, indicator(c), true)))
}

/// [`point_biserial`] of the scores split by outcome (any order within each): the same
/// correlation without a row-aligned outcome column.
///
/// ```
/// use healthscore::metrics::correlation::point_biserial_split;
/// assert_eq!(point_biserial_split(&[9.0], &[1.0]), Some(-1.0));
/// ```
pub fn point_biserial_split(retained: &[f64], churned: &[f64]) -> Option<f64> {
    pearson_of(|| {
        let retained = retained.iter().map(|&s| (s, 0.0, true));
        retained.chain(churned.iter().map(|&s| (s, 1.0, true)))
    })
}

/// [`point_biserial`] from a sample's distinct values counted by outcome: with `N` accounts,
/// `n` churned and the mean `x̄`, `Sxx = Σ_k (r_k + c_k)(x_k − x̄)²`, `Syy = m·n/N` and
/// `Sxy = Σ_k (x_k − x̄)(c_k − (r_k + c_k)·n/N)`; `r = Sxy / √(Sxx·Syy)`. Equal to the
/// row-by-row result up to rounding (the sums are taken per value, not per account).
/// `None` when one class is empty or there are fewer than two distinct values.
///
/// ```
/// use healthscore::metrics::correlation::{point_biserial, point_biserial_counted};
/// use healthscore::metrics::value_counts::ValueCounts;
/// let (scores, churned) = ([1.0, 9.0, 9.0, 5.0], [true, false, false, true]);
/// let counts = ValueCounts::tally(scores.into_iter().zip(churned), 10).unwrap();
/// let (a, b) = (point_biserial_counted(&counts).unwrap(), point_biserial(&scores, &churned).unwrap());
/// assert!((a - b).abs() < 1e-12);
/// ```
pub fn point_biserial_counted(counts: &ValueCounts) -> Option<f64> {
    point_biserial_of_values(|| {
        let held = counts.retained.iter().zip(&counts.churned);
        counts.values.iter().zip(held).map(|(&v, (&r, &c))| (v, r, c))
    })
}

/// The point-biserial correlation of distinct values held by `(value, retained, churned)`
/// accounts, as [`point_biserial_counted`] gives it; `None` as there.
fn point_biserial_of_values<I: Iterator<Item = (f64, usize, usize)>>(values: impl Fn() -> I) -> Option<f64> {
    let (mut m, mut n, mut distinct, mut weighted) = (0, 0, 0, 0.0);
    for (value, retained, churned) in values() {
        m += retained;
        n += churned;
        distinct += 1;
        weighted += (retained + churned) as f64 * value;
    }
    if m == 0 || n == 0 || distinct < 2 {
        return None;
    }
    let total = (m + n) as f64;
    let (mean, churn_share) = (weighted / total, n as f64 / total);
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for (value, retained, churned) in values() {
        let (dx, held) = (value - mean, (retained + churned) as f64);
        sxx += held * dx * dx;
        sxy += dx * (churned as f64 - held * churn_share);
    }
    CentredSums {
        sxx,
        syy: m as f64 * n as f64 / total,
        sxy,
    }
    .correlation()
}

/// 1.0 for churned, 0.0 for retained.
fn indicator(churned: bool) -> f64 {
    f64::from(u8::from(churned))
}

impl RankedScores<'_> {
    /// [`point_biserial`] correlation of the scores with churn, over the tie runs (equal to
    /// it up to rounding).
    pub fn point_biserial(&self) -> Option<f64> {
        point_biserial_of_values(|| {
            self.runs()
                .iter()
                .map(|run| (run.score, run.retained(), run.churned()))
        })
    }

    /// [`spearman`] correlation of the scores with the churn indicator, from the ranking
    /// (no second sort, no per-account ranks): Pearson of the scores' average ranks with
    /// the indicator's, which take just two values (`(m + 1)/2` for the `m` retained,
    /// `m + (n + 1)/2` for the `n` churned), so it equals the point-biserial correlation of
    /// the average ranks, computed over the tie runs. Equal to [`spearman`] up to rounding.
    pub fn spearman_with_churn(&self) -> Option<f64> {
        point_biserial_of_values(|| {
            self.runs().iter().map(|run| {
                let average_rank = run.start() as f64 + (run.len() as f64 + 1.0) / 2.0;
                (average_rank, run.retained(), run.churned())
            })
        })
    }
}

fn all_finite(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite())
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
    fn ranked_correlations_match_the_slice_functions() {
        let scores = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        let churned = [false, true, false, true, false, false, true, false];
        let outcome = churned.map(indicator);
        let ranked = RankedScores::new(&scores, &churned).unwrap();
        let (by_runs, by_rows) = (
            ranked.spearman_with_churn().unwrap(),
            spearman(&scores, &outcome).unwrap(),
        );
        assert!((by_runs - by_rows).abs() < EXACT);
        let (by_runs, by_rows) = (
            ranked.point_biserial().unwrap(),
            pearson(&scores, &outcome).unwrap(),
        );
        assert!((by_runs - by_rows).abs() < EXACT);
        let one_class = RankedScores::new(&scores[..2], &[true, true]).unwrap();
        assert_eq!(one_class.spearman_with_churn(), None);
    }

    #[test]
    fn complete_pairs_match_pearson_on_the_copied_pairs() {
        let missing = f64::NAN;
        let x = [1.0, missing, 4.0, 2.5, 7.0, missing];
        let y = [3.0, 1.0, missing, 2.0, 9.5, 4.0];
        let expected = pearson(&[1.0, 2.5, 7.0], &[3.0, 2.0, 9.5]);
        assert!(expected.is_some());
        assert_eq!(pearson_complete(&x, &y), expected);
        assert_eq!(pearson_complete(&x[..2], &y[..2]), None);
        assert_eq!(pearson_complete(&x, &y[..2]), None);
    }

    #[test]
    fn point_biserial_is_pearson_on_zero_one_outcome() {
        let scores = [3.0, 1.0, 4.0, 1.5];
        let churned = [false, true, false, true];
        let expected = pearson(&scores, &[0.0, 1.0, 0.0, 1.0]).unwrap();
        assert_eq!(point_biserial(&scores, &churned), Some(expected));
        assert!(expected < -0.9);
        let split = point_biserial_split(&[3.0, 4.0], &[1.0, 1.5]).unwrap();
        assert!((split - expected).abs() < EXACT);
        assert_eq!(point_biserial_split(&[3.0, 4.0], &[]), None);
        assert_eq!(point_biserial_split(&[2.0], &[2.0]), None);
    }
}
