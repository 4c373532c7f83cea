//! ROC curves of all candidates on one chart.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::square::{draw_square, SquareCurve, SquareText};

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
        let text = SquareText {
            title: "ROC: churners caught vs retained accounts flagged",
            x_axis: "Retained accounts flagged (false alarm rate)",
            y_axis: "Churned accounts caught",
            diagonal: "chance (AUC 0.5)",
        };
        let curves = self.curves.iter().map(|curve| SquareCurve {
            label: match curve.auc {
                Some(auc) => format!("{} (AUC {auc:.3})", curve.name),
                None => curve.name.clone(),
            },
            color: &curve.color,
            points: &curve.points,
        });
        draw_square(area, scale, &text, curves)
    }
}
