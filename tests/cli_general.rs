//! The CLI as a whole: version with the git commit, help with an example for every
//! subcommand, shell completions, global -v/--quiet, progress bars that stay off stderr
//! unless it is a terminal, and the scorecard limits every command obeys.

mod common;

use std::process::Command;

use clap::CommandFactory;
use common::{repo_path, Workdir};
use healthscore::cli::Cli;

fn sample() -> String {
    repo_path("notebooks-data/sample_history.csv")
        .to_str()
        .unwrap()
        .to_string()
}

/// What the version names as the commit: `git rev-parse --short HEAD`, or "unknown".
fn expected_commit() -> String {
    Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

#[test]
fn version_names_the_release_and_the_commit() {
    let out = Workdir::new("version").run(["--version"]);
    out.assert_success();
    assert_eq!(
        out.stdout,
        format!(
            "healthscore {} (commit {})\n",
            env!("CARGO_PKG_VERSION"),
            expected_commit()
        )
    );
}

#[test]
fn every_subcommand_has_a_purpose_and_a_worked_example() {
    let work = Workdir::new("help");
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    for expected in ["score", "simulate", "validate", "inspect", "init", "completions"] {
        assert!(names.contains(&expected.to_string()), "no subcommand {expected}");
    }
    for name in &names {
        let out = work.run([name.as_str(), "--help"]);
        out.assert_success();
        let purpose = out.stdout.lines().next().unwrap_or_default();
        assert!(
            purpose.len() > 20,
            "{name}: the first help line should say what it is for: {purpose:?}"
        );
        assert!(
            out.stdout.contains(&format!("Example:\n  healthscore {name}")),
            "{name} --help lacks a worked example:\n{}",
            out.stdout
        );
        for global in ["--verbose", "--quiet"] {
            assert!(out.stdout.contains(global), "{name} --help lacks {global}");
        }
    }
    let top = work.run(["--help"]);
    assert!(top.stdout.contains("Start here:\n  healthscore inspect"));
    assert!(top.stdout.contains("Exit status: 0 success"));
}

#[test]
fn completions_cover_every_subcommand_for_common_shells() {
    let work = Workdir::new("completions");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = work.run(["completions", shell]);
        out.assert_success();
        for word in ["inspect", "init", "validate", "max-measures"] {
            assert!(out.stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    work.run(["completions", "tcsh"])
        .assert_bad_input(&["invalid value 'tcsh'"]);
}

#[test]
fn progress_is_silent_when_stderr_is_not_a_terminal() {
    // `Workdir::run` pipes stderr, as a log file or CI would.
    let work = Workdir::new("progress-pipe");
    let runs: [Vec<String>; 3] = [
        vec!["inspect".into(), "--data".into(), sample()],
        vec![
            "init".into(),
            "--data".into(),
            sample(),
            "--out".into(),
            "d.toml".into(),
        ],
        vec![
            "validate".into(),
            "--data".into(),
            sample(),
            "--date".into(),
            "snapshot_date".into(),
            "--scorecard".into(),
            repo_path("configs/current.toml").to_str().unwrap().into(),
            "--scorecard".into(),
            repo_path("configs/usage-heavy.toml").to_str().unwrap().into(),
            "--bootstrap".into(),
            "50".into(),
        ],
    ];
    for args in runs {
        let out = work.run(&args);
        out.assert_success();
        for marker in [
            "\r",
            "\x1b[",
            "reading",
            "profiling",
            "validating",
            "bootstrap resamples",
        ] {
            assert!(
                !out.stderr.contains(marker),
                "{}: progress output {marker:?} on a piped stderr: {:?}",
                args[0],
                out.stderr
            );
        }
        // whatever remains on stderr is warnings
        assert!(
            out.stderr.lines().all(|l| l.starts_with("warning: ")),
            "{}: {:?}",
            args[0],
            out.stderr
        );
    }
}

/// Runs the binary under a pseudo-terminal (`script`), so stderr is a terminal; `None` when
/// `script` is not installed.
fn under_terminal(work: &Workdir, args: &str) -> Option<String> {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_healthscore"));
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(work.root())
        .env("TERM", "xterm")
        .output()
        .ok()?;
    assert!(output.status.success(), "{output:?}");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn progress_draws_on_a_terminal_unless_quiet() {
    let work = Workdir::new("progress-tty");
    let Some(shown) = under_terminal(&work, &format!("inspect --data {}", sample())) else {
        eprintln!("skipped: `script` is not installed");
        return;
    };
    assert!(
        shown.contains("profiling"),
        "no progress bar on a terminal: {shown:?}"
    );
    let quiet = under_terminal(&work, &format!("inspect --quiet --data {}", sample())).unwrap();
    assert!(!quiet.contains("profiling"), "--quiet still drew: {quiet:?}");
    assert!(quiet.contains("Columns, strongest signal against churn first:"));
}

#[test]
fn verbose_adds_notes_on_stderr_and_quiet_removes_them() {
    let work = Workdir::new("verbose");
    let loud = work.run(["inspect", "-v", "--data", &sample()]);
    loud.assert_success();
    assert!(
        loud.stderr
            .starts_with("note: read 20000 rows × 23 columns from "),
        "{:?}",
        loud.stderr
    );
    let init = work.run(["init", "--data", &sample(), "--out", "d.toml", "--verbose"]);
    assert!(init.stderr.contains("note: left out churn_date: possible leak"));
    assert!(loud.stdout.contains("95% CI"), "-v adds the AUC intervals");
    let quiet = work.run(["inspect", "-v", "--quiet", "--data", &sample()]);
    assert!(quiet.stderr.is_empty(), "{:?}", quiet.stderr);
    let plain = work.run(["inspect", "--data", &sample()]);
    assert_eq!(quiet.stdout, plain.stdout, "--quiet changes stderr only");
}

#[test]
fn exit_status_is_two_for_bad_input_and_zero_for_success() {
    let work = Workdir::new("exit");
    work.run(["no-such-command"])
        .assert_bad_input(&["unrecognized subcommand"]);
    work.run(["inspect"]).assert_bad_input(&["--data <FILE>"]);
    work.run(["inspect", "--data", "nope.csv"])
        .assert_bad_input(&["nope.csv: no such file"]);
    work.run(["completions", "bash"]).assert_success();
}

#[test]
fn a_scorecard_of_256_bands_is_refused_in_one_line_naming_the_file_the_count_and_the_limit() {
    let work = Workdir::new("too-many-bands");
    let mut card = "name = \"t\"\n[[measures]]\nname = \"u\"\ncolumn = \"u\"\nweight = 1\n\
        [measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n"
        .to_string();
    for band in 1..256 {
        card.push_str(&format!(
            "[[bands]]\nname = \"b{band}\"\nbelow = {}\n",
            band as f64 / 4.0
        ));
    }
    card.push_str("[[bands]]\nname = \"last\"\n");
    work.create("card.toml", card);
    work.create_csv(
        "h.csv",
        &[
            &["account_id", "churned", "u"],
            &["a", "1", "0.2"],
            &["b", "0", "0.9"],
        ],
    );
    let output = work.run([
        "validate",
        "--data",
        "h.csv",
        "--scorecard",
        "card.toml",
        "--json",
        "v.json",
    ]);
    // the 256th band's table starts at line 11 + 3 × 255
    output.assert_bad_input(&["card.toml:776:1: 256 bands, but a scorecard may have at most 255"]);
    assert!(!work.exists("v.json"), "no partial output");
}
