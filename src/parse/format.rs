//! Choosing a reader for a file and feeding it bytes.
//!
//! This owns the mapping from file names to formats, gzip decompression (by
//! extension, and by magic number when a name forgets to say), and the split
//! between streamed formats (JSON Lines) and whole-file formats. The format
//! readers themselves live in `text`, `json`, `markdown` and `html`.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

use super::decode::{decode_text, looks_binary};
use super::{html, json, markdown, text, Article, ParseError};

/// The layouts of article files warta reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `.txt`: one article as plain text, optionally with a `Key: value` header.
    Text,
    /// `.json`: one article object, or an array of them.
    Json,
    /// `.jsonl`, `.ndjson`: one article object per line.
    JsonLines,
    /// `.md`, `.markdown`: one article, optionally with `---` front matter.
    Markdown,
    /// `.html`, `.htm`: one saved news page.
    Html,
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The most text a file holding one article or one JSON document may give (after
/// decompression), and the longest line of a JSON Lines file: what one value can cost
/// is bounded by them (a 2 MB `.json.gz` may inflate to gigabytes). Larger ones are
/// reported and left out; the rest of the run goes on.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// `too large` in words, for a file or a line.
pub(super) fn too_large(what: &str) -> String {
    format!(
        "{what} too large: more than {} MB of text (after decompression); not indexed",
        MAX_TEXT_BYTES >> 20
    )
}

/// The format a file name says, and whether it ends in `.gz`.
pub fn detect_format(path: &Path) -> Option<(Format, bool)> {
    let name = path.file_name()?.to_str()?.to_lowercase();
    let (name, gzip) = match name.strip_suffix(".gz") {
        Some(inner) => (inner, true),
        None => (name.as_str(), false),
    };
    let extension = name.rsplit_once('.')?.1;
    let format = match extension {
        "txt" | "text" => Format::Text,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::JsonLines,
        "md" | "markdown" => Format::Markdown,
        "html" | "htm" | "xhtml" => Format::Html,
        _ => return None,
    };
    Some((format, gzip))
}

/// Reads every article in the file at `path`, handing each to `sink` as it is read.
pub fn read_articles(
    path: &Path,
    sink: &mut dyn FnMut(Result<Article, ParseError>),
) -> Result<(), ParseError> {
    let (format, gzip) = detect_format(path).ok_or_else(unsupported)?;
    let file = File::open(path).map_err(|e| ParseError::new(format!("cannot open: {e}")))?;
    read_from(format, gzip, file, sink)
}

/// As [`read_articles`], for bytes already in memory; `name_hint` picks the format.
pub fn read_articles_from_bytes(
    name_hint: &Path,
    bytes: &[u8],
    sink: &mut dyn FnMut(Result<Article, ParseError>),
) -> Result<(), ParseError> {
    let (format, gzip) = detect_format(name_hint).ok_or_else(unsupported)?;
    // A file of one article (or one JSON document) already in memory is decoded in
    // place: no buffered reader and no second copy.
    let plain = !gzip && !bytes.starts_with(&GZIP_MAGIC);
    if plain && format != Format::JsonLines && bytes.len() <= MAX_TEXT_BYTES {
        if bytes.is_empty() {
            return Err(ParseError::new("empty file"));
        }
        return read_whole(format, bytes, sink);
    }
    read_from(format, gzip, bytes, sink)
}

fn unsupported() -> ParseError {
    ParseError::new("unsupported file type (expected .txt, .json, .jsonl, .ndjson, .md or .html, optionally .gz)")
}

fn read_from<R: Read>(
    format: Format,
    gzip_by_name: bool,
    reader: R,
    sink: &mut dyn FnMut(Result<Article, ParseError>),
) -> Result<(), ParseError> {
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    let head = reader
        .fill_buf()
        .map_err(|e| ParseError::new(format!("cannot read: {e}")))?;
    if head.is_empty() {
        return Err(ParseError::new("empty file"));
    }
    if head.starts_with(&GZIP_MAGIC) {
        let decoder = MultiGzDecoder::new(CountingReader {
            inner: reader,
            read: 0,
        });
        let guarded = BombGuard {
            decoder,
            inflated: 0,
        };
        let inflated = BufReader::with_capacity(64 * 1024, guarded);
        read_decompressed(format, inflated, true, sink)
    } else if gzip_by_name {
        Err(ParseError::new(
            "corrupt gzip: not in gzip format (bad magic number)",
        ))
    } else {
        read_decompressed(format, reader, false, sink)
    }
}

/// How many times its compressed size a gzip stream may grow, beyond the first
/// [`MAX_TEXT_BYTES`]: news text compresses about 4 to 8 times, a run of one byte over
/// 1000 times (a "gzip bomb", which would otherwise take minutes to read through).
const MAX_GZIP_RATIO: u64 = 100;

/// A buffered reader that counts the bytes taken from it.
struct CountingReader<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for CountingReader<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.read += amount as u64;
        self.inner.consume(amount);
    }
}

