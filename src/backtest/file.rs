//! Backtesting a history file period by period: read the id, outcome and date columns of
//! every row (the timeline), split the file into one temporary file per period, then load,
//! score and add one period at a time. Peak memory is about that of one period plus the
//! timeline, not that of the whole history.
//!
//! Errors name the history file and its rows, as a whole-file load would. If the file
//! cannot be split record by record (its record count differs from the rows the loader
//! read), the whole file is loaded instead and [`super::backtest`] runs on it.

use std::path::Path;

use super::churn_dates::churn_days;
use super::run::{run_periods, PeriodSource};
use super::timeline::{Timeline, TimelineInput};
use super::{
    backtest_scorecards, outcome_date_need, BacktestError, BacktestOptions, BacktestReport, PeriodRows,
};
use crate::data::stream::{
    read_timeline_columns, split_by_period, PeriodFiles, SpoolFailure, TimelineColumnNames, TIMELINE_SLICE,
};
use crate::data::{load_history, ColumnNeed, ColumnRoles, History};
use crate::scorecard::{add_change_columns, ApplyError, ChangeGaps, Scorecard};

/// What [`backtest_file`] is doing, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage<'a> {
    /// Reading ids, outcomes and dates of every row.
    Timeline,
    /// Writing one temporary file per period.
    Splitting { periods: usize },
    /// Loading and scoring period `index` (0-based) of `count`.
    Period {
        index: usize,
        count: usize,
        label: &'a str,
    },
    /// The split failed, or change measures need every period at once; loading the whole
    /// file instead.
    WholeFile { reason: &'a str },
    /// Change measures' changes were taken across gaps (accounts absent from a snapshot
    /// date), counted here.
    ChangeGaps(ChangeGaps),
}

/// Backtests `scorecards` on the history at `path`, period by period.
///
/// Errors: as [`super::backtest`], plus the loader's errors for any column, naming `path`
/// and the row; [`BacktestError::Spool`] when the temporary files cannot be written.
pub fn backtest_file(
    path: &Path,
    roles: &ColumnRoles,
    scorecards: &[Scorecard],
    options: &BacktestOptions,
    progress: &mut dyn FnMut(Stage),
) -> Result<BacktestReport, BacktestError> {
    let date = roles.date.as_ref().ok_or(BacktestError::NoDateColumn)?;
    options.check()?;
    let mut needs: Vec<ColumnNeed> = scorecards.iter().flat_map(Scorecard::column_needs).collect();
    needs.sort();
    needs.dedup_by(|a, b| a.column == b.column && a.kind == b.kind);
    if scorecards.iter().any(Scorecard::reads_changes) {
        let reason =
            "change measures read each account's previous snapshot, which may lie in an earlier period";
        progress(Stage::WholeFile { reason });
        return whole_file(path, roles, scorecards, needs, options, progress);
    }
    progress(Stage::Timeline);
    let mut clock = std::time::Instant::now();
    let timeline = read_timeline(path, roles, date, &needs, options, TIMELINE_SLICE)?;
    crate::timing::lap("backtest timeline", &mut clock);
    let mut columns = vec![roles.id.clone(), roles.outcome.clone(), date.clone()];
    columns.extend(
        roles
            .segment
            .iter()
            .chain(&roles.value)
            .chain(&roles.expansion)
            .cloned(),
    );
    columns.extend(needs.iter().map(|n| n.column.clone()));
    columns.sort();
    columns.dedup();
    progress(Stage::Splitting {
        periods: timeline.periods.len(),
    });
    let period_of_row = timeline.period_of_every_row()?;
    let split = split_by_period(path, &columns, &period_of_row, timeline.periods.len());
    drop(period_of_row);
    let files = match split {
        Ok(files) => files,
        Err(SpoolFailure::RecordCount { records, rows }) => {
            let reason = format!("the file holds {records} records but {rows} rows were read");
            progress(Stage::WholeFile { reason: &reason });
            return whole_file(path, roles, scorecards, needs, options, progress);
        }
        Err(SpoolFailure::Io(message)) => {
            return Err(BacktestError::Spool {
                path: path.to_path_buf(),
                message,
            })
        }
    };
    crate::timing::lap("backtest split", &mut clock);
    let mut source = PeriodFilesSource {
        path,
        roles,
        needs: &needs,
        files: &files,
        timeline: &timeline,
        progress,
        clock,
    };
    let report = run_periods(&timeline, scorecards, options, &mut source)?;
    crate::timing::lap("backtest finish", &mut source.clock);
    Ok(report)
}

