//! JSON-LD article metadata in saved web pages.
//!
//! This owns reading `<script type="application/ld+json">` blocks and picking
//! the `NewsArticle` (or other article type) in them, whether it stands
//! alone, sits in an array, or hides in an `@graph`. It does not look at the
//! rest of the page; `html` does that and prefers what is found here.

use scraper::Html;
use serde_json::{Map, Value};

use super::html::selector;

/// The article fields JSON-LD can give, as plain strings.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LinkedData {
    pub headline: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub body: Option<String>,
}

/// Article types in order of preference; a news article beats a generic web page.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "Article",
    "BlogPosting",
    "Report",
    "WebPage",
];

/// The best article object across all JSON-LD blocks of the page.
pub fn read_json_ld(doc: &Html) -> LinkedData {
    let mut best: Option<(usize, Map<String, Value>)> = None;
    for script in doc.select(&selector(r#"script[type="application/ld+json"]"#)) {
        let raw: String = script.text().collect();
        // Some sites leave a trailing semicolon or HTML comment markers around the JSON.
        let raw = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .trim_end_matches(';');
        let Ok(value) = serde_json::from_str::<Value>(raw) else {
            continue;
        };
        let mut stack = vec![value];
        while let Some(value) = stack.pop() {
            match value {
                Value::Array(items) => stack.extend(items),
                Value::Object(mut obj) => {
                    if let Some(graph) = obj.remove("@graph") {
                        stack.push(graph);
                    }
                    if let Some(rank) = type_rank(&obj) {
                        if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                            best = Some((rank, obj));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    best.map(|(_, obj)| linked_data(&obj)).unwrap_or_default()
}

fn type_rank(obj: &Map<String, Value>) -> Option<usize> {
    let types: Vec<&str> = match obj.get("@type")? {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    types
        .iter()
        .filter_map(|t| ARTICLE_TYPES.iter().position(|a| a == t))
        .min()
}

fn linked_data(obj: &Map<String, Value>) -> LinkedData {
    let text = |key: &str| {
        obj.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    LinkedData {
        headline: text("headline").or_else(|| text("name")),
        date: text("datePublished").or_else(|| text("dateCreated")),
        author: obj.get("author").and_then(names),
        publisher: obj.get("publisher").and_then(names),
        url: text("url").or_else(|| match obj.get("mainEntityOfPage") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Object(o)) => o.get("@id").and_then(Value::as_str).map(str::to_string),
            _ => None,
        }),
        body: text("articleBody"),
    }
}

/// "Ani", {"name": "Ani"}, or a list of those, as "Ani, Budi".
fn names(value: &Value) -> Option<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string()),
        _ => None,
    };
    let all: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    };
    let joined = all
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    (!joined.is_empty()).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ld(script: &str) -> LinkedData {
        read_json_ld(&Html::parse_document(&format!(
            r#"<html><head><script type="application/ld+json">{script}</script></head><body></body></html>"#
        )))
    }

    #[test]
    fn json_ld_shapes() {
        let graph = ld(
            r#"{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"Halaman"},
            {"@type":"NewsArticle","headline":"Judul","datePublished":"2019-09-16T10:15:00+07:00",
             "author":[{"@type":"Person","name":"Ani"},{"name":"Budi"}],"publisher":{"@type":"Organization","name":"Kompas.com"},
             "mainEntityOfPage":{"@id":"https://x.id/a"}}]}"#,
        );
        assert_eq!(graph.headline.as_deref(), Some("Judul"));
        assert_eq!(graph.author.as_deref(), Some("Ani, Budi"));
        assert_eq!(graph.publisher.as_deref(), Some("Kompas.com"));
        assert_eq!(graph.url.as_deref(), Some("https://x.id/a"));

        let array = ld(
            r#"[{"@type":"BreadcrumbList"},{"@type":["NewsArticle"],"headline":"B","author":"Sri"}];"#,
        );
        assert_eq!(
            (array.headline.as_deref(), array.author.as_deref()),
            (Some("B"), Some("Sri"))
        );

        assert_eq!(ld("{not json"), LinkedData::default());
        assert_eq!(
            ld(&format!("{}{}", "[".repeat(3000), "]".repeat(3000))),
            LinkedData::default()
        );
    }
}
