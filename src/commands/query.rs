//! `warta query`: one query, a batch of queries from stdin, or counts per group.

use std::io::{self, BufRead, Write};
use std::path::Path;

use anyhow::{anyhow, Result};
use serde_json::{json, Value};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard};
use tantivy::query::Query;

use crate::cli::{CountBy, Match, QueryArgs};
use crate::output::{self, count, results_json, Format, SCHEMA_VERSION};
use crate::query::dates::{day_text, month_of};
use crate::search::{SearchRequest, Searcher};
use crate::store::Store;
use crate::Outcome;

pub fn run(index_dir: &Path, args: QueryArgs) -> Result<Outcome> {
    let searcher = Searcher::new(Store::open(index_dir)?)?;
    let format = if args.json { Format::Json } else { args.format };
    let mut request = SearchRequest::new(&args.query.join(" "));
    request.match_any = args.match_mode == Some(Match::Any);
    request.relax = args.match_mode.is_none();
    request.fields = args.fields.clone();
    request.sources = args.source.clone();
    request.since = args.since.clone();
    request.until = args.until.clone();
    request.sort = args.sort;
    request.limit = args.limit;
    request.offset = match args.page {
        Some(0) => return Err(anyhow!("--page counts from 1")),
        Some(page) => (page - 1).saturating_mul(args.limit),
        None => args.offset,
    };
    request.snippets = !args.no_snippets && format != Format::Paths && format != Format::Tsv;
    request.explain = args.explain;
    request.include_duplicates = args.include_duplicates;

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = if args.batch {
        run_batch(&searcher, &request, &mut out)?
    } else if let Some(group) = args.count_by {
        count_by(&searcher, &request, group, format, &mut out)?
    } else {
        let results = searcher.search(&request)?;
        if results.relaxed {
            eprintln!("warta: no article has every word; showing those with the most of them (--match all shows none)");
        }
        if format == Format::Text {
            let shown = results.hits.len();
            let first = if shown > 0 { request.offset + 1 } else { 0 };
            let last = if shown > 0 { request.offset + shown } else { 0 };
            eprintln!(
                "{}; showing {first}-{last}",
                count(results.total as u64, "article matches", "articles match")
            );
        }
        let color = format == Format::Text && args.color.enabled();
        output::write_results(
            &mut out,
            &request.query,
            &results,
            format,
            request.offset,
            color,
        )?;
        if results.total > 0 {
            Outcome::Found
        } else {
            Outcome::NotFound
        }
    };
    out.flush()?;
    Ok(outcome)
}

/// One JSON line per stdin line, the index opened once. A failing query is answered
/// with `{"qid", "error"}` and makes the exit code 2.
fn run_batch(
    searcher: &Searcher,
    template: &SearchRequest,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let mut any_hit = false;
    let mut any_error = false;
    // Lines are read as bytes: one that is not UTF-8 is answered with an error and
    // costs only itself.
    for (n, line) in io::stdin().lock().split(b'\n').enumerate() {
        let mut line = line?;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let (qid, text) = match line.iter().position(|&b| b == b'\t') {
            Some(tab) => (
                String::from_utf8_lossy(&line[..tab]).into_owned(),
                String::from_utf8(line[tab + 1..].to_vec()),
            ),
            None => ((n + 1).to_string(), String::from_utf8(line)),
        };
        let Ok(text) = text else {
            any_error = true;
            let error = format!("stdin:{}: the query is not valid UTF-8", n + 1);
            let answer = json!({"schema_version": SCHEMA_VERSION, "qid": qid, "error": error});
            serde_json::to_writer(&mut *out, &answer)?;
            writeln!(out)?;
            continue;
        };
        let request = SearchRequest {
            query: text.clone(),
            ..template.clone()
        };
        let started = std::time::Instant::now();
        let answer = match searcher.search(&request) {
            Ok(results) => {
                any_hit |= results.total > 0;
                let mut value = results_json(&text, &results);
                value["qid"] = json!(qid);
                value["took_ms"] = json!(started.elapsed().as_secs_f64() * 1000.0);
                value
            }
            Err(err) => {
                any_error = true;
                json!({"schema_version": SCHEMA_VERSION, "qid": qid, "query": text, "error": format!("{err:#}")})
            }
        };
        serde_json::to_writer(&mut *out, &answer)?;
        writeln!(out)?;
    }
    Ok(match (any_error, any_hit) {
        (true, _) => Outcome::Failed,
        (false, true) => Outcome::Found,
        (false, false) => Outcome::NotFound,
    })
}

/// Runs a tantivy aggregation (given as Elasticsearch-style JSON) over the matches.
pub fn aggregate(searcher: &Searcher, query: &dyn Query, request: Value) -> Result<Value> {
    let aggs: Aggregations = serde_json::from_value(request)?;
    let context = AggContextParams::new(
        AggregationLimitsGuard::default(),
        searcher.store.index.tokenizers().clone(),
    );
    let collector = AggregationCollector::from_aggs(aggs, context);
    let result = searcher.reader().searcher().search(query, &collector)?;
    Ok(serde_json::to_value(result)?)
}

/// The `--count-by` key of articles without a date or an outlet.
const UNKNOWN_KEY: &str = "unknown";

fn count_by(
    searcher: &Searcher,
    request: &SearchRequest,
    group: CountBy,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let query = searcher.build_query(request, request.match_any)?;
    let agg = match group {
        CountBy::Source => {
            json!({"by": {"terms": {"field": "source", "size": 10000, "order": {"_count": "desc"}}}})
        }
        CountBy::Month => {
            json!({"by": {"histogram": {"field": "day", "interval": 100, "min_doc_count": 1}}})
        }
        CountBy::Year => {
            json!({"by": {"histogram": {"field": "day", "interval": 10000, "min_doc_count": 1}}})
        }
    };
    let result = aggregate(searcher, &*query, agg)?;
    let buckets = result["by"]["buckets"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut groups: Vec<(String, u64)> = Vec::new();
    for bucket in buckets {
        let count = bucket["doc_count"].as_u64().unwrap_or(0);
        let key = match group {
            CountBy::Source => bucket["key"].as_str().unwrap_or("").to_string(),
            CountBy::Month => month_of(bucket["key"].as_f64().unwrap_or(0.0) as u64 + 1),
            CountBy::Year => {
                day_text(bucket["key"].as_f64().unwrap_or(0.0) as u64 + 101)[..4].to_string()
            }
        };
        groups.push((key, count));
    }
    // Articles without the value (no date, no outlet) are in no bucket; they are
    // counted under a key of their own rather than silently left out.
    let grouped: u64 = groups.iter().map(|g| g.1).sum();
    let matched = searcher
        .reader()
        .searcher()
        .search(&*query, &tantivy::collector::Count)? as u64;
    if matched > grouped {
        groups.push((UNKNOWN_KEY.to_string(), matched - grouped));
    }
    let total = matched.max(grouped);
    match format {
        Format::Json | Format::Ndjson => {
            let value = json!({
                "schema_version": SCHEMA_VERSION,
                "query": request.query,
                "count_by": format!("{group:?}").to_lowercase(),
                "groups": groups.iter().map(|(k, n)| json!({"key": k, "count": n})).collect::<Vec<_>>(),
            });
            writeln!(out, "{value}")?;
        }
        _ => {
            for (key, count) in &groups {
                writeln!(out, "{key}\t{count}")?;
            }
        }
    }
    Ok(if total > 0 {
        Outcome::Found
    } else {
        Outcome::NotFound
    })
}
