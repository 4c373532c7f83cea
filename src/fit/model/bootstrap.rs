//! Seeded bootstrap intervals for the suggested weights.
//!
//! Each resample draws accounts with replacement (every snapshot of a drawn account comes
//! along), as many churned accounts from the churned ones and as many retained from the
//! retained as the profile holds; refits with elimination at the chosen strength; and
//! records each measure's weight share in percent (0 when dropped). The interval is the
//! `(1 ± confidence)/2` percentiles (numpy's linear interpolation). Resample `i` draws from
//! [`resample_rng`]`(seed, i)`, so results do not depend on the number of threads.

use std::collections::HashMap;

use rand::Rng;
use rayon::prelude::*;

use super::design::Design;
use super::likelihood::LogisticFit;
use super::select::{select, Selection, SelectionSettings};
use crate::fit::error::FitError;
use crate::metrics::bootstrap::resample_rng;
use crate::metrics::quantile::linear_quantile;

/// Each measure's weight share in percent from a selection: `−β` per point for kept
/// measures with a protective effect, 0 otherwise, scaled to add up to 100.
pub fn weight_shares(design: &Design, selection: &Selection) -> Vec<f64> {
    let mut shares = vec![0.0; design.names.len()];
    for (&m, estimate) in selection.kept.iter().zip(&selection.estimates) {
        shares[m] = (-design.per_point(m, estimate.coefficient)).max(0.0);
    }
    let total: f64 = shares.iter().sum();
    if total > 0.0 {
        for share in &mut shares {
            *share *= 100.0 / total;
        }
    }
    shares
}

/// Settings of the weight bootstrap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BootstrapSettings {
    pub resamples: usize,
    pub seed: u64,
    pub confidence: f64,
}

/// Percentile interval of each measure's weight share; `None` for every measure when
/// `resamples == 0`.
#[allow(clippy::too_many_arguments)]
pub fn weight_intervals(
    design: &Design,
    ids: &[String],
    candidates: &[usize],
    strength: f64,
    start: &LogisticFit,
    bootstrap: &BootstrapSettings,
    settings: &SelectionSettings,
) -> Result<Vec<Option<[f64; 2]>>, FitError> {
    if bootstrap.resamples == 0 {
        return Ok(vec![None; design.names.len()]);
    }
    let strata = Strata::new(design, ids);
    let draws: Vec<Vec<f64>> = (0..bootstrap.resamples)
        .into_par_iter()
        .map(|resample| {
            let positions = strata.draw(bootstrap.seed, resample);
            let churned: Vec<bool> = positions.iter().map(|&i| design.churned[i]).collect();
            let x = design.matrix(&positions, candidates);
            let alpha = strength * positions.len() as f64;
            let selection = select(design, x, &churned, candidates, alpha, Some(start), settings)?;
            Ok(weight_shares(design, &selection))
        })
        .collect::<Result<_, FitError>>()?;
    let tail = (1.0 - bootstrap.confidence) / 2.0;
    Ok((0..design.names.len())
        .map(|m| {
            let mut values: Vec<f64> = draws.iter().map(|d| d[m]).collect();
            values.sort_by(f64::total_cmp);
            Some([
                linear_quantile(&values, tail),
                linear_quantile(&values, 1.0 - tail),
            ])
        })
        .collect())
}

/// Accounts (positions of their rows) split by whether they churned.
struct Strata {
    churned: Vec<Vec<usize>>,
    retained: Vec<Vec<usize>>,
}

impl Strata {
    fn new(design: &Design, ids: &[String]) -> Strata {
        let mut accounts: Vec<Vec<usize>> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(design.len());
        for (position, &row) in design.rows.iter().enumerate() {
            let next = accounts.len();
            let account = *index.entry(ids[row].as_str()).or_insert(next);
            if account == next {
                accounts.push(Vec::new());
            }
            accounts[account].push(position);
        }
        let (churned, retained) = accounts
            .into_iter()
            .partition(|rows| rows.iter().any(|&i| design.churned[i]));
        Strata { churned, retained }
    }

    /// Row positions of resample `resample`.
    fn draw(&self, seed: u64, resample: usize) -> Vec<usize> {
        let mut rng = resample_rng(seed, resample);
        let mut positions = Vec::with_capacity(self.churned.len() + self.retained.len());
        for pool in [&self.churned, &self.retained] {
            for _ in 0..pool.len() {
                positions.extend_from_slice(&pool[rng.gen_range(0..pool.len())]);
            }
        }
        positions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::NumericColumn;
    use crate::fit::model::likelihood::sigmoid;
    use crate::fit::model::logistic::fit_logistic;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn intervals_are_seeded_and_cover_the_point_estimate() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let n = 800;
        let mut columns = vec![Vec::new(); 2];
        let mut churned = Vec::with_capacity(n);
        for _ in 0..n {
            let a: f64 = rng.gen_range(0.0..100.0);
            let b: f64 = rng.gen_range(0.0..100.0);
            churned.push(rng.gen_bool(sigmoid(-1.0 - 0.04 * (a - 50.0) - 0.02 * (b - 50.0))));
            columns[0].push(Some(a));
            columns[1].push(Some(b));
        }
        let columns: Vec<NumericColumn> = columns.into_iter().map(NumericColumn::from).collect();
        let slices: Vec<&NumericColumn> = columns.iter().collect();
        let design = Design::new(vec!["a".into(), "b".into()], &slices, (0..n).collect(), &churned);
        let ids: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        let all: Vec<usize> = (0..n).collect();
        let x = design.matrix(&all, &[0, 1]);
        let settings = SelectionSettings::default();
        let start = fit_logistic(x.view(), &design.churned, 0.1, None, &settings.solver).unwrap();
        let full = select(&design, x, &design.churned, &[0, 1], 0.1, None, &settings).unwrap();
        let point = weight_shares(&design, &full);
        assert!((point.iter().sum::<f64>() - 100.0).abs() < 1e-9);
        let boot = BootstrapSettings {
            resamples: 40,
            seed: 3,
            confidence: 0.95,
        };
        let strength = 0.1 / n as f64;
        let first = weight_intervals(&design, &ids, &[0, 1], strength, &start, &boot, &settings).unwrap();
        let again = weight_intervals(&design, &ids, &[0, 1], strength, &start, &boot, &settings).unwrap();
        assert_eq!(first, again);
        let [low, high] = first[0].unwrap();
        assert!(low <= point[0] && point[0] <= high, "{low} {} {high}", point[0]);
        assert!(high <= 100.0 && low >= 0.0);
    }
}
