//! Printing results for people (text, coloured on a terminal) and for scripts (JSON,
//! NDJSON, TSV, paths). The JSON shapes here are a documented contract
//! (`SCHEMA_VERSION`); change them only by adding fields.

use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Value};

use crate::search::{Hit, SearchResults, Snippet};
use crate::spacing::normalize_spaces;

/// Version of the JSON output's shape.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Ndjson,
    Tsv,
    Paths,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour stdout: `auto` colours a terminal unless `NO_COLOR` is set.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && io::stdout().is_terminal()
            }
        }
    }
}

/// `1 article`, `2 articles`: a count with its noun in the right number.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    match n.into() {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

const BOLD: &str = "\x1b[1m";
const MATCH: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Byte ranges as character ranges, which every language's strings index by.
fn char_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let to_char = |byte: usize| text[..byte.min(text.len())].chars().count();
    ranges
        .iter()
        .map(|&(a, b)| (to_char(a), to_char(b)))
        .collect()
}

pub fn hit_json(hit: &Hit) -> Value {
    let (snippet, highlights) = match &hit.snippet {
        Some(Snippet { text, highlights }) => (json!(text), json!(char_ranges(text, highlights))),
        None => (Value::Null, json!([])),
    };
    let mut value = json!({
        "id": hit.id,
        "title": hit.title,
        "date": hit.date,
        "source": hit.source,
        "author": hit.author,
        "url": hit.url,
        "path": hit.path,
        "score": hit.score,
        "snippet": snippet,
        "highlights": highlights,
    });
    if let Some(explanation) = &hit.explanation {
        value["explanation"] = explanation.clone();
    }
    value
}

pub fn results_json(query: &str, results: &SearchResults) -> Value {
    json!({
        "schema_version": SCHEMA_VERSION,
        "query": query,
        "total": results.total,
        "relaxed": results.relaxed,
        "folded": results.folded,
        "hits": results.hits.iter().map(hit_json).collect::<Vec<_>>(),
    })
}

/// A hit as JSON, written straight to the output: the same object [`hit_json`] builds,
/// without building it (a page of 100 hits would otherwise allocate a map of ten
/// keys per hit only to print it).
pub struct HitJson<'a>(pub &'a Hit);

impl Serialize for HitJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let hit = self.0;
        let (snippet, highlights) = match &hit.snippet {
            Some(Snippet { text, highlights }) => {
                (Some(text.as_str()), char_ranges(text, highlights))
            }
            None => (None, Vec::new()),
        };
        // Keys in the sorted order a `serde_json` map prints them in.
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("author", &hit.author)?;
        map.serialize_entry("date", &hit.date)?;
        if let Some(explanation) = &hit.explanation {
            map.serialize_entry("explanation", explanation)?;
        }
        map.serialize_entry("highlights", &highlights)?;
        map.serialize_entry("id", &hit.id)?;
        map.serialize_entry("path", &hit.path)?;
        // A JSON value holds an f32 as the f64 it widens to, and prints that.
        map.serialize_entry("score", &f64::from(hit.score))?;
        map.serialize_entry("snippet", &snippet)?;
        map.serialize_entry("source", &hit.source)?;
        map.serialize_entry("title", &hit.title)?;
        map.serialize_entry("url", &hit.url)?;
        map.end()
    }
}

/// A page of results as JSON, written straight to the output: the object
/// [`results_json`] builds, plus the `qid` and `took_ms` of a batch answer.
pub struct ResultsJson<'a> {
    pub query: &'a str,
    pub results: &'a SearchResults,
    pub qid: Option<&'a str>,
    pub took_ms: Option<f64>,
}

impl Serialize for ResultsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let results = self.results;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("folded", &results.folded)?;
        map.serialize_entry("hits", &Hits(&results.hits))?;
        if let Some(qid) = self.qid {
            map.serialize_entry("qid", qid)?;
        }
        map.serialize_entry("query", self.query)?;
        map.serialize_entry("relaxed", &results.relaxed)?;
        map.serialize_entry("schema_version", &SCHEMA_VERSION)?;
        if let Some(took_ms) = self.took_ms {
            map.serialize_entry("took_ms", &took_ms)?;
        }
        map.serialize_entry("total", &results.total)?;
        map.end()
    }
}

struct Hits<'a>(&'a [Hit]);

impl Serialize for Hits<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(HitJson))
    }
}

fn highlighted(snippet: &Snippet, color: bool) -> String {
    if !color {
        return normalize_spaces(&snippet.text);
    }
    let mut out = String::new();
    let mut at = 0;
    for &(start, end) in &snippet.highlights {
        if start < at || end > snippet.text.len() {
            continue;
        }
        out.push_str(&snippet.text[at..start]);
        out.push_str(MATCH);
        out.push_str(&snippet.text[start..end]);
        out.push_str(RESET);
        at = end;
    }
    out.push_str(&snippet.text[at..]);
    normalize_spaces(&out)
}

