//! Finding article files: walks each path given to `warta index` (walkdir), sorted,
//! skipping hidden files and folders and warta's own index folders, and sorts what it
//! finds into files warta can read, files it skips, and places it could not read.
//! Symbolic links below a path are skipped unless asked for (as ripgrep and fd do): a
//! link can lead out of the archive (`/etc/passwd` linked as `passwd.txt`). It does
//! not open files.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::parse::{detect_format, Format};
use crate::schema::SCHEMA_FILE_NAME;

/// A file warta can read.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub path: PathBuf,
    /// Path relative to the walked root, with `/` separators: the basis of stable ids,
    /// the same on every machine wherever the archive lives.
    pub relative: String,
    /// Absolute path: what the index records, so that `dir` and `./dir` are one file.
    pub absolute: PathBuf,
    pub format: Format,
    pub gzip: bool,
    pub size: u64,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub candidates: Vec<Candidate>,
    /// Files with an extension warta does not read.
    pub skipped: Vec<PathBuf>,
    /// Places that could not be read (`path: reason`).
    pub errors: Vec<String>,
    /// Absolute paths of the folders and files among them that exist but could not be
    /// read: what was indexed from them is kept.
    pub unreadable: Vec<PathBuf>,
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|s| s.starts_with('.') && s != "." && s != "..")
}

/// True for a warta index's folder (`cd archive && warta index .` with
/// `./warta-index` inside): its files are never articles, whichever index it is.
fn is_index_folder(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir()
        && entry.path().join(SCHEMA_FILE_NAME).is_file()
        && entry.path().join("meta.json").is_file()
}

/// Walks `roots` in order. A root may be a single file, and may be a symbolic link;
/// links below it are followed only with `follow_links`.
pub fn discover(roots: &[PathBuf], follow_links: bool) -> Discovery {
    let mut found = Discovery::default();
    for root in roots {
        if !root.exists() {
            found
                .errors
                .push(format!("{}: no such file or directory", root.display()));
            continue;
        }
        let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        let walker = WalkDir::new(root)
            .follow_links(follow_links)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !is_index_folder(e) && (e.depth() == 0 || !is_hidden(e.file_name())));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    found.errors.push(walk_error_message(&err));
                    let gone = err
                        .io_error()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
                    if let (Some(path), false) = (err.path(), gone) {
                        found.unreadable.push(absolute(root, &canonical_root, path));
                    }
                    continue;
                }
            };
            let path = entry.path();
            // A root given as a link is followed (the user named it); links below are not.
            if entry.depth() > 0 && entry.path_is_symlink() && !follow_links {
                found.skipped.push(path.to_path_buf());
                continue;
            }
            // A root link's entry is the link itself; what it names decides.
            let root_link = entry.depth() == 0 && entry.path_is_symlink();
            let is_file = if root_link {
                path.is_file()
            } else {
                entry.file_type().is_file()
            };
            if !is_file {
                continue;
            }
            if is_documentation(path) {
                found.skipped.push(path.to_path_buf());
                continue;
            }
            let Some((format, gzip)) = detect_format(path) else {
                found.skipped.push(path.to_path_buf());
                continue;
            };
            let metadata = if root_link {
                std::fs::metadata(path).ok()
            } else {
                entry.metadata().ok()
            };
            let size = metadata.map_or(0, |m| m.len());
            let absolute = absolute(root, &canonical_root, path);
            found.candidates.push(Candidate {
                path: path.to_path_buf(),
                relative: relative_name(root, path),
                absolute,
                format,
                gzip,
                size,
            });
        }
    }
    found
}

/// `path` below `root`, as below the root's canonical form.
fn absolute(root: &Path, canonical_root: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => canonical_root.join(rel),
        _ => canonical_root.to_path_buf(),
    }
}

/// Files named in capitals (`README.md`, `SOURCES.md`, `LICENSE.txt`) document an
/// archive; they are not articles.
fn is_documentation(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.split('.').next().unwrap_or("");
    stem.len() >= 3
        && stem
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-')
}

fn walk_error_message(err: &walkdir::Error) -> String {
    let path = err
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "?".to_string());
    if let Some(ancestor) = err.loop_ancestor() {
        return format!("{path}: symbolic link loop back to {}", ancestor.display());
    }
    match err.io_error() {
        Some(io) => format!("{path}: {}", crate::describe_io_error(io)),
        None => format!("{path}: {err}"),
    }
}

/// The path of `file` below `root`; a root that is itself a file keeps its file name.
fn relative_name(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let rel = if rel.as_os_str().is_empty() {
        Path::new(file.file_name().unwrap_or_default())
    } else {
        rel
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_names_are_slash_separated_and_root_independent() {
        let cases = [
            (
                "/a/archive",
                "/a/archive/kompas/2019/x.json",
                "kompas/2019/x.json",
            ),
            ("archive", "archive/x.txt", "x.txt"),
            ("/a/one.jsonl", "/a/one.jsonl", "one.jsonl"),
        ];
        for (root, file, expected) in cases {
            assert_eq!(relative_name(Path::new(root), Path::new(file)), expected);
        }
    }

    #[test]
    fn walks_sorted_skipping_hidden_and_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b")).unwrap();
        std::fs::create_dir_all(d.join(".git")).unwrap();
        let names = [
            "b/2.txt",
            "a.json",
            ".hidden.txt",
            ".git/x.txt",
            "notes.xyz",
            "b/1.md",
            "README.md",
            "b/SOURCES.md",
        ];
        for name in names {
            std::fs::write(d.join(name), "x").unwrap();
        }
        let found = discover(&[d.to_path_buf(), d.join("missing")], false);
        let names: Vec<_> = found
            .candidates
            .iter()
            .map(|c| c.relative.as_str())
            .collect();
        assert_eq!(names, ["a.json", "b/1.md", "b/2.txt"]);
        assert_eq!(found.skipped.len(), 3);
        assert_eq!(found.errors.len(), 1);
        assert!(found.errors[0].ends_with("missing: no such file or directory"));
    }
}
