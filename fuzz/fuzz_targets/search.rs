//! Any query, with any sort, filters and flags, against an index of the sample corpus:
//! an answer or an error, never a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use warta::ingest::{self, IndexOptions};
use warta::search::{SearchRequest, Searcher, Sort};
use warta::store::Store;

fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<(PathBuf, Searcher)> = OnceLock::new();
    let (_, searcher) = SEARCHER.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("warta-fuzz-{}", std::process::id()));
        let index_dir = dir.join("index");
        let options = IndexOptions {
            paths: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sample_corpus")],
            index_dir: index_dir.clone(),
            schema: None,
            rebuild: true,
            threads: 1,
            memory_mb: 50,
            quiet: true,
            words: None,
        };
        ingest::run(&options).expect("the sample corpus indexes");
        let searcher = Searcher::new(Store::open(&index_dir).unwrap()).unwrap();
        (dir, searcher)
    });
    searcher
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    // `query | since | source`, so that filters get arbitrary text too.
    let mut parts = text.splitn(3, '\u{1}');
    let query = parts.next().unwrap_or("");
    let since = parts.next().map(str::to_string);
    let sources = parts
        .next()
        .map(|s| vec![s.to_string()])
        .unwrap_or_default();
    let request = SearchRequest {
        match_any: flags & 1 != 0,
        sort: [Sort::Relevance, Sort::Newest, Sort::Oldest][usize::from(flags >> 1 & 3) % 3],
        snippets: flags & 8 != 0,
        explain: flags & 16 != 0,
        include_duplicates: flags & 32 != 0,
        limit: usize::from(flags >> 6) * 7,
        offset: usize::from(flags & 7),
        since,
        sources,
        ..SearchRequest::new(query)
    };
    let _ = searcher().search(&request);
});
