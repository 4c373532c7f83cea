//! `healthscore validate` end to end: on the committed sample, on degenerate data, and
//! with bad input.

mod common;

use common::{repo_path, Workdir};
use serde_json::Value;

fn sample_args(json: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "validate",
        "--data",
        repo_path("notebooks-data/sample_history.csv").to_str().unwrap(),
        "--date",
        "snapshot_date",
        "--segment",
        "segment",
        "--scorecard",
        repo_path("configs/current.toml").to_str().unwrap(),
        "--scorecard",
        repo_path("configs/usage-heavy.toml").to_str().unwrap(),
        "--scorecard",
        repo_path("configs/lifecycle-profiles.toml").to_str().unwrap(),
        "--json",
        json,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn number(value: &Value, key: &str) -> f64 {
    value[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number: {}", value[key]))
}

#[test]
fn sample_ranks_the_usage_heavy_candidate_above_the_current_one() {
    let work = Workdir::new("validate-sample");
    let output = work.run(sample_args("v.json", &[]));
    output.assert_success();
    // Pooled snapshots are called snapshots, and counts carry thousands separators.
    assert!(
        output
            .stdout
            .starts_with("20,000 snapshots of 6,333 accounts (1,754 churned, 8.8%)\n"),
        "{}",
        output.stdout
    );
    assert!(
        output.stdout.contains("\nyellow    13,916    1,466  "),
        "{}",
        output.stdout
    );
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    assert_eq!(report["accounts"], 20000);
    let cards = report["scorecards"].as_array().unwrap();
    assert_eq!(cards.len(), 3);
    let current = number(&cards[0], "auc");
    let usage = number(&cards[1], "auc");
    assert!(usage > current + 0.05, "usage-heavy {usage} vs current {current}");
    // A useful health score correlates negatively with churn.
    assert!(number(&cards[1], "pearson") < 0.0);
    assert!(number(&cards[1], "spearman") < 0.0);
    let comparisons = report["comparisons"].as_array().unwrap();
    assert_eq!(comparisons.len(), 3, "every pair of three candidates");
    let first = &comparisons[0];
    assert_eq!(first["a"], "Current Q3");
    assert!((number(first, "auc_diff") - (current - usage)).abs() < 1e-12);
    assert!(number(first, "p_value") < 0.001);
    assert!(first["verdict"]
        .as_str()
        .unwrap()
        .starts_with("'Usage-heavy' separates churners better"));
}

#[test]
fn json_has_the_documented_keys_and_no_nan() {
    let work = Workdir::new("validate-keys");
    work.run(sample_args("v.json", &[])).assert_success();
    let text = work.read("v.json");
    assert!(
        !text.contains("NaN") && !text.contains("inf"),
        "non-finite number in JSON"
    );
    let report: Value = serde_json::from_str(&text).unwrap();
    for key in [
        "accounts",
        "churned",
        "churn_rate",
        "scorecards",
        "comparisons",
        "warnings",
    ] {
        assert!(report.get(key).is_some(), "top-level key {key} missing");
    }
    let card = &report["scorecards"][0];
    for key in [
        "name",
        "auc",
        "auc_se",
        "auc_ci",
        "gini",
        "ks",
        "average_precision",
        "pearson",
        "spearman",
        "bands",
        "deciles",
        "measures",
        "segments",
    ] {
        assert!(card.get(key).is_some(), "scorecard key {key} missing");
    }
    for key in ["name", "accounts", "churned", "churn_rate", "churn_rate_ci"] {
        assert!(card["bands"][0].get(key).is_some(), "band key {key} missing");
    }
    for key in ["name", "auc", "pearson", "missing_rate"] {
        assert!(
            card["measures"][0].get(key).is_some(),
            "measure key {key} missing"
        );
    }
    assert_eq!(
        card["segments"].as_array().unwrap().len(),
        3,
        "smb, mid, enterprise"
    );
    let gini = number(card, "gini");
    assert!((gini - (2.0 * number(card, "auc") - 1.0)).abs() < 1e-12);
}

#[test]
fn the_onboarding_profile_is_checked_against_the_default() {
    let work = Workdir::new("validate-profiles");
    work.run(sample_args("v.json", &[])).assert_success();
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    let lifecycle = &report["scorecards"][2];
    assert_eq!(lifecycle["profiles"].as_array().unwrap().len(), 2);
    let check = &lifecycle["profile_checks"][0];
    assert_eq!(check["profile"], "onboarding");
    // In the hidden truth adoption matters twice as much for onboarding accounts.
    assert!(number(check, "auc_own") > number(check, "auc_default"));
}

#[test]
fn bootstrap_is_reproducible_with_the_same_seed() {
    let work = Workdir::new("validate-bootstrap");
    work.run(sample_args("a.json", &["--bootstrap", "50", "--seed", "9"]))
        .assert_success();
    work.run(sample_args("b.json", &["--bootstrap", "50", "--seed", "9"]))
        .assert_success();
    assert_eq!(work.read("a.json"), work.read("b.json"));
    let report: Value = serde_json::from_str(&work.read("a.json")).unwrap();
    let ci = report["comparisons"][0]["bootstrap_ci"].as_array().unwrap();
    let diff = number(&report["comparisons"][0], "auc_diff");
    let (low, high) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
    assert!(low < diff && diff < high, "[{low}, {high}] should hold {diff}");
}

const TINY_CARD: &str = "name = \"tiny\"\n[[measures]]\nname = \"u\"\ncolumn = \"u\"\nweight = 1\n\
[measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n";

#[test]
fn one_class_only_gives_null_and_a_warning_not_nan() {
    let work = Workdir::new("validate-one-class");
    work.create("card.toml", TINY_CARD);
    work.create_csv(
        "h.csv",
        &[
            &["account_id", "churned", "u"],
            &["a", "0", "0.2"],
            &["b", "0", "0.9"],
        ],
    );
    let output = work.run([
        "validate",
        "--data",
        "h.csv",
        "--scorecard",
        "card.toml",
        "--json",
        "v.json",
    ]);
    output.assert_success();
    assert!(
        output.stderr.contains("needs both churned and retained accounts"),
        "{}",
        output.stderr
    );
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    assert!(report["scorecards"][0]["auc"].is_null());
    assert!(
        report["scorecards"][0]["bands"][1]["churn_rate"].is_null(),
        "scores 20 and 90 leave the yellow band empty"
    );
}

#[test]
fn constant_scores_give_auc_one_half() {
    let work = Workdir::new("validate-constant");
    work.create("card.toml", TINY_CARD);
    let rows: Vec<[String; 3]> = (0..40)
        .map(|i| {
            [
                format!("a{i}"),
                if i % 4 == 0 { "1" } else { "0" }.into(),
                "0.5".into(),
            ]
        })
        .collect();
    let text: String = std::iter::once("account_id,churned,u\n".to_string())
        .chain(rows.iter().map(|r| r.join(",") + "\n"))
        .collect();
    work.create("h.csv", text);
    work.run([
        "validate",
        "--data",
        "h.csv",
        "--scorecard",
        "card.toml",
        "--json",
        "v.json",
    ])
    .assert_success();
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    let card = &report["scorecards"][0];
    assert_eq!(number(card, "auc"), 0.5);
    assert_eq!(number(card, "auc_se"), 0.0);
    assert!(
        card["pearson"].is_null(),
        "correlation with a constant score is undefined"
    );
}

#[test]
fn json_over_the_data_file_is_refused() {
    let work = Workdir::new("validate-overwrite");
    work.create("card.toml", TINY_CARD);
    let data = work.create_csv(
        "h.csv",
        &[
            &["account_id", "churned", "u"],
            &["a", "1", "0.2"],
            &["b", "0", "0.9"],
        ],
    );
    let before = std::fs::read(&data).unwrap();
    let output = work.run([
        "validate",
        "--data",
        "h.csv",
        "--scorecard",
        "card.toml",
        "--json",
        "./h.csv",
    ]);
    output.assert_bad_input(&["--json", "h.csv", "input data file"]);
    assert_eq!(std::fs::read(&data).unwrap(), before);
}

#[test]
fn candidates_sharing_their_measures_get_what_each_gets_alone() {
    // The three benchmark scorecards score the same 12 columns with the same rules and
    // differ only in weights: their measure statistics are computed once and shared.
    let work = Workdir::new("validate-shared");
    let cards = ["bench-12.toml", "bench-12-b.toml", "bench-12-c.toml"];
    let card_path = |card: &str| {
        repo_path(&format!("benches/{card}"))
            .to_str()
            .unwrap()
            .to_string()
    };
    let run = |cards: &[&str], json: &str| -> Value {
        let mut args = vec![
            "validate".to_string(),
            "--data".to_string(),
            repo_path("notebooks-data/sample_history.csv")
                .to_str()
                .unwrap()
                .to_string(),
            "--date".to_string(),
            "snapshot_date".to_string(),
        ];
        for card in cards {
            args.push("--scorecard".to_string());
            args.push(card_path(card));
        }
        args.extend(["--json".to_string(), json.to_string()]);
        work.run(args).assert_success();
        serde_json::from_str(&work.read(json)).unwrap()
    };
    let together = run(&cards, "together.json");
    for (i, card) in cards.iter().enumerate() {
        let alone = run(&[card], &format!("alone-{i}.json"));
        for key in ["measures", "measure_correlations"] {
            assert_eq!(
                together["scorecards"][i][key], alone["scorecards"][0][key],
                "{card}: {key}"
            );
        }
    }
    // Shared, yet each candidate's rows carry its own measure names.
    assert_eq!(
        together["scorecards"][1]["measures"][0]["name"],
        "Seat utilization"
    );
}

#[test]
fn bad_capacities_are_refused_in_one_line_naming_the_flag() {
    let work = Workdir::new("validate-capacity");
    work.create("card.toml", TINY_CARD);
    work.create_csv(
        "h.csv",
        &[
            &["account_id", "churned", "u"],
            &["a", "1", "0.2"],
            &["b", "0", "0.9"],
        ],
    );
    for (given, shown) in [
        ("0.05,1.5", "'1.5'"),
        ("0", "'0'"),
        ("1", "'1'"),
        ("-0.1", "'-0.1'"),
        ("ten", "'ten'"),
        ("0.1,,0.2", "''"),
        ("NaN", "'NaN'"),
        ("0.1,0.2,0.10", "'0.10'"),
    ] {
        for command in ["validate", "report"] {
            let mut args = vec![command, "--data", "h.csv", "--scorecard", "card.toml"];
            args.extend(match command {
                "validate" => ["--json", "v.json"],
                _ => ["--out", "r"],
            });
            args.extend(["--capacity", given]);
            work.run(&args).assert_bad_input(&[
                "--capacity must be shares of accounts strictly between 0 and 1, each given once",
                &format!("got {shown}"),
            ]);
            assert!(!work.exists("v.json") && !work.exists("r"), "{command} {given}");
        }
    }
}

#[test]
fn capacities_misses_and_comparison_keys_are_in_the_json() {
    let work = Workdir::new("validate-capacity-keys");
    work.run(sample_args(
        "v.json",
        &["--capacity", "0.3,0.01", "--value", "arr"],
    ))
    .assert_success();
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    for card in report["scorecards"].as_array().unwrap() {
        let capacity = card["capacity"].as_array().unwrap();
        let shares: Vec<f64> = capacity.iter().map(|c| number(c, "share")).collect();
        assert_eq!(shares, [0.3, 0.01]);
        for row in capacity {
            let wanted = (number(row, "share") * 20_000.0).ceil();
            assert!(number(row, "accounts") >= wanted);
            assert!(number(row, "value_churned") >= 0.0);
        }
        let misses = &card["misses"];
        assert_eq!(misses["blindsided"]["band"], "green");
        assert_eq!(misses["false_alarms"]["band"], "red");
        assert!(number(&misses["blindsided"], "value") > 0.0);
        assert!(!misses["measures"].as_array().unwrap().is_empty());
    }
}

#[test]
fn the_bootstrap_of_pooled_snapshots_resamples_accounts_and_says_so() {
    let work = Workdir::new("validate-pooled-bootstrap");
    work.run(sample_args("v.json", &["--bootstrap", "40"]))
        .assert_success();
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    let warnings: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        warnings.contains(
            &"the bootstrap intervals resample the 6333 accounts, each with all its snapshots, not the 20000 rows"
        ),
        "{warnings:?}"
    );
    for comparison in report["comparisons"].as_array().unwrap() {
        let ci = comparison["bootstrap_ci"].as_array().unwrap();
        let (low, high) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
        let diff = number(comparison, "auc_diff");
        assert!(low <= diff && diff <= high, "{comparison}");
    }
    // Without --bootstrap there is nothing to say.
    work.run(sample_args("w.json", &[])).assert_success();
    let plain = work.read("w.json");
    assert!(!plain.contains("bootstrap intervals resample"));
}
