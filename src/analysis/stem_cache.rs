//! The per-thread cache of stems the analyser keeps: word frequencies in news follow
//! Zipf's law, so a few thousand entries answer most lookups, and the stemmer's search
//! over affix splits is the costly part of analysis. This module owns only the
//! cache's layout; what a stem is, is `stem.rs`'s business.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::fxhash::FxHasher;

/// Bytes of a word held in place in a cache entry; longer words are kept apart.
const INLINE: usize = 23;

/// A word of at most `INLINE` bytes, zero-padded, its length in the last byte, as
/// three little-endian machine words: equal words are equal keys, compared without
/// `memcmp`.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
struct Key([u64; 3]);

impl Key {
    fn new(word: &str) -> Option<Key> {
        let bytes = word.as_bytes();
        if bytes.len() > INLINE {
            return None;
        }
        // Whole eight-byte pieces are loaded as they are and the last few bytes put
        // together in a register: a key written to memory byte by byte and read back
        // as words stalls the read.
        let mut key = [0u64; 3];
        let mut pieces = bytes.chunks_exact(8);
        for (k, piece) in key.iter_mut().zip(&mut pieces) {
            *k = u64::from_le_bytes(piece.try_into().expect("eight bytes"));
        }
        let mut tail = 0u64;
        for (i, &b) in pieces.remainder().iter().enumerate() {
            tail |= u64::from(b) << (8 * i);
        }
        key[bytes.len() / 8] |= tail;
        key[2] |= (bytes.len() as u64) << 56;
        Some(Key(key))
    }

    /// The slot a key starts probing from, in a table of `mask + 1` slots.
    fn home(&self, mask: usize) -> usize {
        let mut hasher = FxHasher::default();
        for word in self.0 {
            hasher.write_u64(word);
        }
        // The high bits mix best.
        (hasher.finish() >> 32) as usize & mask
    }
}

/// One entry: a short word and where its stem is. 32 bytes, aligned, so that a
/// lookup that finds its word at the first slot reads one cache line: the cache is
/// larger than a core's cache, and the line it waits for is most of a lookup's time.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    key: Key,
    /// The stem's offset in the cache's stem text, or [`SAME`].
    at: u32,
    /// The stem's length, the word's [`Marks`], and [`TAKEN`] when the slot holds a
    /// word.
    meta: u32,
}

/// `Slot::at` of a word that is its own stem (most words of a text).
const SAME: u32 = u32::MAX;
const LISTED_NAME: u32 = 1 << 29;
const CONFIX: u32 = 1 << 30;
const TAKEN: u32 = 1 << 31;
const LEN_MASK: u32 = LISTED_NAME - 1;

/// What the cache keeps of a word beside its stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(super) struct Marks {
    /// The stem came from a confix (ke-an, peN-an, meN-kan).
    pub confix: bool,
    /// The news writes the word as a name (`data/names.txt`).
    pub listed_name: bool,
}

impl Marks {
    fn bits(self) -> u32 {
        (if self.confix { CONFIX } else { 0 }) | if self.listed_name { LISTED_NAME } else { 0 }
    }

    fn of(meta: u32) -> Marks {
        Marks {
            confix: meta & CONFIX != 0,
            listed_name: meta & LISTED_NAME != 0,
        }
    }
}

type Fast<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Stems by word, with their marks.
pub(super) struct StemCache {
    /// Open addressing with linear probing over a power-of-two number of slots, at
    /// most three quarters of them taken.
    slots: Vec<Slot>,
    taken: usize,
    /// The stems of short words that differ from them, one after another.
    stems: String,
    long: Fast<Box<str>, (String, Marks)>,
}

/// Entries kept before the cache starts over (a few MB per thread).
const LIMIT: usize = 100_000;

impl StemCache {
    /// An empty cache with room for `capacity` words without growing.
    pub(super) fn with_capacity(capacity: usize) -> StemCache {
        let slots = (capacity * 4 / 3 + 1).next_power_of_two();
        StemCache {
            slots: vec![Slot::default(); slots],
            taken: 0,
            stems: String::new(),
            long: Fast::default(),
        }
    }

