//! One profile of the fit report: its weights from the model ([`super::model::one_profile`]),
//! then refits fold by fold for out-of-fold scores, in-sample scores, the bootstrap and the
//! report rows.

use super::error::FitError;
use super::model::bootstrap::{weight_intervals, weight_shares, BootstrapSettings};
use super::model::cv::{refit_folds, FoldRefit, StrengthScore};
use super::model::design::Design;
use super::model::one_profile::{fit_profile_weights, ProfilePoints, ProfileWeightFit, WeightFit};
use super::model::weights::ProfileWeights;
use super::model::weights_only::prefix;
use super::options::FitOptions;
use super::report::{GroupFit, MeasureFit, ProfileFit, Regularization, Timing};
use super::rows::{current_measure_rows, group_rows, measure_rows, points_intercept};
use std::time::Instant;

use crate::data::{History, NumericColumn};
use crate::metrics::auc::roc_auc;
use crate::scorecard::{Profile, Scorecard, ScoredAccounts};

/// Everything shared by the profiles of one fit.
pub(super) struct Context<'a> {
    pub history: &'a History,
    pub scorecard: &'a Scorecard,
    pub scored: &'a ScoredAccounts,
    /// Fold of every history row.
    pub folds: &'a [usize],
    pub options: &'a FitOptions,
}

/// One profile's results.
pub(super) struct ProfileOutcome {
    pub summary: ProfileFit,
    pub measures: Vec<MeasureFit>,
    pub groups: Vec<GroupFit>,
    pub regularization: Option<Regularization>,
    /// The weights to write (the current ones when not fitted).
    pub weights: ProfileWeights,
    /// History rows of the profile.
    pub rows: Vec<usize>,
    /// Out-of-fold score of each row (the current score where nothing was fitted).
    pub oof_scores: Vec<f64>,
    /// Out-of-fold churn probability of each row.
    pub oof_probabilities: Vec<Option<f64>>,
    /// In-sample score of each row under the suggested weights.
    pub scores: Vec<f64>,
    pub warnings: Vec<String>,
    /// Why it was not fitted (`None` when fitted).
    pub not_fitted: Option<ProfileWeightFit>,
    pub timings: Vec<Timing>,
}

impl Context<'_> {
    fn profile(&self, index: usize) -> &Profile {
        &self.scorecard.profiles[index]
    }

    /// The profile's measures' points for one row, in profile order.
    fn points(&self, index: usize, row: usize) -> Vec<Option<f64>> {
        self.profile(index)
            .measures
            .iter()
            .map(|m| self.points_column(&m.name).and_then(|column| column.get(row)))
            .collect()
    }

    fn points_column(&self, name: &str) -> Option<&NumericColumn> {
        let position = self.scored.measure_names.iter().position(|n| n == name)?;
        Some(&self.scored.points[position])
    }

    /// "profile 'x': " when the scorecard has several profiles, else nothing.
    fn prefix(&self, index: usize) -> String {
        prefix(&self.scorecard.profiles, index)
    }
}

/// Fits profile `index`, or keeps its current weights when it cannot be fitted.
pub(super) fn fit_profile(ctx: &Context, index: usize) -> Result<ProfileOutcome, FitError> {
    let profile = ctx.profile(index);
    let rows: Vec<usize> = (0..ctx.history.len())
        .filter(|&r| ctx.scored.profile(r) == index)
        .collect();
    let empty = NumericColumn::from_nan_encoded(vec![f64::NAN; ctx.history.len()]);
    let points = ProfilePoints {
        names: profile.measures.iter().map(|m| m.name.clone()).collect(),
        columns: profile
            .measures
            .iter()
            .map(|m| ctx.points_column(&m.name).unwrap_or(&empty))
            .collect(),
        rows: rows.clone(),
        churned: &ctx.history.churned,
        folds: ctx.folds,
    };
    let mut clock = Clock::new(&profile.name);
    let prefix = ctx.prefix(index);
    let mut lap = |phase| clock.lap(phase);
    let outcome = fit_profile_weights(points, profile, &ctx.options.weights(), &prefix, &mut lap)?;
    match outcome {
        ProfileWeightFit::Fitted(fit) => fitted(ctx, index, *fit, clock),
        not_fitted => Ok(unfitted(ctx, index, rows, not_fitted)),
    }
}

/// Scores a fitted profile out of fold and in sample, bootstraps its weights and makes its
/// report rows.
fn fitted(ctx: &Context, index: usize, fit: WeightFit, mut clock: Clock) -> Result<ProfileOutcome, FitError> {
    let (profile, options) = (ctx.profile(index), ctx.options);
    let WeightFit {
        design,
        candidates,
        folds,
        choice,
        chosen,
        alpha,
        selection,
        weights,
        nothing_kept,
        mut warnings,
    } = fit;
    let StrengthScore { strength, log_loss } = chosen;
    let settings = options.selection();
    let refits = refit_folds(
        &design,
        &folds,
        options.folds,
        &candidates,
        strength,
        &choice.fold_fits,
        &settings,
    )?;
    let (oof_scores, oof_probabilities) = out_of_fold(ctx, index, &design, &refits, &mut warnings);
    clock.lap("out-of-fold refits with elimination");
    let scores = in_sample(ctx, index, &design, &weights, &mut warnings);
    let boot = BootstrapSettings {
        resamples: options.bootstrap,
        seed: options.seed,
        confidence: options.confidence,
    };
    let ids = &ctx.history.ids;
    let intervals = weight_intervals(
        &design,
        ids,
        &candidates,
        strength,
        &selection.fit,
        &boot,
        &settings,
    )?;
    if options.bootstrap > 0 {
        clock.lap("bootstrap");
    }
    let current: Vec<f64> = design.rows.iter().map(|&r| ctx.scored.scores[r]).collect();
    let summary = ProfileFit {
        name: profile.name.clone(),
        accounts: design.len(),
        churned: design.churned_count(),
        fitted: true,
        note: nothing_kept.then(|| "no measure earned a weight; the current weights are kept".to_string()),
        intercept: Some(points_intercept(&design, &selection)),
        converged: Some(selection.fit.converged),
        gradient_norm: Some(selection.fit.gradient_norm),
        auc_current: roc_auc(&current, &design.churned).ok(),
        auc_suggested_oof: roc_auc(&oof_scores, &design.churned).ok(),
    };
    Ok(ProfileOutcome {
        summary,
        measures: measure_rows(profile, &design, &selection, &weights, &intervals, nothing_kept),
        groups: group_rows(profile, &weights),
        regularization: Some(Regularization {
            profile: profile.name.clone(),
            strength,
            alpha,
            log_loss,
            grid: choice.scores.clone(),
        }),
        weights,
        rows: design.rows,
        oof_scores,
        oof_probabilities,
        scores,
        warnings,
        not_fitted: None,
        timings: clock.laps,
    })
}

