//! Stratified k-fold assignment, keeping every snapshot of an account in the same fold.
//!
//! Accounts (rows sharing an id) are split by whether any of their rows churned; each
//! stratum is shuffled with a seeded ChaCha8 stream and dealt round-robin into `k` folds,
//! the second stratum continuing where the first stopped, so fold sizes and churn counts
//! differ by at most one account. With one snapshot per account this is plain stratified
//! k-fold (scikit-learn `StratifiedKFold(shuffle=True)`, with its own random stream).
//!
//! [`sample_rows`] bounds the rows a fit sees: the backtest's walk-forward and tune's weight
//! refits fit on a seeded uniform sample when there are more.

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The fold (0..k) of every row.
pub fn stratified_folds(ids: &[String], churned: &[bool], k: usize, seed: u64) -> Vec<usize> {
    let mut account_of_row = Vec::with_capacity(ids.len());
    let mut account_churned: Vec<bool> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    for (row, id) in ids.iter().enumerate() {
        let next = account_churned.len();
        let account = *index.entry(id.as_str()).or_insert(next);
        if account == next {
            account_churned.push(false);
        }
        account_churned[account] |= churned[row];
        account_of_row.push(account);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut fold_of_account = vec![0; account_churned.len()];
    let mut dealt = 0;
    for stratum in [true, false] {
        let mut accounts: Vec<usize> = (0..account_churned.len())
            .filter(|&a| account_churned[a] == stratum)
            .collect();
        accounts.shuffle(&mut rng);
        for account in accounts {
            fold_of_account[account] = dealt % k.max(1);
            dealt += 1;
        }
    }
    account_of_row.iter().map(|&a| fold_of_account[a]).collect()
}

/// Positions (into `folds`) held out in fold `fold`, and the positions trained on.
pub fn split(folds: &[usize], fold: usize) -> (Vec<usize>, Vec<usize>) {
    (0..folds.len()).partition(|&i| folds[i] == fold)
}

/// Up to `limit` of the rows `0..len`, a seeded uniform sample in row order (all of them
/// when there are no more than `limit`).
pub fn sample_rows(len: usize, limit: usize, seed: u64) -> Vec<usize> {
    if len <= limit {
        return (0..len).collect();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut rows = rand::seq::index::sample(&mut rng, len, limit).into_vec();
    rows.sort_unstable();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("A{i}")).collect()
    }

    #[test]
    fn folds_are_balanced_in_size_and_churn() {
        let churned: Vec<bool> = (0..103).map(|i| i % 10 == 0).collect();
        let folds = stratified_folds(&ids(103), &churned, 5, 7);
        for fold in 0..5 {
            let size = folds.iter().filter(|&&f| f == fold).count();
            let churn = (0..103).filter(|&i| folds[i] == fold && churned[i]).count();
            assert!((20..=21).contains(&size), "fold {fold}: {size}");
            assert!((2..=3).contains(&churn), "fold {fold}: {churn} churned");
        }
    }

    #[test]
    fn same_seed_same_folds_and_snapshots_stay_together() {
        let ids: Vec<String> = ["a", "b", "a", "c", "b", "a"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let churned = [false, false, true, false, false, false];
        let folds = stratified_folds(&ids, &churned, 2, 3);
        assert_eq!(folds, stratified_folds(&ids, &churned, 2, 3));
        assert_eq!(folds[0], folds[2]);
        assert_eq!(folds[0], folds[5]);
        assert_eq!(folds[1], folds[4]);
        let (held_out, trained) = split(&folds, folds[0]);
        assert!(held_out.contains(&0) && !trained.contains(&0));
        assert_eq!(held_out.len() + trained.len(), 6);
    }

    #[test]
    fn samples_are_seeded_sorted_and_bounded() {
        assert_eq!(sample_rows(5, 10, 1), vec![0, 1, 2, 3, 4]);
        let a = sample_rows(1000, 100, 7);
        assert_eq!(a.len(), 100);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(a, sample_rows(1000, 100, 7));
        assert_ne!(a, sample_rows(1000, 100, 8));
    }
}
