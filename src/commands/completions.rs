//! `warta completions SHELL`: a completion script generated from the command line's
//! own definition (clap_complete), so it follows every flag as flags change.

use std::io::{self, Write};

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::Outcome;

pub fn run(args: CompletionsArgs) -> Result<Outcome> {
    let mut command = Cli::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "warta", &mut out);
    out.flush()?;
    Ok(Outcome::Found)
}
