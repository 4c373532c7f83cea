//! The command line: argument structs (clap) and one module per subcommand.
//!
//! Each subcommand turns its raw arguments into library calls and prints results; the
//! engine never sees clap. Errors in what the user gave (data, scorecards, flags) exit with
//! status 2, anything else with 1.

pub mod report;
pub mod score;
pub mod simulate;
pub mod validate;

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::data::{ColumnRoles, DataError};
use crate::report::ReportError;
use crate::scorecard::{ApplyError, ScorecardError};

/// Validate and backtest customer-health scorecards against churn history.
#[derive(Debug, Parser)]
#[command(name = "healthscore", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score every account with a scorecard: score, band, profile and points per measure.
    #[command(
        after_help = "Example:\n  healthscore score --data notebooks-data/sample_history.csv \\\n      --scorecard configs/current.toml --out scored.csv"
    )]
    Score(score::ScoreArgs),
    /// Simulate a SaaS account history with a known hidden truth (and write the truth).
    #[command(
        after_help = "Example:\n  healthscore simulate --accounts 5000 --periods 4 --seed 7 --out history.csv"
    )]
    Simulate(simulate::SimulateArgs),
    /// Measure how well each candidate scorecard separates churners, and compare them.
    #[command(
        after_help = "Example:\n  healthscore validate --data notebooks-data/sample_history.csv --date snapshot_date \\\n      --segment segment --scorecard configs/current.toml --scorecard configs/usage-heavy.toml \\\n      --bootstrap 1000 --json validate.json"
    )]
    Validate(validate::ValidateArgs),
    /// Write the comparison report (HTML, Markdown, JSON, PNG charts, scored accounts).
    #[command(
        after_help = "Example:\n  healthscore report --data notebooks-data/sample_history.csv --date snapshot_date \\\n      --segment segment --scorecard configs/current.toml --scorecard configs/usage-heavy.toml \\\n      --out reports/sample"
    )]
    Report(report::ReportArgs),
}

/// Where the history is and which columns play which role.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// History file (.csv or .parquet), one row per account (per snapshot).
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// Account id column.
    #[arg(long, default_value = "account_id", value_name = "COLUMN")]
    pub id: String,
    /// Churn outcome column: 1/0, true/false, yes/no or churned/retained.
    #[arg(long, default_value = "churned", value_name = "COLUMN")]
    pub outcome: String,
    /// Segment column, for per-segment views.
    #[arg(long, value_name = "COLUMN")]
    pub segment: Option<String>,
    /// Snapshot date column (ISO dates).
    #[arg(long, value_name = "COLUMN")]
    pub date: Option<String>,
    /// Account value column (e.g. ARR), for revenue-weighted figures.
    #[arg(long, value_name = "COLUMN")]
    pub value: Option<String>,
}

impl DataArgs {
    /// The column roles these flags name.
    pub fn roles(&self) -> ColumnRoles {
        ColumnRoles {
            id: self.id.clone(),
            outcome: self.outcome.clone(),
            segment: self.segment.clone(),
            date: self.date.clone(),
            value: self.value.clone(),
        }
    }
}

/// A mistake in the command line itself (as opposed to the files it names).
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("{flag} {} is the input {what}; choose another file so the input is never overwritten", out.display())]
    OutputIsInput {
        flag: &'static str,
        out: PathBuf,
        what: &'static str,
    },
    #[error("--out {}: expected a .csv or .parquet file name", out.display())]
    OutputFormat { out: PathBuf },
    #[error("{flag} must be at least {minimum}, got {value}")]
    TooSmall {
        flag: &'static str,
        minimum: usize,
        value: usize,
    },
    #[error("{flag}: expected an ISO date like 2025-01-01, got '{value}'")]
    BadDate { flag: &'static str, value: String },
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Score(args) => score::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Report(args) => report::run(&args),
    }
}

/// Exit status for an error: 2 when the user's input is at fault, 1 otherwise.
pub fn exit_status(error: &anyhow::Error) -> i32 {
    let is_input = error.chain().any(|cause| {
        let report_input = cause.downcast_ref::<ReportError>().is_some_and(|e| {
            matches!(
                e,
                ReportError::NotAReportFolder { .. }
                    | ReportError::InputInsideOutput { .. }
                    | ReportError::Data(_)
            )
        });
        report_input
            || cause.is::<DataError>()
            || cause.is::<ScorecardError>()
            || cause.is::<ApplyError>()
            || cause.is::<UsageError>()
    });
    if is_input {
        2
    } else {
        1
    }
}

/// Fails when `out` names the same file as `input` (even through another path).
pub fn refuse_overwrite(
    flag: &'static str,
    out: &Path,
    input: &Path,
    what: &'static str,
) -> Result<(), UsageError> {
    let same = match (std::fs::canonicalize(input), crate::output::canonical_target(out)) {
        (Ok(input), Some(out)) => input == out,
        _ => out == input,
    };
    if same {
        return Err(UsageError::OutputIsInput {
            flag,
            out: out.to_path_buf(),
            what,
        });
    }
    Ok(())
}
