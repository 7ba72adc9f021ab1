//! Indonesian text analysis: turns a string of news text into the terms that are
//! indexed and searched. Owns the pipeline tokenise → fold → reduplication → stem
//! (or keep the surface form) → optional stop-word removal, and the policy for
//! proper names. It works on plain strings and knows nothing of indexes or queries;
//! the index and the query parser call [`Analyzer::analyze`] with the same options so
//! that both sides agree on every term.
//!
//! Submodules: `fold` (characters), `tokenize` (word boundaries and offsets),
//! `affixes` (the affix rules), `stem` (choosing the root), `lexicon` (the root list), `reduplication` (hyphenated
//! words), `compounds` (closed-up two-word roots), `stopwords`, `abbreviations` (short
//! forms for query expansion) and `explain` (what `analyze --explain` prints).
//!
//! A word whose root is a closed-up compound ("menindaklanjuti": tindaklanjut) gives
//! the compound's two words at two positions, in both modes: a surface-mode analyser
//! leaves the second position empty, so the stemmed field and its exact-form twin
//! keep the same positions for every later word.

pub mod abbreviations;
mod affixes;
mod candidates;
pub mod compounds;
mod explain;
mod fold;
mod fxhash;
mod lexicon;
mod reduplication;
mod sketch;
mod stem;
mod stem_cache;
mod stopwords;
mod tokenize;

pub use candidates::StemFilter;
pub use explain::Explanation;
pub use fold::{fold, fold_words_into, fold_words_with, FoldedWordSink};
pub use stopwords::is_stop_word;

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use lexicon::{FastSet, Lexicon};
use stem::{Analysis, Stemmer};
use stem_cache::{Marks, StemCache};
use tokenize::{Part, PartKind, Words};

/// One output term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The term: the stem (`Mode::Stem`) or the folded surface form (`Mode::Surface`).
    pub text: String,
    /// Byte offsets of the source word in the original input text.
    pub start: usize,
    pub end: usize,
    /// Word position (0, 1, 2, ...); a reduplication such as "negara-negara" is one
    /// position, and a removed stop word still uses up its position.
    pub position: usize,
}

/// What the terms are.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Mode {
    /// Roots: "pembangunan" → "bangun".
    #[default]
    Stem,
    /// Folded words as written: "pembangunan" → "pembangunan".
    Surface,
}

#[derive(Clone, Debug, Default)]
pub struct AnalyzerOptions {
    pub mode: Mode,
    /// Drop stop words (their positions are kept as gaps).
    pub remove_stop_words: bool,
    /// Words never stemmed (folded before use), such as names of the archive's beats.
    pub extra_protected: Vec<String>,
    /// Words accepted as roots in addition to the built-in lexicon.
    pub extra_roots: Vec<String>,
    /// Where the text spells out an abbreviation ("Komisi Pemberantasan Korupsi"),
    /// also emit its short form (`kpk`) at the first word's position, so that a query
    /// for the short form is one term rather than a phrase.
    pub abbreviation_terms: bool,
}

/// The analyser; build once and share (it is `Send + Sync`).
pub struct Analyzer {
    options: AnalyzerOptions,
    stemmer: Arc<Stemmer>,
    protected: FastSet,
}

