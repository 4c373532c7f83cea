//! The command line: argument structs (clap) and one module per subcommand.
//!
//! Each subcommand turns its raw arguments into library calls and prints results; the
//! engine never sees clap. Errors in what the user gave (data, scorecards, flags) exit with
//! status 2, anything else with 1.

pub mod backtest;
pub mod completions;
mod error;
pub mod fit;
mod flags;
pub mod init;
pub mod inspect;
pub mod progress;
pub mod report;
pub mod score;
pub mod simulate;
pub mod tune;
pub mod validate;

use std::path::{Path, PathBuf};

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::data::{ColumnRoles, History};
use crate::scorecard::{add_change_columns, check_change_dates, Scorecard};

pub use error::{Failure, Result, UsageError};

/// The version `--version` prints: the crate version and the git commit it was built from.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("HEALTHSCORE_GIT_COMMIT"),
    ")"
);

/// Validate and backtest customer-health scorecards against churn history.
#[derive(Debug, Parser)]
#[command(
    name = "healthscore",
    version = VERSION,
    about,
    propagate_version = true,
    after_help = "Start here:\n  healthscore inspect --data history.csv          # what is in the export\n  healthscore init --data history.csv --out configs/draft.toml\n  healthscore validate --data history.csv --scorecard configs/draft.toml\n\nResults go to stdout; progress, notes and warnings to stderr. Exit status: 0 success,\n2 bad input (data, scorecard or flags), 1 internal error."
)]
pub struct Cli {
    /// More detail on stderr (timings, what was left out and why).
    #[arg(short, long, global = true, action = ArgAction::Count, display_order = 900)]
    pub verbose: u8,
    /// No progress bars or notes on stderr; warnings and errors still show.
    #[arg(short, long, global = true, display_order = 901)]
    pub quiet: bool,
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
    /// Recommend weights from history: logistic regression, cross-validated, checked out of fold.
    #[command(
        after_help = "Example:\n  healthscore fit --data notebooks-data/sample_history.csv --date snapshot_date \\\n      --scorecard configs/current.toml --bootstrap 200 --cutoffs \\\n      --write configs/suggested.toml --json fit.json"
    )]
    Fit(fit::FitArgs),
    /// Suggest each measure's thresholds (or min/max, category points) from history, with weights refitted.
    #[command(
        after_help = "Example:\n  healthscore tune --data notebooks-data/sample_history.csv --date snapshot_date \\\n      --scorecard configs/current.toml --write configs/tuned.toml --json tune.json"
    )]
    Tune(tune::TuneArgs),
    /// Write the comparison report (HTML, Markdown, JSON, PNG charts, scored accounts).
    #[command(
        after_help = "Example:\n  healthscore report --data notebooks-data/sample_history.csv --date snapshot_date \\\n      --segment segment --scorecard configs/current.toml --scorecard configs/usage-heavy.toml \\\n      --out reports/sample"
    )]
    Report(report::ReportArgs),
    /// Backtest candidates over time: per-period AUC, stability, band migration, lead time, walk-forward fit.
    #[command(
        after_help = "Example:\n  healthscore backtest --data notebooks-data/sample_history.csv --date snapshot_date \\\n      --outcome-date churn_date --scorecard configs/current.toml \\\n      --scorecard configs/usage-heavy.toml --json backtest.json"
    )]
    Backtest(backtest::BacktestArgs),
    /// Profile every column of a history: type, missing, spread, and signal against churn.
    #[command(
        after_help = "Flags possible leaks (AUC alone >= 0.95, equal to the outcome, or filled only for one outcome),\nnear-duplicate columns (|Spearman| >= 0.9), constant and id-like columns.\n\nExample:\n  healthscore inspect --data notebooks-data/sample_history.csv --json inspect.json"
    )]
    Inspect(inspect::InspectArgs),
    /// Draft a starting scorecard from the strongest columns of a history.
    #[command(
        after_help = "The file explains every choice in comments; edit it, then validate it.\n\nExample:\n  healthscore init --data notebooks-data/sample_history.csv --out configs/draft.toml\n  healthscore validate --data notebooks-data/sample_history.csv --date snapshot_date \\\n      --scorecard configs/draft.toml"
    )]
    Init(init::InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(
        after_help = "Example:\n  healthscore completions bash > ~/.local/share/bash-completion/completions/healthscore"
    )]
    Completions(completions::CompletionsArgs),
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
            expansion: None,
        }
    }
}

/// The expansion outcome, for the commands that check scores against it too.
#[derive(Debug, Clone, Args)]
pub struct ExpansionArgs {
    /// Expansion outcome column (1/0, true/false, yes/no): do higher scores find the accounts
    /// that grew? A churned account with an empty cell counts as not expanded.
    #[arg(long, value_name = "COLUMN")]
    pub expansion: Option<String>,
}

