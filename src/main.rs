//! The `healthscore` binary: parse arguments, run, print any error on one line, set the
//! exit status (0 success, 2 bad input, 1 internal error).

use clap::Parser;
use healthscore::cli::{exit_status, run, Cli};

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => error.exit(),
        Err(error) => {
            let rendered = error.to_string();
            let first = rendered.lines().next().unwrap_or("error: invalid arguments");
            eprintln!("{first} (see --help)");
            std::process::exit(2);
        }
    };
    if let Err(error) = run(cli) {
        eprintln!("error: {error:#}");
        std::process::exit(exit_status(&error));
    }
}
