//! Change measures: a measure may read its column's change since the account's previous
//! snapshot (`transform = "change"` or `"pct_change"`) instead of its level.
//!
//! The change columns are worked out once, when a history is prepared for scoring
//! ([`add_change_columns`]): one sort of the rows by (account, snapshot date), shared by
//! every change measure of every scorecard, then one pass per transformed column. The
//! result is stored in the history's numeric columns under [`Measure::values_key`], so that
//! scoring, subsets and every command read it like any other column. With no change
//! measure nothing is done at all.

use std::borrow::Cow;

use super::{ApplyError, Measure, Scorecard};
use crate::data::{snapshots_after_gaps, History, NumericColumn};

/// What a measure reads from its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Transform {
    /// The value itself (the default).
    #[default]
    Level,
    /// `value − previous`: the value minus the same account's value at its previous
    /// snapshot (by date).
    Change,
    /// `(value − previous) / |previous|`: the relative change; missing when the previous
    /// value is 0.
    PctChange,
}

impl Transform {
    /// Every transform's name in scorecard files, in the order messages list them.
    pub const NAMES: [&'static str; 3] = ["level", "change", "pct_change"];

    /// The transform a scorecard file names, `None` for an unknown name.
    pub fn from_name(name: &str) -> Option<Transform> {
        match name {
            "level" => Some(Transform::Level),
            "change" => Some(Transform::Change),
            "pct_change" => Some(Transform::PctChange),
            _ => None,
        }
    }

    /// The name used in scorecard files.
    pub fn as_str(self) -> &'static str {
        match self {
            Transform::Level => "level",
            Transform::Change => "change",
            Transform::PctChange => "pct_change",
        }
    }

    /// The transformed value of `value` given the account's previous value, `None` where
    /// missing (no previous snapshot, a missing value, or a relative change from 0).
    ///
    /// ```
    /// use healthscore::scorecard::Transform;
    /// assert_eq!(Transform::Change.of(Some(8.0), Some(10.0)), Some(-2.0));
    /// assert_eq!(Transform::PctChange.of(Some(8.0), Some(-10.0)), Some(1.8));
    /// assert_eq!(Transform::PctChange.of(Some(8.0), Some(0.0)), None);
    /// assert_eq!(Transform::Change.of(Some(8.0), None), None);
    /// ```
    pub fn of(self, value: Option<f64>, previous: Option<f64>) -> Option<f64> {
        match self {
            Transform::Level => value,
            Transform::Change => Some(value? - previous?),
            Transform::PctChange => {
                let (value, previous) = (value?, previous?);
                (previous != 0.0).then(|| (value - previous) / previous.abs())
            }
        }
    }
}

impl Measure {
    /// The name of the history column the measure's values are read from: its column for a
    /// level, else the change column [`add_change_columns`] adds.
    pub fn values_key(&self) -> Cow<'_, str> {
        values_key(&self.column, self.transform)
    }
}

impl Scorecard {
    /// Whether any measure reads a change rather than a level (and so needs the history's
    /// date column and each account's previous snapshot).
    pub fn reads_changes(&self) -> bool {
        self.profiles
            .iter()
            .flat_map(|p| &p.measures)
            .any(|m| m.transform != Transform::Level)
    }
}

/// The history column holding `column` read through `transform`.
fn values_key(column: &str, transform: Transform) -> Cow<'_, str> {
    match transform {
        Transform::Level => Cow::Borrowed(column),
        Transform::Change => Cow::Owned(format!("Δ {column}")),
        Transform::PctChange => Cow::Owned(format!("Δ% {column}")),
    }
}

/// Snapshots whose change was taken across a gap: the account was absent from at least one
/// snapshot date between this snapshot and its previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangeGaps {
    /// Snapshots taken across a gap.
    pub snapshots: usize,
    /// Accounts with at least one such snapshot.
    pub accounts: usize,
}

/// Refuses change measures on a history without its date column (`has_dates` false),
/// naming the first change measure: [`ApplyError::NoDateColumn`]. Cheap, so that a command
/// can check before it reads the history.
pub fn check_change_dates(scorecards: &[&Scorecard], has_dates: bool) -> Result<(), ApplyError> {
    if has_dates {
        return Ok(());
    }
    let first = scorecards
        .iter()
        .flat_map(|s| &s.profiles)
        .flat_map(|p| &p.measures)
        .find(|m| m.transform != Transform::Level);
    match first {
        Some(measure) => Err(ApplyError::NoDateColumn {
            measure: measure.name.clone(),
        }),
        None => Ok(()),
    }
}

