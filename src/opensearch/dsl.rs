//! warta's query language compiled to OpenSearch's Query DSL. The tree is the one
//! `query::parse` makes, rewritten for abbreviations as the local compiler does; each
//! word is analysed here by warta's own analysers and sent as `term` and phrase
//! queries on the resulting terms, so the cluster matches exactly the terms the local
//! index would (the cluster's analyser serves people who query it directly). The
//! shape of the query mirrors `query::compile`: the same fields, boosts and clauses,
//! so BM25 over the same terms ranks alike.

use serde_json::{json, Value};
use tantivy::tokenizer::TokenStream;

use crate::query::compile::{
    has_content_words, is_plain_stop_word, is_stemmed, plain_word_of, regex_escape,
};
use crate::query::coverage::{query_words, CoverageWords, COVERAGE_DEPTH};
use crate::query::dates::{day_bound, today_wib};
use crate::query::short_forms::with_abbreviations;
use crate::query::weighting::{
    damped_idf_weight, neighbour_pairs, scores_proximity, Proximity, TermCounts,
};
use crate::query::{Expr, Occur};
use crate::schema::{AnalyzerName, FieldDecl, FieldType, SchemaDecl};
use crate::tokenizer::{exact_terms, unmarked, words_analyzer, Analyzers};

pub struct DslCompiler<'a> {
    pub decl: &'a SchemaDecl,
    pub analyzers: &'a Analyzers,
    pub default_fields: Vec<String>,
    pub match_any: bool,
    pub abbreviation_terms: bool,
    exact_only: bool,
    /// As [`crate::query::Compiler::proximity`]: sloppy `match_phrase` clauses for
    /// neighbouring words, in `should`.
    pub proximity: Option<Proximity>,
    /// As [`crate::query::Compiler::counts`]: the cluster's counts, for weighting the
    /// words of any-word queries alike.
    pub counts: Option<&'a dyn TermCounts>,
}

type Compiled = Result<Option<Value>, String>;

fn union(mut clauses: Vec<Value>) -> Option<Value> {
    match clauses.len() {
        0 => None,
        1 => clauses.pop(),
        _ => Some(json!({"bool": {"should": clauses}})),
    }
}

fn boosted(query: Value, boost: f32) -> Value {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        // A bool with one must clause scores as its clause, times the boost.
        json!({"bool": {"must": [query], "boost": boost}})
    }
}

pub fn match_none() -> Value {
    json!({"match_none": {}})
}

