//! The warnings a candidate's validation adds about its bands and measures, in plain words.

use super::bands::{BandInversion, BandRow};
use super::measures::MeasureRow;
use crate::judgement::LEAK_AUC;

/// One warning per band that holds no accounts.
pub(super) fn band_warnings(name: &str, bands: &[BandRow]) -> Vec<String> {
    bands
        .iter()
        .filter(|b| b.accounts == 0)
        .map(|band| format!("{name}: band '{}' holds no accounts", band.name))
        .collect()
}

/// One warning per healthier band that churns more than a worse one.
pub(super) fn inversion_warnings(name: &str, inversions: &[BandInversion]) -> Vec<String> {
    inversions
        .iter()
        .map(|inversion| {
            format!(
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
            )
        })
        .collect()
}

/// Warnings for measures that contradict their direction or look like a leak.
pub(super) fn measure_warnings(name: &str, measures: &[MeasureRow]) -> Vec<String> {
    let mut warnings = Vec::new();
    for measure in measures {
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
    warnings
}
