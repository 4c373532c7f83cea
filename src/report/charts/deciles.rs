//! Churn rate by score decile (lift) and calibration (mean score vs churn rate), all
//! candidates on one chart each.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{cartesian, err, font, hex_color, legend};

/// One candidate's deciles: (decile number or mean score, churn rate) points.
#[derive(Debug, Clone)]
pub struct DecileSeries {
    pub name: String,
    pub color: String,
    pub points: Vec<(f64, f64)>,
}

/// Churn rate per score decile (1 = lowest scores), with the overall rate.
#[derive(Debug, Clone)]
pub struct DecileChart {
    pub series: Vec<DecileSeries>,
    pub overall_rate: f64,
}

/// Observed churn rate against mean score per decile: a calibrated, useful score falls
/// steadily from left to right.
#[derive(Debug, Clone)]
pub struct CalibrationChart {
    pub series: Vec<DecileSeries>,
}

fn top_rate(series: &[DecileSeries], floor: f64) -> f64 {
    series
        .iter()
        .flat_map(|s| &s.points)
        .fold(floor, |a, p| a.max(p.1))
        * 1.15
}

fn draw_lines<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    series: &[DecileSeries],
    scale: f64,
) -> Result<(), String> {
    for line in series {
        let color = hex_color(&line.color);
        let style = ShapeStyle::from(&color).stroke_width((2.5 * scale) as u32);
        chart
            .draw_series(LineSeries::new(line.points.iter().copied(), style).point_size((3.0 * scale) as u32))
            .map_err(err)?
            .label(line.name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
    }
    legend(chart, SeriesLabelPosition::UpperRight, scale)
}

impl DecileChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let mut chart = cartesian(
            area,
            "Churn rate by score decile (1 = lowest scores)",
            scale,
            58.0,
            0.5f64..10.5f64,
            0f64..top_rate(&self.series, self.overall_rate),
        )?;
        chart
            .configure_mesh()
            .x_labels(10)
            .x_desc("Score decile")
            .y_desc("Churn rate")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
            .label_style(font(12.0, scale))
            .axis_desc_style(font(13.0, scale))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()
            .map_err(err)?;
        let overall = ShapeStyle::from(&BLACK.mix(0.5)).stroke_width(scale as u32);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.5, self.overall_rate), (10.5, self.overall_rate)],
                6.0 * scale,
                4.0 * scale,
                overall,
            ))
            .map_err(err)?
            .label(format!("all accounts ({:.1}%)", 100.0 * self.overall_rate))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], overall));
        draw_lines(&mut chart, &self.series, scale)
    }
}

impl CalibrationChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let mut chart = cartesian(
            area,
            "Calibration: observed churn rate by mean score of each decile",
            scale,
            58.0,
            0f64..100f64,
            0f64..top_rate(&self.series, 0.01),
        )?;
        chart
            .configure_mesh()
            .x_desc("Mean health score of the decile (points)")
            .y_desc("Observed churn rate")
            .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
            .label_style(font(12.0, scale))
            .axis_desc_style(font(13.0, scale))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()
            .map_err(err)?;
        draw_lines(&mut chart, &self.series, scale)
    }
}
