//! `healthscore validate`: how well does each candidate predict churn, and which is better?

use crate::format::{number, percent};
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use super::progress::Progress;
use super::{refuse_overwrite, DataArgs};
use crate::data::{load_history, History};
use crate::scorecard::{apply, load_scorecard, ColumnNeed, Scorecard};
use crate::validate::{validate, BandRow, Candidate, CandidateReport, ValidateOptions, ValidationReport};

/// Arguments of `healthscore validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Candidate scorecard (TOML); repeat to compare several on the same accounts.
    #[arg(long = "scorecard", value_name = "FILE", required = true)]
    pub scorecards: Vec<PathBuf>,
    /// Also write the full results as JSON (schema in docs/json-schema.md).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Stratified bootstrap resamples for an interval on each AUC difference (0 = none).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub bootstrap: usize,
    /// Seed for the bootstrap.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Warn about segments or profiles with fewer churned or retained accounts than this.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub min_class: usize,
}

/// Loads scorecards (all validated before any data is read) and the history they need.
pub fn load_candidates(data: &DataArgs, paths: &[PathBuf]) -> super::Result<(History, Vec<Candidate>)> {
    let scorecards: Vec<Scorecard> = paths
        .iter()
        .map(|p| load_scorecard(p))
        .collect::<Result<_, _>>()?;
    let mut needs: Vec<ColumnNeed> = scorecards.iter().flat_map(Scorecard::column_needs).collect();
    needs.sort();
    needs.dedup_by(|a, b| a.column == b.column && a.kind == b.kind);
    let reading = Progress::spinner(&format!("reading {}", data.data.display()), false);
    let history = load_history(&data.data, &data.roles(), &needs)?;
    reading.finish();
    // scored in parallel; the first failing scorecard in command-line order is reported
    let mut clock = std::time::Instant::now();
    let scored: Vec<_> = scorecards.par_iter().map(|s| apply(s, &history)).collect();
    let candidates = scorecards
        .into_iter()
        .zip(scored)
        .map(|(scorecard, scored)| {
            Ok(Candidate {
                scorecard,
                scored: scored?,
            })
        })
        .collect::<super::Result<_>>()?;
    crate::timing::lap("score every candidate", &mut clock);
    Ok((history, candidates))
}

/// Runs `healthscore validate`.
pub fn run(args: &ValidateArgs) -> super::Result<()> {
    if let Some(json) = &args.json {
        refuse_overwrite("--json", json, &args.data.data, "data file")?;
        for scorecard in &args.scorecards {
            refuse_overwrite("--json", json, scorecard, "scorecard")?;
        }
    }
    let (history, candidates) = load_candidates(&args.data, &args.scorecards)?;
    let options = ValidateOptions {
        bootstrap: args.bootstrap,
        seed: args.seed,
        min_class_count: args.min_class,
        ..ValidateOptions::default()
    };
    let pairs = candidates.len() * candidates.len().saturating_sub(1) / 2;
    let working = Progress::spinner(
        &match args.bootstrap {
            0 => "validating".to_string(),
            n => format!(
                "validating, with {n} bootstrap resamples for {pairs} comparison{}",
                if pairs == 1 { "" } else { "s" }
            ),
        },
        false,
    );
    let mut clock = std::time::Instant::now();
    let report = validate(&history, &candidates, &options);
    crate::timing::lap("validate", &mut clock);
    working.finish();
    print!("{}", render_summary(&report, std::io::stdout().is_terminal()));
    for warning in report
        .warnings
        .iter()
        .chain(report.scorecards.iter().flat_map(|s| &s.warnings))
    {
        eprintln!("warning: {warning}");
    }
    if let Some(json) = &args.json {
        super::write_json(json, &report)?;
    }

    Ok(())
}

fn interval(ci: Option<[f64; 2]>, as_percent: bool) -> String {
    match ci {
        Some([low, high]) if as_percent => format!("[{:.1}%, {:.1}%]", 100.0 * low, 100.0 * high),
        Some([low, high]) => format!("[{low:.3}, {high:.3}]"),
        None => "—".to_string(),
    }
}

