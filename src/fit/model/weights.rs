//! From coefficients to scorecard weights: whole percentages that add up to exactly 100
//! (largest remainder), split into group and within-group weights, and scoring accounts
//! with a set of weights exactly as a scorecard would.
//!
//! A score ranks accounts like the fitted model when each measure's weight is proportional
//! to how much one point lowers the log-odds of churn: `w_m ∝ −β_m` (per point). Over the
//! measures an account has, `score = Σ w_m·p_m / Σ w_m`, so for complete accounts the score is
//! a decreasing linear function of the model's linear predictor.

use crate::scorecard::{round_score, Profile, Scorecard, ScoredAccounts};

/// Splits `total` units in proportion to `shares` (negative or non-finite shares count as
/// 0): each gets the floor of its quota, and the units left over go to the largest
/// remainders (ties: the larger share, then the earlier position). The result adds up to
/// exactly `total`, or is all zeros when no share is positive.
///
/// ```
/// use healthscore::fit::model::weights::largest_remainder;
/// assert_eq!(largest_remainder(&[1.0, 1.0, 1.0], 100), vec![34, 33, 33]);
/// assert_eq!(largest_remainder(&[0.0, -2.0], 100), vec![0, 0]);
/// ```
pub fn largest_remainder(shares: &[f64], total: u32) -> Vec<u32> {
    let clean: Vec<f64> = shares
        .iter()
        .map(|&s| if s.is_finite() && s > 0.0 { s } else { 0.0 })
        .collect();
    let sum: f64 = clean.iter().sum();
    if sum <= 0.0 {
        return vec![0; shares.len()];
    }
    let quotas: Vec<f64> = clean.iter().map(|s| s / sum * f64::from(total)).collect();
    let mut units: Vec<u32> = quotas.iter().map(|q| q.floor() as u32).collect();
    let given: u32 = units.iter().sum();
    let mut order: Vec<usize> = (0..shares.len()).filter(|&i| clean[i] > 0.0).collect();
    order.sort_by(|&a, &b| {
        let remainder = |i: usize| quotas[i] - quotas[i].floor();
        remainder(b)
            .total_cmp(&remainder(a))
            .then(clean[b].total_cmp(&clean[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().cycle().take(total.saturating_sub(given) as usize) {
        units[i] += 1;
    }
    units
}

/// The weights of one profile as a scorecard file holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileWeights {
    /// Per measure, in the profile's order: the weight within its group (overall without
    /// groups); 0 means the measure is dropped.
    pub measures: Vec<f64>,
    /// Per group, in the profile's order; 0 means the group is dropped. Empty without groups.
    pub groups: Vec<f64>,
}

impl ProfileWeights {
    /// The profile's weights as written in its scorecard.
    pub fn current(profile: &Profile) -> ProfileWeights {
        ProfileWeights {
            measures: profile.measures.iter().map(|m| m.weight).collect(),
            groups: profile.groups.iter().map(|g| g.weight).collect(),
        }
    }

    /// Whole-percent weights from effective shares (any scale; 0 for dropped measures):
    /// without groups, the shares rounded to add up to 100; with groups, each group's total
    /// share rounded over groups, and each measure's share of its group rounded within it.
    pub fn from_shares(profile: &Profile, shares: &[f64]) -> ProfileWeights {
        let group_of = |m: usize| profile.measures[m].group;
        if profile.groups.is_empty() {
            let measures = largest_remainder(shares, 100)
                .into_iter()
                .map(f64::from)
                .collect();
            return ProfileWeights {
                measures,
                groups: Vec::new(),
            };
        }
        let mut group_shares = vec![0.0; profile.groups.len()];
        for (m, share) in shares.iter().enumerate() {
            if let Some(g) = group_of(m) {
                group_shares[g] += share.max(0.0);
            }
        }
        let groups: Vec<f64> = largest_remainder(&group_shares, 100)
            .into_iter()
            .map(f64::from)
            .collect();
        let mut measures = vec![0.0; shares.len()];
        for (g, &group_weight) in groups.iter().enumerate() {
            let members: Vec<usize> = (0..shares.len()).filter(|&m| group_of(m) == Some(g)).collect();
            let member_shares: Vec<f64> = members.iter().map(|&m| shares[m]).collect();
            let within = largest_remainder(&member_shares, 100);
            for (&m, units) in members.iter().zip(within) {
                measures[m] = if group_weight > 0.0 { f64::from(units) } else { 0.0 };
            }
        }
        ProfileWeights { measures, groups }
    }

    /// Each measure's effective share of the score for an account with every measure, in
    /// percent (adds up to 100 unless every weight is 0).
    pub fn effective_percent(&self, profile: &Profile) -> Vec<f64> {
        let group_total: f64 = self.groups.iter().sum();
        let mut within_total = vec![0.0; self.groups.len().max(1)];
        for (m, measure) in profile.measures.iter().enumerate() {
            within_total[measure.group.unwrap_or(0)] += self.measures[m];
        }
        profile
            .measures
            .iter()
            .enumerate()
            .map(|(m, measure)| {
                let g = measure.group.unwrap_or(0);
                let group_share = if self.groups.is_empty() {
                    1.0
                } else if group_total > 0.0 {
                    self.groups[g] / group_total
                } else {
                    0.0
                };
                if within_total[g] > 0.0 {
                    100.0 * group_share * self.measures[m] / within_total[g]
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// Whether any measure keeps a positive weight (in a group with a positive weight).
    pub fn any_positive(&self, profile: &Profile) -> bool {
        self.effective_percent(profile).iter().any(|&w| w > 0.0)
    }

    /// The score of one account from its points per measure (profile order), exactly as
    /// `scorecard::apply` rolls them up: weights renormalized over the measures it has,
    /// within groups and over groups; `None` when it has none of the weighted measures.
    pub fn score(&self, profile: &Profile, points: &[Option<f64>]) -> Option<f64> {
        let mut sums = vec![(0.0, 0.0); self.groups.len().max(1)];
        for (m, measure) in profile.measures.iter().enumerate() {
            let weight = self.measures[m];
            if let (Some(p), true) = (points[m], weight > 0.0) {
                let slot = &mut sums[measure.group.unwrap_or(0)];
                slot.0 += weight * p;
                slot.1 += weight;
            }
        }
        let (mut total, mut weight) = (0.0, 0.0);
        for (g, &(weighted, measure_weight)) in sums.iter().enumerate() {
            let group_weight = self.groups.get(g).copied().unwrap_or(1.0);
            if measure_weight > 0.0 && group_weight > 0.0 {
                total += group_weight * weighted / measure_weight;
                weight += group_weight;
            }
        }
        (weight > 0.0).then(|| round_score((total / weight).clamp(0.0, 100.0)))
    }
}

/// Each of `rows`' score under `weights` (one per profile of `scorecard`) instead of the
/// scorecard's own: the account's profile and points as the scorecard gave them in `scored`,
/// rolled up with the new weights ([`ProfileWeights::score`]). `None` where the account has
/// none of the measures that keep a weight.
pub fn score_rows(
    weights: &[ProfileWeights],
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    rows: impl Iterator<Item = usize>,
) -> Vec<Option<f64>> {
    let columns: Vec<Vec<Option<usize>>> = scorecard
        .profiles
        .iter()
        .map(|profile| {
            profile
                .measures
                .iter()
                .map(|m| scored.measure_names.iter().position(|n| *n == m.name))
                .collect()
        })
        .collect();
    let mut points = Vec::new();
    rows.map(|row| {
        let p = scored.profile(row);
        points.clear();
        points.extend(
            columns[p]
                .iter()
                .map(|c| c.and_then(|c| scored.points[c].get(row))),
        );
        weights[p].score(&scorecard.profiles[p], &points)
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::{Group, Measure, MissingPolicy, Scoring};

    fn profile(groups: &[&str], measure_groups: &[Option<usize>]) -> Profile {
        Profile {
            name: "default".into(),
            selector: None,
            groups: groups
                .iter()
                .map(|g| Group {
                    name: g.to_string(),
                    weight: 1.0,
                })
                .collect(),
            measures: measure_groups
                .iter()
                .enumerate()
                .map(|(i, &group)| Measure {
                    name: format!("m{i}"),
                    column: format!("c{i}"),
                    weight: 1.0,
                    group,
                    missing: MissingPolicy::Skip,
                    transform: crate::scorecard::Transform::Level,
                    scoring: Scoring::Percentile {
                        direction: crate::scorecard::Direction::HigherIsBetter,
                    },
                })
                .collect(),
        }
    }

    #[test]
    fn largest_remainder_always_adds_up_to_the_total() {
        assert_eq!(largest_remainder(&[0.5, 0.3, 0.2], 100), vec![50, 30, 20]);
        assert_eq!(largest_remainder(&[2.0, 1.0], 100), vec![67, 33]);
        assert_eq!(largest_remainder(&[1.0; 3], 100), vec![34, 33, 33]);
        assert_eq!(largest_remainder(&[1.0; 7], 100).iter().sum::<u32>(), 100);
        assert_eq!(largest_remainder(&[0.004, 0.996], 100), vec![0, 100]);
        assert_eq!(largest_remainder(&[0.006, 0.994], 100), vec![1, 99]);
        assert_eq!(largest_remainder(&[f64::NAN, 1.0, -3.0], 100), vec![0, 100, 0]);
        assert_eq!(largest_remainder(&[], 100), Vec::<u32>::new());
        assert_eq!(largest_remainder(&[0.0, 0.0], 100), vec![0, 0]);
    }

    #[test]
    fn largest_remainder_breaks_ties_by_share_then_position() {
        // Quotas 33.33 each: one unit left over goes to the first.
        assert_eq!(largest_remainder(&[1.0, 1.0, 1.0], 100), vec![34, 33, 33]);
        // Equal remainders (.5): the larger share wins.
        assert_eq!(largest_remainder(&[0.125, 0.875], 100), vec![12, 88]);
    }

    #[test]
    fn groups_get_their_total_share_and_members_their_share_within() {
        let p = profile(&["usage", "support"], &[Some(0), Some(0), Some(1)]);
        let weights = ProfileWeights::from_shares(&p, &[3.0, 1.0, 4.0]);
        assert_eq!(weights.groups, vec![50.0, 50.0]);
        assert_eq!(weights.measures, vec![75.0, 25.0, 100.0]);
        let effective = weights.effective_percent(&p);
        assert_eq!(effective, vec![37.5, 12.5, 50.0]);
    }

    #[test]
    fn a_group_without_share_is_dropped_with_its_members() {
        let p = profile(&["a", "b"], &[Some(0), Some(1)]);
        let weights = ProfileWeights::from_shares(&p, &[1.0, 0.0]);
        assert_eq!(weights.groups, vec![100.0, 0.0]);
        assert_eq!(weights.measures, vec![100.0, 0.0]);
        assert!(weights.any_positive(&p));
    }

    #[test]
    fn scores_renormalize_over_the_measures_an_account_has() {
        let p = profile(&[], &[None, None, None]);
        let weights = ProfileWeights::from_shares(&p, &[3.0, 1.0, 0.0]);
        assert_eq!(weights.measures, vec![75.0, 25.0, 0.0]);
        assert_eq!(
            weights.score(&p, &[Some(100.0), Some(0.0), Some(50.0)]),
            Some(75.0)
        );
        assert_eq!(weights.score(&p, &[None, Some(40.0), Some(50.0)]), Some(40.0));
        assert_eq!(weights.score(&p, &[None, None, Some(50.0)]), None);
    }
}
