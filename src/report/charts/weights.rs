//! Current against suggested weights, per measure.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{row_names, Axis, Frame, Order};

/// One measure's weights, in percent of the score.
#[derive(Debug, Clone)]
pub struct WeightBar {
    pub name: String,
    pub current: f64,
    pub suggested: f64,
}

/// The fitted scorecard's measures, current and suggested weights side by side.
#[derive(Debug, Clone)]
pub struct WeightsChart {
    pub candidate: String,
    pub measures: Vec<WeightBar>,
}

impl WeightsChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let count = self.measures.len().max(1);
        let top = self
            .measures
            .iter()
            .map(|m| m.current.max(m.suggested))
            .fold(10.0f64, f64::max);
        let x_max = ((top * 1.15) / 10.0).ceil() * 10.0;
        let (names, label_width) = row_names(self.measures.iter().map(|m| m.name.as_str()), 32);
        let mut frame = Frame::new(
            area,
            &format!("Current vs suggested weights — {}", self.candidate),
            scale,
            label_width,
            0f64..x_max,
            0f64..count as f64,
        )?;
        frame.axes(
            Axis::described("Share of the score (%)").format(|x| format!("{x:.0}%")),
            Axis::categories(&names, Order::TopToBottom, count),
        )?;
        let current = RGBColor(0x99, 0x99, 0x99);
        let suggested = RGBColor(0x1f, 0x77, 0xb4);
        for (i, measure) in self.measures.iter().enumerate() {
            let y = (self.measures.len() - 1 - i) as f64;
            frame.draw([
                Rectangle::new([(0.0, y + 0.52), (measure.current, y + 0.85)], current.filled()),
                Rectangle::new(
                    [(0.0, y + 0.15), (measure.suggested, y + 0.48)],
                    suggested.filled(),
                ),
            ])?;
        }
        frame.swatch("current", current)?;
        frame.swatch("suggested", suggested)?;
        frame.legend(SeriesLabelPosition::LowerRight)
    }
}
