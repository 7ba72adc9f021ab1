//! `warta query`: one query, a batch of queries from stdin, or counts per group.

use std::io::{self, BufRead, Write};
use std::path::Path;

use anyhow::{anyhow, Result};
use serde_json::json;

use crate::cli::{CountBy, Match, QueryArgs};
use crate::engine::{
    coverage_exponent, day_bound, Archive, Bm25, FacetBy, Facets, SearchRequest, SearchResults,
};
use crate::opensearch::{Client, RemoteSearcher, Target};
use crate::output::{self, Format, ResultsJson, SCHEMA_VERSION};
use crate::Outcome;

/// The flags as a validated request (dates read, the page turned into an offset).
fn request_of(args: &QueryArgs, format: Format) -> Result<SearchRequest> {
    let mut request = SearchRequest::new(&args.query.join(" "));
    request.match_any = args.match_mode == Some(Match::Any);
    request.relax = args.match_mode.is_none();
    request.fields = args.fields.clone();
    request.sources = args.source.clone();
    request.since = match &args.since {
        Some(text) => day_bound(text, false, "--since")?,
        None => None,
    };
    request.until = match &args.until {
        Some(text) => day_bound(text, true, "--until")?,
        None => None,
    };
    request.sort = args.sort.into();
    request.limit = args.limit;
    request.offset = match args.page {
        Some(0) => return Err(anyhow!("--page counts from 1")),
        Some(page) => (page - 1).saturating_mul(args.limit),
        None => args.offset,
    };
    request.snippets = !args.no_snippets && format != Format::Paths && format != Format::Tsv;
    request.explain = args.explain;
    request.include_duplicates = args.include_duplicates;
    request.expand = args.expand;
    request.proximity = args.proximity;
    request.damp_idf = !args.full_idf;
    if let Some(k1) = args.bm25_k1 {
        request.bm25 = Bm25::with_k1(k1).map_err(|e| anyhow!("--bm25-k1: {e}"))?;
    }
    if let Some(exponent) = args.coverage {
        request.coverage = coverage_exponent(exponent).map_err(|e| anyhow!("--coverage: {e}"))?;
    }
    request.learned = !args.no_learned;
    Ok(request)
}

/// Where the answers come from: the local index, or an OpenSearch index exported
/// from it; both give the same result types, so every output format is shared.
pub enum Backend {
    Local(Archive),
    Remote(RemoteSearcher),
}

impl Backend {
    /// `one_question` for a process that answers one query and ends (not `--batch`).
    pub fn open(index_dir: &Path, opensearch: Option<&str>, one_question: bool) -> Result<Backend> {
        Ok(match opensearch {
            Some(url) => Backend::Remote(RemoteSearcher::open(Client::new(Target::parse(url)?))?),
            None if one_question => Backend::Local(Archive::open_for_one_question(index_dir)?),
            None => Backend::Local(Archive::open(index_dir)?),
        })
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        Ok(match self {
            Backend::Local(archive) => archive.search(request)?,
            Backend::Remote(searcher) => searcher.search(request)?,
        })
    }

    pub fn facets(&self, request: &SearchRequest, by: FacetBy) -> Result<Facets> {
        Ok(match self {
            Backend::Local(archive) => archive.facets(request, by)?,
            Backend::Remote(searcher) => searcher.facets(request, by)?,
        })
    }
}

pub fn run(index_dir: &Path, args: QueryArgs) -> Result<Outcome> {
    if args.batch && matches!(args.format, Format::Tsv | Format::Paths) {
        let name = clap::ValueEnum::to_possible_value(&args.format)
            .map(|v| v.get_name().to_string())
            .unwrap_or_default();
        return Err(anyhow!(
            "--batch prints one JSON line per query, not --format {name} (use --format json or ndjson, or leave --batch out)"
        ));
    }
    let format = if args.json { Format::Json } else { args.format };
    let request = request_of(&args, format)?;
    let archive = Backend::open(index_dir, args.opensearch.as_deref(), !args.batch)?;
    if let (Backend::Remote(searcher), true) = (&archive, request.learned) {
        if let Some(note) = searcher.learned_note() {
            eprintln!("warta: {note}");
        }
    }

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = if args.batch {
        run_batch(&archive, &request, &mut out)?
    } else if let Some(group) = args.count_by {
        count_by(&archive, &request, group, format, &mut out)?
    } else {
        let results = archive.search(&request)?;
        if results.relaxed {
            eprintln!("warta: no article has every word; showing those with the most of them (--match all shows none)");
        }
        if format == Format::Text {
            eprintln!(
                "{}",
                output::page_summary(&results, request.offset, request.limit)
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
fn run_batch(archive: &Backend, template: &SearchRequest, out: &mut dyn Write) -> Result<Outcome> {
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
        match archive.search(&request) {
            Ok(results) => {
                let took_ms = started.elapsed().as_secs_f64() * 1000.0;
                any_hit |= results.total > 0;
                let answer = ResultsJson {
                    query: &text,
                    results: &results,
                    qid: Some(&qid),
                    took_ms: Some(took_ms),
                };
                serde_json::to_writer(&mut *out, &answer)?;
            }
            Err(err) => {
                any_error = true;
                let answer = json!({"schema_version": SCHEMA_VERSION, "qid": qid, "query": text, "error": format!("{err:#}")});
                serde_json::to_writer(&mut *out, &answer)?;
            }
        }
        writeln!(out)?;
    }
    Ok(match (any_error, any_hit) {
        (true, _) => Outcome::Failed,
        (false, true) => Outcome::Found,
        (false, false) => Outcome::NotFound,
    })
}

fn count_by(
    archive: &Backend,
    request: &SearchRequest,
    group: CountBy,
    format: Format,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let by = group.into();
    let facets = archive.facets(request, by)?;
    match format {
        Format::Json | Format::Ndjson => {
            let value = json!({
                "schema_version": SCHEMA_VERSION,
                "query": request.query,
                "count_by": by.name(),
                "groups": facets.groups,
            });
            writeln!(out, "{value}")?;
        }
        _ => {
            for bucket in &facets.groups {
                writeln!(out, "{}\t{}", bucket.key, bucket.count)?;
            }
        }
    }
    Ok(if facets.total > 0 {
        Outcome::Found
    } else {
        Outcome::NotFound
    })
}
