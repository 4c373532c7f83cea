//! The backtest engine: takes the periods one at a time, oldest first, and adds each
//! candidate's scores of a period to the views in turn, keeping only what the views across
//! periods need (the base period's distributions, the previous period's bands, each
//! snapshot's score for lead time, a sample of rows for the walk-forward fits). A history is
//! never held whole. A period's candidates are scored together, holding one points column
//! for the measures they score alike, and the history's measure columns are dropped before
//! the views are added.

use super::error::temporary_file;
use super::lead_time::{lead_time_warnings, LeadTimeCollector};
use super::migration::MigrationTracker;
use super::period_comparisons::compare_on_expansion;
use super::period_stats::{mark_changes, period_row, period_scorecard, trends, PeriodRow};
use super::score_trend::{snapshot_order, summaries, trend_folds, ScoreTrendTracker};
use super::stability::{stability_warnings, Baseline, PeriodStability, StabilityReport};
use super::timeline::Timeline;
use super::walk_forward::{TestPeriod, WalkForward};
use super::{BacktestError, BacktestOptions, BacktestReport, PeriodData};
use crate::scorecard::{Scorecard, ScoredAccounts};

/// A backtest in progress. For each period, oldest first: [`Backtester::begin_period`],
/// [`Backtester::compare_on_expansion`] with every candidate's scores, then
/// [`Backtester::add_scores`] for every candidate in order, then [`Backtester::end_period`];
/// [`Backtester::set_base`] for every candidate before the first.
pub struct Backtester<'a> {
    timeline: &'a Timeline,
    scorecards: &'a [Scorecard],
    options: &'a BacktestOptions,
    base: usize,
    baselines: Vec<Option<Baseline>>,
    rows: Vec<PeriodRow>,
    /// The period being added.
    current: Option<PeriodRow>,
    stability: Vec<Vec<PeriodStability>>,
    migration: Vec<MigrationTracker>,
    lead: Option<LeadTimeCollector>,
    walks: Vec<WalkForward>,
    score_trends: Vec<ScoreTrendTracker>,
    /// The period's rows by (account, date), for every candidate's trend test.
    snapshot_order: Vec<u32>,
    /// The period's rows' folds for every candidate's trend test; `None` when the period is
    /// skipped.
    trend_folds: Option<Vec<u8>>,
}

impl<'a> Backtester<'a> {
    /// Checks the options and finds the base period (`options.base_period`, default the
    /// first).
    pub fn new(
        timeline: &'a Timeline,
        scorecards: &'a [Scorecard],
        options: &'a BacktestOptions,
    ) -> Result<Self, BacktestError> {
        options.check()?;
        let base = match &options.base_period {
            None => 0,
            Some(label) => timeline
                .periods
                .iter()
                .position(|p| p.label == *label)
                .ok_or_else(|| {
                    let labels: Vec<&str> = timeline.periods.iter().map(|p| p.label.as_str()).collect();
                    BacktestError::UnknownBasePeriod {
                        label: label.clone(),
                        available: labels.join(", "),
                    }
                })?,
        };
        let bands = |s: &Scorecard| s.bands.iter().map(|b| b.name.clone()).collect();
        Ok(Backtester {
            timeline,
            scorecards,
            options,
            base,
            baselines: vec![None; scorecards.len()],
            rows: Vec::new(),
            current: None,
            stability: vec![Vec::new(); scorecards.len()],
            migration: scorecards
                .iter()
                .map(|s| MigrationTracker::new(bands(s)))
                .collect(),
            lead: timeline
                .outcome_date_column
                .as_ref()
                .map(|_| LeadTimeCollector::new(scorecards.len()))
                .transpose()
                .map_err(temporary_file("lead-time scores"))?,
            walks: scorecards
                .iter()
                .map(|s| WalkForward::new(s, options.fit_rows_per_period))
                .collect::<std::io::Result<_>>()
                .map_err(temporary_file("walk-forward training rows"))?,
            score_trends: scorecards.iter().map(|_| ScoreTrendTracker::default()).collect(),
            snapshot_order: Vec::new(),
            trend_folds: None,
        })
    }

    /// Index of the base period.
    pub fn base_period(&self) -> usize {
        self.base
    }

    /// Keeps candidate `candidate`'s score and points distributions in the base period.
    pub fn set_base(&mut self, candidate: usize, scored: &ScoredAccounts) {
        self.baselines[candidate] = Some(Baseline::new(scored, self.options.psi_bins));
    }

    /// Starts the next period (oldest first).
    pub fn begin_period(&mut self, data: &PeriodData) {
        let timeline = self.timeline;
        let period = &timeline.periods[data.period];
        let row = period_row(
            period,
            timeline.dates_per_period[data.period],
            data.history,
            self.options,
        );
        if let Some(lead) = &mut self.lead {
            lead.observe_rows(timeline, data.rows);
        }
        self.snapshot_order = snapshot_order(data.rows);
        self.trend_folds = row.skipped.is_none().then(|| trend_folds(data, self.options));
        self.current = Some(row);
    }

    /// With an expansion outcome, compares every candidate (`candidates`, in order) on it
    /// in the period begun last ([`compare_on_expansion`]); nothing without one.
    pub fn compare_on_expansion(&mut self, data: &PeriodData, candidates: &[ScoredAccounts]) {
        let (Some(row), Some(outcome)) = (&mut self.current, &data.history.expansion) else {
            return;
        };
        let candidates: Vec<(&str, &[f64])> = self
            .scorecards
            .iter()
            .zip(candidates)
            .map(|(s, scored)| (s.name.as_str(), scored.scores.as_slice()))
            .collect();
        row.comparisons = Some(compare_on_expansion(outcome, &candidates));
    }

