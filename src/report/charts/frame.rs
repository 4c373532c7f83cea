//! The frame every chart is drawn in, in the spirit of criterion.rs' plot module: caption,
//! margins, axes with the report's grid and text styles, dashed reference lines, candidate
//! lines, whiskers, legend keys and the legend box. A chart file says only what it shows;
//! how it looks is decided here, once.
//!
//! Sizes are in pixels at scale 1 (the inline SVG); the PNG is drawn at a larger scale.

use std::borrow::Borrow;
use std::ops::Range;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::{CoordMapper, Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub use super::labels::{category_label, fit_width, row_names, Order};

/// Width of the left label area when the y axis shows numbers.
pub const NUMBER_LABELS: f64 = 58.0;

/// Text sizes: chart title, axis descriptions, tick labels and legend entries.
const TITLE_SIZE: f64 = 17.0;
const DESCRIPTION_SIZE: f64 = 13.0;
const LABEL_SIZE: f64 = 12.0;
/// Height of the bottom label area (tick labels and the x axis description).
const X_LABELS: f64 = 46.0;
/// Height of one line of text written under the x axis, and the gap above the first.
const LINE_HEIGHT: f64 = LABEL_SIZE * 1.35;
const UNDER_AXIS_GAP: f64 = 6.0;

/// Shade (opacity of black) of the grid lines at labelled ticks.
const GRID_SHADE: f64 = 0.08;
/// Shade and width of the whiskers that show intervals.
const WHISKER_SHADE: f64 = 0.7;
const WHISKER_WIDTH: f64 = 1.5;
/// Length of the dashes of reference lines.
const DASH: f64 = 6.0;
/// Length of a line's key in the legend (not scaled, as plotters draws the legend box).
const KEY_LENGTH: i32 = 18;

/// The plotting plane of every chart: numbers on both axes.
type Plane<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Turns any plotters error into the chart's error text.
pub fn err<E: std::fmt::Display>(error: E) -> String {
    error.to_string()
}

/// The report's text style at a size and scale.
pub fn font(size: f64, scale: f64) -> TextStyle<'static> {
    ("sans-serif", size * scale).into_font().color(&BLACK.mix(0.85))
}

/// Writes an axis label for a value.
type LabelFormat<'f> = Box<dyn Fn(&f64) -> String + 'f>;

/// How one axis reads: its description, how many labels, how each label is written, and
/// whether it has grid lines and tick marks.
pub struct Axis<'f> {
    description: Option<&'f str>,
    labels: Option<usize>,
    format: Option<LabelFormat<'f>>,
    grid: bool,
}

impl<'f> Axis<'f> {
    /// An axis with no description and plotters' own labels.
    pub fn plain() -> Axis<'f> {
        Axis {
            description: None,
            labels: None,
            format: None,
            grid: true,
        }
    }

    /// An axis described by `description` (e.g. "Churn rate").
    pub fn described(description: &'f str) -> Axis<'f> {
        Axis {
            description: Some(description),
            ..Axis::plain()
        }
    }

    /// Named categories, one per unit slot (`slots` of them; the range is `0..slots`), the
    /// name written at the middle of its slot; no grid lines or tick marks across them.
    pub fn categories(names: &'f [String], order: Order, slots: usize) -> Axis<'f> {
        Axis {
            labels: Some(slots * 2 + 1),
            grid: false,
            ..Axis::plain()
        }
        .format(move |&value| category_label(names, order, value))
    }

    /// The same axis described by `description`.
    pub fn described_as(self, description: &'f str) -> Axis<'f> {
        Axis {
            description: Some(description),
            ..self
        }
    }

    /// At most `count` labels (plotters' default is 11).
    pub fn labels(self, count: usize) -> Axis<'f> {
        Axis {
            labels: Some(count),
            ..self
        }
    }

    /// Labels written by `format`.
    pub fn format(self, format: impl Fn(&f64) -> String + 'f) -> Axis<'f> {
        Axis {
            format: Some(Box::new(format)),
            ..self
        }
    }

    /// Shares from 0 to 1 written as whole percentages (0.25 → "25%").
    pub fn percent(self) -> Axis<'f> {
        self.format(|share| format!("{:.0}%", 100.0 * share))
    }

    /// Values written as whole numbers (12.5 → "12").
    pub fn whole(self) -> Axis<'f> {
        self.format(|value| format!("{value:.0}"))
    }
}

