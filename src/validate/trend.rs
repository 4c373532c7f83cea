//! "Does the trend matter?": the result of testing whether a score's change since the
//! previous snapshot predicts churn beyond the score itself. The types only; the test needs
//! the logistic model and is run by [`crate::trend`] (a layer above), which the commands call.

use serde::Serialize;

/// The trend test of one scorecard, on the snapshots that have a previous one (the JSON
/// `trend` of each scorecard with `--date`; schema in docs/json-schema.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendTest {
    /// Snapshots with a previous snapshot of the same account.
    pub accounts: usize,
    /// Of those, the churned ones.
    pub churned: usize,
    /// AUC of the score alone on those snapshots.
    pub auc_level: Option<f64>,
    /// AUC of a logistic model of churn on the score and its change, predicted out of fold.
    pub auc_level_and_change: Option<f64>,
    /// Log-odds of churn per point of change, holding the score fixed (the model on every
    /// snapshot); negative when a falling score means more churn.
    pub change_coefficient: Option<f64>,
    pub std_error: Option<f64>,
    /// Two-sided Wald p-value of the change coefficient: does change add to level?
    pub p_value: Option<f64>,
    /// Snapshots whose score fell by at least [`FALLING_POINTS`] since the previous one.
    pub falling: ChurnGroup,
    /// The other snapshots with a previous one.
    pub steady_or_rising: ChurnGroup,
    /// The answer in plain words.
    pub verdict: String,
}

/// A score falling by this many points or more counts as falling.
pub const FALLING_POINTS: f64 = 10.0;

/// Churn among a group of snapshots.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnGroup {
    pub accounts: usize,
    pub churned: usize,
    /// `None` for an empty group.
    pub churn_rate: Option<f64>,
    /// Wilson score interval at the report's confidence.
    pub churn_rate_ci: Option<[f64; 2]>,
}
