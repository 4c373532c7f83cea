//! Tune: suggest each measure's scoring rule from churn history, not only its weight.
//!
//! For every measure of every profile, on the accounts that profile scores: numbers get a
//! monotone optimal binning ([`crate::metrics::binning`]) written as `upto` steps, or
//! `linear` with new min/max where steps gain nothing over a straight line ([`numbers`]);
//! text gets category points from shrunk churn rates ([`categories`]); a missing value gets
//! fixed points when accounts without one churn at a clearly different rate ([`rule`]).
//! The weights are then refitted on the tuned points by `fit`'s logistic fit ([`weights`]).
//!
//! Judged honestly ([`cross`]): in each of the stratified, seeded folds, rules and weights
//! are learnt on the other folds and the held-out accounts are scored with them; that
//! out-of-fold AUC is compared with the current scorecard's by DeLong's paired test. With
//! snapshot dates, each rule's bins are checked period by period ([`stability`]). [`write`]
//! turns the result into a scorecard file.

pub mod categories;
pub mod cross;
mod error;
mod membership;
pub mod numbers;
mod report;
pub mod rule;
pub mod stability;
pub mod training;
pub mod weights;
pub mod write;

pub use error::TuneError;
pub use report::{describe_rule, trim as report_number, BinRow, MeasureTune, TuneComparison, TuneReport};

use crate::data::History;
use crate::fit::model::folds::stratified_folds;
use crate::fit::FitOptions;
use crate::format::format_p;
use crate::judgement::{judge_difference, Difference};
use crate::metrics::auc::roc_auc;
use crate::metrics::binning::{BinningLimits, ChurnTrend};
use crate::metrics::delong::paired_test;
use crate::metrics::wilson::wilson_interval;
use crate::scorecard::{apply, Measure, Scorecard, ScoredAccounts};
use cross::{
    arrange, out_of_fold_scores, since, suggest_rules, weights_or_current, with_rules, PhaseTimes,
    ProfileValues,
};
use membership::bin_of_rows;
use rule::{describe_missing, RuleOutcome};
use training::Training;

/// Settings of a tuning run; the defaults are the CLI's.
#[derive(Debug, Clone, PartialEq)]
pub struct TuneOptions {
    /// Cross-validation folds (default 5).
    pub folds: usize,
    /// Seed of the folds (default 42).
    pub seed: u64,
    /// Most bins per measure (default 6, at least 2).
    pub max_bins: usize,
    /// Fewest accounts per bin, as a share of the accounts with a value (default 0.05, in
    /// (0, 0.5)).
    pub min_bin_share: f64,
    /// Most accounts one weight refit sees: a seeded uniform sample of its training
    /// accounts when there are more (default 200,000; 0 = all). Rules are learnt and
    /// accounts scored on all of them.
    pub fit_rows: usize,
    /// How the weights are refitted (fit's settings; its folds and seed follow these).
    pub fit: FitOptions,
}

impl Default for TuneOptions {
    fn default() -> Self {
        TuneOptions {
            folds: 5,
            seed: 42,
            max_bins: 6,
            min_bin_share: 0.05,
            fit_rows: 200_000,
            fit: FitOptions::default(),
        }
    }
}

impl TuneOptions {
    /// Checks every option, naming the first one out of range.
    pub fn check(&self) -> Result<(), TuneError> {
        let bad = |option: &'static str, value: String, allowed: &'static str| {
            Err(TuneError::BadOption {
                option,
                value,
                allowed,
            })
        };
        if !(2..=50).contains(&self.folds) {
            return bad(
                "the cross-validation folds",
                self.folds.to_string(),
                "between 2 and 50",
            );
        }
        if self.max_bins < 2 {
            return bad("the bins per measure", self.max_bins.to_string(), "at least 2");
        }
        if !(self.min_bin_share > 0.0 && self.min_bin_share < 0.5) {
            return bad(
                "the smallest bin's share of accounts",
                self.min_bin_share.to_string(),
                "strictly between 0 and 0.5",
            );
        }
        Ok(())
    }

    /// The binning's constraints.
    pub fn limits(&self) -> BinningLimits {
        BinningLimits {
            max_bins: self.max_bins,
            min_share: self.min_bin_share,
        }
    }
}

