//! Exporting an archive to OpenSearch: creates the index (or brings its analysis up to
//! date with the words the archive holds now), sends every new or changed article
//! through the bulk API with its warta id as `_id`, deletes what the local index no
//! longer holds, and reports what it did. Or writes the same requests to files for
//! people who load with their own tools.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Value};

use super::analysis::Vocabulary;
use super::client::{reason, Client};
use super::documents::{
    body_words_mapping, chain_version, has_similarity_settings, index_body, read_all,
    similarity_settings, Exported, BODY_WORDS, EXPORT_HASH,
};
use crate::store::Store;

#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// Primary shards and replicas of a new index.
    pub shards: u32,
    pub replicas: u32,
    pub quiet: bool,
}

/// What an export did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub articles: usize,
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    pub failed: usize,
    /// Whether the index was created by this run.
    pub created: bool,
    /// Word forms with a stem rule in the cluster's analyser, and how many this run added.
    pub rules: usize,
    pub new_rules: usize,
    /// The first failures' messages (id: reason).
    pub failures: Vec<String>,
}

/// Bulk requests are cut at about this many bytes.
const BULK_BYTES: usize = 8 << 20;
const BULK_DOCS: usize = 2000;

fn bar(total: u64, quiet: bool, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {what} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} ({{per_sec}}, eta {{eta}})"
        ))
        .expect("a valid template"),
    );
    bar
}

pub fn export(store: &Store, client: &Client, options: &ExportOptions) -> Result<ExportSummary> {
    let total = store.index.reader()?.searcher().num_docs();
    let reading = bar(total, options.quiet, "reading");
    let (articles, vocabulary) = read_all(store, &mut || reading.inc(1))?;
    reading.finish_and_clear();
    let mut summary = ExportSummary {
        articles: articles.len(),
        ..ExportSummary::default()
    };

    let index = client.index_path("");
    let (status, existing) = client.send("GET", &index, None)?;
    let mut reindex_all = false;
    match status {
        404 => {
            let body = index_body(store, &vocabulary, options.shards, options.replicas);
            client
                .json("PUT", &index, &body)
                .context("cannot create the index")?;
            summary.created = true;
            summary.rules = vocabulary.rules.len();
            summary.new_rules = vocabulary.rules.len();
        }
        200 => {
            let info = existing
                .as_object()
                .and_then(|o| o.values().next())
                .ok_or_else(|| anyhow!("{}: unexpected answer to GET", client.target))?;
            check_same_declaration(store, info, client)?;
            let old = Vocabulary::from_settings(&info["settings"]["index"]["analysis"]);
            let (merged, changed) = old.merged(&vocabulary);
            let version = chain_version(store);
            let new_chain = info["mappings"]["_meta"]["warta"]["analysis"] != json!(version);
            summary.rules = merged.rules.len();
            summary.new_rules = merged.rules.len() - old.rules.len();
            // An index exported before BM25's k1 and b were set keeps Lucene's own
            // until its settings are updated with the analysis.
            let new_similarity = !has_similarity_settings(&info["settings"]["index"]);
            if merged != old || new_chain || new_similarity {
                update_analysis(client, &merged, store.words.abbreviation_terms)?;
            }
            if new_chain {
                let meta = json!({"_meta": {"warta": {"schema": store.decl, "words": store.words, "analysis": version}}});
                client.json("PUT", &client.index_path("_mapping"), &meta)?;
            }
            // An index exported before the bodies' lengths were: its mapping gains the
            // field, and every article is sent again below to fill it.
            let without_lengths = info["mappings"]["properties"][BODY_WORDS].is_null();
            if without_lengths {
                let field = json!({"properties": {BODY_WORDS: body_words_mapping()}});
                client.json("PUT", &client.index_path("_mapping"), &field)?;
            }
            // A word whose stem changed, or a changed chain, leaves the articles sent
            // before indexed under old terms: send them all again.
            reindex_all = changed || new_chain || without_lengths;
        }
        _ => bail!("{}: {status} {}", client.target, reason(&existing)),
    }

    let known = if summary.created {
        HashMap::new()
    } else {
        remote_hashes(client)?
    };
    let local_ids: std::collections::HashSet<&str> =
        articles.iter().map(|a| a.id.as_str()).collect();
    let deletions: Vec<String> = known
        .keys()
        .filter(|id| !local_ids.contains(id.as_str()))
        .cloned()
        .collect();
    let mut sends: Vec<&Exported> = Vec::new();
    for article in &articles {
        match known.get(&article.id) {
            None => {
                summary.added += 1;
                sends.push(article);
            }
            Some(hash) if reindex_all || *hash != article.hash => {
                summary.updated += 1;
                sends.push(article);
            }
            Some(_) => summary.unchanged += 1,
        }
    }

    let sending = bar(
        (sends.len() + deletions.len()) as u64,
        options.quiet,
        "sending",
    );
    let mut batch = String::new();
    let mut in_batch = 0;
    for article in sends {
        batch.push_str(&json!({"index": {"_id": article.id}}).to_string());
        batch.push('\n');
        batch.push_str(&article.source.to_string());
        batch.push('\n');
        in_batch += 1;
        if batch.len() >= BULK_BYTES || in_batch >= BULK_DOCS {
            bulk(client, &std::mem::take(&mut batch), &mut summary)?;
            sending.inc(in_batch as u64);
            in_batch = 0;
        }
    }
    for id in &deletions {
        batch.push_str(&json!({"delete": {"_id": id}}).to_string());
        batch.push('\n');
        in_batch += 1;
        if batch.len() >= BULK_BYTES || in_batch >= BULK_DOCS {
            bulk(client, &std::mem::take(&mut batch), &mut summary)?;
            sending.inc(in_batch as u64);
            in_batch = 0;
        }
    }
    if !batch.is_empty() {
        bulk(client, &batch, &mut summary)?;
        sending.inc(in_batch as u64);
    }
    sending.finish_and_clear();
    summary.deleted = deletions.len();
    client.expect_ok("POST", &client.index_path("_refresh"), None)?;
    Ok(summary)
}

