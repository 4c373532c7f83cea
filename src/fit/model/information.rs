//! Standard errors of the coefficients from the observed information matrix at the optimum.
//!
//! For the penalized log-likelihood the observed information is
//! `I = X̃ᵀ W X̃ + alpha·D`, with `X̃` the columns plus a column of ones (the intercept, last),
//! `W = diag(pᵢ(1 − pᵢ))` and `D` the identity with a 0 for the intercept (it is not
//! penalized). The covariance is `I⁻¹` (Cholesky); standard errors are the square roots of
//! its diagonal. With `alpha = 0` this is statsmodels' `Logit(...).fit().bse`; with a penalty
//! it is the usual ridge (Bayesian) form.

use ndarray::{s, Array2, ArrayView1, ArrayView2};

use super::likelihood::{block_predictor, neg_log_sigmoid, sigmoid, sum_over_chunks, LogisticFit};
use crate::metrics::normal::two_sided_p_value;

/// A coefficient with its standard error and Wald test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Change in the log-odds of churn per unit of the column.
    pub coefficient: f64,
    /// Standard error; `None` when the information matrix is singular.
    pub std_error: Option<f64>,
    /// Two-sided Wald p-value of `coefficient / std_error`; `None` without a standard error.
    pub p_value: Option<f64>,
}

/// `X̃ᵀ W X̃ + alpha·D` at the fit, as a `(p + 1) × (p + 1)` matrix, intercept last.
pub fn observed_information(x: ArrayView2<f64>, fit: &LogisticFit) -> Array2<f64> {
    local_quadratic(x, None, &fit.coefficients, fit.intercept, fit.alpha).information
}

/// The penalized loss, its gradient and its second derivative (the observed information)
/// at one point, from one pass over the data.
pub(crate) struct Quadratic {
    /// `Σ log-loss + alpha/2·Σβ²` (0 when no outcomes were given).
    pub loss: f64,
    /// Coefficients first, intercept last (zeros when no outcomes were given).
    pub gradient: Vec<f64>,
    pub information: Array2<f64>,
}

/// [`Quadratic`] at `(coefficients, intercept)`; loss and gradient need `churned`.
pub(crate) fn local_quadratic(
    x: ArrayView2<f64>,
    churned: Option<&[bool]>,
    coefficients: &[f64],
    intercept: f64,
    alpha: f64,
) -> Quadratic {
    let p = x.ncols();
    let width = p + 1;
    // Per chunk: [information (width²), gradient (width), loss (1)].
    let flat = sum_over_chunks(x.nrows(), width * width + width + 1, |range| {
        let eta = block_predictor(x, range.clone(), coefficients, intercept);
        let mut part = vec![0.0; width * width + width + 1];
        let weights: Vec<f64> = eta
            .iter()
            .map(|&e| {
                let prob = sigmoid(e);
                prob * (1.0 - prob)
            })
            .collect();
        if let Some(churned) = churned {
            let outcomes = &churned[range.clone()];
            let residual: Vec<f64> = eta
                .iter()
                .zip(outcomes)
                .map(|(&e, &y)| sigmoid(e) - f64::from(u8::from(y)))
                .collect();
            let residual_view = ArrayView1::from(&residual[..]);
            for j in 0..p {
                part[width * width + j] = residual_view.dot(&x.slice(s![range.clone(), j]));
            }
            part[width * width + p] = residual_view.sum();
            part[width * width + width] = eta
                .iter()
                .zip(outcomes)
                .map(|(&z, &y)| neg_log_sigmoid(if y { z } else { -z }))
                .sum();
        }
        let mut weighted = vec![0.0; weights.len()];
        for j in 0..p {
            let column_j = x.slice(s![range.clone(), j]);
            match column_j.as_slice() {
                Some(values) => {
                    for ((wx, w), v) in weighted.iter_mut().zip(&weights).zip(values) {
                        *wx = w * v;
                    }
                }
                None => {
                    for ((wx, w), v) in weighted.iter_mut().zip(&weights).zip(column_j.iter()) {
                        *wx = w * v;
                    }
                }
            }
            let weighted_view = ArrayView1::from(&weighted[..]);
            for k in 0..=j {
                let sum = weighted_view.dot(&x.slice(s![range.clone(), k]));
                part[j * width + k] = sum;
                part[k * width + j] = sum;
            }
            let with_intercept: f64 = weighted_view.sum();
            part[j * width + p] = with_intercept;
            part[p * width + j] = with_intercept;
        }
        part[p * width + p] = weights.iter().sum();
        part
    });
    let mut information =
        Array2::from_shape_vec((width, width), flat[..width * width].to_vec()).expect("square matrix");
    let mut gradient = flat[width * width..width * width + width].to_vec();
    let mut loss = flat[width * width + width];
    for j in 0..p {
        information[[j, j]] += alpha;
        if churned.is_some() {
            gradient[j] += alpha * coefficients[j];
            loss += 0.5 * alpha * coefficients[j] * coefficients[j];
        }
    }
    Quadratic {
        loss,
        gradient,
        information,
    }
}

