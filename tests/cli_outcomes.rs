//! `--expansion` and `--value` end to end (issue 17): the expansion outcome and the value
//! per band in `validate`'s JSON and terminal view, and the one-line errors for a bad
//! expansion column.

mod common;

use common::{repo_path, Workdir};
use serde_json::Value;

/// `validate` of the outcomes fixture's two scorecards on `data` with `extra` flags.
fn validate_args(data: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "validate".into(),
        "--data".into(),
        data.into(),
        "--scorecard".into(),
        repo_path("tests/fixtures/outcomes/a.toml").display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn fixture_history() -> String {
    repo_path("tests/fixtures/outcomes/history.csv")
        .display()
        .to_string()
}

#[test]
fn expansion_and_value_reach_the_json() {
    let work = Workdir::new("outcomes-json");
    let output = work.run(validate_args(
        &fixture_history(),
        &["--expansion", "expanded", "--value", "arr", "--json", "v.json"],
    ));
    output.assert_success();
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    let card = &report["scorecards"][0];
    assert_eq!(card["expansion"]["column"], "expanded");
    assert_eq!(card["expansion"]["accounts"], 160);
    assert_eq!(card["expansion"]["bands"].as_array().unwrap().len(), 3);
    assert!(card["value_at_risk"].is_number());
    assert!(card["bands"][0]["share_of_value"].is_number());
    assert!(
        output
            .stdout
            .contains("\nExpansion: 39 of 160 accounts expanded ('expanded', 24.4%)\n"),
        "{}",
        output.stdout
    );
    assert!(output
        .stdout
        .contains("\n- 'A usage' finds growth: accounts that expanded score higher"));
    assert!(output.stdout.contains(
        "\nValue at risk: 1,620,200 in 'red' (54.8% of all value), 74.7% of the value that churned\n"
    ));
}

#[test]
fn without_the_flags_there_are_no_new_fields() {
    let work = Workdir::new("outcomes-plain");
    let output = work.run(validate_args(&fixture_history(), &["--json", "v.json"]));
    output.assert_success();
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    let card = report["scorecards"][0].as_object().unwrap();
    for key in ["expansion", "value_at_risk", "worst_band_value_capture"] {
        assert!(!card.contains_key(key), "{key}");
    }
    assert!(!report["scorecards"][0]["bands"][0]
        .as_object()
        .unwrap()
        .contains_key("value"));
}

#[test]
fn a_missing_expansion_column_names_its_flag() {
    let work = Workdir::new("outcomes-missing");
    let output = work.run(validate_args(&fixture_history(), &["--expansion", "expandd"]));
    output.assert_bad_input(&[
        "no column 'expandd' (needed by the expansion outcome, --expansion)",
        "did you mean 'expanded'?",
    ]);
}

#[test]
fn the_churn_column_cannot_be_the_expansion_outcome() {
    let work = Workdir::new("outcomes-same");
    let output = work.run(validate_args(&fixture_history(), &["--expansion", "churned"]));
    output.assert_bad_input(&["--expansion churned names the churn outcome column (--outcome)"]);
}

#[test]
fn a_non_binary_expansion_column_names_the_row() {
    let work = Workdir::new("outcomes-binary");
    let output = work.run(validate_args(&fixture_history(), &["--expansion", "tickets"]));
    output.assert_bad_input(&["row 1, column 'tickets': outcome '4' is not one of 1/0"]);
}

#[test]
fn an_empty_expansion_cell_counts_as_not_expanded_only_for_a_churner() {
    let work = Workdir::new("outcomes-empty");
    let rows: &[&[&str]] = &[
        &["account_id", "churned", "grew", "usage", "tickets", "nps"],
        &["A", "1", "", "0.3", "2", "5"],
        &["B", "0", "yes", "0.8", "0", "9"],
        &["C", "0", "no", "0.5", "1", "7"],
        &["D", "1", "1", "0.2", "5", "2"],
    ];
    let data = work.create_csv("h.csv", rows);
    let output = work.run(validate_args(
        data.to_str().unwrap(),
        &["--expansion", "grew", "--json", "v.json"],
    ));
    output.assert_success();
    let report: Value = serde_json::from_str(&work.read("v.json")).unwrap();
    assert_eq!(report["scorecards"][0]["expansion"]["expanded"], 2);
    let mut rows = rows.to_vec();
    rows[3] = &["C", "0", "", "0.5", "1", "7"];
    let data = work.create_csv("gap.csv", &rows);
    let output = work.run(validate_args(data.to_str().unwrap(), &["--expansion", "grew"]));
    output.assert_bad_input(&["row 3, column 'grew': the expansion outcome is missing"]);
}

#[test]
fn the_report_asks_whether_the_score_finds_growth() {
    let work = Workdir::new("outcomes-report");
    let data = fixture_history();
    let cards = [
        repo_path("tests/fixtures/outcomes/a.toml").display().to_string(),
        repo_path("tests/fixtures/outcomes/b.toml").display().to_string(),
    ];
    let args = |out: &str, extra: &[&str]| {
        let mut args: Vec<String> = [
            "report",
            "--data",
            &data,
            "--scorecard",
            &cards[0],
            "--scorecard",
            &cards[1],
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(["--no-fit".to_string(), "--out".to_string(), out.to_string()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    work.run(args("with", &["--expansion", "expanded", "--value", "arr"]))
        .assert_success();
    let summary = work.read("with/summary.md");
    assert!(
        summary.contains("\n## Does the score find growth?\n"),
        "{summary}"
    );
    assert!(summary.contains(
        "\n- 'A usage' finds growth: accounts that expanded score higher than those that did not \
         (AUC 0.776 [0.695, 0.856]); 'green' expands most (58.3%).\n"
    ));
    assert!(summary.contains("| Value | Share of value | Value churned |"));
    assert!(summary.contains("| Value at risk | Share of churned value | Expansion AUC |"));
    assert!(summary.contains("| 1,620,200 | 74.7% | 0.776 |"), "{summary}");
    assert!(summary.contains("\n- With 'A usage': value at risk: 1,620,200 in 'red'"));
    let page = work.read("with/index.html");
    assert!(page.contains("<h2 id=\"growth\">Does the score find growth?</h2>"));
    // the expansion rate per band: one chart per candidate, inline on the page, as a PNG,
    // linked from the summary, inside the growth section
    let growth = &page[page.find("<h2 id=\"growth\">").unwrap()..];
    for stem in ["expansion-1-a-usage", "expansion-2-b-tickets"] {
        assert!(
            growth.contains(&format!("<figure id=\"chart-{stem}\" class=\"chart\">\n<svg")),
            "{stem}"
        );
        assert!(
            summary.contains(&format!("\n![{stem}](charts/{stem}.png)\n")),
            "{stem}"
        );
        let png = work.read_bytes(&format!("with/charts/{stem}.png"));
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{stem}");
    }
    assert!(
        growth.contains("Expansion rate (&apos;expanded&apos;) per band — A usage"),
        "{growth}"
    );
    assert!(!page.contains("NaN"));
    work.run(args("without", &[])).assert_success();
    let plain = work.read("without/summary.md");
    assert!(
        !plain.contains("growth") && !plain.contains("Value at risk"),
        "{plain}"
    );
    assert!(!plain.contains("expansion-") && !work.read("without/index.html").contains("chart-expansion-"));
    assert!(!work.exists("without/charts/expansion-1-a-usage.png"));
}

#[test]
fn backtest_gives_the_expansion_auc_per_period() {
    let work = Workdir::new("outcomes-backtest");
    let mut csv = String::from("account_id,snapshot_date,churned,grew,usage,tickets,nps\n");
    for quarter in ["2025-01-01", "2025-04-01"] {
        for i in 0..60 {
            let usage = f64::from(i % 20) / 20.0;
            let churned = u8::from(i % 5 == 0);
            let grew = u8::from(i % 20 >= 12 && i % 3 != 0);
            csv.push_str(&format!(
                "A{i},{quarter},{churned},{grew},{usage},{},{}\n",
                i % 6,
                i % 11
            ));
        }
    }
    let data = work.create("h.csv", csv);
    let output = work.run([
        "backtest",
        "--data",
        data.to_str().unwrap(),
        "--date",
        "snapshot_date",
        "--scorecard",
        repo_path("tests/fixtures/outcomes/a.toml").to_str().unwrap(),
        "--expansion",
        "grew",
        "--min-class",
        "5",
        "--json",
        "b.json",
    ]);
    output.assert_success();
    assert!(
        output.stdout.contains("expansion AUC ('grew')"),
        "{}",
        output.stdout
    );
    let report: Value = serde_json::from_str(&work.read("b.json")).unwrap();
    for period in report["periods"].as_array().unwrap() {
        let expansion = &period["scorecards"][0]["expansion"];
        assert_eq!(expansion["column"], "grew");
        assert!(expansion["auc"].as_f64().unwrap() > 0.5, "{expansion}");
    }
}
