//! Applying a scorecard to history: profile per account, points per measure, score, band.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::alike::MeasureIdentity;
use super::scoring::{linear_points, percentile_points, percentile_points_among, threshold_points};
use super::weights::{group_sums, group_weight, measure_columns};
use super::{ApplyError, Measure, MissingPolicy, Profile, Scorecard, Scoring};
use crate::data::{History, NumericColumn, TextColumn};

/// Every account scored by one scorecard, column by column in history row order.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredAccounts {
    /// Overall score, 0–100.
    pub scores: Vec<f64>,
    /// Index into the scorecard's bands, one byte an account (a scorecard has at most
    /// [`MAX_BANDS`](super::MAX_BANDS)); [`ScoredAccounts::band`] reads it as an index.
    pub bands: Vec<u8>,
    /// Index into the scorecard's profiles, one byte an account (a scorecard has at most
    /// [`MAX_PROFILES`](super::MAX_PROFILES)); [`ScoredAccounts::profile`] reads it as an
    /// index.
    pub profiles: Vec<u8>,
    /// One name per points column, as [`Scorecard::measure_names`].
    pub measure_names: Vec<String>,
    /// Points per measure name; missing where the account's profile lacks the measure or
    /// the value is missing and skipped.
    pub points: Vec<NumericColumn>,
}

impl ScoredAccounts {
    /// The band of the account at `row`, as an index into the scorecard's bands.
    pub fn band(&self, row: usize) -> usize {
        usize::from(self.bands[row])
    }

    /// The profile of the account at `row`, as an index into the scorecard's profiles.
    pub fn profile(&self, row: usize) -> usize {
        usize::from(self.profiles[row])
    }
}

/// Scores every row of `history`.
///
/// Each account gets the first profile whose selector matches, else the default. A measure
/// gives 0–100 points; weights are normalized over the measures the account has (within
/// each group, and group weights over the groups it has):
/// `score = Σ_g W_g · (Σ_m w_m·p_m / Σ_m w_m) / Σ_g W_g`.
///
/// Work is column by column (each points column in parallel, written in place) and then
/// row by row for the roll-up (in parallel chunks); no row is copied or gathered except for
/// percentile scoring within a profile.
pub fn apply(scorecard: &Scorecard, history: &History) -> Result<ScoredAccounts, ApplyError> {
    score_accounts(scorecard, history, None, &[])
}

/// Scores every row of `history` exactly as [`apply`], except that a points column some
/// scorecard in `earlier` (already applied to the same history) scores alike
/// ([`MeasureIdentity::same_as`]) is taken from the first such one instead of being scored
/// again: candidates that differ only in weights then hold, and compute, one set of points.
pub fn apply_reusing(
    scorecard: &Scorecard,
    history: &History,
    earlier: &[(&Scorecard, &ScoredAccounts)],
) -> Result<ScoredAccounts, ApplyError> {
    score_accounts(scorecard, history, None, earlier)
}

/// Scores only the accounts at `rows` of `history`, exactly as [`apply`] on the whole
/// history scores them: the accounts are copied out and scored on their own, except that a
/// percentile measure ranks each among every account of its profile in `history`.
///
/// The result's rows, and the rows errors name, are positions in `rows`;
/// [`ApplyError::in_rows`] turns them back into history rows.
pub fn apply_to_rows(
    scorecard: &Scorecard,
    history: &History,
    rows: &[u32],
) -> Result<ScoredAccounts, ApplyError> {
    let ranks_everyone = scorecard
        .profiles
        .iter()
        .flat_map(|profile| &profile.measures)
        .any(|measure| matches!(measure.scoring, Scoring::Percentile { .. }));
    let population = match ranks_everyone {
        true => Some(Population {
            history,
            profiles: assign_profiles(scorecard, history)?,
        }),
        false => None,
    };
    score_accounts(scorecard, &history.subset(rows), population.as_ref(), &[])
}

/// The accounts percentile measures rank among when only some are scored: all of
/// history's, each with its profile.
struct Population<'a> {
    history: &'a History,
    profiles: Vec<u8>,
}

impl Population<'_> {
    /// The values of `column` held by the accounts in `profile` (missing included).
    fn values_in_profile(&self, column: &str, profile: usize) -> Option<Vec<Option<f64>>> {
        let values = self.history.numeric.get(column)?;
        Some(
            (0..values.len())
                .filter(|&row| usize::from(self.profiles[row]) == profile)
                .map(|row| values.get(row))
                .collect(),
        )
    }
}

