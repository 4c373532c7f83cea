//! Scores sorted once: the ranked view that AUC, DeLong, KS, average precision, the ROC
//! curve, deciles, Spearman and the bootstrap all read, so one candidate costs one sort.

use std::borrow::Cow;

use super::check::{class_counts, paired_inputs, ClassCounts};
use super::ranks::{from_sort_key, sorted_pairs, ClassRun};
use super::tie_runs::TieRuns;
use super::MetricError;

/// Accounts sorted by ascending score, with their runs of tied scores and class counts.
///
/// Build it once per score column with [`RankedScores::new`] and call the statistics on it
/// ([`auc`](RankedScores::auc), [`auc_with_ci`](RankedScores::auc_with_ci),
/// [`ks`](RankedScores::ks), [`average_precision`](RankedScores::average_precision),
/// [`roc_curve`](RankedScores::roc_curve), [`deciles`](RankedScores::deciles),
/// [`average_ranks`](RankedScores::average_ranks), and the paired
/// [`paired_test_ranked`](super::delong::paired_test_ranked) and
/// [`paired_auc_diff_interval_ranked`](super::bootstrap::paired_auc_diff_interval_ranked)).
/// Each gives exactly what its slice function (e.g. [`roc_auc`](super::auc::roc_auc))
/// gives on the same scores: the slice functions are thin wrappers over this view.
///
/// A group of the accounts (a segment, a profile) is ranked afresh from its gathered
/// scores: splitting the whole ranking instead (a stable partition of the sorted order)
/// was measured slower at a million accounts, since looking up each sorted row's group
/// jumps around memory while the sort of (key, row) pairs streams through it.
///
/// ```
/// use healthscore::metrics::ranked::RankedScores;
/// let ranked = RankedScores::new(&[3.0, 1.0, 2.0, 2.0], &[false, true, true, false]).unwrap();
/// assert_eq!(ranked.auc(), Ok(0.875));
/// assert_eq!(ranked.ks(), Ok(0.5));
/// ```
#[derive(Debug, Clone)]
pub struct RankedScores<'a> {
    scores: Cow<'a, [f64]>,
    churned: Cow<'a, [bool]>,
    /// Row indices in ascending score order (`f64::total_cmp`), as `u32` (4 bytes an
    /// account: the constructors refuse more than `u32::MAX` accounts).
    order: Vec<u32>,
    /// Runs of equal scores over `order`, lowest first.
    runs: TieRuns,
    counts: ClassCounts,
}

impl<'a> RankedScores<'a> {
    /// Sorts `scores` once (O(n log n)) and counts the classes in every run of tied scores.
    ///
    /// Errors: [`MetricError::LengthMismatch`], [`MetricError::Empty`],
    /// [`MetricError::NonFinite`] (as [`paired_inputs`]). One class only is accepted here;
    /// the statistics that need both classes say so.
    pub fn new(scores: &'a [f64], churned: &'a [bool]) -> Result<Self, MetricError> {
        rankable(scores, churned)?;
        let (order, runs) = sort_and_count(scores, churned);
        Ok(Self::from_parts(
            Cow::Borrowed(scores),
            Cow::Borrowed(churned),
            order,
            runs,
        ))
    }

    /// As [`new`](Self::new), owning its columns.
    pub fn from_vecs(scores: Vec<f64>, churned: Vec<bool>) -> Result<RankedScores<'static>, MetricError> {
        rankable(&scores, &churned)?;
        let (order, runs) = sort_and_count(&scores, &churned);
        Ok(RankedScores::from_parts(
            Cow::Owned(scores),
            Cow::Owned(churned),
            order,
            runs,
        ))
    }

    /// `order` must list every row once, by ascending score, and `runs` its tie runs.
    fn from_parts(scores: Cow<'a, [f64]>, churned: Cow<'a, [bool]>, order: Vec<u32>, runs: TieRuns) -> Self {
        let counts = class_counts(&churned);
        RankedScores {
            scores,
            churned,
            order,
            runs,
            counts,
        }
    }

    /// Number of accounts.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// Always false: an empty input is refused by the constructors.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// The scores, in row order.
    pub fn scores(&self) -> &[f64] {
        &self.scores
    }

    /// The outcomes (true = churned), in row order.
    pub fn churned(&self) -> &[bool] {
        &self.churned
    }

    /// Numbers of churned and retained accounts.
    pub fn counts(&self) -> ClassCounts {
        self.counts
    }

    /// Row indices by ascending score; tied rows are adjacent.
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// Runs of tied scores with their class counts, lowest score first.
    pub(crate) fn runs(&self) -> &TieRuns {
        &self.runs
    }

    /// The rows of one run.
    pub(crate) fn members(&self, run: &ClassRun) -> &[u32] {
        &self.order[run.start()..run.start() + run.len()]
    }

    /// 1-based average ranks of the scores, in row order, as
    /// [`average_ranks`](super::ranks::average_ranks) (scipy `rankdata(method="average")`).
    pub fn average_ranks(&self) -> Vec<f64> {
        let mut ranks = vec![0.0; self.len()];
        for run in &self.runs {
            let len = run.len();
            let rank = run.start() as f64 + (len as f64 + 1.0) / 2.0;
            for &i in self.members(&run) {
                ranks[i as usize] = rank;
            }
        }
        ranks
    }

    /// Fails with [`MetricError::OneClass`] unless both classes are present.
    pub(crate) fn both_classes(&self) -> Result<ClassCounts, MetricError> {
        let counts = self.counts;
        if counts.churned == 0 || counts.retained == 0 {
            return Err(MetricError::OneClass {
                churned: counts.churned,
                retained: counts.retained,
            });
        }
        Ok(counts)
    }
}

