//! One module a subcommand, each with a typed `run`; this file dispatches.

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::Outcome;

pub mod analyze;
pub mod completions;
pub mod duplicates;
pub mod export;
pub mod index;
pub mod man;
pub mod optimize;
pub mod query;
pub mod serve;
pub mod show;
pub mod stats;

pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Index(args) => index::run(&cli.index, args),
        Command::Query(args) => query::run(&cli.index, args),
        Command::Analyze(args) => analyze::run(args),
        Command::Show(args) => show::run(&cli.index, args),
        Command::Stats(args) => stats::run(&cli.index, args),
        Command::Duplicates(args) => duplicates::run(&cli.index, args),
        Command::Serve(args) => serve::run(&cli.index, args),
        Command::Completions(args) => completions::run(args),
        Command::Man => man::run(),
        Command::Optimize(args) => optimize::run(&cli.index, args),
        Command::Export(args) => export::run(&cli.index, args),
    }
}
