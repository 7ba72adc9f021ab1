//! Turns a query's syntax tree into a tantivy query: every word is analysed the way the
//! index analysed the fields it searches, matched on stems (recall) and on its own
//! folded form (precision: articles with the query's own word forms rank first), widened
//! by the abbreviation table (`Korut` and `Korea Utara` find each other), and restricted
//! by field, date and outlet filters.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, ExistsQuery, FuzzyTermQuery, Occur as TOccur,
    PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::Term;

use super::dates::{day_bound, today_wib, DateError};
use super::syntax::{Expr, Occur};
use crate::analysis::{fold, is_stop_word};
use crate::schema::{AnalyzerName, FieldDecl, FieldType};
use crate::store::Store;
use crate::tokenizer::{exact_terms, EXACT_MARK};

use super::coverage::{query_words, CoverageWords};
use super::short_forms::{key, with_abbreviations};
use super::weighting::{
    damped_idf_weight, neighbour_pairs, scores_proximity, Proximity, TermCounts,
};

pub struct Compiler<'a> {
    store: &'a Store,
    /// Fields a word without `field:` is searched in.
    pub default_fields: Vec<String>,
    pub match_any: bool,
    /// Match words on their own forms only: what `-word` excludes is that word, not
    /// every word sharing its stem.
    exact_only: bool,
    /// Rank articles where neighbouring query words stand close together higher (any-word
    /// queries only); `None` leaves word order out of the score.
    pub proximity: Option<Proximity>,
    /// How many articles hold each term: with them, the words of an any-word query
    /// weigh by the square root of their IDF (see [`damped_idf_weight`]).
    pub counts: Option<&'a dyn TermCounts>,
}

/// A query that parses but cannot run on this index.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    #[error("field \"{0}\" is not searched by words")]
    NotText(String),
    #[error("no field \"{0}\" in this index")]
    NoField(String),
    #[error("cannot search for {text}*: {message}")]
    Prefix { text: String, message: String },
    #[error("ranges apply to date, not to \"{0}\"")]
    RangeNotOnDate(String),
    #[error(transparent)]
    Date(#[from] DateError),
}

type Compiled = Result<Option<Box<dyn Query>>, CompileError>;

/// Names a query may put before `:`.
pub fn queryable_fields(store: &Store) -> Vec<String> {
    queryable_fields_of(&store.decl)
}

/// Names a query may put before `:`, from a declaration alone (an index elsewhere).
pub fn queryable_fields_of(decl: &crate::schema::SchemaDecl) -> Vec<String> {
    let mut names: Vec<String> = decl
        .fields
        .iter()
        .filter(|f| f.indexed && f.exact_of.is_none() && f.part_of.is_none())
        .filter(|f| f.kind != FieldType::U64)
        .map(|f| f.name.clone())
        .collect();
    // Longest first, so that `title_x:` is not read as `title:`.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names
}

fn union(mut clauses: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match clauses.len() {
        0 => None,
        1 => clauses.pop(),
        _ => Some(Box::new(BooleanQuery::new(
            clauses.into_iter().map(|q| (TOccur::Should, q)).collect(),
        ))),
    }
}

/// A term or phrase of a query word in one index field: the field, its terms at their
/// offsets from the first, and its boost.
type Matched = (Field, Vec<(usize, String)>, f32);

/// A query for one term, scored by its frequency (BM25).
fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

