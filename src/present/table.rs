//! A table of already-formatted cells, and how it is laid out in a terminal: the first
//! column (and any column marked as text) left-aligned, the rest right-aligned, two spaces
//! apart.

use serde::Serialize;

/// Header cells and rows of cells, every figure already formatted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns after the first that hold prose and read better left-aligned in a terminal.
    #[serde(skip)]
    pub text_columns: Vec<usize>,
}

impl Table {
    /// An empty table with these column headings.
    pub fn new<S: AsRef<str>>(header: &[S]) -> Self {
        Self {
            header: header.iter().map(|h| h.as_ref().to_string()).collect(),
            rows: Vec::new(),
            text_columns: Vec::new(),
        }
    }

    /// Adds one row.
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Marks column `column` as prose, left-aligned in a terminal.
    pub fn with_text_column(mut self, column: usize) -> Self {
        self.text_columns.push(column);
        self
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table laid out for a terminal, one line per row, header first.
    pub fn terminal(&self) -> String {
        let lines = std::iter::once(&self.header).chain(&self.rows);
        let columns = lines.clone().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                lines
                    .clone()
                    .filter_map(|r| r.get(c))
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in lines {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    if c == 0 || self.text_columns.contains(&c) {
                        format!("{cell:<w$}", w = widths[c])
                    } else {
                        format!("{cell:>w$}", w = widths[c])
                    }
                })
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn terminal_tables_align_by_characters_not_bytes() {
        let mut table = Table::new(&["band", "churn rate"]);
        table.push(vec!["Healthy".into(), "—".into()]);
        table.push(vec!["At risk".into(), "12.5%".into()]);
        assert_eq!(
            table.terminal(),
            "band     churn rate\nHealthy           —\nAt risk       12.5%\n"
        );
    }

    #[test]
    fn text_columns_are_left_aligned() {
        let mut table = Table::new(&["rule", "cutoffs", "churn rate per band"]).with_text_column(2);
        table.push(vec!["a".into(), "40.0".into(), "Red 20.0%".into()]);
        table.push(vec!["b".into(), "—".into(), "too few accounts".into()]);
        assert_eq!(
            table.terminal(),
            "rule  cutoffs  churn rate per band\na        40.0  Red 20.0%\nb           —  too few accounts\n"
        );
    }
}
