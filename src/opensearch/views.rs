//! What the cluster answers besides ranked hits, for the same commands as the local
//! archive: aggregations over a query's matches (facets), the index's statistics and
//! one article by id.

use anyhow::{bail, Result};
use serde_json::{json, Value};

use super::documents::RAW;
use super::search::RemoteSearcher;
use crate::engine::{facets_from_aggregation, Article, Bucket, FacetBy, Facets, Stats};
use crate::query::dates::day_text;
use crate::search::SearchRequest;

impl RemoteSearcher {
    /// The matches' aggregation answer for an Elasticsearch-style request; `terms` on
    /// a text field counts its whole values (its keyword twin), as locally.
    pub fn aggregate(&self, request: &SearchRequest, aggregation: Value) -> Result<Value> {
        let query = self.build_query(request, request.match_any)?;
        self.aggregate_matching(query, aggregation)
    }

    /// Like [`aggregate`](Self::aggregate), over the matches of a Query DSL query.
    pub fn aggregate_matching(&self, query: Value, mut aggregation: Value) -> Result<Value> {
        if let Some(aggs) = aggregation.as_object_mut() {
            for agg in aggs.values_mut() {
                if let Some(field) = agg["terms"]["field"].as_str().map(String::from) {
                    if self
                        .decl
                        .field(&field)
                        .is_some_and(|f| f.fast && f.kind == crate::schema::FieldType::Text)
                    {
                        agg["terms"]["field"] = json!(format!("{field}.{RAW}"));
                    }
                }
            }
        }
        let body =
            json!({"query": query, "size": 0, "aggs": aggregation, "track_total_hits": true});
        let answer = self
            .client
            .json("POST", &self.client.index_path("_search"), &body)?;
        let mut out = answer["aggregations"].clone();
        out["total"] = answer["hits"]["total"]["value"].clone();
        Ok(out)
    }

    /// Matching articles counted per outlet, month or year, as `Archive::facets`.
    pub fn facets(&self, request: &SearchRequest, by: FacetBy) -> Result<Facets> {
        let agg = match by {
            FacetBy::Source => {
                json!({"by": {"terms": {"field": "source", "size": 10000, "order": [{"_count": "desc"}, {"_key": "asc"}]}}})
            }
            FacetBy::Month => {
                json!({"by": {"histogram": {"field": "day", "interval": 100, "min_doc_count": 1}}})
            }
            FacetBy::Year => {
                json!({"by": {"histogram": {"field": "day", "interval": 10000, "min_doc_count": 1}}})
            }
        };
        let result = self.aggregate(request, agg)?;
        let matched = result["total"].as_u64().unwrap_or(0);
        Ok(facets_from_aggregation(&result, by, matched))
    }

    /// What the exported index holds: documents, outlets and days from the cluster;
    /// size and segments of its primary shards.
    pub fn stats(&self) -> Result<Stats> {
        let answer = self.aggregate_matching(
            json!({"match_all": {}}),
            json!({
                "by": {"terms": {"field": "source", "size": 10000, "order": [{"_count": "desc"}, {"_key": "asc"}]}},
                "first": {"min": {"field": "day"}},
                "last": {"max": {"field": "day"}}
            }),
        )?;
        let day = |name: &str| answer[name]["value"].as_f64().map(|d| day_text(d as u64));
        let sources = answer["by"]["buckets"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|b| Bucket {
                key: b["key"].as_str().unwrap_or("").to_string(),
                count: b["doc_count"].as_u64().unwrap_or(0),
            })
            .collect();
        let client = &self.client;
        let store = client.expect_ok(
            "GET",
            &client.index_path("_stats/store,segments,docs"),
            None,
        )?;
        let primaries = &store["_all"]["primaries"];
        Ok(Stats {
            documents: primaries["docs"]["count"].as_u64().unwrap_or(0),
            sources,
            first_date: day("first"),
            last_date: day("last"),
            size_bytes: primaries["store"]["size_in_bytes"].as_u64().unwrap_or(0),
            segments: primaries["segments"]["count"].as_u64().unwrap_or(0) as usize,
            index: std::path::PathBuf::from(client.target.to_string()),
        })
    }

    /// The article with this id as exported, or None. Copies of its story are not
    /// looked for on the cluster (`warta duplicates` on the local index lists them).
    pub fn article(&self, id: &str) -> Result<Option<Article>> {
        let Some(source) = self.source(id)? else {
            return Ok(None);
        };
        let texts = |name: &str| -> Vec<String> {
            match &source[name] {
                Value::String(s) => vec![s.clone()],
                Value::Array(items) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
                _ => Vec::new(),
            }
        };
        let hit = self.hit(&json!({"_source": source}), false);
        Ok(Some(Article {
            hit,
            body: texts("body").join("; "),
            related: texts("related"),
            duplicate_of: None,
            duplicates: Vec::new(),
        }))
    }

    /// The stored source of the article with this id, or None.
    pub fn source(&self, id: &str) -> Result<Option<Value>> {
        let path = self.client.index_path(&format!("_doc/{}", url_segment(id)));
        let (status, answer) = self.client.send("GET", &path, None)?;
        match status {
            200 => Ok(Some(answer["_source"].clone())),
            404 => Ok(None),
            _ => bail!(
                "{}: {status} {}",
                self.client.target,
                super::client::reason(&answer)
            ),
        }
    }
}

/// An id as one URL path segment.
fn url_segment(id: &str) -> String {
    let mut out = String::new();
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_escaped_as_path_segments() {
        assert_eq!(
            url_segment("tribunnews/2023/a b.txt:3"),
            "tribunnews%2F2023%2Fa%20b.txt%3A3"
        );
    }
}