impl<'a> DslCompiler<'a> {
    pub fn new(
        decl: &'a SchemaDecl,
        analyzers: &'a Analyzers,
        default_fields: Vec<String>,
        match_any: bool,
        abbreviation_terms: bool,
    ) -> DslCompiler<'a> {
        DslCompiler {
            decl,
            analyzers,
            default_fields,
            match_any,
            abbreviation_terms,
            exact_only: false,
            proximity: None,
            counts: None,
        }
    }

    pub fn compile(&self, expr: &Expr) -> Result<Value, String> {
        Ok(self.expr(expr)?.unwrap_or_else(match_none))
    }

    fn expr(&self, expr: &Expr) -> Compiled {
        match expr {
            Expr::Or(alternatives) => {
                let mut clauses = Vec::new();
                for alternative in alternatives {
                    clauses.extend(self.expr(alternative)?);
                }
                Ok(union(clauses))
            }
            Expr::And(items) => self.and(&with_abbreviations(items, self.abbreviation_terms)),
            Expr::Word {
                field,
                text,
                prefix,
                fuzzy,
                boost,
            } => {
                let query = if *prefix {
                    self.prefix(field.as_deref(), text)?
                } else if let Some(distance) = fuzzy {
                    self.fuzzy(field.as_deref(), text, *distance)?
                } else {
                    self.text(field.as_deref(), text, 0)?
                };
                Ok(query.map(|q| boosted(q, *boost)))
            }
            Expr::Phrase {
                field,
                text,
                slop,
                boost,
            } => Ok(self
                .text(field.as_deref(), text, *slop)?
                .map(|q| boosted(q, *boost))),
            Expr::Range { field, low, high } => self.date_range(field, low, high).map(Some),
        }
    }

    fn and(&self, items: &[(Occur, Expr)]) -> Compiled {
        let (mut must, mut must_not, mut should) = (Vec::new(), Vec::new(), Vec::new());
        let mut positive = 0;
        let skip_stop_words = self.match_any && has_content_words(items);
        // Groups below score no proximity of their own, as locally.
        let nested = DslCompiler {
            default_fields: self.default_fields.clone(),
            proximity: None,
            ..*self
        };
        for (occur, expr) in items {
            if *occur == Occur::Default && skip_stop_words && is_plain_stop_word(expr) {
                continue;
            }
            if let (Occur::Default, true, Some((field, text, boost))) =
                (occur, self.match_any, plain_word_of(expr))
            {
                let terms = self.text_clauses(field, text, 0, self.counts)?;
                positive += usize::from(!terms.is_empty());
                should.extend(terms.into_iter().map(|q| boosted(q, boost)));
                continue;
            }
            let query = if *occur == Occur::MustNot && !self.exact_only {
                let exact = DslCompiler {
                    exact_only: true,
                    default_fields: self.default_fields.clone(),
                    ..nested
                };
                exact.expr(expr)?
            } else {
                nested.expr(expr)?
            };
            let Some(query) = query else { continue };
            match occur {
                Occur::MustNot => must_not.push(query),
                Occur::Default if self.match_any => {
                    positive += 1;
                    should.push(query)
                }
                _ => {
                    positive += 1;
                    must.push(query)
                }
            }
        }
        if let (true, Some(proximity)) = (self.match_any, self.proximity) {
            for pair in neighbour_pairs(items, |(_, expr)| is_plain_stop_word(expr)) {
                for decl in self.targets(None)? {
                    let terms = self.analyse(decl, &pair);
                    if scores_proximity(decl) && terms.len() >= 2 {
                        let query = phrase(&decl.name, &terms, proximity.slop);
                        should.push(boosted(query, decl.boost * proximity.weight));
                    }
                }
            }
        }
        if must.is_empty() && must_not.is_empty() && should.is_empty() {
            return Ok(None);
        }
        if positive == 0 {
            must.push(json!({"match_all": {}}));
        }
        if must.len() + should.len() == 1 && must_not.is_empty() {
            return Ok(must.pop().or_else(|| should.pop()));
        }
        let mut query = json!({});
        if !must.is_empty() {
            query["must"] = json!(must);
        }
        if !should.is_empty() {
            query["should"] = json!(should);
            // Local semantics: with a must clause, should clauses only add to the score.
            if !must.is_empty() {
                query["minimum_should_match"] = json!(0);
            }
        }
        if !must_not.is_empty() {
            query["must_not"] = json!(must_not);
        }
        Ok(Some(json!({"bool": query})))
    }

    fn targets(&self, field: Option<&str>) -> Result<Vec<&'a FieldDecl>, String> {
        let names: Vec<&str> = match field {
            Some(name) => vec![name],
            None => self.default_fields.iter().map(String::as_str).collect(),
        };
        let mut out = Vec::new();
        for name in names {
            match self.decl.field(name) {
                Some(f) if f.kind == FieldType::Text || f.kind == FieldType::String => {
                    out.extend(self.decl.companions(name))
                }
                Some(_) => return Err(format!("field \"{name}\" is not searched by words")),
                None => return Err(format!("no field \"{name}\" in this index")),
            }
        }
        Ok(out)
    }

    /// Terms `text` becomes in `decl`'s field, with their positions.
    pub fn analyse(&self, decl: &FieldDecl, text: &str) -> Vec<(usize, String)> {
        let analyzer = match decl.analyzer {
            None => return vec![(0, text.to_string())],
            Some(AnalyzerName::Words) => {
                let mut analyzer = words_analyzer();
                let mut stream = analyzer.token_stream(text);
                let mut out = Vec::new();
                while let Some(t) = stream.next() {
                    out.push((t.position, t.text.clone()));
                }
                return out;
            }
            Some(AnalyzerName::Indonesian) => &self.analyzers.stem,
            Some(AnalyzerName::IndonesianSurface) => &self.analyzers.surface,
        };
        analyzer
            .analyze_to_vec(text)
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect()
    }

    fn text(&self, field: Option<&str>, text: &str, slop: u32) -> Compiled {
        if field == Some("date") {
            return self.date_range("date", text, text).map(Some);
        }
        Ok(union(self.text_clauses(field, text, slop, None)?))
    }

    /// With `counts`, each one-term clause is weighted by [`damped_idf_weight`], as
    /// locally.
    fn text_clauses(
        &self,
        field: Option<&str>,
        text: &str,
        slop: u32,
        counts: Option<&dyn TermCounts>,
    ) -> Result<Vec<Value>, String> {
        let mut clauses = Vec::new();
        let targets = if self.exact_only {
            self.surface_targets(field)?
        } else {
            self.targets(field)?
        };
        let mut unordered = Vec::new();
        for decl in targets {
            let terms = self.analyse(decl, text);
            let query = match (terms.len(), &decl.exact_of) {
                (0, _) => continue,
                // As a local index with inline twins scores it: a word written as its
                // stem has the stem for its exact form.
                (1, Some(twinned)) if decl.inline => {
                    match exact_terms(&self.analyzers.stem, text).as_slice() {
                        [(_, t)] => match unmarked(t) {
                            Some(form) => json!({"term": {decl.name.clone(): form}}),
                            None => json!({"term": {twinned.clone(): t}}),
                        },
                        _ => json!({"term": {decl.name.clone(): terms[0].1}}),
                    }
                }
                (1, _) => json!({"term": {decl.name.clone(): terms[0].1}}),
                // A field without positions locally: the words add to the score of
                // articles the phrase matches elsewhere.
                _ if !decl.phrases => {
                    let all: Vec<Value> = terms
                        .iter()
                        .map(|(_, t)| json!({"term": {decl.name.clone(): t}}))
                        .collect();
                    unordered.push(boosted(json!({"bool": {"must": all}}), decl.boost));
                    continue;
                }
                _ => phrase(&decl.name, &terms, slop),
            };
            let weight = match (counts, query["term"].as_object()) {
                (Some(counts), Some(term)) => {
                    let (field, value) = term.iter().next().expect("a term query names a field");
                    let value = value.as_str().unwrap_or_default();
                    damped_idf_weight(counts.articles(), counts.doc_freq(field, value))
                }
                _ => 1.0,
            };
            clauses.push(boosted(query, decl.boost * weight));
        }
        match union(unordered) {
            Some(extra) if !clauses.is_empty() => {
                let matched = union(clauses).expect("clauses");
                Ok(vec![
                    json!({"bool": {"must": [matched], "should": [extra]}}),
                ])
            }
            _ => Ok(clauses),
        }
    }

    /// The (field, term) pairs an any-word query's words weigh by, for fetching their
    /// counts before compiling.
    pub fn weighted_terms(&self, expr: &Expr) -> Vec<(String, String)> {
        let recorder = Recorder::default();
        let compiler = DslCompiler {
            default_fields: self.default_fields.clone(),
            counts: Some(&recorder),
            ..*self
        };
        // Errors surface when the query is compiled for real.
        let _ = compiler.compile(expr);
        recorder.asked.into_inner()
    }

    /// As [`crate::query::Compiler::coverage_words`], on the cluster's fields, with
    /// counts from [`Self::counts`]: `None` without them.
    pub fn coverage_words(
        &self,
        expr: &Expr,
    ) -> Result<Option<CoverageWords<(String, String)>>, String> {
        let Some(counts) = self.counts else {
            return Ok(None);
        };
        query_words(expr, counts.articles(), |field, text| {
            let mut terms = Vec::new();
            let mut doc_freq = 0;
            for decl in self.targets(field)? {
                if let (true, [(_, term)]) = (is_stemmed(decl), self.analyse(decl, text).as_slice())
                {
                    doc_freq = doc_freq.max(counts.doc_freq(&decl.name, term));
                    terms.push((decl.name.clone(), term.clone()));
                }
            }
            Ok((terms, doc_freq))
        })
    }

    /// The (field, term) pairs [`Self::coverage_words`] weighs by, for fetching their
    /// counts before compiling.
    pub fn coverage_terms(&self, expr: &Expr) -> Vec<(String, String)> {
        let recorder = Recorder::default();
        let compiler = DslCompiler {
            default_fields: self.default_fields.clone(),
            counts: Some(&recorder),
            ..*self
        };
        // Errors surface when the query is compiled for real.
        let _ = compiler.coverage_words(expr);
        recorder.asked.into_inner()
    }

    fn prefix(&self, field: Option<&str>, text: &str) -> Compiled {
        let folded: String = crate::analysis::fold(text)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        if folded.is_empty() {
            return Ok(None);
        }
        let pattern = format!("{}.*", regex_escape(&folded));
        let mut clauses = Vec::new();
        let regexp = |name: &str| json!({"regexp": {name: {"value": pattern, "flags": "NONE"}}});
        for decl in self.surface_targets(field)? {
            let query = match (&decl.exact_of, decl.inline) {
                // A local index holds a word written as its stem as the stem only, so
                // its prefix reaches the stems too; the cluster does the same, once.
                (Some(twinned), true) => json!({"dis_max": {"queries": [
                    regexp(&decl.name),
                    regexp(twinned),
                ]}}),
                _ => regexp(&decl.name),
            };
            clauses.push(boosted(query, decl.boost));
        }
        Ok(union(clauses))
    }

    fn fuzzy(&self, field: Option<&str>, text: &str, distance: u8) -> Compiled {
        let mut clauses = Vec::new();
        for decl in self.targets(field)? {
            let terms = self.analyse(decl, text);
            let [(_, term)] = terms.as_slice() else {
                continue;
            };
            let distance = match distance {
                0 if term.chars().count() <= 5 => 1,
                0 => 2,
                d => d,
            };
            let query = json!({"fuzzy": {decl.name.clone(): {
                "value": term, "fuzziness": distance, "transpositions": true, "prefix_length": 0,
                // Every near word scores alike, as locally.
                "rewrite": "constant_score"
            }}});
            clauses.push(boosted(query, decl.boost));
        }
        Ok(union(clauses))
    }

    fn surface_targets(&self, field: Option<&str>) -> Result<Vec<&'a FieldDecl>, String> {
        let targets = self.targets(field)?;
        let stemmed = |f: &&FieldDecl| f.analyzer == Some(AnalyzerName::Indonesian);
        let has_twin = |f: &&FieldDecl| {
            targets
                .iter()
                .any(|g| g.exact_of.as_deref() == Some(&f.name))
        };
        Ok(targets
            .iter()
            .filter(|f| f.part_of.is_none() && !(stemmed(f) && has_twin(f)))
            .copied()
            .collect())
    }

    fn date_range(&self, field: &str, low: &str, high: &str) -> Result<Value, String> {
        if field != "date" {
            return Err(format!("ranges apply to date, not to \"{field}\""));
        }
        let today = today_wib();
        let low = day_bound(low, false, today).map_err(|e| e.to_string())?;
        let high = day_bound(high, true, today).map_err(|e| e.to_string())?;
        Ok(day_range(low, high))
    }

    /// Articles from any of the named outlets (`kompas` matches `Kompas.com`).
    pub fn sources(&self, names: &[String]) -> Result<Value, String> {
        let mut clauses = Vec::new();
        for name in names {
            clauses.extend(self.text(Some("source"), name, 0)?);
        }
        Ok(union(clauses).unwrap_or_else(match_none))
    }
}

