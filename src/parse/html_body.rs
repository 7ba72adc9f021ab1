//! Finding the story inside a whole web page by scoring its blocks.
//!
//! This owns main-content extraction in the Readability family (Arc90's
//! Readability, Mozilla's readability.js): every paragraph-sized block earns
//! points for its length and commas, which go to its container and, at half
//! weight, the container's parent; a container's total is cut by the share of
//! its text that sits in links and nudged by class names that say "story" or
//! "sidebar". The best container wins, with any sibling that scores nearly as
//! well (stories split over several `<div>`s). Its text is then read without
//! the boxes inside it that are not prose: captions, bylines, share buttons,
//! link lists, "Baca juga" boxes. No outlet's markup is named here.
//! Metadata (title, date, author) is read in `html_meta`.

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};

use crate::spacing::normalize_spaces;

/// Elements whose text is never article prose.
pub(super) const SKIP_TAGS: &[&str] = &[
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
    "head",
    "title",
];
/// Elements that start a new line of text.
pub(super) const BLOCK_TAGS: &[&str] = &[
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
    "th",
    "center",
];
/// Blocks that are one paragraph: their points go to the container around them.
const PARAGRAPH_TAGS: &[&str] = &["p", "pre", "blockquote", "li", "dd", "h2", "h3", "h4"];
/// Blocks that may hold a whole list of links; read only when mostly not links.
const LIST_TAGS: &[&str] = &["div", "ul", "ol", "table", "section", "dl", "tbody", "span"];

/// Class and id words of story containers.
const POSITIVE_WORDS: &[&str] = &[
    "article", "artikel", "body", "content", "konten", "entry", "main", "post", "text", "story",
    "isi", "berita", "detail", "read", "baca",
];
/// Class and id words of everything around a story.
const NEGATIVE_WORDS: &[&str] = &[
    "comment",
    "komentar",
    "footer",
    "foot",
    "sidebar",
    "side",
    "related",
    "terkait",
    "share",
    "social",
    "sosmed",
    "widget",
    "promo",
    "sponsor",
    "banner",
    "ads",
    "ad",
    "iklan",
    "advert",
    "menu",
    "nav",
    "navbar",
    "breadcrumb",
    "popular",
    "populer",
    "terpopuler",
    "rekomendasi",
    "recommend",
    "tags",
    "tag",
    "topik",
    "masthead",
    "header",
    "copyright",
    "lainnya",
    "hidden",
];
/// Class and id words of boxes inside a story that are not its prose.
const NOISE_WORDS: &[&str] = &[
    "caption",
    "cap",
    "credit",
    "copyright",
    "foto",
    "photo",
    "img",
    "image",
    "pic",
    "picture",
    "gallery",
    "video",
    "thumb",
    "tag",
    "tags",
    "topik",
    "author",
    "byline",
    "reporter",
    "penulis",
    "editor",
    "date",
    "datetime",
    "time",
    "share",
    "sosmed",
    "social",
    "related",
    "terkait",
    "bacajuga",
    "comment",
    "komentar",
    "ads",
    "ad",
    "iklan",
    "advert",
    "advertisement",
    "banner",
    "nav",
    "menu",
    "footer",
    "header",
    "sidebar",
    "widget",
    "promo",
    "newsletter",
    "subscribe",
    "populer",
    "terpopuler",
    "popular",
    "rekomendasi",
    "recommend",
    "breadcrumb",
    "quote",
    "pullquote",
    "loadmore",
    "more",
    "paging",
    "pagination",
    "hidden",
    "title",
    "jdl",
    "judul",
];
/// Class and id words of "Baca juga" and related-links boxes; their links are kept as related.
const RELATED_WORDS: &[&str] = &["related", "terkait", "bacajuga", "baca"];

/// Paragraphs shorter than this (in characters) score nothing.
const MIN_PARAGRAPH_CHARS: usize = 25;
/// A block with more of its text in links than this is a link list.
const MAX_LINK_DENSITY: f64 = 0.5;

/// Per-element text counts, gathered in one pass over the page.
#[derive(Default, Clone, Copy)]
struct Counts {
    /// Characters of visible text inside, links included.
    text: usize,
    /// Of those, characters inside `<a>`.
    link: usize,
    /// Commas inside (Indonesian and English prose both use them).
    commas: usize,
}

impl Counts {
    fn link_density(&self) -> f64 {
        if self.text == 0 {
            return 0.0;
        }
        self.link as f64 / self.text as f64
    }
}

