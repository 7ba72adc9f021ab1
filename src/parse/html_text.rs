//! A whole page as lines of visible text, for finding bylines and date lines.
//!
//! This owns reading every visible line of a page in order (navigation and
//! sidebars included, unlike the story's text in `html_body`), with table
//! cells of one row kept on one line so that `Penulis | : Ani` reads as
//! `Penulis : Ani`. Each line remembers where in the page it starts.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use crate::spacing::normalize_spaces;

use super::html_body::BLOCK_TAGS;

/// Elements whose content is never shown as text.
const HIDDEN_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "title", "select", "textarea",
    "button", "iframe", "object", "embed", "canvas",
];
/// Elements that end a line besides the body's blocks: page furniture that
/// `html_body` skips but a byline or date line may sit in.
const EXTRA_LINE_TAGS: &[&str] = &[
    "header",
    "footer",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "br",
    "address",
];

/// Whether an element ends a line: the body's blocks and the page furniture above,
/// but not table cells, so that the cells of one row stay on one line.
fn ends_line(name: &str) -> bool {
    let cell = matches!(name, "td" | "th");
    (!cell && BLOCK_TAGS.contains(&name)) || EXTRA_LINE_TAGS.contains(&name)
}

/// One visible line of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The text, whitespace squashed.
    pub text: String,
    /// Position of the line's first text in the page's element order.
    pub order: usize,
}

/// Every visible line of the page, in order.
pub fn page_lines(doc: &Html) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut current_order = 0;
    let mut hidden_depth = 0usize;
    let mut order = 0usize;
    let flush = |current: &mut String, at: usize, lines: &mut Vec<Line>| {
        let text = normalize_spaces(current);
        if !text.is_empty() {
            lines.push(Line { text, order: at });
        }
        current.clear();
    };
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                order += 1;
                match node.value() {
                    Node::Element(el) => {
                        let name = el.name();
                        if hidden_depth > 0 || HIDDEN_TAGS.contains(&name) {
                            hidden_depth += 1;
                        } else if ends_line(name) {
                            flush(&mut current, current_order, &mut lines);
                        } else if matches!(name, "td" | "th") {
                            current.push(' ');
                        }
                    }
                    Node::Text(text) if hidden_depth == 0 => {
                        if current.trim().is_empty() {
                            current_order = order;
                        }
                        current.push_str(text);
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if hidden_depth > 0 {
                        hidden_depth -= 1;
                    } else if ends_line(el.name()) {
                        flush(&mut current, current_order, &mut lines);
                    }
                }
            }
        }
    }
    flush(&mut current, current_order, &mut lines);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_lines_and_hidden_text_is_not() {
        let doc = Html::parse_document(
            "<html><head><title>T</title></head><body><script>var a;</script>\
             <table><tr><td>Penulis</td><td>: Ani Lestari</td></tr><tr><td>Editor</td><td>: Budi</td></tr></table>\
             <div class=info><span>Kamis, 5 November 2015</span> <time>10:08 WIB</time></div></body></html>",
        );
        let texts: Vec<String> = page_lines(&doc).into_iter().map(|l| l.text).collect();
        assert_eq!(
            texts,
            [
                "Penulis : Ani Lestari",
                "Editor : Budi",
                "Kamis, 5 November 2015 10:08 WIB"
            ]
        );
    }
}
