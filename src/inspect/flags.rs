//! Columns that should not become measures as they are: possible leaks, constants and
//! identifiers.

use serde::Serialize;

use super::distribution::Counts;
use super::signal::Signal;
use crate::data::{parse_outcome, ColumnValues, TableColumn};
use crate::judgement::LEAK_AUC;

/// Text columns with more distinct values than this are not treated as categories.
pub const MAX_CATEGORY_LEVELS: usize = 50;
/// A text column with more than [`MAX_CATEGORY_LEVELS`] values is id-like when at least this
/// share of its rows hold distinct values.
pub const ID_DISTINCT_SHARE: f64 = 0.2;
/// Whole numbers, all distinct, over at least this many rows look like an identifier.
pub const ID_MIN_ROWS: usize = 20;

/// What is wrong with a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Possibly known only after (or because of) churn.
    Leak,
    /// Moves with another column (|Spearman| at or above the threshold).
    NearDuplicate,
    /// One value (or none) in every row.
    Constant,
    /// An identifier or free text, not a measure.
    IdLike,
}

impl FlagKind {
    /// The flag in words, for tables.
    pub fn label(self) -> &'static str {
        match self {
            FlagKind::Leak => "possible leak",
            FlagKind::NearDuplicate => "near-duplicate",
            FlagKind::Constant => "constant",
            FlagKind::IdLike => "id-like",
        }
    }
}

/// A flag and why it was raised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    pub kind: FlagKind,
    pub reason: String,
}

impl Flag {
    fn new(kind: FlagKind, reason: String) -> Flag {
        Flag { kind, reason }
    }
}

/// Why a column may be a leak, if it may: it equals the outcome, its values alone separate
/// churners almost perfectly, or whether it is filled does.
pub fn leak(column: &TableColumn, signal: &Signal, churned: &[bool]) -> Option<Flag> {
    if equals_outcome(column, churned) {
        return Some(Flag::new(
            FlagKind::Leak,
            "equal to the outcome on every row".into(),
        ));
    }
    let extreme = |auc: f64| auc >= LEAK_AUC || auc <= 1.0 - LEAK_AUC;
    if let Some(auc) = signal.auc.filter(|&a| extreme(a)) {
        return Some(Flag::new(
            FlagKind::Leak,
            format!(
                "its values alone separate churners almost perfectly (AUC {auc:.3}): check that it is not recorded only after churn"
            ),
        ));
    }
    signal.missing_auc.filter(|&a| extreme(a))?;
    let (missing, present) = (
        signal.churn_rate_missing.unwrap_or(0.0),
        signal.churn_rate_present.unwrap_or(0.0),
    );
    Some(Flag::new(
        FlagKind::Leak,
        format!(
            "whether it is filled alone separates churners (churn {:.1}% where filled, {:.1}% where empty): \
             probably recorded only for one outcome",
            100.0 * present,
            100.0 * missing
        ),
    ))
}

/// Whether every row holds the outcome itself (1/0, yes/no, … as the outcome is read).
fn equals_outcome(column: &TableColumn, churned: &[bool]) -> bool {
    match &column.values {
        ColumnValues::Numeric(values) => values
            .iter()
            .zip(churned)
            .all(|(v, &c)| *v == Some(f64::from(u8::from(c)))),
        ColumnValues::Text(text) => {
            let as_outcome: Vec<Option<bool>> = text.levels.iter().map(|l| parse_outcome(l)).collect();
            text.codes
                .iter()
                .zip(churned)
                .all(|(code, &c)| code.and_then(|k| as_outcome[k as usize]) == Some(c))
        }
        ColumnValues::Date(_) => false,
    }
}

/// A column with one value (or none) in every row.
pub fn constant(counts: &Counts) -> Option<Flag> {
    let reason = match counts.distinct {
        0 => "empty: no row has a value".to_string(),
        1 if counts.missing > 0 => format!(
            "one value in every row that has one ({:.1}% missing)",
            100.0 * counts.missing_rate
        ),
        1 => "one value in every row".to_string(),
        _ => return None,
    };
    Some(Flag::new(FlagKind::Constant, reason))
}

/// An identifier: text with many distinct values, or whole numbers that never repeat.
pub fn id_like(column: &TableColumn, counts: &Counts, rows: usize) -> Option<Flag> {
    let present = rows - counts.missing;
    match &column.values {
        ColumnValues::Text(_)
            if counts.distinct > MAX_CATEGORY_LEVELS
                && counts.distinct as f64 >= ID_DISTINCT_SHARE * present as f64 =>
        {
            Some(Flag::new(
                FlagKind::IdLike,
                format!(
                    "{} distinct text values in {present} rows: an identifier or free text, not a measure",
                    counts.distinct
                ),
            ))
        }
        ColumnValues::Numeric(values)
            if present >= ID_MIN_ROWS
                && counts.distinct == present
                && values.iter().flatten().all(|v| v.fract() == 0.0) =>
        {
            Some(Flag::new(
                FlagKind::IdLike,
                "whole numbers, all different: looks like an identifier".into(),
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::distribution::counts;
    use super::super::signal::numeric_signal;
    use super::*;
    use crate::data::TextColumn;

    fn numeric(values: Vec<Option<f64>>) -> TableColumn {
        TableColumn {
            name: "x".into(),
            values: ColumnValues::Numeric(values),
            non_finite: 0,
        }
    }

    #[test]
    fn a_copy_of_the_outcome_is_a_leak() {
        let churned = [true, false, false];
        let column = TableColumn {
            name: "status".into(),
            values: ColumnValues::Text(TextColumn {
                levels: vec!["churned".into(), "retained".into()],
                codes: vec![Some(0), Some(1), Some(1)],
            }),
            non_finite: 0,
        };
        let flag = leak(&column, &Signal::default(), &churned).unwrap();
        assert_eq!(flag.reason, "equal to the outcome on every row");
    }

    #[test]
    fn near_perfect_separation_either_way_is_a_leak() {
        let churned: Vec<bool> = (0..40).map(|i| i < 10).collect();
        for sign in [1.0, -1.0] {
            let column = numeric((0..40).map(|i| Some(sign * f64::from(i))).collect());
            let signal = numeric_signal(
                match &column.values {
                    ColumnValues::Numeric(v) => v,
                    _ => unreachable!("built numeric above"),
                },
                &churned,
                0.95,
            );
            let flag = leak(&column, &signal, &churned).unwrap();
            assert!(flag.reason.contains("AUC"), "{}", flag.reason);
        }
    }

    #[test]
    fn filled_only_for_churners_is_a_leak() {
        let churned = [true, true, false, false, false];
        let values = vec![Some(3.0), Some(4.0), None, None, None];
        let signal = numeric_signal(&values, &churned, 0.95);
        let flag = leak(&numeric(values), &signal, &churned).unwrap();
        assert!(flag.reason.starts_with("whether it is filled"), "{}", flag.reason);
        assert!(flag.reason.contains("100.0% where filled, 0.0% where empty"));
    }

    #[test]
    fn constants_ids_and_ordinary_columns() {
        let column = numeric(vec![Some(2.0), None, Some(2.0)]);
        let flag = constant(&counts(&column)).unwrap();
        assert!(flag.reason.starts_with("one value in every row that has one"));
        let ids = numeric((0..25).map(|i| Some(f64::from(i))).collect());
        assert!(id_like(&ids, &counts(&ids), 25).is_some());
        let measures = numeric((0..25).map(|i| Some(f64::from(i) / 2.0)).collect());
        assert!(id_like(&measures, &counts(&measures), 25).is_none());
        assert!(constant(&counts(&measures)).is_none());
    }
}
