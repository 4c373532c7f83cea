//! Rewriting a scorecard file with new weights (and, if given, new band cutoffs): the input
//! file with only those numbers changed, under a comment header.
//!
//! toml_edit parses the file *with spans* (`ImDocument`), which locate each measure's and
//! group's `weight`, each band's `below` and each table's extent; the new text is then the
//! original with exactly those byte ranges replaced ([`super::edits`]), so comments, order,
//! blank lines and every other byte stay as they were. A measure or group whose new weight is
//! 0 cannot keep `weight = 0` (scorecards require positive weights), so its whole table is
//! commented out, with a line saying why. The result is read back with the scorecard
//! validator before it is returned.

use std::path::{Path, PathBuf};

use toml_edit::{ImDocument, Item, Table};

use super::edits::{apply_edits, comment_out, number, Edit};
use super::{parse_scorecard, Profile, Scorecard};

/// Every header line starts with this, so a later rewrite can replace the header.
pub const HEADER_MARK: &str = "# healthscore fit:";

/// New weights of one profile, as the file holds them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewWeights<'a> {
    /// Per measure, in the profile's order: the weight within its group (overall without
    /// groups); 0 drops the measure.
    pub measures: &'a [f64],
    /// Per group, in the profile's order; 0 drops the group. Empty without groups.
    pub groups: &'a [f64],
}

/// What to change in a scorecard file.
pub struct Rewrite<'a> {
    /// Header lines, each written after [`HEADER_MARK`]; they replace any such lines at the
    /// top of the file.
    pub header: Vec<String>,
    /// New weights of every profile, in the scorecard's order.
    pub weights: Vec<NewWeights<'a>>,
    /// Why a measure of a profile is dropped, for the comment above its table.
    pub why_dropped: &'a dyn Fn(&Profile, &str) -> String,
    /// New band cutoffs, worst band first; `None` keeps the file's.
    pub cutoffs: Option<&'a [f64]>,
}

/// The file cannot be edited in place, or does not read back as intended.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct RewriteError {
    /// What went wrong, in words.
    pub message: String,
}

impl crate::error::Fault for RewriteError {
    /// The file's own layout (an inline table, a measure that cannot be commented out) is in
    /// the way: the user can edit the file to fix it.
    fn is_input(&self) -> bool {
        true
    }
}

/// `original` (the text `scorecard` was read from) with the weights and cutoffs of `rewrite`.
///
/// Errors: [`RewriteError`] when the file cannot be edited in place (e.g. a measure to drop
/// is written as an inline table) or does not read back as intended.
pub fn rewrite_scorecard(
    original: &str,
    scorecard: &Scorecard,
    rewrite: &Rewrite,
) -> Result<String, RewriteError> {
    rewrite_text(original, scorecard, rewrite).map_err(|message| RewriteError { message })
}

fn rewrite_text(original: &str, scorecard: &Scorecard, rewrite: &Rewrite) -> Result<String, String> {
    let path = scorecard
        .source
        .clone()
        .unwrap_or_else(|| PathBuf::from("scorecard"));
    let document = ImDocument::parse(original).map_err(|e| e.to_string().replace('\n', " "))?;
    let root = document.as_table();
    let mut edits = vec![header_edit(original, &rewrite.header)];
    for (index, profile) in scorecard.profiles.iter().enumerate() {
        let weights = &rewrite.weights[index];
        if is_current(profile, weights) {
            continue;
        }
        let container =
            profile_table(root, index).ok_or_else(|| format!("profile '{}' not found", profile.name))?;
        let names: Vec<&str> = profile.measures.iter().map(|m| m.name.as_str()).collect();
        edits.extend(weight_edits(
            original,
            container,
            "measures",
            &names,
            weights.measures,
            &|name| format!("measure '{name}': {}", (rewrite.why_dropped)(profile, name)),
        )?);
        let group_names: Vec<&str> = profile.groups.iter().map(|g| g.name.as_str()).collect();
        edits.extend(weight_edits(
            original,
            container,
            "groups",
            &group_names,
            weights.groups,
            &|name| format!("group '{name}': none of its measures keeps a weight"),
        )?);
    }
    if let Some(cutoffs) = rewrite.cutoffs {
        edits.extend(band_edits(original, root, scorecard, cutoffs)?);
    }
    let text = apply_edits(original, edits)?;
    verify(&text, &path, scorecard, rewrite)?;
    Ok(text)
}

/// Whether `weights` are the profile's weights as written.
fn is_current(profile: &Profile, weights: &NewWeights) -> bool {
    profile
        .measures
        .iter()
        .map(|m| m.weight)
        .eq(weights.measures.iter().copied())
        && profile
            .groups
            .iter()
            .map(|g| g.weight)
            .eq(weights.groups.iter().copied())
}

/// The comment header, replacing any header of an earlier rewrite at the top of the file.
fn header_edit(original: &str, lines: &[String]) -> Edit {
    let old_header: usize = original
        .split_inclusive('\n')
        .take_while(|line| line.starts_with(HEADER_MARK))
        .map(str::len)
        .sum();
    let text: String = lines
        .iter()
        .map(|line| format!("{HEADER_MARK} {line}\n"))
        .collect();
    Edit {
        range: 0..old_header,
        text,
    }
}

