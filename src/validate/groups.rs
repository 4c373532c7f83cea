//! Per-segment and per-profile views, and whether each segment profile earns its keep.

use serde::Serialize;

use super::{band_churn_rates, discrimination, explain, BandRow, Discrimination, ValidateOptions};
use crate::data::History;
use crate::metrics;
use crate::scorecard::{apply, Scorecard, ScoredAccounts};

/// One segment's or profile's figures.
#[derive(Debug, Clone, Serialize)]
pub struct GroupReport {
    pub name: String,
    #[serde(flatten)]
    pub discrimination: Discrimination,
    pub bands: Vec<BandRow>,
    /// True when fewer than the minimum churned or retained accounts: figures unreliable.
    pub too_small: bool,
}

/// Does a segment profile separate its accounts' churners better than the default profile
/// would? DeLong's paired test on that profile's accounts.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileCheck {
    pub profile: String,
    pub accounts: usize,
    pub churned: usize,
    pub auc_own: Option<f64>,
    pub auc_default: Option<f64>,
    /// `auc_own − auc_default`.
    pub auc_diff: Option<f64>,
    pub z: Option<f64>,
    pub p_value: Option<f64>,
    pub verdict: String,
}

/// Per row and measure name: was the raw value missing, and does the row's profile have
/// the measure at all?
pub fn missing_and_applies(
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    history: &History,
) -> (Vec<Vec<bool>>, Vec<Vec<bool>>) {
    let rows = history.len();
    let mut missing = vec![vec![false; rows]; scored.measure_names.len()];
    let mut applies = vec![vec![false; rows]; scored.measure_names.len()];
    for (m, name) in scored.measure_names.iter().enumerate() {
        for row in 0..rows {
            let profile = &scorecard.profiles[scored.profiles[row]];
            let Some(measure) = profile.measures.iter().find(|measure| &measure.name == name) else {
                continue;
            };
            applies[m][row] = true;
            missing[m][row] = if measure.scoring.reads_text() {
                history
                    .text
                    .get(&measure.column)
                    .is_none_or(|c| c.codes[row].is_none())
            } else {
                history
                    .numeric
                    .get(&measure.column)
                    .is_none_or(|c| c[row].is_none())
            };
        }
    }
    (missing, applies)
}

/// Figures for the rows in `rows`, warning when the group is too small to judge.
fn group_report(
    name: String,
    rows: &[usize],
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    history: &History,
    options: &ValidateOptions,
    warnings: &mut Vec<String>,
) -> GroupReport {
    let scores: Vec<f64> = rows.iter().map(|&r| scored.scores[r]).collect();
    let churned: Vec<bool> = rows.iter().map(|&r| history.churned[r]).collect();
    let bands: Vec<usize> = rows.iter().map(|&r| scored.bands[r]).collect();
    let values: Option<Vec<f64>> = history
        .value
        .as_ref()
        .map(|v| rows.iter().map(|&r| v[r]).collect());
    let context = format!("{}, {name}", scorecard.name);
    let discrimination = discrimination(&scores, &churned, options.confidence, &context, warnings);
    let churned_count = discrimination.churned;
    let retained = discrimination.accounts - churned_count;
    let too_small = churned_count < options.min_class_count || retained < options.min_class_count;
    if too_small {
        warnings.push(format!(
            "{context}: only {churned_count} churned and {retained} retained accounts; with fewer than {} of either \
             these figures are unreliable",
            options.min_class_count
        ));
    }
    GroupReport {
        name,
        discrimination,
        bands: band_churn_rates(
            &scorecard.bands,
            &bands,
            &churned,
            values.as_deref(),
            options.confidence,
        ),
        too_small,
    }
}

/// One report per segment value (when a segment column was given), in first-seen order.
pub fn segment_reports(
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    history: &History,
    options: &ValidateOptions,
    warnings: &mut Vec<String>,
) -> Vec<GroupReport> {
    let Some(segment) = &history.segment else {
        return Vec::new();
    };
    let mut rows_by_level = vec![Vec::new(); segment.levels.len()];
    for (row, code) in segment.codes.iter().enumerate() {
        if let Some(code) = code {
            rows_by_level[*code as usize].push(row);
        }
    }
    segment
        .levels
        .iter()
        .zip(rows_by_level)
        .map(|(level, rows)| {
            group_report(
                format!("segment {level}"),
                &rows,
                scorecard,
                scored,
                history,
                options,
                warnings,
            )
        })
        .collect()
}