/// Adds to `history` the change column of every change measure of `scorecards` (keyed by
/// [`Measure::values_key`]); returns the gaps the changes were taken across, or `None` when
/// no measure has a transform (and nothing was done).
///
/// An account's first snapshot has no previous value: its change is missing, and the
/// measure's `missing` rule applies. An account absent from a snapshot date has its change
/// taken against the last snapshot it has. The order of the file's rows does not matter.
///
/// Cost: the history's one sort of the rows by (account, date), O(n log n)
/// (`History::previous_snapshots`, kept for the trend tests too), then O(n) per column. Errors: [`ApplyError::NoDateColumn`] when the history was loaded
/// without its date column; [`ApplyError::ColumnNotLoaded`] for a column not loaded.
pub fn add_change_columns(
    history: &mut History,
    scorecards: &[&Scorecard],
) -> Result<Option<ChangeGaps>, ApplyError> {
    let mut wanted: Vec<(&Measure, Transform)> = Vec::new();
    for measure in scorecards
        .iter()
        .flat_map(|s| &s.profiles)
        .flat_map(|p| &p.measures)
    {
        let known = |(m, t): &(&Measure, Transform)| m.column == measure.column && *t == measure.transform;
        if measure.transform != Transform::Level && !wanted.iter().any(known) {
            wanted.push((measure, measure.transform));
        }
    }
    if wanted.is_empty() {
        return Ok(None);
    }
    check_change_dates(scorecards, history.dates.is_some())?;
    let (Some(dates), Some(previous)) = (history.dates.as_deref(), history.previous_snapshots()) else {
        return Ok(None);
    };
    let mut columns = Vec::with_capacity(wanted.len());
    for (measure, transform) in wanted {
        let values = history
            .numeric
            .get(&measure.column)
            .ok_or_else(|| ApplyError::ColumnNotLoaded {
                column: measure.column.clone(),
                needed_by: format!("measure '{}'", measure.name),
            })?;
        let key = values_key(&measure.column, transform).into_owned();
        columns.push((key, transformed(values, previous, transform)));
    }
    let (snapshots, accounts) = snapshots_after_gaps(&history.ids, dates, previous);
    history.numeric.extend(columns);
    Ok(Some(ChangeGaps { snapshots, accounts }))
}

