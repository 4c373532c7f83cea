//! `healthscore report --tune` end to end: the "Thresholds" section in the page and the
//! summary, its charts, `tune` in results.json equal to what `tune --json` gives for the
//! same data, seed and folds, every rule kept when there is too little data, bad folds,
//! and markup in a measure's name shown as text.

mod common;

use common::{repo_path, Workdir};
use serde_json::Value;

fn sample(command: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        command,
        "--data",
        repo_path("notebooks-data/sample_history.csv").to_str().unwrap(),
        "--date",
        "snapshot_date",
        "--scorecard",
        repo_path("configs/current.toml").to_str().unwrap(),
        "--seed",
        "7",
        "--folds",
        "4",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

#[test]
fn tune_adds_a_thresholds_section_with_the_tune_documents_numbers() {
    let work = Workdir::new("report-tune");
    work.run(sample("report", &["--tune", "--out", "r"]))
        .assert_success();
    work.run(sample("tune", &["--json", "tune.json"]))
        .assert_success();

    let results: Value = serde_json::from_str(&work.read("r/results.json")).unwrap();
    let tune: Value = serde_json::from_str(&work.read("tune.json")).unwrap();
    assert_eq!(tune["seed"], 7);
    assert_eq!(tune["folds"], 4);
    assert_eq!(
        results["tune"], tune,
        "results.json's tune differs from tune --json"
    );

    let measures = tune["measures"].as_array().unwrap();
    let with_bins: Vec<&Value> = measures
        .iter()
        .filter(|m| !m["bins"].as_array().unwrap().is_empty())
        .collect();
    assert!(
        with_bins.len() >= 3 && with_bins.len() < measures.len(),
        "{}",
        with_bins.len()
    );

    let html = work.read("r/index.html");
    assert!(html.contains("<h2 id=\"thresholds\">Thresholds</h2>"));
    assert!(html.contains("<table id=\"thresholds\""));
    assert!(html.contains("AUC: current "), "AUC line missing");
    assert!(
        html.contains("<li>The tuned scorecard "),
        "DeLong verdict missing"
    );
    assert_eq!(
        html.matches("<figure id=\"chart-thresholds-").count(),
        with_bins.len()
    );
    assert!(html.contains("Tuned on 20,000 snapshots of 6,333 accounts"));
    assert!(!html.contains("NaN"));
    let summary = work.read("r/summary.md");
    assert!(summary.contains("\n## Thresholds\n"), "{summary}");
    assert!(summary.contains("| Measure | Current rule | Suggested rule | IV | Stable | Reason |"));
    assert!(summary.contains("**Verdict:** The tuned scorecard "), "{summary}");
    assert!(summary.contains("No chart for these measures: their current rule is kept."));
    assert!(summary.contains("- Resolution time: IV "), "{summary}");

    // Every chart: a PNG in charts/, linked from the summary, shown on the page; the kept
    // measures have none.
    for (i, measure) in measures.iter().enumerate() {
        let name = measure["name"].as_str().unwrap();
        let stem = format!("thresholds-{}-{}", i + 1, name.to_lowercase().replace(' ', "-"));
        let has_bins = !measure["bins"].as_array().unwrap().is_empty();
        assert_eq!(work.exists(&format!("r/charts/{stem}.png")), has_bins, "{stem}");
        assert_eq!(
            summary.contains(&format!("![{stem}](charts/{stem}.png)")),
            has_bins,
            "{stem}"
        );
        assert_eq!(html.contains(&format!("id=\"chart-{stem}\"")), has_bins, "{stem}");
    }
    let png = work.read_bytes("r/charts/thresholds-1-seat-utilization.png");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // The bins' labels on the chart: the first open below, the last open above.
    let svg = html
        .split("<figure id=\"chart-thresholds-1-seat-utilization\"")
        .nth(1)
        .and_then(|rest| rest.split("</figure>").next())
        .unwrap();
    assert!(
        svg.contains("≤ 0.345") && svg.contains("≥ 0.858"),
        "bin labels missing"
    );
    assert!(svg.contains("&#39;Seat utilization&#39;: information value 0.575 (strong"));
}

#[test]
fn too_little_data_keeps_every_rule_with_its_reason_and_draws_no_chart() {
    let work = Workdir::new("report-tune-tiny");
    work.create(
        "card.toml",
        "name = \"t\"\n[[measures]]\nname = \"u\"\ncolumn = \"u\"\nweight = 1\n[measures.scoring]\nmethod = \"linear\"\n\
         min = 0\nmax = 1\ndirection = \"higher_is_better\"\n",
    );
    work.create_csv(
        "h.csv",
        &[
            &["account_id", "churned", "u"],
            &["a", "1", "0.1"],
            &["b", "0", "0.9"],
        ],
    );
    work.run([
        "report",
        "--data",
        "h.csv",
        "--scorecard",
        "card.toml",
        "--tune",
        "--out",
        "r",
    ])
    .assert_success();
    let summary = work.read("r/summary.md");
    assert!(
        summary.contains(
            "| u | linear min = 0, max = 1, higher_is_better | (kept) | — | — | too few accounts to bin"
        ),
        "{summary}"
    );
    assert!(summary.contains("- u: too few accounts to bin"), "{summary}");
    assert!(summary.contains("**Verdict:** Cannot compare the tuned with the current scorecard"));
    assert!(!work.read("r/index.html").contains("chart-thresholds-"));
    let charts = std::fs::read_dir(work.path("r/charts")).unwrap();
    assert!(charts
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .all(|name| !name.starts_with("thresholds-")));
}

#[test]
fn bad_folds_with_tune_name_the_flag_and_write_nothing() {
    let work = Workdir::new("report-tune-folds");
    let mut args = sample("report", &["--tune", "--out", "r"]);
    let at = args.iter().position(|a| a == "--folds").unwrap();
    args[at + 1] = "1".to_string();
    work.run(args)
        .assert_bad_input(&["--folds must be between 2 and 50, got 1"]);
    assert!(!work.exists("r"));
}

#[test]
fn markup_in_a_measure_name_is_shown_as_text_in_the_section() {
    let work = Workdir::new("report-tune-escaping");
    work.create(
        "card.toml",
        "name = \"card\"\n[[measures]]\nname = \"<b>Usage</b>\"\ncolumn = \"u\"\nweight = 1\n[measures.scoring]\n\
         method = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n",
    );
    let mut text = String::from("account_id,churned,u\n");
    for i in 0..600 {
        let u = (i % 20) as f64 / 20.0;
        let churned = (u < 0.3 && i % 3 == 0) || i % 13 == 0;
        text.push_str(&format!("a{i},{},{u}\n", u8::from(churned)));
    }
    work.create("h.csv", text);
    work.run([
        "report",
        "--data",
        "h.csv",
        "--scorecard",
        "card.toml",
        "--tune",
        "--out",
        "r",
    ])
    .assert_success();
    let results: Value = serde_json::from_str(&work.read("r/results.json")).unwrap();
    assert!(
        !results["tune"]["measures"][0]["bins"]
            .as_array()
            .unwrap()
            .is_empty(),
        "the measure should be binned, so that its chart is drawn"
    );
    let html = work.read("r/index.html");
    let section = html.split("<h2 id=\"thresholds\">").nth(1).unwrap();
    assert!(!section.contains("<b>"), "unescaped measure name");
    assert!(
        section.contains("&lt;b&gt;Usage&lt;/b&gt;"),
        "escaped name shown as text"
    );
    assert!(section.contains("id=\"chart-thresholds-1-b-usage-b\""));
    let summary = work.read("r/summary.md");
    assert!(!summary.contains("<b>"), "unescaped in the summary");
    assert!(summary.contains("&lt;b&gt;Usage&lt;/b&gt;"));
}
