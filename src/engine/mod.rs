//! The archive as a library: one type, [`Archive`], opened once, that answers typed
//! requests (a search, an article by id, counts per outlet or month, the index's
//! statistics, the groups of duplicates) with typed results or a typed [`Error`]. The
//! command line and the HTTP server are adapters over it; it knows nothing of either.

mod error;
#[cfg(test)]
pub(crate) mod tests;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::json;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

pub use error::{Error, Result};

use crate::duplicates::{group, group_of, members, resolve_ids, Group};
use crate::query::dates::{self, day_text, month_of};
use crate::search::{text_of, Hit, Searcher};

use crate::directory::Reads;
pub use crate::query::coverage_exponent;
pub use crate::query::Bm25;
pub use crate::search::{SearchRequest, SearchResults, Sort};
use crate::store::Store;

/// What to count matching articles by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetBy {
    Source,
    Month,
    Year,
}

impl FacetBy {
    pub fn name(self) -> &'static str {
        match self {
            FacetBy::Source => "source",
            FacetBy::Month => "month",
            FacetBy::Year => "year",
        }
    }
}

/// The key of the articles a facet cannot place (no date, no outlet).
pub const UNKNOWN_KEY: &str = "unknown";

/// Counts of matching articles, and how many matched in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub groups: Vec<Bucket>,
    pub total: u64,
}

/// Matching articles with one outlet, in one month (`2019-09`) or one year (`2019`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bucket {
    pub key: String,
    pub count: u64,
}

/// One stored article in full, with the copies of its story the archive holds.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    #[serde(flatten)]
    pub hit: Hit,
    pub body: String,
    /// The `Baca juga:` headlines kept apart from the body.
    pub related: Vec<String>,
    /// The canonical copy of this article's story, when this one is not it.
    pub duplicate_of: Option<String>,
    /// The ids of the other copies of this story.
    pub duplicates: Vec<String>,
}

/// What the index holds.
#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    pub documents: u64,
    pub sources: Vec<Bucket>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub size_bytes: u64,
    pub segments: usize,
    pub index: PathBuf,
}

/// Copies of one story: the canonical article and the others.
#[derive(Clone, Debug, Serialize)]
pub struct DuplicateGroup {
    pub canonical: String,
    pub duplicates: Vec<String>,
}

/// An index opened for answering requests; open it once and ask many questions.
pub struct Archive {
    searcher: Searcher,
    /// The duplicate groups of the searcher generation they were computed for.
    groups: Mutex<Option<(u64, Arc<Vec<Group>>)>>,
}

impl Archive {
    /// Opens the index at `dir` as it is now.
    pub fn open(dir: &Path) -> Result<Archive> {
        let store = Store::open(dir).map_err(Error::Open)?;
        Ok(Archive::new(Searcher::new(store).map_err(Error::Open)?))
    }

    /// Opens the index at `dir` for a process that asks one question and ends: short
    /// reads of the index files are copied rather than mapped (see
    /// [`crate::directory::Reads::CopyShort`]). The answers are the same.
    pub fn open_for_one_question(dir: &Path) -> Result<Archive> {
        let store = Store::open_with(dir, Reads::CopyShort).map_err(Error::Open)?;
        Ok(Archive::new(Searcher::new(store).map_err(Error::Open)?))
    }

    /// Opens the index at `dir` and follows it: what a `warta index` run commits is
    /// seen by the next request (within about a second), without a restart.
    pub fn open_live(dir: &Path) -> Result<Archive> {
        let store = Store::open(dir).map_err(Error::Open)?;
        Ok(Archive::new(Searcher::live(store).map_err(Error::Open)?))
    }

