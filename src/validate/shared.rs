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
//! Such candidates also hold one points column between them ([`share_alike_points`]).

use super::Candidate;
use crate::scorecard::{MissingPolicy, Scorecard, ScoredAccounts, Scoring, Transform};

/// How one profile scores one measure; `None` where the profile lacks it.
type ProfileRule<'a> = Option<((&'a str, Transform), &'a Scoring, MissingPolicy)>;

/// One measure (points column) of one candidate, as every profile scores it.
pub struct MeasureIdentity<'a> {
    /// Per profile of the scorecard.
    rules: Vec<ProfileRule<'a>>,
    /// The profile of every row.
    profiles: &'a [usize],
}

impl<'a> MeasureIdentity<'a> {
    /// The identity of the measure called `name` in `scorecard`, scored as `scored`.
    pub fn new(scorecard: &'a Scorecard, scored: &'a ScoredAccounts, name: &str) -> MeasureIdentity<'a> {
        let rules = scorecard
            .profiles
            .iter()
            .map(|profile| {
                let measure = profile.measures.iter().find(|m| m.name == name)?;
                let read = (measure.column.as_str(), measure.transform);
                Some((read, &measure.scoring, measure.missing))
            })
            .collect();
        MeasureIdentity {
            rules,
            profiles: &scored.profiles,
        }
    }

    /// Whether a rule ranks accounts within their profile and the scorecard has several.
    fn ranks_within_several_profiles(&self) -> bool {
        self.rules.len() > 1
            && self
                .rules
                .iter()
                .flatten()
                .any(|(_, scoring, _)| matches!(scoring, Scoring::Percentile { .. }))
    }

    /// Whether every row is scored alike by both: first on the profiles' rules (no pair
    /// alike, no row alike), then row by row through a table of alike profile pairs.
    pub fn same_as(&self, other: &MeasureIdentity) -> bool {
        if self.profiles.len() != other.profiles.len()
            || self.ranks_within_several_profiles()
            || other.ranks_within_several_profiles()
        {
            return false;
        }
        let alike: Vec<Vec<bool>> = self
            .rules
            .iter()
            .map(|a| other.rules.iter().map(|b| a == b).collect())
            .collect();
        let any_scored_alike = self
            .rules
            .iter()
            .zip(&alike)
            .any(|(rule, row)| rule.is_some() && row.contains(&true));
        any_scored_alike
            && self
                .profiles
                .iter()
                .zip(other.profiles)
                .all(|(&a, &b)| alike[a][b])
    }
}

/// For each candidate, for each of its measures, the first `(candidate, measure)` (in
/// candidate-then-measure order) that is the same measure: itself when none before is.
pub fn first_alike(candidates: &[(&Scorecard, &ScoredAccounts)]) -> Vec<Vec<(usize, usize)>> {
    let identities: Vec<Vec<MeasureIdentity>> = candidates
        .iter()
        .map(|&(scorecard, scored)| {
            scored
                .measure_names
                .iter()
                .map(|name| MeasureIdentity::new(scorecard, scored, name))
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

/// Makes candidates that score a measure alike hold one points column: each later
/// candidate's column is replaced by the first one's (when equal bit for bit, as they are by
/// construction), so that candidates differing only in weights keep one set of points in
/// memory.
pub fn share_alike_points(candidates: &mut [Candidate]) {
    let firsts = {
        let scored: Vec<(&Scorecard, &ScoredAccounts)> =
            candidates.iter().map(|c| (&c.scorecard, &c.scored)).collect();
        first_alike(&scored)
    };
    for (c, own) in firsts.iter().enumerate() {
        for (m, &(first_c, first_m)) in own.iter().enumerate() {
            if first_c == c {
                continue;
            }
            let first = candidates[first_c].scored.points[first_m].clone();
            let column = &mut candidates[c].scored.points[m];
            if !column.shares_values_with(&first) && column.same_bits(&first) {
                *column = first;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{first_alike, share_alike_points};
    use crate::data::{History, NumericColumn, TextColumn};
    use crate::scorecard::{apply, parse_scorecard, Scorecard};
    use crate::validate::Candidate;

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

        // ... and b holds a's points columns, c its own.
        let mut candidates: Vec<Candidate> = [a, b, c]
            .into_iter()
            .zip(scored)
            .map(|(scorecard, scored)| Candidate { scorecard, scored })
            .collect();
        let before: Vec<f64> = candidates[1].scored.scores.clone();
        share_alike_points(&mut candidates);
        let points = |c: usize, m: usize| &candidates[c].scored.points[m];
        assert!(points(1, 0).shares_values_with(points(0, 1)));
        assert!(points(1, 1).shares_values_with(points(0, 0)));
        assert!(!points(2, 0).shares_values_with(points(0, 0)));
        assert_eq!(candidates[1].scored.scores, before);
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
