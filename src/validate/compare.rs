//! Comparing candidates on the same accounts: DeLong's paired test, and optionally a
//! stratified bootstrap interval for the AUC difference.

use serde::Serialize;

use super::discrimination::explain;
use super::expansion::ExpansionComparison;
use super::reclassify::{reclassify, Reclassification};
use super::{Candidate, ValidateOptions};
use crate::data::History;
use crate::format::format_p;
use crate::judgement::{judge_difference, too_small_to_tell, Difference, POWER, SIGNIFICANCE};
use crate::metrics::delong::{paired_test_components, StructuralComponents};
use crate::metrics::power::detectable_difference;
use crate::metrics::{self, MetricError, PairedAucTest, RankedScores};

/// Candidate `a` against candidate `b` on the same accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub auc_a: Option<f64>,
    pub auc_b: Option<f64>,
    /// `AUC(a) − AUC(b)`.
    pub auc_diff: Option<f64>,
    /// DeLong z statistic of the difference.
    pub z: Option<f64>,
    /// Two-sided p-value of the DeLong test.
    pub p_value: Option<f64>,
    /// Percentile interval of the difference from stratified bootstrap resamples.
    pub bootstrap_ci: Option<[f64; 2]>,
    /// The smallest AUC difference this history could detect: `(z₀.₉₇₅ + z₀.₈₀) ·` the
    /// DeLong standard error of the difference (80% power at the 5% level).
    pub detectable_difference: Option<f64>,
    /// The verdict in plain words.
    pub verdict: String,
    /// How b moves the accounts between bands compared with a; `None` when the two have
    /// different numbers of bands (then `reclassification_note` says so), and from
    /// [`compare`] and [`compare_ranked`], which see scores only ([`validate`](super::validate)
    /// fills it in).
    pub reclassification: Option<Reclassification>,
    /// Why there is no `reclassification`.
    pub reclassification_note: Option<String>,
    /// The two compared on the expansion outcome, when one is given ([`validate`](super::validate)
    /// fills it in); absent from the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expansion: Option<ExpansionComparison>,
}

/// DeLong test (and bootstrap interval when `resamples > 0`) of `a` against `b`.
pub fn compare(
    (name_a, scores_a): (&str, &[f64]),
    (name_b, scores_b): (&str, &[f64]),
    churned: &[bool],
    resamples: usize,
    seed: u64,
    confidence: f64,
) -> Comparison {
    // errors in the order of `paired_test(scores_a, scores_b, churned)`
    let ranked =
        RankedScores::new(scores_a, churned).and_then(|a| Ok((a, RankedScores::new(scores_b, churned)?)));
    match ranked {
        Ok((a, b)) => compare_ranked((name_a, &a), (name_b, &b), resamples, seed, confidence),
        Err(error) => cannot_compare(name_a, name_b, &error),
    }
}

/// [`compare`] on two rankings of the same accounts, sorted once and shared with the
/// single-candidate statistics.
pub fn compare_ranked(
    (name_a, a): (&str, &RankedScores),
    (name_b, b): (&str, &RankedScores),
    resamples: usize,
    seed: u64,
    confidence: f64,
) -> Comparison {
    let test = metrics::delong::paired_test_ranked(a, b);
    compare_tested((name_a, a), (name_b, b), test, resamples, seed, confidence)
}

/// [`compare_ranked`] with the DeLong test already made (e.g. from each ranking's
/// structural components, made once for all its pairs).
fn compare_tested(
    (name_a, a): (&str, &RankedScores),
    (name_b, b): (&str, &RankedScores),
    test: Result<PairedAucTest, MetricError>,
    resamples: usize,
    seed: u64,
    confidence: f64,
) -> Comparison {
    let test = match test {
        Ok(test) => test,
        Err(error) => return cannot_compare(name_a, name_b, &error),
    };
    let detectable = detectable_difference(test.std_error, SIGNIFICANCE, POWER);
    let bootstrap_ci = (resamples > 0)
        .then(|| metrics::bootstrap::paired_auc_diff_interval_ranked(a, b, resamples, seed, confidence).ok())
        .flatten()
        .map(|i| [i.low, i.high]);
    Comparison {
        a: name_a.to_string(),
        b: name_b.to_string(),
        auc_a: Some(test.auc_a),
        auc_b: Some(test.auc_b),
        auc_diff: Some(test.diff),
        z: Some(test.z),
        p_value: Some(test.p_value),
        bootstrap_ci,
        detectable_difference: Some(detectable),
        verdict: verdict(name_a, name_b, (test.auc_a, test.auc_b), test.p_value, detectable),
        reclassification: None,
        reclassification_note: None,
        expansion: None,
    }
}

fn cannot_compare(name_a: &str, name_b: &str, error: &MetricError) -> Comparison {
    Comparison {
        a: name_a.to_string(),
        b: name_b.to_string(),
        auc_a: None,
        auc_b: None,
        auc_diff: None,
        z: None,
        p_value: None,
        bootstrap_ci: None,
        detectable_difference: None,
        verdict: format!("cannot compare: {}", explain(error)),
        reclassification: None,
        reclassification_note: None,
        expansion: None,
    }
}

