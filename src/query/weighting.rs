//! How the words of a query weigh, for the local compiler and the OpenSearch one alike:
//! BM25's saturation and length normalisation (k1 and b), an any-word query's words by
//! the square root of their IDF, and, on request, by how close together neighbouring
//! words stand (term proximity).

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::Term;

use super::compile::plain_word_of;
use super::syntax::{Expr, Occur};
use crate::schema::{AnalyzerName, FieldDecl};

/// How many articles there are and how many hold a term, for weighting query words.
pub trait TermCounts {
    fn articles(&self) -> u64;
    fn doc_freq(&self, field: &str, term: &str) -> u64;
}

/// The counts of a local index.
impl TermCounts for tantivy::Searcher {
    fn articles(&self) -> u64 {
        self.num_docs()
    }

    fn doc_freq(&self, field: &str, term: &str) -> u64 {
        match self.schema().get_field(field) {
            Ok(field) => {
                tantivy::Searcher::doc_freq(self, &Term::from_field_text(field, term)).unwrap_or(0)
            }
            Err(_) => 0,
        }
    }
}

/// A local index's counts for one search, each looked up once. A query's term is
/// counted by the compiler (to damp its weight), by BM25 (its IDF) and by the snippets
/// (to weigh matches), and each count walks every segment's term dictionary; a field's
/// total length, which BM25 asks for once per term, walks every segment too.
pub struct IndexCounts<'s> {
    searcher: &'s tantivy::Searcher,
    doc_freqs: RefCell<HashMap<Term, u64>>,
    tokens: RefCell<HashMap<Field, u64>>,
}

impl<'s> IndexCounts<'s> {
    pub fn new(searcher: &'s tantivy::Searcher) -> IndexCounts<'s> {
        IndexCounts {
            searcher,
            doc_freqs: RefCell::new(HashMap::new()),
            tokens: RefCell::new(HashMap::new()),
        }
    }

    pub fn searcher(&self) -> &'s tantivy::Searcher {
        self.searcher
    }

    /// How many articles hold `term` (replaced ones included, as tantivy counts).
    pub fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(&n) = self.doc_freqs.borrow().get(term) {
            return Ok(n);
        }
        let n = self.searcher.doc_freq(term)?;
        self.doc_freqs.borrow_mut().insert(term.clone(), n);
        Ok(n)
    }

    /// The number of tokens in `field` over the whole index.
    pub fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if let Some(&n) = self.tokens.borrow().get(&field) {
            return Ok(n);
        }
        let n = Bm25StatisticsProvider::total_num_tokens(self.searcher, field)?;
        self.tokens.borrow_mut().insert(field, n);
        Ok(n)
    }
}

impl TermCounts for IndexCounts<'_> {
    fn articles(&self) -> u64 {
        self.searcher.num_docs()
    }

    fn doc_freq(&self, field: &str, term: &str) -> u64 {
        match self.searcher.schema().get_field(field) {
            Ok(field) => {
                IndexCounts::doc_freq(self, &Term::from_field_text(field, term)).unwrap_or(0)
            }
            Err(_) => 0,
        }
    }
}

/// BM25's k1 (how fast a word's repeats stop adding to the score) and b (how much a
/// long article's words count for less).
///
/// tantivy fixes both (k1 1.2, b 0.75); what a search can change is the average field
/// length BM25 divides by. Stretching it by `s` turns tantivy's
/// `1.2 · (0.25 + 0.75 · len / avg)` into `k1 · (1 − b + b · len / avg)` with
/// `k1 · (1 − b) = 0.3` kept and `k1 · b = 0.9 / s`: one parameter, named here by k1,
/// with b following as `1 − 0.3 / k1`. Every field is stretched alike, so a ranking is
/// BM25's with that k1 and b exactly (scores are a constant `2.2 / (k1 + 1)` times
/// Lucene's classic formula, which orders them the same).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bm25 {
    k1: f32,
}

/// tantivy's k1 · (1 − b): fixed, whatever the average length.
const FIXED_K1_TIMES_ONE_MINUS_B: f32 = 1.2 * (1.0 - 0.75);
/// tantivy's k1 · b, which the stretched average length divides.
const TANTIVY_K1_TIMES_B: f32 = 1.2 * 0.75;

/// A k1 BM25 cannot take here (b would leave 0 to 1, or the average length vanish).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("BM25's k1 must be more than 0.3 and at most 5 (b follows as 1 - 0.3/k1), not {0}")]
pub struct Bm25Error(pub String);

impl Bm25 {
    /// The largest k1 accepted: beyond it b hardly moves and the average length BM25
    /// divides by shrinks towards nothing.
    pub const MAX_K1: f32 = 5.0;

    /// tantivy's own setting (k1 1.2, b 0.75), the same as Lucene's default.
    pub const TANTIVY: Bm25 = Bm25 { k1: 1.2 };

    pub fn with_k1(k1: f32) -> Result<Bm25, Bm25Error> {
        if k1.is_finite() && k1 > FIXED_K1_TIMES_ONE_MINUS_B + 1e-6 && k1 <= Bm25::MAX_K1 {
            Ok(Bm25 { k1 })
        } else {
            Err(Bm25Error(k1.to_string()))
        }
    }

    pub fn k1(&self) -> f32 {
        self.k1
    }

    pub fn b(&self) -> f32 {
        1.0 - FIXED_K1_TIMES_ONE_MINUS_B / self.k1
    }

