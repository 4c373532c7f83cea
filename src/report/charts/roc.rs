//! ROC curves of all candidates on one chart.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axis, Frame, NUMBER_LABELS};
use super::hex_color;

/// One candidate's ROC curve: (share of retained flagged, share of churned caught) points.
#[derive(Debug, Clone)]
pub struct RocCurve {
    pub name: String,
    pub color: String,
    pub auc: Option<f64>,
    pub points: Vec<(f64, f64)>,
}

/// All candidates' ROC curves.
#[derive(Debug, Clone)]
pub struct RocChart {
    pub curves: Vec<RocCurve>,
}

impl RocChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let mut frame = Frame::new(
            area,
            "ROC: churners caught vs retained accounts flagged",
            scale,
            NUMBER_LABELS,
            0f64..1f64,
            0f64..1f64,
        )?;
        frame.axes(
            Axis::described("Retained accounts flagged (false alarm rate)").percent(),
            Axis::described("Churned accounts caught").percent(),
        )?;
        frame.reference((0.0, 0.0), (1.0, 1.0), 0.35, 5.0, "chance (AUC 0.5)".to_string())?;
        for curve in &self.curves {
            let label = match curve.auc {
                Some(auc) => format!("{} (AUC {auc:.3})", curve.name),
                None => curve.name.clone(),
            };
            frame.line(
                curve.points.iter().copied(),
                hex_color(&curve.color),
                2.5,
                0.0,
                label,
            )?;
        }
        frame.legend(SeriesLabelPosition::LowerRight)
    }
}