    pub(super) fn get<'a>(&'a self, word: &'a str) -> Option<(&'a str, Marks)> {
        let Some(key) = Key::new(word) else {
            if self.long.is_empty() {
                return None;
            }
            return self
                .long
                .get(word)
                .map(|(stem, marks)| (stem.as_str(), *marks));
        };
        let (at, found) = self.probe(&key);
        if !found {
            return None;
        }
        let slot = &self.slots[at];
        let text = if slot.at == SAME {
            word
        } else {
            let start = slot.at as usize;
            &self.stems[start..start + (slot.meta & LEN_MASK) as usize]
        };
        Some((text, Marks::of(slot.meta)))
    }

    /// Where `key` is, and true; or the free slot where it would go, and false.
    fn probe(&self, key: &Key) -> (usize, bool) {
        let mask = self.slots.len() - 1;
        let mut at = key.home(mask);
        loop {
            let slot = &self.slots[at];
            if slot.meta & TAKEN == 0 {
                return (at, false);
            }
            if slot.key == *key {
                return (at, true);
            }
            at = (at + 1) & mask;
        }
    }

    pub(super) fn insert(&mut self, word: &str, stem: &str, marks: Marks) {
        if self.taken + self.long.len() >= LIMIT {
            self.clear();
        }
        let Some(key) = Key::new(word) else {
            self.long.insert(word.into(), (stem.to_string(), marks));
            return;
        };
        let (at, len) = if stem == word {
            (SAME, 0)
        } else {
            let at = self.stems.len();
            match (u32::try_from(at), u32::try_from(stem.len())) {
                (Ok(at), Ok(len)) if at != SAME && len <= LEN_MASK => (at, len),
                // Past what a slot can point at: not cached, computed again.
                _ => return,
            }
        };
        if (self.taken + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let (slot, found) = self.probe(&key);
        if found {
            return;
        }
        if at != SAME {
            self.stems.push_str(stem);
        }
        let meta = TAKEN | len | marks.bits();
        self.slots[slot] = Slot { key, at, meta };
        self.taken += 1;
    }

    /// Twice the slots, every entry placed again.
    fn grow(&mut self) {
        let doubled = vec![Slot::default(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        for entry in old.into_iter().filter(|s| s.meta & TAKEN != 0) {
            let (slot, _) = self.probe(&entry.key);
            self.slots[slot] = entry;
        }
    }

    pub(super) fn clear(&mut self) {
        self.slots.fill(Slot::default());
        self.taken = 0;
        self.stems.clear();
        self.long.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(confix: bool, listed_name: bool) -> Marks {
        Marks {
            confix,
            listed_name,
        }
    }

    #[test]
    fn keeps_short_and_long_words_and_their_stems() {
        let mut cache = StemCache::with_capacity(4);
        let long = "a".repeat(INLINE + 1);
        let cases = [
            ("pembangunan", "bangun", marks(true, false)),
            ("", "", marks(false, false)),
            ("kata", "kata", marks(false, false)),
            ("pekalongan", "kalong", marks(true, true)),
            ("tarakan", "tarak", marks(false, true)),
            (&long[..INLINE], "panjang", marks(false, false)),
            (long.as_str(), "panjang sekali", marks(true, true)),
            ("pendek", long.as_str(), marks(false, false)),
            ("café", "café", marks(false, false)),
        ];
        for (word, stem, marks) in cases {
            assert_eq!(cache.get(word), None, "{word}");
            cache.insert(word, stem, marks);
        }
        for (word, stem, marks) in cases {
            assert_eq!(cache.get(word), Some((stem, marks)), "{word}");
        }
        assert_eq!(cache.get("pembangun"), None);
        assert_eq!(cache.get(&long[..INLINE - 1]), None);
        cache.clear();
        assert_eq!(cache.get("kata"), None);
    }

    #[test]
    fn agrees_with_a_map_while_growing() {
        // Words of every length around the inline limit, some sharing prefixes, some
        // their own stems: the table grows from 4 slots past 10,000 entries.
        let mut cache = StemCache::with_capacity(2);
        let mut reference = std::collections::HashMap::new();
        for i in 0..12_000u32 {
            let word = format!("{}{i}", "k".repeat(i as usize % 30));
            let stem = match i % 3 {
                0 => word.clone(),
                1 => format!("s{}", i / 7),
                _ => "x".repeat(i as usize % 40),
            };
            let marks = marks(i % 5 == 0, i % 7 < 2);
            cache.insert(&word, &stem, marks);
            reference.insert(word, (stem, marks));
        }
        for (word, (stem, marks)) in &reference {
            assert_eq!(cache.get(word), Some((stem.as_str(), *marks)), "{word}");
        }
        for i in 12_000..13_000u32 {
            assert_eq!(cache.get(&format!("k{i}")), None);
        }
    }

    #[test]
    fn starts_over_when_full() {
        let mut cache = StemCache::with_capacity(4);
        for i in 0..LIMIT {
            cache.insert(&format!("w{i}"), "s", Marks::default());
        }
        assert_eq!(cache.get("w0"), Some(("s", Marks::default())));
        cache.insert("baru", "baru", Marks::default());
        assert_eq!(cache.get("w0"), None);
        assert_eq!(cache.get("baru"), Some(("baru", Marks::default())));
    }
}
