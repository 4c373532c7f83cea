//! Scorecards: the definition (checked types), reading and checking TOML files, and
//! applying a scorecard to history.
//!
//! A scorecard turns each account's measures into 0–100 points, rolls them up into one
//! weighted score and puts the score in a band. See the README for the file format.

mod alike;
mod apply;
mod changes;
mod check;
mod edits;
mod error;
mod explain;
pub mod raw;
mod scored_table;
mod scoring;
mod weights;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use alike::MeasureIdentity;
pub use apply::{apply, apply_reusing, apply_to_rows, round_score, ScoredAccounts};
pub use changes::{add_change_columns, check_change_dates, ChangeGaps, Transform};
pub use check::{load_scorecard, parse_scorecard};
pub use error::{ApplyError, Location, Problem, ScorecardError};
pub use explain::{explain, Explanation, REASONS_NAMED, SMALLEST_REASON};
pub use scored_table::{scored_table, ScoredColumns};
pub use scoring::{linear_points, percentile_points, threshold_points};

/// The band rule: the index of the first cutoff (worst band first) above `score`, else the
/// number of cutoffs — the last band, which has none.
///
/// ```
/// use healthscore::scorecard::band_index;
/// assert_eq!(band_index([40.0, 70.0], 39.9), 0);
/// assert_eq!(band_index([40.0, 70.0], 40.0), 1);
/// assert_eq!(band_index([40.0, 70.0], 100.0), 2);
/// ```
pub fn band_index(cutoffs: impl IntoIterator<Item = f64>, score: f64) -> usize {
    let mut index = 0;
    for cutoff in cutoffs {
        if score < cutoff {
            return index;
        }
        index += 1;
    }
    index
}

/// The most bands a scorecard may have: each account's band is kept as one byte
/// ([`ScoredAccounts::bands`]).
pub const MAX_BANDS: usize = 255;

/// The most profiles a scorecard may have, the default included: each account's profile is
/// kept as one byte ([`ScoredAccounts::profiles`]).
pub const MAX_PROFILES: usize = 255;

/// The loader's column request, which [`Scorecard::column_needs`] fills in.
pub use crate::data::{ColumnKind, ColumnNeed};

/// A validated scorecard: every invariant the engine relies on holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    pub name: String,
    pub description: Option<String>,
    /// Ordered from the worst band to the best; all but the last have a cutoff.
    pub bands: Vec<Band>,
    /// Index 0 is the default profile; the others are chosen by a segment column, first
    /// match in file order wins.
    pub profiles: Vec<Profile>,
    /// The file it came from, when read from disk.
    pub source: Option<PathBuf>,
}

/// A band: scores below `below` (and at or above the previous band's cutoff).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub name: String,
    /// `None` for the last (healthiest) band.
    pub below: Option<f64>,
    /// A `#rrggbb` or `#rgb` colour, safe to embed in HTML and SVG.
    pub color: String,
}

/// One set of measures and weights, used for the accounts its selector picks.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub name: String,
    /// `None` for the default profile.
    pub selector: Option<ProfileSelector>,
    pub groups: Vec<Group>,
    pub measures: Vec<Measure>,
}

/// Picks a profile for the accounts whose `column` holds one of `values`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileSelector {
    pub column: String,
    pub values: Vec<String>,
}

/// A group of measures: its weight applies to the group as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    pub weight: f64,
}

/// One measure: a data column turned into 0–100 points.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub name: String,
    pub column: String,
    /// Positive; normalized over the measures an account has (within its group).
    pub weight: f64,
    /// Index into the profile's `groups`, when the profile has groups.
    pub group: Option<usize>,
    pub missing: MissingPolicy,
    /// What is read from the column: its level, or its change since the account's previous
    /// snapshot.
    pub transform: Transform,
    pub scoring: Scoring,
}

/// What an account without a value for a measure gets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MissingPolicy {
    /// Leave the measure out and renormalize the other weights for that account.
    Skip,
    /// Give this many points (0–100).
    Points(f64),
}

