//! Splitting news text into words. Owns word boundaries, byte offsets into the
//! original text, the joiners that keep a word whole (apostrophes in "Jum'at",
//! separators inside numbers such as "14.030" or "1,6", hyphens in "negara-negara"),
//! and the capitalisation facts the name heuristic needs (capitalised word, sentence
//! start, headline line). It folds each word as it goes but does not stem, drop stop
//! words or decide what a hyphenated word means; `mod.rs` does that.

use super::fold::{classify, fold_char_into, Folded};

/// What a word piece is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PartKind {
    /// Letters only: the stemmer's input.
    Alpha,
    /// Digits, possibly with `.`/`,` separators inside ("14.030", "1,6").
    Number,
    /// Letters and digits mixed ("covid19", "g20"); never stemmed.
    Mixed,
}

/// One hyphen-free piece of a word, with its folded text in `Words::folded`.
#[derive(Clone, Debug)]
pub(crate) struct Part {
    pub start: usize,
    pub end: usize,
    pub folded_start: usize,
    pub folded_end: usize,
    pub kind: PartKind,
}

/// A run of parts joined by hyphens ("negara-negara" has two parts, "bali" one).
#[derive(Clone, Debug)]
pub(crate) struct Word {
    pub first_part: usize,
    pub part_count: usize,
    /// First letter written in upper case ("Bekasi", "KPK").
    pub capitalised: bool,
    /// First word of the text, of a line, or after `.`, `!`, `?`, `:` or an opening quote.
    pub sentence_start: bool,
    /// Index of the line the word is on; see `Words::title_lines`.
    pub line: usize,
}

/// Reusable buffers for one call: the words, their parts and the folded text.
#[derive(Default)]
pub(crate) struct Words {
    pub words: Vec<Word>,
    pub parts: Vec<Part>,
    pub folded: String,
    /// For each line, whether it reads like a headline (nearly every word capitalised),
    /// where capitals say nothing about names.
    pub title_lines: Vec<bool>,
}

impl Words {
    pub fn part_text(&self, part: &Part) -> &str {
        &self.folded[part.folded_start..part.folded_end]
    }

    pub fn parts_of(&self, word: &Word) -> &[Part] {
        &self.parts[word.first_part..word.first_part + word.part_count]
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | ':'
            | ';'
            | '"'
            | '\u{201C}'
            | '\u{201D}'
            | '('
            | '['
            | '\u{2022}'
            | '\n'
            | '\r'
    )
}

/// Splits `text` into `out` (cleared first).
pub(crate) fn tokenize(text: &str, out: &mut Words) {
    out.words.clear();
    out.parts.clear();
    out.folded.clear();
    out.title_lines.clear();

    let mut boundary = true;
    let mut line = 0usize;
    let mut at = 0;
    while let Some(c) = char_at(text, at) {
        if !is_word_char(c) {
            if c == '\n' {
                line += 1;
            }
            if ends_sentence(c) {
                boundary = true;
            }
            at += c.len_utf8();
            continue;
        }
        let mut word = Word {
            first_part: out.parts.len(),
            part_count: 0,
            capitalised: c.is_uppercase(),
            sentence_start: boundary,
            line,
        };
        boundary = false;
        loop {
            at = scan_part(text, at, out);
            word.part_count += 1;
            // A hyphen joins two parts only when a word character follows at once;
            // "Jakarta - Presiden" is two words and a dash.
            match char_at(text, at) {
                Some(h)
                    if is_hyphen(h)
                        && char_at(text, at + h.len_utf8()).is_some_and(is_word_char) =>
                {
                    at += h.len_utf8();
                }
                _ => break,
            }
        }
        out.words.push(word);
    }
    mark_title_lines(out, line + 1);
}

/// The character at byte `at` of `text` (a character boundary), if any. Most news text
/// is ASCII, which needs no decoding.
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        Some(byte as char)
    } else {
        text[at..].chars().next()
    }
}

