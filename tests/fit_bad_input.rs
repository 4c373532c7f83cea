//! Bad and hard input for `fit`: perfect separation, identical measures, a constant measure,
//! more measures than churned accounts, too few churned accounts, a measure missing for
//! everyone — a clear message or a stable, regularized answer; never NaN, never a panic,
//! never a silent weight of 100 on a leak. Also the sign convention on data with a known
//! answer, and profiles with too little data.

use std::collections::BTreeMap;
use std::path::Path;

use healthscore::data::{History, NumericColumn, TextColumn};
use healthscore::error::Fault;
use healthscore::fit::{fit, FitError, FitOptions, FitReport};
use healthscore::scorecard::parse_scorecard;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// A history with the given numeric columns and outcomes, one snapshot per account.
fn history(columns: Vec<(&str, Vec<Option<f64>>)>, churned: Vec<bool>) -> History {
    let ids = (0..churned.len()).map(|i| format!("A{i}")).collect();
    let numeric: BTreeMap<String, NumericColumn> = columns
        .into_iter()
        .map(|(c, v)| (c.to_string(), v.into()))
        .collect();
    History {
        source: "memory.csv".into(),
        ids,
        churned,
        numeric,
        ..History::default()
    }
}

/// A scorecard of equal-weight linear 0..100 measures reading the named columns.
fn scorecard(columns: &[&str]) -> healthscore::scorecard::Scorecard {
    let mut text = String::from("name = \"test\"\n");
    for column in columns {
        text.push_str(&format!(
            "\n[[measures]]\nname = \"{column}\"\ncolumn = \"{column}\"\nweight = 10\n[measures.scoring]\n\
             method = \"linear\"\nmin = 0\nmax = 100\ndirection = \"higher_is_better\"\n"
        ));
    }
    parse_scorecard(&text, Path::new("test.toml")).unwrap()
}

fn uniform(rng: &mut ChaCha8Rng, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.gen_range(0.0..100.0)).collect()
}

fn some(values: &[f64]) -> Vec<Option<f64>> {
    values.iter().map(|&v| Some(v)).collect()
}

/// Churn drawn from `σ(base − slope·(signal − 50))`.
fn outcomes(rng: &mut ChaCha8Rng, signal: &[f64], base: f64, slope: f64) -> Vec<bool> {
    signal
        .iter()
        .map(|s| rng.gen_bool(sigmoid(base - slope * (s - 50.0))))
        .collect()
}

fn measure<'a>(report: &'a FitReport, name: &str) -> &'a healthscore::fit::MeasureFit {
    report.measures.iter().find(|m| m.name == name).unwrap()
}

/// Every number in the JSON document is finite and the headline figures are present.
fn assert_clean_json(report: &FitReport) {
    let text = serde_json::to_string(report).unwrap();
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in ["auc_current", "auc_suggested_oof"] {
        assert!(value[key].is_f64(), "{key} is {}", value[key]);
    }
    assert!(value["comparison"]["p_value"].is_f64());
    for profile in &report.profiles {
        let total: f64 = report
            .measures
            .iter()
            .filter(|m| m.profile == profile.name)
            .map(|m| m.suggested_weight)
            .sum();
        assert_eq!(total, 100.0, "profile '{}'", profile.name);
    }
    for m in &report.measures {
        for number in [m.coefficient, m.std_error, m.p_value].into_iter().flatten() {
            assert!(number.is_finite(), "{m:?}");
        }
    }
}

#[test]
fn a_perfectly_separating_measure_is_flagged_as_a_leak_and_gets_no_weight() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let n = 600;
    let signal = uniform(&mut rng, n);
    let churned = outcomes(&mut rng, &signal, -2.0, 0.05);
    // "Cancellation flag": 0 points for every churner, 100 for everyone else.
    let leak: Vec<f64> = churned.iter().map(|&c| if c { 0.0 } else { 100.0 }).collect();
    let noise = uniform(&mut rng, n);
    let h = history(
        vec![
            ("signal", some(&signal)),
            ("leak", some(&leak)),
            ("noise", some(&noise)),
        ],
        churned,
    );
    let report = fit(
        &h,
        &scorecard(&["signal", "leak", "noise"]),
        &FitOptions::default(),
    )
    .unwrap();
    let leak = measure(&report, "leak");
    assert_eq!(leak.suggested_weight, 0.0);
    assert!(leak.possible_leak);
    assert!(
        leak.reason.as_deref().unwrap().starts_with("possible leak"),
        "{leak:?}"
    );
    assert!(report
        .warnings
        .iter()
        .any(|w| w.contains("'leak'") && w.contains("possible leak")));
    assert_eq!(measure(&report, "signal").suggested_weight, 100.0);
    assert_clean_json(&report);
}

