//! The local index as OpenSearch sees it: each article as a JSON source named after
//! `index_schema.json`'s fields, and the index's settings and mappings. Reads the
//! stored and fast fields of every live document; writes nothing.

use anyhow::{Context, Result};
use serde_json::{json, Map, Value};
use tantivy::schema::Value as _;
use tantivy::{DocAddress, TantivyDocument};

use super::analysis::{Learner, Vocabulary, STEMMED, SURFACE, WORDS};
use super::forms::implied_rules;
use crate::document::lede;
use crate::query::Bm25;
use crate::schema::{AnalyzerName, FieldType, Source};
use crate::store::Store;

/// The field holding a hash of the rest of the source, so that a second export sends
/// only the articles that changed.
pub const EXPORT_HASH: &str = "export_hash";
/// The keyword twin of text fields that are counted by value (`--count-by source`).
pub const RAW: &str = "raw";
/// The field holding the body's length in words as the local index's BM25 reads it
/// (its field norm): the learned second stage's length, read back with the hits.
pub const BODY_WORDS: &str = "body_words";

/// One article, ready for the bulk API.
pub struct Exported {
    pub id: String,
    pub source: Value,
    pub hash: String,
}

/// Every live article of `store`, in index order, and the vocabulary its text teaches
/// the cluster's analyser. `each` is called once per article read (for a progress bar).
pub fn read_all(store: &Store, each: &mut dyn FnMut()) -> Result<(Vec<Exported>, Vocabulary)> {
    let reader = store
        .index
        .reader()
        .context("cannot open the index for reading")?;
    let searcher = reader.searcher();
    let schema = store.index.schema();
    let mut learner = Learner::default();
    let mut out = Vec::new();
    let body_field = store.fields.body;
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let fast = segment.fast_fields();
        let body_norms = segment.get_fieldnorms_reader(body_field)?;
        let mut columns = Vec::new();
        for decl in &store.decl.fields {
            let column = (!decl.stored && decl.fast && decl.kind == FieldType::U64)
                .then(|| fast.u64(&decl.name).ok())
                .flatten();
            columns.push(column);
        }
        for doc_id in segment.doc_ids_alive() {
            let doc: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc_id))?;
            let mut source = Map::new();
            for (decl, column) in store.decl.fields.iter().zip(&columns) {
                if decl.exact_of.is_some() {
                    continue; // filled by copy_to from the field it twins
                }
                let value = if decl.from == Source::Lede {
                    let body = doc
                        .get_first(body_field)
                        .and_then(|v| v.as_str())
                        .unwrap_or("");
                    let text = lede(body);
                    (!text.is_empty()).then(|| json!(text))
                } else if decl.stored {
                    let field = schema.get_field(&decl.name)?;
                    let values: Vec<Value> = doc
                        .get_all(field)
                        .filter_map(|v| {
                            if let Some(s) = v.as_str() {
                                Some(json!(s))
                            } else if let Some(n) = v.as_u64() {
                                Some(json!(n))
                            } else {
                                v.as_datetime()
                                    .map(|d| json!(rfc3339(d.into_timestamp_secs())))
                            }
                        })
                        .collect();
                    match values.len() {
                        0 => None,
                        1 => values.into_iter().next(),
                        _ => Some(Value::Array(values)),
                    }
                } else if let Some(column) = column {
                    let values: Vec<u64> = column.values_for_doc(doc_id).collect();
                    match (decl.from, values.len()) {
                        (_, 0) => None,
                        (Source::Minhash, _) => Some(json!(values)),
                        _ => Some(json!(values[0])),
                    }
                } else {
                    None
                };
                if let Some(value) = value {
                    source.insert(decl.name.clone(), value);
                }
            }
            for decl in &store.decl.fields {
                if decl.analyzer == Some(AnalyzerName::Indonesian) && decl.stored {
                    for text in strings(source.get(&decl.name)) {
                        learner.learn(&store.analyzers, text);
                    }
                }
            }
            source.insert(BODY_WORDS.to_string(), json!(body_norms.fieldnorm(doc_id)));
            let id = source
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let hash = blake3::hash(Value::Object(source.clone()).to_string().as_bytes()).to_hex()
                [..32]
                .to_string();
            source.insert(EXPORT_HASH.to_string(), json!(hash));
            out.push(Exported {
                id,
                source: Value::Object(source),
                hash,
            });
            each();
        }
    }
    // The forms the root list implies, under what the archive taught: a word no
    // exported article holds is still stemmed as warta stems it.
    let vocabulary = learner.vocabulary_over(implied_rules(&store.analyzers.stem));
    Ok((out, vocabulary))
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn rfc3339(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The mappings: one property per declared field, typed and analysed as locally;
/// `_exact` twins filled by `copy_to`; the declaration and word lists kept in `_meta`
/// so that `warta query --opensearch` analyses queries as the index did.
pub fn mappings(store: &Store) -> Value {
    let mut properties = Map::new();
    for decl in &store.decl.fields {
        let mut property = match decl.kind {
            FieldType::Text => {
                let analyzer = match decl.analyzer.unwrap_or(AnalyzerName::Words) {
                    AnalyzerName::Indonesian => STEMMED,
                    AnalyzerName::IndonesianSurface => SURFACE,
                    AnalyzerName::Words => WORDS,
                };
                let mut p = json!({"type": "text", "analyzer": analyzer});
                if decl.fast {
                    p["fields"] = json!({RAW: {"type": "keyword", "ignore_above": 1024}});
                }
                p
            }
            FieldType::String => json!({"type": "keyword"}),
            FieldType::U64 => json!({"type": "unsigned_long"}),
            FieldType::Date => {
                json!({"type": "date", "format": "strict_date_optional_time||epoch_second"})
            }
        };
        if !decl.indexed {
            property["index"] = json!(false);
        }
        let twins: Vec<&str> = store
            .decl
            .fields
            .iter()
            .filter(|f| f.exact_of.as_deref() == Some(&decl.name))
            .map(|f| f.name.as_str())
            .collect();
        if !twins.is_empty() {
            property["copy_to"] = json!(twins);
        }
        properties.insert(decl.name.clone(), property);
    }
    properties.insert(BODY_WORDS.to_string(), body_words_mapping());
    properties.insert(
        EXPORT_HASH.to_string(),
        json!({"type": "keyword", "index": false, "doc_values": false}),
    );
    json!({
        "dynamic": "strict",
        "_meta": {"warta": {"schema": store.decl, "words": store.words, "analysis": chain_version(store)}},
        "properties": properties,
    })
}

/// [`BODY_WORDS`]'s mapping: a number read with the hits (doc values), not searched.
pub fn body_words_mapping() -> Value {
    json!({"type": "integer", "index": false})
}

/// The body of `PUT /INDEX`: settings (shards, replicas, analysis, BM25) and mappings.
pub fn index_body(store: &Store, vocabulary: &Vocabulary, shards: u32, replicas: u32) -> Value {
    json!({
        "settings": {
            "index": {"number_of_shards": shards, "number_of_replicas": replicas},
            "analysis": vocabulary.analysis_settings(store.words.abbreviation_terms),
            "similarity": similarity_settings(),
        },
        "mappings": mappings(store),
    })
}

/// The index's default similarity: BM25 with the k1 and b a local search ranks by
/// default (Lucene's own are tantivy's, 1.2 and 0.75).
pub fn similarity_settings() -> Value {
    let bm25 = Bm25::default();
    // Rounded as written in the docs (1.0 and 0.7), not as f32 arithmetic leaves them.
    let round = |x: f32| (f64::from(x) * 1000.0).round() / 1000.0;
    json!({"default": {"type": "BM25", "k1": round(bm25.k1()), "b": round(bm25.b())}})
}

/// Whether an index's settings (`settings.index` of `GET /INDEX`, where values are
/// strings) hold [`similarity_settings`].
pub fn has_similarity_settings(index_settings: &Value) -> bool {
    let wanted = similarity_settings();
    let have = &index_settings["similarity"]["default"];
    let number = |v: &Value| match v {
        Value::String(s) => s.parse::<f64>().ok(),
        other => other.as_f64(),
    };
    have["type"] == wanted["default"]["type"]
        && ["k1", "b"]
            .iter()
            .all(|key| number(&have[key]) == number(&wanted["default"][key]))
}

/// A fingerprint of the analysis chain without its learnt words: when a newer warta
/// builds the chain differently, an export rebuilds the settings and sends every
/// article again.
pub fn chain_version(store: &Store) -> String {
    let chain = Vocabulary::default().analysis_settings(store.words.abbreviation_terms);
    blake3::hash(chain.to_string().as_bytes()).to_hex()[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_similarity_is_bm25_with_the_local_default() {
        assert_eq!(
            similarity_settings(),
            json!({"default": {"type": "BM25", "k1": 1.0, "b": 0.7}})
        );
    }

    #[test]
    fn an_index_with_lucenes_own_bm25_needs_the_settings() {
        // GET /INDEX answers settings as strings.
        let ours = json!({"similarity": {"default": {"type": "BM25", "k1": "1.0", "b": "0.7"}}});
        assert!(has_similarity_settings(&ours));
        let lucene = json!({"similarity": {"default": {"type": "BM25", "k1": "1.2", "b": "0.75"}}});
        assert!(!has_similarity_settings(&lucene));
        assert!(!has_similarity_settings(&json!({"number_of_shards": "1"})));
    }
}
