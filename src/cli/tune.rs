//! `healthscore tune`: suggest each measure's scoring rule (thresholds, linear min/max,
//! category points, missing points) from history, refit the weights on them, check the
//! tuned scorecard out of fold, and optionally write it.

use std::path::PathBuf;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use clap::Args;

use super::progress::{note, Progress};
use super::validate::table;
use super::{refuse_overwrite, DataArgs};
use crate::data::dates::format_date;
use crate::data::load_history;
use crate::format::{number, percent};
use crate::output::write_bytes_atomic;
use crate::scorecard::load_scorecard;
use crate::tune::write::{tuned_scorecard, WriteHeader};
use crate::tune::{tune, MeasureTune, TuneOptions, TuneReport};

/// Arguments of `healthscore tune`.
#[derive(Debug, Args)]
pub struct TuneArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The scorecard whose rules are tuned (TOML); it is the one compared.
    #[arg(long, value_name = "FILE")]
    pub scorecard: PathBuf,
    /// Cross-validation folds (stratified by churn; an account's snapshots stay together).
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub folds: usize,
    /// Seed for the folds.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Most bins per measure (at least 2).
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub max_bins: usize,
    /// Fewest accounts per bin, as a share of the accounts with a value (between 0 and 0.5).
    #[arg(long, default_value_t = 0.05, value_name = "SHARE")]
    pub min_bin_share: f64,
    /// Write the tuned scorecard: the input file with only rules, missing points and weights changed.
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
    /// Also write the full results as JSON (schema in docs/json-schema.md).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// Runs `healthscore tune`.
pub fn run(args: &TuneArgs) -> anyhow::Result<()> {
    for (flag, out) in [("--write", &args.write), ("--json", &args.json)] {
        if let Some(out) = out {
            refuse_overwrite(flag, out, &args.data.data, "data file")?;
            refuse_overwrite(flag, out, &args.scorecard, "scorecard")?;
        }
    }
    if let (Some(json), Some(write)) = (&args.json, &args.write) {
        refuse_overwrite("--json", json, write, "file named by --write")?;
    }
    let options = TuneOptions {
        folds: args.folds,
        seed: args.seed,
        max_bins: args.max_bins,
        min_bin_share: args.min_bin_share,
        ..TuneOptions::default()
    };
    options.check()?;
    let scorecard = load_scorecard(&args.scorecard)?;
    let started = Instant::now();
    let reading = Progress::spinner(&format!("reading {}", args.data.data.display()), false);
    let history = load_history(&args.data.data, &args.data.roles(), &scorecard.column_needs())?;
    reading.finish();
    note(format!(
        "read {} rows in {:.2} s",
        history.len(),
        started.elapsed().as_secs_f64()
    ));
    let tuning = Instant::now();
    let working = Progress::spinner("tuning", false);
    let report = tune(&history, &scorecard, &options)?;
    working.finish();
    let t = report.times;
    note(format!(
        "tuned in {:.2} s: sorting {:.2} s, binning and rules ({} folds + final) {:.2} s, scoring {:.2} s, weight \
         refits {:.2} s",
        tuning.elapsed().as_secs_f64(),
        t.arrange,
        report.folds,
        t.rules,
        t.scoring,
        t.weights
    ));
    let text = match &args.write {
        Some(_) => {
            let original = std::fs::read_to_string(&args.scorecard)
                .with_context(|| format!("{}: cannot read", args.scorecard.display()))?;
            let header = WriteHeader {
                date: today(),
                data: args.data.data.display().to_string(),
            };
            Some(tuned_scorecard(&original, &scorecard, &report, &header)?)
        }
        None => None,
    };
    print!("{}", render(&report));
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(json) = &args.json {
        super::write_json(json, &report)?;
    }
    if let (Some(out), Some(text)) = (&args.write, text) {
        write_bytes_atomic(out, text.as_bytes())
            .with_context(|| format!("{}: cannot write", out.display()))?;
        println!("\nwrote the tuned scorecard to {}", out.display());
    }
    Ok(())
}

/// Today's date (UTC), or the day of `SOURCE_DATE_EPOCH` when set, for reproducible files.
fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    format_date((seconds / 86_400) as i32)
}

/// The terminal summary: per measure a table and one line, then the verdict.
pub fn render(report: &TuneReport) -> String {
    let mut out = format!(
        "Tune of '{}' on {} accounts ({} churned): {}-fold cross-validation, seed {}\n",
        report.scorecard, report.accounts, report.churned, report.folds, report.seed
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
    let auc = |v: Option<f64>| number(v, 3);
    out.push_str(&format!(
        "\nAUC: current {}, tuned out of fold {}, tuned in sample {} (optimistic: rules and weights chosen on the same \
         accounts)\n",
        auc(report.auc_current),
        auc(report.auc_tuned_oof),
        auc(report.auc_tuned_in_sample)
    ));
    out.push_str(&format!("Verdict: {}\n", report.comparison.verdict));
    out
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
                crate::format::format_p(m.p_value),
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
    let mut rows = vec![vec![
        "  range".to_string(),
        "accounts".to_string(),
        "churn".to_string(),
        "points now → suggested".to_string(),
    ]];
    for bin in &measure.bins {
        let range = match (&bin.category, bin.low, bin.high) {
            (Some(category), _, _) => category.clone(),
            (None, Some(low), Some(high)) if low == high => crate::tune::report_number(low),
            (None, Some(low), Some(high)) => {
                format!(
                    "{} – {}",
                    crate::tune::report_number(low),
                    crate::tune::report_number(high)
                )
            }
            _ => "—".to_string(),
        };
        rows.push(vec![
            format!("  {range}"),
            bin.accounts.to_string(),
            percent(Some(bin.churn_rate)),
            format!(
                "{} → {}",
                number(bin.current_points, 0),
                number(Some(bin.points), 0)
            ),
        ]);
    }
    table(&rows)
}
