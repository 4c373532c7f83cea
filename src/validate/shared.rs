//! Measures that several candidates share. Candidates in a quarterly review usually differ
//! in their weights, not in how a measure is scored, so each distinct measure's statistics
//! (its AUC with interval, correlation with churn, missing rate) are computed once and
//! handed to every candidate that uses it, and so is the correlation matrix of candidates
//! whose measures are the same list.
//!
//! Two candidates' measures are the same when every account is scored alike: the profile
//! each row falls in reads the same column with the same rule and `missing` policy in both
//! scorecards (or lacks the measure in both). Percentile rules rank an account among its
//! profile, so they count as the same only when both scorecards have a single profile.
//! Such candidates also hold one points column between them (`scorecard::apply_reusing`).

use crate::scorecard::{MeasureIdentity, Scorecard, ScoredAccounts};

/// For each candidate, for each of its measures, the first `(candidate, measure)` (in
/// candidate-then-measure order) that is the same measure: itself when none before is.
pub fn first_alike(candidates: &[(&Scorecard, &ScoredAccounts)]) -> Vec<Vec<(usize, usize)>> {
    let identities: Vec<Vec<MeasureIdentity>> = candidates
        .iter()
        .map(|&(scorecard, scored)| {
            scored
                .measure_names
                .iter()
                .map(|name| MeasureIdentity::new(scorecard, &scored.profiles, name))
                .collect()
        })
        .collect();
    let mut firsts: Vec<Vec<(usize, usize)>> = Vec::with_capacity(candidates.len());
    let mut distinct: Vec<(usize, usize)> = Vec::new();
    for (c, measures) in identities.iter().enumerate() {
        let mut own = Vec::with_capacity(measures.len());
        for (m, identity) in measures.iter().enumerate() {
            let earlier = distinct
                .iter()
                .copied()
                .find(|&(dc, dm)| dc < c && identities[dc][dm].same_as(identity));
            let first = earlier.unwrap_or((c, m));
            if first == (c, m) {
                distinct.push(first);
            }
            own.push(first);
        }
        firsts.push(own);
    }
    firsts
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::first_alike;
    use crate::data::{History, NumericColumn, TextColumn};
    use crate::scorecard::{apply, apply_reusing, parse_scorecard, Scorecard};

    fn card(text: &str) -> Scorecard {
        parse_scorecard(text, Path::new("card.toml")).unwrap()
    }

    fn linear(name: &str, column: &str, weight: u32, max: u32) -> String {
        format!(
            "[[measures]]\nname = \"{name}\"\ncolumn = \"{column}\"\nweight = {weight}\n[measures.scoring]\n\
             method = \"linear\"\nmin = 0\nmax = {max}\ndirection = \"higher_is_better\"\n"
        )
    }

    #[test]
    fn measures_scored_alike_are_shared_whatever_their_names_and_weights() {
        let mut history = History {
            ids: (0..6).map(|i| i.to_string()).collect(),
            churned: vec![true, false, false, true, false, false],
            ..History::default()
        };
        history.numeric.insert(
            "usage".into(),
            NumericColumn::from_nan_encoded(vec![1.0, 5.0, 9.0, 2.0, 4.0, 7.0]),
        );
        history.numeric.insert(
            "tickets".into(),
            NumericColumn::from_nan_encoded(vec![3.0, 5.0, f64::NAN, 8.0, 4.0, 0.0]),
        );
        let a = card(&format!(
            "name = \"a\"\n{}{}",
            linear("Usage", "usage", 1, 10),
            linear("Tickets", "tickets", 1, 10)
        ));
        // Same rules, other names and weights, other order: shared.
        let b = card(&format!(
            "name = \"b\"\n{}{}",
            linear("Ticket load", "tickets", 3, 10),
            linear("Product usage", "usage", 7, 10)
        ));
        // Same column, another rule: not shared.
        let c = card(&format!("name = \"c\"\n{}", linear("Usage", "usage", 1, 20)));
        let scored: Vec<_> = [&a, &b, &c].iter().map(|s| apply(s, &history).unwrap()).collect();
        let firsts = first_alike(&[(&a, &scored[0]), (&b, &scored[1]), (&c, &scored[2])]);
        assert_eq!(firsts[0], [(0, 0), (0, 1)]);
        assert_eq!(firsts[1], [(0, 1), (0, 0)]);
        assert_eq!(firsts[2], [(2, 0)]);

        // ... and scored after a, b takes a's points columns instead of scoring them
        // again, c scores its own, and each scores every account as on its own.
        let reused_b = apply_reusing(&b, &history, &[(&a, &scored[0])]).unwrap();
        let reused_c = apply_reusing(&c, &history, &[(&a, &scored[0]), (&b, &reused_b)]).unwrap();
        assert!(reused_b.points[0].shares_values_with(&scored[0].points[1]));
        assert!(reused_b.points[1].shares_values_with(&scored[0].points[0]));
        assert!(!reused_c.points[0].shares_values_with(&scored[0].points[0]));
        assert_eq!(reused_b, scored[1]);
        assert_eq!(reused_c, scored[2]);
    }

    #[test]
    fn a_measure_in_other_profiles_is_not_shared() {
        let mut history = History {
            ids: (0..4).map(|i| i.to_string()).collect(),
            churned: vec![true, false, false, true],
            ..History::default()
        };
        history.numeric.insert(
            "usage".into(),
            NumericColumn::from_nan_encoded(vec![1.0, 5.0, 9.0, 3.0]),
        );
        history.numeric.insert(
            "tenure".into(),
            NumericColumn::from_nan_encoded(vec![10.0, 50.0, 200.0, 400.0]),
        );
        history.text.insert(
            "stage".into(),
            TextColumn {
                levels: vec!["onboarding".into(), "adopted".into()],
                codes: vec![Some(0), Some(0), Some(1), Some(1)],
            },
        );
        let whole = card(&format!("name = \"whole\"\n{}", linear("Usage", "usage", 1, 10)));
        // The default profile scores usage alike, but onboarding accounts get their own
        // profile without it: rows 0 and 1 are scored differently.
        let split = card(&format!(
            "name = \"split\"\n{}[[profiles]]\nname = \"onboarding\"\ncolumn = \"stage\"\nvalues = [\"onboarding\"]\n\
             [[profiles.measures]]\nname = \"Tenure\"\ncolumn = \"tenure\"\nweight = 1\n[profiles.measures.scoring]\n\
             method = \"linear\"\nmin = 0\nmax = 100\ndirection = \"higher_is_better\"\n",
            linear("Usage", "usage", 1, 10)
        ));
        let scored_whole = apply(&whole, &history).unwrap();
        let scored_split = apply(&split, &history).unwrap();
        let firsts = first_alike(&[(&whole, &scored_whole), (&split, &scored_split)]);
        let usage = scored_split
            .measure_names
            .iter()
            .position(|n| n == "Usage")
            .unwrap();
        assert_eq!(firsts[1][usage], (1, usage));
    }
}
