//! Change measures and the trend test against `tests/reference/trend_reference.py`: the
//! change values against pandas, the trend test against statsmodels `Logit` (coefficient,
//! standard error, Wald p-value), scikit-learn (AUCs, the out-of-fold one on the fixture's
//! folds) and statsmodels' Wilson intervals.

mod common;

use std::path::Path;

use common::repo_path;
use healthscore::data::{History, NumericColumn};
use healthscore::scorecard::{add_change_columns, parse_scorecard};
use healthscore::trend::{test_pairs, SnapshotPairs};
use serde_json::Value;

fn fixture() -> Value {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/trend_reference.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn numbers(value: &Value) -> Vec<Option<f64>> {
    value.as_array().unwrap().iter().map(Value::as_f64).collect()
}

fn history(fixture: &Value) -> History {
    let ids: Vec<String> = fixture["account_id"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let mut history = History {
        churned: fixture["churned"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_bool().unwrap())
            .collect(),
        dates: Some(
            numbers(&fixture["date"])
                .iter()
                .map(|d| d.unwrap() as i32)
                .collect(),
        ),
        ids,
        ..History::default()
    };
    history
        .numeric
        .insert("usage".into(), NumericColumn::from(numbers(&fixture["usage"])));
    history
}

fn close(actual: Option<f64>, expected: &Value, tolerance: f64, what: &str) {
    let (actual, expected) = (actual.unwrap(), expected.as_f64().unwrap());
    assert!(
        (actual - expected).abs() <= tolerance * expected.abs().max(1e-300),
        "{what}: {actual} vs {expected}"
    );
}

#[test]
fn change_values_match_pandas() {
    let fixture = fixture();
    for transform in ["change", "pct_change"] {
        let mut history = history(&fixture);
        let text = format!(
            "name = \"t\"\n[[measures]]\nname = \"Usage\"\ncolumn = \"usage\"\nweight = 1\ntransform = \"{transform}\"\n\
             scoring = {{ method = \"percentile\", direction = \"higher_is_better\" }}\n"
        );
        let card = parse_scorecard(&text, Path::new("t.toml")).unwrap();
        let gaps = add_change_columns(&mut history, &[&card]).unwrap().unwrap();
        assert!(gaps.snapshots > 0, "the fixture has gaps");
        let key = card.profiles[0].measures[0].values_key().into_owned();
        let actual: Vec<Option<f64>> = history.numeric[&key].iter().collect();
        let expected = numbers(&fixture[transform]);
        assert_eq!(actual.len(), expected.len());
        for (row, (a, e)) in actual.iter().zip(&expected).enumerate() {
            match (a, e) {
                (Some(a), Some(e)) => {
                    assert!((a - e).abs() <= 1e-12 * e.abs().max(1.0), "{transform} row {row}")
                }
                _ => assert_eq!(a.is_some(), e.is_some(), "{transform} row {row}: {a:?} vs {e:?}"),
            }
        }
    }
}

#[test]
fn the_trend_test_matches_statsmodels_and_scikit_learn() {
    let fixture = fixture();
    let history = history(&fixture);
    let scores: Vec<f64> = numbers(&fixture["score"])
        .into_iter()
        .map(Option::unwrap)
        .collect();
    let pairs = SnapshotPairs::new(
        history.previous_snapshots().expect("dates"),
        &history.churned,
        &scores,
    );
    let fold_of_row: Vec<usize> = numbers(&fixture["fold"])
        .iter()
        .map(|f| f.unwrap() as usize)
        .collect();
    let folds: Vec<usize> = pairs.rows.iter().map(|&r| fold_of_row[r]).collect();
    let test = test_pairs(&pairs, &folds, 0.95);
    let expected = &fixture["trend"];
    assert_eq!(test.accounts as u64, expected["accounts"].as_u64().unwrap());
    assert_eq!(test.churned as u64, expected["churned"].as_u64().unwrap());
    close(test.auc_level, &expected["auc_level"], 1e-12, "auc_level");
    close(
        test.auc_level_and_change,
        &expected["auc_level_and_change"],
        1e-9,
        "auc_level_and_change",
    );
    close(
        test.change_coefficient,
        &expected["change_coefficient"],
        1e-6,
        "change_coefficient",
    );
    close(test.std_error, &expected["std_error"], 1e-6, "std_error");
    close(test.p_value, &expected["p_value"], 1e-4, "p_value");
    for (group, name) in [
        (&test.falling, "falling"),
        (&test.steady_or_rising, "steady_or_rising"),
    ] {
        let e = &expected[name];
        assert_eq!(group.accounts as u64, e["accounts"].as_u64().unwrap(), "{name}");
        assert_eq!(group.churned as u64, e["churned"].as_u64().unwrap(), "{name}");
        close(group.churn_rate, &e["churn_rate"], 1e-12, name);
        let ci = group.churn_rate_ci.unwrap();
        close(Some(ci[0]), &e["churn_rate_ci"][0], 1e-9, name);
        close(Some(ci[1]), &e["churn_rate_ci"][1], 1e-9, name);
    }
    assert!(
        test.verdict
            .starts_with("a falling score warns of churn beyond its level"),
        "{}",
        test.verdict
    );
}
