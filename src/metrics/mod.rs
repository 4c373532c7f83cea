//! Statistics over plain slices: scores as `&[f64]`, outcomes as `&[bool]` (true = churned).
//!
//! Convention: a health score is good when HIGH. "AUC" is the probability that a randomly
//! chosen retained account outscores a randomly chosen churned one (ties ½), i.e.
//! scikit-learn `roc_auc_score(churned, -score)`. Every function validates its input
//! ([`check`]) and returns a [`MetricError`] or a documented stable value instead of NaN or
//! infinity. All algorithms sort once: O(n log n). To compute several statistics of one
//! score column, rank it once with [`RankedScores`] and call them on the ranked view; the
//! slice functions are thin wrappers that rank and call the same code.

pub mod auc;
pub mod average_precision;
pub mod binning;
pub mod bootstrap;
pub mod capacity;
pub mod check;
pub mod correlation;
pub mod correlation_matrix;
pub mod deciles;
pub mod delong;
mod delong_components;
pub mod delong_sorted;
mod error;
pub mod gains;
pub mod ks;
pub mod normal;
pub mod power;
pub mod psi;
pub mod quantile;
pub mod ranked;
pub mod ranks;
pub mod reclassification;
mod tie_runs;
pub mod tolerance;
pub mod value_counts;
pub mod wilson;
pub mod woe;

pub use auc::RocPoint;
pub use bootstrap::BootstrapInterval;
pub use deciles::DecileRow;
pub use delong::{AucEstimate, PairedAucTest};
pub use error::MetricError;
pub use ranked::RankedScores;
