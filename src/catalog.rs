//! What an index already holds, file by file: each indexed file's path and content
//! hash, read from the index's own fast fields, so the bookkeeping of incremental
//! updates can never disagree with the index. It decides nothing; `ingest` compares.

use std::collections::HashMap;

use anyhow::{Context, Result};

use crate::store::Store;

/// Path of each indexed file → hash of its content when it was indexed.
pub fn indexed_files(store: &Store) -> Result<HashMap<String, String>> {
    let reader = store.index.reader().context("cannot read the index")?;
    let searcher = reader.searcher();
    let mut files = HashMap::new();
    let (mut path, mut hash) = (String::new(), String::new());
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(paths), Some(hashes)) = (fast.str("path")?, fast.str("file_hash")?) else {
            continue;
        };
        for doc in segment.doc_ids_alive() {
            let (Some(p), Some(h)) = (paths.term_ords(doc).next(), hashes.term_ords(doc).next())
            else {
                continue;
            };
            path.clear();
            hash.clear();
            paths.ord_to_str(p, &mut path)?;
            hashes.ord_to_str(h, &mut hash)?;
            if !files.contains_key(path.as_str()) {
                files.insert(path.clone(), hash.clone());
            }
        }
    }
    Ok(files)
}

/// A fingerprint of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..32].to_string()
}

/// The same fingerprint, read from a file in pieces.
pub fn content_hash_of_file(path: &std::path::Path) -> std::io::Result<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(path)?)?;
    Ok(hasher.finalize().to_hex()[..32].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_and_bytes_hash_alike() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        let bytes = "{\"title\": \"x\"}\n".repeat(100_000);
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(
            content_hash_of_file(&path).unwrap(),
            content_hash(bytes.as_bytes())
        );
    }
}
