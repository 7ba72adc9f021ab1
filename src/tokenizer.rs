//! Glue between warta's Indonesian analysis and tantivy: wraps an
//! [`Analyzer`](crate::analysis::Analyzer) as a tantivy tokenizer and registers the
//! analysers the schema can name. The analysis itself lives in `analysis/`, which knows
//! nothing of tantivy; this module knows nothing of Indonesian.

use std::cell::RefCell;
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
    role: Role,
}

/// How a tokenizer shares work with its twin: the stemming pass also leaves the
/// surface forms of the same text for the exact-form field that tantivy tokenizes
/// next, so that each body is analysed once.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    /// Analyses alone.
    Alone,
    /// Stems, and leaves the surface forms behind on this thread.
    StemAndLeaveSurface,
    /// Takes the surface forms left for the same text, or analyses.
    TakeSurface,
}

thread_local! {
    /// The last stemmed text of this thread and its surface-form tokens.
    static LEFT_SURFACE: RefCell<(String, Vec<Token>)> =
        const { RefCell::new((String::new(), Vec::new())) };
}

impl AnalyzerTokenizer {
    pub fn new(analyzer: Arc<Analyzer>) -> AnalyzerTokenizer {
        AnalyzerTokenizer::with_role(analyzer, Role::Alone)
    }

    pub fn with_role(analyzer: Arc<Analyzer>, role: Role) -> AnalyzerTokenizer {
        AnalyzerTokenizer {
            analyzer,
            tokens: Vec::new(),
            role,
        }
    }

    /// Analyses `text` into the token buffer, up to the per-value limit.
    fn analyze_alone(&mut self, text: &str) {
        let tokens = &mut self.tokens;
        self.analyzer.analyze(text, &mut |mut t| {
            if tokens.len() < MAX_TOKENS_PER_VALUE {
                let term = std::mem::take(&mut t.text);
                tokens.push(tantivy_token(&t, term));
            }
        });
    }
}

/// The tantivy token for an analysed term, with `text` as its term.
fn tantivy_token(t: &crate::analysis::Token, text: String) -> Token {
    Token {
        offset_from: t.start,
        offset_to: t.end,
        position: t.position,
        text,
        position_length: 1,
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
        let text = prefix(text, MAX_BYTES_PER_VALUE);
        match self.role {
            Role::Alone => self.analyze_alone(text),
            Role::StemAndLeaveSurface => LEFT_SURFACE.with(|left| {
                let mut left = left.borrow_mut();
                let (left_text, surface) = &mut *left;
                left_text.clear();
                left_text.push_str(text);
                surface.clear();
                let tokens = &mut self.tokens;
                self.analyzer
                    .analyze_with_surface(text, &mut |mut t, form| {
                        if tokens.len() < MAX_TOKENS_PER_VALUE {
                            if !form.is_empty() {
                                surface.push(tantivy_token(&t, form.to_string()));
                            }
                            let term = std::mem::take(&mut t.text);
                            tokens.push(tantivy_token(&t, term));
                        }
                    });
            }),
            Role::TakeSurface => {
                let taken = LEFT_SURFACE.with(|left| {
                    let mut left = left.borrow_mut();
                    if left.0 == text {
                        left.0.clear();
                        Some(std::mem::take(&mut left.1))
                    } else {
                        None
                    }
                });
                match taken {
                    Some(surface) => self.tokens = surface,
                    None => self.analyze_alone(text),
                }
            }
        }
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
        let with_mode = |mode, abbreviation_terms| {
            Arc::new(Analyzer::new(AnalyzerOptions {
                mode,
                abbreviation_terms,
                ..options.clone()
            }))
        };
        Analyzers {
            stem: with_mode(Mode::Stem, options.abbreviation_terms),
            // Words as written only.
            surface: with_mode(Mode::Surface, false),
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
            TextAnalyzer::from(AnalyzerTokenizer::with_role(
                self.stem.clone(),
                Role::StemAndLeaveSurface,
            )),
        );
        manager.register(
            AnalyzerName::IndonesianSurface.tokenizer_name(),
            TextAnalyzer::from(AnalyzerTokenizer::with_role(
                self.surface.clone(),
                Role::TakeSurface,
            )),
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

    fn all_tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    #[test]
    fn surface_forms_left_by_the_stemming_pass_equal_a_surface_pass() {
        let analyzers = Analyzers::new(&AnalyzerOptions::default());
        let mut alone = TextAnalyzer::from(AnalyzerTokenizer::new(analyzers.surface.clone()));
        let mut stem = TextAnalyzer::from(AnalyzerTokenizer::with_role(
            analyzers.stem.clone(),
            Role::StemAndLeaveSurface,
        ));
        let mut take = TextAnalyzer::from(AnalyzerTokenizer::with_role(
            analyzers.surface.clone(),
            Role::TakeSurface,
        ));
        let texts = [
            "Pembangunan jembatan-jembatan di Bekasi, kata Menteri PUPR, “selesai” 2019.",
            "Anak-anaknya berlari-lari; COVID-19 ke-18 Rp 14.030 1,6 juta e-mail@x.id #banjir",
            "Kupu-kupu sayur-mayur memanggil-manggil Jakarta – Bandung",
            "",
        ];
        for text in texts {
            let expected = all_tokens(&mut alone, text);
            let stems = all_tokens(&mut stem, text);
            assert_eq!(stems.len(), expected.len(), "{text}");
            assert_eq!(all_tokens(&mut take, text), expected, "{text}");
            // Nothing is left for a second taker, and other texts are analysed afresh.
            assert_eq!(all_tokens(&mut take, text), expected, "{text}");
            assert_eq!(
                all_tokens(&mut take, "lain"),
                all_tokens(&mut alone, "lain")
            );
        }
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
