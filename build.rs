//! Lays out the root lexicon (`src/analysis/data/roots.txt`, about 30,000 words, less
//! the entries `not_roots.txt` and `derived_not_roots.txt` overrule, with each root's
//! count in the news corpus from `root_counts.txt`) and the listed names
//! (`src/analysis/data/names.txt`, about 10,000) as static open-addressing hash tables,
//! so that a process answering one query does not spend milliseconds building them.
//!
//! The binary is linked as a position-independent executable, as the toolchain does by
//! default, so that the kernel places its code at a random address (ASLR). Linked at a
//! fixed address instead (`-no-pie`), a one-query process skipped the loader's 73,000
//! relocations and saved about 0.9 ms of CPU and 320 page faults. The word tables are
//! therefore laid out as one string and end offsets ([`fxhash::PackedWords`]), which
//! hold no pointer to relocate: that alone took 40,000 of the relocations away.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
mod fxhash {
    include!("src/analysis/fxhash.rs");
}

fn main() {
    println!("cargo:rerun-if-changed=src/analysis/fxhash.rs");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out_dir = Path::new(&out_dir);
    std::fs::write(out_dir.join("roots_table.rs"), roots_table()).expect("OUT_DIR is writable");
    std::fs::write(out_dir.join("names_table.rs"), names_table()).expect("OUT_DIR is writable");
}

/// `data/roots.txt` as ROOT_WORDS (sorted), ROOT_LETTERS, ROOT_COUNTS and ROOT_SLOTS.
fn roots_table() -> String {
    let source = "src/analysis/data/roots.txt";
    let text = read_data(source);
    let overruled = read_data("src/analysis/data/not_roots.txt")
        + &read_data("src/analysis/data/derived_not_roots.txt");
    let not_roots: std::collections::HashSet<&str> = word_lines(&overruled)
        .map(|line| line.split('\t').next().unwrap_or(line))
        .collect();
    let count_text = read_data("src/analysis/data/root_counts.txt");
    let counts: std::collections::HashMap<&str, u32> = word_lines(&count_text)
        .filter_map(|line| line.split_once('\t'))
        .map(|(word, n)| (word, n.trim().parse().expect("root_counts.txt: a count")))
        .collect();
    // word -> family letters as bits (A = bit 0); a later line wins, as a map insert.
    let mut roots: BTreeMap<&str, u32> = BTreeMap::new();
    for line in word_lines(&text) {
        let (word, letters) = line.split_once('\t').unwrap_or((line, ""));
        let mask = letters
            .bytes()
            .filter(u8::is_ascii_uppercase)
            .fold(0u32, |m, b| m | 1 << (b - b'A'));
        if !not_roots.contains(word) {
            roots.insert(word, mask);
        }
    }
    let words: Vec<(&str, u32)> = roots.into_iter().collect();
    let table = open_addressing(words.iter().map(|(word, _)| *word));
    let mut out = String::new();
    packed_words(
        &mut out,
        "Root words, sorted.",
        "ROOT_WORDS",
        words.iter().map(|(word, _)| *word),
    );
    static_array(
        &mut out,
        "Each root's prefix-family letters, as bits (A = bit 0).",
        "ROOT_LETTERS: [u32",
        words.iter().map(|(_, mask)| mask.to_string()),
    );
    static_array(
        &mut out,
        "How often each root stands alone in the news corpus.",
        "ROOT_COUNTS: [u32",
        words
            .iter()
            .map(|(word, _)| counts.get(word).copied().unwrap_or(0).to_string()),
    );
    static_array(
        &mut out,
        "Open addressing by `fxhash::home_slot`, linear probing; `u32::MAX` is empty.",
        "ROOT_SLOTS: [u32",
        table.iter().map(u32::to_string),
    );
    out
}

/// `data/names.txt` as NAME_WORDS (sorted, each once) and NAME_SLOTS.
fn names_table() -> String {
    let text = read_data("src/analysis/data/names.txt");
    let names: std::collections::BTreeSet<&str> = word_lines(&text).collect();
    let table = open_addressing(names.iter().copied());
    let mut out = String::new();
    packed_words(
        &mut out,
        "Words news text writes as names, sorted.",
        "NAME_WORDS",
        names.iter().copied(),
    );
    static_array(
        &mut out,
        "Open addressing by `fxhash::home_slot`, linear probing; `u32::MAX` is empty.",
        "NAME_SLOTS: [u32",
        table.iter().map(u32::to_string),
    );
    out
}

/// A hash table of the words' indexes: open addressing from `fxhash::home_slot`,
/// linear probing, `u32::MAX` for an empty slot. Under half full, so probes are short.
fn open_addressing<'a>(words: impl ExactSizeIterator<Item = &'a str>) -> Vec<u32> {
    let slots = (words.len() * 2).next_power_of_two();
    let mut table = vec![u32::MAX; slots];
    for (i, word) in words.enumerate() {
        let mut slot = fxhash::home_slot(word.as_bytes(), slots);
        while table[slot] != u32::MAX {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = i as u32;
    }
    table
}

fn read_data(path: &str) -> String {
    println!("cargo:rerun-if-changed={path}");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Lines that carry data: not blank, not `#` comments.
fn word_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Writes `pub(crate) static NAME: PackedWords` over `words`, with its text and word
/// ends as `NAME_TEXT` and `NAME_ENDS`: one string and integers, nothing the loader
/// must relocate.
fn packed_words<'a>(
    out: &mut String,
    doc: &str,
    name: &str,
    words: impl ExactSizeIterator<Item = &'a str>,
) {
    let mut text = String::new();
    let mut ends = Vec::with_capacity(words.len());
    for word in words {
        text.push_str(word);
        ends.push(u32::try_from(text.len()).expect("word tables stay under 4 GB"));
    }
    writeln!(out, "/// {doc}").unwrap();
    writeln!(
        out,
        "pub(crate) static {name}: fxhash::PackedWords = fxhash::PackedWords {{ text: {name}_TEXT, ends: &{name}_ENDS }};"
    )
    .unwrap();
    writeln!(out, "const {name}_TEXT: &str = {text:?};").unwrap();
    static_array(
        out,
        "Where each word ends in the text.",
        &format!("{name}_ENDS: [u32"),
        ends.iter().map(u32::to_string),
    );
}

/// Writes `pub(crate) static NAME: [TYPE; N] = [items];` with a doc comment.
fn static_array(
    out: &mut String,
    doc: &str,
    name_and_type: &str,
    items: impl ExactSizeIterator<Item = String>,
) {
    writeln!(out, "/// {doc}").unwrap();
    writeln!(
        out,
        "pub(crate) static {name_and_type}; {}] = [",
        items.len()
    )
    .unwrap();
    for item in items {
        writeln!(out, "    {item},").unwrap();
    }
    writeln!(out, "];").unwrap();
}
