//! Cross-validation: choosing the L2 strength, and refitting fold by fold for an honest,
//! out-of-fold view of the suggested weights.
//!
//! The strength is chosen by **out-of-fold log-loss**: for each strength on the grid, every
//! fold is fitted on the other folds and its held-out accounts are scored; the strength with
//! the lowest mean log-loss over all held-out accounts wins (a tie goes to the stronger
//! penalty). A strength `λ` means `alpha = λ·n` for a fit on `n` accounts, i.e. a penalty of
//! `λ/2·Σβ²` per account on standardized points — scikit-learn's `C = 1/(λ·n)`. Folds run in
//! parallel (rayon); within a fold the strengths run from strongest to weakest, each
//! starting from the previous solution.
//!
//! The out-of-fold refits ([`refit_folds`]) reuse the strength chosen on all folds rather
//! than choosing it again inside each (nested cross-validation): the comparison is honest
//! about the weights and measures, and only slightly optimistic about one number picked from
//! a five-point grid.

use rayon::prelude::*;
use serde::Serialize;

use super::design::Design;
use super::folds::split;
use super::likelihood::{linear_predictor, log_loss, sigmoid, LogisticFit};
use super::logistic::fit_logistic;
use super::select::{select, Selection, SelectionSettings};
use crate::fit::error::FitError;

/// The default grid of L2 strengths (per account, on standardized points).
pub const DEFAULT_STRENGTHS: [f64; 5] = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5];

/// Out-of-fold log-loss of one strength.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StrengthScore {
    /// `λ`: the penalty per account (`alpha = λ·n`).
    pub strength: f64,
    /// Mean log-loss over every held-out account.
    pub log_loss: f64,
}

/// The outcome of choosing the strength.
#[derive(Debug, Clone)]
pub struct StrengthChoice {
    /// Every strength tried, strongest first.
    pub scores: Vec<StrengthScore>,
    /// Index of the chosen one in `scores`.
    pub chosen: usize,
    /// Per fold, the fit at the chosen strength (`None` for a fold without held-out rows).
    pub fold_fits: Vec<Option<LogisticFit>>,
    /// Fits that missed their gradient tolerance.
    pub not_converged: usize,
}

/// One fold's refit at the chosen strength, with elimination.
#[derive(Debug, Clone)]
pub struct FoldRefit {
    /// Held-out positions (into the design's rows).
    pub held_out: Vec<usize>,
    /// Elimination on the other folds.
    pub selection: Selection,
    /// The fold model's churn probability for each held-out account.
    pub probabilities: Vec<f64>,
}

/// Fits every strength on every fold; returns the out-of-fold log-loss of each.
pub fn choose_strength(
    design: &Design,
    folds: &[usize],
    k: usize,
    candidates: &[usize],
    strengths: &[f64],
    settings: &SelectionSettings,
) -> Result<StrengthChoice, FitError> {
    let mut grid = strengths.to_vec();
    grid.sort_by(|a, b| b.total_cmp(a));
    let per_fold: Vec<Option<FoldLosses>> = (0..k)
        .into_par_iter()
        .map(|fold| fold_losses(design, folds, fold, candidates, &grid, settings))
        .collect::<Result<_, _>>()?;
    let held_out: usize = per_fold
        .iter()
        .flatten()
        .map(|f| f.held_out)
        .sum::<usize>()
        .max(1);
    let mut scores: Vec<StrengthScore> = grid
        .iter()
        .map(|&strength| StrengthScore {
            strength,
            log_loss: 0.0,
        })
        .collect();
    let mut not_converged = 0;
    for fold in per_fold.iter().flatten() {
        not_converged += fold.missed;
        for (score, loss) in scores.iter_mut().zip(&fold.losses) {
            score.log_loss += loss / held_out as f64;
        }
    }
    let mut chosen = 0;
    for (i, score) in scores.iter().enumerate() {
        if score.log_loss < scores[chosen].log_loss * (1.0 - 1e-12) {
            chosen = i;
        }
    }
    let fold_fits = per_fold
        .into_iter()
        .map(|fold| fold.map(|mut f| f.fits.swap_remove(chosen)))
        .collect();
    Ok(StrengthChoice {
        scores,
        chosen,
        fold_fits,
        not_converged,
    })
}

/// One fold's fits of every strength.
struct FoldLosses {
    /// Summed held-out log-loss per strength.
    losses: Vec<f64>,
    /// Accounts held out.
    held_out: usize,
    /// Fits that missed their tolerance.
    missed: usize,
    /// The fit of each strength.
    fits: Vec<LogisticFit>,
}

