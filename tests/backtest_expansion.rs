//! `healthscore backtest --expansion`: the per-period comparisons of the candidates on
//! expansion are `validate`'s, period by period — checked against `validate` run on one
//! period's rows and against the DeLong test of `tests/reference/outcomes_reference.py` —
//! and a period where nobody expanded gives a reason, not numbers.

mod common;

use common::{repo_path, Workdir};
use healthscore::metrics::tolerance::{close, APPROX};
use serde_json::Value;

const CARDS: [&str; 2] = ["tests/fixtures/outcomes/a.toml", "tests/fixtures/outcomes/b.toml"];

/// The reference history twice: as it is on 2025-01-15 (2025-Q1), and on 2025-04-15
/// (2025-Q2) with nobody expanded.
fn two_quarters() -> String {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/outcomes/history.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let expanded = header.iter().position(|&c| c == "expanded").unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let mut out = format!("snapshot_date,{}\n", header.join(","));
    for (date, nobody_expanded) in [("2025-01-15", false), ("2025-04-15", true)] {
        for row in &rows {
            let mut row = row.clone();
            if nobody_expanded {
                row[expanded] = "0";
            }
            out.push_str(&format!("{date},{}\n", row.join(",")));
        }
    }
    out
}

fn run(work: &Workdir, command: &[&str], json: &str) -> Value {
    let mut args: Vec<String> = command.iter().map(|s| s.to_string()).collect();
    for card in CARDS {
        args.extend([
            "--scorecard".into(),
            repo_path(card).to_str().unwrap().to_string(),
        ]);
    }
    args.extend([
        "--expansion".into(),
        "expanded".into(),
        "--json".into(),
        json.into(),
    ]);
    let out = work.run(&args);
    out.assert_success();
    if command[0] == "backtest" {
        assert!(
            out.stdout
                .contains("Candidates compared on expansion ('expanded'), per period (DeLong):\n2025-Q1: "),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains("2025-Q2: cannot compare on 'expanded'"),
            "{}",
            out.stdout
        );
    }
    let text = work.read(json);
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn each_periods_comparison_on_expansion_is_validates_on_that_periods_rows() {
    let work = Workdir::new("backtest-expansion-comparisons");
    work.create("h.csv", two_quarters());
    let backtest = run(
        &work,
        &[
            "backtest",
            "--data",
            "h.csv",
            "--date",
            "snapshot_date",
            "--no-walk-forward",
        ],
        "bt.json",
    );
    let history = repo_path("tests/fixtures/outcomes/history.csv");
    let validate = run(
        &work,
        &["validate", "--data", history.to_str().unwrap()],
        "v.json",
    );

    let periods = backtest["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2);
    let first = &periods[0]["comparisons"];
    assert_eq!(first.as_array().unwrap().len(), 1);
    assert_eq!(
        (&first[0]["a"], &first[0]["b"]),
        (&Value::from("A usage"), &Value::from("B tickets"))
    );
    // the same rows, the same code: the same numbers and words as validate's
    assert_eq!(first[0]["expansion"], validate["comparisons"][0]["expansion"]);

    // and the direct DeLong test of the Python reference
    let text = std::fs::read_to_string(repo_path("tests/fixtures/outcomes_reference.json")).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let expected = &fixture["comparisons"][0];
    for key in ["auc_a", "auc_b", "auc_diff", "z", "p_value"] {
        let (actual, expected) = (first[0]["expansion"][key].as_f64(), expected[key].as_f64());
        assert!(
            close(actual.unwrap(), expected.unwrap(), APPROX),
            "{key}: {actual:?} vs {expected:?}"
        );
    }

    // 2025-Q2: nobody expanded, so there is nothing to compare, and the verdict says why
    let second = &periods[1]["comparisons"][0]["expansion"];
    for key in ["auc_a", "auc_b", "auc_diff", "z", "p_value"] {
        assert!(second[key].is_null(), "{key}: {second}");
    }
    let verdict = second["verdict"].as_str().unwrap();
    assert!(
        verdict.starts_with("cannot compare on 'expanded': needs accounts that expanded and accounts that did not, found 0 expanded"),
        "{verdict}"
    );
}

#[test]
fn without_expansion_there_are_no_comparisons() {
    let work = Workdir::new("backtest-expansion-none");
    work.create("h.csv", two_quarters());
    let mut args: Vec<String> = [
        "backtest",
        "--data",
        "h.csv",
        "--date",
        "snapshot_date",
        "--no-walk-forward",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for card in CARDS {
        args.extend([
            "--scorecard".into(),
            repo_path(card).to_str().unwrap().to_string(),
        ]);
    }
    args.extend(["--json".into(), "bt.json".into()]);
    work.run(&args).assert_success();
    assert!(!work.read("bt.json").contains("\"comparisons\""));
}
