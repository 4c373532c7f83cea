//! The time structure of a history: which period each snapshot falls in, which account it
//! belongs to, and when (if ever) each account churned — checked once, before any period is
//! scored.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use super::churn_dates::churn_days;
use super::error::temporary_file;
use super::periods::{Period, PeriodKind};
use super::BacktestError;
use crate::data::dates::format_date;
use crate::data::stream::{PeriodRows, SpooledPeriodRows};

/// The columns a [`Timeline`] is built from, row by row in file order.
pub struct TimelineInput<'a> {
    /// The history file, for error messages.
    pub source: &'a Path,
    /// Account number of every row and how many accounts there are ([`account_numbers`]).
    pub accounts: (&'a [u32], usize),
    /// The account id of a row (0-based), for error messages.
    pub id: &'a dyn Fn(usize) -> String,
    /// Snapshot dates, days since 1970-01-01.
    pub dates: &'a [i32],
    pub churned: &'a [bool],
    /// The outcome (churn) date column: its name and each row's date ([`churn_days`]).
    pub churn_dates: Option<(&'a str, &'a [Option<i32>])>,
}

/// Where a snapshot stands relative to its account's churn, for the lead-time view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lead {
    /// The account churns this many days after the snapshot (its first churn date on or
    /// after the snapshot date).
    Churns(i32),
    /// The account never churns in the history (no churn date and no churned row).
    NeverChurns,
    /// Neither: the account churned only before this snapshot, or churned without a date.
    Excluded,
}

/// Periods, accounts and churn dates of every row.
#[derive(Debug)]
pub struct Timeline {
    pub source: PathBuf,
    pub kind: PeriodKind,
    /// The periods that hold snapshots, oldest first.
    pub periods: Vec<Period>,
    /// Distinct snapshot dates per period.
    pub dates_per_period: Vec<usize>,
    /// Name of the outcome date column, when given.
    pub outcome_date_column: Option<String>,
    /// Each period's rows, accounts and dates, in a temporary file.
    period_rows: SpooledPeriodRows,
    /// Per account, whether any of its rows churned.
    ever_churned: Vec<bool>,
    /// Churn dates of account `a`: `churn_days[churn_offsets[a]..churn_offsets[a + 1]]`, sorted.
    churn_offsets: Vec<u32>,
    churn_days: Vec<i32>,
}

