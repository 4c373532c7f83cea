//! Candidates' curves on the unit square (a share against a share), with the diagonal a
//! score without information would follow: what the ROC and cumulative gains charts share.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axis, Frame, NUMBER_LABELS};
use super::hex_color;

/// The words of one chart on the unit square.
pub(super) struct SquareText<'a> {
    pub title: &'a str,
    pub x_axis: &'a str,
    pub y_axis: &'a str,
    /// The diagonal's legend entry.
    pub diagonal: &'a str,
}

/// One candidate's curve: its legend entry, colour (hex) and points.
pub(super) struct SquareCurve<'a> {
    pub label: String,
    pub color: &'a str,
    pub points: &'a [(f64, f64)],
}

/// Draws `curves` on the unit square, both axes in percent, the legend at the lower right.
pub(super) fn draw_square<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scale: f64,
    text: &SquareText,
    curves: impl IntoIterator<Item = SquareCurve<'a>>,
) -> Result<(), String> {
    let mut frame = Frame::new(area, text.title, scale, NUMBER_LABELS, 0f64..1f64, 0f64..1f64)?;
    frame.axes(
        Axis::described(text.x_axis).percent(),
        Axis::described(text.y_axis).percent(),
    )?;
    frame.reference((0.0, 0.0), (1.0, 1.0), 0.35, 5.0, text.diagonal.to_string())?;
    for curve in curves {
        frame.line(
            curve.points.iter().copied(),
            hex_color(curve.color),
            2.5,
            0.0,
            curve.label,
        )?;
    }
    frame.legend(SeriesLabelPosition::LowerRight)
}
