//! Span-precise edits of TOML text: replace exact byte ranges (located with toml_edit's
//! spans) and comment out whole tables, leaving every other byte as it was.

use std::ops::Range;

use toml_edit::{Item, Table};

/// One replacement of a byte range of the original text.
pub(super) struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

/// Comments out a table and its sub-tables, whole lines, after the comment line `why`
/// (written as given, e.g. `# dropped: …`).
pub(super) fn comment_out(original: &str, table: &Table, why: &str) -> Result<Edit, String> {
    let span = table.span().ok_or("a table without a position in the file")?;
    let start = original[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = line_end(original, table_end(table).max(span.end));
    let mut text = format!("{why}\n");
    for line in original[start..end].split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        text.push_str(if body.is_empty() { "#" } else { "# " });
        text.push_str(body);
        text.push('\n');
    }
    if !original[start..end].ends_with('\n') {
        text.pop();
    }
    Ok(Edit {
        range: start..end,
        text,
    })
}

/// The end of a table's last value, looking into its sub-tables.
fn table_end(table: &Table) -> usize {
    let mut end = table.span().map_or(0, |s| s.end);
    for (_, item) in table.iter() {
        match item {
            Item::Table(sub) => end = end.max(table_end(sub)),
            Item::ArrayOfTables(tables) => {
                for sub in tables.iter() {
                    end = end.max(table_end(sub));
                }
            }
            _ => {}
        }
    }
    end
}

/// The offset just past the end of the line holding `offset` (past its newline).
fn line_end(text: &str, offset: usize) -> usize {
    text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1)
}

/// Applies non-overlapping edits to the original text.
pub(super) fn apply_edits(original: &str, mut edits: Vec<Edit>) -> Result<String, String> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut text = String::with_capacity(original.len() + 1024);
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at {
            return Err("overlapping edits (a table listed twice?)".into());
        }
        text.push_str(&original[at..edit.range.start]);
        text.push_str(&edit.text);
        at = edit.range.end;
    }
    text.push_str(&original[at..]);
    Ok(text)
}

/// A weight or cutoff as TOML: whole numbers without a decimal point.
pub(super) fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml_edit::ImDocument;

    #[test]
    fn numbers_are_written_plainly() {
        assert_eq!(number(35.0), "35");
        assert_eq!(number(41.3), "41.3");
    }

    #[test]
    fn edits_replace_exact_ranges() {
        let edits = vec![
            Edit {
                range: 4..5,
                text: "X".into(),
            },
            Edit {
                range: 0..0,
                text: "# h\n".into(),
            },
        ];
        assert_eq!(apply_edits("abc\nd\n", edits).unwrap(), "# h\nabc\nX\n");
        let overlapping = vec![
            Edit {
                range: 0..3,
                text: String::new(),
            },
            Edit {
                range: 2..4,
                text: String::new(),
            },
        ];
        assert!(apply_edits("abcdef", overlapping).is_err());
    }

    #[test]
    fn a_table_and_its_sub_tables_are_commented_out_whole() {
        let text = "name = \"x\"\n\n[[measures]]\nname = \"a\" # keep\nweight = 1\n[measures.scoring]\nmethod = \"linear\"\n\n[[measures]]\nname = \"b\"\n";
        let document = ImDocument::parse(text).unwrap();
        let tables = document
            .as_table()
            .get("measures")
            .unwrap()
            .as_array_of_tables()
            .unwrap();
        let edit = comment_out(
            text,
            tables.get(0).unwrap(),
            "# healthscore fit: dropped measure 'a': test",
        )
        .unwrap();
        let result = apply_edits(text, vec![edit]).unwrap();
        assert_eq!(
            result,
            "name = \"x\"\n\n# healthscore fit: dropped measure 'a': test\n# [[measures]]\n# name = \"a\" # keep\n\
             # weight = 1\n# [measures.scoring]\n# method = \"linear\"\n\n[[measures]]\nname = \"b\"\n"
        );
    }
}
