//! Polars columns → plain vectors, with errors that name the row and the value.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::{Column, DataType};

use super::dates::parse_iso_date;
use super::{DataError, TextColumn};

/// Text read as a missing value in numeric columns (besides an empty cell).
pub const MISSING_MARKERS: [&str; 8] = ["", "NA", "N/A", "na", "n/a", "null", "NULL", "None"];

/// Outcome text → churned? Accepts 1/0, true/false, yes/no, churned/retained, any case.
pub fn parse_outcome(text: &str) -> Option<bool> {
    let word = text.trim().to_ascii_lowercase();
    match word.as_str() {
        "1" | "1.0" | "true" | "yes" | "churned" => Some(true),
        "0" | "0.0" | "false" | "no" | "retained" => Some(false),
        _ => None,
    }
}

fn unreadable(path: &Path, err: impl std::fmt::Display) -> DataError {
    DataError::Unreadable {
        path: path.to_path_buf(),
        format: "columns",
        message: err.to_string(),
    }
}

/// A column as text, cast from whatever type it has.
fn as_text(column: &Column, path: &Path) -> Result<Vec<Option<String>>, DataError> {
    let cast = column.cast(&DataType::String).map_err(|e| unreadable(path, e))?;
    let strings = cast.str().map_err(|e| unreadable(path, e))?;
    Ok(strings.iter().map(|s| s.map(str::to_string)).collect())
}

/// A numeric column: numbers as they are, booleans as 1/0, text parsed (with the missing
/// markers); non-finite values are rejected.
pub fn numeric_column(column: &Column, path: &Path) -> Result<Vec<Option<f64>>, DataError> {
    let name = column.name().to_string();
    let values: Vec<Option<f64>> = match column.dtype() {
        DataType::String => {
            let strings = column.str().map_err(|e| unreadable(path, e))?;
            let mut values = Vec::with_capacity(strings.len());
            for (index, text) in strings.iter().enumerate() {
                values.push(match text.map(str::trim) {
                    None => None,
                    Some(t) if MISSING_MARKERS.contains(&t) => None,
                    Some(t) => Some(t.parse::<f64>().map_err(|_| DataError::NotANumber {
                        path: path.to_path_buf(),
                        column: name.clone(),
                        row: index + 1,
                        value: t.to_string(),
                    })?),
                });
            }
            values
        }
        _ => {
            let cast = column
                .cast(&DataType::Float64)
                .map_err(|_| DataError::NotANumber {
                    path: path.to_path_buf(),
                    column: name.clone(),
                    row: 1,
                    value: format!("a {} column", column.dtype()),
                })?;
            cast.f64().map_err(|e| unreadable(path, e))?.iter().collect()
        }
    };
    if let Some((index, value)) = values
        .iter()
        .enumerate()
        .find_map(|(i, v)| v.filter(|x| !x.is_finite()).map(|x| (i, x)))
    {
        return Err(DataError::NonFinite {
            path: path.to_path_buf(),
            column: name,
            row: index + 1,
            value,
        });
    }
    Ok(values)
}

/// A text column as codes into its levels; empty cells are missing.
pub fn text_column(column: &Column, path: &Path) -> Result<TextColumn, DataError> {
    let mut levels: Vec<String> = Vec::new();
    let mut lookup: HashMap<String, u32> = HashMap::new();
    let mut codes = Vec::with_capacity(column.len());
    let cast = column.cast(&DataType::String).map_err(|e| unreadable(path, e))?;
    for text in cast.str().map_err(|e| unreadable(path, e))?.iter() {
        let code = match text.map(str::trim) {
            None => None,
            Some(t) if MISSING_MARKERS.contains(&t) => None,
            Some(t) => Some(match lookup.get(t) {
                Some(&code) => code,
                None => {
                    let code = levels.len() as u32;
                    levels.push(t.to_string());
                    lookup.insert(t.to_string(), code);
                    code
                }
            }),
        };
        codes.push(code);
    }
    Ok(TextColumn { levels, codes })
}

/// The outcome column as churned flags; every row must have a recognised value.
pub fn outcome_column(column: &Column, path: &Path) -> Result<Vec<bool>, DataError> {
    let name = column.name().to_string();
    let text = as_text(column, path)?;
    text.iter()
        .enumerate()
        .map(|(index, value)| {
            let row = index + 1;
            let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty());
            let value = value.ok_or_else(|| DataError::MissingValue {
                path: path.to_path_buf(),
                column: name.clone(),
                row,
                role: "outcome",
            })?;
            parse_outcome(value).ok_or_else(|| DataError::BadOutcome {
                path: path.to_path_buf(),
                column: name.clone(),
                row,
                value: value.to_string(),
            })
        })
        .collect()
}

/// The id column as text; every row must have one.
pub fn id_column(column: &Column, path: &Path) -> Result<Vec<String>, DataError> {
    let name = column.name().to_string();
    let text = as_text(column, path)?;
    text.into_iter()
        .enumerate()
        .map(|(index, id)| {
            id.filter(|id| !id.trim().is_empty())
                .ok_or_else(|| DataError::MissingValue {
                    path: path.to_path_buf(),
                    column: name.clone(),
                    row: index + 1,
                    role: "account id",
                })
        })
        .collect()
}

/// The date column as day numbers; ISO dates or datetimes, every row must have one.
pub fn date_column(column: &Column, path: &Path) -> Result<Vec<i32>, DataError> {
    let name = column.name().to_string();
    let text = as_text(column, path)?;
    text.iter()
        .enumerate()
        .map(|(index, value)| {
            let value = value.as_deref().unwrap_or("");
            parse_iso_date(value).ok_or_else(|| DataError::BadDate {
                path: path.to_path_buf(),
                column: name.clone(),
                row: index + 1,
                value: value.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_words_in_any_case() {
        for word in ["1", "TRUE", "Yes", "churned", " churned "] {
            assert_eq!(parse_outcome(word), Some(true), "{word}");
        }
        for word in ["0", "false", "NO", "Retained"] {
            assert_eq!(parse_outcome(word), Some(false), "{word}");
        }
        for word in ["2", "maybe", "", "y"] {
            assert_eq!(parse_outcome(word), None, "{word}");
        }
    }
}
