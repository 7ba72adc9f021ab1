//! The index folder on disk, beneath tantivy: files written as any other program
//! writes them (following the umask, so that other users can query an index that root
//! or a cron job built), readers that need no write access (a read-only mount, another
//! user's index), and the swap that puts a rebuilt index in place of the old one while
//! readers go on. It knows nothing of documents or queries.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::ops::Range;
use std::os::unix::fs::{FileExt as _, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::{Context, Result};
use fs4::fs_std::FileExt;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr, INDEX_WRITER_LOCK, META_LOCK,
};
use tantivy::HasLen;

/// tantivy's list of the files it wrote (and may delete).
const MANAGED_FILE: &str = ".managed.json";
const META_FILE: &str = "meta.json";

/// An index folder: tantivy's memory-mapped directory, with umask-following atomic
/// writes and locks that a reader without write access can do without.
#[derive(Clone, Debug)]
pub struct IndexDirectory {
    path: PathBuf,
    inner: MmapDirectory,
    reads: Reads,
}

/// How the index files are read: what suits a process depends on how long it lives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reads {
    /// From the memory map only: a resident process (a batch, the server, indexing)
    /// maps each page once and reads it for free from then on.
    #[default]
    Mapped,
    /// Short ranges copied out by `pread` (see [`IndexFile`]): a process answering
    /// one query touches a few pages here and there, and would pay to map and unmap
    /// sixteen pages for each.
    CopyShort,
}

impl IndexDirectory {
    pub fn open(path: &Path) -> Result<IndexDirectory> {
        IndexDirectory::open_with(path, Reads::Mapped)
    }

    pub fn open_with(path: &Path, reads: Reads) -> Result<IndexDirectory> {
        let inner = MmapDirectory::open(path)
            .with_context(|| format!("{}: cannot open index directory", path.display()))?;
        Ok(IndexDirectory {
            path: path.to_path_buf(),
            inner,
            reads,
        })
    }

    /// Takes the index's writer lock, or says who holds it.
    pub fn lock_for_writing(&self) -> Result<DirectoryLock> {
        self.inner
            .acquire_lock(&INDEX_WRITER_LOCK)
            .map_err(|e| lock_error(e, &self.path))
    }
}

/// The writer lock refused, in words naming the index folder.
pub fn lock_error(e: LockError, dir: &Path) -> anyhow::Error {
    match e {
        LockError::LockBusy => {
            anyhow::anyhow!(
                "{}: index is locked by another warta process",
                dir.display()
            )
        }
        LockError::IoError(io) => anyhow::anyhow!(
            "{}: cannot lock the index for writing: {}",
            dir.display(),
            crate::describe_io_error(&io)
        ),
    }
}

/// Writes `content` to `path` through a temporary file and a rename, so that a reader
/// sees the old or the new content; unlike tantivy's own, the file gets the mode that
/// the umask gives new files (tempfile creates them 0600).
fn atomic_write(path: &Path, content: &[u8]) -> io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::Builder::new()
        .permissions(fs::Permissions::from_mode(0o666))
        .tempfile_in(parent)?;
    file.write_all(content)?;
    file.as_file_mut().sync_data()?;
    file.into_temp_path().persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Reads of at most this many bytes are copied out of the file by `pread`; longer ones
/// are served from tantivy's memory map.
const SMALL_READ: usize = 16 * 1024;

/// An index file as a one-query process reads it ([`Reads::CopyShort`]): a short range (a footer, a small posting list, a
/// block of the document store) copied by one `pread` into memory of its own, a long one
/// (a term dictionary's FST, a fast-field column) from the memory map. Touching a mapped
/// page costs a page fault, and the kernel maps up to sixteen cached pages around it and
/// unmaps them all at exit; a process answering one query touches a few pages here and
/// there in every segment's files, so most of that mapping is wasted
/// (BENCHMARKS.md, "One process per query, round 4").
#[derive(Debug)]
struct IndexFile {
    map: Arc<dyn FileHandle>,
    path: PathBuf,
    /// Opened at the first short read.
    file: OnceLock<io::Result<File>>,
}

impl HasLen for IndexFile {
    fn len(&self) -> usize {
        self.map.len()
    }
}

impl FileHandle for IndexFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.len() > SMALL_READ || range.is_empty() {
            return self.map.read_bytes(range);
        }
        let file = match self.file.get_or_init(|| File::open(&self.path)) {
            Ok(file) => file,
            // Unreadable by name (a file replaced under a reader): the map still holds it.
            Err(_) => return self.map.read_bytes(range),
        };
        let mut bytes = vec![0u8; range.len()];
        file.read_exact_at(&mut bytes, range.start as u64)?;
        Ok(OwnedBytes::new(bytes))
    }
}

/// True when an error means that this process may not write here.
fn is_read_only(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::PermissionDenied || err.kind() == io::ErrorKind::ReadOnlyFilesystem
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let map = self.inner.get_file_handle(path)?;
        if self.reads == Reads::Mapped {
            return Ok(map);
        }
        Ok(Arc::new(IndexFile {
            map,
            path: self.path.join(path),
            file: OnceLock::new(),
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        atomic_write(&self.path.join(path), data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }

    /// The meta lock keeps a writer from deleting files while a reader opens them.
    /// A reader that may not create the lock file takes it through a read-only handle
    /// when it exists (root's index, queried by another user), and goes without when
    /// it does not (a read-only mount, where nobody deletes anything).
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(err)) if lock.is_blocking && is_read_only(&err) => {
                match File::open(self.path.join(&lock.filepath)) {
                    Ok(file) => {
                        file.lock_exclusive().map_err(LockError::wrap_io_error)?;
                        Ok(DirectoryLock::from(Box::new(file)))
                    }
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        Ok(DirectoryLock::from(Box::new(())))
                    }
                    Err(e) => Err(LockError::wrap_io_error(e)),
                }
            }
            other => other,
        }
    }
}

