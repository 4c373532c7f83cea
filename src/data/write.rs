//! Writing tables: a table of plain columns (built by the layers above without polars) or
//! a polars frame, as CSV or Parquet by file extension, atomically (see [`crate::output`]).

use std::path::Path;

use polars::prelude::*;
use polars_arrow::array::MutableBinaryViewArray;
use polars_arrow::bitmap::Bitmap;

use super::{DataError, FileFormat, JoinedText, NumericColumn};

/// The values of one output column, one per row.
#[derive(Debug, Clone, PartialEq)]
pub enum OutputValues {
    Text(Vec<String>),
    /// Text held as one string (half the memory and a millionth of the allocations of
    /// `Text` at a million rows; the same file).
    JoinedText(JoinedText),
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

/// How a Parquet file's pages are compressed. The content is the same whichever is chosen;
/// only the file's size and the time to write it differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParquetCompression {
    /// Snappy: what pandas and pyarrow write by default; fast, readable everywhere.
    Snappy,
    /// Zstandard (polars' default level): the smallest file, the slowest to write.
    #[default]
    Zstd,
    /// LZ4 (raw): about as fast as Snappy, a slightly larger file.
    Lz4,
    /// No compression.
    None,
}

impl ParquetCompression {
    fn polars(self) -> polars::prelude::ParquetCompression {
        match self {
            ParquetCompression::Snappy => polars::prelude::ParquetCompression::Snappy,
            ParquetCompression::Zstd => polars::prelude::ParquetCompression::Zstd(None),
            ParquetCompression::Lz4 => polars::prelude::ParquetCompression::Lz4Raw,
            ParquetCompression::None => polars::prelude::ParquetCompression::Uncompressed,
        }
    }
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
            OutputValues::JoinedText(values) => joined_text_column(name, &values),
            OutputValues::OptionalText(values) => Column::new(name, values),
            OutputValues::Number(values) => Column::new(name, values),
            OutputValues::OptionalNumber(values) => Column::new(name, values),
            OutputValues::Numeric(values) => numeric_column(name, values),
            OutputValues::Flag(values) => Column::new(name, values),
        }
    }
}

/// A NaN-encoded column as a polars column without copying its values: missing where NaN,
/// with 0 under a missing value as polars' own builder puts there.
fn numeric_column(name: PlSmallStr, values: NumericColumn) -> Column {
    let mut values = values.into_nan_encoded();
    let validity = if values.iter().any(|v| v.is_nan()) {
        let validity = Bitmap::from_iter(values.iter().map(|v| !v.is_nan()));
        for value in values.iter_mut().filter(|v| v.is_nan()) {
            *value = 0.0;
        }
        Some(validity)
    } else {
        None
    };
    Float64Chunked::from_vec_validity(name, values, validity).into_column()
}

/// A text column as a polars column, each row copied once into polars' string views.
fn joined_text_column(name: PlSmallStr, values: &JoinedText) -> Column {
    let mut array = MutableBinaryViewArray::<str>::with_capacity(values.len());
    for row in values.iter() {
        array.push_value(row);
    }
    StringChunked::with_chunk(name, array.freeze()).into_column()
}

/// Writes `columns`, each holding `rows` values, to `path` as CSV or Parquet (by extension)
/// atomically, Parquet compressed with `compression`.
///
/// Errors: [`DataError::UnsupportedFormat`]; [`DataError::Write`] when the columns do not
/// make a table (lengths differ, a name repeats) or the file cannot be written.
pub fn write_table(
    columns: Vec<OutputColumn>,
    rows: usize,
    path: &Path,
    compression: ParquetCompression,
) -> Result<(), DataError> {
    let columns: Vec<Column> = columns.into_iter().map(OutputColumn::into_column).collect();
    let mut frame = DataFrame::new(rows, columns).map_err(|e| DataError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_frame_compressed(&mut frame, path, ParquetCompression::polars(compression))
}

/// Writes a table as CSV or Parquet (by extension, Parquet with polars' default Zstandard)
/// atomically; see [`crate::output`].
pub fn write_frame(frame: &mut DataFrame, path: &Path) -> Result<(), DataError> {
    write_frame_compressed(frame, path, polars::prelude::ParquetCompression::default())
}

fn write_frame_compressed(
    frame: &mut DataFrame,
    path: &Path,
    compression: polars::prelude::ParquetCompression,
) -> Result<(), DataError> {
    let format = FileFormat::of(path).ok_or_else(|| DataError::UnsupportedFormat {
        path: path.to_path_buf(),
    })?;
    let to_io = |e: PolarsError| std::io::Error::other(e.to_string());
    crate::output::write_atomic(path, |file| match format {
        FileFormat::Csv => CsvWriter::new(file).finish(frame).map_err(to_io),
        FileFormat::Parquet => ParquetWriter::new(file)
            .with_compression(compression)
            .finish(frame)
            .map(drop)
            .map_err(to_io),
    })
    .map_err(|e| DataError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}
