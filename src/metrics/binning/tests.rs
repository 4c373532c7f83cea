//! Properties and hand-worked cases of the monotone binning.

use super::*;
use crate::metrics::woe::information_value;
use proptest::prelude::*;

fn limits(max_bins: usize, min_share: f64) -> BinningLimits {
    BinningLimits { max_bins, min_share }
}

#[test]
fn a_sharp_step_is_found_exactly() {
    let values: Vec<f64> = (0..1000).map(|i| f64::from(i % 100)).collect();
    let churned: Vec<bool> = (0..1000).map(|i| (i % 100 > 30) == (i % 7 != 0)).collect();
    let t = tally(&values, &churned).unwrap();
    let b = best_binning(&t, limits(2, 0.05), Some(ChurnTrend::Falling)).unwrap();
    assert_eq!(
        b.trend,
        ChurnTrend::Rising,
        "the data contradict the preferred trend"
    );
    assert_eq!(b.bins.len(), 2);
    assert!((b.bins[0].high - 30.0).abs() <= 5.0, "edge {}", b.bins[0].high);
    assert_eq!(b.points, vec![100.0, 0.0]);
}

#[test]
fn ties_stay_in_one_prebin() {
    let values = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0];
    let t = tally(&values, &[false; 8]).unwrap();
    let p = prebins(&t, 4);
    assert_eq!(p[0].accounts, 6);
    assert_eq!(p.iter().map(|b| b.accounts).sum::<usize>(), 8);
}

#[test]
fn one_class_is_an_error() {
    let t = tally(&[1.0, 2.0], &[false, false]).unwrap();
    assert!(matches!(
        best_binning(&t, limits(4, 0.05), None),
        Err(MetricError::OneClass {
            churned: 0,
            retained: 2
        })
    ));
    assert!(matches!(
        tally(&[f64::NAN], &[true]),
        Err(MetricError::NonFinite { .. })
    ));
}

#[test]
fn no_signal_gives_one_bin() {
    let values: Vec<f64> = (0..400).map(|i| f64::from(i / 4)).collect();
    let churned: Vec<bool> = (0..400).map(|i| i % 4 == 0).collect();
    let b = best_binning(&tally(&values, &churned).unwrap(), limits(6, 0.05), None).unwrap();
    assert_eq!((b.bins.len(), b.iv, b.points.clone()), (1, 0.0, vec![50.0]));
}

proptest! {
    #[test]
    fn bins_partition_are_monotone_and_add_up(
        rows in proptest::collection::vec((0u8..40, 0.0f64..1.0), 20..400),
        max_bins in 2usize..8,
        min_share in 0.01f64..0.3,
        slope in -1.0f64..1.0,
    ) {
        let values: Vec<f64> = rows.iter().map(|r| f64::from(r.0)).collect();
        let churned: Vec<bool> = rows.iter().map(|r| r.1 < 0.3 + 0.01 * slope * f64::from(r.0)).collect();
        let t = tally(&values, &churned).unwrap();
        let Ok(b) = best_binning(&t, limits(max_bins, min_share), None) else {
            prop_assume!(false);
            unreachable!()
        };
        let n = values.len();
        prop_assert_eq!(b.bins.iter().map(|x| x.accounts).sum::<usize>(), n);
        prop_assert_eq!(b.bins.iter().map(|x| x.churned).sum::<usize>(), churned.iter().filter(|&&c| c).count());
        prop_assert!(b.bins.len() <= max_bins);
        prop_assert_eq!(b.bins[0].low, t[0].value);
        prop_assert_eq!(b.bins.last().unwrap().high, t.last().unwrap().value);
        for w in b.bins.windows(2) {
            prop_assert!(w[0].high < w[1].low);
            match b.trend {
                ChurnTrend::Rising => prop_assert!(w[0].churn_rate() < w[1].churn_rate()),
                ChurnTrend::Falling => prop_assert!(w[0].churn_rate() > w[1].churn_rate()),
            }
        }
        let min_accounts = ((min_share * n as f64).ceil() as usize).max(1);
        for bin in &b.bins {
            prop_assert!(bin.accounts >= min_accounts && bin.churned > 0 && bin.retained() > 0);
            let inside = values.iter().filter(|&&v| v >= bin.low && v <= bin.high).count();
            prop_assert_eq!(inside, bin.accounts);
        }
        prop_assert!(b.points.iter().all(|p| (0.0..=100.0).contains(p)));
        let pairs: Vec<(usize, usize)> = b.bins.iter().map(|x| (x.retained(), x.churned)).collect();
        prop_assert!((information_value(&pairs) - b.iv).abs() < 1e-9);
    }
}
