//! Writing the tuned scorecard: the input file with only the scoring rules, the `missing`
//! policies and the weights changed, and a comment header saying when, from what data and
//! with which out-of-fold AUC it was tuned.
//!
//! toml_edit keeps the document's comments, order and names: each measure's `scoring`
//! table is replaced in place (same header position and leading comments), `weight` and
//! `missing` values are set keeping their surrounding whitespace and comments. A measure
//! (or group) whose refitted weight is 0 cannot stay (scorecards require positive weights),
//! so its table is removed and the header names it. The result is read back with the
//! scorecard validator and checked against the tuned rules before it is returned.

use std::path::{Path, PathBuf};

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::report::TuneReport;
use super::TuneError;
use crate::scorecard::{parse_scorecard, MissingPolicy, Scorecard, Scoring, StepRule};

/// Every header line starts with this, so a later tune can replace the header.
pub const HEADER_MARK: &str = "# healthscore tune:";

/// Facts for the header that the report does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteHeader {
    /// The day of the run, ISO (e.g. `2025-06-30`).
    pub date: String,
    /// The history file, as the user named it.
    pub data: String,
}

/// The tuned scorecard as TOML text: `original` (the text `scorecard` was read from) with
/// the report's rules and refitted weights.
///
/// Errors: [`TuneError::Layout`] when the file cannot be edited in place (e.g. measures
/// written as inline tables) or does not read back as intended.
pub fn tuned_scorecard(
    original: &str,
    scorecard: &Scorecard,
    report: &TuneReport,
    header: &WriteHeader,
) -> Result<String, TuneError> {
    let path = scorecard
        .source
        .clone()
        .unwrap_or_else(|| PathBuf::from("scorecard"));
    let layout = |message: String| TuneError::Layout {
        path: path.clone(),
        message,
    };
    let body: String = original
        .split_inclusive('\n')
        .skip_while(|line| line.starts_with(HEADER_MARK))
        .collect();
    let mut document: DocumentMut = body
        .parse()
        .map_err(|e: toml_edit::TomlError| layout(e.to_string().replace('\n', " ")))?;
    let mut dropped = Vec::new();
    for (index, profile) in report.tuned.profiles.iter().enumerate() {
        let weights = &report.suggested_weights[index];
        let container = profile_table(document.as_table_mut(), index)
            .ok_or_else(|| layout(format!("profile '{}' not found", profile.name)))?;
        let measures = tables(container, "measures").map_err(&layout)?;
        for (i, measure) in profile.measures.iter().enumerate() {
            let table = measures
                .get_mut(i)
                .ok_or_else(|| layout(format!("measure '{}' not found", measure.name)))?;
            replace_scoring(table, &measure.scoring);
            set_value(table, "weight", number(weights.measures[i]));
            if Some(measure.missing) != current_missing(scorecard, index, i) {
                set_value(table, "missing", missing_value(measure.missing));
            }
        }
        for i in (0..profile.measures.len()).rev() {
            if weights.measures[i] <= 0.0 {
                measures.remove(i);
                dropped.push(format!("measure '{}'", profile.measures[i].name));
            }
        }
        if !profile.groups.is_empty() {
            let groups = tables(container, "groups").map_err(&layout)?;
            for (g, group) in profile.groups.iter().enumerate().rev() {
                if let Some(table) = groups.get_mut(g) {
                    set_value(table, "weight", number(weights.groups[g]));
                }
                if weights.groups[g] <= 0.0 {
                    groups.remove(g);
                    dropped.push(format!("group '{}'", group.name));
                }
            }
        }
    }
    let text = format!("{}{document}", header_text(report, header, &dropped));
    verify(&text, &path, report).map_err(layout)?;
    Ok(text)
}

fn header_text(report: &TuneReport, header: &WriteHeader, dropped: &[String]) -> String {
    let auc = |value: Option<f64>| value.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"));
    let p = report
        .comparison
        .p_value
        .map_or_else(|| "p n/a".to_string(), crate::format::format_p);
    let mut lines = vec![
        format!("rules and weights tuned on {} from {}", header.date, header.data),
        format!(
            "({} accounts, {} churned; {}-fold cross-validation, seed {});",
            report.accounts, report.churned, report.folds, report.seed
        ),
        format!(
            "out-of-fold AUC {} vs {} for the current scorecard (DeLong {p}).",
            auc(report.auc_tuned_oof),
            auc(report.auc_current)
        ),
        "only scoring rules, missing policies and weights differ from the input.".to_string(),
    ];
    if !dropped.is_empty() {
        lines.push(format!(
            "removed for a refitted weight of 0: {}.",
            dropped.join(", ")
        ));
    }
    lines
        .iter()
        .map(|line| format!("{HEADER_MARK} {line}\n"))
        .collect()
}