/// Tunes every measure's rule of `scorecard` on `history`, refits the weights, and compares
/// the tuned scorecard out of fold with the current one.
///
/// Errors: [`TuneError::BadOption`], [`TuneError::Apply`] when a scorecard cannot score the
/// history, [`TuneError::Fit`] when the weight fit fails for a reason other than too little
/// data.
pub fn tune(
    history: &History,
    scorecard: &Scorecard,
    options: &TuneOptions,
) -> Result<TuneReport, TuneError> {
    options.check()?;
    let fit_options = FitOptions {
        folds: options.folds,
        seed: options.seed,
        ..options.fit.clone()
    };
    let options = &TuneOptions {
        fit: fit_options,
        ..options.clone()
    };
    let current = apply(scorecard, history)?;
    let mut times = PhaseTimes::default();
    let clock = std::time::Instant::now();
    let values = arrange(history, scorecard, &current);
    times.arrange = since(clock);
    let folds = stratified_folds(&history.ids, &history.churned, options.folds, options.seed);
    let mut warnings = Vec::new();
    let inputs = cross::Inputs {
        history,
        scorecard,
        current: &current.scores,
        values: &values,
        folds: &folds,
        options,
    };
    let oof = out_of_fold_scores(&inputs, &mut warnings, &mut times)?;
    let everyone = Training {
        folds: &folds,
        held_out: None,
    };
    let clock = std::time::Instant::now();
    let rules = suggest_rules(scorecard, &values, &history.churned, everyone, options.limits());
    times.rules += since(clock);
    let clock = std::time::Instant::now();
    let tuned = with_rules(scorecard, &rules);
    let scored = apply(&tuned, history)?;
    times.scoring += since(clock);
    let clock = std::time::Instant::now();
    let all: Vec<u32> = (0..history.len() as u32).collect();
    let rows = weights::bounded_rows(&all, options.fit_rows, options.seed);
    let fitted = weights::all_accounts_fit(history, &tuned, &scored, &rows, &options.fit);
    times.weights += since(clock);
    let (weights_rows, in_sample) = match &fitted {
        Ok(report) if rows.len() == all.len() => (report.measures.clone(), report.suggested_scores.clone()),
        Ok(report) => (
            report.measures.clone(),
            cross::scores_with(&tuned, &report.suggested, &scored),
        ),
        Err(_) => (Vec::new(), scored.scores.clone()),
    };
    if let Ok(report) = &fitted {
        warnings.extend(report.warnings.iter().map(|w| format!("weights: {w}")));
    }
    let suggested_weights = weights_or_current(
        fitted.map(|report| report.suggested),
        scorecard,
        &mut warnings,
        "all accounts",
    )?;
    let measures = measure_rows(history, scorecard, &current, &values, &rules);
    let churned = &history.churned;
    Ok(TuneReport {
        scorecard: scorecard.name.clone(),
        accounts: history.len(),
        churned: history.churned_count(),
        folds: options.folds,
        seed: options.seed,
        fit_rows: options.fit_rows,
        auc_current: roc_auc(&current.scores, churned).ok(),
        auc_tuned_oof: roc_auc(&oof, churned).ok(),
        auc_tuned_in_sample: roc_auc(&in_sample, churned).ok(),
        comparison: comparison(&oof, &current.scores, churned),
        measures,
        weights: weights_rows,
        warnings,
        tuned,
        suggested_weights,
        times,
    })
}

/// One row per measure of every profile.
fn measure_rows(
    history: &History,
    scorecard: &Scorecard,
    current: &ScoredAccounts,
    values: &[ProfileValues],
    rules: &[Vec<RuleOutcome>],
) -> Vec<MeasureTune> {
    let mut rows = Vec::new();
    for ((profile, values), rules) in scorecard.profiles.iter().zip(values).zip(rules) {
        for ((measure, values), rule) in profile.measures.iter().zip(&values.measures).zip(rules) {
            let stability = history
                .dates
                .as_ref()
                .and_then(|dates| stability::stability(dates, values, &history.churned, rule));
            let current_points = current_points(measure, current, values, rule);
            let linear_points = linear_points(values, rule);
            rows.push(MeasureTune {
                profile: profile.name.clone(),
                name: measure.name.clone(),
                column: measure.column.clone(),
                current_rule: describe_rule(&measure.scoring),
                suggested_rule: describe_rule(&rule.scoring),
                iv: rule.iv,
                direction: rule.trend.map(|t| match t {
                    ChurnTrend::Falling => "higher_is_better",
                    ChurnTrend::Rising => "lower_is_better",
                }),
                monotone: rule.trend.zip(rule.declared).map(|(t, d)| t == d),
                stable: stability.as_ref().map(stability::Stability::stable),
                reason: rule.reason.clone(),
                bins: bin_rows(rule, &current_points, &linear_points),
                current_missing: describe_missing(measure.missing),
                suggested_missing: describe_missing(rule.missing),
                missing: rule.missing_evidence.clone(),
                stability,
            });
        }
    }
    rows
}

