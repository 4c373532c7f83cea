//! The suggested rule for a measure of numbers: monotone optimal binning
//! ([`crate::metrics::binning`]), written as `upto` steps with `otherwise`, or `linear` with
//! new min/max when the steps follow the churn log-odds no better than a straight line: the
//! account-weighted R² of the pre-bins' WoE on each rule's points, on the training accounts,
//! gains less than [`STEP_GAIN`] (a score adds points up linearly, so points linear in the
//! log-odds serve it best).

use super::rule::MIN_IV;
use super::rule::{
    missing_evidence, missing_policy, BinFacts, Counts, RuleKind, RuleOutcome, MIN_CHURNED_TO_BIN, STEP_GAIN,
};
use crate::judgement::iv_strength;
use crate::metrics::binning::{best_binning, prebin_count, prebins, BinningLimits, ChurnTrend, ValueTally};
use crate::scorecard::{linear_points, threshold_points, Direction, Measure, Scoring, Step, StepRule};

/// The suggestion for `measure` from the training accounts' tallies of present values
/// (ascending) and the counts of accounts without a value.
pub fn suggest_numbers(
    measure: &Measure,
    tallies: &[ValueTally],
    missing: Counts,
    limits: BinningLimits,
) -> RuleOutcome {
    let present = Counts {
        accounts: tallies.iter().map(|t| t.accounts).sum(),
        churned: tallies.iter().map(|t| t.churned).sum(),
    };
    let retained = present.accounts - present.churned;
    if present.churned < MIN_CHURNED_TO_BIN || retained < MIN_CHURNED_TO_BIN {
        let reason = format!(
            "too few accounts to bin: {} churned and {retained} retained with a value (need {MIN_CHURNED_TO_BIN} of \
             each); current rule kept",
            present.churned
        );
        return RuleOutcome::kept(&measure.scoring, measure.missing, reason);
    }
    let declared = declared_trend(&measure.scoring, tallies);
    let Ok(binning) = best_binning(tallies, limits, declared) else {
        return RuleOutcome::kept(
            &measure.scoring,
            measure.missing,
            "could not be binned".to_string(),
        );
    };
    if binning.bins.len() < 2 {
        let reason = "no split into bins has a churn rate that moves one way with enough accounts in each bin; current \
                      rule kept"
            .to_string();
        let mut outcome = RuleOutcome::kept(&measure.scoring, measure.missing, reason);
        outcome.iv = Some(0.0);
        return outcome;
    }
    if binning.iv < MIN_IV {
        let reason = format!(
            "IV {:.3} is below {MIN_IV}: the measure barely separates churners, so its current rule is kept",
            binning.iv
        );
        let mut outcome = RuleOutcome::kept(&measure.scoring, measure.missing, reason);
        outcome.iv = Some(binning.iv);
        return outcome;
    }
    let points: Vec<f64> = binning.points.iter().map(|p| p.round()).collect();
    let bins: Vec<BinFacts> = binning
        .bins
        .iter()
        .zip(&binning.woe)
        .zip(&points)
        .map(|((b, &woe), &points)| BinFacts {
            low: Some(b.low),
            high: Some(b.high),
            category: None,
            accounts: b.accounts,
            churned: b.churned,
            woe,
            points,
        })
        .collect();
    let steps = steps_rule(&bins);
    let count = prebin_count(limits);
    let steps_fit = woe_fit(tallies, count, |v| rule_points(&steps, v));
    let linear = linear_rule(&bins, binning.trend);
    let linear_fit = linear
        .as_ref()
        .and_then(|rule| woe_fit(tallies, count, |v| rule_points(rule, v)));
    let gain = steps_fit.zip(linear_fit).map(|(s, l)| s - l);
    let (scoring, kind) = match (linear, gain) {
        (Some(rule), Some(gain)) if gain < STEP_GAIN => (rule, RuleKind::Linear),
        _ => (steps, RuleKind::Steps),
    };
    let woe_low = binning.woe.iter().copied().fold(f64::INFINITY, f64::min);
    let woe_high = binning.woe.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let evidence = missing_evidence(missing, present, woe_low, woe_high);
    let reason = reason(kind, binning.iv, gain, declared, binning.trend, bins.len());
    RuleOutcome {
        scoring,
        missing: missing_policy(evidence.as_ref(), measure.missing),
        kind,
        bins,
        iv: Some(binning.iv),
        trend: Some(binning.trend),
        declared,
        reason,
        missing_evidence: evidence,
    }
}

