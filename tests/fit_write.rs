//! Writing the suggested scorecard: the input file with only weights (and cutoffs) changed,
//! comments, order and layout kept, dropped tables commented out, a header on top — and the
//! file it writes scores accounts exactly as the fit said it would.

use std::collections::BTreeMap;
use std::path::Path;

use healthscore::data::{History, NumericColumn};
use healthscore::fit::{fit, suggested_scorecard, CutoffRule, FitError, FitOptions, WriteHeader};
use healthscore::scorecard::write::HEADER_MARK;
use healthscore::scorecard::{apply, parse_scorecard, Scorecard};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const GROUPED: &str = r##"# Team scorecard: every comment here must survive the fit.
name = "Grouped"   # trailing comment
description = "usage and support"

[[bands]]
name = "red"
below = 40   # red below 40
color = "#d9534f"

[[bands]]
name = "green"

[[groups]]
name = "Usage"
weight = 70

[[groups]]
name = "Support"
weight = 30

# Usage first.
[[measures]]
name = "Signal"
column = "signal"
weight   =   5      # spacing kept
group = "Usage"
[measures.scoring]
method = "linear"
min = 0
max = 100
direction = "higher_is_better"

[[measures]]
name = "Second"
column = "second"
weight = 5
group = "Usage"
[measures.scoring]
method = "linear"
min = 0
max = 100
direction = "higher_is_better"

# Support is pure noise in this history: it goes, group and all.
[[measures]]
name = "Noise"
column = "noise"
weight = 1
group = "Support"
[measures.scoring]
method = "linear"
min = 0
max = 100
direction = "higher_is_better"   # a comment inside a dropped table
"##;

fn history(seed: u64, n: usize) -> History {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut numeric: BTreeMap<String, NumericColumn> = BTreeMap::new();
    let mut churned = Vec::with_capacity(n);
    let mut columns = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..n {
        let values: [f64; 3] = [
            rng.gen_range(0.0..100.0),
            rng.gen_range(0.0..100.0),
            rng.gen_range(0.0..100.0),
        ];
        let eta = -2.2 - 0.05 * (values[0] - 50.0) - 0.02 * (values[1] - 50.0);
        churned.push(rng.gen_bool(1.0 / (1.0 + (-eta).exp())));
        for (column, value) in columns.iter_mut().zip(values) {
            // Every tenth "second" value is missing, to exercise imputation and renormalizing.
            column.push(Some(value));
        }
    }
    for (i, value) in columns[1].iter_mut().enumerate() {
        if i % 10 == 3 {
            *value = None;
        }
    }
    for (name, column) in ["signal", "second", "noise"].into_iter().zip(columns) {
        numeric.insert(name.to_string(), column.into());
    }
    History {
        source: "memory.csv".into(),
        ids: (0..n).map(|i| format!("A{i}")).collect(),
        churned,
        numeric,
        ..History::default()
    }
}

fn header() -> WriteHeader {
    WriteHeader {
        date: "2025-06-30".into(),
        data: "memory.csv".into(),
    }
}

fn parse(text: &str) -> Scorecard {
    parse_scorecard(text, Path::new("grouped.toml")).unwrap()
}