impl ExpansionArgs {
    /// The column roles of `data` with the expansion outcome added.
    pub fn roles(&self, data: &DataArgs) -> ColumnRoles {
        ColumnRoles {
            expansion: self.expansion.clone(),
            ..data.roles()
        }
    }
}

/// How the Parquet output is compressed (`--parquet-compression`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ParquetCodec {
    /// Snappy: pandas' and pyarrow's default, fast and readable everywhere.
    Snappy,
    /// Zstandard (the default): the smallest file, the slowest to write.
    Zstd,
    /// LZ4: about as fast as Snappy.
    Lz4,
    /// No compression.
    None,
}

impl From<ParquetCodec> for crate::data::ParquetCompression {
    fn from(codec: ParquetCodec) -> Self {
        match codec {
            ParquetCodec::Snappy => crate::data::ParquetCompression::Snappy,
            ParquetCodec::Zstd => crate::data::ParquetCompression::Zstd,
            ParquetCodec::Lz4 => crate::data::ParquetCompression::Lz4,
            ParquetCodec::None => crate::data::ParquetCompression::None,
        }
    }
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<()> {
    progress::configure(cli.quiet, cli.verbose);
    let result = match cli.command {
        Command::Score(args) => score::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Fit(args) => fit::run(&args),
        Command::Tune(args) => tune::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Backtest(args) => backtest::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Completions(args) => completions::run(&args),
    };
    result.map_err(flags::name_flags)
}

/// Exit status for an error: 2 when the user's input is at fault, 1 otherwise.
pub fn exit_status(error: &Failure) -> i32 {
    if error.is_input() {
        2
    } else {
        1
    }
}

/// Refuses change measures without `--date`, before the history is read.
pub fn check_changes(data: &DataArgs, scorecards: &[&Scorecard]) -> Result<()> {
    check_change_dates(scorecards, data.date.is_some())?;
    Ok(())
}

/// Adds the change columns the scorecards' change measures read (nothing without one), and
/// says on stderr (unless `--quiet`) how many changes were taken across a gap.
pub fn prepare_changes(history: &mut History, scorecards: &[&Scorecard]) -> Result<()> {
    let Some(gaps) = add_change_columns(history, scorecards)? else {
        return Ok(());
    };
    if gaps.snapshots > 0 && !progress::quiet() {
        eprintln!("note: {}", crate::present::change_gaps(&gaps));
    }
    Ok(())
}

/// The scorecard at `path` and the history it reads from `data`, with its change columns,
/// behind a "reading …" spinner, noting how long the read took: how `fit` and `tune` start.
pub fn load_scorecard_and_history(data: &DataArgs, path: &Path) -> Result<(Scorecard, History)> {
    let scorecard = crate::scorecard::load_scorecard(path)?;
    check_changes(data, &[&scorecard])?;
    let started = std::time::Instant::now();
    let reading = progress::Progress::spinner(&format!("reading {}", data.data.display()), false);
    let mut history = crate::data::load_history(&data.data, &data.roles(), &scorecard.column_needs())?;
    reading.finish();
    prepare_changes(&mut history, &[&scorecard])?;
    progress::note(format!(
        "read {} rows in {:.2} s",
        history.len(),
        started.elapsed().as_secs_f64()
    ));
    Ok((scorecard, history))
}

/// Today's date (UTC), or the day of `SOURCE_DATE_EPOCH` when set, for reproducible files:
/// the date written into the header of a suggested or tuned scorecard.
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    crate::data::dates::format_date((seconds / 86_400) as i32)
}

/// Writes `value` as pretty JSON (with a final line break) to `path`, atomically.
pub fn write_json(path: &Path, value: &impl serde::Serialize) -> anyhow::Result<()> {
    use anyhow::Context;
    let text = serde_json::to_string_pretty(value).context("serializing the results")?;
    crate::output::write_bytes_atomic(path, format!("{text}\n").as_bytes())
        .with_context(|| format!("{}: cannot write", path.display()))
}

/// Fails when `out` names the same file as `input` (even through another path).
pub fn refuse_overwrite(
    flag: &'static str,
    out: &Path,
    input: &Path,
    what: &'static str,
) -> std::result::Result<(), UsageError> {
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

/// Refuses a `--write` or `--json` file that is the data file, the scorecard or the other
/// output: what `fit` and `tune` check before reading anything.
pub fn refuse_write_and_json_overwrites(
    data: &Path,
    scorecard: &Path,
    write: Option<&Path>,
    json: Option<&Path>,
) -> std::result::Result<(), UsageError> {
    for (flag, out) in [("--write", write), ("--json", json)] {
        if let Some(out) = out {
            refuse_overwrite(flag, out, data, "data file")?;
            refuse_overwrite(flag, out, scorecard, "scorecard")?;
        }
    }
    if let (Some(json), Some(write)) = (json, write) {
        refuse_overwrite("--json", json, write, "file named by --write")?;
    }
    Ok(())
}
