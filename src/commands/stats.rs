//! `warta stats`: what an index holds: articles, outlets, date range, size, segments.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde_json::{json, Value};
use tantivy::query::AllQuery;

use crate::cli::StatsArgs;
use crate::output::SCHEMA_VERSION;
use crate::query::dates::day_text;
use crate::opensearch::{Client, RemoteSearcher, Target};
use crate::search::Searcher;
use crate::store::Store;
use crate::Outcome;

/// What `stats` reports, from either backend.
struct Stats {
    documents: u64,
    sources: Vec<(String, u64)>,
    first_date: Option<String>,
    last_date: Option<String>,
    size: u64,
    segments: usize,
    index: String,
}

fn buckets(answer: &Value) -> Vec<(String, u64)> {
    answer["by"]["buckets"]
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
        .unwrap_or_default()
}

const SOURCES: &str = "source";

pub fn run(index_dir: &Path, args: StatsArgs) -> Result<Outcome> {
    let stats = match &args.opensearch {
        Some(url) => remote(url)?,
        None => local(index_dir)?,
    };
    write_stats(&stats, args.json)?;
    Ok(Outcome::Found)
}

/// An exported index: its documents, outlets and days from the cluster; size and
/// segments of its primary shards.
fn remote(url: &str) -> Result<Stats> {
    let searcher = RemoteSearcher::open(Client::new(Target::parse(url)?))?;
    let answer = searcher.aggregate_matching(
        json!({"match_all": {}}),
        json!({
            "by": {"terms": {"field": SOURCES, "size": 10000, "order": {"_count": "desc"}}},
            "first": {"min": {"field": "day"}},
            "last": {"max": {"field": "day"}}
        }),
    )?;
    let day = |name: &str| answer[name]["value"].as_f64().map(|d| day_text(d as u64));
    let client = &searcher.client;
    let store = client.expect_ok("GET", &client.index_path("_stats/store,segments,docs"), None)?;
    let primaries = &store["_all"]["primaries"];
    Ok(Stats {
        documents: primaries["docs"]["count"].as_u64().unwrap_or(0),
        sources: buckets(&answer),
        first_date: day("first"),
        last_date: day("last"),
        size: primaries["store"]["size_in_bytes"].as_u64().unwrap_or(0),
        segments: primaries["segments"]["count"].as_u64().unwrap_or(0) as usize,
        index: client.target.to_string(),
    })
}

fn local(index_dir: &Path) -> Result<Stats> {
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
    Ok(Stats {
        documents,
        sources: buckets(&sources),
        first_date: day("first"),
        last_date: day("last"),
        size,
        segments,
        index: index_dir.display().to_string(),
    })
}

fn write_stats(stats: &Stats, json: bool) -> Result<()> {
    let Stats { documents, sources: source_counts, size, segments, .. } = stats;
    let day = |name: &str| if name == "first" { stats.first_date.clone() } else { stats.last_date.clone() };
    let mut out = std::io::stdout().lock();
    if json {
        let value = json!({
            "schema_version": SCHEMA_VERSION,
            "documents": documents,
            "sources": source_counts.iter().map(|(s, n)| json!({"source": s, "count": n})).collect::<Vec<Value>>(),
            "first_date": day("first"),
            "last_date": day("last"),
            "size_bytes": size,
            "segments": segments,
            "index": stats.index,
        });
        writeln!(out, "{value}")?;
    } else {
        writeln!(out, "index      {}", stats.index)?;
        writeln!(out, "documents  {documents}")?;
        writeln!(
            out,
            "dates      {} to {}",
            day("first").unwrap_or_else(|| "?".into()),
            day("last").unwrap_or_else(|| "?".into())
        )?;
        writeln!(out, "size       {:.1} MB", *size as f64 / 1e6)?;
        writeln!(out, "segments   {segments}")?;
        writeln!(out, "sources")?;
        for (source, count) in source_counts {
            writeln!(out, "  {count:>8}  {source}")?;
        }
    }
    Ok(())
}