/// Reads the timeline of the history at `path`, `slice_rows` rows at a time
/// ([`read_timeline_columns`]). Every column the backtest will read (`roles`, `needs` and
/// the outcome date) must exist, else the loader's error names it.
fn read_timeline(
    path: &Path,
    roles: &ColumnRoles,
    date: &str,
    needs: &[ColumnNeed],
    options: &BacktestOptions,
    slice_rows: usize,
) -> Result<Timeline, BacktestError> {
    let mut needs = needs.to_vec();
    needs.extend(options.outcome_date.iter().map(|c| outcome_date_need(c)));
    let names = TimelineColumnNames {
        path,
        id: &roles.id,
        outcome: &roles.outcome,
        date,
        outcome_date: options.outcome_date.as_deref(),
    };
    let column = options.outcome_date.as_deref().unwrap_or_default();
    let mut outcome_dates = |cells: &mut dyn Iterator<Item = Option<&str>>, first_row: usize| {
        churn_days(cells, path, column).map_err(|mut error| {
            if let BacktestError::BadOutcomeDate { row, .. } = &mut error {
                *row += first_row;
            }
            error
        })
    };
    let mut columns = read_timeline_columns(&names, roles, &needs, slice_rows, &mut outcome_dates)?;
    let ids = columns.account_names();
    let input = TimelineInput {
        source: path,
        accounts: (&columns.account_of_row, ids.len()),
        id: &|row| ids[columns.account_of_row[row] as usize].to_string(),
        dates: &columns.dates,
        churned: &columns.churned,
        churn_dates: names.outcome_date.zip(columns.churn_days.as_deref()),
    };
    Timeline::new(input, options.period)
}

/// The periods of a history file, each read from its temporary file.
struct PeriodFilesSource<'a> {
    path: &'a Path,
    roles: &'a ColumnRoles,
    needs: &'a [ColumnNeed],
    files: &'a PeriodFiles,
    timeline: &'a Timeline,
    progress: &'a mut dyn FnMut(Stage),
    clock: std::time::Instant,
}

impl PeriodSource for PeriodFilesSource<'_> {
    fn load(&mut self, period: usize, rows: &PeriodRows) -> Result<History, BacktestError> {
        let history = self
            .files
            .load(period, self.roles, self.needs, &rows.rows, self.path)?;
        check_alignment(self.timeline, rows, &history)?;
        crate::timing::lap("backtest load", &mut self.clock);
        Ok(history)
    }

    fn relocate(&self, error: ApplyError, rows: &[u32]) -> ApplyError {
        error.in_rows(rows).in_file(self.path)
    }

    fn starting(&mut self, period: usize) {
        crate::timing::lap("backtest views", &mut self.clock);
        let count = self.timeline.periods.len();
        let label = self.timeline.periods[period].label.as_str();
        (self.progress)(Stage::Period {
            index: period,
            count,
            label,
        });
    }
}

/// A period file must hold exactly the period's rows, in order: same count, same dates.
fn check_alignment(timeline: &Timeline, rows: &PeriodRows, history: &History) -> Result<(), BacktestError> {
    let dates = history.dates.as_deref().unwrap_or_default();
    let aligned = dates == rows.dates.as_slice();
    if aligned {
        return Ok(());
    }
    Err(BacktestError::Spool {
        path: timeline.source.clone(),
        message: "a period's temporary file does not hold the period's rows (internal error)".to_string(),
    })
}