/// Scans one part starting at byte `at` (a word character); returns the byte after it.
fn scan_part(text: &str, mut at: usize, out: &mut Words) -> usize {
    let start = at;
    let folded_start = out.folded.len();
    let (mut letters, mut digits) = (false, false);
    // The character before `c`; the first `c` is a word character, so it is never read.
    let mut previous = ' ';
    let bytes = text.as_bytes();
    loop {
        // Most of news text: a run of ASCII letters and digits, copied at once and
        // folded by lower-casing.
        let (run, kinds) = ascii_alphanumeric_run(&bytes[at..]);
        if run > 0 {
            digits |= kinds & DIGIT != 0;
            letters |= kinds & LETTER != 0;
            let from = out.folded.len();
            out.folded.push_str(&text[at..at + run]);
            out.folded[from..].make_ascii_lowercase();
            previous = char::from(bytes[at + run - 1]);
            at += run;
        }
        // After a run, an ASCII byte is no letter or digit: it ends the part unless it
        // is one of the joiners below (most words end at a space, decided here).
        if bytes
            .get(at)
            .is_some_and(|&b| b.is_ascii() && !matches!(b, b'\'' | b'`' | b'.' | b','))
        {
            break;
        }
        let Some(c) = char_at(text, at) else {
            break;
        };
        let after = at + c.len_utf8();
        let next = || char_at(text, after);
        if is_word_char(c) {
            if c.is_numeric() {
                digits = true;
            } else {
                letters = true;
            }
            fold_char_into(c, &mut out.folded);
        } else if classify(c) == Folded::Drop {
            // Combining marks and zero-width characters stay inside the word.
        } else if is_apostrophe(c) && letters && next().is_some_and(char::is_alphabetic) {
            // "Jum'at", "Qur'an": the apostrophe is spelling, not a boundary.
        } else if (c == '.' || c == ',')
            && digits
            && !letters
            && previous.is_ascii_digit()
            && next().is_some_and(|n| n.is_ascii_digit())
        {
            out.folded.push(c);
        } else {
            break;
        }
        previous = c;
        at = after;
    }
    let kind = match (letters, digits) {
        (true, false) => PartKind::Alpha,
        (false, true) => PartKind::Number,
        _ => PartKind::Mixed,
    };
    if kind == PartKind::Number {
        normalise_number(&mut out.folded, folded_start);
    }
    let folded_end = out.folded.len();
    out.parts.push(Part {
        start,
        end: at,
        folded_start,
        folded_end,
        kind,
    });
    at
}

/// [`ASCII_KINDS`] of a digit.
const DIGIT: u8 = 1;
/// [`ASCII_KINDS`] of a letter.
const LETTER: u8 = 2;

/// Per byte: `DIGIT` for an ASCII digit, `LETTER` for an ASCII letter, else 0.
const ASCII_KINDS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_digit() {
            table[b] = DIGIT;
        } else if byte.is_ascii_alphabetic() {
            table[b] = LETTER;
        }
        b += 1;
    }
    table
};

/// How many bytes at the start of `bytes` are ASCII letters or digits, and which of
/// the two kinds they hold (`DIGIT | LETTER`).
#[inline]
fn ascii_alphanumeric_run(bytes: &[u8]) -> (usize, u8) {
    let mut kinds = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let kind = ASCII_KINDS[usize::from(b)];
        if kind == 0 {
            return (i, kinds);
        }
        kinds |= kind;
    }
    (bytes.len(), kinds)
}

/// Drops thousands dots ("14.030" → "14030", "1.250.000,50" → "1250000,50") so that a
/// query typed with or without them matches; anything else ("12.30", "1,6") is kept.
fn normalise_number(buf: &mut String, from: usize) {
    let text = &buf[from..];
    let int_part = text.split(',').next().unwrap_or("");
    let mut groups = int_part.split('.');
    let head_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    let mut any = false;
    let rest_ok = groups.all(|g| {
        any = true;
        g.len() == 3
    });
    if head_ok && any && rest_ok {
        let cleaned: String = text.chars().filter(|&c| c != '.').collect();
        buf.truncate(from);
        buf.push_str(&cleaned);
    }
}