impl Timeline {
    /// Groups rows into periods and checks: at least two periods, one snapshot per account
    /// per period, outcome dates that parse and do not precede their row's snapshot.
    ///
    /// Errors: those checks, and [`BacktestError::TemporaryFile`] when the rows of each
    /// period cannot be written aside.
    pub fn new(input: TimelineInput, kind: PeriodKind) -> Result<Timeline, BacktestError> {
        let (periods, period_of_row) = assign_periods(input.dates, kind);
        let dates_per_period = distinct_dates(&periods, &period_of_row, input.dates);
        if periods.len() < 2 {
            return Err(BacktestError::SinglePeriod {
                path: input.source.to_path_buf(),
                period: periods.first().map(|p| p.label.clone()).unwrap_or_default(),
                kind: kind.as_str(),
                dates: dates_per_period.first().copied().unwrap_or(0),
            });
        }
        let (account_of_row, accounts) = input.accounts;
        let rows = RowIndex {
            source: input.source,
            id: input.id,
            period_of_row,
            account_of_row,
            date_of_row: input.dates,
        };
        let rows_by_period = rows.rows_of_periods(periods.len());
        rows.check_one_snapshot_per_period(&rows_by_period, &periods, kind, accounts)?;
        let mut ever_churned = vec![false; accounts];
        for (row, &churned) in input.churned.iter().enumerate() {
            ever_churned[rows.account_of_row[row] as usize] |= churned;
        }
        let (churn_offsets, churn_days) = match input.churn_dates {
            Some((column, days)) => rows.churn_dates(accounts, column, days)?,
            None => (vec![0; accounts + 1], Vec::new()),
        };
        let period_rows = SpooledPeriodRows::write(&rows_by_period, rows.account_of_row, rows.date_of_row)
            .map_err(temporary_file("the rows of each period"))?;
        Ok(Timeline {
            source: input.source.to_path_buf(),
            kind,
            periods,
            dates_per_period,
            outcome_date_column: input.churn_dates.map(|(name, _)| name.to_string()),
            period_rows,
            ever_churned,
            churn_offsets,
            churn_days,
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.period_rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.period_rows.is_empty()
    }

    /// The rows of period `period` with their accounts and dates, in file order.
    ///
    /// Errors: [`BacktestError::TemporaryFile`].
    pub fn period_rows(&self, period: usize) -> Result<PeriodRows, BacktestError> {
        self.period_rows
            .read(period)
            .map_err(temporary_file("the rows of each period"))
    }

    /// The index into `periods` of every row, in file order.
    ///
    /// Errors: [`BacktestError::TemporaryFile`].
    pub fn period_of_every_row(&self) -> Result<Vec<u32>, BacktestError> {
        self.period_rows
            .period_of_every_row()
            .map_err(temporary_file("the rows of each period"))
    }

    /// Where a snapshot of `account` taken on `snapshot` (days since 1970-01-01) stands
    /// relative to the account's churn.
    pub fn lead(&self, account: u32, snapshot: i32) -> Lead {
        let account = account as usize;
        let days =
            &self.churn_days[self.churn_offsets[account] as usize..self.churn_offsets[account + 1] as usize];
        match days.iter().find(|&&d| d >= snapshot) {
            Some(&churn) => Lead::Churns(churn - snapshot),
            None if days.is_empty() && !self.ever_churned[account] => Lead::NeverChurns,
            None => Lead::Excluded,
        }
    }

    /// Whether any row of `account` holds a churn date.
    pub fn has_churn_date(&self, account: u32) -> bool {
        let a = account as usize;
        self.churn_offsets[a + 1] > self.churn_offsets[a]
    }
}

/// Every row's period, account and date while the timeline is built and checked.
struct RowIndex<'a> {
    source: &'a Path,
    id: &'a dyn Fn(usize) -> String,
    period_of_row: Vec<u32>,
    account_of_row: &'a [u32],
    date_of_row: &'a [i32],
}

impl RowIndex<'_> {
    /// The first row (in file order) that repeats an account within a period.
    fn check_one_snapshot_per_period(
        &self,
        rows_by_period: &[Vec<u32>],
        periods: &[Period],
        kind: PeriodKind,
        accounts: usize,
    ) -> Result<(), BacktestError> {
        let mut seen_in = vec![u32::MAX; accounts];
        let mut seen_at = vec![0u32; accounts];
        let mut worst: Option<(usize, usize)> = None;
        for (period, rows) in rows_by_period.iter().enumerate() {
            for &row in rows {
                let account = self.account_of_row[row as usize] as usize;
                if seen_in[account] == period as u32 {
                    if worst.is_none_or(|(r, _)| (row as usize) < r) {
                        worst = Some((row as usize, seen_at[account] as usize));
                    }
                    break;
                }
                seen_in[account] = period as u32;
                seen_at[account] = row;
            }
        }
        let Some((row, first_row)) = worst else {
            return Ok(());
        };
        let period = &periods[self.period_of_row[row] as usize];
        Err(BacktestError::DuplicateInPeriod {
            path: self.source.to_path_buf(),
            row: row + 1,
            first_row: first_row + 1,
            id: (self.id)(row),
            period: period.label.clone(),
            kind: kind.as_str(),
            date: format_date(self.date_of_row[row]),
            first_date: format_date(self.date_of_row[first_row]),
        })
    }

    /// The rows of every period, in file order.
    fn rows_of_periods(&self, periods: usize) -> Vec<Vec<u32>> {
        let mut rows = vec![Vec::new(); periods];
        for (row, &period) in self.period_of_row.iter().enumerate() {
            rows[period as usize].push(row as u32);
        }
        rows
    }

