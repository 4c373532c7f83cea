//! What a suggested scoring rule is made of, shared by numbers and categories: the rule, the
//! missing-value policy, the bins behind them and the reason in words; and the missing-value
//! evidence.

use crate::judgement::SIGNIFICANCE;
use crate::metrics::binning::ChurnTrend;
use crate::metrics::woe::two_proportion_p_value;
use crate::scorecard::{MissingPolicy, Scoring};

/// Fewest churned (and retained) accounts with a value a measure needs to be binned.
pub const MIN_CHURNED_TO_BIN: usize = 20;

/// Smallest gain in R² (of the pre-bins' WoE on the rule's points, training accounts) of the
/// steps over the straight line for steps to be suggested; below it `linear` is kept with
/// new min/max.
pub const STEP_GAIN: f64 = 0.05;

/// Smallest information value for a new rule: below it ("useless" in the usual reading)
/// the measure barely separates churners and its current rule is kept.
pub const MIN_IV: f64 = 0.02;

/// Prior strength `m` of the churn-rate shrinkage of categories, in accounts.
pub const PRIOR_STRENGTH: f64 = 50.0;

/// One bin (a value range or a category) as the suggestion saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct BinFacts {
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The category; `None` for a value range; "(other)" for the rare categories pooled.
    pub category: Option<String>,
    pub accounts: usize,
    pub churned: usize,
    pub woe: f64,
    pub points: f64,
}

/// What kind of rule was suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Steps,
    Linear,
    Categories,
    /// The current rule is kept (too little data, or no monotone split).
    Kept,
}

/// The suggestion for one measure on one set of training accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleOutcome {
    pub scoring: Scoring,
    pub missing: MissingPolicy,
    pub kind: RuleKind,
    pub bins: Vec<BinFacts>,
    pub iv: Option<f64>,
    /// The churn trend of the bins (numbers only).
    pub trend: Option<ChurnTrend>,
    /// The trend the current rule declares (numbers only).
    pub declared: Option<ChurnTrend>,
    pub reason: String,
    pub missing_evidence: Option<MissingEvidence>,
}

impl RuleOutcome {
    /// The current rule kept, for `reason`.
    pub fn kept(scoring: &Scoring, missing: MissingPolicy, reason: String) -> RuleOutcome {
        RuleOutcome {
            scoring: scoring.clone(),
            missing,
            kind: RuleKind::Kept,
            bins: Vec::new(),
            iv: None,
            trend: None,
            declared: None,
            reason,
            missing_evidence: None,
        }
    }
}

/// Whether accounts without a value churn at a different rate than those with one.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MissingEvidence {
    pub accounts: usize,
    pub churned: usize,
    pub churn_rate: f64,
    /// Churn rate of the accounts with a value.
    pub churn_rate_with_value: f64,
    /// Two-proportion z test, missing against present.
    pub p_value: f64,
    /// The suggested `missing` points when `p_value < 0.05`, else `None` (policy kept).
    pub points: Option<f64>,
}

/// Counts of the accounts with and without a value.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub accounts: usize,
    pub churned: usize,
}

/// The missing-value evidence, and the points on the bins' WoE scale (`woe_low` → 0,
/// `woe_high` → 100) when the difference is significant. `None` without missing accounts.
pub fn missing_evidence(
    missing: Counts,
    present: Counts,
    woe_low: f64,
    woe_high: f64,
) -> Option<MissingEvidence> {
    if missing.accounts == 0 || present.accounts == 0 {
        return None;
    }
    let p_value = two_proportion_p_value(
        missing.churned,
        missing.accounts,
        present.churned,
        present.accounts,
    );
    let points = (p_value < SIGNIFICANCE).then(|| {
        let retained = missing.accounts - missing.churned;
        let present_retained = present.accounts - present.churned;
        let g = retained as f64 / present_retained.max(1) as f64;
        let b = missing.churned as f64 / present.churned.max(1) as f64;
        let woe = (g / b).ln();
        if woe_high > woe_low {
            (100.0 * (woe - woe_low) / (woe_high - woe_low))
                .clamp(0.0, 100.0)
                .round()
        } else if woe > woe_high {
            100.0
        } else {
            0.0
        }
    });
    Some(MissingEvidence {
        accounts: missing.accounts,
        churned: missing.churned,
        churn_rate: missing.churned as f64 / missing.accounts as f64,
        churn_rate_with_value: present.churned as f64 / present.accounts as f64,
        p_value,
        points,
    })
}

/// The missing policy to suggest: fixed points when the evidence says so, else `current`.
pub fn missing_policy(evidence: Option<&MissingEvidence>, current: MissingPolicy) -> MissingPolicy {
    match evidence.and_then(|e| e.points) {
        Some(points) => MissingPolicy::Points(points),
        None => current,
    }
}

/// "skip" or the points, as in scorecard files.
pub fn describe_missing(policy: MissingPolicy) -> String {
    match policy {
        MissingPolicy::Skip => "skip".to_string(),
        MissingPolicy::Points(points) => crate::format::number(Some(points), 0),
    }
}
