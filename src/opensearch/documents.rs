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
use crate::schema::{AnalyzerName, FieldType, Source};
use crate::store::Store;

/// The field holding a hash of the rest of the source, so that a second export sends
/// only the articles that changed.
pub const EXPORT_HASH: &str = "export_hash";
/// The keyword twin of text fields that are counted by value (`--count-by source`).
pub const RAW: &str = "raw";

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

/// The body of `PUT /INDEX`: settings (shards, replicas, analysis) and mappings.
pub fn index_body(store: &Store, vocabulary: &Vocabulary, shards: u32, replicas: u32) -> Value {
    json!({
        "settings": {
            "index": {"number_of_shards": shards, "number_of_replicas": replicas},
            "analysis": vocabulary.analysis_settings(store.words.abbreviation_terms)
        },
        "mappings": mappings(store),
    })
}

/// A fingerprint of the analysis chain without its learnt words: when a newer warta
/// builds the chain differently, an export rebuilds the settings and sends every
/// article again.
pub fn chain_version(store: &Store) -> String {
    let chain = Vocabulary::default().analysis_settings(store.words.abbreviation_terms);
    blake3::hash(chain.to_string().as_bytes()).to_hex()[..16].to_string()
}
