//! Fitting one profile's weights: check there is enough data, build the design, choose the
//! L2 strength by cross-validation, eliminate, and turn the coefficients into whole-percent
//! weights — with the warnings an analyst needs about that fit. The fit report
//! (`crate::fit`) and the weights-only entry ([`super::fit_weights`]) both start here.

use super::bootstrap::weight_shares;
use super::cv::{choose_strength, StrengthChoice, StrengthScore};
use super::design::Design;
use super::likelihood::linear_predictor;
use super::reason::Reason;
use super::select::{select, Selection, SelectionSettings};
use super::weights::ProfileWeights;
use crate::data::NumericColumn;
use crate::fit::error::FitError;
use crate::metrics::auc::roc_auc;
use crate::scorecard::Profile;

/// Settings of the weight fit (the defaults are the CLI's, through `FitOptions`).
#[derive(Debug, Clone, PartialEq)]
pub struct WeightOptions {
    /// Cross-validation folds for choosing the L2 strength.
    pub folds: usize,
    /// Seed of the folds.
    pub seed: u64,
    /// L2 strengths to choose from, per account on standardized points.
    pub strengths: Vec<f64>,
    /// Fewest churned and retained accounts a profile needs (at least `folds` are needed).
    pub min_churned: usize,
    /// Significance to keep a measure, and the solver's settings.
    pub selection: SelectionSettings,
}

impl WeightOptions {
    /// Fewest churned (and retained) accounts a profile needs to be fitted.
    pub fn minimum(&self) -> usize {
        self.min_churned.max(self.folds)
    }
}

/// One profile's accounts as plain data.
#[derive(Debug, Clone)]
pub struct ProfilePoints<'a> {
    /// Measure names, in the profile's order.
    pub names: Vec<String>,
    /// Each measure's points (0–100, missing allowed), in the profile's order, indexed by row.
    pub columns: Vec<&'a NumericColumn>,
    /// The rows of the profile's accounts, ascending.
    pub rows: Vec<usize>,
    /// Churn outcome of every row.
    pub churned: &'a [bool],
    /// Cross-validation fold of every row.
    pub folds: &'a [usize],
}

/// What became of one profile.
#[derive(Debug, Clone)]
pub enum ProfileWeightFit {
    /// Too few churned or retained accounts: the current weights are kept.
    TooLittleData {
        churned: usize,
        retained: usize,
        minimum: usize,
    },
    /// No measure can enter a fit (each measure's reason is in the design).
    NoUsableMeasures(Design),
    /// Fitted.
    Fitted(Box<WeightFit>),
}

impl ProfileWeightFit {
    /// Why the profile keeps its current weights, when it was not fitted.
    pub fn note(&self) -> Option<String> {
        match self {
            ProfileWeightFit::TooLittleData {
                churned,
                retained,
                minimum,
            } => Some(format!(
                "too little data to fit: {churned} churned and {retained} retained accounts (need at least \
                 {minimum} of each); its current weights are kept"
            )),
            ProfileWeightFit::NoUsableMeasures(_) => Some(
                "no measure can be fitted (see each measure's reason); its current weights are kept"
                    .to_string(),
            ),
            ProfileWeightFit::Fitted(_) => None,
        }
    }
}

/// A fitted profile.
#[derive(Debug, Clone)]
pub struct WeightFit {
    pub design: Design,
    /// The measures that could enter the fit.
    pub candidates: Vec<usize>,
    /// Fold of each design row.
    pub folds: Vec<usize>,
    /// The cross-validation of the L2 strength.
    pub choice: StrengthChoice,
    /// The chosen strength and its out-of-fold log-loss.
    pub chosen: StrengthScore,
    /// `strength · accounts`, the penalty of the final fit.
    pub alpha: f64,
    /// The final fit, with elimination.
    pub selection: Selection,
    /// Whole-percent weights (the current ones when no measure earned a weight).
    pub weights: ProfileWeights,
    /// Whether no measure earned a weight.
    pub nothing_kept: bool,
    /// Warnings about the data and the fit, each after `prefix`.
    pub warnings: Vec<String>,
}

impl WeightFit {
    /// Each measure's change in the log-odds of churn per point, in the profile's order;
    /// `None` for measures that were excluded or dropped.
    pub fn coefficients(&self) -> Vec<Option<f64>> {
        let mut per_point = vec![None; self.design.names.len()];
        for (&m, estimate) in self.selection.kept.iter().zip(&self.selection.estimates) {
            per_point[m] = Some(self.design.per_point(m, estimate.coefficient));
        }
        per_point
    }
}

