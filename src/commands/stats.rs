//! `warta stats`: what an index holds: articles, outlets, date range, size, segments.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde_json::{json, Value};

use crate::cli::StatsArgs;
use crate::engine::Archive;
use crate::opensearch::{Client, RemoteSearcher, Target};
use crate::output::SCHEMA_VERSION;
use crate::Outcome;

pub fn run(index_dir: &Path, args: StatsArgs) -> Result<Outcome> {
    let stats = match &args.opensearch {
        Some(url) => RemoteSearcher::open(Client::new(Target::parse(url)?))?.stats()?,
        None => Archive::open(index_dir)?.stats()?,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = json!({
            "schema_version": SCHEMA_VERSION,
            "documents": stats.documents,
            "sources": stats.sources.iter().map(|b| json!({"source": b.key, "count": b.count})).collect::<Vec<Value>>(),
            "first_date": stats.first_date,
            "last_date": stats.last_date,
            "size_bytes": stats.size_bytes,
            "segments": stats.segments,
            "index": stats.index.display().to_string(),
        });
        writeln!(out, "{value}")?;
    } else {
        writeln!(out, "index      {}", stats.index.display())?;
        writeln!(out, "documents  {}", stats.documents)?;
        writeln!(
            out,
            "dates      {} to {}",
            stats.first_date.as_deref().unwrap_or("?"),
            stats.last_date.as_deref().unwrap_or("?")
        )?;
        writeln!(out, "size       {:.1} MB", stats.size_bytes as f64 / 1e6)?;
        writeln!(out, "segments   {}", stats.segments)?;
        writeln!(out, "sources")?;
        for bucket in &stats.sources {
            writeln!(out, "  {:>8}  {}", bucket.count, bucket.key)?;
        }
    }
    Ok(Outcome::Found)
}
