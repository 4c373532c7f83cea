//! Polars columns → plain vectors, with errors that name the row and the value.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::{Column, DataType};

use super::dates::parse_iso_date;
use super::{DataError, Expansion, NumericColumn, TextColumn};

/// Text read as a missing value in numeric columns (besides an empty cell).
pub const MISSING_MARKERS: [&str; 8] = ["", "NA", "N/A", "na", "n/a", "null", "NULL", "None"];

/// Outcome text → churned? Accepts 1/0, true/false, yes/no, churned/retained, any case.
pub fn parse_outcome(text: &str) -> Option<bool> {
    let word = text.trim();
    let is = |words: [&str; 5]| words.iter().any(|w| w.eq_ignore_ascii_case(word));
    if is(["1", "1.0", "true", "yes", "churned"]) {
        Some(true)
    } else if is(["0", "0.0", "false", "no", "retained"]) {
        Some(false)
    } else {
        None
    }
}

/// A fast, non-cryptographic hasher for the per-row lookups of loading (ids, text
/// levels): each 8-byte word is folded in with a 64×64→128-bit multiply whose halves are
/// xor-ed (the "folded multiply" of wyhash and foldhash), which mixes every input bit into
/// every output bit. Not resistant to crafted collisions; the worst case is slower
/// loading, never a wrong result.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        // the length keeps "ab" and "ab\0" apart
        self.add(u64::from_le_bytes(tail) ^ ((bytes.len() as u64) << 56));
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_i32(&mut self, value: i32) {
        self.add(u64::from(value as u32));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        const SEED: u64 = 0x2d35_8dcc_aa6c_78a5;
        let product = u128::from(self.0 ^ word ^ SEED) * u128::from(0x8bb8_4b93_962e_acc9_u64);
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

/// Builds [`FastHasher`]s for `HashMap`/`HashSet`.
pub(crate) type FastHash = std::hash::BuildHasherDefault<FastHasher>;

pub(super) fn unreadable(path: &Path, err: impl std::fmt::Display) -> DataError {
    DataError::Unreadable {
        path: path.to_path_buf(),
        format: "columns",
        message: err.to_string(),
    }
}

/// A column as text, cast from whatever type it has (a no-op for text columns).
pub(super) fn as_text(column: &Column, path: &Path) -> Result<Column, DataError> {
    column.cast(&DataType::String).map_err(|e| unreadable(path, e))
}

/// The cells of a column from [`as_text`], borrowed, without a copy per row.
pub(super) fn cells<'a>(
    text: &'a Column,
    path: &Path,
) -> Result<impl Iterator<Item = Option<&'a str>> + 'a, DataError> {
    Ok(text.str().map_err(|e| unreadable(path, e))?.iter())
}

/// A numeric column: numbers as they are, booleans as 1/0, text parsed (with the missing
/// markers); non-finite values are rejected (the first cell in row order that is not a
/// finite number is the error).
pub fn numeric_column(column: &Column, path: &Path) -> Result<NumericColumn, DataError> {
    let name = column.name().to_string();
    let finite = |row: usize, value: f64| {
        if value.is_finite() {
            Ok(value)
        } else {
            Err(DataError::NonFinite {
                path: path.to_path_buf(),
                column: name.clone(),
                row: row + 1,
                value,
            })
        }
    };
    let mut values: Vec<f64> = Vec::with_capacity(column.len());
    match column.dtype() {
        DataType::String => {
            let strings = column.str().map_err(|e| unreadable(path, e))?;
            for (index, text) in strings.iter().enumerate() {
                values.push(match text.map(str::trim) {
                    None => f64::NAN,
                    Some(t) if MISSING_MARKERS.contains(&t) => f64::NAN,
                    Some(t) => {
                        let value = t.parse::<f64>().map_err(|_| DataError::NotANumber {
                            path: path.to_path_buf(),
                            column: name.clone(),
                            row: index + 1,
                            value: t.to_string(),
                        })?;
                        finite(index, value)?
                    }
                });
            }
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
            for (index, value) in cast.f64().map_err(|e| unreadable(path, e))?.iter().enumerate() {
                values.push(match value {
                    None => f64::NAN,
                    Some(value) => finite(index, value)?,
                });
            }
        }
    }
    Ok(NumericColumn::from_nan_encoded(values))
}

/// A text column as codes into its levels; empty cells are missing.
pub fn text_column(column: &Column, path: &Path) -> Result<TextColumn, DataError> {
    let mut levels: Vec<String> = Vec::new();
    let mut lookup: HashMap<String, u32, FastHash> = HashMap::default();
    let mut codes = Vec::with_capacity(column.len());
    let text = as_text(column, path)?;
    for text in cells(&text, path)? {
        let code = match text.map(str::trim) {
            None => None,
            // a level is never a missing marker, so a known level needs no marker check
            Some(t) => match known_level(&levels, &lookup, t) {
                Some(code) => Some(code),
                None if MISSING_MARKERS.contains(&t) => None,
                None => {
                    let code = levels.len() as u32;
                    levels.push(t.to_string());
                    lookup.insert(t.to_string(), code);
                    Some(code)
                }
            },
        };
        codes.push(code);
    }
    Ok(TextColumn { levels, codes })
}

/// The code of level `text`: by comparing with each level while there are few (segments,
/// stages, sentiments), faster than hashing every cell; by the hash table beyond.
fn known_level(levels: &[String], lookup: &HashMap<String, u32, FastHash>, text: &str) -> Option<u32> {
    if levels.len() <= 8 {
        levels.iter().position(|level| level == text).map(|i| i as u32)
    } else {
        lookup.get(text).copied()
    }
}

