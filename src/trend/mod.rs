//! "Does the trend matter?": whether a score's change since the account's previous snapshot
//! predicts churn beyond the score itself.
//!
//! On the snapshots that have a previous one (found by one sort by account and date, shared
//! by every candidate: `History::previous_snapshots`): the AUC of the score alone; a logistic model of churn on the
//! score and its change (`logit P(churn) = b₀ + b₁·score + b₂·change`, unpenalized, the
//! crate's fit in [`crate::fit::model`]), whose change coefficient `b₂` with its Wald test
//! (`z = b₂ / SE(b₂)`, SE from the observed information) says whether change adds to level,
//! and whose AUC out of fold (stratified folds keeping an account's snapshots together) says
//! by how much; and churn among snapshots whose score fell by at least
//! [`FALLING_POINTS`] against the others, with Wilson intervals. Checked against statsmodels
//! `Logit` and scikit-learn in `tests/reference/trend_reference.py`.
//!
//! This layer sits above `validate` and `fit`; `validate`, `backtest` and `report` get the
//! result type ([`TrendTest`]) from `validate`.

mod verdict;

use ndarray::Array2;

use crate::fit::model::folds::{split, stratified_folds};
use crate::fit::model::information::estimates;
use crate::fit::model::likelihood::linear_predictor;
use crate::fit::model::logistic::{fit_logistic, SolverSettings};
use crate::metrics::auc::roc_auc;
use crate::metrics::wilson::wilson_interval;
use crate::validate::{ChurnGroup, TrendTest, FALLING_POINTS};

pub use verdict::verdict;

/// How the trend test runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendOptions {
    /// Folds of the out-of-fold AUC (default 5).
    pub folds: usize,
    /// Seed of the fold assignment (default 42).
    pub seed: u64,
    /// Confidence of the churn-rate intervals (default 0.95).
    pub confidence: f64,
}

impl Default for TrendOptions {
    fn default() -> Self {
        TrendOptions {
            folds: 5,
            seed: 42,
            confidence: 0.95,
        }
    }
}

/// The snapshots that have a previous one: their rows, scores, changes and outcomes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SnapshotPairs {
    /// Row of each snapshot in the history.
    pub rows: Vec<usize>,
    /// Its score.
    pub level: Vec<f64>,
    /// Its score minus the score at the account's previous snapshot.
    pub change: Vec<f64>,
    pub churned: Vec<bool>,
}

impl SnapshotPairs {
    /// Every row of a scored history (`scores` in row order) that has a previous snapshot
    /// (`previous`, from `History::previous_snapshots`).
    pub fn new(previous: &[Option<u32>], churned: &[bool], scores: &[f64]) -> SnapshotPairs {
        let mut pairs = SnapshotPairs::default();
        for (row, &previous) in previous.iter().enumerate() {
            if let Some(previous) = previous {
                pairs.rows.push(row);
                pairs.level.push(scores[row]);
                pairs.change.push(scores[row] - scores[previous as usize]);
                pairs.churned.push(churned[row]);
            }
        }
        pairs
    }
}

/// The trend test of a scored history: [`test_pairs`] on its [`SnapshotPairs`], with folds
/// from [`stratified_folds`] over every row (an account's snapshots share a fold).
pub fn trend_test(
    ids: &[String],
    previous: &[Option<u32>],
    churned: &[bool],
    scores: &[f64],
    options: &TrendOptions,
) -> TrendTest {
    let pairs = SnapshotPairs::new(previous, churned, scores);
    let fold_of_row = stratified_folds(ids, churned, options.folds, options.seed);
    let folds: Vec<usize> = pairs.rows.iter().map(|&row| fold_of_row[row]).collect();
    test_pairs(&pairs, &folds, options.confidence)
}

/// The trend test on `pairs`, each in fold `folds[i]`, churn-rate intervals at `confidence`.
/// Figures that cannot be worked out (one class, no change at all, a fit that fails) are
/// `None`, and the verdict says why.
pub fn test_pairs(pairs: &SnapshotPairs, folds: &[usize], confidence: f64) -> TrendTest {
    let falling: Vec<bool> = pairs.change.iter().map(|&c| c <= -FALLING_POINTS).collect();
    let group = |wanted: bool| {
        let (accounts, churned) = falling
            .iter()
            .zip(&pairs.churned)
            .filter(|(f, _)| **f == wanted)
            .fold((0, 0), |(n, k), (_, &c)| (n + 1, k + usize::from(c)));
        churn_group(accounts, churned, confidence)
    };
    let model = ChangeModel::fit(pairs, folds);
    let mut test = TrendTest {
        accounts: pairs.rows.len(),
        churned: pairs.churned.iter().filter(|&&c| c).count(),
        auc_level: roc_auc(&pairs.level, &pairs.churned).ok(),
        auc_level_and_change: model.as_ref().and_then(|m| m.auc_out_of_fold),
        change_coefficient: model.as_ref().map(|m| m.coefficient),
        std_error: model.as_ref().and_then(|m| m.std_error),
        p_value: model.as_ref().and_then(|m| m.p_value),
        falling: group(true),
        steady_or_rising: group(false),
        verdict: String::new(),
    };
    test.verdict = verdict(&test, pairs.change.iter().any(|&c| c != 0.0));
    test
}

