//! Churn rate by score decile (lift) and calibration (mean score vs churn rate), all
//! candidates on one chart each.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axis, Frame, NUMBER_LABELS};
use super::hex_color;

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
    frame: &mut Frame<'a, DB>,
    series: &[DecileSeries],
) -> Result<(), String> {
    for line in series {
        frame.line(
            line.points.iter().copied(),
            hex_color(&line.color),
            2.5,
            3.0,
            line.name.clone(),
        )?;
    }
    frame.legend(SeriesLabelPosition::UpperRight)
}

impl DecileChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let mut frame = Frame::new(
            area,
            "Churn rate by score decile (1 = lowest scores)",
            scale,
            NUMBER_LABELS,
            0.5f64..10.5f64,
            0f64..top_rate(&self.series, self.overall_rate),
        )?;
        frame.axes(
            Axis::described("Score decile").labels(10).whole(),
            Axis::described("Churn rate").percent(),
        )?;
        frame.reference(
            (0.5, self.overall_rate),
            (10.5, self.overall_rate),
            0.5,
            4.0,
            format!("all accounts ({:.1}%)", 100.0 * self.overall_rate),
        )?;
        draw_lines(&mut frame, &self.series)
    }
}

impl CalibrationChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let mut frame = Frame::new(
            area,
            "Calibration: observed churn rate by mean score of each decile",
            scale,
            NUMBER_LABELS,
            0f64..100f64,
            0f64..top_rate(&self.series, 0.01),
        )?;
        frame.axes(
            Axis::described("Mean health score of the decile (points)"),
            Axis::described("Observed churn rate").percent(),
        )?;
        draw_lines(&mut frame, &self.series)
    }
}
