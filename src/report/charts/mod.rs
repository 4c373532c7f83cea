//! Charts for the report, drawn with plotters: each chart is plain data plus one `draw`
//! function generic over the backend, so the same code makes the inline SVG of the HTML
//! page and the PNG for slides.
//!
//! Text uses DejaVu Sans, embedded in the binary (assets/fonts), so PNGs render the same
//! on a machine with no system fonts.

pub mod bands;
pub mod deciles;
pub mod distribution;
pub mod measures;
pub mod periods;
pub mod roc;
pub mod weights;

use std::sync::OnceLock;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

pub use bands::BandChart;
pub use deciles::{CalibrationChart, DecileChart};
pub use distribution::DistributionChart;
pub use measures::MeasureAucChart;
pub use periods::{PeriodChart, PeriodMeasure};
pub use roc::RocChart;
pub use weights::WeightsChart;

/// Size of the inline SVG charts, in pixels.
pub const SVG_SIZE: (u32, u32) = (760, 430);
/// PNG charts are drawn at this multiple of the SVG size, for sharp slides.
pub const PNG_SCALE: u32 = 2;

/// Colours of candidates in charts, in command-line order.
pub const CANDIDATE_COLORS: [&str; 6] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"];

static FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static FONT_REGISTERED: OnceLock<bool> = OnceLock::new();

/// A chart that could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("chart '{chart}': {message}")]
pub struct ChartError {
    pub chart: String,
    pub message: String,
}

impl crate::error::Fault for ChartError {
    /// Charts are drawn from checked results: a failure is the tool's.
    fn is_input(&self) -> bool {
        false
    }
}

/// Every chart the report draws.
#[derive(Debug, Clone)]
pub enum Chart {
    Roc(RocChart),
    Bands(BandChart),
    Distribution(DistributionChart),
    Deciles(DecileChart),
    Calibration(CalibrationChart),
    MeasureAuc(MeasureAucChart),
    Weights(WeightsChart),
    Periods(PeriodChart),
}

impl Chart {
    /// File stem of the chart's PNG, and its id in the page.
    pub fn file_stem(&self) -> String {
        match self {
            Chart::Roc(_) => "roc".to_string(),
            Chart::Bands(c) => format!("bands-{}", c.slug),
            Chart::Distribution(c) => format!("distribution-{}", c.slug),
            Chart::Deciles(_) => "deciles".to_string(),
            Chart::Calibration(_) => "calibration".to_string(),
            Chart::MeasureAuc(c) => format!("measures-{}", c.slug),
            Chart::Weights(_) => "weights".to_string(),
            Chart::Periods(c) => match c.measure {
                PeriodMeasure::Auc => "periods-auc".to_string(),
                PeriodMeasure::Psi => "periods-psi".to_string(),
            },
        }
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, scale: f64) -> Result<(), String> {
        area.fill(&WHITE).map_err(|e| e.to_string())?;
        match self {
            Chart::Roc(c) => c.draw(area, scale),
            Chart::Bands(c) => c.draw(area, scale),
            Chart::Distribution(c) => c.draw(area, scale),
            Chart::Deciles(c) => c.draw(area, scale),
            Chart::Calibration(c) => c.draw(area, scale),
            Chart::MeasureAuc(c) => c.draw(area, scale),
            Chart::Weights(c) => c.draw(area, scale),
            Chart::Periods(c) => c.draw(area, scale),
        }
    }

    fn failed(&self, message: String) -> ChartError {
        ChartError {
            chart: self.file_stem(),
            message,
        }
    }

