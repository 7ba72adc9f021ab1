//! Saved news pages (`.html`, `.htm`).
//!
//! This owns finding the article inside a whole web page: metadata from
//! JSON-LD (`NewsArticle`, also inside `@graph` or arrays), Open Graph and
//! other `<meta>` tags, `<time>`, `<link rel=canonical>`, `<title>` and `<h1>`;
//! and the body from the element that holds the story, without navigation,
//! scripts, asides or "Baca juga" boxes. The text found goes to `assemble`.
//! Pages are walked without recursion, so deep nesting cannot overflow.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Node, Selector};

use super::assemble::{article_from_text, Meta};
use super::date::parse_date;
use super::html_ld::{read_json_ld, LinkedData};
use super::source::{canonical_source, looks_like_outlet};
use super::Article;

/// Containers news sites put the story in, most specific first.
const BODY_SELECTORS: &[&str] = &[
    "[itemprop=articleBody]",
    ".detail__body-text",
    ".read__content",
    ".detail-text",
    ".txt-article",
    ".article-content-body",
    ".entry-content",
    ".post-content",
    ".article-body",
    ".content-detail",
    "#article-body",
    "article",
    "main",
];
/// A container with less text than this is probably a teaser; look further.
const MIN_BODY_CHARS: usize = 200;

/// Elements whose text is never article prose.
const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "figure",
    "figcaption",
    "select",
    "template",
    "object",
    "embed",
    "video",
    "audio",
    "canvas",
    "textarea",
];
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "section",
    "article",
    "tr",
    "table",
    "pre",
    "dd",
    "dt",
    "dl",
    "hr",
    "main",
    "td",
];
/// Class or id fragments of boxes that are not the story.
const NOISE_FRAGMENTS: &[&str] = &[
    "baca-juga",
    "bacajuga",
    "baca_juga",
    "related",
    "terkait",
    "share",
    "social",
    "advert",
    "comment",
    "newsletter",
    "promo",
    "recommend",
    "breadcrumb",
    "sidebar",
];
const NOISE_TOKENS: &[&str] = &[
    "ads", "ad", "iklan", "nav", "navbar", "menu", "footer", "header", "tags", "tag",
];
const RELATED_FRAGMENTS: &[&str] = &["baca-juga", "bacajuga", "baca_juga", "related", "terkait"];

/// Real pages nest a few dozen deep; the HTML parser slows quadratically with depth.
const MAX_NESTING: usize = 4_000;

/// Reads one saved news page.
pub fn parse_html(text: &str) -> Result<Article, String> {
    if estimated_depth(text) > MAX_NESTING {
        return Err(format!(
            "page nested too deeply (over {MAX_NESTING} elements) to be a news page"
        ));
    }
    let doc = Html::parse_document(text);
    let ld = read_json_ld(&doc);
    let metas = meta_tags(&doc);
    let meta = page_meta(&doc, &ld, &metas);
    let (body, box_related) = match article_text(&doc) {
        Some(found) => found,
        None => match ld.body.as_deref().filter(|b| !b.trim().is_empty()) {
            Some(body) => (body.to_string(), Vec::new()),
            None => return Err("no article text found".to_string()),
        },
    };
    let mut article = article_from_text(&body, meta)?;
    for headline in box_related {
        if !article.related.contains(&headline) {
            article.related.push(headline);
        }
    }
    Ok(article)
}

