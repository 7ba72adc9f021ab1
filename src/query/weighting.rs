//! How the words of an any-word query weigh, for the local compiler and the OpenSearch
//! one alike: by the square root of their IDF, and, on request, by how close together
//! neighbouring words stand (term proximity).

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

/// The factor that turns a word's BM25 score, which grows with its IDF, into one that
/// grows with the IDF's square root. In an any-word query of many words (a headline),
/// full IDF lets the one rare word an article shares (a name) outweigh the many common
/// ones it shares; damped, articles that share more of the words rank higher. The
/// corpus makes this matter: its bodies lack the text of their links, mostly the names
/// a headline is about, so the article a headline belongs to often lacks its rarest
/// words while its neighbours on the same story keep them (BENCHMARKS.md).
pub fn damped_idf_weight(articles: u64, doc_freq: u64) -> f32 {
    let (n, df) = (articles as f32, doc_freq as f32);
    // BM25's IDF, as tantivy and Lucene compute it.
    let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    idf.max(f32::MIN_POSITIVE).powf(-0.5)
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
