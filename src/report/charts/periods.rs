//! Scorecards over time: AUC per period and population stability (PSI) per period, one
//! line per candidate.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{cartesian, err, font, hex_color, legend};

/// One candidate's values per period (`None` where the period was skipped).
#[derive(Debug, Clone)]
pub struct PeriodSeries {
    pub name: String,
    pub color: String,
    pub values: Vec<Option<f64>>,
}

/// What the chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodMeasure {
    /// AUC per period, with 0.5 (chance) marked.
    Auc,
    /// PSI of the score against the base period, with the 0.1 and 0.25 thresholds marked.
    Psi,
}

/// A line chart over periods.
#[derive(Debug, Clone)]
pub struct PeriodChart {
    pub measure: PeriodMeasure,
    pub periods: Vec<String>,
    pub series: Vec<PeriodSeries>,
}

impl PeriodChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let values = || {
            self.series
                .iter()
                .flat_map(|s| s.values.iter().flatten().copied())
        };
        let (title, y_desc, y_min, y_max, references) = match self.measure {
            PeriodMeasure::Auc => {
                let low = values().fold(0.5f64, f64::min);
                let high = values().fold(0.6f64, f64::max);
                (
                    "AUC per period",
                    "AUC",
                    ((low - 0.05) * 20.0).floor() / 20.0,
                    (((high + 0.05) * 20.0).ceil() / 20.0).min(1.0),
                    vec![(0.5, "chance (0.5)")],
                )
            }
            PeriodMeasure::Psi => {
                let high = values().fold(0.3f64, f64::max);
                (
                    "Score stability: PSI against the base period",
                    "PSI",
                    0.0,
                    high * 1.15,
                    vec![(0.1, "watch (0.1)"), (0.25, "shifted (0.25)")],
                )
            }
        };
        let count = self.periods.len().max(1);
        let mut chart = cartesian(
            area,
            title,
            scale,
            58.0,
            -0.5f64..count as f64 - 0.5,
            y_min.max(0.0)..y_max,
        )?;
        let periods = &self.periods;
        chart
            .configure_mesh()
            .x_labels(count)
            .x_label_formatter(&|x| {
                let index = x.round();
                if (x - index).abs() < 1e-6 && index >= 0.0 {
                    periods.get(index as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_desc("Period")
            .y_desc(y_desc)
            .label_style(font(12.0, scale))
            .axis_desc_style(font(13.0, scale))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()
            .map_err(err)?;
        for (value, label) in references {
            let style = ShapeStyle::from(&BLACK.mix(0.45)).stroke_width(scale as u32);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(-0.5, value), (count as f64 - 0.5, value)],
                    6.0 * scale,
                    4.0 * scale,
                    style,
                ))
                .map_err(err)?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
        }
        for line in &self.series {
            let color = hex_color(&line.color);
            let style = ShapeStyle::from(&color).stroke_width((2.5 * scale) as u32);
            let points: Vec<(f64, f64)> = line
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
                .collect();
            chart
                .draw_series(LineSeries::new(points, style).point_size((3.0 * scale) as u32))
                .map_err(err)?
                .label(line.name.clone())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft, scale)
    }
}
