//! Parsing what people and scripts ask for: the query language's grammar (`syntax`),
//! date bounds (`dates`), and the translation into a tantivy query (`compile`).

pub mod compile;
pub mod dates;
pub mod syntax;

pub use compile::{queryable_fields, CompileError, Compiler, Proximity};
pub use dates::DateError;
pub use syntax::{parse, Expr, Occur, SyntaxError};

#[cfg(test)]
mod fuzz_tests;
