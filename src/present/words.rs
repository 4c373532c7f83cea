//! Wording several outputs share, written once.

use std::collections::HashSet;

use crate::format::count;

/// How many distinct accounts the ids name (an account with several snapshots counts once).
pub fn distinct_accounts(ids: &[String]) -> usize {
    ids.iter().map(String::as_str).collect::<HashSet<_>>().len()
}

/// What the rows are: "5,000 accounts", or, when several snapshots per account are pooled,
/// "20,000 snapshots of 6,200 accounts".
pub fn rows_of_accounts(rows: usize, accounts: usize) -> String {
    if rows > accounts {
        format!("{} snapshots of {} accounts", count(rows), count(accounts))
    } else {
        format!("{} accounts", count(rows))
    }
}

/// How many rows were judged, and of what: "5,000 accounts (1,234 churned, 24.7%)", or,
/// when several snapshots per account are pooled, "20,000 snapshots of 6,200 accounts
/// (1,560 churned, 7.8%)". `churned` counts rows, and the rate is `churned / rows`.
pub fn population(rows: usize, accounts: usize, churned: usize, churn_rate: f64) -> String {
    format!(
        "{} ({} churned, {:.1}%)",
        rows_of_accounts(rows, accounts),
        count(churned),
        100.0 * churn_rate
    )
}

#[cfg(test)]
mod tests {
    use super::population;

    #[test]
    fn pooled_snapshots_are_called_snapshots() {
        assert_eq!(
            population(20_000, 6_200, 1_560, 0.078),
            "20,000 snapshots of 6,200 accounts (1,560 churned, 7.8%)"
        );
    }

    #[test]
    fn one_snapshot_per_account_counts_accounts() {
        assert_eq!(
            population(5_000, 5_000, 1_234, 0.2468),
            "5,000 accounts (1,234 churned, 24.7%)"
        );
    }
}
