//! The index directory: creating it with a schema declaration, opening it with the
//! declaration it was built with, and registering the analysers both sides need. It does
//! not decide what goes into documents (`ingest`) or how queries run (`search`).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tantivy::store::Compressor;
use tantivy::{Index, IndexSettings};

use serde::{Deserialize, Serialize};

use crate::analysis::AnalyzerOptions;
use crate::directory::{IndexDirectory, Reads};
use crate::schema::{CoreFields, SchemaDecl, SCHEMA_FILE_NAME};
use crate::tokenizer::Analyzers;

/// The file an index directory keeps the user's word lists in.
pub const WORDS_FILE_NAME: &str = "warta_words.json";

/// Words a user adds to the analyser for one index: names never to stem, and roots the
/// built-in lexicon lacks; and whether spelled-out abbreviations are indexed under
/// their short forms too. Kept in the index, so queries analyse as indexing did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserWords {
    #[serde(default)]
    pub protected: Vec<String>,
    #[serde(default)]
    pub roots: Vec<String>,
    /// True for indexes built since short forms were indexed; an older index (without
    /// the key) keeps being searched with phrase expansions instead.
    #[serde(default)]
    pub abbreviation_terms: bool,
}

impl Default for UserWords {
    fn default() -> UserWords {
        UserWords {
            protected: Vec::new(),
            roots: Vec::new(),
            abbreviation_terms: true,
        }
    }
}

impl UserWords {
    /// The same lists (what `--protect` and `--roots` give).
    pub fn same_lists(&self, other: &UserWords) -> bool {
        self.protected == other.protected && self.roots == other.roots
    }

    /// Reads a word list: one word a line, `#` comments and blank lines ignored.
    pub fn read_list(path: &Path) -> Result<Vec<String>> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read word list", path.display()))?;
        Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect())
    }

    /// The lists in the files given, if any was given.
    pub fn from_files(protect: Option<&Path>, roots: Option<&Path>) -> Result<Option<UserWords>> {
        if protect.is_none() && roots.is_none() {
            return Ok(None);
        }
        let read = |path: Option<&Path>| path.map(UserWords::read_list).unwrap_or(Ok(Vec::new()));
        Ok(Some(UserWords {
            protected: read(protect)?,
            roots: read(roots)?,
            ..UserWords::default()
        }))
    }

    pub fn options(&self) -> AnalyzerOptions {
        AnalyzerOptions {
            extra_protected: self.protected.clone(),
            extra_roots: self.roots.clone(),
            abbreviation_terms: self.abbreviation_terms,
            ..AnalyzerOptions::default()
        }
    }
}

/// An open warta index.
pub struct Store {
    pub dir: PathBuf,
    pub index: Index,
    pub decl: SchemaDecl,
    pub fields: CoreFields,
    pub analyzers: Analyzers,
    pub words: UserWords,
}

/// Bytes of stored articles kept together in one block of the document store. Showing
/// a hit reads its whole block, so blocks hold a few articles rather than tantivy's
/// default of 16 KB. An index keeps the size it was built with.
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// New indexes store articles uncompressed: decompressing a hit's lz4 block was the
/// largest single cost of a page of many hits (see BENCHMARKS.md, "no compression in
/// the document store"), for a larger index. Each index records its own setting, so
/// indexes built with lz4 stay readable.
const DOCSTORE_COMPRESSION: Compressor = Compressor::None;

/// True when `dir` holds a tantivy index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

