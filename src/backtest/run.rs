//! Runs a backtest period by period: loads each period's rows from a [`PeriodSource`],
//! scores every candidate on them and hands the scores to the [`Backtester`]'s views.

use super::engine::Backtester;
use super::timeline::Timeline;
use super::{BacktestError, BacktestOptions, BacktestReport, PeriodData, PeriodRows};
use crate::data::History;
use crate::scorecard::{apply_reusing, ApplyError, Scorecard, ScoredAccounts};

/// Where the periods come from: a period's rows as a history (with the measure columns),
/// and a scoring error's rows renamed to the history's.
pub trait PeriodSource {
    /// The rows `rows` (of period `period`) as a history.
    fn load(&mut self, period: usize, rows: &PeriodRows) -> Result<History, BacktestError>;
    /// `error` from scoring the period's rows, with rows counted in the whole history.
    fn relocate(&self, error: ApplyError, rows: &[u32]) -> ApplyError;
    /// Called as each period starts (for progress displays).
    fn starting(&mut self, _period: usize) {}
}

/// Runs the whole backtest: the base period first, then every period in order. A period's
/// candidates are all scored first, sharing the points columns they score alike (as
/// `validate` does), so that the history's measure columns can be dropped before any view
/// is added; then each candidate is added in turn and its scores dropped.
pub fn run_periods(
    timeline: &Timeline,
    scorecards: &[Scorecard],
    options: &BacktestOptions,
    source: &mut dyn PeriodSource,
) -> Result<BacktestReport, BacktestError> {
    let mut engine = Backtester::new(timeline, scorecards, options)?;
    let base = engine.base_period();
    // each period's rows are read back from the timeline when it comes, not held for all
    let score = |source: &dyn PeriodSource, rows: &PeriodRows, history: &History| {
        score_candidates(scorecards, history).map_err(|e| source.relocate(e, &rows.rows))
    };
    if base != 0 {
        let rows = timeline.period_rows(base)?;
        let history = source.load(base, &rows)?;
        for (c, scored) in score(source, &rows, &history)?.iter().enumerate() {
            engine.set_base(c, scored);
        }
    }
    for period in 0..timeline.periods.len() {
        source.starting(period);
        let rows = &timeline.period_rows(period)?;
        let history = source.load(period, rows)?;
        engine.begin_period(&PeriodData {
            period,
            rows,
            history: &history,
        });
        let candidates = score(source, rows, &history)?;
        // every candidate is scored: the measure columns are not read again
        let history = without_measures(history);
        let data = PeriodData {
            period,
            rows,
            history: &history,
        };
        engine.compare_on_expansion(&data, &candidates);
        for (c, scored) in candidates.into_iter().enumerate() {
            if period == base {
                engine.set_base(c, &scored);
            }
            engine.add_scores(&data, c, &scored)?;
        }
        drop(history);
        engine.end_period()?;
    }
    engine.finish()
}

/// Every candidate's scores on `history`, in order; a points column a candidate scores
/// alike to an earlier one is that one's, shared ([`apply_reusing`]).
fn score_candidates(scorecards: &[Scorecard], history: &History) -> Result<Vec<ScoredAccounts>, ApplyError> {
    let mut scored: Vec<ScoredAccounts> = Vec::with_capacity(scorecards.len());
    for scorecard in scorecards {
        let earlier: Vec<(&Scorecard, &ScoredAccounts)> = scorecards.iter().zip(&scored).collect();
        let candidate = apply_reusing(scorecard, history, &earlier)?;
        scored.push(candidate);
    }
    Ok(scored)
}

/// A period's history without its measure columns, which the engine does not read once
/// the period is scored: ids, outcomes, dates and values only.
fn without_measures(history: History) -> History {
    History {
        numeric: Default::default(),
        text: Default::default(),
        segment: None,
        ..history
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::data::NumericColumn;
    use crate::scorecard::{apply, parse_scorecard};

    fn usage_card(name: &str, weight: u32, max: u32) -> Scorecard {
        let text = format!(
            "name = \"{name}\"\n[[measures]]\nname = \"Usage\"\ncolumn = \"usage\"\nweight = {weight}\n\
             [measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = {max}\n\
             direction = \"higher_is_better\"\n"
        );
        parse_scorecard(&text, Path::new("card.toml")).unwrap()
    }

    #[test]
    fn a_periods_candidates_share_the_points_they_score_alike() {
        let mut history = History {
            ids: (0..4).map(|i| i.to_string()).collect(),
            churned: vec![true, false, false, true],
            ..History::default()
        };
        let usage = NumericColumn::from_nan_encoded(vec![1.0, 5.0, 4.0, 9.0]);
        history.numeric.insert("usage".into(), usage);
        // b weighs the same rule otherwise: shared; c scores it to another maximum: its own
        let cards = [
            usage_card("a", 1, 10),
            usage_card("b", 3, 10),
            usage_card("c", 1, 20),
        ];
        let scored = score_candidates(&cards, &history).unwrap();
        assert!(scored[1].points[0].shares_values_with(&scored[0].points[0]));
        assert!(!scored[2].points[0].shares_values_with(&scored[0].points[0]));
        for (card, scored) in cards.iter().zip(&scored) {
            assert_eq!(*scored, apply(card, &history).unwrap());
        }
    }
}
