//! Applying scorecards to hand-built histories: each scoring method at its boundaries,
//! missing values, groups, profiles, weight normalization, bands and apply errors.

use std::path::Path;

use approx::assert_relative_eq;
use healthscore::data::{History, TextColumn};
use healthscore::scorecard::{apply, apply_to_rows, parse_scorecard, ApplyError, Scorecard, ScoredAccounts};

/// A history of `n` accounts `A1..An` read from `h.csv`, with no measure columns yet.
fn history(n: usize) -> History {
    History {
        source: "h.csv".into(),
        ids: (1..=n).map(|i| format!("A{i}")).collect(),
        churned: vec![false; n],
        ..History::default()
    }
}

fn numeric(mut history: History, column: &str, values: &[Option<f64>]) -> History {
    assert_eq!(values.len(), history.len());
    history.numeric.insert(column.to_string(), values.to_vec().into());
    history
}

fn text(mut history: History, column: &str, values: &[Option<&str>]) -> History {
    assert_eq!(values.len(), history.len());
    let mut levels: Vec<String> = Vec::new();
    let codes = values
        .iter()
        .map(|value| {
            let value = (*value)?;
            let code = levels.iter().position(|l| l == value).unwrap_or_else(|| {
                levels.push(value.to_string());
                levels.len() - 1
            });
            Some(code as u32)
        })
        .collect();
    history
        .text
        .insert(column.to_string(), TextColumn { levels, codes });
    history
}

/// Present values, for columns with no gaps.
fn all(values: &[f64]) -> Vec<Option<f64>> {
    values.iter().copied().map(Some).collect()
}

/// A `[[measures]]` table (or `[[profiles.measures]]` when `table` says so).
fn measure_in(table: &str, name: &str, column: &str, weight: f64, extra: &str, scoring: &str) -> String {
    format!(
        "[[{table}]]\nname = \"{name}\"\ncolumn = \"{column}\"\nweight = {weight}\n{extra}[{table}.scoring]\n{scoring}\n"
    )
}

fn measure(name: &str, column: &str, weight: f64, scoring: &str) -> String {
    measure_in("measures", name, column, weight, "", scoring)
}

fn card(body: &str) -> Scorecard {
    let text = format!("name = \"test\"\n{body}");
    parse_scorecard(&text, Path::new("card.toml")).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn scored(body: &str, history: &History) -> ScoredAccounts {
    apply(&card(body), history).unwrap_or_else(|e| panic!("{e}"))
}

fn linear(min: f64, max: f64, direction: &str) -> String {
    format!("method = \"linear\"\nmin = {min}\nmax = {max}\ndirection = \"{direction}\"")
}

const UP: &str = "higher_is_better";
const DOWN: &str = "lower_is_better";
const SENTIMENT: &str = "method = \"categories\"\npoints = { green = 100, yellow = 50, red = 0 }";

/// Categories that give exactly the listed points, to build exact scores.
fn exact(points: &[(&str, f64)]) -> String {
    let table: Vec<String> = points.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    format!("method = \"categories\"\npoints = {{ {} }}", table.join(", "))
}

fn assert_scores(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert_relative_eq!(*a, *e, epsilon = 1e-9);
    }
}

#[test]
fn linear_maps_min_to_zero_max_to_hundred_and_clamps() {
    let h = numeric(history(5), "u", &all(&[0.2, 0.9, 0.55, 0.1, 1.5]));
    let up = scored(&measure("U", "u", 1.0, &linear(0.2, 0.9, UP)), &h);
    assert_scores(&up.scores, &[0.0, 100.0, 50.0, 0.0, 100.0]);
    let down = scored(&measure("U", "u", 1.0, &linear(0.2, 0.9, DOWN)), &h);
    assert_scores(&down.scores, &[100.0, 0.0, 50.0, 100.0, 0.0]);
    assert_eq!(down.points[0].get(0), Some(100.0));
}

#[test]
fn thresholds_upto_includes_the_cutoff() {
    let h = numeric(history(5), "t", &all(&[0.0, 3.0, 3.0001, 6.0, 7.0]));
    let steps = "method = \"thresholds\"\nsteps = [ { upto = 0, points = 100 }, { upto = 3, points = 70 }, { upto = 6, points = 40 } ]\notherwise = 0";
    let out = scored(&measure("T", "t", 1.0, steps), &h);
    assert_scores(&out.scores, &[100.0, 70.0, 40.0, 40.0, 0.0]);
}

