//! Case and character folding: turns any spelling of a word into the one form that
//! index and query share. Owns lowercasing, accent removal (é → e), and mapping of
//! typographic look-alikes (curly quotes, non-breaking and zero-width spaces, dash
//! variants) onto plain ASCII. It does not split text into words; `tokenize` decides
//! which of the folded characters belong together.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Lowercases and folds `text`, keeping everything else (spaces, punctuation).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char_into(c, &mut out);
    }
    out
}

/// Appends the words of `fold(text)` to `out`, each followed by one space (a word is
/// a run of alphanumeric characters; anything else separates), and where each word
/// begins in `out` to `starts`. One pass, without the folded text in between.
pub fn fold_words_into(text: &str, out: &mut String, starts: &mut Vec<usize>) {
    // Built as bytes, a table lookup per ASCII byte: every article's body passes here.
    let mut bytes = std::mem::take(out).into_bytes();
    bytes.reserve(text.len() + 1);
    let mut words = FoldedWords {
        bytes,
        starts,
        in_word: false,
    };
    fold_words_with(text, &mut words);
    *out = String::from_utf8(words.bytes).expect("whole characters were written");
}

/// What [`fold_words_with`] hands the words of a folded text to.
pub trait FoldedWordSink {
    /// The next byte of a word's folded UTF-8; the first after [`end_word`] (or at the
    /// start) begins a word.
    ///
    /// [`end_word`]: FoldedWordSink::end_word
    fn byte(&mut self, byte: u8);
    /// Something that is not part of a word: ends the word under way, if any.
    fn end_word(&mut self);
}

/// Gives `sink` the words of `fold(text)` (runs of alphanumeric characters), byte by
/// byte, each ended by [`FoldedWordSink::end_word`], in one pass without the folded
/// text in between: every article's body passes here.
pub fn fold_words_with(text: &str, sink: &mut impl FoldedWordSink) {
    let text_bytes = text.as_bytes();
    let mut at = 0;
    let mut folded = String::new();
    while let Some(&b) = text_bytes.get(at) {
        if b.is_ascii() {
            let folded = ASCII_WORD_BYTES[usize::from(b)];
            at += 1;
            if folded == SEPARATOR {
                sink.end_word();
                continue;
            }
            sink.byte(folded);
            // The rest of a run of ASCII letters and digits, most of the text: a table
            // lookup per byte (any other byte, ASCII or not, ends the run).
            while let Some(&b) = text_bytes.get(at) {
                let folded = ASCII_WORD_BYTES[usize::from(b)];
                if folded == SEPARATOR {
                    break;
                }
                sink.byte(folded);
                at += 1;
            }
            continue;
        }
        let c = text[at..].chars().next().expect("at a character boundary");
        at += c.len_utf8();
        folded.clear();
        fold_char_into(c, &mut folded);
        for f in folded.chars() {
            if f.is_alphanumeric() {
                let mut buf = [0; 4];
                for &byte in f.encode_utf8(&mut buf).as_bytes() {
                    sink.byte(byte);
                }
            } else {
                sink.end_word();
            }
        }
    }
    sink.end_word();
}

/// The output of [`fold_words_into`] as it is built.
struct FoldedWords<'a> {
    bytes: Vec<u8>,
    starts: &'a mut Vec<usize>,
    in_word: bool,
}

impl FoldedWordSink for FoldedWords<'_> {
    #[inline]
    fn byte(&mut self, byte: u8) {
        if !self.in_word {
            self.starts.push(self.bytes.len());
            self.in_word = true;
        }
        self.bytes.push(byte);
    }

    #[inline]
    fn end_word(&mut self) {
        if self.in_word {
            self.bytes.push(b' ');
            self.in_word = false;
        }
    }
}

/// What [`ASCII_WORD_BYTES`] gives for a byte that is not part of a word.
const SEPARATOR: u8 = 0;

/// Each byte folded: an ASCII letter or digit lower-cased, any other byte a separator
/// (a byte of a non-ASCII character ends a run of ASCII letters and digits, and is
/// then folded with its character).
const ASCII_WORD_BYTES: [u8; 256] = {
    let mut table = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// What one input character turns into once folded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Folded {
    /// Nothing: combining marks, zero-width characters, soft hyphens.
    Drop,
    /// A separator, written as a plain space.
    Space,
    /// Anything else; appended by `fold_char_into`.
    Text,
}

