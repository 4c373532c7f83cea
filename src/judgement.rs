//! The thresholds behind the plain-words judgements every command makes: when a difference
//! counts as real, when a measure separates churners too well to be believed, and what an
//! information value says. One place, so that `validate`, `fit`, `backtest`, `inspect` and
//! `tune` judge alike.

/// Significance level for calling a difference real (two-sided p below it).
pub const SIGNIFICANCE: f64 = 0.05;

/// A univariate AUC this far from 0.5 (at or above it, or at or below 1 minus it) is too
/// good to be true for a health measure: possibly a leak, a column known only after churn.
pub const LEAK_AUC: f64 = 0.95;

/// The power at which the smallest detectable difference is stated: a history "could tell
/// two scores apart" when the test would find a difference of that size 80% of the time.
pub const POWER: f64 = 0.80;

/// Fewer churned accounts than this and comparisons can only see large differences: the
/// scorecard gets a warning.
pub const FEW_CHURNED: usize = 50;

/// Whether a difference that is not significant is also smaller than the smallest one the
/// history could detect (at [`SIGNIFICANCE`] and [`POWER`]): then the history is too small to
/// tell the two apart, rather than the two being alike.
pub fn too_small_to_tell(diff: f64, p_value: f64, detectable: f64) -> bool {
    judge_difference(diff, p_value) == Difference::NotSignificant && diff.abs() < detectable
}

/// What a tested difference between two figures (such as two AUCs) supports saying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difference {
    /// `p ≥ SIGNIFICANCE`: the difference may be chance; name no winner.
    NotSignificant,
    /// Significant, and the first figure is the higher.
    Higher,
    /// Significant, and the first figure is the lower (or equal).
    Lower,
}

/// The one rule behind every "which is better" verdict: a winner is named only when
/// `p < SIGNIFICANCE`, and then by the sign of `diff` (first minus second).
pub fn judge_difference(diff: f64, p_value: f64) -> Difference {
    if p_value >= SIGNIFICANCE {
        Difference::NotSignificant
    } else if diff > 0.0 {
        Difference::Higher
    } else {
        Difference::Lower
    }
}

/// What an AUC's confidence interval says about a score and an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// The whole interval lies above 0.5: better than chance.
    AboveChance,
    /// The whole interval lies below 0.5: the score points the other way.
    BelowChance,
    /// The interval holds 0.5: no clear signal either way.
    Unclear,
}

/// The reading of an AUC interval `[low, high]`: a signal is named only when the interval
/// excludes 0.5 (chance).
pub fn auc_signal([low, high]: [f64; 2]) -> Signal {
    if low > 0.5 {
        Signal::AboveChance
    } else if high < 0.5 {
        Signal::BelowChance
    } else {
        Signal::Unclear
    }
}

/// What the trend test supports saying about a score's change since the previous snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendReading {
    /// `p ≥ SIGNIFICANCE`: the change adds nothing the level does not already say.
    NothingAdded,
    /// Significant, and a falling score means more churn at the same level (the change
    /// coefficient, in log-odds of churn per point, is negative).
    FallingWarns,
    /// Significant, but a rising score means more churn at the same level.
    RisingWarns,
}

/// The rule behind the trend verdict: the change adds to the level only when its Wald
/// `p < SIGNIFICANCE`, and which way by the sign of its coefficient.
pub fn judge_trend(change_coefficient: f64, p_value: f64) -> TrendReading {
    match judge_difference(change_coefficient, p_value) {
        Difference::NotSignificant => TrendReading::NothingAdded,
        Difference::Lower => TrendReading::FallingWarns,
        Difference::Higher => TrendReading::RisingWarns,
    }
}

/// The common reading of an information value (Siddiqi, *Credit Risk Scorecards*, 2006):
/// below 0.02 useless, 0.02–0.1 weak, 0.1–0.3 medium, 0.3 and above strong.
pub fn iv_strength(iv: f64) -> &'static str {
    match iv {
        iv if iv < 0.02 => "useless",
        iv if iv < 0.1 => "weak",
        iv if iv < 0.3 => "medium",
        _ => "strong",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_winner_is_named_only_below_the_significance_level() {
        assert_eq!(judge_difference(0.2, 0.05), Difference::NotSignificant);
        assert_eq!(judge_difference(0.2, 0.049), Difference::Higher);
        assert_eq!(judge_difference(-0.2, 0.001), Difference::Lower);
        assert_eq!(judge_difference(0.0, 0.001), Difference::Lower);
    }

    #[test]
    fn an_auc_signal_is_named_only_when_the_interval_excludes_chance() {
        assert_eq!(auc_signal([0.51, 0.7]), Signal::AboveChance);
        assert_eq!(auc_signal([0.5, 0.7]), Signal::Unclear);
        assert_eq!(auc_signal([0.3, 0.49]), Signal::BelowChance);
    }

    #[test]
    fn the_trend_adds_to_the_level_only_below_the_significance_level() {
        assert_eq!(judge_trend(-0.05, 0.05), TrendReading::NothingAdded);
        assert_eq!(judge_trend(-0.05, 0.01), TrendReading::FallingWarns);
        assert_eq!(judge_trend(0.05, 0.01), TrendReading::RisingWarns);
    }

    #[test]
    fn information_values_read_in_four_steps() {
        assert_eq!(iv_strength(0.019), "useless");
        assert_eq!(iv_strength(0.02), "weak");
        assert_eq!(iv_strength(0.1), "medium");
        assert_eq!(iv_strength(0.3), "strong");
    }

    #[test]
    fn too_small_to_tell_only_when_not_significant_and_below_the_detectable_difference() {
        assert!(too_small_to_tell(0.005, 0.3, 0.013));
        assert!(too_small_to_tell(-0.005, 0.3, 0.013));
        assert!(!too_small_to_tell(0.02, 0.06, 0.013));
        assert!(!too_small_to_tell(0.005, 0.01, 0.013));
        assert!(!too_small_to_tell(0.0, 1.0, 0.0));
    }
}
