//! Writing articles into the index: runs the parse stage in parallel across files,
//! adds each article's document (built by `document`), commits, shows progress and
//! counts what happened. Reading files is `parse`'s job, finding them `discover`'s.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tantivy::indexer::LogMergePolicy;
use tantivy::{IndexWriter, Term};

use crate::catalog;
use crate::directory::{self, Rebuild};
use crate::discover::{discover, Candidate};
use crate::document::{display_path, DocBuilder};
use crate::output::count;
use crate::parse::{read_articles, read_articles_from_bytes, Article, Format};
use crate::schema::SchemaDecl;
use crate::store::{self, Store, UserWords};

pub struct IndexOptions {
    pub paths: Vec<PathBuf>,
    pub index_dir: PathBuf,
    pub schema: Option<PathBuf>,
    /// Words never to stem, and extra roots, for a new index.
    pub words: Option<UserWords>,
    pub rebuild: bool,
    /// Follow symbolic links below the given paths.
    pub follow_links: bool,
    pub threads: usize,
    pub memory_mb: usize,
    pub quiet: bool,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub files_seen: u64,
    /// Files read because they were new or changed.
    pub files_read: u64,
    pub articles: u64,
    pub added: u64,
    pub updated: u64,
    pub removed: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub failed: u64,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Summary {
    pub fn render(&self) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-6);
        format!(
            "indexed {} from {} ({} seen: {} added, {} updated, {} removed, {} unchanged, {} skipped, {} failed) in {:.2} s: {:.0} articles/s, {:.1} MB/s",
            count(self.articles, "article", "articles"),
            count(self.files_read, "file", "files"),
            self.files_seen,
            self.added,
            self.updated,
            self.removed,
            self.unchanged,
            self.skipped,
            self.failed,
            secs,
            self.articles as f64 / secs,
            self.bytes as f64 / 1e6 / secs,
        )
    }
}

/// Files larger than this are streamed rather than read whole.
const STREAM_ABOVE_BYTES: u64 = 16 * 1024 * 1024;

/// Segments of one size that make tantivy merge them.
const MERGE_AT_SEGMENTS: usize = 16;

/// Files are taken in runs of about this many bytes; a commit may follow each run.
const COMMIT_EVERY_BYTES: u64 = 128 * 1024 * 1024;
/// A run is committed once this long has passed since the last commit: a crash loses
/// at most about this much work. Each commit flushes a segment per indexing thread and
/// drains the pipeline, and more segments mean more merging, so commits are kept few.
const COMMIT_EVERY: Duration = Duration::from_secs(300);

#[derive(Default)]
struct Counters {
    articles: AtomicU64,
    added: AtomicU64,
    updated: AtomicU64,
    unchanged: AtomicU64,
    failed: AtomicU64,
    bytes: AtomicU64,
}

