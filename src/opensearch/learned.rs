//! The learned second stage on the cluster: the best [`COVERAGE_DEPTH`] hits by BM25,
//! as the cluster scores them, scored again here by [`crate::query::learned`]'s model,
//! as a local search scores its own. What the model reads comes back with the hits of
//! the one search request: which of the query's terms each hit holds, from named
//! queries (`_name`; OpenSearch answers each hit's `matched_queries`), and the body's
//! length from the field `warta export` writes ([`BODY_WORDS`]).

use std::collections::HashSet;

use serde_json::{json, Value};

use super::documents::BODY_WORDS;
use crate::query::coverage::{CoverageWords, COVERAGE_DEPTH};
use crate::query::learned::{learned_score, Held, Kind, LEARNED};
use crate::schema::{AnalyzerName, SchemaDecl};
use crate::tokenizer::{exact_terms, unmarked, Analyzers};

/// What the model counts, as (field, term) pairs each named in the request.
#[derive(Debug)]
pub struct LearnedPlan {
    /// The named terms; a term's name is `w` and its place here.
    terms: Vec<(String, String)>,
    /// What each named term counts towards in the held features, and its key (terms
    /// of the same kind and text in several fields are one).
    kinds: Vec<Option<(Kind, String)>>,
    /// The coverage words, each as the places of its terms in `terms`, and its weight.
    words: Vec<(Vec<usize>, f32)>,
    total: f32,
}

/// What the model read for one hit, for its explanation.
#[derive(Clone, Copy, Debug)]
pub struct Scored {
    pub first: f32,
    pub share: f32,
    pub held: Held,
    pub any: Held,
    pub length: u32,
}

impl LearnedPlan {
    /// The terms of the compiled query `main` (as the local stage reads its query's
    /// terms) and the coverage words.
    pub fn new(
        decl: &SchemaDecl,
        analyzers: &Analyzers,
        main: &Value,
        words: &CoverageWords<(String, String)>,
    ) -> LearnedPlan {
        let mut found = Vec::new();
        query_terms(main, &mut found);
        let mut terms: Vec<(String, String)> = Vec::new();
        let place = |pair: &(String, String), terms: &mut Vec<(String, String)>| {
            terms.iter().position(|t| t == pair).unwrap_or_else(|| {
                terms.push(pair.clone());
                terms.len() - 1
            })
        };
        for pair in &found {
            place(pair, &mut terms);
        }
        let words: Vec<(Vec<usize>, f32)> = words
            .words()
            .iter()
            .map(|w| {
                let places = w.terms.iter().map(|t| place(t, &mut terms)).collect();
                (places, w.weight)
            })
            .collect();
        let kinds = terms
            .iter()
            .map(|(field, term)| {
                let kind = kind_of(decl, field)?;
                let inline = decl.field(field).is_some_and(|f| f.inline);
                let (kind, key) = match term.strip_prefix('=') {
                    Some(form) if kind == Kind::Stem => (Kind::Exact, form.to_string()),
                    // A word of a phrase in an inline twin: the local index holds it
                    // as an exact form only where it differs from its stem, else as
                    // the stem itself (as `exact_terms` marks it).
                    _ if kind == Kind::Exact && inline => {
                        match exact_terms(&analyzers.stem, term).as_slice() {
                            [(_, t)] => match unmarked(t) {
                                Some(form) => (Kind::Exact, form.to_string()),
                                None => (Kind::Stem, t.clone()),
                            },
                            _ => (Kind::Exact, term.clone()),
                        }
                    }
                    _ => (kind, term.clone()),
                };
                // Only the query's own terms count (not a coverage word's term in a
                // field the query does not search).
                found
                    .contains(&(field.clone(), term.clone()))
                    .then_some((kind, key))
            })
            .collect();
        let total = words.iter().map(|(_, w)| w).sum();
        LearnedPlan {
            terms,
            kinds,
            words,
            total,
        }
    }

