//! Suggested band cutoffs for the suggested weights, by one of three rules, with the churn
//! each band would then have.
//!
//! - `current_shares`: each band holds the share of accounts it holds under the current
//!   scorecard, so the team's workload per band stays the same;
//! - `equal_shares`: each band holds the same share of accounts;
//! - `churn_targets`: cutoffs where the churn probability, calibrated on the score by a
//!   one-variable logistic regression, crosses target rates: twice the overall churn rate at
//!   the first cutoff, half of it at the last, geometric steps in between.
//!
//! Cutoffs fall between distinct scores, are rounded to one decimal, lie in 0.1..100 and rise
//! by at least 0.1; band figures are computed with the rounded cutoffs.

use serde::Serialize;

use ndarray::Array2;

pub mod bands;

use super::model::logistic::{fit_logistic, SolverSettings};
use bands::{band_churn, BandChurn};

/// How to place the cutoffs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutoffRule {
    CurrentShares,
    EqualShares,
    ChurnTargets,
}

impl CutoffRule {
    /// Every rule, in the order reported.
    pub const ALL: [CutoffRule; 3] = [
        CutoffRule::CurrentShares,
        CutoffRule::EqualShares,
        CutoffRule::ChurnTargets,
    ];

    /// The rule's name in JSON and on the command line (with `-` for `_`).
    pub fn name(self) -> &'static str {
        match self {
            CutoffRule::CurrentShares => "current_shares",
            CutoffRule::EqualShares => "equal_shares",
            CutoffRule::ChurnTargets => "churn_targets",
        }
    }

    fn description(self) -> &'static str {
        match self {
            CutoffRule::CurrentShares => "each band keeps the share of accounts it has under the current scorecard",
            CutoffRule::EqualShares => "each band holds the same share of accounts",
            CutoffRule::ChurnTargets => {
                "cutoffs where the churn probability, calibrated on the score, crosses twice the overall churn \
                 rate (first cutoff) and half of it (last cutoff), in geometric steps between"
            }
        }
    }
}

/// One rule's cutoffs and the resulting bands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CutoffSuggestion {
    pub rule: &'static str,
    pub description: &'static str,
    /// One `below` per band but the last, rising.
    pub cutoffs: Vec<f64>,
    pub bands: Vec<BandChurn>,
}

/// Scores sorted once.
struct Sorted {
    scores: Vec<f64>,
}

impl Sorted {
    fn new(scores: &[f64]) -> Sorted {
        let mut scores = scores.to_vec();
        scores.sort_by(f64::total_cmp);
        Sorted { scores }
    }

    fn len(&self) -> usize {
        self.scores.len()
    }

    /// Whether a cutoff can fall right before position `k` (not inside a run of ties).
    fn boundary(&self, k: usize) -> bool {
        k == 0 || k == self.len() || self.scores[k - 1] < self.scores[k]
    }

    /// The boundary nearest to `k` (the lower one on a tie).
    fn nearest_boundary(&self, k: usize) -> usize {
        let k = k.min(self.len());
        let below = (0..=k).rev().find(|&j| self.boundary(j)).unwrap_or(0);
        let above = (k..=self.len()).find(|&j| self.boundary(j)).unwrap_or(self.len());
        if k - below <= above - k {
            below
        } else {
            above
        }
    }

    /// A cutoff with exactly `k` accounts below it (before rounding).
    fn cutoff_at(&self, k: usize) -> f64 {
        match k {
            0 => self.scores.first().copied().unwrap_or(0.0),
            k if k >= self.len() => 100.0,
            k => (self.scores[k - 1] + self.scores[k]) / 2.0,
        }
    }
}

/// Suggests cutoffs by `rule`, or says why the rule cannot place them.
///
/// `scores` are the suggested scorecard's scores, `current_bands` each account's band under
/// the current scorecard, `names` the band names (worst first).
pub fn suggest_cutoffs(
    rule: CutoffRule,
    names: &[String],
    scores: &[f64],
    churned: &[bool],
    current_bands: &[u8],
    confidence: f64,
) -> Result<CutoffSuggestion, String> {
    let count = names.len();
    if count < 2 {
        return Err("the scorecard has a single band, so there is no cutoff to place".into());
    }
    let sorted = Sorted::new(scores);
    let n = sorted.len();
    if n == 0 {
        return Err("no accounts".into());
    }
    let raw: Vec<f64> = match rule {
        CutoffRule::CurrentShares => {
            let mut below = 0;
            (0..count - 1)
                .map(|b| {
                    below += current_bands
                        .iter()
                        .filter(|&&band| usize::from(band) == b)
                        .count();
                    sorted.cutoff_at(sorted.nearest_boundary(below))
                })
                .collect()
        }
        CutoffRule::EqualShares => (1..count)
            .map(|b| sorted.cutoff_at(sorted.nearest_boundary((b * n + count / 2) / count)))
            .collect(),
        CutoffRule::ChurnTargets => churn_target_cutoffs(scores, churned, count)?,
    };
    let cutoffs = tidy(raw);
    let no_probabilities = vec![None; scores.len()];
    Ok(CutoffSuggestion {
        rule: rule.name(),
        description: rule.description(),
        bands: band_churn(names, &cutoffs, scores, churned, &no_probabilities, confidence),
        cutoffs,
    })
}

