//! What can go wrong when the archive answers a request: each variant says what was
//! wrong and where (the query's column, the field, the id), so that the command line
//! and the server can each map it to an exit code or an HTTP status in one place.

use thiserror::Error;

use crate::query::{CompileError, DateError, SyntaxError};

#[derive(Debug, Error)]
pub enum Error {
    /// The archive could not be opened (missing, unreadable or malformed index).
    #[error("{0:#}")]
    Open(anyhow::Error),
    /// The query text does not parse.
    #[error("{0}")]
    Syntax(#[from] SyntaxError),
    /// The query parses but cannot run on this index (a field that holds no words, a
    /// range on something other than dates).
    #[error("{0}")]
    Compile(#[from] CompileError),
    /// A request names a field the index cannot search.
    #[error("no field \"{name}\" to search (fields: {known})")]
    UnknownField { name: String, known: String },
    /// A date bound (`since`, `until`) that cannot be read; `bound` names the flag or
    /// parameter it came from.
    #[error("{bound}: {source}")]
    BadDate {
        bound: &'static str,
        source: DateError,
    },
    /// A request that cannot be answered as asked (a value out of range).
    #[error("{0}")]
    Invalid(String),
    /// No article has this id.
    #[error("no article with id \"{0}\"")]
    NoArticle(String),
    /// The index failed while answering (I/O, corruption).
    #[error("{0:#}")]
    Index(anyhow::Error),
}

impl Error {
    /// The 1-based column of the query text the error points at, if any.
    pub fn column(&self) -> Option<usize> {
        match self {
            Error::Syntax(e) => Some(e.column),
            _ => None,
        }
    }

    /// True when the request was at fault, not the archive.
    pub fn is_bad_request(&self) -> bool {
        matches!(
            self,
            Error::Syntax(_)
                | Error::Compile(_)
                | Error::UnknownField { .. }
                | Error::BadDate { .. }
                | Error::Invalid(_)
        )
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(err: tantivy::TantivyError) -> Error {
        Error::Index(err.into())
    }
}

pub type Result<T> = std::result::Result<T, Error>;
