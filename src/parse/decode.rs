//! From bytes on disk to clean Unicode text.
//!
//! This owns character-set decoding (UTF-8 with or without BOM, UTF-16 with
//! BOM, and for files that are not UTF-8 the encoding Firefox's detector,
//! chardetng, recognises: the old Indonesian sites wrote Windows-1252 and
//! friends whatever their pages declared), spotting binary files, and undoing
//! mojibake: UTF-8 that a scraper
//! decoded as Mac Roman or Windows-1252 (`‚Äì`, `â€œ`, `¬†`). It does not
//! decompress; `mod.rs` does that before bytes arrive here.

use std::borrow::Cow;
use std::sync::OnceLock;

use encoding_rs::{Encoding, MACINTOSH, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How a file's bytes failed to be text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    Empty,
    OnlyWhitespace,
    Binary,
}

impl NotText {
    pub fn message(self) -> &'static str {
        match self {
            NotText::Empty => "empty file",
            NotText::OnlyWhitespace => "file holds only whitespace",
            NotText::Binary => "binary file (not text)",
        }
    }
}

/// Decodes a whole file: BOMs honoured, then UTF-8 when the bytes are UTF-8
/// (whatever a page's `<meta charset>` claims), else the detected encoding.
pub fn decode_text(bytes: &[u8]) -> Result<String, NotText> {
    if bytes.is_empty() {
        return Err(NotText::Empty);
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        UTF_16LE.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        UTF_16BE.decode_without_bom_handling(rest).0.into_owned()
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if looks_binary(bytes) {
            return Err(NotText::Binary);
        }
        decode_whole(bytes).into_owned()
    };
    if looks_binary_text(&text) {
        return Err(NotText::Binary);
    }
    if text.trim().is_empty() {
        return Err(if text.is_empty() {
            NotText::Empty
        } else {
            NotText::OnlyWhitespace
        });
    }
    Ok(text)
}

/// A whole file without BOM: UTF-8 if it is (or nearly is: a few broken bytes in
/// much UTF-8 are damage, not another encoding), else what chardetng detects.
fn decode_whole(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let (multibyte, broken) = utf8_census(bytes);
    if multibyte > broken {
        return String::from_utf8_lossy(bytes);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"id"), false);
    encoding.decode_without_bom_handling(bytes).0
}

/// Valid multi-byte UTF-8 characters and broken sequences in `bytes`.
fn utf8_census(mut bytes: &[u8]) -> (usize, usize) {
    let (mut multibyte, mut broken) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                return (
                    multibyte + s.chars().filter(|c| !c.is_ascii()).count(),
                    broken,
                )
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                // The prefix was just checked, so this cannot fail.
                multibyte += std::str::from_utf8(valid)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                broken += 1;
                bytes = &rest[e.error_len().unwrap_or(rest.len()).max(1).min(rest.len())..];
            }
        }
    }
}

/// Decodes one line (no BOM handling): UTF-8 if valid, else Windows-1252.
pub fn decode_line(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// NUL bytes never occur in text files that are not UTF-16.
pub fn looks_binary(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// Characters of a text that [`looks_binary_text`] reads.
const BINARY_SAMPLE_CHARS: usize = 64 * 1024;

/// More than 1 in 20 characters being control codes means this was never text.
/// Counted over the UTF-8 bytes (every file passes here), in passes the compiler
/// turns into vector code: the C0 controls and DEL are single bytes, the C1 controls
/// (U+0080 to U+009F) are 0xC2 followed by 0x80 to 0x9F.
fn looks_binary_text(text: &str) -> bool {
    // No more characters than bytes: a short text is its own sample.
    let sample = if text.len() <= BINARY_SAMPLE_CHARS {
        text
    } else {
        text.char_indices()
            .nth(BINARY_SAMPLE_CHARS)
            .map_or(text, |(end, _)| &text[..end])
    };
    let bytes = sample.as_bytes();
    let c0 = count_bytes(bytes, |b| {
        let layout = (b == b'\t') | (b == b'\n') | (b == b'\r') | (b == 0x0C);
        ((b < 0x20) & !layout) | (b == 0x7F)
    });
    // A C1 control's second byte (0x80 to 0x9F) after 0xC2.
    let c1 = match bytes.len() {
        0 => 0,
        n => count_byte_pairs(&bytes[..n - 1], &bytes[1..], |lead, next| {
            (lead == 0xC2) & (next.wrapping_sub(0x80) < 0x20)
        }),
    };
    (c0 + c1) * 20 > sample.chars().count()
}

/// How many bytes of `bytes` `test` holds for. Counted in runs of 255 into a byte, and
/// tested without a branch, so that the compiler can test many bytes at once.
fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|run| usize::from(run.iter().fold(0u8, |n, &b| n + u8::from(test(b)))))
        .sum()
}

/// How many pairs `(a[i], b[i])` `test` holds for, counted as [`count_bytes`] counts.
fn count_byte_pairs(a: &[u8], b: &[u8], test: impl Fn(u8, u8) -> bool) -> usize {
    a.chunks(255)
        .zip(b.chunks(255))
        .map(|(ra, rb)| {
            let n = ra
                .iter()
                .zip(rb)
                .fold(0u8, |n, (&x, &y)| n + u8::from(test(x, y)));
            usize::from(n)
        })
        .sum()
}

