//! The terminal summary of `healthscore tune`: per measure its bins (range, accounts, churn,
//! points now → suggested) and one plain-words line, then the out-of-fold verdict.

use super::{population, Table};
use crate::format::{count, format_p, number, percent};
use crate::tune::{report_number, MeasureTune, TuneReport};

/// The terminal summary: per measure a table and one line, then the verdict.
pub fn render(report: &TuneReport, accounts: usize) -> String {
    let churn_rate = report.churned as f64 / report.accounts.max(1) as f64;
    let mut out = format!(
        "Tune of '{}' on {}: {}-fold cross-validation, seed {}\n",
        report.scorecard,
        population(report.accounts, accounts, report.churned, churn_rate),
        report.folds,
        report.seed
    );
    let several = report
        .measures
        .iter()
        .any(|m| m.profile != report.measures[0].profile);
    for measure in &report.measures {
        let profile = if several {
            format!(" (profile '{}')", measure.profile)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "\n{}{profile}: {}\n",
            measure.name,
            measure_line(measure)
        ));
        if !measure.bins.is_empty() {
            out.push_str(&bin_table(measure));
        }
    }
    out.push_str(&format!("\n{}\n", auc_line(report)));
    if let Some(line) = sample_line(report) {
        out.push_str(&format!("{line}\n"));
    }
    out.push_str(&format!("Verdict: {}\n", report.comparison.verdict));
    out
}

/// The three AUCs in one line: current, tuned out of fold, tuned in sample.
pub fn auc_line(report: &TuneReport) -> String {
    let auc = |v: Option<f64>| number(v, 3);
    format!(
        "AUC: current {}, tuned out of fold {}, tuned in sample {} (optimistic: rules and weights chosen on the same \
         accounts)",
        auc(report.auc_current),
        auc(report.auc_tuned_oof),
        auc(report.auc_tuned_in_sample)
    )
}

/// When the weight refits saw a sample of the accounts, a line saying so.
pub fn sample_line(report: &TuneReport) -> Option<String> {
    (report.fit_rows > 0 && report.accounts > report.fit_rows).then(|| {
        format!(
            "Weights refitted on a seeded sample of {} accounts per fit (--fit-rows); rules learnt and AUCs measured \
             on all {}.",
            count(report.fit_rows),
            count(report.accounts)
        )
    })
}

/// One plain-words line: the suggestion and why.
fn measure_line(measure: &MeasureTune) -> String {
    let mut line = if measure.suggested_rule == measure.current_rule {
        format!("keep {} — {}", measure.current_rule, measure.reason)
    } else {
        format!("{} — {}", measure.suggested_rule, measure.reason)
    };
    if measure.suggested_missing != measure.current_missing {
        if let Some(m) = &measure.missing {
            line.push_str(&format!(
                "; accounts without a value churn {} vs {} (p {}): missing = {} instead of {}",
                percent(Some(m.churn_rate)),
                percent(Some(m.churn_rate_with_value)),
                format_p(m.p_value),
                measure.suggested_missing,
                measure.current_missing
            ));
        }
    }
    if measure.stable == Some(false) {
        line.push_str("; the bins' order does not hold in every period");
    }
    line
}

/// Range, accounts, churn, points now → suggested.
fn bin_table(measure: &MeasureTune) -> String {
    let mut rows = Table::new(&["  range", "accounts", "churn", "points now → suggested"]);
    for bin in &measure.bins {
        let range = match (&bin.category, bin.low, bin.high) {
            (Some(category), _, _) => category.clone(),
            (None, Some(low), Some(high)) if low == high => report_number(low),
            (None, Some(low), Some(high)) => {
                format!("{} – {}", report_number(low), report_number(high))
            }
            _ => "—".to_string(),
        };
        rows.push(vec![
            format!("  {range}"),
            count(bin.accounts),
            percent(Some(bin.churn_rate)),
            format!(
                "{} → {}",
                number(bin.current_points, 0),
                number(Some(bin.points), 0)
            ),
        ]);
    }
    rows.terminal()
}
