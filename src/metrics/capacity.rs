//! Review capacity: how much churn a team catches by reviewing the lowest-scored share of
//! accounts (the cumulative gains, or lift, table of a score read from its lowest end).

use super::check::finite;
use super::ranked::RankedScores;
use super::ranks::ClassRun;
use super::MetricError;

/// What reviewing one share of the accounts, lowest scores first, catches.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CapacityRow {
    /// The share of accounts the team can review, in (0, 1).
    pub share: f64,
    /// The highest score reviewed: every account at or below it is reviewed.
    pub cutoff: f64,
    /// Accounts reviewed: at least ⌈share · n⌉, more when accounts tie at the cutoff.
    pub accounts: usize,
    /// Churned accounts among them.
    pub churned: usize,
    /// `churned / all churned`; `None` when no account churned.
    pub share_of_churned: Option<f64>,
    /// Churn rate of the reviewed accounts over the overall churn rate; `None` when no
    /// account churned.
    pub lift: Option<f64>,
    /// Total value of the churned accounts reviewed, when values are given.
    pub value_churned: Option<f64>,
}

/// Slack below ⌈share · n⌉ so that a product such as 0.07 · 100 = 7.000000000000001 asks
/// for 7 accounts, not 8.
const SLACK: f64 = 1e-9;

/// The accounts a share `share` of `n` asks for: `⌈share · n − 10⁻⁹⌉`, at least 1.
pub fn accounts_wanted(share: f64, n: usize) -> usize {
    ((share * n as f64 - SLACK).ceil() as usize).clamp(1, n.max(1))
}

/// Review capacity at each of `shares`: reviewing a share q means the accounts with
/// `score ≤ cutoff`, where the cutoff is the smallest score with at least
/// k = ⌈q·n⌉ ([`accounts_wanted`]) accounts at or below it. Ties are kept together, so
/// `accounts` can exceed k. `lift = (churned / accounts) / (C / n)` with C all churned
/// accounts; `value_churned` sums `values` over the churned accounts reviewed.
///
/// This is the cumulative gains (lift) table of the score ranked from its lowest end
/// (e.g. Ling & Li 1998; scikit-plot's `plot_cumulative_gain`), with whole tie runs
/// instead of a split tie. One sort (shared with every rank statistic through
/// [`RankedScores`]), then one pass: O(n log n).
///
/// Errors: as [`RankedScores::new`]; [`MetricError::LengthMismatch`] or
/// [`MetricError::NonFinite`] for `values`; [`MetricError::InvalidShare`] for a share not
/// strictly between 0 and 1.
///
/// ```
/// use healthscore::metrics::capacity::review_capacity;
/// // scores 1, 2, 2, 2, 5: a fifth asks for 1 account, two fifths for 2, which takes all
/// // three tied at 2
/// let rows = review_capacity(&[2.0, 1.0, 2.0, 5.0, 2.0], &[true, true, false, false, true], None, &[0.2, 0.4])
///     .unwrap();
/// assert_eq!((rows[0].cutoff, rows[0].accounts, rows[0].churned), (1.0, 1, 1));
/// assert_eq!((rows[1].cutoff, rows[1].accounts, rows[1].churned), (2.0, 4, 3));
/// ```
pub fn review_capacity(
    scores: &[f64],
    churned: &[bool],
    values: Option<&[f64]>,
    shares: &[f64],
) -> Result<Vec<CapacityRow>, MetricError> {
    RankedScores::new(scores, churned)?.review_capacity(values, shares)
}

