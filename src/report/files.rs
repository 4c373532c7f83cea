//! Writing the report folder whole or not at all.

use std::fs;
use std::path::{Path, PathBuf};

use polars::prelude::{Column, DataFrame};

use super::view::ChartView;
use super::{build_view, charts, html, markdown, slug, ReportInputs, Results};
use crate::data::{dates::format_date, write_frame, DataError};
use crate::error::Fault;
use crate::report::charts::ChartError;

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
    let mut drawn = Vec::new();
    for (chart, caption) in charts(inputs) {
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
    let view = build_view(inputs, drawn);
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
    let mut scored = scored_frame(inputs).map_err(|e| ReportError::Io {
        path: folder.join("scored.parquet"),
        source: std::io::Error::other(e.to_string()),
    })?;
    write_frame(&mut scored, &folder.join("scored.parquet"))?;
    written.push("scored.parquet".to_string());
    written.sort();
    Ok(written)
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
    };
    Ok(serde_json::to_string_pretty(&results)? + "\n")
}

/// Every account with each candidate's score, band, profile and points.
fn scored_frame(inputs: &ReportInputs<'_>) -> polars::prelude::PolarsResult<DataFrame> {
    let history = inputs.history;
    let mut columns = vec![Column::new("account_id".into(), history.ids.clone())];
    if let Some(dates) = &history.dates {
        columns.push(Column::new(
            "snapshot_date".into(),
            dates.iter().map(|&d| format_date(d)).collect::<Vec<_>>(),
        ));
    }
    if let Some(segment) = &history.segment {
        let values: Vec<Option<&str>> = (0..history.len()).map(|r| segment.get(r)).collect();
        columns.push(Column::new("segment".into(), values));
    }
    columns.push(Column::new("churned".into(), history.churned.clone()));
    for (i, candidate) in inputs.candidates.iter().enumerate() {
        let prefix = slug(i, &candidate.scorecard.name).replace('-', "_");
        let scorecard = &candidate.scorecard;
        let scored = &candidate.scored;
        columns.push(Column::new(
            format!("score_{prefix}").into(),
            scored.scores.clone(),
        ));
        let bands: Vec<&str> = scored
            .bands
            .iter()
            .map(|&b| scorecard.bands[b].name.as_str())
            .collect();
        columns.push(Column::new(format!("band_{prefix}").into(), bands));
        let profiles: Vec<&str> = scored
            .profiles
            .iter()
            .map(|&p| scorecard.profiles[p].name.as_str())
            .collect();
        columns.push(Column::new(format!("profile_{prefix}").into(), profiles));
        for (name, points) in scored.measure_names.iter().zip(&scored.points) {
            let column = crate::scorecard::points_column_name(name).replacen(
                "points_",
                &format!("points_{prefix}_"),
                1,
            );
            columns.push(Column::new(column.into(), points.iter().collect::<Vec<_>>()));
        }
    }
    DataFrame::new(history.len(), columns)
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
