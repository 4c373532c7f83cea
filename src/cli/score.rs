//! `healthscore score`: every account with its score, band, profile and points.

use std::path::PathBuf;

use clap::Args;
use polars::prelude::{Column, DataFrame};

use super::{refuse_overwrite, DataArgs, UsageError};
use crate::data::{dates::format_date, load_history, write_frame, FileFormat, History};
use crate::present::{distinct_accounts, rows_of_accounts};
use crate::scorecard::{apply, load_scorecard, points_column_name, Scorecard, ScoredAccounts};

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
    let history = load_history(&args.data.data, &args.data.roles(), &scorecard.column_needs())?;
    let scored = apply(&scorecard, &history)?;
    let mut frame = scored_frame(&scorecard, &history, &scored)?;
    write_frame(&mut frame, &args.out)?;
    println!(
        "scored {} with '{}' into {}",
        rows_of_accounts(history.len(), distinct_accounts(&history.ids)),
        scorecard.name,
        args.out.display()
    );
    Ok(())
}

/// The scored table: id, [snapshot date], [segment], score, band, profile, points per measure.
pub fn scored_frame(
    scorecard: &Scorecard,
    history: &History,
    scored: &ScoredAccounts,
) -> super::Result<DataFrame> {
    let mut columns = vec![Column::new("account_id".into(), history.ids.clone())];
    if let Some(dates) = &history.dates {
        let dates: Vec<String> = dates.iter().map(|&d| format_date(d)).collect();
        columns.push(Column::new("snapshot_date".into(), dates));
    }
    if let Some(segment) = &history.segment {
        let values: Vec<Option<&str>> = (0..history.len()).map(|r| segment.get(r)).collect();
        columns.push(Column::new("segment".into(), values));
    }
    columns.push(Column::new("score".into(), scored.scores.clone()));
    let bands: Vec<&str> = scored
        .bands
        .iter()
        .map(|&b| scorecard.bands[b].name.as_str())
        .collect();
    columns.push(Column::new("band".into(), bands));
    let profiles: Vec<&str> = scored
        .profiles
        .iter()
        .map(|&p| scorecard.profiles[p].name.as_str())
        .collect();
    columns.push(Column::new("profile".into(), profiles));
    let mut used = Vec::new();
    for (name, points) in scored.measure_names.iter().zip(&scored.points) {
        let mut column = points_column_name(name);
        let base = column.clone();
        let mut suffix = 2;
        while used.contains(&column) {
            column = format!("{base}_{suffix}");
            suffix += 1;
        }
        used.push(column.clone());
        columns.push(Column::new(column.into(), points.iter().collect::<Vec<_>>()));
    }
    Ok(DataFrame::new(history.len(), columns).map_err(anyhow::Error::from)?)
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
