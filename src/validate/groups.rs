//! Per-segment and per-profile views, and whether each segment profile earns its keep.

use crate::format::format_p;
use crate::judgement::{judge_difference, Difference};
use serde::Serialize;

use rayon::prelude::*;

use super::discrimination::{ranked_discrimination, unranked_discrimination};
use super::{band_churn_rates, explain, BandRow, Candidate, Discrimination, ValidateOptions};
use crate::data::History;
use crate::metrics::{self, MetricError, PairedAucTest, RankedScores};
use crate::scorecard::{apply_to_rows, Scorecard, ScoredAccounts};

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

/// `values` at `rows`.
fn gather<T: Copy>(values: &[T], rows: &[usize]) -> Vec<T> {
    rows.iter().map(|&r| values[r]).collect()
}

/// The accounts of each group ranked by score, each group's scores gathered and sorted
/// on their own (faster than splitting the whole ranking; see [`RankedScores`]).
fn rank_groups(
    scores: &[f64],
    churned: &[bool],
    groups: &[Vec<usize>],
) -> Vec<Result<RankedScores<'static>, MetricError>> {
    groups
        .par_iter()
        .map(|rows| RankedScores::from_vecs(gather(scores, rows), gather(churned, rows)))
        .collect()
}

/// Figures for the rows in `rows` (ranked in `ranked`), and the warnings about them
/// (undefined statistics, too few accounts of a class to judge).
fn group_report(
    name: String,
    rows: &[usize],
    ranked: Result<RankedScores, MetricError>,
    candidate: &Candidate,
    history: &History,
    options: &ValidateOptions,
) -> (GroupReport, Vec<String>) {
    let Candidate { scorecard, scored } = candidate;
    let mut warnings = Vec::new();
    let churned = gather(&history.churned, rows);
    let context = format!("{}, {name}", scorecard.name);
    let discrimination = match ranked {
        Ok(ranked) => ranked_discrimination(&ranked, options.confidence, &context, &mut warnings),
        Err(error) => unranked_discrimination(rows.len(), &churned, &error, &context, &mut warnings),
    };
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
    let values: Option<Vec<f64>> = history.value.as_ref().map(|v| gather(v, rows));
    let report = GroupReport {
        name,
        discrimination,
        bands: band_churn_rates(
            &scorecard.bands,
            &gather(&scored.bands, rows),
            &churned,
            values.as_deref(),
            options.confidence,
        ),
        too_small,
    };
    (report, warnings)
}

/// Reports for named groups of rows, in order, computed in parallel, with their warnings
/// in the same order.
fn group_reports(
    names: Vec<String>,
    groups: Vec<Vec<usize>>,
    candidate: &Candidate,
    history: &History,
    options: &ValidateOptions,
) -> (Vec<GroupReport>, Vec<String>) {
    let ranked = rank_groups(&candidate.scored.scores, &history.churned, &groups);
    let results: Vec<(GroupReport, Vec<String>)> = names
        .into_par_iter()
        .zip(groups)
        .zip(ranked)
        .map(|((name, rows), ranked)| group_report(name, &rows, ranked, candidate, history, options))
        .collect();
    let mut warnings = Vec::new();
    let reports = results
        .into_iter()
        .map(|(report, group_warnings)| {
            warnings.extend(group_warnings);
            report
        })
        .collect();
    (reports, warnings)
}

/// One report per segment value (when a segment column was given), in first-seen order.
pub fn segment_reports(
    candidate: &Candidate,
    history: &History,
    options: &ValidateOptions,
) -> (Vec<GroupReport>, Vec<String>) {
    let Some(segment) = &history.segment else {
        return (Vec::new(), Vec::new());
    };
    let mut rows_by_level = vec![Vec::new(); segment.levels.len()];
    for (row, code) in segment.codes.iter().enumerate() {
        if let Some(code) = code {
            rows_by_level[*code as usize].push(row);
        }
    }
    let names = segment
        .levels
        .iter()
        .map(|level| format!("segment {level}"))
        .collect();
    group_reports(names, rows_by_level, candidate, history, options)
}

/// The rows of each profile, ascending.
fn rows_by_profile(scorecard: &Scorecard, scored: &ScoredAccounts) -> Vec<Vec<usize>> {
    let mut rows = vec![Vec::new(); scorecard.profiles.len()];
    for (row, &p) in scored.profiles.iter().enumerate() {
        rows[usize::from(p)].push(row);
    }
    rows
}

