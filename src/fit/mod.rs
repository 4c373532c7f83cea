//! Fit: recommend scorecard weights from churn history with logistic regression.
//!
//! Churn is regressed on each measure's 0–100 points — so weights stay in the scorecard's own
//! terms — by the model in [`model`] (plain arrays in, weights out; [`model::fit_weights`] is
//! the weights-only entry for callers that need nothing else). This module runs it per
//! profile (`profile`) and assembles the report (`assemble`, `report`, `rows`): the
//! suggested weights are judged honestly — each fold is scored, as a scorecard would score
//! it, by weights fitted on the other folds, and that out-of-fold AUC is compared with the
//! current scorecard's AUC on the same accounts by DeLong's paired test. Each profile is
//! fitted on its own accounts. [`cutoffs`] suggests band cutoffs for the suggested weights;
//! [`suggested_scorecard`] turns the result into a scorecard file (with
//! [`crate::scorecard::write`]).

mod assemble;
pub mod cutoffs;
mod error;
pub mod model;
mod options;
mod profile;
mod report;
mod rows;
mod suggested;

pub use cutoffs::{CutoffRule, CutoffSuggestion};
pub use error::FitError;
pub use options::{FitOptions, MIN_CHURNED};
pub use report::{
    Cutoffs, FitComparison, FitReport, GroupFit, MeasureFit, ProfileFit, Regularization, Timing,
    UnavailableRule,
};
pub use suggested::{suggested_scorecard, WriteHeader};

pub use assemble::verdict;

use crate::data::History;
use crate::scorecard::{apply, Profile, Scorecard, ScoredAccounts};
use assemble::assemble;
use model::folds;
use model::one_profile::ProfileWeightFit;
use model::weights_only::nothing_fitted;
use profile::{fit_profile, Context, ProfileOutcome};

/// Fits suggested weights for `scorecard` on `history`.
///
/// Errors: [`FitError::BadOption`], [`FitError::Apply`] when the scorecard cannot score the
/// history, [`FitError::TooLittleData`] / [`FitError::NoUsableMeasures`] when no profile can
/// be fitted, [`FitError::Solver`] on an internal solver failure.
pub fn fit(history: &History, scorecard: &Scorecard, options: &FitOptions) -> Result<FitReport, FitError> {
    options.check()?;
    let scored = apply(scorecard, history)?;
    fit_scored(history, scorecard, &scored, options)
}

/// As [`fit`], for a caller that has already applied the scorecard.
pub fn fit_scored(
    history: &History,
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    options: &FitOptions,
) -> Result<FitReport, FitError> {
    options.check()?;
    let folds = folds::stratified_folds(&history.ids, &history.churned, options.folds, options.seed);
    let ctx = Context {
        history,
        scorecard,
        scored,
        folds: &folds,
        options,
    };
    let outcomes: Vec<ProfileOutcome> = (0..scorecard.profiles.len())
        .map(|index| fit_profile(&ctx, index))
        .collect::<Result<_, _>>()?;
    let unfitted: Vec<(&Profile, &ProfileWeightFit)> = scorecard
        .profiles
        .iter()
        .zip(&outcomes)
        .filter_map(|(profile, outcome)| Some((profile, outcome.not_fitted.as_ref()?)))
        .collect();
    if unfitted.len() == outcomes.len() {
        return Err(nothing_fitted(&unfitted, options.weights().minimum()));
    }
    Ok(assemble(history, scorecard, scored, options, outcomes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_out_of_range_are_named() {
        let options = FitOptions {
            folds: 1,
            ..FitOptions::default()
        };
        let err = options.check().unwrap_err();
        assert_eq!(
            err.to_string(),
            "the cross-validation folds must be between 2 and 50, got 1"
        );
        assert!(FitOptions::default().check().is_ok());
    }
}