#[test]
fn only_weights_and_cutoffs_change_and_comments_survive() {
    let card = parse(GROUPED);
    let h = history(1, 3000);
    let options = FitOptions {
        cutoffs: Some(CutoffRule::EqualShares),
        ..FitOptions::default()
    };
    let report = fit(&h, &card, &options).unwrap();
    let written = suggested_scorecard(GROUPED, &card, &report, &header()).unwrap();

    // Header on top, naming the date, the data and the out-of-fold AUC.
    let head: Vec<&str> = written
        .lines()
        .take_while(|l| l.starts_with(HEADER_MARK))
        .collect();
    assert_eq!(head.len(), 4, "{written}");
    assert!(head[0].contains("2025-06-30") && head[0].contains("memory.csv"));
    assert!(head[2].contains(&format!(
        "out-of-fold AUC {:.3}",
        report.auc_suggested_oof.unwrap()
    )));

    // Every original line is still there, verbatim or commented out, in the same order,
    // except the weight and cutoff lines, whose layout and comments are kept.
    let body: Vec<&str> = written.lines().skip(head.len()).collect();
    let mut at = 0;
    for line in GROUPED.lines() {
        let found = body[at..].iter().position(|b| {
            *b == line
                || *b == format!("# {line}")
                || (line.is_empty() && *b == "#")
                || (line.starts_with("weight") || line.starts_with("below")) && same_layout(b, line)
        });
        let offset = found.unwrap_or_else(|| panic!("line {line:?} lost or out of order in:\n{written}"));
        at += offset + 1;
    }
    assert!(written.contains("weight   =   "), "spacing kept:\n{written}");
    assert!(written.contains("      # spacing kept"));
    assert!(written.contains("# direction = \"higher_is_better\"   # a comment inside a dropped table"));
    assert!(written.contains(&format!("{HEADER_MARK} dropped measure 'Noise': ")));
    assert!(written.contains(&format!(
        "{HEADER_MARK} dropped group 'Support': none of its measures keeps a weight"
    )));

    // It reads back as a valid scorecard with the suggested weights and cutoffs...
    let back = parse(&written);
    assert_eq!(back.profiles[0].groups.len(), 1);
    assert_eq!(back.profiles[0].groups[0].weight, 100.0);
    let weights: Vec<(String, f64)> = back.profiles[0]
        .measures
        .iter()
        .map(|m| (m.name.clone(), m.weight))
        .collect();
    assert_eq!(weights.len(), 2);
    assert_eq!(weights.iter().map(|w| w.1).sum::<f64>(), 100.0);
    assert!(
        weights[0].1 > weights[1].1,
        "Signal outweighs Second: {weights:?}"
    );
    let cutoffs: Vec<f64> = back.bands.iter().filter_map(|b| b.below).collect();
    assert_eq!(Some(cutoffs.as_slice()), report.written_cutoffs());
    assert_eq!(back.bands[0].color, "#d9534f");

    // ... that scores every account exactly as the fit's in-sample suggested scores.
    let scored = apply(&back, &h).unwrap();
    assert_eq!(scored.scores, report.suggested_scores);
}

/// Whether a changed `key = value  # comment` line kept the original's layout around the value.
fn same_layout(changed: &str, original: &str) -> bool {
    let split = |s: &str| {
        let (key, rest) = s.split_once('=').unwrap_or((s, ""));
        let rest = rest.trim_start();
        let value_end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        (key.to_string(), rest[value_end..].to_string())
    };
    split(changed) == split(original)
}

#[test]
fn fitting_a_written_file_again_replaces_the_header() {
    let card = parse(GROUPED);
    let h = history(2, 2500);
    let report = fit(&h, &card, &FitOptions::default()).unwrap();
    let first = suggested_scorecard(GROUPED, &card, &report, &header()).unwrap();
    let again_card = parse(&first);
    let again = fit(&h, &again_card, &FitOptions::default()).unwrap();
    let second = suggested_scorecard(&first, &again_card, &again, &header()).unwrap();
    let headers = second
        .lines()
        .filter(|l| l.contains("suggested weights fitted on"))
        .count();
    assert_eq!(headers, 1, "{second}");
    parse(&second);
}

#[test]
fn cutoffs_are_added_as_bands_when_the_file_has_none() {
    let text = GROUPED.replace(
        "[[bands]]\nname = \"red\"\nbelow = 40   # red below 40\ncolor = \"#d9534f\"\n\n[[bands]]\nname = \"green\"\n",
        "",
    );
    let card = parse(&text);
    assert_eq!(card.bands.len(), 3, "default bands");
    let h = history(3, 2500);
    let options = FitOptions {
        cutoffs: Some(CutoffRule::CurrentShares),
        ..FitOptions::default()
    };
    let report = fit(&h, &card, &options).unwrap();
    let written = suggested_scorecard(&text, &card, &report, &header()).unwrap();
    let back = parse(&written);
    let cutoffs: Vec<f64> = back.bands.iter().filter_map(|b| b.below).collect();
    assert_eq!(Some(cutoffs.as_slice()), report.written_cutoffs());
    let names: Vec<&str> = back.bands.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["red", "yellow", "green"]);
}

#[test]
fn a_measure_to_drop_written_inline_is_a_clear_layout_error() {
    let text = r#"name = "Inline"
measures = [
  { name = "Signal", column = "signal", weight = 1, scoring = { method = "linear", min = 0, max = 100, direction = "higher_is_better" } },
  { name = "Noise", column = "noise", weight = 1, scoring = { method = "linear", min = 0, max = 100, direction = "higher_is_better" } },
]
"#;
    let mut card = parse(text);
    card.source = Some("inline.toml".into());
    let h = history(4, 2500);
    let report = fit(&h, &card, &FitOptions::default()).unwrap();
    assert_eq!(report.suggested[0].measures, vec![100.0, 0.0]);
    let err = suggested_scorecard(text, &card, &report, &header()).unwrap_err();
    assert!(matches!(err, FitError::Layout { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("inline.toml: cannot write the suggested scorecard: 'Noise' should be dropped"),
        "{err}"
    );
}
