//! The monotone binning, WoE, points and IV against the independent brute-force Python
//! reference in tests/fixtures/tune_reference.json (made by tests/reference/tune_reference.py)
//! on columns of the committed sample history: bins exactly, numbers to `tolerance::APPROX`.

mod common;

use common::repo_path;
use healthscore::metrics::binning::{best_binning, prebin_count, prebins, tally, BinningLimits, ChurnTrend};
use healthscore::metrics::tolerance::{close, APPROX};
use serde_json::Value;

/// The present values of `column` in the sample history and their rows' churn outcomes.
fn sample_column(column: &str) -> (Vec<f64>, Vec<bool>) {
    let text = std::fs::read_to_string(repo_path("notebooks-data/sample_history.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (value_at, churn_at) = (at(column), at("churned"));
    let mut values = Vec::new();
    let mut churned = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        if let Ok(value) = cells[value_at].parse::<f64>() {
            values.push(value);
            churned.push(cells[churn_at] == "1");
        }
    }
    (values, churned)
}

fn trend(name: &str) -> ChurnTrend {
    match name {
        "rising" => ChurnTrend::Rising,
        _ => ChurnTrend::Falling,
    }
}

#[test]
fn binning_matches_the_python_reference() {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/tune_reference.json")).unwrap();
    let reference: Value = serde_json::from_str(&text).unwrap();
    for case in reference["cases"].as_array().unwrap() {
        let column = case["column"].as_str().unwrap();
        let (values, churned) = sample_column(column);
        let limits = BinningLimits {
            max_bins: case["max_bins"].as_u64().unwrap() as usize,
            min_share: case["min_share"].as_f64().unwrap(),
        };
        let preferred = case["preferred"].as_str().map(trend);
        let tallies = tally(&values, &churned).unwrap();
        assert_eq!(
            prebins(&tallies, prebin_count(limits)).len() as u64,
            case["prebins"].as_u64().unwrap(),
            "{column}: pre-bins"
        );
        let binning = best_binning(&tallies, limits, preferred).unwrap();
        assert_eq!(
            binning.trend,
            trend(case["trend"].as_str().unwrap()),
            "{column}: trend"
        );
        assert!(
            close(binning.iv, case["iv"].as_f64().unwrap(), APPROX),
            "{column}: IV"
        );
        let expected = case["bins"].as_array().unwrap();
        assert_eq!(binning.bins.len(), expected.len(), "{column}: bins");
        for (i, (bin, want)) in binning.bins.iter().zip(expected).enumerate() {
            assert_eq!(bin.low, want["low"].as_f64().unwrap(), "{column} bin {i}: low");
            assert_eq!(bin.high, want["high"].as_f64().unwrap(), "{column} bin {i}: high");
            assert_eq!(
                bin.accounts as u64,
                want["accounts"].as_u64().unwrap(),
                "{column} bin {i}"
            );
            assert_eq!(
                bin.churned as u64,
                want["churned"].as_u64().unwrap(),
                "{column} bin {i}"
            );
            assert!(
                close(binning.woe[i], want["woe"].as_f64().unwrap(), APPROX),
                "{column} bin {i}: WoE"
            );
            assert!(
                close(binning.points[i], want["points"].as_f64().unwrap(), APPROX),
                "{column} bin {i}: points"
            );
        }
    }
}
