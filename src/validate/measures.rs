//! Per-measure diagnostics: does each measure's points separate churners on their own, in
//! the direction the scorecard assumes, and which measures say the same thing?

use rayon::prelude::*;
use serde::Serialize;

use crate::data::{History, NumericColumn, TextColumn};
use crate::judgement::LEAK_AUC;
use crate::metrics;
use crate::metrics::delong::AucEstimate;
use crate::metrics::delong_sorted::{auc_with_ci_counted, auc_with_ci_sorted};
use crate::metrics::value_counts::{ValueCounts, MOST_COUNTED};
use crate::scorecard::{Scorecard, ScoredAccounts};

/// A measure contradicts its direction only when its whole AUC interval lies below 0.5 and
/// the AUC itself is below `0.5 − CONTRADICTION_MARGIN`: at a million accounts a trivial
/// 0.497 is "significant" but not worth acting on.
pub const CONTRADICTION_MARGIN: f64 = 0.01;
/// Measures whose points correlate beyond this (in absolute value) are flagged redundant.
pub const REDUNDANT_CORRELATION: f64 = 0.8;

/// One measure on its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureRow {
    pub name: String,
    /// AUC of the measure's points alone, over the accounts that have points for it.
    pub auc: Option<f64>,
    pub auc_ci: Option<[f64; 2]>,
    /// Pearson correlation of points with churn (1 = churned); negative when more points
    /// means less churn, as intended.
    pub pearson: Option<f64>,
    /// Share of the accounts using this measure's profile(s) with no value (before any
    /// `missing = <points>` fill).
    pub missing_rate: f64,
    /// True when history says the opposite of the scorecard: more points, more churn
    /// (AUC's whole interval below 0.5, and the AUC below 0.49).
    pub contradicts_direction: bool,
    /// True when the AUC exceeds 0.95: check that the column is not known only after churn.
    pub possible_leak: bool,
}

/// Correlations between the measures' points, over accounts that have both.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureCorrelations {
    pub names: Vec<String>,
    /// `matrix[i][j]` = Pearson correlation of measures i and j; `None` where undefined.
    pub matrix: Vec<Vec<Option<f64>>>,
    pub redundant_pairs: Vec<RedundantPair>,
}

/// Two measures whose points move together (|r| > 0.8): one may be enough.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedundantPair {
    pub a: String,
    pub b: String,
    pub correlation: f64,
}

/// Diagnostics for every measure (in parallel): its points' separation of churners over the
/// accounts whose raw value was present, and its missing rate among the accounts whose
/// profile has it.
pub fn measure_rows(
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    history: &History,
    confidence: f64,
) -> Vec<MeasureRow> {
    let churned = &history.churned;
    let churned_count = history.churned_count();
    (0..scored.measure_names.len())
        .into_par_iter()
        .map(|m| {
            let sources = MeasureSources::new(scorecard, history, &scored.measure_names[m]);
            let raw_missing = |row: usize| sources.is_missing(scored.profiles[row], row);
            let (pearson, estimate) = measure_separation(
                scored.points[m].nan_encoded(),
                &raw_missing,
                churned,
                churned_count,
                confidence,
            );
            let (mut using, mut missing) = (0, 0);
            for (row, &profile) in scored.profiles.iter().enumerate() {
                if sources.applies(profile) {
                    using += 1;
                    missing += usize::from(sources.is_missing(profile, row));
                }
            }
            MeasureRow {
                name: scored.measure_names[m].clone(),
                auc: estimate.map(|e| e.auc),
                auc_ci: estimate.map(|e| [e.ci_low, e.ci_high]),
                pearson,
                missing_rate: if using > 0 {
                    missing as f64 / using as f64
                } else {
                    0.0
                },
                contradicts_direction: estimate
                    .is_some_and(|e| e.ci_high < 0.5 && e.auc < 0.5 - CONTRADICTION_MARGIN),
                possible_leak: estimate.is_some_and(|e| e.auc > LEAK_AUC),
            }
        })
        .collect()
}

