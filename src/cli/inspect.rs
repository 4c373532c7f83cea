//! `healthscore inspect`: what is in a raw export, and which columns say something about
//! churn, before any scorecard exists.

use std::path::{Path, PathBuf};

use clap::Args;

use super::progress::{self, Progress};
use super::{refuse_overwrite, DataArgs, ExpansionArgs};
use crate::data::{load_table, ColumnRoles, Table};
use crate::inspect::{inspect, work_steps, InspectOptions, InspectReport};
use crate::present::inspect::render;

/// Arguments of `healthscore inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub expansion: ExpansionArgs,
    /// Also write the full profile as JSON.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// Runs `healthscore inspect`.
pub fn run(args: &InspectArgs) -> super::Result<()> {
    if let Some(json) = &args.json {
        refuse_overwrite("--json", json, &args.data.data, "data file")?;
    }
    let roles = args.expansion.roles(&args.data);
    let (table, report) = profile_file(&args.data.data, &roles)?;
    print!("{}", render(&report, progress::verbosity() > 0));
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(json) = &args.json {
        super::write_json(json, &report)?;
        progress::note(format_args!(
            "wrote the profile of {} columns to {}",
            table.columns.len(),
            json.display()
        ));
    }
    Ok(())
}

/// Reads every column of `path` and profiles it, with a spinner while reading and a bar
/// while profiling (both on stderr, and only on a terminal).
pub fn profile_file(path: &Path, roles: &ColumnRoles) -> super::Result<(Table, InspectReport)> {
    let started = std::time::Instant::now();
    let reading = Progress::spinner(&format!("reading {}", path.display()), false);
    let table = load_table(path, roles)?;
    reading.finish();
    progress::note(format_args!(
        "read {} rows × {} columns from {} in {:.1} s",
        table.len(),
        table.columns.len(),
        path.display(),
        started.elapsed().as_secs_f64()
    ));
    let started = std::time::Instant::now();
    let steps = work_steps(&table, roles);
    let bar = Progress::new(steps, "profiling", false);
    let report = inspect(&table, roles, &InspectOptions::default(), &bar.ticker());
    bar.finish();
    progress::note(format_args!(
        "profiled {} columns and compared {} pairs of numeric columns in {:.1} s",
        table.columns.len(),
        steps - table.columns.len() as u64,
        started.elapsed().as_secs_f64()
    ));
    Ok((table, report))
}
