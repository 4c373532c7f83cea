//! Fit: recommend scorecard weights from churn history with logistic regression.
//!
//! Churn is regressed on each measure's 0–100 points — so weights stay in the scorecard's own
//! terms — with linfa-logistic ([`logistic`]): points standardized, missing points at the
//! measure's mean ([`design`]), L2-penalized with the strength chosen by stratified k-fold
//! cross-validation on out-of-fold log-loss ([`cv`]). Measures that point the wrong way or
//! cannot be told from zero are dropped one at a time and the model refitted ([`select`]);
//! standard errors come from the observed information at the optimum ([`information`]). The
//! coefficients become whole-percent weights adding up to exactly 100 ([`weights`]).
//!
//! The suggested weights are judged honestly: each fold is scored, as a scorecard would
//! score it, by weights fitted on the other folds, and that out-of-fold AUC is compared with
//! the current scorecard's AUC on the same accounts by DeLong's paired test. Each profile is
//! fitted on its own accounts. [`write`] turns the result into a scorecard file.

pub mod bands;
pub mod bootstrap;
pub mod cutoffs;
pub mod cv;
pub mod design;
mod error;
pub mod folds;
pub mod information;
pub mod logistic;
pub mod newton;
mod profile;
pub mod reason;
mod report;
mod rows;
pub mod select;
pub mod weights;
pub mod write;

pub use cutoffs::{CutoffRule, CutoffSuggestion};
pub use error::FitError;
pub use report::{
    Cutoffs, FitComparison, FitReport, GroupFit, MeasureFit, ProfileFit, Regularization, UnavailableRule,
};
pub use write::{suggested_scorecard, WriteHeader};

use crate::data::History;
use crate::metrics::auc::roc_auc;
use crate::metrics::delong::paired_test;
use crate::scorecard::{apply, Scorecard, ScoredAccounts};
use crate::validate::{format_p, SIGNIFICANCE};
use bands::band_churn;
use cutoffs::suggest_cutoffs;
use logistic::SolverSettings;
use profile::{fit_profile, Context, ProfileOutcome};
use select::SelectionSettings;

/// Fewest churned (and retained) accounts a profile needs to be fitted.
pub const MIN_CHURNED: usize = 20;

/// Settings of a fit; the defaults are the CLI's.
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// Cross-validation folds (default 5).
    pub folds: usize,
    /// Seed of the folds and the bootstrap (default 42).
    pub seed: u64,
    /// Bootstrap resamples for weight intervals (default 0 = none).
    pub bootstrap: usize,
    /// Level of every interval (default 0.95).
    pub confidence: f64,
    /// A measure needs a Wald p-value below this to keep a weight (default 0.05).
    pub significance: f64,
    /// L2 strengths to choose from, per account on standardized points
    /// (default [`cv::DEFAULT_STRENGTHS`]: 1e-1 … 1e-5).
    pub strengths: Vec<f64>,
    /// Suggest band cutoffs by this rule (default none).
    pub cutoffs: Option<CutoffRule>,
    /// Fewest churned and retained accounts a profile needs (default [`MIN_CHURNED`]).
    pub min_churned: usize,
    pub solver: SolverSettings,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            folds: 5,
            seed: 42,
            bootstrap: 0,
            confidence: 0.95,
            significance: 0.05,
            strengths: cv::DEFAULT_STRENGTHS.to_vec(),
            cutoffs: None,
            min_churned: MIN_CHURNED,
            solver: SolverSettings::default(),
        }
    }
}

impl FitOptions {
    /// Checks every option, naming the first one out of range.
    pub fn check(&self) -> Result<(), FitError> {
        let bad = |option: &'static str, value: String, allowed: &'static str| {
            Err(FitError::BadOption {
                option,
                value,
                allowed,
            })
        };
        if !(2..=50).contains(&self.folds) {
            return bad("--folds", self.folds.to_string(), "between 2 and 50");
        }
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return bad(
                "confidence",
                self.confidence.to_string(),
                "strictly between 0 and 1",
            );
        }
        if !(self.significance > 0.0 && self.significance < 1.0) {
            return bad(
                "significance",
                self.significance.to_string(),
                "strictly between 0 and 1",
            );
        }
        if self.strengths.is_empty() || self.strengths.iter().any(|s| !(s.is_finite() && *s >= 0.0)) {
            let value = format!("{:?}", self.strengths);
            return bad("L2 strengths", value, "one or more finite numbers >= 0");
        }
        if self.min_churned < 2 {
            return bad(
                "minimum churned accounts",
                self.min_churned.to_string(),
                "at least 2",
            );
        }
        Ok(())
    }

    fn selection(&self) -> SelectionSettings {
        SelectionSettings {
            significance: self.significance,
            solver: self.solver,
        }
    }
}