/// [`paired_inputs`], and at most `u32::MAX` accounts ([`ClassRun`] positions are `u32`).
fn rankable(scores: &[f64], churned: &[bool]) -> Result<(), MetricError> {
    paired_inputs(scores, churned)?;
    match u32::try_from(scores.len()) {
        Ok(_) => Ok(()),
        Err(_) => Err(MetricError::TooManyAccounts {
            accounts: scores.len(),
        }),
    }
}

/// The sorted order and its runs of equal scores (`==`, so `-0.0` ties `0.0`) with class
/// counts, read off the sorted keys in one sequential pass.
/// Rows are below `u32::MAX` (checked by [`rankable`]).
fn sort_and_count(scores: &[f64], churned: &[bool]) -> (Vec<u32>, TieRuns) {
    let keyed = sorted_pairs(scores);
    // counted first, so that the runs' scores are one allocation of the exact size
    let distinct = keyed
        .chunk_by(|a, b| from_sort_key(a.0) == from_sort_key(b.0))
        .count();
    let runs = TieRuns::from_sorted(
        keyed.iter().map(|&(key, row)| (from_sort_key(key), churned[row])),
        keyed.len(),
        distinct,
    );
    // a fresh vector of the exact size, in `u32`: the pairs take four times its memory
    let order = keyed.iter().map(|&(_, row)| row as u32).collect();
    drop(keyed);
    (order, runs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn runs_group_ties_and_count_classes() {
        let ranked = RankedScores::new(&[3.0, 1.0, 3.0, 2.0], &[true, false, false, true]).unwrap();
        let runs: Vec<(usize, f64, usize, usize)> = ranked
            .runs()
            .iter()
            .map(|r| (r.start(), r.score, r.churned(), r.retained()))
            .collect();
        assert_eq!(runs, vec![(0, 1.0, 0, 1), (1, 2.0, 1, 0), (2, 3.0, 1, 1)]);
        assert_eq!(ranked.order()[..2], [1, 3]);
    }

    #[test]
    fn negative_zero_ties_with_zero() {
        let ranked = RankedScores::new(&[0.0, -0.0, -1.0], &[true, false, true]).unwrap();
        assert_eq!(ranked.runs().len(), 2);
        assert_eq!(ranked.average_ranks(), vec![2.5, 2.5, 1.0]);
    }

    #[test]
    fn bad_input_is_refused() {
        assert!(matches!(
            RankedScores::new(&[1.0, f64::NAN], &[true, false]),
            Err(MetricError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            RankedScores::from_vecs(vec![], vec![]),
            Err(MetricError::Empty)
        ));
    }

    proptest! {
        #[test]
        fn runs_cover_every_account_once_in_score_order(
            rows in prop::collection::vec((-20i32..20, any::<bool>()), 1..80)
        ) {
            let (scores, churned): (Vec<f64>, Vec<bool>) =
                rows.into_iter().map(|(s, c)| (f64::from(s) / 2.0, c)).unzip();
            let ranked = RankedScores::new(&scores, &churned).unwrap();
            let mut next = 0;
            let runs: Vec<ClassRun> = ranked.runs().iter().collect();
            for pair in runs.windows(2) {
                prop_assert!(pair[0].score < pair[1].score);
            }
            for run in &runs {
                prop_assert_eq!(run.start(), next);
                let members = ranked.members(run);
                prop_assert!(members.iter().all(|&i| scores[i as usize] == run.score));
                prop_assert_eq!(members.iter().filter(|&&i| churned[i as usize]).count(), run.churned());
                next += members.len();
            }
            prop_assert_eq!(next, scores.len());
            let mut seen = ranked.order().to_vec();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..scores.len() as u32).collect::<Vec<_>>());
        }
    }
}