/// Reverse maps from the characters of a single-byte code page to its high bytes.
struct CodePage {
    to_byte: std::collections::HashMap<char, u8>,
}

impl CodePage {
    fn new(encoding: &'static Encoding) -> CodePage {
        let high: Vec<u8> = (0x80..=0xFF).collect();
        let decoded = encoding.decode_without_bom_handling(&high).0;
        let to_byte = decoded.chars().zip(high.iter().copied()).collect();
        CodePage { to_byte }
    }
}

fn code_pages() -> &'static [CodePage; 2] {
    static PAGES: OnceLock<[CodePage; 2]> = OnceLock::new();
    // Mac Roman first: it is what the corpus's Tempo and Okezone bodies went through.
    PAGES.get_or_init(|| [CodePage::new(MACINTOSH), CodePage::new(WINDOWS_1252)])
}

/// Undoes UTF-8 read as Mac Roman or Windows-1252/Latin-1, one character at a time.
///
/// A run is replaced only when its characters map back to a complete, valid
/// UTF-8 sequence in one code page, so ordinary accented text is left alone.
pub fn repair_mojibake(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let pages = code_pages();
    let mut out: Option<String> = None;
    let mut at = 0;
    while at < s.len() {
        // ASCII is never part of a repair: a run of it is passed over (or copied) whole.
        let ascii = s.as_bytes()[at..]
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(s.len() - at);
        if ascii > 0 {
            if let Some(out) = out.as_mut() {
                out.push_str(&s[at..at + ascii]);
            }
            at += ascii;
            continue;
        }
        let rest = &s[at..];
        match pages.iter().find_map(|page| repair_at(page, rest)) {
            Some((fixed, used)) => {
                out.get_or_insert_with(|| s[..at].to_string()).push(fixed);
                at += used;
            }
            None => {
                let c = rest.chars().next().expect("not at the end");
                if let Some(out) = out.as_mut() {
                    out.push(c);
                }
                at += c.len_utf8();
            }
        }
    }
    match out {
        Some(fixed) => Cow::Owned(fixed),
        None => Cow::Borrowed(s),
    }
}

