//! Scorecard validation through `parse_scorecard`: one test per syntax error kind and per
//! `Problem` variant, each locking the exact message a user sees (ripgrep-style).

use std::path::Path;

use healthscore::scorecard::{parse_scorecard, Problem, Scorecard, ScorecardError, Transform};

/// Asserts that `$text` breaks a rule matching `$pattern`, with exactly `$message`.
macro_rules! assert_broken {
    ($text:expr, $pattern:pat, $message:expr) => {{
        let (problem, message) = broken(&$text);
        assert!(matches!(problem, $pattern), "{problem:?}");
        assert_eq!(message, $message);
    }};
}

/// Parses `text` as `card.toml`, which must be valid.
fn parse(text: &str) -> Scorecard {
    parse_scorecard(text, Path::new("card.toml")).unwrap_or_else(|e| panic!("{e}"))
}

/// The error `text` must give, with its message.
fn error(text: &str) -> (ScorecardError, String) {
    let err = parse_scorecard(text, Path::new("card.toml")).expect_err("the scorecard should be rejected");
    let message = err.to_string();
    (err, message)
}

/// The rule `text` must break, with the whole message.
fn broken(text: &str) -> (Problem, String) {
    match error(text) {
        (ScorecardError::Invalid { problem, .. }, message) => (problem, message),
        (other, _) => panic!("expected a broken rule, got {other:?}"),
    }
}

/// The syntax-level message `text` must give.
fn syntax(text: &str) -> String {
    let (err, message) = error(text);
    assert!(matches!(err, ScorecardError::Syntax { .. }), "{err:?}");
    message
}

/// A card with one measure `m` (its `[[measures]]` header on line 2); `extra` holds key
/// lines before the scoring table (line 6 on).
fn one_measure(extra: &str, scoring: &str) -> String {
    format!("name = \"t\"\n[[measures]]\nname = \"m\"\ncolumn = \"c\"\nweight = 1\n{extra}[measures.scoring]\n{scoring}")
}

fn linear(min: &str, max: &str) -> String {
    format!("method = \"linear\"\nmin = {min}\nmax = {max}\ndirection = \"higher_is_better\"\n")
}

fn thresholds(steps: &str, otherwise: &str, direction: Option<&str>) -> String {
    let direction = direction
        .map(|d| format!("direction = \"{d}\"\n"))
        .unwrap_or_default();
    format!("method = \"thresholds\"\n{direction}steps = [ {steps} ]\notherwise = {otherwise}\n")
}

/// A card whose bands are `bands` (`[[bands]]` tables from line 2) and one valid measure.
fn with_bands(bands: &str) -> String {
    one_measure("", PERCENTILE).replacen("\n", &format!("\n{bands}"), 1)
}

fn band(name: &str, below: Option<&str>) -> String {
    let below = below.map(|b| format!("below = {b}\n")).unwrap_or_default();
    format!("[[bands]]\nname = \"{name}\"\n{below}")
}

const PERCENTILE: &str = "method = \"percentile\"\ndirection = \"higher_is_better\"\n";
const GROUPS_AB: &str =
    "name = \"t\"\n[[groups]]\nname = \"A\"\nweight = 1\n[[groups]]\nname = \"B\"\nweight = 2\n";

#[test]
fn toml_syntax_error_keeps_line_and_column() {
    let message = syntax("name = \"t\"\n[[measures]\nname = \"a\"\n");
    assert_eq!(message, "card.toml:2:11: invalid table header expected `.`, `]]`");
}

#[test]
fn typo_in_a_key_is_an_unknown_field() {
    let message = syntax(&one_measure("wieght = 2\n", &linear("0", "1")));
    let expected = "card.toml:6:1: unknown field `wieght`, expected one of `name`, `column`, `weight`, `group`, `missing`, `transform`, `scoring`";
    assert_eq!(message, expected);
}

#[test]
fn unknown_scoring_method_lists_the_valid_ones() {
    let message = syntax(&one_measure("", "method = \"lineer\"\n"));
    let expected = "card.toml:7:10: unknown variant `lineer`, expected one of `linear`, `thresholds`, `categories`, `percentile`";
    assert_eq!(message, expected);
}

#[test]
fn unknown_direction_lists_the_valid_ones() {
    // The location is the `[measures.scoring]` table (serde buffers tagged enums).
    let message = syntax(&one_measure("", "method = \"percentile\"\ndirection = \"up\"\n"));
    let expected = "card.toml:6:1: unknown variant `up`, expected `higher_is_better` or `lower_is_better`";
    assert_eq!(message, expected);
}

