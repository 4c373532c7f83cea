//! Honest comparison: for each fold, the rules and the weights are learnt on the other folds
//! and the held-out accounts are scored with them, as the tuned scorecard would score them.

use rayon::prelude::*;

use super::rule::RuleOutcome;
use super::training::{MeasureValues, Training};
use super::weights::{bounded_rows, fold_weights};
use super::{TuneError, TuneOptions};
use crate::data::History;
use crate::fit::model::weights::{score_rows, ProfileWeights};
use crate::fit::FitError;
use crate::metrics::binning::BinningLimits;
use crate::scorecard::{apply, Scorecard, ScoredAccounts};

/// Wall time of each phase of a tuning run, in seconds (for `-v` and the benchmark).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PhaseTimes {
    /// Sorting every measure's values once.
    pub arrange: f64,
    /// Binning and rule choice, every fold and the final rules.
    pub rules: f64,
    /// Applying the tuned rules to the history.
    pub scoring: f64,
    /// Refitting the weights (`fit`), every fold and the final weights.
    pub weights: f64,
}

/// Seconds since `start`.
pub fn since(start: std::time::Instant) -> f64 {
    start.elapsed().as_secs_f64()
}

/// A profile's accounts and its measures' values on them.
pub struct ProfileValues {
    pub rows: Vec<u32>,
    pub measures: Vec<MeasureValues>,
}

/// Every profile's values, arranged once for all folds.
pub fn arrange(history: &History, scorecard: &Scorecard, scored: &ScoredAccounts) -> Vec<ProfileValues> {
    scorecard
        .profiles
        .iter()
        .enumerate()
        .map(|(index, profile)| {
            let rows: Vec<u32> = (0..history.len() as u32)
                .filter(|&r| scored.profile(r as usize) == index)
                .collect();
            let measures = profile
                .measures
                .par_iter()
                .map(|m| MeasureValues::new(m, history, &rows))
                .collect();
            ProfileValues { rows, measures }
        })
        .collect()
}

/// Every measure's suggested rule, per profile, learnt from the `training` accounts.
pub fn suggest_rules(
    scorecard: &Scorecard,
    values: &[ProfileValues],
    churned: &[bool],
    training: Training,
    limits: BinningLimits,
) -> Vec<Vec<RuleOutcome>> {
    scorecard
        .profiles
        .iter()
        .zip(values)
        .map(|(profile, values)| {
            profile
                .measures
                .par_iter()
                .zip(&values.measures)
                .map(|(measure, v)| v.suggest(measure, churned, training, limits))
                .collect()
        })
        .collect()
}

/// The scorecard with every measure's rule and missing policy replaced by the suggestion
/// (weights unchanged).
pub fn with_rules(scorecard: &Scorecard, rules: &[Vec<RuleOutcome>]) -> Scorecard {
    let mut tuned = scorecard.clone();
    for (profile, rules) in tuned.profiles.iter_mut().zip(rules) {
        for (measure, rule) in profile.measures.iter_mut().zip(rules) {
            measure.scoring = rule.scoring.clone();
            measure.missing = rule.missing;
        }
    }
    tuned
}

/// Refitted weights per profile, or the current ones (with a warning) when no profile
/// could be fitted.
pub fn weights_or_current(
    result: Result<Vec<ProfileWeights>, FitError>,
    scorecard: &Scorecard,
    warnings: &mut Vec<String>,
    context: &str,
) -> Result<Vec<ProfileWeights>, TuneError> {
    match result {
        Ok(weights) => Ok(weights),
        Err(error @ (FitError::TooLittleData { .. } | FitError::NoUsableMeasures { .. })) => {
            warnings.push(format!(
                "{context}: the weights could not be refitted ({error}); the current weights are used"
            ));
            Ok(scorecard.profiles.iter().map(ProfileWeights::current).collect())
        }
        Err(error) => Err(error.into()),
    }
}

/// What the out-of-fold scoring works on.
pub struct Inputs<'a> {
    pub history: &'a History,
    pub scorecard: &'a Scorecard,
    /// Current scores, kept for accounts a fold cannot score.
    pub current: &'a [f64],
    pub values: &'a [ProfileValues],
    /// Fold of every history row.
    pub folds: &'a [usize],
    pub options: &'a TuneOptions,
}

/// Each account's score under the rules and weights learnt without its fold.
pub fn out_of_fold_scores(
    inputs: &Inputs,
    warnings: &mut Vec<String>,
    times: &mut PhaseTimes,
) -> Result<Vec<f64>, TuneError> {
    let Inputs {
        history,
        scorecard,
        current,
        values,
        folds,
        options,
    } = *inputs;
    let mut scores = current.to_vec();
    let mut unscored = 0;
    for fold in 0..options.folds {
        let training = Training {
            folds,
            held_out: Some(fold),
        };
        let clock = std::time::Instant::now();
        let rules = suggest_rules(scorecard, values, &history.churned, training, options.limits());
        times.rules += since(clock);
        let clock = std::time::Instant::now();
        let tuned = with_rules(scorecard, &rules);
        let scored = apply(&tuned, history)?;
        times.scoring += since(clock);
        let clock = std::time::Instant::now();
        let (train, held_out): (Vec<u32>, Vec<u32>) =
            (0..history.len() as u32).partition(|&r| folds[r as usize] != fold);
        let train = bounded_rows(
            &train,
            options.fit_rows,
            options.seed.wrapping_add(fold as u64 + 1),
        );
        let fitted = fold_weights(history, &tuned, &scored, &train, &options.fit);
        let weights = weights_or_current(fitted, scorecard, warnings, &format!("fold {}", fold + 1))?;
        times.weights += since(clock);
        let held_out_scores = score_rows(&weights, &tuned, &scored, held_out.iter().map(|&r| r as usize));
        for (row, score) in held_out.iter().zip(held_out_scores) {
            match score {
                Some(score) => scores[*row as usize] = score,
                None => unscored += 1,
            }
        }
    }
    if unscored > 0 {
        warnings.push(format!(
            "{unscored} held-out accounts had none of their fold's weighted measures and kept their current score"
        ));
    }
    Ok(scores)
}

/// Every account's score under `weights` (per profile) from its points in `scored`; an
/// account none of whose weighted measures has points keeps its score in `scored`.
pub fn scores_with(scorecard: &Scorecard, weights: &[ProfileWeights], scored: &ScoredAccounts) -> Vec<f64> {
    score_rows(weights, scorecard, scored, 0..scored.scores.len())
        .into_iter()
        .zip(&scored.scores)
        .map(|(score, &own)| score.unwrap_or(own))
        .collect()
}
