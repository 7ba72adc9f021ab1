//! The second stage of an any-word query's ranking: the best hits by BM25 are scored
//! again by how much of the query they hold (coverage). Owns which words count, how
//! each weighs, and the share of them an article holds; the search calls it on the
//! top hits and reorders them, it does not collect or print anything.
//!
//! BM25 sums its words' scores, so an article repeating a headline's two names can
//! outrank one holding six of its eight words. Each word here weighs the square root
//! of its IDF (the weight of the words in the first stage), and a hit's score is
//! multiplied by `share ^ exponent`: gentle (the default exponent, 0.2, takes a hit
//! holding half of the query's weight down by 13%), so it reorders close hits only. Measured on
//! known-item search, where it helped the held-out set and left the development set
//! where it was (BENCHMARKS.md, round 5).

use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Term};

use super::compile::{has_content_words, is_plain_stop_word, plain_word_of};
use super::syntax::{Expr, Occur};
use super::weighting::idf;

/// How many of the first stage's best hits are scored again (OpenSearch's rescore
/// calls this the window). Hits below it follow in BM25's order; 30, 50 and 100 gave
/// the same rankings on known-item search.
pub const COVERAGE_DEPTH: usize = 50;

/// The exponent of a hit's share of the query by default.
pub const DEFAULT_COVERAGE: f32 = 0.2;

/// The largest exponent accepted: beyond it the share outweighs BM25 altogether.
pub const MAX_COVERAGE: f32 = 4.0;

/// A coverage exponent out of range.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("the coverage exponent must be from 0 (off) to 4, not {0}")]
pub struct CoverageError(pub String);

/// Checks a coverage exponent given by a user: 0 turns the second stage off.
pub fn coverage_exponent(value: f32) -> Result<f32, CoverageError> {
    if value.is_finite() && (0.0..=MAX_COVERAGE).contains(&value) {
        Ok(value)
    } else {
        Err(CoverageError(value.to_string()))
    }
}

/// One query word: the terms it becomes in the fields searched (it counts as held when
/// an article holds any of them), and its weight. The terms are the local index's, or
/// (field name, term) pairs for an OpenSearch index.
#[derive(Clone, Debug, PartialEq)]
pub struct CoverageWord<T = Term> {
    pub terms: Vec<T>,
    pub weight: f32,
}

/// The words of an any-word query that coverage counts: two or more distinct ones,
/// or there is nothing to reorder by.
#[derive(Clone, Debug, PartialEq)]
pub struct CoverageWords<T = Term> {
    words: Vec<CoverageWord<T>>,
    total: f32,
}

impl<T: PartialEq> CoverageWords<T> {
    /// `None` when fewer than two distinct words (with some weight) are left: every hit
    /// would hold all of them.
    pub fn new(mut words: Vec<CoverageWord<T>>) -> Option<CoverageWords<T>> {
        words.retain(|w| !w.terms.is_empty() && w.weight > 0.0);
        let mut distinct: Vec<CoverageWord<T>> = Vec::with_capacity(words.len());
        for word in words {
            if !distinct.iter().any(|d| d.terms == word.terms) {
                distinct.push(word);
            }
        }
        let total: f32 = distinct.iter().map(|w| w.weight).sum();
        (distinct.len() >= 2).then_some(CoverageWords {
            words: distinct,
            total,
        })
    }

    pub fn words(&self) -> &[CoverageWord<T>] {
        &self.words
    }

    /// The weights of the words, summed: the weight of a hit holding all of them.
    pub fn total(&self) -> f32 {
        self.total
    }
}

/// The words coverage counts in a query, for the local index and the cluster alike:
/// the plain words an any-word query asks for (not those it excludes, nor stop words
/// where it has others), each weighted by the square root of its IDF. `terms_of` gives,
/// for one word (the field it names, if any, and its text), the stems it becomes in
/// the stemmed fields it searches and its largest document count among them. `None`
/// when the query is not a list of two or more such words.
pub fn query_words<T: PartialEq, E>(
    expr: &Expr,
    articles: u64,
    mut terms_of: impl FnMut(Option<&str>, &str) -> Result<(Vec<T>, u64), E>,
) -> Result<Option<CoverageWords<T>>, E> {
    let Expr::And(items) = expr else {
        return Ok(None);
    };
    let skip_stop_words = has_content_words(items);
    let mut words = Vec::new();
    for (occur, expr) in items {
        if *occur == Occur::MustNot || (skip_stop_words && is_plain_stop_word(expr)) {
            continue;
        }
        let Some((field, text, _)) = plain_word_of(expr) else {
            continue;
        };
        let (terms, doc_freq) = terms_of(field, text)?;
        words.push(CoverageWord {
            terms,
            weight: idf(articles, doc_freq).sqrt(),
        });
    }
    Ok(CoverageWords::new(words))
}