#[test]
fn measures_separating_perfectly_together_get_a_stable_regularized_answer() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let n = 800;
    let a = uniform(&mut rng, n);
    let b = uniform(&mut rng, n);
    // Churn exactly when a + b < 60: no measure alone is a leak, together they separate.
    let churned: Vec<bool> = a.iter().zip(&b).map(|(x, y)| x + y < 60.0).collect();
    let h = history(vec![("a", some(&a)), ("b", some(&b))], churned);
    let report = fit(&h, &scorecard(&["a", "b"]), &FitOptions::default()).unwrap();
    assert!(report
        .warnings
        .iter()
        .any(|w| w.contains("separate churned from retained accounts perfectly")));
    let (wa, wb) = (
        measure(&report, "a").suggested_weight,
        measure(&report, "b").suggested_weight,
    );
    assert!(
        (wa - 50.0).abs() <= 10.0 && (wb - 50.0).abs() <= 10.0,
        "{wa} {wb}"
    );
    assert!(report.auc_suggested_oof.unwrap() > 0.98);
    assert_clean_json(&report);
}

#[test]
fn identical_measures_keep_one_and_constant_or_empty_ones_none() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let n = 1000;
    let signal = uniform(&mut rng, n);
    let churned = outcomes(&mut rng, &signal, -2.0, 0.04);
    let h = history(
        vec![
            ("signal", some(&signal)),
            ("copy", some(&signal)),
            ("constant", vec![Some(42.0); n]),
            ("empty", vec![None; n]),
        ],
        churned,
    );
    let report = fit(
        &h,
        &scorecard(&["signal", "copy", "constant", "empty"]),
        &FitOptions::default(),
    )
    .unwrap();
    assert_eq!(measure(&report, "signal").suggested_weight, 100.0);
    let copy = measure(&report, "copy");
    assert_eq!(copy.suggested_weight, 0.0);
    assert!(
        copy.reason
            .as_deref()
            .unwrap()
            .contains("duplicate those of 'signal'"),
        "{copy:?}"
    );
    let constant = measure(&report, "constant");
    assert!(constant
        .reason
        .as_deref()
        .unwrap()
        .starts_with("every account gets the same points"));
    let empty = measure(&report, "empty");
    assert_eq!(empty.reason.as_deref(), Some("no account has a value for it"));
    assert_eq!(empty.missing_rate, 1.0);
    assert_clean_json(&report);
}

#[test]
fn more_measures_than_churned_accounts_gives_a_stable_answer_and_a_warning() {
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let n = 400;
    let signal = uniform(&mut rng, n);
    let churned = outcomes(&mut rng, &signal, -3.2, 0.05);
    let count = churned.iter().filter(|&&c| c).count();
    let names: Vec<String> = (0..40).map(|i| format!("noise{i}")).collect();
    let mut columns = vec![("signal", some(&signal))];
    for name in &names {
        columns.push((name.as_str(), some(&uniform(&mut rng, n))));
    }
    assert!((20..41).contains(&count), "{count} churned");
    let h = history(columns, churned);
    let mut all: Vec<&str> = vec!["signal"];
    all.extend(names.iter().map(String::as_str));
    let report = fit(&h, &scorecard(&all), &FitOptions::default()).unwrap();
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("fewer than 10 per measure")),
        "{:?}",
        report.warnings
    );
    assert!(measure(&report, "signal").suggested_weight > 0.0);
    assert_clean_json(&report);
}

