//! The second outcome, expansion: do higher scores find the accounts that grew? Its AUC
//! with the DeLong interval, its rate per band with the Wilson interval, and the DeLong
//! test of two candidates on it, all from the churn statistics of `metrics`.
//!
//! Direction: `metrics` counts the *flagged* class as the one expected to score low (the
//! churners) and gives P(an unflagged account scores higher than a flagged one). Expansion
//! is expected to come with HIGH scores, so the flags handed to `metrics` are "did not
//! expand" ([`not_expanded`]): the AUC is then P(an account that expanded scores higher
//! than one that did not), ties counting one half — 0.5 is no signal, above 0.5 means a
//! higher score goes with more expansion (the opposite side of the churn AUC, where the
//! churner is the one expected to score lower).

use serde::Serialize;

use super::bands::BandCount;
use super::discrimination::explain;
use crate::data::Expansion;
use crate::format::format_p;
use crate::judgement::{judge_difference, Difference};
use crate::metrics::{self, MetricError, RankedScores};
use crate::scorecard::Band;

/// One candidate's figures on the expansion outcome (the `expansion` object of the JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpansionReport {
    /// The expansion column, which labels every figure.
    pub column: String,
    pub accounts: usize,
    /// Accounts that expanded.
    pub expanded: usize,
    /// `expanded / accounts` (0 when there are no accounts).
    pub rate: f64,
    /// P(an account that expanded scores higher than one that did not), ties ½.
    pub auc: Option<f64>,
    /// DeLong standard error of the AUC.
    pub auc_se: Option<f64>,
    /// DeLong interval at the run's confidence, clipped to [0, 1].
    pub auc_ci: Option<[f64; 2]>,
    /// Why there is no AUC (one class only, too few of a class, scores not comparable).
    pub note: Option<String>,
    /// Expansion per band, worst band first.
    pub bands: Vec<ExpansionBand>,
}

/// Expansion in one band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpansionBand {
    pub name: String,
    pub accounts: usize,
    pub expanded: usize,
    /// `expanded / accounts`; `None` for an empty band.
    pub rate: Option<f64>,
    /// Wilson score interval of the rate; `None` for an empty band.
    pub rate_ci: Option<[f64; 2]>,
}

/// Two candidates compared on expansion (the `expansion` object of a comparison).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpansionComparison {
    pub column: String,
    pub auc_a: Option<f64>,
    pub auc_b: Option<f64>,
    /// `AUC(a) − AUC(b)` on expansion.
    pub auc_diff: Option<f64>,
    /// DeLong z statistic of the difference.
    pub z: Option<f64>,
    /// Two-sided p-value of the DeLong test.
    pub p_value: Option<f64>,
    /// The verdict in plain words.
    pub verdict: String,
}

/// The flags to rank by for the expansion AUC: true where the account did NOT expand (see
/// the module note on direction).
pub fn not_expanded(expansion: &Expansion) -> Vec<bool> {
    expansion.expanded.iter().map(|&e| !e).collect()
}

/// A candidate's expansion figures. `ranking` ranks its scores against [`not_expanded`];
/// `bands[i]` indexes `scorecard_bands`; `expanded` is the outcome, row by row.
pub fn expansion_report(
    column: &str,
    ranking: &Result<RankedScores, MetricError>,
    (scorecard_bands, bands): (&[Band], &[u8]),
    expanded: &[bool],
    confidence: f64,
) -> ExpansionReport {
    let accounts = expanded.len();
    let expanded_count = expanded.iter().filter(|&&e| e).count();
    let estimate = ranking
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|ranked| ranked.auc_with_ci(confidence));
    let (auc, auc_se, auc_ci, note) = match estimate {
        Ok(e) => (Some(e.auc), Some(e.std_error), Some([e.ci_low, e.ci_high]), None),
        Err(error) => (None, None, None, Some(explain_expansion(&error))),
    };
    ExpansionReport {
        column: column.to_string(),
        accounts,
        expanded: expanded_count,
        rate: expanded_count as f64 / accounts.max(1) as f64,
        auc,
        auc_se,
        auc_ci,
        note,
        bands: expansion_bands(scorecard_bands, bands, expanded, confidence),
    }
}

/// Expansion per band with its Wilson interval ([`metrics::wilson::wilson_interval`]).
pub fn expansion_bands(
    scorecard_bands: &[Band],
    bands: &[u8],
    expanded: &[bool],
    confidence: f64,
) -> Vec<ExpansionBand> {
    let mut counts = vec![BandCount::default(); scorecard_bands.len()];
    for (&band, &expanded) in bands.iter().zip(expanded) {
        counts[usize::from(band)].add(expanded);
    }
    scorecard_bands
        .iter()
        .zip(&counts)
        .map(|(band, count)| ExpansionBand {
            name: band.name.clone(),
            accounts: count.accounts,
            expanded: count.churned,
            rate: count.churn_rate(),
            rate_ci: count.churn_rate_ci(confidence),
        })
        .collect()
}

/// The DeLong test ([`metrics::delong::paired_test_ranked`]) of two candidates on
/// expansion, each ranked against [`not_expanded`].
pub fn compare_expansion(
    column: &str,
    (name_a, a): (&str, &Result<RankedScores, MetricError>),
    (name_b, b): (&str, &Result<RankedScores, MetricError>),
) -> ExpansionComparison {
    let test = match (a, b) {
        (Ok(a), Ok(b)) => metrics::delong::paired_test_ranked(a, b),
        (Err(error), _) | (_, Err(error)) => Err(error.clone()),
    };
    match test {
        Ok(test) => ExpansionComparison {
            column: column.to_string(),
            auc_a: Some(test.auc_a),
            auc_b: Some(test.auc_b),
            auc_diff: Some(test.diff),
            z: Some(test.z),
            p_value: Some(test.p_value),
            verdict: expansion_verdict(column, (name_a, name_b), (test.auc_a, test.auc_b), test.p_value),
        },
        Err(error) => ExpansionComparison {
            column: column.to_string(),
            auc_a: None,
            auc_b: None,
            auc_diff: None,
            z: None,
            p_value: None,
            verdict: format!("cannot compare on '{column}': {}", explain_expansion(&error)),
        },
    }
}

