//! The scored table: every account (snapshot) with each scorecard's score, band, profile
//! and points, as written by `healthscore score` (one scorecard, plain column names) and
//! in the report folder (every candidate, names prefixed by the candidate).

use super::{explain, lost_column_name, points_column_name, Scorecard, ScoredAccounts};
use crate::data::dates::format_date;
use crate::data::{History, NumericColumn, OutputColumn, OutputValues};

/// One scorecard's results in the scored table.
#[derive(Debug, Clone, Copy)]
pub struct ScoredColumns<'a> {
    /// Put into each column name (`score_{prefix}`, `points_{prefix}_…`,
    /// `lost_{prefix}_…`, `reasons_{prefix}`); `None` for the plain names `score`, `band`,
    /// `profile`, `points_…`, `lost_…`, `reasons`, `to_next_band`.
    pub prefix: Option<&'a str>,
    pub scorecard: &'a Scorecard,
    pub scored: &'a ScoredAccounts,
}

/// The scored table's columns: `account_id`, `snapshot_date` and `segment` (when loaded),
/// `churned` when `with_outcome`, then per scorecard its score, band, profile, the points of
/// each measure, the points lost to each measure, the reasons and the points to the next
/// band (see [`explain`]; a points or lost name that repeats gets `_2`, `_3`, …).
pub fn scored_table(
    history: &History,
    with_outcome: bool,
    scorecards: &[ScoredColumns],
) -> Vec<OutputColumn> {
    let mut columns = vec![OutputColumn::new(
        "account_id",
        OutputValues::Text(history.ids.clone()),
    )];
    if let Some(dates) = &history.dates {
        let dates = dates.iter().map(|&d| format_date(d)).collect();
        columns.push(OutputColumn::new("snapshot_date", OutputValues::Text(dates)));
    }
    if let Some(segment) = &history.segment {
        let values = (0..history.len())
            .map(|r| segment.get(r).map(str::to_string))
            .collect();
        columns.push(OutputColumn::new("segment", OutputValues::OptionalText(values)));
    }
    if with_outcome {
        columns.push(OutputColumn::new(
            "churned",
            OutputValues::Flag(history.churned.clone()),
        ));
    }
    for card in scorecards {
        add_scorecard(&mut columns, card);
    }
    columns
}

/// Appends one scorecard's columns.
fn add_scorecard(columns: &mut Vec<OutputColumn>, card: &ScoredColumns) {
    let named = |base: &str| match card.prefix {
        None => base.to_string(),
        Some(prefix) => format!("{base}_{prefix}"),
    };
    let (scorecard, scored) = (card.scorecard, card.scored);
    columns.push(OutputColumn::new(
        named("score"),
        OutputValues::Number(scored.scores.clone()),
    ));
    let bands = scored
        .bands
        .iter()
        .map(|&b| scorecard.bands[usize::from(b)].name.clone())
        .collect();
    columns.push(OutputColumn::new(named("band"), OutputValues::Text(bands)));
    let profiles = scored
        .profiles
        .iter()
        .map(|&p| scorecard.profiles[usize::from(p)].name.clone())
        .collect();
    columns.push(OutputColumn::new(named("profile"), OutputValues::Text(profiles)));
    let explanation = explain(scorecard, scored);
    let measure_columns = |column_name: fn(&str) -> String, start: &str, values: Vec<NumericColumn>| {
        let mut used: Vec<String> = Vec::new();
        let mut out = Vec::with_capacity(values.len());
        for (name, values) in scored.measure_names.iter().zip(values) {
            let base = match card.prefix {
                None => column_name(name),
                Some(prefix) => column_name(name).replacen(start, &format!("{start}{prefix}_"), 1),
            };
            let mut column = base.clone();
            let mut suffix = 2;
            while used.contains(&column) {
                column = format!("{base}_{suffix}");
                suffix += 1;
            }
            used.push(column.clone());
            out.push(OutputColumn::new(column, OutputValues::Numeric(values)));
        }
        out
    };
    columns.extend(measure_columns(
        points_column_name,
        "points_",
        scored.points.clone(),
    ));
    columns.extend(measure_columns(lost_column_name, "lost_", explanation.lost));
    columns.push(OutputColumn::new(
        named("reasons"),
        OutputValues::JoinedText(explanation.reasons),
    ));
    columns.push(OutputColumn::new(
        named("to_next_band"),
        OutputValues::OptionalNumber(explanation.to_next_band),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::{apply, parse_scorecard};

    const CARD: &str = r#"
name = "t"

[[bands]]
name = "red"
below = 50

[[bands]]
name = "green"

[[measures]]
name = "NPS"
column = "a"
weight = 1
[measures.scoring]
method = "linear"
min = 0
max = 10
direction = "higher_is_better"

[[measures]]
name = "nps"
column = "b"
weight = 1
[measures.scoring]
method = "linear"
min = 0
max = 10
direction = "higher_is_better"
"#;

    fn names(columns: &[OutputColumn]) -> Vec<&str> {
        columns.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn plain_and_prefixed_names_with_repeated_points_names_numbered() {
        let card = parse_scorecard(CARD, std::path::Path::new("t.toml")).unwrap();
        let mut history = History {
            ids: vec!["A".into(), "B".into()],
            churned: vec![true, false],
            ..History::default()
        };
        history.numeric.insert("a".into(), [Some(1.0), Some(9.0)].into());
        history.numeric.insert("b".into(), [Some(5.0), None].into());
        let scored = apply(&card, &history).unwrap();
        let plain = ScoredColumns {
            prefix: None,
            scorecard: &card,
            scored: &scored,
        };
        assert_eq!(
            names(&scored_table(&history, false, &[plain])),
            [
                "account_id",
                "score",
                "band",
                "profile",
                "points_nps",
                "points_nps_2",
                "lost_nps",
                "lost_nps_2",
                "reasons",
                "to_next_band"
            ]
        );
        let prefixed = ScoredColumns {
            prefix: Some("1_t"),
            ..plain
        };
        let columns = scored_table(&history, true, &[prefixed]);
        assert_eq!(
            names(&columns),
            [
                "account_id",
                "churned",
                "score_1_t",
                "band_1_t",
                "profile_1_t",
                "points_1_t_nps",
                "points_1_t_nps_2",
                "lost_1_t_nps",
                "lost_1_t_nps_2",
                "reasons_1_t",
                "to_next_band_1_t"
            ]
        );
        assert_eq!(columns[1].values, OutputValues::Flag(vec![true, false]));
        // A: NPS 10 and nps 50 points, score 30; B: NPS 90, nps skipped as missing
        assert_eq!(
            columns[7].values,
            OutputValues::Numeric([Some(45.0), Some(10.0)].into())
        );
        assert_eq!(
            columns[8].values,
            OutputValues::Numeric([Some(25.0), None].into())
        );
        assert_eq!(
            columns[9].values,
            OutputValues::JoinedText(
                ["NPS \u{2212}45.0; nps \u{2212}25.0", "NPS \u{2212}10.0"]
                    .into_iter()
                    .collect()
            )
        );
        assert_eq!(
            columns[10].values,
            OutputValues::OptionalNumber(vec![Some(20.0), None])
        );
    }
}
