//! Parsing what people and scripts ask for: the query language's grammar (`syntax`),
//! date bounds (`dates`), the translation into a tantivy query (`compile`), the
//! abbreviation table's alternatives (`short_forms`), how an any-word query's words
//! weigh (`weighting`), and the second stage that reorders its best hits by how much
//! of the query each holds (`coverage`).

pub mod compile;
pub mod coverage;
pub mod dates;
pub mod learned;
pub mod short_forms;
pub mod syntax;
pub mod weighting;

pub use compile::{queryable_fields, CompileError, Compiler};
pub use coverage::{coverage_exponent, CoverageError, CoverageWords};
pub use dates::DateError;
pub use syntax::{parse, Expr, Occur, SyntaxError};
pub use weighting::{Bm25, Bm25Error, IndexCounts, Proximity};

#[cfg(test)]
mod fuzz_tests;
