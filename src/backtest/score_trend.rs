//! The trend test period by period: in each period, whether a score's change since the
//! account's previous snapshot predicts churn beyond the score itself ([`crate::trend`]).
//!
//! The backtest reads one period at a time, but an account's previous snapshot usually lies
//! in an earlier period (always, with one snapshot date per period). So each candidate keeps
//! every account's latest snapshot (date and score) from the periods read so far; within a
//! period, the period's rows are sorted once by (account, date) for all candidates
//! ([`snapshot_order`]), and a row's previous snapshot is the row before it of the same
//! account, else the account's latest from earlier periods.

use serde::Serialize;

use super::period_stats::PeriodRow;
use super::{BacktestOptions, PeriodData};
use crate::data::stream::PeriodRows;
use crate::fit::model::folds::stratified_folds;
use crate::judgement::{judge_trend, TrendReading};
use crate::trend::{test_pairs, SnapshotPairs};
use crate::validate::TrendTest;

/// Folds of each period's out-of-fold AUC.
const FOLDS: usize = 5;

/// The period's rows (positions in `rows`) sorted by (account, date): one sort per period,
/// shared by every candidate's [`ScoreTrendTracker::observe`].
pub fn snapshot_order(rows: &PeriodRows) -> Vec<u32> {
    let mut order: Vec<u32> = (0..rows.accounts.len() as u32).collect();
    order.sort_unstable_by_key(|&i| (rows.accounts[i as usize], rows.dates[i as usize]));
    order
}

/// Each row's fold (0..5) of the period's out-of-fold AUC ([`stratified_folds`] of its
/// accounts): one per period, shared by every candidate's [`ScoreTrendTracker::observe`].
/// Working it out takes about 700 MB at 10M rows (a map of the ids), so it is done as the
/// period begins, before any candidate's points are held.
pub fn trend_folds(data: &PeriodData, options: &BacktestOptions) -> Vec<u8> {
    let history = data.history;
    let folds = stratified_folds(&history.ids, &history.churned, FOLDS, options.fit.seed);
    folds.into_iter().map(|f| f as u8).collect()
}

/// One candidate's latest snapshot of every account seen so far, as two columns by account
/// number (12 bytes an account instead of an `Option<(i32, f64)>`'s 16: at 10M accounts and
/// three candidates, 360 MB kept from period to period instead of 480 MB).
#[derive(Debug, Default)]
pub struct ScoreTrendTracker {
    /// By account number: the latest snapshot's date (meaningless where the score is NaN).
    dates: Vec<i32>,
    /// By account number: the latest snapshot's score, NaN for an account not seen yet (a
    /// scored row's score is never NaN: `scorecard::apply` rejects one).
    scores: Vec<f64>,
}

impl ScoreTrendTracker {
    /// The trend test of the period in `data` with these `scores`, and the period's latest
    /// snapshots kept for the next. `order` is the period's [`snapshot_order`], `folds` its
    /// [`trend_folds`], `None` when the period is skipped (then there is no test).
    pub fn observe(
        &mut self,
        data: &PeriodData,
        order: &[u32],
        scores: &[f64],
        folds: Option<&[u8]>,
        confidence: f64,
    ) -> Option<TrendTest> {
        let rows = data.rows;
        let mut pairs = SnapshotPairs::default();
        for (position, i) in order.iter().map(|&i| i as usize).enumerate() {
            let account = rows.accounts[i];
            let before_in_period = position
                .checked_sub(1)
                .map(|p| order[p] as usize)
                .filter(|&b| rows.accounts[b] == account)
                .map(|b| scores[b]);
            let before = before_in_period.or_else(|| self.latest(account).map(|(_, score)| score));
            if let Some(before) = before {
                pairs.rows.push(i);
                pairs.level.push(scores[i]);
                pairs.change.push(scores[i] - before);
                pairs.churned.push(data.history.churned[i]);
            }
        }
        for i in order.iter().map(|&i| i as usize) {
            self.keep(rows.accounts[i], rows.dates[i], scores[i]);
        }
        let fold_of_row = folds?;
        let folds: Vec<usize> = pairs.rows.iter().map(|&i| usize::from(fold_of_row[i])).collect();
        Some(test_pairs(&pairs, &folds, confidence))
    }

    fn latest(&self, account: u32) -> Option<(i32, f64)> {
        let index = account as usize;
        let score = *self.scores.get(index)?;
        (!score.is_nan()).then(|| (self.dates[index], score))
    }

    /// Keeps the snapshot when it is the account's latest so far.
    fn keep(&mut self, account: u32, date: i32, score: f64) {
        let index = account as usize;
        if index >= self.scores.len() {
            self.dates.resize(index + 1, 0);
            self.scores.resize(index + 1, f64::NAN);
        }
        if self.latest(account).is_none_or(|(kept, _)| kept <= date) {
            self.dates[index] = date;
            self.scores[index] = score;
        }
    }
}

/// One candidate's trend tests over the periods (the JSON `score_trend`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreTrendSummary {
    pub scorecard: String,
    /// Periods with a trend test that could be run.
    pub periods_tested: usize,
    /// Periods where a falling score warned of churn beyond its level.
    pub falling_warns: Vec<String>,
    /// Periods where a rising score went with more churn at the same level.
    pub rising_warns: Vec<String>,
    /// The answer across periods in plain words.
    pub verdict: String,
}

/// Each candidate's [`ScoreTrendSummary`] from the periods' trend tests.
pub fn summaries(periods: &[PeriodRow], names: &[String]) -> Vec<ScoreTrendSummary> {
    names
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let mut summary = ScoreTrendSummary {
                scorecard: name.clone(),
                periods_tested: 0,
                falling_warns: Vec::new(),
                rising_warns: Vec::new(),
                verdict: String::new(),
            };
            for period in periods {
                let Some(test) = period.scorecards.get(c).and_then(|s| s.trend.as_ref()) else {
                    continue;
                };
                let (Some(coefficient), Some(p_value)) = (test.change_coefficient, test.p_value) else {
                    continue;
                };
                summary.periods_tested += 1;
                match judge_trend(coefficient, p_value) {
                    TrendReading::FallingWarns => summary.falling_warns.push(period.label.clone()),
                    TrendReading::RisingWarns => summary.rising_warns.push(period.label.clone()),
                    TrendReading::NothingAdded => {}
                }
            }
            summary.verdict = across_periods(&summary);
            summary
        })
        .collect()
}

/// "A falling score warned of churn beyond its level in 2 of 3 tested periods (2025-Q2,
/// 2025-Q3)", and so on.
fn across_periods(summary: &ScoreTrendSummary) -> String {
    let tested = summary.periods_tested;
    if tested == 0 {
        return "the trend could not be tested in any period".to_string();
    }
    let list = |labels: &[String]| labels.join(", ");
    let falling = summary.falling_warns.len();
    let rising = summary.rising_warns.len();
    let mut parts = Vec::new();
    if falling > 0 {
        parts.push(format!(
            "a falling score warned of churn beyond its level in {falling} of {tested} tested periods ({})",
            list(&summary.falling_warns)
        ));
    }
    if rising > 0 {
        parts.push(format!(
            "a rising score went with more churn at the same score in {rising} of {tested} tested periods ({})",
            list(&summary.rising_warns)
        ));
    }
    if parts.is_empty() {
        return format!(
            "the trend added nothing the score did not already say in any of {tested} tested periods"
        );
    }
    parts.join("; ")
}
