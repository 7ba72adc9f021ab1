//! Compound roots: two roots that Indonesian writes apart ("tindak lanjut") and closes
//! up once an affix joins them ("menindaklanjuti") or in everyday spelling
//! ("kerjasama"). Owns the table (`data/compounds.txt`, mined from the news corpus,
//! and `data/compounds_written.txt`) and the split of a closed-up root into its two
//! words. The lexicon accepts the closed-up forms as roots, so the stemmer finds
//! them under any affixes; the analyser then emits the two words at consecutive
//! positions, as the text "tindak lanjut" would give, so that the phrase, each word
//! and every closed-up form meet.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::fxhash::FxHasher;
use super::lexicon::data_lines;
use super::sketch::Sketch;

const MINED: &str = include_str!("data/compounds.txt");
const WRITTEN: &str = include_str!("data/compounds_written.txt");

type Table = HashMap<Box<str>, (&'static str, &'static str), BuildHasherDefault<FxHasher>>;

/// The closed-up roots, and a sketch of them: every word indexed is asked for.
fn table() -> &'static (Table, Sketch) {
    static TABLE: OnceLock<(Table, Sketch)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let table: Table = data_lines(MINED)
            .chain(data_lines(WRITTEN))
            .filter_map(|line| line.split('\t').next()?.split_once(' '))
            .map(|(first, second)| (format!("{first}{second}").into_boxed_str(), (first, second)))
            .collect();
        let sketch = Sketch::new(table.keys().map(|k| &**k));
        (table, sketch)
    })
}

/// The two words of a closed-up compound root: `"tindaklanjut"` → `("tindak", "lanjut")`.
pub fn split(root: &str) -> Option<(&'static str, &'static str)> {
    let (table, sketch) = table();
    if !sketch.may_contain(root) {
        return None;
    }
    table.get(root).copied()
}

/// Every closed-up compound root, for the lexicon.
pub(crate) fn closed_up() -> impl Iterator<Item = &'static str> {
    table().0.keys().map(|k| &**k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_closed_up_roots_only() {
        assert_eq!(split("tindaklanjut"), Some(("tindak", "lanjut")));
        assert_eq!(split("kerjasama"), Some(("kerja", "sama")));
        assert_eq!(split("salahguna"), Some(("salah", "guna")));
        assert_eq!(split("tindak"), None);
        assert_eq!(split("pembangunan"), None);
        assert!(closed_up().count() > 50);
    }
}
