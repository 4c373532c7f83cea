//! `healthscore score` end to end: the committed sample with each committed scorecard, CSV
//! and Parquet output, and every kind of bad input (exit 2, one line, nothing written).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{repo_path, Workdir};
use healthscore::data::{file_columns, read_frame};
use healthscore::scorecard::{load_scorecard, Scorecard};

const SAMPLE: &str = "notebooks-data/sample_history.csv";

/// A parsed CSV: header and rows of cells (no quoted fields in our outputs).
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn parse(text: &str) -> Table {
        let mut lines = text
            .lines()
            .map(|l| l.split(',').map(String::from).collect::<Vec<_>>());
        let header = lines.next().expect("a header");
        Table {
            header,
            rows: lines.collect(),
        }
    }

    fn column(&self, name: &str) -> Vec<&str> {
        let index = self
            .header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name}"));
        self.rows.iter().map(|r| r[index].as_str()).collect()
    }

    fn numbers(&self, name: &str) -> Vec<f64> {
        self.column(name)
            .iter()
            .map(|v| v.parse().unwrap_or_else(|_| panic!("{name}: {v}")))
            .collect()
    }
}

/// Scores the sample with a committed config into `out` and returns the run's stdout.
fn score_sample(work: &Workdir, config: &str, out: &str, extra: &[&str]) -> String {
    let config = repo_path(&format!("configs/{config}.toml"));
    let (data, config) = (repo_path(SAMPLE), config);
    let mut args = vec!["score", "--data", path_str(&data), "--date", "snapshot_date"];
    args.extend(["--out", out, "--scorecard", path_str(&config)]);
    args.extend(extra);
    work.run(&args).assert_success().stdout.clone()
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// `points_` columns for measure slugs separated by spaces.
fn points(slugs: &str) -> Vec<String> {
    slugs.split(' ').map(|slug| format!("points_{slug}")).collect()
}

/// The band a score falls in by the card's cutoffs, computed here independently.
fn expected_band(card: &Scorecard, score: f64) -> &str {
    let band = card
        .bands
        .iter()
        .find(|b| b.below.is_none_or(|below| score < below));
    &band.expect("the last band has no cutoff").name
}

fn check_scored(config: &str, name: &str, points: &[String]) -> Table {
    let work = Workdir::new("sample");
    let stdout = score_sample(&work, config, "scored.csv", &[]);
    assert_eq!(
        stdout,
        // pooled snapshots are called snapshots
        format!("scored 20,000 snapshots of 6,333 accounts with '{name}' into scored.csv\n")
    );
    let table = Table::parse(&work.read("scored.csv"));
    let mut header = ["account_id", "snapshot_date", "score", "band", "profile"]
        .map(String::from)
        .to_vec();
    header.extend_from_slice(points);
    let lost: Vec<String> = points.iter().map(|p| p.replacen("points_", "lost_", 1)).collect();
    header.extend_from_slice(&lost);
    header.extend(["reasons", "to_next_band"].map(String::from));
    assert_eq!(table.header, header);
    assert_eq!(table.rows.len(), 20_000);
    // every account's score and the points it lost add up to 100
    let lost_columns: Vec<Vec<&str>> = lost.iter().map(|l| table.column(l)).collect();
    for (row, score) in table.numbers("score").into_iter().enumerate() {
        let lost: f64 = lost_columns
            .iter()
            .filter_map(|c| c[row].parse::<f64>().ok())
            .sum();
        assert!((score + lost - 100.0).abs() < 1e-6, "row {row}: {score} + {lost}");
    }
    let card = load_scorecard(&repo_path(&format!("configs/{config}.toml"))).expect("valid card");
    for (score, band) in table.numbers("score").into_iter().zip(table.column("band")) {
        assert!((0.0..=100.0).contains(&score), "{score}");
        assert_eq!(band, expected_band(&card, score), "score {score}");
    }
    let sample = Table::parse(&std::fs::read_to_string(repo_path(SAMPLE)).unwrap());
    assert_eq!(table.column("account_id"), sample.column("account_id"));
    assert_eq!(table.column("snapshot_date"), sample.column("snapshot_date"));
    table
}

#[test]
fn current_scorecard_on_the_sample() {
    let points = points("seat_utilization logins_per_user feature_adoption open_tickets resolution_time csat nps csm_sentiment payment_overdue");
    let table = check_scored("current", "Current Q3", &points);
    assert!(table.column("profile").iter().all(|p| *p == "default"));
    // No groups: the score is the weighted mean of the points present on the row.
    let weights = [10.0, 15.0, 5.0, 20.0, 15.0, 20.0, 5.0, 5.0, 5.0];
    let columns: Vec<Vec<&str>> = points.iter().map(|p| table.column(p)).collect();
    for (row, score) in table.numbers("score").into_iter().enumerate().step_by(97) {
        let (mut total, mut weight) = (0.0, 0.0);
        for (column, w) in columns.iter().zip(weights) {
            if let Ok(p) = column[row].parse::<f64>() {
                total += w * p;
                weight += w;
            }
        }
        assert!(
            (score - total / weight).abs() < 1e-6,
            "row {row}: {score} vs {}",
            total / weight
        );
    }
}

#[test]
fn usage_heavy_scorecard_on_the_sample() {
    let points = points("seat_utilization feature_adoption weekly_active_users priority_tickets payment_overdue nps csm_sentiment executive_sponsor");
    let table = check_scored("usage-heavy", "Usage-heavy", &points);
    let bands: BTreeMap<&str, usize> = table
        .column("band")
        .into_iter()
        .fold(BTreeMap::new(), |mut m, b| {
            *m.entry(b).or_default() += 1;
            m
        });
    assert_eq!(
        bands.keys().copied().collect::<Vec<_>>(),
        ["green", "red", "yellow"]
    );
}

#[test]
fn lifecycle_profiles_pick_onboarding_exactly_for_onboarding_rows() {
    let points = points("seat_utilization feature_adoption priority_tickets payment_overdue nps");
    let table = check_scored("lifecycle-profiles", "Lifecycle profiles", &points);
    let sample = Table::parse(&std::fs::read_to_string(repo_path(SAMPLE)).unwrap());
    let stages = sample.column("lifecycle_stage");
    assert!(stages.contains(&"onboarding") && stages.contains(&"adopted"));
    for (row, (profile, stage)) in table.column("profile").into_iter().zip(stages).enumerate() {
        let expected = if stage == "onboarding" {
            "onboarding"
        } else {
            "adopted"
        };
        assert_eq!(profile, expected, "row {}", row + 1);
    }
    // NPS is not in the onboarding profile: its points are empty there.
    for (nps, profile) in table
        .column("points_nps")
        .into_iter()
        .zip(table.column("profile"))
    {
        assert!(profile == "adopted" || nps.is_empty(), "{profile}: {nps}");
    }
}

#[test]
fn parquet_output_matches_csv_output() {
    let work = Workdir::new("parquet");
    score_sample(&work, "current", "scored.csv", &["--segment", "segment"]);
    score_sample(&work, "current", "scored.parquet", &["--segment", "segment"]);
    let csv = Table::parse(&work.read("scored.csv"));
    assert_eq!(
        &csv.header[..4],
        ["account_id", "snapshot_date", "segment", "score"]
    );
    let path = work.path("scored.parquet");
    let columns = file_columns(&path).expect("a parquet schema");
    assert_eq!(columns, csv.header);
    let frame = read_frame(&path, &columns, &[]).expect("readable parquet");
    assert_eq!(frame.height(), 20_000);
    let scores: Vec<f64> = frame
        .column("score")
        .unwrap()
        .f64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    for (parquet, csv) in scores.iter().zip(csv.numbers("score")) {
        assert!((parquet - csv).abs() < 1e-9, "{parquet} vs {csv}");
    }
}

const DATA: &str = "account_id,churned,seat_utilization,csm_sentiment\nA1,0,0.5,green\nA2,1,0.25,red\n";

fn card(column: &str) -> String {
    format!(
        "name = \"t\"\n[[measures]]\nname = \"Seats\"\ncolumn = \"{column}\"\nweight = 1\n[measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n"
    )
}

/// Every file of the work dir with its bytes.
fn snapshot(work: &Workdir) -> BTreeMap<String, Vec<u8>> {
    work.listing()
        .into_iter()
        .map(|name| (name.clone(), work.read_bytes(&name)))
        .collect()
}

/// A work dir with `h.csv` (and `h.txt`) holding `data`, `card.toml` (and `card.csv`) holding `card`,
/// run as `score --data h.csv --scorecard card.toml --out out.csv` with flags replaced by
/// `flags`: exit 2, one line on stderr with every fragment, and the directory byte-identical
/// afterwards (no output, inputs untouched).
fn rejected(data: &str, card: &str, flags: &[(&str, &str)], fragments: &[&str]) {
    let work = Workdir::new("bad");
    work.create("h.csv", data);
    work.create("card.toml", card);
    work.create("card.csv", card);
    work.create("h.txt", data);
    let before = snapshot(&work);
    let mut args = vec!["score"];
    for (flag, default) in [
        ("--data", "h.csv"),
        ("--scorecard", "card.toml"),
        ("--out", "out.csv"),
    ] {
        let value = flags
            .iter()
            .find(|(f, _)| *f == flag)
            .map_or(default, |(_, v)| *v);
        args.extend([flag, value]);
    }
    work.run(&args).assert_bad_input(fragments);
    assert_eq!(snapshot(&work), before, "the work dir changed");
}

fn rejected_data(data: &str, fragments: &[&str]) {
    rejected(data, &card("seat_utilization"), &[], fragments);
}

#[test]
fn good_fixture_is_accepted() {
    let work = Workdir::new("good");
    work.create("h.csv", DATA);
    work.create("card.toml", card("seat_utilization"));
    work.run([
        "score",
        "--data",
        "h.csv",
        "--scorecard",
        "card.toml",
        "--out",
        "out.csv",
    ])
    .assert_success();
    let table = Table::parse(&work.read("out.csv"));
    assert_eq!(table.numbers("score"), [50.0, 25.0]);
    assert_eq!(table.column("band"), ["yellow", "red"]);
}

#[test]
fn missing_unsupported_or_empty_data_file() {
    rejected(
        DATA,
        &card("seat_utilization"),
        &[("--data", "absent.csv")],
        &["absent.csv: no such file"],
    );
    rejected(
        DATA,
        &card("seat_utilization"),
        &[("--data", "h.txt")],
        &["h.txt: expected a .csv or .parquet file"],
    );
    rejected_data("", &["h.csv: the file is empty"]);
}

#[test]
fn missing_column_with_suggestion() {
    let fragments = [
        "h.csv: no column 'seat_utilisation'",
        "did you mean 'seat_utilization'?",
    ];
    rejected(DATA, &card("seat_utilisation"), &[], &fragments);
}

#[test]
fn bad_cells_name_row_and_column() {
    let bad = |cell: &str| DATA.replace("0.25", cell);
    rejected_data(
        &bad("abc"),
        &["h.csv: row 2, column 'seat_utilization': expected a number, found 'abc'"],
    );
    rejected_data(
        &bad("NaN"),
        &["h.csv: row 2, column 'seat_utilization': NaN is not a finite number"],
    );
    rejected_data(
        &DATA.replace("A2,1", "A2,maybe"),
        &["h.csv: row 2, column 'churned': outcome 'maybe'"],
    );
    rejected_data(
        &DATA.replace("A2", "A1"),
        &["h.csv: row 2: account 'A1' appears twice"],
    );
}

#[test]
fn unknown_category_names_row_and_measure() {
    let card = "name = \"t\"\n[[measures]]\nname = \"Mood\"\ncolumn = \"csm_sentiment\"\nweight = 1\n[measures.scoring]\nmethod = \"categories\"\npoints = { green = 100 }\n";
    rejected(
        DATA,
        card,
        &[],
        &["h.csv: row 2, column 'csm_sentiment': measure 'Mood' has no points for 'red'"],
    );
}

#[test]
fn scorecard_errors_name_line_and_column() {
    let data = DATA;
    rejected(
        data,
        "name = \"t\"\n[[measures]\n",
        &[],
        &["card.toml:2:11: invalid table header"],
    );
    let typo = card("seat_utilization").replace("weight", "wieght");
    rejected(data, &typo, &[], &["card.toml:5:1: unknown field `wieght`"]);
    let card = card("seat_utilization");
    rejected(
        data,
        &card,
        &[("--scorecard", "absent.toml")],
        &["absent.toml: cannot read scorecard"],
    );
}

#[test]
fn output_never_overwrites_an_input() {
    let card = card("seat_utilization");
    let data_fragments = ["is the input data file"];
    rejected(DATA, &card, &[("--out", "h.csv")], &data_fragments);
    rejected(DATA, &card, &[("--out", "./h.csv")], &data_fragments);
    rejected(
        DATA,
        &card,
        &[("--scorecard", "card.csv"), ("--out", "./card.csv")],
        &["is the input scorecard"],
    );
    rejected(
        DATA,
        &card,
        &[("--out", "card.toml")],
        &["--out card.toml: expected a .csv or .parquet"],
    );
}

#[test]
fn output_through_the_parent_directory_is_still_the_input() {
    let work = Workdir::new("parent");
    work.create("h.csv", DATA);
    work.create("card.toml", card("seat_utilization"));
    let before = snapshot(&work);
    let dir = work.root().file_name().unwrap().to_string_lossy().into_owned();
    let out = Path::new("..").join(dir).join("h.csv");
    let out = out.to_string_lossy();
    let args = [
        "score",
        "--data",
        "h.csv",
        "--scorecard",
        "card.toml",
        "--out",
        &out,
    ];
    work.run(args).assert_bad_input(&["is the input data file"]);
    assert_eq!(snapshot(&work), before);
}

#[test]
fn cell_with_a_newline_still_gives_one_line() {
    let data = DATA.replace("0.25", "\"0.7\nabc\"");
    rejected_data(
        &data,
        &["h.csv: row 2, column 'seat_utilization': expected a number"],
    );
}

#[test]
fn repeated_ids_without_a_date_name_the_likely_date_column() {
    // issue 13: the error names the date column and the exact flag to add
    let data = "account_id,snapshot_date,churned,seat_utilization,csm_sentiment\n\
                A1,2025-01-01,0,0.5,green\nA1,2025-04-01,1,0.25,red\n";
    rejected_data(
        data,
        &["h.csv: row 2: account 'A1' appears twice (several snapshots per account? add --date snapshot_date)"],
    );
}

#[test]
fn a_scorecard_type_error_names_the_measure_and_the_key() {
    // issue 13: not serde's `invalid type: string "heavy", expected f64`
    let card = card("seat_utilization").replace("weight = 1", "weight = \"heavy\"");
    rejected(
        DATA,
        &card,
        &[],
        &["card.toml:5:10: measure 'Seats': weight must be a number, not the text \"heavy\""],
    );
}

#[test]
fn a_missing_role_column_names_its_flag() {
    // issue 13: the library says "the outcome", the command line adds its flag
    let work = Workdir::new("role");
    work.create("h.csv", DATA);
    work.create("card.toml", card("seat_utilization"));
    work.run([
        "score",
        "--data",
        "h.csv",
        "--scorecard",
        "card.toml",
        "--outcome",
        "churn",
        "--out",
        "out.csv",
    ])
    .assert_bad_input(&["h.csv: no column 'churn' (needed by the outcome, --outcome)"]);
}
