//! Validation: how well does each candidate scorecard predict churn, overall, per band,
//! decile, measure, segment and profile, and is one candidate better than another?
//!
//! Everything here works on scored accounts and plain slices; loading and printing are the
//! CLI's job.

mod bands;
mod compare;
mod discrimination;
mod groups;
mod measures;

use serde::Serialize;

pub use bands::{band_churn_rates, band_inversions, BandInversion, BandRow};
pub use compare::{compare, format_p, verdict, Comparison, SIGNIFICANCE};
pub use discrimination::{discrimination, explain, Discrimination};
pub use groups::{GroupReport, ProfileCheck};
pub use measures::{
    measure_correlations, measure_rows, MeasureCorrelations, MeasureRow, RedundantPair, LEAK_AUC,
    REDUNDANT_CORRELATION,
};

use crate::data::History;
pub use crate::metrics::deciles::DecileRow;
use crate::metrics::{self, auc::RocPoint};
use crate::scorecard::{Scorecard, ScoredAccounts};

/// Settings of a validation run; the defaults are the CLI's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValidateOptions {
    /// Bootstrap resamples for AUC-difference intervals (0 = none).
    pub bootstrap: usize,
    /// Seed of every resampler.
    pub seed: u64,
    /// Confidence level of every interval (default 0.95).
    pub confidence: f64,
    /// Groups with fewer churned or retained accounts than this get a warning (default 30).
    pub min_class_count: usize,
    /// Points kept per ROC curve for reports (default 200).
    pub roc_points: usize,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions {
            bootstrap: 0,
            seed: 42,
            confidence: 0.95,
            min_class_count: 30,
            roc_points: 200,
        }
    }
}

/// A scorecard together with its scores on the history.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub scorecard: Scorecard,
    pub scored: ScoredAccounts,
}

/// The whole validation, ready to print or serialize (the `--json` document).
#[derive(Debug, Clone, Serialize)]
pub struct ValidationReport {
    pub accounts: usize,
    pub churned: usize,
    pub churn_rate: f64,
    /// Distinct snapshot dates when a date column was given.
    pub snapshots: Option<usize>,
    pub confidence: f64,
    pub seed: u64,
    pub bootstrap_resamples: usize,
    pub scorecards: Vec<CandidateReport>,
    pub comparisons: Vec<Comparison>,
    pub warnings: Vec<String>,
}

/// Everything about one candidate.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateReport {
    pub name: String,
    pub description: Option<String>,
    pub source: Option<String>,
    #[serde(flatten)]
    pub discrimination: Discrimination,
    pub bands: Vec<BandRow>,
    /// Pairs of bands where the healthier one churns more.
    pub band_inversions: Vec<BandInversion>,
    /// Churn rate per score decile, lowest scores first (also the calibration table:
    /// mean score against observed churn rate).
    pub deciles: Vec<DecileRow>,
    /// The ROC curve, thinned for charts.
    pub roc: Vec<RocPoint>,
    pub measures: Vec<MeasureRow>,
    pub measure_correlations: MeasureCorrelations,
    pub segments: Vec<GroupReport>,
    pub profiles: Vec<GroupReport>,
    pub profile_checks: Vec<ProfileCheck>,
    pub warnings: Vec<String>,
}

/// Validates every candidate on the same history and compares every pair.
pub fn validate(history: &History, candidates: &[Candidate], options: &ValidateOptions) -> ValidationReport {
    let churned = history.churned_count();
    let mut warnings = Vec::new();
    let snapshots = history.dates.as_ref().map(|dates| {
        let mut distinct = dates.clone();
        distinct.sort_unstable();
        distinct.dedup();
        distinct.len()
    });
    if let Some(count) = snapshots.filter(|&c| c > 1) {
        warnings.push(format!(
            "the history has {count} snapshot dates; validate pools all {} rows (account-snapshots) as given — \
             use backtest for per-period views",
            history.len()
        ));
    }
    let scorecards: Vec<CandidateReport> = candidates
        .iter()
        .map(|candidate| candidate_report(history, candidate, options))
        .collect();
    let mut comparisons = Vec::new();
    for (i, a) in candidates.iter().enumerate() {
        for b in &candidates[i + 1..] {
            comparisons.push(compare(
                (&a.scorecard.name, &a.scored.scores),
                (&b.scorecard.name, &b.scored.scores),
                &history.churned,
                options.bootstrap,
                options.seed,
                options.confidence,
            ));
        }
    }
    ValidationReport {
        accounts: history.len(),
        churned,
        churn_rate: churned as f64 / history.len().max(1) as f64,
        snapshots,
        confidence: options.confidence,
        seed: options.seed,
        bootstrap_resamples: options.bootstrap,
        scorecards,
        comparisons,
        warnings,
    }
}

