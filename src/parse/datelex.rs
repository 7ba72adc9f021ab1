//! The words and tokens that dates are made of.
//!
//! This owns splitting a string into numbers, words and punctuation for the
//! date matcher, and the Indonesian and English month and time-zone names.
//! It knows nothing of which token sequences form a date; `date` does.

/// One token of a date-bearing string; whitespace only separates tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A run of ASCII digits: its value (saturated) and how many digits it had.
    Num(u32, usize),
    /// A run of letters, lowercased; empty for a word no date is made of (see
    /// [`is_date_word`]), which the matcher only needs to know is a word.
    Word(String),
    Punct(char),
}

/// Splits `s` into tokens; letters and digits never share a token ("13T10" is three).
/// A text without a date is lexed whole, so ASCII is read a byte at a time and other
/// characters decoded only where they stand.
pub fn lex(s: &str) -> Vec<Tok> {
    let bytes = s.as_bytes();
    let mut toks = Vec::new();
    let mut word = String::new();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii_digit() {
            let (mut value, mut digits) = (0u32, 0usize);
            while let Some(&d) = bytes.get(at).filter(|d| d.is_ascii_digit()) {
                value = value.saturating_mul(10).saturating_add(u32::from(d - b'0'));
                digits += 1;
                at += 1;
            }
            toks.push(Tok::Num(value, digits));
            continue;
        }
        if b.is_ascii() && !b.is_ascii_alphabetic() {
            // `char::is_whitespace` of ASCII: tab to carriage return, and the space.
            if !matches!(b, b'\t'..=b'\r' | b' ') {
                toks.push(Tok::Punct(char::from(b)));
            }
            at += 1;
            continue;
        }
        let c = s[at..].chars().next().expect("at a character boundary");
        if !c.is_alphabetic() {
            if !c.is_whitespace() {
                toks.push(Tok::Punct(c));
            }
            at += c.len_utf8();
            continue;
        }
        // A run of letters: ASCII ones a byte at a time, others decoded.
        let start = at;
        loop {
            while bytes.get(at).is_some_and(u8::is_ascii_alphabetic) {
                at += 1;
            }
            match s[at..].chars().next() {
                Some(c) if !c.is_ascii() && c.is_alphabetic() => at += c.len_utf8(),
                _ => break,
            }
        }
        let run = &s[start..at];
        // Words cost no allocation unless a date is made of them, and an ASCII word
        // too long to be a date word is not even lower-cased.
        word.clear();
        if run.is_ascii() {
            if run.len() <= LONGEST_DATE_WORD {
                word.push_str(run);
                word.make_ascii_lowercase();
            }
        } else {
            word.extend(run.chars().flat_map(char::to_lowercase));
        }
        let kept = if is_date_word(&word) {
            word.clone()
        } else {
            String::new()
        };
        toks.push(Tok::Word(kept));
    }
    toks
}

/// Bytes of the longest word [`is_date_word`] knows ("september").
const LONGEST_DATE_WORD: usize = 9;