    /// `query` with every named term beside it, scoring nothing: the hits and their
    /// scores stay the query's, and each hit answers which terms it holds.
    pub fn named(&self, query: Value) -> Value {
        let named: Vec<Value> = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, (field, term))| {
                json!({"term": {field.clone(): {"value": term, "_name": format!("w{i}")}}})
            })
            .collect();
        json!({"bool": {
            "must": [query],
            "should": [{"constant_score": {"filter": {"bool": {"should": named}}, "boost": 0.0}}]
        }})
    }

    /// Scores the best hits (in the cluster's order by BM25, day and id) again: each
    /// hit's `_score` becomes the learned one. Returns what each was scored by, in the
    /// same order, or an error naming a hit without its body's length.
    pub fn rescore(&self, hits: &mut [Value]) -> Result<Vec<Scored>, String> {
        let window = hits.len().min(COVERAGE_DEPTH);
        let mut matched: Vec<Vec<bool>> = Vec::with_capacity(window);
        let mut keys: Vec<HashSet<(Kind, &str)>> = Vec::with_capacity(window);
        for hit in &hits[..window] {
            let mut held = vec![false; self.terms.len()];
            for name in matched_names(hit) {
                if let Some(i) = name.strip_prefix('w').and_then(|n| n.parse::<usize>().ok()) {
                    if i < held.len() {
                        held[i] = true;
                    }
                }
            }
            let set = held
                .iter()
                .zip(&self.kinds)
                .filter_map(|(h, kind)| kind.as_ref().filter(|_| *h))
                .map(|(kind, key)| (*kind, key.as_str()))
                .collect();
            keys.push(set);
            matched.push(held);
        }
        let any_keys: HashSet<(Kind, &str)> = keys.iter().flatten().copied().collect();
        let any = count(&any_keys);
        let mut scored = Vec::with_capacity(window);
        for ((hit, held), keys) in hits[..window].iter_mut().zip(&matched).zip(&keys) {
            let length = hit["_source"][BODY_WORDS]
                .as_u64()
                .ok_or_else(|| format!("the hit {} has no {BODY_WORDS}", hit["_id"]))?;
            let weight: f32 = self
                .words
                .iter()
                .filter(|(places, _)| places.iter().any(|&p| held[p]))
                .map(|(_, w)| w)
                .sum();
            let share = (weight / self.total).min(1.0);
            let first = hit["_score"].as_f64().unwrap_or(0.0) as f32;
            let length = u32::try_from(length).unwrap_or(u32::MAX);
            let held = count(keys);
            hit["_score"] = json!(learned_score(&LEARNED, first, share, length, held, any));
            scored.push(Scored {
                first,
                share,
                held,
                any,
                length,
            });
        }
        Ok(scored)
    }
}

fn count(keys: &HashSet<(Kind, &str)>) -> Held {
    let mut held = Held::default();
    for (kind, _) in keys {
        match kind {
            Kind::Stem => held.stems += 1,
            Kind::Exact => held.exact += 1,
            Kind::Lede => held.lede += 1,
        }
    }
    held
}