/// A chart's frame: the plotting plane with its caption and axes, and the scale everything
/// is drawn at.
pub struct Frame<'a, DB: DrawingBackend> {
    plane: Plane<'a, DB>,
    scale: f64,
}

impl<'a, DB: DrawingBackend + 'a> Frame<'a, DB> {
    /// A frame titled `title` on `area`, with the report's margins; `left_labels` is the
    /// width of the left label area ([`NUMBER_LABELS`] for numbers, more for names).
    pub fn new(
        area: &'a DrawingArea<DB, Shift>,
        title: &str,
        scale: f64,
        left_labels: f64,
        x: Range<f64>,
        y: Range<f64>,
    ) -> Result<Frame<'a, DB>, String> {
        Frame::with_bottom(area, title, scale, (left_labels, X_LABELS), x, y)
    }

    /// [`Frame::new`] with room under the x axis for `lines` lines of text written by
    /// [`Frame::under_axis`] (instead of tick labels).
    pub fn with_lines_under(
        area: &'a DrawingArea<DB, Shift>,
        title: &str,
        scale: f64,
        (left_labels, lines): (f64, usize),
        x: Range<f64>,
        y: Range<f64>,
    ) -> Result<Frame<'a, DB>, String> {
        let bottom = (UNDER_AXIS_GAP + lines as f64 * LINE_HEIGHT + 6.0).max(X_LABELS);
        Frame::with_bottom(area, title, scale, (left_labels, bottom), x, y)
    }

    fn with_bottom(
        area: &'a DrawingArea<DB, Shift>,
        title: &str,
        scale: f64,
        (left_labels, bottom_labels): (f64, f64),
        x: Range<f64>,
        y: Range<f64>,
    ) -> Result<Frame<'a, DB>, String> {
        let plane = ChartBuilder::on(area)
            .caption(title, font(TITLE_SIZE, scale))
            .margin((12.0 * scale) as i32)
            .x_label_area_size((bottom_labels * scale) as i32)
            .y_label_area_size((left_labels * scale) as i32)
            .build_cartesian_2d(x, y)
            .map_err(err)?;
        Ok(Frame { plane, scale })
    }

    /// Draws both axes with the report's text styles and a faint grid at labelled ticks.
    pub fn axes(&mut self, x: Axis<'_>, y: Axis<'_>) -> Result<(), String> {
        let scale = self.scale;
        let mut mesh = self.plane.configure_mesh();
        if let Some(description) = x.description {
            mesh.x_desc(description);
        }
        if let Some(description) = y.description {
            mesh.y_desc(description);
        }
        if let Some(count) = x.labels {
            mesh.x_labels(count);
        }
        if let Some(count) = y.labels {
            mesh.y_labels(count);
        }
        if let Some(format) = &x.format {
            mesh.x_label_formatter(format);
        }
        if let Some(format) = &y.format {
            mesh.y_label_formatter(format);
        }
        if !x.grid {
            mesh.disable_x_mesh()
                .set_tick_mark_size(LabelAreaPosition::Bottom, 0);
        }
        if !y.grid {
            mesh.disable_y_mesh()
                .set_tick_mark_size(LabelAreaPosition::Left, 0);
        }
        mesh.label_style(font(LABEL_SIZE, scale))
            .axis_desc_style(font(DESCRIPTION_SIZE, scale))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(GRID_SHADE))
            .draw()
            .map_err(err)
    }

    /// The style of tick labels, also used for values written on the chart.
    pub fn label_style(&self) -> TextStyle<'static> {
        font(LABEL_SIZE, self.scale)
    }

    /// Lines of text centred under the x axis at `x` (a category's name and figures), one
    /// under the other, each cut with "…" to the width of `width` x units so that
    /// neighbouring categories never overlap. `area` is the chart's whole area.
    pub fn under_axis(
        &self,
        area: &DrawingArea<DB, Shift>,
        x: f64,
        width: f64,
        lines: &[String],
    ) -> Result<(), String> {
        let axis = self.plane.y_range().start;
        let (left, top) = self.plane.backend_coord(&(x - width / 2.0, axis));
        let (right, _) = self.plane.backend_coord(&(x + width / 2.0, axis));
        let (centre, _) = self.plane.backend_coord(&(x, axis));
        let room = f64::from((right - left).max(0)) * 0.94;
        let style = self.label_style().pos(Pos::new(HPos::Center, VPos::Top));
        for (i, line) in lines.iter().enumerate() {
            let text = fit_width(line, room, |t| {
                area.estimate_text_size(t, &style)
                    .map_or(f64::MAX, |(w, _)| f64::from(w))
            });
            let y = top as f64 + (UNDER_AXIS_GAP + i as f64 * LINE_HEIGHT) * self.scale;
            area.draw(&Text::new(text, (centre, y as i32), style.clone()))
                .map_err(err)?;
        }
        Ok(())
    }

    /// A thin line in a shade of grey (`shade` is the opacity of black).
    pub fn thin(&self, shade: f64) -> ShapeStyle {
        ShapeStyle::from(&BLACK.mix(shade)).stroke_width(self.scale as u32)
    }

    /// Draws elements (bars, areas, text) with no legend entry.
    pub fn draw<B, E, R, S>(&mut self, elements: S) -> Result<(), String>
    where
        B: CoordMapper,
        for<'b> &'b E: PointCollection<'b, (f64, f64), B>,
        E: Drawable<DB, B>,
        R: Borrow<E>,
        S: IntoIterator<Item = R>,
    {
        self.plane.draw_series(elements).map_err(err)?;
        Ok(())
    }

    /// A dashed grey line from `from` to `to` (chance, the overall rate, a threshold) with
    /// its legend entry; `gap` is the space between dashes.
    pub fn reference(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        shade: f64,
        gap: f64,
        label: String,
    ) -> Result<(), String> {
        let style = self.thin(shade);
        let scale = self.scale;
        self.plane
            .draw_series(DashedLineSeries::new(
                vec![from, to],
                DASH * scale,
                gap * scale,
                style,
            ))
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| line_key(x, y, style));
        Ok(())
    }

    /// A series' line in `color`, `width` pixels wide, with dots of radius `dots` at its
    /// points (0 for none), and its legend entry.
    pub fn line(
        &mut self,
        points: impl IntoIterator<Item = (f64, f64)>,
        color: RGBColor,
        width: f64,
        dots: f64,
        label: String,
    ) -> Result<(), String> {
        let style = ShapeStyle::from(&color).stroke_width((width * self.scale) as u32);
        let series = LineSeries::new(points, style).point_size((dots * self.scale) as u32);
        self.plane
            .draw_series(series)
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| line_key(x, y, style));
        Ok(())
    }

    /// A series of dots of radius `radius` in `color`, with no line between them (values
    /// read one by one, such as points per bin), and its legend entry.
    pub fn dots(
        &mut self,
        points: impl IntoIterator<Item = (f64, f64)>,
        color: RGBColor,
        radius: f64,
        label: &str,
    ) -> Result<(), String> {
        let size = (radius * self.scale) as i32;
        let style = color.filled();
        self.plane
            .draw_series(points.into_iter().map(|point| Circle::new(point, size, style)))
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| Circle::new((x + KEY_LENGTH / 2, y), size, style));
        Ok(())
    }

    /// Interval whiskers: each a path of dark lines.
    pub fn whiskers(&mut self, paths: Vec<Vec<(f64, f64)>>) -> Result<(), String> {
        let style =
            ShapeStyle::from(&BLACK.mix(WHISKER_SHADE)).stroke_width((WHISKER_WIDTH * self.scale) as u32);
        self.draw(paths.into_iter().map(|path| PathElement::new(path, style)))
    }

    /// A legend entry with a filled square key, for bars drawn in `color`.
    pub fn swatch(&mut self, label: &str, color: RGBColor) -> Result<(), String> {
        self.plane
            .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.filled()));
        Ok(())
    }

    /// Draws the legend entries in a light box at `position`.
    pub fn legend(&mut self, position: SeriesLabelPosition) -> Result<(), String> {
        self.plane
            .configure_series_labels()
            .position(position)
            .label_font(font(LABEL_SIZE, self.scale))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.2))
            .draw()
            .map_err(err)
    }
}

/// A line's key in the legend: a short stroke in the line's style.
fn line_key(x: i32, y: i32, style: ShapeStyle) -> PathElement<(i32, i32)> {
    PathElement::new(vec![(x, y), (x + KEY_LENGTH, y)], style)
}
