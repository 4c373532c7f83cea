//! The tuner's one boundary with the weight fit: refit the weights on some accounts' tuned
//! points with the same logistic fit as `fit` (non-negative, whole percents adding up to
//! 100, groups respected). Each fold's refit needs the weights alone and goes through the
//! fit's weights-only entry ([`crate::fit::model::fit_weights`]); the one fit on all
//! accounts runs the whole fit report ([`crate::fit::fit_scored`]), whose per-measure rows
//! the tune report shows.

use crate::data::{History, NumericColumn};
use crate::fit::model::weights::ProfileWeights;
use crate::fit::model::{fit_weights, TrainingData};
use crate::fit::{fit_scored, FitError, FitOptions, FitReport};
use crate::scorecard::{Scorecard, ScoredAccounts};

/// Weights for `scorecard` (the tuned rules) fitted on the accounts at `rows` of
/// `history`, given their points `scored` under that scorecard; per profile in the
/// scorecard's order (the current weights for a profile that could not be fitted).
pub fn fold_weights(
    history: &History,
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    rows: &[u32],
    options: &FitOptions,
) -> Result<Vec<ProfileWeights>, FitError> {
    let pick = |row: &u32| *row as usize;
    let ids: Vec<String> = rows.iter().map(|r| history.ids[pick(r)].clone()).collect();
    let churned: Vec<bool> = rows.iter().map(|r| history.churned[pick(r)]).collect();
    let profiles: Vec<usize> = rows.iter().map(|r| scored.profiles[pick(r)]).collect();
    let points: Vec<NumericColumn> = scored.points.iter().map(|column| column.subset(rows)).collect();
    let data = TrainingData {
        ids: &ids,
        churned: &churned,
        profiles: &profiles,
        measure_names: &scored.measure_names,
        points: &points,
    };
    Ok(fit_weights(&data, &scorecard.profiles, &options.weights())?.profiles)
}

/// The whole fit report of `scorecard` (the tuned rules) on every account of `history`.
pub fn all_accounts_fit(
    history: &History,
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    options: &FitOptions,
) -> Result<FitReport, FitError> {
    fit_scored(history, scorecard, scored, options)
}
