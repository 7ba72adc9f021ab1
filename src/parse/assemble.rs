//! Turning an article's plain text into an [`Article`].
//!
//! Text, Markdown and HTML all end up as lines of prose plus whatever metadata
//! the container held (a header block, front matter, meta tags). This owns
//! what happens next: cross-links out, bylines and metadata lines read and
//! removed, the closing credit, the headline or a lede sentence as title, the
//! dateline, and the first plausible date. It does not read any file format.

use super::date::{find_date_in_text, Published};
use super::dateline::{find_closing_credit, find_dateline, read_meta_line, MetaLine};
use super::decode::repair_mojibake;
use super::related::{first_sentence, strip_related};
use super::Article;
use crate::spacing::normalize_spaces;

/// Longest line still taken for a headline.
const MAX_HEADLINE_CHARS: usize = 150;
const MAX_HEADLINE_WORDS: usize = 25;
/// A title cut from a lede that never ends is kept to about this many characters.
const MAX_TITLE_CHARS: usize = 200;

/// What the container around the text already said; it wins over what the text says.
#[derive(Debug, Default, Clone)]
pub struct Meta {
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<Published>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
}

/// Builds an article from prose lines and container metadata.
pub fn article_from_text(text: &str, meta: Meta) -> Result<Article, String> {
    let text = repair_mojibake(text);
    let (text, related) = strip_related(&text);
    let mut lines: Vec<String> = text
        .lines()
        .map(normalize_spaces)
        .filter(|l| !l.is_empty())
        .collect();

    let mut found = Found::default();
    lines.retain(|line| !found.take_meta_line(line));
    take_closing_credit(&mut lines, &mut found);
    take_signature(&mut lines, &mut found);

    let mut title = meta
        .title
        .as_deref()
        .map(|t| normalize_spaces(&repair_mojibake(t)))
        .filter(|t| !t.is_empty());
    match &title {
        Some(t) if lines.first().is_some_and(|first| same_headline(first, t)) => {
            lines.remove(0);
        }
        Some(_) => {}
        None if lines.len() > 1 && is_headline(&lines[0]) => title = Some(lines.remove(0)),
        None => {}
    }
    // "Kamis, 05 Nov 2015 13:19 WIB" between the headline and the dateline.
    while lines.len() > 1 && is_date_line(&lines[0]) {
        let line = lines.remove(0);
        if found.date.is_none() {
            found.date = find_date_in_text(&line.replace(" - ", " "));
        }
    }
    if let Some(first) = lines.first_mut() {
        if let Some(dateline) = find_dateline(first) {
            found.dateline_source = dateline.source;
            *first = first[dateline.rest_at..].to_string();
        }
    }
    lines.retain(|l| !l.is_empty());
    let title = title
        .or_else(|| lines.first().map(|lede| title_from_lede(lede)))
        .unwrap_or_default();
    let body = lines.join("\n");
    if title.is_empty() && body.is_empty() {
        return Err("no title or body".to_string());
    }
    let date = meta
        .date
        .or(found.date)
        .or_else(|| find_date_in_text(&body))
        .or_else(|| find_date_in_text(&title));
    Ok(Article {
        id: meta.id,
        title,
        date,
        source: meta
            .source
            .or(found.dateline_source)
            .or(found.credit_source)
            .or(found.source_line),
        author: meta
            .author
            // An editor is never the author.
            .or(found
                .author
                .filter(|(_, rank)| *rank < 2)
                .map(|(name, _)| name))
            .or(found.credit_author),
        url: meta.url,
        body,
        related,
        line: None,
    })
}

/// Metadata the article's own text revealed.
#[derive(Default)]
struct Found {
    date: Option<Published>,
    author: Option<(String, u8)>,
    source_line: Option<String>,
    dateline_source: Option<String>,
    credit_source: Option<String>,
    credit_author: Option<String>,
}

impl Found {
    /// Records a byline, date or source line; true when the line was one and should go.
    fn take_meta_line(&mut self, line: &str) -> bool {
        match read_meta_line(line) {
            Some(MetaLine::Date(date)) => {
                self.date.get_or_insert(date);
                true
            }
            Some(MetaLine::Author(name, rank)) => {
                if self.author.as_ref().is_none_or(|(_, best)| rank < *best) {
                    self.author = Some((name, rank));
                }
                true
            }
            Some(MetaLine::Source(source)) => {
                self.source_line.get_or_insert(source);
                true
            }
            None => false,
        }
    }
}