impl Store {
    /// Opens the index at `dir`, with the declaration stored beside it.
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_with(dir, Reads::Mapped)
    }

    /// [`open`](Self::open), reading the index files as `reads` says.
    pub fn open_with(dir: &Path, reads: Reads) -> Result<Store> {
        match std::fs::metadata(dir.join("meta.json")) {
            Ok(meta) if meta.is_file() => {}
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => bail!(
                "{}: cannot open the index: {}",
                dir.display(),
                crate::describe_io_error(&e)
            ),
            _ => bail!(
                "{}: no warta index here (build one with `warta index DIR --index {}`)",
                dir.display(),
                dir.display()
            ),
        }
        let decl = SchemaDecl::load(&dir.join(SCHEMA_FILE_NAME))?;
        let directory = IndexDirectory::open_with(dir, reads)?;
        let index = Index::open(directory)
            .with_context(|| format!("{}: cannot open index", dir.display()))?;
        Store::assemble(dir, index, decl)
    }

    /// Creates a new, empty index at `dir` (which must not hold one).
    pub fn create(dir: &Path, decl: SchemaDecl, words: UserWords) -> Result<Store> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create index directory", dir.display()))?;
        let text = serde_json::to_string_pretty(&decl).expect("a declaration serialises");
        std::fs::write(dir.join(SCHEMA_FILE_NAME), text)
            .with_context(|| format!("{}: cannot write schema", dir.display()))?;
        let text = serde_json::to_string_pretty(&words).expect("word lists serialise");
        std::fs::write(dir.join(WORDS_FILE_NAME), text)
            .with_context(|| format!("{}: cannot write word lists", dir.display()))?;
        let directory = IndexDirectory::open(dir)?;
        let settings = IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK_BYTES,
            docstore_compression: DOCSTORE_COMPRESSION,
            docstore_compress_dedicated_thread: false,
            ..IndexSettings::default()
        };
        let index = Index::create(directory, decl.build(), settings)
            .with_context(|| format!("{}: cannot create index", dir.display()))?;
        Store::assemble(dir, index, decl)
    }

    fn assemble(dir: &Path, mut index: Index, decl: SchemaDecl) -> Result<Store> {
        // Stored articles are written by the thread that indexes them. tantivy would
        // hand every block to a thread of its own to compress, waking it per block (an
        // article or two): with nothing to compress, half of indexing's context
        // switches bought nothing (see BENCHMARKS.md). An index built with lz4
        // compresses on the indexing thread too: both cores are busy indexing anyway.
        index.settings_mut().docstore_compress_dedicated_thread = false;
        let words_path = dir.join(WORDS_FILE_NAME);
        let words: UserWords = match std::fs::read_to_string(&words_path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                anyhow::anyhow!("{}: malformed word lists: {e}", words_path.display())
            })?,
            // Written with every index; without it, the index predates the file.
            Err(_) => UserWords {
                abbreviation_terms: false,
                ..UserWords::default()
            },
        };
        let analyzers = Analyzers::new(&words.options());
        let separate_twins = decl
            .fields
            .iter()
            .any(|f| f.exact_of.is_some() && !f.inline);
        let schema = index.schema();
        let parts_follow_marked = decl.fields.iter().any(|part| {
            let Some(whole) = &part.part_of else {
                return false;
            };
            let field_id = |name: &str| schema.get_field(name).ok().map(|f| f.field_id());
            decl.inline_twin_of(whole).is_some() && field_id(&part.name) > field_id(whole)
        });
        analyzers.register(&index, separate_twins, parts_follow_marked);
        let fields = CoreFields::new(&index.schema())?;
        Ok(Store {
            dir: dir.to_path_buf(),
            index,
            decl,
            fields,
            analyzers,
            words,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEDICATED: &str = "\"docstore_compress_dedicated_thread\": ";

    #[test]
    fn stored_articles_are_written_by_the_indexing_thread_in_new_and_older_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            Store::create(dir.path(), SchemaDecl::default_decl(), UserWords::default()).unwrap();
        assert!(!store.index.settings().docstore_compress_dedicated_thread);
        drop(store);
        let meta = dir.path().join("meta.json");
        let text = std::fs::read_to_string(&meta).unwrap();
        assert!(text.contains(&format!("{DEDICATED}false")), "{text}");
        // An index made with tantivy's default, a compressor thread, opens without one.
        std::fs::write(
            &meta,
            text.replace(&format!("{DEDICATED}false"), &format!("{DEDICATED}true")),
        )
        .unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(!store.index.settings().docstore_compress_dedicated_thread);
    }
}
