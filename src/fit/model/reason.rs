//! Why a measure gets a suggested weight of 0, in the analyst's words.

use std::fmt;

use crate::format::format_p;
use crate::judgement::LEAK_AUC;

/// The reason a measure is left out of the suggested weights.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// No account of the profile has points for it.
    NoValues,
    /// Every account gets the same points.
    Constant {
        /// The points everyone gets.
        points: f64,
    },
    /// Its points move in lockstep with an earlier measure's.
    Duplicate {
        /// The measure that is kept.
        of: String,
        /// Pearson correlation of the two measures' points.
        correlation: f64,
    },
    /// On its own it separates churners almost perfectly: possibly known only after churn.
    PossibleLeak {
        /// Its univariate AUC (or 1 − AUC when it points the wrong way).
        auc: f64,
    },
    /// Significantly more points go with more churn once the other measures are known.
    WrongDirection {
        /// Change in the log-odds of churn per point.
        coefficient: f64,
        /// Two-sided Wald p-value.
        p_value: f64,
    },
    /// Its effect cannot be told apart from zero once the other measures are known.
    NotSignificant {
        /// Two-sided Wald p-value.
        p_value: f64,
    },
    /// Its standard error cannot be computed (its points are a combination of the others').
    NotEstimable,
    /// Its share of the weight rounds to 0%.
    RoundsToZero,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NoValues => write!(f, "no account has a value for it"),
            Reason::Constant { points } => write!(
                f,
                "every account gets the same points ({points:.0}), so it cannot tell churners apart"
            ),
            Reason::Duplicate { of, correlation } => write!(
                f,
                "its points duplicate those of '{of}' (correlation {correlation:.3}); '{of}' is kept"
            ),
            Reason::PossibleLeak { auc } => write!(
                f,
                "possible leak: on its own it separates churners almost perfectly (AUC {auc:.3} > {LEAK_AUC}); \
                 check that it is not recorded only after churn"
            ),
            Reason::WrongDirection {
                coefficient,
                p_value,
            } => write!(
                f,
                "points the wrong way: more points go with more churn ({coefficient:+.4} log-odds per point, {})",
                format_p(*p_value)
            ),
            Reason::NotSignificant { p_value } => write!(
                f,
                "not significant: indistinguishable from zero once the other measures are known ({})",
                format_p(*p_value)
            ),
            Reason::NotEstimable => write!(
                f,
                "its effect cannot be separated from the other measures' (no standard error)"
            ),
            Reason::RoundsToZero => write!(f, "its share of the weight rounds to 0%"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_sentences() {
        let wrong = Reason::WrongDirection {
            coefficient: 0.0123,
            p_value: 0.0004,
        };
        assert_eq!(
            wrong.to_string(),
            "points the wrong way: more points go with more churn (+0.0123 log-odds per point, p < 0.001)"
        );
        let weak = Reason::NotSignificant { p_value: 0.41 };
        assert!(weak.to_string().ends_with("(p = 0.410)"), "{weak}");
        let leak = Reason::PossibleLeak { auc: 0.991 };
        assert!(leak.to_string().starts_with("possible leak"), "{leak}");
    }
}