/// The articles at `addresses` by segment, each segment's in the order of their doc
/// ids (postings are read forwards), with their places in `addresses`.
pub(crate) fn docs_by_segment(addresses: &[DocAddress]) -> Vec<(u32, Vec<(u32, usize)>)> {
    let mut all: Vec<(u32, u32, usize)> = addresses
        .iter()
        .enumerate()
        .map(|(i, a)| (a.segment_ord, a.doc_id, i))
        .collect();
    all.sort_unstable();
    let mut segments: Vec<(u32, Vec<(u32, usize)>)> = Vec::new();
    for (segment, doc, i) in all {
        match segments.last_mut() {
            Some((last, docs)) if *last == segment => docs.push((doc, i)),
            _ => segments.push((segment, vec![(doc, i)])),
        }
    }
    segments
}

impl CoverageWords {
    /// The weighted share of the words (0 to 1) each article holds, in the order given.
    pub fn shares(
        &self,
        searcher: &tantivy::Searcher,
        addresses: &[DocAddress],
    ) -> tantivy::Result<Vec<f32>> {
        let mut held = vec![0.0f32; addresses.len()];
        for (segment, docs) in docs_by_segment(addresses) {
            let reader = searcher.segment_reader(segment);
            for word in &self.words {
                let mut found = vec![false; docs.len()];
                for term in &word.terms {
                    let index = reader.inverted_index(term.field())?;
                    let Some(mut postings) = index.read_postings(term, IndexRecordOption::Basic)?
                    else {
                        continue;
                    };
                    for (slot, (doc, _)) in docs.iter().enumerate() {
                        if postings.doc() <= *doc && postings.seek(*doc) == *doc {
                            found[slot] = true;
                        }
                    }
                }
                for (slot, (_, i)) in docs.iter().enumerate() {
                    if found[slot] {
                        held[*i] += word.weight;
                    }
                }
            }
        }
        Ok(held
            .into_iter()
            .map(|h| (h / self.total).min(1.0))
            .collect())
    }
}

/// A first-stage score taken down by the share of the query a hit holds.
pub fn rescored(score: f32, share: f32, exponent: f32) -> f32 {
    score * share.max(f32::MIN_POSITIVE).powf(exponent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::Field;

    fn word(text: &str, weight: f32) -> CoverageWord {
        CoverageWord {
            terms: vec![Term::from_field_text(Field::from_field_id(0), text)],
            weight,
        }
    }

    #[test]
    fn fewer_than_two_distinct_words_reorder_nothing() {
        assert!(CoverageWords::<Term>::new(vec![]).is_none());
        assert!(CoverageWords::new(vec![word("banjir", 2.0)]).is_none());
        assert!(CoverageWords::new(vec![word("banjir", 2.0), word("banjir", 2.0)]).is_none());
        assert!(CoverageWords::new(vec![word("banjir", 2.0), word("jakarta", 0.0)]).is_none());
        let two = CoverageWords::new(vec![word("banjir", 2.0), word("jakarta", 1.0)]).unwrap();
        assert_eq!(two.words().len(), 2);
        assert_eq!(two.total, 3.0);
    }

    #[test]
    fn a_share_takes_the_score_down_gently() {
        assert_eq!(rescored(8.0, 1.0, 0.25), 8.0);
        // Half the query's weight: 0.5^0.25 = 0.8409.
        assert!((rescored(8.0, 0.5, 0.25) - 6.727).abs() < 1e-3);
        assert_eq!(rescored(8.0, 0.5, 0.0), 8.0);
        assert!(rescored(8.0, 0.0, 0.25) >= 0.0);
    }

    #[test]
    fn exponents_out_of_range_are_refused() {
        for bad in [-0.1, 4.5, f32::NAN, f32::INFINITY] {
            assert!(coverage_exponent(bad).is_err(), "{bad}");
        }
        for good in [0.0, 0.25, 4.0] {
            assert_eq!(coverage_exponent(good), Ok(good));
        }
    }
}
