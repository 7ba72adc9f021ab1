//! `warta export`: the local index into an OpenSearch index, or into files.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::cli::ExportArgs;
use crate::opensearch::{self, Client, ExportOptions, Target};
use crate::store::Store;
use crate::Outcome;

pub fn run(index_dir: &Path, args: ExportArgs) -> Result<Outcome> {
    let target = args.opensearch.as_deref().map(Target::parse).transpose()?;
    let store = Store::open(index_dir)?;
    let options = ExportOptions {
        shards: args.shards.max(1),
        replicas: args.replicas,
        quiet: args.quiet,
    };
    let started = Instant::now();
    if let Some(path) = &args.to {
        let written = opensearch::to_files(&store, path, &options)?;
        if !args.quiet {
            let (bulk, settings) = opensearch::export::files_for(path);
            eprintln!(
                "wrote {written} {} to {} and the index's settings and mappings to {} in {:.1} s",
                if written == 1 { "article" } else { "articles" },
                bulk.display(),
                settings.display(),
                started.elapsed().as_secs_f64()
            );
        }
        return Ok(Outcome::Found);
    }
    let client = Client::new(target.expect("clap requires --opensearch or --to"));
    let summary = opensearch::export(&store, &client, &options)?;
    for failure in &summary.failures {
        eprintln!("warta: {}: {failure}", client.target);
    }
    if !args.quiet {
        eprintln!(
            "exported {} {} to {}{} ({} added, {} updated, {} deleted, {} unchanged, {} failed) in {:.1} s; \
             {} word forms with stem rules ({} new)",
            summary.articles,
            if summary.articles == 1 { "article" } else { "articles" },
            client.target,
            if summary.created { " (new index)" } else { "" },
            summary.added,
            summary.updated,
            summary.deleted,
            summary.unchanged,
            summary.failed,
            started.elapsed().as_secs_f64(),
            summary.rules,
            summary.new_rules,
        );
    }
    Ok(if summary.failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Found
    })
}