/// "'A' finds expansion ('expanded') better than 'B' …" only when the DeLong test is
/// significant ([`judge_difference`]); otherwise says that neither does.
pub fn expansion_verdict(
    column: &str,
    (name_a, name_b): (&str, &str),
    (auc_a, auc_b): (f64, f64),
    p_value: f64,
) -> String {
    let p = format_p(p_value);
    let (better, worse, high, low) = match judge_difference(auc_a - auc_b, p_value) {
        Difference::NotSignificant => {
            return format!(
            "no significant difference between '{name_a}' (AUC {auc_a:.3}) and '{name_b}' (AUC {auc_b:.3}) \
                 in finding expansion ('{column}'), {p}"
        )
        }
        _ if auc_a >= auc_b => (name_a, name_b, auc_a, auc_b),
        _ => (name_b, name_a, auc_b, auc_a),
    };
    format!(
        "'{better}' finds expansion ('{column}') better than '{worse}': AUC {high:.3} vs {low:.3} (+{:.3}), {p}",
        high - low
    )
}

/// Why an expansion AUC is undefined, in the outcome's own words.
fn explain_expansion(error: &MetricError) -> String {
    match error {
        MetricError::OneClass { churned, retained } => format!(
            "needs accounts that expanded and accounts that did not, found {retained} expanded and {churned} not"
        ),
        MetricError::TooFewForVariance { churned, retained } => format!(
            "the DeLong standard error needs at least 2 accounts that expanded and 2 that did not, \
             found {retained} expanded and {churned} not"
        ),
        other => explain(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands() -> Vec<Band> {
        ["red", "green"]
            .iter()
            .map(|name| Band {
                name: name.to_string(),
                below: None,
                color: "#000".into(),
            })
            .collect()
    }

    fn report(scores: &[f64], expanded: &[bool], band: &[u8]) -> ExpansionReport {
        let flags: Vec<bool> = expanded.iter().map(|&e| !e).collect();
        let ranking = RankedScores::new(scores, &flags);
        expansion_report("grew", &ranking, (&bands(), band), expanded, 0.95)
    }

    #[test]
    fn higher_scores_that_expand_give_an_auc_above_one_half() {
        // expanded: 4 and 3; not: 1, 2, 3. Pairs (expanded > not): 4 beats all three, 3 beats
        // 1 and 2 and ties 3 (½): (3 + 2.5) / 6
        let scores = [4.0, 3.0, 1.0, 2.0, 3.0];
        let expanded = [true, true, false, false, false];
        let r = report(&scores, &expanded, &[1, 1, 0, 0, 1]);
        assert_eq!(r.auc, Some(5.5 / 6.0));
        assert_eq!((r.accounts, r.expanded, r.rate), (5, 2, 0.4));
        assert_eq!(r.note, None);
        assert_eq!(r.bands[0].rate, Some(0.0));
        assert_eq!(r.bands[1].expanded, 2);
        assert_eq!(r.bands[1].rate, Some(2.0 / 3.0));
        let (low, high) = metrics::wilson::wilson_interval(2, 3, 0.95);
        assert_eq!(r.bands[1].rate_ci, Some([low, high]));
    }

    #[test]
    fn one_class_gives_a_note_not_an_auc() {
        let r = report(&[1.0, 2.0], &[false, false], &[0, 1]);
        assert_eq!(r.auc, None);
        assert_eq!(
            r.note.as_deref(),
            Some("needs accounts that expanded and accounts that did not, found 0 expanded and 2 not")
        );
    }

    #[test]
    fn an_empty_band_has_no_rate() {
        let r = report(&[1.0, 2.0], &[true, false], &[1, 1]);
        assert_eq!(
            (r.bands[0].accounts, r.bands[0].rate, r.bands[0].rate_ci),
            (0, None, None)
        );
    }

    #[test]
    fn the_verdict_names_a_winner_only_when_significant() {
        let clear = expansion_verdict("grew", ("A", "B"), (0.60, 0.70), 0.001);
        assert_eq!(
            clear,
            "'B' finds expansion ('grew') better than 'A': AUC 0.700 vs 0.600 (+0.100), p = 0.001"
        );
        let unclear = expansion_verdict("grew", ("A", "B"), (0.60, 0.61), 0.5);
        assert!(unclear.starts_with("no significant difference"), "{unclear}");
    }

    #[test]
    fn a_comparison_is_the_delong_test_on_not_expanded() {
        let a = [4.0, 3.0, 1.0, 2.0, 3.0, 0.5];
        let b = [1.0, 3.0, 4.0, 2.0, 3.0, 0.5];
        let flags = [false, false, true, true, true, true];
        let (ra, rb) = (RankedScores::new(&a, &flags), RankedScores::new(&b, &flags));
        let comparison = compare_expansion("grew", ("A", &ra), ("B", &rb));
        let test = metrics::delong::paired_test(&a, &b, &flags).unwrap();
        assert_eq!(comparison.auc_diff, Some(test.diff));
        assert_eq!(comparison.p_value, Some(test.p_value));
    }
}
