//! `healthscore fit`: recommend weights from history, check them out of fold, and
//! optionally write them into a copy of the scorecard.

use std::path::PathBuf;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::progress::{note, Progress};
use super::validate::table;
use super::{refuse_overwrite, DataArgs};
use crate::data::dates::format_date;
use crate::data::load_history;
use crate::fit::logistic::SolverSettings;
use crate::fit::{fit, suggested_scorecard, CutoffRule, FitOptions, FitReport, MeasureFit, WriteHeader};
use crate::format::format_p;
use crate::format::{number, percent};
use crate::output::write_bytes_atomic;
use crate::scorecard::load_scorecard;

/// Arguments of `healthscore fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The scorecard whose measures are fitted (TOML); its weights are the ones compared.
    #[arg(long, value_name = "FILE")]
    pub scorecard: PathBuf,
    /// Cross-validation folds (stratified by churn; an account's snapshots stay together).
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub folds: usize,
    /// Seed for the folds and the bootstrap.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Bootstrap resamples for an interval on each suggested weight (0 = none).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub bootstrap: usize,
    /// Also suggest band cutoffs; RULE picks the ones --write writes [default: current-shares]
    #[arg(long, value_name = "RULE", num_args = 0..=1, default_missing_value = "current-shares", value_enum)]
    pub cutoffs: Option<CutoffArg>,
    /// Write the suggested scorecard: the input file with only weights (and cutoffs) changed.
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
    /// Also write the full results as JSON (schema in docs/json-schema.md).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Newton steps before linfa-logistic's L-BFGS takes over (0 = L-BFGS alone; benchmarks).
    #[arg(long, default_value_t = 4, value_name = "N", hide = true)]
    pub newton_steps: usize,
}

/// How `--cutoffs` places the written cutoffs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CutoffArg {
    /// Each band keeps the share of accounts it has under the current scorecard.
    CurrentShares,
    /// Each band holds the same share of accounts.
    EqualShares,
    /// Cutoffs where the calibrated churn probability crosses 2× and ½× the overall rate.
    ChurnTargets,
}

impl From<CutoffArg> for CutoffRule {
    fn from(arg: CutoffArg) -> Self {
        match arg {
            CutoffArg::CurrentShares => CutoffRule::CurrentShares,
            CutoffArg::EqualShares => CutoffRule::EqualShares,
            CutoffArg::ChurnTargets => CutoffRule::ChurnTargets,
        }
    }
}

/// Runs `healthscore fit`.
pub fn run(args: &FitArgs) -> super::Result<()> {
    for (flag, out) in [("--write", &args.write), ("--json", &args.json)] {
        if let Some(out) = out {
            refuse_overwrite(flag, out, &args.data.data, "data file")?;
            refuse_overwrite(flag, out, &args.scorecard, "scorecard")?;
        }
    }
    if let (Some(json), Some(write)) = (&args.json, &args.write) {
        refuse_overwrite("--json", json, write, "file named by --write")?;
    }
    let options = FitOptions {
        folds: args.folds,
        seed: args.seed,
        bootstrap: args.bootstrap,
        cutoffs: args.cutoffs.map(CutoffRule::from),
        solver: SolverSettings {
            newton_steps: args.newton_steps,
            ..SolverSettings::default()
        },
        ..FitOptions::default()
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
    let fitting = Instant::now();
    let working = Progress::spinner("fitting", false);
    let report = fit(&history, &scorecard, &options)?;
    working.finish();
    for t in &report.timings {
        note(format!(
            "profile '{}': {} took {:.2} s",
            t.profile, t.phase, t.seconds
        ));
    }
    note(format!("fitted in {:.2} s", fitting.elapsed().as_secs_f64()));
    print!("{}", render(&report));
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(json) = &args.json {
        super::write_json(json, &report)?;
    }
    if let Some(out) = &args.write {
        let original = std::fs::read_to_string(&args.scorecard)
            .with_context(|| format!("{}: cannot read", args.scorecard.display()))?;
        let header = WriteHeader {
            date: today(),
            data: args.data.data.display().to_string(),
        };
        let text = suggested_scorecard(&original, &scorecard, &report, &header)?;
        write_bytes_atomic(out, text.as_bytes())
            .with_context(|| format!("{}: cannot write", out.display()))?;
        println!("\nwrote the suggested scorecard to {}", out.display());
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

/// The terminal summary.
pub fn render(report: &FitReport) -> String {
    let mut out = format!(
        "Fit of '{}' on {} accounts ({} churned, {:.1}%): {}-fold cross-validation, seed {}\n",
        report.scorecard,
        report.accounts,
        report.churned,
        100.0 * report.churn_rate,
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
    let mut rows = vec![[
        "band",
        "below",
        "accounts",
        "churned",
        "churn rate",
        "model probability",
    ]
    .map(String::from)
    .to_vec()];
    for band in &report.bands {
        rows.push(vec![
            band.name.clone(),
            number(band.below, 1),
            band.accounts.to_string(),
            band.churned.to_string(),
            percent(band.churn_rate),
            percent(band.predicted_churn_rate),
        ]);
    }
    out.push_str(&table(&rows));
    if let Some(cutoffs) = &report.cutoffs {
        out.push_str(&format!(
            "\nSuggested cutoffs (--write writes {}):\n",
            cutoffs.written
        ));
        let mut rows = vec![["rule", "cutoffs", "churn rate per band"]
            .map(String::from)
            .to_vec()];
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
        out.push_str(&table(&rows));
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
    let mut rows = vec![header.into_iter().map(String::from).collect::<Vec<_>>()];
    for m in measures {
        let mut row = vec![
            m.name.clone(),
            format!("{:.1}%", m.current_weight),
            format!("{:.0}%", m.suggested_weight),
        ];
        if bootstrapped {
            row.push(
                m.weight_ci
                    .map_or_else(|| "—".into(), |[low, high]| format!("[{low:.0}, {high:.0}]")),
            );
        }
        row.extend([
            number(m.coefficient, 4),
            number(m.std_error, 4),
            m.p_value.map_or_else(
                || "—".into(),
                |p| format_p(p).trim_start_matches("p ").replace("= ", ""),
            ),
            number(m.univariate_auc, 3),
        ]);
        rows.push(row);
    }
    let mut out = table(&rows);
    for m in measures {
        if let Some(reason) = &m.reason {
            out.push_str(&format!("- {} gets 0: {reason}\n", m.name));
        }
    }
    out
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
