//! Numbers as people read them in tables: fixed decimals, percentages, counts with thousands
//! separators, p-values, intervals, "—" where undefined. Every command and the report format
//! through these, so a figure reads the same in the terminal, the summary and the page.

/// A number with `decimals` places, or "—" where undefined.
pub fn number(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.decimals$}"))
}

/// A share as a percentage with one decimal, or "—".
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{:.1}%", 100.0 * v))
}

/// A count with thousands separators: 1234567 as "1,234,567".
pub fn count(value: usize) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// An amount (such as a total ARR) rounded to a whole number, with thousands separators:
/// 14040663.6 as "14,040,664", −1234 as "-1,234".
pub fn amount(value: f64) -> String {
    let whole = value.round();
    let digits = count(whole.abs() as usize);
    if whole < 0.0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// An amount short enough for a chart label, currency-neutral: below 10,000 in full with
/// thousands separators ("9,876"), above in thousands, millions, billions or trillions
/// with three significant digits, trailing zeros dropped: 12,345 as "12.3K", 2,100,000 as
/// "2.1M", 14,040,663.6 as "14M", −250,000 as "-250K"; "—" for a value that is not finite.
pub fn compact_amount(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let magnitude = value.abs();
    if magnitude.round() < 10_000.0 {
        return amount(value);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let units = [("K", 1e3), ("M", 1e6), ("B", 1e9), ("T", 1e12)];
    let mut text = String::new();
    for (unit, size) in units {
        let scaled = magnitude / size;
        let decimals = if scaled < 9.995 {
            2
        } else if scaled < 99.95 {
            1
        } else {
            0
        };
        let digits = format!("{scaled:.decimals$}");
        let digits = if digits.contains('.') {
            digits.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            digits
        };
        text = format!("{sign}{digits}{unit}");
        if scaled < 999.5 {
            break;
        }
    }
    text
}

/// A p-value in words: "p = 0.034", or "p < 0.001".
pub fn format_p(p_value: f64) -> String {
    if p_value < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p_value:.3}")
    }
}

/// A p-value for a table column headed "p": "0.034", or "< 0.001".
pub fn p_cell(p_value: f64) -> String {
    if p_value < 0.001 {
        "< 0.001".to_string()
    } else {
        format!("{p_value:.3}")
    }
}

/// How an interval is written: in terminal tables "[0.712, 0.768]", on the page and in the
/// summary "0.712 – 0.768".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bounds {
    /// "[low, high]".
    Brackets,
    /// "low – high".
    Dash,
}

/// An interval with each end written by `end`, or "—" where there is none.
pub fn interval_with(ci: Option<[f64; 2]>, bounds: Bounds, end: impl Fn(f64) -> String) -> String {
    match (ci, bounds) {
        (Some([low, high]), Bounds::Brackets) => format!("[{}, {}]", end(low), end(high)),
        (Some([low, high]), Bounds::Dash) => format!("{} – {}", end(low), end(high)),
        (None, _) => "—".to_string(),
    }
}

/// An interval of plain numbers with `decimals` places, or "—".
pub fn interval(ci: Option<[f64; 2]>, bounds: Bounds, decimals: usize) -> String {
    interval_with(ci, bounds, |v| format!("{v:.decimals$}"))
}

/// An interval of shares as percentages with one decimal, or "—".
pub fn percent_interval(ci: Option<[f64; 2]>, bounds: Bounds) -> String {
    interval_with(ci, bounds, |v| format!("{:.1}%", 100.0 * v))
}

