//! Saved news pages (`.html`, `.htm`).
//!
//! This owns reading one page: refusing pages nested too deeply to be news,
//! then handing the parsed document to the parts that know the page's
//! pieces: `html_ld` (JSON-LD), `html_meta` (title, date, author, outlet
//! chosen among metadata, headings and bylines, with `html_byline` finding
//! the writer), `html_body` (the story's
//! text by block scoring) and `html_text` (the page as lines). The text found
//! goes to `assemble`. Pages are walked without recursion, so deep nesting
//! cannot overflow.

use scraper::{Html, Selector};

use super::assemble::article_from_text;
use super::html_body::story;
use super::html_ld::read_json_ld;
use super::html_meta::page_meta;
use super::Article;

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
    let meta = page_meta(&doc, &ld);
    let (body, box_related) = match story(&doc) {
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

pub(super) fn selector(css: &str) -> Selector {
    // Every selector passed here is a literal in this file and known to parse.
    Selector::parse(css)
        .unwrap_or_else(|_| Selector::parse("*").expect("universal selector parses"))
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "html_trap_tests.rs"]
mod trap_tests;
