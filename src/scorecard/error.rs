//! Errors in scorecard files, each pointing at the file, line and key at fault.

use std::fmt;
use std::path::PathBuf;

use crate::error::Fault;

/// Where in a scorecard file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// 1-based line and column; `None` for problems with the file as a whole.
    pub line_column: Option<(usize, usize)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_column {
            Some((line, column)) => write!(f, "{}:{line}:{column}", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// A scorecard that cannot be read or does not make sense.
#[derive(Debug, thiserror::Error)]
pub enum ScorecardError {
    /// The file could not be opened or read.
    #[error("{}: cannot read scorecard: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// TOML syntax, a wrong type, an unknown key or an unknown method/direction.
    #[error("{location}: {message}")]
    Syntax { location: Location, message: String },
    /// The TOML parses but breaks a scorecard rule.
    #[error("{location}: {problem}")]
    Invalid { location: Location, problem: Problem },
}

/// A broken scorecard rule, naming the measure, band or group and what is allowed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("{what} has an empty name")]
    EmptyName { what: &'static str },
    #[error("{what}: weight must be a positive number, got {weight}")]
    NonPositiveWeight { what: String, weight: f64 },
    #[error("{what}: {key} must be a finite number, got {value}")]
    NonFinite {
        what: String,
        key: &'static str,
        value: f64,
    },
    #[error("measure '{measure}': min ({min}) must be below max ({max})")]
    MinNotBelowMax { measure: String, min: f64, max: f64 },
    #[error(
        "measure '{measure}': each step needs exactly one of `upto` or `atleast`, and all steps the same one"
    )]
    MixedSteps { measure: String },
    #[error("measure '{measure}': steps must have at least one rule")]
    NoSteps { measure: String },
    #[error("measure '{measure}': thresholds are not ordered: `{key} = {next}` follows `{key} = {previous}` ({order})")]
    UnorderedSteps {
        measure: String,
        key: &'static str,
        previous: f64,
        next: f64,
        order: &'static str,
    },
    #[error("measure '{measure}': points must lie in 0..100, got {points}")]
    PointsOutOfRange { measure: String, points: f64 },
    #[error(
        "measure '{measure}': points rise with the value, which contradicts direction = \"{direction}\""
    )]
    PointsAgainstDirection {
        measure: String,
        direction: &'static str,
    },
    #[error(
        "measure '{measure}': `missing` must be \"skip\" or a number of points in 0..100, got \"{value}\""
    )]
    BadMissingPolicy { measure: String, value: String },
    #[error("measure '{measure}': categories need at least one entry in `points`")]
    EmptyCategories { measure: String },
    #[error("band '{band}': cutoff `below = {below}` must lie in 0..100 (exclusive of 0)")]
    BandCutoffOutOfRange { band: String, below: f64 },
    #[error("band '{band}': cutoff `below = {below}` must be above the previous band's ({previous}); list bands from worst to best")]
    UnorderedBands { band: String, below: f64, previous: f64 },
    #[error("band '{band}': every band but the last needs `below`")]
    BandWithoutCutoff { band: String },
    #[error("band '{band}': the last band covers everything above the previous cutoff and takes no `below`")]
    LastBandWithCutoff { band: String },
    #[error("band '{band}': color must be \"#rrggbb\" or \"#rgb\", got \"{color}\"")]
    BadColor { band: String, color: String },
    #[error("duplicate {kind} name '{name}'")]
    DuplicateName { kind: &'static str, name: String },
    #[error("profile '{profile}' has no measures")]
    NoMeasures { profile: String },
    #[error("measure '{measure}' names group '{group}', which is not in [[groups]] (defined: {defined})")]
    UnknownGroup {
        measure: String,
        group: String,
        defined: String,
    },
    #[error(
        "measure '{measure}' has no `group`, but this profile defines [[groups]]; give it one of: {defined}"
    )]
    MissingGroup { measure: String, defined: String },
    #[error(
        "measure '{measure}': `transform` must be \"level\", \"change\" or \"pct_change\", got \"{value}\""
    )]
    UnknownTransform { measure: String, value: String },
    #[error(
        "measure '{measure}': transform = \"{transform}\" needs numbers, but categories scoring reads text"
    )]
    ChangeOfText {
        measure: String,
        transform: &'static str,
    },
    #[error("profile '{profile}': `values` must list at least one segment value")]
    NoProfileValues { profile: String },
    /// More bands than an account's one-byte band index can name.
    #[error("{count} bands, but a scorecard may have at most {limit}")]
    TooManyBands { count: usize, limit: usize },
    /// More profiles (the default included) than an account's one-byte profile index can
    /// name.
    #[error("{count} profiles (the default included), but a scorecard may have at most {limit}")]
    TooManyProfiles { count: usize, limit: usize },
}

/// A scorecard that cannot be applied to a history file's rows.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplyError {
    /// The history was loaded without a column the scorecard reads.
    #[error("column '{column}' (needed by {needed_by}) was not loaded")]
    ColumnNotLoaded { column: String, needed_by: String },
    /// A category value the measure's table does not list, and the measure has no default.
    #[error("{}: row {row}, column '{column}': measure '{measure}' has no points for '{value}' (listed: {listed}; add it or set `default`)", path.display())]
    UnknownCategory {
        path: std::path::PathBuf,
        row: usize,
        column: String,
        measure: String,
        value: String,
        listed: String,
    },
    /// A change measure on a history loaded without the date column.
    #[error("measure '{measure}' reads a change since the previous snapshot, which needs the date column of the history")]
    NoDateColumn { measure: String },
    /// Every measure of the account's profile is missing, so it has no score.
    #[error("{}: row {row}: account '{id}' has no value for any measure of profile '{profile}' (give some measures `missing = <points>`)", path.display())]
    NoMeasureValues {
        path: std::path::PathBuf,
        row: usize,
        id: String,
        profile: String,
    },
}

impl ApplyError {
    /// The error found while scoring some of a history's rows (`rows`, 0-based, in the order
    /// they were scored), with its 1-based row number counted in the whole history.
    pub fn in_rows(mut self, rows: &[u32]) -> ApplyError {
        if let ApplyError::UnknownCategory { row, .. } | ApplyError::NoMeasureValues { row, .. } = &mut self {
            *row = row
                .checked_sub(1)
                .and_then(|i| rows.get(i))
                .map_or(*row, |&r| r as usize + 1);
        }
        self
    }

    /// The error naming `path` as the file its row is in.
    pub fn in_file(mut self, file: &std::path::Path) -> ApplyError {
        if let ApplyError::UnknownCategory { path, .. } | ApplyError::NoMeasureValues { path, .. } = &mut self
        {
            *path = file.to_path_buf();
        }
        self
    }
}

impl Fault for ScorecardError {
    /// A scorecard that cannot be read or breaks a rule is the user's to fix.
    fn is_input(&self) -> bool {
        match self {
            ScorecardError::Read { .. } | ScorecardError::Syntax { .. } | ScorecardError::Invalid { .. } => {
                true
            }
        }
    }
}

impl Fault for Problem {
    /// Every broken rule is in the user's scorecard.
    fn is_input(&self) -> bool {
        true
    }
}

impl Fault for ApplyError {
    /// A history the scorecard cannot score (a value it has no points for, a column it
    /// needs) is the user's to fix.
    fn is_input(&self) -> bool {
        match self {
            ApplyError::ColumnNotLoaded { .. }
            | ApplyError::NoDateColumn { .. }
            | ApplyError::UnknownCategory { .. }
            | ApplyError::NoMeasureValues { .. } => true,
        }
    }
}