/// Cutoffs where the churn probability, calibrated on the score by a one-variable
/// logistic regression `P(churn) = σ(a + b·score)`, crosses the targets: twice the overall
/// rate at the first cutoff, half of it at the last, geometric steps in between (a single
/// cutoff with two bands: twice the overall rate).
fn churn_target_cutoffs(scores: &[f64], churned: &[bool], count: usize) -> Result<Vec<f64>, String> {
    let n = scores.len();
    let total_churned = churned.iter().filter(|&&c| c).count();
    if total_churned == 0 || total_churned == n {
        return Err("needs both churned and retained accounts".into());
    }
    let rate = total_churned as f64 / n as f64;
    let mean = scores.iter().sum::<f64>() / n as f64;
    let sd = (scores.iter().map(|s| (s - mean) * (s - mean)).sum::<f64>() / n as f64).sqrt();
    if sd <= 0.0 {
        return Err("every account has the same score".into());
    }
    let x = Array2::from_shape_fn((n, 1), |(i, _)| (scores[i] - mean) / sd);
    let fit = fit_logistic(
        x.view(),
        churned,
        1e-6 * n as f64,
        None,
        &SolverSettings::default(),
    )
    .map_err(|e| e.to_string())?;
    let slope = fit.coefficients[0] / sd;
    if slope.is_nan() || slope >= 0.0 {
        return Err("churn does not fall as the score rises".into());
    }
    let intercept = fit.intercept - slope * mean;
    let steps = count - 1;
    Ok((0..steps)
        .map(|i| {
            let exponent = if steps == 1 {
                1.0
            } else {
                1.0 - 2.0 * i as f64 / (steps - 1) as f64
            };
            let target = (rate * 2f64.powf(exponent)).min(0.999);
            ((target / (1.0 - target)).ln() - intercept) / slope
        })
        .collect())
}

/// Rounds to one decimal, keeps cutoffs in 0.1..100 and rising by at least 0.1.
fn tidy(raw: Vec<f64>) -> Vec<f64> {
    let mut cutoffs: Vec<f64> = Vec::with_capacity(raw.len());
    for value in raw {
        let mut c = ((value * 10.0).round() / 10.0).clamp(0.1, 100.0);
        if let Some(&previous) = cutoffs.last() {
            c = c.max(((previous + 0.1) * 10.0).round() / 10.0);
        }
        cutoffs.push(c);
    }
    // Cutoffs pushed past 100 come back down, each 0.1 below the next.
    for i in (0..cutoffs.len()).rev() {
        let ceiling = if i + 1 < cutoffs.len() {
            ((cutoffs[i + 1] - 0.1) * 10.0).round() / 10.0
        } else {
            100.0
        };
        cutoffs[i] = cutoffs[i].min(ceiling);
    }
    cutoffs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(count: usize) -> Vec<String> {
        (0..count).map(|b| format!("b{b}")).collect()
    }

    #[test]
    fn equal_shares_split_distinct_scores_evenly() {
        let scores: Vec<f64> = (0..90).map(f64::from).collect();
        let churned = vec![false; 90];
        let s = suggest_cutoffs(CutoffRule::EqualShares, &names(3), &scores, &churned, &[], 0.95).unwrap();
        assert_eq!(s.cutoffs, vec![29.5, 59.5]);
        assert_eq!(
            s.bands.iter().map(|b| b.accounts).collect::<Vec<_>>(),
            vec![30, 30, 30]
        );
    }

    #[test]
    fn current_shares_keep_each_bands_share() {
        let scores: Vec<f64> = (0..100).map(f64::from).collect();
        let churned = vec![false; 100];
        let current: Vec<u8> = (0..100).map(|i| u8::from(i >= 10) + u8::from(i >= 40)).collect();
        let s = suggest_cutoffs(
            CutoffRule::CurrentShares,
            &names(3),
            &scores,
            &churned,
            &current,
            0.95,
        )
        .unwrap();
        assert_eq!(
            s.bands.iter().map(|b| b.accounts).collect::<Vec<_>>(),
            vec![10, 30, 60]
        );
    }

    #[test]
    fn churn_targets_put_high_churn_at_the_bottom() {
        // Churn falls steadily with the score.
        let scores: Vec<f64> = (0..1000).map(|i| f64::from(i) / 10.0).collect();
        let churned: Vec<bool> = (0..1000).map(|i| (i * 7919) % 1000 < (1000 - i) / 5).collect();
        let s = suggest_cutoffs(CutoffRule::ChurnTargets, &names(3), &scores, &churned, &[], 0.95).unwrap();
        let overall = churned.iter().filter(|&&c| c).count() as f64 / 1000.0;
        assert!(s.bands[0].churn_rate.unwrap() > 1.5 * overall, "{s:?}");
        assert!(s.bands[2].churn_rate.unwrap() < 0.75 * overall, "{s:?}");
        assert!(s.cutoffs.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn ties_and_crowded_cutoffs_stay_valid() {
        let scores = vec![50.0; 10];
        let churned = vec![false; 10];
        let s = suggest_cutoffs(CutoffRule::EqualShares, &names(4), &scores, &churned, &[], 0.95).unwrap();
        assert!(s.cutoffs.windows(2).all(|w| w[0] < w[1]), "{:?}", s.cutoffs);
        assert!(s.cutoffs.iter().all(|&c| (0.1..=100.0).contains(&c)));
        let err = suggest_cutoffs(CutoffRule::ChurnTargets, &names(3), &scores, &churned, &[], 0.95);
        assert!(err.is_err());
        assert_eq!(tidy(vec![99.99, 100.0, 100.0]), vec![99.8, 99.9, 100.0]);
    }
}
