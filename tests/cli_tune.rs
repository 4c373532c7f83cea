//! `healthscore tune` end to end: on the committed sample (terminal summary, JSON keys, the
//! written scorecard, which `validate` runs as is and which scores the bins as the JSON
//! says), and with bad input (one line, exit 2, nothing written).

mod common;

use common::{repo_path, Workdir};
use healthscore::scorecard::{parse_scorecard, threshold_points, Scoring};
use serde_json::Value;

fn sample_args(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "tune",
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

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn sample_tune_writes_json_and_a_scorecard_that_validate_runs_and_that_scores_the_bins() {
    let work = Workdir::new("tune-sample");
    let output = work.run(sample_args(&["--write", "tuned.toml", "--json", "tune.json"]));
    output.assert_success();
    assert!(
        output.stdout.contains("Verdict: the tuned scorecard"),
        "{}",
        output.stdout
    );
    assert!(output.stdout.contains("points now → suggested"));
    assert!(output.stdout.contains("wrote the tuned scorecard to tuned.toml"));

    let text = work.read("tune.json");
    assert!(!text.contains("NaN") && !text.contains("inf"));
    let report: Value = serde_json::from_str(&text).unwrap();
    let mut top = keys(&report);
    top.sort_unstable();
    assert_eq!(
        top,
        [
            "accounts",
            "auc_current",
            "auc_tuned_in_sample",
            "auc_tuned_oof",
            "churned",
            "comparison",
            "fit_rows",
            "folds",
            "measures",
            "scorecard",
            "seed",
            "warnings",
            "weights"
        ]
    );
    for key in ["auc_diff", "std_error", "z", "p_value", "verdict"] {
        assert!(report["comparison"].get(key).is_some(), "comparison lacks {key}");
    }
    // 20,000 rows: below the default bound, so every refit saw all its training accounts.
    assert_eq!(report["fit_rows"], 200_000);
    assert!(!output.stdout.contains("seeded sample"));
    let measures = report["measures"].as_array().unwrap();
    assert_eq!(measures.len(), 9);
    for measure in measures {
        for key in [
            "profile",
            "name",
            "column",
            "current_rule",
            "suggested_rule",
            "iv",
            "direction",
            "monotone",
            "stable",
            "reason",
            "bins",
        ] {
            assert!(measure.get(key).is_some(), "measure lacks {key}");
        }
        for bin in measure["bins"].as_array().unwrap() {
            for key in [
                "low",
                "high",
                "accounts",
                "churned",
                "churn_rate",
                "churn_rate_ci",
                "woe",
                "points",
            ] {
                assert!(bin.get(key).is_some(), "bin lacks {key}");
            }
            let points = bin["points"].as_f64().unwrap();
            assert!((0.0..=100.0).contains(&points));
        }
    }

    let written = work.read("tuned.toml");
    assert!(written.starts_with("# healthscore tune: rules and weights tuned on"));
    assert!(written.contains("# The scorecard the CS team uses today (Q3), written by hand."));
    let card = parse_scorecard(&written, &work.path("tuned.toml")).unwrap();
    for measure in measures {
        let Some(written) = card.profiles[0]
            .measures
            .iter()
            .find(|m| m.name == measure["name"])
        else {
            continue;
        };
        let Scoring::Thresholds { steps, otherwise } = &written.scoring else {
            continue;
        };
        if !measure["suggested_rule"]
            .as_str()
            .unwrap()
            .starts_with("thresholds")
        {
            continue;
        }
        for bin in measure["bins"].as_array().unwrap() {
            for end in ["low", "high"] {
                let probe = bin[end].as_f64().unwrap();
                assert_eq!(
                    threshold_points(probe, steps, *otherwise),
                    bin["points"].as_f64().unwrap()
                );
            }
        }
    }

    let validate = work.run([
        "validate",
        "--data",
        repo_path("notebooks-data/sample_history.csv").to_str().unwrap(),
        "--date",
        "snapshot_date",
        "--scorecard",
        "tuned.toml",
    ]);
    validate.assert_success();
}

#[test]
fn bad_options_are_one_line_errors_and_write_nothing() {
    let work = Workdir::new("tune-bad");
    let cases: [(&[&str], &str); 4] = [
        (&["--max-bins", "1"], "--max-bins must be at least 2, got 1"),
        (
            &["--min-bin-share", "0"],
            "--min-bin-share must be strictly between 0 and 0.5, got 0",
        ),
        (
            &["--min-bin-share", "0.5"],
            "--min-bin-share must be strictly between 0 and 0.5, got 0.5",
        ),
        (&["--folds", "1"], "--folds must be between 2 and 50, got 1"),
    ];
    for (extra, message) in cases {
        let mut args = extra.to_vec();
        args.extend(["--write", "out.toml", "--json", "out.json"]);
        work.run(sample_args(&args)).assert_bad_input(&[message]);
        assert!(work.listing().is_empty(), "{:?}", work.listing());
    }
}

#[test]
fn writing_onto_the_input_scorecard_is_refused() {
    let work = Workdir::new("tune-onto-input");
    let card = work.create(
        "card.toml",
        std::fs::read(repo_path("configs/current.toml")).unwrap(),
    );
    let before = work.read("card.toml");
    let mut args = sample_args(&["--write", card.to_str().unwrap()]);
    let position = args.iter().position(|a| a == "--scorecard").unwrap();
    args[position + 1] = card.to_str().unwrap().to_string();
    work.run(&args)
        .assert_bad_input(&["--write", "is the input scorecard"]);
    assert_eq!(work.read("card.toml"), before);
}

#[test]
fn a_measure_with_too_few_churned_accounts_gets_a_reason_not_a_failure() {
    let work = Workdir::new("tune-few");
    let mut csv = String::from("account_id,usage,churned\n");
    for i in 0..300 {
        let churned = i % 30 == 0;
        csv.push_str(&format!("A{i},{},{}\n", i % 17, u8::from(churned)));
    }
    work.create("history.csv", csv);
    work.create(
        "card.toml",
        "name = \"few\"\n[[measures]]\nname = \"Usage\"\ncolumn = \"usage\"\nweight = 1\n[measures.scoring]\nmethod = \
         \"linear\"\nmin = 0\nmax = 16\ndirection = \"higher_is_better\"\n",
    );
    let output = work.run([
        "tune",
        "--data",
        "history.csv",
        "--scorecard",
        "card.toml",
        "--json",
        "t.json",
    ]);
    output.assert_success();
    let report: Value = serde_json::from_str(&work.read("t.json")).unwrap();
    let reason = report["measures"][0]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("too few accounts to bin: 10 churned"),
        "{reason}"
    );
    assert_eq!(
        report["measures"][0]["suggested_rule"],
        report["measures"][0]["current_rule"]
    );
}

