//! Issue 17 (expansion as a second outcome, value per band) against
//! `tests/reference/outcomes_reference.py`: the expansion AUC with its DeLong interval, the
//! expansion rate per band with its Wilson interval, the value per band, the value at risk,
//! and the DeLong test of two candidates on expansion, each computed there from the
//! definitions (every pair compared directly). Plus the property that links the two
//! outcomes: churn given as the complement of expansion gives exactly the churn AUC.

mod common;

use common::repo_path;
use healthscore::data::{load_history, ColumnRoles, Expansion, History};
use healthscore::metrics::tolerance::{close, APPROX, EXACT};
use healthscore::scorecard::{apply, load_scorecard, Scorecard};
use healthscore::validate::{validate, Candidate, ValidateOptions, ValidationReport};
use proptest::prelude::*;
use serde_json::Value;

const CARDS: [&str; 2] = ["tests/fixtures/outcomes/a.toml", "tests/fixtures/outcomes/b.toml"];

fn fixture() -> Value {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/outcomes_reference.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn scorecards() -> Vec<Scorecard> {
    CARDS
        .iter()
        .map(|p| load_scorecard(&repo_path(p)).unwrap())
        .collect()
}

fn candidates(history: &History, scorecards: Vec<Scorecard>) -> Vec<Candidate> {
    scorecards
        .into_iter()
        .map(|scorecard| {
            let scored = apply(&scorecard, history).unwrap();
            Candidate { scorecard, scored }
        })
        .collect()
}

/// `validate` of both scorecards on the fixture history with `--expansion expanded --value arr`.
fn report() -> ValidationReport {
    let scorecards = scorecards();
    let mut needs: Vec<_> = scorecards.iter().flat_map(Scorecard::column_needs).collect();
    needs.sort();
    needs.dedup();
    let roles = ColumnRoles {
        value: Some("arr".into()),
        expansion: Some("expanded".into()),
        ..ColumnRoles::default()
    };
    let path = repo_path("tests/fixtures/outcomes/history.csv");
    let history = load_history(&path, &roles, &needs).unwrap();
    let candidates = candidates(&history, scorecards);
    validate(&history, &candidates, &ValidateOptions::default())
}

/// Every number in `expected` matches `actual` within `tolerance` (nulls and strings exactly).
fn assert_matches(actual: &Value, expected: &Value, tolerance: f64, at: &str) {
    match (actual, expected) {
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
            assert!(close(a, e, tolerance), "{at}: {a} vs {e}");
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "{at}: lengths");
            for (i, (a, e)) in a.iter().zip(e).enumerate() {
                assert_matches(a, e, tolerance, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(a), Value::Object(e)) => {
            for (key, e) in e {
                let a = a.get(key).unwrap_or_else(|| panic!("{at}: no '{key}'"));
                assert_matches(a, e, tolerance, &format!("{at}.{key}"));
            }
        }
        (a, e) => assert_eq!(a, e, "{at}"),
    }
}

#[test]
fn expansion_per_scorecard_matches_the_direct_computation() {
    let fixture = fixture();
    let report = serde_json::to_value(report()).unwrap();
    for (k, expected) in fixture["scorecards"].as_array().unwrap().iter().enumerate() {
        let actual = &report["scorecards"][k];
        assert_eq!(actual["name"], expected["name"]);
        let (mut exact, mut approx) = (expected["expansion"].clone(), serde_json::Map::new());
        // the standard error and interval go through square roots and the normal quantile
        for key in ["auc_se", "auc_ci"] {
            approx.insert(key.into(), exact[key].take());
        }
        exact.as_object_mut().unwrap().retain(|_, v| !v.is_null());
        assert_matches(&actual["expansion"], &exact, EXACT, "expansion");
        assert_matches(&actual["expansion"], &Value::Object(approx), APPROX, "expansion");
    }
}

#[test]
fn value_per_band_matches_the_direct_sums() {
    let fixture = fixture();
    let report = serde_json::to_value(report()).unwrap();
    for (k, expected) in fixture["scorecards"].as_array().unwrap().iter().enumerate() {
        let actual = &report["scorecards"][k];
        let value = &expected["value"];
        assert_matches(&actual["bands"], &value["bands"], EXACT, "bands");
        assert_matches(
            &actual["value_at_risk"],
            &value["value_at_risk"],
            EXACT,
            "value_at_risk",
        );
        assert_matches(
            &actual["worst_band_value_capture"],
            &value["worst_band_value_capture"],
            EXACT,
            "worst_band_value_capture",
        );
    }
}

#[test]
fn the_comparison_on_expansion_matches_the_direct_delong_test() {
    let fixture = fixture();
    let report = serde_json::to_value(report()).unwrap();
    let expected = &fixture["comparisons"][0];
    let actual = &report["comparisons"][0];
    assert_eq!((&actual["a"], &actual["b"]), (&expected["a"], &expected["b"]));
    let mut expected = expected.clone();
    for key in ["a", "b"] {
        expected.as_object_mut().unwrap().remove(key);
    }
    assert_matches(&actual["expansion"], &expected, APPROX, "comparison");
    let verdict = actual["expansion"]["verdict"].as_str().unwrap();
    assert!(
        verdict.starts_with("'A usage' finds expansion ('expanded') better than 'B tickets'"),
        "{verdict}"
    );
}

/// A small history of the fixture's measures with the given churn flags, and expansion
/// their complement.
fn complement_history(usage: &[Option<f64>], tickets: &[f64], churned: &[bool]) -> History {
    let n = churned.len();
    let mut history = History {
        ids: (0..n).map(|i| format!("A{i}")).collect(),
        churned: churned.to_vec(),
        expansion: Some(Expansion {
            column: "grew".into(),
            expanded: churned.iter().map(|&c| !c).collect(),
        }),
        ..History::default()
    };
    history.numeric.insert("usage".into(), usage.to_vec().into());
    history.numeric.insert(
        "tickets".into(),
        tickets.iter().map(|&t| Some(t)).collect::<Vec<_>>().into(),
    );
    history.numeric.insert("nps".into(), vec![None; n].into());
    history
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The churn AUC is P(retained scores higher than churned); with expansion the
    /// complement of churn, "expanded" is "retained", so both AUCs and their DeLong
    /// figures are the same numbers, bit for bit.
    #[test]
    fn churn_as_the_complement_of_expansion_gives_the_same_auc(
        rows in prop::collection::vec(
            (prop::option::of(0.0f64..1.0), 0u8..7, any::<bool>()),
            4..60,
        )
    ) {
        let usage: Vec<Option<f64>> = rows.iter().map(|r| r.0.map(|u| (u * 20.0).round() / 20.0)).collect();
        let tickets: Vec<f64> = rows.iter().map(|r| f64::from(r.1)).collect();
        let churned: Vec<bool> = rows.iter().map(|r| r.2).collect();
        let history = complement_history(&usage, &tickets, &churned);
        let candidates = candidates(&history, scorecards());
        let report = validate(&history, &candidates, &ValidateOptions::default());
        for card in &report.scorecards {
            let expansion = card.expansion.as_ref().unwrap();
            prop_assert_eq!(card.discrimination.auc, expansion.auc);
            prop_assert_eq!(card.discrimination.auc_se, expansion.auc_se);
            prop_assert_eq!(card.discrimination.auc_ci, expansion.auc_ci);
        }
        let comparison = &report.comparisons[0];
        let expansion = comparison.expansion.as_ref().unwrap();
        prop_assert_eq!(comparison.auc_diff, expansion.auc_diff);
        prop_assert_eq!(comparison.p_value, expansion.p_value);
    }
}
