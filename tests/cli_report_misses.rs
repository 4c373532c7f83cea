//! `healthscore report`'s "Where the score missed" section end to end: its tables, the gains
//! chart, the blindsided accounts in the order asked for with the reasons `score` writes,
//! and markup in account ids shown as text.

mod common;

use common::{repo_path, Workdir};

fn report(work: &Workdir, out: &str, value: bool) {
    let mut args: Vec<String> = [
        "report",
        "--data",
        repo_path("notebooks-data/sample_history.csv").to_str().unwrap(),
        "--date",
        "snapshot_date",
        "--scorecard",
        repo_path("configs/current.toml").to_str().unwrap(),
        "--scorecard",
        repo_path("configs/usage-heavy.toml").to_str().unwrap(),
        "--scorecard",
        repo_path("configs/lifecycle-profiles.toml").to_str().unwrap(),
        "--no-fit",
        "--out",
        out,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if value {
        args.extend(["--value".to_string(), "arr".to_string()]);
    }
    work.run(args).assert_success();
}

/// The rows of the Markdown table that follows `heading` (header and rule left out).
fn table_after(summary: &str, heading: &str) -> Vec<Vec<String>> {
    let start = summary
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} missing"));
    summary[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The first candidate's blindsided accounts computed here from `score`'s output and the
/// history: (id, score, value, reasons) of churned accounts in the green band.
fn blindsided_by_hand(work: &Workdir) -> Vec<(String, f64, f64, String)> {
    work.run([
        "score",
        "--data",
        repo_path("notebooks-data/sample_history.csv").to_str().unwrap(),
        "--date",
        "snapshot_date",
        "--scorecard",
        repo_path("configs/current.toml").to_str().unwrap(),
        "--out",
        "scored.csv",
    ])
    .assert_success();
    let history = std::fs::read_to_string(repo_path("notebooks-data/sample_history.csv")).unwrap();
    let mut history = history.lines();
    let header: Vec<&str> = history.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (churned, arr) = (column("churned"), column("arr"));
    let scored = work.read("scored.csv");
    let mut scored = scored.lines();
    let scored_header: Vec<&str> = scored.next().unwrap().split(',').collect();
    let scored_column = |name: &str| scored_header.iter().position(|h| *h == name).unwrap();
    let (score, band, reasons) = (
        scored_column("score"),
        scored_column("band"),
        scored_column("reasons"),
    );
    history
        .zip(scored)
        .filter_map(|(h, s)| {
            let h: Vec<&str> = h.split(',').collect();
            let s: Vec<&str> = s.split(',').collect();
            (h[churned] == "1" && s[band] == "green").then(|| {
                (
                    s[0].to_string(),
                    s[score].parse().unwrap(),
                    h[arr].parse().unwrap(),
                    s[reasons].to_string(),
                )
            })
        })
        .collect()
}

#[test]
fn the_section_shows_the_misses_capacity_gains_and_reclassification() {
    let work = Workdir::new("report-misses");
    report(&work, "plain", false);
    report(&work, "valued", true);
    let html = work.read("valued/index.html");
    assert!(html.contains("<h2 id=\"misses\">Where the score missed</h2>"));
    for table in [
        "misses",
        "missed-measures-1",
        "missed-measures-2",
        "missed-measures-3",
        "blindsided",
        "capacity",
        "reclassification-1",
        "reclassification-2",
    ] {
        assert!(
            html.contains(&format!("<table id=\"{table}\"")),
            "table {table} missing"
        );
    }
    assert!(html.contains("<figure id=\"chart-gains\""), "gains chart missing");
    assert!(work.exists("valued/charts/gains.png") && work.exists("plain/charts/gains.png"));
    assert!(!html.contains("NaN"), "NaN in the page");
    let summary = work.read("valued/summary.md");
    assert!(summary.contains("## Where the score missed"), "{summary}");
    assert!(summary.contains("![gains](charts/gains.png)"), "{summary}");
    assert!(summary.contains("| Value blindsided |"), "{summary}");
    assert!(summary.contains("| Value churned |"), "{summary}");
    assert!(summary.contains("Net reclassification improvement of 'Usage-heavy' over 'Current Q3'"));
    let capacity = table_after(&summary, "### What a review of the lowest scores catches");
    assert_eq!(capacity.len(), 9, "three shares for each of three candidates");

    let accounts = blindsided_by_hand(&work);
    assert!(
        accounts.len() > 20,
        "the sample has more than 20 blindsided accounts"
    );
    // Largest value first with --value, highest score first without (history order on ties).
    let mut by_value = accounts.clone();
    by_value.sort_by(|a, b| b.2.total_cmp(&a.2).then(b.1.total_cmp(&a.1)));
    let mut by_score = accounts;
    by_score.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (folder, expected, reasons_at) in [("valued", by_value, 4), ("plain", by_score, 3)] {
        let listed = table_after(
            &work.read(&format!("{folder}/summary.md")),
            "### Blindsided accounts",
        );
        assert_eq!(listed.len(), 20, "{folder}");
        for (row, account) in listed.iter().zip(&expected) {
            assert_eq!(row[0], account.0, "{folder}: {listed:?}");
            assert_eq!(row[1], format!("{:.1}", account.1), "{folder}");
            assert_eq!(row[2], "green", "{folder}");
            assert_eq!(row[reasons_at], account.3, "{folder}: the reasons `score` writes");
        }
    }

    let results: serde_json::Value = serde_json::from_str(&work.read("valued/results.json")).unwrap();
    let keys: Vec<&String> = results.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["backtest", "fit", "inputs", "seed", "tool", "validate", "version"]
            .iter()
            .collect::<Vec<_>>(),
        "results.json keeps its structure"
    );
}

#[test]
fn markup_in_account_ids_is_shown_as_text() {
    let work = Workdir::new("report-misses-escaping");
    work.create(
        "card.toml",
        "name = \"card\"\n[[bands]]\nname = \"red\"\nbelow = 50\n[[bands]]\nname = \"green\"\n\
         [[measures]]\nname = \"Usage\"\ncolumn = \"u\"\nweight = 1\n[measures.scoring]\n\
         method = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n",
    );
    let mut text = String::from("account_id,churned,u\n");
    for i in 0..200 {
        text.push_str(&format!(
            "<i>a{i}</i>,{},{}\n",
            u8::from(i % 5 == 0),
            (i % 17) as f64 / 17.0
        ));
    }
    work.create("h.csv", text);
    work.run([
        "report",
        "--data",
        "h.csv",
        "--scorecard",
        "card.toml",
        "--out",
        "r",
    ])
    .assert_success();
    let html = work.read("r/index.html");
    assert!(
        html.contains("<table id=\"blindsided\""),
        "no blindsided accounts listed"
    );
    assert!(!html.contains("<i>"), "unescaped account id");
    assert!(
        html.contains("<td>&lt;i&gt;a"),
        "escaped id should be shown as text"
    );
    let summary = work.read("r/summary.md");
    assert!(
        !summary.contains("<i>") && summary.contains("&lt;i&gt;a"),
        "{summary}"
    );
}
