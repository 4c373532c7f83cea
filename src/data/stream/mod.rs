//! Reading a history too large to hold whole, period by period: the timeline columns of
//! every row read in slices ([`timeline_columns`]), the file split into one temporary file
//! per period that the ordinary loader then reads ([`split`]), and the small temporary
//! files that keep per-row data out of memory between periods ([`period_rows`],
//! [`score_spool`]). CSV records are cut by the crate's one record splitter ([`records`]).

pub mod accounts;
pub mod period_rows;
pub mod records;
pub mod relocate;
pub mod score_spool;
pub mod split;
pub mod timeline_columns;

pub use accounts::{account_numbers, AccountNumbers};
pub use period_rows::{PeriodRows, SpooledPeriodRows};
pub use records::{is_blank, read_record};
pub use relocate::in_history_rows;
pub use score_spool::SpooledScores;
pub use split::{split_by_period, PeriodFiles, SpoolFailure, PARQUET_SLICE};
pub use timeline_columns::{
    read_timeline_columns, OutcomeDates, TimelineColumnNames, TimelineColumns, TIMELINE_SLICE,
};
