//! The root lexicon: the set of words the stemmer accepts as finished roots. Owns
//! loading the word lists (`data/roots.txt` from the Hunspell dictionary,
//! `data/lexicalised.txt`, the short forms of `data/abbreviations.txt`, plus any roots
//! the caller adds) and a fast membership test. It knows nothing of affixes.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::affixes::PrefixKind;

const ROOTS: &str = include_str!("data/roots.txt");
const LEXICALISED: &str = include_str!("data/lexicalised.txt");

/// Lines of a data file that carry words: not blank, not `#` comments.
pub(crate) fn data_lines(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The multiply-rotate hash used by rustc (FxHash). Lookups of short ASCII words
/// dominate stemming time, and SipHash's DoS resistance buys nothing for a fixed list.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let mut tail = 0u64;
        for (i, &b) in chunks.remainder().iter().enumerate() {
            tail |= u64::from(b) << (8 * i);
        }
        self.add(tail);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(crate) type FastSet = HashSet<Box<str>, BuildHasherDefault<FxHasher>>;
type FastMap = HashMap<Box<str>, Families, BuildHasherDefault<FxHasher>>;

/// The prefix families the dictionary says a root takes (a bit per `PrefixKind`).
/// Used to choose between two analyses that are otherwise equally good:
/// "pengunjung" is peN- + kunjung (which takes peN-), not peN- + unjung (which does not).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(crate) struct Families(u16);

impl Families {
    fn parse(letters: &str) -> Families {
        let mut bits = 0;
        for letter in letters.chars() {
            let kinds: &[PrefixKind] = match letter {
                'B' => &[PrefixKind::Ber],
                'D' => &[PrefixKind::Di],
                'K' => &[PrefixKind::Ke],
                'M' => &[PrefixKind::MeN],
                'O' => &[PrefixKind::Ku, PrefixKind::Kau],
                'P' => &[PrefixKind::PeN],
                'R' => &[PrefixKind::Per],
                'S' => &[PrefixKind::Se],
                'T' => &[PrefixKind::Ter],
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

/// Root words, folded (lowercase ASCII for Indonesian), with their prefix families.
pub(crate) struct Lexicon {
    roots: FastMap,
}

impl Lexicon {
    /// The built-in lists plus `extra` (folded by the caller).
    pub fn new(extra: impl IntoIterator<Item = String>) -> Lexicon {
        let mut roots = FastMap::default();
        roots.reserve(32_000);
        for line in data_lines(ROOTS) {
            let (word, families) = line.split_once('\t').unwrap_or((line, ""));
            roots.insert(word.into(), Families::parse(families));
        }
        let plain =
            data_lines(LEXICALISED).chain(super::abbreviations::all().map(|(short, _)| short));
        for w in plain {
            roots.entry(w.into()).or_default();
        }
        for w in extra {
            roots.entry(w.into_boxed_str()).or_default();
        }
        Lexicon { roots }
    }

    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.roots.contains_key(word)
    }

    /// The root's prefix families, or `None` when `word` is not a root.
    #[inline]
    pub fn families(&self, word: &[u8]) -> Option<Families> {
        std::str::from_utf8(word)
            .ok()
            .and_then(|w| self.roots.get(w).copied())
    }

    #[inline]
    pub fn contains_bytes(&self, word: &[u8]) -> bool {
        self.families(word).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_roots_and_lexicalised_words_but_not_regular_derivations() {
        let lex = Lexicon::new(vec!["wartaku".to_string()]);
        let table = [
            ("bangun", true),
            ("keluarga", true),
            ("kelompok", true),
            ("adalah", true),
            ("korut", true),
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
}