/// A score moving by less than this many points either way counts as steady in
/// [`churn_by_change`].
pub const STEADY_POINTS: f64 = 2.0;

/// Churn among the snapshots whose score moved one way since the previous snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeGroup {
    /// "falling a lot", "falling", "steady" or "rising".
    pub name: &'static str,
    pub churn: ChurnGroup,
}

/// Churn by score change: falling a lot (change ≤ −[`FALLING_POINTS`]), falling (up to
/// −[`STEADY_POINTS`]), steady (within ±[`STEADY_POINTS`], exclusive) and rising (+2 or more),
/// each with its Wilson interval at `confidence`.
pub fn churn_by_change(pairs: &SnapshotPairs, confidence: f64) -> Vec<ChangeGroup> {
    let group_of = |change: f64| match change {
        c if c <= -FALLING_POINTS => 0,
        c if c <= -STEADY_POINTS => 1,
        c if c < STEADY_POINTS => 2,
        _ => 3,
    };
    let mut counts = [(0, 0); 4];
    for (&change, &churned) in pairs.change.iter().zip(&pairs.churned) {
        let count = &mut counts[group_of(change)];
        *count = (count.0 + 1, count.1 + usize::from(churned));
    }
    ["falling a lot", "falling", "steady", "rising"]
        .into_iter()
        .zip(counts)
        .map(|(name, (accounts, churned))| ChangeGroup {
            name,
            churn: churn_group(accounts, churned, confidence),
        })
        .collect()
}

/// Churn among `accounts` snapshots of which `churned` churned.
fn churn_group(accounts: usize, churned: usize, confidence: f64) -> ChurnGroup {
    let rate = (accounts > 0).then(|| churned as f64 / accounts as f64);
    ChurnGroup {
        accounts,
        churned,
        churn_rate: rate,
        churn_rate_ci: rate.map(|_| {
            let (low, high) = wilson_interval(churned, accounts, confidence);
            [low, high]
        }),
    }
}

/// The logistic model of churn on score and change.
struct ChangeModel {
    /// Log-odds per point of change.
    coefficient: f64,
    std_error: Option<f64>,
    p_value: Option<f64>,
    auc_out_of_fold: Option<f64>,
}

/// The solver pushed to the exact optimum: two columns, so Newton steps are cheap.
const SOLVER: SolverSettings = SolverSettings {
    tolerance_per_row: 1e-10,
    max_iterations: 1000,
    newton_steps: 50,
};

impl ChangeModel {
    /// The model on every pair (its change coefficient and Wald test) and out of fold (its
    /// AUC); `None` when it cannot be fitted. The columns are standardized for the solver and
    /// the coefficient turned back into log-odds per point (the unpenalized fit does not
    /// depend on the columns' scale).
    fn fit(pairs: &SnapshotPairs, folds: &[usize]) -> Option<ChangeModel> {
        let (level, _) = standardized(&pairs.level)?;
        let (change, change_sd) = standardized(&pairs.change)?;
        let x = Array2::from_shape_fn(
            (level.len(), 2),
            |(i, j)| if j == 0 { level[i] } else { change[i] },
        );
        let fit = fit_logistic(x.view(), &pairs.churned, 0.0, None, &SOLVER).ok()?;
        let estimate = estimates(x.view(), &fit)[1];
        Some(ChangeModel {
            coefficient: estimate.coefficient / change_sd,
            std_error: estimate.std_error.map(|se| se / change_sd),
            p_value: estimate.p_value,
            auc_out_of_fold: out_of_fold_auc(&x, &pairs.churned, folds),
        })
    }
}

