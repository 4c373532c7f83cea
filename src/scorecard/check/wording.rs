//! TOML type errors in an analyst's words: serde's `invalid type: string "heavy", expected
//! f64` becomes `measure 'Seat utilization': weight must be a number, not the text "heavy"`.
//!
//! The toml crate gives the message and the byte span of the offending value (or of the
//! table holding it, for tables read through `method`); the key and the measure, band, group
//! or profile around it are found by reading the file again with spans (toml_edit).

use std::ops::Range;

use toml_edit::{ImDocument, Item, Table, Value};

/// The message for a TOML error at `span` of `text`: type errors in words, naming the key
/// and what holds it; every other message as the toml crate words it, on one line.
pub(super) fn in_words(text: &str, span: Option<Range<usize>>, message: &str) -> String {
    let one_line = message.trim().replace('\n', " ");
    let Some((found, expected)) = type_mismatch(&one_line) else {
        return one_line;
    };
    let Some(span) = span else {
        return one_line;
    };
    let Ok(document) = ImDocument::parse(text) else {
        return one_line;
    };
    let mut leaves = Vec::new();
    collect_table(document.as_table(), &mut Vec::new(), None, &mut leaves);
    let Some(leaf) = find_leaf(&leaves, &span, found) else {
        return one_line;
    };
    let what = format!(
        "{} must be {}, not {}",
        leaf.key,
        expected_in_words(expected),
        found_in_words(found)
    );
    match &leaf.owner {
        Some(owner) => format!("{owner}: {what}"),
        None => what,
    }
}

/// `("string \"heavy\"", "f64")` from `invalid type: string "heavy", expected f64`.
fn type_mismatch(message: &str) -> Option<(&str, &str)> {
    message.strip_prefix("invalid type: ")?.split_once(", expected ")
}

/// A value in the file: its key, the measure, band, group or profile holding it, its span
/// and how serde names it.
struct Leaf {
    key: String,
    owner: Option<String>,
    span: Range<usize>,
    serde_name: String,
}

/// The names of the tables listed with `[[…]]`, in the singular the messages use.
fn owner_kind(key: &str) -> Option<&'static str> {
    match key {
        "measures" => Some("measure"),
        "bands" => Some("band"),
        "groups" => Some("group"),
        "profiles" => Some("profile"),
        _ => None,
    }
}

fn collect_table(table: &Table, path: &mut Vec<String>, owner: Option<&str>, leaves: &mut Vec<Leaf>) {
    for (key, item) in table.iter() {
        path.push(key.to_string());
        match item {
            Item::Value(value) => collect_value(value, path, owner, leaves),
            Item::Table(inner) => collect_table(inner, path, owner, leaves),
            Item::ArrayOfTables(array) => {
                for element in array.iter() {
                    let named = owned_by(key, element.get("name").and_then(Item::as_str));
                    collect_table(element, path, named.as_deref().or(owner), leaves);
                }
            }
            Item::None => {}
        }
        path.pop();
    }
}

fn collect_value(value: &Value, path: &mut Vec<String>, owner: Option<&str>, leaves: &mut Vec<Leaf>) {
    match value {
        Value::InlineTable(table) => {
            for (key, inner) in table.iter() {
                path.push(key.to_string());
                collect_value(inner, path, owner, leaves);
                path.pop();
            }
        }
        Value::Array(array) => {
            let key = path.last().cloned().unwrap_or_default();
            for element in array.iter() {
                let name = element
                    .as_inline_table()
                    .and_then(|t| t.get("name"))
                    .and_then(Value::as_str);
                let named = owned_by(&key, name);
                collect_value(element, path, named.as_deref().or(owner), leaves);
            }
        }
        _ => {
            if let (Some(span), Some(key)) = (value.span(), path.last()) {
                leaves.push(Leaf {
                    key: key.clone(),
                    owner: owner.map(str::to_string),
                    span,
                    serde_name: serde_name(value),
                });
            }
        }
    }
}

/// `measure 'Seats'` for an element of `measures` named `Seats`.
fn owned_by(key: &str, name: Option<&str>) -> Option<String> {
    Some(format!("{} '{}'", owner_kind(key)?, name?))
}