    /// Every account's churn dates, from whichever of its rows hold them, as (offsets per
    /// account, sorted days).
    fn churn_dates(
        &self,
        accounts: usize,
        column: &str,
        days: &[Option<i32>],
    ) -> Result<(Vec<u32>, Vec<i32>), BacktestError> {
        let mut pairs: Vec<(u32, i32)> = Vec::new();
        for (row, churn) in days.iter().enumerate() {
            let Some(churn) = *churn else { continue };
            if churn < self.date_of_row[row] {
                return Err(BacktestError::ChurnBeforeSnapshot {
                    path: self.source.to_path_buf(),
                    row: row + 1,
                    id: (self.id)(row),
                    column: column.to_string(),
                    churn_date: format_date(churn),
                    snapshot_date: format_date(self.date_of_row[row]),
                });
            }
            pairs.push((self.account_of_row[row], churn));
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut offsets = vec![0u32; accounts + 1];
        for &(account, _) in &pairs {
            offsets[account as usize + 1] += 1;
        }
        for a in 0..accounts {
            offsets[a + 1] += offsets[a];
        }
        Ok((offsets, pairs.into_iter().map(|(_, day)| day).collect()))
    }
}

/// The periods holding snapshots (oldest first) and the index of every row's period.
fn assign_periods(dates: &[i32], kind: PeriodKind) -> (Vec<Period>, Vec<u32>) {
    let keys: Vec<i32> = dates.iter().map(|&d| kind.key(d)).collect();
    let mut distinct = keys.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let periods: Vec<Period> = distinct.iter().map(|&key| kind.period(key)).collect();
    let index: HashMap<i32, u32> = distinct.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
    let period_of_row = keys.iter().map(|k| index[k]).collect();
    (periods, period_of_row)
}

fn distinct_dates(periods: &[Period], period_of_row: &[u32], dates: &[i32]) -> Vec<usize> {
    let mut pairs: Vec<(u32, i32)> = period_of_row.iter().copied().zip(dates.iter().copied()).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut counts = vec![0; periods.len()];
    for (period, _) in pairs {
        counts[period as usize] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::dates::parse_iso_date;
    use crate::data::stream::account_numbers;

    fn day(text: &str) -> i32 {
        parse_iso_date(text).unwrap()
    }

    fn build(rows: &[(&str, &str, bool, Option<&str>)]) -> Result<Timeline, BacktestError> {
        let ids: Vec<String> = rows.iter().map(|r| r.0.to_string()).collect();
        let churned: Vec<bool> = rows.iter().map(|r| r.2).collect();
        let source = Path::new("h.csv");
        let churn = churn_days(rows.iter().map(|r| r.3), source, "churn_date")?;
        let (accounts, count) = account_numbers(ids.iter().map(String::as_str));
        let dates: Vec<i32> = rows.iter().map(|r| day(r.1)).collect();
        let input = TimelineInput {
            source,
            accounts: (&accounts, count),
            id: &|row| ids[row].clone(),
            dates: &dates,
            churned: &churned,
            churn_dates: Some(("churn_date", &churn)),
        };
        Timeline::new(input, PeriodKind::Quarter)
    }

    #[test]
    fn churn_dates_come_from_any_row_of_the_account() {
        let t = build(&[
            ("a", "2025-01-01", false, None),
            ("b", "2025-01-01", false, None),
            ("a", "2025-04-01", true, Some("2025-05-01")),
            ("b", "2025-04-01", false, None),
        ])
        .unwrap();
        assert_eq!(t.periods.len(), 2);
        let (first, second) = (t.period_rows(0).unwrap(), t.period_rows(1).unwrap());
        assert_eq!((first.rows, second.rows), (vec![0, 1], vec![2, 3]));
        // accounts in order of first appearance: a = 0, b = 1
        assert_eq!((first.accounts, second.accounts), (vec![0, 1], vec![0, 1]));
        assert_eq!(first.dates, vec![day("2025-01-01"); 2]);
        assert_eq!(t.lead(0, day("2025-01-01")), Lead::Churns(120));
        assert_eq!(t.lead(0, day("2025-04-01")), Lead::Churns(30));
        assert_eq!(t.lead(1, day("2025-01-01")), Lead::NeverChurns);
        assert_eq!(t.period_of_every_row().unwrap(), vec![0, 0, 1, 1]);
    }

    #[test]
    fn churned_without_a_date_is_neither_positive_nor_negative() {
        let t = build(&[("a", "2025-01-01", true, None), ("b", "2025-04-01", false, None)]).unwrap();
        assert_eq!(t.lead(0, day("2025-01-01")), Lead::Excluded);
    }

    #[test]
    fn one_period_is_an_error() {
        let err = build(&[("a", "2025-01-01", false, None), ("b", "2025-02-01", false, None)]).unwrap_err();
        assert!(
            matches!(err, BacktestError::SinglePeriod { dates: 2, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_second_snapshot_in_a_period_names_both_rows() {
        let err = build(&[
            ("a", "2025-01-01", false, None),
            ("a", "2025-04-01", false, None),
            ("b", "2025-01-01", false, None),
            ("a", "2025-02-15", false, None),
        ])
        .unwrap_err();
        assert!(
            matches!(err, BacktestError::DuplicateInPeriod { row: 4, first_row: 1, ref period, .. } if period == "2025-Q1"),
            "{err}"
        );
    }

    #[test]
    fn churn_before_the_snapshot_is_an_error() {
        let err = build(&[
            ("a", "2025-01-01", false, None),
            ("b", "2025-04-01", true, Some("2025-03-01")),
        ])
        .unwrap_err();
        assert!(
            matches!(err, BacktestError::ChurnBeforeSnapshot { row: 2, .. }),
            "{err}"
        );
    }

    #[test]
    fn unparsable_churn_date_names_row_and_value() {
        let err = build(&[
            ("a", "2025-01-01", false, Some("soon")),
            ("b", "2025-04-01", false, None),
        ])
        .unwrap_err();
        assert!(
            matches!(err, BacktestError::BadOutcomeDate { row: 1, ref value, .. } if value == "soon"),
            "{err}"
        );
    }
}
