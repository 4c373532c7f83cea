//! Reading a scorecard file and checking it: raw TOML → validated [`Scorecard`].

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::raw::{
    RawBand, RawDirection, RawGroup, RawMeasure, RawMissing, RawScorecard, RawScoring, RawStep,
};
use super::{
    Band, Direction, Group, Location, Measure, MissingPolicy, Problem, Profile, ProfileSelector, Scorecard,
    ScorecardError, Scoring, Step, StepRule,
};

/// Default bands when a file gives none: red < 40 ≤ yellow < 70 ≤ green.
const DEFAULT_BANDS: [(&str, Option<f64>, &str); 3] = [
    ("red", Some(40.0), "#d9534f"),
    ("yellow", Some(70.0), "#f0ad4e"),
    ("green", None, "#5cb85c"),
];

/// Colours for bands that name none, worst to best.
const BAND_PALETTE: [&str; 6] = ["#d9534f", "#f0ad4e", "#5cb85c", "#5bc0de", "#337ab7", "#777777"];

/// Reads and validates a scorecard file.
pub fn load_scorecard(path: &Path) -> Result<Scorecard, ScorecardError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScorecardError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut scorecard = parse_scorecard(&text, path)?;
    scorecard.source = Some(path.to_path_buf());
    Ok(scorecard)
}

/// Parses and validates scorecard TOML; `path` is only used in error messages.
pub fn parse_scorecard(text: &str, path: &Path) -> Result<Scorecard, ScorecardError> {
    let checker = Checker {
        text,
        path: path.to_path_buf(),
    };
    let raw: RawScorecard = toml::from_str(text).map_err(|err| ScorecardError::Syntax {
        location: checker.location(err.span()),
        message: err.message().replace('\n', " "),
    })?;
    checker.scorecard(raw)
}

/// Validation state: the source text, to turn byte spans into line and column.
struct Checker<'a> {
    text: &'a str,
    path: PathBuf,
}

type Checked<T> = Result<T, ScorecardError>;

