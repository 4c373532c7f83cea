//! ROC curves of all candidates on one chart.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{cartesian, err, font, hex_color, legend};

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
        let mut chart = cartesian(
            area,
            "ROC: churners caught vs retained accounts flagged",
            scale,
            58.0,
            0f64..1f64,
            0f64..1f64,
        )?;
        chart
            .configure_mesh()
            .x_desc("Retained accounts flagged (false alarm rate)")
            .y_desc("Churned accounts caught")
            .x_label_formatter(&|x| format!("{:.0}%", 100.0 * x))
            .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
            .label_style(font(12.0, scale))
            .axis_desc_style(font(13.0, scale))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()
            .map_err(err)?;
        let chance = ShapeStyle::from(&BLACK.mix(0.35)).stroke_width(scale as u32);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, 0.0), (1.0, 1.0)],
                6.0 * scale,
                5.0 * scale,
                chance,
            ))
            .map_err(err)?
            .label("chance (AUC 0.5)")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], chance));
        for curve in &self.curves {
            let color = hex_color(&curve.color);
            let style = ShapeStyle::from(&color).stroke_width((2.5 * scale) as u32);
            let label = match curve.auc {
                Some(auc) => format!("{} (AUC {auc:.3})", curve.name),
                None => curve.name.clone(),
            };
            chart
                .draw_series(LineSeries::new(curve.points.iter().copied(), style))
                .map_err(err)?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight, scale)
    }
}
