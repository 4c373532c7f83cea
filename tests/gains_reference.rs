//! The cumulative gains curve of the report (`metrics::gains`, read off the ROC curve)
//! against `tests/reference/gains_reference.py`, which counts the lowest-scored accounts
//! directly with numpy.

mod common;

use common::repo_path;
use healthscore::metrics::auc::roc_curve;
use healthscore::metrics::gains::cumulative_gains;
use serde_json::Value;

#[test]
fn gains_match_counting_the_lowest_scores() {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/gains_reference.json")).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let cases = fixture["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    for (i, case) in cases.iter().enumerate() {
        let scores: Vec<f64> = case["scores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let churned: Vec<bool> = case["churned"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_bool().unwrap())
            .collect();
        let expected: Vec<(f64, f64)> = case["gains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect();
        let roc: Vec<(f64, f64)> = roc_curve(&scores, &churned, usize::MAX)
            .unwrap()
            .iter()
            .map(|p| (p.false_alarm_rate, p.churn_caught_rate))
            .collect();
        let positives = churned.iter().filter(|&&c| c).count();
        let gains = cumulative_gains(&roc, positives, churned.len() - positives);
        assert_eq!(gains.len(), expected.len(), "case {i}");
        for (got, want) in gains.iter().zip(&expected) {
            assert!(
                (got.0 - want.0).abs() < 1e-12 && (got.1 - want.1).abs() < 1e-12,
                "case {i}: {got:?} vs {want:?}"
            );
        }
    }
}
