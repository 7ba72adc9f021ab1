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
    let mut in_word = false;
    let mut folded = String::new();
    let mut add = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            if !in_word {
                starts.push(out.len());
                in_word = true;
            }
            out.push(c);
        } else if in_word {
            out.push(' ');
            in_word = false;
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            // Folded ASCII is the character lower-cased (or a space).
            add(c.to_ascii_lowercase(), out);
            continue;
        }
        folded.clear();
        fold_char_into(c, &mut folded);
        for f in folded.chars() {
            add(f, out);
        }
    }
    add(' ', out);
}

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
}