/// Which way is healthy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl Direction {
    /// The name used in scorecard files.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
        }
    }
}

/// How a value becomes points.
#[derive(Debug, Clone, PartialEq)]
pub enum Scoring {
    /// `min..max` mapped linearly to 0..100 (reversed for lower-is-better), clamped.
    Linear {
        min: f64,
        max: f64,
        direction: Direction,
    },
    /// Step rules, first match wins, `otherwise` when none matches.
    Thresholds { steps: Vec<Step>, otherwise: f64 },
    /// A text value looked up in a table; `default` for values not in it.
    Categories {
        points: BTreeMap<String, f64>,
        default: Option<f64>,
    },
    /// The value's percentile rank among the scored accounts (ties share their average rank).
    Percentile { direction: Direction },
}

impl Scoring {
    /// Whether the measure's column holds text (categories) rather than numbers.
    pub fn reads_text(&self) -> bool {
        matches!(self, Scoring::Categories { .. })
    }

    /// The method's name in scorecard files.
    pub fn method(&self) -> &'static str {
        match self {
            Scoring::Linear { .. } => "linear",
            Scoring::Thresholds { .. } => "thresholds",
            Scoring::Categories { .. } => "categories",
            Scoring::Percentile { .. } => "percentile",
        }
    }
}

/// A step rule: `value <= bound` (`UpTo`) or `value >= bound` (`AtLeast`) gives `points`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub rule: StepRule,
    pub bound: f64,
    pub points: f64,
}

/// The comparison a step makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRule {
    UpTo,
    AtLeast,
}

impl Scorecard {
    /// Band index of a score: the first band whose cutoff is above it, else the last
    /// ([`band_index`] over the bands' cutoffs). A checked scorecard has at most
    /// [`MAX_BANDS`] bands, so the index fits in a byte; were there more, every band from
    /// the 256th on would share index 255.
    pub fn band_of(&self, score: f64) -> u8 {
        let index = band_index(self.bands.iter().filter_map(|band| band.below), score);
        u8::try_from(index).unwrap_or(u8::MAX)
    }

    /// Every data column the scorecard reads, for loading only what is needed.
    pub fn column_needs(&self) -> Vec<ColumnNeed> {
        let mut needs = Vec::new();
        for profile in &self.profiles {
            if let Some(selector) = &profile.selector {
                needs.push(ColumnNeed {
                    column: selector.column.clone(),
                    kind: ColumnKind::Text,
                    needed_by: format!("profile '{}'", profile.name),
                });
            }
            for measure in &profile.measures {
                let kind = if measure.scoring.reads_text() {
                    ColumnKind::Text
                } else {
                    ColumnKind::Numeric
                };
                needs.push(ColumnNeed {
                    column: measure.column.clone(),
                    kind,
                    needed_by: format!("measure '{}'", measure.name),
                });
            }
        }
        needs.sort();
        needs.dedup_by(|a, b| a.column == b.column && a.kind == b.kind);
        needs
    }

    /// Distinct measure names across profiles, in first-seen order: one points column each.
    pub fn measure_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for measure in self.profiles.iter().flat_map(|p| &p.measures) {
            if !names.contains(&measure.name) {
                names.push(measure.name.clone());
            }
        }
        names
    }
}

/// Column name for a measure's points: `points_` and the name in lower snake case.
pub fn points_column_name(measure: &str) -> String {
    measure_column_name("points_", measure)
}

/// Column name for the points an account lost to a measure: `lost_` and the name in lower
/// snake case.
pub fn lost_column_name(measure: &str) -> String {
    measure_column_name("lost_", measure)
}

/// `start` followed by the measure's name in lower snake case.
fn measure_column_name(start: &str, measure: &str) -> String {
    let mut slug = String::with_capacity(measure.len() + start.len());
    slug.push_str(start);
    let mut last_was_separator = true;
    for c in measure.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
            last_was_separator = false;
        } else if !last_was_separator {
            slug.push('_');
            last_was_separator = true;
        }
    }
    slug.trim_end_matches('_').to_string()
}
