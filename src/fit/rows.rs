//! The report rows of one profile: per measure and per group.

use super::model::design::Design;
use super::model::information::Estimate;
use super::model::reason::Reason;
use super::model::select::Selection;
use super::model::weights::{largest_remainder, ProfileWeights};
use super::report::{GroupFit, MeasureFit};
use crate::scorecard::Profile;

/// The final model's intercept on the points scale: log-odds of churn with 0 points.
pub(super) fn points_intercept(design: &Design, selection: &Selection) -> f64 {
    let shift: f64 = selection
        .kept
        .iter()
        .zip(&selection.fit.coefficients)
        .map(|(&m, &b)| b * design.means[m] / design.sds[m])
        .sum();
    selection.fit.intercept - shift
}

/// Per-measure rows of a fitted profile.
pub(super) fn measure_rows(
    profile: &Profile,
    design: &Design,
    selection: &Selection,
    weights: &ProfileWeights,
    intervals: &[Option<[f64; 2]>],
    nothing_kept: bool,
) -> Vec<MeasureFit> {
    let current = ProfileWeights::current(profile).effective_percent(profile);
    let suggested = largest_remainder(&weights.effective_percent(profile), 100);
    profile
        .measures
        .iter()
        .enumerate()
        .map(|(m, measure)| {
            let kept = selection
                .kept
                .iter()
                .position(|&k| k == m)
                .map(|j| selection.estimates[j]);
            let dropped = selection.dropped.iter().find(|d| d.measure == m);
            let estimate: Option<Estimate> = kept.or(dropped.map(|d| d.estimate));
            let reason = design.excluded[m]
                .clone()
                .or_else(|| dropped.map(|d| d.reason.clone()))
                .or_else(|| (!nothing_kept && suggested[m] == 0).then_some(Reason::RoundsToZero));
            MeasureFit {
                coefficient: estimate.map(|e| design.per_point(m, e.coefficient)),
                std_error: estimate.and_then(|e| e.std_error).map(|se| se / design.sds[m]),
                p_value: estimate.and_then(|e| e.p_value),
                coefficient_per_sd: estimate.map(|e| e.coefficient),
                weight_ci: intervals[m],
                reason: reason.map(|r| r.to_string()),
                suggested_weight_in_group: measure.group.map(|_| weights.measures[m]),
                ..measure_row(profile, m, current[m], f64::from(suggested[m]), Some(design))
            }
        })
        .collect()
}

/// Per-measure rows of a profile kept as it is (`design` when it got that far).
pub(super) fn current_measure_rows(profile: &Profile, design: Option<&Design>) -> Vec<MeasureFit> {
    let percent = ProfileWeights::current(profile).effective_percent(profile);
    let rounded = largest_remainder(&percent, 100);
    (0..profile.measures.len())
        .map(|m| MeasureFit {
            reason: design
                .and_then(|d| d.excluded[m].as_ref())
                .map(ToString::to_string),
            ..measure_row(profile, m, percent[m], f64::from(rounded[m]), design)
        })
        .collect()
}

/// A measure's row with what is known without a fit.
fn measure_row(
    profile: &Profile,
    m: usize,
    current: f64,
    suggested: f64,
    design: Option<&Design>,
) -> MeasureFit {
    let measure = &profile.measures[m];
    MeasureFit {
        profile: profile.name.clone(),
        name: measure.name.clone(),
        column: measure.column.clone(),
        group: measure.group.map(|g| profile.groups[g].name.clone()),
        current_weight: current,
        suggested_weight: suggested,
        suggested_weight_in_group: measure.group.map(|_| measure.weight),
        coefficient: None,
        std_error: None,
        p_value: None,
        coefficient_per_sd: None,
        weight_ci: None,
        univariate_auc: design.and_then(|d| d.univariate_auc[m]),
        possible_leak: design.is_some_and(|d| matches!(d.excluded[m], Some(Reason::PossibleLeak { .. }))),
        missing_rate: design.map_or(0.0, |d| d.missing_rates[m]),
        reason: None,
    }
}

/// Per-group rows: current and suggested share of the group weight, in percent.
pub(super) fn group_rows(profile: &Profile, suggested: &ProfileWeights) -> Vec<GroupFit> {
    let current = ProfileWeights::current(profile);
    let current_total: f64 = current.groups.iter().sum();
    let effective = suggested.effective_percent(profile);
    profile
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let members_weighted = profile
                .measures
                .iter()
                .zip(&effective)
                .any(|(m, &w)| m.group == Some(g) && w > 0.0);
            GroupFit {
                profile: profile.name.clone(),
                name: group.name.clone(),
                current_weight: 100.0 * current.groups[g] / current_total.max(f64::MIN_POSITIVE),
                suggested_weight: suggested.groups[g],
                reason: (suggested.groups[g] == 0.0 || !members_weighted)
                    .then(|| "none of its measures keeps a weight".to_string()),
            }
        })
        .collect()
}
