//! Each snapshot's previous snapshot of the same account, by date: what change measures and
//! the trend test read a change against.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::stream::account_numbers;

/// A history's [`previous_snapshots`], worked out on first use and kept (see
/// `History::previous_snapshots`); empty until then, and in a copy of part of a history.
#[derive(Debug, Clone, Default)]
pub struct PreviousSnapshotCache(OnceLock<Vec<Option<u32>>>);

impl PreviousSnapshotCache {
    /// The kept previous snapshots, worked out by `compute` the first time.
    pub fn get_or_init(&self, compute: impl FnOnce() -> Vec<Option<u32>>) -> &[Option<u32>] {
        self.0.get_or_init(compute)
    }
}

/// The previous snapshot of every row: the row of the same account with the latest date
/// before its own, `None` for an account's first snapshot. The order of the rows does not
/// matter.
///
/// Cost: one sort of the rows by (account, date), O(n log n), and O(n) memory.
///
/// ```
/// use healthscore::data::previous_snapshots;
/// let ids = ["b", "a", "a", "b"].map(String::from);
/// let previous = previous_snapshots(&ids, &[20, 20, 10, 10]);
/// assert_eq!(previous, [Some(3), Some(2), None, None]);
/// ```
pub fn previous_snapshots(ids: &[String], dates: &[i32]) -> Vec<Option<u32>> {
    let (accounts, _) = account_numbers(ids.iter().map(String::as_str));
    let mut rows: Vec<u32> = (0..ids.len() as u32).collect();
    let key = |row: u32| {
        let row = row as usize;
        (u64::from(accounts[row]) << 32) | u64::from((dates[row] as u32) ^ 0x8000_0000)
    };
    rows.sort_unstable_by_key(|&row| key(row));
    let mut previous = vec![None; ids.len()];
    for pair in rows.windows(2) {
        if accounts[pair[0] as usize] == accounts[pair[1] as usize] {
            previous[pair[1] as usize] = Some(pair[0]);
        }
    }
    previous
}

/// How many of the rows with a previous snapshot (`previous`) come after a snapshot date
/// their account was absent from (some date of `dates` lies strictly between the two), and
/// of how many accounts (`ids`).
pub fn snapshots_after_gaps(ids: &[String], dates: &[i32], previous: &[Option<u32>]) -> (usize, usize) {
    let distinct: Vec<i32> = dates
        .iter()
        .copied()
        .collect::<BTreeSet<i32>>()
        .into_iter()
        .collect();
    let rank = |date: i32| distinct.partition_point(|&d| d < date);
    let mut accounts = std::collections::HashSet::new();
    let mut snapshots = 0;
    for (row, before) in previous.iter().enumerate() {
        let Some(before) = before else {
            continue;
        };
        if rank(dates[row]) > rank(dates[*before as usize]) + 1 {
            snapshots += 1;
            accounts.insert(ids[row].as_str());
        }
    }
    (snapshots, accounts.len())
}
