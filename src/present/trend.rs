//! "Does the trend matter?" in the terminal: the trend test of one scorecard (validate) or
//! of one period (backtest).

use super::Table;
use crate::backtest::BacktestReport;
use crate::format::{count, number, p_cell, percent, percent_interval, Bounds};
use crate::validate::{TrendTest, FALLING_POINTS};

/// The trend test as a heading, two small tables and the verdict.
pub fn terminal(test: &TrendTest) -> String {
    let mut out = format!(
        "\nDoes the trend matter? ({} snapshots with a previous one, {} churned)\n",
        count(test.accounts),
        count(test.churned)
    );
    let mut model = Table::new(&[
        "AUC, score alone",
        "AUC, score and change (out of fold)",
        "change coefficient",
        "std. error",
        "p",
    ]);
    model.push(vec![
        number(test.auc_level, 3),
        number(test.auc_level_and_change, 3),
        number(test.change_coefficient, 4),
        number(test.std_error, 4),
        test.p_value.map_or_else(|| "—".to_string(), p_cell),
    ]);
    out.push_str(&model.terminal());
    let mut groups = Table::new(&[
        "score since the previous snapshot",
        "accounts",
        "churned",
        "churn rate",
        "95% CI",
    ]);
    let falling = format!("fell by {FALLING_POINTS:.0}+ points");
    for (name, group) in [
        (falling.as_str(), &test.falling),
        ("steady or rising", &test.steady_or_rising),
    ] {
        groups.push(vec![
            name.to_string(),
            count(group.accounts),
            count(group.churned),
            percent(group.churn_rate),
            percent_interval(group.churn_rate_ci, Bounds::Brackets),
        ]);
    }
    out.push('\n');
    out.push_str(&groups.terminal());
    out.push_str(&format!("\n{}\n", test.verdict));
    out
}

/// The backtest's trend tests of candidate `c`, one row a period, and the verdict across
/// periods.
pub fn periods_terminal(report: &BacktestReport, c: usize) -> String {
    let mut rows = Table::new(&[
        "period",
        "with a previous",
        "AUC, score",
        "AUC, score and change",
        "change coef.",
        "p",
        "churn, fell 10+",
        "churn, others",
    ]);
    for period in &report.periods {
        let Some(test) = period.scorecards.get(c).and_then(|s| s.trend.as_ref()) else {
            continue;
        };
        rows.push(vec![
            period.label.clone(),
            count(test.accounts),
            number(test.auc_level, 3),
            number(test.auc_level_and_change, 3),
            number(test.change_coefficient, 4),
            test.p_value.map_or_else(|| "—".to_string(), p_cell),
            percent(test.falling.churn_rate),
            percent(test.steady_or_rising.churn_rate),
        ]);
    }
    let mut out = "\nDoes the trend matter? (score change since the previous snapshot)\n".to_string();
    out.push_str(&rows.terminal());
    if let Some(summary) = report.score_trend.get(c) {
        out.push_str(&format!("{}\n", summary.verdict));
    }
    out
}
