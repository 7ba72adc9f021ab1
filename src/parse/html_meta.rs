//! A saved page's title, date, author and outlet, chosen among what the page says.
//!
//! Pages say each of these several times, and real pages say some of them
//! wrongly: `<title>` and `og:title` carry the site's name, `author` meta
//! holds the publisher or a Facebook URL, timestamps claim UTC for local time.
//! This owns gathering the candidates (JSON-LD, `<meta>`, `<time>`, headings,
//! bylines and date lines in the page text, the URL) and choosing: the
//! headline that headings and metadata agree on with the site's name cut off
//! by comparing them with the outlet's name; the date the page shows beside
//! its headline when metadata disagrees; the writer, never the editor, the
//! outlet or an initials code (the writer is found by `html_byline`). The
//! story's text is found in `html_body`.

use std::collections::HashMap;

use scraper::Html;

use crate::spacing::normalize_spaces;

use super::assemble::Meta;
use super::date::{parse_date, Published, WIB_OFFSET_MINUTES};
use super::datelex::month_number;
use super::html::selector;
use super::html_byline::{choose_author, editor_names};
use super::html_ld::LinkedData;
use super::html_text::{page_lines, Line};
use super::source::{canonical_source, known_outlet, looks_like_outlet};

/// Separators between a headline and a site's name in `<title>` and `og:title`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", ": "];
/// Lines around the headline searched for the date it was published.
const DATE_LINE_REACH: usize = 15;
/// Date lines and bylines are short; longer lines are prose.
pub(super) const MAX_META_LINE_CHARS: usize = 90;
/// Meta tags that hold the publication time, most specific first.
const DATE_META_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "pub_date",
    "publish-date",
    "article.published",
    "content_publisheddate",
    "dc.date.issued",
    "dc.date",
    "dc.date.created",
    "date",
    "dtk:publishdate",
];

/// Everything the page says about the article besides its text.
pub fn page_meta(doc: &Html, ld: &LinkedData) -> Meta {
    let metas = meta_tags(doc);
    let url = ld
        .url
        .clone()
        .or_else(|| {
            doc.select(&selector("link[rel=canonical]"))
                .find_map(|l| l.value().attr("href").map(str::to_string))
        })
        .or_else(|| metas.get("og:url").cloned());
    let site = SiteNames::new(&metas, ld, url.as_deref());
    let lines = page_lines(doc);
    let title = choose_title(doc, ld, &metas, &site);
    let headline_found = title.as_deref().and_then(|t| headline_line(&lines, t));
    let headline_at = headline_found.unwrap_or(0);
    let editors = editor_names(doc, &lines);
    Meta {
        id: None,
        date: choose_date(doc, ld, &metas, &lines, headline_at, url.as_deref()),
        author: choose_author(doc, ld, &metas, &lines, headline_found, &site, &editors),
        source: site.outlet(),
        title,
        url,
    }
}

/// `<meta>` contents by lowercased property, name or itemprop; the first of each wins.
fn meta_tags(doc: &Html) -> HashMap<String, String> {
    let mut tags = HashMap::new();
    for el in doc.select(&selector("meta")) {
        let v = el.value();
        let Some(content) = v.attr("content").map(str::trim).filter(|c| !c.is_empty()) else {
            continue;
        };
        for key in [v.attr("property"), v.attr("name"), v.attr("itemprop")]
            .into_iter()
            .flatten()
        {
            tags.entry(key.to_lowercase())
                .or_insert_with(|| content.to_string());
        }
    }
    tags
}

