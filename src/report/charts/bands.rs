//! Churn rate per band for one candidate: bars in the band colours, Wilson whiskers.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{cartesian, err, font, hex_color, legend};

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
        let mut chart = cartesian(
            area,
            &format!("Churn rate per band — {}", self.candidate),
            scale,
            58.0,
            0f64..count as f64,
            0f64..y_max,
        )?;
        let names: Vec<String> = self
            .bands
            .iter()
            .map(|b| format!("{} ({} accounts)", b.name, b.accounts))
            .collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .set_tick_mark_size(LabelAreaPosition::Bottom, 0)
            .x_labels(count * 2 + 1)
            .x_label_formatter(&|x| {
                let centre = x - x.floor();
                let index = x.floor() as usize;
                if (centre - 0.5).abs() < 1e-6 && index < names.len() {
                    names[index].clone()
                } else {
                    String::new()
                }
            })
            .y_desc("Churn rate")
            .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
            .label_style(font(12.0, scale))
            .axis_desc_style(font(13.0, scale))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08))
            .draw()
            .map_err(err)?;
        for (i, band) in self.bands.iter().enumerate() {
            let Some(rate) = band.churn_rate else { continue };
            let x = i as f64;
            let color = hex_color(&band.color);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x + 0.2, 0.0), (x + 0.8, rate)],
                    color.filled(),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{:.1}%", 100.0 * rate),
                    (x + 0.22, rate),
                    font(12.0, scale).pos(Pos::new(HPos::Left, VPos::Bottom)),
                )))
                .map_err(err)?;
            if let Some([low, high]) = band.interval {
                let whisker = ShapeStyle::from(&BLACK.mix(0.7)).stroke_width((1.5 * scale) as u32);
                let lines = vec![
                    vec![(x + 0.5, low), (x + 0.5, high)],
                    vec![(x + 0.42, low), (x + 0.58, low)],
                    vec![(x + 0.42, high), (x + 0.58, high)],
                ];
                chart
                    .draw_series(lines.into_iter().map(|l| PathElement::new(l, whisker)))
                    .map_err(err)?;
            }
        }
        let overall = ShapeStyle::from(&BLACK.mix(0.5)).stroke_width(scale as u32);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, self.overall_rate), (count as f64, self.overall_rate)],
                6.0 * scale,
                4.0 * scale,
                overall,
            ))
            .map_err(err)?
            .label(format!("all accounts ({:.1}%)", 100.0 * self.overall_rate))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], overall));
        legend(&mut chart, SeriesLabelPosition::UpperRight, scale)
    }
}
