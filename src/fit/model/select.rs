//! Backward elimination: fit, drop the measure that least deserves a weight, refit without
//! it, and repeat until every remaining measure earns one.
//!
//! A measure does not earn a weight when its standard error cannot be computed, when it
//! points the wrong way (more points, significantly more churn), or when its Wald test
//! cannot tell it from zero (`p >= significance`). One measure goes per round, in that order
//! of priority, the most extreme first (largest z for the wrong way, largest p otherwise);
//! each refit starts from the previous coefficients.

use ndarray::Array2;

use super::design::{without_column, Design};
use super::information::{estimates, Estimate};
use super::likelihood::LogisticFit;
use super::logistic::{fit_logistic, SolverSettings};
use super::reason::Reason;
use crate::fit::error::FitError;

/// The result of elimination on one set of rows.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Design measures kept, in design order.
    pub kept: Vec<usize>,
    /// The final fit on the kept measures (per standard deviation of points).
    pub fit: LogisticFit,
    /// Estimates of the kept measures, in the order of `kept`.
    pub estimates: Vec<Estimate>,
    /// Measures dropped along the way, in the order they went.
    pub dropped: Vec<Dropped>,
}

/// A measure dropped by elimination.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// Index into the design's measures.
    pub measure: usize,
    pub reason: Reason,
    /// Its estimate (per standard deviation) in the fit that dropped it.
    pub estimate: Estimate,
}

/// Settings of elimination.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SelectionSettings {
    /// A measure needs a Wald p-value below this to keep a weight (default 0.05).
    pub significance: f64,
    pub solver: SolverSettings,
}

impl Default for SelectionSettings {
    fn default() -> Self {
        SelectionSettings {
            significance: 0.05,
            solver: SolverSettings::default(),
        }
    }
}

/// Eliminates measures from `candidates` (the columns of `x`, in order) on the rows of `x`.
pub fn select(
    design: &Design,
    mut x: Array2<f64>,
    churned: &[bool],
    candidates: &[usize],
    alpha: f64,
    start: Option<&LogisticFit>,
    settings: &SelectionSettings,
) -> Result<Selection, FitError> {
    let mut kept = candidates.to_vec();
    let mut start = start.cloned();
    let mut dropped = Vec::new();
    loop {
        let fit = fit_logistic(x.view(), churned, alpha, start.as_ref(), &settings.solver)?;
        let estimates = estimates(x.view(), &fit);
        let Some((column, reason)) = least_deserving(design, &kept, &estimates, settings.significance) else {
            return Ok(Selection {
                kept,
                fit,
                estimates,
                dropped,
            });
        };
        dropped.push(Dropped {
            measure: kept[column],
            reason,
            estimate: estimates[column],
        });
        kept.remove(column);
        x = without_column(&x, column);
        let mut next = fit;
        next.coefficients.remove(column);
        start = Some(next);
    }
}

/// The column to drop next and why, or `None` when every measure earns its weight.
fn least_deserving(
    design: &Design,
    kept: &[usize],
    estimates: &[Estimate],
    significance: f64,
) -> Option<(usize, Reason)> {
    let unestimable = estimates.iter().position(|e| e.p_value.is_none());
    if let Some(column) = unestimable {
        return Some((column, Reason::NotEstimable));
    }
    let z = |e: &Estimate| e.coefficient / e.std_error.unwrap_or(f64::INFINITY);
    let p = |e: &Estimate| e.p_value.unwrap_or(1.0);
    let wrong_way = (0..estimates.len())
        .filter(|&j| estimates[j].coefficient > 0.0 && p(&estimates[j]) < significance)
        .max_by(|&a, &b| z(&estimates[a]).total_cmp(&z(&estimates[b])));
    if let Some(column) = wrong_way {
        let estimate = &estimates[column];
        let reason = Reason::WrongDirection {
            coefficient: design.per_point(kept[column], estimate.coefficient),
            p_value: p(estimate),
        };
        return Some((column, reason));
    }
    (0..estimates.len())
        .filter(|&j| p(&estimates[j]) >= significance || estimates[j].coefficient >= 0.0)
        .max_by(|&a, &b| p(&estimates[a]).total_cmp(&p(&estimates[b])))
        .map(|column| {
            let p_value = p(&estimates[column]);
            (column, Reason::NotSignificant { p_value })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::NumericColumn;
    use crate::fit::model::likelihood::sigmoid;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Points for three measures: a protective one, a pure-noise one, and one where more
    /// points mean more churn.
    fn three_measures(n: usize) -> Design {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut columns = vec![Vec::new(); 3];
        let mut churned = Vec::with_capacity(n);
        for _ in 0..n {
            let good: f64 = rng.gen_range(0.0..100.0);
            let noise: f64 = rng.gen_range(0.0..100.0);
            let bad: f64 = rng.gen_range(0.0..100.0);
            churned.push(rng.gen_bool(sigmoid(-1.0 - 0.04 * (good - 50.0) + 0.03 * (bad - 50.0))));
            columns[0].push(Some(good));
            columns[1].push(Some(noise));
            columns[2].push(Some(bad));
        }
        let columns: Vec<NumericColumn> = columns.into_iter().map(NumericColumn::from).collect();
        let slices: Vec<&NumericColumn> = columns.iter().collect();
        let names = vec!["good".into(), "noise".into(), "bad".into()];
        Design::new(names, &slices, (0..n).collect(), &churned)
    }

    #[test]
    fn drops_the_wrong_way_and_the_noise_and_keeps_the_signal() {
        let design = three_measures(3000);
        let all: Vec<usize> = (0..design.len()).collect();
        let x = design.matrix(&all, &[0, 1, 2]);
        let selection = select(
            &design,
            x,
            &design.churned,
            &[0, 1, 2],
            1.0,
            None,
            &SelectionSettings::default(),
        )
        .unwrap();
        assert_eq!(selection.kept, vec![0]);
        assert!(selection.estimates[0].coefficient < 0.0);
        let reasons: Vec<(usize, &Reason)> =
            selection.dropped.iter().map(|d| (d.measure, &d.reason)).collect();
        assert!(matches!(reasons[0], (2, Reason::WrongDirection { coefficient, .. }) if *coefficient > 0.0));
        assert!(
            matches!(reasons[1], (1, Reason::NotSignificant { .. })),
            "{reasons:?}"
        );
    }
}
