//! Churn per band: is each band's churn rate where its name says it should be?

use serde::Serialize;

use crate::metrics::wilson::wilson_interval;
use crate::scorecard::Band;

/// Accounts and churned accounts in one band: its churn rate and the rate's Wilson interval.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BandCount {
    pub accounts: usize,
    pub churned: usize,
}

impl BandCount {
    /// Counts one account.
    pub fn add(&mut self, churned: bool) {
        self.accounts += 1;
        self.churned += usize::from(churned);
    }

    /// `churned / accounts`; `None` for an empty band.
    pub fn churn_rate(&self) -> Option<f64> {
        (self.accounts > 0).then(|| self.churned as f64 / self.accounts as f64)
    }

    /// Wilson score interval of the churn rate at `confidence`; `None` for an empty band.
    pub fn churn_rate_ci(&self, confidence: f64) -> Option<[f64; 2]> {
        (self.accounts > 0).then(|| {
            let (low, high) = wilson_interval(self.churned, self.accounts, confidence);
            [low, high]
        })
    }
}

/// One band's churn figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandRow {
    pub name: String,
    pub color: String,
    pub accounts: usize,
    pub churned: usize,
    /// `churned / accounts`; `None` for an empty band.
    pub churn_rate: Option<f64>,
    /// 95% Wilson score interval of the churn rate.
    pub churn_rate_ci: Option<[f64; 2]>,
    /// Share of all churned accounts that sit in this band.
    pub share_of_churned: Option<f64>,
    /// Churn rate divided by the overall churn rate.
    pub lift: Option<f64>,
    /// Churned value / value (e.g. ARR), when a value column is given.
    pub revenue_churn_rate: Option<f64>,
    /// Sum of the value of the band's accounts, when a value column is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Sum of the value of the band's churned accounts, when a value column is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_churned: Option<f64>,
    /// The band's value over the value of all accounts, when a value column is given and
    /// the total is not 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_of_value: Option<f64>,
}

/// What the worst band holds of the accounts' value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ValueAtRisk {
    /// Sum of the value of the accounts in the worst band ("value at risk").
    pub value_at_risk: f64,
    /// Value-weighted churn capture of the worst band: value churned in it over all value
    /// churned; `None` when no value churned.
    pub worst_band_value_capture: Option<f64>,
}

/// The worst band's value and its share of the churned value, from band rows that carry
/// values (`None` without a value column or without bands).
///
/// `value_at_risk = Σ value in the worst band`,
/// `worst_band_value_capture = Σ churned value in the worst band / Σ churned value`.
pub fn value_at_risk(rows: &[BandRow]) -> Option<ValueAtRisk> {
    let worst = rows.first()?;
    let churned: f64 = rows.iter().filter_map(|r| r.value_churned).sum();
    Some(ValueAtRisk {
        value_at_risk: worst.value?,
        worst_band_value_capture: (churned > 0.0)
            .then(|| worst.value_churned.map(|v| v / churned))
            .flatten(),
    })
}

/// A healthier band that churns more than a worse one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandInversion {
    pub worse: String,
    pub healthier: String,
    pub worse_rate: f64,
    pub healthier_rate: f64,
    /// True when the two Wilson intervals do not overlap.
    pub beyond_intervals: bool,
}

/// Churn figures per band. `bands[i]` indexes `scorecard_bands`; `values` is the optional
/// account value for revenue churn.
pub fn band_churn_rates(
    scorecard_bands: &[Band],
    bands: &[u8],
    churned: &[bool],
    values: Option<&[f64]>,
    confidence: f64,
) -> Vec<BandRow> {
    let count = scorecard_bands.len();
    let mut counts = vec![BandCount::default(); count];
    let mut value = vec![0.0f64; count];
    let mut churned_value = vec![0.0f64; count];
    for (row, band) in bands.iter().map(|&b| usize::from(b)).enumerate() {
        counts[band].add(churned[row]);
        let v = values.map_or(0.0, |values| values[row]);
        value[band] += v;
        if churned[row] {
            churned_value[band] += v;
        }
    }
    let total_churned: usize = counts.iter().map(|c| c.churned).sum();
    let total_value: f64 = value.iter().sum();
    let overall = total_churned as f64 / bands.len().max(1) as f64;
    scorecard_bands
        .iter()
        .enumerate()
        .map(|(i, band)| {
            let rate = counts[i].churn_rate();
            BandRow {
                name: band.name.clone(),
                color: band.color.clone(),
                accounts: counts[i].accounts,
                churned: counts[i].churned,
                churn_rate: rate,
                churn_rate_ci: counts[i].churn_rate_ci(confidence),
                share_of_churned: (total_churned > 0)
                    .then(|| counts[i].churned as f64 / total_churned as f64),
                lift: rate.filter(|_| overall > 0.0).map(|r| r / overall),
                revenue_churn_rate: values
                    .filter(|_| value[i] > 0.0)
                    .map(|_| churned_value[i] / value[i]),
                value: values.map(|_| value[i]),
                value_churned: values.map(|_| churned_value[i]),
                share_of_value: values
                    .filter(|_| total_value > 0.0)
                    .map(|_| value[i] / total_value),
            }
        })
        .collect()
}