/// AUC of the model's out-of-fold risk: each fold predicted by a fit on the others.
fn out_of_fold_auc(x: &Array2<f64>, churned: &[bool], folds: &[usize]) -> Option<f64> {
    let mut risk = vec![0.0; churned.len()];
    let count = folds.iter().max().map_or(0, |&k| k + 1);
    for fold in 0..count {
        let (held, train) = split(folds, fold);
        if held.is_empty() {
            continue;
        }
        let train_x = x.select(ndarray::Axis(0), &train);
        let train_y: Vec<bool> = train.iter().map(|&i| churned[i]).collect();
        let fit = fit_logistic(train_x.view(), &train_y, 0.0, None, &SOLVER).ok()?;
        let held_x = x.select(ndarray::Axis(0), &held);
        for (&i, eta) in held
            .iter()
            .zip(linear_predictor(held_x.view(), &fit.coefficients, fit.intercept))
        {
            risk[i] = -eta;
        }
    }
    roc_auc(&risk, churned).ok()
}

/// `(v − mean) / sd` of every value, and the sd; `None` for fewer than 2 values or no spread.
fn standardized(values: &[f64]) -> Option<(Vec<f64>, f64)> {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    (values.len() >= 2 && sd > 0.0 && sd.is_finite())
        .then(|| (values.iter().map(|v| (v - mean) / sd).collect(), sd))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::previous_snapshots;

    fn ids(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pairs_are_the_snapshots_with_a_previous_one_and_their_score_change() {
        let previous = previous_snapshots(&ids(&["a", "b", "a", "b"]), &[20, 10, 10, 20]);
        let pairs = SnapshotPairs::new(&previous, &[true, false, false, false], &[40.0, 70.0, 55.0, 72.0]);
        assert_eq!(pairs.rows, [0, 3]);
        assert_eq!(pairs.change, [-15.0, 2.0]);
        assert_eq!(pairs.churned, [true, false]);
    }

    #[test]
    fn falling_is_a_drop_of_at_least_ten_points_with_wilson_intervals() {
        let pairs = SnapshotPairs {
            rows: vec![0, 1, 2, 3],
            level: vec![50.0, 50.0, 60.0, 60.0],
            change: vec![-10.0, -9.9, 0.0, 5.0],
            churned: vec![true, true, false, false],
        };
        let test = test_pairs(&pairs, &[0, 1, 0, 1], 0.95);
        assert_eq!((test.falling.accounts, test.falling.churned), (1, 1));
        assert_eq!(test.steady_or_rising.accounts, 3);
        assert_eq!(test.steady_or_rising.churn_rate, Some(1.0 / 3.0));
        let (low, high) = wilson_interval(1, 3, 0.95);
        assert_eq!(test.steady_or_rising.churn_rate_ci, Some([low, high]));
        assert_eq!(test.auc_level, Some(1.0));
    }

    #[test]
    fn churn_by_change_puts_each_snapshot_in_one_of_four_groups() {
        let pairs = SnapshotPairs {
            rows: vec![0; 6],
            level: vec![50.0; 6],
            change: vec![-10.0, -9.0, -2.0, -1.9, 1.9, 2.0],
            churned: vec![true, true, false, true, false, false],
        };
        let groups = churn_by_change(&pairs, 0.95);
        let counts: Vec<(&str, usize, usize)> = groups
            .iter()
            .map(|g| (g.name, g.churn.accounts, g.churn.churned))
            .collect();
        assert_eq!(
            counts,
            [
                ("falling a lot", 1, 1),
                ("falling", 2, 1),
                ("steady", 2, 1),
                ("rising", 1, 0)
            ]
        );
    }

    #[test]
    fn no_previous_snapshots_give_no_figures_and_say_so() {
        let test = trend_test(
            &ids(&["a", "b"]),
            &[None, None],
            &[true, false],
            &[40.0, 70.0],
            &TrendOptions::default(),
        );
        assert_eq!(test.accounts, 0);
        assert_eq!(test.auc_level, None);
        assert_eq!(test.change_coefficient, None);
        assert_eq!(test.falling.churn_rate, None);
        assert!(
            test.verdict.contains("no snapshot has a previous one"),
            "{}",
            test.verdict
        );
    }

    #[test]
    fn scores_that_never_change_cannot_test_the_trend() {
        let pairs = SnapshotPairs {
            rows: vec![0, 1, 2, 3],
            level: vec![50.0, 40.0, 60.0, 70.0],
            change: vec![0.0; 4],
            churned: vec![true, true, false, false],
        };
        let test = test_pairs(&pairs, &[0, 1, 0, 1], 0.95);
        assert_eq!(test.change_coefficient, None);
        assert!(test.verdict.contains("never changed"), "{}", test.verdict);
    }
}
