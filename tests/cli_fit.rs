//! `healthscore fit` end to end: on the committed sample (terminal summary, JSON keys, the
//! written scorecard and how it differs from the input), and with bad input.

mod common;

use common::{repo_path, Workdir};
use serde_json::Value;

fn sample_args(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "fit",
        "--data",
        repo_path("notebooks-data/sample_history.csv").to_str().unwrap(),
        "--date",
        "snapshot_date",
        "--scorecard",
        repo_path("configs/current.toml").to_str().unwrap(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

#[test]
fn sample_fit_writes_json_and_a_scorecard_that_differs_only_in_weights_and_cutoffs() {
    let work = Workdir::new("fit-sample");
    let output = work.run(sample_args(&[
        "--write",
        "suggested.toml",
        "--json",
        "fit.json",
        "--cutoffs",
    ]));
    output.assert_success();
    assert!(
        output
            .stdout
            .contains("The suggested weights separate churners better out of fold"),
        "{}",
        output.stdout
    );
    assert!(output
        .stdout
        .contains("Suggested cutoffs (--write writes current_shares)"));
    assert!(
        output
            .stdout
            .contains("on 20,000 snapshots of 6,333 accounts (1,754 churned, 8.8%)"),
        "{}",
        output.stdout
    );
    // The cutoffs table stays aligned: every row's churn rates start under their heading.
    let cutoffs: Vec<&str> = output
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("rule "))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(cutoffs.len() >= 4, "{}", output.stdout);
    let column = cutoffs[0].find("churn rate per band").unwrap();
    for row in &cutoffs[1..] {
        let cell = row.chars().skip(column).collect::<String>();
        let before = row.chars().take(column).collect::<String>();
        assert!(
            before.ends_with("  ") && !cell.starts_with(' '),
            "misaligned cutoffs row: {row}"
        );
    }
    assert!(output
        .stdout
        .contains("wrote the suggested scorecard to suggested.toml"));
    assert!(
        output
            .stderr
            .contains("warning: the history has 4 snapshot dates"),
        "{}",
        output.stderr
    );

    let text = work.read("fit.json");
    assert!(!text.contains("NaN") && !text.contains("inf"));
    let report: Value = serde_json::from_str(&text).unwrap();
    for key in [
        "scorecard",
        "accounts",
        "churned",
        "folds",
        "regularization",
        "auc_current",
        "auc_suggested_oof",
        "comparison",
        "measures",
        "groups",
        "profiles",
        "bands",
        "cutoffs",
        "warnings",
    ] {
        assert!(report.get(key).is_some(), "top-level key {key} missing");
    }
    assert_eq!(report["scorecard"], "Current Q3");
    assert_eq!(report["accounts"], 20000);
    assert_eq!(report["folds"], 5);
    for key in ["auc_diff", "z", "p_value", "verdict"] {
        assert!(
            report["comparison"].get(key).is_some(),
            "comparison key {key} missing"
        );
    }
    let diff = report["comparison"]["auc_diff"].as_f64().unwrap();
    let oof = report["auc_suggested_oof"].as_f64().unwrap();
    let current = report["auc_current"].as_f64().unwrap();
    assert!((diff - (oof - current)).abs() < 1e-12);
    let measures = report["measures"].as_array().unwrap();
    assert_eq!(measures.len(), 9);
    for key in [
        "name",
        "current_weight",
        "suggested_weight",
        "coefficient",
        "std_error",
        "weight_ci",
        "reason",
    ] {
        assert!(measures[0].get(key).is_some(), "measure key {key} missing");
    }
    let total: f64 = measures
        .iter()
        .map(|m| m["suggested_weight"].as_f64().unwrap())
        .sum();
    assert_eq!(total, 100.0);
    let current_total: f64 = measures
        .iter()
        .map(|m| m["current_weight"].as_f64().unwrap())
        .sum();
    assert!((current_total - 100.0).abs() < 1e-9);
    let regularization = &report["regularization"][0];
    assert!(regularization["strength"].as_f64().unwrap() > 0.0);
    assert_eq!(regularization["grid"].as_array().unwrap().len(), 5);

    // The written file: the input plus a header, new weights and cutoffs, and the dropped
    // measures commented out — nothing else.
    let original = std::fs::read_to_string(repo_path("configs/current.toml")).unwrap();
    let written = work.read("suggested.toml");
    let body: Vec<&str> = written
        .lines()
        .skip_while(|l| l.starts_with("# healthscore fit:"))
        .collect();
    let originals: Vec<&str> = original.lines().collect();
    let mut changed = Vec::new();
    let mut at = 0;
    for line in &body {
        if line.starts_with("# healthscore fit: dropped") {
            continue;
        }
        let expected = originals[at];
        at += 1;
        if *line == expected {
            continue;
        }
        let commented = *line == format!("# {expected}") || (expected.is_empty() && *line == "#");
        let reweighted = expected.starts_with("weight = ") && line.starts_with("weight = ");
        let cut = expected.starts_with("below = ") && line.starts_with("below = ");
        assert!(
            commented || reweighted || cut,
            "unexpected change: {expected:?} -> {line:?}"
        );
        changed.push(*line);
    }
    assert_eq!(at, originals.len(), "every original line accounted for");
    assert!(changed.iter().any(|l| l.starts_with("weight = ")));
    assert!(changed.iter().any(|l| l.starts_with("below = ")));
    // Both null measures are dropped with their reason.
    assert!(written.contains("# healthscore fit: dropped measure 'Resolution time': not significant"));
    assert!(written.contains("# healthscore fit: dropped measure 'CSAT': not significant"));

    // validate reads it, and its AUC is the in-sample AUC the fit reported.
    let validated = work.run([
        "validate",
        "--data",
        repo_path("notebooks-data/sample_history.csv").to_str().unwrap(),
        "--date",
        "snapshot_date",
        "--scorecard",
        "suggested.toml",
        "--json",
        "v.json",
    ]);
    validated.assert_success();
    let v: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    let auc = v["scorecards"][0]["auc"].as_f64().unwrap();
    assert!((auc - report["auc_suggested_in_sample"].as_f64().unwrap()).abs() < 1e-12);
}

#[test]
fn bootstrap_gives_each_measure_an_interval() {
    let work = Workdir::new("fit-bootstrap");
    work.run(sample_args(&[
        "--bootstrap",
        "20",
        "--folds",
        "3",
        "--seed",
        "7",
        "--json",
        "fit.json",
    ]))
    .assert_success();
    let report: Value = serde_json::from_str(&work.read("fit.json")).unwrap();
    assert_eq!(report["bootstrap_resamples"], 20);
    for m in report["measures"].as_array().unwrap() {
        let ci = m["weight_ci"]
            .as_array()
            .unwrap_or_else(|| panic!("no interval: {m}"));
        let (low, high) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
        assert!(
            (0.0..=100.0).contains(&low) && low <= high && high <= 100.0,
            "{m}"
        );
    }
}

#[test]
fn never_overwrites_the_input_scorecard() {
    let work = Workdir::new("fit-overwrite");
    let card = work.create(
        "card.toml",
        std::fs::read(repo_path("configs/current.toml")).unwrap(),
    );
    let mut args = sample_args(&["--write", card.to_str().unwrap()]);
    args[6] = card.to_str().unwrap().to_string();
    work.run(args)
        .assert_bad_input(&["--write", "card.toml is the input scorecard; choose another file"]);
    assert_eq!(
        work.read("card.toml"),
        std::fs::read_to_string(repo_path("configs/current.toml")).unwrap()
    );
}

#[test]
fn bad_options_and_too_little_data_are_one_line_errors() {
    let work = Workdir::new("fit-bad");
    work.run(sample_args(&["--folds", "1"]))
        .assert_bad_input(&["--folds must be between 2 and 50, got 1"]);
    let mut rows: Vec<Vec<String>> = vec![vec![
        "account_id".into(),
        "churned".into(),
        "seat_utilization".into(),
    ]];
    for i in 0..200 {
        rows.push(vec![
            format!("A{i}"),
            u8::from(i % 20 == 0).to_string(),
            format!("0.{}", 20 + i % 70),
        ]);
    }
    let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
    work.create("small.csv", text);
    work.create(
        "card.toml",
        "name = \"small\"\n[[measures]]\nname = \"Seat utilization\"\ncolumn = \"seat_utilization\"\nweight = 1\n\
         [measures.scoring]\nmethod = \"linear\"\nmin = 0.2\nmax = 0.9\ndirection = \"higher_is_better\"\n",
    );
    work.run(["fit", "--data", "small.csv", "--scorecard", "card.toml"])
        .assert_bad_input(&[
            "too little data to fit weights: profile 'default' has 10 churned and 190 retained",
        ]);
}
