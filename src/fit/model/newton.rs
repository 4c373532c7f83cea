//! A good starting point for the solver: Newton (IRLS) steps on the penalized loss.
//!
//! linfa-logistic's L-BFGS starts every run with a step along the raw gradient; for a loss
//! summed over a million rows that step is scaled for a loss ~10⁵ times flatter than the
//! real one, and its line search spends dozens of passes over the data finding its footing.
//! A Newton step costs one pass (loss, gradient and observed information together) plus one
//! pass to check the loss falls, and on standardized points two to four of them land within
//! the gradient tolerance. The solver then starts there and only has to confirm.

use ndarray::ArrayView2;

use super::information::{local_quadratic, newton_direction};
use super::likelihood::log_loss;

/// Where the Newton steps ended.
#[derive(Debug, Clone, PartialEq)]
pub struct NewtonStart {
    pub coefficients: Vec<f64>,
    pub intercept: f64,
    /// Gradient norm at the caller's start.
    pub first_gradient_norm: f64,
    /// Gradient norm where the steps ended.
    pub gradient_norm: f64,
    /// Steps taken.
    pub steps: usize,
}

/// Takes up to `max_steps` Newton steps from `(coefficients, intercept)` while the gradient
/// norm exceeds `tolerance`; each step is halved (up to 5 times) until the penalized loss
/// falls, and the steps stop when none does or the information matrix is singular.
pub fn newton_start(
    x: ArrayView2<f64>,
    churned: &[bool],
    coefficients: &[f64],
    intercept: f64,
    alpha: f64,
    tolerance: f64,
    max_steps: usize,
) -> NewtonStart {
    let mut here = (coefficients.to_vec(), intercept);
    let mut local = local_quadratic(x, Some(churned), &here.0, here.1, alpha);
    let first_gradient_norm = norm(&local.gradient);
    let mut gradient_norm = first_gradient_norm;
    let mut steps = 0;
    while steps < max_steps && gradient_norm > tolerance {
        let Some(direction) = newton_direction(&local.information, &local.gradient) else {
            break;
        };
        let Some(next) = descend(x, churned, &here, &direction, alpha, local.loss) else {
            break;
        };
        here = next;
        local = local_quadratic(x, Some(churned), &here.0, here.1, alpha);
        gradient_norm = norm(&local.gradient);
        steps += 1;
    }
    NewtonStart {
        coefficients: here.0,
        intercept: here.1,
        first_gradient_norm,
        gradient_norm,
        steps,
    }
}

/// The first of the full step and its halvings that lowers the penalized loss.
fn descend(
    x: ArrayView2<f64>,
    churned: &[bool],
    (coefficients, intercept): &(Vec<f64>, f64),
    direction: &[f64],
    alpha: f64,
    loss: f64,
) -> Option<(Vec<f64>, f64)> {
    let p = coefficients.len();
    let mut scale = 1.0;
    for _ in 0..6 {
        let next: Vec<f64> = coefficients
            .iter()
            .zip(direction)
            .map(|(c, d)| c + scale * d)
            .collect();
        let next_intercept = intercept + scale * direction[p];
        let penalty = 0.5 * alpha * next.iter().map(|v| v * v).sum::<f64>();
        if log_loss(x, churned, &next, next_intercept) + penalty < loss {
            return Some((next, next_intercept));
        }
        scale /= 2.0;
    }
    None
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::model::likelihood::gradient;
    use ndarray::array;

    #[test]
    fn newton_steps_reach_the_tolerance_on_a_small_problem() {
        let x = array![[-2.0], [-1.0], [0.0], [1.0], [2.0], [0.5], [-0.5], [1.5]];
        let churned = [false, false, true, false, true, true, false, true];
        let start = newton_start(x.view(), &churned, &[0.0], 0.0, 0.1, 1e-10, 20);
        assert!(start.gradient_norm <= 1e-10, "{start:?}");
        let g = gradient(x.view(), &churned, &start.coefficients, start.intercept, 0.1);
        assert!(norm(&g) <= 1e-10);
        assert!(start.steps >= 2 && start.first_gradient_norm > start.gradient_norm);
    }

    #[test]
    fn zero_steps_leave_the_start_alone() {
        let x = array![[1.0], [-1.0]];
        let start = newton_start(x.view(), &[true, false], &[0.3], 0.1, 1.0, 1e-12, 0);
        assert_eq!(
            (start.coefficients, start.intercept, start.steps),
            (vec![0.3], 0.1, 0)
        );
    }
}
