//! Which suggested bin each account falls in: by value range for numbers (the first bin
//! whose largest value is at or above the value, as the `upto` steps score it), by name for
//! categories (unlisted ones in the pooled "(other)" bin).

use super::categories::OTHER;
use super::rule::RuleOutcome;
use super::training::MeasureValues;

/// `(row, bin)` for every account with a value, when the rule has bins.
pub fn bin_of_rows(values: &MeasureValues, rule: &RuleOutcome) -> Vec<(u32, usize)> {
    if rule.bins.is_empty() {
        return Vec::new();
    }
    let last = rule.bins.len() - 1;
    match values {
        MeasureValues::Numbers { sorted, .. } => {
            let highs: Vec<f64> = rule
                .bins
                .iter()
                .map(|b| b.high.unwrap_or(f64::INFINITY))
                .collect();
            sorted
                .iter()
                .map(|&(v, row)| (row, highs.partition_point(|&h| h < v).min(last)))
                .collect()
        }
        MeasureValues::Text { rows, codes, levels } => {
            let position = |name: &str| rule.bins.iter().position(|b| b.category.as_deref() == Some(name));
            let other = position(OTHER);
            let bin_of_level: Vec<Option<usize>> = levels.iter().map(|l| position(l).or(other)).collect();
            rows.iter()
                .zip(codes)
                .filter_map(|(&row, code)| Some((row, bin_of_level[(*code)? as usize]?)))
                .collect()
        }
        MeasureValues::Absent => Vec::new(),
    }
}
