//! `healthscore simulate`: write a synthetic history and its hidden truth.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use super::UsageError;
use crate::data::{dates::parse_iso_date, write_frame, FileFormat};
use crate::output::write_bytes_atomic;
use crate::simulate::{history_frame, simulate, SimulationSpec};

/// Arguments of `healthscore simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Accounts per quarter (churned accounts are replaced by new ones).
    #[arg(long, default_value_t = 5000)]
    pub accounts: usize,
    /// Number of quarterly snapshots.
    #[arg(long, default_value_t = 4)]
    pub periods: usize,
    /// Random seed: the same seed gives the same bytes.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Date of the first snapshot.
    #[arg(long, default_value = "2025-01-01", value_name = "DATE")]
    pub start: String,
    /// Output history (.csv or .parquet); the truth goes beside it as NAME.truth.json.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// The truth file written beside a simulated history: `history.csv` → `history.truth.json`.
pub fn truth_path(out: &Path) -> PathBuf {
    out.with_extension("truth.json")
}

/// Runs `healthscore simulate`.
pub fn run(args: &SimulateArgs) -> super::Result<()> {
    if FileFormat::of(&args.out).is_none() {
        return Err(UsageError::OutputFormat {
            out: args.out.clone(),
        }
        .into());
    }
    for (flag, value) in [("--accounts", args.accounts), ("--periods", args.periods)] {
        if value < 1 {
            return Err(UsageError::TooSmall {
                flag,
                minimum: 1,
                value,
            }
            .into());
        }
    }
    let start = parse_iso_date(&args.start).ok_or_else(|| UsageError::BadDate {
        flag: "--start",
        value: args.start.clone(),
    })?;
    let spec = SimulationSpec {
        accounts: args.accounts,
        periods: args.periods,
        seed: args.seed,
        start,
    };
    let (rows, truth) = simulate(&spec);
    let mut frame = history_frame(&rows).context("building the simulated table")?;
    write_frame(&mut frame, &args.out)?;
    let truth_file = truth_path(&args.out);
    let json = serde_json::to_string_pretty(&truth).context("serializing the truth")?;
    write_bytes_atomic(&truth_file, format!("{json}\n").as_bytes())
        .with_context(|| format!("{}: cannot write", truth_file.display()))?;
    println!(
        "wrote {} rows ({} churned) to {} and the hidden truth to {}",
        truth.rows,
        truth.churned_rows,
        args.out.display(),
        truth_file.display()
    );
    Ok(())
}