/// One report per profile, when the scorecard has more than one.
pub fn profile_reports(
    candidate: &Candidate,
    history: &History,
    options: &ValidateOptions,
) -> (Vec<GroupReport>, Vec<String>) {
    let Candidate { scorecard, scored } = candidate;
    if scorecard.profiles.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let names = scorecard
        .profiles
        .iter()
        .map(|profile| format!("profile {}", profile.name))
        .collect();
    group_reports(
        names,
        rows_by_profile(scorecard, scored),
        candidate,
        history,
        options,
    )
}

/// For each segment profile: its accounts scored by their own profile vs by the default
/// (only those accounts are scored again, see [`apply_to_rows`]).
pub fn profile_checks(candidate: &Candidate, history: &History) -> (Vec<ProfileCheck>, Vec<String>) {
    let Candidate { scorecard, scored } = candidate;
    if scorecard.profiles.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let mut default_only = scorecard.clone();
    default_only.profiles.truncate(1);
    let results: Vec<Result<ProfileCheck, String>> = rows_by_profile(scorecard, scored)
        .into_par_iter()
        .enumerate()
        .skip(1)
        .map(|(p, rows)| {
            let churned = gather(&history.churned, &rows);
            let rows: Vec<u32> = rows.iter().map(|&r| r as u32).collect();
            let by_default: Vec<f64> = apply_to_rows(&default_only, history, &rows)
                .map(|scored| scored.scores)
                .map_err(|error| {
                    format!(
                        "{}: cannot score the segment profiles' accounts with the default profile to compare: {}",
                        scorecard.name,
                        error.in_rows(&rows),
                    )
                })?;
            let own_scores: Vec<f64> = rows.iter().map(|&r| scored.scores[r as usize]).collect();
            let churned_count = churned.iter().filter(|&&c| c).count();
            // errors in the order of `paired_test(own, by_default, churned)`
            let own = RankedScores::new(&own_scores, &churned);
            let default = RankedScores::new(&by_default, &churned);
            let test = own.and_then(|own| metrics::delong::paired_test_ranked(&own, &default?));
            Ok(profile_check(
                &scorecard.profiles[p].name,
                &scorecard.profiles[0].name,
                rows.len(),
                churned_count,
                test,
            ))
        })
        .collect();
    // a profile whose accounts the default cannot score stops the whole check, with one
    // warning: the first such profile's
    match results.iter().find_map(|r| r.as_ref().err()) {
        Some(warning) => (Vec::new(), vec![warning.clone()]),
        None => (results.into_iter().flatten().collect(), Vec::new()),
    }
}

