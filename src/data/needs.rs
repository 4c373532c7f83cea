//! Which columns a job asks the loader for beyond the role columns, and as what kind of
//! values: a scorecard names the measure and profile columns it reads this way.

/// What kind of values a column is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ColumnKind {
    Numeric,
    Text,
}

/// A data column a job needs, and who needs it (for error messages).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ColumnNeed {
    pub column: String,
    pub kind: ColumnKind,
    pub needed_by: String,
}
