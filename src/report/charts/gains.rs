//! Cumulative gains of all candidates on one chart: the share of churned accounts a review
//! of the lowest-scored accounts catches, against the share of accounts reviewed.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::square::{draw_square, SquareCurve, SquareText};

/// One candidate's gains curve: (share of accounts reviewed, share of churned caught).
#[derive(Debug, Clone)]
pub struct GainsCurve {
    pub name: String,
    pub color: String,
    pub points: Vec<(f64, f64)>,
}

/// All candidates' cumulative gains curves.
#[derive(Debug, Clone)]
pub struct GainsChart {
    pub curves: Vec<GainsCurve>,
}

impl GainsChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let text = SquareText {
            title: "Cumulative gains: churners caught by reviewing the lowest scores first",
            x_axis: "Accounts reviewed (lowest scores first)",
            y_axis: "Churned accounts caught",
            diagonal: "random",
        };
        let curves = self.curves.iter().map(|curve| SquareCurve {
            label: curve.name.clone(),
            color: &curve.color,
            points: &curve.points,
        });
        draw_square(area, scale, &text, curves)
    }
}
