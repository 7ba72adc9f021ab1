//! The API's handlers: parameters in, the archive's answer out as the same JSON objects
//! `warta query --json` prints. Each validates its parameters into a typed request at
//! the edge and runs the (blocking) search on tokio's blocking pool.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::errors::ApiError;
use super::{AppState, Peer};
use crate::engine::{
    coverage_exponent, day_bound, Archive, Bm25, FacetBy, SearchRequest, SearchResults, Sort,
};
use crate::output::{results_json, SCHEMA_VERSION};

/// Longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Most hits on one page.
pub const MAX_LIMIT: usize = 100;
/// Last page number; with at most [`MAX_LIMIT`] hits a page, no page reaches past
/// the 10,000th hit.
pub const MAX_PAGE: usize = 100;
/// Most hits an offset may skip (the same depth as the last page).
pub const MAX_OFFSET: usize = (MAX_PAGE - 1) * MAX_LIMIT;
/// Most outlets one request may filter by.
pub const MAX_SOURCES: usize = 50;
/// Most queries in one batch.
pub const MAX_BATCH: usize = 1_000;

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum MatchParam {
    All,
    Any,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum SortParam {
    Relevance,
    Newest,
    Oldest,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ByParam {
    Source,
    Month,
    Year,
}

/// The query flags of `warta query`, as URL parameters (or a batch line's keys).
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    limit: Option<usize>,
    page: Option<usize>,
    offset: Option<usize>,
    #[serde(rename = "match")]
    match_mode: Option<MatchParam>,
    /// Comma-separated field names.
    fields: Option<String>,
    #[serde(default)]
    source: Vec<String>,
    since: Option<String>,
    until: Option<String>,
    sort: Option<SortParam>,
    include_duplicates: Option<bool>,
    expand: Option<bool>,
    proximity: Option<bool>,
    full_idf: Option<bool>,
    bm25_k1: Option<f32>,
    coverage: Option<f32>,
    learned: Option<bool>,
    snippets: Option<bool>,
    explain: Option<bool>,
    /// Facets only: what to count by.
    by: Option<ByParam>,
    /// Batch lines only: the query's id, echoed in its answer.
    qid: Option<Value>,
}

/// The URL's parameters; an error names the parameter.
fn parse_params(raw: Option<String>) -> Result<SearchParams, ApiError> {
    let raw = raw.unwrap_or_default();
    serde_path_to_error::deserialize(serde_html_form::Deserializer::from_bytes(raw.as_bytes()))
        .map_err(|e| ApiError::bad_request(format!("{}: {}", e.path(), e.inner())))
}

/// One batch line's parameters; an error names the line and the parameter.
fn parse_line(n: usize, line: &str) -> Result<SearchParams, ApiError> {
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(line))
        .map_err(|e| ApiError::bad_request(format!("line {n}: {}: {}", e.path(), e.inner())))
}

