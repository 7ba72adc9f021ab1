//! Running a query against an open index: filters (outlet, dates), ranking (BM25, or
//! by date), paging, snippets with the matched words (stemmed forms included) marked,
//! and score explanations. It returns plain data; printing is `output`'s job.

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query};
use tantivy::schema::{Field, Value};
use tantivy::{DateTime, DocAddress, IndexReader, Order, ReloadPolicy, TantivyDocument};

use std::collections::{HashMap, HashSet};

use crate::engine::Error;
use crate::expansion::{expansion, Feedback};
use crate::paging::{by_rank, Pager};
use crate::query::coverage::{CoverageWords, COVERAGE_DEPTH, DEFAULT_COVERAGE};
use crate::query::{self, queryable_fields, Bm25, Compiler, Expr, IndexCounts, Proximity};
use crate::rerank::{second_stage_explanation, Rescorer, SecondStage};
use crate::schema;
pub use crate::snippet::Snippet;
use crate::snippet::SnippetMaker;
use crate::store::Store;
use crate::stored::{stored_text, StoredText};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// The first and last calendar days (YYYYMMDD, inclusive) of the articles wanted;
    /// read from what people write with [`crate::engine::day_bound`].
    pub since: Option<u64>,
    pub until: Option<u64>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    pub snippets: bool,
    pub explain: bool,
    /// Show every copy of a story instead of one per group of duplicates.
    pub include_duplicates: bool,
    /// Expand the query with terms of its first answer's best articles
    /// (pseudo-relevance feedback, see `expansion`).
    pub expand: bool,
    /// In any-word queries, also score neighbouring query words found close together
    /// (see [`crate::query::Proximity`]). Off by default: on known-item search it
    /// gained within noise and costs a third more CPU (BENCHMARKS.md).
    pub proximity: bool,
    /// Weigh an any-word query's words by the square root of their IDF (see
    /// [`crate::query::weighting::damped_idf_weight`]); `false` keeps BM25's full IDF.
    pub damp_idf: bool,
    /// BM25's k1 and b (see [`Bm25`]): by default k1 1.0, b 0.7.
    pub bm25: Bm25,
    /// In any-word queries, the exponent of the second stage that scores the best hits
    /// again by the share of the query's words they hold (see
    /// [`crate::query::coverage`]); 0 turns it off.
    pub coverage: f32,
    /// Where the second stage applies, score with the weights learned from the
    /// archive's headlines (see [`crate::query::learned`]); `false` keeps the coverage
    /// stage alone, with the exponent above.
    pub learned: bool,
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
            expand: false,
            proximity: false,
            damp_idf: true,
            bm25: Bm25::default(),
            coverage: DEFAULT_COVERAGE,
            learned: true,
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
    /// Copies of the stories on this page (or the pages before it) left out because
    /// their story is shown once; 0 with `include_duplicates`.
    pub folded: usize,
}

