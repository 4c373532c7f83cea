//! The report rows and warnings of one profile: per measure, per group, and the notes an
//! analyst needs (leaks, few churned accounts, convergence, perfect separation).

use super::model::design::Design;
use super::model::information::Estimate;
use super::model::likelihood::linear_predictor;
use super::model::reason::Reason;
use super::model::select::Selection;
use super::model::weights::{largest_remainder, ProfileWeights};
use super::report::{GroupFit, MeasureFit};
use crate::metrics::auc::roc_auc;
use crate::scorecard::Profile;

/// Warnings about the data before any fit: leaks, few churned accounts per measure.
pub(super) fn design_warnings(design: &Design, candidates: &[usize], prefix: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    for (m, excluded) in design.excluded.iter().enumerate() {
        if let Some(reason @ Reason::PossibleLeak { .. }) = excluded {
            warnings.push(format!(
                "{prefix}measure '{}' gets weight 0: {reason}",
                design.names[m]
            ));
        }
    }
    let churned = design.churned_count();
    if churned < 10 * candidates.len() {
        warnings.push(format!(
            "{prefix}only {churned} churned accounts for {} measures (fewer than 10 per measure): the suggested \
             weights are unstable; see their bootstrap intervals (--bootstrap)",
            candidates.len()
        ));
    }
    warnings
}

/// Warnings about the final fit: convergence and perfect separation.
pub(super) fn selection_warnings(design: &Design, selection: &Selection, prefix: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    if !selection.fit.converged {
        warnings.push(format!(
            "{prefix}the final fit stopped before converging (gradient norm {:.3e}, tolerance {:.3e}): coefficients \
             may be imprecise",
            selection.fit.gradient_norm, selection.fit.tolerance
        ));
    }
    if !selection.kept.is_empty() {
        let all: Vec<usize> = (0..design.len()).collect();
        let x = design.matrix(&all, &selection.kept);
        let health: Vec<f64> =
            linear_predictor(x.view(), &selection.fit.coefficients, selection.fit.intercept)
                .into_iter()
                .map(|eta| -eta)
                .collect();
        if roc_auc(&health, &design.churned).is_ok_and(|auc| auc >= 1.0) {
            warnings.push(format!(
                "{prefix}the measures separate churned from retained accounts perfectly: the coefficients are set by \
                 the regularization alone; check the measures for leaks"
            ));
        }
    }
    warnings
}

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
