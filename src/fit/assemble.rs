//! Putting the profiles together into one report: the pooled out-of-fold comparison with the
//! current scorecard (DeLong), churn per band, suggested cutoffs and run-wide warnings.

use super::cutoffs::bands::band_churn;
use super::cutoffs::suggest_cutoffs;
use super::cutoffs::CutoffRule;
use super::options::FitOptions;
use super::profile::ProfileOutcome;
use super::report::{Cutoffs, FitComparison, FitReport, UnavailableRule};
use crate::data::History;
use crate::format::format_p;
use crate::judgement::{judge_difference, Difference};
use crate::metrics::auc::roc_auc;
use crate::metrics::delong::paired_test;
use crate::scorecard::{Scorecard, ScoredAccounts};

/// Puts the profiles together: pooled out-of-fold comparison, bands, cutoffs, warnings.
pub(super) fn assemble(
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
        timings: Vec::new(),
    };
    for outcome in outcomes {
        report.regularization.extend(outcome.regularization);
        report.measures.extend(outcome.measures);
        report.groups.extend(outcome.groups);
        report.profiles.push(outcome.summary);
        report.suggested.push(outcome.weights);
        warnings.extend(outcome.warnings);
        report.timings.extend(outcome.timings);
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
    match judge_difference(diff, p_value) {
        Difference::NotSignificant => format!(
            "the suggested weights are not significantly better out of fold: AUC {auc_suggested:.3} vs \
             {auc_current:.3} for the current weights ({diff:+.3}, {p}); the difference may be chance, so keep the \
             current weights unless there are other reasons to change"
        ),
        Difference::Higher => format!(
            "the suggested weights separate churners better out of fold: AUC {auc_suggested:.3} vs \
             {auc_current:.3} for the current weights ({diff:+.3}, {p})"
        ),
        Difference::Lower => format!(
            "the suggested weights do worse out of fold than the current ones: AUC {auc_suggested:.3} vs \
             {auc_current:.3} ({diff:+.3}, {p}); keep the current weights"
        ),
    }
}

/// Every cutoff rule's suggestion, the chosen one marked as written.
fn cutoff_report(
    rule: CutoffRule,
    names: &[String],
    scores: &[f64],
    churned: &[bool],
    current_bands: &[u8],
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
}