impl SearchParams {
    /// The validated request. No query (or a blank one) asks for every article.
    fn request(&self) -> Result<SearchRequest, ApiError> {
        let q = self.q.as_deref().unwrap_or("");
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::bad_request(format!(
                "the query is longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        let mut request = SearchRequest::new(q);
        request.match_any = matches!(self.match_mode, Some(MatchParam::Any));
        // As on the command line: without `match`, a query no article fully matches
        // falls back to the articles with most of its words; `match=all` never does.
        request.relax = self.match_mode.is_none();
        // Split as `--fields` is: an empty name (`fields=`, `title,`) is the engine's
        // "no field" error, not a search of no field at all.
        request.fields = self
            .fields
            .as_ref()
            .map(|f| f.split(',').map(str::trim).map(String::from).collect());
        if self.source.len() > MAX_SOURCES {
            return Err(ApiError::bad_request(format!(
                "at most {MAX_SOURCES} source parameters"
            )));
        }
        if self
            .source
            .iter()
            .any(|s| s.chars().count() > MAX_QUERY_CHARS)
        {
            return Err(ApiError::bad_request("a source name is too long"));
        }
        request.sources = self.source.clone();
        for (name, value) in [("since", &self.since), ("until", &self.until)] {
            if value.as_ref().is_some_and(|v| v.chars().count() > 100) {
                return Err(ApiError::bad_request(format!(
                    "{name}: too long for a date"
                )));
            }
        }
        request.since = match &self.since {
            Some(text) => day_bound(text, false, "since")?,
            None => None,
        };
        request.until = match &self.until {
            Some(text) => day_bound(text, true, "until")?,
            None => None,
        };
        request.sort = match self.sort {
            None | Some(SortParam::Relevance) => Sort::Relevance,
            Some(SortParam::Newest) => Sort::Newest,
            Some(SortParam::Oldest) => Sort::Oldest,
        };
        request.limit = self.limit.unwrap_or(10);
        if request.limit > MAX_LIMIT {
            return Err(ApiError::bad_request(format!(
                "limit: at most {MAX_LIMIT} hits a page"
            )));
        }
        request.offset = match (self.page, self.offset) {
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request("give page or offset, not both"))
            }
            (Some(page), None) if !(1..=MAX_PAGE).contains(&page) => {
                return Err(ApiError::bad_request(format!("page: from 1 to {MAX_PAGE}")))
            }
            (Some(page), None) => (page - 1) * request.limit,
            (None, Some(offset)) if offset > MAX_OFFSET => {
                return Err(ApiError::bad_request(format!(
                    "offset: at most {MAX_OFFSET}"
                )))
            }
            (None, offset) => offset.unwrap_or(0),
        };
        request.snippets = self.snippets.unwrap_or(true);
        request.explain = self.explain.unwrap_or(false);
        request.include_duplicates = self.include_duplicates.unwrap_or(false);
        request.expand = self.expand.unwrap_or(false);
        request.proximity = self.proximity.unwrap_or(false);
        request.damp_idf = !self.full_idf.unwrap_or(false);
        if let Some(k1) = self.bm25_k1 {
            request.bm25 =
                Bm25::with_k1(k1).map_err(|e| ApiError::bad_request(format!("bm25_k1: {e}")))?;
        }
        if let Some(exponent) = self.coverage {
            request.coverage = coverage_exponent(exponent)
                .map_err(|e| ApiError::bad_request(format!("coverage: {e}")))?;
        }
        request.learned = self.learned.unwrap_or(true);
        Ok(request)
    }
}

/// Runs blocking archive work off the async threads.
async fn blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    work: impl FnOnce(&Archive) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    // Waiting for a turn counts against the request's time limit; a request that
    // times out while waiting gives up its place.
    let _turn = state
        .work
        .acquire()
        .await
        .map_err(|_| ApiError::internal("the server is shutting down"))?;
    let archive = state.archive.clone();
    tokio::task::spawn_blocking(move || work(&archive))
        .await
        .map_err(|_| ApiError::internal("the request failed inside the server"))?
}

/// Drops `key` from a JSON object (absolute paths, for remote clients).
fn without(value: &mut Value, key: &str) {
    if let Some(object) = value.as_object_mut() {
        object.remove(key);
    }
}

fn results_value(peer: Peer, query: &str, results: &SearchResults) -> Value {
    let mut value = results_json(query, results);
    if !peer.local {
        if let Some(hits) = value["hits"].as_array_mut() {
            hits.iter_mut().for_each(|hit| without(hit, "path"));
        }
    }
    value
}

pub async fn search(
    State(state): State<Arc<AppState>>,
    Extension(peer): Extension<Peer>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let request = parse_params(raw)?.request()?;
    let results = blocking(&state, {
        let request = request.clone();
        move |archive| Ok(archive.search(&request)?)
    })
    .await?;
    Ok(Json(results_value(peer, &request.query, &results)))
}

