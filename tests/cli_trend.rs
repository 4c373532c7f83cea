//! "Does the trend matter?" end to end: validate's `trend` per scorecard with `--date`
//! (and none without), in the JSON and the terminal.

mod common;

use common::{repo_path, Workdir};
use serde_json::Value;

fn validate(work: &Workdir, data: &str, date: bool) -> (Value, String) {
    let card = repo_path("configs/current.toml");
    let mut args = vec!["validate", "--data", data, "--json", "v.json"];
    args.extend(["--scorecard", card.to_str().unwrap()]);
    if date {
        args.extend(["--date", "snapshot_date"]);
    }
    let out = work.run(&args);
    out.assert_success();
    (
        serde_json::from_str(&work.read("v.json")).unwrap(),
        out.stdout.clone(),
    )
}

#[test]
fn validate_tests_the_trend_of_each_scorecard_only_with_dates() {
    let work = Workdir::new("trend-validate");
    work.simulate(600, 3, 3, "h.csv");
    let (report, stdout) = validate(&work, "h.csv", true);
    let trend = &report["scorecards"][0]["trend"];
    // every snapshot but each account's first has a previous one
    let rows = report["accounts"].as_u64().unwrap();
    let text = work.read("h.csv");
    let ids: std::collections::HashSet<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let first = ids.len() as u64;
    assert!(first < rows);
    assert_eq!(trend["accounts"].as_u64().unwrap(), rows - first);
    for key in [
        "auc_level",
        "auc_level_and_change",
        "change_coefficient",
        "std_error",
        "p_value",
    ] {
        assert!(trend[key].is_number(), "{key}: {trend}");
    }
    let falling = trend["falling"]["accounts"].as_u64().unwrap();
    let steady = trend["steady_or_rising"]["accounts"].as_u64().unwrap();
    assert_eq!(falling + steady, rows - first);
    let verdict = trend["verdict"].as_str().unwrap();
    assert!(stdout.contains("Does the trend matter?"), "{stdout}");
    assert!(stdout.contains(verdict), "{stdout}");
    // one snapshot, no --date: no trend test
    work.simulate(600, 1, 3, "h1.csv");
    let (report, stdout) = validate(&work, "h1.csv", false);
    assert!(report["scorecards"][0].get("trend").is_none());
    assert!(!stdout.contains("Does the trend matter?"));
}

#[test]
fn the_backtest_tests_the_trend_per_period_against_snapshots_in_earlier_periods() {
    let work = Workdir::new("trend-backtest");
    work.simulate(600, 3, 4, "h.csv");
    let card = repo_path("configs/current.toml");
    let mut args = vec![
        "backtest",
        "--data",
        "h.csv",
        "--date",
        "snapshot_date",
        "--min-class",
        "5",
    ];
    args.extend(["--json", "b.json", "--scorecard", card.to_str().unwrap()]);
    let out = work.run(&args);
    out.assert_success();
    let report: Value = serde_json::from_str(&work.read("b.json")).unwrap();
    // one snapshot date per quarter: a snapshot's previous one is always in an earlier period
    let text = work.read("h.csv");
    let mut seen = std::collections::HashSet::new();
    let mut by_date: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        by_date
            .entry(cells[1].to_string())
            .or_default()
            .push(cells[0].to_string());
    }
    let periods = report["periods"].as_array().unwrap();
    assert_eq!(periods.len(), by_date.len());
    for (period, ids) in periods.iter().zip(by_date.values()) {
        let with_previous = ids.iter().filter(|id| seen.contains(*id)).count() as u64;
        let trend = &period["scorecards"][0]["trend"];
        assert_eq!(
            trend["accounts"].as_u64(),
            Some(with_previous),
            "{}",
            period["label"]
        );
        seen.extend(ids.iter().cloned());
    }
    assert_eq!(periods[0]["scorecards"][0]["trend"]["accounts"], 0);
    assert!(periods[1]["scorecards"][0]["trend"]["p_value"].is_number());
    let summary = &report["score_trend"][0];
    assert!(summary["periods_tested"].as_u64().unwrap() >= 2, "{summary}");
    let verdict = summary["verdict"].as_str().unwrap();
    assert!(out.stdout.contains(verdict), "{}", out.stdout);
}

