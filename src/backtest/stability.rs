//! Stability: how far each period's score distribution — and each measure's points — has
//! moved from the base period's, by the population stability index.
//!
//! Bins are equal-frequency bins of the base period (10 by default; fewer where the base
//! has heavy ties, e.g. a thresholds measure with a few point values), see
//! [`population_stability_index`](crate::metrics::psi::population_stability_index). A measure's PSI uses the accounts that have points for it
//! (missing values that are skipped do not count). Reading: PSI < 0.1 stable, 0.1–0.25
//! watch, ≥ 0.25 shifted.

use rayon::prelude::*;
use serde::Serialize;

use crate::data::NumericColumn;
use crate::metrics::psi::PsiBase;
use crate::scorecard::ScoredAccounts;

/// PSI at or above this: watch the measure (some drift).
pub const WATCH: f64 = 0.1;
/// PSI at or above this: the distribution has shifted.
pub const SHIFTED: f64 = 0.25;

/// `stable`, `watch` or `shifted` for a PSI value.
pub fn status(psi: f64) -> &'static str {
    if psi >= SHIFTED {
        "shifted"
    } else if psi >= WATCH {
        "watch"
    } else {
        "stable"
    }
}

/// Stability of one candidate over every period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StabilityReport {
    pub scorecard: String,
    /// The period every other is compared with.
    pub base_period: String,
    /// Equal-frequency bins asked for (of the base period).
    pub bins: usize,
    pub periods: Vec<PeriodStability>,
}

/// One period against the base.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodStability {
    pub period: String,
    pub accounts: usize,
    /// PSI of the overall score.
    pub score: Psi,
    /// PSI of each measure's points, in the scorecard's measure order.
    pub measures: Vec<MeasurePsi>,
}

/// A PSI and how to read it; both `null` when undefined (no accounts on one side).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Psi {
    pub psi: Option<f64>,
    /// `stable`, `watch` (≥ 0.1) or `shifted` (≥ 0.25).
    pub status: Option<&'static str>,
}

impl Psi {
    /// `null` when the base or the current sample is empty.
    fn of(base: Option<&PsiBase>, current: &[f64]) -> Psi {
        let psi = base
            .filter(|_| !current.is_empty())
            .and_then(|base| base.psi(current).ok());
        Psi {
            psi,
            status: psi.map(status),
        }
    }
}

/// One measure's points against the base.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasurePsi {
    pub name: String,
    /// Accounts with points for the measure in this period.
    pub accounts: usize,
    #[serde(flatten)]
    pub psi: Psi,
}

/// What later periods of one candidate are compared with: the base period's PSI bins and
/// shares, for the score and for each measure's points (not the base samples themselves).
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// `None` where the base has no values (the PSI is then undefined).
    scores: Option<PsiBase>,
    /// Per measure name (as `ScoredAccounts::measure_names`), over the points present.
    points: Vec<Option<PsiBase>>,
}

impl Baseline {
    /// Keeps what later periods are compared with, in `bins` equal-frequency bins.
    pub fn new(scored: &ScoredAccounts, bins: usize) -> Baseline {
        let base = |values: &[f64]| {
            (!values.is_empty())
                .then(|| PsiBase::new(values, bins).ok())
                .flatten()
        };
        Baseline {
            scores: base(&scored.scores),
            points: scored
                .points
                .par_iter()
                .map(|column| base(&present(column)))
                .collect(),
        }
    }

    /// PSI of a period's scores and points against the base.
    pub fn compare(&self, period: &str, scored: &ScoredAccounts) -> PeriodStability {
        let measures = scored
            .measure_names
            .par_iter()
            .zip(&scored.points)
            .zip(&self.points)
            .map(|((name, column), base)| {
                let current = present(column);
                MeasurePsi {
                    name: name.clone(),
                    accounts: current.len(),
                    psi: Psi::of(base.as_ref(), &current),
                }
            })
            .collect();
        PeriodStability {
            period: period.to_string(),
            accounts: scored.scores.len(),
            score: Psi::of(self.scores.as_ref(), &scored.scores),
            measures,
        }
    }
}

/// The points that are present.
fn present(column: &NumericColumn) -> Vec<f64> {
    column.iter().flatten().collect()
}

/// One line per measure or score that is not stable in some period.
pub fn stability_warnings(report: &StabilityReport) -> Vec<String> {
    let mut warnings = Vec::new();
    for period in &report.periods {
        let flagged = std::iter::once(("the score".to_string(), period.score)).chain(
            period
                .measures
                .iter()
                .map(|m| (format!("measure '{}'", m.name), m.psi)),
        );
        for (what, psi) in flagged {
            if let (Some(value), Some(status @ ("watch" | "shifted"))) = (psi.psi, psi.status) {
                warnings.push(format!(
                    "{}: {what} {} in {} against {} (PSI {value:.3})",
                    report.scorecard,
                    if status == "shifted" {
                        "has shifted"
                    } else {
                        "is drifting (watch)"
                    },
                    period.period,
                    report.base_period
                ));
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(scores: Vec<f64>, points: Vec<Option<f64>>) -> ScoredAccounts {
        ScoredAccounts {
            bands: vec![0; scores.len()],
            profiles: vec![0; scores.len()],
            measure_names: vec!["m".into()],
            points: vec![points.into()],
            scores,
        }
    }

    #[test]
    fn statuses_at_the_thresholds() {
        assert_eq!(
            (status(0.099), status(0.1), status(0.2499), status(0.25)),
            ("stable", "watch", "watch", "shifted")
        );
    }

    #[test]
    fn the_base_against_itself_is_stable_and_missing_points_do_not_count() {
        let base = scored(
            (0..100).map(f64::from).collect(),
            (0..100).map(|i| (i % 2 == 0).then_some(f64::from(i))).collect(),
        );
        let baseline = Baseline::new(&base, 10);
        let same = baseline.compare("2025-Q1", &base);
        assert_eq!(same.score.psi, Some(0.0));
        assert_eq!(same.measures[0].accounts, 50);
        assert_eq!(same.measures[0].psi.status, Some("stable"));
    }

    #[test]
    fn a_shifted_distribution_is_flagged_and_an_empty_one_is_undefined() {
        let base = scored((0..100).map(f64::from).collect(), vec![None; 100]);
        let moved = scored((50..150).map(f64::from).collect(), vec![None; 100]);
        let result = Baseline::new(&base, 10).compare("2025-Q2", &moved);
        assert_eq!(result.score.status, Some("shifted"));
        assert_eq!(
            result.measures[0].psi,
            Psi {
                psi: None,
                status: None
            }
        );
        let report = StabilityReport {
            scorecard: "A".into(),
            base_period: "2025-Q1".into(),
            bins: 10,
            periods: vec![result],
        };
        let warnings = stability_warnings(&report);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("A: the score has shifted in 2025-Q2 against 2025-Q1 (PSI "),
            "{warnings:?}"
        );
    }
}
