//! Out-of-time validation of fitted weights: walk forward by date — fit weights on the
//! periods up to t, score period t+1 with them, and compare with the scorecard's own
//! weights on the same accounts (AUC, DeLong's paired test).
//!
//! Splits are by calendar period only: the fit for period t+1 sees the snapshots of periods
//! ≤ t, all taken before t+1 starts, and nothing of t+1 or later. (Their *outcomes* may be
//! recorded after t+1 starts if the churn window is longer than a period; the history has
//! no way to say when an outcome became known.) To bound time and memory each period
//! contributes at most `fit_rows_per_period` snapshots to later fits, a seeded uniform
//! sample. Test periods with too few churned or retained accounts are not tested, and a fit
//! that fails (too little data) leaves its split untested, with the reason.

use serde::Serialize;

use super::fitted::{fit_weights, score_with, FittedWeights};
use super::pooled::{pool, verdict};
use super::training_spool::TrainingSpool;
use crate::data::History;
use crate::fit::model::folds::sample_rows;
use crate::fit::model::weights::ProfileWeights;
use crate::fit::{FitError, FitOptions};
use crate::metrics::delong::paired_test;
use crate::scorecard::{Scorecard, ScoredAccounts};

pub use super::pooled::PooledComparison;

/// The walk-forward of one candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WalkForwardReport {
    pub scorecard: String,
    /// Most snapshots one period contributes to a fit.
    pub fit_rows_per_period: usize,
    pub splits: Vec<Split>,
    /// The tested splits together (`null` when none was tested).
    pub pooled: Option<PooledComparison>,
}

/// Fit on `train_periods`, test on `test_period`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Split {
    pub train_periods: Vec<String>,
    pub test_period: String,
    /// Snapshots fitted on, and how many of them churned.
    pub train_rows: usize,
    pub train_churned: usize,
    /// Test accounts scored by both weightings (and how many churned).
    pub test_accounts: usize,
    pub test_churned: usize,
    /// Test accounts without a score under the fitted weights (none of their measures kept
    /// a weight); left out of the comparison.
    pub unscored: usize,
    pub auc_fitted: Option<f64>,
    pub auc_current: Option<f64>,
    /// `auc_fitted − auc_current`.
    pub auc_diff: Option<f64>,
    pub std_error: Option<f64>,
    pub z: Option<f64>,
    pub p_value: Option<f64>,
    /// In plain words; names a winner only when `p < 0.05`; says why when not tested.
    pub verdict: String,
    /// Effective weight (percent of the score) of each measure, current and fitted.
    pub weights: Vec<SplitWeight>,
    /// The fit's own warnings.
    pub warnings: Vec<String>,
}

/// One measure's weight in one split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SplitWeight {
    pub profile: String,
    pub measure: String,
    pub current: f64,
    pub fitted: f64,
}

/// Walks one candidate forward, one period at a time.
#[derive(Debug)]
pub struct WalkForward {
    /// The training rows, on disk between fits.
    training: TrainingSpool,
    train_periods: Vec<String>,
    splits: Vec<Split>,
    rows_per_period: usize,
    /// Weights fitted on the training rows ahead of the next test period (see
    /// [`WalkForward::fit_ahead`]).
    fitted_ahead: Option<Result<FittedWeights, FitError>>,
    /// The split of the period being tested, and its test scores when it can be tested,
    /// waiting for [`WalkForward::complete_test`].
    pending: Option<(Split, Option<TestScores>)>,
}

/// Fitted and current scores of the test accounts that the fitted weights score.
#[derive(Debug)]
struct TestScores {
    fitted: Vec<f64>,
    current: Vec<f64>,
    churned: Vec<bool>,
}

/// One test period: its label, accounts and the scorecard's scores on them.
#[derive(Debug, Clone, Copy)]
pub struct TestPeriod<'a> {
    pub label: &'a str,
    /// Why it cannot be tested (too few of a class), if so.
    pub skipped: Option<&'a str>,
    pub history: &'a History,
    pub scored: &'a ScoredAccounts,
}

impl WalkForward {
    /// A walk for `scorecard`, with at most `rows_per_period` training snapshots per period.
    /// Errors: the training rows' temporary file cannot be made.
    pub fn new(scorecard: &Scorecard, rows_per_period: usize) -> std::io::Result<WalkForward> {
        Ok(WalkForward {
            training: TrainingSpool::new(scorecard.measure_names())?,
            train_periods: Vec::new(),
            splits: Vec::new(),
            rows_per_period,
            fitted_ahead: None,
            pending: None,
        })
    }

    /// Fits the weights the next period will be tested with, on the training rows so far.
    /// Called between periods, once a period's own data is dropped, so that the fit's
    /// working memory does not add to a period's; a test without it fits then.
    /// Errors: the training rows cannot be read back.
    pub fn fit_ahead(&mut self, scorecard: &Scorecard, options: &FitOptions) -> std::io::Result<()> {
        if self.training.rows() > 0 {
            let training = self.training.load()?;
            self.fitted_ahead = Some(fit_weights(&training, scorecard, options));
        }
        Ok(())
    }

