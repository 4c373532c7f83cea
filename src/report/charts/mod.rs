//! Charts for the report, drawn with plotters: each chart is plain data plus one `draw`
//! function generic over the backend, so the same code makes the inline SVG of the HTML
//! page and the PNG for slides. Every chart is drawn in one [`frame::Frame`] (caption,
//! axes, grid, reference lines, legend), so no chart file repeats another's styling.
//!
//! Text uses DejaVu Sans, embedded in the binary (assets/fonts), so PNGs render the same
//! on a machine with no system fonts.

pub mod bands;
pub mod deciles;
pub mod distribution;
pub mod frame;
pub mod gains;
pub mod labels;
pub mod measures;
pub mod periods;
pub mod roc;
mod square;
pub mod thresholds;
pub mod weights;

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;

pub use bands::{BandChart, BandOutcome};
pub use deciles::{CalibrationChart, DecileChart};
pub use distribution::DistributionChart;
pub use gains::GainsChart;
pub use measures::MeasureAucChart;
pub use periods::{PeriodChart, PeriodMeasure};
pub use roc::RocChart;
pub use thresholds::ThresholdsChart;
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
    Thresholds(ThresholdsChart),
    Gains(GainsChart),
}

impl Chart {
    /// File stem of the chart's PNG, and its id in the page.
    pub fn file_stem(&self) -> String {
        match self {
            Chart::Roc(_) => "roc".to_string(),
            Chart::Bands(c) => format!("{}-{}", c.outcome.stem(), c.slug),
            Chart::Distribution(c) => format!("distribution-{}", c.slug),
            Chart::Deciles(_) => "deciles".to_string(),
            Chart::Calibration(_) => "calibration".to_string(),
            Chart::MeasureAuc(c) => format!("measures-{}", c.slug),
            Chart::Weights(_) => "weights".to_string(),
            Chart::Periods(c) => match c.measure {
                PeriodMeasure::Auc => "periods-auc".to_string(),
                PeriodMeasure::Psi => "periods-psi".to_string(),
            },
            Chart::Thresholds(c) => format!("thresholds-{}", c.slug),
            Chart::Gains(_) => "gains".to_string(),
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
            Chart::Thresholds(c) => c.draw(area, scale),
            Chart::Gains(c) => c.draw(area, scale),
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