/// The page's text counts, per element and per paragraph block.
struct PageCounts {
    /// Everything inside each element.
    total: HashMap<NodeId, Counts>,
    /// Text whose nearest block ancestor is the element (its own paragraph text).
    own: HashMap<NodeId, Counts>,
}

/// The story's text (one line per block) and the headlines of related-links
/// boxes inside it; None when no block of the page reads as prose.
pub fn story(doc: &Html) -> Option<(String, Vec<String>)> {
    let counts = count_text(doc);
    let roots = story_elements(doc, &counts)?;
    let mut out = String::new();
    let mut related = Vec::new();
    for root in roots {
        out.push('\n');
        read_block(root, &counts, &mut out, &mut related);
    }
    Some((out, related))
}

/// The elements holding the story, in page order: the best container and its
/// siblings that score nearly as well.
fn story_elements<'a>(doc: &'a Html, counts: &PageCounts) -> Option<Vec<ElementRef<'a>>> {
    let mut scores = score_containers(doc, counts, MIN_PARAGRAPH_CHARS);
    if scores.is_empty() {
        // A page of one or two short lines: any prose block will do.
        scores = score_containers(doc, counts, 1);
    }
    let (&best, &best_score) = scores
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
    if best_score <= 0.0 {
        return None;
    }
    let best_el = ElementRef::wrap(doc.tree.get(best)?)?;
    let Some(parent) = best_el.parent() else {
        return Some(vec![best_el]);
    };
    let threshold = (best_score * 0.2).max(10.0);
    let mut chosen = Vec::new();
    for sibling in parent.children().filter_map(ElementRef::wrap) {
        let id = sibling.id();
        let keep = id == best
            || scores.get(&id).is_some_and(|&s| s >= threshold)
            || (sibling.value().name() == "p" && {
                let c = counts.total.get(&id).copied().unwrap_or_default();
                c.text > 80 && c.link_density() < 0.25
            });
        if keep {
            chosen.push(sibling);
        }
    }
    Some(chosen)
}

/// One pass over the page: characters, link characters and commas per element.
fn count_text(doc: &Html) -> PageCounts {
    let mut hidden: HashMap<NodeId, bool> = HashMap::new();
    let mut in_link: HashMap<NodeId, bool> = HashMap::new();
    let mut total: HashMap<NodeId, Counts> = HashMap::new();
    let mut own: HashMap<NodeId, Counts> = HashMap::new();
    for node in doc.tree.root().descendants() {
        let parent = node.parent().map(|p| p.id());
        let parent_hidden = parent.is_some_and(|p| hidden.get(&p).copied().unwrap_or(false));
        let parent_link = parent.is_some_and(|p| in_link.get(&p).copied().unwrap_or(false));
        match node.value() {
            Node::Element(el) => {
                let name = el.name();
                hidden.insert(node.id(), parent_hidden || SKIP_TAGS.contains(&name));
                in_link.insert(node.id(), parent_link || name == "a");
            }
            Node::Text(text) if !parent_hidden => {
                let chars = text
                    .split_whitespace()
                    .map(|w| w.chars().count() + 1)
                    .sum::<usize>();
                if chars == 0 {
                    continue;
                }
                let add = Counts {
                    text: chars,
                    link: if parent_link { chars } else { 0 },
                    commas: text.matches(',').count(),
                };
                let mut block_seen = false;
                for ancestor in node.ancestors() {
                    let Node::Element(el) = ancestor.value() else {
                        continue;
                    };
                    let c = total.entry(ancestor.id()).or_default();
                    c.text += add.text;
                    c.link += add.link;
                    c.commas += add.commas;
                    if !block_seen && BLOCK_TAGS.contains(&el.name()) {
                        block_seen = true;
                        let o = own.entry(ancestor.id()).or_default();
                        o.text += add.text;
                        o.link += add.link;
                        o.commas += add.commas;
                    }
                }
            }
            _ => {}
        }
    }
    PageCounts { total, own }
}

