//! The terminal summary of `healthscore backtest`: the periods, then per candidate its AUC
//! over time, bands, stability, band migration, lead time and walk-forward.

use super::Table;
use crate::backtest::lead_time::LeadTimeScorecard;
use crate::backtest::migration::MigrationMatrix;
use crate::backtest::stability::Psi;
use crate::backtest::{BacktestReport, WalkForwardReport};
use crate::format::{count, interval, number, percent, Bounds};

/// The terminal summary: the periods, then one section per candidate.
pub fn render(report: &BacktestReport) -> String {
    let mut rows = Table::new(&["period", "dates", "accounts", "churned", "churn rate", "note"]);
    for p in &report.periods {
        rows.push(vec![
            p.label.clone(),
            p.snapshot_dates.to_string(),
            count(p.accounts),
            count(p.churned),
            percent(p.churn_rate),
            p.skipped
                .as_ref()
                .map_or(String::new(), |_| "skipped (too few of a class)".into()),
        ]);
    }
    let mut out = format!(
        "{} periods by {}\n\n",
        report.periods.len(),
        report.period.as_str()
    );
    out.push_str(&rows.terminal());
    out.push_str(&expansion_comparisons(report));
    for (c, name) in report.scorecards.iter().enumerate() {
        out.push_str(&format!("\n== {name}\n"));
        out.push_str(&discrimination_section(report, c));
        out.push_str(&bands_section(report, c));
        out.push_str(&stability_section(report, c));
        out.push_str(&migration_section(
            &report.migration[c].bands,
            &report.migration[c].pooled,
        ));
        if let Some(lead) = &report.lead_time {
            out.push_str(&lead_section(&lead.scorecards[c]));
        }
        if let Some(walks) = &report.walk_forward {
            out.push_str(&walk_section(&walks[c]));
        }
        out.push_str(&super::trend::periods_terminal(report, c));
    }
    out
}

/// With `--expansion` and two or more candidates: each period's comparisons on expansion,
/// one verdict a line.
fn expansion_comparisons(report: &BacktestReport) -> String {
    let lines: Vec<String> = report
        .periods
        .iter()
        .flat_map(|p| {
            let comparisons = p.comparisons.as_deref().unwrap_or_default();
            comparisons
                .iter()
                .map(move |c| format!("{}: {}\n", p.label, c.expansion.verdict))
        })
        .collect();
    match report
        .periods
        .iter()
        .find_map(|p| p.comparisons.as_ref()?.first())
    {
        Some(first) => format!(
            "\nCandidates compared on expansion ('{}'), per period (DeLong):\n{}",
            first.expansion.column,
            lines.concat()
        ),
        None => String::new(),
    }
}

fn discrimination_section(report: &BacktestReport, c: usize) -> String {
    let expansion = report
        .periods
        .iter()
        .find_map(|p| p.scorecards[c].expansion.as_ref());
    let mut header = vec!["period", "AUC", "95% CI", "change", "p", "mean score"];
    let expansion_header = expansion.map(|e| format!("expansion AUC ('{}')", e.column));
    if let Some(h) = &expansion_header {
        header.extend([h.as_str(), "95% CI"]);
    }
    let mut rows = Table::new(&header);
    for p in &report.periods {
        let s = &p.scorecards[c];
        let change = s.change.as_ref();
        let flag = if change.is_some_and(|ch| ch.significant_drop) {
            " drop"
        } else {
            ""
        };
        let mut row = vec![
            p.label.clone(),
            number(s.auc, 3),
            interval(s.auc_ci, Bounds::Brackets, 3),
            change.map_or(String::new(), |ch| format!("{:+.3}{flag}", ch.diff)),
            change.map_or(String::new(), |ch| format!("{:.3}", ch.p_value)),
            number(s.mean_score, 1),
        ];
        if expansion.is_some() {
            let e = s.expansion.as_ref();
            row.push(number(e.and_then(|e| e.auc), 3));
            row.push(interval(e.and_then(|e| e.auc_ci), Bounds::Brackets, 3));
        }
        rows.push(row);
    }
    let trend = &report.trend[c];
    let mut out = format!("\n{}", rows.terminal());
    if let (Some(first), Some(last), Some(change)) = (trend.first_auc, trend.last_auc, trend.change) {
        out.push_str(&format!(
            "AUC trend: {first:.3} → {last:.3} ({change:+.3}; slope {} per period); {}\n",
            number(trend.slope_per_period, 4),
            if trend.significant_drops.is_empty() {
                "no significant drop between consecutive periods".to_string()
            } else {
                format!("significant drop in {}", trend.significant_drops.join(", "))
            }
        ));
    }
    out
}