/// The character whose UTF-8 bytes the first characters of `text` spell in `page`,
/// and the bytes of `text` that took.
fn repair_at(page: &CodePage, text: &str) -> Option<(char, usize)> {
    let mut chars = text.chars();
    let first = chars.next()?;
    let lead = *page.to_byte.get(&first)?;
    let continuation = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    let mut used = first.len_utf8();
    for slot in &mut bytes[1..=continuation] {
        let c = chars.next()?;
        let b = *page.to_byte.get(&c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        *slot = b;
        used += c.len_utf8();
    }
    let fixed = std::str::from_utf8(&bytes[..=continuation])
        .ok()?
        .chars()
        .next()?;
    plausible_repair(fixed).then_some((fixed, used))
}

/// Characters that mojibake in Indonesian news actually hides: Latin letters,
/// punctuation, currency and symbols, emoji. A Cyrillic or CJK "repair" means
/// the input was ordinary text such as `“é`, which Mac Roman would misread.
fn plausible_repair(c: char) -> bool {
    matches!(c as u32, 0xA0..=0x24F | 0x1E00..=0x1EFF | 0x2000..=0x206F | 0x20A0..=0x20CF | 0x2100..=0x214F | 0x1F300..=0x1FAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repair as it was first written, over a table of the characters: the
    /// reference the faster one must agree with.
    fn repair_mojibake_by_char_table(s: &str) -> Cow<'_, str> {
        if s.is_ascii() {
            return Cow::Borrowed(s);
        }
        let pages = code_pages();
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut out: Option<String> = None;
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            let repaired = (!c.is_ascii())
                .then(|| {
                    pages
                        .iter()
                        .find_map(|page| repair_at_by_char_table(page, &chars, i))
                })
                .flatten();
            match repaired {
                Some((fixed, used)) => {
                    out.get_or_insert_with(|| s[..at].to_string()).push(fixed);
                    i += used;
                }
                None => {
                    if let Some(out) = out.as_mut() {
                        out.push(c);
                    }
                    i += 1;
                }
            }
        }
        match out {
            Some(fixed) => Cow::Owned(fixed),
            None => Cow::Borrowed(s),
        }
    }

    /// The character whose UTF-8 bytes `chars[i..]` spell in `page`, and how many chars that took.
    fn repair_at_by_char_table(
        page: &CodePage,
        chars: &[(usize, char)],
        i: usize,
    ) -> Option<(char, usize)> {
        let lead = *page.to_byte.get(&chars[i].1)?;
        let continuation = match lead {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => return None,
        };
        let mut bytes = vec![lead];
        for k in 1..=continuation {
            let b = *page.to_byte.get(&chars.get(i + k)?.1)?;
            if !(0x80..=0xBF).contains(&b) {
                return None;
            }
            bytes.push(b);
        }
        let fixed = std::str::from_utf8(&bytes).ok()?.chars().next()?;
        plausible_repair(fixed).then_some((fixed, continuation + 1))
    }

    /// The binary test as first written, over the characters.
    fn looks_binary_text_by_chars(text: &str) -> bool {
        let sample: Vec<char> = text.chars().take(BINARY_SAMPLE_CHARS).collect();
        let controls = sample
            .iter()
            .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
            .count();
        controls * 20 > sample.len()
    }

    #[test]
    fn binary_text_is_judged_as_over_the_characters() {
        let long = format!(
            "{}{}",
            "é".repeat(BINARY_SAMPLE_CHARS - 10),
            "\u{1}".repeat(4000)
        );
        // Controls on both sides of the 255-byte runs the counts are taken in.
        let runs = format!("{}\u{85}{}", "x\u{1}\u{85}".repeat(120), "y".repeat(300));
        let edge = format!("{}\u{1}", "y".repeat(254));
        let cases = [
            "",
            "teks biasa\tdengan\r\nbaris\u{c}",
            "\u{0}\u{1}a",
            "a\u{7f}\u{80}\u{9f}\u{a0}\u{9f}",
            "abcdefghijklmnopqrs\u{85}",
            "abcdefghijklmnopqr\u{85}",
            "Â\u{85}Ã\u{a0}€\u{1b}",
            long.as_str(),
            runs.as_str(),
            edge.as_str(),
        ];
        for text in cases {
            assert_eq!(
                looks_binary_text(text),
                looks_binary_text_by_chars(text),
                "{text:?}"
            );
        }
        assert!(looks_binary_text("ab\u{1}"));
        assert!(
            !looks_binary_text(&long),
            "controls past the sample are not read"
        );
    }

    proptest::proptest! {
        #[test]
        fn binary_text_is_judged_as_over_the_characters_on_any_text(
            text in "[a-z \t\n\u{0}-\u{1f}\u{7f}-\u{a1}\u{c2}\u{e9}\u{2019}]{0,60}|\\PC{0,60}|[\u{0}-\u{ff}]{0,60}"
        ) {
            proptest::prop_assert_eq!(looks_binary_text(&text), looks_binary_text_by_chars(&text));
        }

        #[test]
        fn repairs_as_the_character_table_version_does(
            text in "[a-z ,\u{2019}\u{201a}\u{c4}\u{f2}\u{ac}\u{2020}\u{e2}\u{20ac}\u{153}\u{c3}\u{a9}\u{9d}\u{221a}\u{f0}\u{178}]{0,30}|\\PC{0,30}"
        ) {
            proptest::prop_assert_eq!(repair_mojibake(&text), repair_mojibake_by_char_table(&text));
        }
    }

    #[test]
    fn mojibake_table() {
        let cases: &[(&str, &str)] = &[
            ("2019 ‚Äì 2020", "2019 – 2020"),
            ("‚ÄúAlat ini,‚Äù ujar", "“Alat ini,” ujar"),
            ("Kecamatan¬† Tanjungpinang", "Kecamatan\u{a0} Tanjungpinang"),
            ("â€œHaloâ€\u{9d} katanya", "“Halo” katanya"),
            ("Ã©tÃ© cafÃ©", "été café"),
            ("‚Äòhamba Allah‚Äô", "‘hamba Allah’"),
            // Already clean text, including accents and curly quotes, stays as is.
            (
                "“Saya yakin,” kata José à Paris – 5°C",
                "“Saya yakin,” kata José à Paris – 5°C",
            ),
            ("plain ascii", "plain ascii"),
            ("√", "√"),
            ("“éclair” –é", "“éclair” –é"),
            ("ðŸ˜€ senang", "😀 senang"),
        ];
        for (input, want) in cases {
            assert_eq!(repair_mojibake(input), *want, "{input:?}");
        }
    }

    #[test]
    fn decoding_table() {
        let cases: &[(&[u8], Result<&str, NotText>)] = &[
            (b"", Err(NotText::Empty)),
            (b"  \n\t ", Err(NotText::OnlyWhitespace)),
            (b"\xEF\xBB\xBFhalo", Ok("halo")),
            (b"\xFF\xFEh\0a\0i\0", Ok("hai")),
            (b"\xFE\xFF\0h\0a\0i", Ok("hai")),
            (b"caf\xE9 \x93kopi\x94", Ok("café “kopi”")),
            // UTF-8 with one broken byte stays UTF-8.
            (
                b"caf\xC3\xA9 \xE2\x80\x9ckopi\xE2\x80\x9d \xFF",
                Ok("café “kopi” \u{FFFD}"),
            ),
            (b"ELF\0\0\x01\x02", Err(NotText::Binary)),
            (b"\x01\x02\x03\x04\x05abc", Err(NotText::Binary)),
        ];
        for (input, want) in cases {
            assert_eq!(
                decode_text(input).as_deref().map_err(|e| *e),
                *want,
                "{input:?}"
            );
        }
    }
}
