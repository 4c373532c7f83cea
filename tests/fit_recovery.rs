//! On the simulated sample history the fit recovers the hidden truth
//! (notebooks-data/sample_history.truth.json): measures without a true effect get weight 0,
//! the strong measures come out strongest in the truth's order, every measure with a signal
//! outranks every null one, and the suggested weights beat the committed, mis-weighted
//! configs/current.toml out of fold, significantly.

mod common;

use common::repo_path;
use healthscore::data::{load_history, ColumnRoles, History};
use healthscore::fit::{fit, FitOptions, FitReport, MeasureFit};
use healthscore::metrics::delong::paired_test;
use healthscore::scorecard::{apply, load_scorecard, Scorecard};
use serde_json::Value;

fn sample(scorecards: &[&Scorecard]) -> History {
    let roles = ColumnRoles {
        date: Some("snapshot_date".into()),
        ..ColumnRoles::default()
    };
    let mut needs: Vec<_> = scorecards.iter().flat_map(|s| s.column_needs()).collect();
    needs.sort();
    needs.dedup_by(|a, b| a.column == b.column && a.kind == b.kind);
    load_history(&repo_path("notebooks-data/sample_history.csv"), &roles, &needs).unwrap()
}

fn truth() -> Value {
    let text = std::fs::read_to_string(repo_path("notebooks-data/sample_history.truth.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn by_column<'a>(report: &'a FitReport, column: &str) -> &'a MeasureFit {
    report
        .measures
        .iter()
        .find(|m| m.column == column)
        .unwrap_or_else(|| panic!("no measure reads {column}"))
}

/// How strongly a measure's points protect against churn: minus its coefficient per standard
/// deviation of points (comparable across measures, like the truth's effect per SD), 0 when
/// the fit dropped it.
fn strength(measure: &MeasureFit) -> f64 {
    if measure.reason.is_some() {
        0.0
    } else {
        -measure.coefficient_per_sd.unwrap()
    }
}

#[test]
fn fit_recovers_the_hidden_truth_and_beats_the_current_scorecard() {
    let all = load_scorecard(&repo_path("configs/all-measures.toml")).unwrap();
    let current = load_scorecard(&repo_path("configs/current.toml")).unwrap();
    let history = sample(&[&all, &current]);
    let report = fit(&history, &all, &FitOptions::default()).unwrap();
    let truth = truth();

    // The three pure nulls get no weight; the two "no direct effect" measures get little.
    for column in ["csat", "avg_resolution_hours", "days_to_renewal"] {
        let m = by_column(&report, column);
        assert_eq!(m.suggested_weight, 0.0, "{column}: {m:?}");
        assert!(m.reason.is_some(), "{column} should say why it gets 0");
    }
    for column in strings(&truth["null_measures"]) {
        let m = by_column(&report, &column);
        assert!(
            m.suggested_weight <= 3.0,
            "{column} should get (near) zero weight: {m:?}"
        );
    }

    // Every measure with a true signal keeps a weight and outranks every null measure.
    let signals = strings(&truth["strongest_first"]);
    let weakest_signal = signals
        .iter()
        .map(|c| strength(by_column(&report, c)))
        .fold(f64::INFINITY, f64::min);
    let strongest_null = strings(&truth["null_measures"])
        .iter()
        .map(|c| strength(by_column(&report, c)))
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(weakest_signal > 0.0, "every signal measure keeps a weight");
    assert!(
        weakest_signal > strongest_null,
        "{weakest_signal} vs {strongest_null}"
    );
    for column in &signals {
        assert!(by_column(&report, column).suggested_weight > 0.0, "{column}");
    }

    // The strong ones come first, in the truth's order: seat utilization, then adoption,
    // then everything else (effects per SD 0.9 and 0.6; the rest 0.5 and below).
    let seat = strength(by_column(&report, &signals[0]));
    let adoption = strength(by_column(&report, &signals[1]));
    assert_eq!(signals[0], "seat_utilization");
    assert_eq!(signals[1], "feature_adoption");
    assert!(seat > adoption, "{seat} vs {adoption}");
    for column in &signals[2..] {
        let s = strength(by_column(&report, column));
        assert!(
            adoption > s,
            "feature_adoption ({adoption}) should outrank {column} ({s})"
        );
    }
    let weights: Vec<f64> = report.measures.iter().map(|m| m.suggested_weight).collect();
    assert_eq!(weights.iter().sum::<f64>(), 100.0);
    // A weight is per point, not per standard deviation: the two heaviest go to seat
    // utilization (the strongest latent) and payment overdue, whose few points below 100
    // also carry the truth's step (+1.5 log-odds beyond 30 days).
    let mut by_weight: Vec<&MeasureFit> = report.measures.iter().collect();
    by_weight.sort_by(|a, b| b.suggested_weight.total_cmp(&a.suggested_weight));
    let mut top_two = [by_weight[0].column.as_str(), by_weight[1].column.as_str()];
    top_two.sort_unstable();
    assert_eq!(top_two, ["days_payment_overdue", "seat_utilization"]);
    assert_eq!(truth["steps"][0]["column"], "days_payment_overdue");

    // Out of fold, the suggested weights beat the committed current scorecard.
    let current_scores = apply(&current, &history).unwrap().scores;
    let test = paired_test(&report.oof_scores, &current_scores, &history.churned).unwrap();
    assert!(test.diff > 0.03, "{test:?}");
    assert!(test.p_value < 0.05, "{test:?}");
    // ... and the equal-weight scorecard it started from.
    let comparison = &report.comparison;
    assert!(
        comparison.auc_diff.unwrap() > 0.0 && comparison.p_value.unwrap() < 0.05,
        "{comparison:?}"
    );
}

#[test]
fn refitting_the_current_scorecard_beats_it_out_of_fold() {
    let current = load_scorecard(&repo_path("configs/current.toml")).unwrap();
    let history = sample(&[&current]);
    let report = fit(&history, &current, &FitOptions::default()).unwrap();
    let (oof, now) = (report.auc_suggested_oof.unwrap(), report.auc_current.unwrap());
    assert!(oof > now + 0.05, "out of fold {oof} vs current {now}");
    assert!(report.comparison.p_value.unwrap() < 0.001);
    assert!(report
        .comparison
        .verdict
        .starts_with("the suggested weights separate churners better"));
    // CSAT and resolution time carry no signal: both are dropped, with a reason. A null
    // measure is "not significant", or, by chance (CSAT on this sample, p = 0.050), "points
    // the wrong way"; never a weight.
    for name in ["CSAT", "Resolution time"] {
        let m = report.measures.iter().find(|m| m.name == name).unwrap();
        assert_eq!(m.suggested_weight, 0.0, "{m:?}");
        let reason = m.reason.as_deref().unwrap();
        assert!(
            reason.starts_with("not significant") || reason.starts_with("points the wrong way"),
            "{m:?}"
        );
    }
    // Seat utilization, under-weighted today, gets the most weight.
    let seat = report
        .measures
        .iter()
        .find(|m| m.name == "Seat utilization")
        .unwrap();
    assert!(seat.suggested_weight > 2.0 * seat.current_weight, "{seat:?}");
}
