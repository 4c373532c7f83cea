//! Shared test helpers: an xsv-style `Workdir` that writes fixtures to a temp dir and runs
//! the real `healthscore` binary, plus small assertions on its output.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

/// A unique temporary directory for one test; removed when dropped.
pub struct Workdir {
    dir: tempfile::TempDir,
}

/// What one run of the binary gave back.
#[derive(Debug)]
pub struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Workdir {
    /// A fresh, empty directory; `name` only makes leftover directories easier to read.
    pub fn new(name: &str) -> Workdir {
        let dir = tempfile::Builder::new()
            .prefix(&format!("healthscore-{name}-"))
            .tempdir()
            .expect("creating a temp dir");
        Workdir { dir }
    }

    /// The directory itself.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The absolute path of a file in the directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `contents` to `name` and returns its path.
    pub fn create(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, contents).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path
    }

    /// Writes a CSV from rows of cells joined by commas (first row the header).
    pub fn create_csv(&self, name: &str, rows: &[&[&str]]) -> PathBuf {
        let text: String = rows.iter().map(|row| row.join(",") + "\n").collect();
        self.create(name, text)
    }

    /// Reads a file in the directory as text.
    pub fn read(&self, name: &str) -> String {
        let path = self.path(name);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }

    /// Reads a file in the directory as bytes.
    pub fn read_bytes(&self, name: &str) -> Vec<u8> {
        let path = self.path(name);
        fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }

    /// Whether a file exists in the directory.
    pub fn exists(&self, name: &str) -> bool {
        self.path(name).exists()
    }

    /// Every file name in the directory, sorted.
    pub fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.root())
            .expect("listing the work dir")
            .map(|entry| {
                entry
                    .expect("a dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// Runs the binary with `args`, from inside the directory.
    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let output = Command::new(env!("CARGO_BIN_EXE_healthscore"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("running the healthscore binary");
        Output {
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs `simulate` into `out` (which must succeed) and returns what it printed.
    pub fn simulate(&self, accounts: usize, periods: usize, seed: u64, out: &str) -> String {
        let (accounts, periods, seed) = (accounts.to_string(), periods.to_string(), seed.to_string());
        let args = [
            "simulate",
            "--accounts",
            &accounts,
            "--periods",
            &periods,
            "--seed",
            &seed,
            "--out",
            out,
        ];
        self.run(args).assert_success().stdout.clone()
    }
}

/// The repository's top folder (for committed fixtures such as the sample history).
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

impl Output {
    /// Panics unless the run succeeded.
    pub fn assert_success(&self) -> &Output {
        assert!(self.status.success(), "expected success, got {self:#?}");
        self
    }

    /// Panics unless the run exited with status 2, stderr is exactly one line and it holds
    /// every fragment.
    pub fn assert_bad_input(&self, fragments: &[&str]) -> &Output {
        assert_eq!(
            self.status.code(),
            Some(2),
            "expected exit status 2, got {self:#?}"
        );
        assert_one_line(&self.stderr);
        for fragment in fragments {
            assert!(
                self.stderr.contains(fragment),
                "stderr lacks {fragment:?}: {:?}",
                self.stderr
            );
        }
        self
    }
}

/// Panics unless `text` is exactly one non-empty line (with its newline).
pub fn assert_one_line(text: &str) {
    let body = text
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("no final newline: {text:?}"));
    assert!(!body.is_empty(), "empty stderr");
    assert!(!body.contains('\n'), "more than one line: {text:?}");
}
