//! The `warta` binary: parses the command line, runs the command, prints an error and
//! returns a grep-like exit code (0 found, 1 nothing found, 2 error).

use std::process::ExitCode;

use warta::cli::Cli;
use warta::Outcome;

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    match warta::commands::run(cli) {
        Ok(Outcome::Found) => ExitCode::from(0),
        Ok(Outcome::NotFound) => ExitCode::from(1),
        Ok(Outcome::Failed) => ExitCode::from(2),
        Err(err) if warta::is_broken_pipe(&err) => ExitCode::from(0),
        Err(err) => {
            eprintln!("warta: {err:#}");
            ExitCode::from(2)
        }
    }
}
