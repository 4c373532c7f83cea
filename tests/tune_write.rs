//! Writing the tuned scorecard: comments, order and names kept, a header saying how it was
//! made (replacing an earlier one), only rules, missing points and weights changed; a
//! layout the writer cannot edit is a clear error.

use std::path::{Path, PathBuf};

use healthscore::data::{History, NumericColumn, TextColumn};
use healthscore::scorecard::{parse_scorecard, Scoring};
use healthscore::tune::write::{tuned_scorecard, WriteHeader, HEADER_MARK};
use healthscore::tune::{tune, TuneError, TuneOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const CARD: &str = "# healthscore tune: an old header line\n\
# Hand-written card.\n\
name = \"small\"\n\
\n\
[[measures]]\n\
name = \"Overdue\"  # days\n\
column = \"overdue\"\n\
weight = 3 # keep this comment\n\
[measures.scoring]\n\
method = \"linear\"\n\
min = 0\n\
max = 90\n\
direction = \"lower_is_better\"\n\
\n\
# the mood column\n\
[[measures]]\n\
name = \"Mood\"\n\
column = \"mood\"\n\
weight = 1\n\
[measures.scoring]\n\
method = \"categories\"\n\
points = { good = 100, bad = 0 }\n\
default = 50\n";

fn history() -> History {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let n = 4000;
    let overdue: Vec<f64> = (0..n).map(|_| f64::from(rng.gen_range(0..60u32))).collect();
    let mood: Vec<Option<u32>> = (0..n).map(|_| Some(rng.gen_range(0..3u32))).collect();
    let churned: Vec<bool> = (0..n)
        .map(|i| {
            let risk =
                if overdue[i] > 30.0 { 0.35 } else { 0.08 } + if mood[i] == Some(1) { 0.1 } else { 0.0 };
            rng.gen_bool(risk)
        })
        .collect();
    let mut history = History {
        source: PathBuf::from("small.csv"),
        ids: (0..n).map(|i| format!("A{i}")).collect(),
        churned,
        ..History::default()
    };
    history
        .numeric
        .insert("overdue".into(), NumericColumn::from_nan_encoded(overdue));
    history.text.insert(
        "mood".into(),
        TextColumn {
            levels: vec!["good".into(), "bad".into(), "meh".into()],
            codes: mood,
        },
    );
    history
}

fn header() -> WriteHeader {
    WriteHeader {
        date: "2025-06-30".into(),
        data: "small.csv".into(),
    }
}

#[test]
fn the_written_file_keeps_comments_and_changes_only_rules_and_weights() {
    let card = parse_scorecard(CARD, Path::new("small.toml")).unwrap();
    let options = TuneOptions {
        folds: 2,
        ..TuneOptions::default()
    };
    let report = tune(&history(), &card, &options).unwrap();
    let text = tuned_scorecard(CARD, &card, &report, &header()).unwrap();
    assert!(text.starts_with(&format!(
        "{HEADER_MARK} rules and weights tuned on 2025-06-30 from small.csv\n"
    )));
    assert!(!text.contains("an old header line"));
    for kept in [
        "# Hand-written card.",
        "name = \"Overdue\"  # days",
        "# keep this comment",
        "# the mood column",
    ] {
        assert!(text.contains(kept), "lost {kept:?}:\n{text}");
    }
    let written = parse_scorecard(&text, Path::new("tuned.toml")).unwrap();
    assert_eq!(written.name, "small");
    let overdue = &written.profiles[0].measures[0];
    assert_eq!(overdue.scoring, report.tuned.profiles[0].measures[0].scoring);
    match &overdue.scoring {
        Scoring::Thresholds { steps, .. } => {
            assert!(steps.iter().any(|s| (s.bound - 30.0).abs() <= 3.0), "{steps:?}")
        }
        Scoring::Linear { max, .. } => assert!((max - 30.0).abs() <= 3.0),
        other => panic!("unexpected rule {other:?}"),
    }
    let Scoring::Categories { points, default } = &written.profiles[0].measures[1].scoring else {
        panic!("mood is not categories");
    };
    assert_eq!(points.get("bad"), Some(&0.0));
    assert!(default.is_some());
}

#[test]
fn measures_written_inline_are_a_layout_error() {
    let inline = "name = \"inline\"\nmeasures = [ { name = \"Overdue\", column = \"overdue\", weight = 1, scoring = { \
                  method = \"linear\", min = 0, max = 90, direction = \"lower_is_better\" } } ]\n";
    let card = parse_scorecard(inline, Path::new("inline.toml")).unwrap();
    let options = TuneOptions {
        folds: 2,
        ..TuneOptions::default()
    };
    let report = tune(&history(), &card, &options).unwrap();
    let error = tuned_scorecard(inline, &card, &report, &header()).unwrap_err();
    assert!(matches!(error, TuneError::Layout { .. }));
    assert!(
        error.to_string().contains("write it so to have it tuned"),
        "{error}"
    );
}
