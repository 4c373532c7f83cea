//! The terminal summary of `healthscore validate`: the candidates side by side, the
//! comparisons, then each candidate's bands, deciles, measures and groups.

use super::outcomes::{expansion_terminal, value_at_risk_line};
use super::{population, Table};
use crate::format::{amount, count, interval, number, percent, percent_interval, Bounds};
use crate::validate::{BandRow, CandidateReport, ValidationReport};

/// An AUC-like interval as "[low, high]" with three decimals, or "—".
fn auc_interval(ci: Option<[f64; 2]>) -> String {
    interval(ci, Bounds::Brackets, 3)
}

fn colored(text: &str, hex: &str, color: bool) -> String {
    let digits = hex.trim_start_matches('#');
    let expanded: String = if digits.len() == 3 {
        digits.chars().flat_map(|c| [c, c]).collect()
    } else {
        digits.to_string()
    };
    let channel = |i: usize| u8::from_str_radix(expanded.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128);
    if color {
        format!(
            "\x1b[38;2;{};{};{}m{text}\x1b[0m",
            channel(0),
            channel(2),
            channel(4)
        )
    } else {
        text.to_string()
    }
}

fn band_table(bands: &[BandRow], color: bool) -> String {
    let with_revenue = bands.iter().any(|b| b.revenue_churn_rate.is_some());
    let mut header = vec![
        "band",
        "accounts",
        "churned",
        "churn rate",
        "95% CI",
        "share of churn",
        "lift",
    ];
    if with_revenue {
        header.push("revenue churn");
    }
    let with_value = bands.iter().any(|b| b.value.is_some());
    if with_value {
        header.extend(["value", "share of value", "value churned"]);
    }
    let mut rows = Table::new(&header);
    for band in bands {
        let mut row = vec![
            band.name.clone(),
            count(band.accounts),
            count(band.churned),
            percent(band.churn_rate),
            percent_interval(band.churn_rate_ci, Bounds::Brackets),
            percent(band.share_of_churned),
            number(band.lift, 2),
        ];
        if with_revenue {
            row.push(percent(band.revenue_churn_rate));
        }
        if with_value {
            row.push(band.value.map_or_else(|| "—".to_string(), amount));
            row.push(percent(band.share_of_value));
            row.push(band.value_churned.map_or_else(|| "—".to_string(), amount));
        }
        rows.push(row);
    }
    let rendered = rows.terminal();
    // Colour the band names after alignment, so escape codes do not disturb the widths.
    let mut lines: Vec<String> = rendered.lines().map(String::from).collect();
    for (line, band) in lines.iter_mut().skip(1).zip(bands) {
        let padded = &line[..band.name.len()];
        *line = format!(
            "{}{}",
            colored(padded, &band.color, color),
            &line[band.name.len()..]
        );
    }
    lines.join("\n") + "\n"
}

fn candidate_section(candidate: &CandidateReport, color: bool) -> String {
    let mut out = format!("\n== {}\n", candidate.name);
    if let Some(description) = &candidate.description {
        out.push_str(&format!("{description}\n"));
    }
    out.push('\n');
    out.push_str(&band_table(&candidate.bands, color));
    if let Some(line) = value_at_risk_line(candidate) {
        out.push_str(&format!("{line}\n"));
    }
    let mut deciles = Table::new(&[
        "decile (1 = lowest scores)",
        "scores",
        "mean",
        "accounts",
        "churn rate",
    ]);
    for d in &candidate.deciles {
        deciles.push(vec![
            d.group.to_string(),
            format!("{:.1}–{:.1}", d.min_score, d.max_score),
            format!("{:.1}", d.mean_score),
            count(d.accounts),
            percent(Some(d.churn_rate)),
        ]);
    }
    out.push('\n');
    out.push_str(&deciles.terminal());
    let mut measures = Table::new(&[
        "measure",
        "AUC alone",
        "95% CI",
        "corr. with churn",
        "missing",
        "flags",
    ]);
    for m in &candidate.measures {
        let mut flags = Vec::new();
        if m.contradicts_direction {
            flags.push("contradicts direction");
        }
        if m.possible_leak {
            flags.push("possible leak");
        }
        measures.push(vec![
            m.name.clone(),
            number(m.auc, 3),
            auc_interval(m.auc_ci),
            number(m.pearson, 3),
            percent(Some(m.missing_rate)),
            flags.join(", "),
        ]);
    }
    out.push('\n');
    out.push_str(&measures.terminal());
    let groups: Vec<_> = candidate.segments.iter().chain(&candidate.profiles).collect();
    if !groups.is_empty() {
        let mut rows = Table::new(&["group", "accounts", "churned", "AUC", "95% CI", "churn rate"]);
        for g in groups {
            let d = &g.discrimination;
            let name = if g.too_small {
                format!("{} (too small)", g.name)
            } else {
                g.name.clone()
            };
            rows.push(vec![
                name,
                count(d.accounts),
                count(d.churned),
                number(d.auc, 3),
                auc_interval(d.auc_ci),
                percent(d.churn_rate),
            ]);
        }
        out.push('\n');
        out.push_str(&rows.terminal());
    }
    for check in &candidate.profile_checks {
        out.push_str(&format!("\n{}\n", check.verdict));
    }
    out.push_str(&super::misses::terminal(&candidate.misses, &candidate.capacity));
    if let Some(trend) = &candidate.trend {
        out.push_str(&super::trend::terminal(trend));
    }
    out
}

/// The terminal summary: overview table, comparisons, then one section per candidate.
/// `accounts` counts distinct accounts among the report's rows; `color` puts the band
/// names in their colours.
pub fn render(report: &ValidationReport, accounts: usize, color: bool) -> String {
    let mut out = format!(
        "{}\n\n",
        population(report.accounts, accounts, report.churned, report.churn_rate)
    );
    let mut rows = Table::new(&[
        "scorecard",
        "AUC",
        "95% CI",
        "Gini",
        "KS",
        "avg precision",
        "Pearson",
        "Spearman",
    ]);
    for c in &report.scorecards {
        let d = &c.discrimination;
        rows.push(vec![
            c.name.clone(),
            number(d.auc, 3),
            auc_interval(d.auc_ci),
            number(d.gini, 3),
            number(d.ks, 3),
            number(d.average_precision, 3),
            number(d.pearson, 3),
            number(d.spearman, 3),
        ]);
    }
    out.push_str(&rows.terminal());
    out.push_str(&format!(
        "\nAUC: the chance that a retained account scores higher than a churned one (0.5 = coin flip, 1 = perfect).\n\
         Average precision: how well the lowest scores find churners (base rate {:.1}%). Correlations with churn are\n\
         negative for a useful health score.\n",
        100.0 * report.churn_rate
    ));
    if !report.comparisons.is_empty() {
        out.push_str("\nComparisons (DeLong test on the same accounts):\n");
        for c in &report.comparisons {
            out.push_str(&format!("- {}", c.verdict));
            if c.bootstrap_ci.is_some() {
                out.push_str(&format!(
                    "; bootstrap 95% interval of AUC({}) − AUC({}): {} from {} resamples (seed {})",
                    c.a,
                    c.b,
                    auc_interval(c.bootstrap_ci),
                    report.bootstrap_resamples,
                    report.seed
                ));
            }
            out.push('\n');
        }
    }
    out.push_str(&expansion_terminal(report));
    for candidate in &report.scorecards {
        out.push_str(&candidate_section(candidate, color));
    }
    out
}