/// The share of the query's weight a hit holds, floored and capped as
/// [`crate::query::coverage::rescored`] does, to the power of the exponent. `_score`
/// is the weight of the words the hit holds (the rescore query's score).
const COVERAGE_SCRIPT: &str =
    "Math.pow(Math.min(Math.max(_score / params.total, params.floor), 1.0), params.exponent)";

/// The second stage of an any-word query (see [`crate::query::coverage`]) as
/// OpenSearch's `rescore`: the best [`COVERAGE_DEPTH`] hits' scores multiplied by
/// `share ^ exponent`. The rescore query matches every article (a `match_all` filter,
/// scoring nothing) and adds each word's weight when the article holds one of its
/// terms, so a hit holding none scores a share of 0 (floored as locally) rather than
/// keeping its score, as a hit the rescore query missed would. A `function_score` of
/// weighted filters would not do: with no filter matching, it scores 1.
pub fn coverage_rescore(words: &CoverageWords<(String, String)>, exponent: f32) -> Value {
    let held: Vec<Value> = words
        .words()
        .iter()
        .filter_map(|word| {
            let terms = word
                .terms
                .iter()
                .map(|(field, term)| json!({"term": {field.clone(): term}}))
                .collect();
            let filter = union(terms)?;
            Some(json!({"constant_score": {"filter": filter, "boost": word.weight}}))
        })
        .collect();
    json!({
        "window_size": COVERAGE_DEPTH,
        "query": {
            "rescore_query": {"script_score": {
                "query": {"bool": {"filter": [{"match_all": {}}], "should": held}},
                "script": {
                    "lang": "painless",
                    "source": COVERAGE_SCRIPT,
                    "params": {
                        "total": words.total(),
                        "floor": f32::MIN_POSITIVE,
                        "exponent": exponent,
                    }
                }
            }},
            "query_weight": 1.0,
            "rescore_query_weight": 1.0,
            "score_mode": "multiply"
        }
    })
}

