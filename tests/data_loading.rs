//! Loading history files through `load_history`: CSV and Parquet alike, only the needed
//! columns, outcome words, and one test per `DataError` a user can meet.

mod common;

use std::path::{Path, PathBuf};

use common::Workdir;
use healthscore::data::{
    load_history, read_frame, write_frame, ColumnKind, ColumnNeed, ColumnRoles, DataError, History,
};

fn numeric(column: &str) -> ColumnNeed {
    ColumnNeed {
        column: column.to_string(),
        kind: ColumnKind::Numeric,
        needed_by: format!("measure '{column}'"),
    }
}

fn text(column: &str) -> ColumnNeed {
    ColumnNeed {
        kind: ColumnKind::Text,
        ..numeric(column)
    }
}

fn dated() -> ColumnRoles {
    ColumnRoles {
        date: Some("snapshot_date".to_string()),
        ..ColumnRoles::default()
    }
}

fn load(path: &Path, needs: &[ColumnNeed]) -> Result<History, DataError> {
    load_history(path, &ColumnRoles::default(), needs)
}

/// The error loading `csv` (written as `h.csv`) with the default roles must give.
fn load_error(csv: &str, roles: &ColumnRoles, needs: &[ColumnNeed]) -> (DataError, String) {
    let work = Workdir::new("data");
    let path = work.create("h.csv", csv);
    let err = load_history(&path, roles, needs).expect_err("the file should be rejected");
    let message = err.to_string().replace(&path.display().to_string(), "h.csv");
    (err, message)
}

/// A file with one numeric column `x` holding `cells`, one per row.
fn cells_csv(cells: &[&str]) -> String {
    let rows: String = cells
        .iter()
        .enumerate()
        .map(|(i, c)| format!("A{i},0,{c}\n"))
        .collect();
    format!("account_id,churned,x\n{rows}")
}

const SAMPLE: &str = "\
account_id,snapshot_date,segment,churned,arr,seat_utilization,csm_sentiment,unused
A1,2025-01-01,smb,0,1000,0.5,green,x
A2,2025-01-01,mid,1,2500.5,,red,y
A1,2025-04-01,smb,1,1000,NA,,z
A3,2025-04-01,enterprise,0,90000,0.91,yellow,w
";

fn sample_roles() -> ColumnRoles {
    ColumnRoles {
        segment: Some("segment".to_string()),
        value: Some("arr".to_string()),
        ..dated()
    }
}

fn assert_same_history(a: &History, b: &History) {
    assert_eq!(a.ids, b.ids);
    assert_eq!(a.churned, b.churned);
    assert_eq!(a.segment, b.segment);
    assert_eq!(a.dates, b.dates);
    assert_eq!(a.value, b.value);
    assert_eq!(a.numeric, b.numeric);
    assert_eq!(a.text, b.text);
}

#[test]
fn csv_and_parquet_give_the_same_history() {
    let work = Workdir::new("formats");
    let csv = work.create("h.csv", SAMPLE);
    let columns: Vec<String> = SAMPLE
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(String::from)
        .collect();
    let mut frame = read_frame(&csv, &columns, &[]).expect("readable");
    let parquet: PathBuf = work.path("h.parquet");
    write_frame(&mut frame, &parquet).expect("writable");
    let needs = [numeric("seat_utilization"), text("csm_sentiment")];
    let from_csv = load_history(&csv, &sample_roles(), &needs).expect("csv loads");
    let from_parquet = load_history(&parquet, &sample_roles(), &needs).expect("parquet loads");
    assert_same_history(&from_csv, &from_parquet);
    assert_eq!(from_parquet.source, parquet);
    assert_eq!(from_csv.ids, ["A1", "A2", "A1", "A3"]);
    assert_eq!(from_csv.churned, [false, true, true, false]);
    assert_eq!(from_csv.value, Some(vec![1000.0, 2500.5, 1000.0, 90000.0]));
    assert_eq!(
        from_csv.numeric["seat_utilization"],
        [Some(0.5), None, None, Some(0.91)]
    );
    let sentiment = &from_csv.text["csm_sentiment"];
    let read: Vec<Option<&str>> = (0..4).map(|r| sentiment.get(r)).collect();
    assert_eq!(read, [Some("green"), Some("red"), None, Some("yellow")]);
}

