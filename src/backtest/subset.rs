//! The rows of one period as a history of their own.

use crate::data::{History, TextColumn};

/// The given rows of `history` (0-based, in the given order) as a new history.
pub fn subset(history: &History, rows: &[u32]) -> History {
    let pick = |values: &[f64]| rows.iter().map(|&r| values[r as usize]).collect::<Vec<_>>();
    History {
        source: history.source.clone(),
        ids: rows.iter().map(|&r| history.ids[r as usize].clone()).collect(),
        churned: rows.iter().map(|&r| history.churned[r as usize]).collect(),
        segment: history.segment.as_ref().map(|s| text(s, rows)),
        dates: history
            .dates
            .as_ref()
            .map(|d| rows.iter().map(|&r| d[r as usize]).collect()),
        value: history.value.as_deref().map(pick),
        numeric: history
            .numeric
            .iter()
            .map(|(name, values)| (name.clone(), rows.iter().map(|&r| values[r as usize]).collect()))
            .collect(),
        text: history
            .text
            .iter()
            .map(|(name, column)| (name.clone(), text(column, rows)))
            .collect(),
    }
}

/// A period's history without its measure columns, which the engine does not read once
/// the period is scored: ids, outcomes, dates and values only.
pub fn without_measures(history: History) -> History {
    History {
        numeric: Default::default(),
        text: Default::default(),
        segment: None,
        ..history
    }
}

fn text(column: &TextColumn, rows: &[u32]) -> TextColumn {
    TextColumn {
        levels: column.levels.clone(),
        codes: rows.iter().map(|&r| column.codes[r as usize]).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_rows_of_every_column_in_order() {
        let mut history = History {
            ids: vec!["a".into(), "b".into(), "c".into()],
            churned: vec![true, false, true],
            dates: Some(vec![1, 2, 3]),
            value: Some(vec![10.0, 20.0, 30.0]),
            ..History::default()
        };
        history
            .numeric
            .insert("x".into(), vec![Some(1.0), None, Some(3.0)]);
        history.text.insert(
            "t".into(),
            TextColumn {
                levels: vec!["u".into(), "v".into()],
                codes: vec![Some(0), Some(1), None],
            },
        );
        let part = subset(&history, &[2, 0]);
        assert_eq!(part.ids, ["c", "a"]);
        assert_eq!(part.churned, [true, true]);
        assert_eq!(part.dates, Some(vec![3, 1]));
        assert_eq!(part.value, Some(vec![30.0, 10.0]));
        assert_eq!(part.numeric["x"], [Some(3.0), Some(1.0)]);
        assert_eq!(part.text["t"].get(1), Some("u"));
        assert_eq!(part.text["t"].get(0), None);
    }
}