/// Fits one profile's weights; `prefix` goes before every warning (e.g. `profile 'x': `),
/// and `lap` is told when each phase ends (for timings).
///
/// Errors: [`FitError::Solver`] on an internal solver failure.
pub fn fit_profile_weights(
    points: ProfilePoints,
    profile: &Profile,
    options: &WeightOptions,
    prefix: &str,
    lap: &mut dyn FnMut(&'static str),
) -> Result<ProfileWeightFit, FitError> {
    let churned = points.rows.iter().filter(|&&r| points.churned[r]).count();
    let retained = points.rows.len() - churned;
    let minimum = options.minimum();
    if churned < minimum || retained < minimum {
        return Ok(ProfileWeightFit::TooLittleData {
            churned,
            retained,
            minimum,
        });
    }
    let design = Design::new(points.names, &points.columns, points.rows, points.churned);
    let candidates = design.usable();
    if candidates.is_empty() {
        return Ok(ProfileWeightFit::NoUsableMeasures(design));
    }
    let folds: Vec<usize> = design.rows.iter().map(|&r| points.folds[r]).collect();
    let fit = fit_design(design, candidates, folds, profile, options, prefix, lap)?;
    Ok(ProfileWeightFit::Fitted(Box::new(fit)))
}

/// Cross-validates the strength, eliminates and suggests weights.
fn fit_design(
    design: Design,
    candidates: Vec<usize>,
    folds: Vec<usize>,
    profile: &Profile,
    options: &WeightOptions,
    prefix: &str,
    lap: &mut dyn FnMut(&'static str),
) -> Result<WeightFit, FitError> {
    let mut warnings = design_warnings(&design, &candidates, prefix);
    let settings = &options.selection;
    let choice = choose_strength(
        &design,
        &folds,
        options.folds,
        &candidates,
        &options.strengths,
        settings,
    )?;
    let chosen = choice.scores[choice.chosen];
    lap("cross-validation of the L2 strength");
    if choice.not_converged > 0 {
        warnings.push(format!(
            "{prefix}{} cross-validation fits stopped before reaching their gradient tolerance",
            choice.not_converged
        ));
    }
    let alpha = chosen.strength * design.len() as f64;
    let x = design.matrix(&(0..design.len()).collect::<Vec<_>>(), &candidates);
    let start = choice.fold_fits.iter().flatten().next();
    let selection = select(&design, x, &design.churned, &candidates, alpha, start, settings)?;
    lap("final fit with elimination");
    warnings.extend(selection_warnings(&design, &selection, prefix));
    let mut weights = ProfileWeights::from_shares(profile, &weight_shares(&design, &selection));
    let nothing_kept = !weights.any_positive(profile);
    if nothing_kept {
        warnings.push(format!(
            "{prefix}no measure predicts churn significantly in the right direction: the current weights are kept"
        ));
        weights = ProfileWeights::current(profile);
    }
    Ok(WeightFit {
        design,
        candidates,
        folds,
        choice,
        chosen,
        alpha,
        selection,
        weights,
        nothing_kept,
        warnings,
    })
}

/// Warnings about the data before any fit: leaks, few churned accounts per measure.
fn design_warnings(design: &Design, candidates: &[usize], prefix: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    for (m, excluded) in design.excluded.iter().enumerate() {
        if let Some(reason @ Reason::PossibleLeak { .. }) = excluded {
            warnings.push(format!(
                "{prefix}measure '{}' gets weight 0: {reason}",
                design.names[m]
            ));
        }
    }
    let churned = design.churned_count();
    if churned < 10 * candidates.len() {
        warnings.push(format!(
            "{prefix}only {churned} churned accounts for {} measures (fewer than 10 per measure): the suggested \
             weights are unstable; see their bootstrap intervals (--bootstrap)",
            candidates.len()
        ));
    }
    warnings
}

/// Warnings about the final fit: convergence and perfect separation.
fn selection_warnings(design: &Design, selection: &Selection, prefix: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    if !selection.fit.converged {
        warnings.push(format!(
            "{prefix}the final fit stopped before converging (gradient norm {:.3e}, tolerance {:.3e}): coefficients \
             may be imprecise",
            selection.fit.gradient_norm, selection.fit.tolerance
        ));
    }
    if !selection.kept.is_empty() {
        let all: Vec<usize> = (0..design.len()).collect();
        let x = design.matrix(&all, &selection.kept);
        let health: Vec<f64> =
            linear_predictor(x.view(), &selection.fit.coefficients, selection.fit.intercept)
                .into_iter()
                .map(|eta| -eta)
                .collect();
        if roc_auc(&health, &design.churned).is_ok_and(|auc| auc >= 1.0) {
            warnings.push(format!(
                "{prefix}the measures separate churned from retained accounts perfectly: the coefficients are set by \
                 the regularization alone; check the measures for leaks"
            ));
        }
    }
    warnings
}
