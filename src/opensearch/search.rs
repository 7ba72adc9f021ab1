//! Answering warta's requests from an OpenSearch index made by `warta export`: the
//! same request type, the same result types and the same ranking rules as the local
//! search (BM25 over the same terms, statistics over all shards, equal scores ordered
//! by day then id, one copy per story), so that every output format is shared.

use std::collections::HashMap;

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};

use super::client::Client;
use super::documents::BODY_WORDS;
use super::dsl::{coverage_rescore, day_range, DslCompiler, FetchedCounts};
use super::learned::{LearnedPlan, Scored};
use crate::duplicates::{signature_from_values, Fingerprint};
use crate::query::compile::queryable_fields_of;
use crate::query::coverage::COVERAGE_DEPTH;
use crate::query::{self, Bm25, Expr, Proximity};
use crate::rerank::{second_stage_explanation, SecondStage};
use crate::schema::SchemaDecl;
use crate::search::{
    counts_several_words, searched_fields, Hit, SearchRequest, SearchResults, Snippet, Sort,
};
use crate::store::UserWords;
use crate::tokenizer::Analyzers;

/// Extra hits fetched beyond the page, as locally.
const TIE_MARGIN: usize = 16;
const SNIPPET_CHARS: usize = 220;
/// Marks around highlighted words; private-use characters news text does not hold.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// An exported index opened for searching: its declaration and word lists (from the
/// mapping's `_meta`) and warta's analysers built from them.
pub struct RemoteSearcher {
    pub client: Client,
    pub decl: SchemaDecl,
    pub words: UserWords,
    analyzers: Analyzers,
    field_names: Vec<String>,
    /// Whether the index holds the bodies' lengths the learned stage reads (indexes
    /// exported before it did not).
    body_words: bool,
}

/// The second stage a search asks the cluster for.
enum Second {
    None,
    /// OpenSearch's `rescore` of the coverage stage.
    Coverage(Value),
    /// The learned stage, scored here over the hits.
    Learned(LearnedPlan),
}

impl RemoteSearcher {
    pub fn open(client: Client) -> Result<RemoteSearcher> {
        let (status, answer) = client.send("GET", &client.index_path("_mapping"), None)?;
        if status == 404 {
            bail!(
                "{}: no such index (make it with `warta export --opensearch {}`)",
                client.target,
                client.target
            );
        }
        if status != 200 {
            bail!(
                "{}: {status} {}",
                client.target,
                super::client::reason(&answer)
            );
        }
        let mapping = answer
            .as_object()
            .and_then(|o| o.values().next())
            .ok_or_else(|| anyhow!("{}: unexpected answer to GET _mapping", client.target))?;
        let meta = &mapping["mappings"]["_meta"]["warta"];
        if meta.is_null() {
            bail!("{}: this index was not made by warta export", client.target);
        }
        let decl: SchemaDecl =
            serde_json::from_value(meta["schema"].clone()).with_context(|| {
                format!("{}: unreadable schema in the index's _meta", client.target)
            })?;
        let words: UserWords =
            serde_json::from_value(meta["words"].clone()).with_context(|| {
                format!(
                    "{}: unreadable word lists in the index's _meta",
                    client.target
                )
            })?;
        let analyzers = Analyzers::new(&words.options());
        let field_names = queryable_fields_of(&decl);
        let body_words = !mapping["mappings"]["properties"][BODY_WORDS].is_null();
        Ok(RemoteSearcher {
            body_words,
            client,
            decl,
            words,
            analyzers,
            field_names,
        })
    }

    pub fn parse(&self, text: &str) -> Result<Expr> {
        let names: Vec<&str> = self.field_names.iter().map(String::as_str).collect();
        query::parse(text, &names).map_err(|e| anyhow!("{e}"))
    }

    fn default_fields(&self, request: &SearchRequest) -> Result<Vec<String>> {
        Ok(searched_fields(&self.decl, &self.field_names, request)?)
    }

    /// The Query DSL for `request`, filters included (as scoring clauses, as locally).
    pub fn build_query(&self, request: &SearchRequest, match_any: bool) -> Result<Value> {
        Ok(self.compile(request, match_any, false)?.0)
    }

    /// Why the learned second stage is not applied on this index, when it is not: an
    /// index exported before the bodies' lengths were is ranked by the coverage stage.
    pub fn learned_note(&self) -> Option<String> {
        (!self.body_words).then(|| {
            format!(
                "{} was exported without the bodies' lengths the learned ranking reads: \
                 its hits are ranked by the coverage stage alone (as with --no-learned); \
                 export it again to rank them as a local index does",
                self.client.target
            )
        })
    }

