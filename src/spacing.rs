//! Folding whitespace: the one way warta turns a line of scraped text, a title or a
//! snippet into words separated by single spaces. The readers (every line of a
//! plain-text article passes through it), the analysis and the output share it.
//! It knows nothing of what the words are.

/// `text`'s words joined by single spaces: whitespace at the ends dropped and every
/// run of it inside made one space. Whitespace is Unicode's (`char::is_whitespace`:
/// tabs, line ends, no-break and ideographic spaces), as `str::split_whitespace`.
pub fn normalize_spaces(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    loop {
        while let Some(width) = whitespace_at(text, at) {
            at += width;
        }
        if at >= bytes.len() {
            return out;
        }
        // A run of words already one space apart, copied at once: most lines are one.
        let start = at;
        loop {
            // A word: ASCII through a table, other characters decoded where they stand.
            loop {
                while bytes
                    .get(at)
                    .is_some_and(|&b| ASCII_WORD_BYTE[usize::from(b)])
                {
                    at += 1;
                }
                match text[at..].chars().next() {
                    Some(c) if !c.is_ascii() && !c.is_whitespace() => at += c.len_utf8(),
                    _ => break,
                }
            }
            let single_space = bytes.get(at) == Some(&b' ')
                && at + 1 < bytes.len()
                && whitespace_at(text, at + 1).is_none();
            if !single_space {
                break;
            }
            at += 1;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..at]);
    }
}

/// ASCII bytes that belong to a word: all but the whitespace ones.
const ASCII_WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = !is_ascii_whitespace(b as u8);
        b += 1;
    }
    table
};

/// `char::is_whitespace` of an ASCII byte: tab to carriage return (the vertical tab
/// included, unlike `u8::is_ascii_whitespace`), and the space.
const fn is_ascii_whitespace(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// The width of the whitespace character at byte `at`, if one starts there.
fn whitespace_at(text: &str, at: usize) -> Option<usize> {
    let &b = text.as_bytes().get(at)?;
    if b.is_ascii() {
        return is_ascii_whitespace(b).then_some(1);
    }
    let c = text[at..].chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `normalize_spaces` must equal: std's split, joined.
    fn by_split(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn spacing_table() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            (" \t\n", ""),
            ("Kim  Jong\tUn ", "Kim Jong Un"),
            ("\u{a0}Rabu\u{a0}(13/9/2023)\u{3000}", "Rabu (13/9/2023)"),
            ("a\u{b}b\u{c}c\u{1f}d", "a b c\u{1f}d"),
            ("café\u{2028}ôlé\u{85}x", "café ôlé x"),
        ];
        for (text, want) in cases {
            assert_eq!(normalize_spaces(text), *want, "{text:?}");
            assert_eq!(by_split(text), *want, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_split_whitespace(
            text in "[a-zA-Z0-9 .,\t\n\r\u{b}\u{c}\u{1c}\u{1f}\u{85}\u{a0}\u{1680}\u{2000}\u{200b}\u{2028}\u{202f}\u{3000}éÃ€-]{0,40}|\\PC{0,40}|\\p{Any}{0,20}"
        ) {
            proptest::prop_assert_eq!(normalize_spaces(&text), by_split(&text));
        }
    }
}