/// `text` with its first letter in upper case, to open a sentence.
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// A measured value, short enough for a chart's axis: at most four significant digits
/// (six decimals), trailing zeros dropped, thousands separated: 0.33800 as "0.338", 12.0
/// as "12", 125000 as "125,000", −2.5 as "−2.5".
pub fn short_number(value: f64) -> String {
    let magnitude = value.abs();
    let decimals = if magnitude >= 1000.0 || magnitude == 0.0 {
        0
    } else {
        (3 - magnitude.log10().floor() as i32).clamp(0, 6) as usize
    };
    let text = format!("{magnitude:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let whole = whole.parse::<usize>().map_or_else(|_| whole.to_string(), count);
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    match fraction {
        Some(fraction) => format!("{sign}{whole}.{fraction}"),
        None => format!("{sign}{whole}"),
    }
}

/// Which bin of an ordered run of bins a range of values is, for [`value_range`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeEnd {
    /// The first bin: everything up to its largest value ("≤ 12").
    First,
    /// A bin between others ("12–30").
    Between,
    /// The last bin: everything from its smallest value ("≥ 30").
    Last,
    /// The only bin ("12–30").
    Only,
}

/// A bin's values in words from the smallest and largest value it holds: "≤ 12" for the
/// first bin, "≥ 30" for the last, "12–30" between, and the one value when both are equal.
pub fn value_range(low: f64, high: f64, end: RangeEnd) -> String {
    let (low, high) = (short_number(low), short_number(high));
    if low == high {
        return low;
    }
    match end {
        RangeEnd::First => format!("≤ {high}"),
        RangeEnd::Last => format!("≥ {low}"),
        RangeEnd::Between | RangeEnd::Only => format!("{low}–{high}"),
    }
}

/// Appends `value` with one decimal, exactly as `format!("{value:.1}")` writes it (the
/// nearest tenth of the double's exact value, a tie to the even tenth), without the
/// formatting machinery: the tenths are read off `value · 10` rounded, which is exact
/// unless that product lies within 10⁻⁶ of a half tenth (its rounding error is below
/// 2⁻⁵² · 10⁹ for the values taken this way, 0 ≤ value < 10⁸); such values, negative,
/// large and non-finite ones are formatted by `format!`. Writes millions of reasons.
pub fn push_one_decimal(text: &mut String, value: f64) {
    let tenths = value * 10.0;
    let fraction = tenths - tenths.floor();
    if value.is_sign_negative() || !(0.0..1e9).contains(&tenths) || (fraction - 0.5).abs() < 1e-6 {
        use std::fmt::Write;
        // writing into a String cannot fail
        let _ = write!(text, "{value:.1}");
        return;
    }
    let tenths = tenths.round() as u64;
    let mut digits = itoa_digits(tenths / 10);
    text.push_str(digits.as_str());
    text.push('.');
    digits = itoa_digits(tenths % 10);
    text.push_str(digits.as_str());
}

/// The decimal digits of `n` on the stack.
fn itoa_digits(mut n: u64) -> Digits {
    let mut digits = Digits {
        bytes: [0; 20],
        start: 20,
    };
    loop {
        digits.start -= 1;
        digits.bytes[digits.start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return digits;
        }
    }
}

/// Up to 20 decimal digits, written from the end.
struct Digits {
    bytes: [u8; 20],
    start: usize,
}

impl Digits {
    fn as_str(&self) -> &str {
        // only ASCII digits were written
        std::str::from_utf8(&self.bytes[self.start..]).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn one_decimal(value: f64) -> String {
        let mut text = String::from("x");
        push_one_decimal(&mut text, value);
        text[1..].to_string()
    }

    #[test]
    fn one_decimal_matches_the_formatter_on_ties_and_edges() {
        for value in [
            0.0,
            0.04,
            0.05,
            0.15,
            0.25,
            0.35,
            0.45,
            0.95,
            0.96,
            1.0,
            2.25,
            12.45,
            45.0,
            50.55,
            99.95,
            99.99,
            100.0,
            1e8 - 0.05,
            1e8,
            1e12,
            -0.0,
            -1.25,
            -12.4,
            f64::MAX,
        ] {
            assert_eq!(one_decimal(value), format!("{value:.1}"), "{value}");
        }
        assert_eq!(one_decimal(f64::NAN), "NaN");
    }

    proptest! {
        #[test]
        fn one_decimal_matches_the_formatter(value in 0.0f64..200.0, tenths in 0u32..2000) {
            prop_assert_eq!(one_decimal(value), format!("{value:.1}"));
            let half = f64::from(tenths) / 10.0 + 0.05;
            prop_assert_eq!(one_decimal(half), format!("{half:.1}"));
        }
    }

    #[test]
    fn undefined_values_show_a_dash() {
        assert_eq!(number(None, 3), "—");
        assert_eq!(percent(None), "—");
        assert_eq!(number(Some(0.76549), 3), "0.765");
        assert_eq!(percent(Some(0.0781)), "7.8%");
        assert_eq!(interval(None, Bounds::Dash, 3), "—");
    }

    #[test]
    fn counts_carry_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(20_000), "20,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(amount(14_040_663.6), "14,040,664");
        assert_eq!(amount(-1_234.0), "-1,234");
        assert_eq!(amount(-0.2), "0");
    }

