//! `healthscore backtest`: every candidate over time — per-period AUC and bands, stability,
//! band migration, early-warning lead time and out-of-time validation of fitted weights.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::progress::{note, Progress};
use super::validate::table;
use super::{refuse_overwrite, DataArgs};
use crate::backtest::lead_time::LeadTimeScorecard;
use crate::backtest::migration::MigrationMatrix;
use crate::backtest::{backtest_file, BacktestOptions, BacktestReport, PeriodKind, Stage, WalkForwardReport};
use crate::fit::FitOptions;
use crate::format::{number, percent};
use crate::scorecard::{load_scorecard, Scorecard};

/// Arguments of `healthscore backtest`.
#[derive(Debug, Args)]
pub struct BacktestArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Candidate scorecard (TOML); repeat to backtest several on the same history.
    #[arg(long = "scorecard", value_name = "FILE", required = true)]
    pub scorecards: Vec<PathBuf>,
    /// How snapshot dates are grouped into periods (calendar months, quarters or years).
    #[arg(long, value_enum, default_value_t = PeriodArg::Quarter)]
    pub period: PeriodArg,
    /// Churn date column (ISO dates), for AUC by lead time before churn; an account's date
    /// may sit on any of its rows.
    #[arg(long, value_name = "COLUMN")]
    pub outcome_date: Option<String>,
    /// Period the stability index compares with, e.g. 2025-Q1 [default: the first period]
    #[arg(long, value_name = "PERIOD")]
    pub base: Option<String>,
    /// Also write the full results as JSON (schema in docs/json-schema.md).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Periods (and lead-time buckets) need at least N churned and N retained accounts for an AUC.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub min_class: usize,
    /// Most snapshots each period contributes to the walk-forward fits (a seeded sample).
    #[arg(long, default_value_t = 50_000, value_name = "N")]
    pub fit_rows: usize,
    /// Cross-validation folds of each walk-forward fit.
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub folds: usize,
    /// Seed of the walk-forward fits and their samples.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Skip the walk-forward of fitted weights.
    #[arg(long)]
    pub no_walk_forward: bool,
}

/// `--period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Month,
    Quarter,
    Year,
}

impl From<PeriodArg> for PeriodKind {
    fn from(arg: PeriodArg) -> Self {
        match arg {
            PeriodArg::Month => PeriodKind::Month,
            PeriodArg::Quarter => PeriodKind::Quarter,
            PeriodArg::Year => PeriodKind::Year,
        }
    }
}

impl BacktestArgs {
    fn options(&self) -> BacktestOptions {
        BacktestOptions {
            period: self.period.into(),
            outcome_date: self.outcome_date.clone(),
            base_period: self.base.clone(),
            min_class_count: self.min_class,
            walk_forward: !self.no_walk_forward,
            fit_rows_per_period: self.fit_rows,
            fit: FitOptions {
                folds: self.folds,
                seed: self.seed,
                ..FitOptions::default()
            },
            ..BacktestOptions::default()
        }
    }
}

/// Runs `healthscore backtest`.
pub fn run(args: &BacktestArgs) -> super::Result<()> {
    if let Some(json) = &args.json {
        refuse_overwrite("--json", json, &args.data.data, "data file")?;
        for scorecard in &args.scorecards {
            refuse_overwrite("--json", json, scorecard, "scorecard")?;
        }
    }
    let scorecards: Vec<Scorecard> = args
        .scorecards
        .iter()
        .map(|p| load_scorecard(p))
        .collect::<Result<_, _>>()?;
    let options = args.options();
    let started = std::time::Instant::now();
    let spinner = Progress::spinner("reading ids and dates", false);
    let mut progress = |stage: Stage| match stage {
        Stage::Timeline => {
            spinner.set_label(&format!("reading ids and dates of {}", args.data.data.display()))
        }
        Stage::Splitting { periods } => spinner.set_label(&format!("splitting into {periods} periods")),
        Stage::Period { index, count, label } => {
            spinner.set_label(&format!("period {label} ({}/{count})", index + 1))
        }
        Stage::WholeFile { reason } => note(format!("reading the whole file at once: {reason}")),
    };
    let report = backtest_file(
        &args.data.data,
        &args.data.roles(),
        &scorecards,
        &options,
        &mut progress,
    )?;
    spinner.finish();
    note(format!("backtest took {:.1} s", started.elapsed().as_secs_f64()));
    print!("{}", render(&report));
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(json) = &args.json {
        super::write_json(json, &report)?;
    }
    Ok(())
}