    /// Adds candidate `candidate`'s scores on the period begun last to every view.
    ///
    /// Errors: [`BacktestError::TemporaryFile`].
    pub fn add_scores(
        &mut self,
        data: &PeriodData,
        candidate: usize,
        scored: &ScoredAccounts,
    ) -> Result<(), BacktestError> {
        let Some(row) = &mut self.current else {
            return Ok(());
        };
        let (scorecard, options) = (&self.scorecards[candidate], self.options);
        let mut period = period_scorecard(row, scorecard, scored, data.history, options);
        period.trend = self.score_trends[candidate].observe(
            data,
            &self.snapshot_order,
            &scored.scores,
            self.trend_folds.as_deref(),
            options.confidence,
        );
        row.scorecards.push(period);
        if let Some(baseline) = &self.baselines[candidate] {
            let compared = baseline.compare(&row.label, scored);
            self.stability[candidate].push(compared);
        }
        self.migration[candidate].observe(
            &row.label,
            &data.rows.accounts,
            &scored.bands,
            &data.history.churned,
        );
        if let Some(lead) = &mut self.lead {
            lead.observe_scores(candidate, &scored.scores)
                .map_err(temporary_file("lead-time scores"))?;
        }
        if options.walk_forward {
            let test = TestPeriod {
                label: &row.label,
                skipped: row.skipped.as_deref(),
                history: data.history,
                scored,
            };
            self.walks[candidate]
                .test_then_train(test, data.period, scorecard, &options.fit)
                .map_err(temporary_file("walk-forward training rows"))?;
        }
        Ok(())
    }

    /// Ends the period begun last; call it once the period's history and scores are
    /// dropped: it fits the walk-forward weights the next period will be tested with.
    ///
    /// Errors: [`BacktestError::TemporaryFile`].
    pub fn end_period(&mut self) -> Result<(), BacktestError> {
        let Some(row) = self.current.take() else {
            return Ok(());
        };
        self.rows.push(row);
        // the next period sorts and folds its own rows
        self.snapshot_order = Vec::new();
        self.trend_folds = None;
        for walk in &mut self.walks {
            walk.complete_test();
        }
        if self.options.walk_forward && self.rows.len() < self.timeline.periods.len() {
            for (walk, scorecard) in self.walks.iter_mut().zip(self.scorecards) {
                walk.fit_ahead(scorecard, &self.options.fit)
                    .map_err(temporary_file("walk-forward training rows"))?;
            }
        }
        Ok(())
    }

    /// Puts the views together.
    ///
    /// Errors: [`BacktestError::TemporaryFile`].
    pub fn finish(self) -> Result<BacktestReport, BacktestError> {
        let names: Vec<String> = self.scorecards.iter().map(|s| s.name.clone()).collect();
        let base_period = self.timeline.periods[self.base].label.clone();
        let mut periods = self.rows;
        mark_changes(&mut periods);
        let mut warnings = skipped_warnings(&periods);
        let psi: Vec<StabilityReport> = names
            .iter()
            .zip(self.stability)
            .map(|(name, periods)| StabilityReport {
                scorecard: name.clone(),
                base_period: base_period.clone(),
                bins: self.options.psi_bins,
                periods,
            })
            .collect();
        warnings.extend(psi.iter().flat_map(stability_warnings));
        // the walks' training rows and the baselines go before the lead-time AUCs
        let walk_forward = self.options.walk_forward.then(|| {
            let walks = names.iter().zip(self.walks);
            walks.map(|(name, walk)| walk.finish(name)).collect::<Vec<_>>()
        });
        drop(self.baselines);
        for walk in walk_forward.iter().flatten() {
            let unfitted = walk
                .splits
                .iter()
                .filter(|s| s.verdict.starts_with("not tested: cannot fit"));
            warnings.extend(unfitted.map(|s| {
                format!(
                    "{}: walk-forward {}: {}",
                    walk.scorecard, s.test_period, s.verdict
                )
            }));
        }
        let (confidence, min_class) = (self.options.confidence, self.options.min_class_count);
        let outcome_date = self.timeline.outcome_date_column.as_deref();
        let lead_time = self
            .lead
            .zip(outcome_date)
            .map(|(lead, column)| lead.finish(column, &names, confidence, min_class))
            .transpose()
            .map_err(temporary_file("lead-time scores"))?;
        if let Some(report) = &lead_time {
            warnings.extend(lead_time_warnings(report, min_class));
        }
        let migration = names
            .iter()
            .zip(self.migration)
            .map(|(name, m)| m.finish(name))
            .collect();
        Ok(BacktestReport {
            data: self.timeline.source.display().to_string(),
            period: self.timeline.kind,
            base_period,
            confidence,
            seed: self.options.fit.seed,
            trend: trends(&periods, &names),
            score_trend: summaries(&periods, &names),
            migration,
            scorecards: names,
            periods,
            psi,
            lead_time,
            walk_forward,
            warnings,
        })
    }
}

fn skipped_warnings(periods: &[PeriodRow]) -> Vec<String> {
    periods
        .iter()
        .filter_map(|p| {
            p.skipped.as_ref().map(|reason| {
                format!(
                    "period {} skipped for AUC, trend and walk-forward tests: it has {reason}; its scores still \
                     count for stability, band migration and lead time",
                    p.label
                )
            })
        })
        .collect()
}
