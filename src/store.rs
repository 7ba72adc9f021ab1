//! The index directory: creating it with a schema declaration, opening it with the
//! declaration it was built with, and registering the analysers both sides need. It does
//! not decide what goes into documents (`ingest`) or how queries run (`search`).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tantivy::directory::MmapDirectory;
use tantivy::Index;

use crate::analysis::AnalyzerOptions;
use crate::schema::{CoreFields, SchemaDecl, SCHEMA_FILE_NAME};
use crate::tokenizer::Analyzers;

/// An open warta index.
pub struct Store {
    pub dir: PathBuf,
    pub index: Index,
    pub decl: SchemaDecl,
    pub fields: CoreFields,
    pub analyzers: Analyzers,
}

/// True when `dir` holds a tantivy index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

impl Store {
    /// Opens the index at `dir`, with the declaration stored beside it.
    pub fn open(dir: &Path) -> Result<Store> {
        if !exists(dir) {
            bail!(
                "{}: no warta index here (build one with `warta index DIR --index {}`)",
                dir.display(),
                dir.display()
            );
        }
        let decl = SchemaDecl::load(&dir.join(SCHEMA_FILE_NAME))?;
        let directory = MmapDirectory::open(dir)
            .with_context(|| format!("{}: cannot open index", dir.display()))?;
        let index = Index::open(directory)
            .with_context(|| format!("{}: cannot open index", dir.display()))?;
        Store::assemble(dir, index, decl)
    }

    /// Creates a new, empty index at `dir` (which must not hold one).
    pub fn create(dir: &Path, decl: SchemaDecl) -> Result<Store> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create index directory", dir.display()))?;
        let text = serde_json::to_string_pretty(&decl).expect("a declaration serialises");
        std::fs::write(dir.join(SCHEMA_FILE_NAME), text)
            .with_context(|| format!("{}: cannot write schema", dir.display()))?;
        let directory = MmapDirectory::open(dir)
            .with_context(|| format!("{}: cannot open index directory", dir.display()))?;
        let index = Index::create(directory, decl.build(), Default::default())
            .with_context(|| format!("{}: cannot create index", dir.display()))?;
        Store::assemble(dir, index, decl)
    }

    /// Removes an index at `dir`, touching only files an index holds.
    pub fn remove(dir: &Path) -> Result<()> {
        if !exists(dir) {
            return Ok(());
        }
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let ours = name == "meta.json"
                || name == SCHEMA_FILE_NAME
                || name.starts_with('.')
                || name.len() > 32 && name.contains('.');
            if ours && path.is_file() {
                std::fs::remove_file(&path)
                    .with_context(|| format!("{}: cannot remove", path.display()))?;
            }
        }
        Ok(())
    }

    fn assemble(dir: &Path, index: Index, decl: SchemaDecl) -> Result<Store> {
        let analyzers = Analyzers::new(&AnalyzerOptions::default());
        analyzers.register(&index);
        let fields = CoreFields::new(&index.schema())?;
        Ok(Store {
            dir: dir.to_path_buf(),
            index,
            decl,
            fields,
            analyzers,
        })
    }
}