    /// How much the average field length is stretched to score with this k1.
    fn length_scale(&self) -> f64 {
        f64::from(TANTIVY_K1_TIMES_B) / f64::from(self.k1 - FIXED_K1_TIMES_ONE_MINUS_B)
    }

    /// The statistics to score a local index's search with (see
    /// `tantivy::Searcher::search_with_statistics_provider`).
    pub fn statistics<'c>(&self, counts: &'c IndexCounts<'c>) -> Bm25Statistics<'c> {
        Bm25Statistics {
            counts,
            length_scale: self.length_scale(),
        }
    }
}

impl Default for Bm25 {
    /// k1 1.0, b 0.7: the best of the settings measured on known-item search, on the
    /// development and held-out sets alike (BENCHMARKS.md); gentler on long articles
    /// and on repeats than tantivy's 1.2 and 0.75.
    fn default() -> Bm25 {
        Bm25 { k1: 1.0 }
    }
}

/// A local index's counts with every field's total length stretched for a [`Bm25`];
/// document counts, and so IDF (and [`damped_idf_weight`]), are the index's own.
pub struct Bm25Statistics<'c> {
    counts: &'c IndexCounts<'c>,
    length_scale: f64,
}

impl Bm25StatisticsProvider for Bm25Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let total = self.counts.total_num_tokens(field)?;
        Ok((total as f64 * self.length_scale).round() as u64)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(self.counts.searcher)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.counts.doc_freq(term)
    }
}

/// The factor that turns a word's BM25 score, which grows with its IDF, into one that
/// grows with the IDF's square root. In an any-word query of many words (a headline),
/// full IDF lets the one rare word an article shares (a name) outweigh the many common
/// ones it shares; damped, articles that share more of the words rank higher. The
/// corpus makes this matter: its bodies lack the text of their links, mostly the names
/// a headline is about, so the article a headline belongs to often lacks its rarest
/// words while its neighbours on the same story keep them (BENCHMARKS.md).
pub fn damped_idf_weight(articles: u64, doc_freq: u64) -> f32 {
    idf(articles, doc_freq).max(f32::MIN_POSITIVE).powf(-0.5)
}

/// BM25's IDF, as tantivy and Lucene compute it.
pub fn idf(articles: u64, doc_freq: u64) -> f32 {
    let (n, df) = (articles as f32, doc_freq as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Term proximity in the manner of the sequential dependence model (Metzler and Croft,
/// 2005): besides each word, an any-word query scores each pair of neighbouring words
/// found within a small window of each other in the text, with a small weight. A
/// headline's words tend to stand together in its own article's body; in the articles
/// that merely share its words, they are scattered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Proximity {
    /// The pairs' weight against the words' (the words weigh 1).
    pub weight: f32,
    /// How many other words may stand between or around the two (phrase slop).
    pub slop: u32,
}

impl Default for Proximity {
    /// The best of the weights and windows measured (see BENCHMARKS.md).
    fn default() -> Proximity {
        Proximity {
            weight: 0.2,
            slop: 2,
        }
    }
}

/// The neighbouring plain words of an any-word query, as "a b" texts, in order. Stop
/// words left out of the query are left out here too, so "presiden di Jakarta" pairs
/// "presiden Jakarta" (which a window of 2 finds as written); any other item (a phrase,
/// a field, an operator) breaks the run.
pub(crate) fn neighbour_pairs<'e>(
    items: &'e [(Occur, Expr)],
    skipped: impl Fn(&(Occur, Expr)) -> bool,
) -> Vec<String> {
    let mut pairs = Vec::new();
    let mut previous: Option<&'e str> = None;
    for item in items.iter().filter(|item| !skipped(item)) {
        let word = match item {
            (Occur::Default, expr) => plain_word_of(expr)
                .filter(|(field, _, _)| field.is_none())
                .map(|(_, text, _)| text),
            _ => None,
        };
        if let (Some(a), Some(b)) = (previous, word) {
            pairs.push(format!("{a} {b}"));
        }
        previous = word;
    }
    pairs
}

/// Whether proximity is scored in `decl`: a field of stems that is not a part or twin of
/// another (the body, not its lede or exact-form field).
pub(crate) fn scores_proximity(decl: &FieldDecl) -> bool {
    decl.analyzer == Some(AnalyzerName::Indonesian)
        && decl.exact_of.is_none()
        && decl.part_of.is_none()
        && decl.phrases
}

#[cfg(test)]
mod bm25_tests {
    use super::*;

    #[test]
    fn k1_and_b_follow_tantivys_fixed_product() {
        // b = 1 - 0.3 / k1, and the stretch 0.9 / (k1 - 0.3).
        for (k1, b, scale) in [(1.2, 0.75, 1.0), (1.0, 0.7, 9.0 / 7.0), (0.6, 0.5, 3.0)] {
            let bm25 = Bm25::with_k1(k1).unwrap();
            assert!((bm25.b() - b).abs() < 1e-6, "k1 {k1}: b {}", bm25.b());
            assert!((bm25.length_scale() - scale).abs() < 1e-6, "k1 {k1}");
        }
        assert_eq!(Bm25::TANTIVY, Bm25::with_k1(1.2).unwrap());
        assert_eq!(Bm25::default().k1(), 1.0);
    }

    #[test]
    fn k1_out_of_range_is_refused() {
        for k1 in [0.3, 0.0, -1.0, 5.5, f32::NAN, f32::INFINITY] {
            assert!(Bm25::with_k1(k1).is_err(), "{k1}");
        }
        assert!(Bm25::with_k1(5.0).is_ok());
        assert!(Bm25::with_k1(0.31).is_ok());
    }
}