/// "A separates churners better than B …" only when significant; otherwise says so plainly,
/// and says the history is too small to tell them apart when the difference is also below
/// `detectable`, the smallest difference it could detect ([`too_small_to_tell`]).
pub fn verdict(
    name_a: &str,
    name_b: &str,
    (auc_a, auc_b): (f64, f64),
    p_value: f64,
    detectable: f64,
) -> String {
    let p = format_p(p_value);
    if too_small_to_tell(auc_a - auc_b, p_value, detectable) {
        return format!(
            "no significant difference between '{name_a}' (AUC {auc_a:.3}) and '{name_b}' (AUC {auc_b:.3}), {p}: \
             this history is too small to tell them apart (they differ by {:.3}; it could reliably detect \
             only a difference of {detectable:.3} or more)",
            (auc_a - auc_b).abs()
        );
    }
    let (better, worse, high, low) = match judge_difference(auc_a - auc_b, p_value) {
        Difference::NotSignificant => {
            return format!(
                "no significant difference between '{name_a}' (AUC {auc_a:.3}) and '{name_b}' (AUC {auc_b:.3}), {p}: \
                 on this history neither separates churners better"
            )
        }
        _ if auc_a >= auc_b => (name_a, name_b, auc_a, auc_b),
        _ => (name_b, name_a, auc_b, auc_a),
    };
    format!(
        "'{better}' separates churners better than '{worse}': AUC {high:.3} vs {low:.3} \
         (+{:.3}), {p}",
        high - low
    )
}

/// Candidate `i` against candidate `j`, on their shared rankings when both could be ranked.
pub(super) fn compare_candidates(
    history: &History,
    candidates: &[Candidate],
    rankings: &[Result<RankedScores, MetricError>],
    components: &[Option<Result<StructuralComponents, MetricError>>],
    accounts: Option<&[u32]>,
    (i, j): (usize, usize),
    options: &ValidateOptions,
) -> Comparison {
    let (a, b) = (&candidates[i], &candidates[j]);
    let (name_a, name_b) = (a.scorecard.name.as_str(), b.scorecard.name.as_str());
    // pooled snapshots: the bootstrap resamples whole accounts, not rows
    let row_resamples = if accounts.is_some() { 0 } else { options.bootstrap };
    let mut comparison = match (&rankings[i], &rankings[j]) {
        (Ok(ranked_a), Ok(ranked_b)) => {
            // errors in the order of `paired_test_ranked(ranked_a, ranked_b)`
            let test = match (&components[i], &components[j]) {
                (Some(Ok(components_a)), Some(Ok(components_b))) => {
                    paired_test_components((ranked_a, components_a), (ranked_b, components_b))
                }
                _ => metrics::delong::paired_test_ranked(ranked_a, ranked_b),
            };
            let mut comparison = compare_tested(
                (name_a, ranked_a),
                (name_b, ranked_b),
                test,
                row_resamples,
                options.seed,
                options.confidence,
            );
            if let (Some(accounts), true) = (accounts, options.bootstrap > 0) {
                comparison.bootstrap_ci = metrics::bootstrap::paired_auc_diff_interval_by_account(
                    ranked_a,
                    ranked_b,
                    accounts,
                    options.bootstrap,
                    options.seed,
                    options.confidence,
                )
                .ok()
                .map(|interval| [interval.low, interval.high]);
            }
            comparison
        }
        _ => compare(
            (name_a, &a.scored.scores),
            (name_b, &b.scored.scores),
            &history.churned,
            options.bootstrap,
            options.seed,
            options.confidence,
        ),
    };
    match reclassify(a, b, &history.churned) {
        Ok(reclassification) => comparison.reclassification = Some(reclassification),
        Err(note) => comparison.reclassification_note = Some(note),
    }
    comparison
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_winner_only_when_significant() {
        let clear = verdict("B", "A", (0.70, 0.76), 0.0001, 0.01);
        assert!(
            clear.starts_with("'A' separates churners better than 'B'"),
            "{clear}"
        );
        assert!(clear.contains("p < 0.001"));
        let unclear = verdict("A", "B", (0.71, 0.70), 0.4, 0.005);
        assert!(unclear.starts_with("no significant difference"), "{unclear}");
        assert!(unclear.contains("p = 0.400"));
        assert!(
            unclear.ends_with("neither separates churners better"),
            "{unclear}"
        );
        let too_small = verdict("A", "B", (0.71, 0.70), 0.4, 0.03);
        assert_eq!(
            too_small,
            "no significant difference between 'A' (AUC 0.710) and 'B' (AUC 0.700), p = 0.400: this history is \
             too small to tell them apart (they differ by 0.010; it could reliably detect only a difference of \
             0.030 or more)"
        );
    }
}
