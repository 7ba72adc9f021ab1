//! `warta stats`: what an index holds: articles, outlets, date range, size, segments.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde_json::{json, Value};
use tantivy::query::AllQuery;

use crate::cli::StatsArgs;
use crate::output::SCHEMA_VERSION;
use crate::query::dates::day_text;
use crate::search::Searcher;
use crate::store::Store;
use crate::Outcome;

pub fn run(index_dir: &Path, args: StatsArgs) -> Result<Outcome> {
    let searcher = Searcher::new(Store::open(index_dir)?)?;
    let tantivy_searcher = searcher.reader().searcher();
    let documents = tantivy_searcher.num_docs();
    let sources = crate::commands::query::aggregate(
        &searcher,
        &AllQuery,
        json!({"by": {"terms": {"field": "source", "size": 10000, "order": {"_count": "desc"}}}}),
    )?;
    let days = crate::commands::query::aggregate(
        &searcher,
        &AllQuery,
        json!({"first": {"min": {"field": "day"}}, "last": {"max": {"field": "day"}}}),
    )?;
    let day = |name: &str| days[name]["value"].as_f64().map(|d| day_text(d as u64));
    let size: u64 = std::fs::read_dir(index_dir)?
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let segments = tantivy_searcher.segment_readers().len();
    let source_counts: Vec<(String, u64)> = sources["by"]["buckets"]
        .as_array()
        .map(|buckets| {
            buckets
                .iter()
                .map(|b| {
                    (
                        b["key"].as_str().unwrap_or("").to_string(),
                        b["doc_count"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = json!({
            "schema_version": SCHEMA_VERSION,
            "documents": documents,
            "sources": source_counts.iter().map(|(s, n)| json!({"source": s, "count": n})).collect::<Vec<Value>>(),
            "first_date": day("first"),
            "last_date": day("last"),
            "size_bytes": size,
            "segments": segments,
            "index": index_dir.display().to_string(),
        });
        writeln!(out, "{value}")?;
    } else {
        writeln!(out, "index      {}", index_dir.display())?;
        writeln!(out, "documents  {documents}")?;
        writeln!(
            out,
            "dates      {} to {}",
            day("first").unwrap_or_else(|| "?".into()),
            day("last").unwrap_or_else(|| "?".into())
        )?;
        writeln!(out, "size       {:.1} MB", size as f64 / 1e6)?;
        writeln!(out, "segments   {segments}")?;
        writeln!(out, "sources")?;
        for (source, count) in &source_counts {
            writeln!(out, "  {count:>8}  {source}")?;
        }
    }
    Ok(Outcome::Found)
}
