//! `warta optimize`: merge the index's segments into one.

use std::path::Path;

use anyhow::Result;

use crate::cli::OptimizeArgs;
use crate::merge;
use crate::Outcome;

pub fn run(index_dir: &Path, args: OptimizeArgs) -> Result<Outcome> {
    let summary = merge::merge_into_one(index_dir)?;
    if !args.quiet {
        eprintln!("{}", summary.render());
    }
    Ok(Outcome::Found)
}