#[test]
fn weight_that_is_not_a_number_names_the_measure_and_the_key() {
    // issue 13: serde said `invalid type: string "ten", expected f64`
    let text = one_measure("", PERCENTILE).replace("weight = 1", "weight = \"ten\"");
    assert_eq!(
        syntax(&text),
        "card.toml:5:10: measure 'm': weight must be a number, not the text \"ten\""
    );
}

#[test]
fn scoring_value_that_is_not_a_number_names_the_key() {
    let text = one_measure(
        "",
        "method = \"linear\"\nmin = \"low\"\nmax = 1\ndirection = \"higher_is_better\"\n",
    );
    assert_eq!(
        syntax(&text),
        "card.toml:6:1: measure 'm': min must be a number, not the text \"low\""
    );
}

#[test]
fn weight_zero_or_negative() {
    for (weight, shown) in [("0", "0"), ("-2.5", "-2.5")] {
        let text = one_measure("", PERCENTILE).replace("weight = 1", &format!("weight = {weight}"));
        let expected = format!("card.toml:2:1: measure 'm': weight must be a positive number, got {shown}");
        assert_broken!(text, Problem::NonPositiveWeight { .. }, expected);
    }
    let group = one_measure("group = \"A\"\n", PERCENTILE).replace("name = \"t\"\n", GROUPS_AB);
    let group = group.replace("weight = 1\n[[groups]]", "weight = 0\n[[groups]]");
    let expected = "card.toml:2:1: group 'A': weight must be a positive number, got 0";
    assert_broken!(group, Problem::NonPositiveWeight { .. }, expected);
}

#[test]
fn min_not_below_max() {
    for (min, max) in [("1", "1"), ("5", "2")] {
        let expected = format!("card.toml:2:1: measure 'm': min ({min}) must be below max ({max})");
        assert_broken!(
            one_measure("", &linear(min, max)),
            Problem::MinNotBelowMax { .. },
            expected
        );
    }
}

#[test]
fn non_finite_bound() {
    let expected = "card.toml:2:1: measure 'm': min must be a finite number, got NaN";
    assert_broken!(
        one_measure("", &linear("nan", "1")),
        Problem::NonFinite { key: "min", .. },
        expected
    );
}

#[test]
fn upto_steps_must_rise() {
    let steps = thresholds("{ upto = 3, points = 70 }, { upto = 3, points = 40 }", "0", None);
    let expected = "card.toml:2:1: measure 'm': thresholds are not ordered: `upto = 3` follows `upto = 3` (upto values must rise)";
    assert_broken!(
        one_measure("", &steps),
        Problem::UnorderedSteps { key: "upto", .. },
        expected
    );
}

#[test]
fn atleast_steps_must_fall() {
    let steps = thresholds(
        "{ atleast = 7, points = 60 }, { atleast = 9, points = 100 }",
        "0",
        None,
    );
    let expected = "card.toml:2:1: measure 'm': thresholds are not ordered: `atleast = 9` follows `atleast = 7` (atleast values must fall)";
    assert_broken!(
        one_measure("", &steps),
        Problem::UnorderedSteps { key: "atleast", .. },
        expected
    );
}

#[test]
fn upto_and_atleast_do_not_mix() {
    let expected = "card.toml:2:1: measure 'm': each step needs exactly one of `upto` or `atleast`, and all steps the same one";
    for steps in [
        "{ upto = 1, points = 50 }, { atleast = 5, points = 60 }",
        "{ upto = 1, atleast = 0, points = 50 }",
        "{ points = 50 }",
    ] {
        assert_broken!(
            one_measure("", &thresholds(steps, "0", None)),
            Problem::MixedSteps { .. },
            expected
        );
    }
}

#[test]
fn thresholds_need_a_step() {
    let expected = "card.toml:2:1: measure 'm': steps must have at least one rule";
    assert_broken!(
        one_measure("", &thresholds("", "0", None)),
        Problem::NoSteps { .. },
        expected
    );
}

#[test]
fn points_outside_zero_to_hundred() {
    let categories = |points: &str| format!("method = \"categories\"\npoints = {points}\n");
    let cases = [
        (thresholds("{ upto = 1, points = 120 }", "0", None), "120"),
        (thresholds("{ upto = 1, points = 50 }", "-5", None), "-5"),
        (categories("{ a = 101 }"), "101"),
        (categories("{ a = 1 }\ndefault = 150"), "150"),
    ];
    for (scoring, shown) in cases {
        let expected = format!("card.toml:2:1: measure 'm': points must lie in 0..100, got {shown}");
        assert_broken!(
            one_measure("", &scoring),
            Problem::PointsOutOfRange { .. },
            expected
        );
    }
}

