//! The tuner's one boundary with the weight fit ([`crate::fit::fit_scored`]): refit the
//! weights on some accounts' tuned points with the same logistic fit as `fit` (non-negative,
//! whole percents adding up to 100, groups respected). Everything tune needs from `fit` goes
//! through [`fit_weights`], so it can be rewired when `fit` moves.

use crate::data::{History, NumericColumn};
use crate::fit::{fit_scored, FitError, FitOptions, FitReport};
use crate::scorecard::{Scorecard, ScoredAccounts};

/// Fits weights for `scorecard` (the tuned rules) on the accounts at `rows` of `history`
/// (all of them when `None`), given their points `scored` under that scorecard.
pub fn fit_weights(
    history: &History,
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    rows: Option<&[u32]>,
    options: &FitOptions,
) -> Result<FitReport, FitError> {
    let Some(rows) = rows else {
        return fit_scored(history, scorecard, scored, options);
    };
    let pick = |row: &u32| *row as usize;
    let subset = History {
        source: history.source.clone(),
        ids: rows.iter().map(|r| history.ids[pick(r)].clone()).collect(),
        churned: rows.iter().map(|r| history.churned[pick(r)]).collect(),
        dates: history
            .dates
            .as_ref()
            .map(|dates| rows.iter().map(|r| dates[pick(r)]).collect()),
        ..History::default()
    };
    let points: Vec<NumericColumn> = scored.points.iter().map(|column| column.subset(rows)).collect();
    let scored = ScoredAccounts {
        scores: rows.iter().map(|r| scored.scores[pick(r)]).collect(),
        bands: rows.iter().map(|r| scored.bands[pick(r)]).collect(),
        profiles: rows.iter().map(|r| scored.profiles[pick(r)]).collect(),
        measure_names: scored.measure_names.clone(),
        points,
    };
    fit_scored(&subset, scorecard, &scored, options)
}
