//! A column of numbers, some of them missing, at 8 bytes a value.

use std::fmt;
use std::sync::Arc;

/// A column of numbers where a value may be missing, stored as `f64` with NaN for a missing
/// value: half the memory of `Vec<Option<f64>>` (16 bytes a value), which at a million
/// accounts is 8 MB per measure column and per points column.
///
/// NaN is free to mean "missing" because no present value is ever NaN: the loader rejects
/// non-finite cells ([`super::DataError::NonFinite`]) and points are 0–100. Pushing a NaN
/// as a present value is a bug and is checked in debug builds.
///
/// The values are shared, not copied, when a column is cloned (candidates that score a
/// measure alike hold one points column); writing to a shared column copies it first.
#[derive(Clone, Default)]
pub struct NumericColumn {
    values: Arc<Vec<f64>>,
}

impl NumericColumn {
    /// A column from values with NaN where the value is missing.
    pub fn from_nan_encoded(values: Vec<f64>) -> NumericColumn {
        NumericColumn {
            values: Arc::new(values),
        }
    }

    /// Whether both hold the very same values (one was cloned from the other and neither
    /// written since).
    pub fn shares_values_with(&self, other: &NumericColumn) -> bool {
        Arc::ptr_eq(&self.values, &other.values)
    }

    /// Number of values, present or missing.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The value at `row`, `None` when missing.
    #[inline]
    pub fn get(&self, row: usize) -> Option<f64> {
        let value = self.values[row];
        (!value.is_nan()).then_some(value)
    }

    /// Sets the value at `row` (`None`: missing).
    pub fn set(&mut self, row: usize, value: Option<f64>) {
        Arc::make_mut(&mut self.values)[row] = encode(value);
    }

    /// Appends a value (`None`: missing).
    pub fn push(&mut self, value: Option<f64>) {
        Arc::make_mut(&mut self.values).push(encode(value));
    }

    /// Every value in row order, `None` where missing.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<f64>> + Clone + '_ {
        self.values.iter().map(|&v| (!v.is_nan()).then_some(v))
    }

    /// The values with NaN where missing, for loops that test `is_nan` themselves.
    pub fn nan_encoded(&self) -> &[f64] {
        &self.values
    }

    /// The values with NaN where missing, to write in place.
    pub fn nan_encoded_mut(&mut self) -> &mut [f64] {
        Arc::make_mut(&mut self.values).as_mut_slice()
    }

    /// The values with NaN where missing, taken out of the column (copied only when another
    /// column shares them).
    pub fn into_nan_encoded(self) -> Vec<f64> {
        Arc::try_unwrap(self.values).unwrap_or_else(|shared| shared.as_ref().clone())
    }

    /// The given rows (0-based, in the given order).
    pub fn subset(&self, rows: &[u32]) -> NumericColumn {
        NumericColumn::from_nan_encoded(rows.iter().map(|&r| self.values[r as usize]).collect())
    }
}

fn encode(value: Option<f64>) -> f64 {
    debug_assert!(value.is_none_or(|v| !v.is_nan()), "NaN as a present value");
    value.unwrap_or(f64::NAN)
}

impl FromIterator<Option<f64>> for NumericColumn {
    fn from_iter<I: IntoIterator<Item = Option<f64>>>(values: I) -> Self {
        NumericColumn::from_nan_encoded(values.into_iter().map(encode).collect())
    }
}

impl From<Vec<Option<f64>>> for NumericColumn {
    fn from(values: Vec<Option<f64>>) -> Self {
        values.into_iter().collect()
    }
}

impl<const N: usize> From<[Option<f64>; N]> for NumericColumn {
    fn from(values: [Option<f64>; N]) -> Self {
        values.into_iter().collect()
    }
}

impl fmt::Debug for NumericColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Equal when the same rows are missing and the present values are equal.
impl PartialEq for NumericColumn {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl PartialEq<[Option<f64>]> for NumericColumn {
    fn eq(&self, other: &[Option<f64>]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl<const N: usize> PartialEq<[Option<f64>; N]> for NumericColumn {
    fn eq(&self, other: &[Option<f64>; N]) -> bool {
        self == other.as_slice()
    }
}

impl PartialEq<Vec<Option<f64>>> for NumericColumn {
    fn eq(&self, other: &Vec<Option<f64>>) -> bool {
        self == other.as_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_values_read_back_as_none_and_present_ones_exactly() {
        let values = [Some(0.0), None, Some(-0.0), Some(f64::MAX), None, Some(1e-300)];
        let mut column = NumericColumn::from(values);
        assert_eq!(column.len(), 6);
        let back: Vec<Option<f64>> = column.iter().collect();
        let bits = |v: &[Option<f64>]| v.iter().map(|x| x.map(f64::to_bits)).collect::<Vec<_>>();
        assert_eq!(bits(&back), bits(&values));
        assert_eq!((column.get(1), column.get(3)), (None, Some(f64::MAX)));
        assert_eq!(column.subset(&[3, 1]), [Some(f64::MAX), None]);
        column.set(1, Some(2.5));
        column.set(0, None);
        assert_eq!(column.get(1), Some(2.5));
        assert!(column.nan_encoded()[0].is_nan());
        assert_ne!(column, NumericColumn::from(values));
    }
}
