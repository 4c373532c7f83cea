//! The weights-only entry: suggested weights for every profile of a scorecard from plain
//! training data, and nothing else — no out-of-fold evaluation, bootstrap, cutoffs or report.
//! The walk-forward backtest calls it for every split; a threshold tuner can too.

use super::folds::stratified_folds;
use super::one_profile::{fit_profile_weights, ProfilePoints, ProfileWeightFit, WeightOptions};
use super::weights::ProfileWeights;
use crate::data::NumericColumn;
use crate::fit::error::FitError;
use crate::scorecard::Profile;

/// Training rows as plain data: one entry per row (an account-snapshot) in every slice.
#[derive(Debug, Clone, Copy)]
pub struct TrainingData<'a> {
    /// Account id of each row: folds keep an account's rows together.
    pub ids: &'a [String],
    /// Churn outcome of each row.
    pub churned: &'a [bool],
    /// Profile of each row (index into the scorecard's profiles).
    pub profiles: &'a [u8],
    /// Names of the measures whose points are given, one per entry of `points`.
    pub measure_names: &'a [String],
    /// Each measure's 0–100 points per row (missing allowed).
    pub points: &'a [NumericColumn],
}

/// Suggested weights per profile, from one fit.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedWeights {
    /// Per profile, in the scorecard's order (the current weights where a profile could not
    /// be fitted or no measure earned a weight).
    pub profiles: Vec<ProfileWeights>,
    /// Per profile, each measure's change in the log-odds of churn per point, in the
    /// profile's order; `None` for a measure excluded or dropped, or in a profile not fitted.
    pub coefficients: Vec<Vec<Option<f64>>>,
    /// The fit's own warnings (convergence, dropped measures, too-small profiles).
    pub warnings: Vec<String>,
}

/// Fits suggested weights for `profiles` (a scorecard's, in its order) on `data`: per
/// profile, logistic regression of churn on the points, the L2 strength chosen by
/// cross-validation, measures that point the wrong way or cannot be told from zero dropped;
/// the same weights as the fit report's `suggested`.
///
/// Errors: [`FitError::TooLittleData`] / [`FitError::NoUsableMeasures`] when no profile can
/// be fitted, [`FitError::Solver`] on an internal solver failure. Options are not checked
/// here (`FitOptions::check` does).
pub fn fit_weights(
    data: &TrainingData,
    profiles: &[Profile],
    options: &WeightOptions,
) -> Result<FittedWeights, FitError> {
    let folds = stratified_folds(data.ids, data.churned, options.folds, options.seed);
    let empty = NumericColumn::from_nan_encoded(vec![f64::NAN; data.churned.len()]);
    let mut fitted = FittedWeights {
        profiles: Vec::with_capacity(profiles.len()),
        coefficients: Vec::with_capacity(profiles.len()),
        warnings: Vec::new(),
    };
    let mut unfitted = Vec::new();
    for (index, profile) in profiles.iter().enumerate() {
        let columns: Vec<&NumericColumn> = profile
            .measures
            .iter()
            .map(|m| column(data, &m.name).unwrap_or(&empty))
            .collect();
        let points = ProfilePoints {
            names: profile.measures.iter().map(|m| m.name.clone()).collect(),
            columns: columns.clone(),
            rows: (0..data.churned.len())
                .filter(|&r| usize::from(data.profiles[r]) == index)
                .collect(),
            churned: data.churned,
            folds: &folds,
        };
        let rows = points.rows.clone();
        let prefix = prefix(profiles, index);
        let outcome = fit_profile_weights(points, profile, options, &prefix, &mut |_| {})?;
        if let Some(note) = outcome.note() {
            fitted.warnings.push(format!("{prefix}{note}"));
        }
        match outcome {
            ProfileWeightFit::Fitted(fit) => {
                fitted.warnings.extend(fit.warnings.iter().cloned());
                let unscored = rows
                    .iter()
                    .filter(|&&r| {
                        let points: Vec<Option<f64>> = columns.iter().map(|c| c.get(r)).collect();
                        fit.weights.score(profile, &points).is_none()
                    })
                    .count();
                if unscored > 0 {
                    fitted.warnings.push(format!(
                        "{prefix}{unscored} accounts have none of the suggested measures: the suggested scorecard \
                         cannot score them (give a measure `missing = <points>`)"
                    ));
                }
                fitted.coefficients.push(fit.coefficients());
                fitted.profiles.push(fit.weights);
            }
            not_fitted => {
                fitted.coefficients.push(vec![None; profile.measures.len()]);
                fitted.profiles.push(ProfileWeights::current(profile));
                unfitted.push((profile, not_fitted));
            }
        }
    }
    if unfitted.len() == profiles.len() {
        let unfitted: Vec<(&Profile, &ProfileWeightFit)> = unfitted.iter().map(|(p, o)| (*p, o)).collect();
        return Err(nothing_fitted(&unfitted, options.minimum()));
    }
    Ok(fitted)
}

/// The points column of measure `name`.
fn column<'a>(data: &TrainingData<'a>, name: &str) -> Option<&'a NumericColumn> {
    let position = data.measure_names.iter().position(|n| n == name)?;
    data.points.get(position)
}

/// "profile 'x': " when the scorecard has several profiles, else nothing.
pub(crate) fn prefix(profiles: &[Profile], index: usize) -> String {
    if profiles.len() > 1 {
        format!("profile '{}': ", profiles[index].name)
    } else {
        String::new()
    }
}

/// The error when no profile could be fitted: the profiles with too little data, else every
/// measure's reason.
pub(crate) fn nothing_fitted(unfitted: &[(&Profile, &ProfileWeightFit)], minimum: usize) -> FitError {
    let too_little: Vec<String> = unfitted
        .iter()
        .filter_map(|(profile, outcome)| match outcome {
            ProfileWeightFit::TooLittleData {
                churned, retained, ..
            } => Some(format!(
                "profile '{}' has {churned} churned and {retained} retained",
                profile.name
            )),
            _ => None,
        })
        .collect();
    if !too_little.is_empty() {
        return FitError::TooLittleData {
            detail: too_little.join(", "),
            minimum,
        };
    }
    let detail = unfitted
        .iter()
        .flat_map(|(profile, outcome)| {
            let design = match outcome {
                ProfileWeightFit::NoUsableMeasures(design) => Some(design),
                _ => None,
            };
            profile.measures.iter().enumerate().map(move |(m, measure)| {
                let reason = design
                    .and_then(|d| d.excluded[m].as_ref())
                    .map_or_else(|| "excluded".to_string(), ToString::to_string);
                format!("'{}' ({reason})", measure.name)
            })
        })
        .collect::<Vec<_>>()
        .join("; ");
    FitError::NoUsableMeasures { detail }
}
