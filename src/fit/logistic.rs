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
use ndarray::{s, Array1, ArrayView2};
use rayon::prelude::*;

use super::newton::newton_start;
use super::FitError;

/// Rows per chunk in the parallel passes over the data.
const CHUNK_ROWS: usize = 16_384;
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

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
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