    fn new(searcher: Searcher) -> Archive {
        Archive {
            searcher,
            groups: Mutex::new(None),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.searcher.store.dir
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.searcher.search(request)
    }

    /// Matching articles counted per outlet (most first), month or year (in order);
    /// those without a date or an outlet are counted under [`UNKNOWN_KEY`], last.
    pub fn facets(&self, request: &SearchRequest, by: FacetBy) -> Result<Facets> {
        let query = self.searcher.build_query(request, request.match_any)?;
        let agg = match by {
            FacetBy::Source => {
                json!({"by": {"terms": {"field": "source", "size": 10000, "order": {"_count": "desc"}}}})
            }
            FacetBy::Month => {
                json!({"by": {"histogram": {"field": "day", "interval": 100, "min_doc_count": 1}}})
            }
            FacetBy::Year => {
                json!({"by": {"histogram": {"field": "day", "interval": 10000, "min_doc_count": 1}}})
            }
        };
        let result = self.aggregate(&*query, agg)?;
        let matched = self.searcher.reader().searcher().search(&*query, &Count)? as u64;
        Ok(facets_from_aggregation(&result, by, matched))
    }

    /// The article with `id`, or [`Error::NoArticle`].
    pub fn article(&self, id: &str) -> Result<Article> {
        let fields = self.searcher.store.fields;
        let query = TermQuery::new(
            Term::from_field_text(fields.id, id),
            IndexRecordOption::Basic,
        );
        let searcher = self.searcher.reader().searcher();
        let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = found.first() else {
            return Err(Error::NoArticle(id.to_string()));
        };
        let doc: TantivyDocument = searcher.doc(*address)?;
        let hit = self.searcher.hit(&doc, 0.0);
        let related = self
            .searcher
            .store
            .index
            .schema()
            .get_field("related")
            .map(|f| {
                doc.get_all(f)
                    .filter_map(|v| tantivy::schema::Value::as_str(&v).map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let body = text_of(&doc, fields.body).unwrap_or_default();
        // One group, not the whole index's (see `duplicates::group_of`).
        let group = group_of(&searcher, *address).map_err(Error::Index)?;
        let group = group.as_ref();
        let duplicate_of = group
            .map(|g| g.canonical().id.clone())
            .filter(|c| *c != hit.id);
        let duplicates = group
            .map(|g| {
                g.members
                    .iter()
                    .map(|m| m.id.clone())
                    .filter(|other| *other != hit.id)
                    .collect()
            })
            .unwrap_or_default();
        Ok(Article {
            hit,
            body,
            related,
            duplicate_of,
            duplicates,
        })
    }

    /// Every group of copies of one story, ordered by canonical id.
    pub fn duplicates(&self) -> Result<Vec<DuplicateGroup>> {
        Ok(self
            .groups()?
            .iter()
            .map(|g| DuplicateGroup {
                canonical: g.canonical().id.clone(),
                duplicates: g.members[1..].iter().map(|m| m.id.clone()).collect(),
            })
            .collect())
    }

    /// The groups of the index as it is now, computed once per committed state.
    fn groups(&self) -> Result<Arc<Vec<Group>>> {
        let searcher = self.searcher.reader().searcher();
        let generation = searcher.generation().generation_id();
        let mut cached = self.groups.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, groups)) = cached.as_ref() {
            if *seen == generation {
                return Ok(groups.clone());
            }
        }
        let mut groups = group(members(&searcher).map_err(Error::Index)?);
        resolve_ids(&searcher, &mut groups).map_err(Error::Index)?;
        let groups = Arc::new(groups);
        *cached = Some((generation, groups.clone()));
        Ok(groups)
    }

    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.searcher.reader().searcher();
        let sources = self.source_counts()?;
        let days = self.aggregate(
            &AllQuery,
            json!({"first": {"min": {"field": "day"}}, "last": {"max": {"field": "day"}}}),
        )?;
        let day = |name: &str| days[name]["value"].as_f64().map(|d| day_text(d as u64));
        let size = std::fs::read_dir(self.dir())
            .map_err(|e| Error::Index(e.into()))?
            .filter_map(|e| e.ok()?.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum();
        Ok(Stats {
            documents: searcher.num_docs(),
            sources,
            first_date: day("first"),
            last_date: day("last"),
            size_bytes: size,
            segments: searcher.segment_readers().len(),
            index: self.dir().to_path_buf(),
        })
    }

    /// Articles per outlet, most first.
    fn source_counts(&self) -> Result<Vec<Bucket>> {
        let agg = json!({"by": {"terms": {"field": "source", "size": 10000, "order": {"_count": "desc"}}}});
        let result = self.aggregate(&AllQuery, agg)?;
        let buckets = result["by"]["buckets"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        Ok(buckets
            .iter()
            .map(|b| Bucket {
                key: b["key"].as_str().unwrap_or("").to_string(),
                count: b["doc_count"].as_u64().unwrap_or(0),
            })
            .collect())
    }

    /// Runs a tantivy aggregation (given as Elasticsearch-style JSON) over the matches.
    fn aggregate(
        &self,
        query: &dyn Query,
        request: serde_json::Value,
    ) -> Result<serde_json::Value> {
        let aggs: Aggregations =
            serde_json::from_value(request).map_err(|e| Error::Index(e.into()))?;
        let context = AggContextParams::new(
            AggregationLimitsGuard::default(),
            self.searcher.store.index.tokenizers().clone(),
        );
        let collector = AggregationCollector::from_aggs(aggs, context);
        let result = self
            .searcher
            .reader()
            .searcher()
            .search(query, &collector)?;
        serde_json::to_value(result).map_err(|e| Error::Index(e.into()))
    }
}

/// The first (`end == false`) or last day a date bound as people write it covers
/// (`2019-09-30`, `2019-09`, `13 September 2023`, `7d`, `kemarin`; `*` is open), as
/// the YYYYMMDD number a [`SearchRequest`] takes. `bound` names where the text came
/// from (`--since`, `since`) for the error.
pub fn day_bound(text: &str, end: bool, bound: &'static str) -> Result<Option<u64>> {
    dates::day_bound(text, end, dates::today_wib())
        .map_err(|source| Error::BadDate { bound, source })
}

/// Facets from an aggregation answer named `by` (tantivy's and OpenSearch's share the
/// shape): one bucket per outlet, month or year, and the `matched` articles that fall
/// in none (no date, no outlet) counted under [`UNKNOWN_KEY`], last, rather than left out.
pub fn facets_from_aggregation(result: &serde_json::Value, by: FacetBy, matched: u64) -> Facets {
    let mut groups: Vec<Bucket> = result["by"]["buckets"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|bucket| {
            let day = bucket["key"].as_f64().unwrap_or(0.0) as u64;
            let key = match by {
                FacetBy::Source => bucket["key"].as_str().unwrap_or("").to_string(),
                FacetBy::Month => month_of(day + 1),
                FacetBy::Year => day_text(day + 101)[..4].to_string(),
            };
            Bucket {
                key,
                count: bucket["doc_count"].as_u64().unwrap_or(0),
            }
        })
        .collect();
    let grouped: u64 = groups.iter().map(|g| g.count).sum();
    if matched > grouped {
        groups.push(Bucket {
            key: UNKNOWN_KEY.to_string(),
            count: matched - grouped,
        });
    }
    Facets {
        total: matched.max(grouped),
        groups,
    }
}
