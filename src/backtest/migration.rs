//! Band migration: for accounts present in two consecutive periods, how they moved between
//! bands, and how often each move ended in churn (the outcome of the later snapshot) — does
//! a drop in band warn of churn?

use serde::Serialize;

/// Moves of one candidate, per pair of consecutive periods and pooled over all pairs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MigrationReport {
    pub scorecard: String,
    /// Band names, worst first.
    pub bands: Vec<String>,
    /// All consecutive pairs together.
    pub pooled: MigrationMatrix,
    pub transitions: Vec<Transition>,
}

/// One pair of consecutive periods.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transition {
    pub from_period: String,
    pub to_period: String,
    #[serde(flatten)]
    pub matrix: MigrationMatrix,
}

/// Every move between bands, with counts and churn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MigrationMatrix {
    /// Accounts present in both periods.
    pub accounts: usize,
    /// One entry per (from, to) pair of bands, from-band major, worst first.
    pub moves: Vec<Move>,
    /// Moves to a worse band.
    pub down: MoveGroup,
    /// Accounts that stayed in their band.
    pub same: MoveGroup,
    /// Moves to a healthier band.
    pub up: MoveGroup,
}

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    pub from: String,
    pub to: String,
    pub accounts: usize,
    /// Of which churned after the later snapshot.
    pub churned: usize,
    pub churn_rate: Option<f64>,
}

/// Moves grouped by direction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MoveGroup {
    pub accounts: usize,
    pub churned: usize,
    pub churn_rate: Option<f64>,
}

/// Counts per (from, to) cell: accounts and churned.
#[derive(Debug, Clone, PartialEq)]
struct Counts {
    bands: usize,
    cells: Vec<(usize, usize)>,
}

impl Counts {
    fn new(bands: usize) -> Counts {
        Counts {
            bands,
            cells: vec![(0, 0); bands * bands],
        }
    }

    fn add(&mut self, other: &Counts) {
        for (cell, o) in self.cells.iter_mut().zip(&other.cells) {
            cell.0 += o.0;
            cell.1 += o.1;
        }
    }

    fn matrix(&self, names: &[String]) -> MigrationMatrix {
        let rate = |accounts: usize, churned: usize| (accounts > 0).then(|| churned as f64 / accounts as f64);
        let mut groups = [(0, 0); 3];
        let mut moves = Vec::with_capacity(self.cells.len());
        for from in 0..self.bands {
            for to in 0..self.bands {
                let (accounts, churned) = self.cells[from * self.bands + to];
                // bands run worst first: a lower index is a worse band
                let direction = match to.cmp(&from) {
                    std::cmp::Ordering::Less => 0,
                    std::cmp::Ordering::Equal => 1,
                    std::cmp::Ordering::Greater => 2,
                };
                let group = &mut groups[direction];
                group.0 += accounts;
                group.1 += churned;
                moves.push(Move {
                    from: names[from].clone(),
                    to: names[to].clone(),
                    accounts,
                    churned,
                    churn_rate: rate(accounts, churned),
                });
            }
        }
        let group = |(accounts, churned): (usize, usize)| MoveGroup {
            accounts,
            churned,
            churn_rate: rate(accounts, churned),
        };
        MigrationMatrix {
            accounts: groups.iter().map(|g| g.0).sum(),
            moves,
            down: group(groups[0]),
            same: group(groups[1]),
            up: group(groups[2]),
        }
    }
}

/// Follows one candidate's bands from period to period.
#[derive(Debug, Clone)]
pub struct MigrationTracker {
    names: Vec<String>,
    /// The previous period's label and bands ([`BandsByAccount`]).
    previous: Option<(String, BandsByAccount)>,
    pooled: Counts,
    transitions: Vec<Transition>,
}

/// One period's band of every account, by account number: band index + 1, 0 where the
/// account has no row in the period. Two bytes an account (at 10M accounts, 20 MB kept from
/// one period to the next instead of 80 MB of sorted (account, band) pairs).
type BandsByAccount = Vec<u16>;

impl MigrationTracker {
    /// A tracker for bands named `names`, worst first.
    pub fn new(names: Vec<String>) -> MigrationTracker {
        let bands = names.len();
        MigrationTracker {
            names,
            previous: None,
            pooled: Counts::new(bands),
            transitions: Vec::new(),
        }
    }

