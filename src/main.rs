//! The `healthscore` binary: parse arguments, run, print any error on one line, set the
//! exit status (0 success, 2 bad input, 1 internal error).

use clap::Parser;
use healthscore::cli::{exit_status, run, Cli};

fn main() {
    let cli = Cli::parse();
    if let Err(error) = run(cli) {
        eprintln!("error: {error:#}");
        std::process::exit(exit_status(&error));
    }
}
