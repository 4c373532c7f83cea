//! The `healthscore` binary: parse arguments, run, print any error on one line, set the
//! exit status (0 success, 2 bad input, 1 internal error).

use clap::Parser;
use healthscore::cli::{exit_status, run, Cli, Command};

/// mimalloc keeps freed memory for reuse: the statistics allocate and drop many
/// million-row buffers, and with the system allocator each one comes back as fresh pages
/// the kernel must zero (measurements in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`: its position in `mi_option_t` of the vendored `mimalloc.h`
/// (the same in mimalloc v2 and v3). libmimalloc-sys gives the less stable options no
/// constant and asks callers to pass the number.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The backtest returns freed memory to the system at once instead of after mimalloc v3's
/// default second: it frees one period's buffers before loading the next, and memory kept
/// for a second would add to its peak. The other commands keep the default, under which
/// memory freed and allocated again within the second is reused rather than cleared again
/// by the kernel, which makes them faster. Figures for both in docs/performance.md.
/// `MIMALLOC_PURGE_DELAY` in the environment still takes precedence.
fn return_freed_memory_at_once() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: mi_option_set is not thread safe; this runs in main before any other
        // thread is started.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
    }
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => error.exit(),
        Err(error) => {
            // the message up to the usage block, on one line (required flags are listed
            // on the lines after the first)
            let rendered = error.to_string();
            let message: Vec<&str> = rendered
                .lines()
                .take_while(|line| !line.trim().is_empty())
                .map(str::trim)
                .collect();
            let message = match message.join(" ") {
                joined if joined.is_empty() => "error: invalid arguments".to_string(),
                joined => joined,
            };
            eprintln!("{message} (see --help)");
            std::process::exit(2);
        }
    };
    if matches!(cli.command, Command::Backtest(_)) {
        return_freed_memory_at_once();
    }
    if let Err(error) = run(cli) {
        eprintln!("error: {error:#}");
        std::process::exit(exit_status(&error));
    }
}

#[cfg(test)]
mod tests {
    use super::PURGE_DELAY;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // mimalloc v3 defaults the purge delay, and no other option, to 1000 ms; unless the
        // environment overrides it, reading option 15 untouched must give that default
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 1000);
        }
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 0);
    }
}