/// Wall time of each phase, for `-v`.
struct Clock {
    profile: String,
    started: Instant,
    laps: Vec<Timing>,
}

impl Clock {
    fn new(profile: &str) -> Clock {
        Clock {
            profile: profile.to_string(),
            started: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, phase: &'static str) {
        self.laps.push(Timing {
            profile: self.profile.clone(),
            phase,
            seconds: self.started.elapsed().as_secs_f64(),
        });
        self.started = Instant::now();
    }
}

/// Each account's out-of-fold score (weights fitted on the other folds, applied as the
/// scorecard would) and churn probability (the fold's model).
fn out_of_fold(
    ctx: &Context,
    index: usize,
    design: &Design,
    refits: &[Option<FoldRefit>],
    warnings: &mut Vec<String>,
) -> (Vec<f64>, Vec<Option<f64>>) {
    let profile = ctx.profile(index);
    let mut scores: Vec<f64> = design.rows.iter().map(|&r| ctx.scored.scores[r]).collect();
    let mut probabilities = vec![None; design.len()];
    let (mut fallback_folds, mut unscored) = (0, 0);
    for refit in refits.iter().flatten() {
        let mut weights = ProfileWeights::from_shares(profile, &weight_shares(design, &refit.selection));
        if !weights.any_positive(profile) {
            weights = ProfileWeights::current(profile);
            fallback_folds += 1;
        }
        for (&position, &probability) in refit.held_out.iter().zip(&refit.probabilities) {
            probabilities[position] = Some(probability);
            match weights.score(profile, &ctx.points(index, design.rows[position])) {
                Some(score) => scores[position] = score,
                None => unscored += 1,
            }
        }
    }
    let prefix = ctx.prefix(index);
    if fallback_folds > 0 {
        warnings.push(format!(
            "{prefix}in {fallback_folds} fold(s) no measure kept a weight; those folds are scored with the current \
             weights"
        ));
    }
    if unscored > 0 {
        warnings.push(format!(
            "{prefix}{unscored} held-out accounts had none of their fold's suggested measures and kept their current \
             score"
        ));
    }
    (scores, probabilities)
}

/// Each account's score under the suggested weights; accounts with none of the suggested
/// measures keep their current score (and a warning says how many).
fn in_sample(
    ctx: &Context,
    index: usize,
    design: &Design,
    weights: &ProfileWeights,
    warnings: &mut Vec<String>,
) -> Vec<f64> {
    let profile = ctx.profile(index);
    let mut unscored = 0;
    let scores = design
        .rows
        .iter()
        .map(|&r| {
            weights.score(profile, &ctx.points(index, r)).unwrap_or_else(|| {
                unscored += 1;
                ctx.scored.scores[r]
            })
        })
        .collect();
    if unscored > 0 {
        warnings.push(format!(
            "{}{unscored} accounts have none of the suggested measures: the suggested scorecard cannot score them \
             (give a measure `missing = <points>`)",
            ctx.prefix(index)
        ));
    }
    scores
}

/// A profile kept as it is: current weights, current scores.
fn unfitted(ctx: &Context, index: usize, rows: Vec<usize>, not_fitted: ProfileWeightFit) -> ProfileOutcome {
    let note = not_fitted.note().unwrap_or_default();
    let design = match &not_fitted {
        ProfileWeightFit::NoUsableMeasures(design) => Some(design),
        _ => None,
    };
    let profile = ctx.profile(index);
    let current = ProfileWeights::current(profile);
    let churned: Vec<bool> = rows.iter().map(|&r| ctx.history.churned[r]).collect();
    let scores: Vec<f64> = rows.iter().map(|&r| ctx.scored.scores[r]).collect();
    let summary = ProfileFit {
        name: profile.name.clone(),
        accounts: rows.len(),
        churned: churned.iter().filter(|&&c| c).count(),
        fitted: false,
        note: Some(note.clone()),
        intercept: None,
        converged: None,
        gradient_norm: None,
        auc_current: roc_auc(&scores, &churned).ok(),
        auc_suggested_oof: roc_auc(&scores, &churned).ok(),
    };
    ProfileOutcome {
        summary,
        measures: current_measure_rows(profile, design),
        groups: group_rows(profile, &current),
        regularization: None,
        weights: current,
        oof_probabilities: vec![None; rows.len()],
        oof_scores: scores.clone(),
        scores,
        rows,
        warnings: vec![format!("{}{note}", ctx.prefix(index))],
        not_fitted: Some(not_fitted),
        timings: Vec::new(),
    }
}
