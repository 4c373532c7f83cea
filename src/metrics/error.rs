//! The one error type of the metrics module: why a statistic could not be computed.

/// Why a statistic could not be computed from the given scores and outcomes.
///
/// Every metric validates its input up front and returns one of these instead of a NaN, an
/// infinity or a panic.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MetricError {
    /// There are no accounts at all.
    #[error("no accounts: the input is empty")]
    Empty,

    /// Scores and outcomes (or two score columns) describe different numbers of accounts.
    #[error("{scores} scores but {outcomes} outcomes: each account needs exactly one of each")]
    LengthMismatch {
        /// Number of scores given.
        scores: usize,
        /// Number of outcomes (or of scores in the second column) given.
        outcomes: usize,
    },

    /// A score is NaN or infinite.
    #[error("score at row {index} is {value}: scores must be finite numbers")]
    NonFinite {
        /// Zero-based position of the offending value in its slice.
        index: usize,
        /// The offending value.
        value: f64,
    },

    /// More accounts than a ranking can hold (positions are kept as `u32`).
    #[error("{accounts} accounts: a ranking holds at most 4,294,967,295")]
    TooManyAccounts {
        /// Number of accounts given.
        accounts: usize,
    },

    /// The statistic compares churned with retained accounts but one group is empty.
    #[error("need both churned and retained accounts, found {churned} churned and {retained} retained")]
    OneClass {
        /// Number of churned accounts.
        churned: usize,
        /// Number of retained accounts.
        retained: usize,
    },

    /// The DeLong variance needs at least two accounts of each class (sample variances
    /// divide by `count - 1`).
    #[error(
        "the DeLong standard error needs at least 2 churned and 2 retained accounts, \
         found {churned} churned and {retained} retained"
    )]
    TooFewForVariance {
        /// Number of churned accounts.
        churned: usize,
        /// Number of retained accounts.
        retained: usize,
    },

    /// Two rankings compared as the same accounts hold different outcomes.
    #[error("the two score columns belong to accounts with different outcomes: compare scorecards on the same accounts")]
    DifferentOutcomes,

    /// A sample that must be sorted ascending is not.
    #[error("the scores are not sorted from lowest to highest")]
    NotSorted,

    /// A confidence level outside the open interval (0, 1), or NaN.
    #[error("confidence level {confidence} is not strictly between 0 and 1 (e.g. 0.95)")]
    InvalidConfidence {
        /// The rejected confidence level.
        confidence: f64,
    },

    /// A count parameter (bins, groups, resamples, curve points) is below its minimum.
    #[error("{what} must be at least {min}, got {got}")]
    TooFew {
        /// Which parameter, in the analyst's words (e.g. "bins").
        what: &'static str,
        /// The value given.
        got: usize,
        /// The smallest value allowed.
        min: usize,
    },

    /// A share of accounts (a review capacity) not strictly between 0 and 1.
    #[error("share of accounts {share} is not strictly between 0 and 1")]
    InvalidShare {
        /// The rejected share.
        share: f64,
    },
}