/// An index opened for searching; open it once and ask many questions.
pub struct Searcher {
    pub(crate) store: Store,
    reader: IndexReader,
    field_names: Vec<String>,
    /// The optional fields a hit shows, looked up once.
    author: Option<Field>,
    url: Option<Field>,
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
        let schema = store.index.schema();
        Ok(Searcher {
            author: schema.get_field("author").ok(),
            url: schema.get_field("url").ok(),
            store,
            reader,
            field_names,
        })
    }

    pub(crate) fn reader(&self) -> &IndexReader {
        &self.reader
    }

    /// Parses `text` with this index's field names.
    pub fn parse(&self, text: &str) -> Result<Expr, Error> {
        let names: Vec<&str> = self.field_names.iter().map(String::as_str).collect();
        Ok(query::parse(text, &names)?)
    }

    fn default_fields(&self, request: &SearchRequest) -> Result<Vec<String>, Error> {
        searched_fields(&self.store.decl, &self.field_names, request)
    }

    /// The tantivy query for `request`, filters included.
    pub fn build_query(
        &self,
        request: &SearchRequest,
        match_any: bool,
    ) -> Result<Box<dyn Query>, Error> {
        let searcher = self.reader.searcher();
        self.build_query_with(request, match_any, None, &IndexCounts::new(&searcher))
    }

    /// [`build_query`](Self::build_query), with optional terms added to the words.
    fn build_query_with(
        &self,
        request: &SearchRequest,
        match_any: bool,
        added: Option<Box<dyn Query>>,
        counts: &IndexCounts,
    ) -> Result<Box<dyn Query>, Error> {
        let mut compiler = Compiler::new(&self.store, self.default_fields(request)?, match_any);
        if request.proximity {
            compiler.proximity = Some(Proximity::default());
        }
        if request.damp_idf {
            compiler.counts = Some(counts);
        }
        // No query at all: every article (the filters may narrow them).
        let mut main: Box<dyn Query> = if request.query.trim().is_empty() {
            Box::new(AllQuery)
        } else {
            compiler.compile(&self.parse(&request.query)?)?
        };
        if let Some(added) = added {
            let words = if match_any {
                Occur::Should
            } else {
                Occur::Must
            };
            main = Box::new(BooleanQuery::new(vec![
                (words, main),
                (Occur::Should, added),
            ]));
        }
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !request.sources.is_empty() {
            filters.push((Occur::Must, compiler.sources(&request.sources)?));
        }
        if request.since.is_some() || request.until.is_some() {
            // A date window filters; it must not move the ranking inside it.
            filters.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    compiler.day_range(request.since, request.until),
                    0.0,
                )),
            ));
        }
        if filters.is_empty() {
            return Ok(main);
        }
        filters.insert(0, (Occur::Must, main));
        Ok(Box::new(BooleanQuery::new(filters)))
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, Error> {
        // One view of the index for the whole request, and its counts looked up once.
        let searcher = self.reader.searcher();
        let counts = IndexCounts::new(&searcher);
        let mut query = self.build_query_with(request, request.match_any, None, &counts)?;
        if request.expand && request.sort == Sort::Relevance && !request.query.trim().is_empty() {
            if let Some(expanded) = self.expanded(request, &*query, &counts)? {
                query = expanded;
            }
        }
        let mut results = self.run(&*query, request, request.match_any, &counts)?;
        if results.total == 0
            && request.relax
            && !request.match_any
            && !request.query.trim().is_empty()
            && counts_several_words(&self.parse(&request.query)?)
        {
            let any = self.build_query_with(request, true, None, &counts)?;
            let relaxed = self.run(&*any, request, true, &counts)?;
            if relaxed.total > 0 {
                results = SearchResults {
                    relaxed: true,
                    ..relaxed
                };
            }
        }
        Ok(results)
    }

    /// The query with the terms of its first answer's best articles added, or `None`
    /// when they offer none.
    fn expanded(
        &self,
        request: &SearchRequest,
        query: &dyn Query,
        counts: &IndexCounts,
    ) -> Result<Option<Box<dyn Query>>, Error> {
        let feedback = Feedback::default();
        let searcher = counts.searcher();
        let top = searcher.search_with_statistics_provider(
            query,
            &TopDocs::with_limit(feedback.articles).order_by_score(),
            &request.bm25.statistics(counts),
        )?;
        let analyzer = &self.store.analyzers.stem;
        let mut query_terms = HashSet::new();
        analyzer.analyze(&request.query, &mut |t| {
            query_terms.insert(t.text);
        });
        let body = self.store.fields.body;
        let Some(added) = expansion(searcher, analyzer, body, &top, &query_terms, feedback)? else {
            return Ok(None);
        };
        self.build_query_with(request, request.match_any, Some(added), counts)
            .map(Some)
    }

    /// The words a second stage reorders an any-word query's best hits by, when it
    /// applies (see [`crate::query::coverage`]).
    fn coverage_words(
        &self,
        request: &SearchRequest,
        any_words: bool,
        counts: &IndexCounts,
    ) -> Result<Option<CoverageWords>, Error> {
        if !any_words
            || request.coverage <= 0.0
            || request.sort != Sort::Relevance
            || request.query.trim().is_empty()
        {
            return Ok(None);
        }
        let mut compiler = Compiler::new(&self.store, self.default_fields(request)?, true);
        compiler.counts = Some(counts);
        Ok(compiler.coverage_words(&self.parse(&request.query)?)?)
    }

    /// Runs `query`; `any_words` when its words are an any-word list (asked for, or
    /// relaxed to), whose best hits a second stage reorders.
    fn run(
        &self,
        query: &dyn Query,
        request: &SearchRequest,
        any_words: bool,
        counts: &IndexCounts,
    ) -> Result<SearchResults, Error> {
        let coverage = self.coverage_words(request, any_words, counts)?;
        let searcher = counts.searcher();
        // No page can reach past every document; this also keeps the sums below finite.
        let max_doc = searcher.num_docs() as usize;
        let mut wanted = request.offset.saturating_add(request.limit).min(max_doc);
        if !request.include_duplicates {
            // Room for the copies that collapsing drops.
            wanted = wanted.saturating_mul(2).saturating_add(TIE_MARGIN);
        }
        let (total, addresses): (usize, Vec<(f32, DocAddress)>) = if request.limit == 0
            || max_doc == 0
        {
            (searcher.search(query, &Count)?, Vec::new())
        } else {
            match request.sort {
                Sort::Relevance => {
                    let mut limit = wanted + TIE_MARGIN;
                    if coverage.is_some() {
                        // The second stage's window, whatever the page.
                        limit = limit.max(COVERAGE_DEPTH);
                    }
                    let top = TopDocs::with_limit(limit).order_by_score();
                    let statistics = request.bm25.statistics(counts);
                    searcher.search_with_statistics_provider(query, &(Count, top), &statistics)?
                }
                Sort::Newest | Sort::Oldest => {
                    let order = if request.sort == Sort::Newest {
                        Order::Desc
                    } else {
                        Order::Asc
                    };
                    let top =
                        TopDocs::with_limit(wanted).order_by_fast_field::<DateTime>("date", order);
                    let (total, top) = searcher.search(query, &(Count, top))?;
                    (total, top.into_iter().map(|(_, a)| (0.0, a)).collect())
                }
            }
        };
        // Order ties and collapse copies on fast fields; load stored documents only
        // for the page that is printed.
        let relevance = request.sort == Sort::Relevance;
        let mut pager = Pager::new(searcher, self.store.fields.id);
        let mut candidates = pager.candidates(addresses);
        if relevance {
            candidates.sort_by(by_rank);
        }
        // The second stage: the best hits scored again by the share of the query they
        // hold (and, by default, the learned features), reordered among themselves;
        // later hits keep their place after them.
        let mut seconds: HashMap<DocAddress, SecondStage> = HashMap::new();
        if let Some(words) = &coverage {
            let window = candidates.len().min(COVERAGE_DEPTH);
            let addresses: Vec<DocAddress> =
                candidates[..window].iter().map(|c| c.address).collect();
            let firsts: Vec<f32> = candidates[..window].iter().map(|c| c.score).collect();
            let stage = Rescorer {
                store: &self.store,
                searcher,
                words,
                learned: request.learned.then_some(query),
                coverage: request.coverage,
            };
            let rescored = stage.rescore(&addresses, &firsts)?;
            for (candidate, second) in candidates[..window].iter_mut().zip(rescored) {
                candidate.score = second.score;
                if request.explain {
                    seconds.insert(candidate.address, second);
                }
            }
            candidates[..window].sort_by(by_rank);
        }
        let page_end = request.offset.saturating_add(request.limit);
        let (shown, folded) = pager.page(
            &mut candidates,
            relevance,
            !request.include_duplicates,
            page_end,
        )?;
        // The page's hits, read from the stored documents' text values: each value is
        // allocated once and moved into its hit.
        let mut page = Vec::with_capacity(shown.len().saturating_sub(request.offset));
        let last = (!request.snippets && schema::body_stored_last(self.store.decl.version))
            .then_some(self.store.fields.path);
        for (score, address) in shown.into_iter().skip(request.offset) {
            let mut doc = stored_text(searcher, address, last)?;
            let body = if request.snippets {
                doc.take(self.store.fields.body)
            } else {
                None
            };
            page.push((self.stored_hit(&mut doc, score), address, body));
        }
        if request.snippets && !page.is_empty() {
            let body = self.store.fields.body;
            // The body's stems alone: its analyser as indexing runs it also makes the
            // marked forms and keeps the lede's stems for the next field.
            let stems = self.store.analyzers.stem.clone();
            let mut maker = SnippetMaker::new(counts, query, body, stems, SNIPPET_CHARS)
                .map_err(Error::Index)?;
            for (hit, _, text) in page.iter_mut() {
                hit.snippet = Some(maker.snippet(text.as_deref().unwrap_or_default()));
            }
        }
        if request.explain {
            // Scored with the same statistics as the ranking, so the numbers add up.
            let statistics = request.bm25.statistics(counts);
            let weight = query.weight(EnableScoring::enabled_from_statistics_provider(
                &statistics,
                searcher,
            ))?;
            for (hit, address, _) in page.iter_mut() {
                let segment = searcher.segment_reader(address.segment_ord);
                let explanation = weight.explain(segment, address.doc_id)?;
                hit.explanation = serde_json::from_str(&explanation.to_pretty_json())
                    .ok()
                    .map(|mut tree| {
                        name_fields(&mut tree, &self.store.index.schema());
                        match seconds.get(address) {
                            Some(second) => {
                                second_stage_explanation(tree, hit.score, second, request.coverage)
                            }
                            None => tree,
                        }
                    });
            }
        }
        Ok(SearchResults {
            total,
            hits: page.into_iter().map(|h| h.0).collect(),
            relaxed: false,
            folded,
        })
    }

    pub fn hit(&self, doc: &TantivyDocument, score: f32) -> Hit {
        let fields = &self.store.fields;
        let optional = |field: Option<Field>| field.and_then(|f| text_of(doc, f));
        Hit {
            id: text_of(doc, fields.id).unwrap_or_default(),
            title: text_of(doc, fields.title).unwrap_or_default(),
            date: text_of(doc, fields.published),
            source: text_of(doc, fields.source),
            author: optional(self.author),
            url: optional(self.url),
            path: text_of(doc, fields.path).unwrap_or_default(),
            score,
            snippet: None,
            explanation: None,
        }
    }

    /// The hit for a stored document read as [`StoredText`] (the same fields as
    /// [`hit`](Self::hit)); its values are moved out.
    fn stored_hit(&self, doc: &mut StoredText, score: f32) -> Hit {
        let fields = &self.store.fields;
        let mut optional = |field: Option<Field>| field.and_then(|f| doc.take(f));
        let author = optional(self.author);
        let url = optional(self.url);
        Hit {
            id: doc.take(fields.id).unwrap_or_default(),
            title: doc.take(fields.title).unwrap_or_default(),
            date: doc.take(fields.published),
            source: doc.take(fields.source),
            author,
            url,
            path: doc.take(fields.path).unwrap_or_default(),
            score,
            snippet: None,
            explanation: None,
        }
    }
}