#[test]
fn the_report_has_a_trend_section_and_the_verdict_in_its_summary_with_dates() {
    let work = Workdir::new("trend-report");
    work.simulate(600, 3, 5, "h.csv");
    let card = repo_path("configs/current.toml");
    let card = card.to_str().unwrap();
    let args = [
        "report",
        "--data",
        "h.csv",
        "--date",
        "snapshot_date",
        "--scorecard",
        card,
        "--out",
        "r",
    ];
    work.run(args).assert_success();
    let summary = work.read("r/summary.md");
    assert!(summary.contains("## Does the trend matter?"), "{summary}");
    for group in ["Fell 10+ points", "Fell 2 to 10", "Within 2 points", "Rose 2+"] {
        assert!(summary.contains(group), "{group}");
    }
    let results: Value = serde_json::from_str(&work.read("r/results.json")).unwrap();
    let verdict = results["validate"]["scorecards"][0]["trend"]["verdict"]
        .as_str()
        .unwrap();
    let opening = &summary[..summary.find("## Candidates side by side").unwrap()];
    assert!(
        opening.contains(&format!("Does the trend matter? For 'Current Q3', {verdict}")),
        "{opening}"
    );
    let html = work.read("r/index.html");
    assert!(html.contains("<h2 id=\"trend\">Does the trend matter?</h2>"));
    // one snapshot: no section
    work.simulate(600, 1, 5, "h1.csv");
    work.run(["report", "--data", "h1.csv", "--scorecard", card, "--out", "r1"])
        .assert_success();
    assert!(!work.read("r1/summary.md").contains("Does the trend matter?"));
}

#[test]
fn init_suggests_a_change_measure_only_with_several_snapshots_per_account() {
    let work = Workdir::new("trend-init");
    work.simulate(600, 3, 6, "h.csv");
    work.run(["init", "--data", "h.csv", "--out", "draft.toml"])
        .assert_success();
    let draft = work.read("draft.toml");
    assert!(draft.contains("# transform = \"change\""), "{draft}");
    // uncommented, the suggestion is a valid change measure that validate reads with --date
    let suggestion_starts = draft.find("# Suggested:").unwrap();
    let (kept, suggested) = draft.split_at(suggestion_starts);
    let uncommented: Vec<&str> = suggested
        .lines()
        .filter(|l| {
            !l.starts_with("# Suggested")
                && !l.contains("previous snapshot may warn")
                && !l.contains("--date")
        })
        .map(|l| l.trim_start_matches("# "))
        .collect();
    work.create("tried.toml", format!("{kept}{}\n", uncommented.join("\n")));
    let args = [
        "validate",
        "--data",
        "h.csv",
        "--date",
        "snapshot_date",
        "--scorecard",
        "tried.toml",
    ];
    let out = work.run(args);
    out.assert_success();
    assert!(out.stdout.contains("change"), "{}", out.stdout);
    work.simulate(600, 1, 6, "h1.csv");
    work.run(["init", "--data", "h1.csv", "--out", "draft1.toml"])
        .assert_success();
    assert!(!work.read("draft1.toml").contains("transform"));
}

#[test]
fn the_committed_usage_trend_candidate_reads_a_change_measure() {
    let work = Workdir::new("trend-config");
    work.simulate(600, 3, 7, "h.csv");
    let card = repo_path("configs/usage-trend.toml");
    let args = [
        "validate",
        "--data",
        "h.csv",
        "--date",
        "snapshot_date",
        "--scorecard",
        card.to_str().unwrap(),
    ];
    let out = work.run(args);
    out.assert_success();
    assert!(out.stdout.contains("Utilization change"), "{}", out.stdout);
}

/// The simulator's hidden usage-decline effect (notebooks-data/README.md, the truth file's
/// `trends`) shows on the committed sample: a falling score warns beyond its level for a
/// candidate without a change measure, and the candidate with one separates churners better.
#[test]
fn the_sample_shows_the_hidden_usage_decline_effect() {
    let work = Workdir::new("trend-sample");
    let sample = repo_path("notebooks-data/sample_history.csv");
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path("notebooks-data/sample_history.truth.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(truth["trends"][0]["column"], "seat_utilization");
    assert!(truth["trends"][0]["effect_per_sd_decline"].as_f64().unwrap() > 0.0);
    let heavy = repo_path("configs/usage-heavy.toml");
    let trend = repo_path("configs/usage-trend.toml");
    let out = work.run([
        "validate",
        "--data",
        sample.to_str().unwrap(),
        "--date",
        "snapshot_date",
        "--scorecard",
        heavy.to_str().unwrap(),
        "--scorecard",
        trend.to_str().unwrap(),
        "--json",
        "v.json",
    ]);
    out.assert_success();
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    let level_only = &report["scorecards"][0]["trend"];
    assert!(
        level_only["change_coefficient"].as_f64().unwrap() < 0.0,
        "{level_only}"
    );
    assert!(level_only["p_value"].as_f64().unwrap() < 0.001, "{level_only}");
    assert!(
        level_only["verdict"].as_str().unwrap().contains("falling"),
        "{level_only}"
    );
    let comparison = &report["comparisons"][0];
    assert!(comparison["auc_diff"].as_f64().unwrap() < 0.0, "{comparison}");
    assert!(comparison["p_value"].as_f64().unwrap() < 0.001, "{comparison}");
}
