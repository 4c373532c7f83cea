//! What a column holds: missing rate, distinct values, quantiles of numbers and dates, the
//! most common text values with their churn rates.

use std::collections::HashSet;

use serde::Serialize;

use crate::data::dates::format_date;
use crate::data::{ColumnValues, TableColumn, TextColumn};
use crate::metrics::quantile::linear_quantile;

/// How many of the most common text values a profile lists.
pub const TOP_VALUES: usize = 10;

/// Counts that every column has.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Counts {
    /// Rows without a value.
    pub missing: usize,
    /// `missing / rows`.
    pub missing_rate: f64,
    /// Distinct values among the rows that have one.
    pub distinct: usize,
}

/// Summary of a numeric column's values (quantiles interpolate linearly, as numpy's default).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NumberSummary {
    pub min: f64,
    /// 5th percentile.
    pub p05: f64,
    /// 25th percentile.
    pub q1: f64,
    pub median: f64,
    /// 75th percentile.
    pub q3: f64,
    /// 95th percentile.
    pub p95: f64,
    pub max: f64,
    pub mean: f64,
}

/// Summary of a date column, as ISO dates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateSummary {
    pub first: String,
    pub median: String,
    pub last: String,
}

/// One text value: how common it is and how often its accounts churned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelRow {
    pub value: String,
    pub accounts: usize,
    /// Share of the rows that have a value.
    pub share: f64,
    pub churned: usize,
    pub churn_rate: f64,
}

/// Missing and distinct counts of any column.
pub fn counts(column: &TableColumn) -> Counts {
    let (rows, missing, distinct) = match &column.values {
        ColumnValues::Numeric(values) => {
            let present: HashSet<u64> = values.iter().flatten().map(|v| canonical_bits(*v)).collect();
            (
                values.len(),
                values.iter().filter(|v| v.is_none()).count(),
                present.len(),
            )
        }
        ColumnValues::Date(values) => {
            let present: HashSet<i32> = values.iter().flatten().copied().collect();
            (
                values.len(),
                values.iter().filter(|v| v.is_none()).count(),
                present.len(),
            )
        }
        ColumnValues::Text(text) => {
            let present: HashSet<u32> = text.codes.iter().flatten().copied().collect();
            (
                text.codes.len(),
                text.codes.iter().filter(|c| c.is_none()).count(),
                present.len(),
            )
        }
    };
    Counts {
        missing,
        missing_rate: if rows == 0 {
            0.0
        } else {
            missing as f64 / rows as f64
        },
        distinct,
    }
}

/// Bits of a number with `-0.0` folded into `0.0`, so that the two count as one value.
fn canonical_bits(value: f64) -> u64 {
    if value == 0.0 {
        0.0f64.to_bits()
    } else {
        value.to_bits()
    }
}

/// Quantiles of the present values; `None` when there are none.
pub fn number_summary(values: &[Option<f64>]) -> Option<NumberSummary> {
    let mut sorted: Vec<f64> = values.iter().flatten().copied().collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_unstable_by(f64::total_cmp);
    let q = |p: f64| linear_quantile(&sorted, p);
    Some(NumberSummary {
        min: sorted[0],
        p05: q(0.05),
        q1: q(0.25),
        median: q(0.5),
        q3: q(0.75),
        p95: q(0.95),
        max: sorted[sorted.len() - 1],
        mean: sorted.iter().sum::<f64>() / sorted.len() as f64,
    })
}

/// First, median (lower middle) and last of the present dates; `None` when there are none.
pub fn date_summary(values: &[Option<i32>]) -> Option<DateSummary> {
    let mut sorted: Vec<i32> = values.iter().flatten().copied().collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_unstable();
    Some(DateSummary {
        first: format_date(sorted[0]),
        median: format_date(sorted[(sorted.len() - 1) / 2]),
        last: format_date(sorted[sorted.len() - 1]),
    })
}

/// Every text value with its count and churn rate, most common first (ties by first
/// appearance).
pub fn levels(text: &TextColumn, churned: &[bool]) -> Vec<LevelRow> {
    let mut accounts = vec![0usize; text.levels.len()];
    let mut churn = vec![0usize; text.levels.len()];
    for (code, &c) in text.codes.iter().zip(churned) {
        if let Some(code) = code {
            accounts[*code as usize] += 1;
            churn[*code as usize] += usize::from(c);
        }
    }
    let present: usize = accounts.iter().sum();
    let mut rows: Vec<LevelRow> = text
        .levels
        .iter()
        .enumerate()
        .filter(|(i, _)| accounts[*i] > 0)
        .map(|(i, value)| LevelRow {
            value: value.clone(),
            accounts: accounts[i],
            share: accounts[i] as f64 / present as f64,
            churned: churn[i],
            churn_rate: churn[i] as f64 / accounts[i] as f64,
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.accounts));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_follow_numpy_linear() {
        let values: Vec<Option<f64>> = (1..=5).map(|v| Some(f64::from(v))).chain([None]).collect();
        let s = number_summary(&values).unwrap();
        // np.quantile([1,2,3,4,5], [.05,.25,.5,.75,.95]) = 1.2, 2, 3, 4, 4.8
        assert_eq!(
            (s.min, s.q1, s.median, s.q3, s.max, s.mean),
            (1.0, 2.0, 3.0, 4.0, 5.0, 3.0)
        );
        assert!((s.p05 - 1.2).abs() < 1e-12 && (s.p95 - 4.8).abs() < 1e-12);
        assert_eq!(number_summary(&[None]), None);
    }

    #[test]
    fn counts_fold_negative_zero_and_skip_missing() {
        let column = TableColumn {
            name: "x".into(),
            values: ColumnValues::Numeric(vec![Some(0.0), Some(-0.0), None, Some(1.0)]),
            non_finite: 0,
        };
        let c = counts(&column);
        assert_eq!((c.missing, c.distinct, c.missing_rate), (1, 2, 0.25));
    }

    #[test]
    fn levels_are_most_common_first_with_churn_rates() {
        let text = TextColumn {
            levels: vec!["a".into(), "b".into()],
            codes: vec![Some(0), Some(1), Some(1), None],
        };
        let rows = levels(&text, &[true, true, false, true]);
        assert_eq!(rows[0].value, "b");
        assert_eq!(
            (rows[0].accounts, rows[0].churned, rows[0].churn_rate),
            (2, 1, 0.5)
        );
        assert!((rows[1].share - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn dates_are_summarised_as_iso() {
        let d = date_summary(&[Some(20089), None, Some(20000)]).unwrap();
        assert_eq!((d.first.as_str(), d.last.as_str()), ("2024-10-04", "2025-01-01"));
    }
}
