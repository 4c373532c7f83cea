//! The design matrix of one profile: each measure's 0–100 points for the profile's accounts,
//! standardized, and the measures that cannot enter a fit (no values, constant, a duplicate
//! of another, a possible leak).
//!
//! Missing points (a `missing = "skip"` measure without a value) are replaced by the
//! measure's mean points over the accounts that have it, and nothing else is added: after
//! standardizing, a missing value contributes exactly 0 to the linear predictor, which is
//! what "leave it out" means for a regression. Means and standard deviations are taken over
//! all of the profile's accounts once (they do not use the outcome, so cross-validation
//! folds may share them).

use ndarray::{Array2, ShapeBuilder};
use rayon::prelude::*;

use super::reason::Reason;
use crate::data::NumericColumn;
use crate::judgement::LEAK_AUC;
use crate::metrics::auc::roc_auc;

/// Points whose standard deviation is below this are treated as constant.
const CONSTANT_SD: f64 = 1e-9;
/// Two measures whose standardized points correlate beyond this are duplicates.
const DUPLICATE_CORRELATION: f64 = 1.0 - 1e-9;

/// One profile's accounts and measures, ready for fitting.
#[derive(Debug, Clone)]
pub struct Design {
    /// History rows of the profile's accounts, ascending.
    pub rows: Vec<usize>,
    /// Churn outcome of each of those rows.
    pub churned: Vec<bool>,
    /// Measure names, in the profile's order; one column each.
    pub names: Vec<String>,
    /// Standardized points, column by column: `columns[m][i]` for `rows[i]`.
    pub columns: Vec<Vec<f64>>,
    /// Mean points of each measure over the accounts that have a value.
    pub means: Vec<f64>,
    /// Standard deviation of each measure's points after imputation (population form).
    pub sds: Vec<f64>,
    /// Share of the profile's accounts without points for each measure.
    pub missing_rates: Vec<f64>,
    /// AUC of each measure's points alone (accounts with a value), when defined.
    pub univariate_auc: Vec<Option<f64>>,
    /// Why a measure cannot enter any fit; `None` when it can.
    pub excluded: Vec<Option<Reason>>,
}

impl Design {
    /// Builds the design for the accounts in `rows` from each measure's points column
    /// (indexed by history row); `churned` is indexed by history row too.
    pub fn new(names: Vec<String>, points: &[&NumericColumn], rows: Vec<usize>, churned: &[bool]) -> Design {
        let outcomes: Vec<bool> = rows.iter().map(|&r| churned[r]).collect();
        let built: Vec<(Vec<f64>, ColumnSummary)> = points
            .par_iter()
            .map(|column| standardized_column(column, &rows, &outcomes))
            .collect();
        let mut design = Design {
            rows,
            churned: outcomes,
            names,
            columns: Vec::with_capacity(built.len()),
            means: Vec::with_capacity(built.len()),
            sds: Vec::with_capacity(built.len()),
            missing_rates: Vec::with_capacity(built.len()),
            univariate_auc: Vec::with_capacity(built.len()),
            excluded: Vec::with_capacity(built.len()),
        };
        for (column, summary) in built {
            design.columns.push(column);
            design.means.push(summary.mean);
            design.sds.push(summary.sd);
            design.missing_rates.push(summary.missing_rate);
            design.univariate_auc.push(summary.auc);
            design.excluded.push(summary.excluded);
        }
        design.exclude_duplicates();
        design
    }

    /// Number of accounts.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no accounts.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Number of churned accounts.
    pub fn churned_count(&self) -> usize {
        self.churned.iter().filter(|&&c| c).count()
    }

    /// Indices of the measures that may enter a fit.
    pub fn usable(&self) -> Vec<usize> {
        (0..self.names.len())
            .filter(|&m| self.excluded[m].is_none())
            .collect()
    }

    /// Matrix of the given accounts (positions into `rows`) and measures, in column-major
    /// (Fortran) order: every pass over the data then reads whole columns, which is what
    /// linfa-logistic's gradient (`xᵀ·r`) and the passes in [`super::likelihood`] do.
    pub fn matrix(&self, positions: &[usize], measures: &[usize]) -> Array2<f64> {
        let mut data = Vec::with_capacity(positions.len() * measures.len());
        for &m in measures {
            let column = &self.columns[m];
            data.extend(positions.iter().map(|&i| column[i]));
        }
        Array2::from_shape_vec((positions.len(), measures.len()).f(), data)
            .expect("one value per position and measure")
    }

    /// Converts a coefficient per standard deviation of measure `m`'s points into one per
    /// point.
    pub fn per_point(&self, m: usize, per_sd: f64) -> f64 {
        per_sd / self.sds[m]
    }

    /// Marks every usable measure whose standardized points equal (correlation ±1) those of
    /// an earlier usable measure.
    fn exclude_duplicates(&mut self) {
        let n = self.len().max(1) as f64;
        for later in 0..self.names.len() {
            for earlier in 0..later {
                if self.excluded[later].is_some() || self.excluded[earlier].is_some() {
                    continue;
                }
                let dot: f64 = self.columns[earlier]
                    .iter()
                    .zip(&self.columns[later])
                    .map(|(a, b)| a * b)
                    .sum();
                let correlation = dot / n;
                if correlation.abs() >= DUPLICATE_CORRELATION {
                    self.excluded[later] = Some(Reason::Duplicate {
                        of: self.names[earlier].clone(),
                        correlation,
                    });
                }
            }
        }
    }
}