/// `values` read through `transform`, each row against its `previous` snapshot; a change
/// too large for a number is missing.
fn transformed(values: &NumericColumn, previous: &[Option<u32>], transform: Transform) -> NumericColumn {
    let out = previous
        .iter()
        .enumerate()
        .map(|(row, before)| {
            let before = before.and_then(|b| values.get(b as usize));
            transform
                .of(values.get(row), before)
                .filter(|v| v.is_finite())
                .unwrap_or(f64::NAN)
        })
        .collect();
    NumericColumn::from_nan_encoded(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::parse_scorecard;
    use std::path::Path;

    fn card(transform: &str) -> Scorecard {
        let text = format!(
            "name = \"t\"\n[[measures]]\nname = \"Usage\"\ncolumn = \"usage\"\nweight = 1\n\
             transform = \"{transform}\"\nscoring = {{ method = \"linear\", min = -10, max = 10, direction = \"higher_is_better\" }}\n"
        );
        parse_scorecard(&text, Path::new("t.toml")).unwrap()
    }

    fn history(rows: &[(&str, i32, Option<f64>)]) -> History {
        let mut history = History {
            ids: rows.iter().map(|r| r.0.to_string()).collect(),
            churned: vec![false; rows.len()],
            dates: Some(rows.iter().map(|r| r.1).collect()),
            ..History::default()
        };
        let values: Vec<Option<f64>> = rows.iter().map(|r| r.2).collect();
        history.numeric.insert("usage".into(), values.into());
        history
    }

    fn changes(rows: &[(&str, i32, Option<f64>)], transform: &str) -> (Vec<Option<f64>>, ChangeGaps) {
        let mut history = history(rows);
        let card = card(transform);
        let gaps = add_change_columns(&mut history, &[&card]).unwrap().unwrap();
        let key = card.profiles[0].measures[0].values_key().into_owned();
        (history.numeric[&key].iter().collect(), gaps)
    }

    #[test]
    fn change_is_taken_against_the_previous_snapshot_by_date_whatever_the_row_order() {
        let rows = [
            ("b", 20, Some(5.0)),
            ("a", 20, Some(7.0)),
            ("a", 10, Some(10.0)),
            ("b", 10, Some(1.0)),
            ("a", 30, None),
            ("b", 30, Some(2.0)),
        ];
        let (values, gaps) = changes(&rows, "change");
        assert_eq!(values, [Some(4.0), Some(-3.0), None, None, None, Some(-3.0)]);
        assert_eq!(gaps, ChangeGaps::default());
        let (values, _) = changes(&rows, "pct_change");
        assert_eq!(values, [Some(4.0), Some(-0.3), None, None, None, Some(-0.6)]);
    }

    #[test]
    fn a_missing_snapshot_date_is_a_gap_and_the_change_spans_it() {
        let rows = [
            ("a", 10, Some(1.0)),
            ("a", 20, Some(2.0)),
            ("a", 30, Some(3.0)),
            ("b", 10, Some(1.0)),
            ("b", 30, Some(4.0)),
        ];
        let (values, gaps) = changes(&rows, "change");
        assert_eq!(values[4], Some(3.0));
        assert_eq!(
            gaps,
            ChangeGaps {
                snapshots: 1,
                accounts: 1
            }
        );
    }

    #[test]
    fn relative_change_from_zero_is_missing_and_from_a_negative_value_uses_its_size() {
        let rows = [("a", 10, Some(0.0)), ("a", 20, Some(3.0)), ("a", 30, Some(-3.0))];
        let (values, _) = changes(&rows, "pct_change");
        assert_eq!(values, [None, None, Some(-2.0)]);
    }

    #[test]
    fn without_the_date_column_a_change_measure_is_refused_naming_it() {
        let mut history = history(&[("a", 10, Some(1.0))]);
        history.dates = None;
        let error = add_change_columns(&mut history, &[&card("change")]).unwrap_err();
        assert!(matches!(&error, ApplyError::NoDateColumn { measure } if measure == "Usage"));
        assert!(error.to_string().contains("the date column"), "{error}");
    }

    #[test]
    fn levels_alone_add_nothing() {
        let mut history = history(&[("a", 10, Some(1.0))]);
        history.dates = None;
        assert_eq!(add_change_columns(&mut history, &[&card("level")]), Ok(None));
        assert_eq!(history.numeric.len(), 1);
    }

    /// Rows of a history of `accounts` accounts over `dates` snapshot dates, some absent
    /// (`present`), with values from `values`.
    fn rows(
        accounts: usize,
        dates: usize,
        present: &[bool],
        values: &[f64],
    ) -> Vec<(String, i32, Option<f64>)> {
        let mut rows = Vec::new();
        for account in 0..accounts {
            for date in 0..dates {
                let cell = account * dates + date;
                if present[cell % present.len()] {
                    let value = values[cell % values.len()];
                    rows.push((format!("a{account}"), 30 * date as i32, Some(value)));
                }
            }
        }
        rows
    }

    fn borrowed(rows: &[(String, i32, Option<f64>)]) -> Vec<(&str, i32, Option<f64>)> {
        rows.iter()
            .map(|(id, date, value)| (id.as_str(), *date, *value))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn a_constant_series_changes_by_zero(
            accounts in 1usize..6,
            dates in 1usize..6,
            present in proptest::collection::vec(proptest::bool::ANY, 1..10),
            level in -1e6f64..1e6,
        ) {
            let rows = rows(accounts, dates, &present, &[level]);
            proptest::prop_assume!(!rows.is_empty());
            let (changes, _) = changes(&borrowed(&rows), "change");
            let mut seen = std::collections::HashSet::new();
            for (row, change) in rows.iter().zip(changes) {
                let first = seen.insert(row.0.clone());
                proptest::prop_assert_eq!(change, if first { None } else { Some(0.0) });
            }
        }

        #[test]
        fn the_order_of_the_rows_changes_no_snapshots_change(
            accounts in 1usize..6,
            dates in 1usize..6,
            present in proptest::collection::vec(proptest::bool::ANY, 1..10),
            values in proptest::collection::vec(-100f64..100.0, 1..12),
            seed in 0u64..1000,
        ) {
            let rows = rows(accounts, dates, &present, &values);
            proptest::prop_assume!(!rows.is_empty());
            let mut shuffled = rows.clone();
            let mut state = seed;
            for i in (1..shuffled.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (state >> 33) as usize % (i + 1));
            }
            for transform in ["change", "pct_change"] {
                let (a, gaps_a) = changes(&borrowed(&rows), transform);
                let (b, gaps_b) = changes(&borrowed(&shuffled), transform);
                let by_snapshot = |rows: &[(String, i32, Option<f64>)], values: Vec<Option<f64>>| {
                    rows.iter()
                        .map(|(id, date, _)| (id.clone(), *date))
                        .zip(values.into_iter().map(|v| v.map(f64::to_bits)))
                        .collect::<std::collections::BTreeMap<_, _>>()
                };
                proptest::prop_assert_eq!(by_snapshot(&rows, a), by_snapshot(&shuffled, b));
                proptest::prop_assert_eq!(gaps_a, gaps_b);
            }
        }
    }
}