/// Fits suggested weights for `scorecard` on `history`.
///
/// Errors: [`FitError::BadOption`], [`FitError::Apply`] when the scorecard cannot score the
/// history, [`FitError::TooLittleData`] / [`FitError::NoUsableMeasures`] when no profile can
/// be fitted, [`FitError::Solver`] on an internal solver failure.
pub fn fit(history: &History, scorecard: &Scorecard, options: &FitOptions) -> Result<FitReport, FitError> {
    options.check()?;
    let scored = apply(scorecard, history)?;
    fit_scored(history, scorecard, &scored, options)
}

/// As [`fit`], for a caller that has already applied the scorecard.
pub fn fit_scored(
    history: &History,
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    options: &FitOptions,
) -> Result<FitReport, FitError> {
    options.check()?;
    let folds = folds::stratified_folds(&history.ids, &history.churned, options.folds, options.seed);
    let ctx = Context {
        history,
        scorecard,
        scored,
        folds: &folds,
        options,
    };
    let outcomes: Vec<ProfileOutcome> = (0..scorecard.profiles.len())
        .map(|index| fit_profile(&ctx, index))
        .collect::<Result<_, _>>()?;
    if outcomes.iter().all(|o| !o.summary.fitted) {
        return Err(nothing_fitted(&outcomes));
    }
    Ok(assemble(history, scorecard, scored, options, outcomes))
}

/// The error when no profile could be fitted.
fn nothing_fitted(outcomes: &[ProfileOutcome]) -> FitError {
    let too_little: Vec<String> = outcomes
        .iter()
        .filter(|o| o.too_little_data)
        .map(|o| {
            format!(
                "profile '{}' has {} churned and {} retained",
                o.summary.name,
                o.summary.churned,
                o.summary.accounts - o.summary.churned
            )
        })
        .collect();
    if !too_little.is_empty() {
        return FitError::TooLittleData {
            detail: too_little.join(", "),
            minimum: MIN_CHURNED,
        };
    }
    let detail = outcomes
        .iter()
        .flat_map(|o| &o.measures)
        .map(|m| format!("'{}' ({})", m.name, m.reason.as_deref().unwrap_or("excluded")))
        .collect::<Vec<_>>()
        .join("; ");
    FitError::NoUsableMeasures { detail }
}

/// Puts the profiles together: pooled out-of-fold comparison, bands, cutoffs, warnings.
fn assemble(
    history: &History,
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    options: &FitOptions,
    outcomes: Vec<ProfileOutcome>,
) -> FitReport {
    let churned = &history.churned;
    let mut oof = scored.scores.clone();
    let mut in_sample = scored.scores.clone();
    let mut probabilities = vec![None; history.len()];
    for outcome in &outcomes {
        for (i, &row) in outcome.rows.iter().enumerate() {
            oof[row] = outcome.oof_scores[i];
            in_sample[row] = outcome.scores[i];
            probabilities[row] = outcome.oof_probabilities[i];
        }
    }
    let mut warnings = pooled_snapshot_warning(history);
    let comparison = comparison(&oof, &scored.scores, churned);
    let names: Vec<String> = scorecard.bands.iter().map(|b| b.name.clone()).collect();
    let cutoffs = options.cutoffs.map(|rule| {
        cutoff_report(
            rule,
            &names,
            &in_sample,
            churned,
            &scored.bands,
            options,
            &mut warnings,
        )
    });
    let written = cutoffs.as_ref().and_then(|c| {
        c.suggestions
            .iter()
            .find(|s| s.rule == c.written)
            .map(|s| s.cutoffs.clone())
    });
    let band_cutoffs = written.unwrap_or_else(|| scorecard.bands.iter().filter_map(|b| b.below).collect());
    let bands = band_churn(
        &names,
        &band_cutoffs,
        &oof,
        churned,
        &probabilities,
        options.confidence,
    );
    let churned_count = history.churned_count();
    let mut report = FitReport {
        scorecard: scorecard.name.clone(),
        source: scorecard.source.as_ref().map(|p| p.display().to_string()),
        data: history.source.display().to_string(),
        accounts: history.len(),
        churned: churned_count,
        churn_rate: churned_count as f64 / history.len().max(1) as f64,
        folds: options.folds,
        seed: options.seed,
        bootstrap_resamples: options.bootstrap,
        significance: options.significance,
        criterion: "log_loss",
        regularization: Vec::new(),
        auc_current: roc_auc(&scored.scores, churned).ok(),
        auc_suggested_oof: roc_auc(&oof, churned).ok(),
        auc_suggested_in_sample: roc_auc(&in_sample, churned).ok(),
        comparison,
        measures: Vec::new(),
        groups: Vec::new(),
        profiles: Vec::new(),
        bands,
        cutoffs,
        warnings: Vec::new(),
        suggested: Vec::new(),
        oof_scores: oof,
        suggested_scores: in_sample,
        oof_probabilities: probabilities,
    };
    for outcome in outcomes {
        report.regularization.extend(outcome.regularization);
        report.measures.extend(outcome.measures);
        report.groups.extend(outcome.groups);
        report.profiles.push(outcome.summary);
        report.suggested.push(outcome.weights);
        warnings.extend(outcome.warnings);
    }
    report.warnings = warnings;
    report
}

