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
mod profile;
mod report;
mod rows;
mod suggested;

pub use cutoffs::{CutoffRule, CutoffSuggestion};
pub use error::FitError;
pub use report::{
    Cutoffs, FitComparison, FitReport, GroupFit, MeasureFit, ProfileFit, Regularization, Timing,
    UnavailableRule,
};
pub use suggested::{suggested_scorecard, WriteHeader};

pub use assemble::verdict;

use crate::data::History;
use crate::scorecard::{apply, Profile, Scorecard, ScoredAccounts};
use assemble::assemble;
use model::cv;
use model::folds;
use model::logistic::SolverSettings;
use model::one_profile::{ProfileWeightFit, WeightOptions};
use model::select::SelectionSettings;
use model::weights_only::nothing_fitted;
use profile::{fit_profile, Context, ProfileOutcome};

/// Fewest churned (and retained) accounts a profile needs to be fitted.
pub const MIN_CHURNED: usize = 20;

/// Settings of a fit; the defaults are the CLI's.
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// Cross-validation folds (default 5).
    pub folds: usize,
    /// Seed of the folds and the bootstrap (default 42).
    pub seed: u64,
    /// Bootstrap resamples for weight intervals (default 0 = none).
    pub bootstrap: usize,
    /// Level of every interval (default 0.95).
    pub confidence: f64,
    /// A measure needs a Wald p-value below this to keep a weight (default 0.05).
    pub significance: f64,
    /// L2 strengths to choose from, per account on standardized points
    /// (default [`cv::DEFAULT_STRENGTHS`]: 1e-1 … 1e-5).
    pub strengths: Vec<f64>,
    /// Suggest band cutoffs by this rule (default none).
    pub cutoffs: Option<CutoffRule>,
    /// Fewest churned and retained accounts a profile needs (default [`MIN_CHURNED`]).
    pub min_churned: usize,
    pub solver: SolverSettings,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            folds: 5,
            seed: 42,
            bootstrap: 0,
            confidence: 0.95,
            significance: 0.05,
            strengths: cv::DEFAULT_STRENGTHS.to_vec(),
            cutoffs: None,
            min_churned: MIN_CHURNED,
            solver: SolverSettings::default(),
        }
    }
}

impl FitOptions {
    /// Checks every option, naming the first one out of range.
    pub fn check(&self) -> Result<(), FitError> {
        let bad = |option: &'static str, value: String, allowed: &'static str| {
            Err(FitError::BadOption {
                option,
                value,
                allowed,
            })
        };
        if !(2..=50).contains(&self.folds) {
            return bad("--folds", self.folds.to_string(), "between 2 and 50");
        }
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return bad(
                "confidence",
                self.confidence.to_string(),
                "strictly between 0 and 1",
            );
        }
        if !(self.significance > 0.0 && self.significance < 1.0) {
            return bad(
                "significance",
                self.significance.to_string(),
                "strictly between 0 and 1",
            );
        }
        if self.strengths.is_empty() || self.strengths.iter().any(|s| !(s.is_finite() && *s >= 0.0)) {
            let value = format!("{:?}", self.strengths);
            return bad("L2 strengths", value, "one or more finite numbers >= 0");
        }
        if self.min_churned < 2 {
            return bad(
                "minimum churned accounts",
                self.min_churned.to_string(),
                "at least 2",
            );
        }
        Ok(())
    }

    fn selection(&self) -> SelectionSettings {
        SelectionSettings {
            significance: self.significance,
            solver: self.solver,
        }
    }

    /// The settings of the weight fit ([`model::fit_weights`]).
    pub fn weights(&self) -> WeightOptions {
        WeightOptions {
            folds: self.folds,
            seed: self.seed,
            strengths: self.strengths.clone(),
            min_churned: self.min_churned,
            selection: self.selection(),
        }
    }
}

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
        assert_eq!(err.to_string(), "--folds must be between 2 and 50, got 1");
        assert!(FitOptions::default().check().is_ok());
    }
}
