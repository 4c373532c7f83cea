//! Backtest: scorecards over time. Snapshots are grouped into calendar periods
//! ([`periods`]); for each candidate the backtest reports, per period, accounts, churn rate,
//! AUC with its DeLong interval and bands, and the AUC trend with significant drops
//! ([`period_stats`]); the stability of the score and of each measure's points against a
//! base period ([`stability`]); band migration between consecutive periods ([`migration`]);
//! with an outcome date, AUC by how long before the churn the snapshot was taken
//! ([`lead_time`]); and out-of-time validation of fitted weights ([`walk_forward`]).
//!
//! Each period is scored on its own (a `percentile` measure ranks an account among the
//! accounts of the same period) and the engine ([`Backtester`]) takes the periods one at a
//! time, so [`backtest_file`] can read a large history period by period. [`backtest`] does
//! the same from a history already in memory.

mod churn_dates;
mod engine;
mod error;
mod file;
pub mod fitted;
pub mod lead_time;
pub mod migration;
pub mod period_comparisons;
pub mod period_stats;
pub mod periods;
pub mod pooled;
mod run;
pub mod score_trend;
pub mod stability;
pub mod timeline;
mod training_spool;
pub mod walk_forward;

use serde::Serialize;

pub use engine::Backtester;
pub use error::BacktestError;
pub use file::{backtest_file, Stage};
pub use lead_time::LeadTimeReport;
pub use migration::MigrationReport;
pub use period_stats::{AucTrend, PeriodRow};
pub use periods::PeriodKind;
pub use run::PeriodSource;
pub use score_trend::ScoreTrendSummary;
pub use stability::StabilityReport;
pub use timeline::{Timeline, TimelineInput};
pub use walk_forward::WalkForwardReport;

pub use crate::data::stream::PeriodRows;

use crate::data::stream::account_numbers;
use crate::data::History;
use crate::fit::FitOptions;
use crate::scorecard::{ApplyError, ColumnKind, ColumnNeed, Scorecard};
use crate::validate::Candidate;

/// Settings of a backtest; the defaults are the CLI's.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestOptions {
    /// How snapshot dates are grouped (default calendar quarters).
    pub period: PeriodKind,
    /// Text column holding each churned account's churn date, for the lead-time view
    /// (default none: no lead-time view).
    pub outcome_date: Option<String>,
    /// Label of the period stability is measured against (default the first period).
    pub base_period: Option<String>,
    /// Level of every interval (default 0.95).
    pub confidence: f64,
    /// A period needs at least this many churned and retained accounts for an AUC (default
    /// 30); so does each lead-time bucket.
    pub min_class_count: usize,
    /// Equal-frequency bins of the base period for the PSI (default 10).
    pub psi_bins: usize,
    /// Whether to walk fitted weights forward (default true).
    pub walk_forward: bool,
    /// Most snapshots each period contributes to the walk-forward fits, a seeded sample
    /// (default 50,000).
    pub fit_rows_per_period: usize,
    /// Settings of each walk-forward fit; its seed also seeds the sampling (default
    /// [`FitOptions::default`]).
    pub fit: FitOptions,
}

impl Default for BacktestOptions {
    fn default() -> Self {
        BacktestOptions {
            period: PeriodKind::Quarter,
            outcome_date: None,
            base_period: None,
            confidence: 0.95,
            min_class_count: 30,
            psi_bins: 10,
            walk_forward: true,
            fit_rows_per_period: 50_000,
            fit: FitOptions::default(),
        }
    }
}

impl BacktestOptions {
    /// Checks every option, naming the first one out of range.
    pub fn check(&self) -> Result<(), BacktestError> {
        let bad = |option: &'static str, value: String, allowed: &'static str| {
            Err(BacktestError::BadOption {
                option,
                value,
                allowed,
            })
        };
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return bad(
                "confidence",
                self.confidence.to_string(),
                "strictly between 0 and 1",
            );
        }
        if self.min_class_count < 2 {
            return bad(
                "the churned and retained accounts a period needs",
                self.min_class_count.to_string(),
                "at least 2",
            );
        }
        if self.psi_bins < 2 {
            return bad("the PSI bins", self.psi_bins.to_string(), "at least 2");
        }
        if self.fit_rows_per_period == 0 {
            return bad("the training rows per period", "0".into(), "at least 1");
        }
        if self.walk_forward {
            self.fit.check().map_err(|e| BacktestError::BadOption {
                option: "walk-forward fit",
                value: e.to_string(),
                allowed: "valid fit settings",
            })?;
        }
        Ok(())
    }
}

