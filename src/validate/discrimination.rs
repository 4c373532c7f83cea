//! How well one score separates churned from retained accounts: AUC with its DeLong
//! interval, Gini, KS, average precision and correlations, for any group of accounts.

use serde::Serialize;

use crate::metrics::{self, MetricError};

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
    let accounts = scores.len();
    let churned_count = churned.iter().filter(|&&c| c).count();
    let churn_rate = (accounts > 0).then(|| churned_count as f64 / accounts as f64);
    let estimate = metrics::delong::auc_with_ci(scores, churned, confidence);
    let outcome: Vec<f64> = churned.iter().map(|&c| f64::from(u8::from(c))).collect();
    let mut result = Discrimination {
        accounts,
        churned: churned_count,
        churn_rate,
        auc: None,
        auc_se: None,
        auc_ci: None,
        gini: None,
        ks: None,
        average_precision: None,
        pearson: metrics::correlation::pearson(scores, &outcome),
        spearman: metrics::correlation::spearman(scores, &outcome),
    };
    match estimate {
        Ok(estimate) => {
            result.auc = Some(estimate.auc);
            result.auc_se = Some(estimate.std_error);
            result.auc_ci = Some([estimate.ci_low, estimate.ci_high]);
            result.gini = Some(2.0 * estimate.auc - 1.0);
            result.ks = metrics::ks::ks_statistic(scores, churned).ok();
            result.average_precision = metrics::average_precision::average_precision(scores, churned).ok();
        }
        Err(error) => warnings.push(format!(
            "{context}: AUC, Gini, KS and average precision undefined: {}",
            explain(&error)
        )),
    }
    if result.pearson.is_none() && accounts > 1 {
        warnings.push(format!(
            "{context}: correlation with churn undefined (the score or the outcome is constant)"
        ));
    }
    result
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
