//! The suggested rule for a measure of text (`categories`): each category's churn rate
//! shrunk toward the overall rate (empirical Bayes, [`PRIOR_STRENGTH`] accounts of prior,
//! [`shrunk_churn_rate`]), turned into points on the WoE scale; categories holding fewer than
//! `min_bin_share` of the accounts are pooled into `default`.
//!
//! With `r̃` a shrunk rate and `r̄` the overall rate, a category's WoE is
//! `ln((1 − r̃)/r̃) − ln((1 − r̄)/r̄)` (the log-odds of staying, against the average); the
//! riskiest level gets 0 points and the safest 100. The IV sums `(gᵢ − bᵢ)·WoEᵢ` over the
//! levels with the raw shares `gᵢ`, `bᵢ`, so it stays finite for a category without churn.

use std::collections::BTreeMap;

use super::rule::{
    missing_evidence, missing_policy, BinFacts, Counts, RuleKind, RuleOutcome, MIN_CHURNED_TO_BIN,
    PRIOR_STRENGTH,
};
use crate::metrics::woe::{shrunk_churn_rate, woe_points};
use crate::scorecard::{Measure, Scoring};

/// The label of the pooled rare categories.
pub const OTHER: &str = "(other)";

/// The suggestion for `measure` from the training accounts' counts per category (in the
/// column's level order) and the counts of accounts without a value.
pub fn suggest_categories(
    measure: &Measure,
    levels: &[String],
    counts: &[Counts],
    missing: Counts,
    min_share: f64,
) -> RuleOutcome {
    let present = Counts {
        accounts: counts.iter().map(|c| c.accounts).sum(),
        churned: counts.iter().map(|c| c.churned).sum(),
    };
    let retained = present.accounts - present.churned;
    if present.churned < MIN_CHURNED_TO_BIN || retained < MIN_CHURNED_TO_BIN {
        let reason = format!(
            "too few accounts to score categories: {} churned and {retained} retained with a value (need \
             {MIN_CHURNED_TO_BIN} of each); current rule kept",
            present.churned
        );
        return RuleOutcome::kept(&measure.scoring, measure.missing, reason);
    }
    let overall = present.churned as f64 / present.accounts as f64;
    let minimum = ((min_share * present.accounts as f64).ceil() as usize).max(1);
    let mut names: Vec<String> = Vec::new();
    let mut kept: Vec<Counts> = Vec::new();
    let mut rare = Counts::default();
    for (name, c) in levels.iter().zip(counts) {
        if c.accounts >= minimum {
            names.push(name.clone());
            kept.push(*c);
        } else {
            rare.accounts += c.accounts;
            rare.churned += c.churned;
        }
    }
    if kept.is_empty() {
        let reason = format!("every category holds fewer than {minimum} accounts; current rule kept");
        return RuleOutcome::kept(&measure.scoring, measure.missing, reason);
    }
    names.push(OTHER.to_string());
    kept.push(rare);
    let safety = |c: &Counts| {
        let r = shrunk_churn_rate(c.churned, c.accounts, overall, PRIOR_STRENGTH);
        ((1.0 - r) / r).ln() - ((1.0 - overall) / overall).ln()
    };
    let woe: Vec<f64> = kept.iter().map(safety).collect();
    let points: Vec<f64> = woe_points(&woe).iter().map(|p| p.round()).collect();
    let iv: f64 = kept
        .iter()
        .zip(&woe)
        .map(|(c, w)| {
            let g = (c.accounts - c.churned) as f64 / retained as f64;
            let b = c.churned as f64 / present.churned as f64;
            (g - b) * w
        })
        .sum();
    let default = points.last().copied();
    let table: BTreeMap<String, f64> = names[..names.len() - 1]
        .iter()
        .cloned()
        .zip(points.iter().copied())
        .collect();
    let bins: Vec<BinFacts> = names
        .iter()
        .zip(&kept)
        .zip(woe.iter().zip(&points))
        .filter(|((_, c), _)| c.accounts > 0)
        .map(|((name, c), (&woe, &points))| BinFacts {
            low: None,
            high: None,
            category: Some(name.clone()),
            accounts: c.accounts,
            churned: c.churned,
            woe,
            points,
        })
        .collect();
    let woe_low = woe.iter().copied().fold(f64::INFINITY, f64::min);
    let woe_high = woe.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let evidence = missing_evidence(missing, present, woe_low, woe_high);
    let reason = format!(
        "{} categories scored from churn rates shrunk toward the overall {:.1}% ({} accounts of prior); {} rarer than \
         {minimum} accounts go to default; IV {iv:.3}",
        table.len(),
        100.0 * overall,
        PRIOR_STRENGTH,
        levels.len() - table.len()
    );
    RuleOutcome {
        scoring: Scoring::Categories {
            points: table,
            default,
        },
        missing: missing_policy(evidence.as_ref(), measure.missing),
        kind: RuleKind::Categories,
        bins,
        iv: Some(iv),
        trend: None,
        declared: None,
        reason,
        missing_evidence: evidence,
    }
}
