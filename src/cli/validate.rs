//! `healthscore validate`: how well does each candidate predict churn, and which is better?

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;

use super::progress::Progress;
use super::{refuse_overwrite, DataArgs, ExpansionArgs};
use crate::data::{load_history, ColumnRoles, History};
use crate::present::validate::render;
use crate::scorecard::{apply_reusing, check_change_dates, load_scorecard, ColumnNeed, Scorecard};
use crate::trend::{trend_test, TrendOptions};
use crate::validate::{review_shares, validate, Candidate, ValidateOptions, ValidationReport};

/// Arguments of `healthscore validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub outcomes: ExpansionArgs,
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
    /// Shares of accounts a review team can look at, lowest scores first: what each catches.
    #[arg(
        long,
        value_name = "SHARES",
        value_delimiter = ',',
        default_value = "0.05,0.1,0.2",
        allow_negative_numbers = true
    )]
    pub capacity: Vec<String>,
}

/// Loads scorecards (all validated before any data is read) and the history at `data`
/// they need, with the columns `roles` names.
pub fn load_candidates(
    data: &Path,
    roles: &ColumnRoles,
    paths: &[PathBuf],
) -> super::Result<(History, Vec<Candidate>)> {
    let scorecards: Vec<Scorecard> = paths
        .iter()
        .map(|p| load_scorecard(p))
        .collect::<Result<_, _>>()?;
    let mut needs: Vec<ColumnNeed> = scorecards.iter().flat_map(Scorecard::column_needs).collect();
    needs.sort();
    needs.dedup_by(|a, b| a.column == b.column && a.kind == b.kind);
    let refs: Vec<&Scorecard> = scorecards.iter().collect();
    check_change_dates(&refs, roles.date.is_some())?;
    let reading = Progress::spinner(&format!("reading {}", data.display()), false);
    let mut history = load_history(data, roles, &needs)?;
    reading.finish();
    super::prepare_changes(&mut history, &refs)?;
    // one candidate at a time (each scores its columns in parallel), each taking the
    // points columns it scores like an earlier one from it; the first failing scorecard in
    // command-line order is reported
    let mut clock = std::time::Instant::now();
    let mut candidates: Vec<Candidate> = Vec::with_capacity(scorecards.len());
    for scorecard in scorecards {
        let earlier: Vec<_> = candidates.iter().map(|c| (&c.scorecard, &c.scored)).collect();
        let scored = apply_reusing(&scorecard, &history, &earlier)?;
        candidates.push(Candidate { scorecard, scored });
    }
    crate::timing::lap("score every candidate", &mut clock);
    Ok((history, candidates))
}

/// With snapshot dates, each candidate's trend test (`trend` in the report).
pub fn add_trend_tests(
    report: &mut ValidationReport,
    history: &History,
    candidates: &[Candidate],
    options: &ValidateOptions,
) {
    let Some(previous) = history.previous_snapshots() else {
        return;
    };
    let trend_options = TrendOptions {
        seed: options.seed,
        confidence: options.confidence,
        ..TrendOptions::default()
    };
    for (row, candidate) in report.scorecards.iter_mut().zip(candidates) {
        let scores = &candidate.scored.scores;
        row.trend = Some(trend_test(
            &history.ids,
            previous,
            &history.churned,
            scores,
            &trend_options,
        ));
    }
}

/// Runs `healthscore validate`.
pub fn run(args: &ValidateArgs) -> super::Result<()> {
    let capacity = review_shares(&args.capacity)?;
    if let Some(json) = &args.json {
        refuse_overwrite("--json", json, &args.data.data, "data file")?;
        for scorecard in &args.scorecards {
            refuse_overwrite("--json", json, scorecard, "scorecard")?;
        }
    }
    let roles = args.outcomes.roles(&args.data);
    let (history, candidates) = load_candidates(&args.data.data, &roles, &args.scorecards)?;
    let options = ValidateOptions {
        bootstrap: args.bootstrap,
        seed: args.seed,
        min_class_count: args.min_class,
        capacity,
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
    let mut report = validate(&history, &candidates, &options);
    add_trend_tests(&mut report, &history, &candidates, &options);
    crate::timing::lap("validate", &mut clock);
    working.finish();
    let accounts = history.distinct_accounts();
    print!("{}", render(&report, accounts, std::io::stdout().is_terminal()));
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
