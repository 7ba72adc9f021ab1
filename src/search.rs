//! Running a query against an open index: filters (outlet, dates), ranking (BM25, or
//! by date), paging, snippets with the matched words (stemmed forms included) marked,
//! and score explanations. It returns plain data; printing is `output`'s job.

use anyhow::{anyhow, Context, Result};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};
use tantivy::schema::{Field, Value};
use tantivy::{DateTime, DocAddress, IndexReader, Order, ReloadPolicy, TantivyDocument};

use std::collections::HashMap;

use tantivy::columnar::Column;

use crate::duplicates::{signature_from_values, Fingerprint};
use crate::query::dates::{day_bound, today_wib};
use crate::query::{self, queryable_fields, Compiler, Expr};
pub use crate::snippet::Snippet;
use crate::snippet::SnippetMaker;
use crate::store::Store;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Sort {
    Relevance,
    Newest,
    Oldest,
}

#[derive(Clone, Debug)]
pub struct SearchRequest {
    pub query: String,
    pub match_any: bool,
    /// When no article has every word of an all-words query, answer with the articles
    /// that have the most of them (`SearchResults::relaxed` says so). Words joined by
    /// an explicit `AND` are never relaxed.
    pub relax: bool,
    /// Fields searched when the query names none; `None` for the schema's default.
    pub fields: Option<Vec<String>>,
    pub sources: Vec<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    pub snippets: bool,
    pub explain: bool,
    /// Show every copy of a story instead of one per group of duplicates.
    pub include_duplicates: bool,
}

impl SearchRequest {
    pub fn new(query: &str) -> SearchRequest {
        SearchRequest {
            query: query.to_string(),
            match_any: false,
            relax: true,
            fields: None,
            sources: Vec::new(),
            since: None,
            until: None,
            sort: Sort::Relevance,
            limit: 10,
            offset: 0,
            snippets: true,
            explain: false,
            include_duplicates: false,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub path: String,
    pub score: f32,
    pub snippet: Option<Snippet>,
    pub explanation: Option<serde_json::Value>,
}

#[derive(Debug)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// No article had every word, so these are the articles with the most of them.
    pub relaxed: bool,
}

/// An index opened for searching; open it once and ask many questions.
pub struct Searcher {
    pub store: Store,
    reader: IndexReader,
    field_names: Vec<String>,
}

/// Extra hits fetched beyond the page, so that equal scores sort by id.
const TIE_MARGIN: usize = 16;
const SNIPPET_CHARS: usize = 220;

impl Searcher {
    pub fn new(store: Store) -> Result<Searcher> {
        Searcher::with_policy(store, ReloadPolicy::Manual)
    }

    /// A searcher that follows the index: each commit is seen shortly after it is made.
    pub fn live(store: Store) -> Result<Searcher> {
        Searcher::with_policy(store, ReloadPolicy::OnCommitWithDelay)
    }

    fn with_policy(store: Store, policy: ReloadPolicy) -> Result<Searcher> {
        let reader = store
            .index
            .reader_builder()
            .reload_policy(policy)
            .try_into()
            .with_context(|| {
                format!("{}: cannot open the index for reading", store.dir.display())
            })?;
        let field_names = queryable_fields(&store);
        Ok(Searcher {
            store,
            reader,
            field_names,
        })
    }

    pub fn reader(&self) -> &IndexReader {
        &self.reader
    }

    /// Parses `text` with this index's field names.
    pub fn parse(&self, text: &str) -> Result<Expr> {
        let names: Vec<&str> = self.field_names.iter().map(String::as_str).collect();
        query::parse(text, &names).map_err(anyhow::Error::from)
    }

    fn default_fields(&self, request: &SearchRequest) -> Result<Vec<String>> {
        match &request.fields {
            None => Ok(self
                .store
                .decl
                .default_search_fields()
                .iter()
                .map(|f| f.name.clone())
                .collect()),
            Some(names) => {
                for name in names {
                    if !self.field_names.contains(name) {
                        return Err(anyhow!(
                            "no field \"{name}\" to search (fields: {})",
                            self.field_names.join(", ")
                        ));
                    }
                }
                Ok(names.clone())
            }
        }
    }

