//! `warta index`: build or update the index from folders of articles.

use std::path::Path;

use anyhow::Result;

use crate::cli::IndexArgs;
use crate::ingest::{self, IndexOptions};
use crate::store::UserWords;
use crate::Outcome;

pub fn run(index_dir: &Path, args: IndexArgs) -> Result<Outcome> {
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let words = UserWords::from_files(args.protect.as_deref(), args.roots.as_deref())?;
    let options = IndexOptions {
        paths: args.paths,
        index_dir: index_dir.to_path_buf(),
        schema: args.schema,
        words,
        rebuild: args.rebuild,
        follow_links: args.follow,
        threads,
        memory_mb: args.memory,
        quiet: args.quiet,
    };
    let summary = ingest::run(&options)?;
    if !args.quiet {
        eprintln!("{}", summary.render());
    }
    Ok(if summary.failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Found
    })
}