#[test]
fn points_against_the_direction() {
    let rising = thresholds(
        "{ upto = 0, points = 10 }, { upto = 3, points = 70 }",
        "0",
        Some("lower_is_better"),
    );
    let expected = "card.toml:2:1: measure 'm': points rise with the value, which contradicts direction = \"lower_is_better\"";
    assert_broken!(
        one_measure("", &rising),
        Problem::PointsAgainstDirection { .. },
        expected
    );
    // `otherwise` counts too: below every `atleast` bound must not beat the lowest step.
    let falling = "{ atleast = 9, points = 100 }, { atleast = 7, points = 60 }";
    let (problem, _) = broken(&one_measure(
        "",
        &thresholds(falling, "80", Some("higher_is_better")),
    ));
    let direction = "higher_is_better";
    assert!(matches!(problem, Problem::PointsAgainstDirection { direction: d, .. } if d == direction));
}

#[test]
fn band_cutoff_outside_zero_to_hundred() {
    for below in ["0", "120"] {
        let text = with_bands(&(band("red", Some(below)) + &band("green", None)));
        let expected = format!(
            "card.toml:2:1: band 'red': cutoff `below = {below}` must lie in 0..100 (exclusive of 0)"
        );
        assert_broken!(text, Problem::BandCutoffOutOfRange { .. }, expected);
    }
}

#[test]
fn bands_must_rise() {
    let text = with_bands(&(band("red", Some("50")) + &band("yellow", Some("40")) + &band("green", None)));
    let expected = "card.toml:5:1: band 'yellow': cutoff `below = 40` must be above the previous band's (50); list bands from worst to best";
    assert_broken!(text, Problem::UnorderedBands { .. }, expected);
}

#[test]
fn last_band_takes_no_cutoff() {
    let text = with_bands(&(band("red", Some("40")) + &band("green", Some("90"))));
    let expected = "card.toml:5:1: band 'green': the last band covers everything above the previous cutoff and takes no `below`";
    assert_broken!(text, Problem::LastBandWithCutoff { .. }, expected);
}

#[test]
fn band_without_cutoff_before_the_last() {
    let text = with_bands(&(band("red", None) + &band("green", None)));
    let expected = "card.toml:2:1: band 'red': every band but the last needs `below`";
    assert_broken!(text, Problem::BandWithoutCutoff { .. }, expected);
}

#[test]
fn band_colour_must_be_hex() {
    for color in ["red;</style>", "#12345", "#ggg"] {
        let text = with_bands(&format!("[[bands]]\nname = \"only\"\ncolor = \"{color}\"\n"));
        let expected =
            format!("card.toml:2:1: band 'only': color must be \"#rrggbb\" or \"#rgb\", got \"{color}\"");
        assert_broken!(text, Problem::BadColor { .. }, expected);
    }
}

#[test]
fn duplicate_names() {
    let measure = one_measure("", PERCENTILE);
    let twice = format!("{measure}{}", measure.trim_start_matches("name = \"t\"\n"));
    let expected = "card.toml:9:1: duplicate measure name 'm'";
    assert_broken!(twice, Problem::DuplicateName { kind: "measure", .. }, expected);
    let bands = with_bands(&(band("red", Some("40")) + &band("red", None)));
    let expected = "card.toml:5:1: duplicate band name 'red'";
    assert_broken!(bands, Problem::DuplicateName { kind: "band", .. }, expected);
}

#[test]
fn measure_names_an_unknown_group() {
    let text = one_measure("group = \"Usage\"\n", PERCENTILE).replace("name = \"t\"\n", GROUPS_AB);
    let expected =
        "card.toml:8:1: measure 'm' names group 'Usage', which is not in [[groups]] (defined: A, B)";
    assert_broken!(text, Problem::UnknownGroup { .. }, expected);
    let without_groups = one_measure("group = \"Usage\"\n", PERCENTILE);
    assert!(broken(&without_groups).1.ends_with("(defined: none)"));
}

#[test]
fn measure_without_a_group_when_groups_exist() {
    let text = one_measure("", PERCENTILE).replace("name = \"t\"\n", GROUPS_AB);
    let expected = "card.toml:8:1: measure 'm' has no `group`, but this profile defines [[groups]]; give it one of: A, B";
    assert_broken!(text, Problem::MissingGroup { .. }, expected);
}

#[test]
fn bad_missing_policy() {
    for (value, shown) in [("\"zero\"", "zero"), ("120", "120")] {
        let text = one_measure(&format!("missing = {value}\n"), PERCENTILE);
        let expected = format!(
            "card.toml:2:1: measure 'm': `missing` must be \"skip\" or a number of points in 0..100, got \"{shown}\""
        );
        assert_broken!(text, Problem::BadMissingPolicy { .. }, expected);
    }
}