/// One NDJSON line per query line (`{"q": …, "qid": …, other parameters}`): the
/// search's object plus `qid` and `took_ms`, or `{"qid", "query", "error", "column"}`.
pub async fn batch(
    State(state): State<Arc<AppState>>,
    Extension(peer): Extension<Peer>,
    body: String,
) -> Result<Response, ApiError> {
    let lines: Vec<(usize, String)> = body
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| (n + 1, l.to_string()))
        .collect();
    if lines.len() > MAX_BATCH {
        return Err(ApiError::bad_request(format!(
            "at most {MAX_BATCH} queries a batch"
        )));
    }
    let out = blocking(&state, {
        move |archive| {
            let mut out = String::new();
            for (n, line) in lines {
                let answer = batch_answer(peer, archive, n, &line);
                out.push_str(&answer.to_string());
                out.push('\n');
            }
            Ok(out)
        }
    })
    .await?;
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from(out),
    )
        .into_response())
}

fn batch_answer(peer: Peer, archive: &Archive, n: usize, line: &str) -> Value {
    let params = parse_line(n, line);
    let qid = params
        .as_ref()
        .ok()
        .and_then(|p| p.qid.clone())
        .unwrap_or_else(|| json!(n.to_string()));
    let query = params
        .as_ref()
        .ok()
        .and_then(|p| p.q.clone())
        .unwrap_or_default();
    let started = std::time::Instant::now();
    let answer = params
        .and_then(|p| p.request())
        .and_then(|request| Ok(archive.search(&request)?));
    match answer {
        Ok(results) => {
            let mut value = results_value(peer, &query, &results);
            value["qid"] = qid;
            value["took_ms"] = json!(started.elapsed().as_secs_f64() * 1000.0);
            value
        }
        Err(err) => json!({
            "schema_version": SCHEMA_VERSION, "qid": qid, "query": query,
            "error": err.message, "column": err.column,
        }),
    }
}

pub async fn article(
    State(state): State<Arc<AppState>>,
    Extension(peer): Extension<Peer>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let article = blocking(&state, move |archive| Ok(archive.article(&id)?)).await?;
    let mut value =
        serde_json::to_value(&article).map_err(|e| ApiError::internal(e.to_string()))?;
    value["schema_version"] = json!(SCHEMA_VERSION);
    without(&mut value, "score");
    without(&mut value, "snippet");
    without(&mut value, "explanation");
    if !peer.local {
        without(&mut value, "path");
    }
    Ok(Json(value))
}

pub async fn facets(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = parse_params(raw)?;
    let by = match params.by {
        Some(ByParam::Source) => FacetBy::Source,
        Some(ByParam::Month) => FacetBy::Month,
        Some(ByParam::Year) => FacetBy::Year,
        None => {
            return Err(ApiError::bad_request(
                "missing parameter by (source, month or year)",
            ))
        }
    };
    let request = params.request()?;
    let query = request.query.clone();
    let facets = blocking(&state, move |archive| Ok(archive.facets(&request, by)?)).await?;
    Ok(Json(json!({
        "schema_version": SCHEMA_VERSION,
        "query": query,
        "count_by": by.name(),
        "groups": facets.groups,
    })))
}

pub async fn stats(
    State(state): State<Arc<AppState>>,
    Extension(peer): Extension<Peer>,
) -> Result<Json<Value>, ApiError> {
    let stats = blocking(&state, |archive| Ok(archive.stats()?)).await?;
    let mut value = json!({
        "schema_version": SCHEMA_VERSION,
        "documents": stats.documents,
        "sources": stats.sources.iter().map(|b| json!({"source": b.key, "count": b.count})).collect::<Vec<_>>(),
        "first_date": stats.first_date,
        "last_date": stats.last_date,
        "size_bytes": stats.size_bytes,
        "segments": stats.segments,
        "index": stats.index.display().to_string(),
    });
    if !peer.local {
        without(&mut value, "index");
    }
    Ok(Json(value))
}

pub async fn duplicates(State(state): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    let groups = blocking(&state, |archive| Ok(archive.duplicates()?)).await?;
    Ok(Json(json!({
        "schema_version": SCHEMA_VERSION,
        "groups": groups,
    })))
}

pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

pub async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
}

pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such page")
}
