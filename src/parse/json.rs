//! JSON and JSON Lines articles.
//!
//! This owns reading article records from a JSON document (one object or an
//! array of them) and from JSON Lines streamed a line at a time, and mapping
//! a record's fields, under their many common names, onto an [`Article`].
//! Field-level cleaning (mojibake, datelines, "Baca juga") happens here too,
//! because JSON bodies keep the scraper's quirks and skip `assemble`.

use std::io::{BufRead, Read};

use serde_json::{Map, Value};

use super::assemble::title_from_lede;
use super::date::{parse_date, parse_time_cell, Published};
use super::dateline::find_dateline;
use super::decode::{decode_line, repair_mojibake};
use super::related::strip_related;
use super::source::canonical_source;
use super::{format, Article, ParseError};
use crate::spacing::normalize_spaces;

const TITLE_FIELDS: &[&str] = &["title", "headline", "judul"];
const BODY_FIELDS: &[&str] = &["body", "content", "text", "article", "articleBody", "isi"];
const DATE_FIELDS: &[&str] = &[
    "date",
    "published",
    "published_at",
    "publishedAt",
    "datePublished",
    "date_published",
    "pubdate",
    "pubDate",
    "publish_date",
    "tanggal",
    "date_raw",
];
const TIME_FIELDS: &[&str] = &["time_raw", "time"];
const SOURCE_FIELDS: &[&str] = &[
    "source",
    "publisher",
    "outlet",
    "site",
    "site_name",
    "media",
    "source_raw",
];
const AUTHOR_FIELDS: &[&str] = &["author", "authors", "penulis", "byline", "reporter"];
const URL_FIELDS: &[&str] = &["url", "link", "canonical_url", "permalink"];
const ID_FIELDS: &[&str] = &["id", "_id", "guid", "uuid"];

/// Reads a `.json` file: one article object, an array of them, or (misnamed) JSON Lines.
pub fn read_json_document(
    text: &str,
    sink: &mut dyn FnMut(Result<Article, ParseError>),
) -> Result<(), ParseError> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) if e.to_string().starts_with("trailing characters") => {
            return read_json_lines(text.as_bytes(), false, sink);
        }
        Err(e) => {
            return Err(ParseError {
                line: Some(e.line()),
                message: json_error_message(&e),
            })
        }
    };
    match value {
        Value::Array(items) => {
            for (k, item) in items.into_iter().enumerate() {
                sink(
                    article_from_value(item)
                        .map_err(|m| ParseError::new(format!("item {}: {m}", k + 1))),
                );
            }
        }
        Value::Object(_) => sink(article_from_value(value).map_err(ParseError::new)),
        other => {
            return Err(ParseError::new(format!(
                "expected an article object or an array of them, found {}",
                kind(&other)
            )))
        }
    }
    Ok(())
}

/// Streams JSON Lines: every non-blank line is one record, reported with its line number.
pub fn read_json_lines<R: BufRead>(
    mut reader: R,
    gzip: bool,
    sink: &mut dyn FnMut(Result<Article, ParseError>),
) -> Result<(), ParseError> {
    let mut buf = Vec::new();
    let (mut line_no, mut records) = (0usize, 0usize);
    loop {
        buf.clear();
        match read_line_capped(&mut reader, &mut buf) {
            Ok(Line::End) => break,
            Ok(Line::Read) => line_no += 1,
            Ok(Line::TooLong) => {
                line_no += 1;
                records += 1;
                sink(Err(ParseError::at_line(line_no, format::too_large("line"))));
                continue;
            }
            Err(e) => {
                let what = if gzip { "corrupt gzip" } else { "read error" };
                if line_no == 0 {
                    return Err(ParseError::new(format!("{what}: {e}")));
                }
                // The lines already read were good; say where the stream broke and stop.
                sink(Err(ParseError::at_line(
                    line_no + 1,
                    format!("{what}: {e}"),
                )));
                return Ok(());
            }
        }
        let bytes = if line_no == 1 {
            buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf)
        } else {
            &buf[..]
        };
        let line = decode_line(bytes);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        records += 1;
        if line.contains('\0') {
            sink(Err(ParseError::at_line(
                line_no,
                "binary data (NUL bytes) in line",
            )));
            continue;
        }
        let record = match serde_json::from_str::<Value>(line) {
            Ok(value) => article_from_value(value).map(|a| Article {
                line: Some(line_no),
                ..a
            }),
            Err(e) => Err(json_error_message(&e)),
        };
        sink(record.map_err(|m| ParseError::at_line(line_no, m)));
    }
    match (line_no, records) {
        (0, _) => Err(ParseError::new("empty file")),
        (_, 0) => Err(ParseError::new("file holds only whitespace")),
        _ => Ok(()),
    }
}

