//! Churn by score group: equal-count groups of accounts ordered by score (deciles by default).

use super::check::{at_least, paired_inputs};
use super::ranked::RankedScores;
use super::MetricError;

/// Accounts and churn in one score group.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct DecileRow {
    /// 1-based group number; 1 holds the lowest scores. Numbers of omitted (empty) groups
    /// are skipped, not reused.
    pub group: usize,
    /// Accounts in the group.
    pub accounts: usize,
    /// Churned accounts in the group.
    pub churned: usize,
    /// `churned / accounts`.
    pub churn_rate: f64,
    /// Lowest score in the group.
    pub min_score: f64,
    /// Highest score in the group.
    pub max_score: f64,
    /// Mean score in the group.
    pub mean_score: f64,
}

/// Splits accounts into `groups` equal-count groups by ascending score (10 for deciles).
///
/// Accounts are sorted by score; a run of tied scores starting at 0-based sorted position
/// `s` goes entirely into group `⌊s·groups/n⌋ + 1`, so ties never straddle two groups
/// (pandas `qcut` would instead fail on duplicate edges). Groups left empty that way are
/// omitted, so fewer than `groups` rows can come back; with no ties and `n ≥ groups` every
/// group gets ⌊n/groups⌋ or ⌈n/groups⌉ accounts. O(n log n).
///
/// One outcome class is fine (churn rates are then all 0 or all 1).
///
/// Errors: [`MetricError::LengthMismatch`], [`MetricError::Empty`],
/// [`MetricError::NonFinite`] (as [`paired_inputs`]), then [`MetricError::TooFew`] when
/// `groups == 0`.
///
/// ```
/// use healthscore::metrics::deciles::score_deciles;
/// let rows = score_deciles(&[1.0, 2.0, 3.0, 4.0], &[true, true, false, false], 2).unwrap();
/// assert_eq!((rows[0].group, rows[0].churn_rate, rows[1].churn_rate), (1, 1.0, 0.0));
/// ```
pub fn score_deciles(scores: &[f64], churned: &[bool], groups: usize) -> Result<Vec<DecileRow>, MetricError> {
    paired_inputs(scores, churned)?;
    at_least("score groups", groups, 1)?;
    RankedScores::new(scores, churned)?.deciles(groups)
}

impl RankedScores<'_> {
    /// [`score_deciles`] on the ranked accounts: one pass over the tie runs.
    pub fn deciles(&self, groups: usize) -> Result<Vec<DecileRow>, MetricError> {
        at_least("score groups", groups, 1)?;
        let n = self.len() as u128;
        // each row travels with the sum of its scores until the means are taken
        let mut rows: Vec<(DecileRow, f64)> = Vec::with_capacity(groups.min(self.len()));
        for run in self.runs() {
            let group = (run.start() as u128 * groups as u128 / n) as usize + 1;
            let accounts = run.len();
            let run_sum = run.score * accounts as f64;
            match rows.last_mut() {
                Some((row, sum)) if row.group == group => {
                    row.accounts += accounts;
                    row.churned += run.churned();
                    row.max_score = run.score;
                    *sum += run_sum;
                }
                _ => rows.push((
                    DecileRow {
                        group,
                        accounts,
                        churned: run.churned(),
                        churn_rate: 0.0,
                        min_score: run.score,
                        max_score: run.score,
                        mean_score: 0.0,
                    },
                    run_sum,
                )),
            }
        }
        Ok(rows
            .into_iter()
            .map(|(row, sum)| DecileRow {
                churn_rate: row.churned as f64 / row.accounts as f64,
                mean_score: sum / row.accounts as f64,
                ..row
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_stay_in_the_group_where_they_start() {
        // sorted: 1, 2, 2, 2, 3, 4 with 3 groups → boundaries at positions 2 and 4
        // run "2" starts at position 1 → group ⌊1·3/6⌋ + 1 = 1, so group 1 = {1, 2, 2, 2}
        // "3" at position 4 → group 3; group 2 is left empty and omitted
        let scores = [2.0, 1.0, 2.0, 4.0, 2.0, 3.0];
        let churned = [true, true, false, false, true, false];
        let rows = score_deciles(&scores, &churned, 3).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].group, rows[0].accounts, rows[0].churned), (1, 4, 3));
        assert_eq!(
            (rows[0].min_score, rows[0].max_score, rows[0].mean_score),
            (1.0, 2.0, 1.75)
        );
        assert_eq!(rows[0].churn_rate, 0.75);
        assert_eq!((rows[1].group, rows[1].accounts, rows[1].churned), (3, 2, 0));
        assert_eq!(rows[1].mean_score, 3.5);
    }

    #[test]
    fn groups_are_equal_count_without_ties() {
        let scores: Vec<f64> = (0..25).map(f64::from).collect();
        let rows = score_deciles(&scores, &[false; 25], 10).unwrap();
        let sizes: Vec<usize> = rows.iter().map(|r| r.accounts).collect();
        assert_eq!(sizes, vec![3, 2, 3, 2, 3, 2, 3, 2, 3, 2]);
    }

    #[test]
    fn more_groups_than_accounts_gives_one_row_per_account() {
        let rows = score_deciles(&[5.0, 6.0], &[true, false], 10).unwrap();
        let groups: Vec<usize> = rows.iter().map(|r| r.group).collect();
        assert_eq!(groups, vec![1, 6]);
    }

    #[test]
    fn zero_groups_is_an_error() {
        let err = score_deciles(&[1.0], &[true], 0).unwrap_err();
        assert!(matches!(err, MetricError::TooFew { got: 0, min: 1, .. }));
    }

    #[test]
    fn non_finite_score_is_an_error() {
        let err = score_deciles(&[1.0, f64::NAN], &[true, false], 10).unwrap_err();
        assert!(matches!(err, MetricError::NonFinite { index: 1, .. }));
    }
}