/// [`apply`], with percentile measures ranking among `population` when it is given, and
/// points columns scored alike by a scorecard in `earlier` taken from it.
fn score_accounts(
    scorecard: &Scorecard,
    history: &History,
    population: Option<&Population>,
    earlier: &[(&Scorecard, &ScoredAccounts)],
) -> Result<ScoredAccounts, ApplyError> {
    let profiles = assign_profiles(scorecard, history)?;
    let measure_names = scorecard.measure_names();
    let points = measure_names
        .par_iter()
        .map(|name| {
            if let Some(column) = alike_points(scorecard, &profiles, name, earlier) {
                return Ok(column);
            }
            let by_profile: Vec<Option<&Measure>> = scorecard
                .profiles
                .iter()
                .map(|p| p.measures.iter().find(|m| m.name == *name))
                .collect();
            points_column(&by_profile, &profiles, history, population)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let columns = measure_columns(&scorecard.profiles, &measure_names);
    let scores: Vec<f64> = (0..history.len())
        .into_par_iter()
        .with_min_len(ROLL_UP_CHUNK)
        .map_init(Vec::new, |sums, row| {
            let profile = usize::from(profiles[row]);
            roll_up(
                &scorecard.profiles[profile],
                &columns[profile],
                &points,
                row,
                sums,
            )
            .unwrap_or(f64::NAN)
        })
        .collect();
    if let Some(row) = scores.iter().position(|s| s.is_nan()) {
        return Err(ApplyError::NoMeasureValues {
            path: history.source.clone(),
            row: row + 1,
            id: history.ids[row].clone(),
            profile: scorecard.profiles[usize::from(profiles[row])].name.clone(),
        });
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

/// The points column of the first measure in `earlier` scored alike to the measure `name`
/// of `scorecard` (whose rows fall in `profiles`), sharing its values.
fn alike_points(
    scorecard: &Scorecard,
    profiles: &[u8],
    name: &str,
    earlier: &[(&Scorecard, &ScoredAccounts)],
) -> Option<NumericColumn> {
    let identity = MeasureIdentity::new(scorecard, profiles, name);
    earlier.iter().find_map(|&(card, scored)| {
        let same = scored
            .measure_names
            .iter()
            .position(|other| MeasureIdentity::new(card, &scored.profiles, other).same_as(&identity))?;
        Some(scored.points[same].clone())
    })
}

/// Rows per parallel piece of the roll-up.
const ROLL_UP_CHUNK: usize = 1 << 14;

/// Scores are rounded to 1e-9 points so that accounts whose scores are mathematically equal
/// tie exactly, whatever order the weighted sum was added up in; ranks, bins and quantiles
/// all depend on that.
pub fn round_score(score: f64) -> f64 {
    (score * 1e9).round() / 1e9
}

/// Weighted score of one row; `None` when no measure has points. `sums` is scratch space
/// of (weighted points, weight) per group, reused across rows.
fn roll_up(
    profile: &Profile,
    columns: &[usize],
    points: &[NumericColumn],
    row: usize,
    sums: &mut Vec<(f64, f64)>,
) -> Option<f64> {
    group_sums(profile, columns, points, row, sums);
    let (mut total, mut weight) = (0.0, 0.0);
    for (group, &(weighted, measure_weight)) in sums.iter().enumerate() {
        if measure_weight > 0.0 {
            let group_weight = group_weight(profile, group);
            total += group_weight * weighted / measure_weight;
            weight += group_weight;
        }
    }
    (weight > 0.0).then(|| round_score((total / weight).clamp(0.0, 100.0)))
}

/// The profile index of every row: first segment profile whose column holds one of its
/// values, else 0 (the default). A checked scorecard has at most
/// [`MAX_PROFILES`](super::MAX_PROFILES) profiles, so each index fits in a byte; were there
/// more, the profiles after the 256th would choose no account.
fn assign_profiles(scorecard: &Scorecard, history: &History) -> Result<Vec<u8>, ApplyError> {
    let mut assigned = vec![0; history.len()];
    let indexed = (0..=u8::MAX).zip(&scorecard.profiles);
    for (index, profile) in indexed.skip(1).rev() {
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

/// One points column: for each row, the points of the measure its profile scores under
/// this name (`by_profile[profile]`), or missing where the profile lacks it.
fn points_column(
    by_profile: &[Option<&Measure>],
    profiles: &[u8],
    history: &History,
    population: Option<&Population>,
) -> Result<NumericColumn, ApplyError> {
    let mut column = NumericColumn::from_nan_encoded(vec![f64::NAN; history.len()]);
    let whole = by_profile.len() == 1;
    for (profile, measure) in by_profile.iter().enumerate() {
        if let Some(measure) = measure {
            let in_profile = |row: usize| whole || usize::from(profiles[row]) == profile;
            let ranked_among = match (&measure.scoring, population) {
                (Scoring::Percentile { .. }, Some(population)) => Some(
                    population
                        .values_in_profile(&measure.values_key(), profile)
                        .ok_or_else(|| not_loaded(measure))?,
                ),
                _ => None,
            };
            fill_points(
                measure,
                history,
                in_profile,
                ranked_among.as_deref(),
                column.nan_encoded_mut(),
            )?;
        }
    }
    Ok(column)
}

/// The error for a measure whose column (or change column) was not loaded.
fn not_loaded(measure: &Measure) -> ApplyError {
    ApplyError::ColumnNotLoaded {
        column: measure.values_key().into_owned(),
        needed_by: format!("measure '{}'", measure.name),
    }
}

/// Writes `measure`'s points, with the missing policy applied, into `column` (NaN where
/// missing, see [`NumericColumn`]) at every row where `in_profile(row)`. A percentile
/// measure ranks those rows among themselves, or among `ranked_among` when given.
fn fill_points(
    measure: &Measure,
    history: &History,
    in_profile: impl Fn(usize) -> bool,
    ranked_among: Option<&[Option<f64>]>,
    column: &mut [f64],
) -> Result<(), ApplyError> {
    let not_loaded = || not_loaded(measure);
    let key = measure.values_key();
    let fill = match measure.missing {
        MissingPolicy::Skip => f64::NAN,
        MissingPolicy::Points(points) => points,
    };
    let mut write = |points: &dyn Fn(f64) -> f64, values: &NumericColumn| {
        for (row, (slot, &value)) in column.iter_mut().zip(values.nan_encoded()).enumerate() {
            if in_profile(row) {
                *slot = if value.is_nan() { fill } else { points(value) };
            }
        }
    };
    match &measure.scoring {
        Scoring::Categories { points, default } => {
            let text = history.text.get(&measure.column).ok_or_else(not_loaded)?;
            let level_points = category_level_points(points, *default, text);
            for (row, (slot, code)) in column.iter_mut().zip(&text.codes).enumerate() {
                if in_profile(row) {
                    *slot = match code {
                        None => fill,
                        Some(code) => level_points[*code as usize]
                            .map_err(|level| unknown_category(measure, text, history, row, level))?,
                    };
                }
            }
        }
        Scoring::Linear { min, max, direction } => {
            let values = history.numeric.get(key.as_ref()).ok_or_else(not_loaded)?;
            write(&|v| linear_points(v, *min, *max, *direction), values);
        }
        Scoring::Thresholds { steps, otherwise } => {
            let values = history.numeric.get(key.as_ref()).ok_or_else(not_loaded)?;
            write(&|v| threshold_points(v, steps, *otherwise), values);
        }
        Scoring::Percentile { direction } => {
            let values = history.numeric.get(key.as_ref()).ok_or_else(not_loaded)?;
            let rows: Vec<usize> = (0..values.len()).filter(|&r| in_profile(r)).collect();
            let gathered: Vec<Option<f64>> = rows.iter().map(|&r| values.get(r)).collect();
            let points = match ranked_among {
                Some(population) => percentile_points_among(&gathered, population, *direction),
                None => percentile_points(&gathered, *direction),
            };
            for (&row, points) in rows.iter().zip(points) {
                column[row] = points.unwrap_or(fill);
            }
        }
    }
    Ok(())
}

/// Points of each level of a text column: `Ok(points)`, or `Err(level)` for a level that
/// is neither listed nor covered by a default (an error only if a row in the profile has
/// it).
fn category_level_points(
    points: &BTreeMap<String, f64>,
    default: Option<f64>,
    column: &TextColumn,
) -> Vec<Result<f64, usize>> {
    column
        .levels
        .iter()
        .enumerate()
        .map(|(level, name)| points.get(name).copied().or(default).ok_or(level))
        .collect()
}

fn unknown_category(
    measure: &Measure,
    column: &TextColumn,
    history: &History,
    row: usize,
    level: usize,
) -> ApplyError {
    let listed = match &measure.scoring {
        Scoring::Categories { points, .. } => points.keys().cloned().collect::<Vec<_>>().join(", "),
        _ => String::new(),
    };
    ApplyError::UnknownCategory {
        path: history.source.clone(),
        row: row + 1,
        column: measure.column.clone(),
        measure: measure.name.clone(),
        value: column.levels[level].clone(),
        listed,
    }
}