impl Checker<'_> {
    fn location(&self, span: Option<Range<usize>>) -> Location {
        let line_column = span.map(|span| {
            let before = &self.text[..span.start.min(self.text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            (line, column)
        });
        Location {
            path: self.path.clone(),
            line_column,
        }
    }

    fn fail<T>(&self, span: Option<Range<usize>>, problem: Problem) -> Checked<T> {
        Err(ScorecardError::Invalid {
            location: self.location(span),
            problem,
        })
    }

    fn scorecard(&self, raw: RawScorecard) -> Checked<Scorecard> {
        if raw.name.trim().is_empty() {
            return self.fail(
                None,
                Problem::EmptyName {
                    what: "the scorecard",
                },
            );
        }
        let bands = self.bands(raw.bands)?;
        let default_name = raw.default_profile.unwrap_or_else(|| "default".to_string());
        let mut profiles = vec![self.profile(default_name, None, raw.groups, raw.measures, None)?];
        for spanned in raw.profiles {
            let span = spanned.span();
            let raw_profile = spanned.into_inner();
            if raw_profile.values.is_empty() {
                let profile = raw_profile.name;
                return self.fail(Some(span), Problem::NoProfileValues { profile });
            }
            let selector = ProfileSelector {
                column: raw_profile.column,
                values: raw_profile.values.iter().map(|v| v.trim().to_string()).collect(),
            };
            let profile = self.profile(
                raw_profile.name,
                Some(selector),
                raw_profile.groups,
                raw_profile.measures,
                Some(span.clone()),
            )?;
            if profiles.iter().any(|p| p.name == profile.name) {
                let name = profile.name;
                return self.fail(
                    Some(span),
                    Problem::DuplicateName {
                        kind: "profile",
                        name,
                    },
                );
            }
            profiles.push(profile);
        }
        Ok(Scorecard {
            name: raw.name,
            description: raw.description,
            bands,
            profiles,
            source: None,
        })
    }

    fn bands(&self, raw: Vec<Spanned<RawBand>>) -> Checked<Vec<Band>> {
        if raw.is_empty() {
            let defaults = DEFAULT_BANDS.iter().map(|(name, below, color)| Band {
                name: (*name).to_string(),
                below: *below,
                color: (*color).to_string(),
            });
            return Ok(defaults.collect());
        }
        let count = raw.len();
        let mut bands: Vec<Band> = Vec::with_capacity(count);
        for (index, spanned) in raw.into_iter().enumerate() {
            let span = Some(spanned.span());
            let band = self.band(spanned.into_inner(), index, index + 1 == count, span.clone())?;
            if bands.iter().any(|b| b.name == band.name) {
                let name = band.name;
                return self.fail(span, Problem::DuplicateName { kind: "band", name });
            }
            let previous = bands.last().and_then(|b| b.below);
            if let (Some(previous), Some(below)) = (previous, band.below) {
                if below <= previous {
                    let band = band.name;
                    return self.fail(
                        span,
                        Problem::UnorderedBands {
                            band,
                            below,
                            previous,
                        },
                    );
                }
            }
            bands.push(band);
        }
        Ok(bands)
    }

    fn band(&self, raw: RawBand, index: usize, is_last: bool, span: Option<Range<usize>>) -> Checked<Band> {
        if raw.name.trim().is_empty() {
            return self.fail(span, Problem::EmptyName { what: "a band" });
        }
        match (raw.below, is_last) {
            (None, false) => return self.fail(span, Problem::BandWithoutCutoff { band: raw.name }),
            (Some(_), true) => return self.fail(span, Problem::LastBandWithCutoff { band: raw.name }),
            (Some(below), false) if !(below > 0.0 && below <= 100.0) => {
                return self.fail(
                    span,
                    Problem::BandCutoffOutOfRange {
                        band: raw.name,
                        below,
                    },
                )
            }
            _ => {}
        }
        let color = match raw.color {
            Some(color) if is_hex_color(&color) => color,
            Some(color) => {
                return self.fail(
                    span,
                    Problem::BadColor {
                        band: raw.name,
                        color,
                    },
                )
            }
            None => BAND_PALETTE[index % BAND_PALETTE.len()].to_string(),
        };
        Ok(Band {
            name: raw.name,
            below: raw.below,
            color,
        })
    }

    fn profile(
        &self,
        name: String,
        selector: Option<ProfileSelector>,
        raw_groups: Vec<Spanned<RawGroup>>,
        raw_measures: Vec<Spanned<RawMeasure>>,
        span: Option<Range<usize>>,
    ) -> Checked<Profile> {
        if raw_measures.is_empty() {
            return self.fail(span, Problem::NoMeasures { profile: name });
        }
        let groups = self.groups(raw_groups)?;
        let mut measures: Vec<Measure> = Vec::with_capacity(raw_measures.len());
        for spanned in raw_measures {
            let span = Some(spanned.span());
            let measure = self.measure(spanned.into_inner(), &groups, span.clone())?;
            if measures.iter().any(|m| m.name == measure.name) {
                let name = measure.name;
                return self.fail(
                    span,
                    Problem::DuplicateName {
                        kind: "measure",
                        name,
                    },
                );
            }
            measures.push(measure);
        }
        Ok(Profile {
            name,
            selector,
            groups,
            measures,
        })
    }

    fn groups(&self, raw: Vec<Spanned<RawGroup>>) -> Checked<Vec<Group>> {
        let mut groups: Vec<Group> = Vec::with_capacity(raw.len());
        for spanned in raw {
            let span = Some(spanned.span());
            let group = spanned.into_inner();
            let what = format!("group '{}'", group.name);
            self.positive_weight(what, group.weight, span.clone())?;
            if groups.iter().any(|g| g.name == group.name) {
                let name = group.name;
                return self.fail(span, Problem::DuplicateName { kind: "group", name });
            }
            groups.push(Group {
                name: group.name,
                weight: group.weight,
            });
        }
        Ok(groups)
    }

    fn positive_weight(&self, what: String, weight: f64, span: Option<Range<usize>>) -> Checked<()> {
        if weight.is_finite() && weight > 0.0 {
            Ok(())
        } else {
            self.fail(span, Problem::NonPositiveWeight { what, weight })
        }
    }

    fn measure(&self, raw: RawMeasure, groups: &[Group], span: Option<Range<usize>>) -> Checked<Measure> {
        if raw.name.trim().is_empty() {
            return self.fail(span, Problem::EmptyName { what: "a measure" });
        }
        if raw.column.trim().is_empty() {
            return self.fail(
                span,
                Problem::EmptyName {
                    what: "a measure's column",
                },
            );
        }
        self.positive_weight(format!("measure '{}'", raw.name), raw.weight, span.clone())?;
        let group = self.measure_group(&raw, groups, span.clone())?;
        let missing = self.missing_policy(&raw, span.clone())?;
        let scoring = self.scoring(&raw.name, raw.scoring, span)?;
        Ok(Measure {
            name: raw.name,
            column: raw.column,
            weight: raw.weight,
            group,
            missing,
            scoring,
        })
    }

    fn measure_group(
        &self,
        raw: &RawMeasure,
        groups: &[Group],
        span: Option<Range<usize>>,
    ) -> Checked<Option<usize>> {
        let defined = || {
            let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        };
        let measure = raw.name.clone();
        match &raw.group {
            None if groups.is_empty() => Ok(None),
            None => self.fail(
                span,
                Problem::MissingGroup {
                    measure,
                    defined: defined(),
                },
            ),
            Some(name) => match groups.iter().position(|g| &g.name == name) {
                Some(index) => Ok(Some(index)),
                None => {
                    let group = name.clone();
                    self.fail(
                        span,
                        Problem::UnknownGroup {
                            measure,
                            group,
                            defined: defined(),
                        },
                    )
                }
            },
        }
    }

    fn missing_policy(&self, raw: &RawMeasure, span: Option<Range<usize>>) -> Checked<MissingPolicy> {
        let measure = raw.name.clone();
        match &raw.missing {
            None => Ok(MissingPolicy::Skip),
            Some(RawMissing::Policy(word)) if word == "skip" => Ok(MissingPolicy::Skip),
            Some(RawMissing::Points(points)) if (0.0..=100.0).contains(points) => {
                Ok(MissingPolicy::Points(*points))
            }
            Some(RawMissing::Points(points)) => self.fail(
                span,
                Problem::BadMissingPolicy {
                    measure,
                    value: points.to_string(),
                },
            ),
            Some(RawMissing::Policy(word)) => self.fail(
                span,
                Problem::BadMissingPolicy {
                    measure,
                    value: word.clone(),
                },
            ),
        }
    }

    fn scoring(&self, measure: &str, raw: RawScoring, span: Option<Range<usize>>) -> Checked<Scoring> {
        match raw {
            RawScoring::Linear { min, max, direction } => {
                self.finite(measure, "min", min, span.clone())?;
                self.finite(measure, "max", max, span.clone())?;
                if min >= max {
                    let measure = measure.to_string();
                    return self.fail(span, Problem::MinNotBelowMax { measure, min, max });
                }
                Ok(Scoring::Linear {
                    min,
                    max,
                    direction: direction.into(),
                })
            }
            RawScoring::Thresholds {
                direction,
                steps,
                otherwise,
            } => {
                self.points(measure, otherwise, span.clone())?;
                let steps = self.steps(measure, &steps, otherwise, direction.map(Direction::from), span)?;
                Ok(Scoring::Thresholds { steps, otherwise })
            }
            RawScoring::Categories { points, default } => {
                if points.is_empty() {
                    let measure = measure.to_string();
                    return self.fail(span, Problem::EmptyCategories { measure });
                }
                for value in points.values().chain(default.iter()) {
                    self.points(measure, *value, span.clone())?;
                }
                let mut trimmed: BTreeMap<String, f64> = BTreeMap::new();
                for (key, value) in points {
                    let name = key.trim().to_string();
                    if trimmed.insert(name.clone(), value).is_some() {
                        return self.fail(
                            span,
                            Problem::DuplicateName {
                                kind: "category",
                                name,
                            },
                        );
                    }
                }
                let points = trimmed;
                Ok(Scoring::Categories { points, default })
            }
            RawScoring::Percentile { direction } => Ok(Scoring::Percentile {
                direction: direction.into(),
            }),
        }
    }

    fn finite(
        &self,
        measure: &str,
        key: &'static str,
        value: f64,
        span: Option<Range<usize>>,
    ) -> Checked<()> {
        if value.is_finite() {
            return Ok(());
        }
        let what = format!("measure '{measure}'");
        self.fail(span, Problem::NonFinite { what, key, value })
    }

    fn points(&self, measure: &str, points: f64, span: Option<Range<usize>>) -> Checked<()> {
        if (0.0..=100.0).contains(&points) {
            return Ok(());
        }
        let measure = measure.to_string();
        self.fail(span, Problem::PointsOutOfRange { measure, points })
    }

    /// Steps use one rule throughout; `upto` bounds rise, `atleast` bounds fall (so the
    /// first match is the tightest); with a direction, points must move the healthy way.
    fn steps(
        &self,
        measure: &str,
        raw: &[RawStep],
        otherwise: f64,
        direction: Option<Direction>,
        span: Option<Range<usize>>,
    ) -> Checked<Vec<Step>> {
        let owned = || measure.to_string();
        if raw.is_empty() {
            return self.fail(span, Problem::NoSteps { measure: owned() });
        }
        let mut steps: Vec<Step> = Vec::with_capacity(raw.len());
        for step in raw {
            let (rule, bound) = match (step.upto, step.atleast) {
                (Some(bound), None) => (StepRule::UpTo, bound),
                (None, Some(bound)) => (StepRule::AtLeast, bound),
                _ => return self.fail(span, Problem::MixedSteps { measure: owned() }),
            };
            self.finite(
                measure,
                if rule == StepRule::UpTo { "upto" } else { "atleast" },
                bound,
                span.clone(),
            )?;
            self.points(measure, step.points, span.clone())?;
            if let Some(previous) = steps.last() {
                if previous.rule != rule {
                    return self.fail(span, Problem::MixedSteps { measure: owned() });
                }
                let (key, ordered, order) = match rule {
                    StepRule::UpTo => ("upto", bound > previous.bound, "upto values must rise"),
                    StepRule::AtLeast => ("atleast", bound < previous.bound, "atleast values must fall"),
                };
                if !ordered {
                    let (previous, next) = (previous.bound, bound);
                    return self.fail(
                        span,
                        Problem::UnorderedSteps {
                            measure: owned(),
                            key,
                            previous,
                            next,
                            order,
                        },
                    );
                }
            }
            steps.push(Step {
                rule,
                bound,
                points: step.points,
            });
        }
        if let Some(direction) = direction {
            if !points_follow_direction(&steps, otherwise, direction) {
                let direction = direction.as_str();
                return self.fail(
                    span,
                    Problem::PointsAgainstDirection {
                        measure: owned(),
                        direction,
                    },
                );
            }
        }
        Ok(steps)
    }
}

/// Whether points, read from the lowest values to the highest, never move against
/// `direction`.
fn points_follow_direction(steps: &[Step], otherwise: f64, direction: Direction) -> bool {
    let mut by_rising_value: Vec<f64> = steps.iter().map(|s| s.points).collect();
    match steps[0].rule {
        StepRule::UpTo => by_rising_value.push(otherwise),
        StepRule::AtLeast => {
            by_rising_value.reverse();
            by_rising_value.insert(0, otherwise);
        }
    }
    by_rising_value.windows(2).all(|pair| match direction {
        Direction::HigherIsBetter => pair[1] >= pair[0],
        Direction::LowerIsBetter => pair[1] <= pair[0],
    })
}

fn is_hex_color(color: &str) -> bool {
    let digits = color.strip_prefix('#').unwrap_or("");
    matches!(digits.len(), 3 | 6) && digits.chars().all(|c| c.is_ascii_hexdigit())
}

impl From<RawDirection> for Direction {
    fn from(raw: RawDirection) -> Self {
        match raw {
            RawDirection::HigherIsBetter => Direction::HigherIsBetter,
            RawDirection::LowerIsBetter => Direction::LowerIsBetter,
        }
    }
}
