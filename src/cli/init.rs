//! `healthscore init`: draft a starting scorecard from a raw history.

use std::path::PathBuf;

use anyhow::{anyhow, Context};
use clap::Args;

use super::inspect::profile_file;
use super::progress;
use super::{refuse_overwrite, DataArgs, UsageError};
use crate::init::{draft, scorecard_text, DraftScoring, InitOptions};
use crate::inspect::{ColumnType, InspectReport};
use crate::output::write_bytes_atomic;
use crate::scorecard::parse_scorecard;

/// Arguments of `healthscore init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Scorecard file to write (TOML); an existing file is kept unless --force.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// At most this many measures.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub max_measures: usize,
    /// Overwrite --out if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The date column to suggest for validate: `--date` if given, else a complete, unflagged
/// date column (several snapshots per account need one).
fn date_hint<'a>(data: &'a DataArgs, report: &'a InspectReport) -> Option<&'a str> {
    data.date.as_deref().or_else(|| {
        report
            .columns
            .iter()
            .find(|c| c.column_type == ColumnType::Date && c.counts.missing == 0 && c.flags.is_empty())
            .map(|c| c.name.as_str())
    })
}

/// Runs `healthscore init`.
pub fn run(args: &InitArgs) -> super::Result<()> {
    if args.max_measures < 1 {
        return Err(UsageError::TooSmall {
            flag: "--max-measures",
            minimum: 1,
            value: args.max_measures,
        }
        .into());
    }
    refuse_overwrite("--out", &args.out, &args.data.data, "data file")?;
    if args.out.exists() && !args.force {
        return Err(UsageError::OutputExists {
            flag: "--out",
            out: args.out.clone(),
        }
        .into());
    }
    let (_, report) = profile_file(&args.data.data, &args.data.roles())?;
    let options = InitOptions {
        max_measures: args.max_measures,
        ..InitOptions::default()
    };
    let draft = draft(&report, &options)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    let text = scorecard_text(&draft);
    // The draft must be a valid scorecard; if not, that is a bug here, not the user's input.
    parse_scorecard(&text, &args.out)
        .map_err(|e| anyhow!("internal error: the drafted scorecard is invalid: {e}"))?;
    write_bytes_atomic(&args.out, text.as_bytes())
        .with_context(|| format!("{}: cannot write", args.out.display()))?;
    for left in &draft.left_out {
        progress::note(format_args!("left out {}: {}", left.column, left.reason));
    }
    let measures: Vec<String> = draft
        .measures
        .iter()
        .map(|m| match &m.scoring {
            DraftScoring::Linear { direction, .. } => {
                format!("{} (linear, {})", m.column, direction.as_str())
            }
            DraftScoring::Categories { points, .. } => {
                format!("{} (categories, {} values)", m.column, points.len())
            }
        })
        .collect();
    println!(
        "wrote {} with {} measures, equal weights: {}",
        args.out.display(),
        draft.measures.len(),
        measures.join(", ")
    );
    println!(
        "{} columns left out (reasons in the file's comments). Check it with:\n  healthscore validate --data {}{} --scorecard {}",
        draft.left_out.len(),
        args.data.data.display(),
        date_hint(&args.data, &report).map(|d| format!(" --date {d}")).unwrap_or_default(),
        args.out.display()
    );
    Ok(())
}
