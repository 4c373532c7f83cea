//! How well one score separates churned from retained accounts: AUC with its DeLong
//! interval, Gini, KS, average precision and correlations, for any group of accounts.

use serde::Serialize;

use crate::metrics::{MetricError, RankedScores};

/// The discrimination statistics of one score over one group of accounts. A statistic that
/// is undefined for the group (one class only, constant score) is `None` and the reason is
/// in the caller's warnings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discrimination {
    pub accounts: usize,
    pub churned: usize,
    /// Share of accounts that churned (the base rate average precision is judged against).
    pub churn_rate: Option<f64>,
    /// P(a retained account scores higher than a churned one), ties counting one half.
    pub auc: Option<f64>,
    /// DeLong standard error of the AUC.
    pub auc_se: Option<f64>,
    /// 95% DeLong interval, clipped to [0, 1].
    pub auc_ci: Option<[f64; 2]>,
    /// `2·AUC − 1`.
    pub gini: Option<f64>,
    /// Kolmogorov–Smirnov distance between churned and retained score distributions.
    pub ks: Option<f64>,
    /// Average precision of finding churners by lowest score first.
    pub average_precision: Option<f64>,
    /// Point-biserial (Pearson) correlation of score with churn (1 = churned); negative
    /// for a useful health score.
    pub pearson: Option<f64>,
    /// Spearman rank correlation of score with churn; negative for a useful health score.
    pub spearman: Option<f64>,
}

/// Computes every discrimination statistic; `warnings` gets one line per undefined one,
/// prefixed with `context` (e.g. "Current Q3, segment smb").
pub fn discrimination(
    scores: &[f64],
    churned: &[bool],
    confidence: f64,
    context: &str,
    warnings: &mut Vec<String>,
) -> Discrimination {
    match RankedScores::new(scores, churned) {
        Ok(ranked) => ranked_discrimination(&ranked, confidence, context, warnings),
        Err(error) => unranked_discrimination(scores.len(), churned, &error, context, warnings),
    }
}

/// [`discrimination`] of accounts already ranked: every rank statistic reads the one sort.
pub fn ranked_discrimination(
    ranked: &RankedScores,
    confidence: f64,
    context: &str,
    warnings: &mut Vec<String>,
) -> Discrimination {
    let accounts = ranked.len();
    let churned_count = ranked.counts().churned;
    let mut result = Discrimination {
        accounts,
        churned: churned_count,
        churn_rate: Some(churned_count as f64 / accounts as f64),
        auc: None,
        auc_se: None,
        auc_ci: None,
        gini: None,
        ks: None,
        average_precision: None,
        pearson: ranked.point_biserial(),
        spearman: ranked.spearman_with_churn(),
    };
    match ranked.auc_with_ci(confidence) {
        Ok(estimate) => {
            result.auc = Some(estimate.auc);
            result.auc_se = Some(estimate.std_error);
            result.auc_ci = Some([estimate.ci_low, estimate.ci_high]);
            result.gini = Some(2.0 * estimate.auc - 1.0);
            result.ks = ranked.ks().ok();
            result.average_precision = ranked.average_precision().ok();
        }
        Err(error) => warnings.push(undefined_auc(context, &error)),
    }
    if result.pearson.is_none() && accounts > 1 {
        warnings.push(undefined_correlation(context));
    }
    result
}

/// [`discrimination`] of accounts that could not be ranked (none, or a non-finite score):
/// every statistic undefined, with the reason.
pub(crate) fn unranked_discrimination(
    accounts: usize,
    churned: &[bool],
    error: &MetricError,
    context: &str,
    warnings: &mut Vec<String>,
) -> Discrimination {
    let churned_count = churned.iter().filter(|&&c| c).count();
    warnings.push(undefined_auc(context, error));
    if accounts > 1 {
        warnings.push(undefined_correlation(context));
    }
    Discrimination {
        accounts,
        churned: churned_count,
        churn_rate: (accounts > 0).then(|| churned_count as f64 / accounts as f64),
        auc: None,
        auc_se: None,
        auc_ci: None,
        gini: None,
        ks: None,
        average_precision: None,
        pearson: None,
        spearman: None,
    }
}

fn undefined_auc(context: &str, error: &MetricError) -> String {
    format!(
        "{context}: AUC, Gini, KS and average precision undefined: {}",
        explain(error)
    )
}

fn undefined_correlation(context: &str) -> String {
    format!("{context}: correlation with churn undefined (the score or the outcome is constant)")
}

/// A metric error in the analyst's words.
pub fn explain(error: &MetricError) -> String {
    match error {
        MetricError::OneClass { churned, retained } => format!(
            "needs both churned and retained accounts, found {churned} churned and {retained} retained"
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics;

    #[test]
    fn ranked_and_slice_paths_agree() {
        let scores = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        let churned = [false, true, false, true, false, false, true, false];
        let mut warnings = Vec::new();
        let from_slices = discrimination(&scores, &churned, 0.95, "x", &mut warnings);
        let ranked = RankedScores::new(&scores, &churned).unwrap();
        let from_ranked = ranked_discrimination(&ranked, 0.95, "x", &mut warnings);
        assert_eq!(from_slices, from_ranked);
        let spearman = metrics::correlation::spearman(&scores, &churned.map(|c| f64::from(u8::from(c))));
        assert_eq!(from_ranked.spearman, spearman);
        assert!(warnings.is_empty());
    }

    #[test]
    fn no_accounts_gives_nulls_and_a_reason() {
        let mut warnings = Vec::new();
        let d = discrimination(&[], &[], 0.95, "empty", &mut warnings);
        assert_eq!((d.accounts, d.auc, d.churn_rate), (0, None, None));
        assert_eq!(
            warnings,
            vec!["empty: AUC, Gini, KS and average precision undefined: no accounts: the input is empty"]
        );
    }
}
