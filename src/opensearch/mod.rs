//! OpenSearch as the archive's second home, for archives and newsrooms that outgrow one
//! machine: `client` talks to the cluster, `analysis` rebuilds warta's Indonesian
//! analysis from OpenSearch's components (with `forms`, the stem rules warta's root
//! list implies), `documents` shapes articles and mappings,
//! `export` loads an index, and `search` answers warta's query language there with
//! the result types the local search returns. Nothing here decides how text is
//! analysed or how queries are parsed: `analysis` and `query` do, on both sides.

pub mod analysis;
pub mod client;
pub mod documents;
pub mod dsl;
pub mod export;
mod forms;
mod learned;
pub mod search;
mod views;

pub use client::{Client, Target};
pub use export::{export, to_files, ExportOptions, ExportSummary};
pub use search::RemoteSearcher;
