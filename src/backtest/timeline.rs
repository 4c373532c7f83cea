//! The time structure of a history: which period each snapshot falls in, which account it
//! belongs to, and when (if ever) each account churned — checked once, before any period is
//! scored.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::periods::{Period, PeriodKind};
use super::BacktestError;
use crate::data::dates::{format_date, parse_iso_date};
use crate::data::MISSING_MARKERS;

/// The columns a [`Timeline`] is built from, row by row in file order.
pub struct TimelineInput<'a> {
    /// The history file, for error messages.
    pub source: &'a Path,
    /// Account number of every row and how many accounts there are ([`account_numbers`]).
    pub accounts: (Vec<u32>, usize),
    /// The account id of a row (0-based), for error messages.
    pub id: &'a dyn Fn(usize) -> String,
    /// Snapshot dates, days since 1970-01-01.
    pub dates: Vec<i32>,
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
#[derive(Debug, Clone)]
pub struct Timeline {
    pub source: PathBuf,
    pub kind: PeriodKind,
    /// The periods that hold snapshots, oldest first.
    pub periods: Vec<Period>,
    /// Distinct snapshot dates per period.
    pub dates_per_period: Vec<usize>,
    /// Index into `periods` of every row.
    pub period_of_row: Vec<u32>,
    /// Account number of every row (0-based, in order of first appearance).
    pub account_of_row: Vec<u32>,
    /// Snapshot date of every row.
    pub date_of_row: Vec<i32>,
    /// Name of the outcome date column, when given.
    pub outcome_date_column: Option<String>,
    /// Per account, whether any of its rows churned.
    ever_churned: Vec<bool>,
    /// Churn dates of account `a`: `churn_days[churn_offsets[a]..churn_offsets[a + 1]]`, sorted.
    churn_offsets: Vec<u32>,
    churn_days: Vec<i32>,
}

impl Timeline {
    /// Groups rows into periods and checks: at least two periods, one snapshot per account
    /// per period, outcome dates that parse and do not precede their row's snapshot.
    pub fn new(input: TimelineInput, kind: PeriodKind) -> Result<Timeline, BacktestError> {
        let (periods, period_of_row) = assign_periods(&input.dates, kind);
        let dates_per_period = distinct_dates(&periods, &period_of_row, &input.dates);
        if periods.len() < 2 {
            return Err(BacktestError::SinglePeriod {
                path: input.source.to_path_buf(),
                period: periods.first().map(|p| p.label.clone()).unwrap_or_default(),
                kind: kind.as_str(),
                dates: dates_per_period.first().copied().unwrap_or(0),
            });
        }
        let (account_of_row, accounts) = input.accounts;
        let mut timeline = Timeline {
            source: input.source.to_path_buf(),
            kind,
            periods,
            dates_per_period,
            period_of_row,
            account_of_row,
            date_of_row: input.dates,
            outcome_date_column: input.churn_dates.map(|(name, _)| name.to_string()),
            ever_churned: vec![false; accounts],
            churn_offsets: vec![0; accounts + 1],
            churn_days: Vec::new(),
        };
        timeline.check_one_snapshot_per_period(input.id)?;
        for (row, &churned) in input.churned.iter().enumerate() {
            timeline.ever_churned[timeline.account_of_row[row] as usize] |= churned;
        }
        if let Some((column, days)) = input.churn_dates {
            timeline.read_churn_dates(input.id, column, days)?;
        }
        Ok(timeline)
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.period_of_row.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.period_of_row.is_empty()
    }

    /// The rows of period `period`, in file order.
    pub fn rows_of_period(&self, period: usize) -> Vec<u32> {
        (0..self.period_of_row.len() as u32)
            .filter(|&row| self.period_of_row[row as usize] as usize == period)
            .collect()
    }

    /// The rows of every period, in file order.
    pub fn rows_of_periods(&self) -> Vec<Vec<u32>> {
        let mut rows = vec![Vec::new(); self.periods.len()];
        for (row, &period) in self.period_of_row.iter().enumerate() {
            rows[period as usize].push(row as u32);
        }
        rows
    }

