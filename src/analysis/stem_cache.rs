//! The per-thread cache of stems the analyser keeps: word frequencies in news follow
//! Zipf's law, so a few thousand entries answer most lookups, and the stemmer's search
//! over affix splits is the costly part of analysis. This module owns only the
//! cache's layout; what a stem is, is `stem.rs`'s business.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use super::fxhash::FxHasher;

/// Bytes of a word held in place in a cache entry; longer words are kept apart.
const INLINE: usize = 23;

/// A word of at most `INLINE` bytes, held in place: a lookup reads the entry alone,
/// not a key elsewhere on the heap (another cache miss per word).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Inline {
    len: u8,
    /// The word, then zeros: equal words are equal arrays.
    bytes: [u8; INLINE],
}

impl Inline {
    fn new(word: &str) -> Option<Inline> {
        let mut bytes = [0; INLINE];
        bytes
            .get_mut(..word.len())?
            .copy_from_slice(word.as_bytes());
        Some(Inline {
            len: word.len() as u8,
            bytes,
        })
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

// Hashed as its bytes, so that a map keyed by words looks up by `&[u8]`.
impl Hash for Inline {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state)
    }
}

impl Borrow<[u8]> for Inline {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

type Fast<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Where a short word's stem is: the word itself (most words of a text are their own
/// stems), or a range of the cache's stem text. Either way a `&str` without checking
/// its bytes again.
#[derive(Clone, Copy)]
struct Stem {
    at: u32,
    len: u32,
    confix: bool,
}

/// `Stem::at` of a word that is its own stem.
const SAME: u32 = u32::MAX;

/// Stems by word, with whether each came from a confix.
pub(super) struct StemCache {
    short: Fast<Inline, Stem>,
    /// The stems of short words that differ from them, one after another.
    stems: String,
    long: Fast<Box<str>, (String, bool)>,
}

/// Entries kept before the cache starts over (a few MB per thread).
const LIMIT: usize = 100_000;

impl StemCache {
    /// An empty cache with room for `capacity` words without growing.
    pub(super) fn with_capacity(capacity: usize) -> StemCache {
        StemCache {
            short: Fast::with_capacity_and_hasher(capacity, <_>::default()),
            stems: String::new(),
            long: Fast::default(),
        }
    }

    pub(super) fn get<'a>(&'a self, word: &'a str) -> Option<(&'a str, bool)> {
        if word.len() <= INLINE {
            if let Some(stem) = self.short.get(word.as_bytes()) {
                let text = if stem.at == SAME {
                    word
                } else {
                    let at = stem.at as usize;
                    &self.stems[at..at + stem.len as usize]
                };
                return Some((text, stem.confix));
            }
        }
        if self.long.is_empty() {
            return None;
        }
        self.long
            .get(word)
            .map(|(stem, confix)| (stem.as_str(), *confix))
    }

    pub(super) fn insert(&mut self, word: &str, stem: &str, confix: bool) {
        if self.short.len() + self.long.len() >= LIMIT {
            self.clear();
        }
        let Some(key) = Inline::new(word) else {
            self.long.insert(word.into(), (stem.to_string(), confix));
            return;
        };
        let (at, len) = if stem == word {
            (SAME, 0)
        } else {
            let at = self.stems.len();
            self.stems.push_str(stem);
            (at as u32, stem.len() as u32)
        };
        self.short.insert(key, Stem { at, len, confix });
    }

    pub(super) fn clear(&mut self) {
        self.short.clear();
        self.stems.clear();
        self.long.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_short_and_long_words_and_their_stems() {
        let mut cache = StemCache::with_capacity(4);
        let long = "a".repeat(INLINE + 1);
        let cases = [
            ("pembangunan", "bangun", true),
            ("", "", false),
            ("kata", "kata", false),
            (&long[..INLINE], "panjang", false),
            (long.as_str(), "panjang sekali", true),
            ("pendek", long.as_str(), false),
            ("café", "café", false),
        ];
        for (word, stem, confix) in cases {
            assert_eq!(cache.get(word), None, "{word}");
            cache.insert(word, stem, confix);
        }
        for (word, stem, confix) in cases {
            assert_eq!(cache.get(word), Some((stem, confix)), "{word}");
        }
        assert_eq!(cache.get("pembangun"), None);
        assert_eq!(cache.get(&long[..INLINE - 1]), None);
        cache.clear();
        assert_eq!(cache.get("kata"), None);
    }

    #[test]
    fn starts_over_when_full() {
        let mut cache = StemCache::with_capacity(4);
        for i in 0..LIMIT {
            cache.insert(&format!("w{i}"), "s", false);
        }
        assert_eq!(cache.get("w0"), Some(("s", false)));
        cache.insert("baru", "baru", false);
        assert_eq!(cache.get("w0"), None);
        assert_eq!(cache.get("baru"), Some(("baru", false)));
    }
}
