//! Short forms used in Indonesian news (Korut, Jabar, KPK, Menlu, Pilkada, ...) and
//! their expansions, from `data/abbreviations.txt`. Owns the table and lookups in both
//! directions; applying them to queries is the query parser's business. The analyser
//! keeps the short forms from being stemmed and, for an index that asks, adds a short
//! form where its expansion is spelled out.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::fxhash::FxHasher;
use super::sketch::Sketch;

use super::fold::fold;
use super::lexicon::data_lines;

const TABLE: &str = include_str!("data/abbreviations.txt");

type FirstPieces =
    HashMap<&'static str, Vec<(Vec<&'static str>, &'static str)>, BuildHasherDefault<FxHasher>>;
type ByShort = HashMap<&'static str, Vec<&'static str>, BuildHasherDefault<FxHasher>>;

struct Table {
    /// Word pieces in the longest expansion.
    longest: usize,
    pairs: Vec<(&'static str, &'static str)>,
    /// Expansions as word pieces (split at spaces and hyphens), by their first piece,
    /// with the short form written for them; only short forms that are one plain word.
    /// Looked up for every word indexed, hence the fast hash.
    by_first_piece: FirstPieces,
    first_pieces: Sketch,
    /// Looked up for every indexed word written as its stem (is it a short form
    /// to mark?), hence the fast hash too.
    by_short: ByShort,
    shorts: Sketch,
    by_expansion: HashMap<&'static str, Vec<&'static str>>,
    /// The first word of every expansion (up to its first space).
    expansion_first_words: HashSet<&'static str>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let pairs: Vec<(&'static str, &'static str)> = data_lines(TABLE)
            .filter_map(|line| line.split_once('\t'))
            .map(|(short, long)| (short.trim(), long.trim()))
            .filter(|(short, long)| !short.is_empty() && !long.is_empty())
            .collect();
        let mut by_short = ByShort::default();
        let mut by_expansion: HashMap<_, Vec<_>> = HashMap::new();
        let mut by_first_piece = FirstPieces::default();
        for &(short, long) in &pairs {
            by_short.entry(short).or_default().push(long);
            by_expansion.entry(long).or_default().push(short);
            let pieces: Vec<&str> = long.split([' ', '-']).filter(|p| !p.is_empty()).collect();
            if is_one_term(short) && pieces.len() > 1 {
                by_first_piece
                    .entry(pieces[0])
                    .or_default()
                    .push((pieces, short));
            }
        }
        // The longest expansion first: "badan pengawas obat dan makanan" is found
        // before any shorter expansion that starts with its first words.
        for entries in by_first_piece.values_mut() {
            entries.sort_by_key(|(pieces, _)| std::cmp::Reverse(pieces.len()));
        }
        let longest = pairs
            .iter()
            .map(|(_, long)| long.split([' ', '-']).filter(|p| !p.is_empty()).count())
            .max()
            .unwrap_or(1);
        let expansion_first_words = by_expansion
            .keys()
            .filter_map(|long| long.split_whitespace().next())
            .collect();
        Table {
            expansion_first_words,
            longest,
            pairs,
            first_pieces: Sketch::new(by_first_piece.keys().copied()),
            by_first_piece,
            shorts: Sketch::new(by_short.keys().copied()),
            by_short,
            by_expansion,
        }
    })
}

/// Expansions of a folded short form: `"korut"` → `["korea utara"]`; empty if unknown.
pub fn expansions_of(short_folded: &str) -> Vec<&'static str> {
    table()
        .by_short
        .get(short_folded)
        .cloned()
        .unwrap_or_default()
}

/// Short forms of an expansion given as words (`"Korea  Utara"` → `["korut"]`).
/// The input is folded and its spacing normalised first.
pub fn short_forms_of(expansion_folded_words: &str) -> Vec<&'static str> {
    let folded = fold(expansion_folded_words);
    let key = crate::spacing::normalize_spaces(&folded);
    table()
        .by_expansion
        .get(key.as_str())
        .cloned()
        .unwrap_or_default()
}

/// False when no expansion begins with the folded word `first`, so that
/// [`short_forms_of`] finds nothing for any phrase it begins: a query parser trying
/// every run of words skips the runs from `first` at once.
pub fn may_begin_expansion(first: &str) -> bool {
    table().expansion_first_words.contains(first)
}

/// True when `folded` is a short form of the table (`kpk`, `korut`).
pub fn is_short_form(folded: &str) -> bool {
    let table = table();
    table.shorts.may_contain(folded) && table.by_short.contains_key(folded)
}

/// A short form the analyser indexes as one term (`kpk`, not `pdi-p`).
pub fn is_one_term(short_folded: &str) -> bool {
    short_folded.chars().all(char::is_alphanumeric)
}

/// Expansions whose first word piece (folded) is `first_piece`, as pieces, with their
/// short forms: where `"komisi"` begins `["komisi", "pemberantasan", "korupsi"]` (`kpk`).
pub(crate) fn starting_with(first_piece: &str) -> &'static [(Vec<&'static str>, &'static str)] {
    let table = table();
    if !table.first_pieces.may_contain(first_piece) {
        return &[];
    }
    table
        .by_first_piece
        .get(first_piece)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Word pieces (split at spaces and hyphens) in the longest expansion: how many
/// words a query parser must look at to find every expansion.
pub fn longest_expansion() -> usize {
    table().longest
}

/// Every (short form, expansion) pair, in file order.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    table().pairs.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_words_of_expansions_may_begin_one() {
        for (_, long) in all() {
            let first = fold(long);
            let first = first.split_whitespace().next().unwrap();
            assert!(may_begin_expansion(first), "{first} begins {long}");
        }
        assert!(may_begin_expansion("korea"));
        for word in ["utara", "kucing", "gempa", "kpk", ""] {
            assert!(!may_begin_expansion(word), "{word}");
        }
    }

    #[test]
    fn looks_up_both_ways() {
        let table: &[(&str, &[&str])] = &[
            ("korut", &["korea utara"]),
            ("jabar", &["jawa barat"]),
            ("kpk", &["komisi pemberantasan korupsi"]),
            ("menlu", &["menteri luar negeri"]),
            ("ruu", &["rancangan undang-undang"]),
            ("ahok", &["basuki tjahaja purnama"]),
            ("sembako", &["sembilan bahan pokok"]),
            ("tidakada", &[]),
        ];
        for (short, want) in table {
            assert_eq!(expansions_of(short), want.to_vec(), "{short}");
        }
        assert_eq!(short_forms_of("Korea  Utara"), vec!["korut"]);
        assert_eq!(short_forms_of("wakil presiden"), vec!["wapres"]);
        assert!(all().count() >= 100);
        assert_eq!(short_forms_of("Susilo Bambang Yudhoyono"), vec!["sby"]);
        assert_eq!(longest_expansion(), 7); // kementerian koordinator bidang politik hukum dan keamanan
    }

    #[test]
    fn every_line_is_a_folded_pair() {
        for (short, long) in all() {
            assert_eq!(fold(short), short);
            assert_eq!(fold(long), long);
            assert!(!short.contains(' '), "{short}");
        }
    }
}