/// Writes `results` to `out` in `format`.
pub fn write_results(
    out: &mut dyn Write,
    query: &str,
    results: &SearchResults,
    format: Format,
    offset: usize,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Json => {
            let json = ResultsJson {
                query,
                results,
                qid: None,
                took_ms: None,
            };
            serde_json::to_writer(&mut *out, &json)?;
            writeln!(out)
        }
        Format::Ndjson => {
            for hit in &results.hits {
                serde_json::to_writer(&mut *out, &HitJson(hit))?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Tsv => {
            for hit in &results.hits {
                let fields = [
                    hit.id.clone(),
                    format!("{:.4}", hit.score),
                    hit.date.clone().unwrap_or_default(),
                    hit.source.clone().unwrap_or_default(),
                    hit.title.clone(),
                    hit.path.clone(),
                ];
                let clean: Vec<String> = fields
                    .iter()
                    .map(|f| f.replace(['\t', '\n', '\r'], " "))
                    .collect();
                writeln!(out, "{}", clean.join("\t"))?;
            }
            Ok(())
        }
        Format::Paths => {
            let mut seen = std::collections::HashSet::new();
            for hit in &results.hits {
                if seen.insert(&hit.path) {
                    writeln!(out, "{}", hit.path)?;
                }
            }
            Ok(())
        }
        Format::Text => {
            for (i, hit) in results.hits.iter().enumerate() {
                write_hit_text(out, offset + i + 1, hit, color)?;
            }
            Ok(())
        }
    }
}

fn write_hit_text(out: &mut dyn Write, rank: usize, hit: &Hit, color: bool) -> io::Result<()> {
    let (bold, dim, reset) = if color {
        (BOLD, DIM, RESET)
    } else {
        ("", "", "")
    };
    let title = if hit.title.is_empty() {
        "(untitled)"
    } else {
        &hit.title
    };
    writeln!(out, "{rank}. {bold}{}{reset}", normalize_spaces(title))?;
    let mut meta = Vec::new();
    meta.extend(
        hit.date
            .as_deref()
            .map(|d| d.get(..10).unwrap_or(d).to_string()),
    );
    meta.extend(hit.source.clone());
    meta.push(hit.id.clone());
    meta.push(hit.path.clone());
    writeln!(out, "   {dim}{}{reset}", meta.join(" · "))?;
    if let Some(snippet) = &hit.snippet {
        writeln!(out, "   {}", highlighted(snippet, color))?;
    }
    if let Some(explanation) = &hit.explanation {
        writeln!(out, "   why: score {:.4}", hit.score)?;
        write_explanation(out, explanation, 2)?;
    }
    writeln!(out)
}

/// The line on stderr above a page of hits: how many match, which are shown, how many
/// copies were folded, and whether the page is past the end.
pub fn page_summary(results: &SearchResults, offset: usize, limit: usize) -> String {
    let matches = count(results.total as u64, "article matches", "articles match");
    let shown = results.hits.len();
    let mut line = if shown == 0 && results.total > 0 && limit > 0 {
        format!(
            "{matches}; none from hit {} on: that page is past the end",
            offset + 1
        )
    } else if shown == 0 {
        matches
    } else {
        format!("{matches}; showing {}-{}", offset + 1, offset + shown)
    };
    if results.folded > 0 {
        line.push_str(&format!(
            ", {} folded: --include-duplicates shows {}",
            count(results.folded as u64, "copy", "copies"),
            if results.folded == 1 { "it" } else { "them" }
        ));
    }
    line
}

/// A score explanation (tantivy's tree, as `search` returns it) as an indented tree:
/// one line a node, a term's BM25 factors on its own line.
fn write_explanation(out: &mut dyn Write, node: &Value, depth: usize) -> io::Result<()> {
    let pad = "  ".repeat(depth + 1);
    let value = node["value"].as_f64().unwrap_or(0.0);
    let description = node["description"].as_str().unwrap_or("");
    let details: &[Value] = node["details"].as_array().map_or(&[], Vec::as_slice);
    let detail = |prefix: &str| {
        details.iter().find(|d| {
            d["description"]
                .as_str()
                .is_some_and(|t| t.starts_with(prefix))
        })
    };
    let number = |node: Option<&Value>, prefix: &str| -> Option<f64> {
        node?["details"].as_array()?.iter().find(|d| {
            d["description"]
                .as_str()
                .is_some_and(|t| t.starts_with(prefix))
        })?["value"]
            .as_f64()
    };
    if description.starts_with("TermQuery") {
        let term = node["context"][0].as_str().map(term_of).unwrap_or_default();
        let idf = detail("idf");
        let tf = detail("freq /");
        writeln!(
            out,
            "{pad}{value:.4}  {term} = idf {:.3} x tf {:.3} x {:.1}",
            idf.and_then(|d| d["value"].as_f64()).unwrap_or(0.0),
            tf.and_then(|d| d["value"].as_f64()).unwrap_or(0.0),
            detail("(K1+1)")
                .and_then(|d| d["value"].as_f64())
                .unwrap_or(0.0),
        )?;
        let whole = |prefix: &str, node| number(node, prefix).unwrap_or(0.0) as u64;
        writeln!(
            out,
            "{pad}        (in {} of {}; {} in this field of {}, {:.0} on average)",
            whole("n,", idf),
            count(whole("N,", idf), "article", "articles"),
            count(whole("freq,", tf), "time", "times"),
            count(whole("dl,", tf), "word", "words"),
            number(tf, "avgdl,").unwrap_or(0.0),
        )?;
        return Ok(());
    }
    let label = if description.starts_with("BooleanClause") {
        "sum of".to_string()
    } else if let Some(boost) = description.strip_prefix("Boost x") {
        format!("weight x{}", boost.trim_end_matches(" of ...").trim())
    } else if description == "Phrase Scorer" {
        "phrase".to_string()
    } else if matches!(description, "Const" | "RangeQuery" | "AllQuery") {
        "filter (adds no score)".to_string()
    } else {
        description.to_string()
    };
    let context: Vec<String> = node["context"]
        .as_array()
        .map(|c| c.iter().filter_map(Value::as_str).map(term_of).collect())
        .unwrap_or_default();
    if context.is_empty() {
        writeln!(out, "{pad}{value:.4}  {label}")?;
    } else {
        writeln!(out, "{pad}{value:.4}  {label} ({})", context.join(", "))?;
    }
    for child in details {
        write_explanation(out, child, depth + 1)?;
    }
    Ok(())
}

/// `Term=Term(field=body, type=Str, "putin")` as `body:"putin"`; other text as is.
fn term_of(context: &str) -> String {
    let field = context
        .split_once("field=")
        .map(|(_, rest)| rest.split(',').next().unwrap_or(rest));
    let text = context
        .find('"')
        .zip(context.rfind('"'))
        .filter(|(a, b)| a < b)
        .map(|(a, b)| &context[a..=b]);
    match (field, text) {
        (Some(field), Some(text)) => format!("{field}:{text}"),
        _ => context.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanation_terms_read_as_field_and_word() {
        assert_eq!(
            term_of("Term=Term(field=body_exact, type=Str, \"putin\")"),
            "body_exact:\"putin\""
        );
        assert_eq!(term_of("something else"), "something else");
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(0u64, "file", "files"), "0 files");
        assert_eq!(count(1u64, "file", "files"), "1 file");
        assert_eq!(count(2u64, "copy", "copies"), "2 copies");
    }

    #[test]
    fn highlights_become_character_ranges() {
        let text = "“Korut” membangun satelit";
        let start = text.find("membangun").unwrap();
        let ranges = char_ranges(text, &[(start, start + "membangun".len())]);
        assert_eq!(ranges, [(8, 17)]);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[8..17].iter().collect::<String>(), "membangun");
    }

    fn hit(snippet: Option<Snippet>, explanation: Option<Value>, score: f32) -> Hit {
        Hit {
            id: "kompas-1".into(),
            title: "Gempa \"besar\" di Ambon".into(),
            date: Some("2019-09-26T08:46:00+07:00".into()),
            source: Some("Kompas.com".into()),
            author: None,
            url: Some("https://kompas.com/a?b=1&c=2".into()),
            path: "x/news.jsonl".into(),
            score,
            snippet,
            explanation,
        }
    }

    /// The hits written field by field print exactly as the JSON values did: same
    /// keys, same order, same numbers.
    #[test]
    fn hits_written_directly_print_as_their_json_values() {
        let snippet = Snippet {
            text: "“Korut” membangun satelit".into(),
            highlights: vec![(12, 21)],
        };
        let explanation = json!({"value": 1.5, "description": "sum", "details": []});
        let hits = [
            hit(None, None, 177.245_77),
            hit(Some(snippet), None, 0.1),
            hit(None, Some(explanation), 3.0),
            hit(None, None, f32::NAN),
        ];
        for h in &hits {
            assert_eq!(
                serde_json::to_string(&HitJson(h)).unwrap(),
                serde_json::to_string(&hit_json(h)).unwrap()
            );
        }
        let results = SearchResults {
            total: 12,
            hits: hits.to_vec(),
            relaxed: true,
            folded: 2,
        };
        let plain = ResultsJson {
            query: "gempa ambon",
            results: &results,
            qid: None,
            took_ms: None,
        };
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            serde_json::to_string(&results_json("gempa ambon", &results)).unwrap()
        );
        let batch = ResultsJson {
            qid: Some("q7"),
            took_ms: Some(0.25),
            ..plain
        };
        let mut value = results_json("gempa ambon", &results);
        value["qid"] = json!("q7");
        value["took_ms"] = json!(0.25);
        assert_eq!(
            serde_json::to_string(&batch).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
    }

    #[test]
    fn coloured_snippets_mark_each_match() {
        let snippet = Snippet {
            text: "Putin  membangun\nsatelit".into(),
            highlights: vec![(7, 16)],
        };
        assert_eq!(highlighted(&snippet, false), "Putin membangun satelit");
        assert_eq!(
            highlighted(&snippet, true),
            "Putin \x1b[1;31mmembangun\x1b[0m satelit"
        );
    }
}