/// Decompresses, and stops with an error when the output outgrows the input by more
/// than [`MAX_GZIP_RATIO`].
struct BombGuard<R: BufRead> {
    decoder: MultiGzDecoder<CountingReader<R>>,
    inflated: u64,
}

impl<R: BufRead> Read for BombGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.decoder.read(buf)?;
        self.inflated += n as u64;
        let compressed = self.decoder.get_ref().read.max(1);
        if self.inflated > MAX_TEXT_BYTES as u64 && self.inflated / compressed > MAX_GZIP_RATIO {
            return Err(std::io::Error::other(format!(
                "inflates to more than {MAX_GZIP_RATIO} times its size (a gzip bomb?); read no further"
            )));
        }
        Ok(n)
    }
}

fn read_error(gzip: bool) -> impl Fn(std::io::Error) -> ParseError {
    move |e| match gzip {
        true => ParseError::new(format!("corrupt gzip: {e}")),
        false => ParseError::new(format!("cannot read: {e}")),
    }
}

fn read_decompressed<R: BufRead>(
    format: Format,
    mut reader: R,
    gzip: bool,
    sink: &mut dyn FnMut(Result<Article, ParseError>),
) -> Result<(), ParseError> {
    if format == Format::JsonLines {
        let head = reader.fill_buf().map_err(read_error(gzip))?;
        let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
        if !utf16 {
            if head.is_empty() {
                return Err(ParseError::new("empty file"));
            }
            if looks_binary(head) {
                return Err(ParseError::new("binary file (not text)"));
            }
            return json::read_json_lines(reader, gzip, sink);
        }
    }
    let mut bytes = Vec::new();
    reader
        .take(MAX_TEXT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error(gzip))?;
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(ParseError::new(too_large("file")));
    }
    let text = decode_text(&bytes).map_err(|e| ParseError::new(e.message()))?;
    drop(bytes);
    read_decoded(format, &text, sink)
}

/// Decodes a whole file's text (at most [`MAX_TEXT_BYTES`]) and reads its articles.
fn read_whole(
    format: Format,
    bytes: &[u8],
    sink: &mut dyn FnMut(Result<Article, ParseError>),
) -> Result<(), ParseError> {
    let text = decode_text(bytes).map_err(|e| ParseError::new(e.message()))?;
    read_decoded(format, &text, sink)
}

fn read_decoded(
    format: Format,
    text: &str,
    sink: &mut dyn FnMut(Result<Article, ParseError>),
) -> Result<(), ParseError> {
    match format {
        Format::Text => sink(text::parse_text(text).map_err(ParseError::new)),
        Format::Markdown => sink(markdown::parse_markdown(text).map_err(ParseError::new)),
        Format::Html => sink(html::parse_html(text).map_err(ParseError::new)),
        Format::Json => json::read_json_document(text, sink)?,
        Format::JsonLines => json::read_json_lines(text.as_bytes(), false, sink)?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_format_table() {
        let cases: &[(&str, Option<(Format, bool)>)] = &[
            ("a/b/000_x.txt", Some((Format::Text, false))),
            ("x.JSON", Some((Format::Json, false))),
            ("x.json.gz", Some((Format::Json, true))),
            ("x.jsonl", Some((Format::JsonLines, false))),
            ("x.ndjson", Some((Format::JsonLines, false))),
            ("clickid_articles.jsonl.gz", Some((Format::JsonLines, true))),
            ("x.md", Some((Format::Markdown, false))),
            ("x.markdown", Some((Format::Markdown, false))),
            ("x.htm", Some((Format::Html, false))),
            ("x.html.gz", Some((Format::Html, true))),
            ("x.pdf", None),
            ("x.gz", None),
            ("README", None),
        ];
        for (name, want) in cases {
            assert_eq!(detect_format(Path::new(name)), *want, "{name}");
        }
    }
}