/// Deepest element nesting, counted from tags alone. Tags the parser closes by
/// itself (`<p>`, `<li>`, void elements) are not counted, so this never
/// overstates the depth of an ordinary page by much.
fn estimated_depth(text: &str) -> usize {
    const SELF_CLOSING: &[&str] = &[
        "p", "li", "td", "tr", "th", "dt", "dd", "option", "br", "img", "meta", "link", "input",
        "hr", "wbr", "source", "area", "base", "col", "embed", "param", "track",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let bytes = text.as_bytes();
    for (i, _) in bytes.iter().enumerate().filter(|&(_, &b)| b == b'<') {
        let rest = &bytes[i + 1..];
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name =
            String::from_utf8_lossy(&rest[name_start..name_start + name_len]).to_ascii_lowercase();
        if SELF_CLOSING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
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

fn page_meta(doc: &Html, ld: &LinkedData, metas: &HashMap<String, String>) -> Meta {
    let get = |keys: &[&str]| keys.iter().find_map(|k| metas.get(*k).cloned());
    let first_text = |css: &str| {
        doc.select(&selector(css))
            .map(|el| squash(&el.text().collect::<String>()))
            .find(|t| !t.is_empty())
    };
    let title = ld
        .headline
        .clone()
        .or_else(|| get(&["og:title", "twitter:title"]))
        .or_else(|| first_text("h1"))
        .or_else(|| first_text("title").map(|t| without_site_suffix(&t)));
    let date = ld
        .date
        .as_deref()
        .and_then(parse_date)
        .or_else(|| {
            [
                "article:published_time",
                "pubdate",
                "publishdate",
                "datepublished",
                "content_publisheddate",
                "dc.date",
                "date",
                "og:updated_time",
            ]
            .iter()
            .find_map(|k| metas.get(*k).and_then(|v| parse_date(v)))
        })
        .or_else(|| {
            doc.select(&selector("time[datetime]"))
                .find_map(|t| t.value().attr("datetime").and_then(parse_date))
        });
    let source = ld
        .publisher
        .clone()
        .or_else(|| get(&["og:site_name", "application-name"]));
    let author = ld
        .author
        .clone()
        .or_else(|| get(&["author", "content_author", "dc.creator"]))
        .or_else(|| get(&["article:author"]).filter(|a| !a.starts_with("http")));
    let canonical = doc
        .select(&selector("link[rel=canonical]"))
        .find_map(|l| l.value().attr("href").map(str::to_string));
    Meta {
        id: None,
        title,
        date,
        source: source.map(|s| canonical_source(&s)),
        author,
        url: ld.url.clone().or(canonical).or_else(|| get(&["og:url"])),
    }
}

/// "Judul Berita - Kompas.com" without the outlet's name.
fn without_site_suffix(title: &str) -> String {
    for sep in [" | ", " - ", " – "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if looks_like_outlet(tail) {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

pub(super) fn selector(css: &str) -> Selector {
    // Every selector passed here is a literal in this file and known to parse.
    Selector::parse(css)
        .unwrap_or_else(|_| Selector::parse("*").expect("universal selector parses"))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The story's text (lines) and the headlines of any related-links boxes inside it.
fn article_text(doc: &Html) -> Option<(String, Vec<String>)> {
    let mut fallback = None;
    for css in BODY_SELECTORS {
        for el in doc.select(&selector(css)) {
            let (text, related) = text_of(el);
            let chars = text.chars().filter(|c| !c.is_whitespace()).count();
            if chars >= MIN_BODY_CHARS {
                return Some((text, related));
            }
            if chars > 0 && fallback.is_none() {
                fallback = Some((text, related));
            }
        }
    }
    densest_paragraphs(doc)
        .map(text_of)
        .filter(|(t, _)| !t.trim().is_empty())
        .or(fallback)
}

/// The element whose own `<p>` children hold the most text.
fn densest_paragraphs(doc: &Html) -> Option<ElementRef<'_>> {
    let mut totals = HashMap::new();
    for p in doc.select(&selector("p")) {
        if p.ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| SKIP_TAGS.contains(&a.value().name()) || is_noise(a.value()))
        {
            continue;
        }
        let len = p.text().map(|t| t.trim().len()).sum::<usize>();
        if let Some(parent) = p.parent() {
            *totals.entry(parent.id()).or_insert(0usize) += len;
        }
    }
    let (best, len) = totals
        .into_iter()
        .max_by_key(|&(id, len)| (len, std::cmp::Reverse(id)))?;
    if len == 0 {
        return None;
    }
    doc.tree.get(best).and_then(ElementRef::wrap)
}

fn is_noise(el: &scraper::node::Element) -> bool {
    let names = el
        .attr("class")
        .into_iter()
        .chain(el.attr("id"))
        .flat_map(str::split_whitespace);
    names.map(str::to_lowercase).any(|name| {
        NOISE_TOKENS.contains(&name.as_str()) || NOISE_FRAGMENTS.iter().any(|f| name.contains(f))
    })
}

fn is_related_box(el: &scraper::node::Element) -> bool {
    let names = el
        .attr("class")
        .into_iter()
        .chain(el.attr("id"))
        .flat_map(str::split_whitespace);
    names
        .map(str::to_lowercase)
        .any(|name| RELATED_FRAGMENTS.iter().any(|f| name.contains(f)))
}

/// Text of `root` with one line per block element, skipping non-prose elements.
fn text_of(root: ElementRef<'_>) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut related = Vec::new();
    // `None` on the stack closes a block element with a line break.
    let mut stack: Vec<_> = root.children().rev().map(Some).collect();
    while let Some(step) = stack.pop() {
        let Some(node) = step else {
            out.push('\n');
            continue;
        };
        match node.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(el) => {
                let name = el.name();
                if name == "br" {
                    out.push('\n');
                    continue;
                }
                if SKIP_TAGS.contains(&name) {
                    continue;
                }
                if is_noise(el) {
                    if is_related_box(el) {
                        let links = ElementRef::wrap(node)
                            .into_iter()
                            .flat_map(|e| e.select(&selector("a")).collect::<Vec<_>>());
                        related.extend(
                            links
                                .map(|a| squash(&a.text().collect::<String>()))
                                .filter(|t| !t.is_empty()),
                        );
                    }
                    continue;
                }
                let block = BLOCK_TAGS.contains(&name);
                if block {
                    out.push('\n');
                    stack.push(None);
                }
                stack.extend(node.children().rev().map(Some));
            }
            _ => {}
        }
    }
    (out, related)
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