/// Lowercase words, letters and digits only: how headlines are compared.
pub(super) fn compare_key(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The names a page gives itself: site name, publisher, host.
pub(super) struct SiteNames {
    site_name: Option<String>,
    publisher: Option<String>,
    host: Option<String>,
    /// Compare keys that mean this site: "kompas", "republika online", "liputan6".
    keys: Vec<String>,
}

impl SiteNames {
    fn new(metas: &HashMap<String, String>, ld: &LinkedData, url: Option<&str>) -> SiteNames {
        let site_name = metas
            .get("og:site_name")
            .or_else(|| metas.get("application-name"))
            .cloned();
        let host = url.and_then(host_of);
        let mut keys = Vec::new();
        for name in [site_name.as_deref(), ld.publisher.as_deref()]
            .into_iter()
            .flatten()
        {
            keys.push(compare_key(name));
            keys.push(compare_key(domain_stem(name)));
            if let Some(known) = known_outlet(name) {
                keys.push(compare_key(domain_stem(known)));
            }
        }
        if let Some(host) = &host {
            keys.push(compare_key(domain_stem(host)));
        }
        keys.retain(|k| k.chars().count() >= 3);
        keys.sort();
        keys.dedup();
        SiteNames {
            site_name,
            publisher: ld.publisher.clone(),
            host,
            keys,
        }
    }

    /// The outlet in warta's spelling: a known outlet first, by name, publisher or host.
    fn outlet(&self) -> Option<String> {
        let named = [&self.site_name, &self.publisher, &self.host];
        named
            .iter()
            .filter_map(|n| n.as_deref())
            .find_map(known_outlet)
            .map(str::to_string)
            .or_else(|| {
                named
                    .iter()
                    .filter_map(|n| n.as_deref())
                    .find(|n| !n.trim().is_empty())
                    .map(canonical_source)
            })
    }

    /// True when `text` names this site ("Kompas.com Regional", "Tekno Liputan6.com").
    pub(super) fn is_named_in(&self, text: &str) -> bool {
        if looks_like_outlet(text) {
            return true;
        }
        let key = compare_key(text);
        let squashed: String = key.split(' ').collect();
        let padded = format!(" {key} ");
        self.keys.iter().any(|site| {
            padded.contains(&format!(" {site} "))
                || (!site.contains(' ') && squashed.contains(site.as_str()))
        })
    }
}

/// "https://regional.kompas.com/read/x" → "regional.kompas.com".
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (host.contains('.') && !host.contains(' ')).then_some(host)
}

/// The name part of a domain: "regional.kompas.com" → "kompas", "republika.co.id" → "republika".
fn domain_stem(name: &str) -> &str {
    let lower_end = name.trim().trim_end_matches('/');
    let mut labels: Vec<&str> = lower_end.split('.').collect();
    if labels.len() < 2 {
        return lower_end;
    }
    while labels.len() > 1
        && matches!(
            labels.last().map(|l| l.to_ascii_lowercase()).as_deref(),
            Some("com" | "co" | "id" | "net" | "org" | "or" | "tv" | "news" | "go" | "ac" | "web")
        )
    {
        labels.pop();
    }
    labels.last().copied().unwrap_or(lower_end)
}

/// The headline, cut free of the site's name, agreed on by headings and metadata.
fn choose_title(
    doc: &Html,
    ld: &LinkedData,
    metas: &HashMap<String, String>,
    site: &SiteNames,
) -> Option<String> {
    let raw_title = doc
        .select(&selector("title"))
        .map(|t| normalize_spaces(&t.text().collect::<String>()))
        .find(|t| !t.is_empty());
    let metadata: Vec<String> = [
        ld.headline.clone(),
        metas.get("og:title").cloned(),
        metas.get("twitter:title").cloned(),
        metas.get("title").cloned(),
        raw_title,
    ]
    .into_iter()
    .flatten()
    .map(|t| without_site_name(&normalize_spaces(&t), site))
    .filter(|t| !t.is_empty())
    .collect();
    let headings: Vec<String> = doc
        .select(&selector("h1, h2, h3"))
        .map(|h| normalize_spaces(&h.text().collect::<String>()))
        .filter(|h| !h.is_empty() && h.chars().count() <= 300)
        .collect();
    // The visible headline, when the metadata says the same words.
    for heading in &headings {
        let key = compare_key(heading);
        if key.split(' ').count() >= 2 && metadata.iter().any(|m| agrees(m, heading)) {
            return Some(heading.clone());
        }
    }
    // Otherwise the metadata most sources agree on, in order of trust.
    let votes = |t: &String| {
        metadata.iter().filter(|m| agrees(m, t)).count()
            + headings.iter().filter(|h| agrees(h, t)).count()
    };
    let mut best: Option<(&String, usize)> = None;
    for t in &metadata {
        let v = votes(t);
        if best.is_none_or(|(_, bv)| v > bv) {
            best = Some((t, v));
        }
    }
    best.map(|(t, _)| t.clone()).or_else(|| {
        doc.select(&selector("h1"))
            .map(|h| normalize_spaces(&h.text().collect::<String>()))
            .find(|h| !h.is_empty() && !site.is_named_in(h))
    })
}

