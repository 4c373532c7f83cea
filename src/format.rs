//! Numbers as people read them in tables: fixed decimals, percentages, "—" where undefined.

/// A number with `decimals` places, or "—" where undefined.
pub fn number(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.decimals$}"))
}

/// A share as a percentage with one decimal, or "—".
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{:.1}%", 100.0 * v))
}

/// A p-value in words: "p = 0.034", or "p < 0.001".
pub fn format_p(p_value: f64) -> String {
    if p_value < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p_value:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_values_show_a_dash() {
        assert_eq!(number(None, 3), "—");
        assert_eq!(percent(None), "—");
        assert_eq!(number(Some(0.76549), 3), "0.765");
        assert_eq!(percent(Some(0.0781)), "7.8%");
    }
}