/// Classifies `c` the way `fold_char_into` will treat it, without writing anything.
pub(crate) fn classify(c: char) -> Folded {
    match c {
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Folded::Drop,
        c if c.is_whitespace() => Folded::Space,
        c if is_combining_mark(c) => Folded::Drop,
        _ => Folded::Text,
    }
}

/// Appends the folded form of `c` to `out`.
pub(crate) fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_whitespace() {
            out.push(' ');
        } else {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    match classify(c) {
        Folded::Drop => return,
        Folded::Space => {
            out.push(' ');
            return;
        }
        Folded::Text => {}
    }
    if let Some(plain) = typographic_equivalent(c) {
        out.push(plain);
        return;
    }
    // Strip accents: decompose (é → e + ◌́) and keep only the base characters. News
    // copy mixes "Kafe" and "Café", and queries are typed without accents.
    let mut decomposed = false;
    decompose_canonical(c, |d| {
        decomposed = true;
        if !is_combining_mark(d) {
            for l in d.to_lowercase() {
                out.push(l);
            }
        }
    });
    if !decomposed {
        out.extend(c.to_lowercase());
    }
}

/// ASCII stand-ins for characters that news copy uses interchangeably with them.
fn typographic_equivalent(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`'
        | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        '\u{2026}' => '.',
        'ß' => 's',
        'æ' | 'Æ' => 'a',
        'ø' | 'Ø' => 'o',
        'đ' | 'Đ' => 'd',
        'ł' | 'Ł' => 'l',
        'ı' => 'i',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_typography() {
        let table = [
            ("Jakarta", "jakarta"),
            ("Café", "cafe"),
            ("Jum\u{2019}at", "jum'at"),
            ("\u{201C}Kami\u{201D}", "\"kami\""),
            ("Rp\u{00A0}14.030", "rp 14.030"),
            ("Rusia\u{2013}Ukraina", "rusia-ukraina"),
            ("se\u{00AD}ko\u{200B}lah", "sekolah"),
            ("Ṡoekarno", "soekarno"),
            ("COVID-19", "covid-19"),
        ];
        for (input, want) in table {
            assert_eq!(fold(input), want, "fold({input:?})");
        }
    }

    /// What `fold_words_into` must write: the words of `fold(text)` (runs of letters
    /// and digits), each followed by a space, and where each begins.
    fn words_of_fold(text: &str) -> (String, Vec<usize>) {
        let mut out = String::new();
        let mut starts = Vec::new();
        for word in fold(text).split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() {
                starts.push(out.len());
                out.push_str(word);
                out.push(' ');
            }
        }
        (out, starts)
    }

    #[test]
    fn folded_words_are_the_words_of_the_folded_text() {
        let texts = [
            "",
            "  ",
            "Jakarta, Rabu (13/9/2023) - Presiden",
            "Café Ṡoekarno: se\u{00AD}ko\u{200B}lah COVID-19 Rp\u{00A0}14.030",
            "\u{201C}Kami\u{201D} Jum\u{2019}at Straße ÆØ",
            "日本 語",
        ];
        for text in texts {
            let mut out = String::from("kept ");
            let mut starts = vec![0];
            fold_words_into(text, &mut out, &mut starts);
            let (want, want_starts) = words_of_fold(text);
            let shifted: Vec<usize> = want_starts.iter().map(|s| s + "kept ".len()).collect();
            assert_eq!(out, format!("kept {want}"), "{text:?}");
            assert_eq!(starts[1..], shifted[..], "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn folded_words_agree_with_fold_on_any_text(text in "\\PC{0,60}") {
            let mut out = String::new();
            let mut starts = Vec::new();
            fold_words_into(&text, &mut out, &mut starts);
            let (want, want_starts) = words_of_fold(&text);
            proptest::prop_assert_eq!(out, want);
            proptest::prop_assert_eq!(starts, want_starts);
        }
    }
}