/// True when `longer` is `headline`, or `headline` with segments added before or
/// after a separator ("Headline - Kota :: Harian Lifestyle").
fn agrees(longer: &str, headline: &str) -> bool {
    let key = compare_key(headline);
    if key.is_empty() {
        return false;
    }
    if compare_key(longer) == key {
        return true;
    }
    TITLE_SEPARATORS.iter().any(|sep| {
        longer.match_indices(sep).any(|(at, _)| {
            compare_key(&longer[..at]) == key || compare_key(&longer[at + sep.len()..]) == key
        })
    })
}

/// Drops leading and trailing segments that name the site: "X - Kompas.com Regional" → "X".
pub(super) fn without_site_name_with(title: &str, names_site: &dyn Fn(&str) -> bool) -> String {
    let mut core = title.trim().to_string();
    loop {
        let mut changed = false;
        for sep in TITLE_SEPARATORS {
            if let Some((head, tail)) = core.rsplit_once(sep) {
                if *sep != ": " && !head.trim().is_empty() && names_site(tail) {
                    core = head.trim().to_string();
                    changed = true;
                    break;
                }
            }
            if let Some((head, tail)) = core.split_once(sep) {
                if !tail.trim().is_empty() && names_site(head) {
                    core = tail.trim().to_string();
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            return core;
        }
    }
}

pub(super) fn without_site_name(title: &str, site: &SiteNames) -> String {
    without_site_name_with(title, &|s| site.is_named_in(s))
}

/// The page line that holds the headline.
fn headline_line(lines: &[Line], title: &str) -> Option<usize> {
    let key = compare_key(title);
    lines.iter().position(|l| compare_key(&l.text) == key)
}

/// A timestamp from metadata; malformed ones read as the local time they are.
///
/// Templates that print local time and glue on a "Z" give themselves away by
/// their shape: dashes in the clock (`T13-19-56Z`), a space before the `T`
/// (`2015-11-05 T10:08:58Z`), an offset followed by `Z` (`+07:00Z`).
pub(super) fn parse_stamp(raw: &str) -> Option<Published> {
    let s = raw.trim();
    let bytes = s.as_bytes();
    let dashed_clock = bytes.windows(9).position(|w| {
        w[0] == b'T'
            && w[1..3].iter().all(u8::is_ascii_digit)
            && w[3] == b'-'
            && w[4..6].iter().all(u8::is_ascii_digit)
            && w[6] == b'-'
            && w[7..9].iter().all(u8::is_ascii_digit)
    });
    if let Some(at) = dashed_clock {
        let mut fixed = s.to_string();
        fixed.replace_range(at + 3..at + 4, ":");
        fixed.replace_range(at + 6..at + 7, ":");
        return parse_date(fixed.trim_end_matches(['Z', 'z']));
    }
    if s.contains(" T") {
        return parse_date(s.replacen(" T", "T", 1).trim_end_matches(['Z', 'z']));
    }
    parse_date(s)
}

/// The calendar day in WIB, the day the archives file an article under.
fn wib_day(p: &Published) -> chrono::NaiveDate {
    let secs = p.timestamp_utc() + i64::from(WIB_OFFSET_MINUTES) * 60;
    chrono::DateTime::from_timestamp(secs, 0).map_or(p.date, |d| d.naive_utc().date())
}

fn choose_date(
    doc: &Html,
    ld: &LinkedData,
    metas: &HashMap<String, String>,
    lines: &[Line],
    headline_at: usize,
    url: Option<&str>,
) -> Option<Published> {
    let stamped = ld
        .date
        .as_deref()
        .and_then(parse_stamp)
        .or_else(|| {
            DATE_META_KEYS
                .iter()
                .find_map(|k| metas.get(*k).and_then(|v| parse_stamp(v)))
        })
        .or_else(|| {
            doc.select(&selector("time[datetime]"))
                .find_map(|t| t.value().attr("datetime").and_then(parse_stamp))
        });
    let shown = shown_date(lines, headline_at);
    match (stamped, shown) {
        // A page that shows a different day beside its headline than its metadata
        // says was mislabelled: readers saw the page's day.
        (Some(s), Some(v)) if v.time.is_some() && wib_day(&s) != wib_day(&v) => Some(v),
        (Some(s), _) => Some(s),
        (None, Some(v)) => Some(v),
        (None, None) => url.and_then(date_in_url),
    }
}

/// The date line nearest the headline, one with a time first.
fn shown_date(lines: &[Line], headline_at: usize) -> Option<Published> {
    let mut dated: Vec<(usize, bool, Published)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i.abs_diff(headline_at) > DATE_LINE_REACH
            || line.text.chars().count() > MAX_META_LINE_CHARS
            || !has_year(&line.text)
        {
            continue;
        }
        if let Some(p) = parse_shown_date(&line.text) {
            dated.push((i.abs_diff(headline_at), i < headline_at, p));
        }
    }
    // With a time first, then nearest, then below the headline rather than above.
    dated.sort_by_key(|(distance, above, p)| (p.time.is_none(), *distance, *above));
    dated.first().map(|(_, _, p)| *p)
}

/// A line that is a date and little else: "Kamis, 5 November 2015 - 15:56 WIB",
/// "on 16 Feb 2016 at 09:10 WIB", not a linked headline with its date.
pub(super) fn parse_shown_date(line: &str) -> Option<Published> {
    const DATE_WORDS: &[&str] = &[
        "senin",
        "selasa",
        "rabu",
        "kamis",
        "jumat",
        "jum",
        "at",
        "sabtu",
        "minggu",
        "ahad",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "pukul",
        "jam",
        "on",
        "wib",
        "wita",
        "wit",
        "utc",
        "gmt",
        "diterbitkan",
        "dipublikasikan",
        "published",
        "terbit",
        "diperbarui",
        "updated",
        "update",
        "tanggal",
        "waktu",
    ];
    let other_words = line
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !DATE_WORDS.contains(&w.as_str()) && month_number(w).is_none())
        .count();
    if other_words > 2 {
        return None;
    }
    // "2015 - 15:56": the dash parts a date from its time, it does not join two numbers.
    parse_date(&line.replace(" - ", " "))
}

fn has_year(s: &str) -> bool {
    s.split(|c: char| !c.is_ascii_digit())
        .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")))
}

/// "/read/2015/11/04/21040031/..." → 2015-11-04.
fn date_in_url(url: &str) -> Option<Published> {
    let parts: Vec<&str> = url.split('/').collect();
    parts.windows(3).find_map(|w| {
        let all_digits = |s: &str, lens: &[usize]| {
            lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if all_digits(w[0], &[4]) && all_digits(w[1], &[1, 2]) && all_digits(w[2], &[1, 2]) {
            parse_date(&format!("{}-{:0>2}-{:0>2}", w[0], w[1], w[2]))
        } else {
            None
        }
    })
}
