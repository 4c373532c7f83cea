//! The terminal summary of `healthscore fit`: the regularization chosen, current against
//! suggested weights per profile, the out-of-fold verdict, churn per band and the suggested
//! cutoffs.

use super::{population, Table};
use crate::fit::{FitReport, MeasureFit};
use crate::format::{capitalized, count, interval_with, number, p_cell, percent, Bounds};

/// The terminal summary; `accounts` counts distinct accounts among the rows fitted.
pub fn render(report: &FitReport, accounts: usize) -> String {
    let mut out = format!(
        "Fit of '{}' on {}: {}-fold cross-validation, seed {}\n",
        report.scorecard,
        population(report.accounts, accounts, report.churned, report.churn_rate),
        report.folds,
        report.seed
    );
    for r in &report.regularization {
        let grid: Vec<String> = r
            .grid
            .iter()
            .map(|s| format!("{:.0e}: {:.4}", s.strength, s.log_loss))
            .collect();
        out.push_str(&format!(
            "\nL2 strength{}: {:.0e} per account (alpha {:.3}), chosen by out-of-fold log-loss ({})\n",
            profile_label(report, &r.profile),
            r.strength,
            r.alpha,
            grid.join(", ")
        ));
    }
    for profile in &report.profiles {
        if report.profiles.len() > 1 {
            out.push_str(&format!(
                "\n== profile '{}': {} accounts, {} churned{}\n",
                profile.name,
                profile.accounts,
                profile.churned,
                profile
                    .note
                    .as_ref()
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default()
            ));
        }
        let measures: Vec<&MeasureFit> = report
            .measures
            .iter()
            .filter(|m| m.profile == profile.name)
            .collect();
        out.push('\n');
        out.push_str(&measure_table(&measures, report.bootstrap_resamples > 0));
    }
    out.push_str(&format!(
        "\nCoefficient: change in the log-odds of churn per point (negative = more points, less churn).\n\
         Measures not significant at p < {} or pointing the wrong way get 0 and the model is refitted without them.\n",
        report.significance
    ));
    out.push_str(&format!("\n{}.\n", capitalized(&report.comparison.verdict)));
    out.push_str(&format!(
        "(Each fold scored with weights fitted on the other folds; in-sample AUC of the suggested weights: {}.)\n",
        number(report.auc_suggested_in_sample, 3)
    ));
    out.push_str(
        "\nChurn per band with the suggested weights (out of fold) and the model's churn probability:\n",
    );
    let mut rows = Table::new(&[
        "band",
        "below",
        "accounts",
        "churned",
        "churn rate",
        "model probability",
    ]);
    for band in &report.bands {
        rows.push(vec![
            band.name.clone(),
            number(band.below, 1),
            count(band.accounts),
            count(band.churned),
            percent(band.churn_rate),
            percent(band.predicted_churn_rate),
        ]);
    }
    out.push_str(&rows.terminal());
    if let Some(cutoffs) = &report.cutoffs {
        out.push_str(&format!(
            "\nSuggested cutoffs (--write writes {}):\n",
            cutoffs.written
        ));
        let mut rows = Table::new(&["rule", "cutoffs", "churn rate per band"]).with_text_column(2);
        for s in &cutoffs.suggestions {
            let cuts: Vec<String> = s.cutoffs.iter().map(|c| format!("{c:.1}")).collect();
            let rates: Vec<String> = s
                .bands
                .iter()
                .map(|b| format!("{} {} ({:.0}%)", b.name, percent(b.churn_rate), 100.0 * b.share))
                .collect();
            rows.push(vec![s.rule.to_string(), cuts.join(", "), rates.join(", ")]);
        }
        for u in &cutoffs.unavailable {
            rows.push(vec![u.rule.to_string(), "—".into(), u.reason.clone()]);
        }
        out.push_str(&rows.terminal());
    }
    out
}

fn profile_label(report: &FitReport, profile: &str) -> String {
    if report.profiles.len() > 1 {
        format!(" for profile '{profile}'")
    } else {
        String::new()
    }
}

fn measure_table(measures: &[&MeasureFit], bootstrapped: bool) -> String {
    let mut header = vec!["measure", "current", "suggested"];
    if bootstrapped {
        header.push("95% interval");
    }
    header.extend(["coef/point", "std err", "p", "AUC alone"]);
    let mut rows = Table::new(&header);
    for m in measures {
        let mut row = vec![
            m.name.clone(),
            format!("{:.1}%", m.current_weight),
            format!("{:.0}%", m.suggested_weight),
        ];
        if bootstrapped {
            row.push(interval_with(m.weight_ci, Bounds::Brackets, |v| {
                format!("{v:.0}")
            }));
        }
        row.extend([
            number(m.coefficient, 4),
            number(m.std_error, 4),
            m.p_value.map_or_else(|| "—".into(), p_cell),
            number(m.univariate_auc, 3),
        ]);
        rows.push(row);
    }
    let mut out = rows.terminal();
    for m in measures {
        if let Some(reason) = &m.reason {
            out.push_str(&format!("- {} gets 0: {reason}\n", m.name));
        }
    }
    out
}