/// Month number for an Indonesian or English month name or abbreviation.
pub fn month_number(word: &str) -> Option<u32> {
    let m = match word {
        "januari" | "january" | "jan" => 1,
        "februari" | "pebruari" | "february" | "feb" | "peb" => 2,
        "maret" | "march" | "mar" => 3,
        "april" | "apr" => 4,
        "mei" | "may" => 5,
        "juni" | "june" | "jun" => 6,
        "juli" | "july" | "jul" => 7,
        "agustus" | "august" | "agu" | "agt" | "ags" | "agus" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "oktober" | "october" | "okt" | "oct" => 10,
        "november" | "nopember" | "nov" | "nop" => 11,
        "desember" | "december" | "des" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// A word that may lead a time after a date ("pukul 10.15", "T10:15").
pub fn is_time_word(word: &str) -> bool {
    matches!(word, "t" | "pukul" | "pkl" | "jam" | "at" | "um")
}

/// A word the date matcher reads: a month, a time's lead word or a zone.
fn is_date_word(word: &str) -> bool {
    month_number(word).is_some() || is_time_word(word) || zone_offset_minutes(word).is_some()
}

/// Offset from UTC in minutes for a zone name: Indonesia's three zones, UTC/GMT/Z.
pub fn zone_offset_minutes(word: &str) -> Option<i32> {
    match word {
        "wib" => Some(7 * 60),
        "wita" => Some(8 * 60),
        "wit" => Some(9 * 60),
        "utc" | "gmt" | "z" => Some(0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lexer as first written, lower-casing every word a character at a time:
    /// the reference the faster one must agree with.
    fn lex_char_by_char(s: &str) -> Vec<Tok> {
        let mut toks = Vec::new();
        let mut word = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() {
                let (mut value, mut digits) = (c.to_digit(10).unwrap_or(0), 1usize);
                while let Some(d) = chars
                    .peek()
                    .and_then(|c| c.to_digit(10).filter(|_| c.is_ascii_digit()))
                {
                    value = value.saturating_mul(10).saturating_add(d);
                    digits += 1;
                    chars.next();
                }
                toks.push(Tok::Num(value, digits));
            } else if c.is_alphabetic() {
                word.clear();
                word.extend(c.to_lowercase());
                while let Some(&c) = chars.peek().filter(|c| c.is_alphabetic()) {
                    word.extend(c.to_lowercase());
                    chars.next();
                }
                // A text without a date is lexed whole: its other words cost no allocation.
                let kept = if is_date_word(&word) {
                    word.clone()
                } else {
                    String::new()
                };
                toks.push(Tok::Word(kept));
            } else if !c.is_whitespace() {
                toks.push(Tok::Punct(c));
            }
        }
        toks
    }

    proptest::proptest! {
        #[test]
        fn lexes_as_the_character_by_character_version(
            text in "[a-zA-Z0-9 .,:/+()\u{b}\u{c}\u{1f}\u{85}\u{a0}\u{2028}-]{0,40}|(September|SEPTEMBER|Okt|WIB|pukul|\u{212a}|\u{130}|é|Ã|Rabu|[0-9]{1,4}|[ ,./:-]){0,12}|\\PC{0,30}"
        ) {
            proptest::prop_assert_eq!(lex(&text), lex_char_by_char(&text));
        }
    }

    #[test]
    fn no_date_word_is_longer_than_the_longest() {
        for word in [
            "september",
            "nopember",
            "desember",
            "december",
            "november",
            "pebruari",
            "februari",
            "february",
            "agustus",
            "oktober",
            "october",
            "pukul",
            "wita",
        ] {
            assert!(is_date_word(word), "{word}");
            assert!(word.len() <= LONGEST_DATE_WORD, "{word}");
        }
        assert!(!is_date_word("septembers"));
    }

    #[test]
    fn lexes_mixed_tokens() {
        let w = |s: &str| Tok::Word(s.to_string());
        let cases: &[(&str, Vec<Tok>)] = &[
            ("13T10", vec![Tok::Num(13, 2), w("t"), Tok::Num(10, 2)]),
            (
                "Rabu (13/9)",
                vec![
                    // No date is made of a weekday's name: it is only a word.
                    w(""),
                    Tok::Punct('('),
                    Tok::Num(13, 2),
                    Tok::Punct('/'),
                    Tok::Num(9, 1),
                    Tok::Punct(')'),
                ],
            ),
            ("99999999999", vec![Tok::Num(u32::MAX, 11)]),
            ("Okt.", vec![w("okt"), Tok::Punct('.')]),
        ];
        for (input, want) in cases {
            assert_eq!(&lex(input), want, "{input:?}");
        }
    }

    #[test]
    fn month_names() {
        for (word, m) in [
            ("mei", 5),
            ("agustus", 8),
            ("okt", 10),
            ("nopember", 11),
            ("dec", 12),
        ] {
            assert_eq!(month_number(word), Some(m), "{word}");
        }
        assert_eq!(month_number("senin"), None);
    }
}