impl RankedScores<'_> {
    /// [`review_capacity`] on the ranked accounts, reading the one sort.
    pub fn review_capacity(
        &self,
        values: Option<&[f64]>,
        shares: &[f64],
    ) -> Result<Vec<CapacityRow>, MetricError> {
        if let Some(values) = values {
            if values.len() != self.len() {
                return Err(MetricError::LengthMismatch {
                    scores: self.len(),
                    outcomes: values.len(),
                });
            }
            finite(values)?;
        }
        if let Some(&share) = shares.iter().find(|s| !(**s > 0.0 && **s < 1.0)) {
            return Err(MetricError::InvalidShare { share });
        }
        let n = self.len();
        let wanted: Vec<usize> = shares.iter().map(|&share| accounts_wanted(share, n)).collect();
        // for each share, the first run that ends at or beyond the accounts it asks for (the
        // last run when none does), with the churned accounts and churned value up to its
        // end: one pass over the runs, stopping when every share has its run
        let mut reached: Vec<Option<(ClassRun, usize, f64)>> = vec![None; shares.len()];
        let mut last = None;
        let (mut churned, mut value) = (0, 0.0);
        for run in self.runs() {
            churned += run.churned();
            if let Some(values) = values {
                value += self
                    .members(&run)
                    .iter()
                    .filter(|&&row| self.churned()[row as usize])
                    .map(|&row| values[row as usize])
                    .sum::<f64>();
            }
            let end = run.start() + run.len();
            for (slot, &wanted) in reached.iter_mut().zip(&wanted) {
                if slot.is_none() && end >= wanted {
                    *slot = Some((run, churned, value));
                }
            }
            last = Some((run, churned, value));
            if reached.iter().all(Option::is_some) {
                break;
            }
        }
        let all_churned = self.counts().churned;
        let rows = shares
            .iter()
            .zip(reached)
            .filter_map(|(&share, reached)| {
                let (run, churned, value) = reached.or(last)?;
                let accounts = run.start() + run.len();
                let rate = churned as f64 / accounts as f64;
                let overall = all_churned as f64 / n as f64;
                Some(CapacityRow {
                    share,
                    cutoff: run.score,
                    accounts,
                    churned,
                    share_of_churned: (all_churned > 0).then(|| churned as f64 / all_churned as f64),
                    lift: (all_churned > 0).then(|| rate / overall),
                    value_churned: values.map(|_| value),
                })
            })
            .collect();
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ties_at_the_cutoff_are_reviewed_together() {
        // ten accounts: 1, 1, 1, 1, 2, 3, 3, 4, 5, 6; churned: the first, fifth, sixth
        let scores = [1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0];
        let churned = [true, false, false, false, true, true, false, false, false, false];
        let values = [10.0, 1.0, 1.0, 1.0, 20.0, 40.0, 1.0, 1.0, 1.0, 1.0];
        let rows = review_capacity(&scores, &churned, Some(&values), &[0.1, 0.5, 0.6, 0.99]).unwrap();
        let got: Vec<(f64, usize, usize, Option<f64>)> = rows
            .iter()
            .map(|r| (r.cutoff, r.accounts, r.churned, r.value_churned))
            .collect();
        assert_eq!(
            got,
            vec![
                (1.0, 4, 1, Some(10.0)),
                (2.0, 5, 2, Some(30.0)),
                (3.0, 7, 3, Some(70.0)),
                (6.0, 10, 3, Some(70.0)),
            ]
        );
        // 4 accounts hold 1 of 3 churned: rate 1/4 against 3/10 overall
        assert_eq!(rows[0].share_of_churned, Some(1.0 / 3.0));
        assert_eq!(rows[0].lift, Some(0.25 / 0.3));
        assert_eq!(rows[3].lift, Some(1.0));
    }

    #[test]
    fn no_churn_gives_no_shares_or_lift() {
        let rows = review_capacity(&[1.0, 2.0], &[false, false], None, &[0.5]).unwrap();
        assert_eq!(
            (rows[0].accounts, rows[0].share_of_churned, rows[0].lift),
            (1, None, None)
        );
        assert_eq!(rows[0].value_churned, None);
    }

    #[test]
    fn shares_outside_zero_to_one_and_bad_values_are_refused() {
        for share in [0.0, 1.0, -0.1, f64::NAN] {
            assert!(matches!(
                review_capacity(&[1.0], &[true], None, &[share]),
                Err(MetricError::InvalidShare { .. })
            ));
        }
        assert!(matches!(
            review_capacity(&[1.0], &[true], Some(&[1.0, 2.0]), &[0.5]),
            Err(MetricError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn a_share_times_n_just_above_a_whole_number_asks_for_that_number() {
        assert_eq!(0.07 * 100.0, 7.000000000000001);
        assert_eq!(accounts_wanted(0.07, 100), 7);
        assert_eq!(accounts_wanted(0.071, 100), 8);
        assert_eq!(accounts_wanted(0.001, 10), 1);
    }

    proptest! {
        #[test]
        fn the_cutoff_is_the_smallest_score_reaching_the_share(
            rows in prop::collection::vec((0i32..12, any::<bool>()), 1..120),
            share in 0.001f64..0.999,
        ) {
            let (scores, churned): (Vec<f64>, Vec<bool>) =
                rows.into_iter().map(|(s, c)| (f64::from(s), c)).unzip();
            let row = review_capacity(&scores, &churned, None, &[share]).unwrap()[0];
            let wanted = accounts_wanted(share, scores.len());
            let at_or_below = |cutoff: f64| scores.iter().filter(|&&s| s <= cutoff).count();
            prop_assert!(row.accounts >= wanted);
            prop_assert_eq!(row.accounts, at_or_below(row.cutoff));
            // no smaller score reaches the share
            prop_assert!(scores.iter().filter(|&&s| s < row.cutoff).all(|&s| at_or_below(s) < wanted));
            let caught = scores.iter().zip(&churned).filter(|(&s, &c)| c && s <= row.cutoff).count();
            prop_assert_eq!(row.churned, caught);
        }
    }
}
