//! The passage of a hit's body shown under its title: one window of text around the
//! query's best match, with the matched words (inflected forms included) marked. It
//! analyses the body a paragraph at a time and stops as soon as a window holds every
//! query word, so a body whose first lines answer the query costs those lines only.
//! Of each piece it stems only the words that may give one of the query's stems
//! ([`StemFilter`]).
//! Which words count as matches is the search's business: this module is given the
//! query's terms on the body field and the body field's analyser.

use anyhow::Result;
use std::sync::Arc;
use tantivy::query::Query;
use tantivy::schema::Field;

use crate::analysis::{Analyzer, StemFilter, Token};

use crate::query::IndexCounts;
use crate::tokenizer::MAX_BYTES_PER_VALUE;

/// A passage of the body with the byte ranges of matched words.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// Pieces of body analysed at a time: paragraphs, merged up to about this many bytes.
const CHUNK_BYTES: usize = 1024;
/// Term strings of a chunk handed back to the analysis at most.
const MAX_SPENT: usize = 4096;
/// How far before the first matched word a passage may start, to begin at its sentence.
const LEAD_CHARS: usize = 80;

/// Builds snippets for the hits of one query.
pub struct SnippetMaker {
    /// Each body term of the query and its weight (rarer terms weigh more), in the
    /// query's order. A query has a handful of terms: a scan beats hashing each word.
    terms: Vec<(String, f32)>,
    analyzer: Arc<Analyzer>,
    /// What a word must hold to give one of `terms`, where that can be told.
    filter: Option<StemFilter>,
    max_chars: usize,
}

/// A candidate passage: the matches from `first` on that fit in it.
#[derive(Clone, Copy)]
struct Window {
    score: f32,
    /// Distinct query terms in it.
    terms: usize,
    first: usize,
}

/// One matched word in the body: its byte range and which query term it is.
#[derive(Clone, Copy)]
struct Match {
    start: usize,
    end: usize,
    term: usize,
}

