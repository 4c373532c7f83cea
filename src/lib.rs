//! healthscore: validate and backtest customer-health scorecards against churn history.
//!
//! The library holds every computation; the `healthscore` binary is a thin CLI over it.
//! Modules by domain: [`data`] loads history, [`scorecard`] defines, validates and applies
//! scorecards, [`metrics`] holds the statistics over plain slices, [`present`] writes every
//! command's results as tables and sentences for the terminal, Markdown and HTML,
//! [`simulate`] makes a synthetic history with a known truth.

// Errors carry the file, row and offending value so that messages can name them; they are
// returned once per run on cold paths, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod backtest;
pub mod data;
pub mod error;
pub mod fit;
pub mod format;
pub mod init;
pub mod inspect;
pub mod judgement;
pub mod metrics;
pub mod output;
pub mod present;
pub mod report;
pub mod scorecard;

pub mod cli;
pub mod simulate;
#[doc(hidden)]
pub mod timing;
pub mod trend;
pub mod tune;
pub mod validate;
