//! Each measure's AUC on its own, for one candidate: which measures carry signal?

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{row_names, Axis, Frame, Order};

/// One measure's bar: AUC and its interval; `flagged` when it contradicts its direction
/// or looks like a leak.
#[derive(Debug, Clone)]
pub struct MeasureBar {
    pub name: String,
    pub auc: Option<f64>,
    pub interval: Option<[f64; 2]>,
    pub flagged: bool,
}

/// A candidate's measures, in scorecard order.
#[derive(Debug, Clone)]
pub struct MeasureAucChart {
    pub candidate: String,
    pub slug: String,
    pub measures: Vec<MeasureBar>,
}

impl MeasureAucChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let count = self.measures.len().max(1);
        let low = self
            .measures
            .iter()
            .filter_map(|m| m.interval.map(|i| i[0]).or(m.auc))
            .fold(0.45f64, f64::min);
        let high = self
            .measures
            .iter()
            .filter_map(|m| m.interval.map(|i| i[1]).or(m.auc))
            .fold(0.75f64, f64::max);
        let (x_min, x_max) = (
            ((low - 0.02) * 20.0).floor() / 20.0,
            (((high + 0.02) * 20.0).ceil() / 20.0).min(1.0),
        );
        let (names, label_width) = row_names(self.measures.iter().map(|m| m.name.as_str()), 28);
        let mut frame = Frame::new(
            area,
            &format!("Each measure on its own (AUC) — {}", self.candidate),
            scale,
            label_width,
            x_min..x_max,
            0f64..count as f64,
        )?;
        frame.axes(
            Axis::described("AUC of the measure's points alone (0.5 = no signal)"),
            Axis::categories(&names, Order::TopToBottom, count),
        )?;
        let bar_color = RGBColor(0x1f, 0x77, 0xb4);
        let flag_color = RGBColor(0xd9, 0x53, 0x4f);
        for (i, measure) in self.measures.iter().enumerate() {
            let Some(auc) = measure.auc else { continue };
            let y = (self.measures.len() - 1 - i) as f64;
            let color = if measure.flagged { flag_color } else { bar_color };
            frame.draw(std::iter::once(Rectangle::new(
                [(0.5, y + 0.2), (auc, y + 0.8)],
                color.mix(0.8).filled(),
            )))?;
            if let Some([low, high]) = measure.interval {
                frame.whiskers(vec![vec![(low, y + 0.5), (high, y + 0.5)]])?;
            }
        }
        let chance = frame.thin(0.6);
        frame.draw(std::iter::once(PathElement::new(
            vec![(0.5, 0.0), (0.5, count as f64)],
            chance,
        )))
    }
}
