//! Issue 15 ("Misses") against `tests/reference/misses_reference.py`: the per-account
//! explanation, misses, review capacity (with ties), detectable differences and
//! reclassification, each computed there from the definitions with numpy and pandas.

mod common;

use common::repo_path;
use healthscore::data::{load_history, ColumnRoles, History};
use healthscore::metrics::capacity::{review_capacity, CapacityRow};
use healthscore::metrics::tolerance::{close, APPROX, EXACT};
use healthscore::scorecard::{apply, explain, load_scorecard, Scorecard};
use healthscore::validate::{validate, Candidate, ValidateOptions, ValidationReport};
use serde_json::Value;

fn fixture() -> Value {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/misses_reference.json")).unwrap();
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

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

/// The history and every candidate of the fixture, scored.
fn candidates(fixture: &Value) -> (History, Vec<Candidate>) {
    let scorecards: Vec<Scorecard> = strings(&fixture["scorecards"])
        .iter()
        .map(|path| load_scorecard(&repo_path(path)).unwrap())
        .collect();
    let mut needs: Vec<_> = scorecards.iter().flat_map(Scorecard::column_needs).collect();
    needs.sort();
    needs.dedup();
    let roles = ColumnRoles {
        value: Some(fixture["value_column"].as_str().unwrap().to_string()),
        ..ColumnRoles::default()
    };
    let history = load_history(&repo_path(fixture["data"].as_str().unwrap()), &roles, &needs).unwrap();
    assert_eq!(history.len() as u64, fixture["rows"].as_u64().unwrap());
    assert_eq!(
        history.churned_count() as u64,
        fixture["churned"].as_u64().unwrap()
    );
    let candidates = scorecards
        .into_iter()
        .map(|scorecard| {
            let scored = apply(&scorecard, &history).unwrap();
            Candidate { scorecard, scored }
        })
        .collect();
    (history, candidates)
}

/// `actual` equals the optional number `expected` (JSON null as `None`) within `tolerance`.
fn same(actual: Option<f64>, expected: &Value, tolerance: f64, what: &str) {
    match (actual, expected.as_f64()) {
        (Some(a), Some(e)) => assert!(close(a, e, tolerance), "{what}: {a} vs {e}"),
        (None, None) => {}
        _ => panic!("{what}: {actual:?} vs {expected}"),
    }
}

fn validated(fixture: &Value, shares: Vec<f64>) -> ValidationReport {
    let (history, candidates) = candidates(fixture);
    let options = ValidateOptions {
        capacity: shares,
        ..ValidateOptions::default()
    };
    validate(&history, &candidates, &options)
}

#[test]
fn lost_points_reasons_and_points_to_the_next_band_match_the_reference() {
    let fixture = fixture();
    let (_, candidates) = candidates(&fixture);
    let Candidate { scorecard, scored } = &candidates[0];
    assert_eq!(scored.measure_names, strings(&fixture["explanation"]["measures"]));
    let explanation = explain(scorecard, scored);
    let rows = fixture["explanation"]["rows"].as_array().unwrap();
    for (row, expected) in rows.iter().enumerate() {
        let what = format!("row {}", row + 1);
        assert!(
            close(scored.scores[row], expected["score"].as_f64().unwrap(), 1e-8),
            "{what}"
        );
        for (k, lost) in expected["lost"].as_array().unwrap().iter().enumerate() {
            same(
                explanation.lost[k].get(row),
                lost,
                APPROX,
                &format!("{what}, measure {k}"),
            );
        }
        assert_eq!(
            &explanation.reasons[row],
            expected["reasons"].as_str().unwrap(),
            "{what}"
        );
        same(
            explanation.to_next_band[row],
            &expected["to_next_band"],
            1e-8,
            &what,
        );
    }
}

fn check_capacity(actual: &[CapacityRow], expected: &Value) {
    let expected = expected.as_array().unwrap();
    assert_eq!(actual.len(), expected.len());
    for (row, want) in actual.iter().zip(expected) {
        let what = format!("share {}", row.share);
        assert_eq!(row.share, want["share"].as_f64().unwrap());
        assert_eq!(row.cutoff, want["cutoff"].as_f64().unwrap(), "{what}");
        assert_eq!(row.accounts as u64, want["accounts"].as_u64().unwrap(), "{what}");
        assert_eq!(row.churned as u64, want["churned"].as_u64().unwrap(), "{what}");
        same(row.share_of_churned, &want["share_of_churned"], EXACT, &what);
        same(row.lift, &want["lift"], EXACT, &what);
        same(row.value_churned, &want["value_churned"], EXACT, &what);
    }
}

#[test]
fn capacity_with_many_tied_scores_matches_the_reference() {
    let case = &fixture()["capacity_ties"];
    let churned: Vec<bool> = case["churned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_bool().unwrap())
        .collect();
    let values = numbers(&case["values"]);
    let rows = review_capacity(
        &numbers(&case["scores"]),
        &churned,
        Some(&values),
        &numbers(&case["shares"]),
    )
    .unwrap();
    check_capacity(&rows, &case["expected"]);
    assert!(
        rows.iter().any(|r| r.accounts as f64 > (r.share * 203.0).ceil()),
        "the case should keep ties together past ⌈q·n⌉"
    );
}

#[test]
fn misses_and_capacity_of_each_scorecard_match_the_reference() {
    let fixture = fixture();
    let report = validated(&fixture, numbers(&fixture["capacity"]["shares"]));
    check_capacity(&report.scorecards[0].capacity, &fixture["capacity"]["expected"]);
    for (card, expected) in report
        .scorecards
        .iter()
        .zip(fixture["misses"].as_array().unwrap())
    {
        let misses = &card.misses;
        let (blind, want) = (&misses.blindsided, &expected["blindsided"]);
        assert_eq!(blind.band, want["band"].as_str().unwrap());
        assert_eq!(
            blind.accounts as u64,
            want["accounts"].as_u64().unwrap(),
            "{}",
            card.name
        );
        same(
            blind.share_of_churned,
            &want["share_of_churned"],
            EXACT,
            "share of churned",
        );
        same(blind.value, &want["value"], EXACT, "value");
        let (alarms, want) = (&misses.false_alarms, &expected["false_alarms"]);
        assert_eq!(alarms.band, want["band"].as_str().unwrap());
        assert_eq!(
            alarms.accounts as u64,
            want["accounts"].as_u64().unwrap(),
            "{}",
            card.name
        );
        same(
            alarms.share_of_retained,
            &want["share_of_retained"],
            EXACT,
            "share of retained",
        );
        let measures = expected["measures"].as_array().unwrap();
        assert_eq!(misses.measures.len(), measures.len());
        for (measure, want) in misses.measures.iter().zip(measures) {
            let what = format!("{}: {}", card.name, measure.name);
            assert_eq!(measure.name, want["name"].as_str().unwrap());
            same(
                measure.mean_points_blindsided,
                &want["mean_points_blindsided"],
                APPROX,
                &what,
            );
            same(
                measure.mean_points_caught,
                &want["mean_points_caught"],
                APPROX,
                &what,
            );
            same(
                measure.mean_points_retained,
                &want["mean_points_retained"],
                APPROX,
                &what,
            );
        }
    }
}

#[test]
fn detectable_differences_and_reclassification_match_the_reference() {
    let fixture = fixture();
    let report = validated(&fixture, vec![0.1]);
    let expected = fixture["comparisons"].as_array().unwrap();
    assert_eq!(report.comparisons.len(), expected.len());
    for (comparison, want) in report.comparisons.iter().zip(expected) {
        let what = format!("{} vs {}", comparison.a, comparison.b);
        assert_eq!(comparison.a, want["a"].as_str().unwrap());
        same(
            comparison.detectable_difference,
            &want["detectable_difference"],
            APPROX,
            &what,
        );
        match (&comparison.reclassification, want["reclassification"].is_null()) {
            (None, true) => {
                let note = comparison.reclassification_note.as_deref().unwrap();
                assert!(note.contains("has 3 bands") && note.contains("has 2"), "{note}");
            }
            (Some(table), false) => {
                let want = &want["reclassification"];
                assert!(comparison.reclassification_note.is_none());
                let moves = want["moves"].as_array().unwrap();
                assert_eq!(table.moves.len(), moves.len());
                for (cell, expected) in table.moves.iter().zip(moves) {
                    assert_eq!(cell.band_a, expected["band_a"].as_str().unwrap());
                    assert_eq!(cell.band_b, expected["band_b"].as_str().unwrap());
                    assert_eq!(
                        cell.accounts as u64,
                        expected["accounts"].as_u64().unwrap(),
                        "{what}"
                    );
                    assert_eq!(
                        cell.churned as u64,
                        expected["churned"].as_u64().unwrap(),
                        "{what}"
                    );
                }
                same(table.nri_churned, &want["nri_churned"], EXACT, &what);
                same(table.nri_retained, &want["nri_retained"], EXACT, &what);
                same(table.nri, &want["nri"], EXACT, &what);
            }
            _ => panic!("{what}: reclassification {:?}", comparison.reclassification),
        }
    }
}
