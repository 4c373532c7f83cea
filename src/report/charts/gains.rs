//! Cumulative gains of all candidates on one chart: the share of churned accounts a review
//! of the lowest-scored accounts catches, against the share of accounts reviewed.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axis, Frame, NUMBER_LABELS};
use super::hex_color;

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
        let mut frame = Frame::new(
            area,
            "Cumulative gains: churners caught by reviewing the lowest scores first",
            scale,
            NUMBER_LABELS,
            0f64..1f64,
            0f64..1f64,
        )?;
        frame.axes(
            Axis::described("Accounts reviewed (lowest scores first)").percent(),
            Axis::described("Churned accounts caught").percent(),
        )?;
        frame.reference((0.0, 0.0), (1.0, 1.0), 0.35, 5.0, "random".to_string())?;
        for curve in &self.curves {
            frame.line(
                curve.points.iter().copied(),
                hex_color(&curve.color),
                2.5,
                0.0,
                curve.name.clone(),
            )?;
        }
        frame.legend(SeriesLabelPosition::LowerRight)
    }
}