/// Indexes every article under `opts.paths`: new files are added, changed files
/// re-indexed, unchanged files skipped, and files gone from the given folders removed.
/// Problems with single files are reported on stderr and counted; only problems with
/// the index itself are errors.
pub fn run(opts: &IndexOptions) -> Result<Summary> {
    let started = Instant::now();
    let decl = match &opts.schema {
        Some(path) => SchemaDecl::load(path)?,
        None => SchemaDecl::default_decl(),
    };
    // A rebuild takes the index's writer lock before it touches anything, and builds
    // the new index beside the old one, which answers queries until the swap.
    let rebuild = opts
        .rebuild
        .then(|| Rebuild::start(&opts.index_dir))
        .transpose()?;
    let target = rebuild
        .as_ref()
        .map_or(opts.index_dir.as_path(), |r| r.staging());
    let store = if store::exists(target) {
        if opts.schema.is_some() {
            anyhow::bail!(
                "{}: an index already exists; its schema can only change with --rebuild",
                opts.index_dir.display()
            );
        }
        let store = Store::open(target)?;
        if opts
            .words
            .as_ref()
            .is_some_and(|w| !w.same_lists(&store.words))
        {
            anyhow::bail!(
                "{}: an index already exists; its word lists (--protect, --roots) can only change with --rebuild",
                opts.index_dir.display()
            );
        }
        store
    } else {
        Store::create(target, decl, opts.words.clone().unwrap_or_default())?
    };

    let threads = opts.threads.max(1);
    let budget = (opts.memory_mb.max(threads * 20)) * 1_000_000;
    let mut writer: IndexWriter = store
        .index
        .writer_with_num_threads(threads, budget)
        .map_err(|e| lock_error(e, &opts.index_dir))?;
    // tantivy merges a level once it holds 8 segments; a first build of a large archive
    // flushes about that many, and merging them into one at the end ran single-threaded
    // for 12 s of a 72 s build (254,210 articles). Merging waits for twice as many.
    let mut merges = LogMergePolicy::default();
    merges.set_min_num_segments(MERGE_AT_SEGMENTS);
    writer.set_merge_policy(Box::new(merges));
    // A run killed while committing can leave files that its meta.json never named; a
    // rerun doing the same work would want the same names (a segment's deletes are
    // named by operation number) and fail. Clear them first. A failure here resurfaces
    // as a clear error at the commit.
    writer.garbage_collect_files().wait().ok();
    let known = catalog::indexed_files(&store)?;

    let found = discover(&opts.paths, opts.follow_links);
    let progress = progress_bar(&found.candidates, opts.quiet);
    let report = |line: String| progress.suspend(|| eprintln!("{line}"));
    for err in &found.errors {
        report(err.clone());
    }

    let builder = DocBuilder::new(&store.decl, &store.index.schema());
    let counters = Counters::default();
    counters
        .failed
        .fetch_add(found.errors.len() as u64, Ordering::Relaxed);
    let add_error = Mutex::new(None);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(reader_threads(threads, &found.candidates))
        .build()?;
    let commit = |writer: &mut IndexWriter| {
        writer
            .commit()
            .map(|_| ())
            .with_context(|| format!("{}: cannot commit the index", opts.index_dir.display()))
    };
    let mut last_commit = Instant::now();
    for batch in batches(&found.candidates) {
        pool.install(|| {
            batch.par_iter().for_each(|file| {
                let mut shown = FileProgress::new(&progress, file.size, &counters.articles);
                let outcome = index_file(
                    file, &known, &writer, &builder, &counters, &report, &mut shown,
                );
                if let Err(e) = outcome {
                    add_error.lock().unwrap().get_or_insert(e);
                }
                shown.done();
            })
        });
        if let Some(e) = add_error.lock().unwrap().take() {
            let e = worker_failure(&mut writer, e).context(opts.index_dir.display().to_string());
            return Err(discard_uncommitted(writer, e));
        }
        if last_commit.elapsed() >= COMMIT_EVERY {
            if let Err(e) = commit(&mut writer) {
                return Err(discard_uncommitted(writer, e));
            }
            last_commit = Instant::now();
        }
    }

    // Files that were indexed below the given folders and are gone now. A folder that
    // exists but cannot be read is no sign that its files are gone.
    let seen: HashSet<String> = found.candidates.iter().map(display_path).collect();
    let roots: Vec<PathBuf> = opts
        .paths
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut removed = 0;
    for path in known.keys() {
        let file = Path::new(path);
        let below_a_root = roots.iter().any(|root| file.starts_with(root));
        let unreadable = found.unreadable.iter().any(|place| file.starts_with(place));
        if below_a_root && !unreadable && !seen.contains(path) {
            writer.delete_term(Term::from_field_text(store.fields.path, path));
            removed += 1;
        }
    }
    progress.set_message(format!(
        "{}; committing",
        count(
            counters.articles.load(Ordering::Relaxed),
            "article",
            "articles"
        )
    ));
    if let Err(e) = commit(&mut writer) {
        return Err(discard_uncommitted(writer, e));
    }
    writer.wait_merging_threads().ok();
    if let Some(rebuild) = rebuild {
        rebuild.finish()?;
    }
    progress.finish_and_clear();

    let read = counters.added.load(Ordering::Relaxed) + counters.updated.load(Ordering::Relaxed);
    Ok(Summary {
        files_seen: (found.candidates.len() + found.skipped.len()) as u64,
        files_read: read,
        articles: counters.articles.into_inner(),
        added: counters.added.into_inner(),
        updated: counters.updated.into_inner(),
        removed,
        unchanged: counters.unchanged.into_inner(),
        skipped: found.skipped.len() as u64,
        failed: counters.failed.into_inner(),
        bytes: counters.bytes.into_inner(),
        elapsed: started.elapsed(),
    })
}

/// When an indexing thread fails (a full disk, say), adding a document says only that
/// the writer was killed; joining the threads gives the failure itself, which is
/// returned in place of `error`. Nothing is committed.
fn worker_failure(writer: &mut IndexWriter, error: anyhow::Error) -> anyhow::Error {
    match writer.prepare_commit() {
        Err(cause) => anyhow::Error::new(cause).context("cannot add documents to the index"),
        Ok(prepared) => {
            prepared.abort().ok();
            error
        }
    }
}

