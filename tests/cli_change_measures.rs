//! Change measures (`transform = "change"` / `"pct_change"`) end to end: every command that
//! applies scorecards reads them on a small multi-snapshot history, the row order of the
//! file does not matter, the backtest takes changes across periods, and bad input is refused
//! in one line (exit 2).

mod common;

use std::collections::BTreeMap;

use common::{assert_one_line, repo_path, Workdir};
use serde_json::Value;

/// A linear change measure on seat utilization, 50 points without a previous snapshot.
const CHANGE_MEASURE: &str = r#"
[[measures]]
name = "Utilization change"
column = "seat_utilization"
weight = 30
group = "Usage"
transform = "change"
missing = 50
[measures.scoring]
method = "linear"
min = -0.2
max = 0.2
direction = "higher_is_better"
"#;

/// The usage-heavy candidate with [`CHANGE_MEASURE`] added to its usage group.
fn change_card() -> String {
    let base = std::fs::read_to_string(repo_path("configs/usage-heavy.toml")).unwrap();
    format!("{base}{CHANGE_MEASURE}").replace("name = \"Usage-heavy\"", "name = \"With change\"")
}

/// A scorecard of the change measure alone.
fn change_only_card() -> String {
    let measure = CHANGE_MEASURE.replace("group = \"Usage\"\n", "");
    format!("name = \"Change only\"\n{measure}")
}

/// A work dir with a fresh simulated history `h.csv` (3 quarterly snapshots) and the
/// scorecard `change.toml`.
fn workdir(name: &str) -> Workdir {
    let work = Workdir::new(name);
    let simulate = [
        "simulate",
        "--accounts",
        "500",
        "--periods",
        "3",
        "--seed",
        "11",
        "--out",
        "h.csv",
    ];
    work.run(simulate).assert_success();
    work.create("change.toml", change_card());
    work
}

/// `command --data DATA --date snapshot_date --scorecard change.toml` and `extra`.
fn run(work: &Workdir, command: &str, data: &str, extra: &[&str]) -> common::Output {
    let mut args = vec![command, "--data", data, "--date", "snapshot_date"];
    args.extend(["--scorecard", "change.toml"]);
    args.extend(extra);
    work.run(&args)
}

/// Score, and points of the change measure, of every (account, date) in a scored CSV.
fn scores_by_snapshot(text: &str) -> BTreeMap<(String, String), (String, String)> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (id, date, score, points) = (
        at("account_id"),
        at("snapshot_date"),
        at("score"),
        at("points_utilization_change"),
    );
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let key = (cells[id].to_string(), cells[date].to_string());
            (key, (cells[score].to_string(), cells[points].to_string()))
        })
        .collect()
}

#[test]
fn score_reads_the_change_and_the_first_snapshot_gets_the_missing_points() {
    let work = workdir("change-score");
    run(&work, "score", "h.csv", &["--out", "s.csv"]).assert_success();
    let scored = scores_by_snapshot(&work.read("s.csv"));
    let first_date = scored.keys().map(|(_, d)| d.clone()).min().unwrap();
    for ((_, date), (_, points)) in &scored {
        if *date == first_date {
            assert_eq!(points, "50.0", "first snapshot {date}");
        }
    }
    let later: Vec<&String> = scored
        .iter()
        .filter(|((_, d), _)| *d != first_date)
        .map(|(_, (_, p))| p)
        .collect();
    assert!(later.iter().any(|p| p.as_str() != "50.0"), "{later:?}");
}

#[test]
fn shuffling_the_rows_of_the_file_changes_no_accounts_score() {
    let work = workdir("change-shuffle");
    let text = work.read("h.csv");
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    // a fixed shuffle: every 7th row first, reversed
    let mut shuffled: Vec<&str> = lines.iter().step_by(7).rev().copied().collect();
    shuffled.extend(
        lines
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 7 != 0)
            .map(|(_, l)| *l),
    );
    work.create("shuffled.csv", format!("{header}\n{}\n", shuffled.join("\n")));
    run(&work, "score", "h.csv", &["--out", "a.csv"]).assert_success();
    run(&work, "score", "shuffled.csv", &["--out", "b.csv"]).assert_success();
    let (a, b) = (
        scores_by_snapshot(&work.read("a.csv")),
        scores_by_snapshot(&work.read("b.csv")),
    );
    assert_eq!(a.len(), lines.len());
    assert_eq!(a, b);
}

