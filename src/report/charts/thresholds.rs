//! One tuned measure's suggested bins, in two panels sharing the bins: above, the churn
//! rate per bin (bars with 95% Wilson whiskers) against the measure's overall rate; below,
//! on a 0–100 scale, the mean points the current rule gives each bin's accounts and the
//! points suggested for the bin.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{Axis, Frame, Order, NUMBER_LABELS};
use crate::format::{value_range, RangeEnd};

/// Share of the chart's height given to the churn panel; the points panel has the rest.
const CHURN_PANEL: f64 = 0.56;
/// The points panel's scale, with room around 0 and 100 for the dots.
const POINTS_LOW: f64 = -10.0;
const POINTS_HIGH: f64 = 118.0;

/// One suggested bin: its values (numbers) or its category, its churn and its points.
#[derive(Debug, Clone)]
pub struct ThresholdBin {
    /// Smallest and largest value in the bin (numbers only).
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The category (categories only).
    pub category: Option<String>,
    pub accounts: usize,
    pub churned: usize,
    pub churn_rate: f64,
    /// 95% Wilson interval of the churn rate.
    pub interval: [f64; 2],
    /// Mean points the current rule gives the bin's accounts.
    pub current_points: Option<f64>,
    pub suggested_points: f64,
}

/// A tuned measure's bins, in the order the tune reports them (numbers: by value).
#[derive(Debug, Clone)]
pub struct ThresholdsChart {
    /// The measure's name (with its profile when the scorecard has several).
    pub measure: String,
    pub slug: String,
    pub bins: Vec<ThresholdBin>,
}

/// Each bin's label: a category's name; for numbers the range of values it holds, open at
/// both ends ("≤ 12", "12.5–30", "≥ 31"), or the one value when the bin holds only one.
pub fn bin_labels(bins: &[ThresholdBin]) -> Vec<String> {
    let last = bins.len().saturating_sub(1);
    bins.iter()
        .enumerate()
        .map(|(i, bin)| match (&bin.category, bin.low, bin.high) {
            (Some(category), _, _) => category.clone(),
            (None, Some(low), Some(high)) => {
                let end = match i {
                    _ if last == 0 => RangeEnd::Only,
                    0 => RangeEnd::First,
                    _ if i == last => RangeEnd::Last,
                    _ => RangeEnd::Between,
                };
                value_range(low, high, end)
            }
            _ => "—".to_string(),
        })
        .collect()
}

/// A corner of the plot a legend can go in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Corner {
    UpperLeft,
    UpperRight,
    LowerLeft,
    LowerRight,
}

/// Rough size of a legend box of two entries, as shares of a panel's plot (width, height).
const LEGEND_BOX: (f64, f64) = (0.45, 0.4);

/// The first of `corners` whose legend box covers the fewest of `points` (shares of the
/// plot: 0 at the left and the bottom, 1 at the right and the top).
fn emptiest_corner(points: &[(f64, f64)], corners: &[Corner]) -> SeriesLabelPosition {
    let (width, height) = LEGEND_BOX;
    let covered = |corner: Corner| {
        let (left, upper) = match corner {
            Corner::UpperLeft => (true, true),
            Corner::UpperRight => (false, true),
            Corner::LowerLeft => (true, false),
            Corner::LowerRight => (false, false),
        };
        points
            .iter()
            .filter(|&&(x, y)| {
                let across = if left { x <= width } else { x >= 1.0 - width };
                let up = if upper { y >= 1.0 - height } else { y <= height };
                across && up
            })
            .count()
    };
    let best = corners
        .iter()
        .copied()
        .min_by_key(|&corner| covered(corner))
        .unwrap_or(Corner::UpperRight);
    match best {
        Corner::UpperLeft => SeriesLabelPosition::UpperLeft,
        Corner::UpperRight => SeriesLabelPosition::UpperRight,
        Corner::LowerLeft => SeriesLabelPosition::LowerLeft,
        Corner::LowerRight => SeriesLabelPosition::LowerRight,
    }
}

