//! The scorecard file as written: serde structs that mirror the TOML one to one.
//!
//! Nothing here is checked beyond types; [`super::check`] turns a [`RawScorecard`] into a
//! [`super::Scorecard`] whose invariants hold. Spans are kept so that semantic errors can
//! point at the line of the offending table.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// A whole scorecard file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScorecard {
    pub name: String,
    pub description: Option<String>,
    #[serde(default)]
    pub bands: Vec<Spanned<RawBand>>,
    #[serde(default)]
    pub groups: Vec<Spanned<RawGroup>>,
    #[serde(default)]
    pub measures: Vec<Spanned<RawMeasure>>,
    /// Name of the profile formed by the top-level measures; defaults to `"default"`.
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: Vec<Spanned<RawProfile>>,
}

/// `[[bands]]`: scores below `below` fall in this band; the last band has no `below`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub name: String,
    pub below: Option<f64>,
    pub color: Option<String>,
}

/// `[[groups]]`: measure weights apply within a group, group weights overall.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub name: String,
    pub weight: f64,
}

/// `[[profiles]]`: a segment-specific set of measures, chosen when `column` holds one of
/// `values`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub name: String,
    pub column: String,
    pub values: Vec<String>,
    #[serde(default)]
    pub groups: Vec<Spanned<RawGroup>>,
    #[serde(default)]
    pub measures: Vec<Spanned<RawMeasure>>,
}

/// `[[measures]]`: one data column turned into 0–100 points.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    pub name: String,
    pub column: String,
    pub weight: f64,
    pub group: Option<String>,
    pub missing: Option<RawMissing>,
    /// `"level"` (the default), `"change"` or `"pct_change"`: what is read from the column.
    pub transform: Option<String>,
    pub scoring: RawScoring,
}

/// `missing = "skip"` or `missing = <points>`.
#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "`missing` to be \"skip\" or a number of points in 0..100"
)]
pub enum RawMissing {
    Points(f64),
    Policy(String),
}

/// `[measures.scoring]`, tagged by `method`.
#[derive(Debug, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawScoring {
    Linear {
        min: f64,
        max: f64,
        direction: RawDirection,
    },
    Thresholds {
        direction: Option<RawDirection>,
        steps: Vec<RawStep>,
        otherwise: f64,
    },
    Categories {
        points: BTreeMap<String, f64>,
        default: Option<f64>,
    },
    Percentile {
        direction: RawDirection,
    },
}

/// Which way is healthy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawDirection {
    HigherIsBetter,
    LowerIsBetter,
}

/// One step rule: `{ upto = X, points = P }` (value ≤ X) or `{ atleast = X, points = P }`
/// (value ≥ X).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub upto: Option<f64>,
    pub atleast: Option<f64>,
    pub points: f64,
}
