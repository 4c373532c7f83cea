//! The tuner's one boundary with the weight fit: refit the weights on some accounts' tuned
//! points with the same logistic fit as `fit` (non-negative, whole percents adding up to
//! 100, groups respected). Each fold's refit needs the weights alone and goes through the
//! fit's weights-only entry ([`crate::fit::model::fit_weights`]); the one fit on all
//! accounts runs the whole fit report ([`crate::fit::fit_scored`]), whose per-measure rows
//! the tune report shows.
//!
//! To bound time on large histories each refit sees at most `limit` accounts, a seeded
//! uniform sample of its training accounts (as the backtest's walk-forward does); the rules
//! are still learnt, and every account still scored, on all of them.

use crate::data::{History, NumericColumn};
use crate::fit::model::folds::sample_rows;
use crate::fit::model::weights::ProfileWeights;
use crate::fit::model::{fit_weights, TrainingData};
use crate::fit::{fit_scored, FitError, FitOptions, FitReport};
use crate::scorecard::{Scorecard, ScoredAccounts};

/// At most `limit` of `rows` (all when `limit` is 0 or there are no more): a seeded
/// uniform sample, in row order.
pub fn bounded_rows(rows: &[u32], limit: usize, seed: u64) -> Vec<u32> {
    if limit == 0 || rows.len() <= limit {
        return rows.to_vec();
    }
    sample_rows(rows.len(), limit, seed)
        .into_iter()
        .map(|i| rows[i])
        .collect()
}

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
    let profiles: Vec<u8> = rows.iter().map(|r| scored.profiles[pick(r)]).collect();
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

/// The whole fit report of `scorecard` (the tuned rules) on the accounts at `rows` of
/// `history` (every account when `rows` holds them all, without copying).
pub fn all_accounts_fit(
    history: &History,
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    rows: &[u32],
    options: &FitOptions,
) -> Result<FitReport, FitError> {
    if rows.len() == history.len() {
        return fit_scored(history, scorecard, scored, options);
    }
    let sample = history.subset(rows);
    let sample_scored = ScoredAccounts {
        scores: rows.iter().map(|&r| scored.scores[r as usize]).collect(),
        bands: rows.iter().map(|&r| scored.bands[r as usize]).collect(),
        profiles: rows.iter().map(|&r| scored.profiles[r as usize]).collect(),
        measure_names: scored.measure_names.clone(),
        points: scored.points.iter().map(|column| column.subset(rows)).collect(),
    };
    fit_scored(&sample, scorecard, &sample_scored, options)
}

#[cfg(test)]
mod tests {
    use super::bounded_rows;

    #[test]
    fn bounded_rows_keep_all_up_to_the_limit_and_sample_beyond() {
        let rows: Vec<u32> = (10..30).collect();
        assert_eq!(bounded_rows(&rows, 0, 1), rows);
        assert_eq!(bounded_rows(&rows, 20, 1), rows);
        let sample = bounded_rows(&rows, 5, 1);
        assert_eq!(sample.len(), 5);
        assert!(sample.windows(2).all(|w| w[0] < w[1]));
        assert!(sample.iter().all(|r| rows.contains(r)));
        assert_eq!(sample, bounded_rows(&rows, 5, 1));
        assert_ne!(sample, bounded_rows(&rows, 5, 2));
    }
}