    /// The Query DSL for `request` and, when `coverage` is asked for and applies, its
    /// second stage: the learned one by default (when the index holds what it reads),
    /// else the coverage `rescore`. The counts both need come in one request.
    fn compile(
        &self,
        request: &SearchRequest,
        match_any: bool,
        coverage: bool,
    ) -> Result<(Value, Second)> {
        let expr = self.parse(&request.query)?;
        let mut compiler = DslCompiler::new(
            &self.decl,
            &self.analyzers,
            self.default_fields(request)?,
            match_any,
            self.words.abbreviation_terms,
        );
        if request.proximity {
            compiler.proximity = Some(Proximity::default());
        }
        // As locally: an any-word query (asked for, or relaxed to) ranked by relevance.
        let coverage = coverage
            && match_any
            && request.coverage > 0.0
            && request.sort == Sort::Relevance
            && !request.query.trim().is_empty();
        let weighted = match_any && request.damp_idf;
        let mut terms = Vec::new();
        if weighted {
            terms = compiler.weighted_terms(&expr);
        }
        if coverage {
            for term in compiler.coverage_terms(&expr) {
                if !terms.contains(&term) {
                    terms.push(term);
                }
            }
        }
        let counts;
        let mut words = None;
        if weighted || coverage {
            counts = self.term_counts(&terms)?;
            compiler.counts = Some(&counts);
            if coverage {
                words = compiler.coverage_words(&expr).map_err(|e| anyhow!("{e}"))?;
            }
            if !weighted {
                compiler.counts = None;
            }
        }
        let main = compiler.compile(&expr).map_err(|e| anyhow!("{e}"))?;
        let rescore = match words {
            Some(words) if request.learned && self.body_words => {
                Second::Learned(LearnedPlan::new(&self.decl, &self.analyzers, &main, &words))
            }
            Some(words) => Second::Coverage(coverage_rescore(&words, request.coverage)),
            None => Second::None,
        };
        let mut must = vec![main];
        if !request.sources.is_empty() {
            must.push(compiler.sources(&request.sources).map_err(|e| anyhow!(e))?);
        }
        // A date window filters (no score), as it does locally.
        let window = (request.since.is_some() || request.until.is_some())
            .then(|| day_range(request.since, request.until));
        if must.len() == 1 && window.is_none() {
            return Ok((must.pop().expect("one clause"), rescore));
        }
        let mut query = json!({"bool": {"must": must}});
        if let Some(window) = window {
            query["bool"]["filter"] = json!([window]);
        }
        Ok((query, rescore))
    }

