//! The charts of the "Thresholds" section (`report --tune`): one per tuned measure with
//! bins, each with a caption in plain words (its IV, whether the suggestion reverses the
//! scorecard's direction, whether its bins hold in every period).

use super::charts::thresholds::{ThresholdBin, ThresholdsChart};
use super::charts::Chart;
use super::slug;
use super::view::measure_label;
use crate::judgement::iv_strength;
use crate::tune::{MeasureTune, TuneReport};

/// One chart per measure with bins, in the tune's order, with its caption. Measures whose
/// current rule is kept have no bins and no chart (the section lists them with their
/// reason).
pub fn threshold_charts(tune: &TuneReport) -> Vec<(Chart, String)> {
    tune.measures
        .iter()
        .enumerate()
        .filter(|(_, measure)| !measure.bins.is_empty())
        .map(|(i, measure)| {
            let label = measure_label(tune, measure);
            let chart = ThresholdsChart {
                slug: slug(i, &label),
                bins: measure
                    .bins
                    .iter()
                    .map(|bin| ThresholdBin {
                        low: bin.low,
                        high: bin.high,
                        category: bin.category.clone(),
                        accounts: bin.accounts,
                        churned: bin.churned,
                        churn_rate: bin.churn_rate,
                        interval: bin.churn_rate_ci,
                        current_points: bin.current_points,
                        suggested_points: bin.points,
                    })
                    .collect(),
                measure: label.clone(),
            };
            (Chart::Thresholds(chart), caption(&label, measure))
        })
        .collect()
}

/// The caption: IV, direction, stability, and how to read the chart.
fn caption(label: &str, measure: &MeasureTune) -> String {
    let mut sentences = Vec::new();
    if let Some(iv) = measure.iv {
        sentences.push(format!(
            "'{label}': information value {iv:.3} ({} at telling churners apart).",
            iv_strength(iv)
        ));
    } else {
        sentences.push(format!("'{label}'."));
    }
    let trend = measure.direction.map(|direction| match direction {
        "higher_is_better" => "churn falls as the value grows",
        _ => "churn rises as the value grows",
    });
    match (measure.monotone, trend) {
        (Some(true), Some(trend)) => {
            sentences.push(format!("History agrees with the scorecard's direction: {trend}."))
        }
        (Some(false), Some(trend)) => sentences.push(format!(
            "The suggestion reverses the scorecard's direction: in history {trend}."
        )),
        (None, Some(trend)) => sentences.push(format!("In history {trend}.")),
        _ => {}
    }
    sentences.push(
        match measure.stable {
            Some(true) => "The bins keep their order in every period.",
            Some(false) => "The bins' order does not hold in every period: a less certain suggestion.",
            None => "Not checked period by period (that needs snapshot dates from two periods or more).",
        }
        .to_string(),
    );
    sentences.push(
        "Bars: churn rate per suggested bin with its 95% Wilson interval; dots: the points the current rule gives \
         the bin's accounts on average (grey) and the suggested points (blue)."
            .to_string(),
    );
    sentences.join(" ")
}

#[cfg(test)]
mod tests {
    use super::caption;
    use crate::tune::MeasureTune;

    fn measure(monotone: Option<bool>, stable: Option<bool>) -> MeasureTune {
        MeasureTune {
            profile: "default".into(),
            name: "Payment overdue".into(),
            column: "overdue".into(),
            current_rule: "linear min = 0, max = 60, higher_is_better".into(),
            suggested_rule: "thresholds upto 0 → 100, otherwise 0".into(),
            iv: Some(0.35),
            direction: Some("lower_is_better"),
            monotone,
            stable,
            reason: String::new(),
            bins: Vec::new(),
            current_missing: "skip".into(),
            suggested_missing: "skip".into(),
            missing: None,
            stability: None,
        }
    }

    #[test]
    fn the_caption_says_when_history_reverses_the_direction() {
        let text = caption("Payment overdue", &measure(Some(false), Some(false)));
        assert!(
            text.starts_with("'Payment overdue': information value 0.350 (strong"),
            "{text}"
        );
        assert!(
            text.contains("reverses the scorecard's direction: in history churn rises"),
            "{text}"
        );
        assert!(text.contains("does not hold in every period"), "{text}");
    }

    #[test]
    fn the_caption_says_when_history_agrees() {
        let text = caption("Payment overdue", &measure(Some(true), None));
        assert!(
            text.contains("History agrees with the scorecard's direction"),
            "{text}"
        );
        assert!(text.contains("Not checked period by period"), "{text}");
    }
}