/// The rows scored by profile `p`.
fn profile_rows(scored: &ScoredAccounts, p: usize) -> Vec<usize> {
    (0..scored.profiles.len())
        .filter(|&r| scored.profiles[r] == p)
        .collect()
}

/// One report per profile, when the scorecard has more than one.
pub fn profile_reports(
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    history: &History,
    options: &ValidateOptions,
    warnings: &mut Vec<String>,
) -> Vec<GroupReport> {
    if scorecard.profiles.len() < 2 {
        return Vec::new();
    }
    (0..scorecard.profiles.len())
        .map(|p| {
            let rows = profile_rows(scored, p);
            let name = format!("profile {}", scorecard.profiles[p].name);
            group_report(name, &rows, scorecard, scored, history, options, warnings)
        })
        .collect()
}

/// For each segment profile: its accounts scored by their own profile vs by the default.
pub fn profile_checks(
    scorecard: &Scorecard,
    scored: &ScoredAccounts,
    history: &History,
    warnings: &mut Vec<String>,
) -> Vec<ProfileCheck> {
    if scorecard.profiles.len() < 2 {
        return Vec::new();
    }
    let mut default_only = scorecard.clone();
    default_only.profiles.truncate(1);
    let by_default = match apply(&default_only, history) {
        Ok(by_default) => by_default,
        Err(error) => {
            warnings.push(format!(
                "{}: cannot score the segment profiles' accounts with the default profile to compare: {error}",
                scorecard.name
            ));
            return Vec::new();
        }
    };
    (1..scorecard.profiles.len())
        .map(|p| {
            let rows = profile_rows(scored, p);
            let own: Vec<f64> = rows.iter().map(|&r| scored.scores[r]).collect();
            let default: Vec<f64> = rows.iter().map(|&r| by_default.scores[r]).collect();
            let churned: Vec<bool> = rows.iter().map(|&r| history.churned[r]).collect();
            profile_check(
                &scorecard.profiles[p].name,
                &scorecard.profiles[0].name,
                &own,
                &default,
                &churned,
            )
        })
        .collect()
}

fn profile_check(
    profile: &str,
    default: &str,
    own: &[f64],
    by_default: &[f64],
    churned: &[bool],
) -> ProfileCheck {
    let mut check = ProfileCheck {
        profile: profile.to_string(),
        accounts: own.len(),
        churned: churned.iter().filter(|&&c| c).count(),
        auc_own: None,
        auc_default: None,
        auc_diff: None,
        z: None,
        p_value: None,
        verdict: String::new(),
    };
    match metrics::delong::paired_test(own, by_default, churned) {
        Ok(test) => {
            check.auc_own = Some(test.auc_a);
            check.auc_default = Some(test.auc_b);
            check.auc_diff = Some(test.diff);
            check.z = Some(test.z);
            check.p_value = Some(test.p_value);
            let p = super::format_p(test.p_value);
            check.verdict = if test.p_value >= super::SIGNIFICANCE {
                format!(
                    "profile '{profile}' does not separate its accounts' churners significantly better than the \
                     '{default}' profile would (AUC {:.3} vs {:.3}, {p})",
                    test.auc_a, test.auc_b
                )
            } else if test.diff > 0.0 {
                format!(
                    "profile '{profile}' earns its keep: AUC {:.3} on its accounts vs {:.3} with the '{default}' \
                     profile, {p}",
                    test.auc_a, test.auc_b
                )
            } else {
                format!(
                    "profile '{profile}' does worse on its own accounts than the '{default}' profile would \
                     (AUC {:.3} vs {:.3}, {p})",
                    test.auc_a, test.auc_b
                )
            };
        }
        Err(error) => check.verdict = format!("profile '{profile}': cannot compare: {}", explain(&error)),
    }
    check
}
