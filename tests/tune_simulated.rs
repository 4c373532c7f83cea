//! `tune` on a simulated history whose hidden truth has a known step: an invoice overdue
//! more than 30 days raises churn sharply (`simulate::truth::OVERDUE_STEP_DAYS`), and the
//! suggested bins must have an edge near 30 days, and the written rule (steps, or a straight
//! line that flattens there) must change near it.

use std::path::{Path, PathBuf};

use healthscore::data::{History, NumericColumn};
use healthscore::scorecard::{parse_scorecard, Scoring};
use healthscore::simulate::truth::OVERDUE_STEP_DAYS;
use healthscore::simulate::{simulate, SimulationSpec};
use healthscore::tune::{tune, TuneOptions};

/// How far from the true step the nearest bin edge may be, in days.
const TOLERANCE: f64 = 5.0;

#[test]
fn tune_finds_the_overdue_step_of_the_simulated_truth() {
    let (rows, truth) = simulate(&SimulationSpec {
        accounts: 10_000,
        periods: 2,
        seed: 11,
        start: 20_089,
    });
    assert_eq!(truth.steps[0].above, f64::from(OVERDUE_STEP_DAYS));
    let overdue: Vec<f64> = rows.iter().map(|r| f64::from(r.days_payment_overdue)).collect();
    let mut history = History {
        source: PathBuf::from("simulated"),
        ids: rows.iter().map(|r| r.account.to_string()).collect(),
        churned: rows.iter().map(|r| r.churned).collect(),
        ..History::default()
    };
    history.numeric.insert(
        "days_payment_overdue".into(),
        NumericColumn::from_nan_encoded(overdue),
    );
    let card = parse_scorecard(
        "name = \"overdue\"\n[[measures]]\nname = \"Payment overdue\"\ncolumn = \"days_payment_overdue\"\nweight = 1\n\
         [measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 90\ndirection = \"lower_is_better\"\n",
        Path::new("overdue.toml"),
    )
    .unwrap();
    let options = TuneOptions {
        folds: 2,
        min_bin_share: 0.01,
        ..TuneOptions::default()
    };
    let report = tune(&history, &card, &options).unwrap();
    let measure = &report.measures[0];
    let edges: Vec<f64> = measure.bins.iter().filter_map(|b| b.high).collect();
    let step = f64::from(OVERDUE_STEP_DAYS);
    assert!(
        edges[..edges.len() - 1]
            .iter()
            .any(|e| (e - step).abs() <= TOLERANCE),
        "no bin edge within {TOLERANCE} days of {step}: {edges:?}"
    );
    let near = |value: f64| (value - step).abs() <= TOLERANCE + 1.0;
    let written = match &report.tuned.profiles[0].measures[0].scoring {
        Scoring::Thresholds { steps, .. } => steps.iter().any(|s| near(s.bound)),
        Scoring::Linear { min, max, .. } => near(*min) || near(*max),
        _ => false,
    };
    assert!(
        written,
        "the written rule does not change near {step}: {}",
        measure.suggested_rule
    );
    assert_eq!(measure.direction, Some("lower_is_better"));
}
