//! Wording several outputs share, written once.

use crate::format::count;
use crate::scorecard::ChangeGaps;

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

/// The note on changes taken across a gap: "3 snapshots (of 2 accounts) come after a
/// snapshot date the account was absent from: their change is taken against the account's
/// last snapshot".
pub fn change_gaps(gaps: &ChangeGaps) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{} {}", count(n), if n == 1 { one } else { many });
    format!(
        "{} (of {}) {} after a snapshot date the account was absent from: {} change is taken against the \
         account's last snapshot",
        plural(gaps.snapshots, "snapshot", "snapshots"),
        plural(gaps.accounts, "account", "accounts"),
        if gaps.snapshots == 1 { "comes" } else { "come" },
        if gaps.snapshots == 1 { "its" } else { "their" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_counted_in_words() {
        let gaps = ChangeGaps {
            snapshots: 3,
            accounts: 2,
        };
        assert_eq!(
            change_gaps(&gaps),
            "3 snapshots (of 2 accounts) come after a snapshot date the account was absent from: their change \
             is taken against the account's last snapshot"
        );
    }

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
