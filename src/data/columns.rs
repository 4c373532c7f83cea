//! Every column of a table file, each read as numbers, dates or text: for profiling a raw
//! export before any scorecard says which columns matter.
//!
//! Types come from the file where it has them (Parquet, or what polars infers from a CSV),
//! and text columns are looked at again: text that all parses as numbers is numeric, text
//! that all parses as ISO dates is a date column.

use std::path::{Path, PathBuf};

use polars::prelude::{Column, DataType};

use super::convert::{
    expansion_flags, optional_outcome_column, outcome_column, text_column, MISSING_MARKERS,
};
use super::dates::parse_iso_date;
use super::load::{check_columns, file_columns, read_frame};
use super::{ColumnRoles, DataError, TextColumn};

/// The values of one column, by inferred type.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnValues {
    /// Numbers (integers, floats, booleans as 1/0, or text that all parses as numbers);
    /// `None` where missing (empty, a missing marker such as `NA`, NaN or infinite).
    Numeric(Vec<Option<f64>>),
    /// ISO dates or datetimes, as days since 1970-01-01; `None` where missing.
    Date(Vec<Option<i32>>),
    /// Anything else, as codes into its distinct values.
    Text(TextColumn),
}

/// One column of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub struct TableColumn {
    pub name: String,
    pub values: ColumnValues,
    /// NaN or infinite cells of a numeric column, counted as missing.
    pub non_finite: usize,
}

impl TableColumn {
    /// Whether the value at `row` is missing.
    pub fn is_missing(&self, row: usize) -> bool {
        match &self.values {
            ColumnValues::Numeric(values) => values[row].is_none(),
            ColumnValues::Date(values) => values[row].is_none(),
            ColumnValues::Text(text) => text.codes[row].is_none(),
        }
    }
}

/// Every column of a history file, with the outcome parsed.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The file it was read from.
    pub source: PathBuf,
    /// Name of the outcome column (also among `columns`).
    pub outcome: String,
    /// True where the account churned.
    pub churned: Vec<bool>,
    /// Every column, in file order.
    pub columns: Vec<TableColumn>,
}

impl Table {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.churned.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.churned.is_empty()
    }
}

/// Reads every column of `path`, parsing the outcome column as churn flags (every row must
/// have a recognised value). The id and segment columns stay text even when they look like
/// numbers; the id column is optional here (a raw export may have none), while any segment,
/// date or value column the roles name must exist.
///
/// Errors: as [`read_frame`], plus [`DataError::MissingColumn`] when a required column is
/// absent, and the outcome errors of [`super::load_history`].
pub fn load_table(path: &Path, roles: &ColumnRoles) -> Result<Table, DataError> {
    if roles.expansion.as_ref() == Some(&roles.outcome) {
        return Err(DataError::ExpansionIsOutcome {
            path: path.to_path_buf(),
            column: roles.outcome.clone(),
        });
    }
    let names = file_columns(path)?;
    let mut required = vec![(roles.outcome.clone(), "the outcome".to_string())];
    for (column, role) in [
        (&roles.segment, "the segment"),
        (&roles.date, "the snapshot date"),
        (&roles.value, "the account value"),
        (&roles.expansion, "the expansion outcome"),
    ] {
        if let Some(column) = column {
            required.push((column.clone(), role.to_string()));
        }
    }
    check_columns(path, &names, &required)?;
    let as_text: Vec<String> = std::iter::once(&roles.id)
        .chain(&roles.segment)
        .filter(|c| names.contains(c))
        .cloned()
        .collect();
    let frame = read_frame(path, &names, &as_text)?;
    let unreadable = |e: polars::prelude::PolarsError| DataError::Unreadable {
        path: path.to_path_buf(),
        format: "columns",
        message: e.to_string(),
    };
    let churned = outcome_column(frame.column(&roles.outcome).map_err(unreadable)?, path)?;
    if let Some(expansion) = &roles.expansion {
        // read only to refuse a column that is not a 0/1 outcome, as the other commands do
        let flags = optional_outcome_column(frame.column(expansion).map_err(unreadable)?, path)?;
        expansion_flags(expansion.clone(), flags, &churned, path)?;
    }
    let columns = names
        .iter()
        .map(|name| {
            let column = frame.column(name).map_err(unreadable)?;
            if as_text.contains(name) {
                Ok(TableColumn {
                    name: name.clone(),
                    values: ColumnValues::Text(text_column(column, path)?),
                    non_finite: 0,
                })
            } else {
                infer_column(column, path)
            }
        })
        .collect::<Result<_, DataError>>()?;
    Ok(Table {
        source: path.to_path_buf(),
        outcome: roles.outcome.clone(),
        churned,
        columns,
    })
}