/// One period handed to the engine: its rows.
#[derive(Debug, Clone, Copy)]
pub struct PeriodData<'a> {
    /// Index into the timeline's periods.
    pub period: usize,
    /// The period's rows in the history file (0-based), their accounts and dates, in the
    /// order of `history`.
    pub rows: &'a PeriodRows,
    /// The period's rows.
    pub history: &'a History,
}

/// The whole backtest, ready to print or serialize (the `--json` document; schema in
/// docs/json-schema.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestReport {
    /// The history file.
    pub data: String,
    /// `month`, `quarter` or `year`.
    pub period: PeriodKind,
    /// The period stability is measured against.
    pub base_period: String,
    pub confidence: f64,
    /// Seed of the walk-forward fits and their row samples.
    pub seed: u64,
    /// Candidate names, in command-line order.
    pub scorecards: Vec<String>,
    pub periods: Vec<PeriodRow>,
    pub trend: Vec<AucTrend>,
    /// Per candidate, the trend tests of the periods summed up.
    pub score_trend: Vec<ScoreTrendSummary>,
    pub psi: Vec<StabilityReport>,
    pub migration: Vec<MigrationReport>,
    /// `None` without an outcome date column.
    pub lead_time: Option<LeadTimeReport>,
    /// `None` when the walk-forward is turned off.
    pub walk_forward: Option<Vec<WalkForwardReport>>,
    pub warnings: Vec<String>,
}

/// The column need that loads an outcome date column as text, for [`backtest`].
pub fn outcome_date_need(column: &str) -> ColumnNeed {
    ColumnNeed {
        column: column.to_string(),
        kind: ColumnKind::Text,
        needed_by: "the outcome date".to_string(),
    }
}

/// Backtests every candidate on a history in memory (loaded with a date column, and with
/// the outcome date column as text when `options.outcome_date` names one — see
/// [`outcome_date_need`]).
///
/// Each period is scored afresh with the candidates' scorecards (so `percentile` measures
/// rank within the period); their pooled scores are not used.
///
/// Errors: [`BacktestError::NoDateColumn`], [`BacktestError::OutcomeDateNotLoaded`], the
/// timeline checks of [`Timeline::new`], option errors, and scoring errors naming the row.
pub fn backtest(
    history: &History,
    candidates: &[Candidate],
    options: &BacktestOptions,
) -> Result<BacktestReport, BacktestError> {
    let scorecards: Vec<Scorecard> = candidates.iter().map(|c| c.scorecard.clone()).collect();
    backtest_scorecards(history, &scorecards, options)
}

/// [`backtest`] for scorecards that have not been applied yet.
pub fn backtest_scorecards(
    history: &History,
    scorecards: &[Scorecard],
    options: &BacktestOptions,
) -> Result<BacktestReport, BacktestError> {
    let dates = history.dates.as_deref().ok_or(BacktestError::NoDateColumn)?;
    let churn = match &options.outcome_date {
        None => None,
        Some(column) => {
            let values = history
                .text
                .get(column)
                .ok_or_else(|| BacktestError::OutcomeDateNotLoaded {
                    column: column.clone(),
                })?;
            let cells = values
                .codes
                .iter()
                .map(|c| c.map(|c| values.levels[c as usize].as_str()));
            Some((
                column.as_str(),
                churn_dates::churn_days(cells, &history.source, column)?,
            ))
        }
    };
    let (accounts, count) = account_numbers(history.ids.iter().map(String::as_str));
    let input = TimelineInput {
        source: &history.source,
        accounts: (&accounts, count),
        id: &|row| history.ids[row].clone(),
        dates,
        churned: &history.churned,
        churn_dates: churn.as_ref().map(|(column, days)| (*column, days.as_slice())),
    };
    let timeline = Timeline::new(input, options.period)?;
    run::run_periods(&timeline, scorecards, options, &mut InMemory { history })
}

/// Periods cut from a history in memory.
struct InMemory<'a> {
    history: &'a History,
}

impl PeriodSource for InMemory<'_> {
    fn load(&mut self, _period: usize, rows: &PeriodRows) -> Result<History, BacktestError> {
        Ok(self.history.subset(&rows.rows))
    }

    fn relocate(&self, error: ApplyError, rows: &[u32]) -> ApplyError {
        error.in_rows(rows)
    }
}
