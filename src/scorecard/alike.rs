//! When two scorecards score a measure alike: every account is scored alike when the
//! profile each row falls in reads the same column with the same transform, rule and
//! `missing` policy in both scorecards (or lacks the measure in both). Percentile rules rank an account among
//! its profile, so they count as the same only when both scorecards have a single profile.
//!
//! Candidates in a quarterly review usually differ in their weights, not in how a measure
//! is scored: [`apply_reusing`](super::apply_reusing) then takes such a points column from
//! an earlier scorecard instead of scoring it again, and validation shares its statistics.

use super::{MissingPolicy, Scorecard, Scoring, Transform};

/// How one profile scores one measure; `None` where the profile lacks it.
type ProfileRule<'a> = Option<((&'a str, Transform), &'a Scoring, MissingPolicy)>;

/// One measure (points column) of one candidate, as every profile scores it.
pub struct MeasureIdentity<'a> {
    /// Per profile of the scorecard.
    rules: Vec<ProfileRule<'a>>,
    /// The profile of every row.
    profiles: &'a [u8],
}

impl<'a> MeasureIdentity<'a> {
    /// The identity of the measure called `name` in `scorecard`, whose rows fall in
    /// `profiles` (indices into its profiles).
    pub fn new(scorecard: &'a Scorecard, profiles: &'a [u8], name: &str) -> MeasureIdentity<'a> {
        let rules = scorecard
            .profiles
            .iter()
            .map(|profile| {
                let measure = profile.measures.iter().find(|m| m.name == name)?;
                let read = (measure.column.as_str(), measure.transform);
                Some((read, &measure.scoring, measure.missing))
            })
            .collect();
        MeasureIdentity { rules, profiles }
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
    /// alike, no row alike), then, unless every pair is alike, row by row through a table
    /// of alike profile pairs.
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
        // every pair alike (always so for two single-profile scorecards): no row to check
        let every_pair_alike = alike.iter().flatten().all(|&same| same);
        any_scored_alike
            && (every_pair_alike
                || self
                    .profiles
                    .iter()
                    .zip(other.profiles)
                    .all(|(&a, &b)| alike[usize::from(a)][usize::from(b)]))
    }
}