/// [`FoldLosses`] of one fold; `None` when the fold holds no rows or trains on one class.
fn fold_losses(
    design: &Design,
    folds: &[usize],
    fold: usize,
    candidates: &[usize],
    grid: &[f64],
    settings: &SelectionSettings,
) -> Result<Option<FoldLosses>, FitError> {
    let (held_out, trained) = split(folds, fold);
    let train_churned: Vec<bool> = trained.iter().map(|&i| design.churned[i]).collect();
    if held_out.is_empty() || !both_classes(&train_churned) {
        return Ok(None);
    }
    let test_churned: Vec<bool> = held_out.iter().map(|&i| design.churned[i]).collect();
    let x_train = design.matrix(&trained, candidates);
    let x_test = design.matrix(&held_out, candidates);
    let mut losses = Vec::with_capacity(grid.len());
    let mut fits: Vec<LogisticFit> = Vec::with_capacity(grid.len());
    let mut missed = 0;
    for &strength in grid {
        let alpha = strength * trained.len() as f64;
        let fit = fit_logistic(
            x_train.view(),
            &train_churned,
            alpha,
            fits.last(),
            &settings.solver,
        )?;
        missed += usize::from(!fit.converged);
        losses.push(log_loss(
            x_test.view(),
            &test_churned,
            &fit.coefficients,
            fit.intercept,
        ));
        fits.push(fit);
    }
    Ok(Some(FoldLosses {
        losses,
        held_out: held_out.len(),
        missed,
        fits,
    }))
}

/// Refits every fold at `strength` with elimination, starting from `starts[fold]`.
pub fn refit_folds(
    design: &Design,
    folds: &[usize],
    k: usize,
    candidates: &[usize],
    strength: f64,
    starts: &[Option<LogisticFit>],
    settings: &SelectionSettings,
) -> Result<Vec<Option<FoldRefit>>, FitError> {
    (0..k)
        .into_par_iter()
        .map(|fold| {
            let (held_out, trained) = split(folds, fold);
            let churned: Vec<bool> = trained.iter().map(|&i| design.churned[i]).collect();
            if held_out.is_empty() || !both_classes(&churned) {
                return Ok(None);
            }
            let x = design.matrix(&trained, candidates);
            let alpha = strength * trained.len() as f64;
            let start = starts.get(fold).and_then(Option::as_ref);
            let selection = select(design, x, &churned, candidates, alpha, start, settings)?;
            let x_test = design.matrix(&held_out, &selection.kept);
            let probabilities = linear_predictor(
                x_test.view(),
                &selection.fit.coefficients,
                selection.fit.intercept,
            )
            .into_iter()
            .map(sigmoid)
            .collect();
            Ok(Some(FoldRefit {
                held_out,
                selection,
                probabilities,
            }))
        })
        .collect()
}

fn both_classes(churned: &[bool]) -> bool {
    churned.iter().any(|&c| c) && churned.iter().any(|&c| !c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::NumericColumn;
    use crate::fit::model::folds::stratified_folds;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn the_chosen_strength_has_the_lowest_out_of_fold_loss() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let n = 1500;
        let mut columns = vec![Vec::new(); 2];
        let mut churned = Vec::with_capacity(n);
        for _ in 0..n {
            let a: f64 = rng.gen_range(0.0..100.0);
            let b: f64 = rng.gen_range(0.0..100.0);
            churned.push(rng.gen_bool(sigmoid(-1.5 - 0.03 * (a - 50.0))));
            columns[0].push(Some(a));
            columns[1].push(Some(b));
        }
        let columns: Vec<NumericColumn> = columns.into_iter().map(NumericColumn::from).collect();
        let slices: Vec<&NumericColumn> = columns.iter().collect();
        let design = Design::new(vec!["a".into(), "b".into()], &slices, (0..n).collect(), &churned);
        let ids: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        let folds = stratified_folds(&ids, &churned, 5, 1);
        let choice = choose_strength(
            &design,
            &folds,
            5,
            &[0, 1],
            &[1e-4, 1.0, 1e-2],
            &SelectionSettings::default(),
        )
        .unwrap();
        let strengths: Vec<f64> = choice.scores.iter().map(|s| s.strength).collect();
        assert_eq!(strengths, vec![1.0, 1e-2, 1e-4]);
        let best = choice
            .scores
            .iter()
            .map(|s| s.log_loss)
            .fold(f64::INFINITY, f64::min);
        assert_eq!(choice.scores[choice.chosen].log_loss, best);
        // A penalty of 1 per account shrinks the signal away: it must not win.
        assert_ne!(choice.chosen, 0);
        assert_eq!(choice.fold_fits.iter().flatten().count(), 5);
        let refits = refit_folds(
            &design,
            &folds,
            5,
            &[0, 1],
            1e-4,
            &choice.fold_fits,
            &SelectionSettings::default(),
        )
        .unwrap();
        let held: usize = refits.iter().flatten().map(|r| r.held_out.len()).sum();
        assert_eq!(held, n);
        assert!(refits.iter().flatten().all(|r| r.selection.kept.contains(&0)));
    }
}
