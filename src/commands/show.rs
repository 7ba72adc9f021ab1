//! `warta show ID`: one stored article in full.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde_json::json;

use crate::cli::ShowArgs;
use crate::engine::{Archive, Article, Error};
use crate::opensearch::{Client, RemoteSearcher, Target};
use crate::output::SCHEMA_VERSION;
use crate::Outcome;

pub fn run(index_dir: &Path, args: ShowArgs) -> Result<Outcome> {
    if let Some(url) = &args.opensearch {
        let searcher = RemoteSearcher::open(Client::new(Target::parse(url)?))?;
        let Some(article) = searcher.article(&args.id)? else {
            eprintln!("warta: {}", Error::NoArticle(args.id.clone()));
            return Ok(Outcome::NotFound);
        };
        return write_article(&article, args.json);
    }
    let archive = Archive::open(index_dir)?;
    let article = match archive.article(&args.id) {
        Ok(article) => article,
        Err(err @ Error::NoArticle(_)) => {
            eprintln!("warta: {err}");
            return Ok(Outcome::NotFound);
        }
        Err(err) => return Err(err.into()),
    };
    write_article(&article, args.json)
}

fn write_article(article: &Article, json: bool) -> Result<Outcome> {
    let hit = &article.hit;
    let mut out = std::io::stdout().lock();
    if json {
        let value = json!({
            "schema_version": SCHEMA_VERSION,
            "id": hit.id, "title": hit.title, "date": hit.date, "source": hit.source,
            "author": hit.author, "url": hit.url, "path": hit.path,
            "body": article.body, "related": article.related,
            "duplicate_of": article.duplicate_of, "duplicates": article.duplicates,
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
            ("duplicate of", article.duplicate_of.clone()),
            (
                "copies",
                (!article.duplicates.is_empty()).then(|| article.duplicates.join(", ")),
            ),
        ] {
            if let Some(value) = value {
                writeln!(out, "{label}: {value}")?;
            }
        }
        writeln!(out, "\n{}", article.body)?;
        for headline in &article.related {
            writeln!(out, "Baca juga: {headline}")?;
        }
    }
    Ok(Outcome::Found)
}
