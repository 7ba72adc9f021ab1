//! The root lexicon: the set of words the stemmer accepts as finished roots. Owns
//! loading the word lists (`data/roots.txt` from the Hunspell dictionary,
//! `data/lexicalised.txt`, the short forms of `data/abbreviations.txt`, plus any roots
//! the caller adds; less the derived forms `data/not_roots.txt` and
//! `data/derived_not_roots.txt` overrule), how often the news corpus writes each
//! dictionary root bare (`data/root_counts.txt`), and a fast membership test. It knows
//! nothing of affixes.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use super::affixes::PrefixKind;

// `data/roots.txt` as a static hash table (ROOT_WORDS, ROOT_LETTERS, ROOT_SLOTS),
// laid out by the build script.
include!(concat!(env!("OUT_DIR"), "/roots_table.rs"));
const LEXICALISED: &str = include_str!("data/lexicalised.txt");

/// The corpus count given to the hand-kept lists' words (lexicalised words, short
/// forms, compounds): chosen by hand, they are as good as the commonest roots.
const TRUSTED: u32 = 1 << 20;

/// Lines of a data file that carry words: not blank, not `#` comments.
pub(crate) fn data_lines(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

pub(crate) use super::fxhash::FxHasher;
use super::fxhash::{self, find_in_table};

pub(crate) type FastSet = HashSet<Box<str>, BuildHasherDefault<FxHasher>>;
type FastMap = HashMap<Box<str>, (Families, u32), BuildHasherDefault<FxHasher>>;

/// The prefix families the dictionary says a root takes (a bit per `PrefixKind`).
/// Used to choose between two analyses that are otherwise equally good:
/// "pengunjung" is peN- + kunjung (which takes peN-), not peN- + unjung (which does not).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(crate) struct Families(u16);

impl Families {
    const ANY: Families = Families(u16::MAX);

    /// From the dictionary's family letters, as bits (A = bit 0).
    fn from_letters(letters: u32) -> Families {
        let mut bits = 0;
        for letter in (0..26u8)
            .filter(|i| letters & 1 << i != 0)
            .map(|i| b'A' + i)
        {
            let kinds: &[PrefixKind] = match letter {
                b'B' => &[PrefixKind::Ber],
                b'D' => &[PrefixKind::Di],
                b'K' => &[PrefixKind::Ke],
                b'M' => &[PrefixKind::MeN],
                b'O' => &[PrefixKind::Ku, PrefixKind::Kau],
                b'P' => &[PrefixKind::PeN],
                b'R' => &[PrefixKind::Per],
                b'S' => &[PrefixKind::Se],
                b'T' => &[PrefixKind::Ter],
                _ => &[],
            };
            for &k in kinds {
                bits |= 1 << k as u16;
            }
        }
        Families(bits)
    }

    /// No prefix family at all: a loanword, a name or a word the dictionary never derives.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn allows(self, kind: PrefixKind) -> bool {
        self.0 & (1 << kind as u16) != 0
    }
}

/// Root words, folded (lowercase ASCII for Indonesian), with their prefix families: the
/// dictionary's roots in a static table, and the few other lists in a small map.
pub(crate) struct Lexicon {
    /// Lexicalised words, abbreviations' short forms and the caller's roots: words
    /// without prefix families.
    others: FastMap,
}

impl Lexicon {
    /// The built-in lists plus `extra` (folded by the caller).
    pub fn new(extra: impl IntoIterator<Item = String>) -> Lexicon {
        let mut others = FastMap::default();
        let plain =
            data_lines(LEXICALISED).chain(super::abbreviations::all().map(|(short, _)| short));
        for w in plain {
            others.insert(w.into(), (Families::default(), TRUSTED));
        }
        // A compound takes the affixes of a verb or noun phrase: menindaklanjuti,
        // pertanggungjawaban, ketidakadilan.
        for w in super::compounds::closed_up() {
            others.insert(w.into(), (Families::ANY, TRUSTED));
        }
        // The caller's roots: their use in news is unknown.
        for w in extra {
            others.entry(w.into_boxed_str()).or_default();
        }
        Lexicon { others }
    }

    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.families(word.as_bytes()).is_some()
    }

    /// The root's prefix families, or `None` when `word` is not a root.
    #[inline]
    pub fn families(&self, word: &[u8]) -> Option<Families> {
        self.root(word).map(|(families, _)| families)
    }

    /// The root's prefix families and how often the news corpus writes it bare: a
    /// dictionary root it never writes ("ketu", "alah") yields to another analysis
    /// of the same word that reaches a common root.
    #[inline]
    pub fn root(&self, word: &[u8]) -> Option<(Families, u32)> {
        if let Some(i) = dictionary_root(word) {
            return Some((Families::from_letters(ROOT_LETTERS[i]), ROOT_COUNTS[i]));
        }
        if self.others.is_empty() {
            return None;
        }
        std::str::from_utf8(word)
            .ok()
            .and_then(|w| self.others.get(w).copied())
    }
}

