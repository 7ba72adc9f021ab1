//! `warta duplicates`: the groups of copies of one story the archive holds.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde_json::json;

use crate::cli::DuplicatesArgs;
use crate::engine::Archive;
use crate::output::{count, SCHEMA_VERSION};
use crate::Outcome;

pub fn run(index_dir: &Path, args: DuplicatesArgs) -> Result<Outcome> {
    let groups = Archive::open(index_dir)?.duplicates()?;
    let copies: usize = groups.iter().map(|g| g.duplicates.len()).sum();
    eprintln!(
        "{} of duplicates; {} of another",
        count(groups.len() as u64, "group", "groups"),
        count(copies as u64, "article is a copy", "articles are copies"),
    );
    let mut out = std::io::stdout().lock();
    for g in &groups {
        if args.json {
            let value = json!({
                "schema_version": SCHEMA_VERSION,
                "canonical": g.canonical,
                "duplicates": g.duplicates,
            });
            writeln!(out, "{value}")?;
        } else {
            writeln!(out, "{}\t{}", g.canonical, g.duplicates.join(" "))?;
        }
    }
    Ok(if groups.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Found
    })
}