/// Every pair of non-empty bands where the healthier one churns more (bands run worst to
/// best, so churn rates should fall).
pub fn band_inversions(rows: &[BandRow]) -> Vec<BandInversion> {
    let mut inversions = Vec::new();
    for (i, worse) in rows.iter().enumerate() {
        for healthier in &rows[i + 1..] {
            let (Some(worse_rate), Some(healthier_rate)) = (worse.churn_rate, healthier.churn_rate) else {
                continue;
            };
            if healthier_rate > worse_rate {
                let beyond_intervals = match (worse.churn_rate_ci, healthier.churn_rate_ci) {
                    (Some(w), Some(h)) => h[0] > w[1],
                    _ => false,
                };
                inversions.push(BandInversion {
                    worse: worse.name.clone(),
                    healthier: healthier.name.clone(),
                    worse_rate,
                    healthier_rate,
                    beyond_intervals,
                });
            }
        }
    }
    inversions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands() -> Vec<Band> {
        ["red", "yellow", "green"]
            .iter()
            .map(|name| Band {
                name: name.to_string(),
                below: None,
                color: "#000".into(),
            })
            .collect()
    }

    #[test]
    fn counts_rates_shares_and_lift() {
        // red: 2 accounts, 2 churned; yellow: 2 accounts, 1 churned; green: 4, 1 churned.
        let band = [0, 0, 1, 1, 2, 2, 2, 2];
        let churned = [true, true, true, false, true, false, false, false];
        let rows = band_churn_rates(&bands(), &band, &churned, None, 0.95);
        assert_eq!(rows[0].churn_rate, Some(1.0));
        assert_eq!(rows[1].churn_rate, Some(0.5));
        assert_eq!(rows[2].churn_rate, Some(0.25));
        assert_eq!(rows[0].share_of_churned, Some(0.5));
        // Overall rate 4/8 = 0.5, so red's lift is 2.
        assert_eq!(rows[0].lift, Some(2.0));
        assert!(band_inversions(&rows).is_empty());
    }

    #[test]
    fn revenue_churn_uses_values() {
        let band = [0, 0];
        let churned = [true, false];
        let values = [300.0, 100.0];
        let rows = band_churn_rates(&bands(), &band, &churned, Some(&values), 0.95);
        assert_eq!(rows[0].revenue_churn_rate, Some(0.75));
        assert_eq!((rows[0].value, rows[0].value_churned), (Some(400.0), Some(300.0)));
        assert_eq!(
            (rows[0].share_of_value, rows[1].share_of_value),
            (Some(1.0), Some(0.0))
        );
        assert_eq!(rows[1].value, Some(0.0));
        assert_eq!(rows[1].churn_rate, None);
        assert_eq!(rows[1].churn_rate_ci, None);
    }

    #[test]
    fn value_at_risk_is_the_worst_bands_value_and_its_share_of_churned_value() {
        // red: 100 (churned) + 50; yellow: 200 (churned); green: 400 + 250 (churned)
        let band = [0, 0, 1, 2, 2];
        let churned = [true, false, true, false, true];
        let values = [100.0, 50.0, 200.0, 400.0, 250.0];
        let rows = band_churn_rates(&bands(), &band, &churned, Some(&values), 0.95);
        assert_eq!(rows[2].share_of_value, Some(650.0 / 1000.0));
        let risk = value_at_risk(&rows).unwrap();
        assert_eq!(risk.value_at_risk, 150.0);
        assert_eq!(risk.worst_band_value_capture, Some(100.0 / 550.0));
        let without = band_churn_rates(&bands(), &band, &churned, None, 0.95);
        assert_eq!(value_at_risk(&without), None);
        let none_churned = band_churn_rates(&bands(), &band, &[false; 5], Some(&values), 0.95);
        assert_eq!(
            value_at_risk(&none_churned).unwrap().worst_band_value_capture,
            None
        );
    }

    #[test]
    fn flags_a_healthier_band_that_churns_more() {
        let band = [0, 0, 0, 0, 2, 2, 2, 2];
        let churned = [false, false, false, true, true, true, true, false];
        let rows = band_churn_rates(&bands(), &band, &churned, None, 0.95);
        let inversions = band_inversions(&rows);
        assert_eq!(inversions.len(), 1);
        assert_eq!(
            (inversions[0].worse.as_str(), inversions[0].healthier.as_str()),
            ("red", "green")
        );
        assert!(
            !inversions[0].beyond_intervals,
            "4 accounts each: intervals overlap"
        );
    }
}