#[test]
fn tune_finds_the_overdue_step_of_the_committed_sample() {
    // The sample's hidden truth: churn jumps for invoices overdue more than 30 days (1.7% of
    // the snapshots, so bins of at least 1% are needed to isolate them).
    let work = Workdir::new("tune-step");
    let mut args = sample_args(&["--min-bin-share", "0.01", "--json", "tune.json"]);
    args[6] = repo_path("configs/all-measures.toml")
        .to_str()
        .unwrap()
        .to_string();
    work.run(args).assert_success();
    let report: Value = serde_json::from_str(&work.read("tune.json")).unwrap();
    let overdue = report["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["column"] == "days_payment_overdue")
        .unwrap();
    let bins = overdue["bins"].as_array().unwrap();
    let last = &bins[bins.len() - 1];
    let before = &bins[bins.len() - 2];
    // The last bin starts at the step (integer days: 30 or 31) ...
    let low = last["low"].as_f64().unwrap();
    assert!((30.0..=31.0).contains(&low), "{overdue}");
    // ... and churns at more than twice the rate of the bin below it.
    let (above, below) = (
        last["churn_rate"].as_f64().unwrap(),
        before["churn_rate"].as_f64().unwrap(),
    );
    assert!(above > 2.0 * below, "{above} vs {below}");
    assert!(overdue["suggested_rule"]
        .as_str()
        .unwrap()
        .starts_with("thresholds"));
}

#[test]
fn weight_refits_on_a_bounded_sample_still_tune_well() {
    let work = Workdir::new("tune-fit-rows");
    let output = work.run(sample_args(&["--fit-rows", "5000", "--json", "tune.json"]));
    output.assert_success();
    assert!(
        output
            .stdout
            .contains("Weights refitted on a seeded sample of 5,000 accounts per fit"),
        "{}",
        output.stdout
    );
    let report: Value = serde_json::from_str(&work.read("tune.json")).unwrap();
    assert_eq!(report["fit_rows"], 5000);
    let oof = report["auc_tuned_oof"].as_f64().unwrap();
    let current = report["auc_current"].as_f64().unwrap();
    assert!(oof > current + 0.05, "{oof} vs {current}");
    // The in-sample AUC scores all 20,000 accounts with the sample's weights.
    assert!(report["auc_tuned_in_sample"].as_f64().unwrap() > oof - 0.02);
}