/// Left-aligns the first column and right-aligns the rest, two spaces apart.
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                if c == 0 {
                    format!("{cell:<w$}", w = widths[c])
                } else {
                    format!("{cell:>w$}", w = widths[c])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
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
    let mut header = [
        "band",
        "accounts",
        "churned",
        "churn rate",
        "95% CI",
        "share of churn",
        "lift",
    ]
    .map(String::from)
    .to_vec();
    if with_revenue {
        header.push("revenue churn".into());
    }
    let mut rows = vec![header];
    for band in bands {
        let mut row = vec![
            band.name.clone(),
            band.accounts.to_string(),
            band.churned.to_string(),
            percent(band.churn_rate),
            interval(band.churn_rate_ci, true),
            percent(band.share_of_churned),
            number(band.lift, 2),
        ];
        if with_revenue {
            row.push(percent(band.revenue_churn_rate));
        }
        rows.push(row);
    }
    let rendered = table(&rows);
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
    let mut deciles = vec![vec![
        "decile (1 = lowest scores)".to_string(),
        "scores".into(),
        "mean".into(),
        "accounts".into(),
        "churn rate".into(),
    ]];
    for d in &candidate.deciles {
        deciles.push(vec![
            d.group.to_string(),
            format!("{:.1}–{:.1}", d.min_score, d.max_score),
            format!("{:.1}", d.mean_score),
            d.accounts.to_string(),
            percent(Some(d.churn_rate)),
        ]);
    }
    out.push('\n');
    out.push_str(&table(&deciles));
    let mut measures = vec![[
        "measure",
        "AUC alone",
        "95% CI",
        "corr. with churn",
        "missing",
        "flags",
    ]
    .map(String::from)
    .to_vec()];
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
            interval(m.auc_ci, false),
            number(m.pearson, 3),
            percent(Some(m.missing_rate)),
            flags.join(", "),
        ]);
    }
    out.push('\n');
    out.push_str(&table(&measures));
    let groups: Vec<_> = candidate.segments.iter().chain(&candidate.profiles).collect();
    if !groups.is_empty() {
        let mut rows = vec![["group", "accounts", "churned", "AUC", "95% CI", "churn rate"]
            .map(String::from)
            .to_vec()];
        for g in groups {
            let d = &g.discrimination;
            let name = if g.too_small {
                format!("{} (too small)", g.name)
            } else {
                g.name.clone()
            };
            rows.push(vec![
                name,
                d.accounts.to_string(),
                d.churned.to_string(),
                number(d.auc, 3),
                interval(d.auc_ci, false),
                percent(d.churn_rate),
            ]);
        }
        out.push('\n');
        out.push_str(&table(&rows));
    }
    for check in &candidate.profile_checks {
        out.push_str(&format!("\n{}\n", check.verdict));
    }
    out
}

/// The terminal summary: overview table, comparisons, then one section per candidate.
pub fn render_summary(report: &ValidationReport, color: bool) -> String {
    let mut out = format!(
        "{} accounts, {} churned ({:.1}%)\n\n",
        report.accounts,
        report.churned,
        100.0 * report.churn_rate
    );
    let mut rows = vec![[
        "scorecard",
        "AUC",
        "95% CI",
        "Gini",
        "KS",
        "avg precision",
        "Pearson",
        "Spearman",
    ]
    .map(String::from)
    .to_vec()];
    for c in &report.scorecards {
        let d = &c.discrimination;
        rows.push(vec![
            c.name.clone(),
            number(d.auc, 3),
            interval(d.auc_ci, false),
            number(d.gini, 3),
            number(d.ks, 3),
            number(d.average_precision, 3),
            number(d.pearson, 3),
            number(d.spearman, 3),
        ]);
    }
    out.push_str(&table(&rows));
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
            if let Some([low, high]) = c.bootstrap_ci {
                out.push_str(&format!(
                    "; bootstrap 95% interval of AUC({}) − AUC({}): [{low:.3}, {high:.3}] from {} resamples (seed {})",
                    c.a, c.b, report.bootstrap_resamples, report.seed
                ));
            }
            out.push('\n');
        }
    }
    for candidate in &report.scorecards {
        out.push_str(&candidate_section(candidate, color));
    }
    out
}
