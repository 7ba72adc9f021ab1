//! `warta serve`: the archive over HTTP until SIGINT or SIGTERM.

use std::path::Path;

use anyhow::Result;

use crate::cli::ServeArgs;
use crate::server::{self, ServeOptions};
use crate::Outcome;

pub fn run(index_dir: &Path, args: ServeArgs) -> Result<Outcome> {
    server::run(ServeOptions {
        index: index_dir.to_path_buf(),
        bind: args.bind,
        token: args.token,
    })?;
    Ok(Outcome::Found)
}