impl<'a> Compiler<'a> {
    pub fn new(store: &'a Store, default_fields: Vec<String>, match_any: bool) -> Compiler<'a> {
        Compiler {
            store,
            default_fields,
            match_any,
            exact_only: false,
            proximity: None,
            counts: None,
        }
    }

    pub fn compile(&self, expr: &Expr) -> Result<Box<dyn Query>, CompileError> {
        Ok(self.expr(expr)?.unwrap_or_else(|| Box::new(EmptyQuery)))
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
            Expr::And(items) => self.and(&with_abbreviations(
                items,
                self.store.words.abbreviation_terms,
            )),
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
        let mut clauses = Vec::new();
        let mut positive = 0;
        // Stop words ("yang", "di", "dan") match nearly every article; in an any-word
        // query they add almost nothing to the ranking but cost reading most of the
        // index, so they are left out when the query has other words.
        let skip_stop_words = self.match_any && has_content_words(items);
        // `match_any` is for the words at this level: a group below it (in
        // parentheses, or joined by AND) must match whole.
        let inner = Compiler {
            match_any: false,
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
                // Any-word matching sums every term's score: one flat union of term
                // queries scores the same as nested ones, and lets tantivy skip
                // blocks that cannot reach the top hits (block-max WAND).
                let terms = self.text_clauses(field, text, 0, self.counts)?;
                positive += usize::from(!terms.is_empty());
                clauses.extend(
                    terms
                        .into_iter()
                        .map(|q| (TOccur::Should, boosted(q, boost))),
                );
                continue;
            }
            let query = if *occur == Occur::MustNot && !self.exact_only {
                let exact = Compiler {
                    exact_only: true,
                    default_fields: self.default_fields.clone(),
                    ..inner
                };
                exact.expr(expr)?
            } else {
                inner.expr(expr)?
            };
            let Some(query) = query else { continue };
            let occur = match occur {
                Occur::Must => TOccur::Must,
                Occur::MustNot => TOccur::MustNot,
                Occur::Default if self.match_any => TOccur::Should,
                Occur::Default => TOccur::Must,
            };
            if occur != TOccur::MustNot {
                positive += 1;
            }
            clauses.push((occur, query));
        }
        if let (true, Some(proximity)) = (self.match_any, self.proximity) {
            // Stop words are never paired: a pair of them matches nearly every article.
            let skipped = |(_, expr): &(Occur, Expr)| is_plain_stop_word(expr);
            for pair in neighbour_pairs(items, skipped) {
                for query in self.proximity_clauses(&pair, proximity)? {
                    clauses.push((TOccur::Should, query));
                }
            }
        }
        if clauses.is_empty() {
            return Ok(None);
        }
        if positive == 0 {
            clauses.push((TOccur::Must, Box::new(AllQuery)));
        }
        if clauses.len() == 1 && clauses[0].0 != TOccur::MustNot {
            return Ok(clauses.pop().map(|c| c.1));
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// The declared fields a query on `field` (or on the default fields) reaches.
    fn targets(&self, field: Option<&str>) -> Result<Vec<&'a FieldDecl>, CompileError> {
        let decl = &self.store.decl;
        let names: Vec<&str> = match field {
            Some(name) => vec![name],
            None => self.default_fields.iter().map(String::as_str).collect(),
        };
        let mut out = Vec::new();
        for name in names {
            match decl.field(name) {
                Some(f) if f.kind == FieldType::Text || f.kind == FieldType::String => {
                    out.extend(decl.companions(name))
                }
                Some(_) => return Err(CompileError::NotText(name.to_string())),
                None => return Err(CompileError::NoField(name.to_string())),
            }
        }
        Ok(out)
    }

    /// The index field holding `decl`'s terms (for an inline twin, the twinned one).
    fn field(&self, decl: &FieldDecl) -> Field {
        self.store
            .index
            .schema()
            .get_field(self.store.decl.index_field_name(decl))
            .expect("declared field exists")
    }

    /// Terms `text` becomes in `decl`'s field, with their positions.
    fn analyse(&self, decl: &FieldDecl, text: &str) -> Vec<(usize, String)> {
        if decl.inline {
            return exact_terms(&self.store.analyzers.stem, text);
        }
        let name = match decl.analyzer {
            Some(a) => a.tokenizer_name(),
            None => return vec![(0, text.to_string())],
        };
        let mut analyzer = self
            .store
            .index
            .tokenizers()
            .get(name)
            .expect("analysers are registered");
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.position, t.text.clone()));
        }
        out
    }

    /// A word or phrase: one term or a phrase per reached field, summed.
    fn text(&self, field: Option<&str>, text: &str, slop: u32) -> Compiled {
        if field == Some("date") {
            return self.date_range("date", text, text).map(Some);
        }
        Ok(union(self.text_clauses(field, text, slop, None)?))
    }

    /// The clauses of `text`'s union: a term or phrase per reached field. With
    /// `counts`, each one-term clause is weighted by [`damped_idf_weight`].
    fn text_clauses(
        &self,
        field: Option<&str>,
        text: &str,
        slop: u32,
        counts: Option<&dyn TermCounts>,
    ) -> Result<Vec<Box<dyn Query>>, CompileError> {
        // A term or phrase in an index field, its terms at their offsets, and its
        // boost: a word written as its stem is the same term in a field and in its
        // inline twin, which is scored once with both boosts (one scorer, not two
        // over the same postings).
        let mut matched: Vec<Matched> = Vec::new();
        let targets = if self.exact_only {
            self.surface_targets(field)?
        } else {
            self.targets(field)?
        };
        // Words of a phrase in a field without positions only add to the score of
        // articles the phrase matches elsewhere.
        let mut unordered = Vec::new();
        for decl in targets {
            let f = self.field(decl);
            let terms = self.analyse(decl, text);
            let boost = match terms.as_slice() {
                [] => continue,
                [(_, term)] => {
                    let weight = counts.map_or(1.0, |c| {
                        let field = self.store.decl.index_field_name(decl);
                        damped_idf_weight(c.articles(), c.doc_freq(field, term))
                    });
                    decl.boost * weight
                }
                _ if !decl.phrases => {
                    let all = terms.iter().map(|(_, t)| (TOccur::Must, term_query(f, t)));
                    unordered.push(boosted(
                        Box::new(BooleanQuery::new(all.collect())),
                        decl.boost,
                    ));
                    continue;
                }
                _ => decl.boost,
            };
            let first = terms[0].0;
            let terms: Vec<(usize, String)> =
                terms.into_iter().map(|(pos, t)| (pos - first, t)).collect();
            match matched.iter_mut().find(|(g, t, _)| *g == f && *t == terms) {
                Some((_, _, sum)) => *sum += boost,
                None => matched.push((f, terms, boost)),
            }
        }
        let clauses: Vec<Box<dyn Query>> = matched
            .into_iter()
            .map(|(f, terms, boost)| {
                let query: Box<dyn Query> = match terms.as_slice() {
                    [(_, term)] => term_query(f, term),
                    _ => {
                        let terms = terms
                            .into_iter()
                            .map(|(offset, t)| (offset, Term::from_field_text(f, &t)))
                            .collect();
                        Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
                    }
                };
                boosted(query, boost)
            })
            .collect();
        match union(unordered) {
            Some(extra) if !clauses.is_empty() => {
                let matched = union(clauses).expect("clauses");
                Ok(vec![Box::new(BooleanQuery::new(vec![
                    (TOccur::Must, matched),
                    (TOccur::Should, extra),
                ]))])
            }
            _ => Ok(clauses),
        }
    }

    /// The words a second stage scores hits by (see [`super::coverage::query_words`]),
    /// each as its stem in every stemmed field it searches.
    pub fn coverage_words(&self, expr: &Expr) -> Result<Option<CoverageWords>, CompileError> {
        let Some(counts) = self.counts else {
            return Ok(None);
        };
        query_words(expr, counts.articles(), |field, text| {
            let mut terms = Vec::new();
            let mut doc_freq = 0;
            for decl in self.targets(field)? {
                if let (true, [(_, term)]) = (is_stemmed(decl), self.analyse(decl, text).as_slice())
                {
                    let name = self.store.decl.index_field_name(decl);
                    doc_freq = doc_freq.max(counts.doc_freq(name, term));
                    terms.push(Term::from_field_text(self.field(decl), term));
                }
            }
            Ok((terms, doc_freq))
        })
    }

    /// Two neighbouring query words found near each other: a sloppy phrase in each
    /// reached field that [`scores_proximity`], weighted down.
    fn proximity_clauses(
        &self,
        pair: &str,
        proximity: Proximity,
    ) -> Result<Vec<Box<dyn Query>>, CompileError> {
        let mut clauses = Vec::new();
        for decl in self.targets(None)? {
            let terms = self.analyse(decl, pair);
            if !scores_proximity(decl) || terms.len() < 2 {
                continue;
            }
            let f = self.field(decl);
            let first = terms[0].0;
            let terms = terms
                .into_iter()
                .map(|(pos, t)| (pos - first, Term::from_field_text(f, &t)))
                .collect();
            let phrase = PhraseQuery::new_with_offset_and_slop(terms, proximity.slop);
            clauses.push(boosted(Box::new(phrase), decl.boost * proximity.weight));
        }
        Ok(clauses)
    }

    /// `word*`: words beginning so, matched on the unstemmed forms (and, in an index
    /// with inline twins, where words written as their stems are stems only, on the
    /// stems too).
    fn prefix(&self, field: Option<&str>, text: &str) -> Compiled {
        let folded: String = fold(text).chars().filter(|c| c.is_alphanumeric()).collect();
        if folded.is_empty() {
            return Ok(None);
        }
        let pattern = format!("{}.*", regex_escape(&folded));
        // An inline twin holds a word written as its stem as the stem.
        let inline_pattern = format!("{EXACT_MARK}?{pattern}");
        let mut clauses = Vec::new();
        for decl in self.surface_targets(field)? {
            let pattern = if decl.inline {
                &inline_pattern
            } else {
                &pattern
            };
            let query = RegexQuery::from_pattern(pattern, self.field(decl)).map_err(|e| {
                CompileError::Prefix {
                    text: text.to_string(),
                    message: e.to_string(),
                }
            })?;
            clauses.push(boosted(Box::new(query), decl.boost));
        }
        Ok(union(clauses))
    }

    /// `word~`: words within a small edit distance, on stems and surface forms.
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
            let term = Term::from_field_text(self.field(decl), term);
            clauses.push(boosted(
                Box::new(FuzzyTermQuery::new(term, distance, true)),
                decl.boost,
            ));
        }
        Ok(union(clauses))
    }

    /// Reached fields holding unstemmed forms: the `_exact` twins where declared.
    fn surface_targets(&self, field: Option<&str>) -> Result<Vec<&'a FieldDecl>, CompileError> {
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

    fn date_range(
        &self,
        field: &str,
        low: &str,
        high: &str,
    ) -> Result<Box<dyn Query>, CompileError> {
        if field != "date" {
            return Err(CompileError::RangeNotOnDate(field.to_string()));
        }
        let today = today_wib();
        let low = day_bound(low, false, today)?;
        let high = day_bound(high, true, today)?;
        Ok(self.day_range(low, high))
    }

    /// Articles whose calendar day is within the (inclusive) bounds.
    pub fn day_range(&self, low: Option<u64>, high: Option<u64>) -> Box<dyn Query> {
        if low.is_none() && high.is_none() {
            // [* TO *]: any date at all, which tantivy's range query cannot express.
            return Box::new(ExistsQuery::new("day".to_string(), false));
        }
        let day = self.store.fields.day;
        let bound = |b: Option<u64>| match b {
            Some(v) => Bound::Included(Term::from_field_u64(day, v)),
            None => Bound::Unbounded,
        };
        Box::new(RangeQuery::new(bound(low), bound(high)))
    }

    /// Articles from any of the named outlets (`kompas` matches `Kompas.com`).
    pub fn sources(&self, names: &[String]) -> Result<Box<dyn Query>, CompileError> {
        let mut clauses = Vec::new();
        for name in names {
            clauses.extend(self.text(Some("source"), name, 0)?);
        }
        Ok(union(clauses).unwrap_or_else(|| Box::new(EmptyQuery)))
    }
}

