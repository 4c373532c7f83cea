//! `healthscore score`: every account with its score, band, profile and points.

use std::path::PathBuf;

use clap::Args;

use super::{refuse_overwrite, DataArgs, ParquetCodec, UsageError};
use crate::data::{load_history, write_table, FileFormat};
use crate::present::rows_of_accounts;
use crate::scorecard::{apply, load_scorecard, scored_table, ScoredColumns};

/// Arguments of `healthscore score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Scorecard file (TOML).
    #[arg(long, value_name = "FILE")]
    pub scorecard: PathBuf,
    /// Output file (.csv or .parquet); never the input.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Compression of a Parquet output (the content is the same with each).
    #[arg(long, value_enum, default_value_t = ParquetCodec::Zstd, value_name = "CODEC")]
    pub parquet_compression: ParquetCodec,
}

/// Runs `healthscore score`.
pub fn run(args: &ScoreArgs) -> super::Result<()> {
    if FileFormat::of(&args.out).is_none() {
        return Err(UsageError::OutputFormat {
            out: args.out.clone(),
        }
        .into());
    }
    refuse_overwrite("--out", &args.out, &args.data.data, "data file")?;
    refuse_overwrite("--out", &args.out, &args.scorecard, "scorecard")?;
    let scorecard = load_scorecard(&args.scorecard)?;
    let mut clock = std::time::Instant::now();
    super::check_changes(&args.data, &[&scorecard])?;
    let mut history = load_history(&args.data.data, &args.data.roles(), &scorecard.column_needs())?;
    super::prepare_changes(&mut history, &[&scorecard])?;
    crate::timing::lap("read the history", &mut clock);
    let scored = apply(&scorecard, &history)?;
    crate::timing::lap("score every account", &mut clock);
    let table = ScoredColumns {
        prefix: None,
        scorecard: &scorecard,
        scored: &scored,
    };
    let columns = scored_table(&history, false, &[table]);
    crate::timing::lap("explain every account and build the table", &mut clock);
    write_table(columns, history.len(), &args.out, args.parquet_compression.into())?;
    crate::timing::lap("write the table", &mut clock);
    println!(
        "scored {} with '{}' into {}",
        rows_of_accounts(history.len(), history.distinct_accounts()),
        scorecard.name,
        args.out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::scorecard::points_column_name;

    #[test]
    fn points_columns_are_snake_case() {
        assert_eq!(points_column_name("Seat utilization"), "points_seat_utilization");
        assert_eq!(points_column_name("NPS (last 90d)"), "points_nps_last_90d");
    }
}