/// Readability's scores for every element that holds prose.
fn score_containers(doc: &Html, counts: &PageCounts, min_chars: usize) -> HashMap<NodeId, f64> {
    let mut points: HashMap<NodeId, f64> = HashMap::new();
    for (&id, own) in &counts.own {
        if own.text < min_chars || own.link_density() >= MAX_LINK_DENSITY {
            continue;
        }
        let Some(node) = doc.tree.get(id) else {
            continue;
        };
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let name = el.value().name();
        if matches!(name, "h1" | "h5" | "h6" | "td" | "th" | "tr") {
            continue;
        }
        let length_points = own.text as f64 / 100.0;
        let is_paragraph = PARAGRAPH_TAGS.contains(&name);
        // One <p> is one paragraph; a <div> of text broken by <br> may be many.
        let content = 1.0
            + own.commas.min(own.text / 20) as f64
            + if is_paragraph {
                length_points.min(3.0)
            } else {
                length_points
            };
        let (first, second) = if is_paragraph {
            (
                el.parent().and_then(ElementRef::wrap),
                el.parent()
                    .and_then(|p| p.parent())
                    .and_then(ElementRef::wrap),
            )
        } else {
            (Some(el), el.parent().and_then(ElementRef::wrap))
        };
        if let Some(first) = first {
            *points.entry(first.id()).or_insert(0.0) += content;
        }
        if let Some(second) = second {
            *points.entry(second.id()).or_insert(0.0) += content / 2.0;
        }
    }
    points
        .into_iter()
        .filter_map(|(id, content)| {
            let el = ElementRef::wrap(doc.tree.get(id)?)?;
            if SKIP_TAGS.contains(&el.value().name()) {
                return None;
            }
            let density = counts.total.get(&id).map_or(0.0, Counts::link_density);
            Some((
                id,
                (tag_points(el) + class_points(el) + content) * (1.0 - density),
            ))
        })
        .collect()
}

fn tag_points(el: ElementRef<'_>) -> f64 {
    match el.value().name() {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// +25 for a class or id that says "story", -25 for one that says "around the story".
fn class_points(el: ElementRef<'_>) -> f64 {
    let words = name_words(el.value());
    let mut points = 0.0;
    if words.iter().any(|w| NEGATIVE_WORDS.contains(&w.as_str())) {
        points -= 25.0;
    }
    if words.iter().any(|w| POSITIVE_WORDS.contains(&w.as_str())) {
        points += 25.0;
    }
    if el.value().attr("itemprop") == Some("articleBody") {
        points += 50.0;
    }
    points
}

/// The words of an element's class and id: "read__content box-2" → read, content, box.
fn name_words(el: &scraper::node::Element) -> Vec<String> {
    el.attr("class")
        .into_iter()
        .chain(el.attr("id"))
        .flat_map(|v| v.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

fn is_noise_box(el: &scraper::node::Element) -> bool {
    let joined = joined_names(el);
    name_words(el)
        .iter()
        .any(|w| NOISE_WORDS.contains(&w.as_str()))
        || ["bacajuga", "loadmore", "readmore"]
            .iter()
            .any(|f| joined.contains(f))
}

fn is_related_box(el: &scraper::node::Element) -> bool {
    let joined = joined_names(el);
    name_words(el)
        .iter()
        .any(|w| RELATED_WORDS.contains(&w.as_str()))
        || joined.contains("bacajuga")
}

/// Class and id lowercased with separators dropped: "baca-juga" → "bacajuga".
fn joined_names(el: &scraper::node::Element) -> String {
    el.attr("class")
        .into_iter()
        .chain(el.attr("id"))
        .flat_map(str::chars)
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn read_block(
    root: ElementRef<'_>,
    counts: &PageCounts,
    out: &mut String,
    related: &mut Vec<String>,
) {
    // `None` on the stack closes a block element with a line break.
    let mut stack: Vec<_> = vec![Some(*root)];
    let mut first = true;
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
                let is_root = std::mem::take(&mut first);
                if !is_root && skip_inside_story(el, node.id(), counts) {
                    if is_related_box(el) {
                        if let Some(boxed) = ElementRef::wrap(node) {
                            related.extend(link_texts(boxed));
                        }
                    }
                    continue;
                }
                if BLOCK_TAGS.contains(&name) {
                    out.push('\n');
                    stack.push(None);
                }
                stack.extend(node.children().rev().map(Some));
            }
            _ => {}
        }
    }
}

fn skip_inside_story(el: &scraper::node::Element, id: NodeId, counts: &PageCounts) -> bool {
    let name = el.name();
    if SKIP_TAGS.contains(&name) || is_noise_box(el) {
        return true;
    }
    if LIST_TAGS.contains(&name) {
        let c = counts.total.get(&id).copied().unwrap_or_default();
        return c.link_density() > MAX_LINK_DENSITY;
    }
    false
}

fn link_texts(boxed: ElementRef<'_>) -> Vec<String> {
    boxed
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "a")
        .map(|a| a.text().collect::<Vec<_>>().join(" "))
        .map(|t| normalize_spaces(&t))
        .filter(|t| !t.is_empty())
        .collect()
}