/// Mean points the current rule gives each suggested bin's accounts.
fn current_points(
    measure: &Measure,
    current: &ScoredAccounts,
    values: &training::MeasureValues,
    rule: &RuleOutcome,
) -> Vec<Option<f64>> {
    let mut sums = vec![(0.0, 0usize); rule.bins.len()];
    if let Some(column) = current.measure_names.iter().position(|n| *n == measure.name) {
        for (row, bin) in bin_of_rows(values, rule) {
            if let Some(points) = current.points[column].get(row as usize) {
                sums[bin].0 += points;
                sums[bin].1 += 1;
            }
        }
    }
    sums.iter()
        .map(|&(sum, n)| (n > 0).then(|| sum / n as f64))
        .collect()
}

/// With a `linear` suggestion, the mean points it gives each bin's accounts (empty
/// otherwise: the bins' own points are the rule's).
fn linear_points(values: &training::MeasureValues, rule: &RuleOutcome) -> Vec<Option<f64>> {
    let (rule::RuleKind::Linear, training::MeasureValues::Numbers { sorted, .. }) = (rule.kind, values)
    else {
        return Vec::new();
    };
    let mut sums = vec![(0.0, 0usize); rule.bins.len()];
    for ((value, _), (_, bin)) in sorted.iter().zip(bin_of_rows(values, rule)) {
        sums[bin].0 += numbers::rule_points(&rule.scoring, *value);
        sums[bin].1 += 1;
    }
    sums.iter()
        .map(|&(sum, n)| (n > 0).then(|| (sum / n as f64).round()))
        .collect()
}

/// The report's bins; `linear_points` replaces the bins' points when given.
fn bin_rows(
    rule: &RuleOutcome,
    current_points: &[Option<f64>],
    linear_points: &[Option<f64>],
) -> Vec<BinRow> {
    rule.bins
        .iter()
        .zip(current_points)
        .enumerate()
        .map(|(index, (bin, &current_points))| {
            let (low, high) = wilson_interval(bin.churned, bin.accounts, 0.95);
            BinRow {
                low: bin.low,
                high: bin.high,
                category: bin.category.clone(),
                accounts: bin.accounts,
                churned: bin.churned,
                churn_rate: bin.churned as f64 / bin.accounts as f64,
                churn_rate_ci: [low, high],
                woe: bin.woe,
                points: linear_points.get(index).copied().flatten().unwrap_or(bin.points),
                current_points,
            }
        })
        .collect()
}

/// DeLong test of the out-of-fold tuned scores against the current ones, in words.
fn comparison(tuned: &[f64], current: &[f64], churned: &[bool]) -> TuneComparison {
    match paired_test(tuned, current, churned) {
        Ok(test) => TuneComparison {
            auc_diff: Some(test.diff),
            std_error: Some(test.std_error),
            z: Some(test.z),
            p_value: Some(test.p_value),
            verdict: verdict(test.auc_a, test.auc_b, test.p_value),
        },
        Err(error) => TuneComparison {
            auc_diff: None,
            std_error: None,
            z: None,
            p_value: None,
            verdict: format!("cannot compare the tuned with the current scorecard: {error}"),
        },
    }
}

/// The closing verdict: names a winner only when `p < 0.05`.
pub fn verdict(auc_tuned: f64, auc_current: f64, p_value: f64) -> String {
    let p = format_p(p_value);
    let diff = auc_tuned - auc_current;
    match judge_difference(diff, p_value) {
        Difference::NotSignificant => format!(
            "the tuned scorecard is not significantly better out of fold: AUC {auc_tuned:.3} vs {auc_current:.3} for \
             the current one ({diff:+.3}, {p}); the difference may be chance, so keep the current rules unless there \
             are other reasons to change"
        ),
        Difference::Higher => format!(
            "the tuned scorecard separates churners better out of fold: AUC {auc_tuned:.3} vs {auc_current:.3} for \
             the current one ({diff:+.3}, {p})"
        ),
        Difference::Lower => format!(
            "the tuned scorecard does worse out of fold than the current one: AUC {auc_tuned:.3} vs {auc_current:.3} \
             ({diff:+.3}, {p}); keep the current rules"
        ),
    }
}