/// True when the query's top level asks for two or more words, so that relaxing it to
/// "any of them" can find something. Words joined by `AND` are one group at the top
/// level, which relaxing keeps whole.
pub(crate) fn counts_several_words(expr: &Expr) -> bool {
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

/// Replaces tantivy's field numbers (`Term(field=6, ...)`) in an explanation's
/// contexts with the fields' names.
fn name_fields(tree: &mut serde_json::Value, schema: &tantivy::schema::Schema) {
    if let Some(contexts) = tree.get_mut("context").and_then(|c| c.as_array_mut()) {
        for context in contexts {
            let Some(text) = context.as_str() else {
                continue;
            };
            let named = match text.split_once("field=") {
                Some((head, rest)) => {
                    let digits =
                        rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                    match rest[..digits].parse::<u32>() {
                        Ok(id) if (id as usize) < schema.num_fields() => format!(
                            "{head}field={}{}",
                            schema.get_field_name(Field::from_field_id(id)),
                            &rest[digits..]
                        ),
                        _ => continue,
                    }
                }
                None => continue,
            };
            *context = serde_json::Value::String(named);
        }
    }
    if let Some(details) = tree.get_mut("details").and_then(|d| d.as_array_mut()) {
        for detail in details {
            name_fields(detail, schema);
        }
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

/// The fields a request's words without `field:` are searched in: those it names, each
/// one a queryable field, or else the declaration's default search fields. Shared by
/// the local index and OpenSearch.
pub(crate) fn searched_fields(
    decl: &crate::schema::SchemaDecl,
    queryable: &[String],
    request: &SearchRequest,
) -> Result<Vec<String>, Error> {
    match &request.fields {
        None => Ok(decl
            .default_search_fields()
            .iter()
            .map(|f| f.name.clone())
            .collect()),
        Some(names) => match names.iter().find(|name| !queryable.contains(name)) {
            Some(name) => Err(Error::UnknownField {
                name: name.clone(),
                known: queryable.join(", "),
            }),
            None => Ok(names.clone()),
        },
    }
}