    /// Where the snapshot on `row` stands relative to its account's churn.
    pub fn lead(&self, row: usize) -> Lead {
        let account = self.account_of_row[row] as usize;
        let days =
            &self.churn_days[self.churn_offsets[account] as usize..self.churn_offsets[account + 1] as usize];
        let snapshot = self.date_of_row[row];
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

    /// The first row (in file order) that repeats an account within a period.
    fn check_one_snapshot_per_period(&self, id: &dyn Fn(usize) -> String) -> Result<(), BacktestError> {
        let accounts = self.churn_offsets.len() - 1;
        let mut seen_in = vec![u32::MAX; accounts];
        let mut seen_at = vec![0u32; accounts];
        let mut worst: Option<(usize, usize)> = None;
        for (period, rows) in self.rows_of_periods().iter().enumerate() {
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
        let period = &self.periods[self.period_of_row[row] as usize];
        Err(BacktestError::DuplicateInPeriod {
            path: self.source.clone(),
            row: row + 1,
            first_row: first_row + 1,
            id: id(row),
            period: period.label.clone(),
            kind: self.kind.as_str(),
            date: format_date(self.date_of_row[row]),
            first_date: format_date(self.date_of_row[first_row]),
        })
    }

    /// Collects every account's churn dates, from whichever of its rows hold them.
    fn read_churn_dates(
        &mut self,
        id: &dyn Fn(usize) -> String,
        column: &str,
        days: &[Option<i32>],
    ) -> Result<(), BacktestError> {
        let mut pairs: Vec<(u32, i32)> = Vec::new();
        for (row, churn) in days.iter().enumerate() {
            let Some(churn) = *churn else { continue };
            if churn < self.date_of_row[row] {
                return Err(BacktestError::ChurnBeforeSnapshot {
                    path: self.source.clone(),
                    row: row + 1,
                    id: id(row),
                    column: column.to_string(),
                    churn_date: format_date(churn),
                    snapshot_date: format_date(self.date_of_row[row]),
                });
            }
            pairs.push((self.account_of_row[row], churn));
        }
        pairs.sort_unstable();
        pairs.dedup();
        let accounts = self.churn_offsets.len() - 1;
        let mut offsets = vec![0u32; accounts + 1];
        for &(account, _) in &pairs {
            offsets[account as usize + 1] += 1;
        }
        for a in 0..accounts {
            offsets[a + 1] += offsets[a];
        }
        self.churn_offsets = offsets;
        self.churn_days = pairs.into_iter().map(|(_, day)| day).collect();
        Ok(())
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

/// Account numbers in order of first appearance, and how many accounts there are.
pub fn account_numbers<'a>(ids: impl Iterator<Item = &'a str>) -> (Vec<u32>, usize) {
    let mut numbers: HashMap<&str, u32> = HashMap::new();
    let of_row = ids
        .map(|id| {
            let next = numbers.len() as u32;
            *numbers.entry(id).or_insert(next)
        })
        .collect();
    (of_row, numbers.len())
}

/// Each row's churn date from the text of an outcome date column (`None` = missing: empty
/// or a missing marker such as `NA`); the first cell that is not an ISO date is an error
/// naming its row and value.
pub fn churn_days<'a>(
    cells: impl Iterator<Item = Option<&'a str>>,
    source: &Path,
    column: &str,
) -> Result<Vec<Option<i32>>, BacktestError> {
    cells
        .enumerate()
        .map(
            |(row, cell)| match cell.map(str::trim).filter(|t| !MISSING_MARKERS.contains(t)) {
                None => Ok(None),
                Some(text) => parse_iso_date(text)
                    .map(Some)
                    .ok_or_else(|| BacktestError::BadOutcomeDate {
                        path: source.to_path_buf(),
                        row: row + 1,
                        column: column.to_string(),
                        value: text.to_string(),
                    }),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i32 {
        parse_iso_date(text).unwrap()
    }

    fn build(rows: &[(&str, &str, bool, Option<&str>)]) -> Result<Timeline, BacktestError> {
        let ids: Vec<String> = rows.iter().map(|r| r.0.to_string()).collect();
        let churned: Vec<bool> = rows.iter().map(|r| r.2).collect();
        let source = Path::new("h.csv");
        let churn = churn_days(rows.iter().map(|r| r.3), source, "churn_date")?;
        let input = TimelineInput {
            source,
            accounts: account_numbers(ids.iter().map(String::as_str)),
            id: &|row| ids[row].clone(),
            dates: rows.iter().map(|r| day(r.1)).collect(),
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
        assert_eq!(t.lead(0), Lead::Churns(120));
        assert_eq!(t.lead(2), Lead::Churns(30));
        assert_eq!(t.lead(1), Lead::NeverChurns);
        assert_eq!(t.rows_of_periods(), vec![vec![0, 1], vec![2, 3]]);
        assert_eq!(
            (t.rows_of_period(0), t.rows_of_period(1)),
            (vec![0, 1], vec![2, 3])
        );
    }

    #[test]
    fn churned_without_a_date_is_neither_positive_nor_negative() {
        let t = build(&[("a", "2025-01-01", true, None), ("b", "2025-04-01", false, None)]).unwrap();
        assert_eq!(t.lead(0), Lead::Excluded);
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
