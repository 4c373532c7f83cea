//! `healthscore backtest` end to end: on the committed sample (tables, the JSON keys, no
//! NaN), CSV and Parquet alike, and bad or hard input (exit status 2, one line naming the
//! row, account or period).

mod common;

use common::{repo_path, Workdir};
use serde_json::Value;

const CARD: &str = "name = \"X\"\n\
    [[measures]]\nname = \"Signal\"\ncolumn = \"x\"\nweight = 1\n\
    [measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n\
    [[measures]]\nname = \"Noise\"\ncolumn = \"y\"\nweight = 1\n\
    [measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n";

/// A deterministic stream of numbers in [0, 1).
struct Draws(u64);

impl Draws {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A history CSV: `accounts` accounts at each date; churn follows x. `churned_in(date)`
/// says whether anyone may churn at that date.
fn history(dates: &[&str], accounts: usize, churned_in: impl Fn(&str) -> bool) -> String {
    let mut draws = Draws(7);
    let mut text = String::from("account_id,snapshot_date,x,y,churned,churn_date\n");
    for date in dates {
        for a in 0..accounts {
            let (x, y) = (draws.next(), draws.next());
            let churned = churned_in(date) && draws.next() < 0.05 + 0.5 * (1.0 - x);
            let churn_date = if churned {
                format!("{}-28", &date[..7])
            } else {
                String::new()
            };
            text.push_str(&format!(
                "A{a},{date},{x:.3},{y:.3},{},{churn_date}\n",
                u8::from(churned)
            ));
        }
    }
    text
}

fn args(data: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "backtest",
        "--data",
        data,
        "--date",
        "snapshot_date",
        "--scorecard",
        "card.toml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn workdir(name: &str, csv: &str) -> Workdir {
    let work = Workdir::new(name);
    work.create("card.toml", CARD);
    work.create("h.csv", csv);
    work
}

fn sample_args(json: &str) -> Vec<String> {
    [
        "backtest",
        "--data",
        repo_path("notebooks-data/sample_history.csv").to_str().unwrap(),
        "--date",
        "snapshot_date",
        "--outcome-date",
        "churn_date",
        "--scorecard",
        repo_path("configs/current.toml").to_str().unwrap(),
        "--scorecard",
        repo_path("configs/usage-heavy.toml").to_str().unwrap(),
        "--json",
        json,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn sample_backtest_prints_every_view_and_writes_the_documented_json() {
    let work = Workdir::new("backtest-sample");
    let out = work.run(sample_args("bt.json"));
    out.assert_success();
    for heading in [
        "4 periods by quarter",
        "== Current Q3",
        "PSI vs 2025-Q1",
        "Band migration",
        "Lead time",
        "Walk-forward",
    ] {
        assert!(
            out.stdout.contains(heading),
            "stdout lacks {heading:?}:\n{}",
            out.stdout
        );
    }
    assert!(
        out.stderr
            .contains("warning: Current Q3: measure 'Feature adoption' has shifted in 2025-Q4"),
        "{}",
        out.stderr
    );
    let text = work.read("bt.json");
    assert!(
        !text.contains("NaN") && !text.contains("inf"),
        "non-finite number in JSON"
    );
    let report: Value = serde_json::from_str(&text).unwrap();
    for key in [
        "periods",
        "psi",
        "migration",
        "lead_time",
        "walk_forward",
        "trend",
        "warnings",
        "base_period",
    ] {
        assert!(report.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(report["periods"].as_array().unwrap().len(), 4);
    assert_eq!(report["periods"][0]["scorecards"][1]["name"], "Usage-heavy");
    assert_eq!(report["psi"][0]["base_period"], "2025-Q1");
    let walk = &report["walk_forward"][0];
    assert_eq!(walk["splits"].as_array().unwrap().len(), 3);
    assert!(walk["pooled"]["auc_diff"].as_f64().unwrap() > 0.05);
    assert!(
        report["lead_time"]["scorecards"][0]["buckets"][0]["auc"]
            .as_f64()
            .unwrap()
            > 0.6
    );
}

#[test]
fn parquet_and_csv_give_the_same_backtest() {
    let work = Workdir::new("backtest-formats");
    for out in ["h.csv", "h.parquet"] {
        work.run([
            "simulate",
            "--accounts",
            "800",
            "--periods",
            "3",
            "--seed",
            "5",
            "--out",
            out,
        ])
        .assert_success();
    }
    work.create(
        "card.toml",
        std::fs::read(repo_path("configs/usage-heavy.toml")).unwrap(),
    );
    let run = |data: &str, json: &str| {
        work.run(args(
            data,
            &[
                "--outcome-date",
                "churn_date",
                "--min-class",
                "20",
                "--json",
                json,
            ],
        ))
        .assert_success();
        let mut report: Value = serde_json::from_str(&work.read(json)).unwrap();
        report["data"] = Value::Null;
        report
    };
    assert_eq!(run("h.csv", "a.json"), run("h.parquet", "b.json"));
}

#[test]
fn a_one_class_period_is_skipped_with_a_warning_naming_it() {
    let csv = history(&["2025-01-01", "2025-04-01", "2025-07-01"], 200, |d| {
        d != "2025-07-01"
    });
    let work = workdir("backtest-one-class", &csv);
    let out = work.run(args("h.csv", &["--json", "bt.json"]));
    out.assert_success();
    assert!(
        out.stderr.contains("warning: period 2025-Q3 skipped for AUC, trend and walk-forward tests: it has 0 churned and 200 retained accounts"),
        "{}",
        out.stderr
    );
    let report: Value = serde_json::from_str(&work.read("bt.json")).unwrap();
    let skipped = &report["periods"][2];
    assert!(skipped["skipped"].is_string());
    assert!(skipped["scorecards"][0]["auc"].is_null());
    assert!(report["periods"][1]["scorecards"][0]["auc"].as_f64().unwrap() > 0.6);
    let splits = report["walk_forward"][0]["splits"].as_array().unwrap();
    assert!(splits[1]["verdict"]
        .as_str()
        .unwrap()
        .starts_with("not tested: 2025-Q3 has 0 churned"));
    // its scores still count for stability
    assert!(report["psi"][0]["periods"][2]["score"]["psi"].is_number());
}

#[test]
fn a_single_period_suggests_validate() {
    let work = workdir("backtest-single", &history(&["2025-01-01"], 50, |_| true));
    work.run(args("h.csv", &[])).assert_bad_input(&[
        "h.csv: every snapshot falls in 2025-Q1 (1 snapshot date)",
        "backtest needs at least two quarters",
        "use `healthscore validate`",
    ]);
}

#[test]
fn two_snapshots_of_an_account_in_one_period_name_the_account_and_period() {
    let mut csv = history(&["2025-01-01", "2025-04-01"], 5, |_| false);
    csv.push_str("A3,2025-05-15,0.5,0.5,0,\n");
    let work = workdir("backtest-duplicate", &csv);
    work.run(args("h.csv", &[])).assert_bad_input(&[
        "h.csv: row 11: account 'A3' has a second snapshot in 2025-Q2 (2025-05-15; the first, 2025-04-01, is on row 9)",
    ]);
    // a longer period is no way out either: both are in 2025
    work.run(args("h.csv", &["--period", "year"]))
        .assert_bad_input(&["every snapshot falls in 2025"]);
    // the same date twice is the same mistake
    let mut csv = history(&["2025-01-01", "2025-04-01"], 5, |_| false);
    csv.push_str("A0,2025-01-01,0.5,0.5,0,\n");
    work.create("h.csv", csv);
    work.run(args("h.csv", &[])).assert_bad_input(&[
        "row 11: account 'A0' has a second snapshot in 2025-Q1 (2025-01-01; the first, 2025-01-01, is on row 1)",
    ]);
}

#[test]
fn an_unparsable_snapshot_date_names_row_and_value() {
    let csv = history(&["2025-01-01", "2025-04-01"], 5, |_| false).replace("A2,2025-04-01", "A2,2025-13-01");
    workdir("backtest-bad-date", &csv)
        .run(args("h.csv", &[]))
        .assert_bad_input(&[
            "h.csv: row 8, column 'snapshot_date': expected an ISO date like 2025-03-31, found '2025-13-01'",
        ]);
}

#[test]
fn datetimes_are_accepted_as_snapshot_dates() {
    let csv = history(&["2025-01-01", "2025-04-01"], 100, |_| true)
        .replace(",2025-04-01,", ",2025-04-01T09:30:00Z,");
    let work = workdir("backtest-datetimes", &csv);
    work.run(args("h.csv", &["--min-class", "10", "--no-walk-forward"]))
        .assert_success();
}

#[test]
fn churn_dates_before_the_snapshot_and_unparsable_ones_name_the_row() {
    let csv = history(&["2025-01-01", "2025-04-01"], 5, |_| false);
    // data row 7 is account A1's second snapshot: churned, dated before it was taken
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    lines[7] = lines[7].replace(",0,", ",1,") + "2025-03-15";
    let work = workdir("backtest-churn-date", &(lines.join("\n") + "\n"));
    work.run(args("h.csv", &["--outcome-date", "churn_date"])).assert_bad_input(&[
        "h.csv: row 7: account 'A1' churned on 2025-03-15 (column 'churn_date'), before its snapshot date 2025-04-01",
    ]);
    lines[7] = lines[7].replace("2025-03-15", "15/05/2025");
    work.create("h.csv", lines.join("\n") + "\n");
    work.run(args("h.csv", &["--outcome-date", "churn_date"]))
        .assert_bad_input(&[
            "h.csv: row 7, column 'churn_date': expected an ISO date like 2025-03-31, found '15/05/2025'",
        ]);
}

#[test]
fn a_bad_value_in_a_later_period_names_the_row_of_the_whole_file() {
    // data row 9 is account A3's snapshot of the second period
    let csv = history(&["2025-01-01", "2025-04-01"], 5, |_| false);
    let bad = csv.replace("A3,2025-04-01,0.", "A3,2025-04-01,abc");
    workdir("backtest-bad-value", &bad)
        .run(args("h.csv", &[]))
        .assert_bad_input(&["h.csv: row 9, column 'x': expected a number"]);
}

#[test]
fn missing_flags_and_unknown_periods_are_input_errors() {
    let csv = history(&["2025-01-01", "2025-04-01"], 5, |_| false);
    let work = workdir("backtest-flags", &csv);
    work.run(["backtest", "--data", "h.csv", "--scorecard", "card.toml"])
        .assert_bad_input(&["backtest needs the snapshot date of every row: name its column with --date"]);
    work.run(args("h.csv", &["--base", "2024-Q4"]))
        .assert_bad_input(&["--base 2024-Q4: no such period in the history; periods are: 2025-Q1, 2025-Q2"]);
    work.run(args("h.csv", &["--outcome-date", "cancel_date"]))
        .assert_bad_input(&["no column 'cancel_date'"]);
    work.run(args("h.csv", &["--json", "h.csv"]))
        .assert_bad_input(&["--json h.csv is the input data file"]);
}

#[test]
fn a_split_too_small_to_fit_is_left_untested_with_a_warning() {
    // about 12 churned accounts per quarter: enough for --min-class 5, too few to fit weights
    let csv = history(&["2025-01-01", "2025-04-01"], 40, |_| true);
    let work = workdir("backtest-small-fit", &csv);
    let out = work.run(args("h.csv", &["--min-class", "5", "--json", "bt.json"]));
    out.assert_success();
    assert!(
        out.stderr.contains(
            "warning: X: walk-forward 2025-Q2: not tested: cannot fit weights on 2025-Q1: too little data"
        ),
        "{}",
        out.stderr
    );
    let report: Value = serde_json::from_str(&work.read("bt.json")).unwrap();
    assert!(report["walk_forward"][0]["pooled"].is_null());
    assert!(report["periods"][1]["scorecards"][0]["auc"].is_number());
}

#[test]
fn monthly_periods_and_a_later_base() {
    let csv = history(&["2025-01-01", "2025-02-01", "2025-03-01"], 150, |_| true);
    let work = workdir("backtest-monthly", &csv);
    let out = work.run(args(
        "h.csv",
        &[
            "--period",
            "month",
            "--base",
            "2025-02",
            "--no-walk-forward",
            "--json",
            "bt.json",
        ],
    ));
    out.assert_success();
    assert!(
        out.stdout.contains("3 periods by month") && out.stdout.contains("PSI vs 2025-02"),
        "{}",
        out.stdout
    );
    let report: Value = serde_json::from_str(&work.read("bt.json")).unwrap();
    assert_eq!(report["period"], "month");
    assert!(report["walk_forward"].is_null() && report["lead_time"].is_null());
    assert_eq!(report["psi"][0]["periods"][1]["score"]["psi"], 0.0);
}

#[test]
fn expansion_gives_the_expansion_view_in_every_period() {
    let work = Workdir::new("backtest-expansion");
    let mut with = sample_args("bt.json");
    with.extend(["--expansion".to_string(), "expanded".to_string()]);
    let out = work.run(&with);
    out.assert_success();
    assert!(
        out.stdout.contains("expansion AUC ('expanded')"),
        "{}",
        out.stdout
    );
    let text = work.read("bt.json");
    assert!(!text.contains("NaN") && !text.contains("inf"));
    let report: Value = serde_json::from_str(&text).unwrap();
    let periods = report["periods"].as_array().unwrap();
    assert!(periods.len() >= 2);
    for period in periods {
        let accounts = period["accounts"].as_u64().unwrap();
        for card in period["scorecards"].as_array().unwrap() {
            let expansion = &card["expansion"];
            assert_eq!(expansion["column"], "expanded", "{card}");
            let expanded = expansion["expanded"].as_u64().unwrap();
            assert!(expanded > 0 && expanded < accounts, "{expansion}");
            let auc = expansion["auc"].as_f64().unwrap();
            let ci = expansion["auc_ci"].as_array().unwrap();
            let (low, high) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
            assert!(
                0.0 <= low && low <= auc && auc <= high && high <= 1.0,
                "{expansion}"
            );
        }
    }
    // without the option: no expansion anywhere
    let out = work.run(sample_args("plain.json"));
    out.assert_success();
    assert!(!out.stdout.contains("expansion"), "{}", out.stdout);
    assert!(!work.read("plain.json").contains("\"expansion\""));
    // the churn column is refused as the expansion outcome
    let mut bad = sample_args("bad.json");
    bad.extend(["--expansion".to_string(), "churned".to_string()]);
    work.run(&bad)
        .assert_bad_input(&["--expansion churned names the churn outcome column"]);
    assert!(!work.exists("bad.json"));
}