fn profile_check(
    profile: &str,
    default: &str,
    accounts: usize,
    churned: usize,
    test: Result<PairedAucTest, MetricError>,
) -> ProfileCheck {
    let mut check = ProfileCheck {
        profile: profile.to_string(),
        accounts,
        churned,
        auc_own: None,
        auc_default: None,
        auc_diff: None,
        z: None,
        p_value: None,
        verdict: String::new(),
    };
    match test {
        Ok(test) => {
            check.auc_own = Some(test.auc_a);
            check.auc_default = Some(test.auc_b);
            check.auc_diff = Some(test.diff);
            check.z = Some(test.z);
            check.p_value = Some(test.p_value);
            let p = format_p(test.p_value);
            check.verdict = match judge_difference(test.diff, test.p_value) {
                Difference::NotSignificant => format!(
                    "profile '{profile}' does not separate its accounts' churners significantly better than the \
                     '{default}' profile would (AUC {:.3} vs {:.3}, {p})",
                    test.auc_a, test.auc_b
                ),
                Difference::Higher => format!(
                    "profile '{profile}' earns its keep: AUC {:.3} on its accounts vs {:.3} with the '{default}' \
                     profile, {p}",
                    test.auc_a, test.auc_b
                ),
                Difference::Lower => format!(
                    "profile '{profile}' does worse on its own accounts than the '{default}' profile would \
                     (AUC {:.3} vs {:.3}, {p})",
                    test.auc_a, test.auc_b
                ),
            };
        }
        Err(error) => check.verdict = format!("profile '{profile}': cannot compare: {}", explain(&error)),
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::TextColumn;
    use crate::metrics::auc::roc_auc;
    use crate::scorecard::{apply, parse_scorecard};

    /// 12 accounts: the last 6 in the onboarding stage; usage and adoption spread so that
    /// the two profiles rank the onboarding accounts differently.
    fn history() -> History {
        let usage = [
            10.0, 80.0, 30.0, 90.0, 20.0, 70.0, 40.0, 15.0, 85.0, 35.0, 60.0, 5.0,
        ];
        let adoption = [0.2, 0.9, 0.1, 0.8, 0.3, 0.6, 0.9, 0.1, 0.2, 0.7, 0.4, 0.8];
        let churned = [
            true, false, true, false, true, false, false, true, true, false, false, true,
        ];
        let mut history = History {
            source: "h.csv".into(),
            ids: (1..=12).map(|i| format!("A{i}")).collect(),
            churned: churned.to_vec(),
            ..History::default()
        };
        history
            .numeric
            .insert("usage".into(), usage.iter().map(|&v| Some(v)).collect());
        history
            .numeric
            .insert("adoption".into(), adoption.iter().map(|&v| Some(v)).collect());
        history.text.insert(
            "stage".into(),
            TextColumn {
                levels: vec!["live".into(), "onboarding".into()],
                codes: (0..12).map(|r| Some(u32::from(r >= 6))).collect(),
            },
        );
        history
    }

    fn card(default_usage_scoring: &str) -> Scorecard {
        let text = format!(
            "name = \"c\"\n\
             [[measures]]\nname = \"usage\"\ncolumn = \"usage\"\nweight = 1\n[measures.scoring]\n{default_usage_scoring}\n\
             [[measures]]\nname = \"adoption\"\ncolumn = \"adoption\"\nweight = 1\n[measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n\
             [[profiles]]\nname = \"onboarding\"\ncolumn = \"stage\"\nvalues = [\"onboarding\"]\n\
             [[profiles.measures]]\nname = \"adoption\"\ncolumn = \"adoption\"\nweight = 1\n[profiles.measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n"
        );
        parse_scorecard(&text, std::path::Path::new("c.toml")).unwrap()
    }

    /// The default profile's AUC on the onboarding accounts when every account is scored
    /// with the default profile (the check's definition).
    fn default_auc_scoring_everyone(scorecard: &Scorecard, history: &History) -> f64 {
        let mut default_only = scorecard.clone();
        default_only.profiles.truncate(1);
        let everyone = apply(&default_only, history).unwrap();
        let rows: Vec<usize> = (6..12).collect();
        roc_auc(&gather(&everyone.scores, &rows), &gather(&history.churned, &rows)).unwrap()
    }

    #[test]
    fn scoring_only_the_profile_accounts_matches_scoring_everyone() {
        let history = history();
        for scoring in [
            "method = \"linear\"\nmin = 0\nmax = 100\ndirection = \"higher_is_better\"",
            "method = \"percentile\"\ndirection = \"higher_is_better\"",
        ] {
            let scorecard = card(scoring);
            let scored = apply(&scorecard, &history).unwrap();
            let candidate = Candidate { scorecard, scored };
            let (checks, warnings) = profile_checks(&candidate, &history);
            assert!(warnings.is_empty(), "{warnings:?}");
            let expected = default_auc_scoring_everyone(&candidate.scorecard, &history);
            assert_eq!(checks.len(), 1);
            assert_eq!((checks[0].accounts, checks[0].churned), (6, 3));
            assert_eq!(checks[0].auc_default, Some(expected), "{scoring}");
        }
    }

    #[test]
    fn a_rescoring_error_names_the_history_row() {
        let mut history = history();
        history.numeric.get_mut("usage").unwrap().set(8, None);
        history.numeric.get_mut("adoption").unwrap().set(8, None);
        // the onboarding profile skips the account (row 9) too, so scoring fails there
        let scorecard = card("method = \"linear\"\nmin = 0\nmax = 100\ndirection = \"higher_is_better\"");
        let mut own = scorecard.clone();
        own.profiles[1].measures[0].missing = crate::scorecard::MissingPolicy::Points(50.0);
        let scored = apply(&own, &history).unwrap();
        let candidate = Candidate {
            scorecard: Scorecard {
                profiles: vec![scorecard.profiles[0].clone(), own.profiles[1].clone()],
                ..scorecard
            },
            scored,
        };
        let (checks, warnings) = profile_checks(&candidate, &history);
        assert!(checks.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("row 9:") && warnings[0].contains("'A9'"),
            "{}",
            warnings[0]
        );
    }
}
