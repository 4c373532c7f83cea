//! The one error type of the tune module: why rules could not be tuned or written.

use std::path::PathBuf;

use crate::error::Fault;
use crate::fit::FitError;
use crate::scorecard::ApplyError;

/// Why tuning (or writing the tuned scorecard) could not be done.
#[derive(Debug, thiserror::Error)]
pub enum TuneError {
    /// A tune option outside what is allowed (e.g. one bin per measure).
    #[error("{option} must be {allowed}, got {value}")]
    BadOption {
        /// The option, in words (the CLI names its flag).
        option: &'static str,
        /// The rejected value, as text.
        value: String,
        /// What is allowed, in words.
        allowed: &'static str,
    },

    /// The scorecard (current or tuned) could not be applied to the history.
    #[error(transparent)]
    Apply(#[from] ApplyError),

    /// The weights could not be refitted on the tuned points.
    #[error(transparent)]
    Fit(#[from] FitError),

    /// The scorecard file is laid out in a way the writer cannot edit in place.
    #[error("{}: cannot write the tuned scorecard: {message}", path.display())]
    Layout {
        /// The scorecard file.
        path: PathBuf,
        /// What is in the way.
        message: String,
    },
}

impl Fault for TuneError {
    /// Only an internal failure of the weight fit is the tool's fault.
    fn is_input(&self) -> bool {
        match self {
            TuneError::BadOption { .. } | TuneError::Apply(_) | TuneError::Layout { .. } => true,
            TuneError::Fit(error) => error.is_input(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_options_are_the_users() {
        let error = TuneError::BadOption {
            option: "the bins per measure",
            value: "1".into(),
            allowed: "at least 2",
        };
        assert!(error.is_input());
        assert_eq!(
            error.to_string(),
            "the bins per measure must be at least 2, got 1"
        );
    }
}