/// An index made from another schema declaration or other word lists would answer
/// differently: refuse rather than mix.
fn check_same_declaration(store: &Store, info: &Value, client: &Client) -> Result<()> {
    let meta = &info["mappings"]["_meta"]["warta"];
    if meta.is_null() {
        bail!(
            "{}: this index was not made by warta export; choose another index name",
            client.target
        );
    }
    let schema = serde_json::to_value(&store.decl)?;
    let words = serde_json::to_value(&store.words)?;
    if meta["schema"] != schema || meta["words"] != words {
        bail!(
            "{}: the index was exported from an index with another schema or word lists; \
             delete it (curl -X DELETE) or export to another index name",
            client.target
        );
    }
    Ok(())
}

/// New analysis (and similarity) settings need a closed index: close, update, reopen,
/// wait for shards.
fn update_analysis(
    client: &Client,
    vocabulary: &Vocabulary,
    abbreviation_terms: bool,
) -> Result<()> {
    let settings = json!({
        "analysis": vocabulary.analysis_settings(abbreviation_terms),
        "similarity": similarity_settings(),
    });
    client.expect_ok("POST", &client.index_path("_close"), None)?;
    let put = client.json("PUT", &client.index_path("_settings"), &settings);
    // Reopen whatever happened, so that a failed update leaves a searchable index.
    let open = client.expect_ok("POST", &client.index_path("_open"), None);
    put.context("cannot update the index's analysis settings")?;
    open?;
    client.expect_ok(
        "GET",
        &format!(
            "/_cluster/health/{}?wait_for_status=yellow&timeout=120s",
            client.target.index
        ),
        None,
    )?;
    Ok(())
}

