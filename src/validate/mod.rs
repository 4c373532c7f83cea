//! Validation: how well does each candidate scorecard predict churn, overall, per band,
//! decile, measure, segment and profile, and is one candidate better than another?
//!
//! Everything here works on scored accounts and plain slices; loading and printing are the
//! CLI's job.

mod bands;
mod capacity;
mod compare;
mod discrimination;
mod error;
mod expansion;
mod groups;
mod measures;
mod misses;
mod reclassify;
mod shared;
mod trend;
mod warnings;
use warnings::{band_warnings, inversion_warnings, measure_warnings};

use rayon::prelude::*;
use serde::Serialize;

pub use bands::{
    band_churn_rates, band_inversions, value_at_risk, BandCount, BandInversion, BandRow, ValueAtRisk,
};
pub use capacity::{review_shares, DEFAULT_CAPACITY};
use compare::compare_candidates;
pub use compare::{compare, compare_ranked, verdict, Comparison};
use discrimination::unranked_discrimination;
pub use discrimination::{discrimination, explain, ranked_discrimination, Discrimination};
pub use error::ValidateError;
pub use expansion::{
    compare_expansion, expansion_bands, expansion_report, expansion_verdict, not_expanded, ExpansionBand,
    ExpansionComparison, ExpansionReport,
};
pub use groups::{GroupReport, ProfileCheck};
pub use measures::{
    measure_diagnostics, MeasureCorrelations, MeasureRow, RedundantPair, REDUNDANT_CORRELATION,
};
pub use misses::{misses, Blindsided, FalseAlarms, MissedMeasure, Misses};
pub use reclassify::{reclassify, BandMove, Reclassification};
pub use trend::{ChurnGroup, TrendTest, FALLING_POINTS};

use crate::data::stream::account_numbers;
use crate::data::History;
use crate::judgement::FEW_CHURNED;
pub use crate::metrics::deciles::DecileRow;
use crate::metrics::delong::StructuralComponents;
use crate::metrics::{self, auc::RocPoint, capacity::CapacityRow, MetricError, RankedScores};
use crate::scorecard::{Scorecard, ScoredAccounts};

