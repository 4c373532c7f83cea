//! `healthscore simulate` end to end: reproducible bytes, shape, the truth file, the
//! documented columns, a plausible churn rate, and bad flags.

mod common;

use common::{repo_path, Workdir};
use serde_json::Value;

/// Runs `simulate` in `work` with the given accounts, periods and seed into `out`.
/// Header and data lines of a CSV.
fn csv_lines(text: &str) -> (Vec<&str>, Vec<&str>) {
    let mut lines = text.lines();
    let header = lines.next().expect("a header").split(',').collect();
    (header, lines.collect())
}

fn truth(work: &Workdir, name: &str) -> Value {
    serde_json::from_str(&work.read(name)).expect("the truth is JSON")
}

fn strings(value: &Value) -> Vec<String> {
    let items = value.as_array().expect("an array");
    items
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let work = Workdir::new("seeds");
    work.simulate(300, 2, 7, "a.csv");
    work.simulate(300, 2, 7, "b.csv");
    work.simulate(300, 2, 8, "c.csv");
    assert_eq!(work.read_bytes("a.csv"), work.read_bytes("b.csv"));
    assert_eq!(work.read_bytes("a.truth.json"), work.read_bytes("b.truth.json"));
    assert_ne!(work.read_bytes("a.csv"), work.read_bytes("c.csv"));
    assert_ne!(work.read_bytes("a.truth.json"), work.read_bytes("c.truth.json"));
}

#[test]
fn rows_are_accounts_times_periods_with_quarterly_dates() {
    let work = Workdir::new("shape");
    let stdout = work.simulate(250, 3, 1, "h.csv");
    assert!(stdout.starts_with("wrote 750 rows ("), "{stdout}");
    assert!(
        stdout.ends_with("to h.csv and the hidden truth to h.truth.json\n"),
        "{stdout}"
    );
    let text = work.read("h.csv");
    let (header, rows) = csv_lines(&text);
    assert_eq!(rows.len(), 750);
    let date = header
        .iter()
        .position(|h| *h == "snapshot_date")
        .expect("a date column");
    let id = header
        .iter()
        .position(|h| *h == "account_id")
        .expect("an id column");
    for (quarter, expected) in ["2025-01-01", "2025-04-01", "2025-07-01"].iter().enumerate() {
        let snapshot: Vec<Vec<&str>> = rows[quarter * 250..(quarter + 1) * 250]
            .iter()
            .map(|r| r.split(',').collect())
            .collect();
        assert!(snapshot.iter().all(|r| r[date] == *expected), "quarter {quarter}");
        let mut ids: Vec<&str> = snapshot.iter().map(|r| r[id]).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 250, "ids repeat within quarter {quarter}");
    }
}

