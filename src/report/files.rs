//! Writing the report folder whole or not at all.

use std::fs;
use std::path::{Path, PathBuf};

use super::view::ChartView;
use super::{
    build_view, charts, expansion_charts, gains_chart, html, markdown, slug, threshold_charts, ReportInputs,
    Results,
};
use crate::data::{write_table, DataError};
use crate::error::Fault;
use crate::report::charts::{Chart, ChartError};
use crate::scorecard::{scored_table, ScoredColumns};

/// A report that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{}: exists and is not a healthscore report folder (no results.json); choose a new folder", path.display())]
    NotAReportFolder { path: PathBuf },
    #[error("{}: the {what} {} lies inside the report folder, which is replaced on every run; choose another folder", out.display(), input.display())]
    InputInsideOutput {
        out: PathBuf,
        input: PathBuf,
        what: &'static str,
    },
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error(transparent)]
    Data(#[from] DataError),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("serializing results: {0}")]
    Json(#[from] serde_json::Error),
}

impl Fault for ReportError {
    /// The output folder and the inputs are the user's choice; drawing, serializing and
    /// writing failures are the tool's or the machine's.
    fn is_input(&self) -> bool {
        match self {
            ReportError::NotAReportFolder { .. } | ReportError::InputInsideOutput { .. } => true,
            ReportError::Data(error) => error.is_input(),
            ReportError::Chart(error) => error.is_input(),
            ReportError::Io { .. } | ReportError::Json(_) => false,
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ReportError + '_ {
    move |source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Refuses to replace a file or a folder that is not a report (an empty folder is fine),
/// or one holding an input. Cheap: call it before the work, as [`write_report`] does again.
pub fn check_output_folder(out: &Path, data: &Path, scorecards: &[PathBuf]) -> Result<(), ReportError> {
    if out.exists() {
        let is_report = out.join("results.json").is_file();
        let empty = out.is_dir() && fs::read_dir(out).map_err(io(out))?.next().is_none();
        if !out.is_dir() || !(is_report || empty) {
            return Err(ReportError::NotAReportFolder {
                path: out.to_path_buf(),
            });
        }
    }
    let out_canonical = crate::output::canonical_target(out).unwrap_or_else(|| out.to_path_buf());
    let inputs =
        std::iter::once((data, "data file")).chain(scorecards.iter().map(|p| (p.as_path(), "scorecard")));
    for (input, what) in inputs {
        if fs::canonicalize(input).is_ok_and(|canonical| canonical.starts_with(&out_canonical)) {
            return Err(ReportError::InputInsideOutput {
                out: out.to_path_buf(),
                input: input.to_path_buf(),
                what,
            });
        }
    }
    Ok(())
}

/// Writes the report folder at `out`, replacing an earlier report there. Returns the
/// paths written, relative to `out`.
pub fn write_report(out: &Path, inputs: &ReportInputs<'_>) -> Result<Vec<String>, ReportError> {
    let data = inputs
        .inputs
        .iter()
        .find(|f| f.role == "data")
        .map(|f| f.path.clone())
        .unwrap_or_default();
    let scorecards: Vec<PathBuf> = inputs
        .inputs
        .iter()
        .filter(|f| f.role != "data")
        .map(|f| f.path.clone())
        .collect();
    check_output_folder(out, &data, &scorecards)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "report".into());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.partial-"))
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let written = write_contents(staging.path(), inputs)?;
    replace_folder(staging.keep(), out, &parent, &name)?;
    Ok(written)
}

fn write_contents(folder: &Path, inputs: &ReportInputs<'_>) -> Result<Vec<String>, ReportError> {
    let chart_folder = folder.join("charts");
    fs::create_dir_all(&chart_folder).map_err(io(&chart_folder))?;
    let mut written = Vec::new();
    let drawn = draw(charts(inputs), &chart_folder, &mut written)?;
    let thresholds = inputs.tune.map(threshold_charts).unwrap_or_default();
    let thresholds_drawn = draw(thresholds, &chart_folder, &mut written)?;
    let misses_drawn = draw(gains_chart(inputs.validation), &chart_folder, &mut written)?;
    let growth_drawn = draw(
        expansion_charts(inputs.validation, inputs.history),
        &chart_folder,
        &mut written,
    )?;
    let view = build_view(inputs, drawn, thresholds_drawn, misses_drawn, growth_drawn);
    let files = [
        ("index.html", html::render(&view)),
        ("summary.md", markdown::render(&view)),
        ("results.json", results_json(inputs)?),
    ];
    for (file, text) in files {
        let path = folder.join(file);
        fs::write(&path, text).map_err(io(&path))?;
        written.push(file.to_string());
    }
    write_scored(inputs, &folder.join("scored.parquet"))?;
    written.push("scored.parquet".to_string());
    written.sort();
    Ok(written)
}

/// Writes each chart's PNG into `chart_folder` (adding its path to `written`) and returns
/// the charts as SVG for the page.
fn draw(
    charts: Vec<(Chart, String)>,
    chart_folder: &Path,
    written: &mut Vec<String>,
) -> Result<Vec<ChartView>, ReportError> {
    let mut drawn = Vec::new();
    for (chart, caption) in charts {
        let stem = chart.file_stem();
        let png = chart_folder.join(format!("{stem}.png"));
        fs::write(&png, chart.to_png()?).map_err(io(&png))?;
        written.push(format!("charts/{stem}.png"));
        drawn.push(ChartView {
            id: stem,
            caption,
            svg: chart.to_svg()?,
        });
    }
    Ok(drawn)
}

fn results_json(inputs: &ReportInputs<'_>) -> Result<String, ReportError> {
    let results = Results {
        tool: "healthscore",
        version: env!("CARGO_PKG_VERSION"),
        seed: inputs.seed,
        inputs: &inputs.inputs,
        validate: inputs.validation,
        fit: inputs.fit,
        backtest: inputs.backtest,
        tune: inputs.tune,
    };
    Ok(serde_json::to_string_pretty(&results)? + "\n")
}

/// Every account with its outcome and each candidate's score, band, profile and points.
fn write_scored(inputs: &ReportInputs<'_>, path: &Path) -> Result<(), ReportError> {
    let prefixes: Vec<String> = inputs
        .candidates
        .iter()
        .enumerate()
        .map(|(i, candidate)| slug(i, &candidate.scorecard.name).replace('-', "_"))
        .collect();
    let candidates: Vec<ScoredColumns> = inputs
        .candidates
        .iter()
        .zip(&prefixes)
        .map(|(candidate, prefix)| ScoredColumns {
            prefix: Some(prefix),
            scorecard: &candidate.scorecard,
            scored: &candidate.scored,
        })
        .collect();
    let history = inputs.history;
    write_table(
        scored_table(history, true, &candidates),
        history.len(),
        path,
        inputs.compression,
    )?;
    Ok(())
}

/// Moves the finished staging folder into place, replacing any earlier report.
fn replace_folder(staging: PathBuf, out: &Path, parent: &Path, name: &str) -> Result<(), ReportError> {
    if out.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(parent)
            .map_err(io(parent))?;
        let old = old.keep();
        fs::remove_dir(&old).map_err(io(&old))?;
        fs::rename(out, &old).map_err(io(out))?;
        fs::rename(&staging, out).map_err(io(out))?;
        fs::remove_dir_all(&old).map_err(io(&old))?;
    } else {
        fs::rename(&staging, out).map_err(io(out))?;
    }
    Ok(())
}