fn pooled_snapshot_warning(history: &History) -> Vec<String> {
    let Some(dates) = &history.dates else {
        return Vec::new();
    };
    let mut distinct = dates.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 {
        return Vec::new();
    }
    vec![format!(
        "the history has {} snapshot dates: the fit pools all {} rows (account-snapshots); folds and bootstrap \
         resamples keep each account's snapshots together",
        distinct.len(),
        history.len()
    )]
}

/// DeLong test of the out-of-fold suggested scores against the current ones, in words.
fn comparison(suggested: &[f64], current: &[f64], churned: &[bool]) -> FitComparison {
    match paired_test(suggested, current, churned) {
        Ok(test) => FitComparison {
            auc_diff: Some(test.diff),
            std_error: Some(test.std_error),
            z: Some(test.z),
            p_value: Some(test.p_value),
            verdict: verdict(test.auc_a, test.auc_b, test.p_value),
        },
        Err(error) => FitComparison {
            auc_diff: None,
            std_error: None,
            z: None,
            p_value: None,
            verdict: format!("cannot compare the suggested with the current weights: {error}"),
        },
    }
}

/// The comparison in plain words; a winner is named only when `p < 0.05`.
pub fn verdict(auc_suggested: f64, auc_current: f64, p_value: f64) -> String {
    let p = format_p(p_value);
    let diff = auc_suggested - auc_current;
    if p_value >= SIGNIFICANCE {
        format!(
            "the suggested weights are not significantly better out of fold: AUC {auc_suggested:.3} vs \
             {auc_current:.3} for the current weights ({diff:+.3}, {p}); the difference may be chance, so keep the \
             current weights unless there are other reasons to change"
        )
    } else if diff > 0.0 {
        format!(
            "the suggested weights separate churners better out of fold: AUC {auc_suggested:.3} vs \
             {auc_current:.3} for the current weights ({diff:+.3}, {p})"
        )
    } else {
        format!(
            "the suggested weights do worse out of fold than the current ones: AUC {auc_suggested:.3} vs \
             {auc_current:.3} ({diff:+.3}, {p}); keep the current weights"
        )
    }
}

/// Every cutoff rule's suggestion, the chosen one marked as written.
fn cutoff_report(
    rule: CutoffRule,
    names: &[String],
    scores: &[f64],
    churned: &[bool],
    current_bands: &[usize],
    options: &FitOptions,
    warnings: &mut Vec<String>,
) -> Cutoffs {
    let mut suggestions = Vec::new();
    let mut unavailable = Vec::new();
    for candidate in CutoffRule::ALL {
        match suggest_cutoffs(
            candidate,
            names,
            scores,
            churned,
            current_bands,
            options.confidence,
        ) {
            Ok(suggestion) => suggestions.push(suggestion),
            Err(reason) => {
                if candidate == rule {
                    warnings.push(format!(
                        "cutoffs by {}: {reason}; the current cutoffs are kept",
                        candidate.name()
                    ));
                }
                unavailable.push(UnavailableRule {
                    rule: candidate.name(),
                    reason,
                });
            }
        }
    }
    Cutoffs {
        written: rule.name(),
        suggestions,
        unavailable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_names_a_winner_only_when_significant() {
        assert!(verdict(0.74, 0.69, 0.0001).starts_with("the suggested weights separate churners better"));
        assert!(verdict(0.70, 0.69, 0.3).starts_with("the suggested weights are not significantly better"));
        assert!(verdict(0.66, 0.69, 0.01).starts_with("the suggested weights do worse"));
    }

    #[test]
    fn options_out_of_range_are_named() {
        let options = FitOptions {
            folds: 1,
            ..FitOptions::default()
        };
        let err = options.check().unwrap_err();
        assert_eq!(err.to_string(), "--folds must be between 2 and 50, got 1");
        assert!(FitOptions::default().check().is_ok());
    }
}
