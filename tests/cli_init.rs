//! `healthscore init` end to end: the draft from the sample validates and separates churners
//! nearly as well as the best hand-tuned candidate; it never overwrites without --force.

mod common;

use std::path::Path;

use common::{repo_path, Workdir};
use healthscore::scorecard::{load_scorecard, Scoring};
use serde_json::Value;

fn sample() -> String {
    repo_path("notebooks-data/sample_history.csv")
        .to_str()
        .unwrap()
        .to_string()
}

/// The AUC of `configs/usage-heavy.toml` on the sample (README, validate): the best
/// hand-tuned candidate.
const USAGE_HEAVY_AUC: f64 = 0.770;

#[test]
fn draft_from_the_sample_validates_within_a_few_points_of_the_fitted_weights() {
    let work = Workdir::new("init-sample");
    let out = work.run(["init", "--data", &sample(), "--out", "draft.toml"]);
    out.assert_success();
    assert!(out
        .stdout
        .starts_with("wrote draft.toml with 8 measures, equal weights: seat_utilization"));
    assert!(
        out.stdout.contains("--date snapshot_date --scorecard draft.toml"),
        "the hint names the snapshot date: {}",
        out.stdout
    );
    let card = load_scorecard(&work.path("draft.toml")).unwrap();
    let measures = &card.profiles[0].measures;
    assert_eq!(measures.len(), 8);
    assert!(measures.iter().all(|m| m.weight == 1.0), "equal weights");
    let columns: Vec<&str> = measures.iter().map(|m| m.column.as_str()).collect();
    assert_eq!(&columns[..2], ["seat_utilization", "feature_adoption"]);
    for excluded in [
        "churn_date",
        "account_id",
        "churned",
        "snapshot_date",
        "csat",
        "avg_resolution_hours",
        "days_to_renewal",
    ] {
        assert!(!columns.contains(&excluded), "{excluded} must be left out");
    }
    let activity = ["weekly_active_pct", "logins_per_user_week"];
    assert_eq!(
        columns.iter().filter(|c| activity.contains(c)).count(),
        1,
        "one of the near-duplicate pair"
    );
    let seat = &measures[0];
    assert!(matches!(
        seat.scoring,
        Scoring::Linear { min, max, .. } if (0.33..0.35).contains(&min) && (0.92..0.94).contains(&max)
    ));
    let sentiment = measures.iter().find(|m| m.column == "csm_sentiment").unwrap();
    let Scoring::Categories { points, .. } = &sentiment.scoring else {
        panic!("csm_sentiment should be categories");
    };
    // 100·(1 − rate / (2 × 8.8%)): green churns 7.0%, red 11.5%
    assert_eq!((points["green"], points["red"]), (60.0, 34.0));

    let text = work.read("draft.toml");
    for comment in [
        "# What to edit:",
        "# - churn_date: possible leak: whether it is filled alone separates churners",
        "# - logins_per_user_week: near-duplicate of weekly_active_pct",
        "# - csat: no clear signal (AUC 0.498",
        "# min/max are the 5th and 95th percentiles: 0.346 or less scores 0, 0.931 or more scores 100.",
    ] {
        assert!(text.contains(comment), "draft lacks {comment:?}");
    }

    // the same measures with weights fitted by logistic regression (healthscore fit)
    work.run([
        "fit",
        "--data",
        &sample(),
        "--date",
        "snapshot_date",
        "--scorecard",
        "draft.toml",
        "--write",
        "fitted.toml",
    ])
    .assert_success();
    work.run([
        "validate",
        "--data",
        &sample(),
        "--date",
        "snapshot_date",
        "--scorecard",
        "draft.toml",
        "--scorecard",
        "fitted.toml",
        "--scorecard",
        repo_path("configs/usage-heavy.toml").to_str().unwrap(),
        "--json",
        "v.json",
    ])
    .assert_success();
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    let auc = |i: usize| report["scorecards"][i]["auc"].as_f64().unwrap();
    let (draft_auc, fitted_auc, usage_auc) = (auc(0), auc(1), auc(2));
    assert!(
        (usage_auc - USAGE_HEAVY_AUC).abs() < 0.001,
        "usage-heavy AUC {usage_auc}"
    );
    assert!(
        fitted_auc - draft_auc < 0.03,
        "draft AUC {draft_auc} vs fitted {fitted_auc}"
    );
    assert!(
        (draft_auc - usage_auc).abs() < 0.03,
        "draft AUC {draft_auc} vs usage-heavy {usage_auc}"
    );
}

#[test]
fn never_overwrites_without_force() {
    let work = Workdir::new("init-force");
    work.create("keep.toml", "# mine\n");
    let data = sample();
    work.run(["init", "--data", &data, "--out", "keep.toml"])
        .assert_bad_input(&["--out keep.toml already exists; pass --force to overwrite it"]);
    assert_eq!(work.read("keep.toml"), "# mine\n");
    work.run(["init", "--data", &data, "--out", "keep.toml", "--force"])
        .assert_success();
    assert!(work
        .read("keep.toml")
        .starts_with("# A starting scorecard drafted by `healthscore init`"));
    assert_eq!(work.listing(), ["keep.toml"], "no temporary files left behind");
}

#[test]
fn max_measures_caps_the_draft() {
    let work = Workdir::new("init-max");
    work.run([
        "init",
        "--data",
        &sample(),
        "--out",
        "three.toml",
        "--max-measures",
        "3",
    ])
    .assert_success();
    let card = load_scorecard(Path::new(&work.path("three.toml"))).unwrap();
    assert_eq!(card.profiles[0].measures.len(), 3);
    assert!(work.read("three.toml").contains(": beyond --max-measures 3"));
    work.run([
        "init",
        "--data",
        &sample(),
        "--out",
        "none.toml",
        "--max-measures",
        "0",
    ])
    .assert_bad_input(&["--max-measures must be at least 1, got 0"]);
    assert!(!work.exists("none.toml"));
}

#[test]
fn histories_that_cannot_give_a_draft_are_bad_input() {
    let work = Workdir::new("init-bad");
    work.create_csv(
        "one_class.csv",
        &[
            &["account_id", "churned", "usage"],
            &["a", "0", "1"],
            &["b", "0", "2"],
        ],
    );
    work.run(["init", "--data", "one_class.csv", "--out", "d.toml"])
        .assert_bad_input(&["one_class.csv: 0 of 2 rows churned"]);
    let mut csv = String::from("account_id,churned,noise\n");
    for i in 0..40 {
        csv.push_str(&format!("A{i},{},7\n", u8::from(i % 2 == 0)));
    }
    work.create("flat.csv", csv);
    work.run(["init", "--data", "flat.csv", "--out", "d.toml"])
        .assert_bad_input(&["flat.csv: no column can be a measure (", "noise: constant"]);
    work.run(["init", "--data", "flat.csv", "--out", "flat.csv"])
        .assert_bad_input(&["--out flat.csv is the input data file"]);
    assert!(!work.exists("d.toml"));
}
