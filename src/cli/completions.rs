//! `healthscore completions`: shell completion scripts, generated from the argument
//! definitions so they never drift from the real flags.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;

/// Arguments of `healthscore completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Runs `healthscore completions`: the script goes to stdout.
pub fn run(args: &CompletionsArgs) -> super::Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "healthscore", &mut std::io::stdout());
    Ok(())
}
