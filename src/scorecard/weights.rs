//! How one account's measures are weighted: the weights of the measures it has points for,
//! normalized within each group and the group weights over the groups it has. The score's
//! roll-up and the per-account explanation (points lost per measure) both read them here.

use super::Profile;
use crate::data::NumericColumn;

/// Each profile's measures as indices into the scored measure names (`names`).
pub(super) fn measure_columns(profiles: &[Profile], names: &[String]) -> Vec<Vec<usize>> {
    profiles
        .iter()
        .map(|p| {
            p.measures
                .iter()
                .map(|m| names.iter().position(|n| *n == m.name).unwrap_or_default())
                .collect()
        })
        .collect()
}

/// Fills `sums` with (Σ w_m·p_m, Σ w_m) per group over the measures of `profile` that have
/// points in `row` (measures without groups count as one group). `sums` is scratch space
/// reused across rows.
pub(super) fn group_sums(
    profile: &Profile,
    columns: &[usize],
    points: &[NumericColumn],
    row: usize,
    sums: &mut Vec<(f64, f64)>,
) {
    sums.clear();
    sums.resize(profile.groups.len().max(1), (0.0, 0.0));
    for (measure, &column) in profile.measures.iter().zip(columns) {
        if let Some(p) = points[column].get(row) {
            let slot = &mut sums[measure.group.unwrap_or(0)];
            slot.0 += measure.weight * p;
            slot.1 += measure.weight;
        }
    }
}

/// The weight of group `group` in the roll-up (1 without groups).
pub(super) fn group_weight(profile: &Profile, group: usize) -> f64 {
    profile.groups.get(group).map_or(1.0, |g| g.weight)
}

/// Σ W_g over the groups with at least one measure with points, given [`group_sums`].
pub(super) fn present_group_weight(profile: &Profile, sums: &[(f64, f64)]) -> f64 {
    sums.iter()
        .enumerate()
        .filter(|(_, &(_, weight))| weight > 0.0)
        .map(|(group, _)| group_weight(profile, group))
        .sum()
}
