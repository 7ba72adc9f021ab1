//! Glue between warta's Indonesian analysis and tantivy: wraps an
//! [`Analyzer`](crate::analysis::Analyzer) as a tantivy tokenizer and registers the
//! analysers the schema can name. The analysis itself lives in `analysis/`, which knows
//! nothing of tantivy; this module knows nothing of Indonesian.

use std::sync::Arc;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::Index;

use crate::analysis::{Analyzer, AnalyzerOptions, Mode};
use crate::schema::AnalyzerName;

/// Terms indexed of one field value at most, as Lucene's LimitTokenCountFilter does, and
/// the bytes of it analysed: a runaway 50 MB "article" would otherwise hold gigabytes
/// of tokens. Real articles have a few thousand words; the whole text is still stored.
pub const MAX_TOKENS_PER_VALUE: usize = 200_000;
pub const MAX_BYTES_PER_VALUE: usize = 2 << 20;

/// The longest prefix of `text` of at most `max` bytes that ends on a character.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A tantivy tokenizer backed by a shared analyser. Each clone (one per indexing
/// thread) reuses its own token buffer.
#[derive(Clone)]
pub struct AnalyzerTokenizer {
    analyzer: Arc<Analyzer>,
    tokens: Vec<Token>,
}

impl AnalyzerTokenizer {
    pub fn new(analyzer: Arc<Analyzer>) -> AnalyzerTokenizer {
        AnalyzerTokenizer {
            analyzer,
            tokens: Vec::new(),
        }
    }
}

pub struct AnalyzerTokenStream<'a> {
    tokens: &'a [Token],
    next: usize,
}

impl Tokenizer for AnalyzerTokenizer {
    type TokenStream<'a> = AnalyzerTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AnalyzerTokenStream<'a> {
        // A buffer grown for one giant text is not kept for the next.
        if self.tokens.capacity() > 1 << 16 {
            self.tokens = Vec::new();
        } else {
            self.tokens.clear();
        }
        let tokens = &mut self.tokens;
        self.analyzer
            .analyze(prefix(text, MAX_BYTES_PER_VALUE), &mut |t| {
                if tokens.len() < MAX_TOKENS_PER_VALUE {
                    tokens.push(Token {
                        offset_from: t.start,
                        offset_to: t.end,
                        position: t.position,
                        text: t.text,
                        position_length: 1,
                    })
                }
            });
        AnalyzerTokenStream {
            tokens: &self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for AnalyzerTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        unreachable!("warta's analysers are not followed by token filters")
    }
}

/// The analysers an index uses, built once and shared by indexing and querying.
#[derive(Clone)]
pub struct Analyzers {
    pub stem: Arc<Analyzer>,
    pub surface: Arc<Analyzer>,
}

impl Analyzers {
    pub fn new(options: &AnalyzerOptions) -> Analyzers {
        let with_mode = |mode| {
            Arc::new(Analyzer::new(AnalyzerOptions {
                mode,
                ..options.clone()
            }))
        };
        Analyzers {
            stem: with_mode(Mode::Stem),
            surface: with_mode(Mode::Surface),
        }
    }

    pub fn get(&self, name: AnalyzerName) -> Option<&Arc<Analyzer>> {
        match name {
            AnalyzerName::Indonesian => Some(&self.stem),
            AnalyzerName::IndonesianSurface => Some(&self.surface),
            AnalyzerName::Words => None,
        }
    }

    /// Makes every analyser the schema can name known to `index`.
    pub fn register(&self, index: &Index) {
        let manager = index.tokenizers();
        manager.register(
            AnalyzerName::Indonesian.tokenizer_name(),
            TextAnalyzer::from(AnalyzerTokenizer::new(self.stem.clone())),
        );
        manager.register(
            AnalyzerName::IndonesianSurface.tokenizer_name(),
            TextAnalyzer::from(AnalyzerTokenizer::new(self.surface.clone())),
        );
        manager.register(AnalyzerName::Words.tokenizer_name(), words_analyzer());
    }
}

/// Lower-cased, ASCII-folded words, for outlet names, authors and URLs.
pub fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.position));
        }
        out
    }

    #[test]
    fn giant_values_are_cut_on_a_character() {
        let text = "é".repeat(10);
        assert_eq!(prefix(&text, 5), "éé");
        assert_eq!(prefix(&text, 100), text);
        let analyzers = Analyzers::new(&AnalyzerOptions::default());
        let mut a = TextAnalyzer::from(AnalyzerTokenizer::new(analyzers.surface.clone()));
        let giant = "kata ".repeat(MAX_TOKENS_PER_VALUE + 10);
        assert_eq!(texts(&mut a, &giant).len(), MAX_TOKENS_PER_VALUE);
    }

    #[test]
    fn words_analyzer_splits_outlets_and_folds() {
        let mut a = words_analyzer();
        let got: Vec<_> = texts(&mut a, "Tribunnews.com/Nuryanti Café")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(got, ["tribunnews", "com", "nuryanti", "cafe"]);
    }

    #[test]
    fn analyzer_tokenizer_keeps_offsets_and_positions() {
        let analyzers = Analyzers::new(&AnalyzerOptions::default());
        let mut a = TextAnalyzer::from(AnalyzerTokenizer::new(analyzers.surface.clone()));
        let text = "“Korea Utara” mendukung";
        let got = texts(&mut a, text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, "korea");
        assert_eq!(&text[got[1].1..got[1].1 + 5], "Utara");
        assert_eq!(got.iter().map(|t| t.2).collect::<Vec<_>>(), [0, 1, 2]);
        // The same stream type yields nothing for empty text.
        assert!(texts(&mut a, "").is_empty());
    }
}
