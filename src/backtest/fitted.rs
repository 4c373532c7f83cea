//! The walk-forward's boundary with the weight fit (`crate::fit::model`): fit suggested
//! weights on some scored rows, then score other rows with them exactly as a scorecard
//! would. Everything the walk-forward needs from the fit goes through these two functions.

use std::path::PathBuf;

use crate::data::{History, NumericColumn};
use crate::fit::model::weights::score_rows;
use crate::fit::model::{self, TrainingData};
use crate::fit::{FitError, FitOptions};
use crate::scorecard::{Scorecard, ScoredAccounts};

pub use crate::fit::model::FittedWeights;

/// Rows to fit on: account ids and outcomes, and the scorecard's points for them.
#[derive(Debug, Clone)]
pub struct TrainingRows {
    pub history: History,
    pub scored: ScoredAccounts,
}

impl TrainingRows {
    /// No rows yet, for a scorecard with these measure names.
    pub fn new(measure_names: Vec<String>) -> TrainingRows {
        TrainingRows {
            history: History {
                source: PathBuf::from("walk-forward training periods"),
                ..History::default()
            },
            scored: ScoredAccounts {
                scores: Vec::new(),
                bands: Vec::new(),
                profiles: Vec::new(),
                points: vec![NumericColumn::default(); measure_names.len()],
                measure_names,
            },
        }
    }
}

/// Fits suggested weights for `scorecard` on the training rows with the fit's weights-only
/// entry ([`crate::fit::model::fit_weights`]: logistic regression on the points,
/// cross-validated L2, measures that point the wrong way or cannot be told from zero
/// dropped) — the weights `healthscore fit` would suggest, without its report.
pub fn fit_weights(
    training: &TrainingRows,
    scorecard: &Scorecard,
    options: &FitOptions,
) -> Result<FittedWeights, FitError> {
    options.check()?;
    let data = TrainingData {
        ids: &training.history.ids,
        churned: &training.history.churned,
        profiles: &training.scored.profiles,
        measure_names: &training.scored.measure_names,
        points: &training.scored.points,
    };
    model::fit_weights(&data, &scorecard.profiles, &options.weights())
}

/// Scores every row of `scored` with the fitted weights instead of the scorecard's
/// ([`score_rows`]); `None` where the account has none of the measures that keep a weight.
pub fn score_with(
    weights: &FittedWeights,
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
) -> Vec<Option<f64>> {
    score_rows(&weights.profiles, scorecard, scored, 0..scored.scores.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::model::weights::ProfileWeights;
    use crate::scorecard::parse_scorecard;

    #[test]
    fn scores_follow_the_fitted_weights() {
        let card = parse_scorecard(
            "name = \"t\"\n\
             [[measures]]\nname = \"a\"\ncolumn = \"a\"\nweight = 1\n[measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n\
             [[measures]]\nname = \"b\"\ncolumn = \"b\"\nweight = 1\n[measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n",
            std::path::Path::new("t.toml"),
        )
        .unwrap();
        let scored = ScoredAccounts {
            scores: vec![50.0, 100.0],
            bands: vec![1, 2],
            profiles: vec![0, 0],
            measure_names: vec!["a".into(), "b".into()],
            points: vec![[Some(100.0), Some(100.0)].into(), [Some(0.0), None].into()],
        };
        let weights = FittedWeights {
            profiles: vec![ProfileWeights {
                measures: vec![25.0, 75.0],
                groups: Vec::new(),
            }],
            coefficients: Vec::new(),
            warnings: Vec::new(),
        };
        assert_eq!(
            score_with(&weights, &card, &scored),
            vec![Some(25.0), Some(100.0)]
        );
    }
}