/// Articles whose calendar day is within the (inclusive) bounds; scored 1 as locally.
pub fn day_range(low: Option<u64>, high: Option<u64>) -> Value {
    if low.is_none() && high.is_none() {
        return json!({"exists": {"field": "day"}});
    }
    let mut range = json!({});
    if let Some(low) = low {
        range["gte"] = json!(low);
    }
    if let Some(high) = high {
        range["lte"] = json!(high);
    }
    json!({"range": {"day": range}})
}

/// Analysed terms as a phrase. Terms sharing a position (a short form beside the
/// words it abbreviates) keep the last, the word as written; positions become
/// consecutive words of a `match_phrase` that splits on spaces only.
/// Counts that note what they are asked for (and answer 1).
#[derive(Default)]
struct Recorder {
    asked: std::cell::RefCell<Vec<(String, String)>>,
}

impl TermCounts for Recorder {
    fn articles(&self) -> u64 {
        1
    }

    fn doc_freq(&self, field: &str, term: &str) -> u64 {
        let key = (field.to_string(), term.to_string());
        let mut asked = self.asked.borrow_mut();
        if !asked.contains(&key) {
            asked.push(key);
        }
        1
    }
}

/// Counts fetched from the cluster.
pub struct FetchedCounts {
    pub articles: u64,
    pub doc_freqs: std::collections::HashMap<(String, String), u64>,
}

impl TermCounts for FetchedCounts {
    fn articles(&self) -> u64 {
        self.articles
    }

    fn doc_freq(&self, field: &str, term: &str) -> u64 {
        let key = (field.to_string(), term.to_string());
        self.doc_freqs.get(&key).copied().unwrap_or(0)
    }
}

fn phrase(field: &str, terms: &[(usize, String)], slop: u32) -> Value {
    let mut words: Vec<&str> = Vec::new();
    let mut last_position = None;
    for (position, term) in terms {
        if last_position == Some(*position) {
            words.pop();
        }
        words.push(term);
        last_position = Some(*position);
    }
    if words.len() == 1 {
        return json!({"term": {field: words[0]}});
    }
    json!({"match_phrase": {field: {"query": words.join(" "), "analyzer": "whitespace", "slop": slop}}})
}

#[cfg(test)]
#[path = "dsl_tests.rs"]
mod tests;