impl SnippetMaker {
    /// The maker for `query`'s terms on `field`, weighted as tantivy's own snippet
    /// generator weighs them: 1 / (1 + document frequency). `analyzer` finds the
    /// terms in the text: the field's stems (its marked exact forms, which no term
    /// here is, need not be made).
    pub fn new(
        counts: &IndexCounts,
        query: &dyn Query,
        field: Field,
        analyzer: Arc<Analyzer>,
        max_chars: usize,
    ) -> Result<SnippetMaker> {
        let mut found = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                found.push(term.clone());
            }
        });
        let mut terms: Vec<(String, f32)> = Vec::new();
        for term in found {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            // A marked form lies on the span of its stem, which the query also has.
            if terms.iter().any(|(t, _)| t == text) || crate::tokenizer::unmarked(text).is_some() {
                continue;
            }
            let doc_freq = counts.doc_freq(&term)?;
            if doc_freq > 0 {
                terms.push((text.to_string(), 1.0 / (1.0 + doc_freq as f32)));
            }
        }
        Ok(SnippetMaker {
            filter: StemFilter::for_stems(terms.iter().map(|(t, _)| t.as_str())),
            terms,
            analyzer,
            max_chars,
        })
    }

    /// The passage of `body` to show: the window holding the most (and rarest) query
    /// terms, the earliest of equals; or the body's start when no term is in it.
    pub fn snippet(&mut self, body: &str) -> Snippet {
        let mut matches: Vec<Match> = Vec::new();
        let mut best: Option<Window> = None;
        let mut scanned = 0;
        while scanned < body.len() && !self.terms.is_empty() {
            let end = chunk_end(body, scanned);
            self.scan(body, scanned, end, &mut matches);
            scanned = end;
            best = self.best_window(body, &matches);
            // A window with every term cannot be beaten by one further on. (Counted,
            // not compared with the sum of all weights: float sums taken in another
            // order can differ in the last bit.)
            if best.is_some_and(|window| window.terms == self.terms.len()) {
                break;
            }
        }
        match best {
            Some(window) => {
                // The passage may reach past the text analysed so far: its words there
                // are marked too (one more chunk is longer than any passage).
                let reach = char_end(body, matches[window.first].start, self.max_chars);
                if reach > scanned {
                    let end = chunk_end(body, scanned);
                    self.scan(body, scanned, end, &mut matches);
                }
                self.passage(body, &matches, window.first)
            }
            None => Snippet {
                text: body[..char_end(body, 0, self.max_chars)].to_string(),
                highlights: Vec::new(),
            },
        }
    }

    /// Adds the query terms' matches in `body[from..to]` to `matches`.
    fn scan(&mut self, body: &str, from: usize, to: usize, matches: &mut Vec<Match>) {
        let terms = &self.terms;
        let mut spent = Vec::new();
        let mut sink = |token: Token| {
            if let Some(term) = terms.iter().position(|(t, _)| *t == token.text) {
                matches.push(Match {
                    start: from + token.start,
                    end: from + token.end,
                    term,
                });
            }
            if spent.len() < MAX_SPENT {
                spent.push(token.text);
            }
        };
        // As much of a chunk as indexing analyses of a value: a body without spaces
        // is one chunk.
        let text = crate::tokenizer::prefix(&body[from..to], MAX_BYTES_PER_VALUE);
        match &self.filter {
            Some(filter) => self.analyzer.analyze_where(text, filter, &mut sink),
            None => self.analyzer.analyze(text, &mut sink),
        }
        // The analysis fills these strings with the next chunk's terms.
        crate::analysis::recycle(spent);
    }

    /// The best window: its score, its number of distinct terms and the index of its
    /// first match. A window starts at a match and holds the matches that end within
    /// `max_chars` of it; its score counts each distinct term once.
    fn best_window(&self, body: &str, matches: &[Match]) -> Option<Window> {
        let weights: Vec<f32> = self.terms.iter().map(|(_, w)| *w).collect();
        let mut best: Option<Window> = None;
        let mut seen = vec![false; self.terms.len()];
        for (i, first) in matches.iter().enumerate() {
            let limit = char_end(body, first.start, self.max_chars);
            seen.iter_mut().for_each(|s| *s = false);
            let mut window = Window {
                score: 0.0,
                terms: 0,
                first: i,
            };
            for m in matches[i..].iter().take_while(|m| m.end <= limit) {
                if !seen[m.term] {
                    seen[m.term] = true;
                    window.terms += 1;
                }
            }
            // Summed in the terms' order, so that windows holding the same terms score
            // exactly alike and the earliest of them wins.
            window.score = seen
                .iter()
                .zip(&weights)
                .filter(|(seen, _)| **seen)
                .map(|(_, w)| w)
                .sum();
            if best.is_none_or(|b| window.score > b.score) {
                best = Some(window);
            }
        }
        best
    }

    /// The passage starting near `matches[first]`: from its sentence's start when that
    /// is close, cut at a word boundary after `max_chars` characters.
    fn passage(&self, body: &str, matches: &[Match], first: usize) -> Snippet {
        let at = matches[first].start;
        let start = sentence_start(body, at);
        let mut end = char_end(body, start, self.max_chars);
        if end < body.len() {
            // End on a word boundary, unless that would drop the first match.
            if let Some(space) = body[start..end].rfind(char::is_whitespace) {
                if start + space >= matches[first].end {
                    end = start + space;
                }
            }
        }
        let highlights = matches
            .iter()
            .filter(|m| m.start >= start && m.end <= end)
            .map(|m| (m.start - start, m.end - start))
            .collect();
        Snippet {
            text: body[start..end].trim_end().to_string(),
            highlights,
        }
    }
}

/// The end of the chunk of `body` that starts at `from`: after the first line break
/// past `CHUNK_BYTES` bytes, else at whitespace past them, else at the body's end.
fn chunk_end(body: &str, from: usize) -> usize {
    let rest = &body[from..];
    if rest.len() <= CHUNK_BYTES {
        return body.len();
    }
    let cut = floor_char(rest, CHUNK_BYTES);
    let after = &rest[cut..];
    let at = after
        .find('\n')
        .or_else(|| after.find(char::is_whitespace))
        .map(|i| cut + i + 1)
        .unwrap_or(rest.len());
    from + floor_char(rest, at)
}

/// The largest char boundary of `text` at or below `at`.
fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The byte offset `chars` characters after `from` in `text` (or its end).
fn char_end(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map(|(i, _)| from + i)
        .unwrap_or(text.len())
}

