//! Any bytes, read as a file of any name warta reads: no panic, and every article that
//! comes out has a plausible date.
#![no_main]

use std::path::Path;

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use warta::parse::read_articles_from_bytes;

const NAMES: &[&str] = &[
    "x.txt",
    "x.json",
    "x.jsonl",
    "x.md",
    "x.html",
    "x.txt.gz",
    "x.json.gz",
    "x.jsonl.gz",
    "x.md.gz",
    "x.html.gz",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(which) % NAMES.len()];
    let _ = read_articles_from_bytes(Path::new(name), bytes, &mut |item| {
        if let Ok(article) = item {
            if let Some(date) = article.date {
                assert!((1945..=2100).contains(&date.date.year()), "{date:?}");
            }
        }
    });
});
