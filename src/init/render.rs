//! Writing a [`Draft`] as a commented scorecard file in the README's format.

use std::fmt::Write;

use super::{Draft, DraftMeasure, DraftScoring};

/// The draft as TOML with comments: how it was built, what to edit, what was left out and
/// why, and the reasons behind every measure. Equal weights (1 each) and the default bands.
pub fn scorecard_text(draft: &Draft) -> String {
    let mut out = String::new();
    header(&mut out, draft);
    let _ = writeln!(out, "name = {}", quoted(&draft.name));
    let _ = writeln!(
        out,
        "description = {}",
        quoted(&format!(
            "Drafted by healthscore init from {}: equal weights, ranges from history; edit before use",
            draft.source
        ))
    );
    out.push_str(BANDS);
    for measure in &draft.measures {
        measure_text(&mut out, measure);
    }
    if let Some(change) = &draft.change_suggestion {
        change_text(&mut out, change);
    }
    out
}

/// A suggested change measure, commented out: its reasons, then its table with
/// `transform = "change"` and 50 points for an account's first snapshot.
fn change_text(out: &mut String, measure: &DraftMeasure) {
    let mut table = String::new();
    measure_text(
        &mut table,
        &DraftMeasure {
            why: Vec::new(),
            ..measure.clone()
        },
    );
    let table = table.replace(
        "weight = 1\n",
        "weight = 1\ntransform = \"change\"\nmissing = 50\n",
    );
    out.push('\n');
    for line in &measure.why {
        comment(out, line);
    }
    for line in table.lines().filter(|l| !l.is_empty()) {
        comment(out, line);
    }
}

fn header(out: &mut String, draft: &Draft) {
    let rate = 100.0 * draft.churned as f64 / draft.rows.max(1) as f64;
    let lines = [
        format!(
            "A starting scorecard drafted by `healthscore init` from {} ({} rows, {} churned = {rate:.1}%).",
            draft.source, draft.rows, draft.churned
        ),
        String::new(),
        "How it was built:".into(),
        format!(
            "- measures: the {} columns that separate churners best on their own (AUC alone), leaving out",
            draft.measures.len()
        ),
        "  ids, the outcome, dates, possible leaks, constant columns, columns without a clear signal, and".into(),
        "  all but the strongest of each group of near-duplicates (|Spearman| >= 0.9);".into(),
        "- numbers are scored `linear` between their 5th and 95th percentiles, in the direction history shows;".into(),
        "- text columns with few values are scored `categories`, points following each value's churn rate;".into(),
        "- every measure has the same weight; bands are the defaults (red < 40 <= yellow < 70 <= green).".into(),
        String::new(),
        "What to edit:".into(),
        "- weights: more for measures you trust and can act on (any positive numbers, normalized);".into(),
        "- min/max and category points: the values your team calls unhealthy and healthy;".into(),
        "- remove measures nobody can act on, and check that each direction makes business sense;".into(),
        "- band cutoffs: move them so each band holds a number of accounts your team can work.".into(),
        format!(
            "Then check it: healthscore validate --data {} --scorecard THIS_FILE",
            draft.source
        ),
    ];
    for line in lines {
        comment(out, &line);
    }
    if !draft.left_out.is_empty() {
        comment(out, "");
        comment(out, "Left out:");
        for left in &draft.left_out {
            comment(out, &format!("- {}: {}", left.column, left.reason));
        }
    }
    out.push('\n');
}

const BANDS: &str = "
# Bands, worst to best: the defaults. Move the cutoffs to suit your team.
[[bands]]
name = \"red\"
below = 40
color = \"#d9534f\"

[[bands]]
name = \"yellow\"
below = 70
color = \"#f0ad4e\"

[[bands]]
name = \"green\"
color = \"#5cb85c\"
";