/// The stemmer over the built-in lexicon, built once per process: loading 30k roots
/// costs milliseconds, which a one-query process should pay once, not per analyser.
fn default_stemmer() -> Arc<Stemmer> {
    static STEMMER: OnceLock<Arc<Stemmer>> = OnceLock::new();
    STEMMER
        .get_or_init(|| Arc::new(Stemmer::new(Lexicon::new(Vec::new()))))
        .clone()
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Per-call buffers, kept per thread, so the hot path allocates only the output strings
/// (and not even those where a caller hands them back, see [`recycle`]).
#[derive(Default)]
struct Scratch {
    words: Words,
    stem: String,
    /// Which words a [`StemFilter`] lets through, and its buffers.
    candidates: Vec<bool>,
    spaced: Vec<u8>,
    starts: Vec<usize>,
    /// Term strings handed back by [`recycle`], refilled for later terms.
    spare: Vec<String>,
}

/// Spare term strings kept per thread at most, and the longest one kept.
const SPARE_LIMIT: usize = 1 << 16;
const SPARE_CAPACITY_LIMIT: usize = 256;

impl Scratch {
    /// An owned copy of `text`, in a spare string where one is left.
    fn owned(&mut self, text: &str) -> String {
        match self.spare.pop() {
            Some(mut s) => {
                s.clear();
                s.push_str(text);
                s
            }
            None => text.to_string(),
        }
    }
}

/// Hands the term strings of tokens done with back to this thread's analysis, which
/// fills them with later terms instead of allocating: an indexer that drops the terms
/// of each text saves an allocation and a free per term. The terms are the same.
pub fn recycle(strings: impl IntoIterator<Item = String>) {
    SCRATCH.with(|s| {
        let spare = &mut s.borrow_mut().spare;
        for string in strings {
            if spare.len() >= SPARE_LIMIT {
                break;
            }
            if string.capacity() <= SPARE_CAPACITY_LIMIT {
                spare.push(string);
            }
        }
    });
}

/// How one piece of text became a term, for `explain`.
struct Decision {
    text: String,
    steps: Vec<String>,
}

impl Analyzer {
    pub fn new(options: AnalyzerOptions) -> Analyzer {
        let stemmer = if options.extra_roots.is_empty() {
            default_stemmer()
        } else {
            Arc::new(Stemmer::new(Lexicon::new(
                options.extra_roots.iter().map(|w| fold(w)),
            )))
        };
        let protected = options
            .extra_protected
            .iter()
            .map(|w| fold(w).into_boxed_str())
            .collect();
        Analyzer {
            options,
            stemmer,
            protected,
        }
    }

    /// Calls `sink` with every term of `text`, in order.
    pub fn analyze(&self, text: &str, sink: &mut impl FnMut(Token)) {
        self.run(text, &mut |token, _, _| sink(token), false);
    }

    /// Like [`analyze`](Self::analyze), for the words that may give one of `filter`'s
    /// stems only: every such term `analyze` gives is given, with its offsets; other
    /// terms may be left out, and positions are not those of the whole text.
    pub fn analyze_where(&self, text: &str, filter: &StemFilter, sink: &mut impl FnMut(Token)) {
        self.run_where(text, Some(filter), &mut |token, _, _| sink(token), false);
    }

    /// Like [`analyze`](Self::analyze), and gives each term's folded surface form too:
    /// what an analyser in [`Mode::Surface`] with the same options would emit for it,
    /// or "" for a short form added for a spelled-out abbreviation (which has none).
    /// One pass serves a stemmed field and its exact-form twin.
    pub fn analyze_with_surface(&self, text: &str, sink: &mut impl FnMut(Token, &str)) {
        self.run(text, &mut |token, _, surface| sink(token, surface), false);
    }

    pub fn analyze_to_vec(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.analyze(text, &mut |t| out.push(t));
        out
    }

    /// One explanation per word (or per part of a split hyphenated word), including
    /// stop words that were dropped.
    pub fn explain(&self, text: &str) -> Vec<Explanation> {
        let mut out = Vec::new();
        self.run(
            text,
            &mut |token, decision, _| {
                let Some(decision) = decision else { return };
                let original = text[token.start..token.end].to_string();
                out.push(Explanation {
                    folded: fold(&original),
                    original,
                    stem: decision.text,
                    steps: decision.steps,
                });
            },
            true,
        );
        out
    }

    /// The pipeline. With `explaining`, every word (dropped stop words too, with an
    /// empty term) is reported with its steps; otherwise only emitted terms, without.
    fn run(
        &self,
        text: &str,
        emit: &mut impl FnMut(Token, Option<Decision>, &str),
        explaining: bool,
    ) {
        self.run_where(text, None, emit, explaining);
    }

    /// The pipeline, over the words `only` lets through (all without it). `emit` is
    /// given each term, its explanation when explaining, and its folded surface form;
    /// a type parameter, not a trait object, so that the indexer's sink is inlined
    /// into the pipeline (a call per term saved).
    fn run_where(
        &self,
        text: &str,
        only: Option<&StemFilter>,
        emit: &mut impl FnMut(Token, Option<Decision>, &str),
        explaining: bool,
    ) {
        // Buffers of earlier calls on this thread are reused; a call from inside a
        // call (none today) would simply find them taken and start empty.
        let mut scratch = SCRATCH.with(|s| s.take());
        tokenize::tokenize(text, &mut scratch.words);
        let words = std::mem::take(&mut scratch.words);
        let mut candidates = std::mem::take(&mut scratch.candidates);
        if let Some(filter) = only {
            filter.mark(
                &words,
                &mut scratch.spaced,
                &mut scratch.starts,
                &mut candidates,
            );
        }
        let mut position = 0;
        for (index, word) in words.words.iter().enumerate() {
            if only.is_some() && !candidates[index] {
                position += word.part_count;
                continue;
            }
            if self.options.abbreviation_terms && !explaining {
                self.abbreviation_at(&words, index, position, emit);
            }
            let parts = words.parts_of(word);
            let name_like =
                word.capitalised && !word.sentence_start && !words.title_lines[word.line];
            if let [a, b] = parts {
                if let Some(decision) = self.reduplication(&words, a, b, &mut scratch, explaining) {
                    let span = (a.start, b.end);
                    let surface = format!("{}-{}", words.part_text(a), words.part_text(b));
                    self.emit(
                        span,
                        position,
                        decision,
                        (&words.folded[a.folded_start..b.folded_end], &surface),
                        emit,
                        explaining,
                    );
                    position += 1;
                    continue;
                }
            }
            for part in parts {
                let folded = words.part_text(part);
                let mut decision = self.decide(part, folded, name_like, &mut scratch, explaining);
                let compound = match self.options.mode {
                    Mode::Stem => compounds::split(&decision.text),
                    Mode::Surface => self.compound_under(part, folded, name_like, &mut scratch),
                };
                let span = (part.start, part.end);
                match compound {
                    Some((first, second)) if self.options.mode == Mode::Stem && !explaining => {
                        decision.text = first.to_string();
                        self.emit(span, position, decision, (folded, folded), emit, false);
                        let token = Token {
                            text: second.to_string(),
                            start: part.start,
                            end: part.end,
                            position: position + 1,
                        };
                        emit(token, None, "");
                    }
                    Some((first, second)) if self.options.mode == Mode::Stem => {
                        decision.text = format!("{first} {second}");
                        decision.steps.push("compound root: two terms".to_string());
                        self.emit(span, position, decision, (folded, folded), emit, true);
                    }
                    _ => self.emit(span, position, decision, (folded, folded), emit, explaining),
                }
                position += if compound.is_some() { 2 } else { 1 };
            }
        }
        scratch.words = words;
        scratch.candidates = candidates;
        SCRATCH.with(|s| s.replace(scratch));
    }

    /// Emits the short form of an abbreviation spelled out from word `index` on.
    fn abbreviation_at(
        &self,
        words: &Words,
        index: usize,
        position: usize,
        emit: &mut impl FnMut(Token, Option<Decision>, &str),
    ) {
        let word = &words.words[index];
        let first = &words.parts[word.first_part];
        for (pieces, short) in abbreviations::starting_with(words.part_text(first)) {
            let end = word.first_part + pieces.len();
            let Some(parts) = words.parts.get(word.first_part..end) else {
                continue;
            };
            let same = parts
                .iter()
                .zip(pieces)
                .all(|(part, piece)| words.part_text(part) == *piece);
            // The last piece must end a word: "undang-undangnya" is not "undang-undang".
            let whole = words.words[index..]
                .iter()
                .take_while(|w| w.first_part < end)
                .any(|w| w.first_part + w.part_count == end);
            if same && whole {
                let token = Token {
                    text: short.to_string(),
                    start: first.start,
                    end: parts[parts.len() - 1].end,
                    position,
                };
                // No surface form: the exact-form twin holds words as written, so
                // that `-korut` excludes the articles that write "Korut".
                emit(token, None, "");
                return;
            }
        }
    }

    /// For a surface-mode analyser: the compound a stemming analyser with the same
    /// options finds in this word, so that both give it the same two positions.
    fn compound_under(
        &self,
        part: &Part,
        folded: &str,
        name_like: bool,
        scratch: &mut Scratch,
    ) -> Option<(&'static str, &'static str)> {
        if part.kind != PartKind::Alpha || self.protected.contains(folded) {
            return compounds::split(folded);
        }
        self.with_cached_stem(folded, scratch, |stem, marks| {
            if stem != folded && kept_as_name(marks, name_like) {
                compounds::split(folded)
            } else {
                compounds::split(stem)
            }
        })
    }

    fn emit(
        &self,
        (start, end): (usize, usize),
        position: usize,
        mut decision: Decision,
        (folded, surface): (&str, &str),
        emit: &mut impl FnMut(Token, Option<Decision>, &str),
        explaining: bool,
    ) {
        let stop = self.options.remove_stop_words && is_stop_word(folded);
        if stop && !explaining {
            return;
        }
        if stop {
            decision.steps.push("stop word: dropped".to_string());
            decision.text.clear();
        }
        if explaining {
            let token = Token {
                text: decision.text.clone(),
                start,
                end,
                position,
            };
            emit(token, Some(decision), surface);
        } else {
            emit(
                Token {
                    text: decision.text,
                    start,
                    end,
                    position,
                },
                None,
                surface,
            );
        }
    }

    fn reduplication(
        &self,
        words: &Words,
        a: &Part,
        b: &Part,
        scratch: &mut Scratch,
        explaining: bool,
    ) -> Option<Decision> {
        if a.kind != PartKind::Alpha || b.kind != PartKind::Alpha {
            return None;
        }
        let (fa, fb) = (words.part_text(a), words.part_text(b));
        let root = reduplication::reduplicated_root(&self.stemmer, fa, fb, &mut scratch.stem)?;
        let text = match self.options.mode {
            Mode::Stem => root,
            Mode::Surface => format!("{fa}-{fb}"),
        };
        let steps = if explaining {
            vec![format!("reduplication of {fa}-{fb}: one term")]
        } else {
            Vec::new()
        };
        Some(Decision { text, steps })
    }

    fn decide(
        &self,
        part: &Part,
        folded: &str,
        name_like: bool,
        scratch: &mut Scratch,
        explaining: bool,
    ) -> Decision {
        let keep = |scratch: &mut Scratch, why: &str| Decision {
            text: scratch.owned(folded),
            steps: if explaining {
                vec![why.to_string()]
            } else {
                Vec::new()
            },
        };
        if part.kind == PartKind::Number {
            return keep(scratch, "number");
        }
        if part.kind == PartKind::Mixed {
            return keep(scratch, "letters and digits: kept whole");
        }
        if self.options.mode == Mode::Surface {
            return keep(scratch, "surface mode: not stemmed");
        }
        if self.protected.contains(folded) {
            return keep(scratch, "protected: listed by the caller");
        }
        if !explaining {
            // The hot path: most words of a text were seen before on this thread.
            let mut text = scratch.spare.pop().unwrap_or_default();
            text.clear();
            self.with_cached_stem(folded, scratch, |stem, marks| {
                let kept = stem != folded && kept_as_name(marks, name_like);
                text.push_str(if kept { folded } else { stem });
            });
            return Decision {
                text,
                steps: Vec::new(),
            };
        }
        let analysis: Analysis = self.stemmer.stem_into(folded, &mut scratch.stem);
        let marks = Marks {
            confix: analysis.is_confix(),
            listed_name: is_listed_name(folded),
        };
        if scratch.stem != folded && kept_as_name(marks, name_like) {
            return keep(
                scratch,
                "protected: proper name (capitalised mid-sentence, or so in the news)",
            );
        }
        let steps = if explaining {
            analysis.steps()
        } else {
            Vec::new()
        };
        Decision {
            text: scratch.stem.clone(),
            steps,
        }
    }
}

/// Whether a word that stems is kept whole as a name instead. A capital in
/// mid-sentence (`capitalised`) marks a name (Bekasi, Tarakan, Dimas), unless the
/// word carries a confix (ke-an, peN-an, meN-kan): in "Kementerian Keuangan" the
/// capitals belong to an institution's name made of common words, and "keuangan"
/// must meet the query "keuangan". A word the news writes capitalised mid-sentence
/// nearly every time (`data/names.txt`) is a name wherever it stands and whatever
/// its shape: the corpus has seen it lower-case in no common use, so a confix-shaped
/// place (Pekalongan, Kemayoran, Petamburan) stays whole in the text, in a headline
/// and in a lower-case query alike.
fn kept_as_name(marks: Marks, capitalised: bool) -> bool {
    (capitalised && !marks.confix) || marks.listed_name
}

/// Whether news text writes `folded` as a name (`data/names.txt`, mined from the
/// corpus): such a word is taken for a name wherever it stands, in a headline or a
/// lower-case query too, as a word capitalised mid-sentence is.
fn is_listed_name(folded: &str) -> bool {
    fxhash::find_in_table(&NAME_WORDS, &NAME_SLOTS, folded.as_bytes()).is_some()
}

// `data/names.txt` as a static hash table (NAME_WORDS, NAME_SLOTS), laid out by the
// build script: built at start, the set cost a one-query process about 10,000
// allocations and 250 page faults.
include!(concat!(env!("OUT_DIR"), "/names_table.rs"));

/// Stems already computed on this thread, for one stemmer at a time.
struct ThreadStems {
    owner: usize,
    cache: StemCache,
}

thread_local! {
    // Small at first: a process answering one query stems a few hundred words, and
    // entries spread over a table sized for thousands touched a fresh page each (80
    // page faults, 0.3 ms of such a process); the table grows as a long run needs.
    static STEM_CACHE: RefCell<ThreadStems> = RefCell::new(ThreadStems {
        owner: 0,
        cache: StemCache::with_capacity(128),
    });
}

impl Analyzer {
    /// Calls `f` with the stem of `folded` and its marks, through the cache, without
    /// copying the stem.
    fn with_cached_stem<R>(
        &self,
        folded: &str,
        scratch: &mut Scratch,
        f: impl FnOnce(&str, Marks) -> R,
    ) -> R {
        let owner = Arc::as_ptr(&self.stemmer) as usize;
        STEM_CACHE.with(|cache| {
            let mut stems = cache.borrow_mut();
            if stems.owner != owner {
                stems.cache.clear();
                stems.owner = owner;
            }
            if let Some((stem, marks)) = stems.cache.get(folded) {
                return f(stem, marks);
            }
            let marks = Marks {
                confix: self
                    .stemmer
                    .stem_into(folded, &mut scratch.stem)
                    .is_confix(),
                // Kept beside the stem: the names table is one more lookup per word
                // otherwise, and one more cache line to wait for.
                listed_name: is_listed_name(folded),
            };
            stems.cache.insert(folded, &scratch.stem, marks);
            f(&scratch.stem, marks)
        })
    }
}

#[cfg(test)]
mod peer_tests;
#[cfg(test)]
mod tests;
