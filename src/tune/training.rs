//! Each measure's values on its profile's accounts, arranged once so that any set of
//! training folds can be tallied in one pass: numbers sorted once (O(n log n)), then each
//! fold's tallies by skipping the held-out rows (O(n)); text as category codes.

use super::categories::suggest_categories;
use super::numbers::suggest_numbers;
use super::rule::{Counts, RuleOutcome};
use crate::data::History;
use crate::metrics::binning::{tally_sorted, BinningLimits};
use crate::scorecard::Measure;

/// Which accounts a suggestion learns from: all of them, or all but one fold.
#[derive(Debug, Clone, Copy)]
pub struct Training<'a> {
    /// Fold of every history row.
    pub folds: &'a [usize],
    /// The fold held out, `None` for all accounts.
    pub held_out: Option<usize>,
}

impl Training<'_> {
    fn includes(&self, row: u32) -> bool {
        self.held_out != Some(self.folds[row as usize])
    }
}

/// One measure's values on its profile's accounts.
#[derive(Debug, Clone)]
pub enum MeasureValues {
    /// Present values with their rows, ascending; rows without a value.
    Numbers {
        sorted: Vec<(f64, u32)>,
        missing: Vec<u32>,
    },
    /// Category code per profile row (`None`: missing), and the category names.
    Text {
        rows: Vec<u32>,
        codes: Vec<Option<u32>>,
        levels: Vec<String>,
    },
    /// The column is not in the history (the current rule is kept).
    Absent,
}

impl MeasureValues {
    /// Arranges the measure's column over `rows` (a profile's accounts).
    pub fn new(measure: &Measure, history: &History, rows: &[u32]) -> MeasureValues {
        if measure.scoring.reads_text() {
            let Some(column) = history.text.get(&measure.column) else {
                return MeasureValues::Absent;
            };
            return MeasureValues::Text {
                rows: rows.to_vec(),
                codes: rows.iter().map(|&r| column.codes[r as usize]).collect(),
                levels: column.levels.clone(),
            };
        }
        let Some(column) = history.numeric.get(measure.values_key().as_ref()) else {
            return MeasureValues::Absent;
        };
        let mut sorted = Vec::with_capacity(rows.len());
        let mut missing = Vec::new();
        for &row in rows {
            match column.get(row as usize) {
                Some(value) => sorted.push((value + 0.0, row)),
                None => missing.push(row),
            }
        }
        sorted.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        MeasureValues::Numbers { sorted, missing }
    }

    /// The suggested rule for `measure` learnt from the `training` accounts.
    pub fn suggest(
        &self,
        measure: &Measure,
        churned: &[bool],
        training: Training,
        limits: BinningLimits,
    ) -> RuleOutcome {
        let missing_counts = |rows: &mut dyn Iterator<Item = u32>| {
            let mut counts = Counts::default();
            for row in rows.filter(|&r| training.includes(r)) {
                counts.accounts += 1;
                counts.churned += usize::from(churned[row as usize]);
            }
            counts
        };
        match self {
            MeasureValues::Numbers { sorted, missing } => {
                let tallies = tally_sorted(
                    sorted
                        .iter()
                        .filter(|(_, r)| training.includes(*r))
                        .map(|&(v, r)| (v, churned[r as usize])),
                );
                let missing = missing_counts(&mut missing.iter().copied());
                suggest_numbers(measure, &tallies, missing, limits)
            }
            MeasureValues::Text { rows, codes, levels } => {
                let mut counts = vec![Counts::default(); levels.len()];
                let mut absent = Vec::new();
                for (&row, code) in rows.iter().zip(codes) {
                    if !training.includes(row) {
                        continue;
                    }
                    match code {
                        Some(code) => {
                            let slot = &mut counts[*code as usize];
                            slot.accounts += 1;
                            slot.churned += usize::from(churned[row as usize]);
                        }
                        None => absent.push(row),
                    }
                }
                let missing = missing_counts(&mut absent.into_iter());
                suggest_categories(measure, levels, &counts, missing, limits.min_share)
            }
            MeasureValues::Absent => RuleOutcome::kept(
                &measure.scoring,
                measure.missing,
                format!(
                    "column '{}' is not in the history; current rule kept",
                    measure.column
                ),
            ),
        }
    }

    /// Whether the measure reads numbers.
    pub fn is_numbers(&self) -> bool {
        matches!(self, MeasureValues::Numbers { .. })
    }
}