/// Settings of a validation run; the defaults are the CLI's.
#[derive(Debug, Clone, PartialEq)]
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
    /// Shares of accounts a review team can look at, lowest scores first (default
    /// [`DEFAULT_CAPACITY`]); each strictly between 0 and 1 (see [`review_shares`]).
    pub capacity: Vec<f64>,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions {
            bootstrap: 0,
            seed: 42,
            confidence: 0.95,
            min_class_count: 30,
            roc_points: 200,
            capacity: DEFAULT_CAPACITY.to_vec(),
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
    /// Where the score missed: blindsided churners, false alarms, their measures.
    pub misses: Misses,
    /// What reviewing each share of the lowest-scored accounts catches (empty when the
    /// scores cannot be ranked).
    pub capacity: Vec<CapacityRow>,
    /// The value in the worst band and its share of the churned value, when a value column
    /// is given; absent from the JSON otherwise.
    #[serde(flatten)]
    pub value: Option<ValueAtRisk>,
    /// The expansion outcome's figures, when one is given; absent from the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expansion: Option<ExpansionReport>,
    pub warnings: Vec<String>,
    /// With snapshot dates: does the score's change add to its level? Filled in by
    /// [`crate::trend`] (absent from the JSON without dates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<TrendTest>,
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
    // several snapshots of an account are not independent draws: the bootstrap resamples
    // accounts with all their rows
    let accounts = (options.bootstrap > 0)
        .then(|| account_numbers(history.ids.iter().map(String::as_str)))
        .filter(|&(_, count)| count < history.len())
        .map(|(of_row, count)| {
            warnings.push(format!(
                "the bootstrap intervals resample the {count} accounts, each with all its snapshots, not the {} rows",
                history.len()
            ));
            of_row
        });
    // one computation per distinct measure, shared by the candidates that use it; then one
    // sort per candidate, shared by its statistics, its groups and the comparisons. One
    // after the other (each in parallel), so that the measures' sorting buffers are freed
    // before the candidates' rankings, which live to the end, are made
    let scored: Vec<(&Scorecard, &ScoredAccounts)> =
        candidates.iter().map(|c| (&c.scorecard, &c.scored)).collect();
    let mut clock = std::time::Instant::now();
    let diagnostics = measure_diagnostics(&scored, history, options.confidence);
    crate::timing::lap("measure statistics", &mut clock);
    // one candidate at a time (each sort runs on every core), so that one sort's buffers
    // are alive at a time
    let rankings: Vec<Result<RankedScores, MetricError>> = candidates
        .iter()
        .map(|c| RankedScores::new(&c.scored.scores, &history.churned))
        .collect();
    crate::timing::lap("rank every candidate", &mut clock);
    // the expansion outcome ranks every candidate once more, against "did not expand"
    let did_not_expand = history.expansion.as_ref().map(not_expanded);
    let expansion_rankings: Option<Vec<Result<RankedScores, MetricError>>> =
        did_not_expand.as_ref().map(|flags| {
            candidates
                .iter()
                .map(|c| RankedScores::new(&c.scored.scores, flags))
                .collect()
        });
    let expansion = history.expansion.as_ref().zip(expansion_rankings.as_deref());
    let pairs: Vec<(usize, usize)> = (0..candidates.len())
        .flat_map(|i| (i + 1..candidates.len()).map(move |j| (i, j)))
        .collect();
    // each ranking's DeLong components, made once for all the pairs it is in (4 bytes an
    // account each)
    let components: Vec<Option<Result<StructuralComponents, MetricError>>> = if pairs.is_empty() {
        Vec::new()
    } else {
        rankings
            .par_iter()
            .map(|ranking| ranking.as_ref().ok().map(StructuralComponents::new))
            .collect()
    };
    let (scorecards, comparisons) = rayon::join(
        || {
            candidates
                .par_iter()
                .zip(&rankings)
                .zip(diagnostics)
                .enumerate()
                .map(|(i, ((candidate, ranking), measures))| {
                    let mut report = candidate_report(history, candidate, ranking, measures, options);
                    report.expansion = expansion.map(|(outcome, rankings)| {
                        expansion_report(
                            &outcome.column,
                            &rankings[i],
                            (&candidate.scorecard.bands, &candidate.scored.bands),
                            &outcome.expanded,
                            options.confidence,
                        )
                    });
                    report
                })
                .collect()
        },
        || {
            pairs
                .par_iter()
                .map(|&(i, j)| {
                    let mut comparison = compare_candidates(
                        history,
                        candidates,
                        &rankings,
                        &components,
                        accounts.as_deref(),
                        (i, j),
                        options,
                    );
                    comparison.expansion = expansion.map(|(outcome, rankings)| {
                        compare_expansion(
                            &outcome.column,
                            (&candidates[i].scorecard.name, &rankings[i]),
                            (&candidates[j].scorecard.name, &rankings[j]),
                        )
                    });
                    comparison
                })
                .collect()
        },
    );
    crate::timing::lap("each candidate's statistics and the comparisons", &mut clock);
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

fn candidate_report(
    history: &History,
    candidate: &Candidate,
    ranking: &Result<RankedScores, MetricError>,
    (measures, measure_correlations): (Vec<MeasureRow>, MeasureCorrelations),
    options: &ValidateOptions,
) -> CandidateReport {
    let Candidate { scorecard, scored } = candidate;
    let name = scorecard.name.clone();
    let whole = ranking.as_ref().ok();
    let mut warnings = Vec::new();
    let discrimination = match ranking {
        Ok(ranked) => ranked_discrimination(ranked, options.confidence, &name, &mut warnings),
        Err(error) => {
            unranked_discrimination(scored.scores.len(), &history.churned, error, &name, &mut warnings)
        }
    };
    let churned = discrimination.churned;
    if churned < FEW_CHURNED {
        warnings.push(format!(
            "{name}: only {churned} churned accounts (fewer than {FEW_CHURNED}): comparisons with other scorecards \
             can tell only large differences apart (see each comparison's detectable difference)"
        ));
    }
    let bands = band_churn_rates(
        &scorecard.bands,
        &scored.bands,
        &history.churned,
        history.value.as_deref(),
        options.confidence,
    );
    warnings.extend(band_warnings(&name, &bands));
    let band_inversions = band_inversions(&bands);
    let value = value_at_risk(&bands);
    warnings.extend(inversion_warnings(&name, &band_inversions));
    let ((segments, segment_warnings), ((profiles, profile_warnings), (profile_checks, check_warnings))) =
        rayon::join(
            || groups::segment_reports(candidate, history, options),
            || {
                rayon::join(
                    || groups::profile_reports(candidate, history, options),
                    || groups::profile_checks(candidate, history),
                )
            },
        );
    warnings.extend(measure_warnings(&name, &measures));
    for pair in &measure_correlations.redundant_pairs {
        warnings.push(format!(
            "{name}: measures '{}' and '{}' are redundant (correlation {:.2}): one may be enough",
            pair.a, pair.b, pair.correlation
        ));
    }
    warnings.extend(segment_warnings);
    warnings.extend(profile_warnings);
    warnings.extend(check_warnings);
    let (deciles, roc, capacity) = match whole {
        Some(ranked) => (
            ranked.deciles(10).unwrap_or_default(),
            ranked.roc_curve(options.roc_points).unwrap_or_default(),
            ranked
                .review_capacity(history.value.as_deref(), &options.capacity)
                .unwrap_or_default(),
        ),
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    CandidateReport {
        name,
        description: scorecard.description.clone(),
        source: scorecard.source.as_ref().map(|p| p.display().to_string()),
        discrimination,
        bands,
        band_inversions,
        deciles,
        roc,
        measures,
        measure_correlations,
        segments,
        profiles,
        profile_checks,
        misses: misses(scorecard, scored, history),
        capacity,
        value,
        expansion: None,
        warnings,
        trend: None,
    }
}

/// Churn per score decile (equal-count groups, ties kept together), lowest scores first.
pub fn deciles(scores: &[f64], churned: &[bool]) -> Vec<DecileRow> {
    metrics::deciles::score_deciles(scores, churned, 10).unwrap_or_default()
}
