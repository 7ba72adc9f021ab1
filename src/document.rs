//! The tantivy document of one article: every declared field filled from the parsed
//! article and the file it came from (derived ids, the lede, the outlet from the
//! folders, the day in the outlet's zone, duplicate fingerprints).

use tantivy::schema::{Field, Schema};
use tantivy::{DateTime, TantivyDocument};

use crate::discover::Candidate;
use crate::duplicates::{self, SignatureKind};
use crate::parse::{known_outlet, Article, Published, WIB_OFFSET_MINUTES};
use crate::schema::{SchemaDecl, Source};

/// The path the index records for a file: absolute, so that it means the same from
/// any working directory and `dir` and `./dir` are one file.
pub fn display_path(file: &Candidate) -> String {
    file.absolute.to_string_lossy().into_owned()
}

/// A stable id for an article without one of its own: its file's path below the
/// indexed folder, and its line in a JSON Lines file.
pub fn derived_id(file: &Candidate, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{}:{line}", file.relative),
        None => file.relative.clone(),
    }
}

/// A lede is cut at the first character at or past this many bytes.
pub const LEDE_MAX_BYTES: usize = 400;

/// The first sentences of a body, which restate the headline in news writing.
pub fn lede(body: &str) -> &str {
    const MAX: usize = LEDE_MAX_BYTES;
    let mut sentences = 0;
    for (i, c) in body.char_indices() {
        if i >= MAX {
            return &body[..i];
        }
        if matches!(c, '.' | '!' | '?' | '\n') {
            let next = body[i + c.len_utf8()..].chars().next();
            if next.is_none_or(|n| n.is_whitespace() || n == ',') {
                sentences += 1;
                if sentences == 2 {
                    return &body[..i + c.len_utf8()];
                }
            }
        }
    }
    body
}

/// A number that sorts like the id (its first eight bytes), which orders equal scores
/// the same way on every run: alphabetically, as far as eight bytes tell.
pub fn id_key(id: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (slot, b) in bytes.iter_mut().zip(id.bytes()) {
        *slot = b;
    }
    u64::from_be_bytes(bytes)
}

/// Fills documents from articles, as the declaration maps attributes to fields.
pub struct DocBuilder {
    plan: Vec<(Field, Source)>,
    /// The signature this index's articles carry (its schema version says which).
    signatures: SignatureKind,
    pub path_field: Field,
}

impl DocBuilder {
    pub fn new(decl: &SchemaDecl, schema: &Schema) -> DocBuilder {
        let mut plan: Vec<(Field, Source)> = decl
            .fields
            .iter()
            // An inline twin's terms come with its field's.
            .filter(|f| !f.inline)
            .map(|f| {
                (
                    schema
                        .get_field(&f.name)
                        .expect("built from this declaration"),
                    f.from,
                )
            })
            .collect();
        if crate::schema::body_stored_last(decl.version) {
            // The store keeps values in the order they are added (tantivy indexes them
            // by field whatever the order): the path, which every article has, and
            // then the body come last, so that a reader can stop before the body.
            let rank = |source: &Source| match source {
                Source::Path => 1,
                Source::Body => 2,
                _ => 0,
            };
            plan.sort_by_key(|(_, source)| rank(source));
        }
        let path_field = schema.get_field("path").expect("a required field");
        DocBuilder {
            plan,
            signatures: SignatureKind::of_version(decl.version),
            path_field,
        }
    }

