//! The result of a fit, ready to print or serialize (the `--json` document; schema in
//! docs/json-schema.md). Weights are percentages; rates are fractions.

use serde::Serialize;

use super::cutoffs::bands::BandChurn;
use super::cutoffs::CutoffSuggestion;
use super::model::cv::StrengthScore;
use super::model::weights::ProfileWeights;

/// Everything a fit found.
#[derive(Debug, Clone, Serialize)]
pub struct FitReport {
    /// Name of the scorecard fitted.
    pub scorecard: String,
    /// The scorecard file, when read from disk.
    pub source: Option<String>,
    /// The history file.
    pub data: String,
    /// Rows fitted (account-snapshots when several dates are pooled).
    pub accounts: usize,
    pub churned: usize,
    pub churn_rate: f64,
    /// Number of cross-validation folds.
    pub folds: usize,
    /// Seed of the folds and the bootstrap.
    pub seed: u64,
    /// `--bootstrap N` (0 = no intervals).
    pub bootstrap_resamples: usize,
    /// A measure needs a Wald p-value below this to keep a weight.
    pub significance: f64,
    /// How the L2 strength was chosen: `"log_loss"` (mean out-of-fold log-loss).
    pub criterion: &'static str,
    /// The L2 strength chosen for each fitted profile.
    pub regularization: Vec<Regularization>,
    /// AUC of the current scorecard on every account.
    pub auc_current: Option<f64>,
    /// AUC of the suggested weights out of fold: each fold scored, as a scorecard would, by
    /// weights fitted on the other folds.
    pub auc_suggested_oof: Option<f64>,
    /// AUC of the suggested weights on the accounts they were fitted on (optimistic).
    pub auc_suggested_in_sample: Option<f64>,
    /// DeLong test of out-of-fold suggested against current, on the same accounts.
    pub comparison: FitComparison,
    /// Every measure of every profile.
    pub measures: Vec<MeasureFit>,
    /// Every group of every profile (empty without groups).
    pub groups: Vec<GroupFit>,
    pub profiles: Vec<ProfileFit>,
    /// Churn per band of the suggested weights, out of fold, with the model's calibrated
    /// churn probability; the written cutoffs when `--cutoffs` was given, else the
    /// scorecard's.
    pub bands: Vec<BandChurn>,
    /// Suggested cutoffs (with `--cutoffs`).
    pub cutoffs: Option<Cutoffs>,
    pub warnings: Vec<String>,
    /// Per profile, the weights to write (the current ones where nothing was fitted).
    #[serde(skip)]
    pub suggested: Vec<ProfileWeights>,
    /// Per history row, its out-of-fold score (the current score in profiles not fitted).
    #[serde(skip)]
    pub oof_scores: Vec<f64>,
    /// Per history row, its score under the suggested weights (in sample).
    #[serde(skip)]
    pub suggested_scores: Vec<f64>,
    /// Per history row, the out-of-fold model's churn probability, where fitted.
    #[serde(skip)]
    pub oof_probabilities: Vec<Option<f64>>,
    /// Wall time of each phase of each fitted profile.
    #[serde(skip)]
    pub timings: Vec<Timing>,
}

/// How long one phase of a profile's fit took.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub profile: String,
    pub phase: &'static str,
    pub seconds: f64,
}

/// The L2 strength chosen for one profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regularization {
    pub profile: String,
    /// `λ`, the penalty per account on standardized points.
    pub strength: f64,
    /// linfa-logistic's `alpha` for the final fit: `λ·n` (scikit-learn's `1/C`).
    pub alpha: f64,
    /// Mean out-of-fold log-loss at the chosen strength.
    pub log_loss: f64,
    /// Every strength tried, strongest first.
    pub grid: Vec<StrengthScore>,
}

/// Out-of-fold suggested weights against the current ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitComparison {
    /// `auc_suggested_oof − auc_current`.
    pub auc_diff: Option<f64>,
    pub std_error: Option<f64>,
    /// DeLong z statistic.
    pub z: Option<f64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// In plain words; names a winner only when `p < 0.05`.
    pub verdict: String,
}

/// One measure's current and suggested weight and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureFit {
    pub profile: String,
    pub name: String,
    pub column: String,
    pub group: Option<String>,
    /// Share of the score today, in percent (normalized over the profile, through groups).
    pub current_weight: f64,
    /// Suggested share of the score, whole percent, adding up to 100 over the profile.
    pub suggested_weight: f64,
    /// The weight written to the file within its group (profiles with groups only).
    pub suggested_weight_in_group: Option<f64>,
    /// Change in the log-odds of churn per point (negative: more points, less churn); for a
    /// dropped measure, its value in the fit that dropped it.
    pub coefficient: Option<f64>,
    /// Standard error of `coefficient`, from the observed information at the optimum.
    pub std_error: Option<f64>,
    /// Two-sided Wald p-value.
    pub p_value: Option<f64>,
    /// `coefficient` per standard deviation of the measure's points: comparable across
    /// measures.
    pub coefficient_per_sd: Option<f64>,
    /// Bootstrap percentile interval of `suggested_weight` (with `--bootstrap`).
    pub weight_ci: Option<[f64; 2]>,
    /// AUC of the measure's points alone.
    pub univariate_auc: Option<f64>,
    /// True when the univariate AUC (either way) exceeds 0.95.
    pub possible_leak: bool,
    /// Share of the profile's accounts without points (imputed with the mean points).
    pub missing_rate: f64,
    /// Why the suggested weight is 0; `None` when it is not.
    pub reason: Option<String>,
}

/// One group's current and suggested weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupFit {
    pub profile: String,
    pub name: String,
    /// Percent of the profile's group weight today.
    pub current_weight: f64,
    /// Suggested percent (whole, adding up to 100 over the profile's groups).
    pub suggested_weight: f64,
    /// Why the suggested weight is 0.
    pub reason: Option<String>,
}

/// One profile's fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileFit {
    pub name: String,
    pub accounts: usize,
    pub churned: usize,
    /// False when the profile was too small (or had no usable measure): its current weights
    /// are kept.
    pub fitted: bool,
    /// Why it was not fitted, or other notes.
    pub note: Option<String>,
    /// Log-odds of churn for an account with 0 points everywhere (final model).
    pub intercept: Option<f64>,
    /// Whether the final fit reached its gradient tolerance.
    pub converged: Option<bool>,
    /// L2 norm of the gradient at the final fit (summed loss).
    pub gradient_norm: Option<f64>,
    pub auc_current: Option<f64>,
    pub auc_suggested_oof: Option<f64>,
}

/// Suggested band cutoffs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cutoffs {
    /// The rule whose cutoffs `--write` writes.
    pub written: &'static str,
    /// Every rule that could place cutoffs.
    pub suggestions: Vec<CutoffSuggestion>,
    /// Rules that could not, with the reason.
    pub unavailable: Vec<UnavailableRule>,
}

/// A cutoff rule that could not place cutoffs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnavailableRule {
    pub rule: &'static str,
    pub reason: String,
}

impl FitReport {
    /// The cutoffs `--write` should write, when `--cutoffs` was given and its rule worked.
    pub fn written_cutoffs(&self) -> Option<&[f64]> {
        let cutoffs = self.cutoffs.as_ref()?;
        cutoffs
            .suggestions
            .iter()
            .find(|s| s.rule == cutoffs.written)
            .map(|s| s.cutoffs.as_slice())
    }
}