#[test]
fn validate_fit_tune_and_report_handle_a_change_measure() {
    let work = workdir("change-commands");
    let out = run(&work, "validate", "h.csv", &["--json", "v.json"]);
    out.assert_success();
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    let measures = report["scorecards"][0]["measures"].as_array().unwrap();
    assert!(
        measures.iter().any(|m| m["name"] == "Utilization change"),
        "{measures:?}"
    );
    run(&work, "fit", "h.csv", &["--json", "f.json"]).assert_success();
    let fit: Value = serde_json::from_str(&work.read("f.json")).unwrap();
    assert!(fit.to_string().contains("Utilization change"));
    run(&work, "tune", "h.csv", &["--json", "t.json"]).assert_success();
    assert!(work.read("t.json").contains("Utilization change"));
    run(&work, "report", "h.csv", &["--out", "rep"]).assert_success();
    assert!(work.read("rep/results.json").contains("Utilization change"));
}

/// `h.csv` with a column `utilization_change` worked out here: each account's seat
/// utilization minus its value at its previous snapshot (empty for the first).
fn with_change_column(text: &str) -> String {
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let names: Vec<&str> = header.split(',').collect();
    let at = |name: &str| names.iter().position(|n| *n == name).unwrap();
    let (id, date, value) = (at("account_id"), at("snapshot_date"), at("seat_utilization"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&r| (rows[r][id], rows[r][date]));
    let mut change = vec![String::new(); rows.len()];
    for pair in order.windows(2) {
        let (before, row) = (&rows[pair[0]], &rows[pair[1]]);
        if before[id] == row[id] && !before[value].is_empty() && !row[value].is_empty() {
            let difference = row[value].parse::<f64>().unwrap() - before[value].parse::<f64>().unwrap();
            change[pair[1]] = format!("{difference}");
        }
    }
    let mut out = format!("{header},utilization_change\n");
    for (row, change) in rows.iter().zip(change) {
        out.push_str(&format!("{},{change}\n", row.join(",")));
    }
    out
}

#[test]
fn the_backtest_takes_changes_against_snapshots_in_earlier_periods() {
    let work = workdir("change-backtest");
    work.create("h2.csv", with_change_column(&work.read("h.csv")));
    let extra = ["--period", "quarter", "--min-class", "5", "--json", "change.json"];
    work.create("change.toml", change_only_card());
    run(&work, "backtest", "h2.csv", &extra).assert_success();
    let level = change_only_card()
        .replace("transform = \"change\"\n", "")
        .replace("\"seat_utilization\"", "\"utilization_change\"");
    work.create("change.toml", level);
    let extra = ["--period", "quarter", "--min-class", "5", "--json", "level.json"];
    run(&work, "backtest", "h2.csv", &extra).assert_success();
    let (change, level): (Value, Value) = (
        serde_json::from_str(&work.read("change.json")).unwrap(),
        serde_json::from_str(&work.read("level.json")).unwrap(),
    );
    // the first quarter has no previous snapshot: every account has the missing points
    assert_eq!(change["periods"][0]["scorecards"][0]["auc"].as_f64(), Some(0.5));
    // every quarter reads the change from the quarter before, exactly as worked out here
    assert_eq!(change["periods"], level["periods"]);
    assert_eq!(change["periods"].as_array().unwrap().len(), 3);
    assert!(change["periods"][1]["scorecards"][0]["auc"].as_f64().unwrap() != 0.5);
}

#[test]
fn a_change_measure_without_the_date_column_is_refused_naming_the_measure_and_the_flag() {
    let work = workdir("change-no-date");
    for command in ["score", "validate", "fit", "tune"] {
        let mut args = vec![command, "--data", "h.csv", "--scorecard", "change.toml"];
        if command == "score" {
            args.extend(["--out", "s.csv"]);
        }
        let out = work.run(&args);
        out.assert_bad_input(&["measure 'Utilization change'", "--date"]);
        assert!(!work.exists("s.csv"));
    }
    let out = work.run([
        "report",
        "--data",
        "h.csv",
        "--scorecard",
        "change.toml",
        "--out",
        "r",
    ]);
    out.assert_bad_input(&["measure 'Utilization change'", "--date"]);
    assert!(!work.exists("r"));
}

#[test]
fn an_unknown_transform_and_a_change_of_text_are_one_line_errors() {
    let work = workdir("change-bad");
    let unknown = change_card().replace("transform = \"change\"", "transform = \"delta\"");
    work.create("change.toml", unknown);
    let out = run(&work, "validate", "h.csv", &[]);
    out.assert_bad_input(&["measure 'Utilization change'", "\"delta\"", "pct_change"]);
    let text = change_card().replace(
        "column = \"exec_sponsor\"",
        "column = \"exec_sponsor\"\ntransform = \"pct_change\"",
    );
    work.create("change.toml", text);
    let out = run(&work, "validate", "h.csv", &[]);
    out.assert_bad_input(&["measure 'Executive sponsor'", "pct_change", "text"]);
    assert_one_line(&out.stderr);
}