    /// How many articles there are and how many hold each (field, term), in one
    /// request: the counts the local index reads from its term dictionary.
    fn term_counts(&self, terms: &[(String, String)]) -> Result<FetchedCounts> {
        let filters: serde_json::Map<String, Value> = terms
            .iter()
            .enumerate()
            .map(|(i, (field, term))| (i.to_string(), json!({"term": {field.clone(): term}})))
            .collect();
        let mut body = json!({"size": 0, "track_total_hits": true, "query": {"match_all": {}}});
        if !filters.is_empty() {
            body["aggs"] = json!({"df": {"filters": {"filters": filters}}});
        }
        let answer = self
            .client
            .json("POST", &self.client.index_path("_search"), &body)?;
        let articles = answer["hits"]["total"]["value"]
            .as_u64()
            .ok_or_else(|| anyhow!("the cluster's answer has no hit count"))?;
        let buckets = &answer["aggregations"]["df"]["buckets"];
        let doc_freqs = terms
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let count = buckets[i.to_string()]["doc_count"].as_u64().unwrap_or(0);
                (key.clone(), count)
            })
            .collect();
        Ok(FetchedCounts {
            articles,
            doc_freqs,
        })
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        if request.bm25 != Bm25::default() {
            let bm25 = Bm25::default();
            bail!(
                "BM25's k1 can be chosen per search on a local index only: an OpenSearch \
                 index has the k1 and b `warta export` gives it ({} and {})",
                bm25.k1(),
                bm25.b()
            );
        }
        let (query, rescore) = self.compile(request, request.match_any, true)?;
        let mut results = self.run(&query, rescore, request)?;
        if results.total == 0
            && request.relax
            && !request.match_any
            && counts_several_words(&self.parse(&request.query)?)
        {
            let (any, rescore) = self.compile(request, true, true)?;
            let relaxed = self.run(&any, rescore, request)?;
            if relaxed.total > 0 {
                results = SearchResults {
                    relaxed: true,
                    ..relaxed
                };
            }
        }
        Ok(results)
    }

    /// Runs `query`, its best hits scored again by its second stage.
    fn run(&self, query: &Value, second: Second, request: &SearchRequest) -> Result<SearchResults> {
        let mut wanted = request.offset.saturating_add(request.limit);
        if !request.include_duplicates {
            wanted = wanted.saturating_mul(2).saturating_add(TIE_MARGIN);
        }
        // OpenSearch pages at most 10,000 hits deep by default.
        let mut size = if request.limit == 0 {
            0
        } else {
            (wanted + TIE_MARGIN).min(10_000)
        };
        let (rescore, learned) = match second {
            Second::None => (None, None),
            Second::Coverage(rescore) => (Some(rescore), None),
            Second::Learned(plan) => (None, Some(plan)),
        };
        if learned.is_some() && size > 0 {
            // The whole window, whatever the page, as locally.
            size = size.max(COVERAGE_DEPTH);
        }
        if rescore.is_some() && request.offset.saturating_add(request.limit) <= COVERAGE_DEPTH {
            // OpenSearch sorts the hits past its rescore window together with the
            // rescored ones by score; locally they follow the window. A page within the
            // window is answered from the window alone.
            size = size.min(COVERAGE_DEPTH);
        }
        let sort = match request.sort {
            Sort::Relevance => {
                json!([{"_score": "desc"}, {"day": {"order": "asc", "missing": "_last"}}, {"id": "asc"}])
            }
            Sort::Newest => json!([{"date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]),
            Sort::Oldest => json!([{"date": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]),
        };
        let learned = learned.filter(|_| size > 0);
        let mut body = json!({
            "query": match &learned {
                Some(plan) => plan.named(query.clone()),
                None => query.clone(),
            },
            "size": size,
            "track_total_hits": true,
            "track_scores": true,
            "sort": sort,
            "_source": {"excludes": ["body", "related", "lede"]},
        });
        if request.explain {
            body["explain"] = json!(true);
        }
        let rescore = rescore.filter(|_| size > 0);
        let rescored = rescore.is_some();
        if let Some(rescore) = rescore {
            // OpenSearch rescores only hits sorted by score alone: equal scores are
            // ordered below, as locally.
            body["rescore"] = rescore;
            if let Some(fields) = body.as_object_mut() {
                fields.remove("sort");
                fields.remove("track_scores");
            }
        }
        // Statistics from every shard, so that scores do not depend on where a document lives.
        let answer = self.client.json(
            "POST",
            &self
                .client
                .index_path("_search?search_type=dfs_query_then_fetch"),
            &body,
        )?;
        let total = answer["hits"]["total"]["value"].as_u64().unwrap_or(0) as usize;
        let mut candidates: Vec<Value> = answer["hits"]["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if rescored {
            candidates.sort_by(by_relevance);
        }
        // The learned stage: the window scored again here and reordered among itself;
        // later hits keep their place after it.
        let mut scored: HashMap<String, Scored> = HashMap::new();
        if let Some(plan) = &learned {
            let window = candidates.len().min(COVERAGE_DEPTH);
            let seconds = plan
                .rescore(&mut candidates[..window])
                .map_err(|e| anyhow!("{}: {e}", self.client.target))?;
            for (hit, second) in candidates.iter().zip(seconds) {
                scored.insert(hit["_id"].as_str().unwrap_or("").to_string(), second);
            }
            candidates[..window].sort_by(by_relevance);
        }
        let mut folded = 0;
        if !request.include_duplicates {
            let page_end = request.offset.saturating_add(request.limit);
            let mut kept: Vec<Fingerprint> = Vec::new();
            candidates.retain(|hit| {
                let fingerprint = fingerprint_of(&hit["_source"]);
                let copy = kept.iter().any(|k| k.same_story(&fingerprint));
                if !copy {
                    kept.push(fingerprint);
                } else if kept.len() <= page_end {
                    folded += 1;
                }
                !copy
            });
        }
        let page: Vec<Value> = candidates
            .into_iter()
            .skip(request.offset)
            .take(request.limit)
            .collect();
        let mut hits: Vec<Hit> = page
            .iter()
            .map(|h| {
                let mut hit = self.hit(h, request.sort == Sort::Relevance);
                let second = scored.get(h["_id"].as_str().unwrap_or(""));
                if let (Some(first), Some(second)) = (&hit.explanation, second) {
                    let second = SecondStage {
                        score: hit.score,
                        first: second.first,
                        share: second.share,
                        learned: Some((second.held, second.any, second.length)),
                    };
                    hit.explanation = Some(second_stage_explanation(
                        first.clone(),
                        hit.score,
                        &second,
                        0.0,
                    ));
                }
                hit
            })
            .collect();
        if request.snippets && !hits.is_empty() {
            let snippets = self.snippets(query, &hits)?;
            for hit in hits.iter_mut() {
                hit.snippet = snippets.get(&hit.id).cloned();
            }
        }
        Ok(SearchResults {
            total,
            hits,
            relaxed: false,
            folded,
        })
    }

    pub(super) fn hit(&self, hit: &Value, scored: bool) -> Hit {
        let source = &hit["_source"];
        let text = |name: &str| match &source[name] {
            Value::String(s) => Some(s.clone()),
            Value::Array(items) => {
                let values: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                (!values.is_empty()).then(|| values.join("; "))
            }
            _ => None,
        };
        Hit {
            id: text("id").unwrap_or_default(),
            title: text("title").unwrap_or_default(),
            date: text("published"),
            source: text("source"),
            author: text("author"),
            url: text("url"),
            path: text("path").unwrap_or_default(),
            score: if scored {
                hit["_score"].as_f64().unwrap_or(0.0) as f32
            } else {
                0.0
            },
            snippet: None,
            explanation: hit.get("_explanation").cloned(),
        }
    }

    /// One passage of each hit's body with the matched words marked, from the
    /// cluster's highlighter; the lede when no body word matched.
    fn snippets(
        &self,
        query: &Value,
        hits: &[Hit],
    ) -> Result<std::collections::HashMap<String, Snippet>> {
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        let body = json!({
            "query": {"bool": {"must": [query], "filter": [{"ids": {"values": ids}}]}},
            "size": ids.len(),
            "_source": ["id", "body"],
            "highlight": {
                "pre_tags": [OPEN.to_string()],
                "post_tags": [CLOSE.to_string()],
                "fields": {"body": {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1, "no_match_size": SNIPPET_CHARS}}
            }
        });
        let answer = self
            .client
            .json("POST", &self.client.index_path("_search"), &body)?;
        let mut out = std::collections::HashMap::new();
        for hit in answer["hits"]["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            let id = hit["_source"]["id"].as_str().unwrap_or("").to_string();
            let snippet = match hit["highlight"]["body"][0].as_str() {
                Some(marked) => unmark(marked),
                None => {
                    let body = hit["_source"]["body"].as_str().unwrap_or("");
                    let end = body
                        .char_indices()
                        .nth(SNIPPET_CHARS)
                        .map(|(i, _)| i)
                        .unwrap_or(body.len());
                    Snippet {
                        text: body[..end].to_string(),
                        highlights: Vec::new(),
                    }
                }
            };
            out.insert(id, snippet);
        }
        Ok(out)
    }
}

/// The order of the `sort` a search by relevance asks for: score, then the earliest
/// day (articles without one last), then id.
fn by_relevance(a: &Value, b: &Value) -> std::cmp::Ordering {
    let score = |hit: &Value| hit["_score"].as_f64().unwrap_or(0.0);
    let day = |hit: &Value| hit["_source"]["day"].as_u64().unwrap_or(u64::MAX);
    let id = |hit: &Value| hit["_source"]["id"].as_str().unwrap_or("").to_string();
    score(b)
        .total_cmp(&score(a))
        .then_with(|| day(a).cmp(&day(b)))
        .then_with(|| id(a).cmp(&id(b)))
}

fn fingerprint_of(source: &Value) -> Fingerprint {
    let hash = source["hash"].as_u64().unwrap_or(0);
    let signature = source["minhash"]
        .as_array()
        .and_then(|values| signature_from_values(values.iter().filter_map(Value::as_u64)));
    Fingerprint { hash, signature }
}

/// A highlighted fragment as text and the byte ranges of its marked words.
fn unmark(marked: &str) -> Snippet {
    let mut text = String::with_capacity(marked.len());
    let mut highlights = Vec::new();
    let mut start = None;
    for c in marked.chars() {
        match c {
            OPEN => start = Some(text.len()),
            CLOSE => {
                if let Some(s) = start.take() {
                    highlights.push((s, text.len()));
                }
            }
            _ => text.push(c),
        }
    }
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_byte_ranges() {
        let snippet = unmark("“Korut” \u{E000}membangun\u{E001} satelit");
        let start = snippet.text.find("membangun").unwrap();
        assert_eq!(snippet.highlights, [(start, start + "membangun".len())]);
        assert_eq!(snippet.text, "“Korut” membangun satelit");
    }

    /// A version 4 signature is exported as 16 numbers, two values each: the high ones
    /// need all 64 bits (OpenSearch's `unsigned_long`), and come back through JSON text.
    #[test]
    fn a_packed_signature_comes_back_from_a_hit_s_source() {
        use crate::duplicates::{signature_values, SignatureKind};
        let signature: [u32; 32] = std::array::from_fn(|i| u32::MAX - 7 * i as u32);
        for kind in [SignatureKind::OnePermutation, SignatureKind::WordHashes] {
            let values: Vec<u64> = signature_values(&signature, kind).collect();
            let text = json!({"hash": 7, "minhash": values}).to_string();
            let source: Value = serde_json::from_str(&text).unwrap();
            let fingerprint = fingerprint_of(&source);
            assert_eq!(fingerprint.hash, 7);
            assert_eq!(fingerprint.signature, Some(signature), "{kind:?}: {text}");
        }
    }
}