    /// The tantivy query for `request`, filters included.
    pub fn build_query(&self, request: &SearchRequest, match_any: bool) -> Result<Box<dyn Query>> {
        let compiler = Compiler::new(&self.store, self.default_fields(request)?, match_any);
        // No query at all: every article (the filters may narrow them).
        let main = if request.query.trim().is_empty() {
            Box::new(AllQuery)
        } else {
            let expr = self.parse(&request.query)?;
            compiler.compile(&expr).map_err(|e| anyhow!("{e}"))?
        };
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !request.sources.is_empty() {
            filters.push((
                Occur::Must,
                compiler.sources(&request.sources).map_err(|e| anyhow!(e))?,
            ));
        }
        if request.since.is_some() || request.until.is_some() {
            let today = today_wib();
            let bound = |text: &Option<String>, end| match text {
                Some(t) => day_bound(t, end, today).map_err(|e| anyhow!(e)),
                None => Ok(None),
            };
            let low = bound(&request.since, false).context("--since")?;
            let high = bound(&request.until, true).context("--until")?;
            filters.push((Occur::Must, compiler.day_range(low, high)));
        }
        if filters.is_empty() {
            return Ok(main);
        }
        filters.insert(0, (Occur::Must, main));
        Ok(Box::new(BooleanQuery::new(filters)))
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let query = self.build_query(request, request.match_any)?;
        let mut results = self.run(&*query, request)?;
        if results.total == 0
            && request.relax
            && !request.match_any
            && !request.query.trim().is_empty()
            && counts_several_words(&self.parse(&request.query)?)
        {
            let any = self.build_query(request, true)?;
            let relaxed = self.run(&*any, request)?;
            if relaxed.total > 0 {
                results = SearchResults {
                    relaxed: true,
                    ..relaxed
                };
            }
        }
        Ok(results)
    }

    fn run(&self, query: &dyn Query, request: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        // No page can reach past every document; this also keeps the sums below finite.
        let max_doc = searcher.num_docs() as usize;
        let mut wanted = request.offset.saturating_add(request.limit).min(max_doc);
        if !request.include_duplicates {
            // Room for the copies that collapsing drops.
            wanted = wanted.saturating_mul(2).saturating_add(TIE_MARGIN);
        }
        let (total, addresses): (usize, Vec<(f32, DocAddress)>) =
            if request.limit == 0 || max_doc == 0 {
                (searcher.search(query, &Count)?, Vec::new())
            } else {
                match request.sort {
                    Sort::Relevance => {
                        let top = TopDocs::with_limit(wanted + TIE_MARGIN).order_by_score();
                        let (total, top) = searcher.search(query, &(Count, top))?;
                        (total, top)
                    }
                    Sort::Newest | Sort::Oldest => {
                        let order = if request.sort == Sort::Newest {
                            Order::Desc
                        } else {
                            Order::Asc
                        };
                        let top = TopDocs::with_limit(wanted)
                            .order_by_fast_field::<DateTime>("date", order);
                        let (total, top) = searcher.search(query, &(Count, top))?;
                        (total, top.into_iter().map(|(_, a)| (0.0, a)).collect())
                    }
                }
            };
        // Order ties and collapse copies on fast fields; load stored documents only
        // for the page that is printed.
        let mut keys = FastKeys::default();
        let mut candidates = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            candidates.push((score, address, keys.read(&searcher, address)));
        }
        // Equal scores (exact copies score alike): the earliest, then by id, as the
        // canonical article of a duplicate group is chosen. The id key orders by the
        // id's first eight bytes; the ids of a run of equal keys are read from the
        // stored documents, and only for the runs that reach the page, whose documents
        // are mostly the ones printed.
        let relevance = request.sort == Sort::Relevance;
        let order = |a: &(f32, DocAddress, Key), b: &(f32, DocAddress, Key)| {
            b.0.total_cmp(&a.0)
                .then_with(|| a.2.day.cmp(&b.2.day))
                .then_with(|| a.2.id_key.cmp(&b.2.id_key))
        };
        if relevance {
            candidates.sort_by(order);
        }
        let page_end = request.offset.saturating_add(request.limit);
        let mut docs: HashMap<DocAddress, TantivyDocument> = HashMap::new();
        let mut kept: Vec<Fingerprint> = Vec::new();
        let mut shown: Vec<(f32, DocAddress)> = Vec::new();
        let mut at = 0;
        while at < candidates.len() && shown.len() < page_end {
            let mut end = at + 1;
            while relevance
                && end < candidates.len()
                && order(&candidates[at], &candidates[end]).is_eq()
            {
                end += 1;
            }
            if end - at > 1 {
                for (_, address, key) in &mut candidates[at..end] {
                    let doc: TantivyDocument = searcher.doc(*address)?;
                    key.id = text_of(&doc, self.store.fields.id).unwrap_or_default();
                    docs.insert(*address, doc);
                }
                candidates[at..end].sort_by(|a, b| a.2.id.cmp(&b.2.id));
            }
            for (score, address, key) in &candidates[at..end] {
                if shown.len() == page_end {
                    break;
                }
                if !request.include_duplicates {
                    if kept.iter().any(|k| k.same_story(&key.fingerprint)) {
                        continue;
                    }
                    kept.push(key.fingerprint.clone());
                }
                shown.push((*score, *address));
            }
            at = end;
        }
        let mut page = Vec::new();
        for (score, address) in shown.into_iter().skip(request.offset) {
            let doc = match docs.remove(&address) {
                Some(doc) => doc,
                None => searcher.doc(address)?,
            };
            page.push((self.hit(&doc, score), address, doc));
        }
        if request.snippets && !page.is_empty() {
            let body = self.store.fields.body;
            let mut maker = SnippetMaker::new(&searcher, query, body, SNIPPET_CHARS)?;
            for (hit, _, doc) in page.iter_mut() {
                let text = text_of(doc, body).unwrap_or_default();
                hit.snippet = Some(maker.snippet(&text));
            }
        }
        if request.explain {
            for (hit, address, _) in page.iter_mut() {
                let explanation = query.explain(&searcher, *address)?;
                hit.explanation = serde_json::from_str(&explanation.to_pretty_json()).ok();
            }
        }
        Ok(SearchResults {
            total,
            hits: page.into_iter().map(|h| h.0).collect(),
            relaxed: false,
        })
    }

