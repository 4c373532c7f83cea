//! The trend test's answer in plain words, by the rule in [`crate::judgement::judge_trend`].

use crate::format::{format_p, percent};
use crate::judgement::{judge_trend, TrendReading};
use crate::validate::{TrendTest, FALLING_POINTS};

/// "A falling score warns of churn beyond its level (p < 0.001): …", or why the trend could
/// not be tested; `score_moved` says whether any snapshot's score differs from the previous.
pub fn verdict(test: &TrendTest, score_moved: bool) -> String {
    if test.accounts == 0 {
        return "no snapshot has a previous one to compare with: the trend cannot be tested".to_string();
    }
    if test.churned == 0 || test.churned == test.accounts {
        return "the snapshots with a previous one are all churned or all retained: the trend cannot be tested"
            .to_string();
    }
    if !score_moved {
        return "the score never changed between snapshots: the trend cannot be tested".to_string();
    }
    let (Some(coefficient), Some(p_value)) = (test.change_coefficient, test.p_value) else {
        return "the model of churn on score and change could not be fitted: the trend cannot be tested"
            .to_string();
    };
    let rates = format!(
        "accounts whose score fell by {FALLING_POINTS:.0} points or more churned at {}, the others at {}",
        percent(test.falling.churn_rate),
        percent(test.steady_or_rising.churn_rate)
    );
    let p = format_p(p_value);
    match judge_trend(coefficient, p_value) {
        TrendReading::FallingWarns => {
            format!("a falling score warns of churn beyond its level ({p}): {rates}")
        }
        TrendReading::RisingWarns => format!(
            "the change adds to the score the wrong way round ({p}): at the same score, a rising score goes \
             with more churn; {rates}"
        ),
        TrendReading::NothingAdded => format!(
            "the trend adds nothing the score does not already say ({p}): read the score, not its arrow; \
             {rates}"
        ),
    }
}