fn candidate_report(history: &History, candidate: &Candidate, options: &ValidateOptions) -> CandidateReport {
    let Candidate { scorecard, scored } = candidate;
    let name = scorecard.name.clone();
    let mut warnings = Vec::new();
    let discrimination = discrimination(
        &scored.scores,
        &history.churned,
        options.confidence,
        &name,
        &mut warnings,
    );
    let values = history.value.as_deref();
    let bands = band_churn_rates(
        &scorecard.bands,
        &scored.bands,
        &history.churned,
        values,
        options.confidence,
    );
    for band in bands.iter().filter(|b| b.accounts == 0) {
        warnings.push(format!("{name}: band '{}' holds no accounts", band.name));
    }
    let band_inversions = band_inversions(&bands);
    for inversion in &band_inversions {
        warnings.push(format!(
            "{name}: band '{}' churns more ({:.1}%) than the worse band '{}' ({:.1}%){}",
            inversion.healthier,
            100.0 * inversion.healthier_rate,
            inversion.worse,
            100.0 * inversion.worse_rate,
            if inversion.beyond_intervals {
                ", beyond their 95% intervals"
            } else {
                "; within their 95% intervals, so possibly chance"
            }
        ));
    }
    let (raw_missing, applies) = groups::missing_and_applies(scorecard, scored, history);
    let measures = measure_rows(
        scored,
        &history.churned,
        &raw_missing,
        &applies,
        options.confidence,
    );
    for measure in &measures {
        if measure.contradicts_direction {
            warnings.push(format!(
                "{name}: measure '{}' contradicts its direction: in this history more points mean more churn (AUC {:.3})",
                measure.name,
                measure.auc.unwrap_or(0.5)
            ));
        }
        if measure.possible_leak {
            warnings.push(format!(
                "{name}: measure '{}' alone separates churners almost perfectly (AUC {:.3} > {LEAK_AUC}): \
                 check that it is not recorded only after churn (a leak)",
                measure.name,
                measure.auc.unwrap_or(1.0)
            ));
        }
    }
    let measure_correlations = measure_correlations(scored);
    for pair in &measure_correlations.redundant_pairs {
        warnings.push(format!(
            "{name}: measures '{}' and '{}' are redundant (correlation {:.2}): one may be enough",
            pair.a, pair.b, pair.correlation
        ));
    }
    let segments = groups::segment_reports(scorecard, scored, history, options, &mut warnings);
    let profiles = groups::profile_reports(scorecard, scored, history, options, &mut warnings);
    let profile_checks = groups::profile_checks(scorecard, scored, history, &mut warnings);
    CandidateReport {
        name,
        description: scorecard.description.clone(),
        source: scorecard.source.as_ref().map(|p| p.display().to_string()),
        discrimination,
        bands,
        band_inversions,
        deciles: deciles(&scored.scores, &history.churned),
        roc: metrics::auc::roc_curve(&scored.scores, &history.churned, options.roc_points)
            .unwrap_or_default(),
        measures,
        measure_correlations,
        segments,
        profiles,
        profile_checks,
        warnings,
    }
}

/// Churn per score decile (equal-count groups, ties kept together), lowest scores first.
pub fn deciles(scores: &[f64], churned: &[bool]) -> Vec<DecileRow> {
    metrics::deciles::score_deciles(scores, churned, 10).unwrap_or_default()
}
