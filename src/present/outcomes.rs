//! The expansion outcome and the value per band in words and tables: the sentences and
//! the expansion table shared by the terminal view of `validate` and the report's "Does
//! the score find growth?" section.

use super::Table;
use crate::format::{amount, compact_amount, count, interval, number, percent, percent_interval, Bounds};
use crate::judgement::{auc_signal, Signal};
use crate::validate::{BandRow, CandidateReport, ExpansionReport, ValidationReport};

/// How to read the expansion AUC, in one line.
pub const EXPANSION_AUC_NOTE: &str =
    "AUC here: the chance that an account that expanded scores higher than one that did not (0.5 = no signal).";

/// "39 of 160 accounts expanded ('expanded', 24.4%)", from the first scorecard with
/// expansion figures (every candidate sees the same accounts); `None` without any.
pub fn expansion_population(report: &ValidationReport) -> Option<String> {
    let e = report.scorecards.iter().find_map(|c| c.expansion.as_ref())?;
    Some(format!(
        "{} of {} accounts expanded ('{}', {})",
        count(e.expanded),
        count(e.accounts),
        e.column,
        percent(Some(e.rate))
    ))
}

/// What the rows of a view are: "snapshots" when several snapshots per account are pooled
/// (`rows` > `accounts`), else "accounts".
pub fn row_unit(rows: usize, accounts: usize) -> &'static str {
    if rows > accounts {
        "snapshots"
    } else {
        "accounts"
    }
}

/// A band's size under its name in a band chart: "13,873 accounts" (`unit` as
/// [`row_unit`] says; "1 account").
pub fn band_size(rows: usize, unit: &str) -> String {
    let unit = if rows == 1 {
        unit.trim_end_matches('s')
    } else {
        unit
    };
    format!("{} {unit}", count(rows))
}

/// The lines under a band's name in the churn band chart: its size ([`band_size`]) and,
/// with a value column, its share of all value ("18.3% of value") and the value of its
/// churned accounts, currency-neutral ("2.1M churned").
pub fn band_chart_details(band: &BandRow, unit: &str) -> Vec<String> {
    let mut lines = vec![band_size(band.accounts, unit)];
    if band.value.is_some() {
        if let Some(share) = band.share_of_value {
            lines.push(format!("{} of value", percent(Some(share))));
        }
        if let Some(churned) = band.value_churned {
            lines.push(format!("{} churned", compact_amount(churned)));
        }
    }
    lines
}

/// One plain-words line on whether a candidate's score finds growth, judged by its AUC
/// interval ([`auc_signal`]), naming the band that expands most.
pub fn growth_sentence(name: &str, expansion: &ExpansionReport) -> String {
    let (Some(auc), Some(ci)) = (expansion.auc, expansion.auc_ci) else {
        let why = expansion.note.as_deref().unwrap_or("no AUC");
        return format!(
            "'{name}': cannot tell whether the score finds expansion ('{}'): {why}",
            expansion.column
        );
    };
    let figures = format!("AUC {auc:.3} {}", interval(Some(ci), Bounds::Brackets, 3));
    let most = expansion
        .bands
        .iter()
        .filter(|b| b.rate.is_some())
        .max_by(|a, b| a.rate.unwrap_or(0.0).total_cmp(&b.rate.unwrap_or(0.0)))
        .map(|b| format!("; '{}' expands most ({})", b.name, percent(b.rate)))
        .unwrap_or_default();
    match auc_signal(ci) {
        Signal::AboveChance => format!(
            "'{name}' finds growth: accounts that expanded score higher than those that did not ({figures}){most}"
        ),
        Signal::BelowChance => format!(
            "'{name}' points away from growth: accounts that expanded score lower than those that did not ({figures}){most}"
        ),
        Signal::Unclear => format!(
            "'{name}' does not tell expansion apart: its interval holds 0.5 ({figures}){most}"
        ),
    }
}

/// The expansion table: per candidate its AUC, interval and expansion rate per band.
pub fn expansion_table(report: &ValidationReport) -> Table {
    let mut rows = Table::new(&["scorecard", "AUC", "95% CI", "expansion rate by band"]).with_text_column(3);
    for candidate in &report.scorecards {
        let Some(e) = &candidate.expansion else { continue };
        let by_band: Vec<String> = e
            .bands
            .iter()
            .map(|b| format!("{} {}", b.name, percent(b.rate)))
            .collect();
        rows.push(vec![
            candidate.name.clone(),
            number(e.auc, 3),
            interval(e.auc_ci, Bounds::Brackets, 3),
            by_band.join(", "),
        ]);
    }
    rows
}