#[test]
fn missing_policy_of_the_wrong_type_says_what_is_allowed() {
    let message = syntax(&one_measure("missing = true\n", PERCENTILE));
    assert!(!message.contains("RawMissing"), "{message}");
    assert!(message.contains("skip"), "{message}");
}

#[test]
fn categories_need_an_entry() {
    let text = one_measure("", "method = \"categories\"\npoints = {}\n");
    let expected = "card.toml:2:1: measure 'm': categories need at least one entry in `points`";
    assert_broken!(text, Problem::EmptyCategories { .. }, expected);
}

#[test]
fn empty_names_and_empty_profiles() {
    let text = one_measure("", PERCENTILE).replace("name = \"t\"", "name = \" \"");
    let expected = "card.toml: the scorecard has an empty name";
    assert_broken!(
        text,
        Problem::EmptyName {
            what: "the scorecard"
        },
        expected
    );
    let expected = "card.toml: profile 'default' has no measures";
    assert_broken!("name = \"t\"\n", Problem::NoMeasures { .. }, expected);
    let profile = "[[profiles]]\nname = \"p\"\ncolumn = \"stage\"\nvalues = []\n";
    let expected = "card.toml:9:1: profile 'p': `values` must list at least one segment value";
    assert_broken!(
        one_measure("", PERCENTILE) + profile,
        Problem::NoProfileValues { .. },
        expected
    );
}

#[test]
fn default_bands_when_none_are_given() {
    let card = parse(&one_measure("", PERCENTILE));
    let bands: Vec<(&str, Option<f64>)> = card.bands.iter().map(|b| (b.name.as_str(), b.below)).collect();
    assert_eq!(
        bands,
        [("red", Some(40.0)), ("yellow", Some(70.0)), ("green", None)]
    );
    assert_eq!(card.band_of(39.999), 0);
    assert_eq!(card.band_of(40.0), 1);
    assert_eq!(card.band_of(70.0), 2);
}

#[test]
fn profiles_are_parsed_in_file_order() {
    let profile = |name: &str, values: &str| {
        format!(
            "[[profiles]]\nname = \"{name}\"\ncolumn = \"stage\"\nvalues = {values}\n[[profiles.measures]]\nname = \"x\"\ncolumn = \"x\"\nweight = 2\n[profiles.measures.scoring]\n{PERCENTILE}"
        )
    };
    let text = format!(
        "default_profile = \"adopted\"\n{}{}{}",
        one_measure("", PERCENTILE),
        profile("onboarding", "[\"onboarding\", \"trial\"]"),
        profile("late", "[\"late\"]")
    );
    let card = parse(&text);
    let names: Vec<&str> = card.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["adopted", "onboarding", "late"]);
    assert_eq!(card.profiles[0].selector, None);
    let selector = card.profiles[1].selector.as_ref().expect("a selector");
    assert_eq!(selector.column, "stage");
    assert_eq!(selector.values, ["onboarding", "trial"]);
    assert_eq!(card.profiles[2].measures[0].weight, 2.0);
    assert_eq!(card.measure_names(), ["m", "x"]);
}

#[test]
fn committed_configs_are_valid() {
    for name in ["current", "usage-heavy", "lifecycle-profiles"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("configs/{name}.toml"));
        let card = healthscore::scorecard::load_scorecard(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(card.source.as_deref(), Some(path.as_path()));
        assert!(!card.profiles[0].measures.is_empty(), "{name}");
    }
}

#[test]
fn an_unknown_transform_names_the_measure_and_the_allowed_ones() {
    let (problem, message) = broken(&one_measure("transform = \"delta\"\n", &linear("0", "1")));
    assert!(matches!(problem, Problem::UnknownTransform { .. }));
    assert_eq!(
        message,
        "card.toml:2:1: measure 'm': `transform` must be \"level\", \"change\" or \"pct_change\", got \"delta\""
    );
}

#[test]
fn a_change_of_a_text_measure_is_refused() {
    let categories = "method = \"categories\"\npoints = { a = 10 }\n";
    let (problem, message) = broken(&one_measure("transform = \"pct_change\"\n", categories));
    assert!(matches!(problem, Problem::ChangeOfText { .. }));
    assert_eq!(
        message,
        "card.toml:2:1: measure 'm': transform = \"pct_change\" needs numbers, but categories scoring reads text"
    );
}

#[test]
fn transform_defaults_to_the_level() {
    let card = parse(&one_measure("", &linear("0", "1")));
    assert_eq!(card.profiles[0].measures[0].transform, Transform::Level);
    let card = parse(&one_measure("transform = \"change\"\n", &linear("-1", "1")));
    assert_eq!(card.profiles[0].measures[0].transform, Transform::Change);
    assert!(card.reads_changes());
}