/// `_id` → export hash of every document in the index (a scroll over `_doc` order).
fn remote_hashes(client: &Client) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    let first = json!({"size": 5000, "_source": [EXPORT_HASH], "sort": ["_doc"]});
    let mut page = client.json("POST", &client.index_path("_search?scroll=2m"), &first)?;
    loop {
        let hits = page["hits"]["hits"].as_array().cloned().unwrap_or_default();
        if hits.is_empty() {
            break;
        }
        for hit in hits {
            let id = hit["_id"].as_str().unwrap_or("").to_string();
            let hash = hit["_source"][EXPORT_HASH]
                .as_str()
                .unwrap_or("")
                .to_string();
            out.insert(id, hash);
        }
        let scroll_id = page["_scroll_id"].clone();
        page = client.json(
            "POST",
            "/_search/scroll",
            &json!({"scroll": "2m", "scroll_id": scroll_id}),
        )?;
    }
    if let Some(id) = page["_scroll_id"].as_str() {
        let _ = client.json("DELETE", "/_search/scroll", &json!({"scroll_id": id}));
    }
    Ok(out)
}

/// Sends one bulk request; items refused for load (429) are sent again with back-off,
/// other refusals are counted as failed.
fn bulk(client: &Client, body: &str, summary: &mut ExportSummary) -> Result<()> {
    let mut body = body.to_string();
    let mut delay = Duration::from_millis(500);
    for attempt in 1.. {
        let answer = client.expect_ok(
            "POST",
            &client.index_path("_bulk"),
            Some(("application/x-ndjson", &body)),
        )?;
        if answer["errors"] != json!(true) {
            return Ok(());
        }
        let lines: Vec<&str> = body.lines().collect();
        let mut retry = String::new();
        let mut line = 0;
        for item in answer["items"].as_array().cloned().unwrap_or_default() {
            let (action, result) = item
                .as_object()
                .and_then(|o| o.iter().next())
                .map(|(a, r)| (a.clone(), r.clone()))
                .unwrap_or_default();
            let width = if action == "delete" { 1 } else { 2 };
            let status = result["status"].as_u64().unwrap_or(0);
            let failed = !((200..300).contains(&status) || (action == "delete" && status == 404));
            if failed && status == 429 && attempt < 6 {
                for l in &lines[line..(line + width).min(lines.len())] {
                    retry.push_str(l);
                    retry.push('\n');
                }
            } else if failed {
                summary.failed += 1;
                if summary.failures.len() < 10 {
                    let id = result["_id"].as_str().unwrap_or("?");
                    summary.failures.push(format!(
                        "{id}: {}",
                        reason(&json!({"error": result["error"]}))
                    ));
                }
            }
            line += width;
        }
        if retry.is_empty() {
            return Ok(());
        }
        std::thread::sleep(delay);
        delay *= 2;
        body = retry;
    }
    Ok(())
}

/// The two files `--to FILE` writes: the bulk NDJSON and the index body beside it.
pub fn files_for(path: &Path) -> (PathBuf, PathBuf) {
    let mut settings = path.as_os_str().to_owned();
    settings.push(".index.json");
    (path.to_path_buf(), PathBuf::from(settings))
}

/// Writes the bulk NDJSON to `path` (actions without `_index`: post it to
/// `/INDEX/_bulk`) and the index's settings and mappings to `path.index.json` (the
/// body of `PUT /INDEX`). Returns the number of articles written.
pub fn to_files(store: &Store, path: &Path, options: &ExportOptions) -> Result<usize> {
    let total = store.index.reader()?.searcher().num_docs();
    let reading = bar(total, options.quiet, "reading");
    let (articles, vocabulary) = read_all(store, &mut || reading.inc(1))?;
    reading.finish_and_clear();
    let (bulk_path, settings_path) = files_for(path);
    let body = index_body(store, &vocabulary, options.shards, options.replicas);
    std::fs::write(&settings_path, serde_json::to_string_pretty(&body)? + "\n")
        .with_context(|| format!("{}: cannot write", settings_path.display()))?;
    let file = std::fs::File::create(&bulk_path)
        .with_context(|| format!("{}: cannot write", bulk_path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let write = |out: &mut std::io::BufWriter<std::fs::File>| -> std::io::Result<()> {
        for article in &articles {
            writeln!(out, "{}", json!({"index": {"_id": article.id}}))?;
            writeln!(out, "{}", article.source)?;
        }
        out.flush()
    };
    write(&mut out).with_context(|| format!("{}: cannot write", bulk_path.display()))?;
    Ok(articles.len())
}