    /// Scores `period` with weights fitted on the earlier periods (the comparison itself
    /// waits for [`WalkForward::complete_test`], once the period's data is dropped), then
    /// adds a sample of the period to the training rows. `index` is the period's position,
    /// for the sampling seed.
    pub fn test_then_train(
        &mut self,
        period: TestPeriod,
        index: usize,
        scorecard: &Scorecard,
        options: &FitOptions,
    ) -> std::io::Result<()> {
        if self.training.rows() > 0 {
            let fitted = match self.fitted_ahead.take() {
                Some(fitted) => fitted,
                None => fit_weights(&self.training.load()?, scorecard, options),
            };
            self.pending = Some(self.test(period, fitted, scorecard));
        }
        let rows = sample_rows(
            period.history.len(),
            self.rows_per_period,
            options.seed.wrapping_add(index as u64),
        );
        self.training.extend(period.history, period.scored, &rows)?;
        self.train_periods.push(period.label.to_string());
        Ok(())
    }

    /// Compares the fitted and current scores of the period tested last, if any: the
    /// paired DeLong test and the verdict of its split.
    pub fn complete_test(&mut self) {
        if let Some((mut split, scores)) = self.pending.take() {
            if let Some(scores) = scores {
                compare(&mut split, scores);
            }
            self.splits.push(split);
        }
    }

    /// The split of period `period` tested with `fitted` (the weights fitted on the training
    /// rows) against the scorecard's own, and the scores to compare when it can be tested.
    fn test(
        &self,
        period: TestPeriod,
        fitted: Result<FittedWeights, FitError>,
        scorecard: &Scorecard,
    ) -> (Split, Option<TestScores>) {
        let mut split = Split {
            train_periods: self.train_periods.clone(),
            test_period: period.label.to_string(),
            train_rows: self.training.rows(),
            train_churned: self.training.churned(),
            test_accounts: 0,
            test_churned: 0,
            unscored: 0,
            auc_fitted: None,
            auc_current: None,
            auc_diff: None,
            std_error: None,
            z: None,
            p_value: None,
            verdict: String::new(),
            weights: Vec::new(),
            warnings: Vec::new(),
        };
        if let Some(reason) = period.skipped {
            split.verdict = format!("not tested: {} has {reason}", period.label);
            return (split, None);
        }
        let fitted = match fitted {
            Ok(fitted) => fitted,
            Err(error) => {
                split.verdict = format!(
                    "not tested: cannot fit weights on {}: {error}",
                    self.train_periods.join(", ")
                );
                return (split, None);
            }
        };
        split.weights = split_weights(scorecard, &fitted);
        split.warnings = fitted.warnings.clone();
        let scores = test_scores(&fitted, scorecard, period);
        split.unscored = period.scored.scores.len() - scores.fitted.len();
        split.test_accounts = scores.fitted.len();
        split.test_churned = scores.churned.iter().filter(|&&c| c).count();
        (split, Some(scores))
    }

    /// The report for `name`.
    pub fn finish(mut self, name: &str) -> WalkForwardReport {
        self.complete_test();
        let pooled = pool(self.splits.iter().filter_map(|s| s.auc_diff.zip(s.std_error)));
        WalkForwardReport {
            scorecard: name.to_string(),
            fit_rows_per_period: self.rows_per_period,
            splits: self.splits,
            pooled,
        }
    }
}

/// The test accounts' scores under `fitted` and under the scorecard, where `fitted` scores
/// them.
fn test_scores(fitted: &FittedWeights, scorecard: &Scorecard, period: TestPeriod) -> TestScores {
    let scores = score_with(fitted, scorecard, period.scored);
    let mut test = TestScores {
        fitted: Vec::new(),
        current: Vec::new(),
        churned: Vec::new(),
    };
    for (row, score) in scores.into_iter().enumerate() {
        if let Some(score) = score {
            test.fitted.push(score);
            test.current.push(period.scored.scores[row]);
            test.churned.push(period.history.churned[row]);
        }
    }
    test
}

/// Fills the split's comparison of fitted against current scores on the test accounts.
fn compare(split: &mut Split, scores: TestScores) {
    match paired_test(&scores.fitted, &scores.current, &scores.churned) {
        Ok(test) => {
            split.auc_fitted = Some(test.auc_a);
            split.auc_current = Some(test.auc_b);
            split.auc_diff = Some(test.diff);
            split.std_error = Some(test.std_error);
            split.z = Some(test.z);
            split.p_value = Some(test.p_value);
            split.verdict = verdict(test.diff, test.p_value, Some((test.auc_a, test.auc_b)));
        }
        Err(error) => split.verdict = format!("not tested: {error}"),
    }
}

/// Current and fitted effective weights of every measure.
fn split_weights(scorecard: &Scorecard, fitted: &FittedWeights) -> Vec<SplitWeight> {
    let mut weights = Vec::new();
    for (profile, new) in scorecard.profiles.iter().zip(&fitted.profiles) {
        let current = ProfileWeights::current(profile).effective_percent(profile);
        let fitted = new.effective_percent(profile);
        for ((measure, current), fitted) in profile.measures.iter().zip(current).zip(fitted) {
            weights.push(SplitWeight {
                profile: profile.name.clone(),
                measure: measure.name.clone(),
                current,
                fitted,
            });
        }
    }
    weights
}
