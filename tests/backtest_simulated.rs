//! Backtest on the simulated history (4,000 accounts × 6 quarters): the stability index flags
//! the feature-adoption drift put into the simulation, weights fitted walk-forward beat the
//! mis-weighted `configs/current.toml` out of time, and lead-time AUC falls as the lead
//! grows. Also: reading the file period by period gives exactly what the in-memory backtest
//! gives.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use healthscore::backtest::{backtest, backtest_file, outcome_date_need, BacktestOptions, BacktestReport};
use healthscore::data::dates::parse_iso_date;
use healthscore::data::{load_history, write_frame, ColumnRoles};
use healthscore::scorecard::{apply, load_scorecard, Scorecard};
use healthscore::simulate::{history_frame, simulate, SimulationSpec};
use healthscore::validate::Candidate;

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Writes a simulated history to `path` (CSV or Parquet by extension).
fn write_simulation(path: &Path, accounts: usize, periods: usize, seed: u64) {
    let spec = SimulationSpec {
        accounts,
        periods,
        seed,
        start: parse_iso_date("2025-01-01").unwrap(),
    };
    let (rows, _truth) = simulate(&spec);
    let mut frame = history_frame(&rows).unwrap();
    write_frame(&mut frame, path).unwrap();
}

fn roles() -> ColumnRoles {
    ColumnRoles {
        date: Some("snapshot_date".into()),
        ..ColumnRoles::default()
    }
}

fn options() -> BacktestOptions {
    BacktestOptions {
        outcome_date: Some("churn_date".into()),
        ..BacktestOptions::default()
    }
}

fn current() -> Scorecard {
    load_scorecard(&repo("configs/current.toml")).unwrap()
}

/// One backtest of `current.toml` on 4,000 accounts × 6 quarters, shared by the tests.
fn report() -> &'static BacktestReport {
    static REPORT: OnceLock<BacktestReport> = OnceLock::new();
    REPORT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.parquet");
        write_simulation(&path, 4000, 6, 7);
        backtest_file(&path, &roles(), &[current()], &options(), &mut |_| {}).unwrap()
    })
}

#[test]
fn psi_flags_the_feature_adoption_drift_and_nothing_else() {
    let psi = &report().psi[0];
    assert_eq!(psi.base_period, "2025-Q1");
    let of = |name: &str| -> Vec<f64> {
        psi.periods
            .iter()
            .map(|p| {
                p.measures
                    .iter()
                    .find(|m| m.name == name)
                    .unwrap()
                    .psi
                    .psi
                    .unwrap()
            })
            .collect()
    };
    let adoption = of("Feature adoption");
    assert_eq!(adoption[0], 0.0, "the base against itself");
    assert!(
        adoption.windows(2).all(|w| w[1] > w[0]),
        "grows period over period: {adoption:?}"
    );
    let last = psi.periods.last().unwrap();
    let flagged = last
        .measures
        .iter()
        .find(|m| m.name == "Feature adoption")
        .unwrap();
    assert!(
        adoption[5] >= 0.25 && flagged.psi.status == Some("shifted"),
        "{adoption:?}"
    );
    assert!(adoption[2] >= 0.1, "flagged by the third quarter: {adoption:?}");
    for name in [
        "Seat utilization",
        "Logins per user",
        "Open tickets",
        "Resolution time",
        "CSAT",
        "NPS",
    ] {
        let values = of(name);
        assert!(values.iter().all(|&v| v < 0.1), "{name} has no drift: {values:?}");
    }
    let warnings = &report().warnings;
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("measure 'Feature adoption' has shifted in 2026-Q2")),
        "{warnings:?}"
    );
}

#[test]
fn walk_forward_fit_beats_the_current_weights_out_of_time() {
    let walk = &report().walk_forward.as_ref().unwrap()[0];
    assert_eq!(
        walk.splits.len(),
        5,
        "every quarter after the first is a test period"
    );
    for (i, split) in walk.splits.iter().enumerate() {
        assert_eq!(
            split.train_periods.len(),
            i + 1,
            "fitted on every earlier quarter"
        );
        assert!(!split.train_periods.contains(&split.test_period));
        let diff = split.auc_diff.unwrap();
        assert!(diff > 0.03 && split.p_value.unwrap() < 0.01, "{split:?}");
    }
    let pooled = walk.pooled.as_ref().unwrap();
    assert!(pooled.p_value < 1e-6 && pooled.auc_diff > 0.05, "{pooled:?}");
    assert!(pooled
        .verdict
        .starts_with("fitted weights separate churners better out of time"));
}

#[test]
fn lead_time_auc_falls_as_the_lead_grows() {
    let buckets = &report().lead_time.as_ref().unwrap().scorecards[0].buckets;
    let auc: Vec<f64> = buckets.iter().map(|b| b.auc.unwrap()).collect();
    // 0–30 and 31–90 days are snapshots of the same quarter: equal up to noise
    assert!(auc[0].min(auc[1]) > auc[2], "{auc:?}");
    assert!(auc[2] > auc[3], "{auc:?}");
    assert!(auc[4] < auc[2] && auc[4] < auc[0] - 0.04, "{auc:?}");
    assert!(buckets.iter().all(|b| b.positives >= 300), "{buckets:?}");
}

#[test]
fn per_period_views_cover_every_quarter() {
    let report = report();
    assert_eq!(report.periods.len(), 6);
    assert!(report
        .periods
        .iter()
        .all(|p| p.accounts == 4000 && p.skipped.is_none()));
    assert!(report.periods.iter().all(|p| p.scorecards[0].auc.unwrap() > 0.6));
    let migration = &report.migration[0];
    assert_eq!(migration.transitions.len(), 5);
    // churned accounts leave, so fewer than 4,000 are in both quarters
    assert!(migration
        .transitions
        .iter()
        .all(|t| t.matrix.accounts > 3000 && t.matrix.accounts < 4000));
    assert!(report.periods[1].scorecards[0].change.is_some());
}

#[test]
fn reading_period_by_period_gives_the_in_memory_result() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.csv");
    write_simulation(&path, 1500, 3, 3);
    let cards = [
        current(),
        load_scorecard(&repo("configs/lifecycle-profiles.toml")).unwrap(),
    ];
    let options = BacktestOptions {
        base_period: Some("2025-Q2".into()),
        ..options()
    };
    let from_file = backtest_file(&path, &roles(), &cards, &options, &mut |_| {}).unwrap();
    let mut needs: Vec<_> = cards.iter().flat_map(Scorecard::column_needs).collect();
    needs.push(outcome_date_need("churn_date"));
    let history = load_history(&path, &roles(), &needs).unwrap();
    let candidates: Vec<Candidate> = cards
        .iter()
        .map(|card| Candidate {
            scorecard: card.clone(),
            scored: apply(card, &history).unwrap(),
        })
        .collect();
    let in_memory = backtest(&history, &candidates, &options).unwrap();
    assert_eq!(from_file, in_memory);
    assert_eq!(from_file.base_period, "2025-Q2");
}
