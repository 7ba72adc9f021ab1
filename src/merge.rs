//! Merging an index's segments into one (`warta optimize`). A build leaves several
//! segments (six for 254,210 articles) and every later `warta index` run adds more;
//! each query word is looked up in every segment, and a process answering one query
//! maps and reads each segment's files anew. One segment answers the same (scores are
//! computed over the whole index either way) with less of both; merging also drops
//! the articles that re-indexing replaced, which until then still counted in BM25's
//! statistics, so scores move a little there. It costs a single-threaded pass over the
//! index, so `warta index` does not do it by itself (BENCHMARKS.md, "One process per
//! query, round 3"). It knows nothing of documents or queries.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use tantivy::IndexWriter;

use crate::ingest::lock_error;
use crate::store::Store;

/// tantivy's smallest writer budget; a merge does not fill the indexing buffers.
const WRITER_BUDGET: usize = 15_000_000;

/// What [`merge_into_one`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeSummary {
    pub segments_before: usize,
    /// Articles in the index (the replaced ones left out).
    pub documents: u64,
    /// Replaced articles whose space the merge gave back.
    pub deleted_dropped: u64,
    pub took: Duration,
}

impl MergeSummary {
    pub fn render(&self) -> String {
        let segments = match self.segments_before {
            1 => "1 segment".to_string(),
            n => format!("{n} segments"),
        };
        if self.segments_before <= 1 && self.deleted_dropped == 0 {
            return format!("nothing to merge: {segments}, {} articles", self.documents);
        }
        let dropped = match self.deleted_dropped {
            0 => String::new(),
            1 => " (1 replaced article dropped)".to_string(),
            n => format!(" ({n} replaced articles dropped)"),
        };
        format!(
            "merged {segments} into one in {:.1} s: {} articles{dropped}",
            self.took.as_secs_f64(),
            self.documents,
        )
    }
}

/// Merges the segments of the index at `dir` into one, holding its writer lock (a
/// `warta index` run meanwhile is refused, and waits for none). Readers that have
/// the index open go on with the old segments.
pub fn merge_into_one(dir: &Path) -> Result<MergeSummary> {
    let started = Instant::now();
    let store = Store::open(dir)?;
    let mut writer: IndexWriter = store
        .index
        .writer_with_num_threads(1, WRITER_BUDGET)
        .map_err(|e| lock_error(e, dir))?;
    let cannot = || format!("{}: cannot merge the index", dir.display());
    let metas = store
        .index
        .searchable_segment_metas()
        .with_context(cannot)?;
    let segments_before = metas.len();
    let deleted: u64 = metas.iter().map(|m| u64::from(m.num_deleted_docs())).sum();
    let documents: u64 = metas.iter().map(|m| u64::from(m.num_docs())).sum();
    let ids: Vec<_> = metas.iter().map(|m| m.id()).collect();
    // A segment's files are kept while anything holds its metadata, the collection
    // below included.
    drop(metas);
    let merging = segments_before > 1 || deleted > 0;
    if merging {
        writer.merge(&ids).wait().with_context(cannot)?;
        // The merged segments' files, now named by no commit.
        writer.garbage_collect_files().wait().with_context(cannot)?;
    }
    writer.wait_merging_threads().with_context(cannot)?;
    Ok(MergeSummary {
        segments_before,
        documents,
        deleted_dropped: deleted,
        took: started.elapsed(),
    })
}