/// The index of `word` in the dictionary's roots.
#[inline]
fn dictionary_root(word: &[u8]) -> Option<usize> {
    find_in_table(&ROOT_WORDS, &ROOT_SLOTS, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word of the packed tables reads back whole (sorted, so a shifted end
    /// would show) and is found at its own place.
    #[test]
    fn packed_word_tables_read_back_every_word() {
        let tables = [
            (&ROOT_WORDS, &ROOT_SLOTS[..], "bangun"),
            (
                &crate::analysis::NAME_WORDS,
                &crate::analysis::NAME_SLOTS[..],
                "bekasi",
            ),
        ];
        for (words, slots, known) in tables {
            assert!(words.ends.len() > 1000);
            for i in 0..words.ends.len() {
                let word = words.get(i);
                assert!(!word.is_empty());
                assert!(
                    i == 0 || words.get(i - 1) < word,
                    "{:?}",
                    std::str::from_utf8(word)
                );
                assert_eq!(find_in_table(words, slots, word), Some(i));
            }
            assert!(
                find_in_table(words, slots, known.as_bytes()).is_some(),
                "{known}"
            );
            assert_eq!(find_in_table(words, slots, b"bangunbekasi"), None);
        }
    }

    #[test]
    fn holds_roots_and_lexicalised_words_but_not_regular_derivations() {
        let lex = Lexicon::new(vec!["wartaku".to_string()]);
        let table = [
            ("bangun", true),
            ("keluarga", true),
            ("kelompok", true),
            ("adalah", true),
            ("korut", true),
            ("tindaklanjut", true),
            ("wartaku", true),
            ("besaran", false),
            ("pembangunan", false),
            ("kerusakan", false),
            ("ketahu", false),
        ];
        for (word, want) in table {
            assert_eq!(lex.contains(word), want, "{word}");
        }
        let kunjung = lex.families(b"kunjung").unwrap();
        assert!(kunjung.allows(PrefixKind::PeN) && !kunjung.allows(PrefixKind::Se));
        assert!(!lex.families(b"unjung").unwrap().allows(PrefixKind::PeN));
    }

    /// Every line of the word list is found in the built table, with its families.
    #[test]
    fn the_built_table_holds_every_root_of_the_word_list() {
        let lex = Lexicon::new(Vec::new());
        let list = include_str!("data/roots.txt");
        let overruled: Vec<&str> = data_lines(include_str!("data/not_roots.txt"))
            .chain(data_lines(include_str!("data/derived_not_roots.txt")))
            .map(|line| line.split('\t').next().unwrap_or(line))
            .collect();
        let mut count = 0;
        for line in data_lines(list) {
            let (word, letters) = line.split_once('\t').unwrap_or((line, ""));
            if overruled.contains(&word) {
                assert_eq!(lex.families(word.as_bytes()), None, "{word}");
                continue;
            }
            let mask = letters.bytes().fold(0u32, |m, b| m | 1 << (b - b'A'));
            assert_eq!(
                lex.families(word.as_bytes()),
                Some(Families::from_letters(mask)),
                "{word}"
            );
            count += 1;
        }
        assert!(count > 25_000, "{count}");
        assert_eq!(lex.families(b"xyzzyq"), None);
        assert!(overruled.len() > 100, "{}", overruled.len());
        assert_eq!(lex.root(b"ketu").map(|(_, count)| count), Some(0));
        assert!(lex.root(b"ketuk").is_some_and(|(_, count)| count > 10));
    }
}
