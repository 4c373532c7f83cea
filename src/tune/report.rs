//! The result of tuning, ready to print or serialize (the `--json` document; schema in
//! docs/json-schema.md). Rates are fractions; points 0–100.

use serde::Serialize;

use super::rule::MissingEvidence;
use super::stability::Stability;
use crate::fit::model::weights::ProfileWeights;
use crate::fit::MeasureFit;
use crate::format::number;
use crate::scorecard::{Scorecard, Scoring, StepRule};

/// Everything tuning found.
#[derive(Debug, Clone, Serialize)]
pub struct TuneReport {
    /// Name of the scorecard tuned.
    pub scorecard: String,
    /// Rows tuned on (account-snapshots when several dates are pooled).
    pub accounts: usize,
    pub churned: usize,
    /// Cross-validation folds.
    pub folds: usize,
    /// Seed of the folds.
    pub seed: u64,
    /// Most accounts one weight refit saw (a seeded uniform sample when there were more; 0 =
    /// all).
    pub fit_rows: usize,
    /// AUC of the current scorecard on every account.
    pub auc_current: Option<f64>,
    /// AUC of the tuned scorecard out of fold: each fold scored by rules and weights learnt
    /// on the other folds.
    pub auc_tuned_oof: Option<f64>,
    /// AUC of the tuned scorecard on the accounts it was tuned on (optimistic).
    pub auc_tuned_in_sample: Option<f64>,
    /// DeLong test of out-of-fold tuned against current, on the same accounts.
    pub comparison: TuneComparison,
    /// Every measure of every profile.
    pub measures: Vec<MeasureTune>,
    /// The weights refitted on the tuned points, as `fit` reports them.
    pub weights: Vec<MeasureFit>,
    pub warnings: Vec<String>,
    /// The scorecard with the tuned rules (current weights).
    #[serde(skip)]
    pub tuned: Scorecard,
    /// Per profile, the refitted weights to write.
    #[serde(skip)]
    pub suggested_weights: Vec<ProfileWeights>,
    /// Wall time of each phase.
    #[serde(skip)]
    pub times: super::cross::PhaseTimes,
}

/// Out-of-fold tuned scorecard against the current one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TuneComparison {
    /// `auc_tuned_oof − auc_current`.
    pub auc_diff: Option<f64>,
    pub std_error: Option<f64>,
    /// DeLong z statistic.
    pub z: Option<f64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// In plain words; names a winner only when `p < 0.05`.
    pub verdict: String,
}

/// One measure's current and suggested rule and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureTune {
    pub profile: String,
    pub name: String,
    pub column: String,
    /// The current rule, as in the scorecard file.
    pub current_rule: String,
    /// The suggested rule (the current one when kept).
    pub suggested_rule: String,
    /// Information value of the suggested bins.
    pub iv: Option<f64>,
    /// The direction churn shows in history (`higher_is_better`: churn falls as the value
    /// grows); `null` for categories and kept rules.
    pub direction: Option<&'static str>,
    /// Whether history agrees with the direction the current rule declares (`false`: the
    /// suggestion reverses it); `null` when either is unknown.
    pub monotone: Option<bool>,
    /// Whether the bins keep their order in every period (with `--date`).
    pub stable: Option<bool>,
    /// Why this rule, in words.
    pub reason: String,
    pub bins: Vec<BinRow>,
    /// The current and suggested `missing` policies (`skip` or points).
    pub current_missing: String,
    pub suggested_missing: String,
    /// Accounts without a value against those with one.
    pub missing: Option<MissingEvidence>,
    /// Per period (with `--date`).
    pub stability: Option<Stability>,
}

/// One suggested bin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BinRow {
    /// Smallest and largest value seen in the bin (`null` for categories).
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The category (categories only; `(other)` pools the rare ones into `default`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub accounts: usize,
    pub churned: usize,
    pub churn_rate: f64,
    /// 95% Wilson interval of the churn rate.
    pub churn_rate_ci: [f64; 2],
    /// `ln(g / b)`: the bin's share of retained over its share of churned accounts.
    pub woe: f64,
    /// Suggested points.
    pub points: f64,
    /// Mean points the current rule gives the bin's accounts.
    pub current_points: Option<f64>,
}

/// A scoring rule in one line, in the scorecard file's terms.
pub fn describe_rule(scoring: &Scoring) -> String {
    let n = |v: f64| trim(v);
    match scoring {
        Scoring::Linear { min, max, direction } => {
            format!(
                "linear min = {}, max = {}, {}",
                n(*min),
                n(*max),
                direction.as_str()
            )
        }
        Scoring::Thresholds { steps, otherwise } => {
            let mut parts: Vec<String> = steps
                .iter()
                .map(|s| {
                    let rule = match s.rule {
                        StepRule::UpTo => "upto",
                        StepRule::AtLeast => "atleast",
                    };
                    format!("{rule} {} → {}", n(s.bound), n(s.points))
                })
                .collect();
            parts.push(format!("otherwise {}", n(*otherwise)));
            format!("thresholds {}", parts.join(", "))
        }
        Scoring::Categories { points, default } => {
            let mut parts: Vec<String> = points.iter().map(|(k, v)| format!("{k} = {}", n(*v))).collect();
            if let Some(default) = default {
                parts.push(format!("default {}", n(*default)));
            }
            format!("categories {}", parts.join(", "))
        }
        Scoring::Percentile { direction } => format!("percentile {}", direction.as_str()),
    }
}

/// A number without trailing zeros (up to 6 decimals).
pub fn trim(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{value:.0}");
    }
    let text = number(Some(value), 6);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}
