//! Applying a scorecard to history: profile per account, points per measure, score, band.

use rayon::prelude::*;

use super::scoring::{linear_points, percentile_points, threshold_points};
use super::{ApplyError, Measure, MissingPolicy, Profile, Scorecard, Scoring};
use crate::data::{History, TextColumn};

/// Every account scored by one scorecard, column by column in history row order.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredAccounts {
    /// Overall score, 0–100.
    pub scores: Vec<f64>,
    /// Index into the scorecard's bands.
    pub bands: Vec<usize>,
    /// Index into the scorecard's profiles.
    pub profiles: Vec<usize>,
    /// One name per points column, as [`Scorecard::measure_names`].
    pub measure_names: Vec<String>,
    /// Points per measure name; `None` where the account's profile lacks the measure or
    /// the value is missing and skipped.
    pub points: Vec<Vec<Option<f64>>>,
}

/// Scores every row of `history`.
///
/// Each account gets the first profile whose selector matches, else the default. A measure
/// gives 0–100 points; weights are normalized over the measures the account has (within
/// each group, and group weights over the groups it has):
/// `score = Σ_g W_g · (Σ_m w_m·p_m / Σ_m w_m) / Σ_g W_g`.
pub fn apply(scorecard: &Scorecard, history: &History) -> Result<ScoredAccounts, ApplyError> {
    let profiles = assign_profiles(scorecard, history)?;
    let measure_names = scorecard.measure_names();
    let mut points = vec![vec![None; history.len()]; measure_names.len()];
    for (profile_index, profile) in scorecard.profiles.iter().enumerate() {
        let rows: Vec<usize> = (0..history.len())
            .filter(|&r| profiles[r] == profile_index)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let computed: Vec<Vec<Option<f64>>> = profile
            .measures
            .par_iter()
            .map(|measure| measure_points(measure, history, &rows))
            .collect::<Result<_, _>>()?;
        for (measure, values) in profile.measures.iter().zip(computed) {
            let target = &mut points[name_index(&measure_names, &measure.name)];
            for (&row, value) in rows.iter().zip(values) {
                target[row] = value;
            }
        }
    }
    let mut scores = Vec::with_capacity(history.len());
    let columns: Vec<Vec<usize>> = scorecard
        .profiles
        .iter()
        .map(|p| {
            p.measures
                .iter()
                .map(|m| name_index(&measure_names, &m.name))
                .collect()
        })
        .collect();
    let mut sums = Vec::new();
    for row in 0..history.len() {
        let profile = &scorecard.profiles[profiles[row]];
        let score = roll_up(profile, &columns[profiles[row]], &points, row, &mut sums).ok_or_else(|| {
            ApplyError::NoMeasureValues {
                path: history.source.clone(),
                row: row + 1,
                id: history.ids[row].clone(),
                profile: profile.name.clone(),
            }
        })?;
        scores.push(score);
    }
    let bands = scores.iter().map(|&s| scorecard.band_of(s)).collect();
    Ok(ScoredAccounts {
        scores,
        bands,
        profiles,
        measure_names,
        points,
    })
}

/// Scores are rounded to 1e-9 points so that accounts whose scores are mathematically equal
/// tie exactly, whatever order the weighted sum was added up in; ranks, bins and quantiles
/// all depend on that.
pub fn round_score(score: f64) -> f64 {
    (score * 1e9).round() / 1e9
}

fn name_index(names: &[String], name: &str) -> usize {
    names.iter().position(|n| n == name).unwrap_or_default()
}

