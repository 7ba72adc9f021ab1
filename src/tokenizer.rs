//! Glue between warta's Indonesian analysis and tantivy: wraps an
//! [`Analyzer`](crate::analysis::Analyzer) as a tantivy tokenizer and registers the
//! analysers the schema can name. The analysis itself lives in `analysis/`, which knows
//! nothing of tantivy; this module knows nothing of Indonesian.
//!
//! It also owns how exact forms are written into a stemmed field (an inline twin, see
//! `schema.rs`): a word whose folded form differs from its stem gives, at the stem's
//! position, a second term — the form behind [`EXACT_MARK`]; a word written as its
//! stem gives the stem alone, which then stands for the form too.

use std::cell::RefCell;
use std::sync::Arc;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::Index;

use crate::analysis::{abbreviations, Analyzer, AnalyzerOptions, Mode};
use crate::schema::{AnalyzerName, MARKED_TOKENIZER};

/// Terms indexed of one field value at most, as Lucene's LimitTokenCountFilter does, and
/// the bytes of it analysed: a runaway 50 MB "article" would otherwise hold gigabytes
/// of tokens. Real articles have a few thousand words; the whole text is still stored.
pub const MAX_TOKENS_PER_VALUE: usize = 200_000;
pub const MAX_BYTES_PER_VALUE: usize = 2 << 20;

/// Begins a term holding a word's form as written. The analysers' terms are letters,
/// digits, and `-`, `.` or `,` inside words, so no stem or form begins with it.
pub const EXACT_MARK: char = '=';

/// The term of a form as written in a field with an inline twin.
pub fn marked(form: &str) -> String {
    let mut term = String::with_capacity(form.len() + 1);
    term.push(EXACT_MARK);
    term.push_str(form);
    term
}

/// The form behind a marked term, or `None` for a stem.
pub fn unmarked(term: &str) -> Option<&str> {
    term.strip_prefix(EXACT_MARK)
}

/// The exact-form terms of `text` in a field with an inline twin, with positions:
/// the marked form where one is indexed, else the stem. `analyzer` is the field's
/// stemming analyser.
pub fn exact_terms(analyzer: &Analyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    analyzer.analyze_with_surface(text, &mut |t, form| {
        // A short form added for a spelled-out abbreviation is no word as written.
        if form.is_empty() {
            return;
        }
        match form_to_mark(&t.text, form) {
            Some(form) => out.push((t.position, marked(form))),
            None => out.push((t.position, t.text)),
        }
    });
    out
}

/// The form indexed beside `stem`, marked: the word as written where it differs, and
/// a short form of the abbreviation table as written (`kpk`), which the index also
/// holds as a stem where the name is spelled out, so that `-kpk` still excludes just
/// the articles that write it. None for a short form added for a spelled-out name.
pub fn form_to_mark<'f>(stem: &str, form: &'f str) -> Option<&'f str> {
    let marks = !form.is_empty() && (form != stem || abbreviations::is_short_form(form));
    marks.then_some(form)
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character.
pub(crate) fn prefix(text: &str, max: usize) -> &str {
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
    /// Strings of spent marked terms, refilled with the next ones.
    spare_marks: Vec<String>,
}

/// Spare marked-term strings a tokenizer keeps at most.
const MAX_SPARE_MARKS: usize = 1 << 14;

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
    /// Stems, and the marked form beside each stem it differs from; leaves the stems
    /// of the text's beginning behind on this thread.
    Marked,
    /// Takes the stems a marked pass left where the text is the beginning of that
    /// text (the lede of the body just analysed), or analyses alone.
    AloneOrBeginning,
}

thread_local! {
    /// The last stemmed text of this thread and its surface-form tokens.
    static LEFT_SURFACE: RefCell<(String, Vec<Token>)> =
        const { RefCell::new((String::new(), Vec::new())) };
    /// The beginning of the last text of this thread analysed with marked forms, and
    /// its stems.
    static LEFT_BEGINNING: RefCell<Beginning> = RefCell::new(Beginning::default());
}

/// Bytes of a text's beginning whose stems a marked pass leaves behind: more than
/// the longest lede.
const BEGINNING_BYTES: usize = crate::document::LEDE_MAX_BYTES + 8;

/// The stems of the beginning of a text, as the analysis of the whole text gave them.
#[derive(Default)]
struct Beginning {
    /// Which analyser gave them (its address).
    analyzer: usize,
    /// The text's first `BEGINNING_BYTES` bytes or fewer, cut on a character.
    text: String,
    /// The stems of the words that begin within `text`, in order; only the first
    /// `len` are current, the rest are strings kept for refilling.
    tokens: Vec<Token>,
    len: usize,
}

impl Beginning {
    /// Keeps the stems of `tokens` (a marked stream of `text`) that begin in its
    /// beginning.
    fn leave(&mut self, analyzer: usize, text: &str, tokens: &[Token]) {
        self.analyzer = analyzer;
        self.text.clear();
        self.text.push_str(prefix(text, BEGINNING_BYTES));
        self.len = 0;
        let end = self.text.len();
        // Tokens come in order of their start.
        for t in tokens.iter().take_while(|t| t.offset_from < end) {
            if unmarked(&t.text).is_some() {
                continue;
            }
            match self.tokens.get_mut(self.len) {
                Some(slot) => refill(slot, t),
                None => self.tokens.push(t.clone()),
            }
            self.len += 1;
        }
    }