    pub fn build(&self, article: &Article, file: &Candidate, file_hash: &str) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        let text = |doc: &mut TantivyDocument, field, value: &str| {
            if !value.is_empty() {
                doc.add_text(field, value);
            }
        };
        let date = article.date.as_ref().map(in_outlet_zone);
        let fingerprint = duplicates::fingerprint_with(&article.body, self.signatures);
        let id = article
            .id
            .clone()
            .unwrap_or_else(|| derived_id(file, article.line));
        for &(field, from) in &self.plan {
            match from {
                Source::Id => doc.add_text(field, &id),
                Source::Path => doc.add_text(field, display_path(file)),
                Source::Line => {
                    if let Some(line) = article.line {
                        doc.add_u64(field, line as u64);
                    }
                }
                Source::Title => text(&mut doc, field, &article.title),
                Source::Lede => text(&mut doc, field, lede(&article.body)),
                Source::Body => text(&mut doc, field, &article.body),
                Source::Related => {
                    for headline in &article.related {
                        text(&mut doc, field, headline);
                    }
                }
                Source::Source => {
                    let source = article
                        .source
                        .as_deref()
                        .or_else(|| outlet_from_folders(file));
                    text(&mut doc, field, source.unwrap_or(""))
                }
                Source::Author => text(&mut doc, field, article.author.as_deref().unwrap_or("")),
                Source::Url => text(&mut doc, field, article.url.as_deref().unwrap_or("")),
                Source::Date => {
                    if let Some(date) = &date {
                        doc.add_date(field, DateTime::from_timestamp_secs(date.timestamp_utc()));
                    }
                }
                Source::Day => {
                    if let Some(date) = &date {
                        doc.add_u64(field, day_number(date.date));
                    }
                }
                Source::Published => {
                    if let Some(date) = &date {
                        doc.add_text(field, date.to_rfc3339_or_date());
                    }
                }
                Source::Hash => doc.add_u64(field, fingerprint.hash),
                Source::IdKey => doc.add_u64(field, id_key(&id)),
                Source::Minhash => {
                    if let Some(signature) = &fingerprint.signature {
                        for value in duplicates::signature_values(signature, self.signatures) {
                            doc.add_u64(field, value);
                        }
                    }
                }
                Source::StoryKeys => {
                    for key in duplicates::story_keys(&fingerprint) {
                        doc.add_u64(field, key);
                    }
                }
                Source::FileHash => doc.add_text(field, file_hash),
            }
        }
        doc
    }
}

/// A publication time as the outlet's calendar shows it. A time given in UTC (`…Z`)
/// is a serialisation, not the outlet's zone: Indonesian news is dated in WIB.
pub fn in_outlet_zone(published: &Published) -> Published {
    match published.time {
        Some(time) if published.utc_offset_minutes == 0 => {
            let local = published.date.and_time(time)
                + chrono::Duration::minutes(WIB_OFFSET_MINUTES as i64);
            Published {
                date: local.date(),
                time: Some(local.time()),
                utc_offset_minutes: WIB_OFFSET_MINUTES,
            }
        }
        _ => *published,
    }
}

/// The outlet an archive's folder names, for articles that do not say it themselves
/// (`detik/2019/x.txt`): the innermost folder that is a known outlet.
fn outlet_from_folders(file: &Candidate) -> Option<&'static str> {
    let mut folders: Vec<&str> = file.relative.split('/').collect();
    folders.pop();
    folders.into_iter().rev().find_map(known_outlet)
}

