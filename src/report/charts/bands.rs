//! Churn rate per band for one candidate: bars in the band colours, Wilson whiskers.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{Axis, Frame, Order, NUMBER_LABELS};
use super::hex_color;

/// One band's bar.
#[derive(Debug, Clone)]
pub struct BandBar {
    pub name: String,
    pub color: String,
    pub accounts: usize,
    pub churn_rate: Option<f64>,
    pub interval: Option<[f64; 2]>,
}

/// A candidate's bands, worst first.
#[derive(Debug, Clone)]
pub struct BandChart {
    pub candidate: String,
    pub slug: String,
    pub bands: Vec<BandBar>,
    pub overall_rate: f64,
}

impl BandChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let top = self
            .bands
            .iter()
            .filter_map(|b| b.interval.map(|i| i[1]).or(b.churn_rate))
            .fold(self.overall_rate, f64::max);
        let y_max = (top * 1.15).clamp(0.01, 1.0);
        let count = self.bands.len();
        let mut frame = Frame::new(
            area,
            &format!("Churn rate per band — {}", self.candidate),
            scale,
            NUMBER_LABELS,
            0f64..count as f64,
            0f64..y_max,
        )?;
        let names: Vec<String> = self
            .bands
            .iter()
            .map(|b| format!("{} ({} accounts)", b.name, b.accounts))
            .collect();
        frame.axes(
            Axis::categories(&names, Order::LeftToRight, count),
            Axis::described("Churn rate").percent(),
        )?;
        for (i, band) in self.bands.iter().enumerate() {
            let Some(rate) = band.churn_rate else { continue };
            let x = i as f64;
            frame.draw(std::iter::once(Rectangle::new(
                [(x + 0.2, 0.0), (x + 0.8, rate)],
                hex_color(&band.color).filled(),
            )))?;
            frame.draw(std::iter::once(Text::new(
                format!("{:.1}%", 100.0 * rate),
                (x + 0.22, rate),
                frame.label_style().pos(Pos::new(HPos::Left, VPos::Bottom)),
            )))?;
            if let Some([low, high]) = band.interval {
                frame.whiskers(vec![
                    vec![(x + 0.5, low), (x + 0.5, high)],
                    vec![(x + 0.42, low), (x + 0.58, low)],
                    vec![(x + 0.42, high), (x + 0.58, high)],
                ])?;
            }
        }
        frame.reference(
            (0.0, self.overall_rate),
            (count as f64, self.overall_rate),
            0.5,
            4.0,
            format!("all accounts ({:.1}%)", 100.0 * self.overall_rate),
        )?;
        frame.legend(SeriesLabelPosition::UpperRight)
    }
}