fn measure_text(out: &mut String, measure: &DraftMeasure) {
    out.push('\n');
    for line in &measure.why {
        comment(out, line);
    }
    let _ = writeln!(out, "[[measures]]");
    let _ = writeln!(out, "name = {}", quoted(&measure.name));
    let _ = writeln!(out, "column = {}", quoted(&measure.column));
    let _ = writeln!(out, "weight = 1");
    if measure.has_missing {
        let _ = writeln!(out, "missing = \"skip\"");
    }
    let _ = writeln!(out, "[measures.scoring]");
    match &measure.scoring {
        DraftScoring::Linear { min, max, direction } => {
            let _ = writeln!(out, "method = \"linear\"");
            let _ = writeln!(out, "min = {}", number(*min));
            let _ = writeln!(out, "max = {}", number(*max));
            let _ = writeln!(out, "direction = \"{}\"", direction.as_str());
        }
        DraftScoring::Categories { points, default } => {
            let entries: Vec<String> = points
                .iter()
                .map(|(value, p)| format!("{} = {}", key(value), number(*p)))
                .collect();
            let _ = writeln!(out, "method = \"categories\"");
            let _ = writeln!(out, "points = {{ {} }}", entries.join(", "));
            let _ = writeln!(out, "default = {}", number(*default));
        }
    }
}

/// Writes `text` as a comment line (`#` alone for an empty line).
fn comment(out: &mut String, text: &str) {
    if text.is_empty() {
        out.push_str("#\n");
    } else {
        // a newline in a value must not end the comment
        let _ = writeln!(out, "# {}", text.replace(['\n', '\r'], " "));
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A TOML key: bare when it can be, quoted otherwise.
fn key(text: &str) -> String {
    let bare = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// A finite number as TOML (whole numbers without a fraction).
fn number(value: f64) -> String {
    format!("{value}")
}

#[cfg(test)]
mod tests {
    use super::super::LeftOut;
    use super::*;
    use crate::scorecard::{parse_scorecard, Direction, Scoring};

    fn draft() -> Draft {
        Draft {
            change_suggestion: None,
            name: "Draft from \"odd\" file.csv".into(),
            source: "odd\nfile.csv".into(),
            rows: 100,
            churned: 10,
            max_measures: 8,
            measures: vec![
                DraftMeasure {
                    name: "Seat utilization".into(),
                    column: "seat_utilization".into(),
                    scoring: DraftScoring::Linear {
                        min: 0.305,
                        max: 0.966,
                        direction: Direction::HigherIsBetter,
                    },
                    has_missing: true,
                    why: vec!["seat_utilization: AUC 0.680 on its own.".into()],
                },
                DraftMeasure {
                    name: "Sentiment".into(),
                    column: "csm sentiment".into(),
                    scoring: DraftScoring::Categories {
                        points: vec![("green".into(), 100.0), ("needs work".into(), 0.0)],
                        default: 60.0,
                    },
                    has_missing: false,
                    why: Vec::new(),
                },
            ],
            left_out: vec![LeftOut {
                column: "churn_date".into(),
                reason: "possible leak".into(),
            }],
        }
    }

    #[test]
    fn the_text_is_a_valid_scorecard_with_equal_weights() {
        let text = scorecard_text(&draft());
        let card = parse_scorecard(&text, std::path::Path::new("draft.toml")).unwrap();
        assert_eq!(card.name, "Draft from \"odd\" file.csv");
        assert_eq!(card.bands.len(), 3);
        let measures = &card.profiles[0].measures;
        assert_eq!(measures.len(), 2);
        assert!(measures.iter().all(|m| m.weight == 1.0));
        assert!(
            matches!(measures[0].scoring, Scoring::Linear { min, max, .. } if min == 0.305 && max == 0.966)
        );
        let Scoring::Categories { points, default } = &measures[1].scoring else {
            panic!("expected categories");
        };
        assert_eq!(points["needs work"], 0.0);
        assert_eq!(*default, Some(60.0));
        assert!(text.contains("# - churn_date: possible leak\n"));
        assert!(
            text.contains("from odd file.csv (100 rows"),
            "newlines stay inside comments"
        );
    }
}