#[test]
fn only_the_needed_columns_are_required_and_read() {
    let csv = "account_id,churned,seat_utilization,junk\nA1,0,0.5,not-a-number\nA2,1,0.7,\n";
    let work = Workdir::new("needed");
    let path = work.create("h.csv", csv);
    let history = load(&path, &[numeric("seat_utilization")]).expect("loads without the other columns");
    assert_eq!(history.numeric.keys().collect::<Vec<_>>(), ["seat_utilization"]);
    assert!(history.text.is_empty() && history.dates.is_none() && history.segment.is_none());
}

#[test]
fn outcome_words_in_any_case() {
    let cases: [(&[&str], &[bool]); 3] = [
        (&["1", "0"], &[true, false]),
        (&["TRUE", "false"], &[true, false]),
        (
            &["Yes", "no", "churned", "Retained", "1", "0"],
            &[true, false, true, false, true, false],
        ),
    ];
    for (words, expected) in cases {
        let rows: String = words
            .iter()
            .enumerate()
            .map(|(i, w)| format!("A{i},{w}\n"))
            .collect();
        let work = Workdir::new("outcome");
        let path = work.create("h.csv", format!("account_id,churned\n{rows}"));
        let history = load(&path, &[]).unwrap_or_else(|e| panic!("{words:?}: {e}"));
        assert_eq!(history.churned, expected, "{words:?}");
    }
}

#[test]
fn unrecognised_outcome_names_the_row() {
    let (err, message) = load_error(
        "account_id,churned\nA1,yes\nA2,no\nA3,maybe\n",
        &ColumnRoles::default(),
        &[],
    );
    assert!(
        matches!(&err, DataError::BadOutcome { row: 3, value, .. } if value == "maybe"),
        "{err:?}"
    );
    assert_eq!(
        message,
        "h.csv: row 3, column 'churned': outcome 'maybe' is not one of 1/0, true/false, yes/no, churned/retained"
    );
}

#[test]
fn missing_column_suggests_the_closest_name() {
    let csv = "account_id,churned,seat_utilization\nA1,0,0.5\n";
    let (err, message) = load_error(csv, &ColumnRoles::default(), &[numeric("seat_utilisation")]);
    assert!(
        matches!(&err, DataError::MissingColumn { suggestion: Some(s), .. } if s == "seat_utilization"),
        "{err:?}"
    );
    assert_eq!(
        message,
        "h.csv: no column 'seat_utilisation' (needed by measure 'seat_utilisation'); did you mean 'seat_utilization'?; columns are: account_id, churned, seat_utilization"
    );
}

#[test]
fn missing_role_column_names_its_flag() {
    let (err, message) = load_error("account_id,churn\nA1,0\n", &ColumnRoles::default(), &[]);
    assert!(matches!(err, DataError::MissingColumn { .. }), "{err:?}");
    assert_eq!(
        message,
        "h.csv: no column 'churned' (needed by the outcome); did you mean 'churn'?; columns are: account_id, churn"
    );
}

#[test]
fn non_numeric_value_after_type_inference_names_its_row() {
    let mut csv = String::from("account_id,churned,seat_utilization\n");
    for row in 1..=20_000 {
        let value = if row == 15_000 {
            "abc".to_string()
        } else {
            format!("0.{}", row % 10)
        };
        csv.push_str(&format!("A{row},{},{value}\n", row % 2));
    }
    let (err, message) = load_error(&csv, &ColumnRoles::default(), &[numeric("seat_utilization")]);
    assert!(
        matches!(err, DataError::NotANumber { row: 15_000, .. }),
        "{err:?}"
    );
    assert_eq!(
        message,
        "h.csv: row 15000, column 'seat_utilization': expected a number, found 'abc'"
    );
}

#[test]
fn nan_and_infinity_are_rejected() {
    for (cells, row, shown) in [
        (&["0.5", "NaN"][..], 2, "NaN"),
        (&["inf"][..], 1, "inf"),
        (&["1", "2", "-inf"][..], 3, "-inf"),
    ] {
        let (err, message) = load_error(&cells_csv(cells), &ColumnRoles::default(), &[numeric("x")]);
        assert!(
            matches!(err, DataError::NonFinite { row: r, .. } if r == row),
            "{cells:?}: {err:?}"
        );
        assert_eq!(
            message,
            format!("h.csv: row {row}, column 'x': {shown} is not a finite number")
        );
    }
}

#[test]
fn na_markers_and_empty_cells_are_missing() {
    let work = Workdir::new("cells");
    let path = work.create("h.csv", cells_csv(&["0.5", "NA", "", "N/A", "null", "0.75"]));
    let history = load(&path, &[numeric("x")]).expect("loads");
    assert_eq!(
        history.numeric["x"],
        [Some(0.5), None, None, None, None, Some(0.75)]
    );
}

