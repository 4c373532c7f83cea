//! Score distributions of retained and churned accounts for one candidate.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{Axis, Frame, NUMBER_LABELS};

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
        let mut frame = Frame::new(
            area,
            &format!("Score distribution — {}", self.candidate),
            scale,
            NUMBER_LABELS,
            0f64..100f64,
            0f64..(top * 1.15).max(0.01),
        )?;
        frame.axes(
            Axis::described("Health score (points)").whole(),
            Axis::described("Share of the group's accounts").percent(),
        )?;
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
            frame.draw(AreaSeries::new(points.iter().copied(), 0.0, color.mix(0.18)))?;
            frame.line(points, color, 2.0, 0.0, label.to_string())?;
        }
        frame.legend(SeriesLabelPosition::UpperLeft)
    }
}
