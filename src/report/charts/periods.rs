//! Scorecards over time: AUC per period and population stability (PSI) per period, one
//! line per candidate.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axis, Frame, NUMBER_LABELS};
use super::hex_color;

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
        let mut frame = Frame::new(
            area,
            title,
            scale,
            NUMBER_LABELS,
            -0.5f64..count as f64 - 0.5,
            y_min.max(0.0)..y_max,
        )?;
        let periods = &self.periods;
        let period_label = |&x: &f64| {
            let index = x.round();
            if (x - index).abs() < 1e-6 && index >= 0.0 {
                periods.get(index as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        frame.axes(
            Axis::described("Period").labels(count).format(period_label),
            Axis::described(y_desc),
        )?;
        for (value, label) in references {
            frame.reference(
                (-0.5, value),
                (count as f64 - 0.5, value),
                0.45,
                4.0,
                label.to_string(),
            )?;
        }
        for line in &self.series {
            let points: Vec<(f64, f64)> = line
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
                .collect();
            frame.line(points, hex_color(&line.color), 2.5, 3.0, line.name.clone())?;
        }
        frame.legend(SeriesLabelPosition::UpperLeft)
    }
}
