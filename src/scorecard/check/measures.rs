//! Checking `[[measures]]`: weight, group, missing-value policy and scoring rules.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{Checked, Checker};
use crate::scorecard::raw::{RawDirection, RawMeasure, RawMissing, RawScoring, RawStep};
use crate::scorecard::{
    Direction, Group, Measure, MissingPolicy, Problem, Scoring, Step, StepRule, Transform,
};

impl Checker<'_> {
    pub(super) fn measure(
        &self,
        raw: RawMeasure,
        groups: &[Group],
        span: Option<Range<usize>>,
    ) -> Checked<Measure> {
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
        let scoring = self.scoring(&raw.name, raw.scoring, span.clone())?;
        let transform = self.transform(&raw.name, raw.transform.as_deref(), &scoring, span)?;
        Ok(Measure {
            name: raw.name,
            column: raw.column,
            weight: raw.weight,
            group,
            missing,
            transform,
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

    /// The measure's transform: a known name, and a change only of numbers.
    fn transform(
        &self,
        measure: &str,
        raw: Option<&str>,
        scoring: &Scoring,
        span: Option<Range<usize>>,
    ) -> Checked<Transform> {
        let Some(name) = raw else {
            return Ok(Transform::Level);
        };
        let Some(transform) = Transform::from_name(name) else {
            let (measure, value) = (measure.to_string(), name.to_string());
            return self.fail(span, Problem::UnknownTransform { measure, value });
        };
        if transform != Transform::Level && scoring.reads_text() {
            let (measure, transform) = (measure.to_string(), transform.as_str());
            return self.fail(span, Problem::ChangeOfText { measure, transform });
        }
        Ok(transform)
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

impl From<RawDirection> for Direction {
    fn from(raw: RawDirection) -> Self {
        match raw {
            RawDirection::HigherIsBetter => Direction::HigherIsBetter,
            RawDirection::LowerIsBetter => Direction::LowerIsBetter,
        }
    }
}
