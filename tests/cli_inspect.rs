//! `healthscore inspect` end to end: on the committed sample (whose hidden truth is known),
//! on a simulated history with planted leaks, and with bad input.

mod common;

use common::{repo_path, Workdir};
use serde_json::Value;

fn sample() -> String {
    repo_path("notebooks-data/sample_history.csv")
        .to_str()
        .unwrap()
        .to_string()
}

/// Runs inspect with `--json p.json` and returns the parsed profile.
fn profile(work: &Workdir, data: &str) -> Value {
    work.run(["inspect", "--data", data, "--json", "p.json"])
        .assert_success();
    serde_json::from_str(&work.read("p.json")).unwrap()
}

fn columns(report: &Value) -> &Vec<Value> {
    report["columns"].as_array().unwrap()
}

fn column<'a>(report: &'a Value, name: &str) -> &'a Value {
    columns(report)
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn rank(report: &Value, name: &str) -> usize {
    columns(report)
        .iter()
        .position(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn flag_kinds(column: &Value) -> Vec<String> {
    column["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn sample_ranks_the_true_strong_measures_above_the_null_ones() {
    let work = Workdir::new("inspect-sample");
    let report = profile(&work, &sample());
    assert_eq!(report["rows"], 20000);
    assert_eq!(columns(&report).len(), 23, "every column of the file");
    for strong in ["seat_utilization", "feature_adoption"] {
        for null in ["csat", "avg_resolution_hours", "days_to_renewal"] {
            assert!(
                rank(&report, strong) < rank(&report, null),
                "{strong} should rank above {null}"
            );
        }
    }
    // the strongest real measure leads the honest columns
    let first_clean = columns(&report)
        .iter()
        .find(|c| c["flags"].as_array().unwrap().is_empty() && c["role"].is_null())
        .unwrap();
    assert_eq!(first_clean["name"], "seat_utilization");
    let seat = column(&report, "seat_utilization");
    assert_eq!(seat["type"], "numeric");
    assert_eq!(seat["signal"]["direction"], "higher_is_better");
    assert!(seat["signal"]["auc"].as_f64().unwrap() > 0.65);
    assert!(seat["signal"]["spearman"].as_f64().unwrap() < 0.0);
    let quintiles = seat["signal"]["quintiles"].as_array().unwrap();
    assert_eq!(quintiles.len(), 5);
    assert!(quintiles[0]["churn_rate"].as_f64() > quintiles[4]["churn_rate"].as_f64());
    assert_eq!(
        column(&report, "days_payment_overdue")["signal"]["direction"],
        "lower_is_better"
    );
    for null in ["csat", "avg_resolution_hours", "days_to_renewal"] {
        assert_eq!(column(&report, null)["signal"]["clear"], false, "{null}");
    }
    let nps = column(&report, "nps");
    let missing = nps["missing_rate"].as_f64().unwrap();
    assert!((0.3..0.4).contains(&missing), "nps is 35% missing: {missing}");
    let sentiment = column(&report, "csm_sentiment");
    assert_eq!(sentiment["type"], "text");
    assert_eq!(sentiment["distinct"], 3);
    assert_eq!(sentiment["top_values"].as_array().unwrap().len(), 3);
    assert_eq!(column(&report, "snapshot_date")["type"], "date");
    assert_eq!(column(&report, "snapshot_date")["dates"]["first"], "2025-01-01");
}

#[test]
fn sample_flags_the_correlated_pair_the_churn_date_leak_and_the_roles() {
    let work = Workdir::new("inspect-flags");
    let report = profile(&work, &sample());
    let groups = report["duplicate_groups"].as_array().unwrap();
    let activity = groups
        .iter()
        .find(|g| {
            g["columns"]
                .as_array()
                .unwrap()
                .contains(&Value::from("weekly_active_pct"))
        })
        .expect("weekly_active_pct is in a near-duplicate group");
    assert_eq!(
        activity["columns"],
        serde_json::json!(["weekly_active_pct", "logins_per_user_week"]),
        "the stronger one first"
    );
    assert!(activity["pairs"][0]["spearman"].as_f64().unwrap() >= 0.9);
    for name in ["weekly_active_pct", "logins_per_user_week"] {
        assert!(flag_kinds(column(&report, name)).contains(&"near_duplicate".to_string()));
    }
    // churn_date is filled only for churners: caught by the missingness rule
    let churn_date = column(&report, "churn_date");
    assert_eq!(flag_kinds(churn_date), ["leak"]);
    assert!(churn_date["flags"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("100.0% where filled, 0.0% where empty"));
    assert_eq!(
        rank(&report, "churn_date"),
        0,
        "a perfect leak has the strongest signal"
    );
    assert_eq!(column(&report, "account_id")["role"], "id");
    assert_eq!(flag_kinds(column(&report, "account_id")), ["id_like"]);
    assert_eq!(column(&report, "churned")["role"], "outcome");
    assert_eq!(
        rank(&report, "churned"),
        columns(&report).len() - 1,
        "the outcome has no signal of its own and comes last"
    );
    // no honest measure is called a leak; the expansion outcome, empty for every churned
    // account, is one (it is an outcome, not a measure)
    let leaks: Vec<&str> = columns(&report)
        .iter()
        .filter(|c| flag_kinds(c).contains(&"leak".to_string()))
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(leaks, ["churn_date", "expanded"]);
}

#[test]
fn sample_prints_a_ranked_table_and_the_flag_sections() {
    let work = Workdir::new("inspect-text");
    let out = work.run(["inspect", "--data", &sample()]);
    out.assert_success();
    assert!(out.stdout.starts_with(&format!(
        "{}: 20000 rows, 23 columns; outcome 'churned': 1664 churned (8.3%)",
        sample()
    )));
    for section in [
        "Columns, strongest signal against churn first:",
        "Possible leaks",
        "  churn_date: whether it is filled alone separates churners",
        "Near-duplicates (|Spearman| ≥ 0.90",
        "  weekly_active_pct, logins_per_user_week",
        "Text values (share of rows, churn rate):",
        "healthscore init --data",
    ] {
        assert!(out.stdout.contains(section), "stdout lacks {section:?}");
    }
    let seat = out
        .stdout
        .lines()
        .find(|l| l.starts_with("seat_utilization "))
        .unwrap();
    assert!(seat.contains("higher, less churn"), "{seat}");
    assert!(
        out.stderr.is_empty(),
        "nothing on stderr off-terminal: {:?}",
        out.stderr
    );
}

/// A simulated history with planted problems: a copy of the outcome as text, a refund
/// column that is large only for churners, a constant column and a row counter.
fn planted_history(work: &Workdir) -> String {
    work.run([
        "simulate",
        "--accounts",
        "1500",
        "--periods",
        "1",
        "--seed",
        "11",
        "--out",
        "sim.csv",
    ])
    .assert_success();
    let text = work.read("sim.csv");
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let outcome = header.split(',').position(|c| c == "churned").unwrap();
    let mut out = format!("{header},cancel_requested,refund_amount,region,row_number\n");
    for (i, line) in lines.enumerate() {
        let churned = line.split(',').nth(outcome).unwrap() == "1";
        let noise = (i * 37 % 50) as f64;
        let refund = if churned { 500.0 + noise } else { noise };
        out.push_str(&format!(
            "{line},{},{refund},emea,{}\n",
            if churned { "yes" } else { "no" },
            i + 1
        ));
    }
    work.create("planted.csv", out);
    "planted.csv".to_string()
}

#[test]
fn planted_leaks_constants_and_counters_are_flagged() {
    let work = Workdir::new("inspect-planted");
    let data = planted_history(&work);
    let report = profile(&work, &data);
    let reason = |name: &str| {
        column(&report, name)["flags"][0]["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(flag_kinds(column(&report, "cancel_requested")), ["leak"]);
    assert_eq!(reason("cancel_requested"), "equal to the outcome on every row");
    assert_eq!(flag_kinds(column(&report, "refund_amount")), ["leak"]);
    assert!(
        reason("refund_amount").starts_with("its values alone separate churners almost perfectly (AUC 0.000")
    );
    assert_eq!(flag_kinds(column(&report, "churn_date")), ["leak"]);
    assert_eq!(flag_kinds(column(&report, "region")), ["constant"]);
    assert_eq!(reason("region"), "one value in every row");
    assert_eq!(flag_kinds(column(&report, "row_number")), ["id_like"]);
    // the planted leaks outrank every honest column
    for leak in ["cancel_requested", "refund_amount", "churn_date"] {
        assert!(rank(&report, leak) < rank(&report, "seat_utilization"), "{leak}");
    }
}

#[test]
fn nan_cells_count_as_missing_with_a_warning_on_stderr() {
    let work = Workdir::new("inspect-nan");
    let mut csv = String::from("account_id,churned,usage\n");
    for i in 0..40 {
        let usage = if i == 3 {
            "NaN".to_string()
        } else {
            format!("{}", i % 9)
        };
        csv.push_str(&format!("A{i},{},{usage}\n", u8::from(i % 4 == 0)));
    }
    work.create("h.csv", csv);
    let out = work.run(["inspect", "--data", "h.csv"]);
    out.assert_success();
    assert_eq!(
        out.stderr,
        "warning: column 'usage': 1 NaN or infinite values counted as missing\n"
    );
    assert!(!out.stdout.contains("warning"));
}

#[test]
fn a_missing_outcome_column_is_bad_input() {
    let work = Workdir::new("inspect-no-outcome");
    work.create_csv("h.csv", &[&["account_id", "churn", "x"], &["a", "1", "2"]]);
    work.run(["inspect", "--data", "h.csv"]).assert_bad_input(&[
        "h.csv: no column 'churned' (needed by the outcome, --outcome)",
        "did you mean 'churn'?",
    ]);
    work.run([
        "inspect",
        "--data",
        "h.csv",
        "--outcome",
        "churn",
        "--date",
        "when",
    ])
    .assert_bad_input(&["no column 'when' (needed by the snapshot date, --date)"]);
    work.run(["inspect", "--data", "missing.csv"])
        .assert_bad_input(&["missing.csv: no such file"]);
}

#[test]
fn json_never_overwrites_the_data() {
    let work = Workdir::new("inspect-json-input");
    work.create_csv("h.csv", &[&["account_id", "churned"], &["a", "1"], &["b", "0"]]);
    work.run(["inspect", "--data", "h.csv", "--json", "h.csv"])
        .assert_bad_input(&["--json h.csv is the input data file"]);
    assert!(work.read("h.csv").starts_with("account_id,churned"));
}
