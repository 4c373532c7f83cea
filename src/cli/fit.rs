//! `healthscore fit`: recommend weights from history, check them out of fold, and
//! optionally write them into a copy of the scorecard.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::progress::{note, Progress};
use super::DataArgs;
use crate::fit::model::logistic::SolverSettings;
use crate::fit::{fit, suggested_scorecard, CutoffRule, FitOptions, WriteHeader};
use crate::output::write_bytes_atomic;
use crate::present::fit::render;

/// Arguments of `healthscore fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The scorecard whose measures are fitted (TOML); its weights are the ones compared.
    #[arg(long, value_name = "FILE")]
    pub scorecard: PathBuf,
    /// Cross-validation folds (stratified by churn; an account's snapshots stay together).
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub folds: usize,
    /// Seed for the folds and the bootstrap.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Bootstrap resamples for an interval on each suggested weight (0 = none).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub bootstrap: usize,
    /// Also suggest band cutoffs; RULE picks the ones --write writes [default: current-shares]
    #[arg(long, value_name = "RULE", num_args = 0..=1, default_missing_value = "current-shares", value_enum)]
    pub cutoffs: Option<CutoffArg>,
    /// Write the suggested scorecard: the input file with only weights (and cutoffs) changed.
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
    /// Also write the full results as JSON (schema in docs/json-schema.md).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Newton steps before linfa-logistic's L-BFGS takes over (0 = L-BFGS alone; benchmarks).
    #[arg(long, default_value_t = 4, value_name = "N", hide = true)]
    pub newton_steps: usize,
}

/// How `--cutoffs` places the written cutoffs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CutoffArg {
    /// Each band keeps the share of accounts it has under the current scorecard.
    CurrentShares,
    /// Each band holds the same share of accounts.
    EqualShares,
    /// Cutoffs where the calibrated churn probability crosses 2× and ½× the overall rate.
    ChurnTargets,
}

impl From<CutoffArg> for CutoffRule {
    fn from(arg: CutoffArg) -> Self {
        match arg {
            CutoffArg::CurrentShares => CutoffRule::CurrentShares,
            CutoffArg::EqualShares => CutoffRule::EqualShares,
            CutoffArg::ChurnTargets => CutoffRule::ChurnTargets,
        }
    }
}

/// Runs `healthscore fit`.
pub fn run(args: &FitArgs) -> super::Result<()> {
    super::refuse_write_and_json_overwrites(
        &args.data.data,
        &args.scorecard,
        args.write.as_deref(),
        args.json.as_deref(),
    )?;
    let options = FitOptions {
        folds: args.folds,
        seed: args.seed,
        bootstrap: args.bootstrap,
        cutoffs: args.cutoffs.map(CutoffRule::from),
        solver: SolverSettings {
            newton_steps: args.newton_steps,
            ..SolverSettings::default()
        },
        ..FitOptions::default()
    };
    options.check()?;
    let (scorecard, history) = super::load_scorecard_and_history(&args.data, &args.scorecard)?;
    let fitting = Instant::now();
    let working = Progress::spinner("fitting", false);
    let report = fit(&history, &scorecard, &options)?;
    working.finish();
    for t in &report.timings {
        note(format!(
            "profile '{}': {} took {:.2} s",
            t.profile, t.phase, t.seconds
        ));
    }
    note(format!("fitted in {:.2} s", fitting.elapsed().as_secs_f64()));
    print!("{}", render(&report, history.distinct_accounts()));
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(json) = &args.json {
        super::write_json(json, &report)?;
    }
    if let Some(out) = &args.write {
        let original = std::fs::read_to_string(&args.scorecard)
            .with_context(|| format!("{}: cannot read", args.scorecard.display()))?;
        let header = WriteHeader {
            date: super::today(),
            data: args.data.data.display().to_string(),
        };
        let text = suggested_scorecard(&original, &scorecard, &report, &header)?;
        write_bytes_atomic(out, text.as_bytes())
            .with_context(|| format!("{}: cannot write", out.display()))?;
        println!("\nwrote the suggested scorecard to {}", out.display());
    }
    Ok(())
}
