//! `--parquet-compression` on `score` and `report`: each codec writes a readable file with
//! the same content, the default is Zstandard (the files of before the option), and a bad codec is a one-line usage error.

mod common;

use common::{repo_path, Workdir};
use healthscore::data::{file_columns, read_frame};

const CODECS: [&str; 4] = ["snappy", "zstd", "lz4", "none"];

/// Scores the committed sample with the current scorecard into `out`, with `extra` flags.
fn score(work: &Workdir, out: &str, extra: &[&str]) {
    let data = repo_path("notebooks-data/sample_history.csv");
    let config = repo_path("configs/current.toml");
    let mut args = vec![
        "score".to_string(),
        "--data".to_string(),
        data.display().to_string(),
        "--date".to_string(),
        "snapshot_date".to_string(),
        "--scorecard".to_string(),
        config.display().to_string(),
        "--out".to_string(),
        out.to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    work.run(&args).assert_success();
}

#[test]
fn every_codec_writes_the_same_table() {
    let work = Workdir::new("parquet-codecs");
    let mut frames = Vec::new();
    let mut files = Vec::new();
    for codec in CODECS {
        let out = format!("scored-{codec}.parquet");
        score(&work, &out, &["--parquet-compression", codec]);
        let path = work.path(&out);
        let columns = file_columns(&path).expect("a parquet schema");
        assert!(columns.iter().any(|c| c == "reasons"), "{columns:?}");
        let frame = read_frame(&path, &columns, &[]).expect("readable parquet");
        assert_eq!(frame.height(), 20_000);
        frames.push(frame);
        files.push(work.read_bytes(&out));
    }
    for (codec, frame) in CODECS.iter().zip(&frames).skip(1) {
        assert!(frames[0].equals_missing(frame), "{codec} differs from snappy");
    }
    for (i, a) in files.iter().enumerate() {
        for (j, b) in files.iter().enumerate().skip(i + 1) {
            assert_ne!(a, b, "{} and {} wrote the same bytes", CODECS[i], CODECS[j]);
        }
    }
}

#[test]
fn the_default_codec_is_zstandard() {
    let work = Workdir::new("parquet-default-codec");
    score(&work, "default.parquet", &[]);
    score(&work, "zstd.parquet", &["--parquet-compression", "zstd"]);
    assert_eq!(
        work.read_bytes("default.parquet"),
        work.read_bytes("zstd.parquet")
    );
}

#[test]
fn a_bad_codec_is_a_usage_error_on_score_and_report() {
    let work = Workdir::new("parquet-bad-codec");
    for command in ["score", "report"] {
        let output = work.run([
            command,
            "--data",
            "h.csv",
            "--scorecard",
            "c.toml",
            "--out",
            "o.parquet",
            "--parquet-compression",
            "gzip",
        ]);
        output.assert_bad_input(&["--parquet-compression", "gzip"]);
        assert!(work.listing().is_empty(), "{command} wrote {:?}", work.listing());
    }
}