fn bands_section(report: &BacktestReport, c: usize) -> String {
    let Some(first) = report.periods.first() else {
        return String::new();
    };
    let mut head = vec!["bands: accounts, churn".to_string()];
    head.extend(first.scorecards[c].bands.iter().map(|b| b.name.clone()));
    let mut rows = Table::new(&head);
    for p in &report.periods {
        let mut row = vec![p.label.clone()];
        row.extend(
            p.scorecards[c]
                .bands
                .iter()
                .map(|b| format!("{} {}", count(b.accounts), percent(b.churn_rate))),
        );
        rows.push(row);
    }
    format!("\n{}", rows.terminal())
}

fn stability_section(report: &BacktestReport, c: usize) -> String {
    let psi = &report.psi[c];
    let mut head = vec![format!("PSI vs {}", psi.base_period)];
    head.extend(psi.periods.iter().map(|p| p.period.clone()));
    let mut rows = Table::new(&head);
    let cell = |value: &Psi| match (value.psi, value.status) {
        (Some(v), Some("stable")) | (Some(v), None) => format!("{v:.3}"),
        (Some(v), Some(status)) => format!("{v:.3} {status}"),
        _ => "—".to_string(),
    };
    let mut score_row = vec!["score".to_string()];
    score_row.extend(psi.periods.iter().map(|p| cell(&p.score)));
    rows.push(score_row);
    let measures = psi.periods.first().map_or(0, |p| p.measures.len());
    for m in 0..measures {
        let mut row = vec![psi.periods[0].measures[m].name.clone()];
        row.extend(psi.periods.iter().map(|p| cell(&p.measures[m].psi)));
        rows.push(row);
    }
    format!(
        "\n{}(PSI: < 0.1 stable, ≥ 0.1 watch, ≥ 0.25 shifted)\n",
        rows.terminal()
    )
}

fn migration_section(bands: &[String], pooled: &MigrationMatrix) -> String {
    let mut head = vec!["moved from \\ to".to_string()];
    head.extend(bands.iter().cloned());
    let mut rows = Table::new(&head);
    for (from, chunk) in bands.iter().zip(pooled.moves.chunks(bands.len().max(1))) {
        let mut row = vec![from.clone()];
        row.extend(
            chunk
                .iter()
                .map(|m| format!("{} {}", count(m.accounts), percent(m.churn_rate))),
        );
        rows.push(row);
    }
    format!(
        "\nBand migration between consecutive periods ({} accounts in both; accounts and churn after the later \
         snapshot):\n{}down a band: {} churned; same band: {}; up a band: {}\n",
        pooled.accounts,
        rows.terminal(),
        percent(pooled.down.churn_rate),
        percent(pooled.same.churn_rate),
        percent(pooled.up.churn_rate)
    )
}

fn lead_section(lead: &LeadTimeScorecard) -> String {
    let mut rows = Table::new(&["lead before churn", "snapshots", "AUC", "95% CI"]);
    for b in &lead.buckets {
        rows.push(vec![
            b.bucket.to_string(),
            count(b.positives),
            number(b.auc, 3),
            interval(b.auc_ci, Bounds::Brackets, 3),
        ]);
    }
    format!(
        "\nLead time (snapshots taken before a churn against snapshots of never-churning accounts):\n{}",
        rows.terminal()
    )
}

fn walk_section(walk: &WalkForwardReport) -> String {
    let mut rows = Table::new(&[
        "test period",
        "fitted on",
        "accounts",
        "AUC fitted",
        "AUC current",
        "diff",
        "p",
    ]);
    for s in &walk.splits {
        let trained = match (s.train_periods.first(), s.train_periods.last()) {
            (Some(first), Some(last)) if first != last => format!("{first}…{last}"),
            (Some(first), _) => first.clone(),
            _ => String::new(),
        };
        rows.push(vec![
            s.test_period.clone(),
            trained,
            count(s.test_accounts),
            number(s.auc_fitted, 3),
            number(s.auc_current, 3),
            s.auc_diff.map_or("—".into(), |d| format!("{d:+.3}")),
            number(s.p_value, 3),
        ]);
    }
    let mut out = format!(
        "\nWalk-forward: weights fitted on earlier periods, tested on the next:\n{}",
        rows.terminal()
    );
    if let Some(pooled) = &walk.pooled {
        out.push_str(&format!(
            "Over {} test periods: {}\n",
            pooled.splits, pooled.verdict
        ));
    }
    for s in walk.splits.iter().filter(|s| s.auc_diff.is_none()) {
        out.push_str(&format!("{}: {}\n", s.test_period, s.verdict));
    }
    out
}