fn take_closing_credit(lines: &mut Vec<String>, found: &mut Found) {
    let Some(last) = lines.last_mut() else { return };
    let Some(credit) = find_closing_credit(last) else {
        return;
    };
    found.credit_source = credit.source;
    found.credit_author = credit.author;
    last.truncate(credit.at);
    let kept = last.trim_end().len();
    last.truncate(kept);
    if last.is_empty() {
        lines.pop();
    }
}

/// Words of the page furniture that may close a scraped body in capitals.
const NOT_A_SIGNATURE: &[&str] = &[
    "load",
    "more",
    "lihat",
    "semua",
    "baca",
    "juga",
    "berita",
    "terkait",
    "tags",
    "tag",
    "share",
    "komentar",
    "iklan",
    "advertisement",
    "selengkapnya",
    "video",
    "foto",
];

/// Takes a desk's closing code ("(ren)", "(raw/nds)") and a signature line in
/// capitals ("DINI TEJA") off the end of the story; the signature is the writer.
fn take_signature(lines: &mut Vec<String>, found: &mut Found) {
    let Some(last) = lines.last_mut() else { return };
    if let Some(at) = desk_code_at(last) {
        last.truncate(at);
        let kept = last.trim_end().len();
        last.truncate(kept);
        if last.is_empty() {
            lines.pop();
        }
    }
    if lines.len() < 2 {
        return;
    }
    let last = &lines[lines.len() - 1];
    // Most last lines are paragraphs of the story: not split into words.
    if last.chars().count() > 40 {
        return;
    }
    let before = lines[lines.len() - 2].trim_end();
    let words: Vec<&str> = last.split_whitespace().collect();
    let signature = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '-'))
                && !NOT_A_SIGNATURE.contains(&w.to_lowercase().as_str())
        })
        && before.ends_with(['.', '"', '”', '!', '?']);
    if signature {
        let name = lines.pop().unwrap_or_default();
        found.credit_author.get_or_insert(name);
    }
}

