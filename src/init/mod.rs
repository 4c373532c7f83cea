//! Drafting a first scorecard from a profiled history ([`crate::inspect`]): the strongest
//! usable columns as measures, equal weights, default bands, and comments saying why each
//! choice was made and what to edit.
//!
//! [`draft`] chooses and [`render::scorecard_text`] writes the TOML; the CLI validates the
//! text with [`crate::scorecard::parse_scorecard`] before writing it.

pub mod render;
mod select;

pub use render::scorecard_text;
pub use select::draft;

use crate::scorecard::Direction;

/// Settings of a draft; the defaults are the CLI's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InitOptions {
    /// At most this many measures (default 8).
    pub max_measures: usize,
    /// Text columns with at most this many values become `categories` (default 10).
    pub max_levels: usize,
    /// Columns whose `|2·AUC − 1|` is below this are too weak to include (default 0.04, i.e.
    /// an AUC within 0.02 of 0.5), even when their interval excludes 0.5.
    pub min_strength: f64,
}

impl Default for InitOptions {
    fn default() -> Self {
        InitOptions {
            max_measures: 8,
            max_levels: 10,
            min_strength: 0.04,
        }
    }
}

/// How a drafted measure scores its column.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftScoring {
    /// `min..max` to 0..100 in `direction`.
    Linear {
        min: f64,
        max: f64,
        direction: Direction,
    },
    /// Points per text value, and for values not listed.
    Categories {
        points: Vec<(String, f64)>,
        default: f64,
    },
}

/// One measure of the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftMeasure {
    pub name: String,
    pub column: String,
    pub scoring: DraftScoring,
    /// Whether some rows have no value (then `missing = "skip"` is written out).
    pub has_missing: bool,
    /// Comment lines explaining the choice, without the leading `#`.
    pub why: Vec<String>,
}

/// A column left out, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftOut {
    pub column: String,
    pub reason: String,
}

/// A drafted scorecard, ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub name: String,
    /// The history file it was drafted from.
    pub source: String,
    pub rows: usize,
    pub churned: usize,
    pub max_measures: usize,
    pub measures: Vec<DraftMeasure>,
    pub left_out: Vec<LeftOut>,
    /// With several snapshots per account: a change measure of the strongest numeric
    /// measure, written commented out for the analyst to try (it needs `--date`).
    pub change_suggestion: Option<DraftMeasure>,
}

/// Why no scorecard can be drafted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InitError {
    /// The history holds one outcome only, so no column can be measured against churn.
    #[error("{file}: {churned} of {rows} rows churned: a scorecard needs both churned and retained accounts to learn from")]
    OneClass {
        file: String,
        rows: usize,
        churned: usize,
    },
    /// No column qualifies as a measure.
    #[error("{file}: no column can be a measure ({reasons}); see `healthscore inspect` for every column")]
    NoMeasures { file: String, reasons: String },
}

impl crate::error::Fault for InitError {
    /// Both reasons are in the user's history.
    fn is_input(&self) -> bool {
        match self {
            InitError::OneClass { .. } | InitError::NoMeasures { .. } => true,
        }
    }
}