pub(crate) fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A field a query word's stem is searched in: Indonesian analysis, neither an exact-form
/// twin nor a part of another field.
pub(crate) fn is_stemmed(decl: &FieldDecl) -> bool {
    decl.analyzer == Some(AnalyzerName::Indonesian)
        && decl.exact_of.is_none()
        && decl.part_of.is_none()
}

/// A plain word that is a stop word ("yang", "di", "dan").
pub(crate) fn is_plain_stop_word(expr: &Expr) -> bool {
    plain_word_of(expr).is_some_and(|(_, text, _)| is_stop_word(&key(text)))
}

/// Whether a query's items hold a word to search by besides stop words: its stop words
/// are then left out where any word may match.
pub(crate) fn has_content_words(items: &[(Occur, Expr)]) -> bool {
    items
        .iter()
        .any(|(occur, expr)| *occur == Occur::Default && !is_plain_stop_word(expr))
}

/// A word searched as written (no prefix, typo tolerance or date): its field, text and
/// boost.
pub(crate) fn plain_word_of(expr: &Expr) -> Option<(Option<&str>, &str, f32)> {
    match expr {
        Expr::Word {
            field,
            text,
            prefix: false,
            fuzzy: None,
            boost,
        } if field.as_deref() != Some("date") => Some((field.as_deref(), text, *boost)),
        _ => None,
    }
}

#[cfg(test)]
#[path = "compile_tests.rs"]
mod tests;
