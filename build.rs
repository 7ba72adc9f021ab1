//! Lays out the root lexicon (`src/analysis/data/roots.txt`, about 30,000 words) as a
//! static open-addressing hash table, so that a process answering one query does not
//! spend milliseconds building it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
mod fxhash {
    include!("src/analysis/fxhash.rs");
}

fn main() {
    let source = "src/analysis/data/roots.txt";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=src/analysis/fxhash.rs");
    let text = std::fs::read_to_string(source).expect("roots.txt is readable");
    // word -> family letters as bits (A = bit 0); a later line wins, as a map insert.
    let mut roots: BTreeMap<&str, u32> = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (word, letters) = line.split_once('\t').unwrap_or((line, ""));
        let mask = letters
            .bytes()
            .filter(u8::is_ascii_uppercase)
            .fold(0u32, |m, b| m | 1 << (b - b'A'));
        roots.insert(word, mask);
    }
    let words: Vec<(&str, u32)> = roots.into_iter().collect();
    // Load factor under one half keeps probes short.
    let slots = (words.len() * 2).next_power_of_two();
    let mut table = vec![u32::MAX; slots];
    for (i, (word, _)) in words.iter().enumerate() {
        let mut slot = fxhash::home_slot(word.as_bytes(), slots);
        while table[slot] != u32::MAX {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = i as u32;
    }
    let mut out = String::new();
    writeln!(out, "/// Root words, sorted.").unwrap();
    writeln!(
        out,
        "pub(crate) static ROOT_WORDS: [&str; {}] = [",
        words.len()
    )
    .unwrap();
    for (word, _) in &words {
        writeln!(out, "    {word:?},").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// Each root's prefix-family letters, as bits (A = bit 0)."
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) static ROOT_LETTERS: [u32; {}] = [",
        words.len()
    )
    .unwrap();
    for (_, mask) in &words {
        writeln!(out, "    {mask},").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// Open addressing by `fxhash::home_slot`, linear probing; `u32::MAX` is empty."
    )
    .unwrap();
    writeln!(out, "pub(crate) static ROOT_SLOTS: [u32; {slots}] = [").unwrap();
    for chunk in table.chunks(16) {
        let row: Vec<String> = chunk.iter().map(u32::to_string).collect();
        writeln!(out, "    {},", row.join(", ")).unwrap();
    }
    writeln!(out, "];").unwrap();
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("roots_table.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
