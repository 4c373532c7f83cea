//! The penalized log-likelihood of the logistic model of churn, and the passes over the
//! data that evaluate it: linear predictor, summed log-loss, gradient. Every pass runs over
//! fixed chunks of rows in parallel and adds the parts up in chunk order, so sums do not
//! depend on the number of threads. [`LogisticFit`] is a point of it, as the solver returns.

use ndarray::{s, Array1, ArrayView2};
use rayon::prelude::*;

/// Rows per chunk in the parallel passes over the data.
const CHUNK_ROWS: usize = 16_384;

/// A fitted model, oriented so that positive coefficients mean more churn.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticFit {
    /// Change in the log-odds of churn per unit of each column.
    pub coefficients: Vec<f64>,
    /// Log-odds of churn when every column is 0.
    pub intercept: f64,
    /// The L2 strength used (penalty `alpha/2 · Σ coefficients²`; the intercept is free).
    pub alpha: f64,
    /// L2 norm of the gradient of the penalized summed loss at the result.
    pub gradient_norm: f64,
    /// The tolerance it had to meet.
    pub tolerance: f64,
    /// Whether `gradient_norm <= tolerance`.
    pub converged: bool,
}
/// The logistic function.
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// `−log σ(z)` without overflow.
pub(crate) fn neg_log_sigmoid(z: f64) -> f64 {
    if z > 0.0 {
        (-z).exp().ln_1p()
    } else {
        -z + z.exp().ln_1p()
    }
}

/// Row ranges of at most [`CHUNK_ROWS`] rows.
fn chunks(rows: usize) -> Vec<std::ops::Range<usize>> {
    (0..rows)
        .step_by(CHUNK_ROWS)
        .map(|start| start..(start + CHUNK_ROWS).min(rows))
        .collect()
}

/// Applies `part` to each chunk in parallel and adds the results up in chunk order, so the
/// sum does not depend on the number of threads.
pub(crate) fn sum_over_chunks<F>(rows: usize, width: usize, part: F) -> Vec<f64>
where
    F: Fn(std::ops::Range<usize>) -> Vec<f64> + Sync + Send,
{
    let parts: Vec<Vec<f64>> = chunks(rows).into_par_iter().map(&part).collect();
    let mut total = vec![0.0; width];
    for p in parts {
        for (t, v) in total.iter_mut().zip(p) {
            *t += v;
        }
    }
    total
}

/// Linear predictor `x·coefficients + intercept` of the rows in `range`, built column by
/// column (fast for the column-major matrices of [`super::design::Design::matrix`]).
pub(crate) fn block_predictor(
    x: ArrayView2<f64>,
    range: std::ops::Range<usize>,
    coefficients: &[f64],
    intercept: f64,
) -> Vec<f64> {
    let mut eta = vec![intercept; range.len()];
    for (j, &b) in coefficients.iter().enumerate() {
        if b != 0.0 {
            let column = x.slice(s![range.clone(), j]);
            match column.as_slice() {
                Some(values) => eta.iter_mut().zip(values).for_each(|(e, v)| *e += b * v),
                None => eta.iter_mut().zip(column.iter()).for_each(|(e, v)| *e += b * v),
            }
        }
    }
    eta
}

/// Linear predictor `x·coefficients + intercept` of every row.
pub fn linear_predictor(x: ArrayView2<f64>, coefficients: &[f64], intercept: f64) -> Vec<f64> {
    let parts: Vec<Vec<f64>> = chunks(x.nrows())
        .into_par_iter()
        .map(|range| block_predictor(x, range, coefficients, intercept))
        .collect();
    parts.concat()
}

/// Gradient of the penalized summed loss, coefficients first, intercept last:
/// `Σᵢ (pᵢ − yᵢ)·xᵢ + alpha·β` and `Σᵢ (pᵢ − yᵢ)`.
pub fn gradient(
    x: ArrayView2<f64>,
    churned: &[bool],
    coefficients: &[f64],
    intercept: f64,
    alpha: f64,
) -> Vec<f64> {
    let width = coefficients.len() + 1;
    let mut g = sum_over_chunks(x.nrows(), width, |range| {
        let eta = block_predictor(x, range.clone(), coefficients, intercept);
        let residual: Array1<f64> = eta
            .iter()
            .zip(&churned[range.clone()])
            .map(|(&e, &y)| sigmoid(e) - f64::from(u8::from(y)))
            .collect();
        let mut part: Vec<f64> = (0..coefficients.len())
            .map(|j| x.slice(s![range.clone(), j]).dot(&residual))
            .collect();
        part.push(residual.sum());
        part
    });
    for (gj, b) in g.iter_mut().zip(coefficients) {
        *gj += alpha * b;
    }
    g
}

/// Summed log-loss (negative log-likelihood, no penalty) of the rows.
pub fn log_loss(x: ArrayView2<f64>, churned: &[bool], coefficients: &[f64], intercept: f64) -> f64 {
    sum_over_chunks(x.nrows(), 1, |range| {
        let eta = block_predictor(x, range.clone(), coefficients, intercept);
        let loss = eta
            .iter()
            .zip(&churned[range])
            .map(|(&z, &y)| neg_log_sigmoid(if y { z } else { -z }))
            .sum();
        vec![loss]
    })[0]
}
