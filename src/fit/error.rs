//! The one error type of the fit module: why weights could not be fitted or written.

use std::path::PathBuf;

use crate::error::Fault;
use crate::scorecard::ApplyError;

/// Why a fit (or writing its suggested scorecard) could not be done.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    /// The scorecard could not be applied to the history.
    #[error(transparent)]
    Apply(#[from] ApplyError),

    /// A fit option outside what is allowed (e.g. one cross-validation fold).
    #[error("{option} must be {allowed}, got {value}")]
    BadOption {
        /// The option, in words (the CLI names its flag).
        option: &'static str,
        /// The rejected value, as text.
        value: String,
        /// What is allowed, in words.
        allowed: &'static str,
    },

    /// No profile has enough churned and retained accounts to fit weights.
    #[error(
        "too little data to fit weights: {detail}; need at least {minimum} churned and {minimum} retained \
         accounts in a profile"
    )]
    TooLittleData {
        /// Per profile: name and counts.
        detail: String,
        /// Minimum churned (and retained) accounts per profile.
        minimum: usize,
    },

    /// Every measure of every fittable profile was excluded before fitting.
    #[error("no measure can be fitted: {detail}")]
    NoUsableMeasures {
        /// Each excluded measure with its reason.
        detail: String,
    },

    /// linfa-logistic rejected the problem (an internal error: inputs are checked first).
    #[error("logistic regression failed: {message}")]
    Solver {
        /// linfa's message.
        message: String,
    },

    /// The scorecard file is laid out in a way the writer cannot edit in place.
    #[error("{}: cannot write the suggested scorecard: {message}", path.display())]
    Layout {
        /// The scorecard file.
        path: PathBuf,
        /// What is in the way.
        message: String,
    },
}

impl Fault for FitError {
    /// Only the solver failing is the tool's fault: its inputs are checked first.
    fn is_input(&self) -> bool {
        match self {
            FitError::Apply(error) => error.is_input(),
            FitError::Solver { .. } => false,
            FitError::BadOption { .. }
            | FitError::TooLittleData { .. }
            | FitError::NoUsableMeasures { .. }
            | FitError::Layout { .. } => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_little_data_names_the_minimum() {
        let error = FitError::TooLittleData {
            detail: "profile 'default' has 12 churned and 400 retained".into(),
            minimum: 20,
        };
        assert_eq!(
            error.to_string(),
            "too little data to fit weights: profile 'default' has 12 churned and 400 retained; \
             need at least 20 churned and 20 retained accounts in a profile"
        );
        assert!(error.is_input());
    }

    #[test]
    fn solver_failures_are_internal() {
        let error = FitError::Solver {
            message: "boom".into(),
        };
        assert!(!error.is_input());
        assert!(matches!(error, FitError::Solver { .. }));
    }
}
