//! A column against the outcome: does it separate churners on its own, which way, how churn
//! moves across its quintiles, and whether merely being missing says who churned.

use serde::{Serialize, Serializer};

use super::distribution::LevelRow;
use crate::metrics::{self, DecileRow};
use crate::scorecard::Direction;

/// Number of equal-count groups in the cohort view (quintiles).
pub const COHORTS: usize = 5;

/// How one column relates to churn.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Signal {
    /// AUC of the values alone over the rows that have one (numbers and dates as they are;
    /// text values replaced by their churn rate, so 0.5 ≤ AUC): P(a retained account's value
    /// is higher than a churned one's), ties ½.
    pub auc: Option<f64>,
    /// DeLong confidence interval of `auc`.
    pub auc_ci: Option<[f64; 2]>,
    /// Which way is healthy, for numbers and dates: higher values go with less churn when
    /// AUC > 0.5.
    #[serde(serialize_with = "direction_name")]
    pub direction: Option<Direction>,
    /// True when the AUC's interval excludes 0.5.
    pub clear: bool,
    /// Spearman correlation of the values with churn (1 = churned), numbers and dates only.
    pub spearman: Option<f64>,
    /// Churn rate by equal-count groups of the values, lowest values first.
    pub quintiles: Vec<DecileRow>,
    /// AUC of "has a value" alone (present = 1, missing = 0); `None` unless some rows are
    /// missing and some are not.
    pub missing_auc: Option<f64>,
    /// Churn rate of the rows without a value.
    pub churn_rate_missing: Option<f64>,
    /// Churn rate of the rows with a value.
    pub churn_rate_present: Option<f64>,
    /// `|2·AUC − 1|`: 0 for no signal, 1 for perfect separation either way.
    pub value_strength: Option<f64>,
    /// The larger of `value_strength` and the same for `missing_auc`: what the columns are
    /// sorted by.
    pub strength: Option<f64>,
}

fn direction_name<S: Serializer>(direction: &Option<Direction>, serializer: S) -> Result<S::Ok, S::Error> {
    match direction {
        Some(d) => serializer.serialize_str(d.as_str()),
        None => serializer.serialize_none(),
    }
}

/// `|2·AUC − 1|`.
pub fn strength_of(auc: f64) -> f64 {
    (2.0 * auc - 1.0).abs()
}

/// Signal of a numeric column (dates as day numbers); `None` values are missing.
pub fn numeric_signal(values: &[Option<f64>], churned: &[bool], confidence: f64) -> Signal {
    let (present, outcomes): (Vec<f64>, Vec<bool>) = values
        .iter()
        .zip(churned)
        .filter_map(|(v, &c)| v.map(|v| (v, c)))
        .unzip();
    let mut signal = value_signal(&present, &outcomes, confidence);
    signal.direction = signal.auc.filter(|&auc| auc != 0.5).map(|auc| {
        if auc > 0.5 {
            Direction::HigherIsBetter
        } else {
            Direction::LowerIsBetter
        }
    });
    let as_number: Vec<f64> = outcomes.iter().map(|&c| f64::from(u8::from(c))).collect();
    signal.spearman = metrics::correlation::spearman(&present, &as_number);
    signal.quintiles = metrics::deciles::score_deciles(&present, &outcomes, COHORTS).unwrap_or_default();
    add_missingness(&mut signal, values.iter().map(Option::is_some), churned);
    signal
}

/// Signal of a text column from its levels: each value scored by its churn rate, lower
/// churn = healthier. `codes` as in [`crate::data::TextColumn`].
pub fn text_signal(
    codes: &[Option<u32>],
    levels: &[String],
    rows: &[LevelRow],
    churned: &[bool],
    confidence: f64,
) -> Signal {
    let rate_of: Vec<f64> = levels
        .iter()
        .map(|level| {
            rows.iter()
                .find(|r| &r.value == level)
                .map_or(0.0, |r| r.churn_rate)
        })
        .collect();
    let (scores, outcomes): (Vec<f64>, Vec<bool>) = codes
        .iter()
        .zip(churned)
        .filter_map(|(code, &c)| code.map(|code| (-rate_of[code as usize], c)))
        .unzip();
    let mut signal = value_signal(&scores, &outcomes, confidence);
    add_missingness(&mut signal, codes.iter().map(Option::is_some), churned);
    signal
}

