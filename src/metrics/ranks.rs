//! Ranking: average (mid) ranks, and the sort key and tie runs of the ranked view.

/// 1-based ranks of `values`, tied values sharing the average of the ranks they span.
///
/// Formula: a run of `k` equal values occupying sorted positions `s+1 ..= s+k` all get
/// rank `s + (k + 1) / 2`. Same as `scipy.stats.rankdata(values, method="average")`.
/// O(n log n): one sort. `-0.0` and `0.0` tie. NaN is never equal to anything, so each NaN
/// gets its own rank in `f64::total_cmp` order; the metrics reject NaN before ranking.
///
/// ```
/// use healthscore::metrics::ranks::average_ranks;
/// assert_eq!(average_ranks(&[10.0, 30.0, 20.0, 20.0]), vec![1.0, 4.0, 2.5, 2.5]);
/// ```
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let order = sorted_order(values);
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    for members in order.chunk_by(|&a, &b| values[a] == values[b]) {
        let rank = start as f64 + (members.len() as f64 + 1.0) / 2.0;
        for &i in members {
            ranks[i] = rank;
        }
        start += members.len();
    }
    ranks
}

/// An integer key with the order of `f64::total_cmp`: sorting keys sorts the values, with
/// `-0.0` just before `0.0` and equal values adjacent.
pub(crate) fn sort_key(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The value whose [`sort_key`] is `key`.
pub(crate) fn from_sort_key(key: u64) -> f64 {
    if key >> 63 == 1 {
        f64::from_bits(key & !(1 << 63))
    } else {
        f64::from_bits(!key)
    }
}

/// A run of equal scores in sorted order, with its churned and retained counts, as
/// [`TieRuns`](super::tie_runs::TieRuns) gives them back. Positions and counts are `u32`,
/// which bounds a ranking to `u32::MAX` accounts ([`MetricError::TooManyAccounts`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ClassRun {
    /// Position of the run's first member in sorted order (0-based).
    start: u32,
    /// Churned accounts in the run.
    churned: u32,
    /// Retained accounts in the run.
    retained: u32,
    /// The shared score.
    pub score: f64,
}

impl ClassRun {
    /// A run at sorted position `start` of `churned` and `retained` accounts (positions and
    /// counts below `u32::MAX`).
    #[inline]
    pub fn with_counts(start: usize, score: f64, churned: usize, retained: usize) -> Self {
        ClassRun {
            start: start as u32,
            score,
            churned: churned as u32,
            retained: retained as u32,
        }
    }

    /// Position of the run's first member in sorted order (0-based).
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Churned accounts in the run.
    pub fn churned(&self) -> usize {
        self.churned as usize
    }

    /// Retained accounts in the run.
    pub fn retained(&self) -> usize {
        self.retained as usize
    }

    /// Accounts in the run.
    pub fn len(&self) -> usize {
        self.churned() + self.retained()
    }
}

/// Row indices by ascending score (`f64::total_cmp`): one sort of (key, row) pairs on the
/// scores' order-preserving integer keys, several times faster than comparing through
/// the indices. (A radix sort of the pairs was measured slower: docs/performance.md.)
pub(crate) fn sorted_pairs(scores: &[f64]) -> Vec<(u64, usize)> {
    use rayon::slice::ParallelSliceMut;
    let mut keyed: Vec<(u64, usize)> = scores
        .iter()
        .enumerate()
        .map(|(row, &score)| (sort_key(score), row))
        .collect();
    if keyed.len() >= PARALLEL_SORT {
        keyed.par_sort_unstable_by_key(|&(key, _)| key);
    } else {
        keyed.sort_unstable_by_key(|&(key, _)| key);
    }
    keyed
}

/// Accounts from which a ranking's sort runs on every core: a candidate's sort would
/// otherwise run alone while the others' statistics are done.
const PARALLEL_SORT: usize = 1 << 17;

/// Row indices by ascending score (`f64::total_cmp`).
pub(crate) fn sorted_order(scores: &[f64]) -> Vec<usize> {
    // collected in place: the order reuses the pairs' memory
    sorted_pairs(scores).into_iter().map(|(_, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ties_share_the_average_rank() {
        // sorted: 1 (rank 1), 2,2,2 (ranks 2,3,4 -> 3), 5 (rank 5)
        let ranks = average_ranks(&[2.0, 5.0, 2.0, 1.0, 2.0]);
        assert_eq!(ranks, vec![3.0, 5.0, 3.0, 1.0, 3.0]);
    }

    #[test]
    fn negative_zero_ties_with_zero() {
        assert_eq!(average_ranks(&[0.0, -0.0, -1.0]), vec![2.5, 2.5, 1.0]);
    }

    #[test]
    fn empty_input_gives_no_ranks() {
        assert!(average_ranks(&[]).is_empty());
    }

    proptest! {
        #[test]
        fn sort_keys_order_like_total_cmp(a in any::<f64>(), b in any::<f64>()) {
            prop_assert_eq!(sort_key(a).cmp(&sort_key(b)), a.total_cmp(&b));
            prop_assert_eq!(from_sort_key(sort_key(a)).to_bits(), a.to_bits());
        }
    }
}
