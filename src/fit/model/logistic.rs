//! Logistic regression of churn on standardized points with linfa-logistic.
//!
//! linfa-logistic's traps, handled here (see STYLE.md): its loss is a *sum* over rows, so the
//! gradient tolerance is scaled with the number of rows ([`SolverSettings::tolerance_per_row`]);
//! hitting `max_iterations` is silent, so the gradient norm is recomputed at the result, a
//! run that misses the tolerance is restarted from where it stopped, and the fit says
//! whether it converged; its positive class is the *more common* label (retained, for churn
//! data), so the sign is read off `labels()` and turned to churn. `alpha` is set explicitly
//! (it is scikit-learn's `1/C`; the intercept is not penalized).
//!
//! Starting point: the caller's warm start, else coefficients 0 and the intercept at the
//! log-odds of the churn rate; from there up to [`SolverSettings::newton_steps`] Newton steps
//! ([`super::newton`]), after which linfa-logistic's L-BFGS always runs to the tolerance and
//! its result is the fit. On a million rows the Newton steps usually land within the
//! tolerance already, so L-BFGS stops at its first check instead of spending 20–50
//! evaluations of the loss getting there (docs/performance.md has both timings).

use linfa::prelude::DatasetBase;
use linfa::traits::Fit;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, ArrayView2};

use super::likelihood::{gradient, LogisticFit};
use super::newton::newton_start;
use crate::fit::error::FitError;

/// Runs of the solver (the first plus restarts from where the last stopped).
const MAX_RUNS: usize = 3;

/// How hard the solver tries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolverSettings {
    /// Gradient tolerance per row: the L2 norm of the gradient of the summed loss must fall
    /// below `tolerance_per_row · rows` (default 1e-7).
    pub tolerance_per_row: f64,
    /// L-BFGS iterations per run (default 500).
    pub max_iterations: u64,
    /// Newton steps at most before L-BFGS takes over (default 4; 0 = L-BFGS from the start).
    pub newton_steps: usize,
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings {
            tolerance_per_row: 1e-7,
            max_iterations: 500,
            newton_steps: 4,
        }
    }
}

/// Fits `churn ~ x` with L2 strength `alpha`, from `start` (a previous fit on the same
/// columns) or from the churn rate.
///
/// Errors: [`FitError::Solver`] when the rows hold only one class or linfa fails.
pub fn fit_logistic(
    x: ArrayView2<f64>,
    churned: &[bool],
    alpha: f64,
    start: Option<&LogisticFit>,
    settings: &SolverSettings,
) -> Result<LogisticFit, FitError> {
    let churn_count = churned.iter().filter(|&&c| c).count();
    if churn_count == 0 || churn_count == churned.len() || x.nrows() != churned.len() {
        return Err(FitError::Solver {
            message: format!(
                "need both churned and retained rows, got {churn_count} churned of {} ({} rows of data)",
                churned.len(),
                x.nrows()
            ),
        });
    }
    let rate = churn_count as f64 / churned.len() as f64;
    let tolerance = (settings.tolerance_per_row * churned.len() as f64).max(1e-10);
    let (mut coefficients, mut intercept) = match start {
        Some(fit) if fit.coefficients.len() == x.ncols() => (fit.coefficients.clone(), fit.intercept),
        _ => (vec![0.0; x.ncols()], (rate / (1.0 - rate)).ln()),
    };
    if x.ncols() == 0 {
        let intercept = (rate / (1.0 - rate)).ln();
        return Ok(LogisticFit {
            coefficients,
            intercept,
            alpha,
            gradient_norm: 0.0,
            tolerance,
            converged: true,
        });
    }
    let start = newton_start(
        x,
        churned,
        &coefficients,
        intercept,
        alpha,
        tolerance,
        settings.newton_steps,
    );
    (coefficients, intercept) = (start.coefficients, start.intercept);
    let mut gradient_norm = start.gradient_norm;
    let targets = Array1::from_iter(churned.iter().copied());
    for run in 0..MAX_RUNS {
        if run > 0 && gradient_norm <= tolerance {
            break;
        }
        (coefficients, intercept) =
            run_linfa(x, &targets, alpha, &coefficients, intercept, tolerance, settings)?;
        gradient_norm = norm(&gradient(x, churned, &coefficients, intercept, alpha));
    }
    Ok(LogisticFit {
        coefficients,
        intercept,
        alpha,
        gradient_norm,
        tolerance,
        converged: gradient_norm <= tolerance,
    })
}

/// One run of linfa's L-BFGS from a start in churn orientation; returns the result in churn
/// orientation.
fn run_linfa(
    x: ArrayView2<f64>,
    targets: &Array1<bool>,
    alpha: f64,
    coefficients: &[f64],
    intercept: f64,
    tolerance: f64,
    settings: &SolverSettings,
) -> Result<(Vec<f64>, f64), FitError> {
    // linfa's positive class is the more common label (the first seen on a tie); start in
    // its orientation, then read the orientation it actually used off `labels()`.
    let sign = if linfa_positive_is_churn(targets) {
        1.0
    } else {
        -1.0
    };
    let mut start: Vec<f64> = coefficients.iter().map(|c| sign * c).collect();
    start.push(sign * intercept);
    let model = LogisticRegression::default()
        .alpha(alpha)
        .with_intercept(true)
        .gradient_tolerance(tolerance)
        .max_iterations(settings.max_iterations)
        .initial_params(Array1::from(start));
    let dataset = DatasetBase::new(x, targets.view());
    let fitted = model.fit(&dataset).map_err(|e| FitError::Solver {
        message: e.to_string(),
    })?;
    let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    let coefficients = fitted.params().iter().map(|c| sign * c).collect();
    Ok((coefficients, sign * fitted.intercept()))
}

