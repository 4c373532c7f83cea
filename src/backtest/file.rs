//! Backtesting a history file period by period: read the id, outcome and date columns of
//! every row (the timeline), split the file into one temporary file per period, then load,
//! score and add one period at a time. Peak memory is about that of one period plus the
//! timeline, not that of the whole history.
//!
//! Errors name the history file and its rows, as a whole-file load would. If the file
//! cannot be split record by record (its record count differs from the rows the loader
//! read), the whole file is loaded instead and [`super::backtest`] runs on it.

use std::path::Path;

use super::engine::{run_periods, PeriodSource};
use super::index::read_timeline;
use super::period_rows::PeriodRows;
use super::relocate;
use super::spool::{split_by_period, PeriodFiles, SpoolFailure};
use super::timeline::Timeline;
use super::{backtest_scorecards, outcome_date_need, BacktestError, BacktestOptions, BacktestReport};
use crate::data::{load_history, ColumnRoles, History};
use crate::scorecard::{ApplyError, ColumnNeed, Scorecard};

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
    /// The split failed; loading the whole file instead.
    WholeFile { reason: &'a str },
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
    progress(Stage::Timeline);
    let mut clock = std::time::Instant::now();
    let timeline = read_timeline(path, roles, date, &needs, options)?;
    crate::timing::lap("backtest timeline", &mut clock);
    let mut columns = vec![roles.id.clone(), roles.outcome.clone(), date.clone()];
    columns.extend(roles.segment.iter().chain(&roles.value).cloned());
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
            return whole_file(path, roles, scorecards, needs, options);
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
        let history = load_history(&self.files.files[period], self.roles, self.needs)
            .map_err(|e| relocate::data_error(e, &rows.rows, self.path))?;
        check_alignment(self.timeline, rows, &history)?;
        crate::timing::lap("backtest load", &mut self.clock);
        Ok(History {
            source: self.path.to_path_buf(),
            ..history
        })
    }

    fn relocate(&self, error: ApplyError, rows: &[u32]) -> ApplyError {
        relocate::apply_error_in(error, rows, self.path)
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

/// Loads the whole history and backtests it in memory.
fn whole_file(
    path: &Path,
    roles: &ColumnRoles,
    scorecards: &[Scorecard],
    mut needs: Vec<ColumnNeed>,
    options: &BacktestOptions,
) -> Result<BacktestReport, BacktestError> {
    needs.extend(options.outcome_date.iter().map(|c| outcome_date_need(c)));
    let history = load_history(path, roles, &needs)?;
    backtest_scorecards(&history, scorecards, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::dates::parse_iso_date;
    use crate::data::write_frame;
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
        let whole = whole_file(&path, &roles, &cards, cards[0].column_needs(), &options).unwrap();
        assert_eq!(by_period, whole);
        assert_eq!(by_period.periods.len(), 2);
    }
}