/// After a failed write (a full disk, say): drops what was written since the last
/// commit, half-written segment files included, so that they do not fill the disk
/// until the next run. Returns the error.
fn discard_uncommitted(mut writer: IndexWriter, error: anyhow::Error) -> anyhow::Error {
    writer.rollback().ok();
    writer.garbage_collect_files().wait().ok();
    writer.wait_merging_threads().ok();
    error
}

/// Threads that read and parse files, beside the `threads` that index their articles.
///
/// A saved web page takes far longer to parse than its article takes to index (about
/// 27 M instructions a page against 1 M), so pages get a reader per indexing thread.
/// Other formats parse in a fifth of the time their articles take to index, and one
/// reader per two indexing threads keeps those fed: a reader each put four busy
/// threads on two cores, and the indexing threads, often finding the queue empty,
/// slept and woke for single articles (up to 440,000 context switches and 50% more
/// CPU time for a folder of 254,210 files).
fn reader_threads(threads: usize, files: &[Candidate]) -> usize {
    let pages = files.iter().filter(|f| f.format == Format::Html).count();
    if pages * PAGES_NEED_ALL_READERS >= files.len() {
        threads
    } else {
        threads.div_ceil(2)
    }
}

/// One file in this many being a web page makes parsing the larger part of the work.
const PAGES_NEED_ALL_READERS: usize = 50;

/// Consecutive runs of files of about `COMMIT_EVERY_BYTES` each.
fn batches(files: &[Candidate]) -> Vec<&[Candidate]> {
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, file) in files.iter().enumerate() {
        size += file.size;
        if size >= COMMIT_EVERY_BYTES {
            out.push(&files[start..=i]);
            start = i + 1;
            size = 0;
        }
    }
    if start < files.len() {
        out.push(&files[start..]);
    }
    out
}