enum Line {
    Read,
    TooLong,
    End,
}

/// Reads one line into `buf`, at most [`format::MAX_TEXT_BYTES`] of it; the rest of a
/// longer line is read past without keeping it.
fn read_line_capped<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>) -> std::io::Result<Line> {
    let limit = format::MAX_TEXT_BYTES as u64 + 1;
    if reader.by_ref().take(limit).read_until(b'\n', buf)? == 0 {
        return Ok(Line::End);
    }
    if buf.len() <= format::MAX_TEXT_BYTES || buf.ends_with(b"\n") {
        return Ok(Line::Read);
    }
    buf.clear();
    buf.shrink_to(64 * 1024);
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(Line::TooLong);
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(at) => {
                reader.consume(at + 1);
                return Ok(Line::TooLong);
            }
            None => {
                let n = chunk.len();
                reader.consume(n);
            }
        }
    }
}

/// serde_json's message with its position given as "column N" (the line is reported apart).
fn json_error_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    format!("invalid JSON at column {}: {message}", e.column())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The first of `names` present (and not null) in `obj`, with the name used.
fn field<'a>(
    obj: &'a Map<String, Value>,
    names: &[&'static str],
) -> Option<(&'static str, &'a Value)> {
    names
        .iter()
        .find_map(|&name| obj.get(name).filter(|v| !v.is_null()).map(|v| (name, v)))
}

fn wrong_type(name: &str, want: &str, got: &Value) -> String {
    format!("field \"{name}\" must be {want}, found {}", kind(got))
}

/// A text field: a string (numbers allowed where `numbers_ok`, e.g. ids).
fn text_field(
    obj: &Map<String, Value>,
    names: &[&'static str],
    numbers_ok: bool,
) -> Result<Option<String>, String> {
    match field(obj, names) {
        None => Ok(None),
        Some((_, Value::String(s))) => Ok(Some(s.clone())),
        Some((_, Value::Number(n))) if numbers_ok => Ok(Some(n.to_string())),
        Some((name, other)) => Err(wrong_type(name, "text", other)),
    }
}

/// A person or organisation: "name", {"name": ...}, or a list of those joined by ", ".
fn name_field(obj: &Map<String, Value>, names: &[&'static str]) -> Result<Option<String>, String> {
    fn one(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Object(o) => o
                .get("name")
                .and_then(Value::as_str)
                .map(|s| s.trim().to_string()),
            _ => None,
        }
    }
    let Some((name, value)) = field(obj, names) else {
        return Ok(None);
    };
    match value {
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(one).collect();
            Ok(Some(names.join(", ")).filter(|s| !s.is_empty()))
        }
        other => one(other)
            .map(Some)
            .ok_or_else(|| wrong_type(name, "text or a list of names", other)),
    }
}

fn body_field(obj: &Map<String, Value>) -> Result<Option<String>, String> {
    match field(obj, BODY_FIELDS) {
        Some((name, Value::Array(paragraphs))) => {
            let texts: Option<Vec<&str>> = paragraphs.iter().map(Value::as_str).collect();
            texts
                .map(|t| Some(t.join("\n")))
                .ok_or_else(|| format!("field \"{name}\" must be text or a list of paragraphs"))
        }
        _ => text_field(obj, BODY_FIELDS, false),
    }
}

