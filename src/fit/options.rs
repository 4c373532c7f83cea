//! Settings of a fit, with their defaults (the CLI's) and their checks.

use super::cutoffs::CutoffRule;
use super::error::FitError;
use super::model::cv;
use super::model::logistic::SolverSettings;
use super::model::one_profile::WeightOptions;
use super::model::select::SelectionSettings;

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
            return bad(
                "the cross-validation folds",
                self.folds.to_string(),
                "between 2 and 50",
            );
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

    pub(super) fn selection(&self) -> SelectionSettings {
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
