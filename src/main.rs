//! The `healthscore` binary: parse arguments, run, print any error on one line, set the
//! exit status (0 success, 2 bad input, 1 internal error).

use clap::Parser;
use healthscore::cli::{exit_status, run, Cli};

/// mimalloc keeps freed memory for reuse: the statistics allocate and drop many
/// million-row buffers, and with the system allocator each one comes back as fresh pages
/// the kernel must zero (a fifth of `validate`'s time at a million accounts).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    if let Err(error) = run(cli) {
        eprintln!("error: {error:#}");
        std::process::exit(exit_status(&error));
    }
}