/// The table holding profile `index`'s measures: the root for the default profile, the
/// `[[profiles]]` entry otherwise.
fn profile_table(root: &mut Table, index: usize) -> Option<&mut Table> {
    if index == 0 {
        return Some(root);
    }
    root.get_mut("profiles")?
        .as_array_of_tables_mut()?
        .get_mut(index - 1)
}

fn tables<'a>(container: &'a mut Table, key: &str) -> Result<&'a mut ArrayOfTables, String> {
    container
        .get_mut(key)
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| format!("`{key}` is not written as [[{key}]] tables; write it so to have it tuned"))
}

fn current_missing(scorecard: &Scorecard, profile: usize, measure: usize) -> Option<MissingPolicy> {
    Some(scorecard.profiles.get(profile)?.measures.get(measure)?.missing)
}

/// Sets `key` to `value`, keeping the old value's surrounding whitespace and comments.
fn set_value(table: &mut Table, key: &str, value: Value) {
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = value;
            *old.decor_mut() = decor;
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// Replaces the `scoring` table (or inline table) with `scoring`, in the same place.
fn replace_scoring(table: &mut Table, scoring: &Scoring) {
    let entries = scoring_entries(scoring);
    match table.get_mut("scoring") {
        Some(Item::Table(old)) => {
            let mut new = Table::new();
            new.set_position(old.position().unwrap_or(0));
            *new.decor_mut() = old.decor().clone();
            for (key, value) in entries {
                new.insert(key, Item::Value(value));
            }
            *old = new;
        }
        _ => {
            let mut inline = InlineTable::new();
            for (key, value) in entries {
                inline.insert(key, value);
            }
            set_value(table, "scoring", Value::InlineTable(inline));
        }
    }
}

/// The keys and values of a scoring rule, in the order scorecard files write them.
fn scoring_entries(scoring: &Scoring) -> Vec<(&'static str, Value)> {
    let mut entries = vec![("method", Value::from(scoring.method()))];
    match scoring {
        Scoring::Linear { min, max, direction } => {
            entries.push(("min", number(*min)));
            entries.push(("max", number(*max)));
            entries.push(("direction", Value::from(direction.as_str())));
        }
        Scoring::Thresholds { steps, otherwise } => {
            let mut array = Array::new();
            for step in steps {
                let mut entry = InlineTable::new();
                let rule = match step.rule {
                    StepRule::UpTo => "upto",
                    StepRule::AtLeast => "atleast",
                };
                entry.insert(rule, number(step.bound));
                entry.insert("points", number(step.points));
                array.push(Value::InlineTable(entry));
            }
            entries.push(("steps", Value::Array(array)));
            entries.push(("otherwise", number(*otherwise)));
        }
        Scoring::Categories { points, default } => {
            let mut table = InlineTable::new();
            for (name, &p) in points {
                table.insert(name, number(p));
            }
            entries.push(("points", Value::InlineTable(table)));
            if let Some(default) = default {
                entries.push(("default", number(*default)));
            }
        }
        Scoring::Percentile { direction } => entries.push(("direction", Value::from(direction.as_str()))),
    }
    entries
}

fn missing_value(policy: MissingPolicy) -> Value {
    match policy {
        MissingPolicy::Skip => Value::from("skip"),
        MissingPolicy::Points(points) => number(points),
    }
}

/// A whole number as a TOML integer, anything else as a float.
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        Value::from(value as i64)
    } else {
        Value::from(value)
    }
}

/// Reads the text back with the scorecard validator and checks every kept measure's rule,
/// missing policy and weight.
fn verify(text: &str, path: &Path, report: &TuneReport) -> Result<(), String> {
    let written =
        parse_scorecard(text, path).map_err(|e| format!("the edited file does not validate: {e}"))?;
    for (index, profile) in report.tuned.profiles.iter().enumerate() {
        let weights = &report.suggested_weights[index];
        let expected: Vec<(&str, &Scoring, MissingPolicy, f64)> = profile
            .measures
            .iter()
            .zip(&weights.measures)
            .filter(|(_, &w)| w > 0.0)
            .map(|(m, &w)| (m.name.as_str(), &m.scoring, m.missing, w))
            .collect();
        let got: Vec<(&str, &Scoring, MissingPolicy, f64)> = written.profiles[index]
            .measures
            .iter()
            .map(|m| (m.name.as_str(), &m.scoring, m.missing, m.weight))
            .collect();
        if expected != got {
            return Err(format!(
                "internal error: profile '{}' reads back differently from the tuned rules",
                profile.name
            ));
        }
    }
    Ok(())
}