fn date_field(obj: &Map<String, Value>) -> Result<Option<Published>, String> {
    let mut published = None;
    for &name in DATE_FIELDS {
        published = match obj.get(name) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => parse_date(s),
            Some(Value::Number(n)) => {
                let secs = n
                    .as_i64()
                    .ok_or_else(|| format!("field \"{name}\" is not a whole number of seconds"))?;
                // Milliseconds are common in JavaScript exports.
                Published::from_unix_seconds(if secs.unsigned_abs() > 100_000_000_000 {
                    secs / 1000
                } else {
                    secs
                })
            }
            Some(other) => return Err(wrong_type(name, "a date string or Unix seconds", other)),
        };
        if published.is_some() {
            break;
        }
    }
    let Some(mut published) = published else {
        return Ok(None);
    };
    if published.time.is_none() {
        if let Some(cell) = TIME_FIELDS
            .iter()
            .find_map(|&n| obj.get(n).and_then(Value::as_str))
        {
            if let Some((time, offset)) = parse_time_cell(cell) {
                published.time = Some(time);
                published.utc_offset_minutes = offset.unwrap_or(published.utc_offset_minutes);
            }
        }
    }
    Ok(Some(published))
}

/// Maps one JSON record onto an article.
pub fn article_from_value(value: Value) -> Result<Article, String> {
    let Value::Object(obj) = value else {
        return Err(format!(
            "expected an article object, found {}",
            kind(&value)
        ));
    };
    let title =
        text_field(&obj, TITLE_FIELDS, false)?.map(|t| normalize_spaces(&repair_mojibake(&t)));
    let raw_body = body_field(&obj)?;
    let date = date_field(&obj)?;
    let mut source = name_field(&obj, SOURCE_FIELDS)?.map(|s| canonical_source(&s));
    let mut author = name_field(&obj, AUTHOR_FIELDS)?;
    let url = text_field(&obj, URL_FIELDS, false)?;
    let id = text_field(&obj, ID_FIELDS, true)?;

    let (body, related) = match raw_body {
        Some(raw) => clean_body(&raw, &mut source),
        None => (String::new(), Vec::new()),
    };
    let title = match title.filter(|t| !t.is_empty()) {
        Some(t) => t,
        None if body.is_empty() => return Err("no title or body".to_string()),
        None => title_from_lede(body.lines().next().unwrap_or("")),
    };
    if author.is_none() {
        author = byline_in_body(&body);
    }
    Ok(Article {
        id,
        title,
        date,
        source,
        author,
        url,
        body,
        related,
        line: None,
    })
}

/// Mojibake repaired, a leading dateline (or its remnant) cut, cross-links taken out.
fn clean_body(raw: &str, source: &mut Option<String>) -> (String, Vec<String>) {
    let repaired = repair_mojibake(raw);
    let mut text = repaired.trim_start();
    if let Some(dateline) = find_dateline(text) {
        if source.is_none() {
            *source = dateline.source;
        }
        text = &text[dateline.rest_at..];
    }
    let (body, related) = strip_related(text);
    // Leading and trailing commas are empty paragraphs the scraper joined in.
    let trimmed = body.trim_matches(|c: char| c == ',' || c.is_whitespace());
    (trimmed.to_string(), related)
}

/// A "Penulis: Name" credit near the end of a comma-joined body.
fn byline_in_body(body: &str) -> Option<String> {
    let tail_start = body.char_indices().rev().nth(300).map_or(0, |(i, _)| i);
    let tail = &body[tail_start..];
    let at = tail.rfind("Penulis")?;
    let after = tail[at + "Penulis".len()..]
        .trim_start()
        .strip_prefix(':')?;
    let name = after.split([',', '\n', '/', ')']).next()?.trim();
    (!name.is_empty() && name.chars().count() <= 60).then(|| name.to_string())
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
