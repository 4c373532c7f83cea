//! Loading account history (CSV or Parquet) into plain columns the engine can use.
//!
//! Only the columns a job needs are read. The outcome, id, segment, date and value columns
//! have roles named by [`ColumnRoles`]; scorecards add the measure columns they need
//! ([`ColumnNeed`]). A history too large to hold whole is read period by period through
//! [`stream`], with the same rules and messages. This module imports nothing above it.

mod columns;
mod convert;
pub mod dates;
mod duplicates;
mod error;
mod joined_text;
mod likely_date;
mod load;
mod needs;
mod numeric;
mod previous;
pub mod stream;
mod write;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use convert::FastHash;

pub use columns::{load_table, ColumnValues, Table, TableColumn};
pub use convert::{date_column, outcome_column, parse_outcome, MISSING_MARKERS};
pub use error::DataError;
pub use joined_text::JoinedText;
pub use likely_date::likely_date_column;
pub use load::{check_needed_columns, file_columns, load_history, read_csv_records, read_frame, FileFormat};
pub use needs::{ColumnKind, ColumnNeed};
pub use numeric::NumericColumn;
pub use previous::{previous_snapshots, snapshots_after_gaps, PreviousSnapshotCache};
pub use write::{write_frame, write_table, OutputColumn, OutputValues, ParquetCompression};

/// Which columns play which role; defaults match the simulator and the CLI flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnRoles {
    /// Account identifier (`--id`, default `account_id`).
    pub id: String,
    /// Churn outcome (`--outcome`, default `churned`).
    pub outcome: String,
    /// Optional segment for per-segment views (`--segment`).
    pub segment: Option<String>,
    /// Optional snapshot date (`--date`).
    pub date: Option<String>,
    /// Optional account value such as ARR (`--value`).
    pub value: Option<String>,
    /// Optional second 0/1 outcome, expansion (`--expansion`): read like the churn outcome,
    /// except that a churned account with no value counts as not expanded.
    pub expansion: Option<String>,
}

impl Default for ColumnRoles {
    fn default() -> Self {
        ColumnRoles {
            id: "account_id".to_string(),
            outcome: "churned".to_string(),
            segment: None,
            date: None,
            value: None,
            expansion: None,
        }
    }
}

/// A text column stored as codes into its distinct values (levels), in first-seen order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextColumn {
    pub levels: Vec<String>,
    pub codes: Vec<Option<u32>>,
}

impl TextColumn {
    /// The text at `row`, `None` when missing.
    pub fn get(&self, row: usize) -> Option<&str> {
        self.codes[row].map(|code| self.levels[code as usize].as_str())
    }

    /// The given rows (0-based, in the given order), with the same levels.
    pub fn subset(&self, rows: &[u32]) -> TextColumn {
        TextColumn {
            levels: self.levels.clone(),
            codes: rows.iter().map(|&r| self.codes[r as usize]).collect(),
        }
    }
}

/// The second outcome of a history: which accounts expanded, read from the named column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The column it was read from (labels every figure about it).
    pub column: String,
    /// True where the account expanded.
    pub expanded: Vec<bool>,
}

/// Account history: one row per account (per snapshot), in file order.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The file it was read from.
    pub source: PathBuf,
    pub ids: Vec<String>,
    /// True where the account churned.
    pub churned: Vec<bool>,
    pub segment: Option<TextColumn>,
    /// Snapshot dates as days since 1970-01-01.
    pub dates: Option<Vec<i32>>,
    pub value: Option<Vec<f64>>,
    /// The expansion outcome when an expansion column is named.
    pub expansion: Option<Expansion>,
    /// Numeric columns by name.
    pub numeric: BTreeMap<String, NumericColumn>,
    /// Text columns by name.
    pub text: BTreeMap<String, TextColumn>,
    /// Each row's previous snapshot, once asked for ([`History::previous_snapshots`]).
    pub previous: PreviousSnapshotCache,
}

impl History {
    /// Number of rows (accounts × snapshots).
    pub fn len(&self) -> usize {
        self.churned.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.churned.is_empty()
    }

    /// Each row's previous snapshot of the same account ([`previous_snapshots`]), `None`
    /// without snapshot dates. Worked out on first use and kept, so that the change measures
    /// and every candidate's trend test share one sort of the rows by (account, date).
    pub fn previous_snapshots(&self) -> Option<&[Option<u32>]> {
        let dates = self.dates.as_deref()?;
        Some(self.previous.get_or_init(|| previous_snapshots(&self.ids, dates)))
    }

    /// How many distinct accounts the rows hold (an account with several snapshots counts
    /// once). Without snapshot dates the loader has refused any repeated id, so every row is
    /// an account of its own and nothing is hashed.
    pub fn distinct_accounts(&self) -> usize {
        match self.dates {
            None => self.len(),
            Some(_) => {
                let ids: HashSet<&str, FastHash> = self.ids.iter().map(String::as_str).collect();
                ids.len()
            }
        }
    }

    /// Number of churned rows.
    pub fn churned_count(&self) -> usize {
        self.churned.iter().filter(|&&c| c).count()
    }

    /// The given rows (0-based, in the given order) as a history of their own; row numbers
    /// in errors about it count its rows (see `ApplyError::in_rows` to count the
    /// original's).
    pub fn subset(&self, rows: &[u32]) -> History {
        fn pick<T: Clone>(values: &[T], rows: &[u32]) -> Vec<T> {
            rows.iter().map(|&r| values[r as usize].clone()).collect()
        }
        History {
            source: self.source.clone(),
            ids: pick(&self.ids, rows),
            churned: pick(&self.churned, rows),
            segment: self.segment.as_ref().map(|s| s.subset(rows)),
            dates: self.dates.as_deref().map(|d| pick(d, rows)),
            value: self.value.as_deref().map(|v| pick(v, rows)),
            expansion: self.expansion.as_ref().map(|e| Expansion {
                column: e.column.clone(),
                expanded: pick(&e.expanded, rows),
            }),
            numeric: self
                .numeric
                .iter()
                .map(|(name, values)| (name.clone(), values.subset(rows)))
                .collect(),
            text: self
                .text
                .iter()
                .map(|(name, column)| (name.clone(), column.subset(rows)))
                .collect(),
            previous: PreviousSnapshotCache::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_picks_rows_of_every_column_in_order() {
        let mut history = History {
            ids: vec!["a".into(), "b".into(), "c".into()],
            churned: vec![true, false, true],
            dates: Some(vec![1, 2, 3]),
            value: Some(vec![10.0, 20.0, 30.0]),
            expansion: Some(Expansion {
                column: "grew".into(),
                expanded: vec![false, true, true],
            }),
            ..History::default()
        };
        history
            .numeric
            .insert("x".into(), [Some(1.0), None, Some(3.0)].into());
        history.text.insert(
            "t".into(),
            TextColumn {
                levels: vec!["u".into(), "v".into()],
                codes: vec![Some(0), Some(1), None],
            },
        );
        let part = history.subset(&[2, 0]);
        assert_eq!(part.ids, ["c", "a"]);
        assert_eq!(part.churned, [true, true]);
        assert_eq!(part.dates, Some(vec![3, 1]));
        assert_eq!(part.value, Some(vec![30.0, 10.0]));
        assert_eq!(
            part.expansion.as_ref().map(|e| e.expanded.clone()),
            Some(vec![true, false])
        );
        assert_eq!(part.numeric["x"], [Some(3.0), Some(1.0)]);
        assert_eq!(part.text["t"].get(1), Some("u"));
        assert_eq!(part.text["t"].get(0), None);
    }
}
