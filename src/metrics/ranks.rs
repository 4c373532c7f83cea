//! Ranking: average (mid) ranks and the sorted tie runs every other metric walks.

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
    let order = order_by_score(values);
    let mut ranks = vec![0.0; values.len()];
    for run in tie_runs(values, &order) {
        let rank = run.start as f64 + (run.members.len() as f64 + 1.0) / 2.0;
        for &i in run.members {
            ranks[i] = rank;
        }
    }
    ranks
}

/// Row indices ordered by ascending value (`f64::total_cmp`, so `-0.0` sorts just
/// before `0.0` and equal values stay adjacent).
pub(crate) fn order_by_score(values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_unstable_by(|&a, &b| values[a].total_cmp(&values[b]));
    order
}

/// One run of equal values in sorted order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TieRun<'a> {
    /// Position of the run's first member in sorted order (0-based).
    pub start: usize,
    /// The shared value.
    pub score: f64,
    /// Row indices of the members.
    pub members: &'a [usize],
}

/// Splits `order` (from [`order_by_score`]) into runs of equal values, lowest first.
pub(crate) fn tie_runs<'a>(values: &'a [f64], order: &'a [usize]) -> impl Iterator<Item = TieRun<'a>> + 'a {
    let mut start = 0;
    order
        .chunk_by(move |&a, &b| values[a] == values[b])
        .map(move |members| {
            let run = TieRun {
                start,
                score: values[members[0]],
                members,
            };
            start += members.len();
            run
        })
}

/// A run of equal scores with its churned and retained counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ClassRun {
    /// Position of the run's first member in sorted order (0-based).
    pub start: usize,
    /// The shared score.
    pub score: f64,
    /// Churned accounts in the run.
    pub churned: usize,
    /// Retained accounts in the run.
    pub retained: usize,
}

/// Runs of equal scores, lowest first, each with its class counts.
pub(crate) fn class_runs<'a>(
    scores: &'a [f64],
    churned: &'a [bool],
    order: &'a [usize],
) -> impl Iterator<Item = ClassRun> + 'a {
    tie_runs(scores, order).map(move |run| {
        let n_churned = run.members.iter().filter(|&&i| churned[i]).count();
        ClassRun {
            start: run.start,
            score: run.score,
            churned: n_churned,
            retained: run.members.len() - n_churned,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn class_runs_count_each_class() {
        let scores = [3.0, 1.0, 3.0, 2.0];
        let churned = [true, false, false, true];
        let order = order_by_score(&scores);
        let runs: Vec<ClassRun> = class_runs(&scores, &churned, &order).collect();
        assert_eq!(runs.len(), 3);
        assert_eq!((runs[2].start, runs[2].churned, runs[2].retained), (2, 1, 1));
        assert_eq!(runs[1].score, 2.0);
    }
}