/// Signal of a column that has only the missingness part (text with too many values).
pub fn missingness_only(present: impl Iterator<Item = bool>, churned: &[bool]) -> Signal {
    let mut signal = Signal::default();
    add_missingness(&mut signal, present, churned);
    signal
}

/// AUC (with interval where DeLong's variance is defined) of present scores.
fn value_signal(scores: &[f64], churned: &[bool], confidence: f64) -> Signal {
    let mut signal = Signal::default();
    match metrics::delong::auc_with_ci(scores, churned, confidence) {
        Ok(estimate) => {
            signal.auc = Some(estimate.auc);
            signal.auc_ci = Some([estimate.ci_low, estimate.ci_high]);
            signal.clear = estimate.ci_low > 0.5 || estimate.ci_high < 0.5;
        }
        Err(_) => signal.auc = metrics::auc::roc_auc(scores, churned).ok(),
    }
    signal.value_strength = signal.auc.map(strength_of);
    signal.strength = signal.value_strength;
    signal
}

/// Adds the missing-vs-present view and folds its strength into `strength`.
fn add_missingness(signal: &mut Signal, present: impl Iterator<Item = bool>, churned: &[bool]) {
    let indicator: Vec<f64> = present.map(|p| f64::from(u8::from(p))).collect();
    let (mut rows, mut churn) = ([0usize; 2], [0usize; 2]);
    for (&p, &c) in indicator.iter().zip(churned) {
        rows[p as usize] += 1;
        churn[p as usize] += usize::from(c);
    }
    let rate = |k: usize| (rows[k] > 0).then(|| churn[k] as f64 / rows[k] as f64);
    signal.churn_rate_missing = rate(0);
    signal.churn_rate_present = rate(1);
    if rows[0] == 0 || rows[1] == 0 {
        return;
    }
    signal.missing_auc = metrics::auc::roc_auc(&indicator, churned).ok();
    let missing_strength = signal.missing_auc.map(strength_of);
    signal.strength = match (signal.value_strength, missing_strength) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_of_a_protective_measure_means_higher_is_better() {
        let values: Vec<Option<f64>> = (0..10).map(|v| Some(f64::from(v))).collect();
        let churned: Vec<bool> = (0..10).map(|v| v < 3).collect();
        let s = numeric_signal(&values, &churned, 0.95);
        assert_eq!(s.auc, Some(1.0));
        assert_eq!(s.direction, Some(Direction::HigherIsBetter));
        assert_eq!(s.value_strength, Some(1.0));
        assert!(s.spearman.unwrap() < -0.7);
        assert_eq!(s.quintiles.len(), 5);
        assert_eq!((s.quintiles[0].churn_rate, s.quintiles[4].churn_rate), (1.0, 0.0));
        assert_eq!(s.missing_auc, None);
    }

    #[test]
    fn a_column_filled_only_for_churners_is_all_missingness_signal() {
        let values = [Some(5.0), Some(6.0), None, None, None];
        let churned = [true, true, false, false, false];
        let s = numeric_signal(&values, &churned, 0.95);
        assert_eq!(s.auc, None, "one class among the present values");
        assert_eq!(s.missing_auc, Some(0.0));
        assert_eq!(s.strength, Some(1.0));
        assert_eq!(
            (s.churn_rate_missing, s.churn_rate_present),
            (Some(0.0), Some(1.0))
        );
    }

    #[test]
    fn text_values_are_scored_by_their_churn_rate() {
        let levels = vec!["red".to_string(), "green".to_string()];
        let codes = [Some(0), Some(0), Some(1), Some(1)];
        let churned = [true, false, false, false];
        let rows = super::super::distribution::levels(
            &crate::data::TextColumn {
                levels: levels.clone(),
                codes: codes.to_vec(),
            },
            &churned,
        );
        let s = text_signal(&codes, &levels, &rows, &churned, 0.95);
        // the churner is in red (rate ½); retained: one red (tie, ½), two green (1 each)
        assert!((s.auc.unwrap() - (0.5 + 1.0 + 1.0) / 3.0).abs() < 1e-12);
        assert_eq!(s.direction, None);
    }
}
