//! Integration tests: the real `warta` binary on real files in temporary directories.

mod env;

mod analyze;
mod bad_input;
mod command_line;
mod exact_forms;
mod formats;
mod hit_fields;
mod html_pages;
mod index;
mod opensearch;
mod optimize;
mod query;
mod readme;
mod relevance;
mod robust;
mod scripts;
mod serve;
mod trust;
