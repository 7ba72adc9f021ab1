//! Who wrote a saved page's story: labelled bylines, byline boxes, metadata last.
//!
//! Pages name their writer in several places and often name someone else:
//! the editor ("Editor:", `itemprop=editor`), the photographer (an "author"
//! class inside a figure), the outlet or a desk's initials code. This owns
//! finding the candidates nearest the headline and keeping only a person's
//! name; `html_meta` calls it with the lines and site names it gathered.

use std::collections::HashMap;

use scraper::{ElementRef, Html};

use super::dateline::{read_meta_line, MetaLine};
use super::html::selector;
use super::html_ld::LinkedData;
use super::html_meta::{compare_key, without_site_name, SiteNames, MAX_META_LINE_CHARS};
use super::html_text::Line;
use super::source::known_outlet;
use crate::spacing::normalize_spaces;

/// Meta tags that may name the writer.
const AUTHOR_META_KEYS: &[&str] = &[
    "author",
    "article:author",
    "og:article:author",
    "content_author",
    "dc.creator",
];
/// Words of organisations, never of a person.
const ORGANISATION_WORDS: &[&str] = &[
    "pt", "pt.", "tbk", "cv", "media", "group", "grup", "redaksi", "tim", "admin", "network",
    "corp", "digital", "online", "news", "com", "team", "staff", "desk",
];
/// Elements between the headline and a byline box, at most, in page order.
const MAX_BYLINE_DISTANCE: usize = 400;
/// Role words printed under or after a name in author boxes.
const WRITER_ROLES: &[&str] = &["jurnalis", "reporter", "penulis", "wartawan", "kontributor"];

/// Names the page labels as editors ("Editor:", "Red:", `itemprop=editor`).
pub(super) fn editor_names(doc: &Html, lines: &[Line]) -> Vec<String> {
    let mut names: Vec<String> = lines
        .iter()
        .filter(|l| l.text.chars().count() <= MAX_META_LINE_CHARS)
        .filter_map(|l| match read_meta_line(&l.text) {
            Some(MetaLine::Author(name, rank)) if rank >= 2 => Some(compare_key(&name)),
            _ => None,
        })
        .collect();
    names.extend(
        doc.select(&selector("[itemprop=editor]"))
            .map(|e| compare_key(&e.text().collect::<String>())),
    );
    names.retain(|n| !n.is_empty());
    names
}

pub(super) fn choose_author(
    doc: &Html,
    ld: &LinkedData,
    metas: &HashMap<String, String>,
    lines: &[Line],
    headline_found: Option<usize>,
    site: &SiteNames,
    editors: &[String],
) -> Option<String> {
    let headline_at = headline_found.unwrap_or(0);
    let acceptable = |name: &str| -> Option<String> {
        let name = clean_byline(name, site);
        (is_person_name(&name, site) && !editors.contains(&compare_key(&name))).then_some(name)
    };
    // A labelled byline ("Penulis: ...", "Pewarta: ...", "Oleh ..."), nearest the headline.
    let mut labelled: Vec<(usize, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.text.chars().count() > MAX_META_LINE_CHARS {
            continue;
        }
        let named = match read_meta_line(&line.text) {
            Some(MetaLine::Author(name, rank)) if rank < 2 => Some(name),
            _ => by_oleh(&line.text).or_else(|| {
                // "Dewi Kania" over "Jurnalis": a name with its role under it.
                let role = compare_key(&line.text);
                (WRITER_ROLES.contains(&role.as_str()) && i > 0).then(|| lines[i - 1].text.clone())
            }),
        };
        if let Some(name) = named.as_deref().and_then(acceptable) {
            labelled.push((i.abs_diff(headline_at), name));
        }
    }
    labelled.sort_by_key(|(d, _)| *d);
    if let Some((_, name)) = labelled.into_iter().next() {
        return Some(name);
    }
    // A byline box: class, id, itemprop or rel saying "author", nearest the headline.
    let headline_pos = lines.get(headline_at).map_or(0, |l| l.order);
    let order = preorder(doc);
    let mut boxed: Vec<(usize, String)> = doc
        .select(&selector(
            "[class*=author], [class*=byline], [class*=reporter], [class*=penulis], [class*=writer], \
             [id*=author], [itemprop=author], [rel=author]",
        ))
        .filter(|el| !in_picture(*el))
        .filter_map(|el| {
            let text = normalize_spaces(&el.text().collect::<String>());
            if text.is_empty() || text.chars().count() > MAX_META_LINE_CHARS {
                return None;
            }
            let at = order.get(&el.id()).copied().unwrap_or(usize::MAX);
            // A byline far from the headline belongs to another story (a teaser, a comment).
            if headline_found.is_some() && at.abs_diff(headline_pos) > MAX_BYLINE_DISTANCE {
                return None;
            }
            acceptable(&text).map(|name| (at.abs_diff(headline_pos), name))
        })
        .collect();
    boxed.sort_by_key(|(d, _)| *d);
    if let Some((_, name)) = boxed.into_iter().next() {
        return Some(name);
    }
    // Metadata last: it often names the editor, the publisher or a profile URL.
    ld.author
        .as_deref()
        .into_iter()
        .chain(
            AUTHOR_META_KEYS
                .iter()
                .filter_map(|k| metas.get(*k).map(String::as_str)),
        )
        .find_map(acceptable)
}