/// Whether linfa-logistic will take "churned" as its positive class: the more common
/// label, or the first one seen when both are equally common.
pub fn linfa_positive_is_churn(churned: &Array1<bool>) -> bool {
    let churn_count = churned.iter().filter(|&&c| c).count();
    let retained = churned.len() - churn_count;
    if churn_count == retained {
        churned.first().copied().unwrap_or(false)
    } else {
        churn_count > retained
    }
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::model::likelihood::{log_loss, sigmoid};
    use ndarray::Array2;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Rows with one standard-normal column and churn drawn from `σ(b0 + b1·x)`.
    fn simulated(n: usize, b0: f64, b1: f64, seed: u64) -> (Array2<f64>, Vec<bool>) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut x = Array2::zeros((n, 1));
        let mut y = Vec::with_capacity(n);
        for i in 0..n {
            let v: f64 = rng.sample(rand_distr::StandardNormal);
            x[[i, 0]] = v;
            y.push(rng.gen_bool(sigmoid(b0 + b1 * v)));
        }
        (x, y)
    }

    #[test]
    fn sign_is_churn_when_churners_are_the_minority() {
        // Churn rises with x; churners are ~12%, so linfa's positive class is "retained".
        let (x, y) = simulated(4000, -2.5, 1.0, 1);
        assert!(!linfa_positive_is_churn(&Array1::from(y.clone())));
        let fit = fit_logistic(x.view(), &y, 1e-3, None, &SolverSettings::default()).unwrap();
        assert!(fit.converged, "{fit:?}");
        assert!((fit.coefficients[0] - 1.0).abs() < 0.15, "{fit:?}");
        assert!((fit.intercept + 2.5).abs() < 0.2, "{fit:?}");
    }

    #[test]
    fn sign_is_churn_when_churners_are_the_majority() {
        // Churn falls with x; churners are ~88%, so linfa's positive class is "churned".
        let (x, y) = simulated(4000, 2.5, -1.0, 2);
        assert!(linfa_positive_is_churn(&Array1::from(y.clone())));
        let fit = fit_logistic(x.view(), &y, 1e-3, None, &SolverSettings::default()).unwrap();
        assert!((fit.coefficients[0] + 1.0).abs() < 0.15, "{fit:?}");
        assert!((fit.intercept - 2.5).abs() < 0.2, "{fit:?}");
    }

    #[test]
    fn gradient_is_zero_at_the_fit_and_loss_matches_its_definition() {
        let (x, y) = simulated(500, -1.0, 0.5, 3);
        let fit = fit_logistic(x.view(), &y, 0.5, None, &SolverSettings::default()).unwrap();
        let g = gradient(x.view(), &y, &fit.coefficients, fit.intercept, 0.5);
        assert!(norm(&g) <= fit.tolerance);
        let direct: f64 = (0..500)
            .map(|i| {
                let p = sigmoid(fit.intercept + fit.coefficients[0] * x[[i, 0]]);
                if y[i] {
                    -p.ln()
                } else {
                    -(1.0 - p).ln()
                }
            })
            .sum();
        let loss = log_loss(x.view(), &y, &fit.coefficients, fit.intercept);
        assert!((loss - direct).abs() < 1e-9 * direct, "{loss} vs {direct}");
    }

    #[test]
    fn a_fit_that_runs_out_of_iterations_says_so() {
        let (x, y) = simulated(2000, -2.0, 1.5, 4);
        let starved = SolverSettings {
            tolerance_per_row: 1e-14,
            max_iterations: 1,
            newton_steps: 0,
        };
        let fit = fit_logistic(x.view(), &y, 1e-3, None, &starved).unwrap();
        assert!(!fit.converged, "{fit:?}");
        assert!(fit.gradient_norm > fit.tolerance && fit.gradient_norm.is_finite());
        assert!(fit.coefficients[0].is_finite() && fit.intercept.is_finite());
    }

    #[test]
    fn no_columns_gives_the_churn_rate() {
        let x = Array2::<f64>::zeros((4, 0));
        let y = [true, false, false, false];
        let fit = fit_logistic(x.view(), &y, 1.0, None, &SolverSettings::default()).unwrap();
        assert!((sigmoid(fit.intercept) - 0.25).abs() < 1e-12);
        assert!(fit.converged);
    }

    #[test]
    fn one_class_is_an_error_not_a_panic() {
        let x = Array2::<f64>::zeros((3, 1));
        let err = fit_logistic(x.view(), &[false; 3], 1.0, None, &SolverSettings::default()).unwrap_err();
        assert!(matches!(err, FitError::Solver { .. }));
    }
}