#[test]
fn fewer_than_twenty_churned_accounts_is_a_clear_error() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let n = 300;
    let signal = uniform(&mut rng, n);
    let churned: Vec<bool> = (0..n).map(|i| i % 25 == 0).collect();
    let h = history(vec![("signal", some(&signal))], churned);
    let err = fit(&h, &scorecard(&["signal"]), &FitOptions::default()).unwrap_err();
    assert!(matches!(err, FitError::TooLittleData { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "too little data to fit weights: profile 'default' has 12 churned and 288 retained; need at least 20 \
         churned and 20 retained accounts in a profile"
    );
    assert!(err.is_input());
}

#[test]
fn no_usable_measure_is_a_clear_error() {
    let churned: Vec<bool> = (0..200).map(|i| i % 4 == 0).collect();
    let h = history(vec![("flat", vec![Some(5.0); 200])], churned);
    let err = fit(&h, &scorecard(&["flat"]), &FitOptions::default()).unwrap_err();
    assert!(matches!(err, FitError::NoUsableMeasures { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("'flat' (every account gets the same points"),
        "{err}"
    );
}

#[test]
fn sign_convention_is_churn_whichever_class_is_more_common() {
    for (seed, base) in [(6, -2.0), (7, 2.0)] {
        // base -2: ~12% churn (linfa's positive class is "retained"); +2: ~88% churn.
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let n = 1500;
        let good = uniform(&mut rng, n);
        let bad = uniform(&mut rng, n);
        let churned: Vec<bool> = good
            .iter()
            .zip(&bad)
            .map(|(g, b)| rng.gen_bool(sigmoid(base - 0.04 * (g - 50.0) + 0.04 * (b - 50.0))))
            .collect();
        let h = history(vec![("good", some(&good)), ("bad", some(&bad))], churned);
        let report = fit(&h, &scorecard(&["good", "bad"]), &FitOptions::default()).unwrap();
        let good = measure(&report, "good");
        assert!(
            good.coefficient.unwrap() < 0.0,
            "more points, less churn: {good:?}"
        );
        assert_eq!(good.suggested_weight, 100.0);
        let bad = measure(&report, "bad");
        assert!(bad.coefficient.unwrap() > 0.0, "{bad:?}");
        assert!(
            bad.reason.as_deref().unwrap().starts_with("points the wrong way"),
            "{bad:?}"
        );
        assert!(report.auc_suggested_oof.unwrap() > report.auc_current.unwrap());
    }
}

#[test]
fn a_profile_with_too_little_data_keeps_its_weights_and_says_so() {
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let n = 2000;
    let signal = uniform(&mut rng, n);
    let noise = uniform(&mut rng, n);
    let churned = outcomes(&mut rng, &signal, -2.0, 0.05);
    let mut h = history(vec![("signal", some(&signal)), ("noise", some(&noise))], churned);
    // 60 accounts in the "new" segment: too few churned to fit.
    let codes = (0..n).map(|i| Some(u32::from(i < 60))).collect();
    let stage = TextColumn {
        levels: vec!["old".into(), "new".into()],
        codes,
    };
    h.text.insert("stage".into(), stage);
    let text = "name = \"profiles\"\n\
        [[measures]]\nname = \"Signal\"\ncolumn = \"signal\"\nweight = 1\n[measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 100\ndirection = \"higher_is_better\"\n\
        [[measures]]\nname = \"Noise\"\ncolumn = \"noise\"\nweight = 3\n[measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 100\ndirection = \"higher_is_better\"\n\
        [[profiles]]\nname = \"new\"\ncolumn = \"stage\"\nvalues = [\"new\"]\n\
        [[profiles.measures]]\nname = \"Noise\"\ncolumn = \"noise\"\nweight = 2\n[profiles.measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 100\ndirection = \"higher_is_better\"\n";
    let card = parse_scorecard(text, Path::new("profiles.toml")).unwrap();
    let report = fit(&h, &card, &FitOptions::default()).unwrap();
    let new = report.profiles.iter().find(|p| p.name == "new").unwrap();
    assert!(!new.fitted);
    assert!(
        new.note.as_deref().unwrap().starts_with("too little data to fit"),
        "{new:?}"
    );
    assert!(report
        .warnings
        .iter()
        .any(|w| w.starts_with("profile 'new': too little data")));
    assert_eq!(report.suggested[1].measures, vec![2.0]);
    let default = report.profiles.iter().find(|p| p.name == "default").unwrap();
    assert!(default.fitted);
    assert_eq!(report.suggested[0].measures, vec![100.0, 0.0]);
    assert_clean_json(&report);
}