/// Photo credits often carry an "author" class; they name the photographer.
fn in_picture(el: ElementRef<'_>) -> bool {
    const PICTURE_WORDS: &[&str] = &[
        "photo", "foto", "caption", "img", "image", "pic", "picture", "gallery", "thumb", "video",
    ];
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        matches!(a.value().name(), "figure" | "figcaption")
            || a.value()
                .attr("class")
                .into_iter()
                .chain(a.value().attr("id"))
                .flat_map(|v| v.split(|c: char| !c.is_ascii_alphabetic()))
                .any(|w| PICTURE_WORDS.contains(&w.to_ascii_lowercase().as_str()))
    })
}

fn by_oleh(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let rest = lower.strip_prefix("oleh ")?;
    Some(line[line.len() - rest.len()..].trim().to_string())
}

/// Element order in the page, for "nearest the headline".
fn preorder(doc: &Html) -> HashMap<ego_tree::NodeId, usize> {
    doc.tree
        .root()
        .descendants()
        .enumerate()
        .map(|(i, n)| (n.id(), i))
        .collect()
}

/// "Oleh : Maya Sofia", "Fino Yurio Kristo - detikinet", "Kontributor Lhokseumawe, Masriadi" → the name.
fn clean_byline(raw: &str, site: &SiteNames) -> String {
    let mut name = normalize_spaces(raw);
    if let Some(MetaLine::Author(value, _)) = read_meta_line(&name) {
        name = value;
    }
    if let Some(rest) = by_oleh(&name) {
        name = rest;
    }
    name = without_site_name(&name, site);
    for sep in [" - ", " | ", " / "] {
        if let Some((head, tail)) = name.split_once(sep) {
            if site.is_named_in(tail) || known_outlet(tail).is_some() {
                name = head.trim().to_string();
            }
        }
    }
    // "Kontributor Lhokseumawe, Masriadi": a role and a place before the name.
    if let Some((role, person)) = name.split_once(',') {
        let first = compare_key(role);
        if WRITER_ROLES.iter().any(|r| first.starts_with(r)) {
            name = person.trim().to_string();
        }
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let trailing_role = words
        .last()
        .is_some_and(|w| WRITER_ROLES.contains(&compare_key(w).as_str()));
    if trailing_role && words.len() > 1 {
        name = words[..words.len() - 1].join(" ");
    }
    name.trim_matches([' ', ':', '-', ',', '|']).to_string()
}

/// A person's name: letters, a few words, not an outlet, company, URL or initials code.
fn is_person_name(name: &str, site: &SiteNames) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 || name.contains("://") || name.contains('@') {
        return false;
    }
    if name.contains("www.") || name.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if site.is_named_in(name) || known_outlet(name).is_some() {
        return false;
    }
    if words
        .iter()
        .any(|w| ORGANISATION_WORDS.contains(&w.to_lowercase().as_str()))
    {
        return false;
    }
    // "bgs", "ren", "DIN": the initials code a desk signs with, not a name.
    // Many Indonesians go by one name ("Sri"), so one capitalised word may stay.
    if words.len() == 1 {
        let w = words[0];
        let all_caps = w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
        if !w.starts_with(char::is_uppercase) || (all_caps && w.chars().count() <= 5) {
            return false;
        }
    }
    // Names are capitalised; "Oleh karena itu, ..." opens a sentence, not a byline.
    const NAME_PARTICLES: &[&str] = &["dan", "bin", "binti", "van", "von", "de", "der", "al", "el"];
    words.iter().all(|w| {
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-' | '’' | ','))
            && (w.starts_with(char::is_uppercase) || NAME_PARTICLES.contains(w))
    })
}
