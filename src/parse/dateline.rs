//! Who wrote an article and for whom, read from its own text.
//!
//! This owns the dateline that opens a news story (`JAKARTA, KOMPAS.com -`,
//! `Jakarta (ANTARA) -`, `Liputan6.com, Jakarta -`), the credit that closes
//! one (`(Tribunnews.com/Nuryanti)`), and byline and metadata lines such as
//! `Penulis: ...` or `Tanggal: ...`. It returns what it found and where; the
//! caller decides what to cut.

use super::date::{parse_date, Published};
use super::source::{canonical_source, known_outlet, looks_like_outlet};

/// Datelines are short; a dash further in than this is part of the story.
const MAX_DATELINE_CHARS: usize = 70;

/// A dateline found at the start of a line.
#[derive(Debug, PartialEq, Eq)]
pub struct Dateline {
    /// The outlet it names, made uniform; None for a bare place ("JAKARTA -").
    pub source: Option<String>,
    /// Byte offset where the story proper begins.
    pub rest_at: usize,
}

/// Reads a dateline, or a scraper's remnant of one (" - ", ", , -"), at the start of `line`.
pub fn find_dateline(line: &str) -> Option<Dateline> {
    let (dash_start, dash_end) = find_separator_dash(line)?;
    let prefix = line[..dash_start].trim();
    let rest_at = dash_end + (line[dash_end..].len() - line[dash_end..].trim_start().len());
    if prefix.chars().all(|c| c == ',' || c.is_whitespace()) {
        return Some(Dateline {
            source: None,
            rest_at,
        });
    }
    if prefix.chars().count() > MAX_DATELINE_CHARS {
        return None;
    }
    let parts: Vec<&str> = prefix
        .split([',', '(', ')'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let outlet = parts.iter().find(|p| looks_like_outlet(p));
    let all_places = parts.iter().all(|p| outlet == Some(p) || is_place(p));
    if !all_places {
        return None;
    }
    match outlet {
        Some(outlet) => Some(Dateline {
            source: Some(canonical_source(outlet)),
            rest_at,
        }),
        // A lone place counts only in capitals, so "Presiden Rusia - ..." is not a dateline.
        None if parts.len() == 1
            && parts[0].chars().any(char::is_alphabetic)
            && !parts[0].chars().any(char::is_lowercase) =>
        {
            Some(Dateline {
                source: None,
                rest_at,
            })
        }
        None => None,
    }
}

/// The first dash with a space on either side (not "sehari-hari"), as a byte range.
fn find_separator_dash(line: &str) -> Option<(usize, usize)> {
    let mut iter = line.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = iter.next() {
        if i > MAX_DATELINE_CHARS * 2 {
            return None;
        }
        if matches!(c, '-' | '–' | '—') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek().filter(|(_, d)| matches!(d, '-' | '–' | '—'))
            {
                end = j + d.len_utf8();
                iter.next();
            }
            let after = line[end..].chars().next();
            let spaced_before = prev.is_none_or(|p| p.is_whitespace() || p == ',');
            let spaced_after = after.is_none_or(|a| a.is_whitespace() || a == ',');
            if spaced_before || spaced_after {
                return Some((i, end));
            }
        }
        prev = Some(c);
    }
    None
}

/// "Jakarta", "BANDA ACEH", "Kebayoran Baru": capitalised words, no sentence inside.
fn is_place(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))
        })
}

/// A closing credit such as "(Tribunnews.com/Nuryanti)": outlet and author.
#[derive(Debug, PartialEq, Eq)]
pub struct Credit {
    pub source: Option<String>,
    pub author: Option<String>,
    /// Byte offset in the line where the credit's "(" is.
    pub at: usize,
}

/// Reads an outlet credit in parentheses at the end of `line`.
pub fn find_closing_credit(line: &str) -> Option<Credit> {
    let trimmed = line.trim_end();
    let inner_end = trimmed.strip_suffix(')')?.len();
    let open = trimmed[..inner_end].rfind('(')?;
    let inner = &trimmed[open + 1..inner_end];
    if inner.chars().count() > 80 || inner.is_empty() {
        return None;
    }
    let mut parts = inner.split('/').map(str::trim);
    let outlet = parts.next()?;
    // "(ant/hd)" and "(Tribunnews.com/Nuryanti)" name an outlet; "(raw/nds)" are initials only.
    let source = known_outlet(outlet).map(str::to_string).or_else(|| {
        (looks_like_outlet(outlet) && outlet.contains('.')).then(|| canonical_source(outlet))
    })?;
    let author = parts
        .next()
        .filter(|a| a.chars().count() > 3 || a.chars().any(char::is_uppercase))
        .map(str::to_string);
    Some(Credit {
        source: Some(source),
        author,
        at: open,
    })
}

/// What a "Key: value" line inside an article says about the article.
#[derive(Debug, PartialEq, Eq)]
pub enum MetaLine {
    Date(Published),
    /// Byline with its rank: a writer (0) outranks a reporter (1), who outranks an editor (2).
    Author(String, u8),
    Source(String),
}