/// The expansion part of `validate`'s terminal view: who expanded, the table, how to read
/// it, one line per candidate and the comparisons on expansion; empty without expansion.
pub fn expansion_terminal(report: &ValidationReport) -> String {
    let Some(population) = expansion_population(report) else {
        return String::new();
    };
    let mut out = format!("\nExpansion: {population}\n\n");
    out.push_str(&expansion_table(report).terminal());
    out.push_str(&format!("\n{EXPANSION_AUC_NOTE}\n"));
    for candidate in &report.scorecards {
        if let Some(e) = &candidate.expansion {
            out.push_str(&format!("- {}\n", growth_sentence(&candidate.name, e)));
        }
    }
    let verdicts: Vec<&str> = report
        .comparisons
        .iter()
        .filter_map(|c| c.expansion.as_ref().map(|e| e.verdict.as_str()))
        .collect();
    if !verdicts.is_empty() {
        out.push_str("\nComparisons on expansion (DeLong test on the same accounts):\n");
        for verdict in verdicts {
            out.push_str(&format!("- {verdict}\n"));
        }
    }
    out
}

/// Expansion per band for a band table: "11.1% [6.0%, 19.8%]", per band in order.
pub fn expansion_cells(expansion: &ExpansionReport) -> Vec<String> {
    expansion
        .bands
        .iter()
        .map(|b| {
            format!(
                "{} {}",
                percent(b.rate),
                percent_interval(b.rate_ci, Bounds::Brackets)
            )
        })
        .collect()
}

/// "Value at risk: 1,620,200 in 'red' (54.8% of all value), 74.7% of the value that
/// churned", when the candidate has value figures.
pub fn value_at_risk_line(candidate: &CandidateReport) -> Option<String> {
    let value = candidate.value?;
    let worst = candidate.bands.first()?;
    let capture = value
        .worst_band_value_capture
        .map(|c| format!(", {} of the value that churned", percent(Some(c))))
        .unwrap_or_default();
    Some(format!(
        "Value at risk: {} in '{}' ({} of all value){capture}",
        amount(value.value_at_risk),
        worst.name,
        percent(worst.share_of_value)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::ExpansionBand;

    fn band(value: Option<(f64, f64, Option<f64>)>) -> BandRow {
        BandRow {
            name: "red".into(),
            color: "#d9534f".into(),
            accounts: 13_873,
            churned: 1_204,
            churn_rate: Some(1_204.0 / 13_873.0),
            churn_rate_ci: None,
            share_of_churned: None,
            lift: None,
            revenue_churn_rate: None,
            value: value.map(|v| v.0),
            value_churned: value.map(|v| v.1),
            share_of_value: value.and_then(|v| v.2),
        }
    }

    #[test]
    fn a_band_chart_label_has_its_size_then_its_value() {
        assert_eq!(band_chart_details(&band(None), "accounts"), ["13,873 accounts"]);
        assert_eq!(
            band_chart_details(&band(Some((9_400_000.0, 2_100_000.0, Some(0.183)))), "snapshots"),
            ["13,873 snapshots", "18.3% of value", "2.1M churned"]
        );
        // all value 0: no share to show, and nothing churned
        assert_eq!(
            band_chart_details(&band(Some((0.0, 0.0, None))), "accounts"),
            ["13,873 accounts", "0 churned"]
        );
    }

    #[test]
    fn pooled_snapshots_are_called_snapshots() {
        assert_eq!(row_unit(20_000, 5_000), "snapshots");
        assert_eq!(row_unit(5_000, 5_000), "accounts");
        assert_eq!(band_size(1, "snapshots"), "1 snapshot");
        assert_eq!(band_size(0, "accounts"), "0 accounts");
    }

    fn expansion(auc: Option<f64>, ci: Option<[f64; 2]>) -> ExpansionReport {
        ExpansionReport {
            column: "grew".into(),
            accounts: 10,
            expanded: 3,
            rate: 0.3,
            auc,
            auc_se: None,
            auc_ci: ci,
            note: auc.is_none().then(|| "needs both".into()),
            bands: vec![
                ExpansionBand {
                    name: "red".into(),
                    accounts: 5,
                    expanded: 1,
                    rate: Some(0.2),
                    rate_ci: Some([0.05, 0.6]),
                },
                ExpansionBand {
                    name: "green".into(),
                    accounts: 5,
                    expanded: 2,
                    rate: Some(0.4),
                    rate_ci: Some([0.1, 0.8]),
                },
            ],
        }
    }

    #[test]
    fn the_growth_sentence_follows_the_interval() {
        assert_eq!(
            growth_sentence("A", &expansion(Some(0.7), Some([0.6, 0.8]))),
            "'A' finds growth: accounts that expanded score higher than those that did not \
             (AUC 0.700 [0.600, 0.800]); 'green' expands most (40.0%)"
        );
        assert!(growth_sentence("A", &expansion(Some(0.3), Some([0.2, 0.4]))).starts_with("'A' points away"));
        assert!(growth_sentence("A", &expansion(Some(0.55), Some([0.45, 0.65])))
            .starts_with("'A' does not tell expansion apart"));
        assert_eq!(
            growth_sentence("A", &expansion(None, None)),
            "'A': cannot tell whether the score finds expansion ('grew'): needs both"
        );
    }

    #[test]
    fn expansion_cells_show_the_rate_and_interval() {
        assert_eq!(
            expansion_cells(&expansion(None, None)),
            ["20.0% [5.0%, 60.0%]", "40.0% [10.0%, 80.0%]"]
        );
    }
}
