//! An outcome's rate per band for one candidate — churn, or with `--expansion` the
//! expansion outcome — as bars in the band colours with Wilson whiskers and the rate of all
//! accounts as a dashed line.

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
    /// The outcome's rate in the band; `None` for an empty band (no bar).
    pub rate: Option<f64>,
    pub interval: Option<[f64; 2]>,
}

/// Which outcome a band chart shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BandOutcome {
    /// The churn outcome (the churn band charts, `bands-*`).
    Churn,
    /// The expansion outcome read from `column` (`expansion-*`).
    Expansion { column: String },
}

impl BandOutcome {
    /// The chart's file-stem prefix.
    pub fn stem(&self) -> &'static str {
        match self {
            BandOutcome::Churn => "bands",
            BandOutcome::Expansion { .. } => "expansion",
        }
    }

    fn title(&self, candidate: &str) -> String {
        match self {
            BandOutcome::Churn => format!("Churn rate per band — {candidate}"),
            BandOutcome::Expansion { column } => {
                format!("Expansion rate ('{column}') per band — {candidate}")
            }
        }
    }

    fn axis(&self) -> &'static str {
        match self {
            BandOutcome::Churn => "Churn rate",
            BandOutcome::Expansion { .. } => "Expansion rate",
        }
    }
}

/// A candidate's bands, worst first.
#[derive(Debug, Clone)]
pub struct BandChart {
    pub candidate: String,
    pub slug: String,
    pub outcome: BandOutcome,
    pub bands: Vec<BandBar>,
    /// The outcome's rate over all accounts (the dashed line).
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
            .filter_map(|b| b.interval.map(|i| i[1]).or(b.rate))
            .fold(self.overall_rate, f64::max);
        let y_max = (top * 1.15).clamp(0.01, 1.0);
        let count = self.bands.len();
        let mut frame = Frame::new(
            area,
            &self.outcome.title(&self.candidate),
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
            Axis::described(self.outcome.axis()).percent(),
        )?;
        for (i, band) in self.bands.iter().enumerate() {
            let Some(rate) = band.rate else { continue };
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
