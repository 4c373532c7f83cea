//! What goes on stderr besides warnings and errors: progress bars for long work and notes
//! for `-v`. Progress bars draw only when stderr is a terminal and `--quiet` is off, so pipes,
//! logs and CI see results and warnings only.
//!
//! The global `-v`/`--quiet` flags are recorded once by [`configure`] (as ripgrep keeps its
//! message flags in atomics); subcommands then just make a [`Progress`] or call [`note`].
//!
//! ```
//! use healthscore::cli::progress::Progress;
//! let progress = Progress::new(3, "scoring", false);
//! for _ in 0..3 {
//!     progress.inc(1); // drawn only on a terminal
//! }
//! progress.finish();
//! ```

use std::fmt::Display;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

static QUIET: AtomicBool = AtomicBool::new(false);
static VERBOSITY: AtomicU8 = AtomicU8::new(0);

/// Records the global flags: `--quiet` hides progress bars and notes; each `-v` adds detail.
pub fn configure(quiet: bool, verbose: u8) {
    QUIET.store(quiet, Ordering::Relaxed);
    VERBOSITY.store(verbose, Ordering::Relaxed);
}

/// Whether `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// How many `-v` were given (0 when `--quiet`).
pub fn verbosity() -> u8 {
    if quiet() {
        0
    } else {
        VERBOSITY.load(Ordering::Relaxed)
    }
}

/// Prints `message` on stderr as a note, only with `-v`.
pub fn note(message: impl Display) {
    if verbosity() > 0 {
        eprintln!("note: {message}");
    }
}

/// Whether progress may be drawn: stderr is a terminal and `--quiet` is off.
pub fn visible() -> bool {
    !quiet() && std::io::stderr().is_terminal()
}

/// A progress bar (or spinner) on stderr that draws nothing off-terminal or when quiet, and
/// clears itself when finished or dropped.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar of `len` steps labelled `label`; hidden when `quiet` (the caller's own flag, on
    /// top of the global `--quiet`) or when stderr is not a terminal.
    pub fn new(len: u64, label: &str, quiet: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(len), Self::target(quiet));
        let style = ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len} ({elapsed}, ~{eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(label.to_string());
        Progress { bar }
    }

    /// A spinner for work of unknown length, such as reading a file; hidden like [`Self::new`].
    pub fn spinner(label: &str, quiet: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(None, Self::target(quiet));
        let style = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(label.to_string());
        if !bar.is_hidden() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Progress { bar }
    }

    fn target(quiet: bool) -> ProgressDrawTarget {
        if quiet || !visible() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        }
    }

    /// Whether nothing will be drawn.
    pub fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }

    /// Advances by `steps`; safe to call from several threads.
    pub fn inc(&self, steps: u64) {
        self.bar.inc(steps);
    }

    /// Changes the label.
    pub fn set_label(&self, label: &str) {
        self.bar.set_message(label.to_string());
    }

    /// Steps done so far.
    pub fn position(&self) -> u64 {
        self.bar.position()
    }

    /// A closure advancing the bar by one step, for library functions that take a `tick`.
    pub fn ticker(&self) -> impl Fn() + Sync + '_ {
        move || self.bar.inc(1)
    }

    /// Clears the bar from the terminal.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_bars_are_hidden_and_still_count() {
        let progress = Progress::new(10, "work", true);
        assert!(progress.is_hidden());
        progress.ticker()();
        progress.inc(2);
        assert_eq!(progress.position(), 3);
        assert!(Progress::spinner("reading", true).is_hidden());
    }

    #[test]
    fn bars_are_hidden_when_stderr_is_not_a_terminal() {
        // cargo test captures or pipes stderr in CI; only check when it is not a terminal
        if !std::io::stderr().is_terminal() {
            assert!(Progress::new(10, "work", false).is_hidden());
        }
    }
}
