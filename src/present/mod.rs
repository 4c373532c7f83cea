//! The presentation layer: every command's results as tables and sentences already written,
//! laid out for the terminal ([`Table::terminal`] and the per-command summaries), for
//! Markdown ([`markdown`]) and for HTML ([`html`]).
//!
//! Figures are formatted through [`crate::format`]; the wording shared by several outputs
//! (how many accounts, the verdicts) is written here once. Sits above `backtest`, `fit`,
//! `validate` and `inspect`, whose reports it reads, and below `report` and `cli`.

pub mod backtest;
pub mod fit;
pub mod html;
pub mod inspect;
pub mod markdown;
pub mod misses;
pub mod outcomes;
pub mod report;
mod table;
pub mod trend;
pub mod tune;
pub mod validate;
mod words;

pub use table::Table;
pub use words::{change_gaps, population, rows_of_accounts};