    /// Writes the stems of `text` into `out[..n]`, refilling the strings there, and
    /// returns `n`, if `text` is the beginning of the text left by `analyzer`: the
    /// stems the whole text's analysis gave the words that begin within `text`. A
    /// word cut by the end of `text` (a lede cut at its length) counts whole, where
    /// analysing `text` alone would stem its first letters.
    fn stems_of(&self, analyzer: usize, text: &str, out: &mut Vec<Token>) -> Option<usize> {
        if analyzer != self.analyzer || !self.text.starts_with(text) {
            return None;
        }
        let end = text.len();
        let mut n = 0;
        for t in self.tokens[..self.len]
            .iter()
            .take_while(|t| t.offset_from < end)
        {
            match out.get_mut(n) {
                Some(slot) => refill(slot, t),
                None => out.push(t.clone()),
            }
            n += 1;
        }
        Some(n)
    }
}

/// Makes `slot` a copy of `token`, in the string it already has.
fn refill(slot: &mut Token, token: &Token) {
    slot.text.clear();
    slot.text.push_str(&token.text);
    slot.offset_from = token.offset_from;
    slot.offset_to = token.offset_to;
    slot.position = token.position;
    slot.position_length = token.position_length;
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
            spare_marks: Vec::new(),
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

    /// Analyses `text` into stems and marked forms, up to the per-value limit.
    fn analyze_marked(&mut self, text: &str) {
        let tokens = &mut self.tokens;
        let spare_marks = &mut self.spare_marks;
        self.analyzer
            .analyze_with_surface(text, &mut |mut t, form| {
                if tokens.len() >= MAX_TOKENS_PER_VALUE {
                    return;
                }
                let to_mark = form_to_mark(&t.text, form);
                let term = std::mem::take(&mut t.text);
                tokens.push(tantivy_token(&t, term));
                if let Some(form) = to_mark.filter(|_| tokens.len() < MAX_TOKENS_PER_VALUE) {
                    let term = match spare_marks.pop() {
                        Some(mut term) => {
                            term.clear();
                            term.push(EXACT_MARK);
                            term.push_str(form);
                            term
                        }
                        None => marked(form),
                    };
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
        let text = prefix(text, MAX_BYTES_PER_VALUE);
        if self.role == Role::AloneOrBeginning {
            // The strings of the last text's terms are refilled in place.
            let analyzer = Arc::as_ptr(&self.analyzer) as usize;
            let taken = LEFT_BEGINNING
                .with(|left| left.borrow().stems_of(analyzer, text, &mut self.tokens));
            if let Some(n) = taken {
                return AnalyzerTokenStream {
                    tokens: &self.tokens[..n],
                    next: 0,
                };
            }
        }
        // The terms of the last text are spent: the analysis refills the strings of
        // its stems, and this tokenizer those of its marked forms.
        let spare_marks = &mut self.spare_marks;
        crate::analysis::recycle(self.tokens.drain(..).filter_map(|t| {
            if unmarked(&t.text).is_some() && spare_marks.len() < MAX_SPARE_MARKS {
                spare_marks.push(t.text);
                None
            } else {
                Some(t.text)
            }
        }));
        // A buffer grown for one giant text is not kept for the next.
        if self.tokens.capacity() > 1 << 16 {
            self.tokens = Vec::new();
        }
        match self.role {
            Role::Alone => self.analyze_alone(text),
            Role::Marked => {
                self.analyze_marked(text);
                let analyzer = Arc::as_ptr(&self.analyzer) as usize;
                LEFT_BEGINNING.with(|left| left.borrow_mut().leave(analyzer, text, &self.tokens));
            }
            Role::AloneOrBeginning => self.analyze_alone(text),
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

    /// Makes every analyser the schema can name known to `index`. With
    /// `separate_twins` (an index that keeps exact forms in fields of their own), the
    /// stemming pass leaves the surface forms for the twin field. With
    /// `parts_follow_marked` (an index whose lede is tokenized after the body with its
    /// marked forms, see `SchemaDecl::build`), the lede takes its stems from the body's
    /// analysis instead of analysing its words a second time.
    pub fn register(&self, index: &Index, separate_twins: bool, parts_follow_marked: bool) {
        let manager = index.tokenizers();
        let stem_role = match (separate_twins, parts_follow_marked) {
            (true, _) => Role::StemAndLeaveSurface,
            (false, true) => Role::AloneOrBeginning,
            (false, false) => Role::Alone,
        };
        manager.register(
            AnalyzerName::Indonesian.tokenizer_name(),
            TextAnalyzer::from(AnalyzerTokenizer::with_role(self.stem.clone(), stem_role)),
        );
        manager.register(
            MARKED_TOKENIZER,
            TextAnalyzer::from(AnalyzerTokenizer::with_role(
                self.stem.clone(),
                Role::Marked,
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
#[path = "tokenizer_tests.rs"]
mod tests;