#[test]
fn empty_file_or_header_only() {
    for csv in ["", "account_id,churned\n"] {
        let (err, message) = load_error(csv, &ColumnRoles::default(), &[]);
        assert!(matches!(err, DataError::Empty { .. }), "{csv:?}: {err:?}");
        assert_eq!(
            message,
            "h.csv: the file is empty (expected a header row and at least one account)"
        );
    }
}

#[test]
fn unsupported_extension_and_missing_file() {
    let work = Workdir::new("paths");
    let txt = work.create("h.txt", "account_id,churned\nA1,0\n");
    let err = load(&txt, &[]).expect_err("not csv");
    assert!(matches!(err, DataError::UnsupportedFormat { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{}: expected a .csv or .parquet file", txt.display())
    );

    let absent = work.path("absent.csv");
    let err = load(&absent, &[]).expect_err("no file");
    assert!(matches!(err, DataError::NotFound { .. }), "{err:?}");
    assert_eq!(err.to_string(), format!("{}: no such file", absent.display()));
}

#[test]
fn duplicate_account_without_dates() {
    let (err, message) = load_error(
        "account_id,churned\nA1,0\nA2,0\nA1,1\n",
        &ColumnRoles::default(),
        &[],
    );
    assert!(
        matches!(
            &err,
            DataError::DuplicateAccount {
                row: 3,
                snapshot: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        message,
        "h.csv: row 3: account 'A1' appears twice (several snapshots per account? name the snapshot date column)"
    );
}

#[test]
fn same_account_in_two_snapshots_but_not_twice_in_one() {
    let work = Workdir::new("snapshots");
    let ok = work.create(
        "ok.csv",
        "account_id,snapshot_date,churned\nA1,2025-01-01,0\nA1,2025-04-01,1\n",
    );
    let history = load_history(&ok, &dated(), &[]).expect("one row per snapshot");
    assert_eq!(history.dates.as_ref().map(Vec::len), Some(2));

    let csv = "account_id,snapshot_date,churned\nA1,2025-01-01,0\nA1,2025-04-01,0\nA1,2025-04-01,1\n";
    let (err, message) = load_error(csv, &dated(), &[]);
    assert!(
        matches!(&err, DataError::DuplicateAccount { row: 3, snapshot: Some(d), .. } if d == "2025-04-01"),
        "{err:?}"
    );
    assert_eq!(
        message,
        "h.csv: row 3: account 'A1' appears twice in snapshot 2025-04-01"
    );
}

#[test]
fn bad_date_names_row_and_value() {
    let csv = "account_id,snapshot_date,churned\nA1,2025-01-01,0\nA2,2025-02-30,0\n";
    let (err, message) = load_error(csv, &dated(), &[]);
    assert!(
        matches!(&err, DataError::BadDate { row: 2, value, .. } if value == "2025-02-30"),
        "{err:?}"
    );
    assert_eq!(
        message,
        "h.csv: row 2, column 'snapshot_date': expected an ISO date like 2025-03-31, found '2025-02-30'"
    );
}

#[test]
fn missing_outcome_or_id_names_the_row() {
    let (err, message) = load_error("account_id,churned\nA1,0\nA2,\n", &ColumnRoles::default(), &[]);
    assert!(
        matches!(
            err,
            DataError::MissingValue {
                row: 2,
                role: "outcome",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(message, "h.csv: row 2, column 'churned': the outcome is missing");
    let (err, _) = load_error("account_id,churned\n,0\n", &ColumnRoles::default(), &[]);
    assert!(
        matches!(
            err,
            DataError::MissingValue {
                row: 1,
                role: "account id",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn byte_order_mark_and_windows_line_endings() {
    let work = Workdir::new("excel");
    let path = work.create(
        "h.csv",
        "\u{feff}account_id,churned,x\r\nA1,0,0.5\r\nA2,yes,NA\r\n",
    );
    let history = load(&path, &[numeric("x")]).expect("an Excel-style CSV loads");
    assert_eq!(history.ids, ["A1", "A2"]);
    assert_eq!(history.churned, [false, true]);
    assert_eq!(history.numeric["x"], [Some(0.5), None]);
}

#[test]
fn account_ids_are_kept_as_written() {
    let work = Workdir::new("ids");
    let path = work.create("h.csv", "account_id,churned\n007,0\n7,1\n");
    let history = load(&path, &[]).expect("'007' and '7' are different accounts");
    assert_eq!(history.ids, ["007", "7"]);
}
