//! Writing tables: a table of plain columns (built by the layers above without polars) or
//! a polars frame, as CSV or Parquet by file extension, atomically (see [`crate::output`]).

use std::path::Path;

use polars::prelude::*;

use super::{DataError, FileFormat, NumericColumn};

/// The values of one output column, one per row.
#[derive(Debug, Clone, PartialEq)]
pub enum OutputValues {
    Text(Vec<String>),
    /// Text with missing cells (written empty in CSV, null in Parquet).
    OptionalText(Vec<Option<String>>),
    Number(Vec<f64>),
    /// Numbers with missing cells.
    OptionalNumber(Vec<Option<f64>>),
    /// Numbers with missing cells, NaN-encoded (half the memory of `OptionalNumber`; the
    /// same file).
    Numeric(NumericColumn),
    Flag(Vec<bool>),
}

/// One named output column.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputColumn {
    pub name: String,
    pub values: OutputValues,
}

impl OutputColumn {
    /// A column named `name` holding `values`.
    pub fn new(name: impl Into<String>, values: OutputValues) -> OutputColumn {
        OutputColumn {
            name: name.into(),
            values,
        }
    }

    fn into_column(self) -> Column {
        let name = PlSmallStr::from(self.name);
        match self.values {
            OutputValues::Text(values) => Column::new(name, values),
            OutputValues::OptionalText(values) => Column::new(name, values),
            OutputValues::Number(values) => Column::new(name, values),
            OutputValues::OptionalNumber(values) => Column::new(name, values),
            OutputValues::Numeric(values) => {
                Float64Chunked::from_iter_options(name, values.iter()).into_column()
            }
            OutputValues::Flag(values) => Column::new(name, values),
        }
    }
}

/// Writes `columns`, each holding `rows` values, to `path` as CSV or Parquet (by extension)
/// atomically.
///
/// Errors: [`DataError::UnsupportedFormat`]; [`DataError::Write`] when the columns do not
/// make a table (lengths differ, a name repeats) or the file cannot be written.
pub fn write_table(columns: Vec<OutputColumn>, rows: usize, path: &Path) -> Result<(), DataError> {
    let columns: Vec<Column> = columns.into_iter().map(OutputColumn::into_column).collect();
    let mut frame = DataFrame::new(rows, columns).map_err(|e| DataError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_frame(&mut frame, path)
}

/// Writes a table as CSV or Parquet (by extension) atomically; see [`crate::output`].
pub fn write_frame(frame: &mut DataFrame, path: &Path) -> Result<(), DataError> {
    let format = FileFormat::of(path).ok_or_else(|| DataError::UnsupportedFormat {
        path: path.to_path_buf(),
    })?;
    let to_io = |e: PolarsError| std::io::Error::other(e.to_string());
    crate::output::write_atomic(path, |file| match format {
        FileFormat::Csv => CsvWriter::new(file).finish(frame).map_err(to_io),
        FileFormat::Parquet => ParquetWriter::new(file).finish(frame).map(drop).map_err(to_io),
    })
    .map_err(|e| DataError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}