/// The table holding profile `index`'s measures and groups: the root for the default
/// profile, the `[[profiles]]` entry otherwise.
fn profile_table(root: &Table, index: usize) -> Option<&Table> {
    if index == 0 {
        return Some(root);
    }
    root.get("profiles")?.as_array_of_tables()?.get(index - 1)
}

/// Edits setting each entry of `key` (`measures` or `groups`) to its weight, commenting out
/// the entries whose weight is 0.
fn weight_edits(
    original: &str,
    container: &Table,
    key: &str,
    names: &[&str],
    weights: &[f64],
    why: &dyn Fn(&str) -> String,
) -> Result<Vec<Edit>, String> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let Some(item) = container.get(key) else {
        return Err(format!("no `{key}` found"));
    };
    let mut edits = Vec::new();
    for (i, (&name, &weight)) in names.iter().zip(weights).enumerate() {
        if let Some(tables) = item.as_array_of_tables() {
            let table = tables
                .get(i)
                .ok_or_else(|| format!("`{key}` entry {} ('{name}') not found", i + 1))?;
            if weight > 0.0 {
                let span = table.get("weight").and_then(Item::span);
                let range = span.ok_or_else(|| format!("no `weight` found for '{name}'"))?;
                edits.push(Edit {
                    range,
                    text: number(weight),
                });
            } else {
                edits.push(comment_out(
                    original,
                    table,
                    &format!("{HEADER_MARK} dropped {}", why(name)),
                )?);
            }
        } else {
            let entry = item
                .as_array()
                .and_then(|array| array.get(i))
                .and_then(|value| value.as_inline_table())
                .ok_or_else(|| format!("`{key}` entry {} ('{name}') not found", i + 1))?;
            if weight <= 0.0 {
                return Err(format!(
                    "'{name}' should be dropped but is written as an inline table; write `{key}` as [[{key}]] tables"
                ));
            }
            let span = entry.get("weight").and_then(|value| value.span());
            let range = span.ok_or_else(|| format!("no `weight` found for '{name}'"))?;
            edits.push(Edit {
                range,
                text: number(weight),
            });
        }
    }
    Ok(edits)
}

/// Edits setting each band's `below`, or adding `[[bands]]` tables when the file has none.
fn band_edits(
    original: &str,
    root: &Table,
    scorecard: &Scorecard,
    cutoffs: &[f64],
) -> Result<Vec<Edit>, String> {
    if let Some(bands) = root.get("bands").and_then(Item::as_array_of_tables) {
        return cutoffs
            .iter()
            .enumerate()
            .map(|(b, &cutoff)| {
                let span = bands.get(b).and_then(|t| t.get("below")).and_then(Item::span);
                let range = span.ok_or_else(|| format!("band {} has no `below` to change", b + 1))?;
                Ok(Edit {
                    range,
                    text: number(cutoff),
                })
            })
            .collect();
    }
    if root.get("bands").is_some() {
        return Err(
            "`bands` is written inline; write it as [[bands]] tables to have cutoffs suggested".into(),
        );
    }
    let first_table = first_table_start(root).map_or(original.len(), |offset| {
        original[..offset].rfind('\n').map_or(0, |i| i + 1)
    });
    let mut text = String::new();
    for (b, band) in scorecard.bands.iter().enumerate() {
        text.push_str(&format!("[[bands]]\nname = \"{}\"\n", band.name));
        if let Some(&cutoff) = cutoffs.get(b) {
            text.push_str(&format!("below = {}\n", number(cutoff)));
        }
        text.push_str(&format!("color = \"{}\"\n\n", band.color));
    }
    Ok(vec![Edit {
        range: first_table..first_table,
        text,
    }])
}

/// Where the first table header of the file starts.
fn first_table_start(root: &Table) -> Option<usize> {
    root.iter()
        .filter_map(|(_, item)| match item {
            Item::Table(table) => table.span().map(|s| s.start),
            Item::ArrayOfTables(tables) => tables.iter().filter_map(|t| t.span()).map(|s| s.start).min(),
            _ => None,
        })
        .min()
}

/// Reads the text back with the scorecard validator and checks weights and cutoffs.
fn verify(text: &str, path: &Path, scorecard: &Scorecard, rewrite: &Rewrite) -> Result<(), String> {
    let written =
        parse_scorecard(text, path).map_err(|e| format!("the edited file does not validate: {e}"))?;
    for (index, profile) in scorecard.profiles.iter().enumerate() {
        let weights = &rewrite.weights[index];
        let expected: Vec<(&str, f64)> = profile
            .measures
            .iter()
            .zip(weights.measures)
            .filter(|(_, &w)| w > 0.0)
            .map(|(m, &w)| (m.name.as_str(), w))
            .collect();
        let got: Vec<(&str, f64)> = written.profiles[index]
            .measures
            .iter()
            .map(|m| (m.name.as_str(), m.weight))
            .collect();
        if expected != got {
            return Err(format!(
                "internal error: profile '{}' reads back as {got:?}, expected {expected:?}",
                profile.name
            ));
        }
    }
    if let Some(cutoffs) = rewrite.cutoffs {
        let got: Vec<f64> = written.bands.iter().filter_map(|b| b.below).collect();
        if got != cutoffs {
            return Err(format!(
                "internal error: cutoffs read back as {got:?}, expected {cutoffs:?}"
            ));
        }
    }
    Ok(())
}
