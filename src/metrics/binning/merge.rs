//! The dynamic programme behind [`super::merge_monotone`]: the IV-maximizing partition of the
//! pre-bins into at most `max_bins` adjacent bins that meet the limits and keep the churn
//! rate strictly monotone. State: (bins used, last bin's start, last bin's end).

use super::super::woe::iv_term;
use super::{Bin, BinningLimits, ChurnTrend};

/// The dynamic programme of [`merge_monotone`] over prefix sums of the pre-bins.
pub(super) struct Merger<'a> {
    prebins: &'a [Bin],
    /// Accounts and churned accounts in pre-bins `0..i`.
    accounts: Vec<usize>,
    churned: Vec<usize>,
    min_accounts: usize,
    max_bins: usize,
}

/// Best IV of a partition of pre-bins `0..end` into `k` bins whose last is `start..end`, and
/// the previous bin's start.
#[derive(Clone, Copy)]
struct Cell {
    iv: f64,
    previous_start: usize,
}

impl<'a> Merger<'a> {
    pub(super) fn new(prebins: &'a [Bin], limits: BinningLimits) -> Merger<'a> {
        let mut accounts = vec![0];
        let mut churned = vec![0];
        for b in prebins {
            accounts.push(accounts.last().copied().unwrap_or(0) + b.accounts);
            churned.push(churned.last().copied().unwrap_or(0) + b.churned);
        }
        let total = accounts.last().copied().unwrap_or(0);
        let share = if limits.min_share.is_nan() {
            0.0
        } else {
            limits.min_share.clamp(0.0, 0.5)
        };
        let min_accounts = ((share * total as f64).ceil() as usize).max(1);
        Merger {
            prebins,
            accounts,
            churned,
            min_accounts,
            max_bins: limits.max_bins.max(1),
        }
    }

    /// Accounts and churned accounts of pre-bins `start..end`.
    fn counts(&self, start: usize, end: usize) -> (usize, usize) {
        (
            self.accounts[end] - self.accounts[start],
            self.churned[end] - self.churned[start],
        )
    }

    fn valid(&self, start: usize, end: usize) -> bool {
        let (a, c) = self.counts(start, end);
        a >= self.min_accounts && c > 0 && c < a
    }

    /// Whether the churn rate of `next` is strictly beyond that of `previous` in `trend`,
    /// compared exactly by cross-multiplication.
    fn in_order(&self, previous: (usize, usize), next: (usize, usize), trend: ChurnTrend) -> bool {
        let (a1, c1) = previous;
        let (a2, c2) = next;
        let (left, right) = (c1 as u128 * a2 as u128, c2 as u128 * a1 as u128);
        match trend {
            ChurnTrend::Rising => left < right,
            ChurnTrend::Falling => left > right,
        }
    }

    fn iv(&self, start: usize, end: usize) -> f64 {
        let n = self.prebins.len();
        let (total, total_churned) = self.counts(0, n);
        let (a, c) = self.counts(start, end);
        iv_term(a - c, total - total_churned, c, total_churned)
    }

    pub(super) fn best(&self, trend: ChurnTrend) -> Option<(Vec<Bin>, f64)> {
        let n = self.prebins.len();
        // table[k][start][end], k = bins used − 1
        let mut table: Vec<Vec<Vec<Option<Cell>>>> = vec![vec![vec![None; n + 1]; n + 1]; self.max_bins];
        for (end, slot) in table[0][0].iter_mut().enumerate().skip(1) {
            *slot = self.valid(0, end).then(|| Cell {
                iv: self.iv(0, end),
                previous_start: 0,
            });
        }
        for k in 1..self.max_bins {
            let (done, rest) = table.split_at_mut(k);
            let previous = &done[k - 1];
            for (start, row) in rest[0].iter_mut().enumerate().take(n).skip(1) {
                for (end, slot) in row.iter_mut().enumerate().skip(start + 1) {
                    *slot = self.extend(previous, start, end, trend);
                }
            }
        }
        let mut chosen: Option<(usize, usize, f64)> = None;
        for (k, layer) in table.iter().enumerate() {
            for (start, row) in layer.iter().enumerate() {
                if let Some(cell) = row[n] {
                    if chosen.is_none_or(|(_, _, iv)| cell.iv > iv) {
                        chosen = Some((k, start, cell.iv));
                    }
                }
            }
        }
        let (k, start, iv) = chosen?;
        Some((self.trace(&table, k, start), iv))
    }

    /// The best partition whose last bin is `start..end`, from the best partitions with one
    /// bin fewer (`previous[previous_start][start]`) whose last bin is in order with it.
    fn extend(
        &self,
        previous: &[Vec<Option<Cell>>],
        start: usize,
        end: usize,
        trend: ChurnTrend,
    ) -> Option<Cell> {
        if !self.valid(start, end) {
            return None;
        }
        let next = self.counts(start, end);
        let mut best: Option<Cell> = None;
        for (previous_start, row) in previous.iter().enumerate().take(start) {
            let Some(cell) = row[start] else {
                continue;
            };
            let in_order = self.in_order(self.counts(previous_start, start), next, trend);
            if in_order && best.is_none_or(|b| cell.iv > b.iv) {
                best = Some(Cell {
                    iv: cell.iv,
                    previous_start,
                });
            }
        }
        best.map(|b| Cell {
            iv: b.iv + self.iv(start, end),
            previous_start: b.previous_start,
        })
    }

    /// The bins of the partition ending with bin `start..n` after `k` earlier bins.
    fn trace(&self, table: &[Vec<Vec<Option<Cell>>>], k: usize, start: usize) -> Vec<Bin> {
        let mut bounds = vec![self.prebins.len()];
        let (mut k, mut start) = (k, start);
        loop {
            bounds.push(start);
            let end = bounds[bounds.len() - 2];
            if k == 0 {
                break;
            }
            let Some(cell) = table[k][start][end] else {
                break;
            };
            start = cell.previous_start;
            k -= 1;
        }
        bounds.reverse();
        bounds
            .windows(2)
            .map(|w| {
                let (accounts, churned) = self.counts(w[0], w[1]);
                Bin {
                    low: self.prebins[w[0]].low,
                    high: self.prebins[w[1] - 1].high,
                    accounts,
                    churned,
                }
            })
            .collect()
    }
}
