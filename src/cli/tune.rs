//! `healthscore tune`: suggest each measure's scoring rule (thresholds, linear min/max,
//! category points, missing points) from history, refit the weights on them, check the
//! tuned scorecard out of fold, and optionally write it.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use super::progress::{note, Progress};
use super::DataArgs;
use crate::output::write_bytes_atomic;
use crate::present::tune::render;
use crate::tune::write::{tuned_scorecard, WriteHeader};
use crate::tune::{tune, TuneOptions};

/// Arguments of `healthscore tune`.
#[derive(Debug, Args)]
pub struct TuneArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The scorecard whose rules are tuned (TOML); it is the one compared.
    #[arg(long, value_name = "FILE")]
    pub scorecard: PathBuf,
    /// Cross-validation folds (stratified by churn; an account's snapshots stay together).
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub folds: usize,
    /// Seed for the folds.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Most bins per measure (at least 2).
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub max_bins: usize,
    /// Fewest accounts per bin, as a share of the accounts with a value (between 0 and 0.5).
    #[arg(long, default_value_t = 0.05, value_name = "SHARE")]
    pub min_bin_share: f64,
    /// Most accounts each weight refit sees (a seeded uniform sample of its training accounts; 0 = all).
    #[arg(long, default_value_t = 200_000, value_name = "N")]
    pub fit_rows: usize,
    /// Write the tuned scorecard: the input file with only rules, missing points and weights changed.
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
    /// Also write the full results as JSON (schema in docs/json-schema.md).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// Runs `healthscore tune`.
pub fn run(args: &TuneArgs) -> super::Result<()> {
    super::refuse_write_and_json_overwrites(
        &args.data.data,
        &args.scorecard,
        args.write.as_deref(),
        args.json.as_deref(),
    )?;
    let options = TuneOptions {
        folds: args.folds,
        seed: args.seed,
        max_bins: args.max_bins,
        min_bin_share: args.min_bin_share,
        fit_rows: args.fit_rows,
        ..TuneOptions::default()
    };
    options.check()?;
    let (scorecard, history) = super::load_scorecard_and_history(&args.data, &args.scorecard)?;
    let tuning = Instant::now();
    let working = Progress::spinner("tuning", false);
    let report = tune(&history, &scorecard, &options)?;
    working.finish();
    let t = report.times;
    note(format!(
        "tuned in {:.2} s: sorting {:.2} s, binning and rules ({} folds + final) {:.2} s, scoring {:.2} s, weight \
         refits {:.2} s",
        tuning.elapsed().as_secs_f64(),
        t.arrange,
        report.folds,
        t.rules,
        t.scoring,
        t.weights
    ));
    let text = match &args.write {
        Some(_) => {
            let original = std::fs::read_to_string(&args.scorecard)
                .with_context(|| format!("{}: cannot read", args.scorecard.display()))?;
            let header = WriteHeader {
                date: super::today(),
                data: args.data.data.display().to_string(),
            };
            Some(tuned_scorecard(&original, &scorecard, &report, &header)?)
        }
        None => None,
    };
    print!("{}", render(&report, history.distinct_accounts()));
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(json) = &args.json {
        super::write_json(json, &report)?;
    }
    if let (Some(out), Some(text)) = (&args.write, text) {
        write_bytes_atomic(out, text.as_bytes())
            .with_context(|| format!("{}: cannot write", out.display()))?;
        println!("\nwrote the tuned scorecard to {}", out.display());
    }
    Ok(())
}
