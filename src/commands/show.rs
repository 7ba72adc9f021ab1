//! `warta show ID`: one stored article in full.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde_json::json;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use crate::cli::ShowArgs;
use crate::output::SCHEMA_VERSION;
use crate::opensearch::{Client, RemoteSearcher, Target};
use crate::search::{text_of, Hit, Searcher};
use crate::store::Store;
use crate::Outcome;

pub fn run(index_dir: &Path, args: ShowArgs) -> Result<Outcome> {
    if let Some(url) = &args.opensearch {
        return run_remote(url, &args);
    }
    let searcher = Searcher::new(Store::open(index_dir)?)?;
    let fields = searcher.store.fields;
    let query = TermQuery::new(
        Term::from_field_text(fields.id, &args.id),
        IndexRecordOption::Basic,
    );
    let tantivy_searcher = searcher.reader().searcher();
    let found = tantivy_searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let Some((_, address)) = found.first() else {
        eprintln!("warta: no article with id \"{}\"", args.id);
        return Ok(Outcome::NotFound);
    };
    let doc: TantivyDocument = tantivy_searcher.doc(*address)?;
    let hit = searcher.hit(&doc, 0.0);
    let schema = searcher.store.index.schema();
    let related: Vec<String> = schema
        .get_field("related")
        .ok()
        .map(|f| {
            doc.get_all(f)
                .filter_map(|v| tantivy::schema::Value::as_str(&v).map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let body = text_of(&doc, fields.body).unwrap_or_default();
    let groups = super::duplicates::all_groups(&searcher)?;
    let group = groups
        .iter()
        .find(|g| g.members.iter().any(|m| m.id == hit.id));
    let duplicate_of = group
        .map(|g| g.canonical().id.clone())
        .filter(|c| *c != hit.id);
    let copies: Vec<String> = group
        .map(|g| {
            g.members
                .iter()
                .map(|m| m.id.clone())
                .filter(|id| *id != hit.id)
                .collect()
        })
        .unwrap_or_default();
    write_article(&hit, &body, related, duplicate_of, copies, args.json)?;
    Ok(Outcome::Found)
}

/// The article as exported to OpenSearch. Copies are not looked for there (that
/// needs every article's MinHash signature); `warta duplicates` on the local index
/// lists them.
fn run_remote(url: &str, args: &ShowArgs) -> Result<Outcome> {
    let searcher = RemoteSearcher::open(Client::new(Target::parse(url)?))?;
    let Some(source) = searcher.article(&args.id)? else {
        eprintln!("warta: no article with id \"{}\"", args.id);
        return Ok(Outcome::NotFound);
    };
    let texts = |name: &str| -> Vec<String> {
        match &source[name] {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(items) => items.iter().filter_map(|v| v.as_str().map(String::from)).collect(),
            _ => Vec::new(),
        }
    };
    let text = |name: &str| Some(texts(name).join("; ")).filter(|t| !t.is_empty());
    let hit = Hit {
        id: text("id").unwrap_or_default(),
        title: text("title").unwrap_or_default(),
        date: text("published"),
        source: text("source"),
        author: text("author"),
        url: text("url"),
        path: text("path").unwrap_or_default(),
        score: 0.0,
        snippet: None,
        explanation: None,
    };
    let body = text("body").unwrap_or_default();
    write_article(&hit, &body, texts("related"), None, Vec::new(), args.json)?;
    Ok(Outcome::Found)
}

fn write_article(
    hit: &Hit,
    body: &str,
    related: Vec<String>,
    duplicate_of: Option<String>,
    copies: Vec<String>,
    json: bool,
) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        let value = json!({
            "schema_version": SCHEMA_VERSION,
            "id": hit.id, "title": hit.title, "date": hit.date, "source": hit.source,
            "author": hit.author, "url": hit.url, "path": hit.path,
            "body": body, "related": related,
            "duplicate_of": duplicate_of, "duplicates": copies,
        });
        writeln!(out, "{value}")?;
    } else {
        writeln!(out, "{}", hit.title)?;
        for (label, value) in [
            ("id", Some(hit.id.clone())),
            ("date", hit.date.clone()),
            ("source", hit.source.clone()),
            ("author", hit.author.clone()),
            ("url", hit.url.clone()),
            ("path", Some(hit.path.clone())),
            ("duplicate of", duplicate_of),
            ("copies", (!copies.is_empty()).then(|| copies.join(", "))),
        ] {
            if let Some(value) = value {
                writeln!(out, "{label}: {value}")?;
            }
        }
        writeln!(out, "\n{body}")?;
        for headline in related {
            writeln!(out, "Baca juga: {headline}")?;
        }
    }
    Ok(())
}