#[test]
fn thresholds_atleast_first_match_wins() {
    let h = numeric(history(5), "n", &all(&[10.0, 9.0, 8.999, 7.0, 6.9]));
    let steps = "method = \"thresholds\"\nsteps = [ { atleast = 9, points = 100 }, { atleast = 7, points = 60 } ]\notherwise = 5";
    let out = scored(&measure("N", "n", 1.0, steps), &h);
    assert_scores(&out.scores, &[100.0, 100.0, 60.0, 60.0, 5.0]);
}

#[test]
fn categories_look_up_points() {
    let h = text(history(3), "s", &[Some("green"), Some("red"), Some("yellow")]);
    let out = scored(&measure("S", "s", 1.0, SENTIMENT), &h);
    assert_scores(&out.scores, &[100.0, 0.0, 50.0]);
}

#[test]
fn unlisted_category_names_row_and_value() {
    let h = text(history(3), "s", &[Some("green"), Some("red"), Some("blue")]);
    let err = apply(&card(&measure("S", "s", 1.0, SENTIMENT)), &h).expect_err("blue is not listed");
    assert!(
        matches!(&err, ApplyError::UnknownCategory { row: 3, value, .. } if value == "blue"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "h.csv: row 3, column 's': measure 'S' has no points for 'blue' (listed: green, red, yellow; add it or set `default`)"
    );
}

#[test]
fn unlisted_category_gets_the_default() {
    let h = text(history(2), "s", &[Some("blue"), Some("green")]);
    let out = scored(&measure("S", "s", 1.0, &format!("{SENTIMENT}\ndefault = 25")), &h);
    assert_scores(&out.scores, &[25.0, 100.0]);
}

#[test]
fn percentile_ties_share_their_average_rank() {
    // Sorted 1, 2, 2, 3, 4: positions 0, 1.5, 1.5, 3, 4 of 4.
    let h = numeric(history(5), "p", &all(&[2.0, 1.0, 4.0, 2.0, 3.0]));
    let up = scored(
        &measure(
            "P",
            "p",
            1.0,
            &format!("method = \"percentile\"\ndirection = \"{UP}\""),
        ),
        &h,
    );
    assert_scores(&up.scores, &[37.5, 0.0, 100.0, 37.5, 75.0]);
    let down = scored(
        &measure(
            "P",
            "p",
            1.0,
            &format!("method = \"percentile\"\ndirection = \"{DOWN}\""),
        ),
        &h,
    );
    assert_scores(&down.scores, &[62.5, 100.0, 0.0, 62.5, 25.0]);
}

/// Three measures with points 100, 50 and (row 1) missing / (row 2) 0, weights 1, 2, 3.
fn three_measures(missing_c: &str) -> (String, History) {
    let h = numeric(history(2), "a", &all(&[1.0, 1.0]));
    let h = numeric(h, "b", &all(&[0.5, 0.5]));
    let h = numeric(h, "c", &[None, Some(0.0)]);
    let body = measure("A", "a", 1.0, &linear(0.0, 1.0, UP))
        + &measure("B", "b", 2.0, &linear(0.0, 1.0, UP))
        + &measure_in("measures", "C", "c", 3.0, missing_c, &linear(0.0, 1.0, UP));
    (body, h)
}

#[test]
fn missing_value_skipped_renormalizes_the_weights() {
    let (body, h) = three_measures("missing = \"skip\"\n");
    let out = scored(&body, &h);
    // Row 1: C skipped, (1·100 + 2·50) / (1 + 2) = 200/3. Row 2: (100 + 100 + 0) / 6.
    assert_scores(&out.scores, &[200.0 / 3.0, 200.0 / 6.0]);
    assert_eq!(out.points[2].get(0), None);
}

#[test]
fn missing_value_with_fixed_points() {
    let (body, h) = three_measures("missing = 40\n");
    let out = scored(&body, &h);
    // Row 1: (1·100 + 2·50 + 3·40) / 6 = 320/6.
    assert_scores(&out.scores, &[320.0 / 6.0, 200.0 / 6.0]);
    assert_eq!(out.points[2].get(0), Some(40.0));
}

fn grouped(table: &str, name: &str, column: &str, weight: f64, group: &str) -> String {
    measure_in(
        table,
        name,
        column,
        weight,
        &format!("group = \"{group}\"\n"),
        &linear(0.0, 1.0, UP),
    )
}

#[test]
fn group_weights_apply_to_whole_groups() {
    let groups = "[[groups]]\nname = \"Usage\"\nweight = 60\n[[groups]]\nname = \"Support\"\nweight = 20\n[[groups]]\nname = \"Rel\"\nweight = 20\n";
    let body = groups.to_string()
        + &grouped("measures", "U1", "u1", 40.0, "Usage")
        + &grouped("measures", "U2", "u2", 60.0, "Usage")
        + &grouped("measures", "S1", "s1", 1.0, "Support")
        + &grouped("measures", "R1", "r1", 1.0, "Rel");
    let h = numeric(history(2), "u1", &all(&[1.0, 1.0]));
    let h = numeric(h, "u2", &all(&[0.5, 0.5]));
    let h = numeric(h, "s1", &all(&[0.0, 0.0]));
    let h = numeric(h, "r1", &[Some(1.0), None]);
    let out = scored(&body, &h);
    // Usage = (40·100 + 60·50)/100 = 70; Support = 0; Rel = 100 (row 1) or gone (row 2).
    // Row 1: (60·70 + 20·0 + 20·100) / 100 = 62. Row 2: (60·70 + 20·0) / 80 = 52.5.
    // (Measure weights alone would give (4000 + 3000 + 0 + 100)/102 ≈ 69.6 for row 1.)
    assert_scores(&out.scores, &[62.0, 52.5]);
}

#[test]
fn first_matching_profile_in_file_order_wins() {
    let profile = |name: &str, values: &str, points: f64| {
        format!("[[profiles]]\nname = \"{name}\"\ncolumn = \"stage\"\nvalues = {values}\n")
            + &measure_in("profiles.measures", name, "k", 1.0, "", &exact(&[("x", points)]))
    };
    let body = "default_profile = \"adopted\"\n".to_string()
        + &measure("adopted", "k", 1.0, &exact(&[("x", 10.0)]))
        + &profile("onboarding", "[\"onb\"]", 20.0)
        + &profile("trial", "[\"trial\", \"onb\"]", 30.0);
    let stages = [Some("onb"), Some("trial"), Some("adopted"), None];
    let h = text(text(history(4), "k", &[Some("x"); 4]), "stage", &stages);
    let out = scored(&body, &h);
    assert_eq!(out.profiles, [1, 2, 0, 0]);
    assert_scores(&out.scores, &[20.0, 30.0, 10.0, 10.0]);
    assert_eq!(out.measure_names, ["adopted", "onboarding", "trial"]);
    assert_eq!(out.points[0], [None, None, Some(10.0), Some(10.0)]);
}

#[test]
fn scoring_some_rows_gives_what_scoring_all_gives_them() {
    // two profiles, each with a percentile measure (ranked within its profile's accounts)
    // and a linear one; some usage values missing and tied
    let percentile = |direction: &str| format!("method = \"percentile\"\ndirection = \"{direction}\"");
    let body = measure("Usage", "usage", 2.0, &percentile(UP))
        + &measure("Tickets", "tickets", 1.0, &linear(0.0, 10.0, DOWN))
        + "[[profiles]]\nname = \"onboarding\"\ncolumn = \"stage\"\nvalues = [\"onb\"]\n"
        + &measure_in("profiles.measures", "Usage", "usage", 1.0, "", &percentile(DOWN))
        + &measure_in(
            "profiles.measures",
            "Tickets",
            "tickets",
            3.0,
            "",
            &linear(0.0, 10.0, DOWN),
        );
    let usage: Vec<Option<f64>> = (0..40)
        .map(|i: i32| (i % 7 != 3).then(|| f64::from((i * 13) % 17)))
        .collect();
    let tickets: Vec<Option<f64>> = (0..40).map(|i: i32| Some(f64::from(i % 11))).collect();
    let stages: Vec<Option<&str>> = (0..40)
        .map(|i| Some(if i % 3 == 0 { "onb" } else { "live" }))
        .collect();
    let h = text(
        numeric(numeric(history(40), "usage", &usage), "tickets", &tickets),
        "stage",
        &stages,
    );
    let scorecard = card(&body);
    let everyone = apply(&scorecard, &h).unwrap();
    let rows: Vec<u32> = vec![0, 1, 3, 9, 17, 18, 24, 25, 39];
    let some = apply_to_rows(&scorecard, &h, &rows).unwrap();
    let at_rows = |values: &[f64]| -> Vec<f64> { rows.iter().map(|&r| values[r as usize]).collect() };
    assert_eq!(some.scores, at_rows(&everyone.scores));
    assert_eq!(
        some.profiles,
        rows.iter()
            .map(|&r| everyone.profiles[r as usize])
            .collect::<Vec<_>>()
    );
    // scoring the rows on their own would rank usage among them only, and differ
    let alone = apply(&scorecard, &h.subset(&rows)).unwrap();
    assert_ne!(alone.scores, some.scores);
}

#[test]
fn profile_column_must_be_loaded() {
    let body = measure("A", "a", 1.0, &linear(0.0, 1.0, UP))
        + "[[profiles]]\nname = \"p\"\ncolumn = \"stage\"\nvalues = [\"x\"]\n"
        + &measure_in("profiles.measures", "B", "a", 1.0, "", &linear(0.0, 1.0, UP));
    let err = apply(&card(&body), &numeric(history(1), "a", &all(&[0.5]))).expect_err("no stage column");
    assert!(matches!(err, ApplyError::ColumnNotLoaded { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "column 'stage' (needed by profile 'p') was not loaded"
    );
}

#[test]
fn only_relative_weights_matter() {
    let h = numeric(history(3), "a", &all(&[0.1, 0.5, 0.8]));
    let h = numeric(h, "b", &all(&[0.9, 0.3, 0.7]));
    let body =
        |w: f64| measure("A", "a", w, &linear(0.0, 1.0, UP)) + &measure("B", "b", w, &linear(0.0, 1.0, DOWN));
    let small = scored(&body(1.0), &h);
    let large = scored(&body(50.0), &h);
    assert_scores(&small.scores, &large.scores);
    assert_scores(&small.scores, &[10.0, 60.0, 55.0]);
}

#[test]
fn bands_at_the_exact_cutoffs() {
    let points = [
        ("a", 39.999),
        ("b", 40.0),
        ("c", 69.999),
        ("d", 70.0),
        ("e", 0.0),
        ("f", 100.0),
    ];
    let values: Vec<Option<&str>> = points.iter().map(|(k, _)| Some(*k)).collect();
    let h = text(history(points.len()), "k", &values);
    let out = scored(&measure("K", "k", 1.0, &exact(&points)), &h);
    assert_scores(&out.scores, &points.map(|(_, p)| p));
    // Default bands: red (0) < 40 <= yellow (1) < 70 <= green (2).
    assert_eq!(out.bands, [0, 1, 1, 2, 0, 2]);
}

#[test]
fn account_without_any_measure_value() {
    let h = numeric(history(3), "a", &[Some(0.5), Some(0.7), None]);
    let err = apply(&card(&measure("A", "a", 1.0, &linear(0.0, 1.0, UP))), &h).expect_err("row 3 is empty");
    assert!(
        matches!(&err, ApplyError::NoMeasureValues { row: 3, id, .. } if id == "A3"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "h.csv: row 3: account 'A3' has no value for any measure of profile 'default' (give some measures `missing = <points>`)"
    );
}

#[test]
fn group_with_every_measure_missing_drops_out() {
    let body = "[[groups]]\nname = \"G1\"\nweight = 3\n[[groups]]\nname = \"G2\"\nweight = 1\n".to_string()
        + &grouped("measures", "A", "a", 1.0, "G1")
        + &grouped("measures", "B", "b", 1.0, "G2")
        + &grouped("measures", "C", "c", 1.0, "G2");
    let h = numeric(history(2), "a", &all(&[0.2, 0.2]));
    let h = numeric(h, "b", &[None, Some(1.0)]);
    let h = numeric(h, "c", &[None, Some(0.6)]);
    let out = scored(&body, &h);
    // Row 1: only G1 is left → 20. Row 2: (3·20 + 1·80) / 4 = 35.
    assert_scores(&out.scores, &[20.0, 35.0]);
}