/// The outcome column as churned flags; every row must have a recognised value.
pub fn outcome_column(column: &Column, path: &Path) -> Result<Vec<bool>, DataError> {
    if let Some(flags) = integer_outcomes(column) {
        return Ok(flags);
    }
    let name = column.name().to_string();
    let text = as_text(column, path)?;
    let values = cells(&text, path)?
        .enumerate()
        .map(|(index, value)| {
            let row = index + 1;
            let value = value.map(str::trim).filter(|v| !v.is_empty());
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
        .collect();
    values
}

/// An outcome column read like [`outcome_column`] (same spellings, same errors for an
/// unrecognised value) where a missing cell is `None` rather than an error: for the
/// expansion outcome, whose missing cells the loader judges by the churn outcome.
pub fn optional_outcome_column(column: &Column, path: &Path) -> Result<Vec<Option<bool>>, DataError> {
    if let Some(flags) = integer_outcomes(column) {
        return Ok(flags.into_iter().map(Some).collect());
    }
    let name = column.name().to_string();
    let text = as_text(column, path)?;
    let values = cells(&text, path)?
        .enumerate()
        .map(|(index, value)| {
            let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            parse_outcome(value)
                .map(Some)
                .ok_or_else(|| DataError::BadOutcome {
                    path: path.to_path_buf(),
                    column: name.clone(),
                    row: index + 1,
                    value: value.to_string(),
                })
        })
        .collect();
    values
}

/// The expansion outcome from its flags: a churned account with no value did not expand
/// ("churned accounts count as not expanded unless the file says otherwise"); any other
/// account must have a value.
pub(super) fn expansion_flags(
    column: String,
    flags: Vec<Option<bool>>,
    churned: &[bool],
    path: &Path,
) -> Result<Expansion, DataError> {
    let expanded = flags
        .iter()
        .zip(churned)
        .enumerate()
        .map(|(index, (&flag, &churned))| match (flag, churned) {
            (Some(expanded), _) => Ok(expanded),
            (None, true) => Ok(false),
            (None, false) => Err(DataError::MissingValue {
                path: path.to_path_buf(),
                column: column.clone(),
                row: index + 1,
                role: "expansion outcome",
            }),
        })
        .collect::<Result<_, _>>()?;
    Ok(Expansion { column, expanded })
}

/// An integer column holding only 0 and 1, read without going through text; `None`
/// otherwise (other types, a missing cell, another number), for the text path to judge
/// and name the offending row.
fn integer_outcomes(column: &Column) -> Option<Vec<bool>> {
    if !column.dtype().is_integer() {
        return None;
    }
    let cast = column.cast(&DataType::Int64).ok()?;
    cast.i64()
        .ok()?
        .iter()
        .map(|value| match value {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        })
        .collect()
}

/// The id column as text; every row must have one.
pub fn id_column(column: &Column, path: &Path) -> Result<Vec<String>, DataError> {
    let name = column.name().to_string();
    let text = as_text(column, path)?;
    let values = cells(&text, path)?
        .enumerate()
        .map(|(index, id)| account_id(id, index, &name, path).map(str::to_string))
        .collect();
    values
}

/// The account id in a cell of the id column (`index` 0-based): every row must have one.
pub(super) fn account_id<'a>(
    id: Option<&'a str>,
    index: usize,
    column: &str,
    path: &Path,
) -> Result<&'a str, DataError> {
    id.filter(|id| !id.trim().is_empty())
        .ok_or_else(|| DataError::MissingValue {
            path: path.to_path_buf(),
            column: column.to_string(),
            row: index + 1,
            role: "account id",
        })
}

/// The date column as day numbers; ISO dates or datetimes, every row must have one.
pub fn date_column(column: &Column, path: &Path) -> Result<Vec<i32>, DataError> {
    let name = column.name().to_string();
    let text = as_text(column, path)?;
    let values = cells(&text, path)?
        .enumerate()
        .map(|(index, value)| {
            let value = value.unwrap_or("");
            parse_iso_date(value).ok_or_else(|| DataError::BadDate {
                path: path.to_path_buf(),
                column: name.clone(),
                row: index + 1,
                value: value.to_string(),
            })
        })
        .collect();
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_hash_keeps_sequential_ids_apart() {
        use std::hash::{Hash, Hasher};
        let mut hashes: Vec<u64> = (0..200_000)
            .map(|i| {
                let mut hasher = FastHasher::default();
                (format!("ACC-{i:07}").as_str(), 20_000i32).hash(&mut hasher);
                hasher.finish()
            })
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), 200_000);
    }

    #[test]
    fn an_empty_expansion_is_not_expanded_only_for_a_churner() {
        let path = Path::new("h.csv");
        let flags = vec![None, Some(true), Some(false)];
        let expansion = expansion_flags("grew".into(), flags, &[true, false, false], path).unwrap();
        assert_eq!(expansion.expanded, [false, true, false]);
        let err = expansion_flags("grew".into(), vec![Some(true), None], &[false, false], path).unwrap_err();
        assert!(matches!(
            err,
            DataError::MissingValue {
                row: 2,
                role: "expansion outcome",
                ..
            }
        ));
    }

    #[test]
    fn the_churn_column_is_refused_as_the_expansion_outcome() {
        let roles = super::super::ColumnRoles {
            expansion: Some("churned".into()),
            ..super::super::ColumnRoles::default()
        };
        let err = super::super::check_needed_columns(Path::new("h.csv"), &roles, &[]).unwrap_err();
        assert!(matches!(err, DataError::ExpansionIsOutcome { ref column, .. } if column == "churned"));
        assert_eq!(
            err.to_string(),
            "h.csv: column 'churned' is the churn outcome; the expansion outcome must be another column"
        );
    }

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