/// `−A⁻¹·g` for a symmetric positive-definite `A` (the Newton step), when `A` can be
/// inverted.
pub(crate) fn newton_direction(information: &Array2<f64>, gradient: &[f64]) -> Option<Vec<f64>> {
    let inverse = invert_spd(information)?;
    Some(
        (0..gradient.len())
            .map(|i| {
                -(0..gradient.len())
                    .map(|j| inverse[[i, j]] * gradient[j])
                    .sum::<f64>()
            })
            .collect(),
    )
}

/// Inverse of a symmetric positive-definite matrix by Cholesky; `None` when it is not
/// (numerically) positive definite.
pub fn invert_spd(a: &Array2<f64>) -> Option<Array2<f64>> {
    let n = a.nrows();
    let mut l = Array2::<f64>::zeros((n, n));
    for j in 0..n {
        let diagonal = a[[j, j]] - (0..j).map(|k| l[[j, k]] * l[[j, k]]).sum::<f64>();
        let floor = 1e-12 * a[[j, j]].abs().max(f64::MIN_POSITIVE);
        if diagonal.is_nan() || diagonal <= floor || diagonal.is_infinite() {
            return None;
        }
        l[[j, j]] = diagonal.sqrt();
        for i in j + 1..n {
            let off = a[[i, j]] - (0..j).map(|k| l[[i, k]] * l[[j, k]]).sum::<f64>();
            l[[i, j]] = off / l[[j, j]];
        }
    }
    // Invert L (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹.
    let mut inverse_l = Array2::<f64>::zeros((n, n));
    for j in 0..n {
        inverse_l[[j, j]] = 1.0 / l[[j, j]];
        for i in j + 1..n {
            let sum: f64 = (j..i).map(|k| l[[i, k]] * inverse_l[[k, j]]).sum();
            inverse_l[[i, j]] = -sum / l[[i, i]];
        }
    }
    let inverse = inverse_l.t().dot(&inverse_l);
    inverse.iter().all(|v| v.is_finite()).then_some(inverse)
}

/// Coefficients (not the intercept) with standard errors and Wald p-values.
pub fn estimates(x: ArrayView2<f64>, fit: &LogisticFit) -> Vec<Estimate> {
    let covariance = invert_spd(&observed_information(x, fit));
    fit.coefficients
        .iter()
        .enumerate()
        .map(|(j, &coefficient)| {
            let std_error = covariance
                .as_ref()
                .map(|c| c[[j, j]].sqrt())
                .filter(|se| se.is_finite() && *se > 0.0);
            Estimate {
                coefficient,
                std_error,
                p_value: std_error.map(|se| two_sided_p_value(coefficient / se)),
            }
        })
        .collect()
}

/// Standard error of the intercept, when the information matrix can be inverted.
pub fn intercept_std_error(x: ArrayView2<f64>, fit: &LogisticFit) -> Option<f64> {
    let p = x.ncols();
    invert_spd(&observed_information(x, fit)).map(|c| c[[p, p]].sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn cholesky_inverse_of_a_known_matrix() {
        let a = array![[4.0, 2.0], [2.0, 3.0]];
        let inverse = invert_spd(&a).unwrap();
        // det = 8: inverse = [[3, -2], [-2, 4]] / 8
        let expected = array![[0.375, -0.25], [-0.25, 0.5]];
        for (x, y) in inverse.iter().zip(expected.iter()) {
            assert!((x - y).abs() < 1e-12);
        }
    }

    #[test]
    fn singular_matrices_have_no_inverse() {
        let a = array![[1.0, 1.0], [1.0, 1.0]];
        assert!(invert_spd(&a).is_none());
        assert!(invert_spd(&array![[0.0]]).is_none());
    }

    #[test]
    fn information_of_a_flat_model_is_a_quarter_of_the_gram_matrix() {
        // p = 1/2 everywhere: W = 1/4.
        let x = array![[1.0], [-1.0], [2.0], [0.0]];
        let fit = LogisticFit {
            coefficients: vec![0.0],
            intercept: 0.0,
            alpha: 2.0,
            gradient_norm: 0.0,
            tolerance: 1.0,
            converged: true,
        };
        let info = observed_information(x.view(), &fit);
        assert!((info[[0, 0]] - (6.0 / 4.0 + 2.0)).abs() < 1e-12);
        assert!((info[[0, 1]] - 0.5).abs() < 1e-12);
        assert!((info[[1, 1]] - 1.0).abs() < 1e-12);
        let e = estimates(x.view(), &fit);
        assert!(e[0].std_error.is_some() && e[0].p_value == Some(1.0));
    }
}