/// Where the passage around the word at `at` starts: after the last sentence end or
/// line break within `LEAD_CHARS` characters before it, else at the word itself.
fn sentence_start(body: &str, at: usize) -> usize {
    let lead_from = body[..at]
        .char_indices()
        .rev()
        .nth(LEAD_CHARS - 1)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let before = &body[lead_from..at];
    let ends = before
        .char_indices()
        .filter(|&(i, c)| {
            c == '\n' || (matches!(c, '.' | '!' | '?') && before[i + 1..].starts_with(' '))
        })
        .map(|(i, c)| lead_from + i + c.len_utf8())
        .next_back();
    match ends {
        Some(end) => end + (body[end..at].len() - body[end..at].trim_start().len()),
        None if lead_from == 0 => 0,
        None => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analysis::AnalyzerOptions;

    /// A maker over the stems of words, with the weights given (as `new` would read
    /// them from document frequencies).
    fn maker(terms: &[(&str, f32)]) -> SnippetMaker {
        SnippetMaker {
            terms: terms.iter().map(|&(t, w)| (t.to_string(), w)).collect(),
            analyzer: Arc::new(Analyzer::new(AnalyzerOptions::default())),
            filter: StemFilter::for_stems(terms.iter().map(|&(t, _)| t)),
            max_chars: 220,
        }
    }

    /// The first chunk holds every term, so analysis stops there; the passage reaches
    /// into the next chunk, and a query word there is marked like the others.
    #[test]
    fn words_past_the_analysed_chunk_are_marked_in_the_passage() {
        let body = format!(
            "{}Gempa Ambon\nGempa susulan terasa. {}",
            "kata ".repeat(210),
            "lain ".repeat(300)
        );
        let snippet = maker(&[("gempa", 0.5), ("ambon", 0.25)]).snippet(&body);
        assert!(
            snippet.text.starts_with("Gempa Ambon\nGempa susulan"),
            "{snippet:?}"
        );
        assert_eq!(snippet.highlights, [(0, 5), (6, 11), (12, 17)]);
    }

    /// Windows holding the same terms score alike whatever order the terms come in, so
    /// the earliest is shown, in every run.
    #[test]
    fn the_earliest_of_equal_windows_is_shown_every_time() {
        let weights = [
            ("a", 0.1),
            ("b", 0.7),
            ("c", 0.3),
            ("d", 1.0 / 3.0),
            ("e", 0.01),
        ];
        let body = format!("a b c d e {} e d c b a", "x ".repeat(200));
        for _ in 0..20 {
            let snippet = maker(&weights).snippet(&body);
            assert!(snippet.text.starts_with("a b c d e"), "{snippet:?}");
        }
    }

    /// A body without spaces or line breaks is one chunk: it is analysed as far as
    /// indexing analyses a value, and no further.
    #[test]
    fn a_body_without_spaces_is_analysed_up_to_the_indexing_limit() {
        let body = format!("banjir,{}gempa", "a,".repeat(MAX_BYTES_PER_VALUE / 2 + 10));
        assert_eq!(chunk_end(&body, 0), body.len());
        let snippet = maker(&[("banjir", 0.5), ("gempa", 0.9)]).snippet(&body);
        assert_eq!(snippet.highlights, [(0, 6)]);
    }

    #[test]
    fn chunks_end_after_a_line_break_past_the_size() {
        let body = format!("{}\n{}\nend", "a".repeat(1500), "b".repeat(10));
        assert_eq!(chunk_end(&body, 0), 1501);
        assert_eq!(chunk_end(&body, 1501), body.len());
        let words = "kata ".repeat(400);
        let end = chunk_end(&words, 0);
        assert!(end > CHUNK_BYTES && words[..end].ends_with(' '), "{end}");
    }

    #[test]
    fn chunks_never_split_a_character() {
        let body = "é".repeat(2000);
        let end = chunk_end(&body, 0);
        assert!(body.is_char_boundary(end));
        assert_eq!(end, body.len());
    }

    #[test]
    fn passages_start_at_the_sentence_when_it_is_near() {
        let body = "Awal cerita. Harga cabai naik tajam.";
        let at = body.find("cabai").unwrap();
        assert_eq!(&body[sentence_start(body, at)..at], "Harga ");
        let long = format!("{} {}", "kata".repeat(40), "cabai");
        let at = long.find("cabai").unwrap();
        assert_eq!(sentence_start(&long, at), at);
        assert_eq!(sentence_start("cabai", 0), 0);
    }
}