    /// Adds the next period: each row's account number, band and outcome.
    pub fn observe(&mut self, label: &str, accounts: &[u32], bands: &[u8], churned: &[bool]) {
        if let Some((from_label, previous)) = self.previous.take() {
            let mut counts = Counts::new(self.names.len());
            for ((&account, &band), &churn) in accounts.iter().zip(bands).zip(churned) {
                let from = previous.get(account as usize).copied().unwrap_or(0);
                if from > 0 {
                    let cell =
                        &mut counts.cells[usize::from(from - 1) * self.names.len() + usize::from(band)];
                    cell.0 += 1;
                    cell.1 += usize::from(churn);
                }
            }
            self.pooled.add(&counts);
            self.transitions.push(Transition {
                from_period: from_label,
                to_period: label.to_string(),
                matrix: counts.matrix(&self.names),
            });
        }
        self.previous = Some((label.to_string(), bands_by_account(accounts, bands)));
    }

    /// The report for `scorecard`.
    pub fn finish(self, scorecard: &str) -> MigrationReport {
        MigrationReport {
            scorecard: scorecard.to_string(),
            pooled: self.pooled.matrix(&self.names),
            bands: self.names,
            transitions: self.transitions,
        }
    }
}

/// Each account's band in a period with rows `accounts` and `bands`. An account with
/// several rows in the period keeps the band a binary search of its (account, band) pairs,
/// sorted, finds among them: the one the migration counts always took, so that the counts
/// stay the same as when those sorted pairs were kept.
fn bands_by_account(accounts: &[u32], bands: &[u8]) -> BandsByAccount {
    let mut pairs: Vec<(u32, u16)> = accounts
        .iter()
        .zip(bands)
        .map(|(&a, &b)| (a, u16::from(b)))
        .collect();
    pairs.sort_unstable();
    let size = pairs.last().map_or(0, |&(a, _)| a as usize + 1);
    let mut by_account = vec![0; size];
    for run in pairs.chunk_by(|a, b| a.0 == b.0) {
        let (account, mut band) = run[0];
        if run.len() > 1 {
            if let Ok(i) = pairs.binary_search_by_key(&account, |p| p.0) {
                band = pairs[i].1;
            }
        }
        by_account[account as usize] = band + 1;
    }
    by_account
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["red", "yellow", "green"].map(String::from).to_vec()
    }

    #[test]
    fn moves_are_counted_for_accounts_in_both_periods_with_the_later_outcome() {
        let mut tracker = MigrationTracker::new(names());
        tracker.observe(
            "2025-Q1",
            &[0, 1, 2, 3],
            &[2, 2, 1, 0],
            &[false, false, false, true],
        );
        // account 3 churned and left; account 4 is new
        tracker.observe(
            "2025-Q2",
            &[1, 0, 2, 4],
            &[0, 2, 1, 2],
            &[true, false, false, false],
        );
        let report = tracker.finish("A");
        let m = &report.transitions[0].matrix;
        assert_eq!(m.accounts, 3);
        let cell = |from: &str, to: &str| {
            m.moves
                .iter()
                .find(|c| c.from == from && c.to == to)
                .unwrap()
                .clone()
        };
        assert_eq!(
            (cell("green", "red").accounts, cell("green", "red").churned),
            (1, 1)
        );
        assert_eq!(cell("green", "green").accounts, 1);
        assert_eq!(cell("yellow", "yellow").accounts, 1);
        assert_eq!((m.down.accounts, m.down.churn_rate), (1, Some(1.0)));
        assert_eq!((m.same.accounts, m.same.churn_rate), (2, Some(0.0)));
        assert_eq!((m.up.accounts, m.up.churn_rate), (0, None));
        assert_eq!(report.pooled, *m);
    }

    #[test]
    fn an_account_with_several_rows_keeps_the_band_the_sorted_pairs_gave() {
        // the former lookup: a binary search of the previous period's sorted pairs
        let accounts = [5, 2, 5, 0, 5, 2, 7];
        let bands = [2, 0, 1, 1, 0, 2, 2];
        let mut pairs: Vec<(u32, u8)> = accounts.iter().zip(&bands).map(|(&a, &b)| (a, b)).collect();
        pairs.sort_unstable();
        let by_account = bands_by_account(&accounts, &bands);
        assert_eq!(by_account.len(), 8);
        for account in 0..9u32 {
            let expected = pairs
                .binary_search_by_key(&account, |p| p.0)
                .map_or(0, |i| u16::from(pairs[i].1) + 1);
            assert_eq!(
                by_account.get(account as usize).copied().unwrap_or(0),
                expected,
                "account {account}"
            );
        }
        assert_eq!(by_account[1], 0);
        assert_eq!(by_account[7], 3);
    }
}
