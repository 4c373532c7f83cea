//! Whose fault an error is: every library error type says whether the user's input (data,
//! scorecards, options) is at fault, or the tool and the machine are.
//!
//! The command line turns this into the exit status (2 for bad input, 1 otherwise); because
//! it only accepts errors that implement [`Fault`], a new error type cannot silently exit 1.

use crate::metrics::MetricError;

/// Whether an error is the user's to fix.
pub trait Fault {
    /// `true` when the user's input (a data file, a scorecard, an option) is at fault and
    /// changing it fixes the error; `false` for failures of the tool or the machine (a bug,
    /// a full disk, a chart that cannot be drawn).
    fn is_input(&self) -> bool;
}

/// `metrics` imports nothing from the crate, so its error is classified here.
impl Fault for MetricError {
    /// What the statistics receive comes from the user's history (an empty one, one with a
    /// single outcome, too few accounts); only mistakes in how the crate calls them (slices
    /// of different lengths, unsorted samples, parameters out of range) are the tool's.
    fn is_input(&self) -> bool {
        match self {
            MetricError::Empty
            | MetricError::NonFinite { .. }
            | MetricError::OneClass { .. }
            | MetricError::TooFewForVariance { .. }
            | MetricError::TooManyAccounts { .. } => true,
            MetricError::LengthMismatch { .. }
            | MetricError::DifferentOutcomes
            | MetricError::NotSorted
            | MetricError::InvalidConfidence { .. }
            | MetricError::InvalidShare { .. }
            | MetricError::TooFew { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_errors_from_the_history_are_input() {
        assert!(MetricError::Empty.is_input());
        assert!(MetricError::OneClass {
            churned: 0,
            retained: 4
        }
        .is_input());
        assert!(MetricError::TooFewForVariance {
            churned: 1,
            retained: 4
        }
        .is_input());
        assert!(MetricError::NonFinite {
            index: 0,
            value: f64::NAN
        }
        .is_input());
    }

    #[test]
    fn metric_errors_from_the_crate_are_internal() {
        assert!(!MetricError::NotSorted.is_input());
        assert!(!MetricError::DifferentOutcomes.is_input());
        assert!(!MetricError::LengthMismatch {
            scores: 2,
            outcomes: 3
        }
        .is_input());
        assert!(!MetricError::InvalidConfidence { confidence: 2.0 }.is_input());
        assert!(!MetricError::InvalidShare { share: 1.5 }.is_input());
        assert!(!MetricError::TooFew {
            what: "bins",
            got: 1,
            min: 2
        }
        .is_input());
    }
}