/// A `warta index --rebuild` in progress: it holds the old index's writer lock from
/// the start (so that no other writer runs meanwhile, and none is overrun), builds the
/// new index in a hidden folder inside the old one, and then swaps it in.
pub struct Rebuild {
    dir: PathBuf,
    staging: PathBuf,
    directory: IndexDirectory,
    _lock: DirectoryLock,
}

impl Rebuild {
    /// Locks `dir` (creating it if needed) and clears a killed rebuild's leftovers.
    pub fn start(dir: &Path) -> Result<Rebuild> {
        fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create index directory", dir.display()))?;
        let directory = IndexDirectory::open(dir)?;
        let lock = directory.lock_for_writing()?;
        let staging = dir.join(".rebuild");
        if staging.exists() {
            fs::remove_dir_all(&staging)
                .with_context(|| format!("{}: cannot remove", staging.display()))?;
        }
        Ok(Rebuild {
            dir: dir.to_path_buf(),
            staging,
            directory,
            _lock: lock,
        })
    }

    /// The folder the new index is built in.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Puts the committed index in the staging folder in place of the old one. Readers
    /// see the old commit until `meta.json` is replaced (one rename) and the new one
    /// after; the old files go only then, under the lock readers take to open files.
    pub fn finish(self) -> Result<()> {
        let context = || {
            format!(
                "{}: cannot put the rebuilt index in place",
                self.dir.display()
            )
        };
        let managed = |dir: &Path| -> Result<HashSet<String>> {
            match fs::read_to_string(dir.join(MANAGED_FILE)) {
                Ok(text) => Ok(serde_json::from_str(&text)?),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(HashSet::new()),
                Err(e) => Err(e.into()),
            }
        };
        let new_files = managed(&self.staging).with_context(context)?;
        let old_files = managed(&self.dir).unwrap_or_default();
        let _readers_wait = self
            .directory
            .acquire_lock(&META_LOCK)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(context)?;
        // New segment files and the schema and word lists first: nothing reads them
        // before the new meta.json names them (the schema and word lists are those of
        // the same build unless --schema or the word lists changed).
        for entry in fs::read_dir(&self.staging).with_context(context)? {
            let name = entry.with_context(context)?.file_name();
            let name = name.to_string_lossy();
            if name == META_FILE || name == MANAGED_FILE || name.ends_with(".lock") {
                continue;
            }
            fs::rename(self.staging.join(&*name), self.dir.join(&*name)).with_context(context)?;
        }
        // Both sets are tantivy's to clean up should this process die before the end.
        let both: HashSet<&String> = new_files.iter().chain(&old_files).collect();
        atomic_write(
            &self.dir.join(MANAGED_FILE),
            serde_json::to_string(&both)?.as_bytes(),
        )
        .with_context(context)?;
        fs::rename(self.staging.join(META_FILE), self.dir.join(META_FILE)).with_context(context)?;
        atomic_write(
            &self.dir.join(MANAGED_FILE),
            serde_json::to_string(&new_files)?.as_bytes(),
        )
        .with_context(context)?;
        // The old index's files, and what killed runs may have left.
        for entry in fs::read_dir(&self.dir).with_context(context)? {
            let path = entry.with_context(context)?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if is_segment_file(&name) && !new_files.contains(&*name) && path.is_file() {
                fs::remove_file(&path).with_context(context)?;
            }
        }
        self.directory.sync_directory().with_context(context)?;
        Ok(())
    }
}

impl Drop for Rebuild {
    /// A rebuild that failed leaves the old index as it was, and no half-built one.
    fn drop(&mut self) {
        fs::remove_dir_all(&self.staging).ok();
    }
}

/// A segment's file: `<32 hex digits>.<component>`, tantivy's naming.
pub fn is_segment_file(name: &str) -> bool {
    name.split_once('.').is_some_and(|(uuid, ext)| {
        uuid.len() == 32 && uuid.bytes().all(|b| b.is_ascii_hexdigit()) && !ext.is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Short reads (`pread`) and long ones (the map) give the file's bytes, at any
    /// offset, up to its very end; a short read of a file gone by name falls back to
    /// the map.
    #[test]
    fn short_and_long_reads_give_the_files_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..3 * SMALL_READ as u32)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        std::fs::write(dir.path().join("a.idx"), &bytes).unwrap();
        let directory = IndexDirectory::open_with(dir.path(), Reads::CopyShort).unwrap();
        let handle = directory.get_file_handle(Path::new("a.idx")).unwrap();
        assert_eq!(handle.len(), bytes.len());
        let end = bytes.len();
        for range in [
            0..0,
            0..1,
            5..4100,
            end - 12..end,
            100..100 + SMALL_READ,
            100..101 + SMALL_READ,
            0..end,
        ] {
            let read = handle.read_bytes(range.clone()).unwrap();
            assert_eq!(read.as_slice(), &bytes[range.clone()], "{range:?}");
        }
        // A short read past the end is an error, not a panic or short bytes.
        assert!(handle.read_bytes(end - 4..end + 4).is_err());

        let other = directory.get_file_handle(Path::new("a.idx")).unwrap();
        std::fs::remove_file(dir.path().join("a.idx")).unwrap();
        let read = other.read_bytes(10..20).unwrap();
        assert_eq!(read.as_slice(), &bytes[10..20]);
    }
}