/// `x` without column `column`, in column-major order.
pub fn without_column(x: &Array2<f64>, column: usize) -> Array2<f64> {
    let mut data = Vec::with_capacity(x.nrows() * x.ncols().saturating_sub(1));
    for (j, values) in x.columns().into_iter().enumerate() {
        if j != column {
            data.extend(values.iter().copied());
        }
    }
    Array2::from_shape_vec((x.nrows(), x.ncols() - 1).f(), data).expect("one value per row and column")
}

/// What standardizing one column found out.
struct ColumnSummary {
    mean: f64,
    sd: f64,
    missing_rate: f64,
    auc: Option<f64>,
    excluded: Option<Reason>,
}

/// The standardized column (missing → mean → 0) and its summary.
fn standardized_column(
    points: &NumericColumn,
    rows: &[usize],
    outcomes: &[bool],
) -> (Vec<f64>, ColumnSummary) {
    let mut present = Vec::with_capacity(rows.len());
    let mut present_outcomes = Vec::with_capacity(rows.len());
    for (i, &row) in rows.iter().enumerate() {
        if let Some(p) = points.get(row) {
            present.push(p);
            present_outcomes.push(outcomes[i]);
        }
    }
    let n = rows.len().max(1) as f64;
    let missing_rate = 1.0 - present.len() as f64 / n;
    if present.is_empty() {
        let summary = ColumnSummary {
            mean: 0.0,
            sd: 0.0,
            missing_rate,
            auc: None,
            excluded: Some(Reason::NoValues),
        };
        return (vec![0.0; rows.len()], summary);
    }
    let mean = present.iter().sum::<f64>() / present.len() as f64;
    // Imputed values sit at the mean and add nothing to the sum of squares.
    let sd = (present.iter().map(|p| (p - mean) * (p - mean)).sum::<f64>() / n).sqrt();
    let auc = roc_auc(&present, &present_outcomes).ok();
    let excluded = if sd < CONSTANT_SD {
        Some(Reason::Constant { points: mean })
    } else {
        auc.map(|a| a.max(1.0 - a))
            .filter(|&a| a > LEAK_AUC)
            .map(|auc| Reason::PossibleLeak { auc })
    };
    let column = if sd < CONSTANT_SD {
        vec![0.0; rows.len()]
    } else {
        rows.iter()
            .map(|&row| points.get(row).map_or(0.0, |p| (p - mean) / sd))
            .collect()
    };
    let summary = ColumnSummary {
        mean,
        sd,
        missing_rate,
        auc,
        excluded,
    };
    (column, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design(columns: &[Vec<Option<f64>>], churned: &[bool]) -> Design {
        let names = (0..columns.len()).map(|m| format!("m{m}")).collect();
        let columns: Vec<NumericColumn> = columns.iter().cloned().map(NumericColumn::from).collect();
        let slices: Vec<&NumericColumn> = columns.iter().collect();
        Design::new(names, &slices, (0..churned.len()).collect(), churned)
    }

    #[test]
    fn missing_points_get_the_mean_and_standardize_to_zero() {
        let churned = [true, false, false, true];
        let d = design(&[vec![Some(0.0), Some(100.0), None, Some(50.0)]], &churned);
        assert_eq!(d.means[0], 50.0);
        assert_eq!(d.columns[0][2], 0.0);
        assert!((d.missing_rates[0] - 0.25).abs() < 1e-12);
        // population sd over 4 accounts, the imputed one at the mean
        let sd = ((2500.0 + 2500.0) / 4.0f64).sqrt();
        assert!((d.sds[0] - sd).abs() < 1e-12);
        assert!((d.per_point(0, sd) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn empty_constant_duplicate_and_leaking_measures_are_excluded() {
        let churned = [true, false, false, true, false, false];
        let signal = vec![
            Some(10.0),
            Some(90.0),
            Some(40.0),
            Some(60.0),
            Some(30.0),
            Some(80.0),
        ];
        let leak = vec![
            Some(0.0),
            Some(100.0),
            Some(90.0),
            Some(5.0),
            Some(95.0),
            Some(99.0),
        ];
        let d = design(
            &[signal.clone(), vec![None; 6], vec![Some(70.0); 6], signal, leak],
            &churned,
        );
        assert_eq!(d.excluded[0], None);
        assert_eq!(d.excluded[1], Some(Reason::NoValues));
        assert_eq!(d.excluded[2], Some(Reason::Constant { points: 70.0 }));
        assert!(matches!(&d.excluded[3], Some(Reason::Duplicate { of, .. }) if of == "m0"));
        assert!(matches!(d.excluded[4], Some(Reason::PossibleLeak { auc }) if auc == 1.0));
        assert_eq!(d.usable(), vec![0]);
    }

    #[test]
    fn matrix_is_column_major_over_the_chosen_rows_and_measures() {
        let churned = [true, false, true];
        let d = design(
            &[
                vec![Some(0.0), Some(50.0), Some(100.0)],
                vec![Some(10.0), Some(20.0), Some(90.0)],
            ],
            &churned,
        );
        let x = d.matrix(&[2, 0], &[1, 0]);
        assert_eq!(x.dim(), (2, 2));
        assert_eq!(x[[0, 0]], d.columns[1][2]);
        assert_eq!(x[[1, 1]], d.columns[0][0]);
        assert!(x.t().is_standard_layout());
        let narrower = without_column(&x, 0);
        assert_eq!(narrower.dim(), (2, 1));
        assert_eq!(narrower[[0, 0]], d.columns[0][2]);
        assert!(narrower.t().is_standard_layout());
    }
}