    /// The chart as an SVG document.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        register_font().map_err(|m| self.failed(m))?;
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, SVG_SIZE).into_drawing_area();
            self.draw(&area, 1.0).map_err(|m| self.failed(m))?;
            area.present().map_err(|e| self.failed(e.to_string()))?;
        }
        Ok(svg)
    }

    /// The chart as PNG bytes, at [`PNG_SCALE`] times the SVG size.
    pub fn to_png(&self) -> Result<Vec<u8>, ChartError> {
        register_font().map_err(|m| self.failed(m))?;
        let (width, height) = (SVG_SIZE.0 * PNG_SCALE, SVG_SIZE.1 * PNG_SCALE);
        let mut pixels = vec![0u8; (width * height * 3) as usize];
        {
            let area = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
            self.draw(&area, f64::from(PNG_SCALE))
                .map_err(|m| self.failed(m))?;
            area.present().map_err(|e| self.failed(e.to_string()))?;
        }
        let mut png = Vec::new();
        let encoder = image::codecs::png::PngEncoder::new(&mut png);
        image::ImageEncoder::write_image(encoder, &pixels, width, height, image::ColorType::Rgb8)
            .map_err(|e| self.failed(e.to_string()))?;
        Ok(png)
    }
}

fn register_font() -> Result<(), String> {
    let ok = *FONT_REGISTERED
        .get_or_init(|| register_font_once(FontStyle::Normal) && register_font_once(FontStyle::Bold));
    if ok {
        Ok(())
    } else {
        Err("the embedded font could not be loaded".to_string())
    }
}

fn register_font_once(style: FontStyle) -> bool {
    plotters::style::register_font("sans-serif", style, FONT).is_ok()
}

/// A `#rrggbb` or `#rgb` colour (validated upstream); grey if it does not parse.
pub fn hex_color(hex: &str) -> RGBColor {
    let digits = hex.trim_start_matches('#');
    let expanded: String = if digits.len() == 3 {
        digits.chars().flat_map(|c| [c, c]).collect()
    } else {
        digits.to_string()
    };
    let channel = |i: usize| {
        expanded
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(128)
    };
    RGBColor(channel(0), channel(2), channel(4))
}

/// The text style of titles, axis descriptions and labels at a scale.
pub fn font(size: f64, scale: f64) -> TextStyle<'static> {
    ("sans-serif", size * scale).into_font().color(&BLACK.mix(0.85))
}

/// A chart title and its style at a scale.
fn caption(title: &str, scale: f64) -> (String, TextStyle<'static>) {
    (title.to_string(), font(17.0, scale))
}

/// Turns any plotters error into the chart's error text.
pub fn err<E: std::fmt::Display>(error: E) -> String {
    error.to_string()
}

/// The row names of a horizontal bar chart, cut to `max_chars` (ending in "…"), and the
/// width of the label area they need (in pixels before scaling).
pub fn row_names<'a>(names: impl Iterator<Item = &'a str>, max_chars: usize) -> (Vec<String>, f64) {
    let names: Vec<String> = names
        .map(|name| {
            if name.chars().count() > max_chars {
                format!("{}…", name.chars().take(max_chars - 1).collect::<String>())
            } else {
                name.to_string()
            }
        })
        .collect();
    let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(8);
    (names, longest.min(max_chars) as f64 * 7.5 + 16.0)
}

/// The y-axis label at `y` of a horizontal bar chart whose first row is drawn at the top
/// (row `i` spans `[n − 1 − i, n − i)`): the row's name at the middle of its band, nothing
/// elsewhere.
pub fn row_label(names: &[String], y: f64) -> String {
    let index = y.floor() as usize;
    if ((y - y.floor()) - 0.5).abs() < 1e-6 && index < names.len() {
        names[names.len() - 1 - index].clone()
    } else {
        String::new()
    }
}

/// A chart on `area` with the report's caption, margins and label areas; `left_label` is
/// the width of the left label area at scale 1 (58 for numbers, more for names).
pub fn cartesian<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    title: &str,
    scale: f64,
    left_label: f64,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String> {
    let (title, style) = caption(title, scale);
    ChartBuilder::on(area)
        .caption(title, style)
        .margin((12.0 * scale) as i32)
        .x_label_area_size((46.0 * scale) as i32)
        .y_label_area_size((left_label * scale) as i32)
        .build_cartesian_2d(x, y)
        .map_err(err)
}

/// Draws the series labels in a light box at `position`.
pub fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    position: SeriesLabelPosition,
    scale: f64,
) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .label_font(font(12.0, scale))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.2))
        .draw()
        .map_err(err)
}
