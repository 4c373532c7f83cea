//! Loading account history (CSV or Parquet) into plain columns the engine can use.
//!
//! Only the columns a job needs are read. The outcome, id, segment, date and value columns
//! have roles named by [`ColumnRoles`]; scorecards add the measure columns they need.

mod columns;
mod convert;
pub mod dates;
mod error;
mod load;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use columns::{load_table, ColumnValues, Table, TableColumn};
pub use convert::{parse_outcome, MISSING_MARKERS};
pub use error::DataError;
pub use load::{file_columns, load_history, read_frame, write_frame, FileFormat};

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
}

impl Default for ColumnRoles {
    fn default() -> Self {
        ColumnRoles {
            id: "account_id".to_string(),
            outcome: "churned".to_string(),
            segment: None,
            date: None,
            value: None,
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
    /// Numeric columns by name; `None` where the value is missing.
    pub numeric: BTreeMap<String, Vec<Option<f64>>>,
    /// Text columns by name.
    pub text: BTreeMap<String, TextColumn>,
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

    /// Number of churned rows.
    pub fn churned_count(&self) -> usize {
        self.churned.iter().filter(|&&c| c).count()
    }
}
