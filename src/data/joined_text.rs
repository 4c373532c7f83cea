//! A column of text held as a few long strings and the end of each row in them.

/// A column of text, rows one after another in a few long strings (pieces): a million rows
/// of reasons are a few dozen allocations instead of a million (`Vec<String>` spends 24
/// bytes and an allocation per row), and they go to the table writer without copying each
/// row first. Pieces written in parallel are joined without copying their text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JoinedText {
    pieces: Vec<String>,
    /// The first row of each piece.
    starts: Vec<usize>,
    /// Where each row ends in its piece (it starts where the row before ends, or at 0).
    ends: Vec<usize>,
}

impl JoinedText {
    /// Appends one row, written by `write` at the end of the last piece.
    pub fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        if self.pieces.is_empty() {
            self.pieces.push(String::new());
            self.starts.push(0);
        }
        let last = self.pieces.len() - 1;
        write(&mut self.pieces[last]);
        self.ends.push(self.pieces[last].len());
    }

    /// Appends one row.
    pub fn push(&mut self, row: &str) {
        self.push_with(|text| text.push_str(row));
    }

    /// Appends every row of `other`, taking its pieces as they are.
    pub fn append(&mut self, other: JoinedText) {
        let rows = self.len();
        self.starts.extend(other.starts.iter().map(|start| rows + start));
        self.pieces.extend(other.pieces);
        self.ends.extend(other.ends);
    }

    /// Frees the room reserved beyond the text written so far.
    pub fn shrink_to_fit(&mut self) {
        for piece in &mut self.pieces {
            piece.shrink_to_fit();
        }
        self.ends.shrink_to_fit();
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The text of `row`.
    pub fn get(&self, row: usize) -> &str {
        let piece = self.starts.partition_point(|&start| start <= row) - 1;
        let start = if row == self.starts[piece] {
            0
        } else {
            self.ends[row - 1]
        };
        &self.pieces[piece][start..self.ends[row]]
    }

    /// Every row's text in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|row| self.get(row))
    }
}

impl std::ops::Index<usize> for JoinedText {
    type Output = str;

    /// The text of `row`, as [`JoinedText::get`].
    fn index(&self, row: usize) -> &str {
        self.get(row)
    }
}

impl<S: AsRef<str>> FromIterator<S> for JoinedText {
    fn from_iter<I: IntoIterator<Item = S>>(rows: I) -> Self {
        let mut column = JoinedText::default();
        for row in rows {
            column.push(row.as_ref());
        }
        column
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_as_pushed_including_empty_ones() {
        let mut column = JoinedText::default();
        column.push("NPS \u{2212}4.0");
        column.push("");
        column.push_with(|text| text.push_str("A; B"));
        assert_eq!(column.len(), 3);
        assert_eq!(column.iter().collect::<Vec<_>>(), ["NPS \u{2212}4.0", "", "A; B"]);
        assert_eq!(&column[2], "A; B");
    }

    #[test]
    fn appending_keeps_every_pieces_rows_in_order() {
        let mut joined: JoinedText = ["a", "bc"].into_iter().collect();
        joined.append(JoinedText::default());
        joined.append(["", "déf"].into_iter().collect());
        joined.append(JoinedText::default());
        joined.append(["g"].into_iter().collect());
        joined.shrink_to_fit();
        assert_eq!(joined.iter().collect::<Vec<_>>(), ["a", "bc", "", "déf", "g"]);
        assert_eq!(joined.len(), 5);
        let mut empty_first = JoinedText::default();
        empty_first.append(["x"].into_iter().collect());
        assert_eq!(&empty_first[0], "x");
        assert!(JoinedText::default().is_empty());
    }
}
