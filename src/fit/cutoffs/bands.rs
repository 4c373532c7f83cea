//! Churn per band for a set of scores and cutoffs: observed churn, its Wilson interval and
//! the fitted model's churn probability (its calibration). The band rule is the scorecard's
//! ([`band_index`]), the churn rate and its interval the validation's ([`BandCount`]).

use serde::Serialize;

use crate::scorecard::band_index;
use crate::validate::BandCount;

/// One band's accounts and churn under the suggested weights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandChurn {
    pub name: String,
    /// Upper cutoff (scores below it); `None` for the last band.
    pub below: Option<f64>,
    pub accounts: usize,
    /// `accounts / all accounts`.
    pub share: f64,
    pub churned: usize,
    /// `churned / accounts`; `None` for an empty band.
    pub churn_rate: Option<f64>,
    /// 95% Wilson interval of the churn rate.
    pub churn_rate_ci: Option<[f64; 2]>,
    /// Mean churn probability the fitted model gives the band's accounts (out of fold);
    /// `None` when no account in the band has one.
    pub predicted_churn_rate: Option<f64>,
}

/// Churn per band. `names` has one more entry than `cutoffs`; `probabilities` may be
/// `None` for accounts without a fitted model.
pub fn band_churn(
    names: &[String],
    cutoffs: &[f64],
    scores: &[f64],
    churned: &[bool],
    probabilities: &[Option<f64>],
    confidence: f64,
) -> Vec<BandChurn> {
    let count = names.len();
    let mut counts = vec![BandCount::default(); count];
    let mut probability_sum = vec![0.0; count];
    let mut with_probability = vec![0usize; count];
    for (row, &score) in scores.iter().enumerate() {
        let band = band_index(cutoffs.iter().copied(), score).min(count - 1);
        counts[band].add(churned[row]);
        if let Some(p) = probabilities.get(row).copied().flatten() {
            probability_sum[band] += p;
            with_probability[band] += 1;
        }
    }
    let total = scores.len().max(1) as f64;
    (0..count)
        .map(|b| BandChurn {
            name: names[b].clone(),
            below: cutoffs.get(b).copied(),
            accounts: counts[b].accounts,
            share: counts[b].accounts as f64 / total,
            churned: counts[b].churned,
            churn_rate: counts[b].churn_rate(),
            churn_rate_ci: counts[b].churn_rate_ci(confidence),
            predicted_churn_rate: (with_probability[b] > 0)
                .then(|| probability_sum[b] / with_probability[b] as f64),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_scorecard_rule() {
        let names: Vec<String> = ["red", "yellow", "green"].iter().map(|s| s.to_string()).collect();
        let rows = band_churn(
            &names,
            &[40.0, 70.0],
            &[39.9, 40.0, 100.0],
            &[false; 3],
            &[],
            0.95,
        );
        let accounts: Vec<usize> = rows.iter().map(|r| r.accounts).collect();
        assert_eq!(accounts, vec![1, 1, 1]);
    }

    #[test]
    fn churn_and_calibration_per_band() {
        let names: Vec<String> = ["red", "green"].iter().map(|s| s.to_string()).collect();
        let rows = band_churn(
            &names,
            &[50.0],
            &[10.0, 20.0, 60.0, 90.0],
            &[true, false, false, false],
            &[Some(0.6), Some(0.4), None, Some(0.1)],
            0.95,
        );
        assert_eq!((rows[0].accounts, rows[0].churned), (2, 1));
        assert_eq!(rows[0].churn_rate, Some(0.5));
        assert!((rows[0].predicted_churn_rate.unwrap() - 0.5).abs() < 1e-12);
        assert_eq!(rows[1].predicted_churn_rate, Some(0.1));
        assert_eq!(rows[1].below, None);
        assert_eq!(rows[1].share, 0.5);
    }
}
