//! The weights-only entry (`fit::model::fit_weights`, what the walk-forward backtest and a
//! threshold tuner call) suggests exactly the weights of the full fit report, with the fit's
//! own warnings (a subset of the report's, in the same order), and fails as the report does
//! when nothing can be fitted.

// FitError's size is the library's choice (src/lib.rs allows it the same way).
#![allow(clippy::result_large_err)]

mod common;

use common::repo_path;
use healthscore::data::{load_history, ColumnRoles, History};
use healthscore::fit::model::{fit_weights, FittedWeights, TrainingData};
use healthscore::fit::{fit, FitError, FitOptions, FitReport};
use healthscore::scorecard::{apply, load_scorecard, Scorecard};

fn sample(scorecard: &Scorecard) -> History {
    let roles = ColumnRoles {
        date: Some("snapshot_date".into()),
        ..ColumnRoles::default()
    };
    load_history(
        &repo_path("notebooks-data/sample_history.csv"),
        &roles,
        &scorecard.column_needs(),
    )
    .unwrap()
}

fn weights_only(
    history: &History,
    scorecard: &Scorecard,
    options: &FitOptions,
) -> Result<FittedWeights, FitError> {
    let scored = apply(scorecard, history).unwrap();
    let data = TrainingData {
        ids: &history.ids,
        churned: &history.churned,
        profiles: &scored.profiles,
        measure_names: &scored.measure_names,
        points: &scored.points,
    };
    fit_weights(&data, &scorecard.profiles, &options.weights())
}

/// Every warning of `fitted` appears in the report's, in the same order.
fn warnings_are_the_reports(fitted: &FittedWeights, report: &FitReport) {
    let mut rest = report.warnings.iter();
    for warning in &fitted.warnings {
        assert!(
            rest.any(|w| w == warning),
            "{warning:?} not in the report's warnings {:?}",
            report.warnings
        );
    }
}

#[test]
fn the_weights_only_entry_suggests_the_reports_weights() {
    for config in ["configs/all-measures.toml", "configs/lifecycle-profiles.toml"] {
        let scorecard = load_scorecard(&repo_path(config)).unwrap();
        let history = sample(&scorecard);
        let options = FitOptions::default();
        let report = fit(&history, &scorecard, &options).unwrap();
        let fitted = weights_only(&history, &scorecard, &options).unwrap();
        assert_eq!(fitted.profiles, report.suggested, "{config}");
        warnings_are_the_reports(&fitted, &report);
        for (profile, coefficients) in scorecard.profiles.iter().zip(&fitted.coefficients) {
            assert_eq!(coefficients.len(), profile.measures.len());
        }
        for (measure, coefficient) in report.measures.iter().zip(fitted.coefficients.concat()) {
            if measure.reason.is_none() {
                assert_eq!(measure.coefficient, coefficient, "{config}: {}", measure.name);
            }
        }
    }
}

#[test]
fn the_weights_only_entry_fails_as_the_report_does() {
    let scorecard = load_scorecard(&repo_path("configs/all-measures.toml")).unwrap();
    let history = sample(&scorecard);
    let options = FitOptions {
        min_churned: 1_000_000,
        ..FitOptions::default()
    };
    let report = fit(&history, &scorecard, &options).unwrap_err();
    let fitted = weights_only(&history, &scorecard, &options).unwrap_err();
    assert!(matches!(fitted, FitError::TooLittleData { .. }));
    assert_eq!(fitted.to_string(), report.to_string());
}
