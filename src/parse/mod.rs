//! Reading news articles from the files of an archive.
//!
//! This module owns the trip from a file's bytes to [`Article`] values: it
//! picks a reader by extension (plain text, JSON, JSON Lines, Markdown, HTML,
//! each optionally gzip-compressed), decodes the text, and pulls out title,
//! date, outlet, author, URL and body, with "Baca juga" cross-links set apart.
//! It streams: a JSON Lines file is read one line at a time, never held whole.
//! It knows nothing of indexes or of how articles are analysed or stored.
//!
//! Errors come in two sizes. `read_articles` returns `Err` when the file as a
//! whole cannot be read (missing, empty, binary, corrupt gzip, broken JSON
//! document); a single bad record (one JSON line, an HTML page without article
//! text) goes to the sink as `Err` and reading goes on.

mod assemble;
mod date;
mod datelex;
mod dateline;
mod decode;
mod format;
mod html;
mod html_body;
mod html_byline;
mod html_ld;
mod html_meta;
mod html_text;
mod json;
mod markdown;
mod related;
mod source;
mod text;

use std::fmt;
use std::path::Path;

pub use date::{find_date_in_text, parse_date, Published, WIB_OFFSET_MINUTES};
pub use decode::repair_mojibake;
pub use format::{detect_format, read_articles, read_articles_from_bytes, Format};
pub use source::{canonical_source, known_outlet};

/// One article as read from an archive file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// The record's own id, when the file gave one.
    pub id: Option<String>,
    pub title: String,
    pub date: Option<Published>,
    /// The outlet, made uniform by [`canonical_source`].
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// Article text with cross-links, datelines and bylines taken out.
    pub body: String,
    /// Headlines of the "Baca juga:" links removed from the body.
    pub related: Vec<String>,
    /// 1-based line of the record in a JSON Lines file.
    pub line: Option<usize>,
}

/// Why a file or one of its records could not be read; the caller adds the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl ParseError {
    pub fn new(message: impl Into<String>) -> ParseError {
        ParseError {
            line: None,
            message: message.into(),
        }
    }

    pub fn at_line(line: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            line: Some(line),
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ParseError {}

/// Reads every article in the file at `path` and collects them with their errors.
///
/// A convenience for small files and tests; large archives should use
/// [`read_articles`] with a sink so that articles are not all held at once.
pub fn read_all(path: &Path) -> Result<Vec<Result<Article, ParseError>>, ParseError> {
    let mut all = Vec::new();
    read_articles(path, &mut |item| all.push(item))?;
    Ok(all)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fuzz_tests;
