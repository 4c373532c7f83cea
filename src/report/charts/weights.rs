//! Current against suggested weights, per measure.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{cartesian, err, font, legend, row_label, row_names};

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
        let mut chart = cartesian(
            area,
            &format!("Current vs suggested weights — {}", self.candidate),
            scale,
            label_width,
            0f64..x_max,
            0f64..count as f64,
        )?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .set_tick_mark_size(LabelAreaPosition::Left, 0)
            .y_labels(count * 2 + 1)
            .y_label_formatter(&|&y| row_label(&names, y))
            .x_desc("Share of the score (%)")
            .x_label_formatter(&|x| format!("{x:.0}%"))
            .label_style(font(12.0, scale))
            .axis_desc_style(font(13.0, scale))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()
            .map_err(err)?;
        let current = RGBColor(0x99, 0x99, 0x99);
        let suggested = RGBColor(0x1f, 0x77, 0xb4);
        for (i, measure) in self.measures.iter().enumerate() {
            let y = (self.measures.len() - 1 - i) as f64;
            chart
                .draw_series([
                    Rectangle::new([(0.0, y + 0.52), (measure.current, y + 0.85)], current.filled()),
                    Rectangle::new(
                        [(0.0, y + 0.15), (measure.suggested, y + 0.48)],
                        suggested.filled(),
                    ),
                ])
                .map_err(err)?;
        }
        for (label, color) in [("current", current), ("suggested", suggested)] {
            chart
                .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
                .map_err(err)?
                .label(label)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.filled()));
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight, scale)
    }
}
