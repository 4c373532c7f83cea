//! Score distributions of retained and churned accounts for one candidate.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{cartesian, err, font, legend};

/// Width of a score bin, in points.
pub const BIN_WIDTH: f64 = 5.0;

/// Share of each class per 5-point score bin (bin `i` covers `[5i, 5i + 5)`; 100 is in the
/// last bin).
#[derive(Debug, Clone)]
pub struct DistributionChart {
    pub candidate: String,
    pub slug: String,
    pub retained: Vec<f64>,
    pub churned: Vec<f64>,
}

impl DistributionChart {
    /// Bins the scores into the shares of each class per bin.
    pub fn from_scores(candidate: &str, slug: &str, scores: &[f64], churned: &[bool]) -> DistributionChart {
        let bins = (100.0 / BIN_WIDTH) as usize;
        let mut counts = [vec![0usize; bins], vec![0usize; bins]];
        for (&score, &churn) in scores.iter().zip(churned) {
            let bin = ((score / BIN_WIDTH) as usize).min(bins - 1);
            counts[usize::from(churn)][bin] += 1;
        }
        let shares = |counts: &[usize]| {
            let total = counts.iter().sum::<usize>().max(1) as f64;
            counts.iter().map(|&c| c as f64 / total).collect()
        };
        DistributionChart {
            candidate: candidate.to_string(),
            slug: slug.to_string(),
            retained: shares(&counts[0]),
            churned: shares(&counts[1]),
        }
    }

    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let top = self
            .retained
            .iter()
            .chain(&self.churned)
            .fold(0.0f64, |a, &b| a.max(b));
        let mut chart = cartesian(
            area,
            &format!("Score distribution — {}", self.candidate),
            scale,
            58.0,
            0f64..100f64,
            0f64..(top * 1.15).max(0.01),
        )?;
        chart
            .configure_mesh()
            .x_desc("Health score (points)")
            .y_desc("Share of the group's accounts")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
            .label_style(font(12.0, scale))
            .axis_desc_style(font(13.0, scale))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()
            .map_err(err)?;
        let series = [
            ("retained accounts", &self.retained, RGBColor(0x1f, 0x77, 0xb4)),
            ("churned accounts", &self.churned, RGBColor(0xd6, 0x27, 0x28)),
        ];
        for (label, shares, color) in series {
            let points: Vec<(f64, f64)> = shares
                .iter()
                .enumerate()
                .map(|(i, &s)| ((i as f64 + 0.5) * BIN_WIDTH, s))
                .collect();
            chart
                .draw_series(AreaSeries::new(points.iter().copied(), 0.0, color.mix(0.18)))
                .map_err(err)?;
            let style = ShapeStyle::from(&color).stroke_width((2.0 * scale) as u32);
            chart
                .draw_series(LineSeries::new(points, style))
                .map_err(err)?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft, scale)
    }
}
