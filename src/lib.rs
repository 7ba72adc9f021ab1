//! warta: full-text search for archives of Indonesian news.
//!
//! The data's trip, one module a stage: `discover` finds article files, `parse` reads
//! them into articles, `analysis` turns Indonesian text into terms, `ingest` writes
//! articles into the index (`schema`, `store`, `tokenizer` describe and open it,
//! `directory` keeps its files, `merge` makes its segments one),
//! `query` parses what people ask, `search` answers it and `output` prints the answer;
//! `spacing` folds whitespace the same way for all of them.
//! `engine` is the archive as one library type that both faces use: `cli` and
//! `commands` are the command line, `server` is the HTTP API and search page.

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod directory;
pub mod discover;
pub mod document;
pub mod duplicates;
pub mod engine;
pub mod expansion;
pub mod fingerprint;
pub mod ingest;
pub mod merge;
pub mod opensearch;
pub mod output;
pub mod paging;
pub mod parse;
pub mod query;
pub mod rerank;
pub mod schema;
pub mod search;
pub mod server;
pub mod snippet;
pub mod spacing;
pub mod store;
pub mod stored;
pub mod tokenizer;

/// How a command ended, for the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done, and something was found (exit 0).
    Found,
    /// Done, and nothing was found (exit 1).
    NotFound,
    /// Done, but some input failed (exit 2).
    Failed,
}

/// True when `err` is a closed stdout (`warta query x | head -1`), which is no error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let io = cause.downcast_ref::<std::io::Error>().map(|io| io.kind());
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(|e| e.io_error_kind());
        io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// An I/O error in words, without Rust's "(os error 13)" suffix.
pub fn describe_io_error(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "no such file or directory".to_string(),
        PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}
