//! Plain-text articles (`.txt`).
//!
//! This owns the optional `Key: value` header block some archives put above
//! the story (Title/Judul, Date/Tanggal, Source/Sumber, Author/Penulis, URL)
//! and telling it apart from an ordinary first line. Everything after the
//! header goes to `assemble`, which reads the story itself.

use super::assemble::{article_from_text, Meta};
use super::date::parse_date;
use super::source::canonical_source;
use super::Article;

/// Header keys we understand, each with the field it fills.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HeaderKey {
    Id,
    Title,
    Date,
    Source,
    Author,
    Url,
    /// Known to be header metadata, but not something an article keeps.
    Ignored,
}

fn header_key(key: &str) -> Option<HeaderKey> {
    let key = match key.trim().to_lowercase().as_str() {
        "id" => HeaderKey::Id,
        "title" | "judul" | "headline" => HeaderKey::Title,
        "date" | "tanggal" | "published" | "diterbitkan" | "waktu" | "pubdate" => HeaderKey::Date,
        "source" | "sumber" | "outlet" | "media" | "publisher" => HeaderKey::Source,
        "author" | "penulis" | "reporter" | "by" => HeaderKey::Author,
        "url" | "link" => HeaderKey::Url,
        "tags" | "tag" | "kategori" | "category" | "rubrik" | "editor" | "lang" | "language"
        | "bahasa" => HeaderKey::Ignored,
        _ => return None,
    };
    Some(key)
}

/// Reads a plain-text article.
pub fn parse_text(text: &str) -> Result<Article, String> {
    let (meta, body) = split_header(text);
    article_from_text(body, meta)
}

/// Splits a leading header block from the story.
///
/// The block is the run of `Key: value` lines with known keys at the top. It
/// counts when a blank line (or the end) follows it, or when it has two or
/// more lines, so a story that opens "Penulis: ..." mid-paragraph is not eaten.
fn split_header(text: &str) -> (Meta, &str) {
    let mut meta = Meta::default();
    let mut fields = Vec::new();
    let mut offset = 0;
    let mut ended_by_blank = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if fields.is_empty() {
                offset += line.len();
                continue;
            }
            ended_by_blank = true;
            break;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            break;
        };
        let Some(key) = header_key(key) else { break };
        fields.push((key, value.trim().to_string()));
        offset += line.len();
    }
    let reached_end = offset >= text.len();
    if fields.is_empty() || !(ended_by_blank || reached_end || fields.len() >= 2) {
        return (meta, text);
    }
    for (key, value) in fields {
        if value.is_empty() {
            continue;
        }
        match key {
            HeaderKey::Id => meta.id = Some(value),
            HeaderKey::Title => meta.title = Some(value),
            HeaderKey::Date => meta.date = meta.date.or_else(|| parse_date(&value)),
            HeaderKey::Source => meta.source = Some(canonical_source(&value)),
            HeaderKey::Author => meta.author = meta.author.or(Some(value)),
            HeaderKey::Url => meta.url = Some(value),
            HeaderKey::Ignored => {}
        }
    }
    (meta, &text[offset.min(text.len())..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const SEED: &str = include_str!("testdata/seed_tribunnews.txt");

    #[test]
    fn seed_article() {
        let a = parse_text(SEED).unwrap();
        assert_eq!(
            a.title,
            "Presiden Rusia, Vladimir Putin, bertemu Pemimpin Korea Utara, Kim Jong Un"
        );
        assert_eq!(a.date.map(|d| d.date), NaiveDate::from_ymd_opt(2023, 9, 13));
        assert_eq!(a.source.as_deref(), Some("Tribunnews.com"));
        assert_eq!(a.author.as_deref(), Some("Nuryanti"));
        assert!(!a.body.contains("Taeyangho"), "cross-link left in body");
        assert!(!a.body.contains("Baca juga"));
        assert!(!a.body.contains("TRIBUNNEWS.COM"));
        assert!(!a.body.contains("(Tribunnews.com/Nuryanti)"));
        assert!(a.body.starts_with("Presiden Rusia, Vladimir Putin"));
        assert!(
            a.body
                .contains("\nPutin Janji Bantu Bangun Satelit Korea Utara\n"),
            "crosshead dropped"
        );
        assert!(a.body.ends_with("orbit rendah Bumi."));
        assert_eq!(a.related.len(), 4);
        assert!(a.related[1].starts_with("Taeyangho, Kereta Lapis Baja"));
    }

    #[test]
    fn text_table() {
        // (input, title, date, source, author, body)
        type Case = (
            &'static str,
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
            &'static str,
        );
        let cases: &[Case] = &[
            (
                "Banjir Rendam Jakarta\nJAKARTA, KOMPAS.com - Banjir merendam Jakarta, Senin (16/9/2019).\nWarga mengungsi.",
                "Banjir Rendam Jakarta", Some("2019-09-16"), Some("Kompas.com"), None,
                "Banjir merendam Jakarta, Senin (16/9/2019).\nWarga mengungsi.",
            ),
            (
                "Judul: Harga Cabai Naik\nTanggal: 2019-10-25\nSumber: okezone.com\nPenulis: Budi\n\nHarga cabai naik 13 September 2019.",
                "Harga Cabai Naik", Some("2019-10-25"), Some("Okezone.com"), Some("Budi"),
                "Harga cabai naik 13 September 2019.",
            ),
            (
                "Title: Gempa\nDate: Senin, 16/9/2019 10:15 WIB\nGempa terjadi di Palu.",
                "Gempa", Some("2019-09-16T10:15:00+07:00"), None, None, "Gempa terjadi di Palu.",
            ),
            (
                "Liputan6.com, Jakarta - Presiden bertemu menteri. Rapat berlangsung 25 Okt 2019.\nPenulis: Annesa K. Ramadhany\nEditor: Edi",
                "Presiden bertemu menteri", Some("2019-10-25"), Some("Liputan6.com"), Some("Annesa K. Ramadhany"),
                "Presiden bertemu menteri. Rapat berlangsung 25 Okt 2019.",
            ),
            (
                "Jakarta (ANTARA) - Menteri berkata: \"kami siap\".\nTanggal: 14/09/2019\nLalu pada 1/1/2020 ia pergi.",
                "Menteri berkata: \"kami siap\"", Some("2019-09-14"), Some("Antaranews.com"), None,
                "Menteri berkata: \"kami siap\".\nLalu pada 1/1/2020 ia pergi.",
            ),
            (
                "Kata dia: kami siap bertanding besok.\nPertandingan dimulai pukul 19.00.",
                "Kata dia: kami siap bertanding besok", None, None, None,
                "Kata dia: kami siap bertanding besok.\nPertandingan dimulai pukul 19.00.",
            ),
        ];
        for (input, title, date, source, author, body) in cases {
            let a = parse_text(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            let got = (
                a.title.as_str(),
                a.date.map(|d| d.to_rfc3339_or_date()),
                a.source.as_deref(),
                a.author.as_deref(),
                a.body.as_str(),
            );
            assert_eq!(
                got,
                (*title, date.map(str::to_string), *source, *author, *body),
                "{input:?}"
            );
        }
    }
}
