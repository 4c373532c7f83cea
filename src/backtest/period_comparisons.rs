//! Per period, every pair of candidates compared on the expansion outcome: `validate`'s
//! DeLong paired test on expansion ([`compare_expansion`]) run on the period's accounts.
//!
//! The engine keeps each candidate's scores of the period being added (one number per
//! snapshot and candidate, not their points) until the last candidate's are in, then ranks
//! each candidate once against "did not expand" ([`not_expanded`]) and tests every pair.

use serde::Serialize;

use crate::data::Expansion;
use crate::metrics::RankedScores;
use crate::validate::{compare_expansion, not_expanded, ExpansionComparison};

/// Candidate `a` against candidate `b` in one period (an entry of a period's
/// `comparisons`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodComparison {
    pub a: String,
    pub b: String,
    /// The DeLong test of the two on the expansion outcome; its `verdict` says why there
    /// is none (e.g. nobody expanded in the period).
    pub expansion: ExpansionComparison,
}

/// Every pair `(i, j)`, `i < j`, of `candidates` (name and the period's scores, in
/// command-line order) compared on `outcome`, the period's expansion outcome.
pub fn compare_on_expansion(outcome: &Expansion, candidates: &[(&str, &[f64])]) -> Vec<PeriodComparison> {
    let flags = not_expanded(outcome);
    let rankings: Vec<_> = candidates
        .iter()
        .map(|(_, scores)| RankedScores::new(scores, &flags))
        .collect();
    let mut comparisons = Vec::new();
    for i in 0..candidates.len() {
        for j in i + 1..candidates.len() {
            let (name_a, name_b) = (candidates[i].0, candidates[j].0);
            comparisons.push(PeriodComparison {
                a: name_a.to_string(),
                b: name_b.to_string(),
                expansion: compare_expansion(&outcome.column, (name_a, &rankings[i]), (name_b, &rankings[j])),
            });
        }
    }
    comparisons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::delong::paired_test;

    fn outcome(expanded: &[bool]) -> Expansion {
        Expansion {
            column: "grew".into(),
            expanded: expanded.to_vec(),
        }
    }

    #[test]
    fn each_pair_is_validates_delong_test_on_not_expanded() {
        let (a, b, c) = (
            [4.0, 3.0, 1.0, 2.0, 3.0, 0.5],
            [1.0, 3.0, 4.0, 2.0, 3.0, 0.5],
            [2.0, 2.0, 1.0, 1.0, 3.0, 4.0],
        );
        let expanded = [true, true, false, false, false, false];
        let not: Vec<bool> = expanded.iter().map(|&e| !e).collect();
        let pairs = compare_on_expansion(&outcome(&expanded), &[("A", &a), ("B", &b), ("C", &c)]);
        let names: Vec<(&str, &str)> = pairs.iter().map(|p| (p.a.as_str(), p.b.as_str())).collect();
        assert_eq!(names, [("A", "B"), ("A", "C"), ("B", "C")]);
        let test = paired_test(&a, &c, &not).unwrap();
        assert_eq!(pairs[1].expansion.auc_diff, Some(test.diff));
        assert_eq!(pairs[1].expansion.p_value, Some(test.p_value));
        assert_eq!(pairs[1].expansion.column, "grew");
    }

    #[test]
    fn a_period_where_nobody_expanded_gives_a_reason_not_numbers() {
        let (a, b) = ([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]);
        let pairs = compare_on_expansion(&outcome(&[false; 3]), &[("A", &a), ("B", &b)]);
        let e = &pairs[0].expansion;
        assert_eq!((e.auc_a, e.auc_diff, e.z, e.p_value), (None, None, None, None));
        assert_eq!(
            e.verdict,
            "cannot compare on 'grew': needs accounts that expanded and accounts that did not, \
             found 0 expanded and 3 not"
        );
    }

    #[test]
    fn one_candidate_has_nothing_to_compare() {
        assert!(compare_on_expansion(&outcome(&[true, false]), &[("A", &[1.0, 2.0])]).is_empty());
    }
}