/// Reads one file and adds its articles, unless it is unchanged since last time.
/// Errors are only those of the index; a bad file is reported and counted.
fn index_file(
    file: &Candidate,
    known: &HashMap<String, String>,
    writer: &IndexWriter,
    builder: &DocBuilder,
    counters: &Counters,
    report: &(dyn Fn(String) + Sync),
    shown: &mut FileProgress,
) -> Result<()> {
    // Small files are read once; a large one (a JSON Lines archive) is hashed and then
    // streamed, so that it is never held in memory whole.
    let read = if file.size <= STREAM_ABOVE_BYTES {
        read_whole(&file.path, file.size).map(|bytes| (catalog::content_hash(&bytes), Some(bytes)))
    } else {
        catalog::content_hash_of_file(&file.path).map(|hash| (hash, None))
    };
    let (hash, bytes) = match read {
        Ok(read) => read,
        Err(e) => {
            report(located(file, None, &crate::describe_io_error(&e)));
            counters.failed.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
    };
    let path = display_path(file);
    let counter = match known.get(&path) {
        Some(old) if *old == hash => {
            counters.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        Some(_) => {
            // Re-reading a changed file replaces what it gave last time.
            writer.delete_term(Term::from_field_text(builder.path_field, &path));
            &counters.updated
        }
        None => &counters.added,
    };
    counters.bytes.fetch_add(file.size, Ordering::Relaxed);
    let mut bad = 0;
    let mut articles = 0;
    let mut add_error = None;
    let mut sink = |item: Result<Article, crate::parse::ParseError>| match item {
        Ok(article) => {
            let doc = builder.build(&article, file, &hash);
            match writer.add_document(doc) {
                Ok(_) => {
                    articles += 1;
                    counters.articles.fetch_add(1, Ordering::Relaxed);
                    shown.article(article.title.len() + article.body.len());
                }
                Err(e) => {
                    add_error.get_or_insert(e);
                }
            }
        }
        Err(e) => {
            bad += 1;
            report(located(file, e.line, &e.message));
        }
    };
    let outcome = match &bytes {
        Some(bytes) => read_articles_from_bytes(&file.path, bytes, &mut sink),
        None => read_articles(&file.path, &mut sink),
    };
    // A file that gave nothing is counted as failed only, not as added or updated too.
    match outcome {
        Err(e) => {
            bad += 1;
            report(located(file, e.line, &e.message));
            if articles > 0 {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok(()) => {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }
    counters.failed.fetch_add(bad, Ordering::Relaxed);
    match add_error {
        Some(e) => Err(e).context("cannot add documents to the index"),
        None => Ok(()),
    }
}

/// A whole file, read into room for the size the walk saw (and more if it has grown
/// since): `std::fs::read` would ask the system for the size again, a call per file.
fn read_whole(path: &Path, size: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    // Through `Read::by_ref`, not `File`'s own `read_to_end`, which also asks for the size.
    std::fs::File::open(path)?
        .by_ref()
        .take(u64::MAX)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `path[:line]: reason`, the form every per-file problem is reported in.
fn located(file: &Candidate, line: Option<usize>, message: &str) -> String {
    match line {
        Some(line) => format!("{}:{line}: {message}", file.path.display()),
        None => format!("{}: {message}", file.path.display()),
    }
}

pub(crate) fn lock_error(e: tantivy::TantivyError, dir: &std::path::Path) -> anyhow::Error {
    match e {
        tantivy::TantivyError::LockFailure(lock, _) => directory::lock_error(lock, dir),
        other => {
            anyhow::Error::new(other).context(format!("{}: cannot write the index", dir.display()))
        }
    }
}

/// One file's share of the progress bar, moved as its articles are read: a large
/// JSON Lines file advances the bar article by article (by the bytes of each
/// article's text, about the bytes read) instead of all at once when it is done.
struct FileProgress<'a> {
    bar: &'a ProgressBar,
    size: u64,
    credited: u64,
    articles: &'a AtomicU64,
}

impl<'a> FileProgress<'a> {
    fn new(bar: &'a ProgressBar, size: u64, articles: &'a AtomicU64) -> FileProgress<'a> {
        FileProgress {
            bar,
            size,
            credited: 0,
            articles,
        }
    }

    /// An article of `text_bytes` bytes was added.
    fn article(&mut self, text_bytes: usize) {
        let step = (text_bytes as u64).min(self.size - self.credited);
        self.credited += step;
        self.bar.inc(step);
        let articles = self.articles.load(Ordering::Relaxed);
        // The count in words now and then: a bar shared by threads is locked to change.
        if articles % 64 == 1 {
            self.bar.set_message(count(articles, "article", "articles"));
        }
    }

    /// The file is read (or skipped): the bar takes the rest of its bytes.
    fn done(self) {
        self.bar.inc(self.size - self.credited);
        self.bar.set_message(count(
            self.articles.load(Ordering::Relaxed),
            "article",
            "articles",
        ));
    }
}

fn progress_bar(files: &[Candidate], quiet: bool) -> ProgressBar {
    let total: u64 = files.iter().map(|f| f.size).sum();
    let bar = ProgressBar::new(total);
    if quiet || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}, eta {eta}) {msg}",
        )
        .expect("a valid template"),
    );
    // The spinner and clock keep moving while one large file is read or the commit
    // runs, which can take a while with nothing else to show.
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

#[cfg(test)]
mod progress_tests {
    use super::*;

    #[test]
    fn pages_get_a_reader_per_indexing_thread_and_other_files_half() {
        let files = |pages: usize, others: usize| -> Vec<Candidate> {
            let file = |format| Candidate {
                path: PathBuf::from("a"),
                relative: "a".to_string(),
                absolute: PathBuf::from("/a"),
                format,
                gzip: false,
                size: 1,
            };
            (0..pages)
                .map(|_| file(Format::Html))
                .chain((0..others).map(|_| file(Format::Text)))
                .collect()
        };
        assert_eq!(reader_threads(2, &files(0, 100)), 1);
        assert_eq!(reader_threads(4, &files(0, 100)), 2);
        assert_eq!(reader_threads(3, &files(1, 100)), 2);
        assert_eq!(reader_threads(1, &files(0, 1)), 1);
        assert_eq!(reader_threads(2, &files(2, 98)), 2);
        assert_eq!(reader_threads(2, &files(1, 0)), 2);
        assert_eq!(reader_threads(2, &[]), 2);
    }

    #[test]
    fn a_file_moves_the_bar_article_by_article() {
        let bar = ProgressBar::hidden();
        bar.set_length(1_000);
        let articles = AtomicU64::new(0);
        let mut file = FileProgress::new(&bar, 1_000, &articles);
        articles.fetch_add(1, Ordering::Relaxed);
        file.article(300);
        assert_eq!(bar.position(), 300);
        assert_eq!(bar.message(), "1 article");
        articles.fetch_add(1, Ordering::Relaxed);
        file.article(900);
        // Never past the file's own size, whatever the texts add up to.
        assert_eq!(bar.position(), 1_000);
        file.done();
        assert_eq!(bar.position(), 1_000);
        assert_eq!(bar.message(), "2 articles");

        let mut skipped = FileProgress::new(&bar, 500, &articles);
        skipped.article(0);
        skipped.done();
        assert_eq!(bar.position(), 1_500);
    }
}