/// Reads a byline, date or source line ("Penulis: Annesa K. Ramadhany", "Tanggal: 13/9/2023").
pub fn read_meta_line(line: &str) -> Option<MetaLine> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim().to_lowercase();
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 100 || key.chars().count() > 16 {
        return None;
    }
    let author_rank = match key.as_str() {
        "penulis" | "author" | "oleh" | "ditulis oleh" | "writer" => Some(0),
        "reporter" | "pewarta" | "wartawan" | "kontributor" => Some(1),
        "editor" | "penyunting" | "redaktur" | "red" => Some(2),
        _ => None,
    };
    if let Some(rank) = author_rank {
        return Some(MetaLine::Author(value.to_string(), rank));
    }
    match key.as_str() {
        "tanggal" | "date" | "published" | "diterbitkan" | "dipublikasikan" | "terbit"
        | "diposting" | "waktu" => parse_date(value).map(MetaLine::Date),
        "sumber" | "source" => {
            looks_like_outlet(value).then(|| MetaLine::Source(canonical_source(value)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Input, then the outlet found and the text after the dateline, if there is one.
    type DatelineCase = (&'static str, Option<(Option<&'static str>, &'static str)>);
    /// Input, then the outlet and author of its credit, if there is one.
    type CreditCase = (&'static str, Option<(&'static str, Option<&'static str>)>);

    #[test]
    fn dateline_table() {
        let cases: &[DatelineCase] = &[
            (
                "TRIBUNNEWS.COM - Presiden Rusia bertemu",
                Some((Some("Tribunnews.com"), "Presiden Rusia bertemu")),
            ),
            (
                "JAKARTA, KOMPAS.com - Institut Teknologi",
                Some((Some("Kompas.com"), "Institut Teknologi")),
            ),
            (
                "Liputan6.com, Jakarta - Presiden",
                Some((Some("Liputan6.com"), "Presiden")),
            ),
            (
                "Jakarta (ANTARA) - Menteri",
                Some((Some("Antaranews.com"), "Menteri")),
            ),
            (
                "JAKARTA, KOMPAS.TV - Banjir",
                Some((Some("Kompas.tv"), "Banjir")),
            ),
            (
                "Jakarta, CNN Indonesia -- Polisi",
                Some((Some("CNN Indonesia"), "Polisi")),
            ),
            (
                "BANDUNG, AYOBANDUNG.COM – Warga",
                Some((Some("AYOBANDUNG.COM"), "Warga")),
            ),
            (
                "JAKARTA - Presiden Joko Widodo",
                Some((None, "Presiden Joko Widodo")),
            ),
            (
                " - Satresnarkoba Polres",
                Some((None, "Satresnarkoba Polres")),
            ),
            (", , - Warga", Some((None, "Warga"))),
            ("Presiden Rusia - Putin bertemu", None),
            ("Kegiatan sehari-hari warga Jakarta - yang padat", None),
            ("Berita hari ini tanpa tanda pisah", None),
        ];
        for (input, want) in cases {
            let got = find_dateline(input).map(|d| (d.source, &input[d.rest_at..]));
            let want = want.as_ref().map(|(s, r)| (s.map(str::to_string), *r));
            assert_eq!(got, want, "{input:?}");
        }
    }

    #[test]
    fn credit_table() {
        let cases: &[CreditCase] = &[
            (
                "(Tribunnews.com/Nuryanti)",
                Some(("Tribunnews.com", Some("Nuryanti"))),
            ),
            (
                "dirakit. (Kompas.com/Ahmad Naufal)",
                Some(("Kompas.com", Some("Ahmad Naufal"))),
            ),
            ("(ant/hd)", Some(("Antaranews.com", None))),
            ("(raw/nds)", None),
            ("(dalam hal ini)", None),
            ("Amerika Serikat (AS)", None),
        ];
        for (input, want) in cases {
            let got = find_closing_credit(input).map(|c| (c.source.unwrap(), c.author));
            let want = want.map(|(s, a)| (s.to_string(), a.map(str::to_string)));
            assert_eq!(got, want, "{input:?}");
        }
    }

    #[test]
    fn meta_line_table() {
        assert_eq!(
            read_meta_line("Penulis: Annesa K. Ramadhany"),
            Some(MetaLine::Author("Annesa K. Ramadhany".into(), 0))
        );
        assert_eq!(
            read_meta_line("Editor : Aditya"),
            Some(MetaLine::Author("Aditya".into(), 2))
        );
        assert_eq!(
            read_meta_line("Sumber: KOMPAS.com"),
            Some(MetaLine::Source("Kompas.com".into()))
        );
        assert!(matches!(
            read_meta_line("Tanggal: Rabu (13/9/2023)"),
            Some(MetaLine::Date(_))
        ));
        assert_eq!(read_meta_line("Tanggal: besok"), None);
        assert_eq!(read_meta_line("Kata dia: kami siap"), None);
        assert_eq!(read_meta_line("Penulis:"), None);
    }
}