#[test]
fn truth_lists_null_measures_and_correlated_pairs() {
    let work = Workdir::new("truth");
    work.simulate(200, 2, 3, "h.csv");
    let truth = truth(&work, "h.truth.json");
    assert_eq!(truth["seed"], 3);
    assert_eq!(truth["accounts_per_period"], 200);
    assert_eq!(truth["periods"], 2);
    assert_eq!(truth["rows"], 400);
    let nulls = strings(&truth["null_measures"]);
    let expected = [
        "logins_per_user_week",
        "open_tickets",
        "csat",
        "avg_resolution_hours",
        "days_to_renewal",
    ];
    assert_eq!(nulls, expected);
    let pairs: Vec<Vec<String>> = truth["correlated_pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(strings)
        .collect();
    assert_eq!(
        pairs,
        [
            ["weekly_active_pct", "logins_per_user_week"],
            ["priority_tickets", "open_tickets"]
        ]
    );
    // Every null measure has no effect; every other listed measure has one.
    for measure in truth["measures"].as_array().unwrap() {
        let column = measure["column"].as_str().unwrap();
        assert_eq!(
            measure["signal"].as_bool(),
            Some(!nulls.iter().any(|n| n == column)),
            "{column}"
        );
    }
}

#[test]
fn churn_rate_is_plausible() {
    let work = Workdir::new("churn");
    work.simulate(2000, 4, 11, "h.csv");
    let text = work.read("h.csv");
    let (header, rows) = csv_lines(&text);
    let churned = header
        .iter()
        .position(|h| *h == "churned")
        .expect("an outcome column");
    let count = rows
        .iter()
        .filter(|r| r.split(',').nth(churned) == Some("1"))
        .count();
    let rate = count as f64 / rows.len() as f64;
    assert!((0.03..=0.15).contains(&rate), "churn rate {rate}");
    assert_eq!(truth(&work, "h.truth.json")["churned_rows"], count);
}

#[test]
fn columns_match_the_data_dictionary() {
    let readme = std::fs::read_to_string(repo_path("notebooks-data/README.md")).unwrap();
    let table = readme.split("## Columns").nth(1).expect("a Columns section");
    let documented: Vec<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .map(|l| l.split(" |").next().unwrap().trim())
        .filter(|c| *c != "column")
        .collect();
    assert_eq!(documented.len(), 23, "{documented:?}");
    let work = Workdir::new("columns");
    work.simulate(50, 1, 5, "h.csv");
    let text = work.read("h.csv");
    assert_eq!(csv_lines(&text).0, documented);
}

#[test]
fn parquet_output_with_truth_beside_it() {
    let work = Workdir::new("parquet");
    work.simulate(100, 2, 9, "h.parquet");
    assert_eq!(work.listing(), ["h.parquet", "h.truth.json"]);
    let path = work.path("h.parquet");
    let columns = healthscore::data::file_columns(&path).expect("a parquet schema");
    let frame = healthscore::data::read_frame(&path, &columns, &[]).expect("readable");
    assert_eq!(frame.height(), 200);
}

#[test]
fn committed_sample_is_reproducible() {
    let work = Workdir::new("sample");
    work.simulate(5000, 4, 2025, "sample_history.csv");
    let committed = std::fs::read(repo_path("notebooks-data/sample_history.csv")).unwrap();
    assert!(
        work.read_bytes("sample_history.csv") == committed,
        "the sample differs"
    );
    let truth = std::fs::read(repo_path("notebooks-data/sample_history.truth.json")).unwrap();
    assert!(
        work.read_bytes("sample_history.truth.json") == truth,
        "the truth differs"
    );
}

#[test]
fn bad_flags_exit_2_and_write_nothing() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["--accounts", "0", "--out", "h.csv"],
            "--accounts must be at least 1, got 0",
        ),
        (
            &["--periods", "0", "--out", "h.csv"],
            "--periods must be at least 1, got 0",
        ),
        (
            &["--start", "2025-13-01", "--out", "h.csv"],
            "--start: expected an ISO date like 2025-01-01, got '2025-13-01'",
        ),
        (
            &["--out", "x.txt"],
            "--out x.txt: expected a .csv or .parquet file name",
        ),
    ];
    for (flags, message) in cases {
        let work = Workdir::new("flags");
        let output = work.run(std::iter::once("simulate").chain(flags.iter().copied()));
        output.assert_bad_input(&[message]);
        assert!(work.listing().is_empty(), "{flags:?} wrote {:?}", work.listing());
    }
}

#[test]
fn first_snapshot_is_on_the_start_date() {
    let work = Workdir::new("start");
    let args = [
        "simulate",
        "--accounts",
        "5",
        "--periods",
        "1",
        "--start",
        "2025-01-31",
        "--out",
        "h.csv",
    ];
    work.run(args).assert_success();
    let text = work.read("h.csv");
    let (header, rows) = csv_lines(&text);
    let date = header.iter().position(|h| *h == "snapshot_date").unwrap();
    assert!(
        rows.iter().all(|r| r.split(',').nth(date) == Some("2025-01-31")),
        "{rows:?}"
    );
}

#[test]
fn unparsable_flag_value_gives_one_line() {
    let work = Workdir::new("clap");
    let output = work.run(["simulate", "--accounts", "abc", "--out", "h.csv"]);
    output.assert_bad_input(&["--accounts", "abc"]);
    assert!(work.listing().is_empty());
}