/// Where a trailing desk code such as "(ren)" or "(raw/nds)" opens, if the line ends in one.
fn desk_code_at(line: &str) -> Option<usize> {
    let trimmed = line.trim_end();
    let inner_end = trimmed.strip_suffix(')')?.len();
    let open = trimmed[..inner_end].rfind('(')?;
    let inner = &trimmed[open + 1..inner_end];
    let parts: Vec<&str> = inner.split('/').map(str::trim).collect();
    let codes = (1..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (2..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    codes.then_some(open)
}

/// A line that is only a date, with its weekday, time and zone.
fn is_date_line(line: &str) -> bool {
    line.chars().count() <= 60
        && line.split_whitespace().count() <= 8
        && line.chars().any(|c| c.is_ascii_digit())
        && line.split_whitespace().all(|w| {
            !w.starts_with(char::is_lowercase) || matches!(w, "pukul" | "jam" | "at" | "on")
        })
        && find_date_in_text(&line.replace(" - ", " ")).is_some()
        && find_dateline(line).is_none()
}

/// A first line that reads as a headline: short, no dateline, not a finished sentence.
pub fn is_headline(line: &str) -> bool {
    if line.chars().count() > MAX_HEADLINE_CHARS {
        return false;
    }
    let words = line.split_whitespace().count();
    let core = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', ' ']);
    let Some(last) = core.chars().last() else {
        return false;
    };
    let starts_quoted = line.starts_with(['"', '“', '\'', '‘']);
    let max_words = if matches!(last, '?' | '!') {
        15
    } else {
        MAX_HEADLINE_WORDS
    };
    words <= max_words
        && line.chars().any(char::is_alphabetic)
        && !matches!(last, '.' | ',' | ';' | ':' | '…')
        && !starts_quoted
        && find_dateline(line).is_none()
}

fn same_headline(line: &str, title: &str) -> bool {
    let clean = |s: &str| {
        normalize_spaces(s)
            .trim_end_matches(['.', ' '])
            .to_lowercase()
    };
    clean(line) == clean(title)
}

/// The lede's first sentence, shortened at a word boundary if it runs on.
pub fn title_from_lede(lede: &str) -> String {
    let sentence = first_sentence(lede);
    if sentence.chars().count() <= MAX_TITLE_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(MAX_TITLE_CHARS).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", cut[..space].trim_end_matches([',', ' '])),
        None => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_table() {
        let cases: &[(&str, bool)] = &[
            ("Putin Janji Bantu Bangun Satelit Korea Utara", true),
            ("Apa Kabar Putin?", true),
            (
                "TRIBUNNEWS.COM - Presiden Rusia, Vladimir Putin, bertemu Kim Jong Un.",
                false,
            ),
            (
                "Presiden Joko Widodo meresmikan jalan tol, Senin (16/9/2019).",
                false,
            ),
            ("“Korea Utara mendukung semua keputusan Putin”", false),
            ("Penjelasan berikut ini:", false),
            ("12345", false),
        ];
        for (line, want) in cases {
            assert_eq!(is_headline(line), *want, "{line:?}");
        }
    }

    #[test]
    fn container_title_drops_repeated_first_line() {
        let meta = Meta {
            title: Some("Judul Berita".into()),
            ..Meta::default()
        };
        let article =
            article_from_text("Judul Berita\nIsi berita pertama.\nIsi kedua.", meta).unwrap();
        assert_eq!(article.title, "Judul Berita");
        assert_eq!(article.body, "Isi berita pertama.\nIsi kedua.");
    }

    #[test]
    fn long_lede_title_is_cut() {
        let lede = "kata ".repeat(100);
        let title = title_from_lede(&lede);
        assert!(
            title.chars().count() <= MAX_TITLE_CHARS + 1 && title.ends_with('…'),
            "{title}"
        );
    }

    #[test]
    fn dateline_after_headline_and_date_line() {
        let a = article_from_text(
            "Warga Garut Panen Raya\nKamis, 05 Nov 2015 13:19 WIB\nLiputan6.com, Garut - Warga memanen padi.\nHasilnya melimpah.",
            Meta::default(),
        )
        .unwrap();
        assert_eq!(a.title, "Warga Garut Panen Raya");
        assert_eq!(a.source.as_deref(), Some("Liputan6.com"));
        assert_eq!(
            a.date.map(|d| d.to_rfc3339_or_date()).as_deref(),
            Some("2015-11-05T13:19:00+07:00")
        );
        assert_eq!(a.body, "Warga memanen padi.\nHasilnya melimpah.");
        // A lede that opens with a day is prose, not a date line.
        let a = article_from_text(
            "Judul Berita Hari Ini\nSenin (16/9/2019) lalu hujan turun.\nLanjut.",
            Meta::default(),
        )
        .unwrap();
        assert!(a.body.starts_with("Senin (16/9/2019) lalu"), "{}", a.body);
    }

    #[test]
    fn signatures_and_desk_codes_close_the_story() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "Judul\nIsi pertama.\nIsi terakhir.\nDINI TEJA",
                "Isi pertama.\nIsi terakhir.",
                Some("DINI TEJA"),
            ),
            (
                "Judul\nIsi pertama.\nIsi terakhir. (ren)",
                "Isi pertama.\nIsi terakhir.",
                None,
            ),
            (
                "Judul\nIsi pertama.\nIsi terakhir.\n(raw/nds)",
                "Isi pertama.\nIsi terakhir.",
                None,
            ),
            // Capitals after a list of links are page furniture, not a writer.
            (
                "Judul\nIsi pertama.\nBerita Lain Hari Ini\nLOAD MORE",
                "Isi pertama.\nBerita Lain Hari Ini\nLOAD MORE",
                None,
            ),
            // An editor is never the author.
            (
                "Judul\nIsi pertama.\nEditor: Rina Marlina\nIsi kedua.",
                "Isi pertama.\nIsi kedua.",
                None,
            ),
        ];
        for (text, body, author) in cases {
            let a = article_from_text(text, Meta::default()).unwrap();
            assert_eq!(
                (a.body.as_str(), a.author.as_deref()),
                (*body, *author),
                "{text:?}"
            );
        }
    }

    #[test]
    fn empty_text_is_an_error() {
        assert_eq!(
            article_from_text(" \n ", Meta::default()),
            Err("no title or body".to_string())
        );
    }
}