/// One column with its type inferred: numbers, dates, or text.
fn infer_column(column: &Column, path: &Path) -> Result<TableColumn, DataError> {
    let name = column.name().to_string();
    let dtype = column.dtype();
    let unreadable = |e: polars::prelude::PolarsError| DataError::Unreadable {
        path: path.to_path_buf(),
        format: "columns",
        message: e.to_string(),
    };
    if dtype.is_primitive_numeric() || dtype.is_bool() {
        let cast = column.cast(&DataType::Float64).map_err(unreadable)?;
        let values: Vec<Option<f64>> = cast.f64().map_err(unreadable)?.iter().collect();
        return Ok(numeric(name, values));
    }
    let cast = column.cast(&DataType::String).map_err(unreadable)?;
    let strings = cast.str().map_err(unreadable)?;
    let cells: Vec<Option<&str>> = strings
        .iter()
        .map(|cell| cell.map(str::trim).filter(|t| !MISSING_MARKERS.contains(t)))
        .collect();
    let present = || cells.iter().flatten();
    let any_present = present().next().is_some();
    if any_present && present().all(|t| t.parse::<f64>().is_ok()) {
        let values = cells.iter().map(|c| c.and_then(|t| t.parse().ok())).collect();
        return Ok(numeric(name, values));
    }
    if any_present && (dtype.is_temporal() || present().all(|t| parse_iso_date(t).is_some())) {
        let values = cells.iter().map(|c| c.and_then(parse_iso_date)).collect();
        return Ok(TableColumn {
            name,
            values: ColumnValues::Date(values),
            non_finite: 0,
        });
    }
    Ok(TableColumn {
        name,
        values: ColumnValues::Text(text_column(column, path)?),
        non_finite: 0,
    })
}

/// A numeric column whose NaN and infinite cells count as missing.
fn numeric(name: String, values: Vec<Option<f64>>) -> TableColumn {
    let non_finite = values.iter().flatten().filter(|v| !v.is_finite()).count();
    let values = values.into_iter().map(|v| v.filter(|x| x.is_finite())).collect();
    TableColumn {
        name,
        values: ColumnValues::Numeric(values),
        non_finite,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Result<Table, DataError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, csv).unwrap();
        let roles = ColumnRoles {
            id: "id".into(),
            ..ColumnRoles::default()
        };
        load_table(&path, &roles)
    }

    #[test]
    fn types_are_inferred_per_column() {
        let t = table(
            "id,churned,n,text_n,when,tier,flag\n\
             001,1,1.5,\"3\",2025-01-01,gold,true\n\
             002,0,,NA,2025-02-01,,false\n",
        )
        .unwrap();
        let kinds: Vec<&str> = t
            .columns
            .iter()
            .map(|c| match c.values {
                ColumnValues::Numeric(_) => "numeric",
                ColumnValues::Date(_) => "date",
                ColumnValues::Text(_) => "text",
            })
            .collect();
        assert_eq!(
            kinds,
            ["text", "numeric", "numeric", "numeric", "date", "text", "numeric"]
        );
        assert_eq!(t.churned, [true, false]);
        assert!(matches!(&t.columns[0].values, ColumnValues::Text(ids) if ids.levels == ["001", "002"]));
        assert_eq!(t.columns[2].values, ColumnValues::Numeric(vec![Some(1.5), None]));
        assert!(t.columns[5].is_missing(1));
    }

    #[test]
    fn non_finite_numbers_count_as_missing() {
        let t = table("churned,x\n1,NaN\n0,2\n").unwrap();
        assert_eq!(t.columns[1].values, ColumnValues::Numeric(vec![None, Some(2.0)]));
        assert_eq!(t.columns[1].non_finite, 1);
    }

    #[test]
    fn missing_outcome_column_names_the_columns() {
        let err = table("churn,x\n1,2\n").unwrap_err();
        assert!(matches!(err, DataError::MissingColumn { ref column, .. } if column == "churned"));
        assert!(err.to_string().contains("did you mean 'churn'?"), "{err}");
    }

    #[test]
    fn bad_outcome_names_the_row() {
        let err = table("churned,x\n1,2\nmaybe,3\n").unwrap_err();
        assert!(matches!(err, DataError::BadOutcome { row: 2, .. }));
    }
}