impl ThresholdsChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), String> {
        let height = f64::from(area.dim_in_pixel().1);
        let (churn, points) = area.split_vertically((height * CHURN_PANEL) as u32);
        let labels = bin_labels(&self.bins);
        self.draw_churn(&churn, scale, &labels)?;
        self.draw_points(&points, scale, &labels)
    }

    /// Churn rate of all the bins' accounts together.
    fn overall_rate(&self) -> f64 {
        let accounts: usize = self.bins.iter().map(|b| b.accounts).sum();
        let churned: usize = self.bins.iter().map(|b| b.churned).sum();
        churned as f64 / accounts.max(1) as f64
    }

    fn draw_churn<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
        labels: &[String],
    ) -> Result<(), String> {
        let overall = self.overall_rate();
        let top = self
            .bins
            .iter()
            .map(|b| b.interval[1].max(b.churn_rate))
            .fold(overall, f64::max);
        let y_max = (top * 1.2).clamp(0.01, 1.0);
        let count = self.bins.len().max(1);
        let mut frame = Frame::new(
            area,
            &format!("Churn and points per suggested bin — {}", self.measure),
            scale,
            NUMBER_LABELS,
            0f64..count as f64,
            0f64..y_max,
        )?;
        frame.axes(
            Axis::categories(labels, Order::LeftToRight, count),
            Axis::described("Churn rate").percent().labels(6),
        )?;
        let bar = RGBColor(0xa6, 0xbd, 0xd7);
        for (i, bin) in self.bins.iter().enumerate() {
            let x = i as f64;
            frame.draw(std::iter::once(Rectangle::new(
                [(x + 0.2, 0.0), (x + 0.8, bin.churn_rate)],
                bar.filled(),
            )))?;
            frame.draw(std::iter::once(Text::new(
                format!("{:.1}%", 100.0 * bin.churn_rate),
                (x + 0.22, bin.churn_rate),
                frame.label_style().pos(Pos::new(HPos::Left, VPos::Bottom)),
            )))?;
            let [low, high] = bin.interval;
            frame.whiskers(vec![
                vec![(x + 0.5, low), (x + 0.5, high)],
                vec![(x + 0.42, low), (x + 0.58, low)],
                vec![(x + 0.42, high), (x + 0.58, high)],
            ])?;
        }
        frame.swatch("churn rate per bin (95% interval)", bar)?;
        frame.reference(
            (0.0, overall),
            (count as f64, overall),
            0.5,
            4.0,
            format!("accounts with a value ({:.1}%)", 100.0 * overall),
        )?;
        // Bars stand on the bottom: the legend goes above the lower ones (tops with their
        // whiskers and the overall rate's line).
        let tops: Vec<(f64, f64)> = self
            .bins
            .iter()
            .enumerate()
            .flat_map(|(i, b)| {
                let x = (i as f64 + 0.5) / count as f64;
                [(x, b.interval[1].max(b.churn_rate) / y_max), (x, overall / y_max)]
            })
            .collect();
        frame.legend(emptiest_corner(&tops, &[Corner::UpperRight, Corner::UpperLeft]))
    }

    fn draw_points<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
        labels: &[String],
    ) -> Result<(), String> {
        let count = self.bins.len().max(1);
        let mut frame = Frame::new(
            area,
            "Points per bin: current rule and suggested",
            scale,
            NUMBER_LABELS,
            0f64..count as f64,
            POINTS_LOW..POINTS_HIGH,
        )?;
        let description = format!("Suggested bins of {}", self.measure);
        frame.axes(
            Axis::categories(labels, Order::LeftToRight, count).described_as(&description),
            Axis::described("Points").whole().labels(6),
        )?;
        let current: Vec<(f64, f64)> = self
            .bins
            .iter()
            .enumerate()
            .filter_map(|(i, b)| b.current_points.map(|p| (i as f64 + 0.4, p)))
            .collect();
        let suggested: Vec<(f64, f64)> = self
            .bins
            .iter()
            .enumerate()
            .map(|(i, b)| (i as f64 + 0.6, b.suggested_points))
            .collect();
        frame.dots(
            current.clone(),
            RGBColor(0x88, 0x88, 0x88),
            4.5,
            "current rule (mean points)",
        )?;
        frame.dots(suggested.clone(), RGBColor(0x1f, 0x77, 0xb4), 4.5, "suggested")?;
        let dots: Vec<(f64, f64)> = current
            .iter()
            .chain(&suggested)
            .map(|&(x, y)| (x / count as f64, (y - POINTS_LOW) / (POINTS_HIGH - POINTS_LOW)))
            .collect();
        let corners = [
            Corner::UpperLeft,
            Corner::UpperRight,
            Corner::LowerRight,
            Corner::LowerLeft,
        ];
        frame.legend(emptiest_corner(&dots, &corners))
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::SeriesLabelPosition;

    use super::{bin_labels, emptiest_corner, Corner, ThresholdBin};

    fn number_bin(low: f64, high: f64) -> ThresholdBin {
        ThresholdBin {
            low: Some(low),
            high: Some(high),
            category: None,
            accounts: 10,
            churned: 1,
            churn_rate: 0.1,
            interval: [0.02, 0.4],
            current_points: Some(50.0),
            suggested_points: 50.0,
        }
    }

    #[test]
    fn number_bins_are_open_at_both_ends() {
        let bins = [
            number_bin(0.0, 12.0),
            number_bin(12.5, 30.0),
            number_bin(31.0, 31.0),
            number_bin(32.0, 70.0),
        ];
        assert_eq!(bin_labels(&bins), ["≤ 12", "12.5–30", "31", "≥ 32"]);
    }

    #[test]
    fn one_value_bins_and_a_lone_bin_show_their_values() {
        assert_eq!(
            bin_labels(&[number_bin(0.0, 0.0), number_bin(1.0, 5.0)]),
            ["0", "≥ 1"]
        );
        assert_eq!(bin_labels(&[number_bin(0.3381234, 0.9)]), ["0.3381–0.9"]);
    }

    #[test]
    fn categories_are_named() {
        let bins: Vec<ThresholdBin> = ["green", "<b>red</b>"]
            .iter()
            .map(|name| ThresholdBin {
                low: None,
                high: None,
                category: Some(name.to_string()),
                ..number_bin(0.0, 0.0)
            })
            .collect();
        assert_eq!(bin_labels(&bins), ["green", "<b>red</b>"]);
    }

    #[test]
    fn the_legend_goes_where_it_covers_fewest_values() {
        let rising = [(0.1, 0.0), (0.5, 0.5), (0.9, 1.0)];
        let all = [
            Corner::UpperLeft,
            Corner::UpperRight,
            Corner::LowerRight,
            Corner::LowerLeft,
        ];
        assert!(matches!(
            emptiest_corner(&rising, &all),
            SeriesLabelPosition::UpperLeft
        ));
        let falling = [(0.1, 1.0), (0.5, 0.5), (0.9, 0.0)];
        assert!(matches!(
            emptiest_corner(&falling, &all),
            SeriesLabelPosition::UpperRight
        ));
        // Both upper corners taken (categories): a lower one.
        let high_ends = [(0.1, 1.0), (0.5, 0.0), (0.9, 0.7)];
        assert!(matches!(
            emptiest_corner(&high_ends, &all),
            SeriesLabelPosition::LowerRight
        ));
    }
}
