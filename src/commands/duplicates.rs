//! `warta duplicates`: the groups of copies of one story the archive holds.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde_json::json;

use crate::cli::DuplicatesArgs;
use crate::duplicates::{group, members, resolve_ids, Group};
use crate::output::{count, SCHEMA_VERSION};
use crate::search::Searcher;
use crate::store::Store;
use crate::Outcome;

/// Every duplicate group of the index at `index_dir`.
pub fn all_groups(searcher: &Searcher) -> Result<Vec<Group>> {
    let tantivy_searcher = searcher.reader().searcher();
    let mut groups = group(members(&tantivy_searcher)?);
    resolve_ids(&tantivy_searcher, &mut groups)?;
    Ok(groups)
}

pub fn run(index_dir: &Path, args: DuplicatesArgs) -> Result<Outcome> {
    let searcher = Searcher::new(Store::open(index_dir)?)?;
    let groups = all_groups(&searcher)?;
    let copies: usize = groups.iter().map(|g| g.members.len() - 1).sum();
    eprintln!(
        "{} of duplicates; {} of another",
        count(groups.len() as u64, "group", "groups"),
        count(copies as u64, "article is a copy", "articles are copies"),
    );
    let mut out = std::io::stdout().lock();
    for g in &groups {
        let others: Vec<&str> = g.members[1..].iter().map(|m| m.id.as_str()).collect();
        if args.json {
            let value = json!({
                "schema_version": SCHEMA_VERSION,
                "canonical": g.canonical().id,
                "duplicates": others,
            });
            writeln!(out, "{value}")?;
        } else {
            writeln!(out, "{}\t{}", g.canonical().id, others.join(" "))?;
        }
    }
    Ok(if groups.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Found
    })
}
