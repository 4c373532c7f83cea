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
    /// Lines written under the band's name, already formatted (its accounts, with a value
    /// column its share of value and value churned).
    pub details: Vec<String>,
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
    /// The outcome's rate over all rows (the dashed line).
    pub overall_rate: f64,
    /// What the rows are, for the dashed line's legend: "accounts", or "snapshots" when
    /// several snapshots per account are pooled.
    pub rows: String,
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
        // room above the tallest whisker for its rate and, at the right, the legend
        let y_max = (top * 1.3).clamp(0.01, 1.0);
        let count = self.bands.len();
        let lines = 1 + self.bands.iter().map(|b| b.details.len()).max().unwrap_or(0);
        let mut frame = Frame::with_lines_under(
            area,
            &self.outcome.title(&self.candidate),
            scale,
            (NUMBER_LABELS, lines),
            0f64..count as f64,
            0f64..y_max,
        )?;
        frame.axes(
            Axis::categories(&[], Order::LeftToRight, count),
            Axis::described(self.outcome.axis()).percent(),
        )?;
        for (i, band) in self.bands.iter().enumerate() {
            let x = i as f64;
            let label: Vec<String> = std::iter::once(band.name.clone())
                .chain(band.details.iter().cloned())
                .collect();
            frame.under_axis(area, x + 0.5, 1.0, &label)?;
            let Some(rate) = band.rate else { continue };
            frame.draw(std::iter::once(Rectangle::new(
                [(x + 0.2, 0.0), (x + 0.8, rate)],
                hex_color(&band.color).filled(),
            )))?;
            // the rate centred above the bar and its whisker, clear of both
            let above = band.interval.map_or(rate, |[_, high]| high.max(rate));
            frame.draw(std::iter::once(Text::new(
                format!("{:.1}%", 100.0 * rate),
                (x + 0.5, above + 0.02 * y_max),
                frame.label_style().pos(Pos::new(HPos::Center, VPos::Bottom)),
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
            format!("all {} ({:.1}%)", self.rows, 100.0 * self.overall_rate),
        )?;
        frame.legend(SeriesLabelPosition::UpperRight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::Chart;

    fn chart(names: &[&str], details: impl Fn(usize) -> Vec<String>) -> Chart {
        let bands = names
            .iter()
            .enumerate()
            .map(|(i, name)| BandBar {
                name: name.to_string(),
                color: "#d9534f".into(),
                details: details(i),
                rate: (i != 1).then_some(0.1 * (i + 1) as f64),
                interval: (i != 1).then_some([0.05 * (i + 1) as f64, 0.15 * (i + 1) as f64]),
            })
            .collect();
        Chart::Bands(BandChart {
            candidate: "Q3 <draft>".into(),
            slug: "1-q3".into(),
            outcome: BandOutcome::Churn,
            bands,
            overall_rate: 0.2,
            rows: "snapshots".into(),
        })
    }

    /// The text elements of an SVG, in order.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>').and_then(|(_, rest)| rest.split_once("</text>")))
            .map(|(text, _)| text.trim().to_string())
            .collect()
    }

    #[test]
    fn each_band_is_named_with_its_size_and_value_under_the_axis() {
        let details = |i: usize| {
            vec![
                format!("{} snapshots", ["1,204", "13,873", "980"][i]),
                "18.3% of value".into(),
                "2.1M churned".into(),
            ]
        };
        let svg = chart(&["red", "yellow & <watch>", "green"], details)
            .to_svg()
            .unwrap();
        let texts = texts(&svg);
        for label in [
            "red",
            "yellow &amp; &lt;watch&gt;",
            "1,204 snapshots",
            "13,873 snapshots",
            "18.3% of value",
            "2.1M churned",
        ] {
            assert!(texts.iter().any(|t| t == label), "{label} not in {texts:?}");
        }
        assert!(
            texts
                .iter()
                .any(|t| t == "Churn rate per band — Q3 &lt;draft&gt;"),
            "{texts:?}"
        );
        assert!(
            texts.iter().any(|t| t.starts_with("all snapshots (20.0%)")),
            "{texts:?}"
        );
        // the empty band has its name but no bar and no rate
        assert_eq!(
            texts
                .iter()
                .filter(|t| t.ends_with('%') && t.contains('.'))
                .count(),
            2,
            "{texts:?}"
        );
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn without_value_a_band_shows_its_size_only() {
        let svg = chart(&["red", "yellow", "green"], |_| vec!["12 accounts".into()])
            .to_svg()
            .unwrap();
        let texts = texts(&svg);
        assert_eq!(texts.iter().filter(|t| *t == "12 accounts").count(), 3);
        assert!(
            !texts.iter().any(|t| t.contains("value") || t.contains("churned")),
            "{texts:?}"
        );
    }

    #[test]
    fn long_names_are_cut_to_their_band_at_five_bands() {
        let long = "a band name far too long to fit under its bar";
        let svg = chart(&[long, long, long, long, long], |_| vec!["1 account".into()])
            .to_svg()
            .unwrap();
        let cut: Vec<String> = texts(&svg)
            .into_iter()
            .filter(|t| t.starts_with("a band"))
            .collect();
        assert_eq!(cut.len(), 5, "{cut:?}");
        assert!(
            cut.iter().all(|t| t.ends_with('…') && t.chars().count() < 25),
            "{cut:?}"
        );
    }
}