/// Loads the whole history, adds its change columns, and backtests it in memory: each
/// period's changes are then taken against each account's previous snapshot in any period.
fn whole_file(
    path: &Path,
    roles: &ColumnRoles,
    scorecards: &[Scorecard],
    mut needs: Vec<ColumnNeed>,
    options: &BacktestOptions,
    progress: &mut dyn FnMut(Stage),
) -> Result<BacktestReport, BacktestError> {
    needs.extend(options.outcome_date.iter().map(|c| outcome_date_need(c)));
    let mut history = load_history(path, roles, &needs)?;
    let cards: Vec<&Scorecard> = scorecards.iter().collect();
    if let Some(gaps) = add_change_columns(&mut history, &cards)? {
        progress(Stage::ChangeGaps(gaps));
    }
    backtest_scorecards(&history, scorecards, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backtest::timeline::Lead;
    use crate::backtest::PeriodKind;
    use crate::data::dates::parse_iso_date;
    use crate::data::write_frame;
    use crate::data::{read_frame, DataError};
    use crate::scorecard::load_scorecard;
    use crate::simulate::{history_frame, simulate, SimulationSpec};

    #[test]
    fn loading_the_whole_file_gives_the_period_by_period_result() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.csv");
        let spec = SimulationSpec {
            accounts: 600,
            periods: 2,
            seed: 4,
            start: parse_iso_date("2025-01-01").unwrap(),
        };
        write_frame(&mut history_frame(&simulate(&spec).0).unwrap(), &path).unwrap();
        let card =
            load_scorecard(&Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/current.toml")).unwrap();
        let roles = ColumnRoles {
            date: Some("snapshot_date".into()),
            ..ColumnRoles::default()
        };
        let options = BacktestOptions {
            outcome_date: Some("churn_date".into()),
            min_class_count: 10,
            ..BacktestOptions::default()
        };
        let cards = [card];
        let by_period = backtest_file(&path, &roles, &cards, &options, &mut |_| {}).unwrap();
        let whole = whole_file(
            &path,
            &roles,
            &cards,
            cards[0].column_needs(),
            &options,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(by_period, whole);
        assert_eq!(by_period.periods.len(), 2);
    }

    const SLICE: usize = 4;

    /// A CSV of `rows` snapshots: accounts A0 and A1 each quarter, every third row churning
    /// a month after its snapshot.
    fn history_csv(rows: usize) -> String {
        let mut csv = String::from("account_id,churned,snapshot_date,churn_date\n");
        for row in 0..rows {
            let quarter = row / 2;
            let (year, month) = (2020 + quarter / 4, 1 + 3 * (quarter % 4));
            let churned = row % 3 == 0;
            let churn_date = match churned {
                true => format!("{year}-{:02}-15", month + 1),
                false => String::new(),
            };
            let outcome = u8::from(churned);
            csv.push_str(&format!(
                "A{},{outcome},{year}-{month:02}-01,{churn_date}\n",
                row % 2
            ));
        }
        csv
    }

    fn timeline_of(path: &Path, slice_rows: usize) -> Result<Timeline, BacktestError> {
        let roles = ColumnRoles {
            date: Some("snapshot_date".into()),
            ..ColumnRoles::default()
        };
        let options = BacktestOptions {
            outcome_date: Some("churn_date".into()),
            period: PeriodKind::Quarter,
            ..BacktestOptions::default()
        };
        read_timeline(path, &roles, "snapshot_date", &[], &options, slice_rows)
    }

    /// Every period's rows (with accounts and dates) and each snapshot's lead.
    fn summary(timeline: &Timeline) -> Vec<(PeriodRows, Vec<Lead>)> {
        (0..timeline.periods.len())
            .map(|p| {
                let rows = timeline.period_rows(p).unwrap();
                let leads = rows
                    .accounts
                    .iter()
                    .zip(&rows.dates)
                    .map(|(&a, &d)| timeline.lead(a, d))
                    .collect();
                (rows, leads)
            })
            .collect()
    }

    #[test]
    fn slices_give_the_timeline_of_the_whole_file_csv_and_parquet() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("h.csv");
        std::fs::write(&csv, history_csv(3 * SLICE + 3)).unwrap();
        let whole = timeline_of(&csv, usize::MAX).unwrap();
        assert_eq!((whole.len(), whole.periods.len()), (15, 8));
        let expected = summary(&whole);
        assert_eq!(expected[7].0.rows, vec![14]);
        assert_eq!(summary(&timeline_of(&csv, SLICE).unwrap()), expected);
        let parquet = dir.path().join("h.parquet");
        let names = ["account_id", "churned", "snapshot_date", "churn_date"].map(String::from);
        let mut frame = read_frame(&csv, &names, &names[..1]).unwrap();
        write_frame(&mut frame, &parquet).unwrap();
        assert_eq!(summary(&timeline_of(&parquet, SLICE).unwrap()), expected);
    }

    #[test]
    fn a_bad_cell_in_a_later_slice_names_its_row_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.csv");
        let mut csv = history_csv(2 * SLICE + 1);
        csv.push_str("A1,0,2031-13-01,\n");
        std::fs::write(&path, csv).unwrap();
        let error = timeline_of(&path, SLICE).unwrap_err();
        let row = 2 * SLICE + 2;
        assert!(
            matches!(&error, BacktestError::Data(DataError::BadDate { row: r, .. }) if *r == row),
            "{error}"
        );
        assert!(error.to_string().contains(&format!("row {row}")), "{error}");
        assert!(error.to_string().contains("h.csv"), "{error}");
        // an outcome date that does not parse, in a later slice
        let mut csv = history_csv(2 * SLICE + 1);
        csv.push_str("A1,1,2031-01-01,soon\n");
        std::fs::write(&path, csv).unwrap();
        let error = timeline_of(&path, SLICE).unwrap_err();
        assert!(
            matches!(&error, BacktestError::BadOutcomeDate { row: r, .. } if *r == 2 * SLICE + 2),
            "{error}"
        );
    }
}