/// The churn trend the current rule declares: churn falls with the value where the rule
/// gives more points to the largest value than to the smallest. `None` when it gives both
/// the same.
pub fn declared_trend(scoring: &Scoring, tallies: &[ValueTally]) -> Option<ChurnTrend> {
    let direction = match scoring {
        Scoring::Linear { direction, .. } | Scoring::Percentile { direction } => Some(*direction),
        Scoring::Thresholds { steps, otherwise } => {
            let (low, high) = (tallies.first()?.value, tallies.last()?.value);
            let (at_low, at_high) = (
                threshold_points(low, steps, *otherwise),
                threshold_points(high, steps, *otherwise),
            );
            (at_low != at_high).then_some(if at_high > at_low {
                Direction::HigherIsBetter
            } else {
                Direction::LowerIsBetter
            })
        }
        Scoring::Categories { .. } => None,
    }?;
    Some(match direction {
        Direction::HigherIsBetter => ChurnTrend::Falling,
        Direction::LowerIsBetter => ChurnTrend::Rising,
    })
}

/// `upto` each bin's largest value gives its points; `otherwise` the last bin's.
fn steps_rule(bins: &[BinFacts]) -> Scoring {
    let (last, rest) = bins.split_last().map_or((50.0, &[][..]), |(l, r)| (l.points, r));
    Scoring::Thresholds {
        steps: rest
            .iter()
            .map(|b| Step {
                rule: StepRule::UpTo,
                bound: b.high.unwrap_or(0.0),
                points: b.points,
            })
            .collect(),
        otherwise: last,
    }
}

/// `linear` from the end of the first bin to the start of the last, where the churn curve
/// flattens; `None` when they do not leave a range.
fn linear_rule(bins: &[BinFacts], trend: ChurnTrend) -> Option<Scoring> {
    let min = bins.first()?.high?;
    let max = bins.last()?.low?;
    let direction = match trend {
        ChurnTrend::Falling => Direction::HigherIsBetter,
        ChurnTrend::Rising => Direction::LowerIsBetter,
    };
    (min < max).then_some(Scoring::Linear { min, max, direction })
}

/// Points of a number under a numeric rule.
pub fn rule_points(scoring: &Scoring, value: f64) -> f64 {
    match scoring {
        Scoring::Linear { min, max, direction } => linear_points(value, *min, *max, *direction),
        Scoring::Thresholds { steps, otherwise } => threshold_points(value, steps, *otherwise),
        _ => 50.0,
    }
}

/// How well a rule's points follow the churn log-odds: the account-weighted R² of the
/// pre-bins' WoE (`ln(((r + ½)/R) / ((c + ½)/C))`, smoothed so a pre-bin without one class
/// stays finite) on the mean points the rule gives each pre-bin. A health score adds points
/// up linearly, so points linear in the log-odds serve it best. `None` when the WoE does not
/// vary.
fn woe_fit(tallies: &[ValueTally], count: usize, points: impl Fn(f64) -> f64) -> Option<f64> {
    let pre = prebins(tallies, count);
    let (total, churned): (usize, usize) = (
        tallies.iter().map(|t| t.accounts).sum(),
        tallies.iter().map(|t| t.churned).sum(),
    );
    let retained = (total - churned) as f64;
    let mut sums = vec![0.0; pre.len()];
    let mut bin = 0;
    for t in tallies {
        while t.value > pre[bin].high {
            bin += 1;
        }
        sums[bin] += points(t.value) * t.accounts as f64;
    }
    let rows: Vec<(f64, f64, f64)> = pre
        .iter()
        .zip(&sums)
        .map(|(b, &sum)| {
            let g = (b.retained() as f64 + 0.5) / retained;
            let c = (b.churned as f64 + 0.5) / churned as f64;
            (b.accounts as f64, sum / b.accounts as f64, (g / c).ln())
        })
        .collect();
    let weight: f64 = rows.iter().map(|r| r.0).sum();
    let mean = |f: fn(&(f64, f64, f64)) -> f64| rows.iter().map(|r| r.0 * f(r)).sum::<f64>() / weight;
    let (mx, my) = (mean(|r| r.1), mean(|r| r.2));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(w, x, y) in &rows {
        sxy += w * (x - mx) * (y - my);
        sxx += w * (x - mx) * (x - mx);
        syy += w * (y - my) * (y - my);
    }
    if syy <= 0.0 {
        return None;
    }
    Some(if sxx > 0.0 { sxy * sxy / (sxx * syy) } else { 0.0 })
}

/// The reason in words.
fn reason(
    kind: RuleKind,
    iv: f64,
    gain: Option<f64>,
    declared: Option<ChurnTrend>,
    trend: ChurnTrend,
    bins: usize,
) -> String {
    let strength = iv_strength(iv);
    let mut text = format!("{bins} bins, IV {iv:.3} ({strength})");
    match (kind, gain) {
        (RuleKind::Linear, Some(gain)) => text.push_str(&format!(
            "; steps follow the churn log-odds no better than a straight line (R² gain {gain:+.3} < {STEP_GAIN}), \
             so linear is kept with min/max where churn flattens"
        )),
        (_, Some(gain)) => text.push_str(&format!("; steps follow the churn log-odds better than a straight line (R² gain {gain:+.3})")),
        _ => {}
    }
    if declared.is_some_and(|d| d != trend) {
        text.push_str("; history contradicts the scorecard's direction: churn moves the other way");
    }
    text
}