    #[test]
    fn intervals_in_both_styles() {
        let ci = Some([0.71234, 0.76789]);
        assert_eq!(interval(ci, Bounds::Brackets, 3), "[0.712, 0.768]");
        assert_eq!(interval(ci, Bounds::Dash, 3), "0.712 – 0.768");
        assert_eq!(
            percent_interval(Some([0.05, 0.125]), Bounds::Brackets),
            "[5.0%, 12.5%]"
        );
        assert_eq!(
            percent_interval(Some([0.05, 0.125]), Bounds::Dash),
            "5.0% – 12.5%"
        );
    }

    #[test]
    fn p_values_in_words_and_in_cells() {
        assert_eq!(format_p(0.0341), "p = 0.034");
        assert_eq!(format_p(0.0001), "p < 0.001");
        assert_eq!(p_cell(0.0341), "0.034");
        assert_eq!(p_cell(0.0001), "< 0.001");
    }

    #[test]
    fn sentences_open_with_a_capital() {
        assert_eq!(capitalized("'a' is better"), "'a' is better");
        assert_eq!(capitalized("no winner"), "No winner");
        assert_eq!(capitalized(""), "");
    }

    #[test]
    fn short_numbers_keep_four_significant_digits() {
        assert_eq!(short_number(0.338), "0.338");
        assert_eq!(short_number(0.33812345), "0.3381");
        assert_eq!(short_number(12.0), "12");
        assert_eq!(short_number(12.5), "12.5");
        assert_eq!(short_number(0.0), "0");
        assert_eq!(short_number(125_000.4), "125,000");
        assert_eq!(short_number(-2.5), "−2.5");
        assert_eq!(short_number(-0.0), "0");
        assert_eq!(short_number(0.0000001), "0");
    }

    #[test]
    fn compact_amounts_keep_three_significant_digits() {
        assert_eq!(compact_amount(0.0), "0");
        assert_eq!(compact_amount(950.4), "950");
        assert_eq!(compact_amount(9_876.0), "9,876");
        assert_eq!(compact_amount(9_999.6), "10K");
        assert_eq!(compact_amount(12_345.0), "12.3K");
        assert_eq!(compact_amount(123_456.0), "123K");
        assert_eq!(compact_amount(999_499.0), "999K");
        assert_eq!(compact_amount(999_500.0), "1M");
        assert_eq!(compact_amount(2_100_000.0), "2.1M");
        assert_eq!(compact_amount(14_040_663.6), "14M");
        assert_eq!(compact_amount(1_620_200.0), "1.62M");
        assert_eq!(compact_amount(3_450_000_000.0), "3.45B");
        assert_eq!(compact_amount(-250_000.0), "-250K");
        assert_eq!(compact_amount(f64::NAN), "—");
        assert_eq!(compact_amount(f64::INFINITY), "—");
    }

    #[test]
    fn ranges_are_open_at_the_ends() {
        assert_eq!(value_range(0.0, 12.0, RangeEnd::First), "≤ 12");
        assert_eq!(value_range(12.5, 30.0, RangeEnd::Between), "12.5–30");
        assert_eq!(value_range(30.0, 70.0, RangeEnd::Last), "≥ 30");
        assert_eq!(value_range(1.0, 5.0, RangeEnd::Only), "1–5");
        assert_eq!(value_range(9.0, 9.0, RangeEnd::Last), "9");
    }
}
