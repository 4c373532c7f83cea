//! `healthscore backtest`: every candidate over time — per-period AUC and bands, stability,
//! band migration, early-warning lead time and out-of-time validation of fitted weights.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::progress::{note, Progress};
use super::{refuse_overwrite, DataArgs, ExpansionArgs};
use crate::backtest::{backtest_file, BacktestOptions, PeriodKind, Stage};
use crate::fit::FitOptions;
use crate::present::backtest::render;
use crate::present::change_gaps;
use crate::scorecard::{load_scorecard, Scorecard};

/// Arguments of `healthscore backtest`.
#[derive(Debug, Args)]
pub struct BacktestArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub outcomes: ExpansionArgs,
    /// Candidate scorecard (TOML); repeat to backtest several on the same history.
    #[arg(long = "scorecard", value_name = "FILE", required = true)]
    pub scorecards: Vec<PathBuf>,
    /// How snapshot dates are grouped into periods (calendar months, quarters or years).
    #[arg(long, value_enum, default_value_t = PeriodArg::Quarter)]
    pub period: PeriodArg,
    /// Churn date column (ISO dates), for AUC by lead time before churn; an account's date
    /// may sit on any of its rows.
    #[arg(long, value_name = "COLUMN")]
    pub outcome_date: Option<String>,
    /// Period the stability index compares with, e.g. 2025-Q1 [default: the first period]
    #[arg(long, value_name = "PERIOD")]
    pub base: Option<String>,
    /// Also write the full results as JSON (schema in docs/json-schema.md).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Periods (and lead-time buckets) need at least N churned and N retained accounts for an AUC.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub min_class: usize,
    /// Most snapshots each period contributes to the walk-forward fits (a seeded sample).
    #[arg(long, default_value_t = 50_000, value_name = "N")]
    pub fit_rows: usize,
    /// Cross-validation folds of each walk-forward fit.
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub folds: usize,
    /// Seed of the walk-forward fits and their samples.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Skip the walk-forward of fitted weights.
    #[arg(long)]
    pub no_walk_forward: bool,
}

/// `--period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Month,
    Quarter,
    Year,
}

impl From<PeriodArg> for PeriodKind {
    fn from(arg: PeriodArg) -> Self {
        match arg {
            PeriodArg::Month => PeriodKind::Month,
            PeriodArg::Quarter => PeriodKind::Quarter,
            PeriodArg::Year => PeriodKind::Year,
        }
    }
}

impl BacktestArgs {
    fn options(&self) -> BacktestOptions {
        BacktestOptions {
            period: self.period.into(),
            outcome_date: self.outcome_date.clone(),
            base_period: self.base.clone(),
            min_class_count: self.min_class,
            walk_forward: !self.no_walk_forward,
            fit_rows_per_period: self.fit_rows,
            fit: FitOptions {
                folds: self.folds,
                seed: self.seed,
                ..FitOptions::default()
            },
            ..BacktestOptions::default()
        }
    }
}

/// Runs `healthscore backtest`.
pub fn run(args: &BacktestArgs) -> super::Result<()> {
    if let Some(json) = &args.json {
        refuse_overwrite("--json", json, &args.data.data, "data file")?;
        for scorecard in &args.scorecards {
            refuse_overwrite("--json", json, scorecard, "scorecard")?;
        }
    }
    let scorecards: Vec<Scorecard> = args
        .scorecards
        .iter()
        .map(|p| load_scorecard(p))
        .collect::<Result<_, _>>()?;
    let options = args.options();
    let started = std::time::Instant::now();
    let spinner = Progress::spinner("reading ids and dates", false);
    let mut progress = |stage: Stage| match stage {
        Stage::Timeline => {
            spinner.set_label(&format!("reading ids and dates of {}", args.data.data.display()))
        }
        Stage::Splitting { periods } => spinner.set_label(&format!("splitting into {periods} periods")),
        Stage::Period { index, count, label } => {
            spinner.set_label(&format!("period {label} ({}/{count})", index + 1))
        }
        Stage::WholeFile { reason } => note(format!("reading the whole file at once: {reason}")),
        Stage::ChangeGaps(gaps) if gaps.snapshots > 0 && !super::progress::quiet() => {
            eprintln!("note: {}", change_gaps(&gaps))
        }
        Stage::ChangeGaps(_) => {}
    };
    let report = backtest_file(
        &args.data.data,
        &args.outcomes.roles(&args.data),
        &scorecards,
        &options,
        &mut progress,
    )?;
    spinner.finish();
    note(format!("backtest took {:.1} s", started.elapsed().as_secs_f64()));
    print!("{}", render(&report));
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(json) = &args.json {
        super::write_json(json, &report)?;
    }
    Ok(())
}