    pub fn hit(&self, doc: &TantivyDocument, score: f32) -> Hit {
        let schema = self.store.index.schema();
        let named = |name: &str| schema.get_field(name).ok().and_then(|f| text_of(doc, f));
        let fields = &self.store.fields;
        Hit {
            id: text_of(doc, fields.id).unwrap_or_default(),
            title: text_of(doc, fields.title).unwrap_or_default(),
            date: text_of(doc, fields.published),
            source: text_of(doc, fields.source),
            author: named("author"),
            url: named("url"),
            path: text_of(doc, fields.path).unwrap_or_default(),
            score,
            snippet: None,
            explanation: None,
        }
    }
}

/// What ranking and collapsing need of a hit, read from fast fields (numbers only:
/// reading strings from fast fields decompresses dictionary blocks).
struct Key {
    day: u64,
    id_key: u64,
    /// Read only to order equal keys.
    id: String,
    fingerprint: Fingerprint,
}

/// Fast-field columns, opened once per segment: day, id key, body hash, MinHash values.
type Columns = [Option<Column<u64>>; 4];

#[derive(Default)]
struct FastKeys {
    segments: HashMap<u32, Columns>,
}

impl FastKeys {
    fn read(&mut self, searcher: &tantivy::Searcher, address: DocAddress) -> Key {
        let columns = self.segments.entry(address.segment_ord).or_insert_with(|| {
            let fast = searcher.segment_reader(address.segment_ord).fast_fields();
            ["day", "id_key", "hash", "minhash"].map(|name| fast.u64(name).ok())
        });
        let doc = address.doc_id;
        let first = |i: usize| columns[i].as_ref().and_then(|c| c.first(doc));
        Key {
            day: first(0).unwrap_or(u64::MAX),
            id_key: first(1).unwrap_or(0),
            id: String::new(),
            fingerprint: Fingerprint {
                hash: first(2).unwrap_or(0),
                signature: columns[3]
                    .as_ref()
                    .and_then(|c| signature_from_values(c.values_for_doc(doc))),
            },
        }
    }
}

/// True when the query's top level asks for two or more words, so that relaxing it to
/// "any of them" can find something. Words joined by `AND` are one group at the top
/// level, which relaxing keeps whole.
fn counts_several_words(expr: &Expr) -> bool {
    match expr {
        Expr::And(items) => {
            items
                .iter()
                .filter(|(o, _)| *o == query::Occur::Default)
                .count()
                >= 2
        }
        _ => false,
    }
}

/// All values of a stored text field, joined.
pub fn text_of(doc: &TantivyDocument, field: Field) -> Option<String> {
    let values: Vec<&str> = doc.get_all(field).filter_map(|v| v.as_str()).collect();
    if values.is_empty() {
        None
    } else {
        Some(values.join("; "))
    }
}
