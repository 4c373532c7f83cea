//! Checking `[[bands]]`: names, cutoffs rising from the worst band to the best, colours.

use std::ops::Range;

use toml::Spanned;

use super::{Checked, Checker};
use crate::scorecard::raw::RawBand;
use crate::scorecard::{Band, Problem, MAX_BANDS};

/// Default bands when a file gives none: red < 40 ≤ yellow < 70 ≤ green.
const DEFAULT_BANDS: [(&str, Option<f64>, &str); 3] = [
    ("red", Some(40.0), "#d9534f"),
    ("yellow", Some(70.0), "#f0ad4e"),
    ("green", None, "#5cb85c"),
];

/// Colours for bands that name none, worst to best.
const BAND_PALETTE: [&str; 6] = ["#d9534f", "#f0ad4e", "#5cb85c", "#5bc0de", "#337ab7", "#777777"];
impl Checker<'_> {
    pub(super) fn bands(&self, raw: Vec<Spanned<RawBand>>) -> Checked<Vec<Band>> {
        if raw.is_empty() {
            let defaults = DEFAULT_BANDS.iter().map(|(name, below, color)| Band {
                name: (*name).to_string(),
                below: *below,
                color: (*color).to_string(),
            });
            return Ok(defaults.collect());
        }
        let count = raw.len();
        if let Some(first_over) = raw.get(MAX_BANDS) {
            let limit = MAX_BANDS;
            return self.fail(Some(first_over.span()), Problem::TooManyBands { count, limit });
        }
        let mut bands: Vec<Band> = Vec::with_capacity(count);
        for (index, spanned) in raw.into_iter().enumerate() {
            let span = Some(spanned.span());
            let band = self.band(spanned.into_inner(), index, index + 1 == count, span.clone())?;
            if bands.iter().any(|b| b.name == band.name) {
                let name = band.name;
                return self.fail(span, Problem::DuplicateName { kind: "band", name });
            }
            let previous = bands.last().and_then(|b| b.below);
            if let (Some(previous), Some(below)) = (previous, band.below) {
                if below <= previous {
                    let band = band.name;
                    return self.fail(
                        span,
                        Problem::UnorderedBands {
                            band,
                            below,
                            previous,
                        },
                    );
                }
            }
            bands.push(band);
        }
        Ok(bands)
    }

    fn band(&self, raw: RawBand, index: usize, is_last: bool, span: Option<Range<usize>>) -> Checked<Band> {
        if raw.name.trim().is_empty() {
            return self.fail(span, Problem::EmptyName { what: "a band" });
        }
        match (raw.below, is_last) {
            (None, false) => return self.fail(span, Problem::BandWithoutCutoff { band: raw.name }),
            (Some(_), true) => return self.fail(span, Problem::LastBandWithCutoff { band: raw.name }),
            (Some(below), false) if !(below > 0.0 && below <= 100.0) => {
                return self.fail(
                    span,
                    Problem::BandCutoffOutOfRange {
                        band: raw.name,
                        below,
                    },
                )
            }
            _ => {}
        }
        let color = match raw.color {
            Some(color) if is_hex_color(&color) => color,
            Some(color) => {
                return self.fail(
                    span,
                    Problem::BadColor {
                        band: raw.name,
                        color,
                    },
                )
            }
            None => BAND_PALETTE[index % BAND_PALETTE.len()].to_string(),
        };
        Ok(Band {
            name: raw.name,
            below: raw.below,
            color,
        })
    }
}

fn is_hex_color(color: &str) -> bool {
    let digits = color.strip_prefix('#').unwrap_or("");
    matches!(digits.len(), 3 | 6) && digits.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::scorecard::{parse_scorecard, Problem, ScorecardError, MAX_BANDS};

    /// A card with one measure (lines 1–8) and `count` bands, each three lines from line 9
    /// on, their cutoffs rising by 0.25.
    fn with_bands(count: usize) -> String {
        let mut text = "name = \"t\"\n[[measures]]\nname = \"m\"\ncolumn = \"c\"\nweight = 1\n\
            [measures.scoring]\nmethod = \"percentile\"\ndirection = \"higher_is_better\"\n"
            .to_string();
        for band in 1..count {
            text.push_str(&format!(
                "[[bands]]\nname = \"b{band}\"\nbelow = {}\n",
                band as f64 / 4.0
            ));
        }
        text + "[[bands]]\nname = \"last\"\n"
    }

    #[test]
    fn more_than_255_bands_are_refused_at_the_first_band_over() {
        let err = parse_scorecard(&with_bands(256), Path::new("card.toml")).unwrap_err();
        assert!(
            matches!(
                err,
                ScorecardError::Invalid {
                    problem: Problem::TooManyBands {
                        count: 256,
                        limit: 255
                    },
                    ..
                }
            ),
            "{err:?}"
        );
        // the 256th band's table starts at line 9 + 3 × 255
        assert_eq!(
            err.to_string(),
            "card.toml:774:1: 256 bands, but a scorecard may have at most 255"
        );
    }

    #[test]
    fn the_255th_band_takes_the_last_one_byte_index() {
        let card = parse_scorecard(&with_bands(MAX_BANDS), Path::new("card.toml")).unwrap();
        assert_eq!(card.bands.len(), 255);
        assert_eq!(card.band_of(100.0), 254);
        assert_eq!(card.band_of(0.0), 0);
        assert_eq!(card.band_of(0.25), 1);
    }
}