/// A calendar day as the number YYYYMMDD, which sorts and ranges like the day.
pub fn day_number(date: chrono::NaiveDate) -> u64 {
    use chrono::Datelike;
    date.year().max(0) as u64 * 10_000 + date.month() as u64 * 100 + date.day() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lede_is_the_first_two_sentences() {
        let cases = [
            ("Satu. Dua. Tiga.", "Satu. Dua."),
            (
                "Harga Rp 14.030 naik. Lalu turun. Lagi.",
                "Harga Rp 14.030 naik. Lalu turun.",
            ),
            ("Tanpa titik", "Tanpa titik"),
            (
                "Kalimat satu.,Kalimat dua.,Tiga",
                "Kalimat satu.,Kalimat dua.",
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(lede(body), expected, "{body}");
        }
        let long = "kata ".repeat(200);
        assert!(lede(&long).len() <= 400);
    }

    #[test]
    fn utc_times_are_shown_in_wib() {
        let d = chrono::NaiveDate::from_ymd_opt(2019, 10, 31).unwrap();
        let t = chrono::NaiveTime::from_hms_opt(17, 10, 0).unwrap();
        let utc = Published {
            date: d,
            time: Some(t),
            utc_offset_minutes: 0,
        };
        assert_eq!(
            in_outlet_zone(&utc).to_rfc3339_or_date(),
            "2019-11-01T00:10:00+07:00"
        );
        let wita = Published {
            utc_offset_minutes: 480,
            ..utc
        };
        assert_eq!(in_outlet_zone(&wita), wita);
        let date_only = Published {
            date: d,
            time: None,
            utc_offset_minutes: 0,
        };
        assert_eq!(in_outlet_zone(&date_only), date_only);
    }

    #[test]
    fn id_keys_sort_like_ids() {
        let mut ids = ["kompas-00017", "detik-00001", "fx-15", "fx-13", "a"];
        ids.sort_by_key(|id| id_key(id));
        assert_eq!(ids, ["a", "detik-00001", "fx-13", "fx-15", "kompas-00017"]);
    }

    /// Version 3 stores every other value first, then the path, then the body (so that
    /// a hit without a snippet is read up to its path); version 2 keeps the declared
    /// order, the path near the front and the body among the fields.
    #[test]
    fn version_three_stores_the_path_and_then_the_body_last() {
        let article = Article {
            id: Some("a-1".into()),
            title: "Gempa guncang Ambon".into(),
            source: Some("Kompas.com".into()),
            author: Some("Rahmat".into()),
            url: Some("https://kompas.com/a".into()),
            body: "Gempa mengguncang Ambon pada Kamis pagi.".into(),
            date: Some(Published {
                date: chrono::NaiveDate::from_ymd_opt(2019, 9, 26).unwrap(),
                time: None,
                utc_offset_minutes: 0,
            }),
            ..Article::default()
        };
        let file = Candidate {
            path: "news.jsonl".into(),
            relative: "news.jsonl".into(),
            absolute: "/arsip/news.jsonl".into(),
            format: crate::parse::Format::JsonLines,
            gzip: false,
            size: 1,
        };
        let stored_order = |version: u32| {
            let text = crate::schema::DEFAULT_SCHEMA
                .replace("\"version\": 4", &format!("\"version\": {version}"));
            let decl = SchemaDecl::parse(&text, "test").unwrap();
            let schema = decl.build();
            let doc = DocBuilder::new(&decl, &schema).build(&article, &file, "h");
            doc.field_values()
                .map(|(field, _)| schema.get_field_name(field).to_string())
                .filter(|name| {
                    schema
                        .get_field_entry(schema.get_field(name).unwrap())
                        .is_stored()
                })
                .collect::<Vec<_>>()
        };
        let v3 = stored_order(3);
        assert_eq!(v3[v3.len() - 2..], ["path", "body"], "{v3:?}");
        assert_eq!(stored_order(4), v3);
        for name in ["id", "title", "source", "author", "url", "published"] {
            assert!(
                v3[..v3.len() - 2].iter().any(|n| n == name),
                "{name}: {v3:?}"
            );
        }
        let v2 = stored_order(2);
        assert_eq!(v2[..2], ["id", "path"], "{v2:?}");
        assert_ne!(v2.last().map(String::as_str), Some("body"), "{v2:?}");
        let (mut sorted2, mut sorted3) = (v2.clone(), v3.clone());
        sorted2.sort();
        sorted3.sort();
        assert_eq!(sorted2, sorted3, "the same values, in another order");
    }

    #[test]
    fn day_numbers() {
        let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(day_number(d(2023, 9, 13)), 20230913);
        assert!(day_number(d(2019, 9, 30)) < day_number(d(2019, 10, 1)));
    }
}
