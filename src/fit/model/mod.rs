//! The logistic model of churn on each measure's points, on plain arrays: no report, no
//! scorecard file, no presentation.
//!
//! Churn is regressed on each measure's 0–100 points with linfa-logistic ([`logistic`],
//! its likelihood in [`likelihood`], Newton steps to start it in [`newton`]): points
//! standardized, missing points at the measure's mean ([`design`], with each exclusion's
//! [`reason`]), L2-penalized with the strength chosen by stratified k-fold
//! cross-validation ([`folds`], [`cv`]) on out-of-fold log-loss. Measures that point the wrong
//! way or cannot be told from zero are dropped one at a time and the model refitted
//! ([`select`]); standard errors come from the observed information at the optimum
//! ([`information`]). The coefficients become whole-percent weights adding up to exactly 100
//! ([`weights`]); [`bootstrap`] gives their intervals.
//!
//! Imports run one way: `logistic` → `newton` → `information` → `likelihood`.

pub mod bootstrap;
pub mod cv;
pub mod design;
pub mod folds;
pub mod information;
pub mod likelihood;
pub mod logistic;
pub mod newton;
pub mod one_profile;
pub mod reason;
pub mod select;
pub mod weights;
pub(crate) mod weights_only;

pub use one_profile::WeightOptions;
pub use weights_only::{fit_weights, FittedWeights, TrainingData};