/// Weighted score of one row; `None` when no measure has points. `sums` is scratch space
/// of (weighted points, weight) per group, reused across rows.
fn roll_up(
    profile: &Profile,
    columns: &[usize],
    points: &[Vec<Option<f64>>],
    row: usize,
    sums: &mut Vec<(f64, f64)>,
) -> Option<f64> {
    sums.clear();
    sums.resize(profile.groups.len().max(1), (0.0, 0.0));
    for (measure, &column) in profile.measures.iter().zip(columns) {
        if let Some(p) = points[column][row] {
            let slot = &mut sums[measure.group.unwrap_or(0)];
            slot.0 += measure.weight * p;
            slot.1 += measure.weight;
        }
    }
    let (mut total, mut weight) = (0.0, 0.0);
    for (group, &(weighted, measure_weight)) in sums.iter().enumerate() {
        if measure_weight > 0.0 {
            let group_weight = profile.groups.get(group).map_or(1.0, |g| g.weight);
            total += group_weight * weighted / measure_weight;
            weight += group_weight;
        }
    }
    (weight > 0.0).then(|| round_score((total / weight).clamp(0.0, 100.0)))
}

/// The profile index of every row: first segment profile whose column holds one of its
/// values, else 0 (the default).
fn assign_profiles(scorecard: &Scorecard, history: &History) -> Result<Vec<usize>, ApplyError> {
    let mut assigned = vec![0; history.len()];
    for (index, profile) in scorecard.profiles.iter().enumerate().skip(1).rev() {
        let Some(selector) = &profile.selector else {
            continue;
        };
        let column = history
            .text
            .get(&selector.column)
            .ok_or_else(|| ApplyError::ColumnNotLoaded {
                column: selector.column.clone(),
                needed_by: format!("profile '{}'", profile.name),
            })?;
        let chosen: Vec<bool> = column
            .levels
            .iter()
            .map(|level| selector.values.contains(level))
            .collect();
        for (row, code) in column.codes.iter().enumerate() {
            if code.is_some_and(|c| chosen[c as usize]) {
                assigned[row] = index;
            }
        }
    }
    Ok(assigned)
}

/// Points of one measure for the given rows, in that order, with the missing policy applied.
fn measure_points(
    measure: &Measure,
    history: &History,
    rows: &[usize],
) -> Result<Vec<Option<f64>>, ApplyError> {
    let not_loaded = || ApplyError::ColumnNotLoaded {
        column: measure.column.clone(),
        needed_by: format!("measure '{}'", measure.name),
    };
    let raw = match &measure.scoring {
        Scoring::Categories { .. } => {
            let column = history.text.get(&measure.column).ok_or_else(not_loaded)?;
            category_points(measure, column, history, rows)?
        }
        scoring => {
            let column = history.numeric.get(&measure.column).ok_or_else(not_loaded)?;
            let values: Vec<Option<f64>> = rows.iter().map(|&r| column[r]).collect();
            match *scoring {
                Scoring::Linear { min, max, direction } => values
                    .iter()
                    .map(|v| v.map(|v| linear_points(v, min, max, direction)))
                    .collect(),
                Scoring::Thresholds { ref steps, otherwise } => values
                    .iter()
                    .map(|v| v.map(|v| threshold_points(v, steps, otherwise)))
                    .collect(),
                Scoring::Percentile { direction } => percentile_points(&values, direction),
                Scoring::Categories { .. } => unreachable!("handled above"),
            }
        }
    };
    Ok(match measure.missing {
        MissingPolicy::Skip => raw,
        MissingPolicy::Points(points) => raw.into_iter().map(|p| p.or(Some(points))).collect(),
    })
}

fn category_points(
    measure: &Measure,
    column: &TextColumn,
    history: &History,
    rows: &[usize],
) -> Result<Vec<Option<f64>>, ApplyError> {
    let Scoring::Categories { points, default } = &measure.scoring else {
        return Ok(vec![None; rows.len()]);
    };
    let level_points: Vec<Option<f64>> = column
        .levels
        .iter()
        .map(|l| points.get(l).copied().or(*default))
        .collect();
    rows.iter()
        .map(|&row| match column.codes[row] {
            None => Ok(None),
            Some(code) => level_points[code as usize]
                .map(Some)
                .ok_or_else(|| ApplyError::UnknownCategory {
                    path: history.source.clone(),
                    row: row + 1,
                    column: measure.column.clone(),
                    measure: measure.name.clone(),
                    value: column.levels[code as usize].clone(),
                    listed: points.keys().cloned().collect::<Vec<_>>().join(", "),
                }),
        })
        .collect()
}
