//! The loader's last check: no account id repeats within a snapshot date (or at all, for a
//! history without dates).

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::convert::{FastHash, FastHasher};
use super::dates::format_date;
use super::{DataError, History};

/// No account id may appear twice in the same snapshot (or twice at all without dates).
///
/// Sorts one 64-bit hash per row instead of filling a hash set (several times faster at a
/// million rows); rows whose hashes collide are compared exactly. Reports the first row,
/// in file order, whose account and snapshot appeared on an earlier row.
pub(super) fn check_unique_accounts(history: &History) -> Result<(), DataError> {
    let date = |row: usize| history.dates.as_ref().map_or(0, |d| d[row]);
    let mut hashed: Vec<(u64, usize)> = history
        .ids
        .par_iter()
        .enumerate()
        .map(|(row, id)| {
            let mut hasher = FastHasher::default();
            (id.as_str(), date(row)).hash(&mut hasher);
            (hasher.finish(), row)
        })
        .collect();
    hashed.par_sort_unstable();
    let mut first_repeat: Option<usize> = None;
    for same_hash in hashed.chunk_by(|a, b| a.0 == b.0).filter(|rows| rows.len() > 1) {
        // rows ascending within the run: the first that repeats an earlier one
        let mut seen: HashSet<(&str, i32), FastHash> = HashSet::default();
        for &(_, row) in same_hash {
            if !seen.insert((history.ids[row].as_str(), date(row))) {
                first_repeat = Some(first_repeat.map_or(row, |r| r.min(row)));
                break;
            }
        }
    }
    match first_repeat {
        None => Ok(()),
        Some(row) => Err(DataError::DuplicateAccount {
            path: history.source.clone(),
            row: row + 1,
            id: history.ids[row].clone(),
            snapshot: history.dates.as_ref().map(|d| format_date(d[row])),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(ids: &[&str], dates: Option<Vec<i32>>) -> History {
        History {
            source: "h.csv".into(),
            ids: ids.iter().map(|s| s.to_string()).collect(),
            churned: vec![false; ids.len()],
            dates,
            ..History::default()
        }
    }

    #[test]
    fn first_repeat_in_file_order_is_reported() {
        // "a" repeats at row 5, "b" already at row 4: row 4 is reported
        let err = check_unique_accounts(&history(&["a", "b", "c", "b", "a"], None)).unwrap_err();
        assert!(matches!(err, DataError::DuplicateAccount { row: 4, ref id, .. } if id == "b"));
    }

    #[test]
    fn same_id_on_different_dates_is_fine() {
        assert!(check_unique_accounts(&history(&["a", "a", "b"], Some(vec![1, 2, 1]))).is_ok());
        let err = check_unique_accounts(&history(&["a", "b", "a"], Some(vec![1, 1, 1]))).unwrap_err();
        assert!(matches!(err, DataError::DuplicateAccount { row: 3, .. }));
    }

    #[test]
    fn an_account_with_several_snapshots_counts_once() {
        let snapshots = history(&["a", "b", "a", "c", "a"], Some(vec![1, 1, 2, 2, 3]));
        assert!(check_unique_accounts(&snapshots).is_ok());
        assert_eq!(snapshots.distinct_accounts(), 3);
        // without dates the ids were checked distinct: one account a row
        let accounts = history(&["a", "b", "c", "d"], None);
        assert!(check_unique_accounts(&accounts).is_ok());
        assert_eq!(accounts.distinct_accounts(), 4);
    }
}