/// A measure's point-biserial correlation and AUC with its interval, over the accounts
/// whose points are present and whose raw value was not missing (`points` NaN-encoded).
///
/// With few distinct points (most measures) they are counted by outcome; otherwise the
/// points are split by outcome and radix-sorted, and the statistics read the two samples.
/// Either way no row-aligned copy or ranking is made.
fn measure_separation(
    points: &[f64],
    raw_missing: &dyn Fn(usize) -> bool,
    churned: &[bool],
    churned_count: usize,
    confidence: f64,
) -> (Option<f64>, Option<AucEstimate>) {
    let kept = || {
        points
            .iter()
            .zip(churned)
            .enumerate()
            .filter(|&(row, (p, _))| !p.is_nan() && !raw_missing(row))
            .map(|(_, (&p, &c))| (p, c))
    };
    if let Some(counts) = ValueCounts::tally(kept(), MOST_COUNTED) {
        return (
            metrics::correlation::point_biserial_counted(&counts),
            auc_with_ci_counted(&counts, confidence).ok(),
        );
    }
    let mut retained = Vec::with_capacity(churned.len() - churned_count);
    let mut churned_points = Vec::with_capacity(churned_count);
    for (p, c) in kept() {
        match c {
            true => churned_points.push(p),
            false => retained.push(p),
        }
    }
    // radix sort: 17 ms against 26 ms for a comparison sort at a million distinct
    // values, 20 against 13 ms at ten thousand (`cargo bench --bench metrics`)
    radsort::sort(&mut retained);
    radsort::sort(&mut churned_points);
    (
        metrics::correlation::point_biserial_split(&retained, &churned_points),
        auc_with_ci_sorted(&retained, &churned_points, confidence).ok(),
    )
}

/// Where each profile reads one measure's raw values: `None` where the profile lacks the
/// measure, else its text or numeric column (`None` inside when the history lacks it).
struct MeasureSources<'a> {
    by_profile: Vec<Option<RawSource<'a>>>,
}

#[derive(Clone, Copy)]
enum RawSource<'a> {
    Text(Option<&'a TextColumn>),
    Numeric(Option<&'a NumericColumn>),
}

impl<'a> MeasureSources<'a> {
    /// The sources of measure `name`, looked up once per profile rather than per row.
    fn new(scorecard: &Scorecard, history: &'a History, name: &str) -> MeasureSources<'a> {
        let by_profile = scorecard
            .profiles
            .iter()
            .map(|profile| {
                let measure = profile.measures.iter().find(|measure| measure.name == name)?;
                Some(match measure.scoring.reads_text() {
                    true => RawSource::Text(history.text.get(&measure.column)),
                    false => RawSource::Numeric(history.numeric.get(&measure.column)),
                })
            })
            .collect();
        MeasureSources { by_profile }
    }

    /// Whether profile `profile` has the measure.
    fn applies(&self, profile: usize) -> bool {
        self.by_profile[profile].is_some()
    }

    /// Whether the raw value of `row` (whose profile is `profile`) was missing; false where
    /// the profile lacks the measure.
    fn is_missing(&self, profile: usize, row: usize) -> bool {
        match self.by_profile[profile] {
            None => false,
            Some(RawSource::Text(column)) => column.is_none_or(|c| c.codes[row].is_none()),
            Some(RawSource::Numeric(column)) => column.is_none_or(|c| c.get(row).is_none()),
        }
    }
}

/// Pairwise-complete Pearson correlations between measures' points, all pairs in one sweep.
pub fn measure_correlations(scored: &ScoredAccounts) -> MeasureCorrelations {
    let count = scored.measure_names.len();
    let pairs: Vec<(usize, usize)> = (0..count)
        .flat_map(|i| (i + 1..count).map(move |j| (i, j)))
        .collect();
    let columns: Vec<&[f64]> = scored.points.iter().map(NumericColumn::nan_encoded).collect();
    let correlations = metrics::correlation_matrix::pairwise_pearson_complete(&columns);
    let mut matrix = vec![vec![None; count]; count];
    for (i, row) in matrix.iter_mut().enumerate() {
        row[i] = Some(1.0);
    }
    let mut redundant_pairs = Vec::new();
    for (&(i, j), &r) in pairs.iter().zip(&correlations) {
        matrix[i][j] = r;
        matrix[j][i] = r;
        if let Some(r) = r.filter(|r| r.abs() > REDUNDANT_CORRELATION) {
            redundant_pairs.push(RedundantPair {
                a: scored.measure_names[i].clone(),
                b: scored.measure_names[j].clone(),
                correlation: r,
            });
        }
    }
    MeasureCorrelations {
        names: scored.measure_names.clone(),
        matrix,
        redundant_pairs,
    }
}