/// A line is a headline when it has at least three longer content words and all of
/// them are capitalised; function words ("di", "dan", "yang") may stay lowercase.
fn mark_title_lines(out: &mut Words, lines: usize) {
    // Per line: its capitalised content words, or `None` once a lowercase one is seen;
    // the rest of such a line (most lines of a body) need not be looked at.
    let mut counts = vec![Some(0u32); lines];
    for w in &out.words {
        let Some(capitalised) = counts[w.line] else {
            continue;
        };
        let part = &out.parts[w.first_part];
        let text = &out.folded[part.folded_start..part.folded_end];
        if part.kind != PartKind::Alpha || text.len() < 4 || super::stopwords::is_stop_word(text) {
            continue;
        }
        counts[w.line] = w.capitalised.then_some(capitalised + 1);
    }
    out.title_lines
        .extend(counts.iter().map(|&n| n.is_some_and(|n| n >= 3)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as it was first written, over a table of the characters: the
    /// reference the faster one must agree with.
    fn tokenize_by_char_table(text: &str, out: &mut Words) {
        out.words.clear();
        out.parts.clear();
        out.folded.clear();
        out.title_lines.clear();

        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut boundary = true;
        let mut line = 0usize;
        let mut i = 0;
        while i < chars.len() {
            let (_, c) = chars[i];
            if !is_word_char(c) {
                if c == '\n' {
                    line += 1;
                }
                if ends_sentence(c) {
                    boundary = true;
                }
                i += 1;
                continue;
            }
            let word = Word {
                first_part: out.parts.len(),
                part_count: 0,
                capitalised: c.is_uppercase(),
                sentence_start: boundary,
                line,
            };
            boundary = false;
            let mut word = word;
            loop {
                i = scan_part_by_char_table(text, &chars, i, out);
                word.part_count += 1;
                // A hyphen joins two parts only when a word character follows at once;
                // "Jakarta - Presiden" is two words and a dash.
                if i + 1 < chars.len() && is_hyphen(chars[i].1) && is_word_char(chars[i + 1].1) {
                    i += 1;
                } else {
                    break;
                }
            }
            out.words.push(word);
        }
        mark_title_lines_by_counting(out, line + 1);
    }

    /// Title lines as first written: every word of every line counted.
    fn mark_title_lines_by_counting(out: &mut Words, lines: usize) {
        let mut counts = vec![(0u32, 0u32); lines];
        for w in &out.words {
            let part = &out.parts[w.first_part];
            let text = &out.folded[part.folded_start..part.folded_end];
            if part.kind != PartKind::Alpha
                || text.len() < 4
                || crate::analysis::stopwords::is_stop_word(text)
            {
                continue;
            }
            let c = &mut counts[w.line];
            c.0 += 1;
            if w.capitalised {
                c.1 += 1;
            }
        }
        out.title_lines
            .extend(counts.iter().map(|&(n, caps)| n >= 3 && caps == n));
    }

    /// Scans one part starting at `chars[i]` (a word character); returns the index after it.
    fn scan_part_by_char_table(
        text: &str,
        chars: &[(usize, char)],
        mut i: usize,
        out: &mut Words,
    ) -> usize {
        let start = chars[i].0;
        let folded_start = out.folded.len();
        let (mut letters, mut digits) = (false, false);
        while i < chars.len() {
            let (_, c) = chars[i];
            let next = chars.get(i + 1).map(|&(_, n)| n);
            if is_word_char(c) {
                if c.is_numeric() {
                    digits = true;
                } else {
                    letters = true;
                }
                fold_char_into(c, &mut out.folded);
            } else if classify(c) == Folded::Drop {
                // Combining marks and zero-width characters stay inside the word.
            } else if is_apostrophe(c) && letters && next.is_some_and(char::is_alphabetic) {
                // "Jum'at", "Qur'an": the apostrophe is spelling, not a boundary.
            } else if (c == '.' || c == ',')
                && digits
                && !letters
                && chars[i - 1].1.is_ascii_digit()
                && next.is_some_and(|n| n.is_ascii_digit())
            {
                out.folded.push(c);
            } else {
                break;
            }
            i += 1;
        }
        let end = chars.get(i).map_or(text.len(), |&(b, _)| b);
        let kind = match (letters, digits) {
            (true, false) => PartKind::Alpha,
            (false, true) => PartKind::Number,
            _ => PartKind::Mixed,
        };
        if kind == PartKind::Number {
            normalise_number(&mut out.folded, folded_start);
        }
        let folded_end = out.folded.len();
        out.parts.push(Part {
            start,
            end,
            folded_start,
            folded_end,
            kind,
        });
        i
    }

    fn words_of(text: &str, tokenize: fn(&str, &mut Words)) -> String {
        let mut w = Words::default();
        tokenize(text, &mut w);
        format!(
            "{:?} {:?} {:?} {:?}",
            w.words, w.parts, w.folded, w.title_lines
        )
    }

    #[test]
    fn agrees_with_the_character_table_tokenizer() {
        let texts = [
            "Pembangunan jembatan-jembatan di Bekasi, kata Menteri PUPR, “selesai” 2019.",
            "Anak-anaknya berlari-lari; COVID-19 ke-18 Rp 14.030 1,6 juta e-mail@x.id #banjir",
            "Jum'at Qur\u{2019}an 1.250.000,50 12.30 Café naïve x\u{301}y so\u{ad}ft \u{200b}zw",
            "Jakarta - Presiden\nKETUA UMUM PARTAI\r\nlalu. “Kata” (dia) [x] • y: z!",
            "a-",
            "-a",
            "a--b",
            "a\u{2011}b",
            "1.",
            ".1",
            "1.a",
            "1,2.3",
            "a'",
            "'a",
            "a'1",
            "ŞĞ İstanbul ǅ ﬁ ²³ Ⅻ",
            "Menteri Keuangan Sri Mulyani Indrawati\nMenteri Keuangan menyebut Bank Indonesia Kuat",
            "Rapat yang Digelar Dewan di Jakarta\nDua Kata\nSatu Dua Tiga empat Lima Enam",
            "",
        ];
        for text in texts {
            assert_eq!(
                words_of(text, tokenize),
                words_of(text, tokenize_by_char_table),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_character_table_tokenizer_on_any_text(
            text in "[a-zA-Z0-9 .,'`;:\u{2019}\\-\n\u{2010}\u{ad}\u{301}\u{e9}\u{130}\u{1c5}\u{201c}(]{0,40}|\\PC{0,40}"
        ) {
            proptest::prop_assert_eq!(
                words_of(&text, tokenize),
                words_of(&text, tokenize_by_char_table)
            );
        }
    }

    fn parts(text: &str) -> Vec<(String, &str, PartKind)> {
        let mut w = Words::default();
        tokenize(text, &mut w);
        w.parts
            .iter()
            .map(|p| (w.part_text(p).to_string(), &text[p.start..p.end], p.kind))
            .collect()
    }

    #[test]
    fn parts_keep_original_offsets() {
        use PartKind::*;
        type Expected<'a> = &'a [(&'a str, &'a str, PartKind)];
        let table: &[(&str, Expected)] = &[
            (
                "Rp 14.030",
                &[("rp", "Rp", Alpha), ("14030", "14.030", Number)],
            ),
            (
                "1,6 juta",
                &[("1,6", "1,6", Number), ("juta", "juta", Alpha)],
            ),
            (
                "pukul 12.30.",
                &[("pukul", "pukul", Alpha), ("12.30", "12.30", Number)],
            ),
            (
                "\u{201C}Kami\u{201D} pergi",
                &[("kami", "Kami", Alpha), ("pergi", "pergi", Alpha)],
            ),
            (
                "Rp\u{00A0}5.000",
                &[("rp", "Rp", Alpha), ("5000", "5.000", Number)],
            ),
            ("Jum\u{2019}at", &[("jumat", "Jum\u{2019}at", Alpha)]),
            ("Café ok", &[("cafe", "Café", Alpha), ("ok", "ok", Alpha)]),
            (
                "COVID-19",
                &[("covid", "COVID", Alpha), ("19", "19", Number)],
            ),
            ("ke-18", &[("ke", "ke", Alpha), ("18", "18", Number)]),
            (
                "#IndonesiaMaju",
                &[("indonesiamaju", "IndonesiaMaju", Alpha)],
            ),
            (
                "redaksi@kompas.com",
                &[
                    ("redaksi", "redaksi", Alpha),
                    ("kompas", "kompas", Alpha),
                    ("com", "com", Alpha),
                ],
            ),
            ("a - b", &[("a", "a", Alpha), ("b", "b", Alpha)]),
            ("G20", &[("g20", "G20", Mixed)]),
        ];
        for (text, want) in table {
            let got = parts(text);
            let want: Vec<_> = want
                .iter()
                .map(|&(f, s, k)| (f.to_string(), s, k))
                .collect();
            assert_eq!(got, want, "tokenize({text:?})");
        }
    }

    #[test]
    fn hyphens_join_parts_into_one_word() {
        let mut w = Words::default();
        tokenize("negara-negara dan Rusia\u{2013}Ukraina - x", &mut w);
        let counts: Vec<usize> = w.words.iter().map(|x| x.part_count).collect();
        // The en dash is folded like a hyphen but only the ASCII/Unicode hyphens join.
        assert_eq!(counts, vec![2, 1, 1, 1, 1]);
    }

    #[test]
    fn sentence_starts_and_headlines() {
        let mut w = Words::default();
        tokenize(
            "Warga Bekasi pulang. Mereka senang\nBanjir Besar Melanda Kota Bekasi",
            &mut w,
        );
        let flags: Vec<(bool, bool)> = w
            .words
            .iter()
            .map(|x| (x.capitalised, x.sentence_start))
            .collect();
        assert_eq!(
            flags[..5],
            [
                (true, true),
                (true, false),
                (false, false),
                (true, true),
                (false, false)
            ]
        );
        assert_eq!(w.title_lines, vec![false, true]);
    }
}
