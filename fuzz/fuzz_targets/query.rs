//! Any text as a query: a syntax tree, or an error whose column is inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FIELDS: &[&str] = &["title", "body", "source", "date"];

fuzz_target!(|text: &str| {
    if let Err(e) = warta::query::parse(text, FIELDS) {
        assert!(e.column >= 1 && e.column <= text.chars().count() + 1, "{e}");
    }
});