/// The value as serde's messages show it: `string "heavy"`, `integer `5``, …
fn serde_name(value: &Value) -> String {
    match value {
        Value::String(s) => format!("string {:?}", s.value()),
        Value::Integer(i) => format!("integer `{}`", i.value()),
        Value::Float(f) => format!("floating point `{}`", f.value()),
        Value::Boolean(b) => format!("boolean `{}`", b.value()),
        Value::Datetime(_) => "datetime".to_string(),
        Value::Array(_) => "sequence".to_string(),
        Value::InlineTable(_) => "map".to_string(),
    }
}

/// The value at `span`, or, when the span is a whole table, the one value in it that serde
/// names as `found`.
fn find_leaf<'a>(leaves: &'a [Leaf], span: &Range<usize>, found: &str) -> Option<&'a Leaf> {
    let at = leaves
        .iter()
        .filter(|leaf| leaf.span.start <= span.start && span.end <= leaf.span.end)
        .min_by_key(|leaf| leaf.span.len());
    if at.is_some() {
        return at;
    }
    let mut inside = leaves.iter().filter(|leaf| {
        span.start <= leaf.span.start && leaf.span.end <= span.end && leaf.serde_name == found
    });
    match (inside.next(), inside.next()) {
        (Some(leaf), None) => Some(leaf),
        _ => None,
    }
}

/// What serde expected, in words: `f64` → `a number`.
fn expected_in_words(expected: &str) -> String {
    match expected {
        "f64" | "f32" | "a number" => "a number".to_string(),
        "i64" | "u64" | "usize" | "u32" | "i32" => "a whole number".to_string(),
        "a string" => "text".to_string(),
        "a boolean" => "true or false".to_string(),
        "a sequence" => "a list".to_string(),
        "a map" => "a table".to_string(),
        other if other.starts_with("struct ") => "a table".to_string(),
        other => other.to_string(),
    }
}

/// What serde found, in words: `string "heavy"` → `the text "heavy"`.
fn found_in_words(found: &str) -> String {
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|rest| rest.trim_matches('`').to_string())
    };
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text {text}");
    }
    if let Some(number) = quoted("integer ").or_else(|| quoted("floating point ")) {
        return format!("the number {number}");
    }
    if let Some(value) = quoted("boolean ") {
        return value;
    }
    match found {
        "sequence" => "a list".to_string(),
        "map" => "a table".to_string(),
        "datetime" => "a date".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, needle: &str, message: &str) -> String {
        let start = text.find(needle).expect("needle in text");
        in_words(text, Some(start..start + needle.len()), message)
    }

    #[test]
    fn a_weight_that_is_text_names_the_measure_and_the_key() {
        let text = "name = \"c\"\n[[measures]]\nname = \"Seat utilization\"\ncolumn = \"seats\"\nweight = \"heavy\"\n";
        assert_eq!(
            words(text, "\"heavy\"", "invalid type: string \"heavy\", expected f64"),
            "measure 'Seat utilization': weight must be a number, not the text \"heavy\""
        );
    }

    #[test]
    fn a_value_in_a_whole_table_span_is_found_by_its_value() {
        let text = "name = \"c\"\n[[measures]]\nname = \"Seats\"\n[measures.scoring]\nmethod = \"linear\"\nmin = \"low\"\nmax = 1\n";
        assert_eq!(
            words(
                text,
                "[measures.scoring]\nmethod = \"linear\"\nmin = \"low\"\nmax = 1\n",
                "invalid type: string \"low\", expected f64"
            ),
            "measure 'Seats': min must be a number, not the text \"low\""
        );
    }

    #[test]
    fn inline_steps_and_top_level_keys() {
        let text = "name = 5\n[[bands]]\nname = \"red\"\nbelow = true\n";
        assert_eq!(
            words(text, "5", "invalid type: integer `5`, expected a string"),
            "name must be text, not the number 5"
        );
        assert_eq!(
            words(text, "true", "invalid type: boolean `true`, expected f64"),
            "band 'red': below must be a number, not true"
        );
    }

    #[test]
    fn other_messages_stay_as_toml_words_them() {
        let text = "name = \"c\"\n";
        assert_eq!(
            in_words(text, Some(0..4), "missing field `measures`\n"),
            "missing field `measures`"
        );
    }
}