/// The names of the named queries a hit matched (a list, or with their scores an object).
fn matched_names(hit: &Value) -> Vec<&str> {
    match &hit["matched_queries"] {
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        Value::Object(names) => names.keys().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

/// As the local stage classifies its fields: the lede's terms as lede stems, an
/// exact-form field's as exact forms (on the cluster every twin is a field of its
/// own), other stemmed text as stems; outlet, author and URL words not at all.
fn kind_of(decl: &SchemaDecl, field: &str) -> Option<Kind> {
    let f = decl.field(field)?;
    let text = matches!(
        f.analyzer,
        Some(AnalyzerName::Indonesian | AnalyzerName::IndonesianSurface)
    );
    if !text || !f.indexed {
        return None;
    }
    Some(if f.part_of.is_some() {
        Kind::Lede
    } else if f.exact_of.is_some() {
        Kind::Exact
    } else {
        Kind::Stem
    })
}

/// The (field, term) pairs of a compiled query's `term` and `match_phrase` clauses, as
/// tantivy's `query_terms` gives a local query's terms and phrases' terms (prefixes
/// and fuzzy words, expanded by the index, are not among them).
pub fn query_terms(query: &Value, out: &mut Vec<(String, String)>) {
    match query {
        Value::Object(fields) => {
            for (key, value) in fields {
                match (key.as_str(), value) {
                    ("term", Value::Object(term)) => {
                        for (field, value) in term {
                            let text = value.as_str().or_else(|| value["value"].as_str());
                            if let Some(text) = text {
                                push(out, field, text);
                            }
                        }
                    }
                    ("match_phrase", Value::Object(phrase)) => {
                        for (field, value) in phrase {
                            let text = value.as_str().or_else(|| value["query"].as_str());
                            for word in text.unwrap_or_default().split_whitespace() {
                                push(out, field, word);
                            }
                        }
                    }
                    _ => query_terms(value, out),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                query_terms(item, out);
            }
        }
        _ => {}
    }
}

fn push(out: &mut Vec<(String, String)>, field: &str, text: &str) {
    let pair = (field.to_string(), text.to_string());
    if !out.contains(&pair) {
        out.push(pair);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::coverage::CoverageWord;

    fn pair(f: &str, t: &str) -> (String, String) {
        (f.to_string(), t.to_string())
    }

    /// Query `kopinya teh` on the body and the lede, and in the body's exact twin the
    /// form `kopinya` and `teh` (a word written as its stem: locally a stem, not an
    /// exact form). Hit x holds kopi (body, lede) and the form `kopinya`; y holds teh
    /// in the body and its twin. Any hit: stems {kopi, teh} = 2, exact {kopinya} = 1,
    /// lede {kopi} = 1.
    #[test]
    fn the_window_is_scored_from_the_named_terms_each_hit_matched() {
        let decl = SchemaDecl::default_decl();
        let main = json!({"bool": {"should": [
            {"term": {"body": "kopi"}}, {"term": {"body": "teh"}},
            {"term": {"lede": "kopi"}}, {"term": {"lede": "teh"}},
            {"term": {"body_exact": "kopinya"}}, {"term": {"body_exact": "teh"}}
        ]}});
        let words = CoverageWords::new(vec![
            CoverageWord {
                terms: vec![pair("body", "kopi")],
                weight: 3.0,
            },
            CoverageWord {
                terms: vec![pair("body", "teh")],
                weight: 1.0,
            },
        ])
        .unwrap();
        let analyzers = Analyzers::new(&crate::store::UserWords::default().options());
        let plan = LearnedPlan::new(&decl, &analyzers, &main, &words);
        let named = plan.named(main.clone());
        assert_eq!(named["bool"]["must"][0], main);
        let names = &named["bool"]["should"][0]["constant_score"];
        assert_eq!(names["boost"], 0.0);
        assert_eq!(
            names["filter"]["bool"]["should"][4]["term"]["body_exact"]["_name"],
            "w4"
        );
        let mut hits = vec![
            json!({"_id": "x", "_score": 2.0, "matched_queries": ["w0", "w2", "w4"], "_source": {"body_words": 100}}),
            json!({"_id": "y", "_score": 4.0, "matched_queries": ["w1", "w5"], "_source": {"body_words": 50}}),
        ];
        let scored = plan.rescore(&mut hits).unwrap();
        let any = Held {
            stems: 2,
            exact: 1,
            lede: 1,
        };
        assert_eq!(
            scored[0].held,
            Held {
                stems: 1,
                exact: 1,
                lede: 1
            }
        );
        assert_eq!(
            scored[1].held,
            Held {
                stems: 1,
                exact: 0,
                lede: 0
            }
        );
        assert_eq!((scored[0].any, scored[1].any), (any, any));
        assert_eq!((scored[0].share, scored[1].share), (0.75, 0.25));
        // x: 2 x 0.75^0.707 x 100^-0.162 x exp(0.502/2 + 0.277 + 0.373)
        //  = 2 x 0.8160 x 0.4742 x 2.4622 = 1.9055.
        let x = hits[0]["_score"].as_f64().unwrap();
        assert!((x - 1.9055).abs() < 1e-3, "{x}");
        // y: 4 x 0.25^0.707 x 50^-0.162 x exp(0.502/2) = 4 x 0.3753 x 0.5306 x 1.2853 = 1.0238.
        let y = hits[1]["_score"].as_f64().unwrap();
        assert!((y - 1.0238).abs() < 1e-3, "{y}");
        // A hit without the body's length is an error, not a guess.
        let mut bare = vec![json!({"_id": "z", "_score": 1.0, "_source": {}})];
        assert!(plan.rescore(&mut bare).unwrap_err().contains("body_words"));
    }

    #[test]
    fn terms_of_terms_and_phrases_are_found_once() {
        let query = json!({"bool": {"should": [
            {"term": {"body": "kopi"}},
            {"bool": {"must": [{"term": {"title": "kopi"}}], "boost": 2.0}},
            {"match_phrase": {"body": {"query": "kopi susu", "analyzer": "whitespace", "slop": 0}}},
            {"prefix": {"body": "jag"}}
        ]}});
        let mut out = Vec::new();
        query_terms(&query, &mut out);
        let pair = |f: &str, t: &str| (f.to_string(), t.to_string());
        assert_eq!(
            out,
            [
                pair("body", "kopi"),
                pair("title", "kopi"),
                pair("body", "susu")
            ]
        );
    }
}