fn header(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The terminal summary: the periods, then one section per candidate.
pub fn render(report: &BacktestReport) -> String {
    let mut rows = vec![header(&[
        "period",
        "dates",
        "accounts",
        "churned",
        "churn rate",
        "note",
    ])];
    for p in &report.periods {
        rows.push(vec![
            p.label.clone(),
            p.snapshot_dates.to_string(),
            p.accounts.to_string(),
            p.churned.to_string(),
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
    out.push_str(&table(&rows));
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
    }
    out
}

fn discrimination_section(report: &BacktestReport, c: usize) -> String {
    let mut rows = vec![header(&["period", "AUC", "95% CI", "change", "p", "mean score"])];
    for p in &report.periods {
        let s = &p.scorecards[c];
        let change = s.change.as_ref();
        let flag = if change.is_some_and(|ch| ch.significant_drop) {
            " drop"
        } else {
            ""
        };
        rows.push(vec![
            p.label.clone(),
            number(s.auc, 3),
            s.auc_ci.map_or("—".into(), |[l, h]| format!("[{l:.3}, {h:.3}]")),
            change.map_or(String::new(), |ch| format!("{:+.3}{flag}", ch.diff)),
            change.map_or(String::new(), |ch| format!("{:.3}", ch.p_value)),
            number(s.mean_score, 1),
        ]);
    }
    let trend = &report.trend[c];
    let mut out = format!("\n{}", table(&rows));
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
    let mut rows = vec![head];
    for p in &report.periods {
        let mut row = vec![p.label.clone()];
        row.extend(
            p.scorecards[c]
                .bands
                .iter()
                .map(|b| format!("{} {}", b.accounts, percent(b.churn_rate))),
        );
        rows.push(row);
    }
    format!("\n{}", table(&rows))
}

fn stability_section(report: &BacktestReport, c: usize) -> String {
    let psi = &report.psi[c];
    let mut head = vec![format!("PSI vs {}", psi.base_period)];
    head.extend(psi.periods.iter().map(|p| p.period.clone()));
    let mut rows = vec![head];
    let cell = |value: &crate::backtest::stability::Psi| match (value.psi, value.status) {
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
        table(&rows)
    )
}

fn migration_section(bands: &[String], pooled: &MigrationMatrix) -> String {
    let mut head = vec!["moved from \\ to".to_string()];
    head.extend(bands.iter().cloned());
    let mut rows = vec![head];
    for (from, chunk) in bands.iter().zip(pooled.moves.chunks(bands.len().max(1))) {
        let mut row = vec![from.clone()];
        row.extend(
            chunk
                .iter()
                .map(|m| format!("{} {}", m.accounts, percent(m.churn_rate))),
        );
        rows.push(row);
    }
    format!(
        "\nBand migration between consecutive periods ({} accounts in both; accounts and churn after the later \
         snapshot):\n{}down a band: {} churned; same band: {}; up a band: {}\n",
        pooled.accounts,
        table(&rows),
        percent(pooled.down.churn_rate),
        percent(pooled.same.churn_rate),
        percent(pooled.up.churn_rate)
    )
}

fn lead_section(lead: &LeadTimeScorecard) -> String {
    let mut rows = vec![header(&["lead before churn", "snapshots", "AUC", "95% CI"])];
    for b in &lead.buckets {
        rows.push(vec![
            b.bucket.to_string(),
            b.positives.to_string(),
            number(b.auc, 3),
            b.auc_ci.map_or("—".into(), |[l, h]| format!("[{l:.3}, {h:.3}]")),
        ]);
    }
    format!(
        "\nLead time (snapshots taken before a churn against snapshots of never-churning accounts):\n{}",
        table(&rows)
    )
}

fn walk_section(walk: &WalkForwardReport) -> String {
    let mut rows = vec![header(&[
        "test period",
        "fitted on",
        "accounts",
        "AUC fitted",
        "AUC current",
        "diff",
        "p",
    ])];
    for s in &walk.splits {
        let trained = match (s.train_periods.first(), s.train_periods.last()) {
            (Some(first), Some(last)) if first != last => format!("{first}…{last}"),
            (Some(first), _) => first.clone(),
            _ => String::new(),
        };
        rows.push(vec![
            s.test_period.clone(),
            trained,
            s.test_accounts.to_string(),
            number(s.auc_fitted, 3),
            number(s.auc_current, 3),
            s.auc_diff.map_or("—".into(), |d| format!("{d:+.3}")),
            number(s.p_value, 3),
        ]);
    }
    let mut out = format!(
        "\nWalk-forward: weights fitted on earlier periods, tested on the next:\n{}",
        table(&rows)
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
