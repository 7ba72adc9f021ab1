//! Markdown articles (`.md`, `.markdown`).
//!
//! This owns YAML-style front matter (`---` ... `---`, flat `key: value`
//! pairs only; nested YAML is skipped, not parsed) and light stripping of
//! Markdown markup down to prose: headings, emphasis, links, images, lists,
//! quotes and code fences. The prose then goes to `assemble` like plain text.

use super::assemble::{article_from_text, Meta};
use super::date::parse_date;
use super::source::canonical_source;
use super::Article;

/// Reads a Markdown article.
pub fn parse_markdown(text: &str) -> Result<Article, String> {
    let (mut meta, body) = split_front_matter(text);
    let mut lines = Vec::new();
    let mut in_fence = false;
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(trimmed.to_string());
            continue;
        }
        if is_rule_or_underline(trimmed) || is_reference_definition(trimmed) {
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix("# ") {
            let heading = strip_inline(heading.trim_end_matches(['#', ' ']));
            if meta.title.is_none() {
                meta.title = Some(heading);
                continue;
            }
            lines.push(heading);
            continue;
        }
        lines.push(strip_inline(strip_block_marker(trimmed)));
    }
    article_from_text(&lines.join("\n"), meta)
}

/// Splits `---` front matter from the document; without a closing fence there is none.
fn split_front_matter(text: &str) -> (Meta, &str) {
    let mut meta = Meta::default();
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (meta, text);
    };
    let mut offset = 0;
    let mut closed = false;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            closed = true;
            break;
        }
        // Indented lines and list items belong to nested values we do not use.
        if line.starts_with([' ', '\t', '-']) {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        let value = unquote(value.trim());
        if value.is_empty() {
            continue;
        }
        match key.trim().to_lowercase().as_str() {
            "title" | "judul" => meta.title = Some(value),
            "date" | "published" | "tanggal" => meta.date = parse_date(&value),
            "source" | "publisher" | "sumber" => meta.source = Some(canonical_source(&value)),
            "author" | "authors" | "penulis" => meta.author = Some(inline_list(&value)),
            "url" | "link" | "permalink" => meta.url = Some(value),
            "id" => meta.id = Some(value),
            _ => {}
        }
    }
    if !closed {
        return (Meta::default(), text);
    }
    (meta, &rest[offset..])
}

fn unquote(value: &str) -> String {
    let v = value.trim();
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    v.to_string()
}

/// `[Ani, "Budi"]` becomes "Ani, Budi"; a plain value stays as it is.
fn inline_list(value: &str) -> String {
    match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        Some(items) => items
            .split(',')
            .map(unquote)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        None => value.to_string(),
    }
}

fn is_rule_or_underline(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && ["-", "=", "*", "_"]
            .iter()
            .any(|m| compact.chars().all(|c| c.to_string() == *m))
}

fn is_reference_definition(line: &str) -> bool {
    line.starts_with('[')
        && line
            .split_once("]:")
            .is_some_and(|(label, _)| !label.contains(']'))
}

/// Drops the marker of a heading, quote or list item at the start of a line.
fn strip_block_marker(line: &str) -> &str {
    let mut line = line;
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start();
    }
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        return line[hashes..].trim().trim_end_matches(['#', ' ']);
    }
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest;
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")) {
        return &line[digits + 2..];
    }
    line
}

/// Inline markup to plain text: links keep their text, images go, emphasis marks go.
fn strip_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        match c {
            '!' if next == Some('[') => {
                if let Some((_, end)) = link_at(&chars, i + 1) {
                    i = end;
                    continue;
                }
                out.push(c);
            }
            '[' => {
                if let Some((text, end)) = link_at(&chars, i) {
                    out.push_str(&strip_inline(&text));
                    i = end;
                    continue;
                }
                out.push(c);
            }
            '*' | '~' | '`' => {}
            // Underscores mark emphasis only at word edges, not inside snake_case.
            '_' if !(prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric)) => {}
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out.trim().to_string()
}

/// A `[text](url)` or `[text][ref]` starting at `i`: its text and the index after it.
fn link_at(chars: &[char], i: usize) -> Option<(String, usize)> {
    let close = i + chars[i..].iter().position(|&c| c == ']')?;
    let text: String = chars[i + 1..close].iter().collect();
    let shut = match chars.get(close + 1) {
        Some('(') => ')',
        Some('[') => ']',
        _ => return None,
    };
    let end = close + 1 + chars[close + 1..].iter().position(|&c| c == shut)?;
    Some((text, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_article() {
        let md = "---\ntitle: \"Harga Cabai Naik\"\ndate: 2019-10-25\nsource: okezone.com\nauthor: [Ani, \"Budi\"]\ntags:\n  - ekonomi\nurl: https://x.id/a\nid: md-1\n---\n\n# Harga Cabai Naik\n\nHarga **cabai** naik, kata [Kementan](https://kementan.go.id).\n\n![foto](a.jpg)\n\nBaca juga: [Harga Bawang](https://x.id/b)\n\n## Dampak ke Pasar\n\n- Pedagang _mengeluh_\n- Pembeli `berkurang`\n";
        let a = parse_markdown(md).unwrap();
        assert_eq!(a.title, "Harga Cabai Naik");
        assert_eq!(a.date.unwrap().to_rfc3339_or_date(), "2019-10-25");
        assert_eq!(a.source.as_deref(), Some("Okezone.com"));
        assert_eq!(a.author.as_deref(), Some("Ani, Budi"));
        assert_eq!(a.url.as_deref(), Some("https://x.id/a"));
        assert_eq!(a.id.as_deref(), Some("md-1"));
        assert_eq!(a.body, "Harga cabai naik, kata Kementan.\nDampak ke Pasar\nPedagang mengeluh\nPembeli berkurang");
        assert_eq!(a.related, vec!["Harga Bawang".to_string()]);
    }

    #[test]
    fn heading_is_title_without_front_matter() {
        let a = parse_markdown(
            "# Banjir di Bekasi\n\nBEKASI, KOMPAS.com - Air naik 13 September 2023.\n\n---\n",
        )
        .unwrap();
        assert_eq!(a.title, "Banjir di Bekasi");
        assert_eq!(a.source.as_deref(), Some("Kompas.com"));
        assert_eq!(a.body, "Air naik 13 September 2023.");
        assert_eq!(a.date.unwrap().to_rfc3339_or_date(), "2023-09-13");
    }

    #[test]
    fn inline_table() {
        let cases: &[(&str, &str)] = &[
            ("**tebal** dan *miring*", "tebal dan miring"),
            ("[teks](http://a) lalu ![x](y.png)", "teks lalu"),
            ("[ref][1] dan snake_case_name", "ref dan snake_case_name"),
            ("kurung [biasa] saja", "kurung [biasa] saja"),
            ("\\*bintang\\*", "*bintang*"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_inline(input), *want, "{input:?}");
        }
    }

    #[test]
    fn unclosed_front_matter_is_body() {
        let a = parse_markdown("---\ntitle: x\nIsi tanpa penutup.").unwrap();
        assert!(a.body.contains("Isi tanpa penutup."));
    }
}
