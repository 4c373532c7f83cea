//! Stability of a suggested rule over time (with a snapshot date): the churn rate of every
//! bin in every period, whether the bins keep their order (more points, no more churn) in
//! each period, and the measure's PSI of each period against the first
//! ([`crate::metrics::psi`], 10 equal-frequency bins).

use serde::Serialize;

use super::membership::bin_of_rows;
use super::rule::RuleOutcome;
use super::training::MeasureValues;
use crate::data::dates::format_date;
use crate::metrics::psi::PsiBase;

/// Bins of the PSI.
const PSI_BINS: usize = 10;

/// A rule's behaviour period by period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stability {
    /// The snapshot dates, ISO.
    pub periods: Vec<String>,
    /// Per bin (in the rule's order), per period: the churn rate (`null` for no accounts).
    pub churn_rates: Vec<Vec<Option<f64>>>,
    /// Per period: whether bins with more points churn no more than bins with fewer.
    pub order_holds: Vec<bool>,
    /// Per period: PSI of the measure's values against the first period (numbers only).
    pub psi: Vec<Option<f64>>,
}

impl Stability {
    /// Whether the order holds in every period.
    pub fn stable(&self) -> bool {
        self.order_holds.iter().all(|&holds| holds)
    }
}

/// The stability of `rule` over the distinct `dates` (days, per history row); `None` with
/// fewer than two periods or without bins.
pub fn stability(
    dates: &[i32],
    values: &MeasureValues,
    churned: &[bool],
    rule: &RuleOutcome,
) -> Option<Stability> {
    let membership = bin_of_rows(values, rule);
    let mut periods: Vec<i32> = membership.iter().map(|&(row, _)| dates[row as usize]).collect();
    periods.sort_unstable();
    periods.dedup();
    if periods.len() < 2 || rule.bins.len() < 2 {
        return None;
    }
    let period_of = |row: u32| periods.binary_search(&dates[row as usize]).unwrap_or(0);
    let mut counts = vec![vec![(0usize, 0usize); periods.len()]; rule.bins.len()];
    for &(row, bin) in &membership {
        let slot = &mut counts[bin][period_of(row)];
        slot.0 += 1;
        slot.1 += usize::from(churned[row as usize]);
    }
    let churn_rates: Vec<Vec<Option<f64>>> = counts
        .iter()
        .map(|bin| {
            bin.iter()
                .map(|&(a, c)| (a > 0).then(|| c as f64 / a as f64))
                .collect()
        })
        .collect();
    let order_holds = (0..periods.len())
        .map(|p| order_holds(rule, churn_rates.iter().map(|bin| bin[p])))
        .collect();
    Some(Stability {
        periods: periods.iter().map(|&d| format_date(d)).collect(),
        churn_rates,
        order_holds,
        psi: psi_by_period(values, &periods, period_of),
    })
}

/// Whether, among the bins with accounts, more points never come with a higher churn rate.
fn order_holds(rule: &RuleOutcome, rates: impl Iterator<Item = Option<f64>>) -> bool {
    let mut pairs: Vec<(f64, f64)> = rule
        .bins
        .iter()
        .zip(rates)
        .filter_map(|(bin, rate)| Some((bin.points, rate?)))
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    pairs.windows(2).all(|w| w[0].0 == w[1].0 || w[0].1 >= w[1].1)
}

/// PSI of each period's values against the first period's.
fn psi_by_period(
    values: &MeasureValues,
    periods: &[i32],
    period_of: impl Fn(u32) -> usize,
) -> Vec<Option<f64>> {
    let MeasureValues::Numbers { sorted, .. } = values else {
        return vec![None; periods.len()];
    };
    let mut by_period: Vec<Vec<f64>> = vec![Vec::new(); periods.len()];
    for &(value, row) in sorted {
        by_period[period_of(row)].push(value);
    }
    let Ok(base) = PsiBase::new(&by_period[0], PSI_BINS) else {
        return vec![None; periods.len()];
    };
    by_period.iter().map(|values| base.psi(values).ok()).collect()
}
